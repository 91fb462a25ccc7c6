# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad inventories, generated from mutation tables of the article's cluster: every one is refused with its
rule, on the right host, naming the variable as the operator wrote it, the value and a fix.

BAD_VALUES: wrong values of each lvs_* variable, placed in group_vars (every host of the group) and in one
host's host_vars. MISTAKES: realistic mistakes of other classes (typos, collisions, families, fwmark, ...).
"""

from __future__ import absolute_import, division, print_function

import copy

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, variables
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import ERROR

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (  # shared inventories
    active_active, aa_server, article, fast, on_aa, on_directors)

DIRECTORS = ('lvs1', 'lvs2')
REALSERVERS = ('rs1', 'rs2')

# variable -> [(bad value, rule)]
BAD_VALUES = {
    'lvs_cluster_name': [([], 'LVS102'), ({}, 'LVS102'), (True, 'LVS102'), ('two words', 'LVS105'), ('a/b', 'LVS112'),
                         ('', 'LVS105')],
    'lvs_l2_segment': [(['a'], 'LVS102'), (False, 'LVS102'), ('rack 2', 'LVS105'), ('rack#2', 'LVS105')],
    'lvs_global_defs': [([], 'LVS102'), ('router_id lvs1', 'LVS102'), (5, 'LVS102'), (True, 'LVS102')],
    'lvs_vrrp_scripts': [(['chk'], 'LVS102'), ('chk_nfs', 'LVS102'), (0, 'LVS102')],
    'lvs_vrrp_track_files': [(['flag'], 'LVS102'), ('/run/flag', 'LVS102'), (1, 'LVS102')],
    'lvs_vrrp_track_processes': [(['nginx'], 'LVS102'), ('nginx', 'LVS102'), (True, 'LVS102')],
    'lvs_bfd_instances': [(['rs5'], 'LVS102'), ('rs5', 'LVS102'), (1, 'LVS102')],
    'lvs_vrrp_instances': [([{'VI_1': {}}], 'LVS102'), ('VI_1', 'LVS102'), (51, 'LVS102'), (False, 'LVS102')],
    'lvs_vrrp_sync_groups': [(['VI_1'], 'LVS102'), ('VG_1', 'LVS102')],
    'lvs_virtual_server_groups': [(['10.1.1.166 80'], 'LVS102'), ('web', 'LVS102')],
    'lvs_virtual_servers': [({'address': '10.1.1.166'}, 'LVS102'), ('10.1.1.166:80', 'LVS102'), (80, 'LVS102'),
                            (True, 'LVS102')],
    'lvs_vrrp_priority': [('high', 'LVS102'), (0, 'LVS103'), (256, 'LVS103'), (True, 'LVS102'), ([100], 'LVS102'),
                          (99.5, 'LVS102'), ({'VI_1': 'high'}, 'LVS102'), ({'VI_1': 300}, 'LVS103'),
                          ({'VI_9': 100}, 'LVS031'), ({'vi_1': 100}, 'LVS031')],
    'lvs_vrrp_state': [('PRIMARY', 'LVS104'), ('master slave', 'LVS104'), ([], 'LVS102'), ({'VI_1': 'UP'}, 'LVS104'),
                       ({'VI_2': 'BACKUP'}, 'LVS031'), (True, 'LVS102')],
    'lvs_preempt': [('maybe', 'LVS102'), (2, 'LVS102'), ([], 'LVS102'), ({}, 'LVS102'), ('nopreempt', 'LVS102'),
                    ('', 'LVS102')],
    'lvs_vrrp_unicast': [('unicast', 'LVS102'), (-1, 'LVS102'), (['yes'], 'LVS102'), ('2', 'LVS102')],
    'lvs_vrrp_address': [('10.1.1.999', 'LVS106'), (['10.1.1.160', '10.1.1.161'], 'LVS106'), ([], 'LVS106'),
                         (True, 'LVS102'), ('lvs1.example.org', 'LVS106'), ({'ipv4': '10.1.1.160'}, 'LVS102')],
    'lvs_failover_target': [('fast', 'LVS102'), (0, 'LVS103'), (-1, 'LVS103'), ([], 'LVS102'), (True, 'LVS102')],
    'lvs_realserver_address': [('rs1.example.org', 'LVS106'), ('10.1.1.300', 'LVS106'), ([], 'LVS102'),
                               (False, 'LVS102')],
    'lvs_realserver_gateway': [('gw.example.org', 'LVS106'), ('10.1.3.300', 'LVS106'), ([], 'LVS102'), (False, 'LVS102')],
    'lvs_realserver_port': [(0, 'LVS103'), (70000, 'LVS103'), ('http', 'LVS102'), ([80], 'LVS102'), (True, 'LVS102')],
    'lvs_realserver_weight': [(-1, 'LVS103'), ('heavy', 'LVS102'), ({}, 'LVS102'), (1.5, 'LVS102')],
    'lvs_realserver_state': [('gone', 'LVS104'), ('decommissioned', 'LVS104'), (False, 'LVS102'), (['absent'], 'LVS102')],
    'lvs_cluster_mode': [('active-active', 'LVS104'), ('bgp', 'LVS104'), ([], 'LVS102'), (True, 'LVS102')],
    'lvs_bgp_asn': [(0, 'LVS103'), ('AS65001', 'LVS102'), (4294967296, 'LVS103'), (True, 'LVS102'), ([65001], 'LVS102')],
    'lvs_bgp_peers': [('10.1.1.1', 'LVS102'), ([], 'LVS102'), ([{'address': '10.1.1.1'}], 'LVS109'),
                      ([{'adress': '10.1.1.1', 'asn': 65000}], 'LVS101'), ([{'address': 'router1', 'asn': 65000}], 'LVS106'),
                      ([{'address': '10.1.1.1', 'asn': 65000, 'bfd': 'fast'}], 'LVS102'),
                      ([{'address': '10.1.1.1', 'asn': 65000, 'password': 'two words'}], 'LVS105'),
                      ([{'address': '10.1.1.1', 'asn': 65000, 'password': 'x' * 81}], 'LVS103'),
                      ([{'address': '10.1.1.1', 'asn': 65000}, {'address': '10.1.1.1', 'asn': 65000}], 'LVS111'),
                      (['10.1.1.1'], 'LVS102'), ({'address': '10.1.1.1', 'asn': 65000}, 'LVS102')],
    'lvs_bgp_timers': [({'keepalive': 10, 'hold': 20}, 'LVS103'), ({'keepalive': 'fast'}, 'LVS102'),
                       ({'hold_time': 9}, 'LVS101'), ('3 9', 'LVS102'), ([3, 9], 'LVS102'), ({'hold': 0}, 'LVS103')],
    'lvs_bgp_router_id': [('2001:db8::1', 'LVS106'), ('lvs1', 'LVS106'), (True, 'LVS102'), ([], 'LVS102')],
    'lvs_vip_interface': [('lvs vip', 'LVS107'), ('lvs-vip-interface0', 'LVS107'), ([], 'LVS102'), ('lvs/vip', 'LVS107')],
    'lvs_director_maintenance': [('maybe', 'LVS102'), (2, 'LVS102'), ([], 'LVS102'), ('drain', 'LVS102')],
    'lvs_operation_switches': [('maybe', 'LVS102'), (2, 'LVS102'), ({}, 'LVS102')],
    'lvs_connection_sync': [('maybe', 'LVS102'), (2, 'LVS102'), ([], 'LVS102')],
    'lvs_director_vrrp_only': [('maybe', 'LVS102'), ([], 'LVS102')],
    'lvs_vrrp_profile': [('faster', 'LVS104'), ('v3', 'LVS104'), (0.1, 'LVS102'), ([], 'LVS102'), (True, 'LVS102')],
    'lvs_keepalived_passthrough': [('linkbeat_use_polling', 'LVS102'), ({'static_routes': ['10.0.0.0/8 via 10.1.1.1']},
                                                                        'LVS102'), (5, 'LVS102'), (True, 'LVS102')],
}


def _placements(name):
    hosts = DIRECTORS if variables.VARIABLES[name].scope == variables.DIRECTOR else REALSERVERS
    return [('group_vars', hosts), ('host_vars', hosts[1:])]


def _set(hosts, name, value):
    def change(hostvars, groups):
        for host in hosts:
            hostvars[host][name] = copy.deepcopy(value)
    return change


def _var_path(name, value):
    if name in variables.PER_INSTANCE and isinstance(value, dict):
        return '%s[%s]' % (name, list(value)[0])
    return name


def _shown(name, value, rule):
    if name in variables.PER_INSTANCE and isinstance(value, dict):
        return None if rule == 'LVS031' else list(value.values())[0]  # LVS031: the instance is in the path
    return variables.shown(value)


VALUE_CASES = [
    pytest.param(_set(hosts, name, value), rule, ', '.join(hosts), _var_path(name, value), _shown(name, value, rule),
                 id='%s=%r@%s' % (name, value, where))
    for name in sorted(BAD_VALUES) for value, rule in BAD_VALUES[name] for where, hosts in _placements(name)
]


def _vs(**values):
    return on_directors(lambda v: v['lvs_virtual_servers'][0].update(values))


def _fwmark(**values):
    def update(v):
        server = v['lvs_virtual_servers'][0]
        del server['address'], server['port'], server['protocol']
        server.update(fwmark=1, **values)
    return on_directors(update)


def _rename(name, typo, hosts):
    def change(hostvars, groups):
        for host in hosts:
            hostvars[host][typo] = hostvars[host].pop(name, 1)
    return change


def _vip(address):
    return on_directors(lambda v: v['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'].append(address))


def _sync_group_tracking(keyword, entry, blocks):
    def change(hostvars, groups):
        on_directors(lambda v: (v.update(copy.deepcopy(blocks), lvs_vrrp_sync_groups={'VG_1': {'group': ['VI_1', 'VI_2']}}),
                                v['lvs_vrrp_instances'].update(VI_2={'interface': 'eth0', 'virtual_router_id': 52,
                                                                     'virtual_ipaddress': ['10.1.1.167']}),
                                v['lvs_vrrp_instances']['VI_1'].update({keyword: [copy.deepcopy(entry)]})))(hostvars, groups)
    return change


def _instance6(**values):
    """A second VRRP instance, IPv6, in the directors' group_vars, with ``values``."""
    body = dict({'interface': 'eth0', 'virtual_router_id': 52, 'virtual_ipaddress': ['2001:db8::166']}, **values)
    return on_directors(lambda v: v['lvs_vrrp_instances'].update(VI_6=copy.deepcopy(body)))


