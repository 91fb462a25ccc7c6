# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""End-to-end tests on the VM lab (lab/vm): the collection deploys the article's cluster on the lab (the
directors are QEMU VMs with a real IPVS kernel, the real servers and the client systemd containers on the
same L2), and these tests watch it work from the client.

The session fixture ``lab`` brings the lab up when it is not running (lab/vm/up.sh), deploys the
cluster (lab/vm/deploy.sh: ``ansible-playbook lvs.cluster.site`` on lab/inventory) and takes the lab
down at the end if it brought it up (``LVS_E2E_KEEP_LAB=1`` keeps it), also when the start or the
deployment fails and when the run is interrupted (SIGINT, SIGTERM, SIGHUP). Every test skips only when
the lab cannot run on this machine at all (not root, no QEMU, no network namespaces); when it could
run but does not come up, the tests error.

Expected values (VIP, priorities, advert_int, weights, health-check timers) come from the lab's
inventory through the collection's own derivation (module_utils/keepalived/inventory.py); VRRP bounds
come from module_utils/keepalived/timing.py. Everything goes over ssh inside the lab's namespace, to
VMs and containers alike.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import shutil
import signal
import subprocess
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAB_DIR = os.path.join(REPO, 'lab', 'vm')
PAGE = re.compile(r'^real server (\S+)$')


