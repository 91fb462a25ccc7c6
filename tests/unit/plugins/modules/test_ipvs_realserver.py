# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.ipvs_realserver on IPVS tables written as the kernel writes /proc/net/ip_vs (the drain's weight 0 and
connections that finish; the undrain's weight coming back)."""

from __future__ import absolute_import, division, print_function

import os
import threading
import time

import pytest

from ansible_collections.lvs.cluster.plugins.modules import ipvs_realserver as module

HEAD = ('IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n'
        '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n')


def table(rs1_weight, rs1_active, services=('0A0101A6:0050',)):
    """A table with rs1 (10.1.1.163) and rs2 (10.1.1.164) in each service."""
    return HEAD + ''.join('TCP  %s rr\n  -> 0A0101A4:0050      Route   1      4          9\n'
                          '  -> 0A0101A3:0050      Route   %d      %d          3\n' % (service, rs1_weight, rs1_active)
                          for service in services)


@pytest.fixture(autouse=True)
def holds(monkeypatch):
    """The addresses the director holds (``ip`` is not asked): the VIP 10.1.1.166 unless a test says otherwise."""
    held = {'10.1.1.166'}
    monkeypatch.setattr(module.routes, 'local_addresses', lambda run, ip: held)
    return held


def _changing(run, tmp_path, steps, **args):
    """The module's result while a thread writes ``steps`` [(seconds, text)] one after the other."""
    path, fresh = tmp_path / 'ip_vs', tmp_path / 'ip_vs.new'
    path.write_text(steps[0][1])

    def write():
        for seconds, text in steps[1:]:
            time.sleep(seconds)
            fresh.write_text(text)
            os.replace(str(fresh), str(path))  # a reader sees the whole file, as with /proc
    thread = threading.Thread(target=write)
    thread.start()
    try:
        return run(module, dict(args, table=str(path)))
    finally:
        thread.join()


def test_entries_name_each_service_of_the_address_with_its_counters():
    found = module.entries(table(0, 2, services=('0A0101A6:0050', '[2001:0db8:0000:0000:0000:0000:0000:0166]:0050')),
                           '10.1.1.163', {'10.1.1.166'})
    assert found == [dict(service='TCP 10.1.1.166:80', port=80, weight=0, active=2, inactive=3, forwarding=True),
                     dict(service='TCP [2001:db8::166]:80', port=80, weight=0, active=2, inactive=3, forwarding=False)]


def test_drained_waits_for_the_last_connection_and_shows_how_the_count_went_down(tmp_path, run):
    result = _changing(run, tmp_path, [(0, table(0, 3)), (0.4, table(0, 1)), (0.4, table(0, 0))],
                       address='10.1.1.163', until='drained', timeout=30)
    assert result['reached'] and result['active'] == 0 and not result.get('failed')
    assert [count for _seconds, count in result['progress']] == [3, 1, 0]
    assert result['waited'] >= 0.8


def test_a_backup_drains_without_waiting_for_the_copies_connection_sync_left_it(tmp_path, run, holds):
    holds.clear()  # a VRRP backup: the VIP is on the MASTER, and its active connections here are synced copies
    result = _changing(run, tmp_path, [(0, table(0, 1))], address='10.1.1.163', until='drained', timeout=30)
    assert result['reached'] and result['active'] == 0 and result['waited'] < 5
    assert result['entries'][0]['active'] == 1 and result['entries'][0]['forwarding'] is False


def test_drained_is_not_reached_while_keepalived_has_not_set_the_weight_to_0(tmp_path, run):
    result = _changing(run, tmp_path, [(0, table(1, 0))], address='10.1.1.163', until='drained', timeout=1)
    assert not result['reached'] and not result.get('failed')  # the drain is in place; the wait says what remained
    assert result['entries'][0]['weight'] == 1 and result['waited'] >= 1


def test_serving_waits_for_the_weight_and_every_service(tmp_path, run):
    two = ('0A0101A6:0050', '0A0101A7:0050')
    result = _changing(run, tmp_path, [(0, table(0, 0, two[:1])), (0.3, table(3, 0, two[:1])), (0.3, table(3, 0, two))],
                       address='10.1.1.163', until='serving', weights=[3], services=2, timeout=30)
    assert result['reached'] and [e['weight'] for e in result['entries']] == [3, 3]
    assert result['waited'] >= 0.6


def test_serving_fails_naming_what_is_missing(tmp_path, run):
    result = _changing(run, tmp_path, [(0, table(1, 0))], address='10.1.1.163', until='serving', weights=[3],
                       timeout=0.5)
    assert result['failed'] and not result['reached']
    assert 'not back in IPVS' in result['msg'] and 'TCP 10.1.1.166:80 weight 1' in result['msg'], result['msg']


def test_a_missing_table_fails_clearly(tmp_path, run):
    result = run(module, dict(address='10.1.1.163', until='drained', table=str(tmp_path / 'nothing')))
    assert result['failed'] and 'is ip_vs loaded?' in result['msg']
