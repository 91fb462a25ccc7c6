# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers to run lvs.cluster's modules in-process and to find a real keepalived."""

from __future__ import absolute_import, division, print_function

import contextlib
import json
import os
import shutil

import pytest

from ansible.module_utils import basic

try:  # ansible-core 2.19+
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # older ansible-core: the classic set_module_args pattern
    from ansible.module_utils.common.text.converters import to_bytes

    @contextlib.contextmanager
    def patch_module_args(args=None):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args or {}}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


def _clear_messages():
    """Warnings and deprecations are module-global in ansible-core; keep tests independent."""
    from ansible.module_utils.common import warnings as common_warnings
    for name in ('_global_warnings', '_global_deprecations'):
        store = getattr(common_warnings, name, None)
        if store is not None:
            store.clear()


class Result(dict):
    """The module's result as parsed JSON, plus the raw text it printed (``raw``)."""

    raw = ''

    @property
    def warning_text(self):
        return json.dumps(self.get('warnings', []))


def run_module(module, args, capsys, check_mode=False, diff=False):
    _clear_messages()
    args = dict(args)
    args['_ansible_check_mode'] = check_mode
    args['_ansible_diff'] = diff
    capsys.readouterr()
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    out = capsys.readouterr().out
    result = Result(json.loads(out))
    result.raw = out
    return result


@pytest.fixture
def run(capsys):
    def runner(module, args, check_mode=False, diff=False):
        return run_module(module, args, capsys, check_mode=check_mode, diff=diff)
    return runner


def keepalived_binary():
    """The real keepalived, or None. With CI set, a missing keepalived is a failure, not a skip."""
    found = shutil.which('keepalived') or shutil.which('keepalived', path='/usr/sbin:/sbin:/usr/local/sbin')
    if found is None and os.environ.get('CI'):
        pytest.fail('CI is set but keepalived is not installed: install Debian\'s keepalived package '
                    '(the validation tests need the real keepalived -t)')
    return found


def host_interface():
    """A non-loopback interface of this host: VRRP refuses lo in keepalived -t."""
    try:
        names = sorted(os.listdir('/sys/class/net'))
    except OSError:
        return None
    candidates = [name for name in names if name != 'lo' and os.path.isdir(os.path.join('/sys/class/net', name))]
    for preferred in ('eth0', 'ens3', 'enp0s3'):
        if preferred in candidates:
            return preferred
    return candidates[0] if candidates else None


@pytest.fixture
def real_keepalived():
    binary = keepalived_binary()
    if binary is None:
        pytest.skip('keepalived is not installed (Debian: apt-get install keepalived); CI is not set')
    interface = host_interface()
    if interface is None:
        pytest.skip('this host has no network interface besides lo, and keepalived -t refuses lo for VRRP')
    return binary, interface


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Point tempfile at a directory of the test, to prove the module leaves nothing there."""
    import tempfile
    directory = tmp_path / 'private-tmp'
    directory.mkdir()
    monkeypatch.setattr(tempfile, 'tempdir', str(directory))
    return directory
