# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The devices and kernel values of a real server, in sysctl(8)'s names."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.kernel import (
    desired_sysctls, key_interface, sysctl_key, vip_device)
from ansible_collections.lvs.cluster.plugins.module_utils.sysctl import proc_path


def test_sysctl_keys_of_interfaces_with_dots():
    key = sysctl_key('eth0.100', 'arp_ignore')
    assert key == 'net.ipv4.conf.eth0/100.arp_ignore'
    assert proc_path(key) == 'net/ipv4/conf/eth0.100/arp_ignore'
    assert key_interface(key) == 'eth0.100'


def test_key_interface_of_other_keys_is_none():
    assert key_interface('net.ipv4.ip_forward') is None
    assert key_interface('net.ipv4.neigh.eth0.gc_stale_time') is None


def spec(**values):
    result = dict(state='present', method='DR', vips=['10.1.1.166'], interface=None)
    result.update(values)
    return result


def test_dr_sets_arp_on_all_lo_and_the_interface():
    assert desired_sysctls(spec(interface='eth0')) == [
        ('net.ipv4.conf.all.arp_ignore', '1'), ('net.ipv4.conf.all.arp_announce', '2'),
        ('net.ipv4.conf.lo.arp_ignore', '1'), ('net.ipv4.conf.lo.arp_announce', '2'),
        ('net.ipv4.conf.eth0.arp_ignore', '1'), ('net.ipv4.conf.eth0.arp_announce', '2')]


def test_tun_adds_rp_filter_everywhere_but_lo():
    wanted = desired_sysctls(spec(method='TUN', interface='lo'))
    assert [key for key, value in wanted if key.endswith('rp_filter')] == [
        'net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.tunl0.rp_filter']
    assert ('net.ipv4.conf.lo.arp_ignore', '1') in wanted  # lo as the ingress interface still gets ARP values


@pytest.mark.parametrize('values', [dict(method='NAT'), dict(state='absent'), dict(vips=['2001:db8::166'])])
def test_nothing_for_nat_absent_or_ipv6_only(values):
    assert desired_sysctls(spec(**values)) == []


def test_vip_device():
    assert (vip_device('DR'), vip_device('TUN')) == ('lo', 'tunl0')
