# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ip prints, parsed: addresses, links, default routes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.ip import parse_default_routes, parse_ip_addr, parse_ip_link

IP_ADDR_SAMPLE = (
    '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n'
    '1: lo    inet 10.1.1.166/32 brd 10.1.1.166 scope global lo:0\\       valid_lft forever preferred_lft forever\n'
    '1: lo    inet6 ::1/128 scope host noprefixroute \\       valid_lft forever preferred_lft forever\n'
    '1: lo    inet6 2001:db8::166/128 scope global \\       valid_lft forever preferred_lft forever\n'
    '2: eth0    inet 10.1.1.163/24 brd 10.1.1.255 scope global dynamic eth0\\       valid_lft 86000sec '
    'preferred_lft 86000sec\n'
    '2: eth0    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever\n'
    '7: tunl0@NONE    inet 10.1.1.170/32 scope global tunl0:3\\       valid_lft forever preferred_lft forever\n'
    '8: eth0.100@eth0    inet 192.0.2.5/24 scope global secondary eth0.100\\       valid_lft forever '
    'preferred_lft forever\n'
)


def test_parse_ip_addr():
    found = parse_ip_addr(IP_ADDR_SAMPLE)
    assert found == [
        dict(device='lo', family=4, address='127.0.0.1', prefix=8, label='lo'),
        dict(device='lo', family=4, address='10.1.1.166', prefix=32, label='lo:0'),
        dict(device='lo', family=6, address='::1', prefix=128, label=None),
        dict(device='lo', family=6, address='2001:db8::166', prefix=128, label=None),
        dict(device='eth0', family=4, address='10.1.1.163', prefix=24, label='eth0'),
        dict(device='eth0', family=6, address='fe80::1', prefix=64, label=None),
        dict(device='tunl0', family=4, address='10.1.1.170', prefix=32, label='tunl0:3'),
        dict(device='eth0.100', family=4, address='192.0.2.5', prefix=24, label='eth0.100'),
    ]
    assert parse_ip_addr('') == []


def test_parse_ip_link():
    text = ('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default '
            'qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n'
            '7: tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    '
            'link/ipip 0.0.0.0 brd 0.0.0.0\n'
            '8: eth0.100@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n')
    assert parse_ip_link(text) == {'lo': {'up': True}, 'tunl0': {'up': False}, 'eth0.100': {'up': True}}


def test_parse_default_routes():
    assert parse_default_routes('default via 192.168.10.254 dev eth0 proto static\n') == ['192.168.10.254']
    assert parse_default_routes('default proto static metric 1024\n\tnexthop via 10.0.0.1 dev eth0 weight 1\n'
                                '\tnexthop via 10.0.0.2 dev eth1 weight 1\n') == ['10.0.0.1', '10.0.0.2']
    assert parse_default_routes('default via inet6 fe80::1 dev eth0\n') == ['fe80::1']
    assert parse_default_routes('default via 2001:DB8::1 dev eth0 metric 1024 pref medium\n') == ['2001:db8::1']
    assert parse_default_routes('') == []


# `ip -o addr show` on a Debian 12 host with Docker (iproute2 6.1): continuation lines folded into `\`, flags after
# the scope, a container's veth shown as name@ifN.
IP_ADDR_DOCKER_HOST = (
    '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n'
    '1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever\n'
    '4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever\n'
    '4: eth0    inet 192.0.2.9/24 brd 192.0.2.255 scope global secondary eth0\\       valid_lft forever '
    'preferred_lft forever\n'
    '4: eth0    inet6 fd00::2/64 scope global nodad \\       valid_lft forever preferred_lft forever\n'
    '4: eth0    inet6 2001:db8:0:1:fc:ff:fe00:1/64 scope global dynamic mngtmpaddr noprefixroute \\       '
    'valid_lft 86123sec preferred_lft 14123sec\n'
    '4: eth0    inet6 fe80::fc:ff:fe00:1/64 scope link \\       valid_lft forever preferred_lft forever\n'
    '5: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\\       valid_lft forever '
    'preferred_lft forever\n'
    '9: veth1a2b3c4@if8    inet6 fe80::a8c1:abff:fe12:3456/64 scope link tentative \\       valid_lft forever '
    'preferred_lft forever\n'
)


def test_parse_ip_addr_of_a_real_host():
    found = parse_ip_addr(IP_ADDR_DOCKER_HOST)
    assert [(a['device'], a['address'], a['prefix'], a['label']) for a in found] == [
        ('lo', '127.0.0.1', 8, 'lo'),
        ('lo', '::1', 128, None),
        ('eth0', '192.0.2.2', 24, 'eth0'),
        ('eth0', '192.0.2.9', 24, 'eth0'),
        ('eth0', 'fd00::2', 64, None),
        ('eth0', '2001:db8:0:1:fc:ff:fe00:1', 64, None),
        ('eth0', 'fe80::fc:ff:fe00:1', 64, None),
        ('docker0', '172.17.0.1', 16, 'docker0'),
        ('veth1a2b3c4', 'fe80::a8c1:abff:fe12:3456', 64, None),
    ]
    assert [a['family'] for a in found] == [4, 6, 4, 4, 6, 6, 6, 4, 6]


def test_parse_ip_addr_skips_what_is_no_address():
    text = ('Device "eth9" does not exist.\n'
            '3: ifb0    link/ether 0a:07:54:e3:d4:bd brd ff:ff:ff:ff:ff:ff\n'
            '4: eth0    inet 192.0.2.300/24 scope global eth0\\       valid_lft forever preferred_lft forever\n'
            '1: lo    inet 10.1.1.166/32 scope global lo:0\n')
    assert parse_ip_addr(text) == [dict(device='lo', family=4, address='10.1.1.166', prefix=32, label='lo:0')]


# `ip -o -d link show` of the same host, with a tunl0 from the ipip module and a VLAN (details shortened where they
# repeat): the flags are the administrative state, not the carrier.
IP_LINK_DETAILED = (
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    '
    'link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 addrgenmode '
    'eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 \n'
    '2: ifb0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 32\\    link/ether '
    '0a:07:54:e3:d4:bd brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 \\    ifb addrgenmode '
    'eui64 numtxqueues 1 numrxqueues 1 \n'
    '4: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc pfifo_fast state UP mode DEFAULT group default qlen '
    '1000\\    link/ether 02:fc:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 '
    'addrgenmode eui64 parentbus virtio parentdev virtio2 \n'
    '5: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default '
    '\\    link/ether 02:42:d0:1e:4e:29 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \\    '
    'bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 \n'
    '7: tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ipip '
    '0.0.0.0 brd 0.0.0.0 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 \\    ipip any remote any local any ttl '
    'inherit nopmtudisc addrgenmode eui64 \n'
    '8: eth0.100@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP mode DEFAULT group default '
    'qlen 1000\\    link/ether 02:fc:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 \\    vlan protocol 802.1Q id '
    '100 <REORDER_HDR> addrgenmode eui64 \n'
)


def test_parse_ip_link_of_a_real_host_with_details():
    assert parse_ip_link(IP_LINK_DETAILED) == {
        'lo': {'up': True}, 'ifb0': {'up': False}, 'eth0': {'up': True},
        'docker0': {'up': True},  # administratively up without a carrier: up is what the module sets
        'tunl0': {'up': False}, 'eth0.100': {'up': True}}
