# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The host file IO the modules share: reading the current file, writing it atomically, removing it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.module_support import read_current, remove_file, write_file


class Failed(Exception):
    pass


class StubModule(object):
    """What the helpers use of an AnsibleModule; fail_json raises, as exit does in a real module."""

    def fail_json(self, **result):
        raise Failed(result['msg'])

    def selinux_enabled(self):
        return False


def mode(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


def test_read_current_is_none_for_a_missing_file(tmp_path):
    assert read_current(StubModule(), str(tmp_path / 'missing.conf')) is None
    (tmp_path / 'there.conf').write_bytes(b'a\xffb\n')
    assert read_current(StubModule(), str(tmp_path / 'there.conf')) == 'a\ufffdb\n'


def test_read_current_fails_on_what_cannot_be_read(tmp_path):
    with pytest.raises(Failed, match='Cannot read %s' % tmp_path):
        read_current(StubModule(), str(tmp_path))  # a directory


def test_write_file_replaces_with_the_mode(tmp_path):
    path = tmp_path / 'keepalived.conf'
    path.write_text('old\n')
    write_file(StubModule(), str(path), 'new\n', 0o640)
    assert path.read_text() == 'new\n' and mode(path) == 0o640
    assert os.listdir(str(tmp_path)) == ['keepalived.conf']  # no temporary file left


def test_write_file_into_a_missing_directory_names_the_program(tmp_path):
    path = tmp_path / 'frr' / 'frr.conf'
    with pytest.raises(Failed, match=r'The directory .*/frr of .*frr.conf does not exist \(is FRR installed\?\)'):
        write_file(StubModule(), str(path), 'x\n', 0o640, what='FRR')
    assert not path.parent.exists()


def test_write_file_creates_its_own_directory_with_directory_mode(tmp_path):
    path = tmp_path / 'var' / 'lib' / 'lvs-cluster' / 'realserver.json'
    write_file(StubModule(), str(path), '{}\n', 0o600, directory_mode=0o700)
    assert path.read_text() == '{}\n' and mode(path) == 0o600 and mode(path.parent) == 0o700


def test_remove_file_accepts_a_file_that_is_gone(tmp_path):
    path = tmp_path / 'x.conf'
    path.write_text('x')
    remove_file(StubModule(), str(path))
    assert not path.exists()
    remove_file(StubModule(), str(path))


def test_remove_file_fails_when_it_stays(tmp_path):
    with pytest.raises(Failed, match='Cannot remove %s' % tmp_path):
        remove_file(StubModule(), str(tmp_path))  # a directory: unlink refuses and it is still there
