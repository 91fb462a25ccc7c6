# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""From inventory variables to each director's configuration (inventory.py): the derived priorities, states,
router_id, unicast peers and real servers of the article's cluster, the clusters by lvs_cluster_name, and the
helpers the derivation reads addresses and groups with."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, inventory
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.inventory import build

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    article, both, second_cluster, set_var, validate)


def derived(change=None):
    hostvars, groups = article()
    if change is not None:
        change(hostvars, groups)
    clusters, _realservers, issues = build(hostvars, groups)
    return dict((d.host, d.config) for c in clusters for d in c.directors), issues


def test_priorities_and_states_follow_the_order_of_the_directors_group():
    configs, _issues = derived()
    assert [configs[h]['vrrp_instances']['VI_1']['priority'] for h in ('lvs1', 'lvs2')] == [100, 90]
    assert [configs[h]['vrrp_instances']['VI_1']['state'] for h in ('lvs1', 'lvs2')] == ['MASTER', 'BACKUP']


def test_explicit_priority_decides_the_master():
    configs, _issues = derived(lambda h, g: (h['lvs1'].update(lvs_vrrp_priority=100), h['lvs2'].update(lvs_vrrp_priority=150)))
    assert configs['lvs2']['vrrp_instances']['VI_1']['state'] == 'MASTER'
    assert configs['lvs1']['vrrp_instances']['VI_1']['state'] == 'BACKUP'


def test_per_instance_priorities():
    def change(hostvars, groups):
        set_var(['lvs1'], 'lvs_vrrp_priority', {'VI_1': 80})(hostvars, groups)
    configs, _issues = derived(change)
    assert configs['lvs1']['vrrp_instances']['VI_1']['priority'] == 80
    assert configs['lvs2']['vrrp_instances']['VI_1']['state'] == 'MASTER'


def _strict(global_strict, instance_strict):
    def change(hostvars, groups):
        for host in ('lvs1', 'lvs2'):
            if global_strict is not None:
                hostvars[host]['lvs_global_defs'] = dict(hostvars[host].get('lvs_global_defs') or {}, vrrp_strict=global_strict)
            if instance_strict is not None:
                hostvars[host]['lvs_vrrp_instances']['VI_1']['strict_mode'] = instance_strict
    return change


@pytest.mark.parametrize('global_strict, instance_strict, states', [
    (None, None, ['MASTER', 'BACKUP']),
    (True, None, ['BACKUP', 'BACKUP']),     # only an address owner may start as MASTER in strict mode
    (None, True, ['BACKUP', 'BACKUP']),     # an instance's strict_mode is strict mode too
    (True, False, ['MASTER', 'BACKUP']),    # and it overrides vrrp_strict (vrrp.c)
])
def test_in_strict_mode_every_director_starts_backup(global_strict, instance_strict, states):
    configs, _issues = derived(_strict(global_strict, instance_strict))
    assert [configs[h]['vrrp_instances']['VI_1']['state'] for h in ('lvs1', 'lvs2')] == states


def test_nopreempt_style_is_the_articles_both_backup_pair():
    configs, _issues = derived(set_var(['lvs1', 'lvs2'], 'lvs_preempt', False))
    for host in ('lvs1', 'lvs2'):
        vi = configs[host]['vrrp_instances']['VI_1']
        assert vi['state'] == 'BACKUP' and vi['nopreempt'] is True


def test_router_id_defaults_to_the_host_name():
    configs, _issues = derived()
    assert configs['lvs1']['global_defs']['router_id'] == 'lvs1'


def test_unicast_peers_are_derived_from_the_other_directors():
    configs, _issues = derived(set_var(['lvs1', 'lvs2'], 'lvs_vrrp_unicast', True))
    vi = configs['lvs1']['vrrp_instances']['VI_1']
    assert vi['unicast_src_ip'] == '10.1.1.160' and vi['unicast_peer'] == ['10.1.1.162']
    assert 'LVS011' not in [i.rule for i in validate(set_var(['lvs1', 'lvs2'], 'lvs_vrrp_unicast', True)).issues]


def test_real_servers_come_from_the_group_with_host_overrides():
    def change(hostvars, groups):
        hostvars['rs2'].update(lvs_realserver_weight=3, lvs_realserver_address='10.1.1.174')
    configs, _issues = derived(change)
    reals = configs['lvs1']['virtual_servers'][0]['real_servers']
    assert [(r['address'], r['port'], r.get('weight')) for r in reals] == [('10.1.1.163', 80, None), ('10.1.1.174', 80, 3)]
    assert reals[0]['checkers'][0]['type'] == 'TCP_CHECK'
    assert 'real_servers_from_group' not in configs['lvs1']['virtual_servers'][0]


def test_adding_a_host_to_the_group_adds_it_to_every_director():
    def change(hostvars, groups):
        hostvars['rs3'] = {'ansible_host': '10.1.1.165'}
        groups['lvs_realservers'].append('rs3')
    configs, _issues = derived(change)
    for host in ('lvs1', 'lvs2'):
        assert '10.1.1.165' in [r['address'] for r in configs[host]['virtual_servers'][0]['real_servers']]


def test_real_server_without_an_address_is_reported():
    def change(hostvars, groups):
        hostvars['rs1'] = {'ansible_host': 'rs1.example.org'}
    _configs, issues = derived(change)
    assert [(i.rule, i.host, i.path) for i in issues] == [('LVS106', 'rs1', 'lvs_realserver_address')]


