# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters over the summary that lvs.cluster.cluster_validate returns, for the site playbook.

director_order lists the directors with the backups first; cluster_vips and settle_seconds give a director's
cluster VIPs and how long they must stay put to be settled (the slowest Master_Down_Interval plus a margin);
vip_holders turns lvs.cluster.vip_status results into who holds which VIP, and vips_misheld into the VIPs not held
as their cluster's mode wants (by one director of a VRRP cluster, by every director of an active-active one);
cluster_mode says which kind a director's cluster is. rolling_plan is lvs.cluster.rolling_update's plan, from the
whole derivation. The logic is in module_utils/keepalived/cluster.py and rollout.py.
"""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, rollout


class FilterModule(object):
    def filters(self):
        return {
            'director_order': cluster.director_order,
            'cluster_vips': cluster.cluster_vips,
            'settle_seconds': cluster.settle_seconds,
            'vip_holders': cluster.vip_holders,
            'vips_misheld': cluster.vips_misheld,
            'cluster_mode': cluster.cluster_mode,
            'rolling_plan': rollout.plan,
        }
