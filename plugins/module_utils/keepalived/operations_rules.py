# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster rule of the maintenance switch (operations.py): in maintenance, a director gives up every VIP."""

from __future__ import absolute_import, division, print_function

from .blocks import PRIORITY
from .checks import track_weights
from .operations import MAINTENANCE_TRACK, SWITCHES_VARIABLE
from .registry import rule
from .rules import make_issue


def _maintenance_weight(conf, instance):
    weights = [weight for keyword, name, weight in track_weights(conf, instance)
               if keyword == 'track_file' and name == MAINTENANCE_TRACK]
    return weights[0] if weights else None


def _healthy(conf, instance, extra=0):
    """The priority keepalived advertises while every tracked script and interface is up (positive weights added;
    a file's value is unknown, so files count as 0), clamped to keepalived's 1..254."""
    raised = sum(weight for keyword, _name, weight in track_weights(conf, instance)
                 if keyword != 'track_file' and weight > 0)
    return min(254, max(1, instance.effective_priority + raised + extra))


@rule('LVS028')
def maintenance_moves_every_instance(cluster, members, context):
    for member in members:
        for name, instance in sorted((member.conf.vrrp_instances or {}).items()):
            weight = _maintenance_weight(member.conf, instance)
            if not weight or PRIORITY.coerced_or_none(instance.priority) is None:
                continue  # no switch, or FAULT (weight 0), which always hands over
            lowered = _healthy(member.conf, instance, weight)
            for peer in members:
                other = (peer.conf.vrrp_instances or {}).get(name)
                if peer is member or other is None:
                    continue
                if other.nopreempt or lowered >= _healthy(peer.conf, other):
                    why = ('%s has nopreempt: it never takes over from a lower priority' % peer.host if other.nopreempt
                           else 'priority %d with its tracked weights %+d = %d, not below %s\'s %d' % (
                               _healthy(member.conf, instance), weight, lowered, peer.host, _healthy(peer.conf, other)))
                    yield make_issue('LVS028', 'vrrp_instances[%s].track_file' % name, MAINTENANCE_TRACK,
                                     'would not hand %s\'s VIPs of %s over in maintenance: %s'
                                     % (member.host, name, why),
                                     'give the tracked scripts and interfaces the same positive weights on every '
                                     'director, or set %s: false' % SWITCHES_VARIABLE, host=member.host)