def _second_cluster_vip(hostvars, groups):
    """A second cluster (db1, db2) whose group_vars copied the first one's VIP."""
    for host, address in (('db1', '10.1.2.160'), ('db2', '10.1.2.162')):
        hostvars[host] = {'ansible_host': address, 'lvs_cluster_name': 'db', 'lvs_vrrp_instances': {'VI_DB': {
            'interface': 'eth0', 'virtual_router_id': 61, 'virtual_ipaddress': ['10.1.1.166']}}}
        groups['lvs_directors'].append(host)


def _empty_group(hostvars, groups):
    groups['web'] = []
    _vs(real_servers_from_group='web')(hostvars, groups)


TYPOS = [('lvs_vrrp_priority', 'lvs_vrrp_priorty'), ('lvs_virtual_servers', 'lvs_virtual_server'),
         ('lvs_vrrp_instances', 'lvs_vrrp_instance'), ('lvs_preempt', 'lvs_prempt'), ('lvs_vrrp_unicast', 'lvs_vrrp_unicst'),
         ('lvs_cluster_name', 'lvs_clustername'), ('lvs_global_defs', 'lvs_global_def'), ('lvs_vrrp_state', 'lvs_vrrp_sate'),
         ('lvs_vrrp_scripts', 'lvs_vrrp_script'), ('lvs_failover_target', 'lvs_failover_targt'),
         ('lvs_vrrp_address', 'lvs_vrrp_adress'), ('lvs_l2_segment', 'lvs_l2segment'),
         ('lvs_vrrp_sync_groups', 'lvs_vrrp_sync_group'), ('lvs_virtual_server_groups', 'lvs_virtual_servers_groups'),
         ('lvs_vrrp_track_files', 'lvs_vrrp_track_file'), ('lvs_vrrp_track_processes', 'lvs_track_processes'),
         ('lvs_cluster_mode', 'lvs_cluster_mod'), ('lvs_bgp_peers', 'lvs_bgp_peer'), ('lvs_bgp_asn', 'lvs_bgp_as'),
         ('lvs_bgp_timers', 'lvs_bgp_timer'), ('lvs_bgp_router_id', 'lvs_bgp_routerid'),
         ('lvs_vip_interface', 'lvs_vip_iface'), ('lvs_director_maintenance', 'lvs_director_maintainance'),
         ('lvs_keepalived_passthrough', 'lvs_keepalived_passtrough')]
