# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the lab's traffic tools (lab-httpd, lab-connections): real processes on 127.0.0.1 only.

Every process a test starts is stopped (SIGKILL if it has to) and reaped when the test ends.
"""

from __future__ import absolute_import, division, print_function

import importlib.machinery
import importlib.util
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest

CHECKOUT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
ROOTFS = os.path.join(CHECKOUT, 'lab', 'container', 'rootfs')
HTTPD = os.path.join(ROOTFS, 'usr', 'local', 'sbin', 'lab-httpd')
CONNECTIONS = os.path.join(ROOTFS, 'usr', 'local', 'bin', 'lab-connections')
LOOPBACK = '127.0.0.1'
PAGE = b'real server rs-test\n'


class Proc(object):
    """A child process whose stdout and stderr lines are collected by threads as they come."""

    def __init__(self, argv, stdin=False):
        self.argv = argv
        self.popen = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines = {'stdout': queue.Queue(), 'stderr': queue.Queue()}
        self.seen = {'stdout': [], 'stderr': []}
        self.threads = [threading.Thread(target=self._collect, args=(name, getattr(self.popen, name)), daemon=True)
                        for name in ('stdout', 'stderr')]
        for thread in self.threads:
            thread.start()

    def _collect(self, name, pipe):
        for line in iter(pipe.readline, b''):
            self.lines[name].put(line.decode('utf-8', 'replace').rstrip('\n'))
        self.lines[name].put(None)

    def next_line(self, name, timeout):
        """The next line of ``name`` (stdout or stderr) within ``timeout`` seconds; None at its end."""
        try:
            line = self.lines[name].get(timeout=timeout)
        except queue.Empty:
            raise AssertionError('no line on %s of %s within %s s; so far: %r' % (name, self.argv, timeout, self.seen))
        if line is not None:
            self.seen[name].append(line)
        return line

    def rest(self, name, timeout):
        """The remaining lines of ``name`` up to its end (the process must end within ``timeout``)."""
        deadline = time.monotonic() + timeout
        out = []
        while True:
            line = self.next_line(name, max(0.1, deadline - time.monotonic()))
            if line is None:
                return out
            out.append(line)

    def write(self, text):
        """Writes to the process's stdin."""
        self.popen.stdin.write(text.encode())
        self.popen.stdin.flush()

    def signal(self, signum):
        """Sends a signal."""
        self.popen.send_signal(signum)

    def wait(self, timeout):
        """The exit status, within ``timeout`` seconds."""
        return self.popen.wait(timeout=timeout)

    def kill(self):
        """Ends the process for good and reaps it."""
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait(timeout=10)
        for thread in self.threads:
            thread.join(timeout=5)  # the pipes end with the process
        for pipe in (self.popen.stdin, self.popen.stdout, self.popen.stderr):
            if pipe is not None:
                pipe.close()


class Httpd(Proc):
    """lab-httpd on 127.0.0.1 (or ``bind``, a loopback address), serving ``root``."""

    def __init__(self, root, port=0, extra=(), bind=LOOPBACK):
        super(Httpd, self).__init__([sys.executable, HTTPD, '--bind', bind, '--port', str(port), '--root', root]
                                    + list(extra))
        self.started = self.next_line('stderr', 20)
        assert self.started and ' serving ' in self.started, self.started
        self.port = int(self.started.rsplit(' ', 1)[1])
        self.listening_at = time.time()

    def stop(self, timeout=30):
        """SIGTERM; returns (exit status, what it wrote on stderr after its start line). The timeout is generous for
        a loaded machine; a server that waited for its connections' idle timeout would exceed it."""
        self.signal(signal.SIGTERM)
        status = self.wait(timeout)
        return status, self.rest('stderr', 5)


class Connections(Proc):
    """lab-connections against 127.0.0.1:``port``, stdin a pipe."""

    def __init__(self, port, *options):
        super(Connections, self).__init__([sys.executable, CONNECTIONS, LOOPBACK, str(port)] + [str(o) for o in options],
                                          stdin=True)

    def ready(self, timeout=20):
        """The READY line: (connections, unix time)."""
        line = self.next_line('stdout', timeout)
        assert line is not None and line.startswith('READY '), line
        word, count, when = line.split(' ')
        assert word == 'READY'
        return int(count), float(when)

    def report(self, timeout):
        """Waits for the end; the JSON report (the one line left on stdout)."""
        lines = self.rest('stdout', timeout)
        status = self.wait(10)
        assert status == 0, 'exit status %s, stdout %r, stderr:\n%s' % (status, lines, '\n'.join(self.rest('stderr', 5)))
        assert len(lines) == 1, lines
        return json.loads(lines[0])


@pytest.fixture
def lab_httpd():
    """lab-httpd imported as a module (its file has no .py suffix), to reach its classes."""
    loader = importlib.machinery.SourceFileLoader('lab_httpd', HTTPD)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader('lab_httpd', loader))
    loader.exec_module(module)
    return module


@pytest.fixture
def page():
    """The index.html of web_root: what lab-connections reads as server "rs-test"."""
    return PAGE


@pytest.fixture
def web_root(tmp_path):
    """A document root: index.html naming the server, a sub-directory, a second file; next to it (outside
    the root) secret.txt."""
    root = tmp_path / 'www'
    root.mkdir()
    (root / 'index.html').write_bytes(PAGE)
    (root / 'sub').mkdir()
    (root / 'sub' / 'index.html').write_bytes(b'sub page\n')
    (root / 'data.txt').write_bytes(b'x' * 10000)
    (tmp_path / 'secret.txt').write_bytes(b'outside the root\n')
    return str(root)


@pytest.fixture
def processes():
    """A list the test appends its Proc objects to; all of them are killed and reaped afterwards."""
    started = []
    yield started
    for proc in started:
        proc.kill()


@pytest.fixture
def httpd(web_root, processes):
    """Starts lab-httpd on 127.0.0.1 (port 0: a free one): ``httpd(port=0, extra=(), bind=LOOPBACK)`` -> Httpd."""
    def start(port=0, extra=(), bind=LOOPBACK):
        server = Httpd(web_root, port, extra, bind)
        processes.append(server)
        return server
    return start


@pytest.fixture
def connections(processes):
    """Starts lab-connections: ``connections(port, *options)`` -> Connections."""
    def start(port, *options):
        client = Connections(port, *options)
        processes.append(client)
        return client
    return start
