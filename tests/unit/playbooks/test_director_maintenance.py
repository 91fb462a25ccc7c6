# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook lvs.cluster.director_maintenance refuses, before any host is touched, what it cannot do:
a director of a VRRP cluster, an unknown director, a state that is neither on nor off."""

from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys

import pytest

from ansible_collections.lvs.cluster.tests.unit.plugins.action.test_keepalived_config_derived import (  # shared
    GROUP_VARS, INVENTORY)


def run(tmp_path, ansible_playbook, *extra):
    command, parent = ansible_playbook
    (tmp_path / 'group_vars').mkdir(exist_ok=True)
    (tmp_path / 'hosts.ini').write_text(INVENTORY.format(python=sys.executable))
    (tmp_path / 'group_vars' / 'lvs_directors.yml').write_text(GROUP_VARS)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_NOCOLOR='1', ANSIBLE_STDOUT_CALLBACK='default')
    process = subprocess.run([command, '-i', str(tmp_path / 'hosts.ini'), 'lvs.cluster.director_maintenance'] + list(extra),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, env=env,
                             timeout=300, check=False)
    return process.returncode, process.stdout


def test_a_vrrp_director_is_refused_naming_the_operations_issue(tmp_path, ansible_playbook):
    rc, output = run(tmp_path, ansible_playbook, '-e', 'lvs_maintenance_host=lvs2', '-e', 'lvs_maintenance_state=on')
    assert rc != 0, output
    assert 'lvs2 is a director of a VRRP cluster' in output and 'operations issue (12)' in output
    assert 'Switch the director' not in output  # no host was touched


@pytest.mark.parametrize('extra', [['-e', 'lvs_maintenance_host=lvs9', '-e', 'lvs_maintenance_state=on'],
                                   ['-e', 'lvs_maintenance_host=lvs1', '-e', 'lvs_maintenance_state=drain']])
def test_a_bad_request_is_refused_saying_what_to_give(tmp_path, ansible_playbook, extra):
    rc, output = run(tmp_path, ansible_playbook, *extra)
    assert rc != 0 and 'give the director and the state' in output, output
