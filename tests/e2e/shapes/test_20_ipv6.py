# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IPv6: an IPv6 VIP in a VRRPv3 instance, LVS-DR to IPv6 real servers that hold it as a /128 on lo.

- requests over IPv6 alternate between the real servers (rr);
- only the master answers a neighbour solicitation for the VIP (IPv6's ARP), although every real server has the
  VIP: Linux answers a solicitation only for the addresses of the interface it arrives on (the strict lookup of
  ndisc_recv_ns), so an address on lo is never advertised, and IPv6 needs no counterpart of arp_ignore. The probe
  sends one solicitation from the client and lists every host that answers;
- a graceful stop of the master's keepalived moves the VIP under traffic within VRRPv3's skew time plus margin.
"""

from __future__ import absolute_import, division, print_function

import json
import shlex

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import timing
from labkit import failover_under_traffic

from .conftest import alternates

MARGIN = 1 + 1.5  # as in tests/e2e/dr: one lost connection attempt, the loop's pause, TCG, the unsolicited NA

# One neighbour solicitation for TARGET to its solicited-node multicast address, from INTERFACE; prints the
# answers (the IPv6 source and the target link-layer address of every neighbour advertisement) as JSON.
SOLICIT = r'''
import json, socket, struct, sys, time
target, interface = sys.argv[1], sys.argv[2]
packed = socket.inet_pton(socket.AF_INET6, target)
group = socket.inet_pton(socket.AF_INET6, 'ff02::1:ff00:0')[:13] + packed[13:]
mac = bytes.fromhex(open('/sys/class/net/%s/address' % interface).read().strip().replace(':', ''))
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, interface.encode())
s.sendto(struct.pack('!BBHI', 135, 0, 0, 0) + packed + bytes([1, 1]) + mac,
         (socket.inet_ntop(socket.AF_INET6, group), 0, 0, socket.if_nametoindex(interface)))
answers, end = [], time.time() + 3
while time.time() < end:
    s.settimeout(max(0.01, end - time.time()))
    try:
        data, source = s.recvfrom(2048)
    except socket.timeout:
        break
    if data[0] == 136 and data[8:24] == packed:
        options, lladdr = data[24:], None
        while len(options) >= 8 and options[1]:
            if options[0] == 2:
                lladdr = ':'.join('%02x' % b for b in options[2:8])
            options = options[options[1] * 8:]
        answers.append([source[0].split('%')[0], lladdr])
print(json.dumps(answers))
'''


def test_ipv6_requests_alternate(lab, cluster):
    service = cluster.service('DR', 6)
    alternates(lab, cluster, service)


def test_only_the_master_answers_a_neighbour_solicitation_for_the_ipv6_vip(lab, cluster):
    service = cluster.service('DR', 6)
    for realserver in service.realservers:
        assert 'inet6 %s/128' % service.vip in lab.out(realserver, 'ip -o -6 addr show dev lo'), realserver
    interface = cluster.instances[service.instance]['interface']
    master_mac = lab.out(cluster.master, 'cat /sys/class/net/%s/address' % interface).strip()
    answers = json.loads(lab.out(cluster.client, 'python3 -c %s %s eth0' % (shlex.quote(SOLICIT), service.vip)))
    print('\n[e2e] neighbour solicitation for %s from %s: answered by %s (the master %s is %s)'
          % (service.vip, cluster.client, answers, cluster.master, master_mac))
    assert [mac for _source, mac in answers] == [master_mac], answers


def test_ipv6_failover_under_traffic(lab, cluster):
    service = cluster.service('DR', 6)
    (backup,) = cluster.backups
    priority, advert_int, version = (cluster.priorities[service.instance][backup],
                                     cluster.advert_int(service.instance), cluster.version(service.instance))
    assert version == 3, 'an IPv6 instance is VRRPv3'
    skew = timing.skew_time(priority, advert_int, version)
    bound = skew + MARGIN
    print('\n[e2e] VRRPv3 bound: skew time of %s ((256 - %d) x %g / 256) %.2f s + margin %.1f s = %.2f s '
          '(Master_Down_Interval %.2f s)' % (backup, priority, advert_int, skew, MARGIN, bound,
                                             timing.master_down_interval(advert_int, priority, version)))
    _results, ok, failed, _outage, _normal, _moved = failover_under_traffic(
        lab, cluster.client, service.vip, service.port, cluster.master, backup, [service.vip], bound)
    after = [r[3] for r in ok if r[0] > (failed[-1][1] if failed else ok[0][0]) + 1]
    assert sorted(set(after[-6:])) == sorted(service.realservers), 'not all real servers answer after the failover'
    lab.wait_converged(timeout=60)
