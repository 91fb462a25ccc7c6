# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rules that look at several values of one host's configuration together.

One function per rule id, registered with ``@rule``; each yields Issues. ``run`` applies
them all to a KeepalivedConf whose values have already passed their type checks.
"""

from __future__ import absolute_import, division, print_function

import ipaddress

from .blocks import (CHECKERS, DEFAULT_BFD_TTL, DEFAULT_MAX_REPLY_LENGTH, DEFAULT_METHOD, NOTIFY, BfdCheck, FileCheck,
                     MiscCheck, RealServer, UdpCheck, endpoint)
from .entries import address_of
from . import registry
from .issues import MASK
from .rules import make_issue
from .values import family_of

CHECKS = []


def rule(rule_id):
    return registry.rule(rule_id, CHECKS)


def run(conf):
    issues = []
    for check in CHECKS:
        issues.extend(check(conf))
    return issues


def _instances(conf):
    return sorted((conf.vrrp_instances or {}).items())


def _name(entry):
    return entry['name'] if isinstance(entry, dict) else entry


def _real_servers(conf):
    """(path, real server) of each real server."""
    for label, server in conf.labelled_virtual_servers():
        for index, real in enumerate(server.real_servers or []):
            yield 'virtual_servers[%s].real_servers[%s]' % (label, RealServer.label_of(real.address, real.port, index)), real


def _checkers(conf):
    """(path, checker) of each checker of each real server."""
    for where, real in _real_servers(conf):
        for position, checker in enumerate(real.checkers or []):
            yield '%s.checkers[%d]' % (where, position), checker


@rule('LVS201')
def advert_int_fits_version(conf):
    for name, instance in _instances(conf):
        value = instance.advert_int
        if value is None:
            continue
        path = 'vrrp_instances[%s].advert_int' % name
        if instance.vrrp_version(conf.global_defs) == 2:
            if value != int(value) or not 1 <= value <= 255:
                yield make_issue('LVS201', path, value, 'VRRPv2 advertises whole seconds from 1 to 255; keepalived would round it',
                                 'use a whole number of seconds, or set version: 3 on every director for sub-second adverts')
        elif value > 40.95 or abs(value * 100 - round(value * 100)) > 1e-6:
            yield make_issue('LVS201', path, value, 'VRRPv3 advertises in 10 ms steps up to 40.95 s',
                             'use a multiple of 0.01 no larger than 40.95')


@rule('LVS202')
def auth_pass_fits(conf):
    for name, instance in _instances(conf):
        auth = instance.authentication
        if auth is not None and auth.auth_pass is not None and len(auth.auth_pass.encode('utf-8')) > 8:
            yield make_issue('LVS202', 'vrrp_instances[%s].authentication.auth_pass' % name, MASK,
                             'is longer than 8 bytes; keepalived uses only the first 8 ("Truncating auth_pass to 8 '
                             'characters")',
                             'use a password of at most 8 bytes (the same on every director)')


@rule('LVS203')
def no_auth_with_v3(conf):
    for name, instance in _instances(conf):
        if instance.authentication is None or instance.vrrp_version(conf.global_defs) != 3:
            continue
        if instance.version is None and instance.family == 6:
            yield make_issue('LVS203', 'vrrp_instances[%s].authentication' % name, None,
                             'is set on an IPv6 instance, which keepalived runs on VRRP version 3: it has no '
                             'authentication, so keepalived ignores it ("VRRP version 3 does not support authentication")',
                             'remove authentication, and protect VRRP with a firewall rule that accepts it from the '
                             'peer directors only')
        else:
            yield make_issue('LVS203', 'vrrp_instances[%s].authentication' % name, None,
                             'VRRP version 3 has no authentication; keepalived ignores it',
                             'remove authentication, or use VRRP version 2 on every director')


@rule('LVS204')
def one_family_per_instance(conf):
    for name, instance in _instances(conf):
        found = {}
        for key in ('virtual_ipaddress', 'unicast_peer'):
            for entry in getattr(instance, key) or []:
                found.setdefault(family_of(address_of(entry)), '%s %s' % (key, address_of(entry)))
        for key in ('unicast_src_ip', 'mcast_src_ip', 'mcast_dst_ip'):
            if getattr(instance, key):
                found.setdefault(family_of(getattr(instance, key)), '%s %s' % (key, getattr(instance, key)))
        if instance.native_ipv6:
            found.setdefault(6, 'native_ipv6')
        if len(found) > 1:
            yield make_issue('LVS204', 'vrrp_instances[%s]' % name, None,
                             'mixes IPv4 (%s) and IPv6 (%s)' % (found[4], found[6]),
                             'use one family per instance: a second instance for the other family, or '
                             'virtual_ipaddress_excluded for addresses of the other family')


@rule('LVS205')
def dr_tun_ports_match(conf):
    for label, server in conf.labelled_virtual_servers():
        if server.lvs_method not in ('DR', 'TUN'):
            continue
        # a group forwards each member's port unchanged too ("ports don't match", keepalived -t)
        ports = [server.port] if server.port is not None else \
            sorted(set(m['port'] for m in conf.group_members(server) if 'port' in m))
        for real in server.real_servers or []:
            for port in ports:
                if real.port is not None and real.port != port:
                    yield make_issue('LVS205', 'virtual_servers[%s].real_servers[%s].port' % (
                        label, endpoint(real.address, real.port)), real.port,
                        'LVS-%s forwards packets unchanged, so the real server must listen on the virtual port %d'
                        % (server.lvs_method, port),
                        'set the real server port to %d, or use lvs_method NAT to map ports' % port)
        sorry = server.sorry_server or {}
        for port in ports:
            if sorry.get('port') is not None and sorry['port'] != port:
                yield make_issue('LVS205', 'virtual_servers[%s].sorry_server' % label, sorry['port'],
                                 'LVS-%s forwards packets unchanged, so the sorry server must listen on the virtual port '
                                 '%d; keepalived -t refuses it ("sorry server ports don\'t match")' % (server.lvs_method, port),
                                 'give the sorry server port %d, or leave its port out' % port)


@rule('LVS206')
def hysteresis_below_quorum(conf):
    for label, server in conf.labelled_virtual_servers():
        quorum = server.quorum if server.quorum is not None else 1
        if server.hysteresis is not None and server.hysteresis >= quorum:
            yield make_issue('LVS206', 'virtual_servers[%s].hysteresis' % label, server.hysteresis,
                             'must be below quorum (%d)' % quorum, 'set hysteresis to at most %d' % (quorum - 1))


@rule('LVS207')
def master_has_priority(conf):
    for name, instance in _instances(conf):
        if instance.state == 'MASTER' and instance.priority is None:
            yield make_issue('LVS207', 'vrrp_instances[%s].priority' % name, None,
                             'is missing with state MASTER, so keepalived silently uses 255 (address owner), '
                             'which always preempts and ignores track weights',
                             'set an explicit priority (e.g. 100; 255 only if this host owns the addresses)')


@rule('LVS208')
def no_preempt_options_with_master(conf):
    for name, instance in _instances(conf):
        if instance.state != 'MASTER':
            continue
        for key in ('nopreempt', 'preempt_delay'):
            if getattr(instance, key) not in (None, False):
                yield make_issue('LVS208', 'vrrp_instances[%s].%s' % (name, key), getattr(instance, key),
                                 'is ignored with state MASTER: keepalived clears it at start',
                                 'set state BACKUP on every director of the instance (the article\'s nopreempt pair)')


@rule('LVS209')
def nopreempt_or_preempt_delay(conf):
    for name, instance in _instances(conf):
        if instance.nopreempt and instance.preempt_delay is not None:
            yield make_issue('LVS209', 'vrrp_instances[%s].preempt_delay' % name, instance.preempt_delay,
                             'has no effect together with nopreempt', 'keep either nopreempt or preempt_delay')


@rule('LVS210')
def tracked_objects_exist(conf):
    defined = {'track_script': conf.vrrp_scripts or {}, 'track_file': conf.track_files or {},
               'track_process': conf.track_processes or {}}
    top = {'track_script': 'vrrp_scripts', 'track_file': 'track_files', 'track_process': 'track_processes'}
    for name, instance in _instances(conf):
        for key, known in sorted(defined.items()):
            for index, entry in enumerate(getattr(instance, key) or []):
                if _name(entry) not in known:
                    yield make_issue('LVS210', 'vrrp_instances[%s].%s[%d]' % (name, key, index), _name(entry),
                                     'is not defined', 'define %s under %s, or remove it from %s'
                                     % (_name(entry), top[key], key))
    sessions = conf.bfd_instances or {}
    for name, instance in _instances(conf):
        for index, entry in enumerate(instance.track_bfd or []):
            session = sessions.get(_name(entry))
            where = 'vrrp_instances[%s].track_bfd[%d]' % (name, index)
            if session is None:
                yield make_issue('LVS210', where, _name(entry), 'is not a defined bfd_instance',
                                 'define %s under bfd_instances, or remove it from track_bfd' % _name(entry))
            elif session.checker and not session.vrrp:
                yield make_issue('LVS210', where, _name(entry),
                                 'is a bfd_instance whose events go to the checker process only (checker without vrrp), '
                                 'so keepalived\'s VRRP process does not know it ("track bfd %s not found")' % _name(entry),
                                 'add vrrp to bfd_instances[%s] (events then go to both), or remove its checker'
                                 % _name(entry))
    for where, checker in _checkers(conf):
        # a name None is one that did not type, in a configuration loaded in part: its own issue says why
        if isinstance(checker, FileCheck) and checker.track_file is not None \
                and checker.track_file not in defined['track_file']:
            yield make_issue('LVS210', where + '.track_file', checker.track_file, 'is not defined',
                             'define %s under track_files' % checker.track_file)
        elif isinstance(checker, BfdCheck) and checker.name is not None:
            session = sessions.get(checker.name)
            if session is None:
                yield make_issue('LVS210', where + '.name', checker.name, 'is not a defined bfd_instance',
                                 'define %s under bfd_instances' % checker.name)
            elif session.vrrp and not session.checker:
                yield make_issue('LVS210', where + '.name', checker.name,
                                 'is a bfd_instance whose events go to the VRRP process only (vrrp without checker), so '
                                 'keepalived\'s checker process does not know it ("BFD %s not configured")' % checker.name,
                                 'add checker to bfd_instances[%s] (events then go to both), or remove its vrrp'
                                 % checker.name)


@rule('LVS211')
def sync_group_members(conf):
    owner = {}
    instances = conf.vrrp_instances or {}
    for group, body in sorted((conf.vrrp_sync_groups or {}).items()):
        for index, member in enumerate(body.group or []):
            path = 'vrrp_sync_groups[%s].group[%d]' % (group, index)
            if member not in instances:
                yield make_issue('LVS211', path, member, 'is not a defined vrrp_instance',
                                 'add vrrp_instances[%s] or remove it from the group' % member)
            elif member in owner:
                yield make_issue('LVS211', path, member, 'is already in sync group %s' % owner[member],
                                 'put each instance in at most one sync group')
            else:
                owner[member] = group


@rule('LVS212')
def server_groups_exist(conf):
    groups = conf.virtual_server_groups or {}
    for label, server in conf.labelled_virtual_servers():
        if server.group is not None and server.group not in groups:
            yield make_issue('LVS212', 'virtual_servers[%s].group' % label, server.group,
                             'is not defined', 'add virtual_server_groups[%s] with its members' % server.group)


@rule('LVS213')
def unique_virtual_servers(conf):
    seen = set()
    for label, server in conf.labelled_virtual_servers():
        key = (server.address, server.port, server.fwmark, server.group, server.protocol)
        if key in seen:
            yield make_issue('LVS213', 'virtual_servers[%s]' % label, None,
                             'is declared twice (same address, port, fwmark or group, and protocol)',
                             'merge the two entries into one')
        seen.add(key)


@rule('LVS214')
def unique_real_servers(conf):
    for label, server in conf.labelled_virtual_servers():
        seen = set()
        for real in server.real_servers or []:
            key = (real.address, real.port)
            if key in seen:
                yield make_issue('LVS214', 'virtual_servers[%s].real_servers[%s]' % (
                    label, endpoint(real.address, real.port)), None,
                    'is listed twice', 'keep one entry per real server address and port')
            seen.add(key)


@rule('LVS215')
def router_id_unique_per_interface(conf):
    seen = {}
    for name, instance in _instances(conf):
        families = set(family_of(vip) for vip in instance.vips) or set([4])
        for family in families:
            key = (instance.interface, instance.virtual_router_id, family)
            if key in seen:
                yield make_issue('LVS215', 'vrrp_instances[%s].virtual_router_id' % name, instance.virtual_router_id,
                                 'is also used by vrrp_instances[%s] on %s' % (seen[key], instance.interface),
                                 'give each instance on one interface its own virtual_router_id')
            else:
                seen[key] = name


@rule('LVS216')
def vip_in_one_instance(conf):
    owner = {}
    for name, instance in _instances(conf):
        for key in ('virtual_ipaddress', 'virtual_ipaddress_excluded'):
            for entry in getattr(instance, key) or []:
                address = address_of(entry)
                if address in owner and owner[address] != name:
                    yield make_issue('LVS216', 'vrrp_instances[%s].%s' % (name, key), address,
                                     'is also a virtual address of vrrp_instances[%s]' % owner[address],
                                     'keep each virtual address in one instance')
                owner.setdefault(address, name)


def _scripts(conf):
    """Where scripts are configured, as paths."""
    for name in sorted(conf.vrrp_scripts or {}):
        yield 'vrrp_scripts[%s]' % name
    for kind, blocks in (('vrrp_instances', conf.vrrp_instances), ('vrrp_sync_groups', conf.vrrp_sync_groups)):
        for name, block in sorted((blocks or {}).items()):
            for field in NOTIFY:
                if getattr(block, field):
                    yield '%s[%s].%s' % (kind, name, field)
    for label, server in conf.labelled_virtual_servers():
        for key in ('quorum_up', 'quorum_down'):
            if getattr(server, key):
                yield 'virtual_servers[%s].%s' % (label, key)
        for real in server.real_servers or []:
            where = 'virtual_servers[%s].real_servers[%s]' % (label, endpoint(real.address, real.port))
            for key in ('notify_up', 'notify_down'):
                if getattr(real, key):
                    yield '%s.%s' % (where, key)
            for position, checker in enumerate(real.checkers or []):
                if isinstance(checker, MiscCheck):
                    yield '%s.checkers[%d]' % (where, position)


@rule('LVS217')
def script_security_enabled(conf):
    if conf.global_defs is not None and conf.global_defs.enable_script_security:
        return
    places = list(_scripts(conf))
    if places:
        yield make_issue('LVS217', places[0], None,
                         'runs a script but global_defs.enable_script_security is not set%s (keepalived -t exits 6)'
                         % (' (%d more places)' % (len(places) - 1) if len(places) > 1 else ''),
                         'set global_defs.enable_script_security: true and script_user (e.g. root), '
                         'and keep the scripts writable by root only')


@rule('LVS218')
def virtual_server_identity(conf):
    for label, server in conf.labelled_virtual_servers():
        given = [key for key in ('address', 'fwmark', 'group') if getattr(server, key) is not None]
        if len(given) != 1:
            yield make_issue('LVS218', 'virtual_servers[%s]' % label, None,
                             'has %s' % (' and '.join(given) if given else 'none of address, fwmark, group'),
                             'give exactly one of address (with port), fwmark or group')
        elif server.port is not None and server.address is None:
            yield make_issue('LVS218', 'virtual_servers[%s].port' % label, server.port,
                             'only goes with address', 'remove port from a fwmark or group virtual server')


@rule('LVS219')
def http_checkers_have_urls(conf):
    http = tuple(c for c in CHECKERS if c.keyword in ('HTTP_GET', 'SSL_GET'))
    for label, server in conf.labelled_virtual_servers():
        for real in server.real_servers or []:
            for position, checker in enumerate(real.checkers or []):
                if isinstance(checker, http) and not checker.urls:
                    yield make_issue('LVS219', 'virtual_servers[%s].real_servers[%s].checkers[%d].urls' % (
                        label, endpoint(real.address, real.port), position), None,
                        '%s needs at least one url to fetch' % checker.keyword,
                        'add urls: [{path: /, status_code: 200}]')


@rule('LVS220')
def labels_match_device(conf):
    for name, instance in _instances(conf):
        for key in ('virtual_ipaddress', 'virtual_ipaddress_excluded'):
            for entry in getattr(instance, key) or []:
                if not isinstance(entry, dict) or 'label' not in entry:
                    continue
                device = entry.get('dev', instance.interface)
                if not entry['label'].startswith(device + ':'):
                    yield make_issue('LVS220', 'vrrp_instances[%s].%s' % (name, key), entry['label'],
                                     'label of %s does not start with its device %s and a colon' % (entry['address'], device),
                                     'use a label such as %s:1' % device)


@rule('LVS221')
def instance_has_vips(conf):
    for name, instance in _instances(conf):
        if not instance.virtual_ipaddress:
            yield make_issue('LVS221', 'vrrp_instances[%s].virtual_ipaddress' % name, None,
                             'is empty, so the instance moves no address; keepalived -t refuses it ("No VIP specified")',
                             'list the virtual IP addresses it holds')


@rule('LVS222')
def virtual_server_has_real_servers(conf):
    for label, server in conf.labelled_virtual_servers():
        if not server.real_servers:
            yield make_issue('LVS222', 'virtual_servers[%s].real_servers' % label, None,
                             'is empty: keepalived -t refuses the virtual server ("has no real servers - ignoring")',
                             'list its real servers, or put hosts in the group named by real_servers_from_group '
                             '(a host with lvs_realserver_state: absent does not count)')


def _family(address):
    return family_of(address) if address else None


@rule('LVS223')
def one_family_per_virtual_server(conf):
    for label, server in conf.labelled_virtual_servers():
        # keepalived takes the family of the virtual address, or of ip_family, or for fwmark and groups of the first server
        declared = {'inet': 4, 'inet6': 6}.get(server.ip_family)
        if server.address and declared and declared != _family(server.address):
            yield make_issue('LVS223', 'virtual_servers[%s].ip_family' % label, server.ip_family,
                             'is not the family of the virtual server\'s address: keepalived -t refuses it ("Virtual '
                             'server specified family ... conflicts with server family")',
                             'leave ip_family out: the address tells the family')
        found = [('the virtual server', server.address)] if server.address else []
        found = [(what, _family(address)) for what, address in found if address]
        found += [('ip_family %s' % server.ip_family, declared)] if declared and not server.address else []
        found += [('real server %s' % real.address, _family(real.address)) for real in server.real_servers or []
                  if real.address]
        if server.sorry_server and server.sorry_server.get('address'):
            found.append(('sorry_server %s' % server.sorry_server['address'], _family(server.sorry_server['address'])))
        for what, family in found[1:]:
            if family != found[0][1]:
                yield make_issue('LVS223', 'virtual_servers[%s]' % label, what.split()[-1],
                                 'is IPv%d but %s is IPv%d: keepalived skips it ("Address family ... don\'t match")'
                                 % (family, found[0][0], found[0][1]),
                                 'use servers of one family per virtual server: a second virtual server for the other family')
        granularity = server.persistence_granularity
        if server.address and granularity is not None and isinstance(granularity, int) != (_family(server.address) == 6):
            # keepalived reads an IPv4 granularity with getaddrinfo, which takes a number for an address (24: 0.0.0.24)
            why = 'keepalived ignores it ("Invalid IPv6 persistence_granularity")' if _family(server.address) == 6 else \
                'keepalived -t accepts it without a word and takes it for the netmask %s' % ipaddress.IPv4Address(granularity)
            yield make_issue('LVS223', 'virtual_servers[%s].persistence_granularity' % label, granularity,
                             'does not fit the IPv%d virtual server: %s' % (_family(server.address), why),
                             'give a prefix length (e.g. 64) for IPv6, a netmask (e.g. 255.255.255.0) for IPv4')


def _is_fwmark(conf, server):
    return server.fwmark is not None or any('fwmark' in member for member in conf.group_members(server))


@rule('LVS224')
def fwmark_without_ports(conf):
    for label, server in conf.labelled_virtual_servers():
        if not _is_fwmark(conf, server):
            continue
        why = 'on a fwmark virtual server, which keepalived -t refuses ("%s")'
        if server.fwmark is not None and server.protocol is not None:
            yield make_issue('LVS224', 'virtual_servers[%s].protocol' % label, server.protocol,
                             why % 'protocol specified for fwmark', 'leave protocol out: the firewall mark decides')
        if server.sorry_server and 'port' in server.sorry_server:
            yield make_issue('LVS224', 'virtual_servers[%s].sorry_server' % label, server.sorry_server['port'],
                             'gives a port ' + why % 'sorry server has port specified',
                             'give the sorry_server address only')
        for real in server.real_servers or []:
            if real.port is not None:
                yield make_issue('LVS224', 'virtual_servers[%s].real_servers[%s].port' % (label, endpoint(real.address, real.port)),
                                 real.port, 'is a real server port ' + why % 'real server ... has port specified',
                                 'leave the port out; a checker names its port with connect_port')


def _misfits(entry):
    """(option, why) for each option of a virtual address that keepalived 2.2.7 drops for its family or its other
    options (vrrp_ipaddress.c alloc_ipaddress)."""
    family = family_of(entry['address'])
    full = entry['address'].endswith('/%d' % (32 if family == 4 else 128)) or '/' not in entry['address']
    if family == 6 and entry.get('scope') not in (None, 'global'):  # global, the default, is harmless
        yield 'scope', 'keepalived ignores it ("Cannot specify scope for IPv6 addresses")'
    if family == 6 and entry.get('label') is not None:
        yield 'label', 'keepalived ignores it ("Cannot specify label for IPv6 addresses"): IPv6 addresses have no labels'
    if entry.get('brd') is not None and family == 6:
        yield 'brd', 'IPv6 has no broadcast: keepalived skips the whole address ("trying to assign a broadcast")'
    elif entry.get('brd') not in (None, '+', '-') and family_of(entry['brd']) != family:
        yield 'brd', 'an IPv6 broadcast for an IPv4 address: keepalived skips the whole address ("invalid broadcast")'
    elif entry.get('brd') is not None and entry.get('peer') is not None:
        yield 'brd', 'keepalived ignores it beside a peer ("Cannot specify broadcast and peer addresses")'
    elif entry.get('brd') in ('+', '-') and '/' in entry['address'] and int(entry['address'].split('/')[1]) > 30:
        yield 'brd', 'keepalived ignores it ("Address prefix length ... too long for broadcast")'
    if entry.get('peer') is not None and family_of(entry['peer']) != family:
        yield 'peer', 'keepalived ignores it ("Peer address ... does not match address family")'
    elif entry.get('peer') is not None and not full:
        yield 'peer', ('keepalived ignores the address\'s prefix beside a peer ("Cannot specify address prefix when '
                       'specifying peer address"): leave the prefix out')


@rule('LVS225')
def options_fit_the_address_family(conf):
    for name, instance in _instances(conf):
        for key in ('virtual_ipaddress', 'virtual_ipaddress_excluded'):
            for index, entry in enumerate(getattr(instance, key) or []):
                for option, why in _misfits(entry) if isinstance(entry, dict) else ():
                    yield make_issue('LVS225', 'vrrp_instances[%s].%s[%d].%s' % (name, key, index, option), entry[option],
                                     'is set on the IPv%d address %s; %s' % (family_of(entry['address']), entry['address'], why),
                                     'leave %s out for this address' % option)


def _strict_resets(conf, instance):
    """(key, value, why) for each setting keepalived's vrrp_strict resets in this instance."""
    if instance.authentication is not None:
        yield 'authentication', None, 'Strict mode does not support authentication'
    if instance.preempt_delay is not None:
        yield 'preempt_delay', instance.preempt_delay, 'preempt_delay is incompatible with strict mode'
    if instance.garp_lower_prio_repeat:
        yield 'garp_lower_prio_repeat', instance.garp_lower_prio_repeat, 'Strict mode requires no repeat garps'
    if instance.garp_lower_prio_delay:
        yield 'garp_lower_prio_delay', instance.garp_lower_prio_delay, 'Strict mode requires no repeat garp delay'
    if instance.accept and instance.vrrp_version(conf.global_defs) == 2:
        yield 'accept', True, 'accept mode for VRRP version 2 does not comply with RFC3768'
    if instance.lower_prio_no_advert is False:
        yield 'lower_prio_no_advert', False, 'Strict mode requires no lower priority advert'
    if instance.higher_prio_send_advert:
        yield 'higher_prio_send_advert', True, 'strict mode requires higher_prio_send_advert to be clear'
    if isinstance(instance.use_vmac, str) and ':' in instance.use_vmac:
        yield 'use_vmac', instance.use_vmac, 'cannot specify MAC address with strict mode'
    if instance.use_vmac and instance.vmac_xmit_base:
        yield 'vmac_xmit_base', True, 'xmit_base is incompatible with strict mode'
    if instance.state == 'MASTER' and instance.priority not in (None, 255):  # without a priority LVS207 says why
        yield 'state', 'MASTER', 'State MASTER must match being address owner'