RS_TYPOS = [('lvs_realserver_port', 'lvs_real_server_port'), ('lvs_realserver_weight', 'lvs_realserver_wieght'),
            ('lvs_realserver_address', 'lvs_realserver_adress')]

AA = 'lvs1, lvs2, lvs3'
VS = 'lvs_virtual_servers[10.1.1.166:80]'
LVS3 = ['lvs3']


def _ipv6_service(v):
    v['lvs_virtual_servers'].append(dict(copy.deepcopy(v['lvs_virtual_servers'][0]), address='2001:db8::166',
                                         real_servers_from_group=None, real_servers=[{'address': '2001:db8::163',
                                                                                      'port': 80, 'external': True}]))


# Mistakes of an active-active cluster (three directors, BGP, Maglev hashing): (change, rule, hosts, path, value)
ACTIVE_ACTIVE_MISTAKES = [pytest.param(active_active(*changes), rule, hosts, path, value, id='aa-' + name)
                          for name, changes, rule, hosts, path, value in (
    ('round-robin', [aa_server(lvs_sched='rr')], 'LVS040', AA, VS + '.lvs_sched', 'rr'),
    ('wlc-by-default', [on_aa(lambda v: v['lvs_virtual_servers'][0].pop('lvs_sched'))], 'LVS040', AA, VS + '.lvs_sched',
     'wlc'),
    ('mh-without-port', [aa_server(**{'mh-port': False})], 'LVS040', AA, VS + '.lvs_sched', 'mh'),
    ('sh-without-port', [aa_server(lvs_sched='sh')], 'LVS040', AA, VS + '.lvs_sched', 'sh'),
    ('rr-on-one-director', [aa_server(LVS3, lvs_sched='rr')], 'LVS040', 'lvs3', VS + '.lvs_sched', 'rr'),
    ('nat', [aa_server(lvs_method='NAT')], 'LVS042', AA, VS + '.lvs_method', 'NAT'),
    ('nat-by-default', [on_aa(lambda v: v['lvs_virtual_servers'][0].pop('lvs_method'))], 'LVS042', AA,
     VS + '.lvs_method', 'NAT'),
    ('weight-per-director', [aa_server(LVS3, real_server_defaults={'weight': 2})], 'LVS041', AA,
     VS + '.real_servers_from_group', 'weight 2'),
    ('real-server-missing-on-one', [aa_server(LVS3, real_servers_from_group=None, real_servers=[
        {'address': '10.1.1.163', 'port': 80}])], 'LVS041', AA, VS + '.real_servers_from_group', '10.1.1.164:80 weight 1'),
    ('no-asn', [on_aa(lambda v: v.pop('lvs_bgp_asn'))], 'LVS043', AA, 'lvs_bgp_asn', None),
    ('no-peers', [on_aa(lambda v: v.pop('lvs_bgp_peers'), LVS3)], 'LVS043', 'lvs3', 'lvs_bgp_peers', None),
    ('ipv6-vip-without-ipv6-peer', [on_aa(_ipv6_service)], 'LVS043', AA, 'lvs_bgp_peers', '2001:db8::166'),
    ('router-id-unknown', [lambda h, g: h['lvs3'].update(ansible_host='lvs3.example.org')], 'LVS043', 'lvs3',
     'lvs_bgp_router_id', None),
    ('peer-asn-differs', [on_aa(lambda v: v['lvs_bgp_peers'][0].update(asn=65002), LVS3)], 'LVS044', AA,
     'lvs_bgp_peers', 'AS 65002'),
    ('peer-password-differs', [on_aa(lambda v: v['lvs_bgp_peers'][0].update(password='Other7pw'), LVS3)], 'LVS044', AA,
     'lvs_bgp_peers', 'password #2'),
    ('peer-bfd-differs', [on_aa(lambda v: v['lvs_bgp_peers'][0].update(bfd=False), LVS3)], 'LVS044', AA,
     'lvs_bgp_peers', 'BFD off'),
    ('second-router-on-one', [on_aa(lambda v: v['lvs_bgp_peers'].append({'address': '10.1.1.2', 'asn': 65000}), LVS3)],
     'LVS044', AA, 'lvs_bgp_peers', '10.1.1.2'),
    ('announce-false-on-one', [aa_server(LVS3, announce=False)], 'LVS045', 'lvs3', 'lvs_virtual_servers', '10.1.1.166'),
    ('port-served-on-one-only', [on_aa(lambda v: v['lvs_virtual_servers'].append(dict(
        copy.deepcopy(v['lvs_virtual_servers'][0]), port=443)), LVS3)], 'LVS045', 'lvs1, lvs2', 'lvs_virtual_servers',
     'TCP-10.1.1.166:443'),
    ('kernel-4.9', [lambda h, g: h['lvs1'].update(ansible_kernel='4.9.0-19-amd64')], 'LVS046', 'lvs1', VS + '.lvs_sched',
     '4.9.0-19-amd64'),
    ('kernel-4.17', [lambda h, g: h['lvs2'].update(ansible_kernel='4.17.19')], 'LVS046', 'lvs2', VS + '.lvs_sched',
     '4.17.19'),
    ('vrrp-instances-kept', [on_aa(lambda v: v.update(lvs_vrrp_instances={'VI_1': {
        'interface': 'eth0', 'virtual_router_id': 51, 'virtual_ipaddress': ['10.1.1.166']}}))], 'LVS047', AA,
     'lvs_vrrp_instances', 'VI_1'),
    ('quorum-up-by-hand', [aa_server(quorum_up='/usr/local/bin/announce 10.1.1.166')], 'LVS048', AA, VS + '.quorum_up',
     None),
    ('quorum-down-by-hand', [aa_server(quorum_down='/usr/local/bin/withdraw 10.1.1.166')], 'LVS048', AA,
     VS + '.quorum_down', None),
    ('mode-in-one-host-vars', [on_aa(lambda v: v.update(lvs_cluster_mode='vrrp'), LVS3)], 'LVS049', AA,
     'lvs_cluster_mode', 'vrrp on lvs3'),
    ('script-user-copied-from-vrrp', [on_aa(lambda v: v.update(lvs_global_defs={
        'enable_script_security': True, 'script_user': 'keepalived_script:keepalived_script'}))], 'LVS050', AA,
     'lvs_global_defs.script_user', 'keepalived_script'),
    ('announce-not-a-boolean', [aa_server(announce='sometimes')], 'LVS102', AA, VS + '.announce', 'sometimes'),
    ('vip-is-a-real-server', [on_aa(lambda v: v['lvs_virtual_servers'].append(dict(
        copy.deepcopy(v['lvs_virtual_servers'][0]), address='10.1.1.163')))], 'LVS016', AA, 'lvs_virtual_servers',
     '10.1.1.163'),
)]

