# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The line formats inside list-style blocks (``virtual_ipaddress``, ``track_script``, ...).

Each entry is written either as a short string (``10.1.1.166``, ``chk_nfs``) or as a mapping
with the options spelled out; it is stored as the string when no option is set, so the
model keeps the operator's simple form and renders it back unchanged.
"""

from __future__ import absolute_import, division, print_function

from .values import PORT, Address, AddressRange, Choice, Flag, Int, Interface, Invalid, Kind


def _options(words, allowed, describe):
    """``['dev', 'eth0', 'label', 'eth0:1']`` to ``{'dev': 'eth0', 'label': 'eth0:1'}``."""
    if len(words) % 2:
        raise Invalid('LVS102', 'has an option without a value', 'write %s' % describe)
    result = {}
    for key, value in zip(words[::2], words[1::2]):
        if key not in allowed:
            raise Invalid('LVS101', 'has the unknown option %s' % key, 'use only %s' % ', '.join(allowed))
        result[key] = value
    return result


class _Entry(Kind):
    """An entry with a main value and optional named options, each a Kind."""

    main = None      # key of the main value in the mapping form
    main_kind = None
    options = ()     # (key, Kind) in render order
    keywords = {}    # an option's key -> keepalived's word for it, where they differ
    describe = ''

    def coerce(self, value):
        if isinstance(value, dict):
            data = dict(value)
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            return self._from_words(str(value).split())
        else:
            raise Invalid('LVS102', 'must be a string or a mapping', 'write %s' % self.describe)
        if self.main not in data:
            raise Invalid('LVS109', 'needs %s' % self.main, 'write %s' % self.describe)
        result = {self.main: self.main_kind.coerce(data.pop(self.main))}
        known = dict(self.options)
        for key, raw in data.items():
            if key not in known:
                raise Invalid('LVS101', 'has the unknown key %s' % key, 'use only %s' % ', '.join([self.main] + list(known)))
            value = known[key].coerce(raw) if raw is not None else None
            if value is not None and not (value is False and isinstance(known[key], Flag)):
                result[key] = value
        return result if len(result) > 1 else result[self.main]

    def _from_words(self, words):
        if not words:
            raise Invalid('LVS109', 'is empty', 'write %s' % self.describe)
        data = {self.main: words[0]}
        data.update(self.words_to_options(words[1:]))
        return self.coerce(data)

    def words_to_options(self, words):
        return _options(words, [key for key, _kind in self.options], self.describe)

    def to_args(self, value):
        if not isinstance(value, dict):
            return [value]
        args = [value[self.main]]
        for key, kind in self.options:
            if key in value:
                args.extend([self.keywords.get(key, key)] + kind.to_args(value[key]))
        return args

    def from_args(self, args):
        return self._from_words(list(args))


def address_of(entry):
    """An address entry's address alone: ``10.1.1.166/32 dev eth0`` (string or mapping form) to ``10.1.1.166``."""
    return (entry['address'] if isinstance(entry, dict) else entry).split('/')[0]


class _Broadcast(Address):
    """brd: an address (one of the other family is LVS225's to explain), or ``+``/``-`` (the prefix's last or first
    address, as ip-address(8) has it)."""

    def __init__(self):
        super(_Broadcast, self).__init__()
        self.describe = 'an IP address, + or -'

    def coerce(self, value):
        return value if value in ('+', '-') else super(_Broadcast, self).coerce(value)


class _Lifetime(Int):
    """preferred_lft: seconds, or forever."""

    def __init__(self):
        super(_Lifetime, self).__init__(0, 4294967295)
        self.describe = 'forever or %s' % self.describe

    def coerce(self, value):
        return value if value == 'forever' else super(_Lifetime, self).coerce(value)


