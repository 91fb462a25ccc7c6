# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the rules register: the cluster rules (cluster.py for every cluster, activeactive_rules.py for
active-active ones), so that cluster.validate runs them all from one list, and checks.py's rules of one host; and
what the cluster rules share to name the directors a finding is about."""

from __future__ import absolute_import, division, print_function

CLUSTER_RULES = []
LANDSCAPE_RULES = []  # rules that look at all clusters at once


def rule(rule_id, rules=None):
    """Register a rule function under ``rule_id`` in the list ``rules`` (default: CLUSTER_RULES)."""
    def register(function):
        function.rule_id = rule_id
        (CLUSTER_RULES if rules is None else rules).append(function)
        return function
    return register


def hosts_of(members):
    return ', '.join(member.host for member in members)


def hosts_by_value(pairs):
    """{value: [host, ...]} of (value, host) pairs, each value's hosts in the order of the pairs."""
    grouped = {}
    for value, host in pairs:
        grouped.setdefault(value, []).append(host)
    return grouped
