# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""kill -9 of the MASTER's keepalived on the VM lab: every keepalived process dies without its priority-0 advert and
the VIP stays on its interface. The director role's systemd drop-in (Restart=on-failure) starts keepalived again
RestartSec later; the restarted MASTER removes the stale VIP, so the VIP is never on both directors (or on none) for
longer than the restart delay, keepalived's start and a margin (plus one advert), and it is back on the MASTER alone
within that plus the Master_Down_Interval of a backup that took over meanwhile."""

from __future__ import absolute_import, division, print_function

import re
import time

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import timing

START = 3.0     # keepalived's start on a TCG director VM, with its checkers
MARGIN = 2.0    # ssh sampling every ~0.3 s, the journal, a busy CI machine
SAMPLE = 0.2


def _seconds(text):
    """systemd's RestartUSec (``1s``, ``500ms``, ``1min 30s``) in seconds."""
    units = {'min': 60, 's': 1, 'ms': 0.001, 'us': 0.000001}
    return sum(float(number) * units[unit] for number, unit in re.findall(r'([\d.]+)(min|ms|us|s)', text))


def _longest_run(samples, wrong):
    """Seconds of the longest run of consecutive samples whose holders are ``wrong``."""
    longest, start = 0.0, None
    for moment, holders in samples:
        if wrong(holders):
            start = moment if start is None else start
            longest = max(longest, moment - start)
        else:
            start = None
    return longest


def test_kill_9_of_the_master_leaves_the_vip_on_one_director(lab, cluster):
    master = cluster.master
    (backup,) = cluster.backups
    assert lab.out(master, 'systemctl show -p Restart --value keepalived').strip() == 'on-failure'
    restart = _seconds(lab.out(master, 'systemctl show -p RestartUSec --value keepalived'))
    bound = restart + START + MARGIN + cluster.advert_int
    # the backup may take over meanwhile (after its Master_Down_Interval); the restarted MASTER preempts it
    settle = bound + timing.master_down_interval(cluster.advert_int, cluster.priorities[master], cluster.vrrp_version)
    old = lab.out(master, 'systemctl show -p MainPID --value keepalived').strip()
    samples = []
    killed = time.time()
    lab.ssh(master, 'kill -9 $(pidof keepalived)')
    while time.time() - killed < settle + 5:
        samples.append((time.time() - killed, lab.vip_holders()))
        time.sleep(SAMPLE)
    new = lab.out(master, 'systemctl show -p MainPID --value keepalived').strip()
    not_one = _longest_run(samples, lambda holders: len(holders) != 1)
    moves = [holders for _moment, holders in samples]
    back = max([moment for moment, holders in samples if holders != [master]] or [0.0])
    print('\n[e2e] kill -9 of %s\'s keepalived: restarted (pid %s -> %s); longest time the VIP was not on exactly one '
          'director %.1f s (bound %.1f s: RestartSec %.1f + start %.1f + margin %.1f + advert_int %g); on %s alone again '
          '%.1f s after the kill (bound %.1f s, with %s\'s Master_Down_Interval); holders seen: %s'
          % (master, old, new, not_one, bound, restart, START, MARGIN, cluster.advert_int, master, back, settle,
             backup, [h for i, h in enumerate(moves) if i == 0 or h != moves[i - 1]]))
    assert new not in ('0', old), 'systemd did not start keepalived again'
    assert not_one <= bound, [s for s in samples if len(s[1]) != 1]
    assert samples[-1][1] == [master] and back <= settle, samples[-5:]
