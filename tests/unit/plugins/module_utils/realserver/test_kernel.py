# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The devices and kernel values of a real server, in sysctl(8)'s names."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.kernel import key_interface, proc_path, sysctl_key


def test_sysctl_keys_of_interfaces_with_dots():
    key = sysctl_key('eth0.100', 'arp_ignore')
    assert key == 'net.ipv4.conf.eth0/100.arp_ignore'
    assert proc_path(key) == 'net/ipv4/conf/eth0.100/arp_ignore'
    assert key_interface(key) == 'eth0.100'
