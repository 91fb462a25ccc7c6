# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the model says about a VRRP instance and a virtual server (blocks.py): the one place each of them is
decided."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.entries import address_of


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
