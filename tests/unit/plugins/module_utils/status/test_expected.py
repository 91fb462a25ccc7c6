# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The expected state is the model's derivation laid out as data: priorities and the expected MASTER, virtual and
real servers with their configured weights and inventory names, an active-active director's announcement plan and
its peers, and no password."""

from __future__ import absolute_import, division, print_function

import json

from ansible_collections.lvs.cluster.plugins.module_utils.status import expected
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.status import inventories


def test_a_vrrp_pair():
    found = expected.from_report(inventories.report(inventories.VRRP, host_vars={'rs2': {'lvs_realserver_weight': 3}}))
    pair = found['lvs_directors']
    assert (pair['mode'], pair['order']) == ('vrrp', ['lvs1', 'lvs2'])
    assert pair['vrrp_instances'] == {'VI_1': {'vrid': 51, 'vips': ['10.1.1.166'], 'priorities': {'lvs1': 100, 'lvs2': 90},
                                               'master': 'lvs1', 'preempt': True}}
    server, = pair['virtual_servers']
    assert (server['key'], server['ipvs'], server['vips'], server['scheduler'], server['method'], server['quorum']) == \
        ('TCP 10.1.1.166:80', ['TCP 10.1.1.166:80'], ['10.1.1.166'], 'rr', 'DR', 1)
    assert server['announce_key'] is None and server['directors'] == ['lvs1', 'lvs2']
    assert [(r['key'], r['name'], r['weights']) for r in server['real_servers']] == [
        ('10.1.1.163:80', 'rs1', {'lvs1': 1, 'lvs2': 1}),   # keepalived's default weight
        ('10.1.1.164:80', 'rs2', {'lvs1': 3, 'lvs2': 3})]   # lvs_realserver_weight
    assert pair['directors']['lvs2'] == {'address': '10.1.1.161', 'vrrp_instances': ['VI_1'],
                                         'virtual_servers': ['TCP 10.1.1.166:80'], 'maintenance': False,
                                         'announcement': None, 'bgp_peers': []}


def test_nopreempt_and_explicit_priorities():
    found = expected.from_report(inventories.report(dict(inventories.VRRP, lvs_preempt=False),
                                                    host_vars={'lvs1': {'lvs_vrrp_priority': 50},
                                                               'lvs2': {'lvs_vrrp_priority': 150}}))
    instance = found['lvs_directors']['vrrp_instances']['VI_1']
    assert (instance['master'], instance['preempt'], instance['priorities']) == ('lvs2', False, {'lvs1': 50, 'lvs2': 150})


def test_an_active_active_cluster():
    found = expected.from_report(inventories.report(inventories.ACTIVE_ACTIVE, directors=('lvs1', 'lvs2', 'lvs3'),
                                                    host_vars={'lvs3': {'lvs_director_maintenance': True}}))
    cluster = found['lvs_directors']
    assert cluster['mode'] == 'active_active' and cluster['vrrp_instances'] == {}
    assert [(s['key'], s['quorum'], s['announce_key']) for s in cluster['virtual_servers']] == [
        ('TCP 10.1.1.166:80', 1, 'TCP-10.1.1.166:80'), ('TCP 10.1.1.167:80', 2, 'TCP-10.1.1.167:80')]
    lvs1, lvs3 = cluster['directors']['lvs1'], cluster['directors']['lvs3']
    assert lvs1['announcement'] == {'served': ['10.1.1.166', '10.1.1.167'], 'settle': 60,
                                    'services': {'TCP-10.1.1.166:80': ['10.1.1.166'],
                                                 'TCP-10.1.1.167:80': ['10.1.1.167']}}
    assert (lvs1['maintenance'], lvs3['maintenance']) == (False, True)
    assert lvs1['bgp_peers'] == [{'address': '10.1.1.1', 'asn': 65000}]


def test_a_vrrp_director_the_inventory_puts_in_maintenance():
    found = expected.from_report(inventories.report(inventories.VRRP,
                                                    host_vars={'lvs2': {'lvs_director_maintenance': 'yes'}}))
    assert [d['maintenance'] for d in found['lvs_directors']['directors'].values()] == [False, True]


def test_a_virtual_server_without_announcement_and_a_group():
    group_vars = dict(inventories.ACTIVE_ACTIVE, lvs_virtual_server_groups={'web': ['10.1.1.170 80', '10.1.1.171 80']})
    group_vars['lvs_virtual_servers'] = [
        dict(inventories.ACTIVE_ACTIVE['lvs_virtual_servers'][0], announce=False),
        {'group': 'web', 'protocol': 'TCP', 'lvs_sched': 'mh', 'mh-port': True, 'lvs_method': 'DR',
         'real_servers_from_group': 'lvs_realservers'}]
    servers = expected.from_report(inventories.report(group_vars))['lvs_directors']['virtual_servers']
    assert [(s['key'], s['ipvs'], s['vips'], s['announce_key']) for s in servers] == [
        ('TCP 10.1.1.166:80', ['TCP 10.1.1.166:80'], ['10.1.1.166'], None),
        ('group web', ['TCP 10.1.1.170:80', 'TCP 10.1.1.171:80'], ['10.1.1.170', '10.1.1.171'], 'group-web')]


def test_no_password_is_carried():
    for group_vars in (inventories.VRRP, inventories.ACTIVE_ACTIVE):
        text = json.dumps(expected.from_report(inventories.report(group_vars)))
        assert inventories.VRRP_PASSWORD not in text and inventories.BGP_PASSWORD not in text
