# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failover under traffic: the client sends requests continuously while the MASTER's keepalived is
stopped; the VIP moves to the backup, and the outage the client sees is bounded by VRRP's timing.

A graceful stop makes the master send an advert with priority 0, and the backup takes over after its
Skew_Time alone ((256 - priority) / 256 s with VRRPv2), not after the full Master_Down_Interval.
"""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import timing
from labkit import failover_under_traffic

DURATION = 20           # seconds of client traffic (and at most MAX_REQUESTS requests)
MAX_REQUESTS = 400
STOP_AFTER = 6          # seconds of traffic before the master's keepalived is stopped
CURL_TIMEOUT = 1        # a connection attempt lost on the old master is given up after this
PAUSE = 0.1             # between two requests
# Margin over the VRRP bound: one lost connection attempt (CURL_TIMEOUT; TCP would retransmit the
# SYN only after 1 s), plus 1.5 s for the loop's pause and request time under TCG emulation and for
# the client to take the backup's gratuitous ARP.
MARGIN = CURL_TIMEOUT + 1.5


def test_failover_under_traffic(lab, cluster):
    master = cluster.master
    (backup,) = cluster.backups
    skew = timing.skew_time(cluster.priorities[backup], cluster.advert_int, cluster.vrrp_version)
    down_interval = timing.master_down_interval(cluster.advert_int, cluster.priorities[backup], cluster.vrrp_version)
    bound = skew + MARGIN
    print('\n[e2e] VRRP bound: skew time of %s (priority %d, advert_int %g) %.2f s + margin %.1f s = %.2f s '
          '(Master_Down_Interval, for a master that dies silently: %.2f s)'
          % (backup, cluster.priorities[backup], cluster.advert_int, skew, MARGIN, bound, down_interval))
    _results, ok, failed, _outage, _normal, _moved = failover_under_traffic(
        lab, cluster.client, cluster.vip, cluster.port, master, backup, [cluster.vip], bound, duration=DURATION,
        stop_after=STOP_AFTER, curl_timeout=CURL_TIMEOUT, pause=PAUSE, max_requests=MAX_REQUESTS)
    after = [r[3] for r in ok if r[0] > (failed[-1][1] if failed else ok[0][0]) + 1]
    assert sorted(set(after[-6:])) == sorted(cluster.realservers), 'not all real servers answer after the failover'
    # the master comes back and preempts (restores the deployed state for the next tests)
    lab.wait_converged(timeout=60)
