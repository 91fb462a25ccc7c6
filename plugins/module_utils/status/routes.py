# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kernel routes an active-active director's VIPs live in, as ``ip route show ... proto N`` prints them:
``local 10.1.1.166 dev lvs-vip table local proto 251 scope host`` (the VIP is local, so IPVS takes its packets) and
``10.1.1.166 dev lvs-vip proto 252 scope link`` (the VIP is announced: bgpd redistributes it). The protocols are
those of roles/director/files/lvs-cluster-announce and keepalived/activeactive.py."""

from __future__ import absolute_import, division, print_function

import ipaddress

from ..keepalived.activeactive import LOCAL_PROTO
from ..realserver.ip import parse_ip_addr

# the route types ip(8) writes before the destination
_TYPES = ('local', 'unicast', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw')


def show_command(ip, family, table, proto):
    return [ip, '-%d' % family, 'route', 'show', 'table', table, 'proto', str(proto)]


def parse(text):
    """The host destinations (/32, /128 or without a length) of ``ip route show`` lines, as addresses, in order;
    other prefixes are no VIP and are left out."""
    found = []
    for line in text.splitlines():
        words = line.split()
        if words and words[0] in _TYPES:
            words = words[1:]
        if not words:
            continue
        try:
            network = ipaddress.ip_network(words[0], strict=False)
        except ValueError:
            continue  # "default" and the like
        if network.prefixlen == network.max_prefixlen and str(network.network_address) not in found:
            found.append(str(network.network_address))
    return found


def local_addresses(run, ip):
    """Every address this host takes packets for: on an interface, or local by an active-active director's AnyIP
    route. ``run(argv)``: the command's output."""
    present = set(entry['address'] for entry in parse_ip_addr(run([ip, '-o', 'addr', 'show'])))
    for family in (4, 6):
        present.update(parse(run(show_command(ip, family, 'local', LOCAL_PROTO))))
    return present
