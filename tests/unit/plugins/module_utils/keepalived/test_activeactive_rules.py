# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster rules of active-active clusters (activeactive_rules.py, LVS040-LVS051): each called directly on the
article's cluster turned active-active (three directors, mh over the port, BGP), with the case that breaks it and
the nearest one that does not. test_bad_inventories.py has more inventories that break them, through validate()."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import activeactive_rules

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    ACTIVE_ACTIVE_HOSTS, TRIGGERS, aa_server, active_active, checked, on_aa, set_var, validate)


def test_an_active_active_finding_shows_no_bgp_password():
    report = validate(active_active(on_aa(lambda v: v['lvs_bgp_peers'][0].update(password='Other7pw'), ['lvs3'])))
    text = report.format() + repr([issue.as_dict() for issue in report.issues])
    assert 'LVS044' in text and 'password #1' in text and 'password #2' in text
    assert 'Bgp9pw' not in text and 'Other7pw' not in text


def test_real_servers_that_differ_are_lvs041_only_in_active_active():
    rules_found = [issue.rule for issue in validate(TRIGGERS['LVS041'][0]).issues]
    assert rules_found == ['LVS041']


def test_active_active_real_servers_in_another_order_on_one_director_are_refused():
    def reversed_on_lvs3(variables):
        server = variables['lvs_virtual_servers'][0]
        server.pop('real_servers_from_group')
        checkers = server.pop('real_server_defaults')['checkers']
        server['real_servers'] = [{'address': address, 'port': 80, 'checkers': copy.deepcopy(checkers)}
                                  for address in ('10.1.1.164', '10.1.1.163')]
    report = validate(active_active(on_aa(reversed_on_lvs3, ['lvs3'])))
    assert [issue.rule for issue in report.issues if issue.level == 'error'] == ['LVS041'], report.format()
    assert '10.1.1.164:80 weight 1, 10.1.1.163:80 weight 1 on lvs3' in report.format()


@pytest.mark.parametrize('change', [aa_server(lvs_sched='sh', **{'mh-port': False, 'sh-port': True}),
                                    set_var(ACTIVE_ACTIVE_HOSTS, 'ansible_kernel', '4.18.0-553.el8'),
                                    aa_server(lvs_method='TUN'), aa_server(announce=False),
                                    on_aa(lambda v: v.pop('lvs_bgp_asn') and v.update(lvs_bgp_asn=65002), ['lvs3']),
                                    set_var(ACTIVE_ACTIVE_HOSTS, 'lvs_global_defs', {'script_user': 'root:root'})],
                         ids=['sh-port', 'kernel-4.18', 'tun', 'announce-false-everywhere', 'own-asn-per-director',
                              'script-user-root'])
def test_active_active_variants_that_are_fine(change):
    report = validate(active_active(change))
    assert [issue.format() for issue in report.issues] == []


@pytest.mark.parametrize('values,value,why', [
    ({'lvs_sched': 'rr'}, 'rr', 'schedules a flow by the state of this director alone'),
    ({'lvs_sched': 'sh'}, 'sh', 'hashes the source address only'),        # sh without sh-port
    ({'lvs_sched': None}, 'wlc', 'schedules a flow by the state'),         # keepalived's default
])
def test_a_scheduler_that_does_not_hash_the_port_is_lvs040_saying_why(values, value, why):
    found = checked(activeactive_rules.consistent_hash_over_the_port, active_active(aa_server(['lvs2'], **values)))
    assert [(issue.rule, issue.host, issue.path, issue.value) for issue in found] == [
        ('LVS040', 'lvs2', 'virtual_servers[10.1.1.166:80].lvs_sched', value)]
    assert found[0].message.startswith(why) and 'mh-port: true' in found[0].fix


def test_a_vrrp_pair_may_schedule_as_it_likes():
    assert checked(activeactive_rules.consistent_hash_over_the_port) == []  # the article's rr


@pytest.mark.parametrize('kernel,found', [('4.9.0-19-amd64', ['lvs2']), ('4.17.19', ['lvs2']), ('4.18.0-553.el8', []),
                                          ('6.1.0-18-amd64', []), ('unknown', [])])
def test_mh_needs_kernel_4_18_and_an_unreadable_kernel_is_given_the_benefit(kernel, found):
    issues = checked(activeactive_rules.kernel_has_mh, active_active(set_var(['lvs2'], 'ansible_kernel', kernel)))
    assert [issue.host for issue in issues] == found
    assert all(kernel in issue.message for issue in issues)


def test_mh_on_an_old_kernel_is_lvs046_in_a_vrrp_pair_too():
    def mh_on_lvs1(hostvars, groups):
        hostvars['lvs1']['lvs_virtual_servers'][0].update({'lvs_sched': 'mh'})
        hostvars['lvs1']['ansible_kernel'] = '4.9.0-19-amd64'
    assert [issue.host for issue in checked(activeactive_rules.kernel_has_mh, mh_on_lvs1)] == ['lvs1']


def test_a_mode_that_differs_is_lvs049_naming_each_mode_s_directors():
    found = checked(activeactive_rules.one_mode_per_cluster, TRIGGERS['LVS049'][0])
    assert [(issue.host, issue.path) for issue in found] == [('lvs1, lvs2, lvs3', 'lvs_cluster_mode')]
    assert '(active_active on lvs1, lvs2; vrrp on lvs3)' in found[0].message


def test_a_script_user_other_than_root_is_lvs050_only_while_quorum_commands_run():
    not_root = set_var(ACTIVE_ACTIVE_HOSTS, 'lvs_global_defs', {'script_user': 'keepalived_script'})
    found = checked(activeactive_rules.quorum_commands_run_as_root, active_active(not_root))
    assert [(issue.host, issue.value) for issue in found] == [(host, 'keepalived_script') for host in ACTIVE_ACTIVE_HOSTS]
    # nothing announced: no quorum command runs as that user
    assert checked(activeactive_rules.quorum_commands_run_as_root, active_active(not_root, aa_server(announce=False))) == []


def test_vrrp_instances_in_an_active_active_cluster_are_lvs047_naming_them():
    found = checked(activeactive_rules.no_vrrp_in_active_active, TRIGGERS['LVS047'][0])
    assert [(issue.host, issue.path, issue.value) for issue in found] == [
        (host, 'vrrp_instances', 'VI_1') for host in ACTIVE_ACTIVE_HOSTS]
    assert checked(activeactive_rules.no_vrrp_in_active_active) == []  # a VRRP pair has them, of course


def test_a_virtual_server_announced_by_some_directors_only_is_lvs045_on_the_silent_one():
    found = checked(activeactive_rules.announce_what_is_served, active_active(aa_server(['lvs3'], announce=False)))
    assert [(issue.host, issue.value) for issue in found] == [('lvs3', '10.1.1.166')]
    assert 'while lvs1, lvs2 announce it' in found[0].message