_STRICT_FIXES = {
    'state': ' (lvs.cluster derives BACKUP for every director in strict mode: the highest priority still becomes MASTER)',
}


def _strict_instances(conf):
    """(name, instance, the key that makes it strict) of each instance in strict mode: its strict_mode, else
    global_defs' vrrp_strict (vrrp.c: an unset strict_mode takes vrrp_strict)."""
    strict = bool(conf.global_defs and conf.global_defs.vrrp_strict)
    for name, instance in _instances(conf):
        if instance.strict_mode or (instance.strict_mode is None and strict):
            yield name, instance, 'strict_mode' if instance.strict_mode else 'vrrp_strict'


@rule('LVS226')
def strict_mode_settings(conf):
    for name, instance, cause in _strict_instances(conf):
        where = 'its strict_mode' if cause == 'strict_mode' else 'global_defs.vrrp_strict'
        for key, value, why in _strict_resets(conf, instance):
            yield make_issue('LVS226', 'vrrp_instances[%s].%s' % (name, key), value, 'is reset by %s ("%s")' % (where, why),
                             'remove %s, or drop %s%s' % (key, cause, _STRICT_FIXES.get(key, '')))


@rule('LVS227')
def strict_ipv6_starts_link_local(conf):
    for name, instance, _cause in _strict_instances(conf):
        six = [vip for vip in instance.vips if family_of(vip) == 6]
        if six and not ipaddress.ip_interface(six[0]).ip.is_link_local:
            yield make_issue('LVS227', 'vrrp_instances[%s].virtual_ipaddress' % name, six[0],
                             'is the first IPv6 address under vrrp_strict, which keepalived refuses unless it is '
                             'link-local ("the first IPv6 VIP address must be link local")',
                             'list a link-local address (fe80::/10) first, or drop vrrp_strict')


