# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""registry.py: a rule function registers under its rule id in the list it names (the cluster rules by default), and
the helpers that name the directors a cluster finding is about."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import namedtuple

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, registry
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.rules import RULES

Member = namedtuple('Member', 'host')


def test_a_rule_registers_in_the_cluster_rules_by_default_and_stays_callable(monkeypatch):
    monkeypatch.setattr(registry, 'CLUSTER_RULES', [])

    @registry.rule('LVS001')
    def check(members):
        return ['checked %d' % len(members)]

    assert registry.CLUSTER_RULES == [check] and check.rule_id == 'LVS001'
    assert check([Member('lvs1')]) == ['checked 1']  # the decorator returns the function itself


def test_a_rule_registers_in_the_list_it_names_only(monkeypatch):
    monkeypatch.setattr(registry, 'CLUSTER_RULES', [])
    landscape = []

    @registry.rule('LVS017', landscape)
    def check(clusters):
        return clusters

    assert (landscape, registry.CLUSTER_RULES, check.rule_id) == ([check], [], 'LVS017')


def test_every_registered_cluster_rule_is_a_rule_of_the_table_and_registered_once():
    registered = registry.CLUSTER_RULES + registry.LANDSCAPE_RULES
    assert cluster.validate and registered  # importing cluster registers its rules
    assert [check for check in registered if check.rule_id not in RULES] == []
    assert len(set(registered)) == len(registered)


def test_hosts_of_members_are_named_in_their_order():
    assert registry.hosts_of([Member('lvs2'), Member('lvs1')]) == 'lvs2, lvs1'
    assert registry.hosts_of([]) == ''


def test_hosts_by_value_groups_the_hosts_of_each_value_in_the_order_of_the_pairs():
    pairs = [(100, 'lvs1'), (90, 'lvs2'), (100, 'lvs3'), (90, 'lvs0')]
    assert registry.hosts_by_value(pairs) == {100: ['lvs1', 'lvs3'], 90: ['lvs2', 'lvs0']}
    assert registry.hosts_by_value([]) == {}
