# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lvs_* inventory variables: what each one is, checked before anything is derived from it.

Every variable lvs.cluster reads is declared once in VARIABLES (its kind, default and meaning; docs/keys.md
is generated from them, a unit test keeps it current). ``check_host`` gives a host's variables back with
each sound value normalized (Ansible booleans as bool, INI text "100" as 100) and each unsound one left
out, with one finding per problem: derivation then goes on with whatever is sound, never with a value
of the wrong type.
"""

from __future__ import absolute_import, division, print_function

from ..frr.settings import ASN, DEFAULT_TIMERS, ROUTER_ID, TIMER_KEYS, Peers, Timers
from .activeactive import ACTIVE_ACTIVE, ANNOUNCE_KEY, DEFAULT_INTERFACE, VRRP
from .profiles import FAST, FAST_ADVERT_INT, PROFILE_VARIABLE, PROFILES, STANDARD
from .blocks import COUNT, PRIORITY, RealServer, VirtualServer
from .rules import make_issue
from .values import (
    PORT, Address, Choice, Decimal, Interface, Invalid, Name, boolean, describe_type, did_you_mean, family_of)

DIRECTOR = 'director'
REALSERVER = 'realserver'
PER_INSTANCE = ('lvs_vrrp_priority', 'lvs_vrrp_state')
# Keys of a virtual server that lvs.cluster reads itself and does not render.
DERIVATION_KEYS = ('real_servers_from_group', 'real_server_defaults', ANNOUNCE_KEY)
# lvs_realserver_state: a real server in service, or one being (or already) decommissioned.
PRESENT, ABSENT = 'present', 'absent'
# The key of an explicit real server that lvs.cluster reads itself: true for a server it does not prepare.
EXTERNAL_KEY = 'external'


class Mapping(object):
    """A mapping checked only at the top: keepalived's keys inside are the model's to check."""

    def __init__(self, describe):
        self.describe = describe

    def coerce(self, value):
        if not isinstance(value, dict):
            raise Invalid('LVS102', 'must be %s, not %s' % (self.describe, describe_type(value)),
                          'write it as %s (key: value lines under the variable)' % self.describe)
        return value


class Statements(object):
    """lvs_keepalived_passthrough: a list checked only at the top; each statement is the model's to check
    (passthrough.py), with its own finding."""

    describe = 'a list of keepalived statements (strings; a mapping of a first line to its lines for a block)'

    def coerce(self, value):
        if not isinstance(value, list):
            raise Invalid('LVS102', 'must be %s, not %s' % (self.describe, describe_type(value)),
                          'write each statement as a list item: "- static_routes: [10.0.0.0/8 via 10.1.1.1 dev eth0]"')
        return value


class Boolean(object):
    describe = 'a boolean'

    def coerce(self, value):
        return boolean(value)


class Addresses(object):
    """lvs_vrrp_address: one address, or a list of them with at most one per family (IPv4, IPv6)."""

    describe = 'an IP address, or a list of one IPv4 and one IPv6 address'

    def coerce(self, value):
        items = value if isinstance(value, list) else [value]
        result = [Address().coerce(item) for item in items]
        families = [family_of(address) for address in result]
        if not result or len(set(families)) != len(families):
            raise Invalid('LVS106', 'must be %s' % self.describe, 'give e.g. [10.1.1.160, 2001:db8::160]')
        return result


class VirtualServers(object):
    """lvs_virtual_servers: a list of mappings; the keys lvs.cluster derives from are checked here."""

    describe = 'a list of virtual servers (mappings)'

    def coerce(self, value):
        if not isinstance(value, list):
            raise Invalid('LVS102', 'must be %s, not %s' % (self.describe, describe_type(value)),
                          'write each virtual server as a list item: "- address: 10.1.1.166"')
        return value


class Var(object):
    """One inventory variable: who it is for, its kind (type and range, checked by check_host), its default as
    operators read it (None: none) and its meaning. docs/keys.md is generated from these (make docs)."""

    __slots__ = ('name', 'scope', 'kind', 'doc', 'default')

    def __init__(self, name, scope, kind, doc, default=None):
        self.name = name
        self.scope = scope
        self.kind = kind
        self.doc = doc
        self.default = default

    @property
    def described(self):
        """Its type and range in words, as docs/keys.md and the roles' argument_specs show them."""
        if self.name in PER_INSTANCE:
            return '%s, or a mapping of VRRP instance name to it' % self.kind.describe
        return self.kind.describe


