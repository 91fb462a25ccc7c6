# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""LVS-NAT: the directors hold the client's VIP on the lan network and the real servers' default gateway (an
internal VIP on the back network) in two VRRP instances of one sync group; the answers of the real servers go back
through the director that holds the gateway, which rewrites them.

- requests to the NAT VIP alternate between the real servers (rr), and every real server's default route goes
  through the internal VIP, which the master holds on its back interface;
- a graceful stop of the master's keepalived moves both VIPs together, under traffic, within the VRRP bound;
- cutting the master's back link (the internal VIP's interface, which keepalived tracks) moves the client's VIPs too:
  that is the sync group's job, without it the client VIP would stay on a director that cannot reach the real
  servers;
- a site run whose inventory names another gateway for a NAT real server (lvs_realserver_gateway) is refused by the
  validation (LVS053) before any host is touched, and the cluster serves on.
"""

from __future__ import absolute_import, division, print_function

import time

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import timing
from labkit import failover_under_traffic

from .conftest import alternates

# Over the VRRP bound: one lost connection attempt (curl's 1 s) plus 1.5 s for the loop's pause, TCG and the
# gratuitous ARPs (the client's for the VIP, the real servers' for their gateway), as in tests/e2e/dr.
MARGIN = 1 + 1.5
BACK_INTERFACE = 'eth1'


def gateway(cluster):
    """(instance, VIP) of the real servers' gateway: the other instance of the NAT VIP's sync group."""
    nat = cluster.service('NAT')
    (group,) = [g for g in cluster.sync_groups.values() if nat.instance in g['group']]
    (name,) = [n for n in group['group'] if n != nat.instance]
    return name, cluster.vips[name][0]


def test_nat_requests_alternate_and_go_back_through_the_internal_vip(lab, cluster):
    nat = cluster.service('NAT')
    _name, gateway_vip = gateway(cluster)
    alternates(lab, cluster, nat)
    for realserver in nat.realservers:
        route = lab.out(realserver, 'ip -4 route show default')
        assert 'via %s ' % gateway_vip in route + ' ', '%s: %s' % (realserver, route)
    assert 'inet %s/' % gateway_vip in lab.out(cluster.master, 'ip -o -4 addr show dev %s' % BACK_INTERFACE)


def test_nat_failover_under_traffic_moves_the_vip_and_the_gateway_together(lab, cluster):
    nat = cluster.service('NAT')
    _name, gateway_vip = gateway(cluster)
    (backup,) = cluster.backups
    skew = timing.skew_time(cluster.priorities[nat.instance][backup], cluster.advert_int(nat.instance),
                            cluster.version(nat.instance))
    bound = skew + MARGIN
    print('\n[e2e] VRRP bound: skew time of %s %.2f s + margin %.1f s = %.2f s' % (backup, skew, MARGIN, bound))
    _results, ok, failed, _outage, _normal, _moved = failover_under_traffic(
        lab, cluster.client, nat.vip, nat.port, cluster.master, backup, [nat.vip, gateway_vip], bound)
    after = [r[3] for r in ok if r[0] > (failed[-1][1] if failed else ok[0][0]) + 1]
    assert sorted(set(after[-6:])) == sorted(nat.realservers), 'not all real servers answer after the failover'
    lab.wait_converged(timeout=60)


def test_a_cut_back_link_moves_the_client_vips_with_the_gateway(lab, cluster):
    nat = cluster.service('NAT')
    name, gateway_vip = gateway(cluster)
    (backup,) = cluster.backups
    client_vips = cluster.vips[nat.instance]
    bound = timing.master_down_interval(cluster.advert_int(name), cluster.priorities[name][backup],
                                        cluster.version(name)) + MARGIN
    t_cut = time.time()
    lab.ssh(cluster.master, 'ip link set %s down' % BACK_INTERFACE)
    try:
        moved = lab.wait_for('%s on %s alone' % (', '.join(client_vips + [gateway_vip]), backup),
                             lambda: all(lab.vip_holders(vip) == [backup] for vip in client_vips + [gateway_vip]),
                             bound + 10, interval=0.2)
        answers = lab.requests(4, vip=nat.vip, port=nat.port)
    finally:
        lab.ssh(cluster.master, 'ip link set %s up' % BACK_INTERFACE)
    print('\n[e2e] %s of %s cut: %s on %s %.1f s later (bound %.2f s: Master_Down_Interval + margin); NAT answers '
          'then: %s' % (BACK_INTERFACE, cluster.master, ', '.join(client_vips + [gateway_vip]), backup,
                        time.time() - t_cut if moved is None else moved, bound, answers))
    assert moved <= bound, 'the VIPs moved after %.2f s, over the bound %.2f s' % (moved, bound)
    assert sorted(set(answers)) == sorted(nat.realservers), answers
    lab.wait_converged(timeout=90)


def test_a_gateway_that_is_not_a_vip_is_refused_before_any_host_is_touched(lab, cluster, tmp_path):
    nat = cluster.service('NAT')
    realserver = nat.realservers[0]
    conf = lab.out(cluster.master, 'stat -c %Y /etc/keepalived/keepalived.conf')
    wrong = tmp_path / 'wrong_gateway.yml'
    wrong.write_text('all:\n  hosts:\n    %s:\n      lvs_realserver_gateway: 10.1.3.1\n' % realserver)
    code, output = lab.script_output('deploy.sh', '-i', str(wrong))
    assert code != 0 and 'LVS053' in output and '10.1.3.1' in output, output[-3000:]
    assert 'TASK [lvs.cluster.director' not in output and 'TASK [lvs.cluster.realserver' not in output, output[-3000:]
    assert lab.out(cluster.master, 'stat -c %Y /etc/keepalived/keepalived.conf') == conf
    assert sorted(set(lab.requests(4, vip=nat.vip, port=nat.port))) == sorted(nat.realservers)
