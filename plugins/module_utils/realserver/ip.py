# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What iproute2's ``ip`` prints, as data: addresses, links and the gateways of default routes."""

from __future__ import absolute_import, division, print_function

import ipaddress


def parse_ip_addr(text):
    """Addresses from ``ip -o addr show``: [{device, family, address, prefix, label}].

    ``label`` is the IPv4 label (``lo:0``) or None (IPv6 addresses have none).
    """
    found = []
    for line in text.splitlines():
        line = line.split('\\', 1)[0]
        tokens = line.split()
        if len(tokens) < 4 or tokens[2] not in ('inet', 'inet6'):
            continue
        device = tokens[1].split('@', 1)[0]
        try:
            interface = ipaddress.ip_interface(tokens[3])
        except ValueError:
            continue
        label = None
        if tokens[2] == 'inet':
            last = tokens[-1]
            if last == device or last.startswith(device + ':'):
                label = last
        found.append(dict(device=device, family=4 if tokens[2] == 'inet' else 6, address=str(interface.ip),
                          prefix=interface.network.prefixlen, label=label))
    return found


def parse_ip_link(text):
    """Links from ``ip -o link show``: {name: {'up': bool}} (``up`` is the administrative UP flag)."""
    links = {}
    for line in text.splitlines():
        tokens = line.split()
        if len(tokens) < 3 or not tokens[0].rstrip(':').isdigit():
            continue
        name = tokens[1].rstrip(':').split('@', 1)[0]
        flags = tokens[2].strip('<>').split(',') if tokens[2].startswith('<') else []
        links[name] = dict(up='UP' in flags)
    return links


def parse_default_routes(text):
    """The gateways (``via``) of ``ip route show default``, including multipath next hops."""
    gateways = []
    tokens = text.split()
    for index, token in enumerate(tokens[:-1]):
        if token == 'via':
            value = tokens[index + 1]
            if value in ('inet', 'inet6') and index + 2 < len(tokens):  # "via inet6 fe80::1"
                value = tokens[index + 2]
            try:
                value = str(ipaddress.ip_address(value))
            except ValueError:
                continue
            if value not in gateways:
                gateways.append(value)
    return gateways