_BLOCKS = 'a mapping of names to blocks'
_DERIVED = 'derived'
_REQUIRED = 'none: required with active_active (LVS043)'
VARIABLES = dict((var.name, var) for var in (
    Var('lvs_cluster_name', DIRECTOR, Name(), 'name of the cluster; directors with the same name form one cluster',
        'the directors group\'s name'),
    Var('lvs_l2_segment', DIRECTOR, Name(), 'name of the layer-2 segment the cluster\'s VRRP runs on; '
        'virtual_router_ids and VIPs must be unique per segment; the same on every director of a cluster (LVS026)',
        '`default`'),
    Var('lvs_global_defs', DIRECTOR, Mapping('a mapping of global_defs keys'),
        'global_defs keys (keepalived\'s own, see blocks.py)', 'router_id: the inventory host name'),
    Var('lvs_vrrp_scripts', DIRECTOR, Mapping(_BLOCKS), 'vrrp_script blocks by name (`track_script: [NAME]` in an '
        'instance uses one)'),
    Var('lvs_vrrp_track_files', DIRECTOR, Mapping(_BLOCKS), 'vrrp_track_file blocks by name (`track_file: [NAME]` '
        'in an instance tracks one; its weight defaults to 1)'),
    Var('lvs_vrrp_track_processes', DIRECTOR, Mapping(_BLOCKS), 'vrrp_track_process blocks by name '
        '(`track_process: [NAME]` in an instance)'),
    Var('lvs_vrrp_instances', DIRECTOR, Mapping(_BLOCKS),
        'vrrp_instance blocks by name, without priority and state (derived: see lvs_vrrp_priority and lvs_vrrp_state)'),
    Var('lvs_bfd_instances', DIRECTOR, Mapping(_BLOCKS), 'bfd_instance blocks by name (a real server\'s '
        'BFD_CHECK names one)'),
    Var('lvs_vrrp_sync_groups', DIRECTOR, Mapping(_BLOCKS), 'vrrp_sync_group blocks by name'),
    Var('lvs_virtual_server_groups', DIRECTOR, Mapping('a mapping of group names to member lists'),
        'virtual_server_group blocks by name'),
    Var('lvs_virtual_servers', DIRECTOR, VirtualServers(),
        'virtual_server list; `real_servers_from_group` names an inventory group whose hosts become real servers, '
        '`real_server_defaults` holds their common keys (port, weight, checkers); explicit `real_servers` entries may '
        'say `external: true` for a server lvs.cluster does not prepare; `announce: false` (active_active) serves a '
        'VIP without announcing it'),
    Var('lvs_keepalived_passthrough', DIRECTOR, Statements(),
        'statements at the top of keepalived.conf that lvs.cluster does not type (`static_ipaddress`, '
        '`static_routes`, `static_rules`, `linkbeat_interfaces`, `garp_group`, ...), rendered as '
        'written after the blocks: a line as a string, a block as a mapping of its first line to its lines; inside '
        'a block (lvs_global_defs, an instance, a virtual or real server, a checker) its `passthrough` key does the '
        'same. Only their form (LVS105) and keyword are checked (keepalived must know it there: LVS101); keepalived -t '
        'checks the rest on the host before the file is installed (docs/inventory.md)'),
    Var('lvs_vrrp_priority', DIRECTOR, PRIORITY,
        'this director\'s VRRP priority, for every instance or per instance; the highest is the MASTER '
        '(election.py: among equals the first of the directors group, an error: LVS008)',
        '100, 90, 80, ... in directors group order'),
    Var('lvs_vrrp_state', DIRECTOR, Choice('MASTER', 'BACKUP'),
        'this director\'s initial state, for every instance or per instance; normally derived: the highest priority '
        'is MASTER; under `vrrp_strict` in lvs_global_defs every director but an address owner (priority 255) starts '
        'BACKUP, as keepalived requires, and the election still makes the highest priority MASTER', _DERIVED),
    Var('lvs_preempt', DIRECTOR, Boolean(),
        'a boolean by Ansible\'s rules (`true/false`, `yes/no`, `on/off`, `1/0`, any case); `false`: every director '
        'BACKUP with nopreempt, so a recovered director does not take the VIP back; set it for the whole cluster, or '
        'on the highest-priority director: on a backup alone it changes nothing (LVS025)', '`true`'),
    Var('lvs_vrrp_unicast', DIRECTOR, Boolean(), '`true`: VRRP adverts by unicast between the directors instead of '
        'multicast; unicast_src_ip and unicast_peer are derived', '`false`'),
    Var('lvs_vrrp_address', DIRECTOR, Addresses(),
        'this director\'s address for unicast VRRP; a list of one IPv4 and one IPv6 address when the cluster has '
        'VRRP instances of both families (each instance\'s unicast peers are derived in its own family)',
        '`ansible_host`'),
    Var('lvs_failover_target', DIRECTOR, Decimal(0.01, 86400),
        'seconds; warn (LVS023) when a computed failover time (Master_Down_Interval) is above it; the same on every '
        'director of a cluster (LVS026)', 'no target'),
    Var(PROFILE_VARIABLE, DIRECTOR, Choice(*PROFILES),
        '`%s`: keepalived\'s VRRP timers (advert_int 1 s, failover in about 3.6 s); `%s`: VRRPv3, advert_int %s s '
        'in every instance that does not set its own, and GARP timers to match (failover in about 0.36 s; '
        'docs/fast-failover.md); the same on every director of a cluster (LVS026)' % (STANDARD, FAST, FAST_ADVERT_INT),
        '`%s`' % STANDARD),
    Var('lvs_cluster_mode', DIRECTOR, Choice(VRRP, ACTIVE_ACTIVE),
        '`vrrp`: a VRRP pair holds the VIPs; `active_active`: every director holds every VIP and announces it over '
        'BGP (docs/scale-out.md)', '`%s`' % VRRP),
    Var('lvs_bgp_asn', DIRECTOR, ASN, 'active_active: this director\'s own AS number (usually in group_vars; may '
        'differ per director, e.g. one private AS each)', _REQUIRED),
    Var('lvs_bgp_peers', DIRECTOR, Peers(), 'active_active: the routers to announce to, a list of '
        '`{address: ROUTER_IP, asn: INT, password: SECRET (optional, keep it in Ansible Vault), bfd: BOOL (optional, '
        'default false)}`; the same on every director of a cluster (LVS044)', _REQUIRED),
    Var('lvs_bgp_timers', DIRECTOR, Timers(), 'active_active: BGP keepalive and hold time in seconds (hold at least '
        '3 x keepalive); without BFD the hold time bounds how long a dead director keeps receiving flows; `connect` '
        'is how often a director calls a router it lost (FRR\'s own default, 120 s, would keep a director whose link '
        'came back unannounced for up to two minutes)',
        '`{%s}` (FRR\'s datacenter profile)' % ', '.join('%s: %s' % (key, DEFAULT_TIMERS[key]) for key in TIMER_KEYS)),
    Var('lvs_bgp_router_id', DIRECTOR, ROUTER_ID, 'active_active: the BGP router-id', '`ansible_host`'),
    Var('lvs_vip_interface', DIRECTOR, Interface(), 'active_active: the dummy interface that holds the VIPs on every '
        'director', '`%s`' % DEFAULT_INTERFACE),
    Var('lvs_director_maintenance', DIRECTOR, Boolean(), 'active_active: `true` withdraws every announcement of this '
        'director, which still serves the packets that arrive (what lvs.cluster.director_maintenance switches on '
        'the host)', '`false`'),
    Var('lvs_operation_switches', DIRECTOR, Boolean(), 'the files a live cluster is operated with, without a '
        'reload: a FILE_CHECK per real server on `/var/lib/lvs-cluster/drain/ADDRESS` (lvs.cluster.drain) and, on '
        'each VRRP instance with peers, a track_file on `/var/lib/lvs-cluster/maintenance` '
        '(lvs.cluster.director_maintenance); `false` renders neither', '`true`'),
    Var('lvs_director_vrrp_only', DIRECTOR, Boolean(), 'run keepalived for VRRP alone (`keepalived --vrrp`), for '
        'kernels without IPVS: virtual servers are not load-balanced and no connection sync is derived (keepalived '
        'cannot start its sync daemon without IPVS). Without it, a kernel without IPVS stops the director role with '
        'a clear error', '`false`'),
    Var('lvs_connection_sync', DIRECTOR, Boolean(), 'keepalived\'s `lvs_sync_daemon` between the directors of a VRRP '
        'cluster, so that connections survive a failover or handover: the instance holding the first virtual '
        'server\'s address, its interface, its virtual_router_id as the sync id (multicast 224.0.0.81, UDP 8848); '
        '`false` leaves it out; an `lvs_sync_daemon` in `lvs_global_defs` is kept as written', '`true`'),
    Var('lvs_realserver_address', REALSERVER, Address(), 'the address directors forward to',
        '`ansible_host`, or the host name if it is an address'),
    Var('lvs_realserver_port', REALSERVER, PORT,
        'the port of this real server in every virtual server that derives it', 'the virtual server\'s port'),
    Var('lvs_realserver_weight', REALSERVER, COUNT, 'the weight of this real server',
        '`real_server_defaults.weight`, else keepalived\'s 1'),
    Var('lvs_realserver_gateway', REALSERVER, Address(),
        'LVS-NAT: the default gateway this real server answers through, a VIP of its cluster on its network (LVS053); '
        'lvs.cluster.realserver then checks that its default route goes through it', 'none: not checked'),
    Var('lvs_realserver_state', REALSERVER, Choice(PRESENT, ABSENT),
        '`absent` decommissions this real server: lvs.cluster.site drains it on every director that still forwards '
        'to it, removes it from their keepalived.conf with a reload, then undoes its preparation (VIPs, ARP '
        'settings); it then counts for nothing the directors derive (docs/operations.md)', '`present`'),
))

