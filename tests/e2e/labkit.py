# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VM lab as the end-to-end tests see it: one topology at a time (lab/topologies), brought up, deployed and
taken down by lab/vm's scripts, reached over ssh inside the lab's namespace, and the cluster its inventory
describes, derived by the collection's own code.

``lab_session(topology, make_cluster)`` is what each topology's package fixture runs (tests/e2e/dr,
tests/e2e/routed): it takes down a lab of another topology, brings this one up when it is not running, deploys
the cluster (``lvs.cluster.site``), waits until it has converged, and takes the lab down at the end if it brought
it up (``LVS_E2E_KEEP_LAB=1`` keeps it), also when the start or the deployment fails and when the run is
interrupted (SIGINT, SIGTERM, SIGHUP).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAB_DIR = os.path.join(REPO, 'lab', 'vm')
PAGE = re.compile(r'^real server (\S+)$')


def url(address, port):
    """http://ADDRESS:PORT/, with an IPv6 address in brackets (curl needs -g for them)."""
    return 'http://%s:%d/' % ('[%s]' % address if ':' in address else address, port)


# -- a client that sends requests continuously --------------------------------------------------------------------
# The loop also ends when STOP_FILE appears on the client (a test that cannot know how long its traffic must last).
STOP_FILE = '/tmp/lvs-e2e-loop-stop'
LOOP = r"""
end=$(( $(date +%%s) + %(duration)d )); i=0; rm -f /tmp/lvs-e2e-loop-stop
while [ "$(date +%%s)" -lt "$end" ] && [ "$i" -lt %(max)d ] && [ ! -e /tmp/lvs-e2e-loop-stop ]; do
    t0=$(date +%%s.%%N)
    out=$(curl -g -s --connect-timeout %(timeout)d -m %(timeout)d %(url)s); rc=$?
    echo "$t0 $(date +%%s.%%N) $rc ${out:-none}"
    i=$((i + 1)); sleep %(pause)s
done
"""


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


def failover_under_traffic(lab, client, address, port, master, backup, vips, bound, duration=20, stop_after=6,
                           curl_timeout=1, pause=0.1, max_requests=400):
    """A client loop to ADDRESS:PORT while ``master``'s keepalived is stopped gracefully: waits until ``backup``
    alone holds every one of ``vips``, then starts it again. Returns (results, answered, failed, longest time
    without an answer, median time between answers, seconds until the VIPs were seen on the backup); fails when
    the loop sent too few requests, was not answered before the stop, or had no answer for longer than ``bound``."""
    script = LOOP % dict(duration=duration, max=max_requests, timeout=curl_timeout, url=url(address, port), pause=pause)
    loop = lab.popen(client, script)
    try:
        time.sleep(stop_after)
        t_stop = time.time()
        lab.ssh(master, 'systemctl stop keepalived')
        lab.wait_for('%s on %s alone' % (', '.join(vips), backup),
                     lambda: all(lab.vip_holders(vip) == [backup] for vip in vips), bound + 10, interval=0.2)
        moved = time.time() - t_stop
        log, err = loop.communicate(timeout=duration + 60)
        assert loop.returncode == 0, err
    finally:
        if loop.poll() is None:
            loop.kill()
        lab.ssh(master, 'systemctl start keepalived')
    results, ok, failed, outage, normal = outcome(log)
    print('\n[e2e] failover under traffic to %s: %d requests in %.1f s, %d failed; longest time without an answer '
          '%.2f s (median between answers %.2f s, bound %.2f s); %s seen on %s %.1f s after `systemctl stop '
          'keepalived` was sent to %s' % (url(address, port), len(results), results[-1][1] - results[0][0] if results
                                          else 0, len(failed), outage, normal, bound, ', '.join(vips), backup, moved,
                                          master))
    assert len(results) >= duration, 'the client loop sent too few requests: %d' % len(results)
    assert ok and ok[0][0] < results[0][0] + stop_after, 'no answers before the stop'
    assert outage <= bound, 'outage %.2f s is over the bound %.2f s (%d failed requests)' % (outage, bound, len(failed))
    return results, ok, failed, outage, normal, moved


