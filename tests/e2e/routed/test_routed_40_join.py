# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A director powered off under traffic (QEMU quit: no goodbye, no withdrawal) and booted again: while it is off,
the router moves its flows to the other two once BFD (or the hold timer) says it is gone; when it boots, keepalived
and FRR start by themselves (what the role enabled), it announces the VIP once its checks have settled, and the
router hashes part of the flows to it: a director that has never seen them takes each over in the middle
(sloppy_tcp) and sends it to the same real server (the same Maglev hash). No connection breaks."""

from __future__ import absolute_import, division, print_function

import time

from labkit import Connections

from .activeactive import client_ports, next_hops, own_ports

CONNECTIONS = 200
TIMEOUT = 30
AFTER = 5


def test_power_off_and_join_break_nothing(lab, cluster):
    director = cluster.directors[0]
    address = cluster.addresses[director]
    detection = cluster.detection_bound()
    traffic = Connections(lab, cluster.client, cluster.vip, cluster.port, count=CONNECTIONS, timeout=TIMEOUT)
    try:
        traffic.ready()
        before = client_ports(lab, director)
        traffic.mark('%s powered off' % director)
        lab.qmp(director, 'quit')
        gone = lab.wait_for('%s no longer routed through %s' % (cluster.vip, director),
                            lambda: address not in next_hops(lab), detection + 30, interval=0.1)
        time.sleep(AFTER)
        traffic.mark('%s booting' % director)
        booted = lab.script('up.sh', director)
        joined = lab.wait_for('%s routed through %s again' % (cluster.vip, director),
                              lambda: address in next_hops(lab), 180, interval=0.5)
        time.sleep(AFTER)
        taken = client_ports(lab, director, established=False)
        report = traffic.stop()
        # what the role made persistent, back after a cold boot without Ansible
        sloppy = lab.out(director, 'sysctl -n net.ipv4.vs.sloppy_tcp').strip()
        hops = lab.out(cluster.router, 'ip route show %s' % cluster.vip)
    finally:
        traffic.kill()
        if not lab.answers_ssh(director):
            lab.script('up.sh', director)
    totals = report['totals']
    flows = [port for port in before if port in own_ports(report)]
    taken = [port for port in taken if port in own_ports(report)]
    print('\n[e2e] %s powered off under %d keep-alive connections (%d of them through it): the router dropped its '
          'route %.1f s later (detection bound %.1f s); booted again in %.0f s, announced %.0f s after that, and then '
          'carried %d connections it had never seen; %d requests, %d failed, %d connections broken; longest wait of '
          'one connection %.2f s' % (director, CONNECTIONS, len(flows), gone, detection, booted, joined, len(taken),
                                     totals['requests'], totals['failed'], totals['broken'],
                                     report['longest_without_answer']['worst_connection']['seconds']))
    print('[e2e] after the boot: net.ipv4.vs.sloppy_tcp=%s on %s; the router: %s' % (sloppy, director, ' '.join(hops.split())))
    assert sloppy == '1', 'net.ipv4.vs.sloppy_tcp is %s on %s after a boot' % (sloppy, director)
    assert flows, '%s carried no connection before it was powered off' % director
    assert taken, 'the router sent no connection to %s after it joined' % director
    assert totals['broken'] == 0 and totals['failed'] == 0, report['timeline'][:20]