# (change, rule, hosts the finding names, path, value shown)
MISTAKES = [pytest.param(_rename(name, typo, DIRECTORS), 'LVS030', 'lvs1, lvs2', typo, None, id='typo-' + typo)
            for name, typo in TYPOS] + \
    [pytest.param(_rename(name, typo, ['rs1']), 'LVS030', 'rs1', typo, None, id='typo-' + typo) for name, typo in RS_TYPOS] + \
    [pytest.param(_vip(address), 'LVS016', 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].virtual_ipaddress', address,
                  id='vip-is-host-' + address) for address in ('10.1.1.160', '10.1.1.162', '10.1.1.163', '10.1.1.164')] + [
    pytest.param(lambda h, g: h['lvs2'].update(ansible_host='10.1.1.160'), 'LVS017', 'lvs1, lvs2', 'ansible_host',
                 '10.1.1.160', id='directors-one-address'),
    pytest.param(on_directors(lambda v: v['lvs_vrrp_instances']['VI_1'].update(interface=None)), 'LVS109', 'lvs1, lvs2',
                 'lvs_vrrp_instances[VI_1].interface', None, id='interface-left-empty'),
    pytest.param(_second_cluster_vip, 'LVS027', 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].virtual_ipaddress', '10.1.1.166',
                 id='vip-of-two-clusters'),
    pytest.param(_vs(real_servers=[{'address': '10.1.1.200', 'port': 80, 'external': 'false'}]), 'LVS013', 'lvs1, lvs2',
                 'lvs_virtual_servers[10.1.1.166:80].real_servers[10.1.1.200:80]', '10.1.1.200', id='external-false-as-text'),
    pytest.param(_vs(real_servers=[{'address': '10.1.1.200', 'port': 80, 'external': [True]}]), 'LVS102', 'lvs1, lvs2',
                 'lvs_virtual_servers[10.1.1.166:80].real_servers[10.1.1.200:80].external', 'a list',
                 id='external-not-a-boolean'),
    pytest.param(on_directors(lambda v: v['lvs_vrrp_instances']['VI_1'].update(track_interface=[{'name': 'eth0', 'weight': -60}])),
                 'LVS235', 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].track_interface[0]', 'eth0', id='track-own-interface'),
    pytest.param(lambda h, g: (_set(['lvs1'], 'lvs_vrrp_priority', 255)(h, g), on_directors(lambda v: (
        v.update(lvs_vrrp_track_files={'flag': {'file': '/run/lvs.flag'}}),
        v['lvs_vrrp_instances']['VI_1'].update(track_file=['flag'])))(h, g)), 'LVS236', 'lvs1',
        'lvs_vrrp_instances[VI_1].track_file', 'flag', id='address-owner-tracks-a-file'),
    pytest.param(_set(DIRECTORS, 'lvs_realserver_port', 8080), 'LVS032', 'lvs1, lvs2', 'lvs_realserver_port', 8080,
                 id='realserver-port-in-the-directors-group-vars'),
    pytest.param(_set(['rs1'], 'lvs_vrrp_priority', 120), 'LVS032', 'rs1', 'lvs_vrrp_priority', 120,
                 id='priority-in-a-real-servers-host-vars'),
    pytest.param(_vs(**{'mh-port': True}), 'LVS237', 'lvs1, lvs2', 'lvs_virtual_servers[10.1.1.166:80].mh-port', 'rr',
                 id='mh-port-with-round-robin'),
    pytest.param(_set(['lvs2'], 'lvs_preempt', 'no'), 'LVS025', 'lvs2', 'lvs_preempt', False, id='nopreempt-on-the-backup-only'),
    pytest.param(_set(['lvs2'], 'lvs_l2_segment', 'rack2'), 'LVS026', 'lvs1, lvs2', 'lvs_l2_segment', 'rack2',
                 id='segment-in-one-host-vars'),
    pytest.param(_set(['lvs1'], 'lvs_failover_target', 1.5), 'LVS026', 'lvs1, lvs2', 'lvs_failover_target', 1.5,
                 id='failover-target-in-one-host-vars'),
    pytest.param(_set(['lvs2'], 'lvs_vrrp_profile', 'fast'), 'LVS026', 'lvs1, lvs2', 'lvs_vrrp_profile', 'fast',
                 id='fast-profile-in-one-host-vars'),
    pytest.param(fast(on_directors(lambda v: v['lvs_vrrp_instances']['VI_1'].update(version=2, advert_int=0.5))), 'LVS019',
                 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].version', 2, id='fast-profile-on-an-instance-kept-on-vrrpv2'),
    pytest.param(_set(DIRECTORS, 'lvs_vrrp_address', '10.1.1.170'), 'LVS017', 'lvs1, lvs2', 'lvs_vrrp_address',
                 '10.1.1.170', id='directors-one-vrrp-address'),
    pytest.param(_empty_group, 'LVS222', 'lvs1, lvs2', 'lvs_virtual_servers[10.1.1.166:80].real_servers_from_group', 'web',
                 id='empty-real-server-group'),
    pytest.param(_set(REALSERVERS, 'lvs_realserver_state', 'absent'), 'LVS222', 'lvs1, lvs2',
                 'lvs_virtual_servers[10.1.1.166:80].real_servers_from_group', 'lvs_realservers',
                 id='every-real-server-absent'),
    pytest.param(lambda h, g: (_set(['rs2'], 'lvs_realserver_state', 'absent')(h, g),
                               _vs(real_servers=[{'address': '10.1.1.164', 'port': 80}])(h, g)),
                 'LVS052', 'lvs1, lvs2', 'lvs_virtual_servers[10.1.1.166:80].real_servers[10.1.1.164:80]', 'rs2',
                 id='absent-real-server-listed-explicitly'),
    pytest.param(lambda h, g: (_set(['rs2'], 'lvs_realserver_state', 'absent')(h, g), _vs(quorum=2)(h, g)), 'LVS233',
                 'lvs1, lvs2', 'lvs_virtual_servers[10.1.1.166:80].quorum', 2, id='quorum-above-the-remaining-weight'),
    pytest.param(_set(['rs2'], 'lvs_realserver_state', 'absent'), None, None, None, None, id='one-absent-is-fine'),
    pytest.param(_vs(address='2001:db8::166'), 'LVS223', 'lvs1, lvs2', 'lvs_virtual_servers[[2001:db8::166]:80]', '10.1.1.163',
                 id='ipv6-vs-ipv4-real-servers'),
    pytest.param(_vs(sorry_server='2001:db8::170 80'), 'LVS223', 'lvs1, lvs2', 'lvs_virtual_servers[10.1.1.166:80]',
                 '2001:db8::170', id='ipv4-vs-ipv6-sorry-server'),
    pytest.param(_fwmark(sorry_server='10.1.1.170 80'), 'LVS224', 'lvs1, lvs2',
                 'lvs_virtual_servers[fwmark 1].sorry_server', 80, id='fwmark-sorry-server-port'),
    pytest.param(_fwmark(protocol='TCP'), 'LVS224', 'lvs1, lvs2', 'lvs_virtual_servers[fwmark 1].protocol', 'TCP',
                 id='fwmark-protocol'),
    pytest.param(_fwmark(real_server_defaults={'port': 80}), 'LVS224', 'lvs1, lvs2',
                 'lvs_virtual_servers[fwmark 1].real_server_defaults.port', 80, id='fwmark-real-server-port'),
    pytest.param(_set(['lvs2'], 'lvs_cluster_name', 'lvs_director'), 'LVS024', 'lvs2', 'lvs_cluster_name', 'lvs_director',
                 id='lone-director-typo'),
    pytest.param(_vs(real_servers_from_group=['lvs_realservers']), 'LVS102', 'lvs1, lvs2',
                 'lvs_virtual_servers[10.1.1.166:80].real_servers_from_group', 'a list', id='group-as-list'),
    pytest.param(_vs(real_server_defaults=[{'weight': 1}]), 'LVS102', 'lvs1, lvs2',
                 'lvs_virtual_servers[10.1.1.166:80].real_server_defaults', 'a list', id='defaults-as-list'),
    pytest.param(_vs(real_servers_from_group='lvs_realserver'), 'LVS101', 'lvs1, lvs2',
                 'lvs_virtual_servers[10.1.1.166:80].real_servers_from_group', 'lvs_realserver', id='unknown-group'),
    pytest.param(_set(['rs1'], 'lvs_realserver_port', 8080), 'LVS205', 'rs1', 'lvs_realserver_port', 8080,
                 id='dr-real-server-port'),
    pytest.param(lambda h, g: (_set(DIRECTORS, 'lvs_virtual_server_groups', {'web': ['10.1.1.166 443', '10.1.1.166 8443']})(h, g),
                               _vs(address=None, port=None, group='web', real_server_defaults={'port': 443})(h, g)),
                 'LVS205', 'lvs1, lvs2', 'lvs_virtual_servers[group web].real_server_defaults.port', 443,
                 id='dr-group-member-port'),
    pytest.param(_set(['lvs2'], 'lvs_vrrp_priority', 100), 'LVS008', 'lvs1, lvs2', 'lvs_vrrp_priority', 100,
                 id='equal-priorities-host-vars'),
    pytest.param(_set(['lvs1'], 'lvs_vrrp_state', 'MASTER'), None, None, None, None, id='explicit-master-is-fine'),
    pytest.param(lambda h, g: (_set(DIRECTORS, 'lvs_preempt', 'false')(h, g), _set(['lvs1'], 'lvs_vrrp_state', 'MASTER')(h, g)),
                 'LVS208', 'lvs1', 'lvs_preempt', True, id='ini-false-preempt-with-master'),
    pytest.param(on_directors(lambda v: v['lvs_vrrp_instances']['VI_1'].update(priority='high', track_script=['chk'])), 'LVS102',
                 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].priority', 'high', id='priority-word-with-track-script'),
    pytest.param(on_directors(lambda v: v['lvs_vrrp_instances'].update(VI_6={
        'interface': 'eth0', 'virtual_router_id': 52, 'virtual_ipaddress': ['2001:db8::166']}, ) or v.update(
        lvs_vrrp_unicast=True)), 'LVS011', 'lvs1, lvs2', 'lvs_vrrp_address', None, id='unicast-ipv6-without-address'),
    pytest.param(lambda h, g: (_set(DIRECTORS, 'lvs_vrrp_unicast', True)(h, g), on_directors(
        lambda v: v['lvs_vrrp_instances']['VI_1'].update(unicast_src_ip='10.1.1.160'))(h, g)), 'LVS011', 'lvs1, lvs2',
        'lvs_vrrp_instances[VI_1].unicast_src_ip', '10.1.1.160', id='unicast-src-ip-in-group-vars'),
    pytest.param(lambda h, g: (_set(DIRECTORS, 'lvs_vrrp_unicast', True)(h, g),
                               _set(['lvs2'], 'lvs_vrrp_address', '10.1.1.164')(h, g)),
                 'LVS011', 'lvs2', 'lvs_vrrp_address', '10.1.1.164', id='unicast-address-of-a-real-server'),
    pytest.param(_instance6(authentication={'auth_type': 'PASS', 'auth_pass': 'Vr9pwQx'}), 'LVS203', 'lvs1, lvs2',
                 'lvs_vrrp_instances[VI_6].authentication', None, id='ipv6-vip-with-authentication'),
    pytest.param(_instance6(version=2), 'LVS234', 'lvs1, lvs2', 'lvs_vrrp_instances[VI_6].version', 2, id='ipv6-vrrp-version-2'),
    pytest.param(_instance6(virtual_ipaddress=[{'address': '2001:db8::166', 'dev': 'eth0', 'label': 'eth0:6'}]), 'LVS225',
                 'lvs1, lvs2', 'lvs_vrrp_instances[VI_6].virtual_ipaddress[0].label', 'eth0:6', id='ipv6-vip-label'),
    pytest.param(lambda h, g: (_set(DIRECTORS, 'lvs_global_defs', {'vrrp_strict': True})(h, g),
                               _set(['lvs1'], 'lvs_vrrp_state', 'MASTER')(h, g)),
                 'LVS226', 'lvs1', 'lvs_vrrp_state', 'MASTER', id='strict-mode-explicit-master'),
    pytest.param(_set(DIRECTORS, 'lvs_keepalived_passthrough', [{'static_route': ['10.0.0.0/8 via 10.1.1.1']}]), 'LVS101',
                 'lvs1, lvs2', 'lvs_keepalived_passthrough[0]', 'static_route', id='passthrough-unknown-keyword'),
    pytest.param(_set(['lvs2'], 'lvs_keepalived_passthrough', ['global_defs']), 'LVS101', 'lvs2',
                 'lvs_keepalived_passthrough[0]', 'global_defs', id='passthrough-typed-keyword'),
    pytest.param(_set(DIRECTORS, 'lvs_keepalived_passthrough', ['static_routes {']), 'LVS105', 'lvs1, lvs2',
                 'lvs_keepalived_passthrough[0]', 'static_routes {', id='passthrough-brace-in-a-line'),
    pytest.param(_vs(real_server_defaults={'passthrough': ['delay_before_retyr 2']}), 'LVS101', 'lvs1, lvs2',
                 'lvs_virtual_servers[10.1.1.166:80].real_server_defaults.passthrough[0]', 'delay_before_retyr',
                 id='passthrough-unknown-real-server-keyword'),
] + ACTIVE_ACTIVE_MISTAKES + [
    pytest.param(_sync_group_tracking(keyword, entry, blocks), 'LVS229', 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].' + keyword,
                 name, id='sync-group-weighted-' + case)
    for case, keyword, entry, blocks, name in (
        ('script', 'track_script', 'chk', {'lvs_vrrp_scripts': {'chk': {'script': '/bin/true', 'weight': -20}}}, 'chk'),
        ('script-entry', 'track_script', {'name': 'chk', 'weight': 10}, {'lvs_vrrp_scripts': {'chk': {'script': '/bin/true'}}},
         'chk'),
        ('interface', 'track_interface', {'name': 'eth1', 'weight': -30}, {}, 'eth1'),
        ('file-default', 'track_file', 'flag', {'lvs_vrrp_track_files': {'flag': {'file': '/run/flag'}}}, 'flag'),
        ('file', 'track_file', 'flag', {'lvs_vrrp_track_files': {'flag': {'file': '/run/flag', 'weight': 5}}}, 'flag'))]


