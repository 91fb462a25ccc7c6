# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed scalar values of keepalived.conf.

Each type turns operator input (YAML/JSON values) into one normalized Python value
(``coerce``), that value into the tokens of a keepalived.conf line (``to_args``), and the
tokens of a parsed line back into input form (``from_args``). Nothing reaches the rendered
file without passing ``coerce``: that is where directive injection is stopped.
"""

from __future__ import absolute_import, division, print_function

import difflib
import functools
import ipaddress
import math
import re

from .rules import make_issue


class Invalid(ValueError):
    """A value broke rule ``rule``; ``fix`` tells the operator what to write instead."""

    def __init__(self, rule, message, fix):
        super(Invalid, self).__init__(message)
        self.rule = rule
        self.message = message
        self.fix = fix


# Characters that end a token or start a comment/block in keepalived's parser (NUL ends its line).
_UNSAFE = re.compile(r'[\s\x00{}"\'!#\\]')
_UNSAFE_IN_QUOTES = re.compile(r'[\r\n\x00"{}\\]')
_NAME = re.compile(r'^[A-Za-z0-9_][A-Za-z0-9_.:@-]*$')
_IFNAME_BAD = re.compile(r'[\s/:{}"\'!#\\]')
_USER = re.compile(r'^[a-z_][a-z0-9_-]*[$]?(?::[a-z_][a-z0-9_-]*[$]?)?$')
_HEX_WORD = re.compile(r'^[0-9A-Fa-f]+$')
_HEX_OR_WILDCARD_WORD = re.compile(r'^[0-9A-Fa-fXx]+$')


def _text(value, what):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid('LVS102', 'must be %s, not %s' % (what, type(value).__name__), 'give %s' % what)
    return str(value)


def did_you_mean(word, known, otherwise, cutoff=0.6):
    """"did you mean X?" for the name in ``known`` closest to a mistyped ``word``; ``otherwise`` when none is close."""
    close = difflib.get_close_matches(str(word), sorted(known), n=1, cutoff=cutoff)
    return 'did you mean %s?' % close[0] if close else otherwise


def check_token(text):
    """Reject anything that could end the token, open a block or start a comment."""
    if not text:
        raise Invalid('LVS105', 'must not be empty', 'give a value')
    bad = _UNSAFE.search(text)
    if bad:
        raise Invalid('LVS105', 'contains %r, which would change the structure of keepalived.conf' % bad.group(),
                      'remove whitespace, NUL characters, braces, quotes, backslashes and the comment signs ! and #')
    return text


class Kind(object):
    """Base of all scalar types. ``describe`` says, in words, what a valid value looks like."""

    describe = 'a value'

    def coerce(self, value):
        raise NotImplementedError

    def coerced_or_none(self, value):
        """``coerce(value)``, or None for an invalid value: for readers that leave the finding to the model."""
        try:
            return self.coerce(value)
        except Invalid:
            return None

    def to_args(self, value):
        return [str(value)]

    def from_args(self, args):
        if len(args) != 1:
            raise Invalid('LVS102', 'takes exactly one value, found %d' % len(args), 'write one value: %s' % self.describe)
        return args[0]


class Int(Kind):
    def __init__(self, low=None, high=None):
        self.low = low
        self.high = high
        if low is not None and high is not None:
            self.describe = 'an integer from %d to %d' % (low, high)
        elif low is not None:
            self.describe = 'an integer of at least %d' % low
        else:
            self.describe = 'an integer'

    def coerce(self, value):
        if isinstance(value, bool):
            raise Invalid('LVS102', 'must be an integer, not a boolean', 'give %s' % self.describe)
        if isinstance(value, str) and re.match(r'^-?[0-9]+$', value.strip()):
            value = int(value)
        if not isinstance(value, int):
            raise Invalid('LVS102', 'must be an integer', 'give %s' % self.describe)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise Invalid('LVS103', 'is out of range', 'give %s' % self.describe)
        return value


class Decimal(Kind):
    """Seconds and similar: an int when whole (renders as ``1``), else a float rounded to ``places``."""

    def __init__(self, low, high, places=6):
        self.low = low
        self.high = high
        self.places = places
        self.describe = 'a number from %s to %s' % (low, high)

    def coerce(self, value):
        if isinstance(value, bool):
            raise Invalid('LVS102', 'must be a number, not a boolean', 'give %s' % self.describe)
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise Invalid('LVS102', 'must be a number', 'give %s' % self.describe)
        if not isinstance(value, (int, float)) or math.isnan(value):
            raise Invalid('LVS102', 'must be a number', 'give %s' % self.describe)
        if value < self.low or value > self.high:
            raise Invalid('LVS103', 'is out of range', 'give %s' % self.describe)
        value = round(float(value), self.places)
        return int(value) if value == int(value) else value

    def to_args(self, value):
        return ['%d' % value if isinstance(value, int) else ('%.*f' % (self.places, value)).rstrip('0')]


class Choice(Kind):
    """One of a fixed set, stored in keepalived's spelling. Operator input matches it in any case; a file is read as
    keepalived reads it: in its exact spelling (strcmp: ``lb_kind dr`` is no method there), except where keepalived
    compares without case (``any_case``: strcasecmp, e.g. a virtual server's protocol)."""

    def __init__(self, *choices, **options):
        self.choices = choices
        self.any_case = options.get('any_case', False)
        self._by_lower = dict((c.lower(), c) for c in choices)
        self.describe = 'one of %s' % ', '.join(choices)

    def from_args(self, args):
        value = super(Choice, self).from_args(args)
        if not self.any_case and value not in self.choices and value.lower() in self._by_lower:
            raise Invalid('LVS104', 'is not spelled as keepalived reads it: it compares the case, so it ignores %s' % value,
                          'write %s' % self._by_lower[value.lower()])
        return value

    def coerce(self, value):
        text = _text(value, self.describe)
        try:
            return self._by_lower[text.lower()]
        except KeyError:
            raise Invalid('LVS104', 'is not allowed', 'use %s' % self.describe)


# Ansible's boolean words (ansible.module_utils.parsing.convert_bool), so that an INI "false" is false.
_TRUE = frozenset(('y', 'yes', 'on', '1', 'true', 't'))
_FALSE = frozenset(('n', 'no', 'off', '0', 'false', 'f'))
BOOLEAN_WORDS = 'true/false, yes/no, on/off or 1/0'


def boolean(value):
    """True or False by Ansible's rules (never Python truthiness); Invalid for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return value == 1
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise Invalid('LVS102', 'must be a boolean, not %s' % describe_type(value), 'write %s' % BOOLEAN_WORDS)


def describe_type(value):
    """How a message names the type of a wrong value: "a list", "the text 'fast'", "the number 3"."""
    if value is None:
        return 'null (nothing)'
    if isinstance(value, bool):
        return 'the boolean %s' % str(value).lower()
    if isinstance(value, dict):
        return 'a mapping'
    if isinstance(value, (list, tuple)):
        return 'a list'
    if isinstance(value, (int, float)):
        return 'the number %r' % value
    if isinstance(value, str):
        return 'a text'
    return 'a %s' % type(value).__name__


# keepalived's own boolean words (lib/parser.c check_true_false): no 1/0, no capitals
KEEPALIVED_TRUE = ('true', 'on', 'yes')
KEEPALIVED_FALSE = ('false', 'off', 'no')


def keepalived_boolean(args):
    """The optional true/false word after a keyword, as keepalived reads it: none is true."""
    if not args:
        return True
    if len(args) == 1 and args[0] in KEEPALIVED_TRUE + KEEPALIVED_FALSE:
        return args[0] in KEEPALIVED_TRUE
    raise Invalid('LVS102', 'is not one of keepalived\'s words %s' % ', '.join(KEEPALIVED_TRUE + KEEPALIVED_FALSE),
                  'write true or false after the keyword, or nothing for true: keepalived ignores the line otherwise')


class Bool(Kind):
    """keepalived's <BOOL> argument (``smtp_alert true``); the keyword alone is true too."""

    describe = 'true or false'

    def coerce(self, value):
        return boolean(value)

    def to_args(self, value):
        return ['true' if value else 'false']

    def from_args(self, args):
        return keepalived_boolean(args)


class Override(Bool):
    """A true/false word after a keyword that alone means true, on a setting that is otherwise inherited (a real
    server's ``inhibit_on_failure`` and a BFD_CHECK's ``alpha`` start unset and take the virtual server's: check_data.c).
    True renders the keyword alone, false renders ``false``: it turns off what the virtual server turns on."""

    def to_args(self, value):
        return [] if value else ['false']


def _single_line(statement, field, data):
    """The checks of a keyword that takes words on one line and is given once (for kinds that read a statement)."""
    if statement.children is not None:
        raise Invalid('LVS113', 'takes no block', 'remove the braces after %s' % statement.keyword)
    if field.name in data:
        raise Invalid('LVS111', 'is given twice', 'keep one %s line' % statement.keyword)


class Flag(Bool):
    """A keyword that stands alone (``nopreempt``): true renders it alone, false leaves it out.

    keepalived sets most of them whatever follows on the line (vrrp_parser.c vrrp_nopreempt_handler ignores its
    words): so does the model, with a warning, since ``nopreempt false`` sets nopreempt. ``read_since``: the keepalived
    version from which it reads a true/false word instead (vrrp_strict: 2.3); a true word then means the same in both.
    """

    def __init__(self, read_since=None):
        self.read_since = read_since

    def to_args(self, value):
        return []

    def parse(self, statement, field, data, path, issues):
        _single_line(statement, field, data)
        data[field.name] = True
        ignored = ' '.join(statement.args)
        agreed = self.read_since and ignored in KEEPALIVED_TRUE  # one true word: set in every version
        if ignored and not agreed:
            issues.append(make_issue('LVS117', '%s.%s' % (path, statement.keyword) if path else statement.keyword, ignored,
                                     self._ignored(statement.keyword, ignored),
                                     'write %s alone, or remove the line to leave it unset' % statement.keyword,
                                     statement.source))

    def _ignored(self, keyword, words):
        """Why the words after ``keyword`` do not mean what they say."""
        if self.read_since:
            return ('keepalived before %s ignores the words after %s and sets it; %s reads %r instead and sets it only '
                    'for true, on or yes' % (self.read_since, keyword, self.read_since, words))
        return 'keepalived ignores the words after %s: the line sets it, whatever they say' % keyword


class Switch(Flag):
    """A setting keepalived turns on with one keyword and off with another (``nopreempt``/``preempt``,
    ``accept``/``no_accept``): the later line wins. The model keeps the setting: true renders ``on`` alone, and
    ``off`` is read as false, keepalived's default, so it is not rendered back."""

    def __init__(self, on, off, read_since=None):
        super(Switch, self).__init__(read_since)
        self.keywords = (on, off)

    def parse(self, statement, field, data, path, issues):
        on, off = self.keywords
        if statement.keyword == on:
            if data.get(field.name) is True:
                raise Invalid('LVS111', 'is given twice', 'keep one %s line' % on)
            data.pop(field.name, None)
            super(Switch, self).parse(statement, field, data, path, issues)
            return
        if statement.children is not None:
            raise Invalid('LVS113', 'takes no block', 'remove the braces after %s' % off)
        if statement.args:  # vrrp_parser.c: the handlers of preempt and no_accept read no words
            issues.append(make_issue('LVS117', '%s.%s' % (path, off) if path else off, ' '.join(statement.args),
                                     self._ignored(off, ' '.join(statement.args)), 'write %s alone' % off,
                                     statement.source))
        data[field.name] = False


class FlagOr(Flag):
    """A keyword alone, or followed by a value (``notify_deleted``, ``notify_deleted "/bin/script"``): true renders the
    keyword alone, anything else is a value of ``kind``."""

    parse = None  # its words are the value, not ignored ones

    def __init__(self, kind):
        super(FlagOr, self).__init__()
        self.kind = kind
        self.describe = 'true, or %s' % kind.describe

    def coerce(self, value):
        return value if isinstance(value, bool) else self.kind.coerce(value)

    def to_args(self, value):
        return [] if value is True else self.kind.to_args(value)

    def from_args(self, args):
        return self.kind.from_args(args) if args else True


class Word(Kind):
    """One token of free text: no whitespace, braces, quotes or comment signs."""

    def __init__(self, pattern=None, describe='a single word', rule='LVS105', max_bytes=None):
        self.pattern = re.compile(pattern) if pattern else None
        self.describe = describe
        self.rule = rule
        self.max_bytes = max_bytes

    def coerce(self, value):
        text = check_token(_text(value, self.describe))
        if self.pattern and not self.pattern.match(text):
            raise Invalid(self.rule, 'is not %s' % self.describe, 'give %s' % self.describe)
        if self.max_bytes and len(text.encode('utf-8')) > self.max_bytes:
            raise Invalid('LVS103', 'is longer than %d bytes' % self.max_bytes, 'shorten it to %d bytes' % self.max_bytes)
        return text


class Secret(Word):
    """A secret token; refuses the mask lvs.cluster prints in its place, so masked output cannot become input."""

    def __init__(self, describe, mask, max_bytes=None):
        super(Secret, self).__init__(describe=describe, max_bytes=max_bytes)
        self.mask = mask

    def coerce(self, value):
        text = super(Secret, self).coerce(value)
        if text == self.mask:
            raise Invalid('LVS115', 'is the placeholder lvs.cluster prints instead of a secret, not a password',
                          'put the real password here (e.g. from Ansible Vault); masked output cannot be used as input')
        return text


def Name(describe='a name of letters, digits and _ . : @ -', max_bytes=None):
    return Word(_NAME.pattern, describe, rule='LVS112', max_bytes=max_bytes)


class Interface(Kind):
    """A Linux interface name (at most 15 bytes) or, with ``label``, an address label like eth0:1."""

    def __init__(self, label=False):
        self.label = label
        self.describe = ('an address label such as eth0:1 (at most 15 bytes)' if label
                         else 'an interface name such as eth0 (at most 15 bytes, no / or :)')

    def coerce(self, value):
        text = _text(value, self.describe)
        bad = _IFNAME_BAD.search(text.replace(':', '') if self.label else text)
        if not text or len(text.encode('utf-8')) > 15 or text in ('.', '..') or bad:
            raise Invalid('LVS107', 'is not %s' % self.describe, 'give %s' % self.describe)
        return text


@functools.lru_cache(maxsize=65536)  # a fleet's configurations repeat the same few thousand addresses
def _normalized(text, with_prefix):
    """(normalized text, IP version) of an address, or of an address/prefix; ValueError when it is neither."""
    if with_prefix:
        iface = ipaddress.ip_interface(text)
        return '%s/%d' % (iface.ip, iface.network.prefixlen), iface.version
    ip = ipaddress.ip_address(text)
    return str(ip), ip.version


class Address(Kind):
    """An IP address, normalized (``2001:DB8::1`` -> ``2001:db8::1``); ``prefix`` also takes ``/len``."""

    def __init__(self, prefix=False, family=None):
        self.prefix = prefix
        self.family = family
        self.describe = 'an IP%s address%s' % ('v%d' % family if family else '', ' with an optional /prefix' if prefix else '')

    def coerce(self, value):
        text = _text(value, self.describe).strip()
        try:
            result, version = _normalized(text, self.prefix and '/' in text)
        except ValueError:
            raise Invalid('LVS106', 'is not %s' % self.describe, 'give %s, e.g. 10.1.1.166' % self.describe)
        if self.family and version != self.family:
            raise Invalid('LVS106', 'is not %s' % self.describe, 'give %s' % self.describe)
        return result


class Multicast(Address):
    """A multicast group of one family; an IPv6 one link-local (ff02::/16 and the like), which keepalived requires of
    an instance's mcast_dst_ip and warns about for vrrp_mcast_group6 (a warning fails keepalived -t too)."""

    def __init__(self, family=None):
        super(Multicast, self).__init__(family=family)
        self.describe = 'an IP%s multicast address%s' % ('v%d' % family if family else '', {
            4: ' (224.0.0.0/4)', 6: ', link-local (such as ff02::12)'}.get(family, ' (IPv6: link-local, such as ff02::12)'))

    def coerce(self, value):
        text = super(Multicast, self).coerce(value)
        address = ipaddress.ip_address(text)
        if not address.is_multicast or (address.version == 6 and address.packed[1] & 0x0f != 2):
            raise Invalid('LVS106', 'is not %s: keepalived skips it' % self.describe, 'give %s' % self.describe)
        return text


class AddressRange(Kind):
    """A virtual_server_group address, as check_data.c alloc_vsg_entry reads it: one address; a range of its last IPv4
    octet (``10.1.1.3-10``, the end in decimal) or last IPv6 group (``ae00::2-9``, in hex); a range to a whole end
    address (``10.1.1.3-10.1.2.9``); or a subnet (``10.1.1.0/24``, its host bits zero). IPVS gets a service for each
    address it covers: up to MAX_ADDRESSES. Normalized: addresses as Address does them, the end without leading zeros."""

    describe = ('an IP address, a range such as 10.1.1.3-10 (last octet), 2001:db8::2-1f (last group, in hex) or '
                '10.1.1.3-10.1.2.9, or a subnet such as 10.1.1.0/28')
    MAX_ADDRESSES = 65536  # as many as the longest range of an IPv6 group
    _END = {4: (re.compile(r'^[0-9]{1,3}$'), 10, 255, '%d'), 6: (re.compile(r'^[0-9A-Fa-f]{1,4}$'), 16, 0xffff, '%x')}

    def coerce(self, value):
        text = _text(value, self.describe).strip()
        if '/' in text:
            try:
                network = ipaddress.ip_network(text, strict=True)
            except ValueError:
                raise Invalid('LVS103', 'is not a subnet with its host bits zero and a prefix of at least 1: keepalived '
                              'skips it ("Address mask bits not empty", "Invalid netmask")', 'give %s' % self.describe)
            if network.prefixlen == 0:
                raise Invalid('LVS103', 'has the prefix 0: keepalived skips it ("Invalid netmask")', 'give %s' % self.describe)
            self._count(network.num_addresses)
            return '%s/%d' % (network.network_address.compressed, network.prefixlen)
        start, dash, end = text.partition('-')
        address = Address().coerce(start)
        if not dash:
            return address
        family = family_of(address)
        if ('.' if family == 4 else ':') in end:
            last = Address(family=family).coerce(end)
            if ipaddress.ip_address(last) < ipaddress.ip_address(address):
                raise Invalid('LVS103', 'is a range whose end is below its start: keepalived skips it ("Address range '
                              'end is less than address range start")', 'give %s' % self.describe)
            self._count(int(ipaddress.ip_address(last)) - int(ipaddress.ip_address(address)) + 1)
            return '%s-%s' % (address, last)
        pattern, base, highest, shown = self._END[family]
        first = last_part(address)
        if not pattern.match(end) or not first < int(end, base) <= highest:
            raise Invalid('LVS103', 'is a range that does not end above its start (%s) and at most at %s: keepalived skips it'
                          % (shown % first, shown % highest), 'give %s' % self.describe)
        return '%s-%s' % (address, shown % int(end, base))

    def _count(self, count):
        if count > self.MAX_ADDRESSES:
            raise Invalid('LVS103', 'covers %d addresses: keepalived would add an IPVS service for each' % count,
                          'give at most %d addresses per member, or use a fwmark virtual server' % self.MAX_ADDRESSES)


def last_part(address):
    """The last octet of an IPv4 address, the last 16-bit group of an IPv6 one: what a range counts."""
    return int(ipaddress.ip_address(address)) & (0xff if family_of(address) == 4 else 0xffff)


def addresses_in(text):
    """Every address an AddressRange value covers, in order: ``10.1.1.3-5`` is 10.1.1.3, 10.1.1.4, 10.1.1.5."""
    if '/' in text:
        network = ipaddress.ip_network(text)
        return [str(network.network_address + offset) for offset in range(network.num_addresses)]
    start, dash, end = text.partition('-')
    first = ipaddress.ip_address(start)
    if not dash:
        return [str(first)]
    if ('.' if first.version == 4 else ':') in end:
        count = int(ipaddress.ip_address(end)) - int(first) + 1
    else:
        count = int(end, 10 if first.version == 4 else 16) - last_part(start) + 1
    return [str(first + offset) for offset in range(count)]


def family_of(address):
    """4 or 6 for an address as stored by Address (with or without /prefix)."""
    return 6 if ':' in address.split('/')[0] else 4


class Granularity(Kind):
    """persistence_granularity: a netmask for IPv4 services, a prefix length for IPv6 ones (keepalived's pgr_handler)."""

    describe = 'an IPv4 netmask such as 255.255.255.0, or an IPv6 prefix length from 1 to 128'

    def coerce(self, value):
        if isinstance(value, bool):
            raise Invalid('LVS102', 'is not %s' % self.describe, 'give %s' % self.describe)
        text = _text(value, self.describe).strip() if not isinstance(value, int) else str(value)
        if text.isdigit():
            if not 1 <= int(text) <= 128:
                raise Invalid('LVS103', 'is out of range', 'give %s' % self.describe)
            return int(text)
        try:
            return str(ipaddress.IPv4Network('0.0.0.0/%s' % text).netmask)
        except ValueError:
            raise Invalid('LVS106', 'is not %s' % self.describe, 'give %s' % self.describe)


class Path(Kind):
    describe = 'an absolute path without whitespace or quotes'

    def coerce(self, value):
        text = check_token(_text(value, self.describe))
        if not text.startswith('/'):
            raise Invalid('LVS108', 'is not an absolute path', 'give %s' % self.describe)
        return text


class Command(Kind):
    """A script with arguments, rendered in double quotes; its program must be an absolute path.

    keepalived splits the first word of the line (a quoted one holds spaces) into the program and its arguments
    (notify.c set_script_params_array): ``misc_path /bin/check vs1`` runs /bin/check alone. What follows that word is
    ignored (vrrp_script's script, MISC_CHECK's misc_path: their ``user`` keyword sets the user) or, with ``run_as``,
    is the user and group to run it as (notify.c notify_script_init: the notify, quorum and fifo scripts). A command
    with its user is the mapping ``{command: ..., user: user[:group]}``.
    """

    def __init__(self, run_as=False):
        self.run_as = run_as
        self.describe = 'an absolute path to a program, optionally followed by arguments'
        if run_as:
            self.describe += '; or {command: ..., user: user[:group]} to run it as that user'

    def coerce(self, value):
        if self.run_as and isinstance(value, dict):
            unknown = sorted(set(value) - {'command', 'user'})
            if unknown or 'command' not in value:
                raise Invalid('LVS102', 'is a mapping with the keys %s' % ', '.join(sorted(value)),
                              'give {command: /path/to/script args, user: user[:group]}')
            command = self.coerce(value['command'])
            return {'command': command, 'user': UserSpec().coerce(value['user'])} if value.get('user') else command
        text = _text(value, self.describe)
        bad = _UNSAFE_IN_QUOTES.search(text)
        if bad:
            raise Invalid('LVS105', 'contains %r, which would end the quoted command in keepalived.conf' % bad.group(),
                          'remove newlines, double quotes, braces and backslashes; put complex logic in a script file')
        if not text.strip() or not text.split()[0].startswith('/'):
            raise Invalid('LVS108', 'does not start with an absolute path', 'give %s, e.g. /bin/pidof nfsd' % self.describe)
        return text.strip()

    def to_args(self, value):
        if isinstance(value, dict):
            return ['"%s"' % value['command']] + UserSpec().to_args(value['user'])
        return ['"%s"' % value]

    def from_args(self, args):
        if not args:
            raise Invalid('LVS102', 'needs a command', 'give %s' % self.describe)
        if self.run_as and len(args) > 1:
            return {'command': args[0], 'user': UserSpec().from_args(args[1:3])}
        return args[0]

    def parse(self, statement, field, data, path, issues):
        _single_line(statement, field, data)
        args = list(statement.args)
        kept = 3 if self.run_as else 1
        if len(args) > kept:
            ignored = ' '.join(args[kept:])
            if self.run_as:
                why = 'keepalived runs %r as user %s, group %s, and ignores %r' % (args[0], args[1], args[2], ignored)
                fix = 'remove %r, or quote the command with its arguments as one word before the user and group' % ignored
            else:
                why = 'keepalived runs %r and ignores %r (the user to run it as is the user keyword)' % (args[0], ignored)
                fix = 'remove %r, or quote the command with it as arguments: %s "%s"' % (
                    ignored, statement.keyword, ' '.join(args))
            issues.append(make_issue('LVS117', '%s.%s' % (path, statement.keyword) if path else statement.keyword,
                                     ignored, why, fix, statement.source))
        value = self.from_args(args[:kept])
        self.coerce(value)  # a bad value is reported by the caller, with its file:line
        data[field.name] = value


class UserSpec(Kind):
    """``user`` or ``user:group``, rendered as keepalived reads it: the group a word of its own (notify.c
    set_script_uid_gid; ``root:root`` as one word is a user that does not exist, and keepalived -t fails)."""

    describe = 'a user name, optionally with :group'

    def coerce(self, value):
        text = _text(value, self.describe).strip()
        if not _USER.match(text):
            raise Invalid('LVS102', 'is not %s' % self.describe, 'give %s, e.g. keepalived_script or root:root' % self.describe)
        return text

    def to_args(self, value):
        return value.split(':')

    def from_args(self, args):
        if len(args) == 2 and not args[1].startswith(':'):
            return '%s:%s' % tuple(args)
        return ''.join(args)


def Email():
    """keepalived takes any word as an address (global_parser.c email_handler and emailfrom_handler store it as
    written): ``root`` is delivered locally by the SMTP server."""
    return Word(describe='an e-mail address or a local user name such as root')


class Host(Kind):
    """smtp_server: an address or host name and an optional port."""

    describe = 'an IP address or host name, optionally followed by a port'
    _HOSTNAME = re.compile(r'^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$')

    def coerce(self, value):
        parts = _text(value, self.describe).split()
        if not 1 <= len(parts) <= 2:
            raise Invalid('LVS102', 'is not %s' % self.describe, 'give %s' % self.describe)
        host = parts[0]
        try:
            host = str(ipaddress.ip_address(host))
        except ValueError:
            if not self._HOSTNAME.match(host):
                raise Invalid('LVS106', 'is not %s' % self.describe, 'give %s' % self.describe)
        if len(parts) == 2:
            port = Int(1, 65535).coerce(parts[1])
            return '%s %d' % (host, port)
        return host

    def to_args(self, value):
        return value.split()

    def from_args(self, args):
        return ' '.join(args)


class StatusCodes(Kind):
    """HTTP status codes and ranges: ``200`` or ``[200, "300-399"]``, rendered space-separated."""

    describe = 'HTTP status codes or ranges such as 200 or 200-299'
    _ONE = re.compile(r'^([1-5][0-9][0-9])(?:-([1-5][0-9][0-9]))?$')

    def coerce(self, value):
        items = value if isinstance(value, list) else str(value).split() if isinstance(value, (str, int)) else None
        if not items or isinstance(value, bool):
            raise Invalid('LVS102', 'is not %s' % self.describe, 'give %s' % self.describe)
        result = []
        for item in items:
            text = str(item)
            match = self._ONE.match(text)
            if isinstance(item, bool) or not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
                raise Invalid('LVS102', '%r is not an HTTP status code or range' % (item,), 'give %s' % self.describe)
            result.append(int(text) if match.group(2) is None else text)
        return result

    def to_args(self, value):
        return [str(item) for item in value]

    def from_args(self, args):
        return [int(a) if a.isdigit() else a for a in args]


class HexBytes(Kind):
    """Octets as hex digits, spaces allowed, the way keepalived's read_hex_str reads them: each word two digits at a
    time, an odd last digit alone (``Ab12f 3`` is AB 12 0F 03). With ``wildcards``, an x is a nibble of any value."""

    # keepalived reads at most 1022 characters of a line (fgets into its 1024-byte MAXBUF) and the rest as a line of
    # its own; this leaves room for a checker's indentation and keyword
    MAX_CHARACTERS = 990

    def __init__(self, wildcards=False):
        self.word = _HEX_OR_WILDCARD_WORD if wildcards else _HEX_WORD
        self.describe = 'a text of hex digits%s, spaces allowed (e.g. "0a1b 2c")' % (
            ' or x for a nibble of any value' if wildcards else '')

    def coerce(self, value):
        if not isinstance(value, str):  # YAML reads 1234 as a number, and 0012 as the octal 10
            raise Invalid('LVS102', 'must be a text, not %s' % describe_type(value), 'give %s, quoted' % self.describe)
        words = value.split()
        if not words or not all(self.word.match(word) for word in words):
            raise Invalid('LVS102', 'is not %s' % self.describe, 'give %s' % self.describe)
        text = ' '.join(words)
        if len(text) > self.MAX_CHARACTERS:
            raise Invalid('LVS103', 'is %d characters long, more than a line of keepalived.conf holds' % len(text),
                          'give at most %d characters' % self.MAX_CHARACTERS)
        return text

    def to_args(self, value):
        return value.split()

    def from_args(self, args):
        return ' '.join(args)


class ReplyPattern(Flag):
    """UDP_CHECK's ``require_reply [HEX]``: true requires a reply; hex digits also require the reply to match them."""

    describe = 'true, or a text of hex digits the reply must match (x for a nibble of any value), spaces allowed'
    digits = HexBytes(wildcards=True)
    parse = None  # its words are the pattern, not ignored ones

    def coerce(self, value):
        return value if isinstance(value, bool) else self.digits.coerce(value)

    def to_args(self, value):
        return [] if value is True else self.digits.to_args(value)

    def from_args(self, args):
        return self.digits.from_args(args) if args else True


PORT = Int(1, 65535)