# lvs_* names that are not inventory input of the model but are lvs.cluster's own: the roles' options
# (roles/*/meta/argument_specs.yml), the playbooks' settings, and what the roles and playbooks register.
# A unit test keeps this list equal to what roles/ and playbooks/ use.
OTHER_NAMES = frozenset((
    'lvs_directors_group', 'lvs_realservers_group', 'lvs_fail_on_warnings', 'lvs_become',
    'lvs_director_nonlocal_bind', 'lvs_director_config_backup',
    'lvs_director_config_validate', 'lvs_director_vrrp_firewall', 'lvs_director_scripts',
    'lvs_realserver_interface',
    'lvs_director_packages', 'lvs_director_firewall_packages', 'lvs_director_daemon_defaults',
    'lvs_director_daemon_args_variable', 'lvs_director_modules_file', 'lvs_director_sysctl_file',
    'lvs_director_service', 'lvs_director_os_vars', 'lvs_director_nft', 'lvs_director_vrrp_unit_name',
    'lvs_director_vrrp_unit_file', 'lvs_director_vrrp_rule_file', 'lvs_director_vrrp_firewall_changed',
    'lvs_director_frr_packages', 'lvs_director_frr_service', 'lvs_director_frr_daemons', 'lvs_director_announce_settings',
    'lvs_director_frr_config_validate', 'lvs_director_frr_restart_timeout', 'lvs_director_frr',
    'lvs_director_frr_daemons_changed',
    'lvs_director_frr_start', 'lvs_director_frr_started_now',
    'lvs_director_announce_host', 'lvs_director_announce_changed', 'lvs_director_vip_unit_file',
    'lvs_director_vip_unit_changed', 'lvs_director_announce_dropin', 'lvs_director_frr_daemon_lines',
    'lvs_director_maintenance_switch',
    'lvs_director_after_reload',
    'lvs_maintenance_host', 'lvs_maintenance_state', 'lvs_maintenance_timeout', 'lvs_maintenance_quiet_seconds',
    'lvs_maintenance_validation', 'lvs_maintenance_switch', 'lvs_maintenance_traffic', 'lvs_maintenance_on',
    'lvs_maintenance_file', 'lvs_maintenance_verify', 'lvs_maintenance_cluster', 'lvs_maintenance_directors',
    'lvs_maintenance_vrrp', 'lvs_maintenance_wait', 'lvs_maintenance_summary',
    'lvs_drain_host', 'lvs_drain_state', 'lvs_drain_timeout', 'lvs_drain_validation', 'lvs_drain_part',
    'lvs_drain_directors', 'lvs_drain_drained', 'lvs_drain_wait',
    'lvs_director_config', 'lvs_director_host', 'lvs_director_ipvs_needed', 'lvs_director_daemon_args_changed',
    'lvs_director_sysctls', 'lvs_director_nat', 'lvs_director_dr_or_tun', 'lvs_director_active_active_sysctls',
    'lvs_director_host_files', 'lvs_director_restart_dropin_text', 'lvs_director_modules_text',
    'lvs_director_maintenance_text', 'lvs_director_installed', 'lvs_director_frr_installed',
    'lvs_director_restart_seconds', 'lvs_director_restart_dropin',
    'lvs_director_after_reload', 'lvs_director_decommission_ipvs',
    'lvs_director_decommission_seen', 'lvs_director_decommission_wait', 'lvs_director_drain_directory',
    'lvs_director_draining', 'lvs_site_decommissioned', 'lvs_site_part', 'lvs_cluster_derivation', 'lvs_site_vips',
    'lvs_site_settle',
    'lvs_director_started', 'lvs_director_changed',
    'lvs_status_director', 'lvs_status', 'lvs_status_json', 'lvs_status_fail_on_degraded',
    'lvs_rolling_batch_size', 'lvs_rolling_realserver_tasks', 'lvs_rolling_realserver_role',
    'lvs_rolling_director_tasks', 'lvs_rolling_director_role', 'lvs_rolling_plan', 'lvs_rolling_held',
    'lvs_rolling_step',
    'lvs_adopt_dest', 'lvs_adopt_path', 'lvs_adopt_force', 'lvs_adopt_check', 'lvs_adopt_read', 'lvs_adopt_result',
))
KNOWN_NAMES = frozenset(VARIABLES) | OTHER_NAMES