@rule('LVS234')
def no_vrrp_v2_over_ipv6(conf):
    for name, instance in _instances(conf):
        if instance.version == 2 and instance.family == 6:
            yield make_issue('LVS234', 'vrrp_instances[%s].version' % name, 2,
                             'is VRRP version 2 on an IPv6 instance: VRRPv2 (RFC 3768) is IPv4 only; keepalived -t refuses '
                             'it after an IPv6 address ("vrrp_version 2 conflicts with configured or deduced version"), '
                             'and accepts it without a word when the line comes first', 'leave version out: keepalived '
                             'runs IPv6 instances on VRRP version 3')


@rule('LVS235')
def no_tracking_of_the_own_interface(conf):
    for name, instance in _instances(conf):
        for index, entry in enumerate(instance.track_interface or []):
            if _name(entry) == instance.interface:
                yield make_issue('LVS235', 'vrrp_instances[%s].track_interface[%d]' % (name, index), _name(entry),
                                 'is the instance\'s own interface %s, which keepalived always tracks: it ignores the '
                                 'entry and its weight ("Ignoring track_interface %s since own interface")'
                                 % (instance.interface, instance.interface),
                                 'remove %s from track_interface: the instance goes to FAULT when it is down anyway'
                                 % instance.interface)


@rule('LVS240')
def sync_daemon_instance_exists(conf):
    daemon = conf.global_defs.lvs_sync_daemon if conf.global_defs is not None else None
    if daemon and daemon['vrrp_instance'] not in (conf.vrrp_instances or {}):
        yield make_issue('LVS240', 'global_defs.lvs_sync_daemon.vrrp_instance', daemon['vrrp_instance'],
                         'is not a vrrp_instance of this file: keepalived clears lvs_sync_daemon at start and '
                         'synchronises no connection',
                         'name one of %s' % (', '.join(sorted(conf.vrrp_instances or {}))
                                             or 'the file\'s VRRP instances (there is none)'))


