# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils/sysctl.py: kernel settings through a /proc/sys of the test's own."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils import sysctl


def test_a_dot_inside_an_interface_name_is_written_as_a_slash_in_the_key():
    assert sysctl.proc_path('net.ipv4.conf.eth0/100.arp_ignore') == 'net/ipv4/conf/eth0.100/arp_ignore'
    assert sysctl.proc_path('net.ipv4.vs.conn_reuse_mode') == 'net/ipv4/vs/conn_reuse_mode'


def test_write_then_read(tmp_path):
    (tmp_path / 'net' / 'ipv4' / 'vs').mkdir(parents=True)
    (tmp_path / 'net' / 'ipv4' / 'vs' / 'conn_reuse_mode').write_text('1\n')
    sysctl.write('net.ipv4.vs.conn_reuse_mode', 3, str(tmp_path))
    assert (tmp_path / 'net' / 'ipv4' / 'vs' / 'conn_reuse_mode').read_text() == '3\n'
    assert sysctl.read('net.ipv4.vs.conn_reuse_mode', str(tmp_path)) == '3'


def test_a_missing_setting_reads_as_none_and_cannot_be_written(tmp_path):
    assert sysctl.read('net.ipv4.vs.sloppy_tcp', str(tmp_path)) is None
    with pytest.raises(OSError):
        sysctl.write('net.ipv4.vs.sloppy_tcp', 1, str(tmp_path))
