# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/proc/net/ip_vs and /proc/net/ip_vs_stats. FORMAT SAMPLES: this host's kernel has no IPVS;
fixtures/format-samples/ip_vs*.txt follow the kernel's ip_vs_ctl.c (ip_vs_info_seq_show, ip_vs_stats_show) until
the VM lab's captures replace them (fixtures/README.md)."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils import ipvs_stats
from ansible_collections.lvs.cluster.plugins.module_utils.status import ipvs_table, keepalived_check, keys


def table(fixture_text, name):
    return dict((keys.ipvs_service(s), s) for s in ipvs_table.parse(fixture_text('format-samples/' + name)))


def test_a_vrrp_master_s_service_with_its_live_real_server(fixture_text):
    found = table(fixture_text, 'ip_vs-vrrp.txt')
    assert list(found) == ['TCP 10.1.1.166:80']
    service = found['TCP 10.1.1.166:80']
    assert (service['scheduler'], service['persistent'], service['one_packet']) == ('rr', False, False)
    assert service['real_servers'] == [{'address': '10.1.1.163', 'port': 80, 'forward': 'DR', 'weight': 1,
                                        'active': 3, 'inactive': 12}]


def test_hex_addresses_of_both_families_firewall_marks_and_flags(fixture_text):
    found = table(fixture_text, 'ip_vs-active-active.txt')
    assert sorted(found) == ['TCP 10.1.1.166:80', 'TCP 10.1.1.167:80', 'TCP [2001:db8::166]:80', 'UDP 10.1.1.168:53',
                             'fwmark 1']
    assert [(r['address'], r['weight'], r['active'], r['inactive']) for r in found['TCP 10.1.1.167:80']['real_servers']] \
        == [('10.1.1.163', 1, 7, 20), ('10.1.1.164', 0, 2, 9)]
    assert found['TCP [2001:db8::166]:80']['real_servers'][0]['address'] == '2001:db8::163'
    udp = found['UDP 10.1.1.168:53']
    assert udp['one_packet'] is True and udp['real_servers'][0]['forward'] == 'NAT'
    mark = found['fwmark 1']
    assert (mark['scheduler'], mark['persistent'], mark['address']) == ('sh', True, None)
    assert (mark['real_servers'][0]['forward'], mark['real_servers'][0]['port']) == ('TUN', 0)


def test_a_persistence_timeout_is_in_jiffies_keepalived_says_it_in_seconds(fixture_text):
    """The lab's MASTER under a ``persistence_timeout 60`` configuration: the kernel writes 15000, 60 s of Debian's HZ
    of 250 (the parser once returned 15000 as seconds)."""
    text = fixture_text('lab/dr/lvs1-ip_vs-rs2-down.txt')
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


def test_an_empty_table(fixture_text):
    assert ipvs_table.parse(fixture_text('format-samples/ip_vs-empty.txt')) == []


def test_what_is_not_the_table_is_refused_with_its_line(fixture_text):
    with pytest.raises(ValueError):
        ipvs_table.parse('')
    broken = fixture_text('format-samples/ip_vs-vrrp.txt') + 'TCP  ZZZZ:0050 rr\n'
    with pytest.raises(ValueError, match='line 6'):
        ipvs_table.parse(broken)
    with pytest.raises(ValueError, match='out of place'):
        ipvs_table.parse(fixture_text('format-samples/ip_vs-empty.txt') + '  -> 0A0101A3:0050 Route 1 0 0\n')


def test_totals_and_rates(fixture_text):
    text = fixture_text('format-samples/ip_vs_stats.txt')
    assert ipvs_stats.parse(text)['connections'] == 0x1f
    rates = ipvs_stats.parse_rates(text)
    assert (rates['connections_per_second'], rates['inbound_packets_per_second'], rates['inbound_bytes_per_second']) \
        == (2, 0x1e, 0x9c4)
    with pytest.raises(ValueError):
        ipvs_stats.parse_rates('\n'.join(text.splitlines()[:3]))