def _findings(change):
    hostvars, groups = article()
    change(hostvars, groups)
    return cluster.validate(hostvars, groups).issues


def _check(change, rule, hosts, path, value):
    issues = _findings(change)
    if rule is None:
        assert [i.format() for i in issues if i.level == ERROR] == []
        return
    found = [issue for issue in issues if issue.rule == rule and issue.path == path]
    assert found, [issue.format() for issue in issues]
    issue = found[0]
    assert issue.host == hosts, issue.format()  # named once, for every host the mistake reaches
    text = issue.format()
    assert path in text and ('host %s' % hosts) in text
    if value is not None:
        assert str(value) in text
    assert issue.fix and len(issue.fix) > 10
    assert '\n' not in text


@pytest.mark.parametrize('change,rule,hosts,path,value', VALUE_CASES)
def test_a_bad_value_of_a_variable_is_refused_naming_host_variable_value_and_fix(change, rule, hosts, path, value):
    _check(change, rule, hosts, path, value)


@pytest.mark.parametrize('change,rule,hosts,path,value', MISTAKES)
def test_a_realistic_mistake_is_refused_with_its_rule(change, rule, hosts, path, value):
    _check(change, rule, hosts, path, value)


def test_at_least_150_distinct_bad_inventories():
    ids = [case.id for case in VALUE_CASES + MISTAKES if case.values[1] is not None]
    assert len(ids) == len(set(ids)) and len(ids) >= 150, len(ids)


