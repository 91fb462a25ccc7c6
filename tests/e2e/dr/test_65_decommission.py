# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Removing a real server from the inventory under traffic: rs2 marked lvs_realserver_state: absent (an extra
inventory file beside the lab's), one lvs.cluster.site run drains it on both directors, removes it from their
keepalived.conf with a reload, then undoes its VIP on lo and ARP settings; not one request of the client's loop (a new
connection per request) fails. Marked present again, the next site run prepares it and the directors take it back
(adding a real server: prepared first, then a reload), under the same traffic, again without a failed request."""

from __future__ import absolute_import, division, print_function

import time

from labkit import LOOP, STOP_FILE, outcome, url

DURATION = 900          # at most; the loop is stopped once the site run is over
MAX_REQUESTS = 20000
CURL_TIMEOUT = 2
PAUSE = 0.1
DECOMMISSIONED = 'rs2'


def preparation(lab, cluster, host):
    """(the VIP on lo, arp_ignore and arp_announce of all, whether lvs_realserver's record is there)."""
    lo = lab.out(host, 'ip -o -4 addr show dev lo')
    arp = lab.out(host, 'cat /proc/sys/net/ipv4/conf/all/arp_ignore /proc/sys/net/ipv4/conf/all/arp_announce').split()
    record = lab.ssh(host, 'test -e /var/lib/lvs-cluster/realserver.json', check=False)[0] == 0
    return (' %s/32' % cluster.vip) in lo, arp, record


def test_removing_a_real_server_under_traffic_and_adding_it_back(lab, cluster, tmp_path):
    assert DECOMMISSIONED in cluster.realservers, cluster.realservers
    (other,) = [host for host in cluster.realservers if host != DECOMMISSIONED]
    endpoint = cluster.address_of(DECOMMISSIONED)
    before = preparation(lab, cluster, DECOMMISSIONED)
    absent = tmp_path / 'decommission.yml'
    absent.write_text('all:\n  hosts:\n    %s:\n      lvs_realserver_state: absent\n' % DECOMMISSIONED)
    script = LOOP % dict(duration=DURATION, max=MAX_REQUESTS, timeout=CURL_TIMEOUT, url=url(cluster.vip, cluster.port),
                         pause=PAUSE)
    loop = lab.popen(cluster.client, script)
    restore_took = None
    try:
        time.sleep(5)  # answers from both real servers first
        t_site = time.time()
        took = lab.script('deploy.sh', '-i', str(absent))
        t_done = time.time()
        tables = dict((director, lab.reals_in_table(director)) for director in cluster.directors)
        undone = preparation(lab, cluster, DECOMMISSIONED)
        time.sleep(3)  # answers after the removal
        t_add = time.time()
        restore_took = lab.script('deploy.sh')  # present again, under the same traffic: the lab as it was
        lab.wait_converged(timeout=120)
        time.sleep(3)  # answers after it came back
        lab.ssh(cluster.client, 'touch %s' % STOP_FILE)
        log, err = loop.communicate(timeout=120)
        assert loop.returncode == 0, err
    finally:
        if loop.poll() is None:
            loop.kill()
        if restore_took is None:
            lab.script('deploy.sh')
    back = dict((director, lab.reals_in_table(director)) for director in cluster.directors)
    restored = preparation(lab, cluster, DECOMMISSIONED)
    results, ok, failed, gap, normal = outcome(log)
    during = [r[3] for r in ok if t_site <= r[0] <= t_done]
    later = [r[3] for r in ok if t_done < r[0] < t_add]
    readded = [r[3] for r in ok if r[0] > t_add + restore_took]
    print('\n[e2e] %s removed under traffic: %d requests (one connection each) in %.1f s, %d failed; longest time '
          'without an answer %.2f s (median %.2f s); site run %.0f s, answers during it %s, after it %s; IPVS after: '
          '%s; %s before (VIP on lo, arp_ignore/arp_announce, record) %s, after %s; added back by a site run of %.0f '
          's under the same traffic: %s, answers after it %s'
          % (DECOMMISSIONED, len(results), results[-1][1] - results[0][0] if results else 0, len(failed), gap, normal,
             took, dict((h, during.count(h)) for h in sorted(set(during))), sorted(set(later)),
             dict((d, sorted(t)) for d, t in tables.items()), DECOMMISSIONED, before, undone, restore_took,
             dict((d, sorted(t)) for d, t in back.items()), sorted(set(readded))))
    assert before[0] and before[2], before
    assert not failed, failed[:10]
    assert len(ok) > 50 and DECOMMISSIONED in [r[3] for r in ok if r[0] < t_site], 'no answer from it before'
    assert all(endpoint not in table for table in tables.values()), tables
    assert later and set(later) == {other}, later
    assert undone == (False, ['0', '0'], False), undone
    assert all(endpoint in table for table in back.values()), back
    assert restored == before, (restored, before)
    assert sorted(set(readded)) == sorted(cluster.realservers), readded
