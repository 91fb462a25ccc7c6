# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The routed topology's active-active cluster as its inventory describes it, and what the tests read off the
router (its routes to the VIP, its BGP sessions) and the directors (their IPVS connections and counters)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

# FRR's BFD defaults (the model renders ``neighbor ... bfd`` without timers): 300 ms x 3
BFD_DETECTION = 0.9


class ActiveActive(object):
    """What the inventory says about the lab's active-active cluster (one virtual server)."""

    def __init__(self, lab):
        cluster, realservers, variables, groups = lab.derive()
        first = cluster.directors[0]
        self.directors = [d.host for d in cluster.directors]
        addresses = lab.host_vars()
        self.addresses = dict((d, addresses[d]['ansible_host']) for d in self.directors)
        (self.virtual_server,) = first.config['virtual_servers']
        self.vip = str(self.virtual_server['address'])
        self.port = int(self.virtual_server['port'])
        self.sched = self.virtual_server['lvs_sched']
        self.realserver_hosts = dict((str(rs.address), name) for name, rs in realservers.items())
        self.realservers = sorted(self.realserver_hosts[str(r['address'])] for r in self.virtual_server['real_servers'])
        self.expected_reals = dict(('%s:%d' % (r['address'], int(r.get('port', self.port))),
                                    ('Route', int(r.get('weight', 1)))) for r in self.virtual_server['real_servers'])
        self.client = groups['lvs_clients'][0]
        self.router = groups['lab_routers'][0]
        checkers = [checker for real in self.virtual_server['real_servers'] for checker in real.get('checkers') or []
                    if checker['type'] != 'FILE_CHECK']  # the drain switch, which connects nowhere
        # a cut link makes every connect time out: the check fails after connect_timeout, then retry more times
        self.check_down_bound = float(self.virtual_server.get('delay_loop', 60)) + max(
            (int(c.get('retry', 1)) + 1) * float(c.get('connect_timeout', 5)) + int(c.get('retry', 1)) * float(
                c.get('delay_before_retry', 1)) for c in checkers)
        self.settle = first.announcement.settle
        settings = variables[self.directors[0]]
        self.hold = int((settings.get('lvs_bgp_timers') or {}).get('hold', 9))
        self.bfd = all(peer.get('bfd') for peer in settings['lvs_bgp_peers'])
        self.peers = [str(peer['address']) for peer in settings['lvs_bgp_peers']]

    def detection_bound(self):
        """How long the router may keep sending flows to a director that died silently: BFD's detection time
        where every peer uses BFD, the BGP hold time otherwise."""
        return BFD_DETECTION if self.bfd else float(self.hold)

    def converged(self, lab):
        """The router has a route to the VIP through every director, and every director has every real server
        in its IPVS table."""
        want = set(self.addresses.values())
        return ('%s routes %s through %s, each with %s in its IPVS table'
                % (self.router, self.vip, ', '.join(self.directors), sorted(self.expected_reals)),
                lambda: next_hops(lab) == want and all(lab.reals_in_table(d) == self.expected_reals
                                                       for d in self.directors))

    def describe(self, lab):
        """What the router and the directors show: its routes and sessions, their IPVS tables and announcements."""
        shown = [lab.ssh(self.router, "ip route show %s; vtysh -c 'show bgp summary'" % self.vip, timeout=30, check=False)[1]]
        # and each director's own view of its sessions: a director the router never peers with says why here
        command = ('ipvsadm -Ln; /usr/local/sbin/lvs-cluster-announce status; '
                   'ls -l --time-style=+%s /run/lvs-cluster/quorum; date +%s; '
                   "vtysh -c 'show bgp summary' -c 'show bfd peers brief'; journalctl -u frr -n 20 --no-pager")
        for director in self.directors:
            shown.append('%s:\n%s' % (director, lab.ssh(director, command, timeout=30, check=False)[1]))
        return '\n'.join(shown)

    def director_of(self, address):
        for director, own in self.addresses.items():
            if own == address:
                return director
        raise KeyError(address)


def next_hops(lab):
    """The set of next hops of the router's kernel route to the VIP (one per director it learned it from)."""
    routes = lab.out(lab.cluster.router, 'ip route show %s' % lab.cluster.vip)
    return set(re.findall(r'via (\S+) ', routes))


def bgp_sessions(lab):
    """{peer address: state} of the router's BGP sessions (FRR's show bgp summary json)."""
    summary = json.loads(lab.out(lab.cluster.router, "vtysh -c 'show bgp summary json'") or '{}')
    peers = summary.get('ipv4Unicast', {}).get('peers', {})
    return dict((address, peer.get('state')) for address, peer in peers.items())


def session_drops(lab):
    """How often the router's BGP sessions went down so far, over every peer (FRR's connectionsDropped), plus its
    BFD sessions' down events: a change between two readings means a session flapped in between."""
    summary = json.loads(lab.out(lab.cluster.router, "vtysh -c 'show bgp summary json'") or '{}')
    peers = summary.get('ipv4Unicast', {}).get('peers', {})
    return sum(int(peer.get('connectionsDropped', 0)) for peer in peers.values()) + sum(bfd_down_events(lab).values())


def bfd_down_events(lab):
    """{director address: how often the router's BFD session with it went down} (FRR's show bfd peers counters)."""
    text = lab.out(lab.cluster.router, "vtysh -c 'show bfd peers counters'")
    return dict((peer, int(count)) for peer, count in re.findall(
        r'peer (\S+) .*?Session down events: (\d+)', text, re.S))


def client_ports(lab, director, established=True):
    """{client port: real server address} of the IPVS connections ``director`` has for the VIP (ESTABLISHED
    only, unless ``established`` is false)."""
    ports = {}
    virtual = '%s:%d' % (lab.cluster.vip, lab.cluster.port)
    for line in lab.out(director, 'ipvsadm -Lnc').splitlines():
        fields = line.split()
        if len(fields) == 6 and fields[4] == virtual and (fields[2] == 'ESTABLISHED' or not established):
            ports[int(fields[3].rsplit(':', 1)[1])] = fields[5].rsplit(':', 1)[0]
    return ports


def inbound_packets(lab, director):
    """IPVS's inbound packet counter of ``director`` (/proc/net/ip_vs_stats, hexadecimal)."""
    lines = lab.out(director, 'cat /proc/net/ip_vs_stats').splitlines()
    return int(lines[2].split()[1], 16)


def own_ports(report):
    """The client ports of a lab-connections run (every local port each connection used)."""
    return set(port for connection in report['per_connection'] for port in connection['ports'])


def moved_flows(before, after, ports):
    """(flows of ``before`` among ``ports``, how many of them ``after`` shows elsewhere, how many of those on
    another real server): ``before``/``after`` are client_ports() maps of the director left and of the others."""
    flows = dict((port, server) for port, server in before.items() if port in ports)
    moved = [port for port in flows if port in after]
    return flows, len(moved), sum(1 for port in moved if after[port] != flows[port])
