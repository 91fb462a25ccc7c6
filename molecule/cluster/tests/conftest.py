# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The article's lab as pytest fixtures: five containers on 10.1.94.0/24, VIP 10.1.94.166.

Every experiment changes the cluster, so the ``cluster`` fixture restores it before and after each test
(the configuration the site playbook converged, keepalived running on both directors, the VIP on lvs1 only):
one failed experiment does not leave the next one a broken cluster.

Timing: a watcher runs inside the container that should see the change and polls every POLL seconds; the
trigger runs inside the other container and prints its own time first. The containers share the host's
clock, so ``seen - trigger`` excludes docker exec's latency.

Bounds come from VRRP timing (module_utils/keepalived/timing.py, with the priorities and advert_int read
back from the converged keepalived.conf) plus MARGIN. MARGIN (1.0 s, override with LVS_MOLECULE_MARGIN) is
the allowance for scheduling on this 2-core machine, which other jobs (the VM lab) share: keepalived's timer
thread, systemd starting the daemon and the watcher's poll (POLL + about 30 ms for ip/grep) can each wait for
a CPU. Measured here, the worst excess over theory was 0.25 s at a load average of 2 to 7 (lab-facts: 0.14 s
when quiet). MARGIN is one advert_int: it absorbs four times the worst excess seen, and still catches any
takeover that takes a whole advert longer than VRRP says, e.g. a graceful stop that waits for
Master_Down_Interval (3.65 s) instead of the skew time (bound 0.65 + 1 s).
"""

from __future__ import absolute_import, division, print_function

import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest


def _import_timing():
    """The collection's VRRP formulas, from the collection path molecule runs with (build/ by default)."""
    candidates = [p for p in os.environ.get('ANSIBLE_COLLECTIONS_PATH', '').split(os.pathsep) if p]
    project = os.environ.get('MOLECULE_PROJECT_DIRECTORY') or os.path.join(os.path.dirname(__file__), '..', '..', '..')
    candidates.append(os.path.join(project, 'build'))
    for path in candidates:
        if os.path.isdir(os.path.join(path, 'ansible_collections', 'lvs', 'cluster')) and path not in sys.path:
            sys.path.append(path)
    from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import timing
    return timing


timing = _import_timing()

PREFIX = 'lvs-mol-cluster-'
LVS1, LVS2, RS1, RS2, CLIENT = (PREFIX + name for name in ('lvs1', 'lvs2', 'rs1', 'rs2', 'client'))
DIRECTORS = (LVS1, LVS2)
REALSERVERS = (RS1, RS2)
VIP = '10.1.94.166'
CONF = '/etc/keepalived/keepalived.conf'
# As converged (molecule.yml): advert_int 1, VRRPv2, priorities derived from the group order.
ADVERT_INT = 1
PRIORITY = {LVS1: 100, LVS2: 90}
MARGIN = float(os.environ.get('LVS_MOLECULE_MARGIN', '1.0'))
POLL = 0.02
DOCKER = shutil.which('docker') or '/usr/bin/docker'


def mdi(host, advert_int=ADVERT_INT, priority=None):
    """Master_Down_Interval of ``host`` as a backup (RFC 3768)."""
    return timing.master_down_interval(advert_int, PRIORITY[host] if priority is None else priority)


def skew(host, priority=None):
    return timing.skew_time(PRIORITY[host] if priority is None else priority)


def report(label, measured, bound, theory=None):
    """One line per measurement, collected in the verifier's output (pytest -s) and in $LVS_MOLECULE_TIMINGS."""
    load = open('/proc/loadavg').read().split()[0]
    line = 'TIMING %-52s measured %6.2f s  theory %s  bound %5.2f s  load %s' % (
        label, measured, '%5.2f s' % theory if theory is not None else '   -   ', bound, load)
    print(line)
    target = os.environ.get('LVS_MOLECULE_TIMINGS')
    if target:
        with open(target, 'a') as stream:
            stream.write(line + '\n')


def _ready(process):
    """The first line, read unbuffered from the pipe (communicate() would lose a buffered read-ahead)."""
    line = b''
    while not line.endswith(b'\n'):
        char = os.read(process.stdout.fileno(), 1)
        if not char:
            break
        line += char
    return line.decode().strip()


