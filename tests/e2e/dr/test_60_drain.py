# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Drain and undrain a real server under traffic (lvs.cluster.drain / undrain), and a drain that holds through a
reload and a failover.

A drained real server stays in IPVS at weight 0: the keep-alive connections it carries go on answering, every new
connection goes to the other real server, and not one request fails. Undrained, it takes new connections again.
"""

from __future__ import absolute_import, division, print_function

import time

from labkit import Connections

CONNECTIONS = 20        # keep-alive connections, about half of them to each real server
INTERVAL = 0.2          # seconds between two requests of one connection
WAIT_WHILE_BUSY = 5     # lvs_drain_timeout while the keep-alive connections stay open: the wait ends there
DRAIN_FILE = '/var/lib/lvs-cluster/drain/%s'


def run(lab, playbook, realserver, timeout):
    return lab.script('deploy.sh', '--playbook', 'lvs.cluster.%s' % playbook, '-e', 'lvs_drain_host=%s' % realserver,
                      '-e', 'lvs_drain_timeout=%d' % timeout)


def weight(lab, director, endpoint):
    return lab.reals_in_table(director)[endpoint][1]


def active(lab, director, endpoint):
    service = lab.ipvs(director).get(('TCP', '%s:%d' % (lab.cluster.vip, lab.cluster.port)))
    return service['reals'][endpoint][2]


def undrain_by_hand(lab, cluster, address):
    for director in cluster.directors:
        lab.ssh(director, 'rm -f %s' % DRAIN_FILE % address, check=False)


def test_drain_under_traffic_and_back(lab, cluster):
    drained, other = cluster.realservers
    endpoint = cluster.address_of(drained)
    address = endpoint.split(':')[0]
    traffic = Connections(lab, cluster.client, cluster.vip, cluster.port, count=CONNECTIONS, interval=INTERVAL)
    try:
        traffic.ready()
        carried = active(lab, cluster.master, endpoint)
        traffic.mark('drain %s' % drained)
        took_drain = run(lab, 'drain', drained, WAIT_WHILE_BUSY)
        weights = dict((director, weight(lab, director, endpoint)) for director in cluster.directors)
        still = active(lab, cluster.master, endpoint)
        new = lab.requests(10)
        time.sleep(2)  # the kept connections answer on
        report = traffic.stop()
        t0 = time.time()
        lab.wait_for('no active connection to %s on %s' % (drained, cluster.master),
                     lambda: active(lab, cluster.master, endpoint) == 0, 30)
        took_finish = run(lab, 'drain', drained, 60)  # the wait now ends as soon as it looks
        finished = time.time() - t0
        took_undrain = run(lab, 'undrain', drained, 60)
        back = [weight(lab, director, endpoint) for director in cluster.directors]
        after = lab.requests(6)
    finally:
        traffic.kill()
        undrain_by_hand(lab, cluster, address)
    totals = report['totals']
    kept = [c for c in report['per_connection'] if drained in c['servers']]
    print('\n[e2e] drain of %s under %d keep-alive connections (a request each every %g s; %d of them on %s, %d active '
          'connections on %s): %d requests, %d failed, %d connections broken; drain playbook %.0f s (waited %d s for '
          'the open connections, %d still active), weights after it %s; 10 new connections answered by %s; '
          'connections closed: the drain playbook again %.0f s; undrain playbook %.0f s, weights %s, 6 new '
          'connections answered by %s'
          % (drained, CONNECTIONS, INTERVAL, len(kept), drained, carried, cluster.master, totals['requests'],
             totals['failed'], totals['broken'], took_drain, WAIT_WHILE_BUSY, still, weights, sorted(set(new)),
             took_finish, took_undrain, back, sorted(set(after))))
    assert totals['failed'] == 0 and totals['broken'] == 0, report['timeline'][:20]
    assert kept, 'no connection went to %s before the drain' % drained
    assert all(list(c['servers']) == [drained] and not c['broken_at'] for c in kept), kept
    assert set(weights.values()) == {0}, weights
    assert still > 0, 'the kept connections should still be active on %s: %d (%d before)' % (
        cluster.master, still, carried)
    assert new == [other] * 10, new
    assert finished < 30
    assert all(w > 0 for w in back) and sorted(set(after)) == sorted(cluster.realservers), (back, after)


def test_a_drain_holds_through_a_reload_and_a_failover(lab, cluster):
    drained, other = cluster.realservers
    endpoint = cluster.address_of(drained)
    backup = cluster.backups[0]
    try:
        run(lab, 'drain', drained, 30)
        lab.ssh(cluster.master, 'systemctl reload keepalived')
        time.sleep(3)  # the reload rebuilds the checkers
        after_reload = weight(lab, cluster.master, endpoint)
        answers_reload = lab.requests(4)
        lab.ssh(cluster.master, 'systemctl stop keepalived')
        lab.wait_for('VIP on %s alone' % backup, lambda: lab.vip_holders() == [backup], 10, interval=0.2)
        on_backup = weight(lab, backup, endpoint)
        answers_failover = lab.requests(4)
    finally:
        lab.ssh(cluster.master, 'systemctl start keepalived', check=False)
        run(lab, 'undrain', drained, 60)
        lab.wait_converged(timeout=60)
    print('\n[e2e] %s drained: weight %d on %s after a reload (answers %s); %s took over with weight %d for it '
          '(answers %s)' % (drained, after_reload, cluster.master, answers_reload, backup, on_backup, answers_failover))
    assert after_reload == 0 and answers_reload == [other] * 4
    assert on_backup == 0 and answers_failover == [other] * 4
