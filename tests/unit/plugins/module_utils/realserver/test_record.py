# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The state file: what the module added or changed, read back and written."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.record import (
    dump_record, empty_record, load_record, merge_records)
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.spec import SpecError
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.realserver.simulated_host import STATE_FILE, Host


def test_state_file_problems():
    with pytest.raises(SpecError) as caught:
        load_record('{not json', STATE_FILE)
    assert caught.value.lines[0].startswith("state_file: '%s' is not valid JSON" % STATE_FILE)
    assert 'Fix: restore the file from a backup, or remove it' in caught.value.lines[0]
    with pytest.raises(SpecError) as caught:
        load_record('{"module": "other"}', STATE_FILE)
    assert 'was not written by lvs.cluster.lvs_realserver' in caught.value.lines[0]
    with pytest.raises(SpecError) as caught:
        load_record('{"module": "lvs.cluster.lvs_realserver", "format": 9}', STATE_FILE)
    assert 'has format 9' in caught.value.lines[0]
    with pytest.raises(SpecError) as caught:
        load_record('{"module": "lvs.cluster.lvs_realserver", "format": 1, "addresses": [{"x": 1}]}', STATE_FILE)
    assert 'has an unexpected layout' in caught.value.lines[0]
    assert load_record(None, STATE_FILE) == empty_record()


def test_state_file_round_trip_is_stable():
    host = Host()
    host.run(vips=['10.1.1.166', '2001:db8::166'], interface='eth0')
    text = host.files[STATE_FILE]
    assert dump_record(load_record(text, STATE_FILE)) == text
    record = json.loads(text)
    assert sorted(record) == ['addresses', 'files', 'format', 'kernel_modules_loaded', 'links_brought_up', 'method',
                              'module', 'sysctl_originals', 'unit']


def test_nothing_to_remember_removes_the_file():
    assert dump_record(empty_record()) is None
    record = empty_record()
    record['files'] = ['/etc/sysctl.d/x.conf']
    assert json.loads(dump_record(record))['files'] == ['/etc/sysctl.d/x.conf']


def test_merge_keeps_the_old_entries_and_the_first_originals():
    old, new = empty_record(), empty_record()
    old.update(addresses=[dict(device='lo', address='10.1.1.166')], sysctl_originals={'a': '0', 'b': '1'},
               links_brought_up=['tunl0'], unit='old.service')
    new.update(addresses=[dict(device='lo', address='10.1.1.167')], sysctl_originals={'a': '5'}, files=['/f'])
    merged = merge_records(old, new)
    assert [a['address'] for a in merged['addresses']] == ['10.1.1.167', '10.1.1.166']
    assert merged['sysctl_originals'] == {'a': '5', 'b': '1'}
    assert merged['links_brought_up'] == ['tunl0'] and merged['files'] == ['/f'] and merged['unit'] == 'old.service'