def test_every_variable_has_bad_values():
    assert sorted(BAD_VALUES) == sorted(variables.VARIABLES)


@pytest.mark.parametrize('word,expected', [('false', False), ('False', False), ('no', False), ('OFF', False), ('0', False),
                                           (0, False), ('yes', True), ('On', True), ('1', True), (1, True), (True, True),
                                           ('TRUE', True), (' true ', True)])
def test_booleans_follow_ansibles_rules(word, expected):
    hostvars, groups = article()
    for host in DIRECTORS:
        hostvars[host]['lvs_preempt'] = word
        hostvars[host]['lvs_vrrp_unicast'] = word
    report = cluster.validate(hostvars, groups)
    assert report.valid, report.format()
    instance = report.configs()['lvs1']['vrrp_instances']['VI_1']
    assert instance.get('nopreempt', False) is (not expected)
    assert ('unicast_peer' in instance) is expected


def test_one_error_hides_no_other():
    """The article's section 5 pair: preempt_delay with MASTER and the copy-pasted router_id, at once."""
    def change(hostvars, groups):
        hostvars['lvs1']['lvs_vrrp_instances']['VI_1']['preempt_delay'] = 300
        hostvars['lvs1']['lvs_vrrp_state'] = 'MASTER'
        for host in DIRECTORS:
            hostvars[host]['lvs_global_defs'] = {'router_id': 'LVS1'}
        hostvars['lvs2']['lvs_vrrp_priority'] = 'low'
    rules = sorted(set(issue.rule for issue in _findings(change) if issue.level == ERROR))
    assert rules == ['LVS014', 'LVS102', 'LVS208']