@rule('LVS228')
def sync_group_of_several(conf):
    for name, group in sorted((conf.vrrp_sync_groups or {}).items()):
        if len(group.group or []) == 1:
            yield make_issue('LVS228', 'vrrp_sync_groups[%s].group' % name, group.group,
                             'has one instance; keepalived -t refuses it ("has only 1 virtual router(s)")',
                             'list at least two instances, or remove the sync group')


def _weighted(conf, instance):
    """(keyword, name, weight) of each tracked object of ``instance`` that changes its priority."""
    return [(keyword, name, weight) for keyword, name, weight in track_weights(conf, instance) if weight != 0]


def track_weights(conf, instance):
    """(keyword, name, effective weight) of each tracked script, interface and file of ``instance``.

    The entry's own weight wins; otherwise a script or file takes its block's weight, whose default is 0
    for a vrrp_script and 1 for a vrrp_track_file (keepalived's man page); an interface defaults to 0.
    """
    defaults = (('track_script', conf.vrrp_scripts, 0), ('track_interface', None, 0), ('track_file', conf.track_files, 1))
    for keyword, blocks, default in defaults:
        for entry in getattr(instance, keyword) or []:
            name = _name(entry)
            if isinstance(entry, dict) and entry.get('weight') is not None:
                yield keyword, name, entry['weight']
                continue
            block = (blocks or {}).get(name)
            weight = getattr(block, 'weight', None)
            yield keyword, name, default if weight is None else weight


