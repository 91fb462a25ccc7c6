# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/module_utils/ipvs_stats.py: IPVS's totals and rates read from /proc/net/ip_vs_stats (captures of the VM
lab's directors, and text written in the kernel's format), anything else refused; and Watch, which tells when a
counter last grew."""

from __future__ import absolute_import, division, print_function

import os

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils import ipvs_stats
from ansible_collections.lvs.cluster.tests.unit.plugins.modules.test_ipvs_traffic import stats

LAB = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'status', 'fixtures', 'lab')


def fixture_text(name):
    with open(os.path.join(LAB, name)) as handle:
        return handle.read()


def test_totals_and_rates():
    # DR: a director sees only what comes in, its outgoing counters stay 0
    text = fixture_text('dr/lvs1-ip_vs_stats.txt')
    assert ipvs_stats.parse(text) == {'connections': 0x7b, 'inbound_packets': 0x2e2, 'outbound_packets': 0,
                                      'inbound_bytes': 0xbd4e, 'outbound_bytes': 0}
    assert ipvs_stats.parse_rates(text) == {'connections_per_second': 0, 'inbound_packets_per_second': 0,
                                            'outbound_packets_per_second': 0, 'inbound_bytes_per_second': 0x1c,
                                            'outbound_bytes_per_second': 0}
    routed = fixture_text('routed/lvs1-ip_vs_stats.txt')
    assert ipvs_stats.parse(routed)['connections'] == 0x58
    rates = ipvs_stats.parse_rates(routed)
    assert (rates['connections_per_second'], rates['inbound_packets_per_second'], rates['inbound_bytes_per_second']) \
        == (1, 0x2d, 0x10ea)
    with pytest.raises(ValueError):
        ipvs_stats.parse_rates('\n'.join(text.splitlines()[:3]))


def test_parse_reads_the_kernels_hex_totals():
    assert ipvs_stats.parse(stats(0x1f4))['inbound_packets'] == 500
    with pytest.raises(ValueError):
        ipvs_stats.parse('Protocol not available')


def test_the_kernels_widest_counters_are_read_whole():
    # ip_vs_stats_show pads to 8 and 16 digits, and a 64-bit byte counter may fill them: no digit is lost
    text = fixture_text('dr/lvs1-ip_vs_stats.txt').replace('BD4E', 'FFFFFFFFFFFFFFFF')
    assert ipvs_stats.parse(text)['inbound_bytes'] == 2 ** 64 - 1


@pytest.mark.parametrize('text', [
    '', 'Protocol not available',
    # a column missing (another kernel's layout)
    '   Total Incoming Outgoing\n   Conns  Packets  Packets\n      7B      2E2        0             BD4E\n',
    # a word that is not hex where a number belongs
    '   Total Incoming Outgoing         Incoming         Outgoing\n   Conns  Packets  Packets            Bytes'
    '            Bytes\n      7B      2E2        0             BD4E         unknown\n',
])
def test_text_not_in_the_kernels_format_is_refused(text):
    with pytest.raises(ValueError):
        ipvs_stats.parse(text)


def test_the_refusal_names_the_file_and_quotes_the_start_of_the_text():
    with pytest.raises(ValueError, match=r"not the format of /proc/net/ip_vs_stats: 'Protocol not available'"):
        ipvs_stats.parse('Protocol not available')
    with pytest.raises(ValueError) as raised:
        ipvs_stats.parse('x' * 1000)
    assert len(str(raised.value)) < 400  # a whole unexpected file is not copied into the message


def test_the_rates_are_not_read_from_the_totals_line():
    # the two rows have the same width: only the row number tells them apart
    text = stats(0x1f4)
    assert ipvs_stats.parse(text)['inbound_packets'] == 0x1f4
    assert ipvs_stats.parse_rates(text)['inbound_packets_per_second'] == 0


def test_a_watched_counter_that_stays_put_has_not_grown_and_is_quiet_since_the_start():
    watch = ipvs_stats.Watch(500, 100.0)
    watch.see(500, 102.0)
    watch.see(500, 104.0)
    assert not watch.grown and watch.first_growth is None and watch.readings == 2
    assert watch.quiet_for(105.0) == 5.0


def test_a_watched_counter_remembers_its_first_growth_and_its_last():
    watch = ipvs_stats.Watch(500, 100.0)
    watch.see(500, 102.0)
    watch.see(510, 104.0)
    watch.see(520, 106.0)
    watch.see(520, 108.0)
    assert watch.grown and watch.first_growth == 2 and (watch.first, watch.value) == (500, 520)
    assert watch.quiet_for(109.0) == 3.0


def test_a_counter_that_went_back_counts_as_grown():
    # IPVS's counters start again at 0 when the module is reloaded: that is traffic seen, not silence
    watch = ipvs_stats.Watch(500, 100.0)
    watch.see(3, 101.0)
    assert watch.grown and watch.quiet_for(101.0) == 0