def test_a_value_error_is_not_also_reported_as_its_consequences():
    def change(hostvars, groups):
        hostvars['lvs2']['lvs_vrrp_instances'] = copy.deepcopy(hostvars['lvs2']['lvs_vrrp_instances'])
        hostvars['lvs2']['lvs_vrrp_instances']['VI_1']['virtual_router_id'] = 'fifty'
    assert [(i.rule, i.host) for i in _findings(change) if i.level == ERROR] == [('LVS102', 'lvs2')]


def test_an_unknown_real_server_group_is_one_finding_with_the_closest_group():
    issues = [i for i in _findings(_vs(real_servers_from_group='lvs_realserver')) if i.level == ERROR]
    assert [(i.rule, i.host, i.path) for i in issues] == [
        ('LVS101', 'lvs1, lvs2', 'lvs_virtual_servers[10.1.1.166:80].real_servers_from_group')]  # not also LVS222
    assert 'did you mean lvs_realservers?' in issues[0].fix


def test_a_director_without_an_address_under_unicast_is_one_finding():
    """Not also "multicast on lvs1" (its peer list is empty only because lvs2 has no address) nor a missing source."""
    def change(hostvars, groups):
        _set(DIRECTORS, 'lvs_vrrp_unicast', True)(hostvars, groups)
        hostvars['lvs2']['ansible_host'] = 'lvs2.example.org'
    issues = [i for i in _findings(change) if i.level == ERROR]
    assert [(i.rule, i.host, i.path) for i in issues] == [('LVS011', 'lvs2', 'lvs_vrrp_address')]
    assert 'lvs2.example.org' in issues[0].message


@pytest.mark.parametrize('value', ['a\nb', 'x\r\n[LVS000] host lvs9: forged', '\x1b[2Jclear', u'line\u2028sep'])
def test_control_characters_never_split_a_finding(value):
    issues = _findings(_set(DIRECTORS, 'lvs_cluster_name', value))
    text = cluster.Report({}, issues).format()
    assert len(text.splitlines()) == 3, text  # the rule's heading, the finding, the verdict
    assert value not in text