@rule('LVS229')
def no_track_weights_in_sync_groups(conf):
    for group_name, group in sorted((conf.vrrp_sync_groups or {}).items()):
        for name in group.group or []:
            instance = (conf.vrrp_instances or {}).get(name)
            if instance is None:
                continue
            for keyword, tracked, weight in _weighted(conf, instance):
                yield make_issue('LVS229', 'vrrp_instances[%s].%s' % (name, keyword), tracked,
                                 'has weight %d while %s is in sync group %s: keepalived ignores the weight and '
                                 '-t refuses it ("ignoring ... due to SYNC group")' % (weight, name, group_name),
                                 'give it weight 0 (a failure then puts the whole group in FAULT), or track it on '
                                 'the sync group %s instead, or take %s out of the group' % (group_name, name))


# what keepalived 2.2.7 -t says of each weighted track of an address owner
_OWNER_WORDS = {'track_script': 'ignoring tracked script ... with weights due to address_owner',
                'track_interface': 'ignoring ... tracked interface due to address owner',
                'track_file': 'ignoring weight from tracked file ... due to address_owner'}


@rule('LVS236')
def no_track_weights_on_address_owners(conf):
    for name, instance in _instances(conf):
        if instance.priority != 255:
            continue
        for keyword, tracked, weight in _weighted(conf, instance):
            yield make_issue('LVS236', 'vrrp_instances[%s].%s' % (name, keyword), tracked,
                             'has weight %d while %s has priority 255 (address owner), whose priority weights never '
                             'change: keepalived -t refuses it ("%s")' % (weight, name, _OWNER_WORDS[keyword]),
                             'give it weight 0 (a failure then puts the instance in FAULT), or use a priority below 255')


