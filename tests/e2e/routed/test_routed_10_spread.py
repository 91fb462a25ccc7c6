# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The deployed active-active cluster: the router learned the VIP from every director over BGP and spreads the
client's flows over them by a layer-4 hash; every director schedules with the same consistent hash, so each
connection is served by one real server whichever director it crosses."""

from __future__ import absolute_import, division, print_function

from .activeactive import bfd_down_events, bgp_sessions, client_ports, next_hops
from labkit import Connections

CONNECTIONS = 200
# a director's share of the flows may differ from 1/N by this much (with 200 flows over 3 directors the
# binomial standard deviation is 0.033): a router hashing on addresses alone gives one director everything
SHARE_TOLERANCE = 0.12


def test_router_routes_the_vip_through_every_director(lab, cluster):
    sessions = bgp_sessions(lab)
    print('\n[e2e] %s: BGP sessions %s; next hops to %s: %s'
          % (cluster.router, sessions, cluster.vip, sorted(next_hops(lab))))
    assert dict((cluster.director_of(a), s) for a, s in sessions.items()) == dict(
        (d, 'Established') for d in cluster.directors)
    assert next_hops(lab) == set(cluster.addresses.values())


def test_bfd_held_without_a_flap_through_the_deployment(lab, cluster):
    # BFD at FRR's 300 ms x 3 on TCG-emulated directors: not one session down since it came up, deployment included
    assert cluster.bfd, 'the routed inventory peers without BFD'
    down = bfd_down_events(lab)
    print('\n[e2e] %s: BFD session down events per director %s' % (cluster.router, down))
    assert sorted(down) == sorted(cluster.addresses.values()) and not any(down.values()), down


def test_every_director_schedules_with_the_consistent_hash(lab, cluster):
    for director in cluster.directors:
        service = lab.ipvs(director)[('TCP', '%s:%d' % (cluster.vip, cluster.port))]
        assert service['sched'] == 'mh' and 'mh-port' in service['flags'], (director, service)
        assert dict((real, entry[:2]) for real, entry in service['reals'].items()) == cluster.expected_reals
        sloppy = lab.out(director, 'sysctl -n net.ipv4.vs.sloppy_tcp').strip()
        assert sloppy == '1', '%s: net.ipv4.vs.sloppy_tcp is %s' % (director, sloppy)


def test_flows_spread_over_the_directors(lab, cluster):
    traffic = Connections(lab, cluster.client, cluster.vip, cluster.port, count=CONNECTIONS)
    try:
        traffic.ready()
        flows = dict((director, client_ports(lab, director)) for director in cluster.directors)
        report = traffic.stop()
    finally:
        traffic.kill()
    total = sum(len(ports) for ports in flows.values())
    shares = dict((director, len(ports) / float(total)) for director, ports in flows.items())
    print('\n[e2e] %d keep-alive connections: established IPVS connections per director %s (share %s, 1/N = %.3f); '
          'answers per real server %s; %d requests, %d failed'
          % (CONNECTIONS, dict((d, len(p)) for d, p in flows.items()),
             ', '.join('%s %.3f' % (d, shares[d]) for d in cluster.directors), 1.0 / len(cluster.directors),
             report['servers'], report['totals']['requests'], report['totals']['failed']))
    # every connection crosses exactly one director
    seen = [port for ports in flows.values() for port in ports]
    assert len(seen) == len(set(seen)) and total >= CONNECTIONS, flows
    for director in cluster.directors:
        assert abs(shares[director] - 1.0 / len(cluster.directors)) <= SHARE_TOLERANCE, shares
    assert report['totals']['failed'] == 0 and report['totals']['broken'] == 0, report['totals']
    assert sorted(report['servers']) == cluster.realservers, report['servers']
    assert not report['switched']
