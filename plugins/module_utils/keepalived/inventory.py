# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""From inventory variables to each director's keepalived configuration.

Operators write a cluster once, in the directors' group_vars, and only per-host differences in
host_vars. Every director's configuration is derived from its own variables, so that a host_vars
override shows up as a difference between directors for the cluster rules (cluster.py) to catch.

Derived, unless set explicitly:
- priority: from the host's position in the directors group (100, 90, 80, ...);
- state: MASTER for the highest priority, BACKUP for the others; with ``lvs_preempt: false``
  every director is BACKUP with nopreempt (the article's section 4 pair);
- router_id: the inventory host name;
- unicast_src_ip / unicast_peer: with ``lvs_vrrp_unicast: true``, this host's address and the others';
- real servers: the hosts of the group named by a virtual server's ``real_servers_from_group``,
  each with the address, port and weight from its own variables.
"""

from __future__ import absolute_import, division, print_function

import copy
import ipaddress

from .rules import make_issue

DIRECTORS_GROUP = 'lvs_directors'
REALSERVERS_GROUP = 'lvs_realservers'
DEFAULT_PRIORITY = 100
PRIORITY_STEP = 10

# The variables lvs.cluster reads from the inventory, for directors and real servers.
DIRECTOR_VARS = {
    'lvs_cluster_name': 'name of the cluster (default: the directors group); directors with the same name form one cluster',
    'lvs_l2_segment': 'name of the layer-2 segment the cluster\'s VRRP runs on (default: "default"); '
                      'virtual_router_ids must be unique per segment',
    'lvs_global_defs': 'global_defs keys; router_id defaults to the inventory host name',
    'lvs_vrrp_scripts': 'vrrp_script blocks by name',
    'lvs_vrrp_instances': 'vrrp_instance blocks by name, without priority and state (derived)',
    'lvs_vrrp_sync_groups': 'vrrp_sync_group blocks by name',
    'lvs_virtual_server_groups': 'virtual_server_group blocks by name',
    'lvs_virtual_servers': 'virtual_server list; real_servers_from_group and real_server_defaults derive real servers',
    'lvs_vrrp_priority': 'this director\'s priority: a number for every instance, or a mapping of instance to number',
    'lvs_vrrp_state': 'this director\'s state (MASTER/BACKUP), or a mapping of instance to state; normally derived',
    'lvs_preempt': 'false: every director BACKUP with nopreempt, so a recovered director does not take the VIP back',
    'lvs_vrrp_unicast': 'true: VRRP adverts by unicast between the directors instead of multicast',
    'lvs_vrrp_address': 'this director\'s address for unicast VRRP (default: ansible_host)',
    'lvs_failover_target': 'seconds; warn when a computed failover time (Master_Down_Interval) is above it',
}
REALSERVER_VARS = {
    'lvs_realserver_address': 'the address directors forward to (default: ansible_host, or the host name if it is an address)',
    'lvs_realserver_port': 'the port of this real server in every virtual server that derives it (default: the virtual port)',
    'lvs_realserver_weight': 'the weight of this real server (default: real_server_defaults.weight, else keepalived\'s 1)',
}
# Keys of a virtual server that lvs.cluster reads itself and does not render.
DERIVATION_KEYS = ('real_servers_from_group', 'real_server_defaults')
EXTERNAL_KEY = 'external'


class Director(object):
    """One director's derived configuration (model input form) and where it came from."""

    def __init__(self, host, cluster, segment, config, address):
        self.host = host
        self.cluster = cluster
        self.segment = segment
        self.config = config
        self.address = address


class RealServerHost(object):
    def __init__(self, host, address, groups):
        self.host = host
        self.address = address
        self.groups = groups


class Cluster(object):
    def __init__(self, name, directors):
        self.name = name
        self.directors = directors  # in group order

    @property
    def hosts(self):
        return [director.host for director in self.directors]


def _issue(rule_id, host, key, value, message, fix):
    return make_issue(rule_id, key, value, message, fix, host=host)


def host_address(host, variables):
    """ansible_host, or the inventory name itself when it is an IP address; None when neither is."""
    for candidate in (variables.get('ansible_host'), host):
        try:
            return str(ipaddress.ip_address(str(candidate)))
        except ValueError:
            continue
    return None


def _per_instance(value, instance):
    return value.get(instance) if isinstance(value, dict) else value


def _priorities(hosts, hostvars, instance, issues):
    """Each host's priority for ``instance``: explicit, or from its position in the group."""
    result = {}
    for index, host in enumerate(hosts):
        explicit = _per_instance(hostvars[host].get('lvs_vrrp_priority'), instance)
        if explicit is None:
            result[host] = DEFAULT_PRIORITY - PRIORITY_STEP * index
        elif isinstance(explicit, bool) or not isinstance(explicit, int):
            issues.append(_issue('LVS102', host, 'lvs_vrrp_priority', explicit, 'must be an integer from 1 to 255',
                                 'give a number, or a mapping of VRRP instance name to number'))
        else:
            result[host] = explicit
    return result


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
            hosts[host] = RealServerHost(host, address, sorted(g for g, m in groups.items() if host in m))
    return hosts


def _derived_real_servers(server, host, hostvars, groups, realservers, issues):
    group = server.get('real_servers_from_group')
    if group is None:
        return []
    if group not in groups:
        issues.append(_issue('LVS101', host, 'lvs_virtual_servers[].real_servers_from_group', group,
                             'is not a group of the inventory', 'name an inventory group of real servers'))
        return []
    defaults = server.get('real_server_defaults') or {}
    derived = []
    for member in groups[group]:
        variables = hostvars.get(member, {})
        if realservers[member].address is None:
            continue  # reported once by realserver_hosts
        real = copy.deepcopy(defaults)
        real['address'] = realservers[member].address
        port = variables.get('lvs_realserver_port', defaults.get('port', server.get('port')))
        if port is not None:
            real['port'] = port
        if variables.get('lvs_realserver_weight') is not None:
            real['weight'] = variables['lvs_realserver_weight']
        derived.append(real)
    return derived


def director_config(host, hosts, hostvars, groups, realservers, issues):
    """The model input for director ``host`` of a cluster whose directors are ``hosts`` (group order)."""
    variables = hostvars[host]
    config = {}
    global_defs = copy.deepcopy(variables.get('lvs_global_defs') or {})
    global_defs.setdefault('router_id', host)
    config['global_defs'] = global_defs
    for key, model_key in (('lvs_vrrp_scripts', 'vrrp_scripts'), ('lvs_vrrp_sync_groups', 'vrrp_sync_groups'),
                           ('lvs_virtual_server_groups', 'virtual_server_groups')):
        if variables.get(key):
            config[model_key] = copy.deepcopy(variables[key])

    preempt = variables.get('lvs_preempt', True)
    unicast = variables.get('lvs_vrrp_unicast', False)
    instances = {}
    for name, body in sorted((variables.get('lvs_vrrp_instances') or {}).items()):
        instance = copy.deepcopy(body) if isinstance(body, dict) else body
        if isinstance(instance, dict):
            priorities = _priorities(hosts, hostvars, name, issues)
            if 'priority' not in instance and host in priorities:
                instance['priority'] = priorities[host]
            state = _per_instance(variables.get('lvs_vrrp_state'), name)
            if state is not None:
                instance['state'] = state
            elif 'state' not in instance and not preempt:
                instance['state'] = 'BACKUP'
            elif 'state' not in instance and host in priorities:
                top = max(priorities.values())
                instance['state'] = 'MASTER' if priorities[host] == top else 'BACKUP'
            if not preempt:
                instance.setdefault('nopreempt', True)
            if unicast:
                peers = [_vrrp_address(h, hostvars[h]) for h in hosts if h != host]
                instance.setdefault('unicast_src_ip', _vrrp_address(host, variables))
                instance.setdefault('unicast_peer', [p for p in peers if p])
        instances[name] = instance
    if instances:
        config['vrrp_instances'] = instances

    servers = []
    for server in variables.get('lvs_virtual_servers') or []:
        if not isinstance(server, dict):
            servers.append(server)  # the model reports the type error with its path
            continue
        rendered = dict((k, copy.deepcopy(v)) for k, v in server.items() if k not in DERIVATION_KEYS)
        explicit = [dict((k, v) for k, v in real.items() if k != EXTERNAL_KEY) if isinstance(real, dict) else real
                    for real in server.get('real_servers') or []]
        rendered['real_servers'] = explicit + _derived_real_servers(server, host, hostvars, groups, realservers, issues)
        servers.append(rendered)
    if servers:
        config['virtual_servers'] = servers
    return config


def _vrrp_address(host, variables):
    return variables.get('lvs_vrrp_address') or host_address(host, variables)


def build(hostvars, groups, directors_group=DIRECTORS_GROUP, realservers_group=REALSERVERS_GROUP):
    """(clusters, realservers, issues) from every host's variables and the inventory's groups.

    ``hostvars``: host name -> its variables (already templated, vault values decrypted);
    ``groups``: group name -> host names in inventory order.
    """
    issues = []
    referenced = set([realservers_group])
    for host in groups.get(directors_group, []):
        for server in hostvars[host].get('lvs_virtual_servers') or []:
            if isinstance(server, dict) and server.get('real_servers_from_group') in groups:
                referenced.add(server['real_servers_from_group'])
    realservers = realserver_hosts(hostvars, groups, sorted(referenced), issues)
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
            config = director_config(host, hosts, hostvars, groups, realservers, issues)
            directors.append(Director(host, name, variables.get('lvs_l2_segment') or 'default', config,
                                      _vrrp_address(host, variables)))
        clusters.append(Cluster(name, directors))
    return clusters, realservers, issues


def realserver_services(host, hostvars, groups, directors_group=DIRECTORS_GROUP, realservers_group=REALSERVERS_GROUP):
    """(vips, method, issues) for real server ``host``: the virtual addresses of every virtual server that
    forwards to it, and the forwarding method they use (DR, TUN or NAT; one per real server)."""
    clusters, realservers, issues = build(hostvars, groups, directors_group, realservers_group)
    issues = [issue for issue in issues if issue.host == host]
    own = realservers.get(host)
    if own is None or own.address is None:
        return [], None, issues
    vips, methods = [], {}
    for cluster in clusters:
        for director in cluster.directors[:1]:  # directors of a cluster agree, or cluster_validate says so
            instance_vips = [(e['address'] if isinstance(e, dict) else e).split('/')[0]
                             for i in (director.config.get('vrrp_instances') or {}).values() if isinstance(i, dict)
                             for e in i.get('virtual_ipaddress') or []]
            groups_by_name = director.config.get('virtual_server_groups') or {}
            for server in director.config.get('virtual_servers') or []:
                if not isinstance(server, dict):
                    continue
                if own.address not in [str(r.get('address')) for r in server.get('real_servers') or [] if isinstance(r, dict)]:
                    continue
                method = str(server.get('lvs_method') or server.get('lb_kind') or 'NAT').upper()  # keepalived's default
                if server.get('address'):
                    addresses = [str(server['address'])]
                elif server.get('group'):
                    addresses = [str(m['address']) for m in groups_by_name.get(server['group']) or []
                                 if isinstance(m, dict) and m.get('address')]
                else:  # fwmark: any VIP of the cluster may be marked
                    addresses = instance_vips
                for address in addresses:
                    methods.setdefault(method, []).append(address)
                    if address not in vips:
                        vips.append(address)
    if len(methods) > 1:
        issues.append(make_issue('LVS104', 'lvs_virtual_servers[].lvs_method', ', '.join(sorted(methods)),
                                 'mixes forwarding methods for this real server (%s)' % '; '.join(
                                     '%s: %s' % (m, ', '.join(a)) for m, a in sorted(methods.items())),
                                 'use one lvs_method for every virtual server of a real server', host=host))
        return vips, None, issues
    return vips, (list(methods)[0] if methods else None), issues
