# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the model says about a VRRP instance and a virtual server (blocks.py), and who the election makes MASTER
(election.py): the one place each of them is decided."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, config, election
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.entries import address_of
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.inventory import build


def _instance(global_defs=None, **values):
    body = {'interface': 'eth0', 'virtual_router_id': 51}
    body.update(values)
    data = {'vrrp_instances': {'VI_1': body}}
    if global_defs:
        data['global_defs'] = global_defs
    conf, issues = config.load(data, check=False)
    assert not issues, issues
    return conf, conf.vrrp_instances['VI_1']


@pytest.mark.parametrize('entry,address', [
    ('10.1.1.166', '10.1.1.166'),
    ('10.1.1.166/24 dev eth0 label eth0:1', '10.1.1.166'),
    ({'address': '2001:db8::166/64', 'dev': 'eth0'}, '2001:db8::166'),
])
def test_an_address_entry_is_its_address_alone(entry, address):
    conf, instance = _instance(virtual_ipaddress=[entry])
    assert instance.vips == [address]
    assert address_of(instance.virtual_ipaddress[0]) == address


@pytest.mark.parametrize('values,global_defs,version', [
    ({'virtual_ipaddress': ['10.1.1.166']}, None, 2),                        # keepalived's default
    ({'virtual_ipaddress': ['10.1.1.166']}, {'vrrp_version': 3}, 3),         # global_defs decides
    ({'virtual_ipaddress': ['10.1.1.166'], 'version': 3}, {'vrrp_version': 2}, 3),   # the instance's own wins
    ({'virtual_ipaddress': ['2001:db8::166']}, {'vrrp_version': 2}, 3),      # IPv6 is VRRPv3 whatever global_defs says
    ({'unicast_src_ip': '2001:db8::160'}, None, 3),                          # the family from any of its addresses
])
def test_the_effective_vrrp_version(values, global_defs, version):
    conf, instance = _instance(global_defs, **values)
    assert instance.vrrp_version(conf.global_defs) == version


@pytest.mark.parametrize('values,advert,priority', [
    ({}, 1, 100),                                   # keepalived's defaults
    ({'advert_int': 0.5, 'priority': 90}, 0.5, 90),
])
def test_advert_interval_and_priority_default_as_keepalived(values, advert, priority):
    conf, instance = _instance(**values)
    assert (instance.advert_interval, instance.effective_priority) == (advert, priority)


@pytest.mark.parametrize('method,effective', [(None, 'NAT'), ('DR', 'DR')])
def test_a_virtual_servers_method_defaults_to_nat(method, effective):
    server = {'address': '10.1.1.166', 'port': 80}
    if method:
        server['lvs_method'] = method
    conf, issues = config.load({'virtual_servers': [server]}, check=False)
    assert conf.virtual_servers[0].method == effective


@pytest.mark.parametrize('priorities,order', [
    ([('lvs1', 100), ('lvs2', 90)], ['lvs1', 'lvs2']),
    ([('lvs1', 90), ('lvs2', 150)], ['lvs2', 'lvs1']),
    ([('lvs1', 90), ('lvs2', 90), ('lvs3', 100)], ['lvs3', 'lvs1', 'lvs2']),   # equals keep the group order
    ([('lvs1', 99), ('lvs2', None)], ['lvs2', 'lvs1']),                       # None is keepalived's 100
])
def test_the_election_ranks_by_priority_then_group_order(priorities, order):
    assert [host for host, _p in election.ranked(priorities, lambda pair: pair[1])] == order


def _inventory(lvs1=None, lvs2=None):
    body = {'interface': 'eth0', 'virtual_router_id': 51, 'virtual_ipaddress': ['10.1.1.166']}
    hostvars = {'lvs1': {'ansible_host': '10.1.1.160', 'lvs_vrrp_instances': {'VI_1': dict(body, **(lvs1 or {}))}},
                'lvs2': {'ansible_host': '10.1.1.162', 'lvs_vrrp_instances': {'VI_1': dict(body, **(lvs2 or {}))}}}
    return hostvars, {'lvs_directors': ['lvs1', 'lvs2']}


@pytest.mark.parametrize('lvs1,lvs2,master', [
    (None, None, 'lvs1'),                       # derived 100, 90
    (None, {'priority': 150}, 'lvs2'),          # a priority in a host's own instance body
    ({'priority': 90}, None, 'lvs1'),           # equal priorities: the first of the group
])
def test_the_derivation_starts_as_master_the_director_the_summary_expects(lvs1, lvs2, master):
    hostvars, groups = _inventory(lvs1, lvs2)
    clusters, _realservers, _issues = build(hostvars, groups)
    states = dict((d.host, d.config['vrrp_instances']['VI_1']['state']) for d in clusters[0].directors)
    summary = cluster.validate(hostvars, groups).summary()
    assert summary['lvs_directors']['vrrp_instances']['VI_1']['master'] == master
    assert [host for host, state in sorted(states.items()) if state == 'MASTER'] == [master]
