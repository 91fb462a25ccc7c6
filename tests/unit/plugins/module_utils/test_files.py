# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils/files.py: a file replaced whole, with its mode, and nothing left behind when that fails."""

from __future__ import absolute_import, division, print_function

import os
import stat

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils import files


def test_a_file_is_replaced_whole_with_its_mode(tmp_path):
    path = tmp_path / 'keepalived.conf'
    path.write_text('old\n')
    os.chmod(str(path), 0o600)
    inode = path.stat().st_ino
    files.write_atomically(str(path), u'new \u00e9\n', 0o644)
    assert path.read_text(encoding='utf-8') == u'new \u00e9\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.stat().st_ino != inode  # renamed over it: a reader saw the old file or the new one
    assert sorted(os.listdir(str(tmp_path))) == ['keepalived.conf']


def test_a_failed_write_leaves_no_temporary_file_and_the_old_content(tmp_path, monkeypatch):
    path = tmp_path / 'keepalived.conf'
    path.write_text('old\n')

    def refuse(*_args):
        raise OSError(28, 'No space left on device')
    monkeypatch.setattr(os, 'fsync', refuse)
    with pytest.raises(OSError, match='No space'):
        files.write_atomically(str(path), 'new\n', 0o644)
    assert path.read_text() == 'old\n' and sorted(os.listdir(str(tmp_path))) == ['keepalived.conf']


def test_a_missing_directory_is_an_error(tmp_path):
    with pytest.raises(OSError):
        files.write_atomically(str(tmp_path / 'absent' / 'file'), 'x', 0o644)


def test_read_text_gives_none_for_a_missing_file_and_replaces_undecodable_bytes(tmp_path):
    assert files.read_text(str(tmp_path / 'absent')) is None
    path = tmp_path / 'latin1'
    path.write_bytes(b'caf\xe9\n')
    assert files.read_text(str(path)) == u'caf\ufffd\n'


@pytest.mark.parametrize('before', [None, '1\n', '0\n', ''])
@pytest.mark.parametrize('on', [True, False])
def test_a_switch_ends_on_as_1_or_off_as_absent_and_says_whether_it_changed(tmp_path, before, on):
    path = tmp_path / 'drain'
    if before is not None:
        path.write_text(before)
    changed, diff = files.set_switch(str(path), on)
    assert (path.read_text() if path.exists() else None) == ('1\n' if on else None)
    expected = before != ('1\n' if on else None)
    assert changed == expected and (diff is not None) == expected
    if diff:
        assert diff['before'] == (before or '') and diff['after'] == ('1\n' if on else '')
    assert files.set_switch(str(path), on) == (False, None)  # a second run changes nothing


@pytest.mark.parametrize('on', [True, False])
def test_a_switch_in_check_mode_says_what_would_change_and_writes_nothing(tmp_path, on):
    path = tmp_path / 'maintenance'
    if not on:
        path.write_text('1\n')
    changed, diff = files.set_switch(str(path), on, check_mode=True)
    assert changed and diff['after'] == ('1\n' if on else '')
    assert path.exists() != on  # untouched


def test_a_switch_whose_directory_is_missing_raises(tmp_path):
    with pytest.raises(OSError):
        files.set_switch(str(tmp_path / 'drain' / '10.1.1.163'), True)
