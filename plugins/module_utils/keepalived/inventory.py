# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""From inventory variables to each director's keepalived configuration.

Operators write a cluster once, in the directors' group_vars, and only per-host differences in
host_vars. Every director's configuration is derived from its own variables, so that a host_vars
override shows up as a difference between directors for the cluster rules (cluster.py) to catch.

Derived, unless set explicitly:
- priority: from the host's position in the directors group (100, 90, 80, ...);
- state: MASTER for the director the election picks (election.py: the highest priority, explicit in an
  instance's body or derived), BACKUP for the others; with ``lvs_preempt: false``
  every director is BACKUP with nopreempt (the article's section 4 pair); under ``vrrp_strict``
  every director but an address owner (priority 255) is BACKUP, as keepalived requires;
- router_id: the inventory host name;
- unicast_src_ip / unicast_peer: with ``lvs_vrrp_unicast: true``, this host's address and the others';
- with ``lvs_vrrp_profile: fast``, VRRPv3, advert_int and GARP timers (profiles.py);
- real servers: the hosts of the group named by a virtual server's ``real_servers_from_group``,
  each with the address, port and weight from its own variables; a host with ``lvs_realserver_state: absent``
  is left out (decommissioned: each director knows its address, to drain it before the reload removes it).
"""

from __future__ import absolute_import, division, print_function

import ipaddress

from . import activeactive, election, operations, profiles, sync
from .blocks import DEFAULT_PRIORITY, PRIORITY, RealServer, VirtualServer
from .entries import VirtualAddress, address_of
from .origins import TOP_LEVEL, Origins
from .rules import make_issue
from .values import Bool, Flag, Invalid, did_you_mean, family_of
from .variables import ABSENT, DERIVATION_KEYS, DIRECTOR, EXTERNAL_KEY, REALSERVER, check_host, misplaced

DIRECTORS_GROUP = 'lvs_directors'
REALSERVERS_GROUP = 'lvs_realservers'
PRIORITY_STEP = 10  # the first director gets keepalived's default priority, the next ones 10 less each


class Director(object):
    """One director's derived configuration (model input form), where its parts came from, and its own
    (checked) variables; in an active-active cluster also its Announcement and BGP settings."""

    def __init__(self, host, cluster, segment, config, addresses, variables, origins, announcement=None,
                 decommissioned=()):
        self.host = host
        self.cluster = cluster
        self.segment = segment
        self.config = config
        self.addresses = addresses  # its VRRP addresses, at most one per family
        self.variables = variables
        self.origins = origins
        self.mode = activeactive.mode(variables)
        self.announcement = announcement
        self.bgp = activeactive.bgp_settings(host_address(host, variables), variables, announcement) \
            if announcement is not None else None
        self.failover_target = variables.get('lvs_failover_target')
        self.external = _external(variables)  # real server addresses the operator prepares (external: true)
        self.decommissioned = decommissioned  # addresses of the absent real servers its groups still hold

    @property
    def address(self):
        return self.addresses[0] if self.addresses else None


def _external(variables):
    """The addresses of the real servers marked ``external: true`` in a director's (checked) virtual servers; the
    key is the derivation's, never rendered."""
    found = set()
    for server in variables.get('lvs_virtual_servers') or []:
        for real in (server.get('real_servers') or []) if isinstance(server, dict) else []:
            if isinstance(real, dict) and real.get(EXTERNAL_KEY) is True:  # checked: an Ansible boolean
                found.add(str(real.get('address')))
    return found


class RealServerHost(object):
    def __init__(self, host, address, state, gateway=None):
        self.host = host
        self.address = address
        self.absent = state == ABSENT  # decommissioned: no director forwards to it
        self.gateway = gateway  # LVS-NAT: the VIP its answers go through (lvs_realserver_gateway), if said


class Cluster(object):
    def __init__(self, name, directors):
        self.name = name
        self.directors = directors  # in group order


def copy_data(value):
    """A copy of variables' data (mappings, lists, scalars): copy.deepcopy's generality costs a large fleet seconds."""
    if isinstance(value, dict):
        return dict((key, copy_data(item)) for key, item in value.items())
    if isinstance(value, list):
        return [copy_data(item) for item in value]
    return value


def _issue(rule_id, host, key, value, message, fix):
    return make_issue(rule_id, key, value, message, fix, host=host)


def host_address(host, variables):
    """ansible_host, or the inventory name itself when it is an IP address; None when neither is."""
    for candidate in (variables.get('ansible_host'), host):
        if isinstance(candidate, (str, int)) and not isinstance(candidate, bool):
            try:
                return str(ipaddress.ip_address(str(candidate).strip()))
            except ValueError:
                continue
    return None


def vrrp_addresses(host, variables):
    """A director's addresses for unicast VRRP: lvs_vrrp_address (checked: one per family), else its host address."""
    if variables.get('lvs_vrrp_address'):
        return list(variables['lvs_vrrp_address'])
    address = host_address(host, variables)
    return [address] if address else []


def _per_instance(value, instance):
    return value.get(instance) if isinstance(value, dict) else value


def _instance_family(body):
    """4 or 6: the family of an instance's first readable virtual address (VRRP runs in one family per instance)."""
    entries = body.get('virtual_ipaddress')
    for entry in entries if isinstance(entries, list) else [entries]:
        try:
            return family_of(address_of(VirtualAddress().coerce(entry)))
        except Invalid:
            continue  # the model reports it
    return 4


def _strict(variables, instance):
    """Whether ``instance`` runs in strict mode: its strict_mode, else lvs_global_defs' vrrp_strict (an unreadable
    value is the model's to report: not strict here)."""
    own = Bool().coerced_or_none(instance.get('strict_mode')) if instance.get('strict_mode') is not None else None
    if own is not None:
        return own
    return bool(Flag().coerced_or_none((variables.get('lvs_global_defs') or {}).get('vrrp_strict', False)))


def _priorities(hosts, hostvars, instance):
    """Each host's priority for ``instance`` from lvs_vrrp_priority (already checked), or from its position in
    the group."""
    result = {}
    for index, host in enumerate(hosts):
        explicit = _per_instance(hostvars[host].get('lvs_vrrp_priority'), instance)
        result[host] = DEFAULT_PRIORITY - PRIORITY_STEP * index if explicit is None else explicit
    return result


def _body(variables, instance):
    """The host's own body of ``instance``; {} when there is none or it is not a mapping (the model reports it)."""
    bodies = variables.get('lvs_vrrp_instances')
    body = bodies.get(instance) if isinstance(bodies, dict) else None
    return body if isinstance(body, dict) else {}


def _body_priority(variables, instance):
    """The priority written in the host's own instance body, None when there is none or it is unreadable."""
    return PRIORITY.coerced_or_none(_body(variables, instance).get('priority'))


def _master(hosts, hostvars, instance, priorities):
    """The director the election makes MASTER of ``instance``, from the priorities each director will have."""
    def priority(host):
        body = _body_priority(hostvars[host], instance)
        return priorities[host] if body is None else body
    return election.ranked(hosts, priority)[0]


def _peer_priorities(host, hosts, hostvars):
    """Instance name -> (``host``'s priority, the other directors' priorities, whether they all preempt), for the
    instances ``host`` shares with other directors (what operations.add_maintenance needs)."""
    result = {}
    for name, body in (hostvars[host].get('lvs_vrrp_instances') or {}).items():
        sharing = [other for other in hosts if name in (hostvars[other].get('lvs_vrrp_instances') or {})]
        if host not in sharing or len(sharing) < 2:
            continue
        priorities = _priorities(hosts, hostvars, name)
        for member in sharing:
            written = _body_priority(hostvars[member], name)
            priorities[member] = written if written is not None else priorities[member]
        others = [other for other in sharing if other != host]
        preempt = all(hostvars[other].get('lvs_preempt', True) and not Flag().coerced_or_none(_body(hostvars[other], name).get('nopreempt'))
                      for other in others)
        result[name] = (priorities[host], [priorities[other] for other in others], preempt)
    return result


def _variable(name, value, instance):
    return '%s[%s]' % (name, instance) if isinstance(value, dict) else name


def realserver_hosts(hostvars, groups, group_names, issues):
    """The real server hosts of the named groups, by host name."""
    hosts = {}
    for group in group_names:
        for host in groups.get(group, []):
            if host in hosts:
                continue
            variables = hostvars.get(host, {})
            address = variables.get('lvs_realserver_address') or host_address(host, variables)
            if address is None:
                issues.append(_issue('LVS106', host, 'lvs_realserver_address', None,
                                     'is not set and neither ansible_host nor the host name is an IP address',
                                     'set lvs_realserver_address (or ansible_host) to the address directors forward to'))
            hosts[host] = RealServerHost(host, address, variables.get('lvs_realserver_state'),
                                         variables.get('lvs_realserver_gateway'))
    return hosts


def _derived_real_servers(server, label, host, hostvars, groups, realservers, origins, issues):
    group = server.get('real_servers_from_group')
    if group is None:
        return []
    where = 'lvs_virtual_servers[%s]' % label
    # before the group is known to exist: an empty real server list is then the group's finding, not another one
    origins.add('virtual_servers[%s].real_servers' % label, where + '.real_servers_from_group', exact=True, value=group)
    if group not in groups:
        issues.append(_issue('LVS101', host, where + '.real_servers_from_group', group, 'is not a group of the inventory',
                             did_you_mean(group, groups, 'name an inventory group of real servers')))
        return []
    defaults = server.get('real_server_defaults') or {}
    # the same for every member: formatted once (a fleet's group has thousands)
    from_defaults, from_group, from_port = where + '.real_server_defaults', where + '.real_servers_from_group', where + '.port'
    port_default = None if server.get('fwmark') is not None else defaults.get('port', server.get('port'))
    derived = []
    for member in groups[group]:
        variables = hostvars.get(member, {})
        if realservers[member].address is None or realservers[member].absent:
            continue  # reported once by realserver_hosts, or decommissioned
        real = copy_data(defaults)
        real['address'] = realservers[member].address
        if server.get('fwmark') is None:  # a firewall mark has no ports: keepalived -t refuses them there
            port = variables.get('lvs_realserver_port', port_default)
            if port is not None:
                real['port'] = port
        if variables.get('lvs_realserver_weight') is not None:
            real['weight'] = variables['lvs_realserver_weight']
        model = 'virtual_servers[%s].real_servers[%s]' % (
            label, RealServer.label_of(real['address'], real.get('port'), len(derived)))
        origins.add(model, from_defaults)
        origins.add(model, from_group, exact=True, value='%s (host %s)' % (group, member))
        origins.add(model + '.address', 'lvs_realserver_address' if 'lvs_realserver_address' in variables
                    else 'ansible_host', host=member)
        for key in ('port', 'weight'):
            if 'lvs_realserver_' + key in variables:
                origins.add('%s.%s' % (model, key), 'lvs_realserver_' + key, host=member)
            elif key == 'port' and 'port' not in defaults:
                origins.add(model + '.port', from_port)
        derived.append(real)
    return derived


def _instance(host, name, body, hosts, hostvars, origins, issues):
    """One VRRP instance of director ``host`` with priority, state, nopreempt and unicast derived."""
    variables = hostvars[host]
    instance = copy_data(body)
    where = 'vrrp_instances[%s]' % name
    priorities = _priorities(hosts, hostvars, name)
    if 'priority' not in instance:
        instance['priority'] = priorities[host]
        origins.add(where + '.priority', _variable('lvs_vrrp_priority', variables.get('lvs_vrrp_priority'), name))
    state = _per_instance(variables.get('lvs_vrrp_state'), name)
    preempt = variables.get('lvs_preempt', True)
    if state is not None:
        instance['state'] = state
        origins.add(where + '.state', _variable('lvs_vrrp_state', variables['lvs_vrrp_state'], name))
    elif 'state' not in instance:
        # in strict mode only the address owner may start as MASTER; the election still picks the highest
        owner_only = _strict(variables, instance) and instance['priority'] != 255
        elected = _master(hosts, hostvars, name, priorities) == host
        instance['state'] = 'MASTER' if preempt and elected and not owner_only else 'BACKUP'
        origins.add(where + '.state', 'lvs_vrrp_state' if preempt else 'lvs_preempt')
    if not preempt and 'nopreempt' not in instance:
        instance['nopreempt'] = True
        origins.add(where + '.nopreempt', 'lvs_preempt', value=False)
    if variables.get('lvs_vrrp_unicast', False):
        family = _instance_family(instance)
        own = [a for a in vrrp_addresses(host, variables) if family_of(a) == family]
        if not own and 'unicast_src_ip' not in instance:
            unset = '' if variables.get('lvs_vrrp_address') or host_address(host, variables) else \
                ' (it is not set, and neither ansible_host %s nor the host name is an IP address)' % variables.get('ansible_host')
            issues.append(_issue('LVS011', host, 'lvs_vrrp_address', None,
                                 'has no IPv%d address for the unicast VRRP of instance %s (IPv%d)%s' % (
                                     family, name, family, unset),
                                 'give this director one address per family, e.g. lvs_vrrp_address: '
                                 '[10.1.1.160, 2001:db8::160]'))
        if 'unicast_peer' not in instance:
            instance['unicast_peer'] = [a for h in hosts if h != host for a in vrrp_addresses(h, hostvars[h])
                                        if family_of(a) == family]
            origins.add(where + '.unicast_peer', 'lvs_vrrp_unicast')
        # without a peer (one whose address is unknown has its own finding) a source would be a unicast keyword
        # alone, which keepalived refuses (LVS232)
        if own and 'unicast_src_ip' not in instance and instance['unicast_peer']:
            instance['unicast_src_ip'] = own[0]
            origins.add(where + '.unicast_src_ip', 'lvs_vrrp_address')
    return instance


def director_config(host, hosts, hostvars, groups, realservers, issues):
    """(model input, origins, Announcement or None) for director ``host`` of a cluster whose directors are
    ``hosts`` (group order); ``hostvars`` holds checked variables (variables.check_host)."""
    variables = hostvars[host]
    origins = Origins()
    config = {}
    global_defs = copy_data(variables.get('lvs_global_defs') or {})
    global_defs.setdefault('router_id', host)
    config['global_defs'] = global_defs
    for model_key, key in TOP_LEVEL:
        if model_key not in ('global_defs', 'vrrp_instances', 'virtual_servers') and variables.get(key):
            config[model_key] = copy_data(variables[key])

    instances = {}
    for name, body in (variables.get('lvs_vrrp_instances') or {}).items():
        instances[name] = _instance(host, name, body, hosts, hostvars, origins, issues) if isinstance(body, dict) else body
    if instances:
        config['vrrp_instances'] = instances

    servers, derived = [], []
    for index, server in enumerate(variables.get('lvs_virtual_servers') or []):
        if not isinstance(server, dict):
            servers.append(server)  # the model reports the type error with its path
            continue
        label = VirtualServer.label(server, index)
        rendered = dict((k, copy_data(v)) for k, v in server.items() if k not in DERIVATION_KEYS)
        given = server.get('real_servers')
        if given is not None and not isinstance(given, list):
            rendered['real_servers'] = given  # the model reports the type error with its path
        else:
            explicit = [dict((k, v) for k, v in real.items() if k != EXTERNAL_KEY) if isinstance(real, dict) else real
                        for real in given or []]
            rendered['real_servers'] = explicit + _derived_real_servers(server, label, host, hostvars, groups,
                                                                        realservers, origins, issues)
        servers.append(rendered)
        derived.append((label, server, rendered))
    announcement = None
    if activeactive.mode(variables) == activeactive.ACTIVE_ACTIVE:
        announcement = activeactive.derive(derived, variables, config, origins)
    if servers:
        config['virtual_servers'] = servers
    if activeactive.mode(variables) != activeactive.ACTIVE_ACTIVE:  # active-active directors hash flows alike
        sync.add_sync_daemon(config, variables)
        profiles.add_profile(config, variables, origins)  # VRRP timers: an active-active cluster runs no VRRP
    if variables.get(operations.SWITCHES_VARIABLE, True):
        operations.add_drain(config)
        operations.add_maintenance(config, _peer_priorities(host, hosts, hostvars))
    return config, origins, announcement


def decommissioned(variables, groups, realservers):
    """The addresses of the absent real servers in the groups a director's virtual servers derive from: what it
    forwarded to before they were marked absent, and drains before its reload removes them."""
    found = set()
    for server in variables.get('lvs_virtual_servers') or []:
        group = server.get('real_servers_from_group') if isinstance(server, dict) else None
        for member in groups.get(group, []) if group is not None else []:
            if realservers[member].absent and realservers[member].address is not None:
                found.add(realservers[member].address)
    return sorted(found)


def realserver_groups(hostvars, groups, directors_group, realservers_group):
    """The real server groups: the default one and every group of the inventory a director's virtual server names."""
    referenced = set([realservers_group])
    for host in groups.get(directors_group, []):
        servers = hostvars.get(host, {}).get('lvs_virtual_servers')
        for server in servers if isinstance(servers, list) else []:
            group = server.get('real_servers_from_group') if isinstance(server, dict) else None
            if isinstance(group, str) and group in groups:
                referenced.add(group)
    return sorted(referenced)


def check(hostvars, groups, directors_group=DIRECTORS_GROUP, realservers_group=REALSERVERS_GROUP):
    """(checked hostvars, real server groups, issues): every director's and real server's variables through
    variables.check_host, so that what follows only sees sound values."""
    issues = []
    referenced = realserver_groups(hostvars, groups, directors_group, realservers_group)
    checked = dict(hostvars)
    scopes = {}  # host -> DIRECTOR and/or REALSERVER, by the groups it is in
    for host in groups.get(directors_group, []):
        scopes.setdefault(host, set()).add(DIRECTOR)
    for group in referenced:
        for host in groups.get(group, []):
            scopes.setdefault(host, set()).add(REALSERVER)
    for host in scopes:
        checked[host], found = check_host(host, hostvars.get(host, {}), scopes[host])
        issues.extend(found)
    issues.extend(misplaced(hostvars, scopes))
    return checked, referenced, issues


def build(hostvars, groups, directors_group=DIRECTORS_GROUP, realservers_group=REALSERVERS_GROUP):
    """(clusters, realservers, issues) from every host's variables and the inventory's groups.

    ``hostvars``: host name -> its variables (already templated, vault values decrypted);
    ``groups``: group name -> host names in inventory order.
    """
    hostvars, referenced, issues = check(hostvars, groups, directors_group, realservers_group)
    realservers = realserver_hosts(hostvars, groups, referenced, issues)
    by_name = {}
    for host in groups.get(directors_group, []):
        name = hostvars[host].get('lvs_cluster_name') or directors_group
        by_name.setdefault(name, []).append(host)
    clusters = []
    for name in sorted(by_name):
        hosts = by_name[name]
        directors = []
        for host in hosts:
            variables = hostvars[host]
            config, origins, announcement = director_config(host, hosts, hostvars, groups, realservers, issues)
            directors.append(Director(host, name, variables.get('lvs_l2_segment') or 'default', config,
                                      vrrp_addresses(host, variables), variables, origins, announcement,
                                      decommissioned(variables, groups, realservers)))
        clusters.append(Cluster(name, directors))
    return clusters, realservers, issues
