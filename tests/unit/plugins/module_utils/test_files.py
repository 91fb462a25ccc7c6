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
