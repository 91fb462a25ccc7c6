# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.operation_switch: a drain or maintenance file turned on (1, root's 0644) or off (absent), idempotent,
with check and diff mode, and a clear failure where the director has no switch directory."""

from __future__ import absolute_import, division, print_function

import os
import stat

from ansible_collections.lvs.cluster.plugins.modules import operation_switch as module


def test_on_writes_1_with_mode_0644_and_a_second_run_changes_nothing(tmp_path, run):
    path = tmp_path / '10.1.1.163'
    result = run(module, dict(path=str(path), state='on'))
    assert result['changed'] and result['switch'] == 'on', result
    assert path.read_text() == '1\n' and stat.S_IMODE(path.stat().st_mode) == 0o644
    assert not run(module, dict(path=str(path), state='on'))['changed']


def test_off_removes_the_file_and_a_second_run_changes_nothing(tmp_path, run):
    path = tmp_path / 'maintenance'
    path.write_text('1\n')
    assert run(module, dict(path=str(path), state='off'))['changed']
    assert not path.exists()
    assert not run(module, dict(path=str(path), state='off'))['changed']


def test_check_mode_with_diff_says_what_would_change_and_writes_nothing(tmp_path, run):
    path = tmp_path / 'maintenance'
    result = run(module, dict(path=str(path), state='on'), check_mode=True, diff=True)
    assert result['changed'] and not path.exists(), result
    assert result['diff']['before'] == '' and result['diff']['after'] == '1\n'
    assert result['diff']['after_header'] == str(path)


def test_a_director_without_the_switch_directory_fails_naming_the_path_and_the_fix(tmp_path, run):
    path = os.path.join(str(tmp_path), 'drain', '10.1.1.163')
    result = run(module, dict(path=path, state='on'))
    assert result['failed'] and path in result['msg'] and 'lvs_operation_switches' in result['msg'], result