def test_unknown_real_server_group_is_reported():
    def change(hostvars, groups):
        both(hostvars, lambda v: v['lvs_virtual_servers'][0].update(real_servers_from_group='web'))
    _configs, issues = derived(change)
    assert ('LVS101', 'lvs1') in [(i.rule, i.host) for i in issues]


def test_per_family_unicast_peers():
    def change(hostvars, groups):
        for host, six in (('lvs1', '2001:db8::160'), ('lvs2', '2001:db8::162')):
            hostvars[host].update(lvs_vrrp_unicast=True, lvs_vrrp_address=[hostvars[host]['ansible_host'], six])
            hostvars[host]['lvs_vrrp_instances'] = dict(hostvars[host]['lvs_vrrp_instances'], VI_6={
                'interface': 'eth0', 'virtual_router_id': 52, 'virtual_ipaddress': ['2001:db8::166']})
    hostvars, groups = article()
    change(hostvars, groups)
    report = cluster.validate(hostvars, groups)
    assert report.valid, report.format()
    lvs1 = report.configs()['lvs1']['vrrp_instances']
    assert (lvs1['VI_1']['unicast_src_ip'], lvs1['VI_1']['unicast_peer']) == ('10.1.1.160', ['10.1.1.162'])
    assert (lvs1['VI_6']['unicast_src_ip'], lvs1['VI_6']['unicast_peer']) == ('2001:db8::160', ['2001:db8::162'])


@pytest.mark.parametrize('host,variables,address', [
    ('lvs1', {'ansible_host': '10.1.1.160'}, '10.1.1.160'),
    ('lvs1', {'ansible_host': ' 2001:DB8::160 '}, '2001:db8::160'),   # as the model writes it
    ('10.1.1.160', {}, '10.1.1.160'),                                  # the inventory name is an address
    ('10.1.1.160', {'ansible_host': 'lvs1.example.org'}, '10.1.1.160'),
    ('lvs1', {'ansible_host': 'lvs1.example.org'}, None),
    ('lvs1', {'ansible_host': True}, None),                            # a boolean is no address
])
def test_a_host_address_is_ansible_host_or_the_inventory_name_when_either_is_an_ip_address(host, variables, address):
    assert inventory.host_address(host, variables) == address


def test_a_copy_of_variables_shares_nothing_with_them():
    variables = {'lvs_vrrp_instances': {'VI_1': {'virtual_ipaddress': ['10.1.1.166']}}, 'lvs_vrrp_priority': 100}
    copied = inventory.copy_data(variables)
    copied['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'].append('10.1.1.167')
    assert copied != variables and variables['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'] == ['10.1.1.166']


def test_the_real_server_groups_are_the_default_one_and_those_a_director_names():
    hostvars, groups = article()
    groups.update(web=['rs1'], other=['rs2'])
    hostvars['lvs2']['lvs_virtual_servers'].append({'address': '10.1.1.167', 'port': 80, 'real_servers_from_group': 'web'})
    hostvars['lvs1']['lvs_virtual_servers'].append({'address': '10.1.1.168', 'port': 80, 'real_servers_from_group': 'nope'})
    assert inventory.realserver_groups(hostvars, groups, 'lvs_directors', 'lvs_realservers') == ['lvs_realservers', 'web']


def test_a_host_in_both_roles_keeps_its_director_and_its_real_server_variables():
    hostvars, groups = article()
    groups['lvs_realservers'].append('lvs2')
    hostvars['lvs2']['lvs_realserver_weight'] = '3'
    checked, _groups, issues = inventory.check(hostvars, groups)
    assert issues == []
    # checked as a real server's (INI text "3" read as 3) and no LVS032: the host is a real server too
    assert checked['lvs2']['lvs_realserver_weight'] == 3 and 'lvs_vrrp_instances' in checked['lvs2']
    hostvars['rs1']['lvs_vrrp_priority'] = 100
    assert [(issue.rule, issue.host) for issue in inventory.check(hostvars, groups)[2]] == [('LVS032', 'rs1')]


def test_directors_form_clusters_by_name_sorted_each_in_group_order():
    hostvars, groups = article()
    second_cluster(segment='rack2')(hostvars, groups)
    groups['lvs_directors'] = ['lvs1', 'db2', 'lvs2', 'db1']
    clusters, _realservers, _issues = build(hostvars, groups)
    assert [(c.name, [d.host for d in c.directors]) for c in clusters] == [
        ('db', ['db2', 'db1']), ('lvs_directors', ['lvs1', 'lvs2'])]
    assert [d.segment for c in clusters for d in c.directors] == ['rack2', 'rack2', 'default', 'default']
    # the first of the group is the MASTER of its cluster
    assert clusters[0].directors[0].config['vrrp_instances']['VI_DB']['state'] == 'MASTER'


def test_each_director_knows_the_absent_real_servers_its_groups_hold():
    hostvars, groups = article()
    hostvars['rs2']['lvs_realserver_state'] = 'absent'
    clusters, realservers, _issues = build(hostvars, groups)
    assert realservers['rs2'].absent and not realservers['rs1'].absent
    assert [d.decommissioned for d in clusters[0].directors] == [['10.1.1.164'], ['10.1.1.164']]
    variables = {'lvs_virtual_servers': [{'address': '10.1.1.166', 'port': 80}]}  # no group: nothing to drain
    assert inventory.decommissioned(variables, groups, realservers) == []
