# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the rules register: the cluster rules (cluster.py for every cluster, activeactive_rules.py for
active-active ones), so that cluster.validate runs them all from one list, and checks.py's rules of one host."""

from __future__ import absolute_import, division, print_function

CLUSTER_RULES = []
LANDSCAPE_RULES = []  # rules that look at all clusters at once


def rule(rule_id, rules=CLUSTER_RULES):
    """Register a rule function under ``rule_id`` in the list ``rules``."""
    def register(function):
        function.rule_id = rule_id
        rules.append(function)
        return function
    return register
