# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook lvs.cluster.director_maintenance refuses, before any host is touched, what it cannot do:
a director of a VRRP cluster, an unknown director, a state that is neither on nor off."""

from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys

import pytest

INVENTORY = """
[lvs_directors]
lvs1 ansible_host=10.1.1.160
lvs2 ansible_host=10.1.1.162

[lvs_realservers]
rs1 ansible_host=10.1.1.163

[all:vars]
ansible_connection=local
ansible_python_interpreter={python}
"""

VRRP = """
lvs_vrrp_instances:
  VI_1: {interface: eth0, virtual_router_id: 51, virtual_ipaddress: [10.1.1.166]}
lvs_virtual_servers:
  - {address: 10.1.1.166, port: 80, protocol: TCP, lvs_sched: rr, lvs_method: DR, real_servers_from_group: lvs_realservers}
"""


def run(tmp_path, ansible_playbook, *extra):
    command, parent = ansible_playbook
    (tmp_path / 'group_vars').mkdir(exist_ok=True)
    (tmp_path / 'hosts.ini').write_text(INVENTORY.format(python=sys.executable))
    (tmp_path / 'group_vars' / 'lvs_directors.yml').write_text(VRRP)
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
                                   ['-e', 'lvs_maintenance_host=lvs1', '-e', 'lvs_maintenance_state=drain'],
                                   ['-e', 'lvs_maintenance_state=on']])
def test_a_bad_request_is_refused_saying_what_to_give(tmp_path, ansible_playbook, extra):
    rc, output = run(tmp_path, ansible_playbook, *extra)
    assert rc != 0 and 'give the director and the state' in output, output
