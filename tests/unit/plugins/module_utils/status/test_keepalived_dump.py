# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Asking a running keepalived for its JSON dump: against two real keepalived 2.2.7 in network namespaces of this
host (tests/unit/live_daemons.py; skipped where keepalived or namespaces are missing), and the process checks that
keep the module from signalling anything but keepalived's own children."""

from __future__ import absolute_import, division, print_function

import json
import os
import signal
import subprocess
import time

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.status import keepalived_dump, keepalived_json
from ansible_collections.lvs.cluster.tests.unit import live_daemons

JSON_SIGNAL = 36  # keepalived --signum=JSON (Debian 12's 2.2.7)


def _read(path):
    with open(path, 'rb') as handle:
        return handle.read()


@pytest.fixture
def pair():
    """Two keepalived, started for each test (ansible-test runs each test in a process of its own, which would
    never stop daemons a wider-scoped fixture started)."""
    why = live_daemons.missing_keepalived()
    if why:
        pytest.skip(why)
    with live_daemons.Pair() as started:
        started.lvs1 = started.keepalived(0, live_daemons.vrrp_pair_config('lvs1', 100, 'Dump9pw'))
        started.lvs2 = started.keepalived(1, live_daemons.vrrp_pair_config('lvs2', 90, 'Dump9pw'))
        live_daemons.wait_for(lambda: all(keepalived_dump.read_pid(p.vrrp_pid_file)
                                          for p in (started.lvs1, started.lvs2)))
        yield started


def test_the_json_dump_of_each_director_is_fresh_complete_and_without_password(pair):
    time.sleep(5)  # past Master_Down_Interval: lvs1 is MASTER
    states = {}
    for host, process in (('lvs1', pair.lvs1), ('lvs2', pair.lvs2)):
        main, vrrp = keepalived_dump.read_pid(process.pid_file), keepalived_dump.read_pid(process.vrrp_pid_file)
        assert main == process.pid and keepalived_dump.child_of(vrrp, main)
        assert keepalived_dump.temp_dir(vrrp) == process.temp_dir  # its TMPDIR, not /tmp
        started = time.time()
        text = keepalived_dump.request(vrrp, JSON_SIGNAL, keepalived_json.FILE, 5)
        assert os.stat(os.path.join(process.temp_dir, keepalived_json.FILE)).st_mtime >= started - 1
        assert 'Dump9pw' in text  # keepalived writes it; the parser drops it
        instances = keepalived_json.parse(text)
        assert 'Dump9pw' not in json.dumps(instances)
        states[host] = instances[0]['state']
    assert states == {'lvs1': 'MASTER', 'lvs2': 'BACKUP'}


def test_a_dump_that_never_comes_times_out(pair):
    vrrp = keepalived_dump.read_pid(pair.lvs1.vrrp_pid_file)
    started = time.monotonic()
    with pytest.raises(keepalived_dump.DumpProblem, match=r'wrote no new .*keepalived.json within 1.0 s'):
        # SIGUSR2 makes the VRRP process write keepalived.stats, never keepalived.json
        keepalived_dump.request(vrrp, signal.SIGUSR2, keepalived_json.FILE, 1.0)
    assert 1.0 <= time.monotonic() - started < 3


def test_only_keepalived_and_its_own_children_count(pair):
    main = keepalived_dump.read_pid(pair.lvs1.pid_file)
    other = keepalived_dump.read_pid(pair.lvs2.pid_file)
    vrrp = keepalived_dump.read_pid(pair.lvs1.vrrp_pid_file)
    assert keepalived_dump.running(main) and keepalived_dump.child_of(vrrp, main)
    assert not keepalived_dump.child_of(vrrp, other)  # lvs2's keepalived is not its parent
    assert not keepalived_dump.running(os.getpid())  # pytest is no keepalived
    assert not keepalived_dump.child_of(None, main) and not keepalived_dump.running(None)


def test_pid_files_and_temporary_directories(tmp_path):
    assert keepalived_dump.read_pid(str(tmp_path / 'missing.pid')) is None
    (tmp_path / 'bad.pid').write_text('not a pid\n')
    assert keepalived_dump.read_pid(str(tmp_path / 'bad.pid')) is None
    (tmp_path / 'good.pid').write_text('1234\n')
    assert keepalived_dump.read_pid(str(tmp_path / 'good.pid')) == 1234
    cases = (({}, '/tmp'), ({'TMPDIR': 'relative'}, '/tmp'), ({'TMPDIR': str(tmp_path)}, str(tmp_path)))
    for environment, expected in cases:
        process = subprocess.Popen(['sleep', '30'], env=dict(environment, PATH=os.environ['PATH']))
        try:
            # until sleep's arguments are in place, /proc/PID/environ is this process's own, or empty
            live_daemons.wait_for(lambda: _read('/proc/%d/cmdline' % process.pid) == b'sleep\x0030\x00', 5, 0.01)
            assert keepalived_dump.temp_dir(process.pid) == expected
        finally:
            process.kill()
            process.wait()
