# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which director a VRRP election makes MASTER: the one place that decides it.

The derivation (inventory.py) starts that director as MASTER, and the cluster summary (cluster.py) names it as the
expected master that the site playbook configures last. The highest priority wins; among equal priorities
(an error, LVS008) the first of the directors group, so that every reader names the same host.
"""

from __future__ import absolute_import, division, print_function

from .blocks import DEFAULT_PRIORITY


def ranked(items, priority):
    """``items`` (in directors group order) from the expected MASTER to the last backup; ``priority(item)`` is the
    item's priority, None for keepalived's default."""
    def key(item):
        value = priority(item)
        return -(DEFAULT_PRIORITY if value is None else value)
    return sorted(items, key=key)  # sorted is stable: equals keep the group order
