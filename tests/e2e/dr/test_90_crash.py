# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""kill -9 of the MASTER's keepalived on the VM lab: every keepalived process dies without its priority-0 advert and
the VIP stays on its interface. The director role's systemd drop-in (Restart=on-failure) starts keepalived again
RestartSec later; the restarted MASTER adverts and removes the stale VIP, so the VIP is on exactly one director again
within the restart delay, keepalived's start and a margin (plus one advert, for a backup that took over meanwhile)."""

from __future__ import absolute_import, division, print_function

import re
import time

START = 3.0     # keepalived's start on a TCG director VM, with its checkers
MARGIN = 2.0    # ssh sampling every ~0.3 s, the journal, a busy CI machine
SAMPLE = 0.2


def _seconds(text):
    """systemd's RestartUSec (``1s``, ``500ms``, ``1min 30s``) in seconds."""
    units = {'min': 60, 's': 1, 'ms': 0.001, 'us': 0.000001}
    return sum(float(number) * units[unit] for number, unit in re.findall(r'([\d.]+)(min|ms|us|s)', text))


def test_kill_9_of_the_master_leaves_the_vip_on_one_director(lab, cluster):
    master = cluster.master
    assert lab.out(master, 'systemctl show -p Restart --value keepalived').strip() == 'on-failure'
    restart = _seconds(lab.out(master, 'systemctl show -p RestartUSec --value keepalived'))
    bound = restart + START + MARGIN + cluster.advert_int
    old = lab.out(master, 'systemctl show -p MainPID --value keepalived').strip()
    samples = []
    killed = time.time()
    lab.ssh(master, 'kill -9 $(pidof keepalived)')
    while time.time() - killed < bound + 5:
        samples.append((time.time() - killed, lab.vip_holders()))
        time.sleep(SAMPLE)
    new = lab.out(master, 'systemctl show -p MainPID --value keepalived').strip()
    settled = [t for t, holders in samples if holders != [master]]
    last_wrong = settled[-1] if settled else 0.0
    both = [t for t, holders in samples if len(holders) > 1]
    print('\n[e2e] kill -9 of %s\'s keepalived: restarted (pid %s -> %s); the VIP on %s alone again %.1f s after the '
          'kill (bound %.1f s: RestartSec %.1f + start %.1f + margin %.1f + advert_int %g); held by both for %.1f s of '
          'the samples' % (master, old, new, master, last_wrong, bound, restart, START, MARGIN, cluster.advert_int,
                           (both[-1] - both[0]) if both else 0.0))
    assert new not in ('0', old), 'systemd did not start keepalived again'
    assert samples[-1][1] == [master], samples[-5:]
    assert last_wrong <= bound, [s for s in samples if s[1] != [master]]
