# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.frr_config, run in-process: FRR's dry run before the file is replaced, check and diff mode,
passwords nowhere in the results."""

from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import stat

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.frr import render, settings
from ansible_collections.lvs.cluster.plugins.modules import frr_config as module

SECRET = 'Bgp9pwXy'
CONFIG = {'asn': 65001, 'router_id': '10.1.1.160', 'peers': [{'address': '10.1.1.1', 'asn': 65000, 'password': SECRET,
                                                              'bfd': True}], 'announce': ['10.1.1.166']}
VTYSH = shutil.which('vtysh')


def args(path, **extra):
    return dict({'config': json.loads(json.dumps(CONFIG)), 'path': str(path)}, **extra)


def fake_vtysh(directory, rc=0, said=''):
    """A vtysh that answers like FRR's dry run: rc, and what it says (with the offending line)."""
    path = directory / 'vtysh'
    path.write_text('#!/bin/sh\necho "%s"\nexit %d\n' % (said, rc))
    path.chmod(0o755)
    return str(path)


def test_first_write_is_the_rendered_file_0640_with_bfd_reported(tmp_path, run):
    target = tmp_path / 'frr.conf'
    result = run(module, args(target, vtysh_binary=fake_vtysh(tmp_path)))
    assert result['changed'] and result['bfd'] is True and result['validation']['outcome'] == 'passed'
    assert target.read_text() == render.render(settings.check(CONFIG))
    assert stat.S_IMODE(os.stat(str(target)).st_mode) == 0o640
    assert run(module, args(target, vtysh_binary=fake_vtysh(tmp_path)))['changed'] is False


def test_a_refused_file_keeps_the_working_one_and_masks_what_frr_said(tmp_path, run):
    target = tmp_path / 'frr.conf'
    target.write_text('! the working file\n')
    vtysh = fake_vtysh(tmp_path, rc=2, said='line 9: %% Unknown command: neighbor 10.1.1.1 password %s' % SECRET)
    result = run(module, args(target, vtysh_binary=vtysh))
    assert result['failed'] and 'is unchanged' in result['msg'] and result['validation']['outcome'] == 'failed'
    assert target.read_text() == '! the working file\n'
    assert SECRET not in result.raw and 'Unknown command' in result['msg']


def test_check_mode_runs_the_dry_run_and_writes_nothing(tmp_path, run):
    target = tmp_path / 'frr.conf'
    result = run(module, args(target, vtysh_binary=fake_vtysh(tmp_path)), check_mode=True, diff=True)
    assert result['changed'] and result['validation']['outcome'] == 'passed' and not target.exists()
    assert 'neighbor 10.1.1.1 password ********' in result['diff']['after']
    assert SECRET not in result.raw


def test_the_old_password_is_masked_in_the_diff_too(tmp_path, run):
    target = tmp_path / 'frr.conf'
    target.write_text(' neighbor 10.1.1.1 password Old7pass\n')
    result = run(module, args(target, validate=False), diff=True)
    assert 'Old7pass' not in result.raw and 'password ********' in result['diff']['before']


def test_bad_settings_fail_before_anything_is_touched(tmp_path, run):
    target = tmp_path / 'frr.conf'
    bad = args(target)
    bad['config']['peers'][0]['asn'] = 'AS65000'
    result = run(module, bad)
    assert result['failed'] and '[LVS102]' in result['msg'] and 'peer #1 asn' in result['msg'] and not target.exists()
    assert SECRET not in result.raw


def test_a_missing_vtysh_warns_and_writes(tmp_path, run):
    target = tmp_path / 'frr.conf'
    result = run(module, args(target, vtysh_binary='no-such-vtysh'))
    assert result['changed'] and result['validation']['outcome'] == 'not_checked' and target.exists()
    assert 'no-such-vtysh' in json.dumps(result.get('warnings'))


def test_the_real_frr_accepts_the_file(tmp_path, run):
    if VTYSH is None:
        pytest.skip('FRR (vtysh) is not installed')
    result = run(module, args(tmp_path / 'frr.conf'))
    assert result['validation']['outcome'] == 'passed', result
