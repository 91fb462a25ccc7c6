# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rule of a real server as every cluster sees it (realserver_rules.py, LVS055): the virtual servers that forward
to a real server agree on its forwarding method, within a cluster and across clusters, so the validator refuses the
inventory before any host is touched (lvs_realserver would refuse that real server only after its directors were
changed)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import realserver_rules

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    both, checked, second_cluster, validate)

RULE = realserver_rules.one_method_per_real_server


def second_service(method, real_servers=None):
    """A second virtual server, 10.1.1.167:80 with ``method``, on both directors of the article's cluster: to the
    whole real servers group, or to ``real_servers`` (addresses) only."""
    def change(hostvars, groups):
        def add(variables):
            server = dict(copy.deepcopy(variables['lvs_virtual_servers'][0]), address='10.1.1.167', lvs_method=method)
            if real_servers is not None:
                del server['real_servers_from_group']
                server['real_servers'] = [{'address': address, 'port': 80} for address in real_servers]
            variables['lvs_virtual_servers'].append(server)
        both(hostvars, add)
    return change


def test_a_real_server_behind_a_dr_and_a_tun_virtual_server_is_lvs055_naming_both():
    found = checked(RULE, second_service('TUN'))
    assert [(issue.rule, issue.host, issue.value) for issue in found] == [('LVS055', 'rs1', 'DR, TUN'),
                                                                          ('LVS055', 'rs2', 'DR, TUN')]
    assert 'DR: 10.1.1.166 (cluster ' in found[0].message and '; TUN: 10.1.1.167 (cluster ' in found[0].message
    assert 'same lvs_method' in found[0].fix


def test_only_the_real_server_both_methods_forward_to_is_named():
    assert [issue.host for issue in checked(RULE, second_service('NAT', real_servers=['10.1.1.164']))] == ['rs2']


def test_two_virtual_servers_of_one_method_are_fine():
    assert checked(RULE, second_service('DR')) == []


def test_a_real_server_two_clusters_forward_to_by_different_methods_is_lvs055_naming_both_clusters():
    def change(hostvars, groups):
        second_cluster()(hostvars, groups)
        for host in ('db1', 'db2'):
            hostvars[host]['lvs_virtual_servers'] = [{
                'address': '10.1.2.166', 'port': 3306, 'protocol': 'TCP', 'lvs_sched': 'rr', 'lvs_method': 'TUN',
                'real_servers': [{'address': '10.1.1.163', 'port': 3306}]}]
    found = checked(RULE, change)
    assert [issue.host for issue in found] == ['rs1']
    assert '10.1.2.166 (cluster db)' in found[0].message and '10.1.1.166 (cluster ' in found[0].message


def test_the_inventory_is_refused_before_any_host_is_touched():
    report = validate(second_service('TUN'))
    assert not report.valid
    assert [issue.host for issue in report.issues if issue.rule == 'LVS055'] == ['rs1, rs2']  # one finding, merged