def lab_settings(topology=None):
    """lab.conf's values as bash sees them for ``topology`` (with the environment's LVS_LAB_* overrides)."""
    names = ('LVS_LAB_STATE', 'LVS_LAB_NETNS', 'LVS_LAB_INVENTORY_DIR', 'LVS_LAB_CACHE', 'LVS_LAB_HOSTS',
             'LVS_LAB_TOPOLOGY')
    script = 'LAB_DIR="$1"; . "$1/lab.conf"; printf "%%s\\n" %s' % ' '.join('"$%s"' % name for name in names)
    env = dict(os.environ)
    if topology:
        env['LVS_LAB_TOPOLOGY'] = topology
    out = subprocess.run(['bash', '-c', script, 'lab.conf', LAB_DIR], check=True, capture_output=True, text=True,
                         timeout=30, env=env).stdout
    return dict(zip(names, out.splitlines()))


def cannot_run_reason(settings):
    """Why the VM lab cannot run on this machine at all, or None when it can."""
    if not hasattr(os, 'geteuid') or os.geteuid() != 0:
        return 'the VM lab needs root (network namespaces, tap devices)'
    missing = [c for c in ('qemu-system-x86_64', 'qemu-img', 'ip', 'ssh', 'ssh-keygen') if shutil.which(c) is None]
    image_cached = os.path.isfile(os.path.join(settings['LVS_LAB_CACHE'], 'images', 'current', 'ok'))
    if not image_cached:
        missing += [c for c in ('mmdebstrap', 'mkfs.ext4') if shutil.which(c) is None]
    if missing:
        return 'missing %s (install them with lab/vm/host-packages.sh or make lab)' % ', '.join(missing)
    if not os.path.exists('/dev/net/tun'):
        return 'no /dev/net/tun (tap devices)'
    if subprocess.run(['ip', 'netns', 'list'], capture_output=True, timeout=30, check=False).returncode != 0:
        return 'no network namespaces (ip netns list fails)'
    return None


