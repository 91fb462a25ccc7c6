# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""realserver/render.py (test_render.py is keepalived's): the sysctl.d file and the systemd unit that bring a real
server back after a reboot."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.render import (
    ip_command, render_sysctl_file, render_unit, unit_path)

V4 = dict(device='tunl0', family=4, address='10.1.1.166', prefix=32, label='tunl0:0')
V6 = dict(device='lo', family=6, address='2001:db8::166', prefix=128, label=None)


def test_unit_path_joins_the_directory_and_the_name():
    assert unit_path(dict(unit_dir='/etc/systemd/system/', unit_name='x.service')) == '/etc/systemd/system/x.service'


def test_ip_command_keeps_the_label_only_when_adding():
    assert ip_command('replace', V4) == ['-4', 'addr', 'replace', '10.1.1.166/32', 'dev', 'tunl0', 'label', 'tunl0:0']
    assert ip_command('del', V4) == ['-4', 'addr', 'del', '10.1.1.166/32', 'dev', 'tunl0']
    assert ip_command('replace', V6) == ['-6', 'addr', 'replace', '2001:db8::166/128', 'dev', 'lo']


def test_sysctl_file_explains_rp_filter_only_for_tun():
    values = [('net.ipv4.conf.all.arp_ignore', '1')]
    dr = render_sysctl_file(dict(method='DR'), values).splitlines()
    tun = render_sysctl_file(dict(method='TUN'), values).splitlines()
    assert dr[0] == '# Managed by lvs.cluster.lvs_realserver: written on every run; do not edit.'
    assert dr[-1] == tun[-1] == 'net.ipv4.conf.all.arp_ignore = 1'
    assert not any('rp_filter' in line for line in dr) and any('rp_filter=0' in line for line in tun)


def test_tun_unit_loads_ipip_and_brings_tunl0_up_before_the_addresses():
    unit = render_unit(dict(method='TUN'), [V4], '/sbin/ip', '/sbin/modprobe').splitlines()
    start = [line for line in unit if line.startswith('ExecStart')]
    assert start == ['ExecStartPre=-/sbin/modprobe ipip', 'ExecStart=/sbin/ip link set dev tunl0 up',
                     'ExecStart=/sbin/ip -4 addr replace 10.1.1.166/32 dev tunl0 label tunl0:0']
    assert 'ExecStop=-/sbin/ip -4 addr del 10.1.1.166/32 dev tunl0' in unit
    assert 'Description=LVS-TUN real server addresses (lvs.cluster.lvs_realserver)' in unit
    assert unit[-2:] == ['[Install]', 'WantedBy=multi-user.target']


def test_tun_unit_without_modprobe_relies_on_a_built_in_ipip():
    unit = render_unit(dict(method='TUN'), [V4], '/sbin/ip')
    assert 'modprobe' not in unit and 'ExecStart=/sbin/ip link set dev tunl0 up' in unit.splitlines()