HASH_FLAGS = ('sh-port', 'sh-fallback', 'mh-port', 'mh-fallback')


@rule('LVS237')
def hash_flags_need_a_hashing_scheduler(conf):
    for label, server in conf.labelled_virtual_servers():
        if server.lvs_sched in ('sh', 'mh'):  # keepalived takes either's flags for both (ipvsadm's sched-flags)
            continue
        for flag in HASH_FLAGS:
            if getattr(server, flag):
                yield make_issue('LVS237', 'virtual_servers[%s].%s' % (label, flag),
                                 server.lvs_sched, 'is a flag of the sh and mh schedulers, not of scheduler %s: keepalived '
                                 '-t refuses it ("%s only applies to sh scheduler")' % (server.lvs_sched, flag),
                                 'use lvs_sched sh or mh with it, or remove %s' % flag)


@rule('LVS230')
def scheduler_and_method_given(conf):
    for label, server in conf.labelled_virtual_servers():
        for key, default in (('lvs_sched', 'wlc'), ('lvs_method', DEFAULT_METHOD)):
            if getattr(server, key) is None:
                yield make_issue('LVS230', 'virtual_servers[%s].%s' % (label, key), None,
                                 'is not set: keepalived falls back to %s and -t refuses the file ("no %s set, setting '
                                 'default")' % (default, 'scheduler' if key == 'lvs_sched' else 'forwarding method'),
                                 'write %s explicitly (e.g. %s: %s)' % (key, key, 'rr' if key == 'lvs_sched' else 'DR'))