def names(scope):
    return sorted(name for name, var in VARIABLES.items() if var.scope == scope)


def _issue(rule_id, host, path, value, message, fix):
    return make_issue(rule_id, path, value, message, fix, host=host)


def shown(value):
    """A wrong value as a finding shows it: scalars as they are, containers by their type only (they may hold
    a password, and a whole mapping is no help in a one-line finding)."""
    return value if value is None or isinstance(value, (bool, int, float, str)) else describe_type(value)


def _coerce(host, path, kind, value, issues, doc=None):
    try:
        return True, kind.coerce(value)
    except Invalid as problem:
        fix = problem.fix if doc is None else '%s (%s)' % (problem.fix, doc)
        issues.append(_issue(problem.rule, host, path, shown(value), problem.message, fix))
        return False, None


def _unknown(host, name, issues):
    fix = did_you_mean(name, KNOWN_NAMES, 'remove it, or use one of the variables of docs/keys.md (%s)'
                       % ', '.join(sorted(VARIABLES)), cutoff=0.75)
    issues.append(_issue('LVS030', host, name, None, 'is not a variable lvs.cluster knows, so it would be ignored', fix))


def _per_instance(host, var, value, instances, issues):
    """lvs_vrrp_priority / lvs_vrrp_state: one value for every instance, or a mapping of instance to value."""
    if not isinstance(value, dict):
        return _coerce(host, var.name, var.kind, value, issues,
                       'or a mapping of VRRP instance name to %s' % var.kind.describe)
    result = {}
    for instance, item in value.items():
        path = '%s[%s]' % (var.name, instance)
        if str(instance) not in instances:
            issues.append(_issue('LVS031', host, path, None, 'names a VRRP instance that lvs_vrrp_instances does not '
                                 'define, so it would be ignored',
                                 did_you_mean(instance, instances, 'use one of: %s' % (
                                     ', '.join(sorted(instances)) or 'no instance is defined'))))
            continue
        ok, normalized = _coerce(host, path, var.kind, item, issues)
        if ok:
            result[str(instance)] = normalized
    return True, result


