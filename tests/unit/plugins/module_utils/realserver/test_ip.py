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
