# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""keepalived's blocks, one class each, with their keys in the order they are rendered.

The reference is keepalived.conf(5) for 2.2.x. Keys are keepalived's own keywords, except
where a block holds a list (``vrrp_instances``, ``real_servers``, ``checkers``, ``urls``)
or a name would clash (DNS_CHECK's ``type``/``name`` are ``query_type``/``query_name``).
"""

from __future__ import absolute_import, division, print_function

import re

from .entries import GroupMember, PlainValue, Track, VirtualAddress, address_of
from .issues import MASK
from .origins import TOP_LEVEL
from .schema import Block, Blocks, Entries, Field, Named, Sub, Typed
from .values import (PORT, Address, Bool, Choice, Command, Decimal, Email, Flag, FlagOr, HexBytes, Host, Int, Interface,
                     Invalid, Kind, Multicast, Name, Override, Granularity, Path, ReplyPattern, Secret, StatusCodes, Switch, UserSpec, Word,
                     family_of)

SECONDS = Decimal(0, 86400)
# a timer keepalived refuses at 0 (check_parser.c: read_timer with a minimum of 1 us)
POSITIVE_SECONDS = Decimal(0.000001, 86400)
COUNT = Int(0, 2147483647)
NOTIFY = ('notify_master', 'notify_backup', 'notify_fault', 'notify_stop', 'notify')
SCHEDULERS = ('rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos')
METHODS = ('NAT', 'DR', 'TUN')
# keepalived's defaults where a key is not given (keepalived.conf(5))
DEFAULT_METHOD = 'NAT'
DEFAULT_PRIORITY = 100
OWNER_PRIORITY = 255  # keepalived's priority of a state MASTER instance that sets none (LVS207)
DEFAULT_WEIGHT = 1  # a real server's
PRIORITY = Int(1, 255)  # 255: the address owner
DEFAULT_ADVERT_INT = 1
DEFAULT_VRRP_VERSION = 2
DEFAULT_MAX_REPLY_LENGTH = 255  # UDP_CHECK's
DEFAULT_BFD_TTL = {4: 255, 6: 64}  # a bfd_instance's ttl (IPv4) or hoplimit (IPv6), by its neighbor's family
BFD_NAME = Name(max_bytes=31)  # bfd.h: BFD_INAME_MAX 32, with the terminating NUL
# keepalived's timers in microseconds in an unsigned int (read_decimal_unsigned_strvec up to UINT_MAX)
MICROSECOND_TIMER = 4294.967295
LVS_MAX_TIMEOUT = 86400 * 31  # ipvs.h: 31 days, in seconds


def _notify_fields(names):
    return [Field(name, Command(run_as=True)) for name in names]


def _garp_fields(prefix):
    """Gratuitous ARP timing: global defaults (prefix vrrp_) and per-instance settings (no prefix)."""
    return [Field(prefix + 'garp_master_delay', Int(0, 3600)), Field(prefix + 'garp_master_repeat', Int(1, 255)),
            Field(prefix + 'garp_master_refresh', Int(0, 86400)), Field(prefix + 'garp_master_refresh_repeat', Int(1, 255)),
            Field(prefix + 'garp_lower_prio_delay', Int(0, 3600)), Field(prefix + 'garp_lower_prio_repeat', Int(0, 255))]


def _process_fields(process):
    """How the vrrp, checker and bfd processes run (global_parser.c): nice value, realtime priority (SCHED_RR's range
    on Linux; keepalived clamps a value outside it, with an error) and memory locked against swapping."""
    return [Field(process + '_priority', Int(-20, 19)), Field(process + '_rt_priority', Int(1, 99)),
            Field(process + '_no_swap', Flag())]


def _fifo_fields(prefix):
    """A notify FIFO and the script keepalived starts to read it: for every event (no prefix), VRRP's or LVS's."""
    return [Field(prefix + 'notify_fifo', Fifo()), Field(prefix + 'notify_fifo_script', Command(run_as=True))]


def default_priority(state):
    """The priority keepalived gives an instance that sets none: the address owner's with state MASTER."""
    return OWNER_PRIORITY if state == 'MASTER' else DEFAULT_PRIORITY


class LvsSyncDaemon(Kind):
    """``lvs_sync_daemon eth0 VI_1 id 51``: given as {interface, vrrp_instance, sync_id}."""

    describe = 'a mapping with interface, vrrp_instance and an optional sync_id'

    def coerce(self, value):
        if not isinstance(value, dict) or not set(value) <= set(['interface', 'vrrp_instance', 'sync_id']) or \
                'interface' not in value or 'vrrp_instance' not in value:
            raise Invalid('LVS102', 'is not %s' % self.describe, 'give %s' % self.describe)
        result = {'interface': Interface().coerce(value['interface']), 'vrrp_instance': Name().coerce(value['vrrp_instance'])}
        if value.get('sync_id') is not None:
            result['sync_id'] = Int(0, 255).coerce(value['sync_id'])
        return result

    def to_args(self, value):
        args = [value['interface'], value['vrrp_instance']]
        return args + (['id', str(value['sync_id'])] if 'sync_id' in value else [])

    def from_args(self, args):
        args = [arg for arg in args if arg != 'inst']
        result = {'interface': args[0] if args else None, 'vrrp_instance': args[1] if len(args) > 1 else None}
        if len(args) == 4 and args[2] == 'id':
            result['sync_id'] = args[3]
        elif len(args) != 2:
            raise Invalid('LVS102', 'is not INTERFACE VRRP_INSTANCE [id SYNC_ID]', 'write lvs_sync_daemon eth0 VI_1 id 51')
        return result


class Fifo(Kind):
    """``notify_fifo /run/keepalived.fifo [USER[:GROUP]]``: the FIFO's path and who owns it (not given: script_user)."""

    describe = 'an absolute path, optionally followed by the user[:group] owning the FIFO'

    def coerce(self, value):
        words = value.split() if isinstance(value, str) else None
        if not words or len(words) > 2:
            raise Invalid('LVS102', 'is not %s' % self.describe, 'give %s, e.g. /run/keepalived.fifo root' % self.describe)
        return ' '.join([Path().coerce(words[0])] + [UserSpec().coerce(word) for word in words[1:]])

    def to_args(self, value):
        words = value.split()
        return words[:1] + (UserSpec().to_args(words[1]) if len(words) > 1 else [])

    def from_args(self, args):
        return ' '.join(args[:1] + ([UserSpec().from_args(args[1:])] if len(args) > 1 else []))


class LvsTimeouts(Kind):
    """``lvs_timeouts tcp 7200 tcpfin 120 udp 300``: given as a mapping of tcp, tcpfin and udp, in seconds (0: the
    kernel's default); keepalived ignores a bad one, with an error."""

    describe = 'a mapping of one or more of tcp, tcpfin and udp to seconds from 0 to %d' % LVS_MAX_TIMEOUT
    ORDER = ('tcp', 'tcpfin', 'udp')

    def coerce(self, value):
        if not isinstance(value, dict) or not value or not set(value) <= set(self.ORDER):
            raise Invalid('LVS102', 'is not %s' % self.describe, 'give %s' % self.describe)
        return dict((key, Int(0, LVS_MAX_TIMEOUT).coerce(seconds)) for key, seconds in value.items())

    def to_args(self, value):
        return [word for key in self.ORDER if key in value for word in (key, str(value[key]))]

    def from_args(self, args):
        if not args or len(args) % 2:
            raise Invalid('LVS102', 'is not tcp/tcpfin/udp SECONDS pairs', 'write lvs_timeouts tcp 7200 tcpfin 120 udp 300')
        return dict(zip(args[::2], args[1::2]))


class GlobalDefs(Block):
    keyword = 'global_defs'
    grammar = ('global_defs',)
    fields = tuple([
        Field('router_id', Word(describe='a router id without spaces')),
        Field('notification_email', Entries(PlainValue(Email(), per_word=True))),
        Field('notification_email_from', Email()),
        Field('smtp_server', Host()),
        Field('smtp_helo_name', Word()),
        Field('smtp_connect_timeout', Int(1, 3600)),
        Field('enable_script_security', Flag()),
        Field('script_user', UserSpec()),
        Field('vrrp_version', Int(2, 3)),
        Field('vrrp_strict', Flag(read_since='2.3')),  # 2.2 ignores a word after it, 2.3 reads true/false
    ] + _garp_fields('vrrp_') + [
        Field('vrrp_garp_interval', Decimal(0.000001, MICROSECOND_TIMER)),
        Field('vrrp_gna_interval', Decimal(0.000001, MICROSECOND_TIMER)),  # unsolicited neighbour adverts, like garp
        Field('vrrp_min_garp', Bool()),  # one gratuitous ARP, no repeats or refresh: of the garp defaults not set here
        Field('vrrp_startup_delay', Decimal(0.001, MICROSECOND_TIMER)),
        # the instances' defaults of the keywords of the same name without vrrp_
        Field('vrrp_skip_check_adv_addr', Flag(read_since='2.3')),  # like vrrp_strict
        Field('vrrp_check_unicast_src', Flag()),
        Field('vrrp_lower_prio_no_advert', Bool()),
        Field('vrrp_higher_prio_send_advert', Bool()),
        Field('vrrp_mcast_group4', Multicast(4)),  # not given: 224.0.0.18
        Field('vrrp_mcast_group6', Multicast(6)),  # not given: ff02::12
        Field('dynamic_interfaces', FlagOr(Choice('allow_if_changes'))),
        # e-mail alerts: smtp_alert for both processes, unless the process' own says otherwise
        Field('smtp_alert', Bool()),
        Field('smtp_alert_vrrp', Bool()),
        Field('smtp_alert_checker', Bool()),
        Field('no_email_faults', Flag()),
    ] + _fifo_fields('') + _fifo_fields('vrrp_') + _fifo_fields('lvs_') + [
        Field('lvs_sync_daemon', LvsSyncDaemon()),
        Field('lvs_timeouts', LvsTimeouts()),
        Field('lvs_flush', Flag()),  # the whole IPVS table, at start
        # VS: keepalived's own virtual servers only; lvs_flush_onstop is the spelling keepalived deprecated after 2.1.5
        Field('lvs_flush_on_stop', FlagOr(Choice('VS')), aliases=('lvs_flush_onstop',)),
        Field('max_auto_priority', Int(-1, 99)),
    ] + _process_fields('vrrp') + _process_fields('checker') + _process_fields('bfd'))


class VrrpScript(Block):
    keyword = 'vrrp_script'
    grammar = ('vrrp_script',)
    fields = (
        Field('script', Command(), required=True),
        # whole seconds: keepalived 2.2.7 ignores '2.5' ("invalid number") and keeps its default
        Field('interval', Int(1, 4294)),
        Field('timeout', Int(1, 4294)),
        Field('weight', Int(-253, 253), trailing='reverse'),
        Field('reverse', Flag(), inline=True),
        Field('rise', Int(1, 2147483647)),
        Field('fall', Int(1, 2147483647)),
        Field('user', UserSpec()),
        Field('init_fail', Flag()),
    )


class TrackFile(Block):
    keyword = 'track_file'
    grammar = ('track_file', 'vrrp_track_file')
    fields = (
        Field('file', Path(), required=True),
        Field('weight', Int(-254, 254), trailing='reverse'),
        Field('reverse', Flag(), inline=True),
        Field('init_file', Int(-254, 254)),  # keepalived 2.2.7: "outside sensible range [-254, 254]"
    )


class TrackProcess(Block):
    keyword = 'vrrp_track_process'
    grammar = ('vrrp_track_process',)
    fields = (
        Field('process', Word(), required=True),
        Field('weight', Int(-254, 254), trailing='reverse'),
        Field('reverse', Flag(), inline=True),
        # keepalived 2.2.7's ranges (vrrp_parser.c)
        Field('quorum', Int(1, 65535)),
        Field('quorum_max', Int(0, 65535)),
        Field('delay', Decimal(0.000001, 3600)),
        Field('full_command', Flag()),
    )


class Authentication(Block):
    keyword = 'authentication'
    grammar = ('vrrp_instance authentication',)
    fields = (
        Field('auth_type', Choice('PASS', 'AH'), required=True),
        Field('auth_pass', Secret('a password without spaces', MASK), required=True, secret=True),
    )


class Vmac(Kind):
    """What follows ``use_vmac``: the macvlan interface's name (not given: vrrp.VRID), its MAC address (not given:
    the RFC 5798 one), or both, in either order (vrrp_parser.c vrrp_vmac_handler: a word with : is the address)."""

    describe = 'an interface name such as vrrp.51, a unicast MAC address, or both'
    # five octets (the sixth is then the VRID), or six
    _MAC = re.compile(r'^[0-9A-Fa-f]{1,2}(:[0-9A-Fa-f]{1,2}){4}(:|:[0-9A-Fa-f]{1,2})?$')
    _RFC5798 = [0x00, 0x00, 0x5e, 0x00]  # then 01 (IPv4) or 02 (IPv6), and the VRID

    def coerce(self, value):
        words = value.split() if isinstance(value, str) else None
        if not words or len(words) > 2 or len([word for word in words if ':' in word]) > 1 or \
                len([word for word in words if ':' not in word]) > 1:
            raise Invalid('LVS102', 'is not %s' % self.describe, 'give %s' % self.describe)
        for word in words:
            if ':' not in word:
                Interface().coerce(word)
                continue
            octets = [int(octet, 16) for octet in word.split(':') if octet] if self._MAC.match(word) else []
            if not octets or octets[0] & 1 or (octets[:4] == self._RFC5798 and octets[4] in (1, 2)):
                raise Invalid('LVS102', 'has %s, which is not a unicast MAC address other than RFC 5798\'s: keepalived '
                              'ignores it' % word, 'give %s' % self.describe)
        return ' '.join(words)

    def to_args(self, value):
        return value.split()

    def from_args(self, args):
        return ' '.join(args)


class VrrpInstance(Block):
    keyword = 'vrrp_instance'
    grammar = ('vrrp_instance',)
    fields = tuple([
        Field('state', Choice('MASTER', 'BACKUP')),
        Field('interface', Interface(), required=True),
        # a macvlan interface on it, with the virtual router's MAC address; xmit_base: adverts leave by the interface
        Field('use_vmac', FlagOr(Vmac())),
        Field('vmac_xmit_base', Flag()),
        Field('dont_track_primary', Flag()),
        Field('track_interface', Entries(Track(Interface()))),
        Field('track_script', Entries(Track(Name()))),
        Field('track_file', Entries(Track(Name(), -254, 254))),
        Field('track_process', Entries(Track(Name(), -254, 254))),
        # bfd_instances whose events go to the VRRP process (vrrp_track.c: weights from -253 to 253)
        Field('track_bfd', Entries(Track(BFD_NAME))),
        Field('native_ipv6', Flag()),  # an IPv6 instance even before its first address says so
        Field('mcast_src_ip', Address()),
        Field('mcast_dst_ip', Multicast()),  # not given: global_defs' vrrp_mcast_group4/6
        Field('unicast_src_ip', Address()),
        Field('unicast_peer', Entries(PlainValue(Address()))),
        Field('unicast_ttl', Int(0, 255)),  # of the adverts sent; keepalived resets it, with an error, without a peer
        Field('check_unicast_src', Flag()),  # adverts from an address not among unicast_peer are dropped
        Field('unicast_fault_no_peer', Flag()),  # FAULT without a unicast_peer, instead of falling back to multicast
        Field('virtual_router_id', Int(1, 255), required=True),
        Field('priority', PRIORITY),
        Field('advert_int', Decimal(0.01, 255)),
        Field('version', Int(2, 3)),
        # preempt (keepalived's default) turns an earlier nopreempt off: read as nopreempt false, not rendered
        Field('nopreempt', Switch('nopreempt', 'preempt')),
        Field('preempt_delay', Int(0, 1000)),
        Field('accept', Switch('accept', 'no_accept')),  # likewise no_accept
        # a master answers an advert of a lower priority with its own unless lower_prio_no_advert, and sends one more
        # before it steps down for a higher priority with higher_prio_send_advert
        Field('higher_prio_send_advert', Bool()),
        Field('lower_prio_no_advert', Bool()),
        # keepalived 2.2.7 and 2.3.4 set it for true and for false alike (vrrp_skip_check_adv_addr_handler)
        Field('skip_check_adv_addr', Flag()),
        Field('strict_mode', Bool()),  # vrrp_strict for this instance alone
        Field('promote_secondaries', Flag()),  # sets the interface's promote_secondaries sysctl
        Field('debug', Int(0, 4)),
    ] + _garp_fields('') + [
        Field('authentication', Sub(Authentication)),
        Field('virtual_ipaddress', Entries(VirtualAddress())),
        Field('virtual_ipaddress_excluded', Entries(VirtualAddress())),
        Field('smtp_alert', Bool()),
    ] + _notify_fields(NOTIFY) + [
        # an instance a reload removes is notified DELETED instead of FAULT, and the script given here runs too
        Field('notify_deleted', FlagOr(Command(run_as=True))),
    ])

    @property
    def vips(self):
        """The addresses of virtual_ipaddress, without prefix or options, in their order."""
        return [address_of(entry) for entry in self.virtual_ipaddress or []]

    @property
    def family(self):
        """4 or 6: the family keepalived runs the instance in, from its first address (LVS204 keeps them to one)."""
        addresses = self.vips + [self.unicast_src_ip, self.mcast_src_ip] + list(self.unicast_peer or [])
        for address in addresses:
            if address:
                return family_of(address)
        return 4

    def vrrp_version(self, global_defs):
        """The VRRP version keepalived runs the instance with: its own version; else 3 for an IPv6 instance, whatever
        ``global_defs`` says (keepalived deduces it: VRRPv2 is IPv4 only); else global_defs' vrrp_version."""
        if self.version is not None:
            return self.version
        if self.family == 6:
            return 3
        return (global_defs and global_defs.vrrp_version) or DEFAULT_VRRP_VERSION

    @property
    def advert_interval(self):
        return self.advert_int if self.advert_int is not None else DEFAULT_ADVERT_INT

    @property
    def effective_priority(self):
        return self.priority if self.priority is not None else default_priority(self.state)


class BfdInstance(Block):
    """A BFD session (RFC 5880) with a neighbor, run by keepalived's BFD process for its VRRP and checker processes."""

    keyword = 'bfd_instance'
    grammar = ('bfd_instance',)
    fields = (
        # keepalived's other spelling neighbour_ip is read as neighbor_ip (LVS110: one spelling is written)
        Field('neighbor_ip', Address(), required=True, aliases=('neighbour_ip',)),
        Field('source_ip', Address()),
        # milliseconds, to the microsecond; keepalived only logs a value above 10000 as not sensible
        Field('min_rx', Decimal(1, 4294967, places=3)),
        Field('min_tx', Decimal(1, 4294967, places=3)),
        Field('idle_tx', Decimal(1000, 4294967, places=3)),  # at least a second, unlike min_tx
        Field('multiplier', Int(1, 255)),
        Field('passive', Flag()),
        # one setting in keepalived, whose later line wins (LVS239 refuses both); not given: DEFAULT_BFD_TTL
        Field('ttl', Int(1, 255)),
        Field('hoplimit', Int(1, 255)),
        Field('max_hops', Int(-1, 255)),  # keepalived keeps it in 8 bits: -1 is 255, which turns the hop check off
        # events to the VRRP process only, or to the checker process only; neither: to both
        Field('vrrp', Flag()),
        Field('checker', Flag()),
    )


class SyncGroup(Block):
    keyword = 'vrrp_sync_group'
    grammar = ('vrrp_sync_group',)
    fields = tuple([
        Field('group', Entries(PlainValue(Name(), per_word=True), once=True), required=True),
        Field('smtp_alert', Bool()),
    ] + _notify_fields(NOTIFY))


# ---- IPVS: virtual servers, real servers and their health checkers ------------------------

_CONNECTION = (
    Field('connect_ip', Address()),
    Field('connect_port', PORT),
    Field('bindto', Address()),
    Field('bind_port', PORT),
    Field('bind_if', Interface()),  # for a link-local IPv6 bindto
    Field('connect_timeout', POSITIVE_SECONDS),
    Field('fwmark', Int(0, 4294967295)),  # of the checker's packets (SO_MARK)
)
# every checker but FILE_CHECK and BFD_CHECK (check_api.c install_checker_common_keywords); what a checker leaves
# out, the real server's, else the virtual server's, gives (_checker_defaults)
_RETRY = (
    Field('retry', COUNT, aliases=('nb_get_retry',)),
    Field('delay_before_retry', SECONDS),
    Field('warmup', SECONDS),
    Field('delay_loop', POSITIVE_SECONDS),
    Field('alpha', Bool()),  # starts failed, until it succeeds: false overrides the real server's alpha
    Field('log_all_failures', Bool()),
)


def _checker_defaults():
    """What a virtual server or a real server gives the checkers under it that do not set their own (and delay_loop,
    which each lists where it reads best). A retry of 0 is refused here, unlike in a checker (check_parser.c)."""
    return (Field('retry', Int(1, 4294967295)), Field('delay_before_retry', SECONDS), Field('warmup', SECONDS),
            Field('connect_timeout', POSITIVE_SECONDS))


class HttpProtocol(Choice):
    """HTTP_GET's http_protocol: 1.0, 1.1, or 1.0C (1.0 with Connection: close); YAML's 1.1 is a number."""

    def __init__(self):
        super(HttpProtocol, self).__init__('1.0', '1.1', '1.0C')

    def coerce(self, value):
        return super(HttpProtocol, self).coerce('%.1f' % value if isinstance(value, float) else value)


class Url(Block):
    keyword = 'url'
    grammar = ('virtual_server real_server HTTP_GET url', 'virtual_server real_server SSL_GET url')
    # regex stays passthrough: keepalived reads it quoted and escaped (alloc_strvec_quoted_escaped), which a word of
    # the model cannot hold, and with it its regex_options, regex_min_offset, regex_max_offset and regex_stack
    fields = (
        Field('path', Word(r'^/', 'an absolute URL path such as /health'), required=True),
        Field('digest', Word(r'^[0-9a-fA-F]{32}$', 'an MD5 digest of 32 hex digits', rule='LVS102')),
        Field('status_code', StatusCodes()),
        Field('virtualhost', Word()),
        Field('regex_no_match', Flag()),  # the regex must not match
    )


class TcpCheck(Block):
    keyword = 'TCP_CHECK'
    grammar = ('virtual_server real_server TCP_CHECK',)
    fields = _CONNECTION + _RETRY


class PingCheck(Block):
    keyword = 'PING_CHECK'
    grammar = ('virtual_server real_server PING_CHECK',)
    fields = _CONNECTION + _RETRY


_HTTP = (
    Field('virtualhost', Word()),
    Field('http_protocol', HttpProtocol()),  # not given: 1.0
    Field('enable_sni', Bool()),  # SSL_GET's server name indication, from virtualhost (keepalived takes it in HTTP_GET too)
    # in alpha mode and after a failure, the URLs are checked without a delay_loop between them
    Field('fast_recovery', Bool()),
)


class HttpGet(Block):
    keyword = 'HTTP_GET'
    grammar = ('virtual_server real_server HTTP_GET',)
    fields = _CONNECTION + _RETRY + _HTTP + (Field('urls', Blocks(Url), keyword='url'),)


class SslGet(HttpGet):
    keyword = 'SSL_GET'
    grammar = ('virtual_server real_server SSL_GET',)
    # keepalived 2.2.8: a close_notify alert ends the TLS session (not given: it ends without one, as before)
    fields = _CONNECTION + _RETRY + _HTTP + (Field('tls_compliant', Bool()), Field('urls', Blocks(Url), keyword='url'))


class SmtpHost(Block):
    """One more server SMTP_CHECK checks, each ``host { ... }`` (check_smtp.c): connect_ip not given is the real
    server's."""

    keyword = 'host'
    grammar = ('virtual_server real_server SMTP_CHECK host',)
    fields = _CONNECTION + _RETRY


class SmtpCheck(Block):
    keyword = 'SMTP_CHECK'
    grammar = ('virtual_server real_server SMTP_CHECK',)
    fields = _CONNECTION + _RETRY + (Field('helo_name', Word()), Field('hosts', Blocks(SmtpHost), keyword='host'))


class DnsCheck(Block):
    keyword = 'DNS_CHECK'
    grammar = ('virtual_server real_server DNS_CHECK',)
    fields = _CONNECTION + _RETRY + (
        Field('query_type', Choice('A', 'NS', 'CNAME', 'SOA', 'MX', 'TXT', 'AAAA', any_case=True), keyword='type'),
        Field('query_name', Word(describe='a domain name'), keyword='name'),
    )


class UdpCheck(Block):
    """A datagram to the real server. Without require_reply only an ICMP error (port, host or network unreachable)
    fails it: no answer within connect_timeout is a success."""

    keyword = 'UDP_CHECK'
    grammar = ('virtual_server real_server UDP_CHECK',)
    fields = _CONNECTION + _RETRY + (
        Field('payload', HexBytes()),  # not given: random octets
        Field('require_reply', ReplyPattern()),
        # keepalived 2.2.7 compares a reply's length only with a require_reply pattern (LVS238), and the pattern up to
        # the shorter of the two only: a reply shorter than the pattern passes when it matches as far as it goes
        Field('min_reply_length', Int(0, 65535)),
        Field('max_reply_length', Int(0, 65535)),  # not given: 255, so a longer reply fails
    )


class MiscCheck(Block):
    keyword = 'MISC_CHECK'
    grammar = ('virtual_server real_server MISC_CHECK',)
    fields = _RETRY + (  # keepalived reads the connection keywords here too, and a script has no use for them
        Field('misc_path', Command(), required=True),
        Field('misc_timeout', Int(1, 86400)),
        Field('misc_dynamic', Flag()),
        Field('user', UserSpec()),
    )


class FileCheck(Block):
    """A real server's weight from a track_file: its number times the weight is added (a sum at or below
    -2147483648 takes the real server down). Changes apply at once, without a reload (keepalived watches the file)."""

    keyword = 'FILE_CHECK'
    grammar = ('virtual_server real_server FILE_CHECK',)
    fields = (
        Field('track_file', Name(), required=True),
        # keepalived's range for a checker (ip_vs.h IPVS_WEIGHT_LIMIT); not given: the track_file block's weight
        Field('weight', Int(-2147483647, 2147483647), trailing='reverse'),
        Field('reverse', Flag(), inline=True),
    )


class BfdCheck(Block):
    """A real server up while a bfd_instance's session is up."""

    keyword = 'BFD_CHECK'
    grammar = ('virtual_server real_server BFD_CHECK',)
    fields = (
        Field('name', BFD_NAME, required=True),  # of a bfd_instance that sends its events to the checker process
        Field('alpha', Override()),  # the real server starts down, until the session is up
    )


CHECKERS = (TcpCheck, HttpGet, SslGet, MiscCheck, DnsCheck, SmtpCheck, PingCheck, FileCheck, UdpCheck, BfdCheck)


def endpoint(address, port):
    """How errors name a server: ``10.1.1.163:80``, ``[2001:db8::1]:80``."""
    address = str(address)
    shown = '[%s]' % address if ':' in address else address
    return shown if port is None else '%s:%s' % (shown, port)


class RealServer(Block):
    keyword = 'real_server'
    grammar = ('virtual_server real_server',)
    header_fields = ('address', 'port')
    fields = (
        Field('address', Address(), required=True),
        Field('port', PORT),
        Field('weight', COUNT),
        Field('lvs_method', Choice(*METHODS)),  # not given: the virtual server's (a mix of NAT and TUN, say)
        # connections at which IPVS stops sending it new ones (uthreshold), and below which it starts again (0: no limit)
        Field('uthreshold', Int(0, 4294967295)),
        Field('lthreshold', Int(0, 4294967295)),
        Field('inhibit_on_failure', Override()),  # unlike a virtual server's, it reads a true/false word
        Field('alpha', Bool()),
        Field('smtp_alert', Bool()),
        Field('notify_up', Command(run_as=True)),
        Field('notify_down', Command(run_as=True)),
        Field('delay_loop', POSITIVE_SECONDS),
    ) + _checker_defaults() + (Field('checkers', Typed(*CHECKERS)),)

    @classmethod
    def label(cls, data, index):
        if isinstance(data, dict):
            return cls.label_of(data.get('address'), data.get('port'), index)
        return str(index)

    @staticmethod
    def label_of(address, port, index):
        return str(index) if address is None else endpoint(address, port)


class SorryServer(Kind):
    """``sorry_server 10.1.1.170 80``: given as "ADDRESS PORT" or {address, port}."""

    describe = '"ADDRESS [PORT]" or a mapping with address and port'

    def coerce(self, value):
        if isinstance(value, str):
            words = value.split()
            value = {'address': words[0] if words else '', 'port': words[1] if len(words) > 1 else None}
        if not isinstance(value, dict) or 'address' not in value or not set(value) <= set(['address', 'port']):
            raise Invalid('LVS102', 'is not %s' % self.describe, 'give %s' % self.describe)
        result = {'address': Address().coerce(value['address'])}
        if value.get('port') is not None:
            result['port'] = PORT.coerce(value['port'])
        return result

    def to_args(self, value):
        return [value['address']] + ([str(value['port'])] if 'port' in value else [])

    def from_args(self, args):
        return ' '.join(args)


class VirtualServer(Block):
    """``virtual_server ADDRESS PORT``, ``virtual_server fwmark N`` or ``virtual_server group NAME``."""

    keyword = 'virtual_server'
    grammar = ('virtual_server',)
    header_fields = ('address', 'port', 'fwmark', 'group')
    fields = (
        Field('address', Address()),
        Field('port', PORT),
        Field('fwmark', Int(1, 4294967295)),
        Field('group', Name()),
        Field('ip_family', Choice('inet', 'inet6')),  # of a fwmark or group service; else its address tells
        Field('delay_loop', POSITIVE_SECONDS),
        Field('lvs_sched', Choice(*SCHEDULERS), aliases=('lb_algo',)),
        # the sh and mh schedulers' flags (ipvsadm -b): hash the source port too, fall back on an unavailable server
        Field('sh-port', Flag()),
        Field('sh-fallback', Flag()),
        Field('mh-port', Flag()),
        Field('mh-fallback', Flag()),
        Field('lvs_method', Choice(*METHODS), aliases=('lb_kind',)),
        # keepalived truncates a longer name, with an error (ip_vs.h IP_VS_PENAME_MAXLEN)
        Field('persistence_engine', Word(describe='an IPVS persistence engine such as sip', max_bytes=16)),
        Field('persistence_timeout', Int(1, 2147483647)),
        Field('persistence_granularity', Granularity()),
        Field('protocol', Choice('TCP', 'UDP', 'SCTP', any_case=True)),
        Field('ha_suspend', Flag()),
        Field('alpha', Flag()),
        Field('omega', Flag()),
        Field('quorum', Int(1, 2147483647)),
        Field('hysteresis', COUNT),
        Field('quorum_up', Command(run_as=True)),
        Field('quorum_down', Command(run_as=True)),
        Field('sorry_server', SorryServer()),
        Field('sorry_server_lvs_method', Choice(*METHODS)),  # after sorry_server, which keepalived needs first
        Field('sorry_server_inhibit', Flag()),
        Field('inhibit_on_failure', Flag()),
        Field('virtualhost', Word()),
        Field('smtp_alert', Bool()),
    ) + _checker_defaults() + (Field('real_servers', Blocks(RealServer), keyword='real_server'),)

    @property
    def method(self):
        """The forwarding method keepalived uses: lvs_method, else its default."""
        return self.lvs_method or DEFAULT_METHOD

    def header(self):
        if self.fwmark is not None:
            return ['fwmark', str(self.fwmark)]
        if self.group is not None:
            return ['group', self.group]
        return [str(self.address)] + ([str(self.port)] if self.port is not None else [])

    @classmethod
    def parse_header(cls, args):
        if len(args) == 2 and args[0] in ('fwmark', 'group'):
            return {args[0]: args[1]}
        if len(args) in (1, 2):
            return dict(zip(('address', 'port'), args))
        raise Invalid('LVS113', 'has an unexpected header %s' % ' '.join(args),
                      'write virtual_server ADDRESS PORT, virtual_server fwmark N or virtual_server group NAME')

    @classmethod
    def label(cls, data, index):
        if not isinstance(data, dict):
            return str(index)
        return cls.label_of(data.get('address'), data.get('port'), data.get('fwmark'), data.get('group'), index)

    @staticmethod
    def label_of(address, port, fwmark, group, index):
        if fwmark is not None:
            return 'fwmark %s' % fwmark
        if group is not None:
            return 'group %s' % group
        if address is not None:
            return endpoint(address, port)
        return str(index)


class KeepalivedConf(Block):
    """The whole file. Scripts and tracked objects come before the instances and checkers that name them: keepalived
    looks a name up when it reads it."""

    keyword = None
    grammar = ('',)
    fields = (
        # net_namespace, linkbeat_use_polling and the static_* blocks stay passthrough (lvs_keepalived_passthrough):
        # no inventory variable of their own, so that adoption carries them over as written
        Field('global_defs', Sub(GlobalDefs)),
        Field('vrrp_scripts', Named(VrrpScript, Name()), keyword='vrrp_script'),
        Field('track_files', Named(TrackFile, Name()), keyword='track_file', aliases=('vrrp_track_file',)),
        Field('track_processes', Named(TrackProcess, Name()), keyword='vrrp_track_process'),
        Field('bfd_instances', Named(BfdInstance, BFD_NAME), keyword='bfd_instance'),
        Field('vrrp_sync_groups', Named(SyncGroup, Name()), keyword='vrrp_sync_group'),
        Field('vrrp_instances', Named(VrrpInstance, Name()), keyword='vrrp_instance'),
        Field('virtual_server_groups', Named(Entries(GroupMember()), Name()), keyword='virtual_server_group'),
        Field('virtual_servers', Blocks(VirtualServer), keyword='virtual_server'),
    )

    @classmethod
    def refusal(cls, keyword):
        """As Block's; a typed keyword written as passthrough also names the inventory variable that holds it (the top's
        passthrough is lvs_keepalived_passthrough there)."""
        problem = super(KeepalivedConf, cls).refusal(keyword)
        variable = dict(TOP_LEVEL).get(cls._by_keyword[keyword].name) if keyword in cls._by_keyword else None
        if problem is None or variable is None:
            return problem
        return Invalid(problem.rule, problem.message, '%s (in an inventory: %s)' % (problem.fix, variable))

    def labelled_virtual_servers(self):
        """(label, VirtualServer) of each virtual server, by the label findings name it with (``10.1.1.166:80``)."""
        return [(VirtualServer.label_of(server.address, server.port, server.fwmark, server.group, index), server)
                for index, server in enumerate(self.virtual_servers or [])]

    def group_members(self, server):
        """The virtual_server_group entries ({address, port} or {fwmark}) of ``server``; none when it names no group."""
        return (self.virtual_server_groups or {}).get(server.group) or [] if server.group else []