class Lab(object):
    """The running lab of one topology: its scripts, ssh to its hosts, and the cluster its inventory describes
    (``cluster``, set by the topology's fixture: an object with vip, port, client, directors and
    ``converged(lab)``)."""

    def __init__(self, settings):
        self.settings = settings
        self.topology = settings['LVS_LAB_TOPOLOGY']
        self.state = settings['LVS_LAB_STATE']
        self.netns = settings['LVS_LAB_NETNS']
        self.inventory_dir = os.path.abspath(settings['LVS_LAB_INVENTORY_DIR'])
        self.ssh_config = os.path.join(self.state, 'ssh_config')
        self.cluster = None

    # -- running things ----------------------------------------------------------------------
    def script(self, name, *args, **kwargs):
        """Runs lab/vm/<name> for this topology (or ``topology=``) with its output on the terminal; raises when it
        fails; returns the seconds it took."""
        t0 = time.time()
        self._run_script(name, args, kwargs, True)
        return time.time() - t0

    def script_output(self, name, *args, **kwargs):
        """Runs lab/vm/<name> as script() does, for a run that may fail: (exit code, its output), printed too."""
        proc = self._run_script(name, args, kwargs, False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        print(proc.stdout)
        return proc.returncode, proc.stdout

    def _run_script(self, name, args, kwargs, check, **options):
        env = dict(os.environ, LVS_LAB_TOPOLOGY=kwargs.get('topology') or self.topology)
        # a background ssh (ControlPersist) given our terminal or log may have left it non-blocking, and Ansible refuses
        # to write to that
        for stream in (sys.stdout, sys.stderr):
            os.set_blocking(stream.fileno(), True)
        return subprocess.run([os.path.join(LAB_DIR, name)] + list(args), timeout=kwargs.get('timeout', 1800), env=env,
                              stdin=subprocess.DEVNULL, check=check, **options)

    def ssh(self, host, command, timeout=60, check=True):
        """(exit code, stdout) of ``command`` on ``host``; raises on failure when ``check``."""
        argv = ['ip', 'netns', 'exec', self.netns, 'ssh', '-F', self.ssh_config, host, command]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
        if check and proc.returncode != 0:
            raise AssertionError('%s: %r exited %d: %s%s' % (host, command, proc.returncode, proc.stdout, proc.stderr))
        return proc.returncode, proc.stdout

    def out(self, host, command, timeout=60):
        return self.ssh(host, command, timeout=timeout)[1]

    def popen(self, host, command, stdin=None):
        argv = ['ip', 'netns', 'exec', self.netns, 'ssh', '-F', self.ssh_config, host, command]
        return subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def answers_ssh(self, host):
        try:
            return self.ssh(host, 'true', timeout=10, check=False)[0] == 0
        except subprocess.TimeoutExpired:
            return False

    def running_topology(self):
        """The topology of the lab that is up (its namespace exists), or None."""
        namespaces = subprocess.run(['ip', 'netns', 'list'], capture_output=True, text=True, timeout=30,
                                    check=False).stdout.split()
        if self.netns not in namespaces:
            return None
        try:
            with open(os.path.join(self.state, 'topology')) as recorded:
                return recorded.read().strip() or 'dr'
        except IOError:
            return 'dr'

    def is_up(self):
        """Whether this topology's lab runs with every configured host answering ssh."""
        if self.running_topology() != self.topology or not os.path.isfile(os.path.join(self.state, 'inventory.ini')):
            return False
        configured = [entry.split(':')[0] for entry in self.settings['LVS_LAB_HOSTS'].split()]
        return sorted(self.hosts()) == sorted(configured) and all(self.answers_ssh(h) for h in configured)

    def host_vars(self):
        """{host: {variable: value}} of the hosts lines of the lab's generated inventory."""
        hosts = {}
        with open(os.path.join(self.state, 'inventory.ini')) as inventory:
            for line in inventory:
                match = re.match(r'^([a-z0-9][a-z0-9-]*) (ansible_host=.*)$', line.strip())
                if match:
                    hosts[match.group(1)] = dict(pair.split('=', 1) for pair in match.group(2).split())
        return hosts

    def hosts(self):
        return list(self.host_vars())

    def web_service(self, host):
        """The systemd unit of the host's web server (apache2 on VMs, lab-httpd in containers)."""
        return self.host_vars()[host]['lab_web_service']

    # -- the cluster the inventory describes ---------------------------------------------------
    def derive(self, name=None):
        """(cluster, realservers, variables, groups) of the lab's inventory, derived by the collection: the cluster
        named ``name``, or its only one."""
        from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import inventory
        from ansible_collections.lvs.cluster.plugins.plugin_utils import inventory_vars
        from ansible_collections.lvs.cluster.plugins.plugin_utils.cli import read_inventory
        hostvars, groups = read_inventory([self.inventory_dir])
        variables, groups = inventory_vars.collect(hostvars, groups, 'lvs_directors', 'lvs_realservers')
        clusters, realservers, issues = inventory.build(variables, groups)
        assert not [i for i in issues if getattr(i, 'level', '') == 'error'], issues
        named = [c for c in clusters if name is None or c.name == name]
        assert len(named) == 1, 'the lab inventory should describe one cluster %s, not %s' % (
            name or '', [c.name for c in clusters])
        return named[0], realservers, variables, groups

    # -- observations ----------------------------------------------------------------------------
    def vip_holders(self, vip=None, directors=None):
        """The directors (of the cluster by default) that have the VIP (IPv4 or IPv6; the cluster's by default) as an
        interface address."""
        vip = vip or self.cluster.vip
        return self.vips_held([vip], directors)[vip]

    def vips_held(self, vips, directors=None):
        """{vip: [director that has it as an interface address]} for ``vips``, one look at each director (of the
        cluster by default)."""
        directors = directors or self.cluster.directors
        shown = dict((director, self.out(director, 'ip -o addr show')) for director in directors)
        return dict((vip, [d for d in directors if re.search(r'inet6? %s/' % re.escape(vip), shown[d])]) for vip in vips)

    def ipvs(self, director, stats=False):
        """The IPVS table of ``director``: {(proto, vip:port): {'sched': .., 'flags': .., 'reals': {addr:port:
        (fwd, weight, active, inactive)}}}; with ``stats``, {... 'conns': total connections, 'reals':
        {addr:port: conns}} from ``ipvsadm -Ln --stats``."""
        table, current = {}, None
        for line in self.out(director, 'ipvsadm -Ln' + (' --stats' if stats else '')).splitlines():
            fields = line.split()
            if fields and fields[0] in ('TCP', 'UDP', 'FWM'):
                if stats:
                    service = dict(conns=int(fields[2]), reals={})
                else:
                    service = dict(sched=fields[2], flags=' '.join(fields[3:]), reals={})
                current = table.setdefault((fields[0], fields[1]), service)
            elif current is not None and fields[:1] == ['->'] and len(fields) >= 4 and (fields[1][0].isdigit() or fields[1][0] == '['):
                if stats:
                    current['reals'][fields[1]] = int(fields[2])
                else:
                    current['reals'][fields[1]] = (fields[2], int(fields[3]), int(fields[4]), int(fields[5]))
        return table

    def reals_in_table(self, director):
        """{addr:port: (fwd, weight)} of the cluster's virtual server in ``director``'s IPVS table."""
        service = self.ipvs(director).get(('TCP', '%s:%d' % (self.cluster.vip, self.cluster.port)))
        return {} if service is None else dict((real, entry[:2]) for real, entry in service['reals'].items())

    def requests(self, count, timeout=2, vip=None, port=None):
        """``count`` requests from the client to http://VIP:PORT/ (the cluster's by default), one after the other,
        each on a new connection: [host name or None]."""
        assert 0 < count <= 100
        command = ('for i in $(seq %d); do out=$(curl -g -s -m %d %s) && echo "OK $out" || echo "FAIL $?"; done'
                   % (count, timeout, url(vip or self.cluster.vip, port or self.cluster.port)))
        lines = self.out(self.cluster.client, command, timeout=count * (timeout + 2) + 30).splitlines()
        answers = []
        for line in lines:
            match = PAGE.match(line[3:]) if line.startswith('OK ') else None
            answers.append(match.group(1) if match else None)
        assert len(answers) == count, lines
        return answers

    def wait_for(self, what, predicate, timeout, interval=0.5):
        """Seconds until ``predicate()`` is true; fails after ``timeout`` seconds."""
        t0 = time.time()
        while True:
            if predicate():
                return time.time() - t0
            if time.time() - t0 > timeout:
                raise AssertionError('%s: not reached within %.1f s' % (what, timeout))
            time.sleep(interval)

    def wait_converged(self, timeout=60):
        """Waits until the deployed state holds (what the topology's cluster says it is); says what the lab shows
        instead when it does not."""
        what, predicate = self.cluster.converged(self)
        try:
            return self.wait_for(what, predicate, timeout)
        except AssertionError as failed:
            raise AssertionError('%s; the lab shows:\n%s' % (failed, self.cluster.describe(self)))

    def qmp(self, host, command, **arguments):
        """Runs a QEMU monitor command on the VM ``host`` (its QMP socket): e.g. ``qmp('lvs3', 'set_link',
        name='n0', up=False)`` cuts its network link, ``qmp('lvs3', 'quit')`` powers it off at once."""
        path = os.path.join(self.state, 'vms', host, 'qmp.sock')
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(30)
        connection.connect(path)
        replies = connection.makefile('r')
        try:
            json.loads(replies.readline())  # the greeting
            answer = None
            for message in ({'execute': 'qmp_capabilities'}, dict(execute=command, arguments=arguments)):
                connection.sendall(json.dumps(message).encode() + b'\n')
                while True:
                    line = replies.readline()
                    if not line:  # quit: QEMU closes the socket
                        return None
                    answer = json.loads(line)
                    if 'event' not in answer:
                        break
                if 'error' in answer:
                    raise AssertionError('QMP %s on %s: %s' % (message['execute'], host, answer['error']))
            return answer.get('return')
        finally:
            replies.close()
            connection.close()

    def boot_marker(self, host):
        """Changes with every boot: the kernel's boot id (a VM) and the start time of PID 1 (a container,
        which shares the host's kernel and so its boot id)."""
        return self.out(host, 'cat /proc/sys/kernel/random/boot_id; cut -d" " -f22 /proc/1/stat').strip()

    def reboot(self, host, timeout=420):
        """Reboots ``host`` from inside (systemctl reboot) and waits for ssh after a new boot; returns the
        seconds it took."""
        before = self.boot_marker(host)
        t0 = time.time()
        try:
            self.ssh(host, 'systemctl reboot', timeout=30, check=False)
        except subprocess.TimeoutExpired:
            pass

        def rebooted():
            try:
                rc, out = self.ssh(host, 'cat /proc/sys/kernel/random/boot_id; cut -d" " -f22 /proc/1/stat',
                                   timeout=15, check=False)
            except subprocess.TimeoutExpired:
                return False
            return rc == 0 and out.strip() not in ('', before)
        self.wait_for('%s back after a reboot' % host, rebooted, timeout, interval=3)
        return time.time() - t0


class Connections(object):
    """``lab-connections`` on a lab host (lab/container/README.md): ``count`` HTTP keep-alive connections to
    VIP:PORT, each sending a request every ``interval`` seconds, every failure and broken connection counted.
    ``ready()`` waits until all are established and answered, ``mark(text)`` records a moment in its report,
    ``stop()`` ends it and returns the report (a dict)."""

    def __init__(self, lab, host, vip, port, count=200, interval=0.5, timeout=2.0, duration=900, name=None):
        command = ('lab-connections %s %d --connections %d --interval %g --timeout %g --duration %d --stop-on-eof'
                   % (vip, port, count, interval, timeout, duration))
        self.proc = lab.popen(host, command, stdin=subprocess.PIPE)
        self.count = count
        # the whole report, for a look afterwards
        self.saved = os.path.join(lab.state, 'reports', '%s.json' % (name or os.environ.get(
            'PYTEST_CURRENT_TEST', 'lab-connections').split(' ')[0].split('::')[-1]))
        self.ready_at = None
        self._lines = []
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, name='lab-connections')
        self._reader.daemon = True
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            if line.startswith('READY '):
                self.ready_at = float(line.split()[2])
                self._ready.set()
            else:
                self._lines.append(line)
        self._ready.set()

    def ready(self, timeout=120):
        """Waits for READY; returns its unix time."""
        if not self._ready.wait(timeout) or self.ready_at is None:
            self.proc.kill()
            raise AssertionError('lab-connections never got all %d connections answered within %d s: %s%s'
                                 % (self.count, timeout, ''.join(self._lines)[-2000:], self.proc.stderr.read()[-2000:]))
        return self.ready_at

    def mark(self, text):
        self.proc.stdin.write('MARK %s\n' % text)
        self.proc.stdin.flush()
        return time.time()

    def stop(self, timeout=120):
        """Ends the run; returns the report."""
        try:
            self.proc.stdin.write('stop\n')
            self.proc.stdin.close()
        except (IOError, OSError):
            pass
        self.proc.wait(timeout)
        self._reader.join(timeout)
        text = ''.join(self._lines).strip()
        assert self.proc.returncode == 0 and text, 'lab-connections exited %s: %s%s' % (
            self.proc.returncode, text[-2000:], self.proc.stderr.read()[-2000:])
        report = json.loads(text.splitlines()[-1])
        if not os.path.isdir(os.path.dirname(self.saved)):
            os.makedirs(os.path.dirname(self.saved))
        with open(self.saved, 'w') as saved:
            json.dump(report, saved, indent=1)
        print('\n[e2e] lab-connections report: %s' % self.saved)
        return report

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()


