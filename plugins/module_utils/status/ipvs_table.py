# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kernel's IPVS table as /proc/net/ip_vs shows it (net/netfilter/ipvs/ip_vs_ctl.c, ip_vs_info_seq_show), as
captured on a director of the VM lab (tests/unit/.../status/fixtures/lab/dr/lvs1-ip_vs.txt and, persistent with one
real server removed, lvs1-ip_vs-rs2-down.txt)::

    IP Virtual Server version 1.2.1 (size=4096)
    Prot LocalAddress:Port Scheduler Flags
      -> RemoteAddress:Port Forward Weight ActiveConn InActConn
    TCP  0A0101A6:0050 rr
      -> 0A0101A4:0050      Route   1      0          39
      -> 0A0101A3:0050      Route   1      0          31

    TCP  0A0101A6:0050 rr  persistent 15000 FFFFFFFF
      -> 0A0101A3:0050      Route   1      0          0

Addresses and ports are hexadecimal (IPv4 as one 32-bit number, IPv6 in brackets with every group written out:
``[2001:0db8:0000:0000:0000:0000:0000:0166]:0050``; a firewall mark service is ``FWM  00000001 sh``), the counters
decimal. The same numbers as ``ipvsadm -Ln``, without needing ipvsadm, but not written the same way:

- the scheduler alone, without its flags (``mh``: whether ``mh-port`` is set is not shown; keepalived's checker dump
  says it), ``ops`` for one-packet scheduling;
- a persistence timeout in jiffies (the kernel keeps ``timeout * HZ``: 15000 is 60 s with Debian's HZ of 250), so
  seconds need the kernel's HZ (``kernel_hz``);
- a service's real servers in the kernel's list order, the last added first (not keepalived's order).

``ipvsadm -Ln --stats`` and ``--rate`` add per-service packet and byte counters, which the status does not need.
"""

from __future__ import absolute_import, division, print_function

import ipaddress
import os
import re

TABLE = '/proc/net/ip_vs'
_CONFIG_HZ = re.compile(r'^CONFIG_HZ=(\d+)$', re.M)
# ip_vs_fwd_name(): the forwarding method of a destination
FORWARD = {'Masq': 'NAT', 'Route': 'DR', 'Tunnel': 'TUN', 'Local': 'Local'}


def _endpoint(text):
    """``0A0101A6:0050`` or ``[2001:0db8:...]:0050`` -> (address, port)."""
    if text.startswith('['):
        address, _sep, port = text[1:].partition(']:')
        return ipaddress.IPv6Address(address).compressed, int(port, 16)
    address, _sep, port = text.partition(':')
    return str(ipaddress.IPv4Address(int(address, 16))), int(port, 16)


def kernel_hz(config=None):
    """The running kernel's HZ (CONFIG_HZ) from its build configuration, ``/boot/config-RELEASE`` by default (Debian's
    kernel packages install it), or None when it cannot be read."""
    path = config or '/boot/config-%s' % os.uname()[2]
    try:
        with open(path) as handle:
            match = _CONFIG_HZ.search(handle.read())
    except (IOError, OSError, UnicodeDecodeError):
        return None
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def _service(words, hz):
    service = {'protocol': words[0], 'address': None, 'port': None, 'fwmark': None, 'scheduler': None,
               'one_packet': False, 'persistent': False, 'persistence_timeout': None, 'real_servers': []}
    if words[0] == 'FWM':
        service['fwmark'] = int(words[1], 16)
    else:
        service['address'], service['port'] = _endpoint(words[1])
    service['scheduler'] = words[2]
    rest = words[3:]
    if rest and rest[0] == 'ops':
        service['one_packet'], rest = True, rest[1:]
    if rest and rest[0] == 'persistent':
        service['persistent'], jiffies = True, int(rest[1])  # the kernel keeps svc->timeout = timeout * HZ
        service['persistence_timeout'] = jiffies // hz if hz else None
    return service


def _real_server(words):
    address, port = _endpoint(words[1])
    return {'address': address, 'port': port, 'forward': FORWARD.get(words[2], words[2]), 'weight': int(words[3]),
            'active': int(words[4]), 'inactive': int(words[5])}


def parse(text, hz=None):
    """[service]: {protocol (TCP, UDP, SCTP or FWM), address, port, fwmark, scheduler, one_packet, persistent,
    persistence_timeout (seconds; None when not persistent, or when ``hz``, the kernel's HZ, is not given), real_servers:
    [{address, port, forward (NAT, DR, TUN, Local), weight, active, inactive}] (the kernel's order)}.
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
                services.append(_service(words, hz))
            else:
                raise ValueError('a line of neither a service nor a destination')
        except (ValueError, IndexError) as problem:
            raise ValueError('line %d of %s is not understood (%s): %r' % (number, TABLE, problem, line))
    return services
