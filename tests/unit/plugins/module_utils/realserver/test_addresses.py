# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The addresses a real server carries: device, prefix, and IPv4 labels that stay the same from run to run."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.addresses import (
    describe, desired_addresses, public)
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.record import empty_record


def spec(**values):
    result = dict(state='present', method='DR', vips=['10.1.1.166', '2001:db8::166', '10.1.1.167'])
    result.update(values)
    return result


def labels(wanted):
    return [(w['device'], w['address'], w['prefix'], w['label']) for w in wanted]


def test_dr_puts_host_addresses_on_lo_and_labels_only_ipv4():
    assert labels(desired_addresses(spec(), [], empty_record())) == [
        ('lo', '10.1.1.166', 32, 'lo:0'), ('lo', '2001:db8::166', 128, None), ('lo', '10.1.1.167', 32, 'lo:1')]


def test_tun_uses_tunl0():
    wanted = desired_addresses(spec(method='TUN', vips=['10.1.1.166']), [], empty_record())
    assert labels(wanted) == [('tunl0', '10.1.1.166', 32, 'tunl0:0')] and wanted[0]['family'] == 4


def test_nat_and_absent_carry_nothing():
    assert desired_addresses(spec(method='NAT'), [], empty_record()) == []
    assert desired_addresses(spec(state='absent'), [], empty_record()) == []


def test_a_label_in_use_is_kept_a_recorded_one_reused_and_taken_ones_skipped():
    observed = [dict(device='lo', address='10.1.1.167', label='lo:0'),
                dict(device='lo', address='10.9.9.9', label='lo:1'),
                dict(device='eth0', address='10.1.1.166', label='eth0:2')]
    record = empty_record()
    record['addresses'] = [dict(device='lo', address='10.1.1.166', label='lo:1'),  # lo:1 is taken now
                           dict(device='lo', address='10.1.1.168', label='lo:5')]
    wanted = desired_addresses(spec(vips=['10.1.1.166', '10.1.1.167', '10.1.1.168']), observed, record)
    assert [w['label'] for w in wanted] == ['lo:2', 'lo:0', 'lo:5']


def test_describe_and_public():
    entry = dict(device='lo', family=4, address='10.1.1.166', prefix=32, label='lo:0', added=True)
    assert describe(entry) == '10.1.1.166/32 dev lo label lo:0'
    assert describe(dict(entry, label=None)) == '10.1.1.166/32 dev lo'
    assert public(entry) == dict(address='10.1.1.166', prefix=32, device='lo', label='lo:0')
