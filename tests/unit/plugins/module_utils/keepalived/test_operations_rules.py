# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster rule of the maintenance switch (operations_rules.py, LVS028): the derived maintenance weight must take
a director below every peer of each of its VRRP instances, with the positive weights of the tracked scripts counted;
a peer with nopreempt never takes over. The base is the article's pair (priorities 100 and 90, maintenance weights
-11 and -1)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import operations, operations_rules

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    checked, set_var, tracked, validate)

RULE = operations_rules.maintenance_moves_every_instance


def test_lvs028_shows_the_arithmetic():
    issue = [i for i in validate(tracked(20, hosts=['lvs1'])).issues if i.rule == 'LVS028'][0]
    assert 'priority 120 with its tracked weights -11 = 109, not below lvs2\'s 90' in issue.message


def test_lvs028_is_quiet_when_both_directors_track_the_same_weights():
    assert 'LVS028' not in [issue.rule for issue in validate(tracked(20)).issues]


def test_a_positive_tracked_weight_on_the_master_alone_is_lvs028_on_the_master_with_its_fix():
    # lvs1's chk_web raises it to 120: its maintenance weight -11 (from 100 and 90) leaves it at 109, above lvs2
    found = checked(RULE, tracked(20, hosts=['lvs1']))
    assert [(issue.rule, issue.host, issue.path, issue.value) for issue in found] == [
        ('LVS028', 'lvs1', 'vrrp_instances[VI_1].track_file', operations.MAINTENANCE_TRACK)]
    assert 'would not hand lvs1\'s VIPs of VI_1 over in maintenance' in found[0].message
    assert '%s: false' % operations.SWITCHES_VARIABLE in found[0].fix


def test_a_positive_tracked_weight_on_the_backup_alone_is_lvs028_on_the_backup():
    # lvs2 runs at 110 with its chk_web: lvs1's 100 - 11 = 89 still hands over, but lvs2's own 110 - 1 = 109 stays
    # above lvs1's 100, so it is lvs2 that keeps its VIPs in maintenance
    found = checked(RULE, tracked(20, hosts=['lvs2']))
    assert [(issue.host, issue.value) for issue in found] == [('lvs2', operations.MAINTENANCE_TRACK)]
    assert 'priority 110 with its tracked weights -1 = 109, not below lvs1\'s 100' in found[0].message


def test_a_negative_tracked_weight_counts_for_nothing():
    # a failing script lowers a director; while it is up (the healthy case the rule compares) lvs2 runs at its 90,
    # and lvs1's 100 - 11 = 89 is below it
    assert checked(RULE, tracked(-20, hosts=['lvs2'])) == []


def test_a_peer_with_nopreempt_is_named_as_the_reason():
    # the derivation makes the weight 0 (a FAULT) when a peer has nopreempt; one that gets it later in the model is
    # what the rule guards against
    def lvs2_never_preempts(clusters):
        lvs2 = [member for member in clusters['lvs_directors'] if member.host == 'lvs2'][0]
        lvs2.conf.vrrp_instances['VI_1'].nopreempt = True
    found = checked(RULE, edit=lvs2_never_preempts)
    assert [(issue.host, issue.path) for issue in found] == [('lvs1', 'vrrp_instances[VI_1].track_file')]
    assert 'lvs2 has nopreempt: it never takes over from a lower priority' in found[0].message


def test_a_maintenance_weight_of_0_is_a_fault_that_always_hands_over():
    # lvs_preempt: false derives weight 0 (FAULT) on both directors: no arithmetic to check
    assert checked(RULE, set_var(['lvs1', 'lvs2'], 'lvs_preempt', False)) == []


def test_without_the_switches_there_is_nothing_to_check():
    assert checked(RULE, set_var(['lvs1', 'lvs2'], operations.SWITCHES_VARIABLE, False)) == []


def test_keepalived_s_ceiling_of_254_leaves_the_maintenance_weight_no_room():
    # 250 + 20 and 240 + 20 both run at keepalived's 254, and so do 250 + 20 - 11 and 240 + 20 - 1: neither director
    # gets below the other in maintenance, although the weights alone would take each 1 below its peer
    found = checked(RULE, tracked(20, {'lvs1': 250, 'lvs2': 240}))
    assert [issue.host for issue in found] == ['lvs1', 'lvs2']
    assert 'priority 254 with its tracked weights -11 = 254, not below lvs2\'s 254' in found[0].message
