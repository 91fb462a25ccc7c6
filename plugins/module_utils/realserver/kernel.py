# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kernel side of a real server: the device that carries the VIPs and the values that keep them out of ARP.

sysctl keys are written the way sysctl(8) prints them: dots between the parts and ``/`` for a dot inside an
interface name (``net.ipv4.conf.eth0/100.arp_ignore``). systemd-sysctl and ``sysctl -p`` read that form in
sysctl.d files.
"""

from __future__ import absolute_import, division, print_function

import ipaddress

LOOPBACK = 'lo'
TUNNEL = 'tunl0'
TUNNEL_KERNEL_MODULE = 'ipip'

# arp_ignore=1: answer an ARP request only for an address of the interface it came in on, so the
# VIP on lo (or tunl0) is never answered on the LAN. arp_announce=2: always use the best local
# address of the outgoing interface as ARP source, never the VIP. The kernel applies the larger of
# conf/all and conf/<interface>, so conf/all is what counts; lo and the ingress interface are set
# too, as the LVS HOWTO and the hand-made setup do.
ARP_VALUES = (('arp_ignore', '1'), ('arp_announce', '2'))
# LVS-TUN: the decapsulated packet comes out of tunl0 with the VIP as destination and the client as
# source; reverse path filtering would drop it. The kernel applies the larger of conf/all and
# conf/<interface>, so all must be 0 too.
RP_FILTER = (('rp_filter', '0'),)


def vip_device(method):
    """The device that carries the VIPs: lo for DR, tunl0 for TUN."""
    return LOOPBACK if method == 'DR' else TUNNEL


def sysctl_key(interface, name, family='ipv4'):
    """``net.ipv4.conf.<interface>.<name>`` in sysctl(8)'s form (a dot inside the name becomes ``/``)."""
    return 'net.%s.conf.%s.%s' % (family, interface.replace('.', '/'), name)


def key_interface(key):
    """The interface part of a ``net.ipv4.conf.<interface>.<name>`` key, with dots restored."""
    parts = key.split('.')
    return parts[3].replace('/', '.') if len(parts) == 5 and parts[2] == 'conf' else None


def desired_sysctls(spec):
    """[(key, value)] in the order they are applied and written; empty for NAT and with state=absent."""
    if spec['state'] != 'present' or spec['method'] == 'NAT':
        return []
    has_ipv4 = any(ipaddress.ip_address(vip).version == 4 for vip in spec['vips'])
    if not has_ipv4:  # IPv6 neighbour discovery answers only for addresses of the receiving interface
        return []
    interfaces = ['all', vip_device(spec['method'])]
    if spec['interface'] and spec['interface'] not in interfaces:
        interfaces.append(spec['interface'])
    wanted = []
    for interface in interfaces:
        for name, value in ARP_VALUES:
            wanted.append((sysctl_key(interface, name), value))
    if spec['method'] == 'TUN':
        for interface in interfaces:
            if interface != LOOPBACK:
                for name, value in RP_FILTER:
                    wanted.append((sysctl_key(interface, name), value))
    return wanted
