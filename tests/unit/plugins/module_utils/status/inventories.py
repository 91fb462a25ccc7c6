# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Inventories of the status tests, as the model reads them (hostvars, groups): the lab's VRRP pair, an active-active
cluster of three directors with two VIPs, and the lab's active-active cluster (ROUTED), whose director lvs1 the
captures of fixtures/lab/routed come from. Their passwords must never reach any status output."""

from __future__ import absolute_import, division, print_function

import copy

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster

VRRP_PASSWORD = 'Pw4stat'
BGP_PASSWORD = 'Bgp4status'

VRRP = {
    'lvs_vrrp_instances': {'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'advert_int': 1,
                                    'virtual_ipaddress': ['10.1.1.166'],
                                    'authentication': {'auth_type': 'PASS', 'auth_pass': VRRP_PASSWORD}}},
    'lvs_virtual_servers': [{'address': '10.1.1.166', 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'rr',
                             'lvs_method': 'DR', 'real_servers_from_group': 'lvs_realservers',
                             'real_server_defaults': {'checkers': [{'type': 'TCP_CHECK', 'connect_port': 80}]}}],
}

ACTIVE_ACTIVE = {
    'lvs_cluster_mode': 'active_active',
    'lvs_bgp_asn': 65001,
    'lvs_bgp_peers': [{'address': '10.1.1.1', 'asn': 65000, 'password': BGP_PASSWORD}],
    'lvs_virtual_servers': [
        {'address': '10.1.1.166', 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'mh', 'mh-port': True, 'lvs_method': 'DR',
         'quorum': 1, 'real_servers_from_group': 'lvs_realservers'},
        {'address': '10.1.1.167', 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'mh', 'mh-port': True, 'lvs_method': 'DR',
         'quorum': 2, 'real_servers_from_group': 'lvs_realservers'}],
}

# lab/topologies/routed/inventory as far as the status compares it (its lab_vip is 10.1.10.166, its router
# 10.1.1.254; the lab's BFD and BGP timers left out)
ROUTED = {
    'lvs_cluster_mode': 'active_active',
    'lvs_bgp_asn': 65001,
    'lvs_bgp_peers': [{'address': '10.1.1.254', 'asn': 65000}],
    'lvs_virtual_servers': [
        {'address': '10.1.10.166', 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'mh', 'mh-port': True, 'lvs_method': 'DR',
         'delay_loop': 6, 'quorum': 1, 'real_servers_from_group': 'lvs_realservers',
         'real_server_defaults': {'weight': 1, 'checkers': [{'type': 'TCP_CHECK', 'connect_port': 80, 'connect_timeout': 3,
                                                             'retry': 1, 'delay_before_retry': 2}]}}],
}


def inventory(group_vars, directors=('lvs1', 'lvs2'), host_vars=None):
    """(hostvars, groups) of directors 10.1.1.160, .161, ... and real servers rs1 10.1.1.163, rs2 10.1.1.164."""
    hostvars = {}
    for index, host in enumerate(directors):
        hostvars[host] = dict(copy.deepcopy(group_vars), ansible_host='10.1.1.%d' % (160 + index))
    hostvars['rs1'] = {'ansible_host': '10.1.1.163'}
    hostvars['rs2'] = {'ansible_host': '10.1.1.164'}
    for host, extra in (host_vars or {}).items():
        hostvars[host].update(extra)
    groups = {'lvs_directors': list(directors), 'lvs_realservers': ['rs1', 'rs2'], 'all': list(hostvars)}
    return hostvars, groups


def report(group_vars, directors=('lvs1', 'lvs2'), host_vars=None):
    """The model's Report of the inventory: what cluster_validate and cluster_status derive from it."""
    found = cluster.validate(*inventory(group_vars, directors, host_vars))
    assert found.valid, found.format()
    return found