class Watcher(object):
    """Waits inside ``host`` until it holds the VIP (``present``) or not, and reports when (host clock)."""

    def __init__(self, host, present, timeout, vip=VIP):
        script = ('echo ready; end=$(( $(date +%%s) + %d )); '
                  'while :; do if ip -o -4 addr show dev eth0 | grep -q " %s/"; then h=1; else h=0; fi; '
                  '[ $h = %d ] && { date +%%s.%%N; exit 0; }; [ $(date +%%s) -ge $end ] && exit 1; sleep %s; done'
                  % (int(timeout) + 1, vip, 1 if present else 0, POLL))
        self.host, self.timeout = host, timeout
        self.process = subprocess.Popen([DOCKER, 'exec', host, 'sh', '-c', script], stdout=subprocess.PIPE,
                                        universal_newlines=True)
        assert _ready(self.process) == 'ready'

    def result(self):
        """The time the state was seen, or None when it was not seen within the timeout."""
        try:
            out, _err = self.process.communicate(timeout=self.timeout + 15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None
        return float(out.strip()) if self.process.returncode == 0 else None


class Poller(object):
    """Samples, inside each director, whether it holds the VIP every ``interval`` seconds until stopped."""

    def __init__(self, hosts=DIRECTORS, interval=0.1):
        self.processes = {}
        for host in hosts:
            script = ('rm -f /tmp/lvs-poll-stop; echo ready; while [ ! -e /tmp/lvs-poll-stop ]; do '
                      'if ip -o -4 addr show dev eth0 | grep -q " %s/"; then h=1; else h=0; fi; '
                      'echo "$(date +%%s.%%N) $h"; sleep %s; done' % (VIP, interval))
            process = subprocess.Popen([DOCKER, 'exec', host, 'sh', '-c', script], stdout=subprocess.PIPE,
                                       universal_newlines=True)
            assert _ready(process) == 'ready'
            self.processes[host] = process

    def stop(self):
        """{host: [(time, held)]}."""
        samples = {}
        for host, process in self.processes.items():
            subprocess.call([DOCKER, 'exec', host, 'touch', '/tmp/lvs-poll-stop'])
            out, _err = process.communicate(timeout=30)
            samples[host] = [(float(t), h == '1') for t, h in (line.split() for line in out.splitlines() if line)]
        return samples


def vrrp_instance(**extra):
    """VI_1 as in molecule.yml, plus ``extra`` (extra vars replace the whole group_vars value)."""
    instance = {'interface': 'eth0', 'virtual_router_id': 51, 'advert_int': ADVERT_INT,
                'authentication': {'auth_type': 'PASS', 'auth_pass': 'm0lecule'}, 'virtual_ipaddress': [VIP]}
    instance.update(extra)
    return {'VI_1': instance}


class Lab(object):
    def __init__(self):
        self.good = {}

    # ---- commands in the containers -------------------------------------------------------------------------
    def sh(self, host, command, check=True, timeout=120, stdin=None):
        result = subprocess.run([DOCKER, 'exec'] + (['-i'] if stdin is not None else []) + [host, 'sh', '-c', command],
                                input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True, timeout=timeout, check=False)
        if check and result.returncode != 0:
            raise AssertionError('%s: %r exited %d: %s%s' % (host, command, result.returncode, result.stdout,
                                                             result.stderr))
        return result

    def out(self, host, command, **kwargs):
        return self.sh(host, command, **kwargs).stdout

    def trigger(self, host, command):
        """Run ``command`` in ``host``; returns the host-clock time just before it started."""
        return float(self.out(host, 'date +%%s.%%N; %s >/dev/null' % command).split()[0])

    def holds(self, host):
        return (' %s/' % VIP) in self.out(host, 'ip -o -4 addr show dev eth0')

    def holders(self):
        return set(host for host in DIRECTORS if self.holds(host))

    def conf(self, host):
        return self.out(host, 'cat %s' % CONF)

    def write_conf(self, host, text):
        self.sh(host, 'cat > %s.lvs-test && chmod 0640 %s.lvs-test && mv %s.lvs-test %s' % (CONF, CONF, CONF, CONF),
                stdin=text)

    def edit_conf(self, host, sed):
        """Change keepalived.conf behind the collection's back (validation bypassed) and reload."""
        self.sh(host, "sed -i '%s' %s && grep -q . %s && systemctl reload keepalived" % (sed, CONF, CONF))

    def active(self, host, unit='keepalived'):
        return self.sh(host, 'systemctl is-active --quiet %s' % unit, check=False).returncode == 0

    def main_pid(self, host):
        return int(self.out(host, 'systemctl show -p MainPID --value keepalived').strip())

    def journal_since(self, host, since):
        """keepalived's log lines after host-clock time ``since``."""
        return self.out(host, "journalctl -u keepalived -o cat --no-pager --since @%.3f" % since)

    def reload_times(self, host, since):
        """(started, finished) host-clock times of each reload of keepalived after ``since``, from its own log."""
        lines = self.out(host, "journalctl -u keepalived -o short-unix --no-pager --since @%.3f" % since).splitlines()
        started = [float(line.split()[0]) for line in lines if line.endswith('Reloading ...')]
        finished = [float(line.split()[0]) for line in lines if line.endswith('Reload complete')]
        return list(zip(started, finished))

    def wait_for(self, predicate, timeout, step=0.1):
        end = time.time() + timeout
        while True:
            value = predicate()
            if value or time.time() > end:
                return value
            time.sleep(step)

    # ---- playbooks ----------------------------------------------------------------------------------------------
    def playbook(self, playbook, extra_vars=None, inventory=None, tmp_path=None, limit=None, options=()):
        """Run a playbook of the collection (lvs.cluster.site or .validate) against the scenario's inventory
        (``limit``: ansible-playbook --limit; ``options``: more of its options, e.g. --tags)."""
        env = dict(os.environ)
        ephemeral = os.environ.get('MOLECULE_EPHEMERAL_DIRECTORY')
        if ephemeral and 'ANSIBLE_CONFIG' not in env:
            env['ANSIBLE_CONFIG'] = os.path.join(ephemeral, 'ansible.cfg')
        env['ANSIBLE_NOCOLOR'] = '1'
        env['ANSIBLE_STDOUT_CALLBACK'] = 'default'
        command = [shutil.which('ansible-playbook', path=os.path.dirname(sys.executable)) or 'ansible-playbook',
                   '-i', inventory or os.environ['MOLECULE_INVENTORY_FILE'], playbook]
        if extra_vars:
            path = os.path.join(str(tmp_path), 'extra-vars.json')
            with open(path, 'w') as stream:
                json.dump(extra_vars, stream)
            command += ['-e', '@' + path]
        if limit:
            command += ['--limit', limit]
        command += list(options)
        return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                              env=env, timeout=600, check=False)

    def site(self, extra_vars=None, tmp_path=None):
        result = self.playbook('lvs.cluster.site', extra_vars, tmp_path=tmp_path)
        assert result.returncode == 0, result.stdout[-6000:]
        return result

    # ---- the converged state ------------------------------------------------------------------------------------
    def restore(self):
        """The converged configuration, keepalived running on both directors, the VIP on lvs1 alone."""
        changed = set()
        for host in DIRECTORS:
            self.sh(host, 'touch /tmp/lvs-poll-stop; systemctl start lab-httpd')  # ends a poller a failed test left
            if self.conf(host) != self.good[host]:
                self.write_conf(host, self.good[host])
                changed.add(host)
        for host in (LVS2, LVS1):
            if not self.active(host):
                self.sh(host, 'systemctl start keepalived')
            elif host in changed:
                self.sh(host, 'systemctl reload keepalived')
        # lvs1 preempts within its Master_Down_Interval once it runs the converged configuration.
        bound = mdi(LVS1) + 2 * MARGIN + 5
        if self.wait_for(lambda: self.holders() == {LVS1}, bound):
            return
        for host in (LVS2, LVS1):  # a hard reset: the backup first, then the master
            self.sh(host, 'systemctl restart keepalived')
        assert self.wait_for(lambda: self.holders() == {LVS1}, bound), 'cannot restore: VIP on %s' % self.holders()


@pytest.fixture(scope='session')
def lab():
    lab = Lab()
    for host in DIRECTORS:
        lab.good[host] = lab.conf(host)
        # The bounds use PRIORITY and ADVERT_INT: they must be what the site playbook derived and installed.
        assert re.search(r'^\s*priority %d$' % PRIORITY[host], lab.good[host], re.M), lab.good[host]
        assert re.findall(r'^\s*advert_int (\d+)$', lab.good[host], re.M) == [str(ADVERT_INT)], lab.good[host]
    return lab


@pytest.fixture
def cluster(lab):
    """The converged cluster; restored after the test whatever happened in it."""
    lab.restore()
    try:
        yield lab
    finally:
        lab.restore()
