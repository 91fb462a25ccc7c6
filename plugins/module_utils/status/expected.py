# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each cluster should look like, from the model's one derivation of the inventory: the Report that
``keepalived/cluster.validate`` returns (the same derivation cluster_validate and keepalived_config use). Nothing
here knows keepalived's rules; it only lays out, as plain data, what the model derived:

    {cluster name: {
        mode: vrrp | active_active,
        order: [host, in inventory order],
        directors: {host: {address, vrrp_instances: [name], virtual_servers: [key], maintenance, announcement:
                    {served, services: {announce key: [VIP]}, settle} or None, bgp_peers: [{address, asn}]}},
        vrrp_instances: {name: {vrid, vips, priorities: {host: priority}, master, preempt}},
        virtual_servers: [{key, ipvs: [IPVS service names], vips, scheduler, method, quorum, announce_key, directors,
                           real_servers: [{key, address, port, name, weights: {host: weight}}]}],
        decommissioned: {address: host}: the real servers with lvs_realserver_state: absent it forwarded to,
    }}

No secret (VRRP or BGP password) is carried.
"""

from __future__ import absolute_import, division, print_function

from ..keepalived import activeactive
from ..keepalived.values import addresses_in
from . import keys

# keepalived's defaults when the configuration does not say
DEFAULT_WEIGHT = 1
DEFAULT_QUORUM = 1


def _service(conf, server):
    """(key, IPVS service names, VIPs) of a virtual server of the model."""
    if server.group is not None:
        names, vips = [], []
        for member in conf.group_members(server):
            if 'fwmark' in member:
                names.append(keys.service(None, fwmark=member['fwmark']))
            elif 'address' in member:  # IPVS has a service for each address of a range, port 0 where none is given
                for address in addresses_in(member['address']):
                    names.append(keys.service(server.protocol, address, member.get('port', 0)))
                    if keys.address(address) not in vips:
                        vips.append(keys.address(address))
        return 'group %s' % server.group, names, vips
    if server.fwmark is not None:
        name = keys.service(None, fwmark=server.fwmark)
        return name, [name], []
    name = keys.service(server.protocol, server.address, server.port)
    return name, [name], [keys.address(server.address)]


def _announce_key(conf, server, announcement):
    """The key the director's announcement helper knows this virtual server by, when it announces it."""
    if announcement is None:
        return None
    declared = {'group': server.group, 'address': server.address, 'fwmark': server.fwmark,
                'protocol': server.protocol, 'port': server.port}
    key, _vips = activeactive.service(declared, conf.virtual_server_groups or {})
    return key if key in announcement.services else None


def _virtual_servers(members, names):
    found = {}
    for member in members:
        conf = member.conf
        for server in (conf.virtual_servers or []) if conf is not None else []:
            key, ipvs, vips = _service(conf, server)
            entry = found.get(key)
            if entry is None:
                entry = found[key] = {
                    'key': key, 'ipvs': ipvs, 'vips': vips, 'scheduler': server.lvs_sched,
                    'method': server.method,
                    'quorum': server.quorum if server.quorum is not None else DEFAULT_QUORUM,
                    'announce_key': _announce_key(conf, server, member.director.announcement),
                    'directors': [], 'real_servers': []}
            entry['directors'].append(member.host)
            for real in server.real_servers or []:
                real_key = keys.endpoint(real.address, real.port)
                known = [r for r in entry['real_servers'] if r['key'] == real_key]
                if not known:
                    known = [{'key': real_key, 'address': keys.address(real.address), 'port': real.port,
                              'name': names.get(keys.address(real.address)), 'weights': {}}]
                    entry['real_servers'].append(known[0])
                known[0]['weights'][member.host] = real.weight if real.weight is not None else DEFAULT_WEIGHT
    return list(found.values())


def _director(member, servers):
    director = member.director
    conf = member.conf
    announcement = director.announcement
    peers = (director.bgp or {}).get('peers') if announcement is not None else None
    return {
        'address': director.address,
        'vrrp_instances': sorted((conf.vrrp_instances or {}) if conf is not None else {}),
        'virtual_servers': [s['key'] for s in servers if member.host in s['directors']],
        # lvs_director_maintenance: whether the director should be in maintenance, whatever the cluster's mode
        'maintenance': bool(member.variables.get('lvs_director_maintenance', False)),
        'announcement': None if announcement is None else {
            'served': [keys.address(vip) for vip in announcement.served],
            'services': dict((key, [keys.address(vip) for vip in vips]) for key, vips in announcement.services.items()),
            'settle': announcement.settle},
        # addresses and AS numbers only: a peer's password stays in the inventory
        'bgp_peers': [{'address': keys.address(peer.get('address')), 'asn': peer.get('asn')}
                      for peer in peers if isinstance(peer, dict)] if isinstance(peers, list) else [],
    }


def _vrrp_instances(summary, members):
    result = {}
    for name, instance in sorted(summary.get('vrrp_instances', {}).items()):
        vrids = [m.conf.vrrp_instances[name].virtual_router_id for m in members
                 if m.conf is not None and name in (m.conf.vrrp_instances or {})]
        result[name] = {'vrid': vrids[0] if vrids else None,
                        'vips': [keys.address(vip) for vip in instance['virtual_ipaddress']],
                        'priorities': dict(instance['priorities']), 'master': instance['master'],
                        'preempt': instance['preempt']}
    return result


def _decommissioned(report, members):
    """{address: host} of the absent real servers that a cluster's directors forwarded to."""
    forwarded = set(address for member in members for address in member.director.decommissioned)
    return dict((keys.address(rs.address), rs.host) for rs in report.realservers.values()
                if rs.absent and rs.address in forwarded)


def from_report(report):
    """{cluster name: expected cluster} from a keepalived/cluster.py Report."""
    names = dict((keys.address(rs.address), rs.host) for rs in report.realservers.values() if rs.address)
    summary = report.summary()
    result = {}
    for name, members in sorted(report.clusters.items()):
        servers = _virtual_servers(members, names)
        result[name] = {
            'mode': summary[name]['mode'] or activeactive.VRRP,
            'directors': dict((member.host, _director(member, servers)) for member in members),
            'order': [member.host for member in members],
            'vrrp_instances': _vrrp_instances(summary[name], members),
            'virtual_servers': servers,
            'decommissioned': _decommissioned(report, members),
        }
    return result