@rule('LVS231')
def process_quorum_in_order(conf):
    for name, process in sorted((conf.track_processes or {}).items()):
        if process.quorum_max is not None and process.quorum_max < (process.quorum or 1):
            yield make_issue('LVS231', 'track_processes[%s].quorum_max' % name, process.quorum_max,
                             'is below quorum %d: keepalived -t refuses it ("quorum_max is less than quorum")'
                             % (process.quorum or 1), 'give a quorum_max of at least %d' % (process.quorum or 1))


# (where, key, the key it needs, why): keys keepalived ignores, or lvs.cluster cannot render, without another
_UNICAST_ALONE = 'keepalived -t refuses it ("A unicast keyword has been specified without any unicast peers")'
_NEEDS = (
    ('virtual_servers', 'sorry_server_inhibit', 'sorry_server',
     'keepalived -t refuses it ("sorry_server inhibit used before or without sorry_server")'),
    ('virtual_servers', 'sorry_server_lvs_method', 'sorry_server',
     'keepalived -t refuses it ("sorry_server forwarding used without sorry_server")'),
    ('vrrp_instances', 'unicast_ttl', 'unicast_peer',
     'keepalived -t refuses it ("Cannot use unicast_ttl without unicast peers - resetting")'),
    ('vrrp_instances', 'unicast_src_ip', 'unicast_peer', _UNICAST_ALONE),
    ('vrrp_instances', 'check_unicast_src', 'unicast_peer', _UNICAST_ALONE),
    ('vrrp_instances', 'vmac_xmit_base', 'use_vmac', 'keepalived -t refuses it ("vmac_xmit_base is only valid with a vmac")'),
) + tuple((where, 'reverse', 'weight', 'reverse is a word of the weight line (weight W reverse)')
          for where in ('vrrp_scripts', 'track_files', 'track_processes'))


def _blocks_of(conf, where):
    if where == 'virtual_servers':
        return conf.labelled_virtual_servers()
    return sorted((getattr(conf, where) or {}).items())


@rule('LVS232')
def keys_with_their_companions(conf):
    for where, key, needs, why in _NEEDS:
        for label, block in _blocks_of(conf, where):
            if getattr(block, key) is not None and getattr(block, key) is not False and getattr(block, needs) in (None, []):
                yield make_issue('LVS232', '%s[%s].%s' % (where, label, key), True,
                                 'is set without %s: %s' % (needs, why), 'add %s, or remove %s' % (needs, key))


