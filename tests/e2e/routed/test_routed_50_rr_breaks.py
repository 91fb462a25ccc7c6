# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The counter-test: why the validator refuses a scheduler that is not a consistent hash (LVS040). The directors'
keepalived.conf is edited behind the collection's back (lvs_sched rr, no mh-port) and reloaded, then the same
maintenance as test_routed_20 runs under the same traffic: the flows the router moves to the other directors are
scheduled there afresh, many to another real server, which knows nothing of them and resets them. So connections
break, and the maintenance test can fail."""

from __future__ import absolute_import, division, print_function

import time

from labkit import Connections

from .activeactive import client_ports, moved_flows, next_hops, own_ports

CONNECTIONS = 200
AFTER = 5
KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf'
SAVED = '/run/keepalived.conf.e2e'
HELPER = '/usr/local/sbin/lvs-cluster-announce'


def scheduler(lab, cluster, director):
    return lab.ipvs(director)[('TCP', '%s:%d' % (cluster.vip, cluster.port))]['sched']


def switch(lab, cluster, command, wanted):
    for director in cluster.directors:
        lab.ssh(director, '%s && systemctl reload keepalived' % command)
    lab.wait_for('every director schedules with %s' % wanted,
                 lambda: all(scheduler(lab, cluster, d) == wanted for d in cluster.directors), 30)
    # a reload re-runs the checks, and a director may withdraw the VIP until they settle: the traffic must start
    # with every director routed, or the one put in maintenance may carry nothing
    lab.wait_converged(timeout=180)


def test_round_robin_breaks_connections_in_maintenance(lab, cluster):
    director = cluster.directors[-1]
    others = set(cluster.addresses[d] for d in cluster.directors if d != director)
    traffic = None
    try:
        switch(lab, cluster, r"cp -p %s %s && sed -i -e 's/lvs_sched mh/lvs_sched rr/' -e '/^\s*mh-port$/d' %s"
               % (KEEPALIVED_CONF, SAVED, KEEPALIVED_CONF), 'rr')
        traffic = Connections(lab, cluster.client, cluster.vip, cluster.port, count=CONNECTIONS)
        traffic.ready()
        before = client_ports(lab, director)
        traffic.mark('maintenance on %s (rr)' % director)
        lab.ssh(director, '%s maintenance on' % HELPER)
        lab.wait_for('%s routed only through the others' % cluster.vip, lambda: next_hops(lab) == others, 30,
                     interval=0.2)
        time.sleep(AFTER)
        taken = {}
        for other in cluster.directors:
            if other != director:
                taken.update(client_ports(lab, other, established=False))
        report = traffic.stop()
    finally:
        if traffic is not None:
            traffic.kill()
        lab.ssh(director, '%s maintenance off' % HELPER, check=False)
        # back to the keepalived.conf the collection rendered
        switch(lab, cluster, 'if [ -e %s ]; then mv %s %s; fi' % (SAVED, SAVED, KEEPALIVED_CONF), 'mh')
    totals = report['totals']
    # which real server each taken-over flow got, as the others' IPVS tables show it: printed, not asserted. One CI
    # run showed 0 of 68 on another real server while 13 connections were reset; the tables alone do not explain
    # that yet. The resets are the proof.
    flows, moved, changed = moved_flows(before, taken, own_ports(report))
    print('\n[e2e] the same maintenance of %s with rr instead of mh (validation bypassed): of its %d connections %d '
          'were taken over by the others, %d of them by another real server; %d requests, %d failed, %d of %d '
          'connections broken (errors: %s)' % (director, len(flows), moved, changed, totals['requests'],
                                               totals['failed'], totals['broken'], CONNECTIONS, report['errors']))
    assert flows, '%s carried no connection before its maintenance' % director
    assert moved > 0, 'the others took over none of the %d connections of %s' % (len(flows), director)
    assert totals['broken'] > 0, 'no connection broke with rr: the maintenance test could not tell mh from rr'
    # a reset comes from a real server that does not know the connection: another one than the flow had
    assert report['errors'].get('reset', 0) > 0, report['errors']