def _with_boolean(host, label, item, key, fix, issues):
    """``item`` (a mapping at ``label``) with its ``key`` as a boolean by Ansible's rules (never Python truthiness:
    the text "false" is false), or left out after a finding when it is none."""
    if not isinstance(item, dict) or item.get(key) is None:
        return item
    item = dict(item)
    try:
        item[key] = boolean(item[key])
    except Invalid as problem:
        issues.append(_issue('LVS102', host, label + '.' + key, shown(item[key]), problem.message, fix))
        del item[key]
    return item


def _virtual_servers(host, servers, issues):
    """The virtual servers whose derivation keys are sound; any other item is left for the model to report."""
    result = []
    for index, server in enumerate(servers):
        if not isinstance(server, dict):
            result.append(server)
            continue
        label = 'lvs_virtual_servers[%s]' % VirtualServer.label(server, index)
        server = dict(server)
        group = server.get('real_servers_from_group')
        if group is not None and not isinstance(group, str):
            issues.append(_issue('LVS102', host, label + '.real_servers_from_group', shown(group),
                                 'must be the name of one inventory group, not %s' % describe_type(group),
                                 'write one group name, e.g. real_servers_from_group: lvs_realservers; for several '
                                 'groups make one group with them as children'))
            del server['real_servers_from_group']
        defaults = server.get('real_server_defaults')
        if defaults is not None and not isinstance(defaults, dict):
            issues.append(_issue('LVS102', host, label + '.real_server_defaults', shown(defaults),
                                 'must be a mapping of real server keys, not %s' % describe_type(defaults),
                                 'write e.g. real_server_defaults: {weight: 1, checkers: [{type: TCP_CHECK}]}'))
            del server['real_server_defaults']
        if isinstance(server.get('real_servers'), list):
            server['real_servers'] = [
                _with_boolean(host, '%s.real_servers[%s]' % (label, RealServer.label(real, index)), real, EXTERNAL_KEY,
                              'write external: true for a real server lvs.cluster does not prepare, else leave it out',
                              issues) for index, real in enumerate(server['real_servers'])]
        result.append(_with_boolean(host, label, server, ANNOUNCE_KEY,
                                    'write announce: false to serve the VIP without announcing it', issues))
    return result