def lab_settings():
    """lab.conf's values as bash sees them (with the environment's LVS_LAB_* overrides)."""
    names = ('LVS_LAB_STATE', 'LVS_LAB_NETNS', 'LVS_LAB_INVENTORY_DIR', 'LVS_LAB_CACHE', 'LVS_LAB_HOSTS')
    script = 'LAB_DIR="$1"; . "$1/lab.conf"; printf "%%s\\n" %s' % ' '.join('"$%s"' % name for name in names)
    out = subprocess.run(['bash', '-c', script, 'lab.conf', LAB_DIR], check=True, capture_output=True, text=True,
                         timeout=30).stdout
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
    """The running lab: ssh to its VMs, and the cluster the inventory describes."""

    def __init__(self, settings):
        self.settings = settings
        self.state = settings['LVS_LAB_STATE']
        self.netns = settings['LVS_LAB_NETNS']
        self.inventory_dir = os.path.abspath(settings['LVS_LAB_INVENTORY_DIR'])
        self.ssh_config = os.path.join(self.state, 'ssh_config')
        self.cluster = None

    # -- running things ----------------------------------------------------------------------
    def script(self, name, *args, **kwargs):
        """Runs lab/vm/<name> with its output on the terminal; raises when it fails."""
        t0 = time.time()
        subprocess.run([os.path.join(LAB_DIR, name)] + list(args), check=True, timeout=kwargs.get('timeout', 1800))
        return time.time() - t0

    def ssh(self, host, command, timeout=60, check=True):
        """(exit code, stdout) of ``command`` on ``host``; raises on failure when ``check``."""
        argv = ['ip', 'netns', 'exec', self.netns, 'ssh', '-F', self.ssh_config, host, command]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
        if check and proc.returncode != 0:
            raise AssertionError('%s: %r exited %d: %s%s' % (host, command, proc.returncode, proc.stdout, proc.stderr))
        return proc.returncode, proc.stdout

    def out(self, host, command, timeout=60):
        return self.ssh(host, command, timeout=timeout)[1]

    def popen(self, host, command):
        argv = ['ip', 'netns', 'exec', self.netns, 'ssh', '-F', self.ssh_config, host, command]
        return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def answers_ssh(self, host):
        try:
            return self.ssh(host, 'true', timeout=10, check=False)[0] == 0
        except subprocess.TimeoutExpired:
            return False

    def is_up(self):
        """Whether every configured VM (LVS_LAB_HOSTS) runs and answers ssh."""
        if not os.path.isfile(os.path.join(self.state, 'inventory.ini')):
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
    def load_cluster(self):
        """The lab's cluster as the collection derives it from lab/inventory."""
        from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import inventory
        from ansible_collections.lvs.cluster.plugins.plugin_utils import inventory_vars
        from ansible_collections.lvs.cluster.plugins.plugin_utils.cli import read_inventory
        hostvars, groups = read_inventory([self.inventory_dir])
        variables, groups = inventory_vars.collect(hostvars, groups, 'lvs_directors', 'lvs_realservers')
        clusters, realservers, issues = inventory.build(variables, groups)
        assert len(clusters) == 1, 'the lab inventory should describe one cluster, not %d' % len(clusters)
        assert not [i for i in issues if getattr(i, 'level', '') == 'error'], issues
        self.cluster = Cluster(clusters[0], realservers, groups.get('lvs_clients') or [], variables)
        return self.cluster

    # -- observations ----------------------------------------------------------------------------
    def vip_holders(self, vip=None):
        vip = vip or self.cluster.vip
        holders = []
        for director in self.cluster.directors:
            if re.search(r'inet %s/' % re.escape(vip), self.out(director, 'ip -o -4 addr show')):
                holders.append(director)
        return holders

    def ipvs(self, director):
        """The IPVS table of ``director``: {(proto, vip:port): {'sched': .., 'flags': .., 'reals': {addr:port: (fwd, weight)}}}."""
        table, current = {}, None
        for line in self.out(director, 'ipvsadm -Ln').splitlines():
            fields = line.split()
            if fields and fields[0] in ('TCP', 'UDP', 'FWM'):
                service = dict(sched=fields[2], flags=' '.join(fields[3:]), reals={})
                current = table.setdefault((fields[0], fields[1]), service)
            elif current is not None and fields[:1] == ['->'] and len(fields) >= 4 and fields[1][0].isdigit():
                current['reals'][fields[1]] = (fields[2], int(fields[3]))
        return table

    def reals_in_table(self, director):
        service = self.ipvs(director).get(('TCP', '%s:%d' % (self.cluster.vip, self.cluster.port)))
        return {} if service is None else service['reals']

    def requests(self, count, timeout=2):
        """``count`` requests from the client to http://VIP/, one after the other: [host name or None]."""
        assert 0 < count <= 100
        command = ('for i in $(seq %d); do out=$(curl -s -m %d http://%s:%d/) && echo "OK $out" || echo "FAIL $?"; done'
                   % (count, timeout, self.cluster.vip, self.cluster.port))
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
        """Waits until the deployed state holds: the master has the VIP alone and every real server is in its table."""
        want = set(self.cluster.expected_reals())
        self.wait_for('VIP on %s alone and %s in its IPVS table' % (self.cluster.master, sorted(want)),
                      lambda: (self.vip_holders() == [self.cluster.master]
                               and set(self.reals_in_table(self.cluster.master)) == want), timeout)

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


