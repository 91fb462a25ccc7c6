# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the cluster rules register (cluster.py for every cluster, activeactive_rules.py for active-active ones),
so that cluster.validate runs them all from one list."""

from __future__ import absolute_import, division, print_function

CLUSTER_RULES = []
LANDSCAPE_RULES = []


def rule(rule_id, landscape=False):
    """Register a cluster rule; ``landscape`` rules look at all clusters at once."""
    def register(function):
        function.rule_id = rule_id
        (LANDSCAPE_RULES if landscape else CLUSTER_RULES).append(function)
        return function
    return register