@rule('LVS241')
def no_implied_keys(conf):
    for name, instance in _instances(conf):
        if instance.promote_secondaries and instance.use_vmac:
            yield make_issue('LVS241', 'vrrp_instances[%s].promote_secondaries' % name, True,
                             'is set with use_vmac, which sets it on the VMAC itself: keepalived -t refuses it '
                             '("promote_secondaries is automatically set for vmacs - ignoring")',
                             'remove promote_secondaries')


@rule('LVS233')
def quorum_within_total_weight(conf):
    for label, server in conf.labelled_virtual_servers():
        total = sum(1 if real.weight is None else real.weight for real in server.real_servers or [])
        if server.quorum is not None and server.real_servers and server.quorum > total:
            yield make_issue('LVS233', 'virtual_servers[%s].quorum' % label, server.quorum,
                             'exceeds the real servers\' total weight %d, so it could never be met: keepalived -t '
                             'refuses it ("exceeds total weight of real servers")' % total,
                             'give a quorum of at most %d, or add real servers or weight' % total)


@rule('LVS238')
def udp_reply_lengths_apply(conf):
    for where, checker in _checkers(conf):
        if not isinstance(checker, UdpCheck):
            continue
        shortest = checker.min_reply_length or 0
        longest = DEFAULT_MAX_REPLY_LENGTH if checker.max_reply_length is None else checker.max_reply_length
        if shortest > longest:
            yield make_issue('LVS238', where + '.min_reply_length', shortest,
                             'is above max_reply_length %d%s, so every reply would fail: keepalived -t refuses it '
                             '("will always fail")' % (longest, ' (its default)' if checker.max_reply_length is None else ''),
                             'give a min_reply_length of at most %d, or a max_reply_length of at least %d' % (longest, shortest))
        given = [key for key in ('min_reply_length', 'max_reply_length') if getattr(checker, key) is not None]
        if given and not isinstance(checker.require_reply, str):
            yield make_issue('LVS238', '%s.%s' % (where, given[0]), getattr(checker, given[0]),
                             'has no effect: keepalived checks a reply\'s length only when require_reply gives the hex '
                             'digits the reply must match', 'give require_reply the digits of the expected reply, or '
                             'remove %s' % ' and '.join(given))


def _neighbor_taken(instance, sessions):
    """The name of a bfd_instance of ``sessions`` (name: instance) keepalived takes for the same session: the same
    neighbor, and the same source_ip or either without one; None when there is none."""
    for name, other in sorted(sessions.items()):
        if other.neighbor_ip == instance.neighbor_ip and (
                not other.source_ip or not instance.source_ip or other.source_ip == instance.source_ip):
            return name
    return None


@rule('LVS239')
def bfd_sessions_keepalived_runs(conf):
    earlier = {}
    for name, instance in sorted((conf.bfd_instances or {}).items()):
        if instance.neighbor_ip is None:  # a configuration loaded in part: the address's own issue says why
            continue
        where = 'bfd_instances[%s]' % name
        family = family_of(instance.neighbor_ip)
        if instance.source_ip and family_of(instance.source_ip) != family:
            yield make_issue('LVS239', where + '.source_ip', instance.source_ip,
                             'is IPv%d but neighbor_ip is IPv%d: keepalived -t refuses the instance ("not of the same '
                             'family")' % (family_of(instance.source_ip), family),
                             'give a source_ip of the neighbor\'s family, or leave it out')
        taken = _neighbor_taken(instance, earlier)
        if taken:
            yield make_issue('LVS239', where + '.neighbor_ip', instance.neighbor_ip,
                             'is also the neighbor of bfd_instances[%s], and their source_ip addresses do not tell the '
                             'two sessions apart: keepalived -t refuses the second ("duplicate ... address")' % taken,
                             'give both instances their own source_ip, or keep one session with this neighbor')
        earlier[name] = instance
        if instance.ttl is not None and instance.hoplimit is not None:
            yield make_issue('LVS239', where + '.hoplimit', instance.hoplimit,
                             'is the same setting as ttl in keepalived, whose later line wins',
                             'keep one of ttl and hoplimit')
        ttl = instance.hoplimit or instance.ttl or DEFAULT_BFD_TTL[family]
        hops = 255 if instance.max_hops == -1 else instance.max_hops
        if hops is not None and hops > ttl:
            yield make_issue('LVS239', where + '.max_hops', instance.max_hops,
                             'is %s, above the ttl/hoplimit %d%s: keepalived -t refuses it ("max_hops exceeds '
                             'ttl/hoplimit")' % ('-1 (255 to keepalived)' if instance.max_hops == -1 else hops, ttl,
                                                 '' if instance.hoplimit or instance.ttl else ' (its IPv%d default)' % family),
                             'give a max_hops of at most %d, or a ttl/hoplimit of at least %d' % (ttl, hops))
    for where, real in _real_servers(conf):
        checked = set()
        for position, checker in enumerate(real.checkers or []):
            if not isinstance(checker, BfdCheck):
                continue
            if checker.name in checked:
                yield make_issue('LVS239', '%s.checkers[%d].name' % (where, position), checker.name,
                                 'is checked twice by this real server: keepalived -t refuses the second ("RS already '
                                 'monitoring")', 'keep one BFD_CHECK of %s' % checker.name)
            checked.add(checker.name)
