# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook lvs.cluster.director_maintenance and lvs.cluster.drain refuse, before any host is touched, what
they cannot do: a director whose keepalived tracks no maintenance file, an unknown director or real server, a state
that is neither on nor off."""

from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys

import pytest

from ansible_collections.lvs.cluster.tests.unit.plugins.action.test_action_keepalived_config import (  # shared
    GROUP_VARS, INVENTORY)


def run(tmp_path, ansible_playbook, *extra, **options):
    command, parent = ansible_playbook
    (tmp_path / 'group_vars').mkdir(exist_ok=True)
    (tmp_path / 'hosts.ini').write_text(INVENTORY.format(python=sys.executable))
    (tmp_path / 'group_vars' / 'lvs_directors.yml').write_text(GROUP_VARS + options.get('more_vars', ''))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_NOCOLOR='1', ANSIBLE_STDOUT_CALLBACK='default')
    playbook = options.get('playbook', 'lvs.cluster.director_maintenance')
    process = subprocess.run([command, '-i', str(tmp_path / 'hosts.ini'), playbook] + list(extra),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, env=env,
                             timeout=300, check=False)
    return process.returncode, process.stdout


def test_a_director_without_the_switch_is_refused_naming_the_variable(tmp_path, ansible_playbook):
    rc, output = run(tmp_path, ansible_playbook, '-e', 'lvs_maintenance_host=lvs2', '-e', 'lvs_maintenance_state=on',
                     more_vars='lvs_operation_switches: false\n')
    assert rc != 0, output
    assert 'lvs2 has lvs_operation_switches: false' in output
    assert 'Write 1 into the maintenance file' not in output  # no host was touched


@pytest.mark.parametrize('extra', [['-e', 'lvs_drain_host=lvs1'], ['-e', 'lvs_drain_host=rs9'], []])
def test_drain_refuses_what_is_not_a_real_server_of_a_director(tmp_path, ansible_playbook, extra):
    rc, output = run(tmp_path, ansible_playbook, *extra, playbook='lvs.cluster.drain')
    assert rc != 0 and 'give a real server that a director forwards to' in output, output
    assert 'Write 1 into the drain file' not in output


@pytest.mark.parametrize('extra', [['-e', 'lvs_maintenance_host=lvs9', '-e', 'lvs_maintenance_state=on'],
                                   ['-e', 'lvs_maintenance_host=lvs1', '-e', 'lvs_maintenance_state=drain']])
def test_a_bad_request_is_refused_saying_what_to_give(tmp_path, ansible_playbook, extra):
    rc, output = run(tmp_path, ansible_playbook, *extra)
    assert rc != 0 and 'give the director and the state' in output, output


def test_drain_in_check_mode_names_each_director_and_writes_nothing(tmp_path, ansible_playbook):
    rc, output = run(tmp_path, ansible_playbook, '--check', '-e', 'lvs_drain_host=rs1', '-e', 'lvs_become=false',
                     playbook='lvs.cluster.drain')
    assert rc == 0, output
    task = output.split('TASK [Write 1 into the drain file (drain), or remove it (serving)]')[1].split('TASK [')[0]
    assert 'changed: [lvs1]' in task and 'changed: [lvs2]' in task, task
    assert not os.path.exists('/var/lib/lvs-cluster/drain/10.1.1.163')
