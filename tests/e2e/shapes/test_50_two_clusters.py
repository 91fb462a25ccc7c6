# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two clusters on one L2, from one inventory: the shapes cluster (lvs1, lvs2: unicast VRRP) and its neighbour
(lvs3, lvs4: multicast VRRP), each with its own virtual_router_ids and VIPs, both forwarding to rs1 and rs2.

- both serve: requests to each cluster's VIP alternate between the real servers;
- a failover in one cluster (a stop of its master's keepalived) moves its VIPs to its own backup within the VRRP
  bound (Master_Down_Interval plus margin), while every VIP of the other cluster stays on that cluster's master the whole time; then the same the
  other way round.
"""

from __future__ import absolute_import, division, print_function

import time

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import timing

# Over the VRRP bound: the stop's own time on a TCG director, and the look at both clusters' directors over ssh
# between two samples.
MARGIN = 2.5


def serves(lab, service):
    answers = lab.requests(4, vip=service.vip, port=service.port)
    assert sorted(set(answers)) == sorted(service.realservers), (service, answers)
    return answers


def astray(lab, cluster):
    """[(vip, holders)] of the cluster's VIPs that are not on its master alone."""
    return [(vip, h) for vip, h in lab.vips_held(cluster.all_vips(), cluster.directors).items() if h != [cluster.master]]


def fail_over(lab, failing, other):
    """Stops ``failing``'s master's keepalived until its backup holds its VIPs; samples ``other``'s VIPs meanwhile.
    Returns (seconds until the move, bound, [(vip, holders) of ``other`` that were not its master alone])."""
    (backup,) = failing.backups
    instance = failing.services[0].instance
    # not the graceful stop's skew time: stopping a master with several instances and virtual servers takes a TCG
    # director a while before its priority-0 adverts go out. Any master that falls silent is replaced within this.
    bound = timing.master_down_interval(failing.advert_int(instance), failing.priorities[instance][backup],
                                        failing.version(instance)) + MARGIN
    strays, t0 = [], time.time()
    lab.ssh(failing.master, 'systemctl stop keepalived')
    try:
        while True:
            moved = all(h == [backup] for h in lab.vips_held(failing.all_vips(), failing.directors).values())
            took = time.time() - t0
            strays.extend(astray(lab, other))
            if moved or took > bound + 10:
                break
        for _sample in range(4):  # and a while after
            strays.extend(astray(lab, other))
            time.sleep(0.5)
    finally:
        lab.ssh(failing.master, 'systemctl start keepalived')
    assert moved, '%s of cluster %s not on %s within %.1f s' % (failing.all_vips(), failing.name, backup, took)
    return took, bound, strays


def test_two_clusters_on_one_lan_serve_and_fail_over_independently(lab, cluster):
    neighbour = cluster.neighbour
    ours, theirs = cluster.service('DR'), neighbour.services[0]
    vrids = dict((c.name, sorted(int(body['virtual_router_id']) for body in c.instances.values()))
                 for c in (cluster, neighbour))
    assert not set(vrids['shapes']) & set(vrids['neighbour']), vrids
    print('\n[e2e] two clusters on one lan: virtual_router_ids %s; %s answers %s, %s answers %s'
          % (vrids, ours.vip, serves(lab, ours), theirs.vip, serves(lab, theirs)))
    for failing, other in ((neighbour, cluster), (cluster, neighbour)):
        took, bound, strays = fail_over(lab, failing, other)
        print('[e2e] failover in %s: its VIPs on %s %.1f s after the stop (bound %.2f s); %s VIPs away from %s '
              'meanwhile: %s' % (failing.name, failing.backups[0], took, bound, other.name, other.master, strays))
        assert took <= bound, 'cluster %s moved after %.2f s, over the bound %.2f s' % (failing.name, took, bound)
        assert not strays, 'a failover in %s moved a VIP of %s: %s' % (failing.name, other.name, strays)
        serves(lab, ours)
        serves(lab, theirs)
        lab.wait_converged(timeout=90)
