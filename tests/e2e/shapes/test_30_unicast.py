# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unicast VRRP, IPv4 and IPv6 in one cluster, with the collection's VRRP firewall (lvs_director_vrrp_firewall).

Every instance of the cluster sends its adverts by unicast to the other director (the NAT and IPv6 failover tests
fail over through them). Here a third host, the client, sends adverts for an instance's virtual_router_id with
priority 254, by unicast to both directors, as a misconfigured or hostile neighbour would; once for the IPv4 lan
instance (VRRPv2), once for the IPv6 one (VRRPv3 over IPv6):
- with the firewall, the adverts reach the directors (tcpdump sees them) and are dropped before keepalived: the
  master keeps the instance's VIPs the whole time;
- without it (the firewall's table removed, the control that shows the test can fail), keepalived takes the higher
  priority for a better master (unicast keepalived accepts adverts from any source unless check_unicast_src) and
  the master gives the VIPs up. The firewall is loaded again afterwards and the master takes them back.
"""

from __future__ import absolute_import, division, print_function

import shlex
import time

import pytest

ROGUE_SECONDS = 8
FIREWALL_UNIT = 'lvs-cluster-vrrp-firewall.service'   # the director role's (roles/director/vars/main.yml)
FIREWALL_TABLE = 'inet lvs_cluster_vrrp'

# Adverts for VRID with PRIORITY and the VIPs, once a second for SECONDS, by unicast to each PEER (IP protocol 112, TTL
# or hop limit 255): VRRPv2 without authentication for IPv4 VIPs (RFC 3768), VRRPv3 for IPv6 ones (RFC 5798; the
# kernel computes its checksum over the IPv6 pseudo-header, IPV6_CHECKSUM).
ROGUE = r'''
import socket, struct, sys, time
vrid, priority, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
peers, vips = sys.argv[4].split(','), sys.argv[5].split(',')
def checksum(data):
    total = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xffff)
    return ~(total + (total >> 16)) & 0xffff
if ':' in vips[0]:
    body = b''.join(socket.inet_pton(socket.AF_INET6, v) for v in vips)
    packet = struct.pack('!BBBBHH', 0x31, vrid, priority, len(vips), 100, 0) + body
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 112)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_CHECKSUM, 6)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
else:
    body = b''.join(socket.inet_aton(v) for v in vips) + bytes(8)
    head = struct.pack('!BBBBBB', 0x21, vrid, priority, len(vips), 0, 1)
    packet = head + struct.pack('!H', checksum(head + b'\0\0' + body)) + body
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 255)
end = time.time() + seconds
while time.time() < end:
    for peer in peers:
        s.sendto(packet, (peer, 0))
    time.sleep(1)
'''


def family_of(address):
    return 6 if ':' in address else 4


def rogue(lab, cluster, instance, seconds):
    """The client's adverts for ``instance``'s virtual_router_id, in the background, to each director's VRRP address of
    the instance's family."""
    body, vips = cluster.instances[instance], cluster.vips[instance]
    peers = [a for d in cluster.directors for a in cluster.variables[d]['lvs_vrrp_address']
             if family_of(a) == family_of(vips[0])]
    command = 'python3 -c %s %d 254 %d %s %s' % (shlex.quote(ROGUE), int(body['virtual_router_id']), seconds,
                                                 ','.join(peers), ','.join(vips))
    return lab.popen(cluster.client, command)


def instance_of_family(cluster, family):
    """The IPv4 instance on the client's network (the NAT VIP's), or the IPv6 one."""
    return cluster.service('NAT').instance if family == 4 else cluster.service('DR', 6).instance


def watch_vips(lab, vips, seconds):
    """Samples who holds ``vips`` for ``seconds``: [{vip: holders}]."""
    samples, end = [], time.time() + seconds
    while time.time() < end:
        samples.append(lab.vips_held(vips))
        time.sleep(0.5)
    return samples


@pytest.mark.parametrize('family', [4, 6])
def test_a_third_vrrp_sender_is_dropped_by_the_firewall_and_would_win_without_it(lab, cluster, family):
    instance = instance_of_family(cluster, family)
    vips = cluster.vips[instance]
    rogue_address = lab.host_vars()[cluster.client]['ansible_host' if family == 4 else 'lab_ip6']
    for director in cluster.directors:
        assert 'unicast_peer' in lab.out(director, 'cat /etc/keepalived/keepalived.conf'), director
        rules = lab.out(director, 'nft list table %s' % FIREWALL_TABLE)
        peers = [a for other in cluster.directors if other != director
                 for a in cluster.variables[other]['lvs_vrrp_address']]
        assert all(' saddr %s accept' % peer in rules for peer in peers) and ' drop' in rules, (director, rules)
    # 1. with the firewall: the adverts arrive, and nothing changes
    capture = lab.popen(cluster.master, 'timeout %d tcpdump -c 3 -ni any %s proto 112 and src %s 2>/dev/null'
                        % (ROGUE_SECONDS + 5, 'ip' if family == 4 else 'ip6', rogue_address))
    sender = rogue(lab, cluster, instance, ROGUE_SECONDS)
    try:
        samples = watch_vips(lab, vips, ROGUE_SECONDS + 2)
        seen, _err = capture.communicate(timeout=ROGUE_SECONDS + 30)
    finally:
        sender.kill()
        capture.kill()
    seen = [line for line in seen.splitlines() if 'VRRP' in line]
    print('\n[e2e] with the VRRP firewall: %d of the rogue adverts seen arriving on %s, e.g. %s; the VIPs %s held by '
          '%s in all %d samples over %d s' % (len(seen), cluster.master, seen[:1], vips, cluster.master, len(samples),
                                              ROGUE_SECONDS + 2))
    assert len(seen) >= 2, 'the rogue adverts never reached %s: the test would show nothing' % cluster.master
    assert all(holders == [cluster.master] for sample in samples for holders in sample.values()), samples
    # 2. without it (the control): the rogue's priority wins, the master gives its VIPs up
    for director in cluster.directors:
        lab.ssh(director, 'nft delete table %s' % FIREWALL_TABLE)
    sender = rogue(lab, cluster, instance, ROGUE_SECONDS + 10)
    try:
        gone = lab.wait_for('%s released by %s' % (vips, cluster.master),
                            lambda: not any(cluster.master in lab.vip_holders(vip) for vip in vips),
                            ROGUE_SECONDS + 5, interval=0.3)
    finally:
        sender.kill()
        for director in cluster.directors:
            lab.ssh(director, 'systemctl restart %s' % FIREWALL_UNIT)
    print('[e2e] without it: %s gave up %s %.1f s after the rogue began' % (cluster.master, vips, gone))
    for director in cluster.directors:
        assert ' drop' in lab.out(director, 'nft list table %s' % FIREWALL_TABLE), director
    lab.wait_converged(timeout=90)
