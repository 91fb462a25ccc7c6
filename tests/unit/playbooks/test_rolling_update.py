# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook lvs.cluster.rolling_update: --check prints the plan and runs nothing else; a bad batch size or a
missing tasks file is refused before any host is touched; the plays keep their order, batches and stop rule."""

from __future__ import absolute_import, division, print_function

import os

import pytest
import yaml

from ansible_collections.lvs.cluster.tests.unit.playbooks.test_director_maintenance import run

PLAYBOOK = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'playbooks', 'rolling_update.yml')
FIRST_HOST_TASK = 'Drain it on every director that forwards to it'


def rolling(tmp_path, ansible_playbook, *extra):
    return run(tmp_path, ansible_playbook, '-e', 'lvs_become=false', *extra, playbook='lvs.cluster.rolling_update')


def test_check_mode_prints_the_plan_and_touches_no_host(tmp_path, ansible_playbook):
    (tmp_path / 'rs.yml').write_text('- name: Upgrade\n  ansible.builtin.command: touch %s/touched\n' % tmp_path)
    rc, output = rolling(tmp_path, ansible_playbook, '--check',
                         '-e', 'lvs_rolling_realserver_tasks=%s' % (tmp_path / 'rs.yml'))
    assert rc == 0, output
    plan = output.split('TASK [Print the plan]')[1].split('TASK [')[0]
    for line in ('Real servers, 1 at a time (lvs_rolling_batch_size), in 2 batch(es):', 'batch 2: rs2',
                 'rs1 (10.1.1.163): drained on lvs1, lvs2', 'then the tasks %s' % (tmp_path / 'rs.yml'),
                 '1. lvs2 (cluster lvs_directors)', '2. lvs1 (cluster lvs_directors)',
                 'hands 10.1.1.166 over to lvs2', 'takes 10.1.1.166 back'):
        assert line in plan, plan
    assert FIRST_HOST_TASK not in output and 'Gather the facts' not in output
    assert 'changed=0' in output and 'changed=1' not in output
    assert not (tmp_path / 'touched').exists()


@pytest.mark.parametrize('extra, message', [
    (['-e', 'lvs_rolling_batch_size=0'], 'lvs_rolling_batch_size must be a positive whole number'),
    (['-e', 'lvs_rolling_batch_size=all'], 'lvs_rolling_batch_size must be a positive whole number'),
    (['-e', 'lvs_rolling_batch_size=2'], 'batch 1 (rs1, rs2) would drain every real server of virtual server '
                                         '10.1.1.166:80 on lvs1, which would then serve nothing'),
    (['-e', 'lvs_rolling_realserver_tasks=no-such-file.yml'], 'given: no-such-file.yml, -'),
    (['-e', 'lvs_rolling_director_tasks=/no/such/file.yml'], 'given: -, /no/such/file.yml'),
])
def test_a_bad_request_is_refused_before_any_host(tmp_path, ansible_playbook, extra, message):
    rc, output = rolling(tmp_path, ansible_playbook, *extra)
    assert rc != 0 and message in output, output
    assert 'PLAY [Update the real servers' not in output


def test_directors_without_the_switches_are_refused(tmp_path, ansible_playbook):
    rc, output = run(tmp_path, ansible_playbook, more_vars='lvs_operation_switches: false\n',
                     playbook='lvs.cluster.rolling_update')
    assert rc != 0 and 'lvs1, lvs2 has lvs_operation_switches: false' in output, output
    assert 'PLAY [Update the real servers' not in output


def test_real_servers_in_batches_then_directors_one_at_a_time_stopping_at_the_first_failure():
    with open(PLAYBOOK) as handle:
        plan, realservers, directors = yaml.safe_load(handle)
    assert plan['hosts'].startswith("{{ lvs_directors_group")
    assert (realservers['hosts'], realservers['serial'], realservers['max_fail_percentage']) == (
        'lvs_rolling_realservers', '{{ lvs_rolling_batch_size | default(1) }}', 0)
    assert (directors['hosts'], directors['serial'], directors['max_fail_percentage']) == ('lvs_rolling_directors', 1, 0)
    for play in (realservers, directors):
        assert play['tasks'][0] == {'name': 'Stop here in check mode (the plan is printed)',
                                    'ansible.builtin.meta': 'end_play', 'when': 'ansible_check_mode'}
        assert [task['name'] for task in play['tasks'][1]['rescue']][-1].startswith('Stop the rolling update')
    steps = [task['name'] for task in directors['tasks'][1]['block']]
    # the restart happens while the peers hold the VIPs
    assert steps.index('Configure it, keeping it in maintenance') < steps.index('Restart or reload keepalived now') \
        < steps.index('Take its VIPs back (active-active, announce again)')
