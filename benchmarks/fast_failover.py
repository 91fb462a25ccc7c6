# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of the fast VRRP profile (lvs_vrrp_profile: fast, docs/fast-failover.md) on the running VM lab (dr).

1. Deploys the dr cluster with the fast profile (lab/vm/deploy.sh -e @FILE: lvs_vrrp_profile fast, and the lab's
   VRRP instance without the two keys of the lab's inventory that keep it slow or on VRRPv2: advert_int 1 (LVS021)
   and PASS authentication (VRRPv3 has none, LVS203); with --advert-int, that advert_int).
2. --failovers times (default 5): kill -9 of every keepalived process of the MASTER; the time until the backup holds
   the VIP, beside the backup's Master_Down_Interval as the collection computes it (the summary of lvs-cluster
   validate), and their ratio. A watcher on the backup polls `ip -o -4 addr show` every --poll seconds and says
   HELD over an open ssh session; the kill is sent over another one. With ssh's latency the same both ways, the time
   from the kill to HELD is the time between the host reading KILLED and reading HELD; half the kill's round trip is
   shown as its uncertainty. systemd starts the killed keepalived again (the director role's Restart=on-failure) and
   the MASTER takes the VIP back before the next kill.
3. VRRP state transitions in each director's journal (`journalctl -u keepalived`: "Entering MASTER STATE",
   "Entering BACKUP STATE", "Entering FAULT STATE", and keepalived's "thread timer expired", which says it ran late)
   over --idle seconds (default 300) with nothing else running, then as long with one host core busy (a
   `sh -c 'while :; do :; done'` on this machine, which also runs the VMs).
4. Deploys the standard profile again (the inventory as committed), also after a failure or an interrupt; the
   watcher, the killer and the busy loop are ended whatever happens.

Not a test: the figures are for docs/fast-failover.md and issue 13. Exits 1 when a failover was not seen within
--timeout, a director changed state while idle or busy (flapping), or the lab is not up.

Run as root with the dr lab up (make lab), from the repository: `PYTHONPATH=build .venv/bin/python
benchmarks/fast_failover.py [--failovers 5] [--idle 300] [--advert-int 0.1] [--poll 0.02]`. To find the smallest
advert_int the lab holds without flapping, run it with --advert-int 0.05, 0.1, 0.2, ... (--failovers 1 saves time).
"""

from __future__ import absolute_import, division, print_function

import argparse
import copy
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'tests', 'e2e'))  # labkit, and the dr topology's view of its cluster

from labkit import Lab, lab_settings  # noqa: E402 pylint: disable=wrong-import-position,import-error
from dr.conftest import Cluster  # noqa: E402 pylint: disable=wrong-import-position,import-error

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster as kacluster  # noqa: E402
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.profiles import (  # noqa: E402
    FAST, PROFILE_VARIABLE)

STATES = ('MASTER', 'BACKUP', 'FAULT')
LATE = 'thread timer expired'


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--failovers', type=int, default=5, help='kill -9 failovers to time (default 5)')
    parser.add_argument('--idle', type=float, default=300, help='seconds of each flap count, idle and busy (300)')
    parser.add_argument('--advert-int', type=float, default=None,
                        help='advert_int of the VRRP instance (default: the profile\'s, 0.1 s)')
    parser.add_argument('--poll', type=float, default=0.02, help='seconds between the watcher\'s looks (0.02)')
    parser.add_argument('--timeout', type=float, default=30, help='seconds to wait for a takeover (30)')
    return parser.parse_args(argv)


class Lines(object):
    """A process on a lab host whose output lines are read as they come, each with the moment it was read."""

    def __init__(self, lab, host, command):
        self.proc = lab.popen(host, command, stdin=subprocess.PIPE)
        self.lines = []
        self._arrived = threading.Condition()
        reader = threading.Thread(target=self._read)
        reader.daemon = True
        reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self._arrived:
                self.lines.append((time.time(), line.strip()))
                self._arrived.notify_all()
        with self._arrived:
            self.lines.append((time.time(), None))  # the end
            self._arrived.notify_all()

    def wait(self, word, timeout):
        """The moment ``word`` was read; raises when the process said something else, ended or was silent."""
        deadline = time.time() + timeout
        with self._arrived:
            while True:
                for moment, line in self.lines:
                    if line == word:
                        return moment
                    if line is None or line.startswith('ERROR'):
                        raise RuntimeError('expected %s, got %s%s' % (word, [l for _m, l in self.lines],
                                                                      self.proc.stderr.read()[-500:] if line is None else ''))
                if time.time() > deadline:
                    raise RuntimeError('no %s within %.0f s' % (word, timeout))
                self._arrived.wait(deadline - time.time())

    def send(self, text):
        self.proc.stdin.write(text + '\n')
        self.proc.stdin.flush()

    def end(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def watcher_command(vip, poll, timeout):
    """Says READY when the VIP is not on this host, then HELD as soon as it is (ERROR after ``timeout`` s)."""
    held = 'ip -o -4 addr show | grep -q " inet %s/"' % re.escape(vip)
    return ('if %s; then echo "ERROR the VIP is here already"; exit 1; fi; echo READY; end=$(( $(date +%%s) + %d )); '
            'until %s; do [ "$(date +%%s)" -lt "$end" ] || { echo "ERROR not held within %d s"; exit 1; }; sleep %g; '
            'done; echo HELD' % (held, timeout, held, timeout, poll))


KILLER = 'echo ARMED; read -r _ && kill -9 $(pidof keepalived) && echo KILLED'


def fast_extra_vars(variables, director, advert_int):
    """The extra vars of the fast deployment: the profile, and the lab's VRRP instances without the keys that keep
    them slow or on VRRPv2 (no password is written: authentication goes)."""
    instances = copy.deepcopy(variables[director]['lvs_vrrp_instances'])
    for body in instances.values():
        body.pop('authentication', None)
        body.pop('advert_int', None)
        if advert_int is not None:
            body['advert_int'] = advert_int
    return {PROFILE_VARIABLE: FAST, 'lvs_vrrp_instances': instances}


def theory(variables, groups, extra):
    """The summary of the fast deployment's cluster as the collection computes it; exits when it is not valid."""
    variant = dict((host, dict(values, **extra) if host in groups['lvs_directors'] else values)
                   for host, values in variables.items())
    report = kacluster.validate(variant, groups)
    if not report.valid:
        sys.exit('the fast profile would not deploy on the lab:\n%s' % report.format())
    print(report.format())
    return report.summary()['lvs_directors']  # the dr lab's one cluster (labkit's derive makes sure of one)


def failover(lab, lab_cluster, args):
    """Seconds from kill -9 of the MASTER's keepalived to the VIP on the backup, and the uncertainty."""
    (backup,) = lab_cluster.backups
    watcher = Lines(lab, backup, watcher_command(lab_cluster.vip, args.poll, args.timeout))
    killer = Lines(lab, lab_cluster.master, KILLER)
    try:
        watcher.wait('READY', 60)
        killer.wait('ARMED', 60)
        sent = time.time()
        killer.send('kill')
        killed = killer.wait('KILLED', 30)
        held = watcher.wait('HELD', args.timeout + 30)
        return held - killed, (killed - sent) / 2
    finally:
        watcher.end()
        killer.end()


def director_clock(lab, director):
    return lab.out(director, 'date +%s').strip()


def transitions(lab, directors, since):
    """{director: {MASTER: n, BACKUP: n, FAULT: n, late: n}} in the journals since each director's ``since``."""
    counts = {}
    for director in directors:
        journal = lab.out(director, 'journalctl -u keepalived --no-pager -o cat --since @%s' % since[director],
                          timeout=120)
        found = dict((state, journal.count('Entering %s STATE' % state)) for state in STATES)
        found['late'] = journal.count(LATE)
        counts[director] = found
    return counts


def count_flaps(lab, lab_cluster, seconds, label):
    since = dict((director, director_clock(lab, director)) for director in lab_cluster.directors)
    print('[bench] counting VRRP transitions for %.0f s (%s)' % (seconds, label), flush=True)
    time.sleep(seconds)
    counts = transitions(lab, lab_cluster.directors, since)
    changes = sum(found[state] for found in counts.values() for state in STATES)
    print('[bench] %s, %.0f s: %s' % (label, seconds, '; '.join(
        '%s: %s' % (d, ', '.join('%s %d' % (k, v) for k, v in sorted(found.items()))) for d, found in sorted(counts.items()))))
    return changes


def _stop(busy):
    if busy is not None and busy.poll() is None:
        busy.kill()
        busy.wait()


def run(lab, args):
    lab_cluster = Cluster(lab)
    lab.cluster = lab_cluster
    _cluster, _realservers, variables, groups = lab.derive()
    extra = fast_extra_vars(variables, lab_cluster.directors[0], args.advert_int)
    summary = theory(variables, groups, extra)
    instance = summary['vrrp_instances'][lab_cluster.instance_name]
    expected = instance['master_down_interval']
    workdir = tempfile.mkdtemp(prefix='fast-failover-')
    busy = None
    try:
        path = os.path.join(workdir, 'fast.json')
        with open(path, 'w') as handle:
            json.dump(extra, handle)
        print('[bench] deploying the fast profile (advert_int %g s, VRRPv%d): lab/vm/deploy.sh -e @%s'
              % (instance['advert_int'], instance['vrrp_version'], path), flush=True)
        lab.script('deploy.sh', '-e', '@%s' % path)
        lab.wait_converged(timeout=90)
        times = []
        for trial in range(1, args.failovers + 1):
            measured, uncertainty = failover(lab, lab_cluster, args)
            times.append(measured)
            print('[bench] failover %d/%d: VIP on %s %.3f s (+- %.3f s) after kill -9 of %s\'s keepalived; theory '
                  '%.3f s; ratio %.2f' % (trial, args.failovers, lab_cluster.backups[0], measured, uncertainty,
                                          lab_cluster.master, expected, measured / expected), flush=True)
            lab.wait_converged(timeout=90)  # systemd restarted keepalived, the MASTER took the VIP back
            time.sleep(3 * instance['advert_int'] + 2)  # and is settled
        idle = count_flaps(lab, lab_cluster, args.idle, 'idle')
        busy = subprocess.Popen(['sh', '-c', 'while :; do :; done'])  # pylint: disable=consider-using-with
        loaded = count_flaps(lab, lab_cluster, args.idle, 'one host core busy')
        _stop(busy)
    finally:
        _stop(busy)
        shutil.rmtree(workdir, ignore_errors=True)
        lab.ssh(lab_cluster.master, 'systemctl start keepalived', check=False)
        print('[bench] deploying the standard profile again: lab/vm/deploy.sh', flush=True)
        lab.script('deploy.sh')
    print('\nfast profile on the dr lab (%d host cores), advert_int %g s, VRRPv%d, %s priorities %s:'
          % (os.cpu_count(), instance['advert_int'], instance['vrrp_version'], lab_cluster.master,
             instance['priorities']))
    print('  kill -9 failover: median %.3f s, max %.3f s of %d; theory (Master_Down_Interval of %s) %.3f s; '
          'ratio median/theory %.2f, max/theory %.2f' % (
              statistics.median(times), max(times), len(times), lab_cluster.backups[0], expected,
              statistics.median(times) / expected, max(times) / expected))
    print('  VRRP state transitions: %d idle, %d with one host core busy (%.0f s each): %s'
          % (idle, loaded, args.idle, 'no flapping' if idle + loaded == 0 else 'FLAPPING'))
    return 0 if idle + loaded == 0 else 1


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if os.geteuid() != 0:
        sys.exit('benchmarks/fast_failover.py needs root (the lab does)')
    lab = Lab(lab_settings('dr'))
    if not lab.is_up():
        sys.exit('the dr lab is not up with every host answering: bring it up first (make lab)')
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))  # the finally blocks still run
    try:
        return run(lab, args)
    except (RuntimeError, AssertionError, subprocess.CalledProcessError) as failed:
        print('fast_failover: %s' % failed, file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
