# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.ipvs_traffic on a counters file that a thread writes as the kernel would."""

from __future__ import absolute_import, division, print_function

import os
import threading
import time

from ansible_collections.lvs.cluster.plugins.modules import ipvs_traffic as module

# how late a loaded CI runner may schedule the module's polls; lower bounds carry the claims
SLACK = 3.0
HEAD = '   Total Incoming Outgoing         Incoming         Outgoing\n   Conns  Packets  Packets            Bytes            Bytes\n'


def stats(packets):
    return HEAD + '%8X %8X %8X %16X %16X\n\n Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n' % (
        3, packets, 0, packets * 60, 0) + '       0        0        0                0                0\n'


def _while_growing(run, tmp_path, seconds, **args):
    """The module's result while a thread counts inbound packets for ``seconds``, as the kernel would."""
    path, fresh = tmp_path / 'ip_vs_stats', tmp_path / 'ip_vs_stats.new'
    path.write_text(stats(1))
    until = time.monotonic() + seconds

    def write():
        packets = 1
        while time.monotonic() < until:
            packets += 7
            fresh.write_text(stats(packets))
            os.replace(str(fresh), str(path))  # a reader sees the whole file, as with /proc
            time.sleep(0.1)
    thread = threading.Thread(target=write)
    thread.start()
    try:
        return run(module, dict(args, stats=str(path)))
    finally:
        thread.join()


def test_quiet_waits_for_the_last_packet_and_reports_when_it_was(tmp_path, run):
    result = _while_growing(run, tmp_path, 1.0, until='quiet', quiet_seconds=0.5, timeout=10)
    # upper bounds leave a busy machine seconds of slack: only the lower bounds carry the claim
    assert result['reached'] and 0 < result['stopped_after'] <= 1.0 + SLACK and result['waited'] >= result['stopped_after'] + 0.5
    assert result['inbound_packets']['last'] > result['inbound_packets']['first']


def test_quiet_fails_while_traffic_keeps_arriving(tmp_path, run):
    result = _while_growing(run, tmp_path, 2.0, until='quiet', quiet_seconds=1, timeout=1.2)
    assert result['failed'] and 'still send this director traffic' in result['msg'] and not result['reached']


def test_flowing_returns_at_the_first_new_packet_and_does_not_fail_without_any(tmp_path, run):
    idle = _while_growing(run, tmp_path, 0, until='flowing', timeout=0.6)
    assert not idle.get('failed') and idle['reached'] is False and idle['flowing_after'] is None
    result = _while_growing(run, tmp_path, 0.8, until='flowing', timeout=5)
    assert result['reached'] and result['flowing_after'] < SLACK
    assert idle['flowing_before_start'] is False


def test_since_counts_from_the_change_not_from_the_modules_start(tmp_path, run):
    # traffic that stopped before the module started: the time it started is the bound
    done = _while_growing(run, tmp_path, 0, until='quiet', quiet_seconds=0.3, timeout=5, since=str(time.time() - 4))
    assert done['reached'] and done['stopped_before_start'] and 4.0 <= done['stopped_after'] <= 5.0
    # the command module's end time, this host's local time
    two_seconds_ago = time.time() - 2
    end = time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(two_seconds_ago)) + '.500000'
    result = _while_growing(run, tmp_path, 0.6, until='flowing', timeout=5, since=end)
    # counted from that end time (between 1.5 and 2.5 s before the call), not from the module's start
    assert result['reached'] and 1.5 <= result['flowing_after'] <= 2.5 + SLACK and result['flowing_before_start']
    growing = _while_growing(run, tmp_path, 1.0, until='quiet', quiet_seconds=0.5, timeout=10, since=str(time.time()))
    assert not growing['stopped_before_start'] and 0.6 <= growing['stopped_after'] <= 1.0 + SLACK
    bad = run(module, {'until': 'quiet', 'stats': str(tmp_path / 'ip_vs_stats'), 'since': 'yesterday'})
    assert bad['failed'] and 'since must be' in bad['msg']


def test_no_ipvs_is_a_clear_failure(tmp_path, run):
    result = run(module, {'until': 'quiet', 'stats': str(tmp_path / 'missing')})
    assert result['failed'] and 'is ip_vs loaded' in result['msg']
