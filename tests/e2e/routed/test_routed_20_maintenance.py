# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A director into maintenance and back under traffic, with the operator's playbook
(``lvs.cluster.director_maintenance``): it withdraws its announcement, the router moves its flows to the other
two, which take each over in the middle (sloppy_tcp) and send it to the same real server (the same Maglev hash);
out of maintenance it announces again and the router spreads the flows over all three. Not one connection
breaks and not one request fails, either way."""

from __future__ import absolute_import, division, print_function

import time

from labkit import Connections

from .activeactive import client_ports, moved_flows, next_hops, own_ports

CONNECTIONS = 200
AFTER = 5   # seconds of traffic after each switch, before the next step


def maintenance(lab, director, state):
    """Runs the playbook; returns its seconds."""
    return lab.script('deploy.sh', '--playbook', 'lvs.cluster.director_maintenance', '-e',
                      'lvs_maintenance_host=%s' % director, '-e', 'lvs_maintenance_state=%s' % state)


def test_maintenance_and_back_break_nothing(lab, cluster):
    director = cluster.directors[-1]
    others = [d for d in cluster.directors if d != director]
    traffic = Connections(lab, cluster.client, cluster.vip, cluster.port, count=CONNECTIONS)
    switched_on = False
    try:
        traffic.ready()
        before = client_ports(lab, director)
        traffic.mark('maintenance on %s' % director)
        switched_on = True
        took_on = maintenance(lab, director, 'on')
        hops_in_maintenance = next_hops(lab)
        taken = {}
        for other in others:
            taken.update(client_ports(lab, other, established=False))
        time.sleep(AFTER)
        traffic.mark('maintenance off %s' % director)
        took_off = maintenance(lab, director, 'off')
        switched_on = False
        back = lab.wait_for('%s routed through all directors again' % cluster.vip,
                            lambda: next_hops(lab) == set(cluster.addresses.values()), 30)
        time.sleep(AFTER)
        report = traffic.stop()
    finally:
        traffic.kill()
        if switched_on:
            lab.ssh(director, '/usr/local/sbin/lvs-cluster-announce maintenance off', check=False)
    totals = report['totals']
    flows, moved, changed = moved_flows(before, taken, own_ports(report))
    print('\n[e2e] maintenance of %s under %d keep-alive connections (a request each every 0.5 s): %d requests, '
          '%d failed, %d connections broken; its %d connections were taken over by %s, %d of them on the same real '
          'server; playbook on %.0f s, off %.0f s (routes through all three again %.1f s after it ended); longest '
          'time without any answer %.2f s' % (director, CONNECTIONS, totals['requests'], totals['failed'],
                                              totals['broken'], len(flows), ' and '.join(others), moved - changed,
                                              took_on, took_off, back,
                                              report['longest_without_answer']['overall']['seconds']))
    assert hops_in_maintenance == set(cluster.addresses[d] for d in others), hops_in_maintenance
    assert flows, '%s carried no connection before the maintenance' % director
    assert moved == len(flows), 'connections of %s not taken over: %d of %d' % (director, len(flows) - moved, len(flows))
    assert changed == 0, '%d connections changed their real server' % changed
    assert totals['failed'] == 0 and totals['broken'] == 0, report['timeline'][:20]
