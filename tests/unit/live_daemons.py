# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Real keepalived and FRR daemons in network namespaces this host creates for a test, and nothing else.

Two namespaces are joined by a veth pair whose ends are both called eth0 (an inventory's ``interface: eth0`` fits
both directors); every address lives on that pair, so VRRP adverts, gratuitous ARPs and BGP stay inside. keepalived
runs VRRP only (this host's kernel has no IPVS, so its checker process could not start). Each daemon is this
test's own child: it is stopped by its process, never by name, and the namespaces are deleted afterwards, also when
the test fails. A test asks ``missing_keepalived()`` / ``missing_frr()`` first and skips with the reason given.
"""

from __future__ import absolute_import, division, print_function

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

KEEPALIVED = '/usr/sbin/keepalived'
FRR_DAEMONS = '/usr/lib/frr'
SYSTEM_PYTHON = '/usr/bin/python3'


VRRP_PAIR = '''global_defs {
    router_id %s
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority %d
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass %s
    }
    virtual_ipaddress {
        10.9.1.166/32
    }
}
'''


def vrrp_pair_config(router_id, priority, password):
    """A keepalived.conf for one of the two directors of a Pair: VI_1 on eth0, VIP 10.9.1.166."""
    return VRRP_PAIR % (router_id, priority, password)


def _root_and_ip():
    if os.geteuid() != 0 or shutil.which('ip') is None:
        return 'network namespaces need root and iproute2'
    return None


def missing_keepalived():
    return _root_and_ip() or (None if os.access(KEEPALIVED, os.X_OK) else
                              'keepalived is not installed (Debian: apt-get install keepalived)')


def missing_frr():
    return _root_and_ip() or (None if all(os.access(os.path.join(FRR_DAEMONS, name), os.X_OK)
                                          for name in ('zebra', 'bgpd')) and shutil.which('vtysh')
                              else 'FRR is not installed (Debian: apt-get install frr)')


def run(*command):
    return subprocess.run(list(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                          check=True).stdout


def wait_for(condition, timeout=15.0, every=0.2):
    """The first true value of condition() within timeout seconds, else the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


class Pair(object):
    """Two network namespaces joined by eth0 <-> eth0, with ``addresses`` (one CIDR each) on the two ends; a work
    directory FRR's user can enter; the daemons started in them, stopped on exit."""

    def __init__(self, addresses=('10.9.1.1/24', '10.9.1.2/24')):
        tag = uuid.uuid4().hex[:8]
        self.namespaces = ('lvsst-a-' + tag, 'lvsst-b-' + tag)
        self.addresses = addresses
        self.workdir = None
        self.processes = []

    def __enter__(self):
        self.workdir = tempfile.mkdtemp(prefix='lvs-status-test-')
        os.chmod(self.workdir, 0o755)
        first, second = self.namespaces
        try:
            for namespace in self.namespaces:
                run('ip', 'netns', 'add', namespace)
            run('ip', 'link', 'add', 'eth0', 'netns', first, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', second)
            for namespace, address in zip(self.namespaces, self.addresses):
                run('ip', '-n', namespace, 'addr', 'add', address, 'dev', 'eth0')
                run('ip', '-n', namespace, 'link', 'set', 'lo', 'up')
                run('ip', '-n', namespace, 'link', 'set', 'eth0', 'up')
        except Exception:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            stop(process)
        for namespace in self.namespaces:
            subprocess.run(['ip', 'netns', 'del', namespace], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=False)
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return False

    def path(self, *parts):
        return os.path.join(self.workdir, *parts)

    def in_namespace(self, index, *command):
        return ['ip', 'netns', 'exec', self.namespaces[index]] + list(command)

    def private_run(self, index):
        """A directory mounted over /run for the commands ``wrapped`` runs in namespace ``index``: keepalived
        writes its pid files at Debian's default paths there, where lvs.cluster.director_status looks for them."""
        directory = self.path('run-%d' % index)
        if not os.path.isdir(directory):
            os.makedirs(directory)
        return directory

    def wrapped(self, index, *command):
        """``command`` in namespace ``index``, in a private mount namespace whose /run is private_run(index)."""
        script = 'mount --bind "$0" /run && exec "$@"'
        return self.in_namespace(index, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script,
                                 self.private_run(index)) + list(command)

    def python(self, index):
        """A Python for Ansible's ansible_python_interpreter that runs in namespace ``index`` with its private
        /run: modules see the namespace's addresses and keepalived's pid files where Debian puts them."""
        path = self.path('python-%d' % index)
        with open(path, 'w') as handle:
            words = ["'%s'" % word for word in self.wrapped(index, SYSTEM_PYTHON)]
            handle.write('#!/bin/sh\nexec %s "$@"\n' % ' '.join(words))
        os.chmod(path, 0o755)
        return path

    def keepalived(self, index, config, private_run=False):
        """keepalived (VRRP only, not forking) in namespace ``index`` with ``config`` (text) and its own TMPDIR
        (returned as .temp_dir); pid files in the work directory, or at Debian's paths under private_run()."""
        name = 'keepalived-%d' % index
        conf = self.path(name + '.conf')
        with open(conf, 'w') as handle:
            handle.write(config)
        temp_dir = self.path(name + '-tmp')
        if not os.path.isdir(temp_dir):  # a restarted keepalived keeps its directory
            os.makedirs(temp_dir)
        command = ['env', 'TMPDIR=' + temp_dir, KEEPALIVED, '--vrrp', '--dont-fork', '--log-console', '--log-detail',
                   '--no-syslog', '-f', conf]
        if private_run:
            command = self.wrapped(index, *command)
        else:
            command = self.in_namespace(index, *(command + ['-p', self.path(name + '.pid'),
                                                            '-r', self.path(name + '-vrrp.pid')]))
        log = open(self.path(name + '.log'), 'a')
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        process.temp_dir = temp_dir
        process.pid_file = os.path.join(self.private_run(index), 'keepalived.pid') if private_run \
            else self.path(name + '.pid')
        process.vrrp_pid_file = os.path.join(self.private_run(index), 'vrrp.pid') if private_run \
            else self.path(name + '-vrrp.pid')
        self.processes.append(process)
        return process

    def frr(self, index, config):
        """zebra and bgpd in namespace ``index`` with ``config``; returns the vty socket directory for vtysh."""
        directory = self.path('frr-%d' % index)
        os.makedirs(directory)
        with open(os.path.join(directory, 'frr.conf'), 'w') as handle:
            handle.write(config)
        shutil.chown(directory, 'frr', 'frr')
        for daemon in ('zebra', 'bgpd'):
            # not -d: the daemon stays this test's child, stopped by its process
            process = subprocess.Popen(self.in_namespace(index, os.path.join(FRR_DAEMONS, daemon), '-f',
                                                         os.path.join(directory, 'frr.conf'), '-i',
                                                         os.path.join(directory, daemon + '.pid'), '-z',
                                                         os.path.join(directory, 'zserv.api'), '--vty_socket',
                                                         directory),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.processes.append(process)
            if daemon == 'zebra':
                wait_for(lambda: os.path.exists(os.path.join(directory, 'zserv.api')), timeout=10)
        return directory

    def vtysh(self, socket_dir, command):
        return subprocess.run(['vtysh', '--vty_socket', socket_dir, '-c', command], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, check=False)


def stop(process, timeout=10):
    """Stop one daemon this test started, by its process: SIGTERM, then SIGKILL."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