def _interrupted(signum, _frame):
    # pytest tears its fixtures down on KeyboardInterrupt, so the lab it started goes down with it.
    raise KeyboardInterrupt('signal %d' % signum)


def lab_session(topology, make_cluster, converge_timeout=90):
    """Generator for a topology's package fixture: yields the deployed, converged Lab (see the module's text).
    ``make_cluster(lab)`` returns the cluster view of the lab's inventory."""
    if shutil.which('bash') is None:
        pytest.skip('the VM lab cannot run on this machine: no bash')
    settings = lab_settings(topology)
    reason = cannot_run_reason(settings)
    if reason:
        pytest.skip('the VM lab cannot run on this machine: %s' % reason)
    lab = Lab(settings)
    started = False
    previous = dict((signum, signal.signal(signum, _interrupted)) for signum in (signal.SIGTERM, signal.SIGHUP))
    try:
        running = lab.running_topology()
        if running and running != topology:
            print('\n[e2e] the lab of topology %s is up: taking it down for %s' % (running, topology))
            lab.script('down.sh', topology=running)
        if not lab.is_up():
            print('\n[e2e] the %s lab is not up: lab/vm/up.sh' % topology)
            started = True   # before up.sh: whatever part of the lab it leaves is taken down below
            print('[e2e] %s lab up in %.0f s' % (topology, lab.script('up.sh')))
        if os.environ.get('LVS_E2E_DEPLOY', '1') != '0':
            print('\n[e2e] deploying the %s cluster: lab/vm/deploy.sh' % topology)
            print('[e2e] deployed in %.0f s' % lab.script('deploy.sh'))
        lab.cluster = make_cluster(lab)
        lab.wait_converged(timeout=converge_timeout)
        yield lab
    finally:
        if started and os.environ.get('LVS_E2E_KEEP_LAB') != '1':
            print('\n[e2e] taking the %s lab down (it was brought up for the tests; LVS_E2E_KEEP_LAB=1 keeps it)'
                  % topology)
            lab.script('down.sh')
        for signum, handler in previous.items():
            signal.signal(signum, handler)
