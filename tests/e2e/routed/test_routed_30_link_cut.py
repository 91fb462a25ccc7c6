# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One director's link cut under traffic (QEMU's set_link: its NIC loses the carrier, as if its cable were
pulled): it cannot withdraw anything, so the router keeps sending it the flows hashed to it until BFD (or, without
BFD, the BGP hold timer) says it is gone; then the router re-hashes them to the other two, which take each over in
the middle (sloppy_tcp) and send it to the same real server (the same Maglev hash). Requests on those connections
wait while TCP retransmits; no connection breaks. The link stays cut until the director's checks have failed its
real servers (keepalived gives them weight 0 in place: inhibit_on_failure). Then it comes back: the real servers
pass their checks again, the director announces once that has settled (one check cycle), the router sends it flows
again, and its Maglev table is the others' (no real server changed its place): no connection breaks.

A request may wait up to TIMEOUT here: what is measured is how long the connections waited (the longest time
without an answer on one connection), against the detection bound, and whether any broke."""

from __future__ import absolute_import, division, print_function

import time

from labkit import Connections

from .activeactive import client_ports, next_hops, own_ports

CONNECTIONS = 200
INTERVAL = 0.5
TIMEOUT = 30
AFTER = 5
# TCP's first retransmission comes after at least 200 ms and each next one after twice the time: the first one
# after the router converged at D comes before 2 x D + 0.2 s. Margin: the client's request interval, and 1.5 s
# for a TCG-emulated director and the router's zebra installing the new route.
RTO_MIN = 0.2
MARGIN = INTERVAL + 1.5


def test_link_cut_and_back_break_nothing(lab, cluster):
    director = cluster.directors[1]
    address = cluster.addresses[director]
    detection = cluster.detection_bound()
    traffic = Connections(lab, cluster.client, cluster.vip, cluster.port, count=CONNECTIONS, interval=INTERVAL,
                          timeout=TIMEOUT)
    cut = False
    try:
        traffic.ready()
        before = client_ports(lab, director)
        traffic.mark('link of %s cut' % director)
        lab.qmp(director, 'set_link', name='n0', up=False)
        cut = True
        t_cut = time.time()
        converged = lab.wait_for('%s no longer routed through %s' % (cluster.vip, director),
                                 lambda: address not in next_hops(lab), detection + 30, interval=0.1)
        # twice the nominal time keepalived needs to fail every real server: its timers slip on a loaded TCG VM, and
        # the return is only tested once they have failed (asserted below)
        time.sleep(max(2 * detection + AFTER, t_cut + 2 * cluster.check_down_bound + AFTER - time.time()))
        traffic.mark('link of %s back' % director)
        lab.qmp(director, 'set_link', name='n0', up=True)
        cut = False
        returned = lab.wait_for('%s routed through %s again' % (cluster.vip, director),
                                lambda: address in next_hops(lab), 120, interval=0.5)
        time.sleep(AFTER)
        report = traffic.stop()
        failed_checks = lab.out(director, "journalctl -u keepalived -o cat --since '@%d' | grep -cE "
                                "'(Disabling|Removing) service' || true" % t_cut).strip()
    finally:
        traffic.kill()
        if cut:
            lab.qmp(director, 'set_link', name='n0', up=True)
    totals = report['totals']
    flows = [port for port in before if port in own_ports(report)]
    worst = report['longest_without_answer']['worst_connection']
    bound = 2 * detection + RTO_MIN + MARGIN
    print('\n[e2e] link of %s cut under %d keep-alive connections (%d of them through it): the router dropped its '
          'route %.1f s after the cut (detection bound: %s %.1f s); %d requests, %d failed, %d connections broken; '
          'longest wait of one connection %.2f s (bound 2 x %.1f + %.1f + %.1f = %.1f s), of the whole client %.2f s; '
          'link back: %s real servers had failed their checks on %s, routed through it again %.1f s later (settle %d s)'
          % (
              director, CONNECTIONS, len(flows), converged, 'BFD' if cluster.bfd else 'BGP hold time', detection,
              totals['requests'], totals['failed'], totals['broken'], worst['seconds'], detection, RTO_MIN, MARGIN,
              bound, report['longest_without_answer']['overall']['seconds'], failed_checks, director, returned,
              cluster.settle))
    assert flows, '%s carried no connection before the cut' % director
    assert totals['broken'] == 0 and totals['failed'] == 0, report['timeline'][:20]
    assert converged <= detection + MARGIN, 'the router took %.1f s to stop using %s' % (converged, director)
    assert worst['seconds'] <= bound, worst
    assert int(failed_checks) > 0, 'the link came back before %s failed its real servers: the return was not tested' % (
        director)
    assert returned >= cluster.settle, 'announced %.1f s after the link came back, before the %d s settle time' % (
        returned, cluster.settle)