_FOR = {DIRECTOR: ('a director', 'the directors'), REALSERVER: ('a real server', 'the real servers')}


def misplaced(hostvars, scopes):
    """LVS032 for each variable given only to hosts it is not for (``scopes``: host -> DIRECTOR and/or REALSERVER):
    lvs_realserver_port in the directors' group_vars, lvs_vrrp_priority in a real server's host_vars. A variable
    that some host it is for has too (group_vars/all gives it to every host) is no mistake."""
    issues = []
    for name, var in sorted(VARIABLES.items()):
        given = [host for host in sorted(scopes) if hostvars.get(host, {}).get(name) is not None]
        if any(var.scope in scopes[host] for host in given):
            continue
        what, where = _FOR[var.scope]
        for host in given:
            issues.append(_issue('LVS032', host, name, shown(hostvars[host][name]),
                                 'is %s variable, and this host is not %s: lvs.cluster ignores it here' % (what, what),
                                 'set it on %s it is for (their host_vars, or their group\'s group_vars), or remove it'
                                 % where))
    return issues


def check_host(host, variables, scopes, instances=None):
    """(sound variables, issues) of one host. ``scopes``: DIRECTOR and/or REALSERVER, by the groups it is in;
    ``instances``: the VRRP instance names its per-instance mappings may name (default: its own)."""
    issues = []
    result = dict((name, value) for name, value in variables.items() if not name.startswith('lvs_'))
    if instances is None:
        own = variables.get('lvs_vrrp_instances')
        instances = set(str(name) for name in own) if isinstance(own, dict) else set()
    for name in sorted(variables):
        if not name.startswith('lvs_'):
            continue
        var = VARIABLES.get(name)
        if var is None:
            if name not in OTHER_NAMES:
                _unknown(host, name, issues)
            continue
        value = variables[name]
        if var.scope not in scopes or value is None:
            continue  # e.g. lvs_vrrp_priority in group_vars/all also reaches the real servers, which ignore it
        if name in PER_INSTANCE:
            ok, value = _per_instance(host, var, value, instances, issues)
        else:
            ok, value = _coerce(host, name, var.kind, value, issues)
        if ok and name == 'lvs_virtual_servers':
            value = _virtual_servers(host, value, issues)
        if ok:
            result[name] = value
    return result, issues
