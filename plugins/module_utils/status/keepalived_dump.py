# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Asking a running keepalived for one of its dumps, and reading it.

keepalived writes its state only when signalled: the VRRP process writes ``keepalived.json`` on the JSON signal
(``keepalived --signum=JSON``: 36 on Debian 12's 2.2.7), the checker process ``keepalived_check.data`` on SIGUSR1
(``--signum=DATA``). The files go to keepalived's temporary directory: $TMPDIR of the process when it is absolute,
else /tmp (lib/utils.c, set_tmp_dir), seen through /proc/PID/root, so that a private /tmp works too. keepalived
creates each file afresh (a temporary name renamed over the old file) and then writes it: a dump is complete once
the file is a new one and the process no longer holds it open.

Only a process that is a live child of the keepalived named by the main pid file is ever signalled.
"""

from __future__ import absolute_import, division, print_function

import os
import time

DEFAULT_TMP = '/tmp'
POLL_SECONDS = 0.05


class DumpProblem(Exception):
    pass


def read_pid(path):
    """The pid in a pid file, or None when the file is missing or holds no number."""
    try:
        with open(path) as handle:
            return int(handle.read().split()[0])
    except (IOError, OSError, ValueError, IndexError):
        return None


def _stat(pid):
    """(state, parent pid, command name) of a process from /proc/PID/stat, or None when there is none."""
    try:
        with open('/proc/%d/stat' % pid) as handle:
            text = handle.read()
    except (IOError, OSError):
        return None
    name, _paren, rest = text.partition('(')[2].rpartition(')')
    fields = rest.split()
    return (fields[0], int(fields[1]), name) if len(fields) > 1 else None


def running(pid):
    """Whether ``pid`` is a live process (not a zombie) named keepalived."""
    found = _stat(pid) if pid else None
    return found is not None and found[0] not in ('Z', 'X') and found[2] == 'keepalived'


def child_of(pid, parent):
    """Whether ``pid`` is a live keepalived whose parent is ``parent``."""
    found = _stat(pid) if pid else None
    return running(pid) and found[1] == parent


def temp_dir(pid):
    """keepalived's temporary directory as the process sees it."""
    try:
        with open('/proc/%d/environ' % pid, 'rb') as handle:
            variables = handle.read().split(b'\0')
    except (IOError, OSError):
        return DEFAULT_TMP
    for variable in variables:
        if variable.startswith(b'TMPDIR='):
            value = variable[len(b'TMPDIR='):].decode('utf-8', 'replace')
            return value if value.startswith('/') else DEFAULT_TMP
    return DEFAULT_TMP


def _identity(path):
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns


def _holds(pid, target):
    """Whether process ``pid`` has ``target`` (a path as the process sees it) open. The name alone decides when
    the process's /tmp is another mount namespace's (PrivateTmp), where the kernel shows a path of its own."""
    directory = '/proc/%d/fd' % pid
    try:
        descriptors = os.listdir(directory)
    except OSError:
        return False
    for descriptor in descriptors:
        try:
            link = os.readlink(os.path.join(directory, descriptor))
        except OSError:
            continue
        if link == target or link.endswith('/' + os.path.basename(target)):
            return True
    return False


def request(pid, signum, name, timeout, directory=None):
    """Signal ``pid`` with ``signum`` and return the text of the dump file ``name`` it writes in its temporary
    directory (``directory``, default: the process's own); DumpProblem when no new complete file appears within
    ``timeout`` seconds."""
    directory = directory or temp_dir(pid)
    target = os.path.join(directory, name)
    path = '/proc/%d/root%s' % (pid, target)
    before = _identity(path)
    try:
        os.kill(pid, signum)
    except OSError as problem:
        raise DumpProblem('cannot signal keepalived (pid %d): %s' % (pid, problem))
    deadline = time.monotonic() + timeout
    while True:
        now = _identity(path)
        if now is not None and now != before and not _holds(pid, target):
            try:
                with open(path, 'rb') as handle:
                    return handle.read().decode('utf-8', 'replace')
            except (IOError, OSError) as problem:
                raise DumpProblem('cannot read %s: %s' % (target, problem))
        if time.monotonic() > deadline:
            raise DumpProblem('keepalived (pid %d) wrote no new %s within %.1f s of signal %d' % (
                pid, target, timeout, signum))
        time.sleep(POLL_SECONDS)
