# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/proc/net/ip_vs as captured on the VM lab's directors (fixtures/lab); IPv6, UDP with
one-packet scheduling, NAT, tunnels and firewall marks from a format sample written after the kernel's ip_vs_ctl.c,
which no capture covers (fixtures/README.md)."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.status import ipvs_table, keepalived_check, keys


def table(fixture_text, name, hz=None):
    return dict((keys.ipvs_service(s), s) for s in ipvs_table.parse(fixture_text(name), hz))


def reals(service):
    return [(r['address'], r['port'], r['forward'], r['weight'], r['active'], r['inactive'])
            for r in service['real_servers']]


def test_the_vrrp_pair_s_master_and_backup_after_traffic(fixture_text):
    found = table(fixture_text, 'lab/dr/lvs1-ip_vs.txt')
    assert list(found) == ['TCP 10.1.1.166:80']
    service = found['TCP 10.1.1.166:80']
    assert (service['scheduler'], service['persistent'], service['one_packet']) == ('rr', False, False)
    # the kernel's order: the real server keepalived added last comes first
    assert reals(service) == [('10.1.1.164', 80, 'DR', 1, 0, 39), ('10.1.1.163', 80, 'DR', 1, 0, 31)]
    backup = table(fixture_text, 'lab/dr/lvs2-ip_vs.txt')['TCP 10.1.1.166:80']
    assert reals(backup) == [('10.1.1.164', 80, 'DR', 1, 0, 55), ('10.1.1.163', 80, 'DR', 1, 0, 54)]


def test_a_real_server_keepalived_removed(fixture_text):
    service = table(fixture_text, 'lab/dr/lvs1-ip_vs-rs2-down.txt')['TCP 10.1.1.166:80']
    assert reals(service) == [('10.1.1.163', 80, 'DR', 1, 0, 0)]


def test_a_persistence_timeout_is_in_jiffies_keepalived_says_it_in_seconds(fixture_text):
    """The lab's MASTER under a ``persistence_timeout 60`` configuration: the kernel writes 15000, 60 s of Debian's HZ
    of 250 (the parser once returned 15000 as seconds)."""
    text = fixture_text('lab/dr/lvs1-ip_vs-rs2-down.txt')
    assert 'rr  persistent 15000 FFFFFFFF' in text
    service = ipvs_table.parse(text, hz=250)[0]
    assert (service['persistent'], service['persistence_timeout']) == (True, 60)
    checker = keepalived_check.parse(fixture_text('lab/dr/lvs1-keepalived_check-rs2-down.data'))[0]
    assert checker['persistence_timeout'] == service['persistence_timeout']  # the same moment, the same config
    assert ipvs_table.parse(text)[0]['persistence_timeout'] is None  # the kernel's HZ unknown: no guess
    healthy = ipvs_table.parse(fixture_text('lab/dr/lvs1-ip_vs.txt'), hz=250)[0]
    assert (healthy['persistent'], healthy['persistence_timeout']) == (False, None)


def test_the_kernel_s_hz_from_its_build_configuration(tmp_path):
    config = tmp_path / 'config-6.1.0-28-amd64'
    config.write_text('CONFIG_NO_HZ_IDLE=y\nCONFIG_NO_HZ=y\n# CONFIG_HZ_100 is not set\nCONFIG_HZ_250=y\nCONFIG_HZ=250\n')
    assert ipvs_table.kernel_hz(str(config)) == 250
    config.write_text('CONFIG_HZ_250=y\n')
    assert ipvs_table.kernel_hz(str(config)) is None
    assert ipvs_table.kernel_hz(str(tmp_path / 'missing')) is None


def test_an_active_active_director_under_traffic_and_with_its_quorum_lost(fixture_text):
    service = table(fixture_text, 'lab/routed/lvs1-ip_vs.txt')['TCP 10.1.10.166:80']
    # mh with mh-port: the kernel writes the scheduler without its flags
    assert (service['scheduler'], service['persistent'], service['one_packet']) == ('mh', False, False)
    assert reals(service) == [('10.1.1.164', 80, 'DR', 1, 7, 34), ('10.1.1.163', 80, 'DR', 1, 10, 37)]
    # both real servers down with inhibit_on_failure: in place, at weight 0, their connections still counted
    lost = table(fixture_text, 'lab/routed/lvs1-ip_vs-quorum-lost.txt')['TCP 10.1.10.166:80']
    assert reals(lost) == [('10.1.1.164', 80, 'DR', 0, 0, 7), ('10.1.1.163', 80, 'DR', 0, 0, 10)]


def test_ipv6_udp_one_packet_nat_tunnel_and_a_persistent_firewall_mark(fixture_text):
    found = table(fixture_text, 'format-samples/ip_vs-ipv6-udp-fwmark.txt', hz=250)
    assert sorted(found) == ['TCP [2001:db8::166]:80', 'UDP 10.1.1.168:53', 'fwmark 1']
    assert reals(found['TCP [2001:db8::166]:80']) == [('2001:db8::163', 80, 'DR', 1, 5, 6)]
    udp = found['UDP 10.1.1.168:53']
    assert udp['one_packet'] is True and reals(udp) == [('10.1.1.163', 53, 'NAT', 2, 0, 4)]
    mark = found['fwmark 1']
    assert (mark['scheduler'], mark['persistent'], mark['persistence_timeout'], mark['address']) == ('sh', True, 300, None)
    assert reals(mark) == [('10.1.1.163', 0, 'TUN', 1, 0, 0)]


def test_an_empty_table(fixture_text):
    header = ''.join(fixture_text('lab/dr/lvs1-ip_vs.txt').splitlines(True)[:3])  # no service: the heading only
    assert ipvs_table.parse(header) == []


def test_what_is_not_the_table_is_refused_with_its_line(fixture_text):
    with pytest.raises(ValueError):
        ipvs_table.parse('')
    captured = fixture_text('lab/dr/lvs1-ip_vs.txt')
    with pytest.raises(ValueError, match='line 7'):
        ipvs_table.parse(captured + 'TCP  ZZZZ:0050 rr\n')
    with pytest.raises(ValueError, match='out of place'):
        ipvs_table.parse(''.join(captured.splitlines(True)[:3]) + '  -> 0A0101A3:0050 Route 1 0 0\n')