class Cluster(object):
    """What the inventory says about the lab's cluster (one VRRP instance, one virtual server)."""

    def __init__(self, cluster, realservers, clients, variables):
        first = cluster.directors[0].config
        self.variables = variables
        (self.instance_name, instance), = first['vrrp_instances'].items()
        self.vip = str(instance['virtual_ipaddress'][0]).split('/', maxsplit=1)[0]
        self.interface = instance['interface']
        self.advert_int = float(instance.get('advert_int', 1))
        self.vrrp_version = int(first.get('global_defs', {}).get('vrrp_version', 2))
        self.priorities = dict((d.host, int(d.config['vrrp_instances'][self.instance_name]['priority']))
                               for d in cluster.directors)
        self.directors = [d.host for d in cluster.directors]
        self.master = max(self.directors, key=lambda h: self.priorities[h])
        self.backups = [h for h in self.directors if h != self.master]
        (self.virtual_server,) = first['virtual_servers']
        self.port = int(self.virtual_server['port'])
        self.delay_loop = float(self.virtual_server.get('delay_loop', 60))
        self.real_servers = self.virtual_server['real_servers']
        self.realserver_hosts = dict((str(rs.address), name) for name, rs in realservers.items())
        self.realservers = [self.realserver_hosts[str(r['address'])] for r in self.real_servers]
        self.client = clients[0]
        # the directors' lvs_virtual_servers as plain data (templated), to re-deploy a variant of it
        self.plain_virtual_servers = variables[self.directors[0]]['lvs_virtual_servers']

    def realserver_interface(self, realserver):
        return self.variables.get(realserver, {}).get('lvs_realserver_interface') or None

    def expected_reals(self):
        """{addr:port: ('Route', weight)} as IPVS should list them (DR shows as Route, keepalived's default weight 1)."""
        forward = {'DR': 'Route', 'NAT': 'Masq', 'TUN': 'Tunnel'}[self.virtual_server.get('lvs_method', 'NAT')]
        return dict(('%s:%d' % (r['address'], int(r.get('port', self.port))), (forward, int(r.get('weight', 1))))
                    for r in self.real_servers)

    def address_of(self, realserver):
        for address, name in self.realserver_hosts.items():
            if name == realserver:
                return '%s:%d' % (address, self.port)
        raise KeyError(realserver)

    def check_down_bound(self, realserver):
        """Worst case for keepalived to remove a refusing real server: the next check comes within delay_loop,
        then ``retry`` more checks ``delay_before_retry`` apart (a refused connect costs no connect_timeout)."""
        checker = self.checker(realserver)
        return self.delay_loop + int(checker.get('retry', 1)) * float(checker.get('delay_before_retry', 1))

    def checker(self, realserver):
        address = self.address_of(realserver).split(':', maxsplit=1)[0]
        (real,) = [r for r in self.real_servers if str(r['address']) == address]
        (checker,) = real['checkers']
        return checker


@pytest.fixture(scope='session')
def lab_can_run():
    """Skips when the VM lab cannot run on this machine at all."""
    reason = cannot_run_reason(lab_settings())
    if reason:
        pytest.skip('the VM lab cannot run on this machine: %s' % reason)


def _interrupted(signum, _frame):
    # pytest tears its fixtures down on KeyboardInterrupt, so the lab it started goes down with it.
    raise KeyboardInterrupt('signal %d' % signum)


@pytest.fixture(scope='session')
def lab():
    if shutil.which('bash') is None:
        pytest.skip('the VM lab cannot run on this machine: no bash')
    settings = lab_settings()
    reason = cannot_run_reason(settings)
    if reason:
        pytest.skip('the VM lab cannot run on this machine: %s' % reason)
    lab = Lab(settings)
    started = False
    previous = dict((signum, signal.signal(signum, _interrupted)) for signum in (signal.SIGTERM, signal.SIGHUP))
    try:
        if not lab.is_up():
            print('\n[e2e] the lab is not up: lab/vm/up.sh')
            started = True   # before up.sh: whatever part of the lab it leaves is taken down below
            up = lab.script('up.sh')
            print('[e2e] lab up in %.0f s' % up)
        if os.environ.get('LVS_E2E_DEPLOY', '1') != '0':
            print('\n[e2e] deploying the cluster: lab/vm/deploy.sh')
            print('[e2e] deployed in %.0f s' % lab.script('deploy.sh'))
        lab.load_cluster()
        lab.wait_converged(timeout=60)
        yield lab
    finally:
        if started and os.environ.get('LVS_E2E_KEEP_LAB') != '1':
            print('\n[e2e] taking the lab down (it was brought up for the tests; LVS_E2E_KEEP_LAB=1 keeps it)')
            lab.script('down.sh')
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@pytest.fixture
def cluster(lab):
    """The cluster, in its deployed state at the start of the test (waits for it)."""
    lab.wait_converged(timeout=90)
    return lab.cluster
