# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""keepalived's JSON dump, from real dumps of keepalived 2.2.7 (fixtures/live/keepalived-json, captured by
capture_fixtures.py): states, priorities, VIPs, last transition, and never the password keepalived writes there."""

from __future__ import absolute_import, division, print_function

import json

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.status import keepalived_json

SCENARIOS = ('healthy', 'split-brain', 'fault', 'lowered')


def by_name(fixture_text, scenario, host):
    return dict((i['name'], i) for i in keepalived_json.parse(
        fixture_text('live/keepalived-json/%s-%s.json' % (scenario, host))))


def test_a_healthy_pair_each_master_of_one_instance(fixture_text):
    lvs1, lvs2 = by_name(fixture_text, 'healthy', 'lvs1'), by_name(fixture_text, 'healthy', 'lvs2')
    assert [(i['state'], i['vrid'], i['base_priority'], i['effective_priority']) for i in (lvs1['VI_1'], lvs1['VI_2'])] \
        == [('MASTER', 51, 100, 100), ('BACKUP', 52, 90, 90)]
    assert [(i['state'], i['base_priority']) for i in (lvs2['VI_1'], lvs2['VI_2'])] == [('BACKUP', 90), ('MASTER', 100)]
    assert lvs1['VI_1']['vips'] == ['10.9.1.166'] and lvs1['VI_1']['vips_set'] is True
    assert lvs2['VI_2']['vips'] == ['10.9.1.167', '10.9.1.168'] and lvs1['VI_2']['vips_set'] is False
    assert lvs1['VI_2']['master_priority'] == 100  # what the BACKUP heard from lvs2
    assert lvs1['VI_1']['interface'] == 'eth0' and lvs1['VI_1']['nopreempt'] is False


def test_split_brain_two_masters_of_one_instance_with_different_router_ids(fixture_text):
    lvs1, lvs2 = by_name(fixture_text, 'split-brain', 'lvs1'), by_name(fixture_text, 'split-brain', 'lvs2')
    assert (lvs1['VI_1']['state'], lvs2['VI_1']['state']) == ('MASTER', 'MASTER')
    assert (lvs1['VI_1']['vrid'], lvs2['VI_1']['vrid']) == (51, 61)
    assert lvs1['VI_1']['vips_set'] and lvs2['VI_1']['vips_set']


def test_fault_and_a_lowered_effective_priority(fixture_text):
    assert set(i['state'] for i in by_name(fixture_text, 'fault', 'lvs2').values()) == set(['FAULT'])
    lowered = by_name(fixture_text, 'lowered', 'lvs1')['VI_1']
    assert (lowered['state'], lowered['base_priority'], lowered['effective_priority']) == ('BACKUP', 100, 40)
    assert by_name(fixture_text, 'lowered', 'lvs2')['VI_1']['state'] == 'MASTER'


def test_last_transition_and_counters(fixture_text):
    instance = by_name(fixture_text, 'healthy', 'lvs1')['VI_1']
    assert isinstance(instance['last_transition'], float) and instance['last_transition'] > 1.6e9
    assert instance['stats']['become_master'] == 1 and instance['stats']['advert_sent'] > 0
    assert instance['advert_int'] == 1


@pytest.mark.parametrize('scenario', SCENARIOS)
@pytest.mark.parametrize('host', ('lvs1', 'lvs2'))
def test_the_password_keepalived_writes_never_comes_out(fixture_text, scenario, host):
    text = fixture_text('live/keepalived-json/%s-%s.json' % (scenario, host))
    assert '"auth_data":"S3cretPw"' in text  # keepalived 2.2.7 does write it
    parsed = json.dumps(keepalived_json.parse(text))
    assert 'S3cretPw' not in parsed and 'auth_data' not in parsed


@pytest.mark.parametrize('text', ['', '{}', 'not json', '[{"stats": {}}]', '[1]'])
def test_what_is_not_a_dump_is_refused(text):
    with pytest.raises(ValueError):
        keepalived_json.parse(text)


def test_an_unknown_state_number_is_shown_as_such():
    text = '[{"data": {"iname": "VI_9", "state": 42, "vips": ["10.9.9.9/24 dev eth0"]}}]'
    instance = keepalived_json.parse(text)[0]
    assert instance['state'] == 'UNKNOWN(42)' and instance['vips'] == ['10.9.9.9'] and instance['stats'] == {}
