# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kernel's IPVS table as /proc/net/ip_vs shows it (net/netfilter/ipvs/ip_vs_ctl.c, ip_vs_info_seq_show)::

    IP Virtual Server version 1.2.1 (size=4096)
    Prot LocalAddress:Port Scheduler Flags
      -> RemoteAddress:Port Forward Weight ActiveConn InActConn
    TCP  0A0101A6:0050 rr
      -> 0A0101A3:0050      Route   1      0          0
    TCP  [2001:0db8:0000:0000:0000:0000:0000:0166]:0050 mh
      -> [2001:0db8:0000:0000:0000:0000:0000:0163]:0050      Route   1      2          5
    FWM  00000001 rr persistent 300 FFFFFFFF

Addresses and ports are hexadecimal (IPv4 as one 32-bit number, IPv6 in brackets with every group written out),
the counters decimal. The same numbers as ``ipvsadm -Ln``, without needing ipvsadm; ``ipvsadm -Ln --stats`` and
``--rate`` add per-service packet and byte counters, which the status does not need.
"""

from __future__ import absolute_import, division, print_function

import ipaddress

TABLE = '/proc/net/ip_vs'
# ip_vs_fwd_name(): the forwarding method of a destination
FORWARD = {'Masq': 'NAT', 'Route': 'DR', 'Tunnel': 'TUN', 'Local': 'Local'}


def _endpoint(text):
    """``0A0101A6:0050`` or ``[2001:0db8:...]:0050`` -> (address, port)."""
    if text.startswith('['):
        address, _sep, port = text[1:].partition(']:')
        return ipaddress.IPv6Address(address).compressed, int(port, 16)
    address, _sep, port = text.partition(':')
    return str(ipaddress.IPv4Address(int(address, 16))), int(port, 16)


def _service(words):
    service = {'protocol': words[0], 'address': None, 'port': None, 'fwmark': None, 'scheduler': None,
               'one_packet': False, 'persistent': None, 'real_servers': []}
    if words[0] == 'FWM':
        service['fwmark'] = int(words[1], 16)
    else:
        service['address'], service['port'] = _endpoint(words[1])
    service['scheduler'] = words[2]
    rest = words[3:]
    if rest and rest[0] == 'ops':
        service['one_packet'], rest = True, rest[1:]
    if len(rest) >= 2 and rest[0] == 'persistent':
        service['persistent'] = int(rest[1])
    return service


def _real_server(words):
    address, port = _endpoint(words[1])
    return {'address': address, 'port': port, 'forward': FORWARD.get(words[2], words[2]), 'weight': int(words[3]),
            'active': int(words[4]), 'inactive': int(words[5])}


def parse(text):
    """[service]: {protocol (TCP, UDP, SCTP or FWM), address, port, fwmark, scheduler, one_packet, persistent
    (seconds or None), real_servers: [{address, port, forward (NAT, DR, TUN, Local), weight, active, inactive}]}.
    ValueError when the text is not the table."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith('IP Virtual Server version'):
        raise ValueError('not the format of %s: %r' % (TABLE, text[:200]))
    services = []
    for number, line in enumerate(lines[3:], 4):
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == '->':
                if not services or len(words) < 6:
                    raise ValueError('a destination line out of place')
                services[-1]['real_servers'].append(_real_server(words))
            elif len(words) >= 3:
                services.append(_service(words))
            else:
                raise ValueError('a line of neither a service nor a destination')
        except (ValueError, IndexError) as problem:
            raise ValueError('line %d of %s is not understood (%s): %r' % (number, TABLE, problem, line))
    return services
