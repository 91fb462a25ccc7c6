# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failover under traffic: the client sends requests continuously while the MASTER's keepalived is
stopped; the VIP moves to the backup, and the outage the client sees is bounded by VRRP's timing.

A graceful stop makes the master send an advert with priority 0, and the backup takes over after its
Skew_Time alone ((256 - priority) / 256 s with VRRPv2), not after the full Master_Down_Interval.
"""

from __future__ import absolute_import, division, print_function

import time

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import timing

DURATION = 20           # seconds of client traffic (and at most MAX_REQUESTS requests)
MAX_REQUESTS = 400
STOP_AFTER = 6          # seconds of traffic before the master's keepalived is stopped
CURL_TIMEOUT = 1        # a connection attempt lost on the old master is given up after this
PAUSE = 0.1             # between two requests
# Margin over the VRRP bound: one lost connection attempt (CURL_TIMEOUT; TCP would retransmit the
# SYN only after 1 s), plus 1.5 s for the loop's pause and request time under TCG emulation and for
# the client to take the backup's gratuitous ARP.
MARGIN = CURL_TIMEOUT + 1.5

# The loop also ends when STOP_FILE appears on the client (a test that cannot know how long its traffic must last).
STOP_FILE = '/tmp/lvs-e2e-loop-stop'
LOOP = r'''
end=$(( $(date +%%s) + %(duration)d )); i=0; rm -f /tmp/lvs-e2e-loop-stop
while [ "$(date +%%s)" -lt "$end" ] && [ "$i" -lt %(max)d ] && [ ! -e /tmp/lvs-e2e-loop-stop ]; do
    t0=$(date +%%s.%%N)
    out=$(curl -s --connect-timeout %(timeout)d -m %(timeout)d http://%(vip)s:%(port)d/); rc=$?
    echo "$t0 $(date +%%s.%%N) $rc ${out:-none}"
    i=$((i + 1)); sleep %(pause)s
done
'''


def parse(log):
    """[(start, end, ok, real server or None)] from the loop's output."""
    results = []
    for line in log.splitlines():
        fields = line.split(None, 3)
        if len(fields) == 4:
            page = fields[3].split()
            ok = fields[2] == '0' and page[:2] == ['real', 'server']
            results.append((float(fields[0]), float(fields[1]), ok, page[2] if ok and len(page) > 2 else None))
    return results


def outcome(log):
    """(results, answered, failed, longest time without an answer, median time between answers) of a loop's log."""
    results = parse(log)
    ok = [r for r in results if r[2]]
    failed = [r for r in results if not r[2]]
    gaps = [b[1] - a[1] for a, b in zip(ok, ok[1:])]
    return (results, ok, failed, max(gaps) if gaps else float('inf'),
            sorted(gaps)[len(gaps) // 2] if gaps else 0)


def test_failover_under_traffic(lab, cluster):
    master = cluster.master
    (backup,) = cluster.backups
    skew = timing.skew_time(cluster.priorities[backup], cluster.advert_int, cluster.vrrp_version)
    down_interval = timing.master_down_interval(cluster.advert_int, cluster.priorities[backup], cluster.vrrp_version)
    bound = skew + MARGIN
    script = LOOP % dict(duration=DURATION, max=MAX_REQUESTS, timeout=CURL_TIMEOUT, vip=cluster.vip,
                         port=cluster.port, pause=PAUSE)
    loop = lab.popen(cluster.client, script)
    try:
        time.sleep(STOP_AFTER)
        t_stop = time.time()
        lab.ssh(master, 'systemctl stop keepalived')
        lab.wait_for('VIP %s on %s alone' % (cluster.vip, backup),
                     lambda: lab.vip_holders() == [backup], down_interval + 5, interval=0.2)
        moved = time.time() - t_stop
        log, err = loop.communicate(timeout=DURATION + 60)
        assert loop.returncode == 0, err
    finally:
        if loop.poll() is None:
            loop.kill()
        lab.ssh(master, 'systemctl start keepalived')
    results, ok, failed, outage, normal = outcome(log)
    print('\n[e2e] failover under traffic: %d requests in %.1f s, %d failed; longest time without an answer '
          '%.2f s (median between answers %.2f s); VIP seen on %s %.1f s after `systemctl stop keepalived` was sent to %s'
          % (len(results), results[-1][1] - results[0][0] if results else 0, len(failed), outage, normal, backup,
             moved, master))
    print('[e2e] VRRP bound: skew time of %s (priority %d, advert_int %g) %.2f s + margin %.1f s = %.2f s '
          '(Master_Down_Interval, for a master that dies silently: %.2f s)'
          % (backup, cluster.priorities[backup], cluster.advert_int, skew, MARGIN, bound, down_interval))
    assert len(results) >= DURATION, 'the client loop sent too few requests: %d' % len(results)
    assert ok and ok[0][0] < results[0][0] + STOP_AFTER, 'no answers before the stop'
    assert outage <= bound, 'outage %.2f s is over the bound %.2f s (%d failed requests)' % (outage, bound, len(failed))
    after = [r[3] for r in ok if r[0] > (failed[-1][1] if failed else ok[0][0]) + 1]
    assert sorted(set(after[-6:])) == sorted(cluster.realservers), 'not all real servers answer after the failover'
    # the master comes back and preempts (restores the deployed state for the next tests)
    lab.wait_converged(timeout=60)