class VirtualAddress(_Entry):
    """``10.1.1.166/32 dev eth0 label eth0:1 scope global brd 10.1.1.255 no_track``: every word keepalived reads
    after an address (vrrp_ipaddress.c alloc_ipaddress); a word standing alone is a flag, keyed without its dash."""

    main = 'address'
    main_kind = Address(prefix=True)
    options = (('brd', _Broadcast()), ('dev', Interface()),
               ('scope', Choice('global', 'site', 'link', 'host', 'nowhere')), ('label', Interface(label=True)),
               ('peer', Address()), ('preferred_lft', _Lifetime()),
               ('home', Flag()), ('nodad', Flag()), ('mngtmpaddr', Flag()), ('noprefixroute', Flag()),
               ('autojoin', Flag()), ('no_track', Flag()), ('use_vmac', Flag()))
    keywords = {'nodad': '-nodad'}
    aliases = {'broadcast': 'brd'}
    describe = 'ADDRESS[/PREFIX] with optional dev, label, scope, brd, peer, preferred_lft and flags such as no_track'

    def words_to_options(self, words):
        by_word = dict((self.keywords.get(key, key), (key, kind)) for key, kind in self.options)
        result = {}
        words = list(words)
        while words:
            word = words.pop(0)
            key, kind = by_word.get(self.aliases.get(word, word), (None, None))
            if key is None:
                raise Invalid('LVS101', 'has the unknown option %s' % word, 'use only %s' % ', '.join(sorted(by_word)))
            if key in result:
                raise Invalid('LVS111', 'has %s twice' % word, 'keep one %s' % word)
            if isinstance(kind, Flag):
                result[key] = True
            elif not words:
                raise Invalid('LVS102', 'has %s without a value' % word, 'write %s' % self.describe)
            else:
                result[key] = words.pop(0)
        return result


class Track(_Entry):
    """``chk_nfs weight -90 reverse`` in track_script / track_interface / track_file / track_process."""

    main = 'name'
    describe = 'NAME with an optional weight and reverse'

    def __init__(self, name_kind, low=-253, high=253):
        self.main_kind = name_kind
        self.options = (('weight', Int(low, high)), ('reverse', Flag()))

    def words_to_options(self, words):
        result = {}
        if words and words[-1] in ('reverse', 'noreverse'):
            result['reverse'] = words.pop() == 'reverse'
        result.update(_options(words, ['weight'], self.describe))
        return result


class PlainValue(Kind):
    """A plain value per line (unicast peers); ``per_word``: per word, however the words are spread over lines, as
    keepalived's read_value_block reads e-mail addresses and sync-group members."""

    def __init__(self, kind, per_word=False):
        self.kind = kind
        self.per_word = per_word
        self.describe = kind.describe

    def coerce(self, value):
        return self.kind.coerce(value)

    def from_args(self, args):
        if len(args) != 1:
            raise Invalid('LVS102', 'takes one value per line', 'write one %s per line' % self.describe)
        return args[0]


class GroupMember(Kind):
    """A virtual_server_group line (check_data.c alloc_vsg_entry): ``10.1.1.166 80``, an address without a port
    (``10.1.1.166``; port 0 is the same), a range or subnet (values.AddressRange) with or without a port, or
    ``fwmark 1`` with an optional family (``fwmark 1 inet6``)."""

    describe = '"ADDRESS [PORT]" (ADDRESS also a range or subnet) or "fwmark N [inet|inet6]"'
    FAMILIES = ('inet', 'inet6')

    def coerce(self, value):
        if isinstance(value, dict):
            if 'fwmark' in value and set(value) <= set(['fwmark', 'family']):
                member = {'fwmark': Int(1, 4294967295).coerce(value['fwmark'])}
                if value.get('family') is not None:
                    member['family'] = Choice(*self.FAMILIES).coerce(value['family'])
                return member
            if 'address' in value and set(value) <= set(['address', 'port']):
                member = {'address': AddressRange().coerce(value['address'])}
                port = value.get('port')
                if port is not None and str(port).strip('0 ') != '':  # keepalived reads port 0 as none
                    member['port'] = PORT.coerce(port)
                return member
        elif isinstance(value, str):
            return self.coerce(self._words(value.split()))
        raise Invalid('LVS102', 'is not a group member', 'write %s' % self.describe)

    def _words(self, words):
        if len(words) in (2, 3) and words[0] == 'fwmark':
            return dict(zip(('fwmark', 'family'), words[1:]))
        if len(words) in (1, 2):
            return dict(zip(('address', 'port'), words))
        raise Invalid('LVS102', 'is not a group member', 'write %s' % self.describe)

    def to_args(self, value):
        if 'fwmark' in value:
            return ['fwmark', str(value['fwmark'])] + ([value['family']] if 'family' in value else [])
        return [value['address']] + ([str(value['port'])] if 'port' in value else [])

    def from_args(self, args):
        return self._words(list(args))
