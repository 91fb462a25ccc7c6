# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cluster_validate through real Ansible (the validate playbook) and the lvs-cluster command line,
on an inventory directory shaped like an operator's: group_vars, host_vars and a vaulted password."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys

import pytest

PASSWORD = 'Vr9pwQx'
VAULT_PASSWORD = 'lab-vault-password'
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))

HOSTS = """
[lvs_directors]
lvs1 ansible_host=10.1.1.160
lvs2 ansible_host=10.1.1.162

[lvs_realservers]
rs1 ansible_host=10.1.1.163
rs2 ansible_host=10.1.1.164
"""

GROUP_VARS = """
lvs_vrrp_instances:
  VI_1:
    interface: eth0
    virtual_router_id: 51
    advert_int: 1
    authentication:
      auth_type: PASS
      auth_pass: "{{ vault_vrrp_password }}"
    virtual_ipaddress: [10.1.1.166]
lvs_virtual_servers:
  - address: 10.1.1.166
    port: 80
    protocol: TCP
    lvs_sched: rr
    lvs_method: DR
    real_servers_from_group: lvs_realservers
    real_server_defaults:
      checkers: [{type: TCP_CHECK, connect_timeout: 10, retry: 3, delay_before_retry: 3}]
"""


def vaulted(ansible_playbook, password_file, value):
    """``vault_vrrp_password: !vault |...`` made by ansible-vault (a command, so no controller code is imported here)."""
    vault = os.path.join(os.path.dirname(ansible_playbook[0]), 'ansible-vault')
    process = subprocess.run([vault, 'encrypt_string', '--vault-password-file', str(password_file), '--name',
                              'vault_vrrp_password', value], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             universal_newlines=True, timeout=120, check=True)
    return process.stdout


@pytest.fixture
def inventory(tmp_path, ansible_playbook):
    (tmp_path / 'group_vars').mkdir()
    (tmp_path / 'host_vars').mkdir()
    (tmp_path / 'hosts.ini').write_text(HOSTS)
    (tmp_path / 'group_vars' / 'lvs_directors.yml').write_text(GROUP_VARS)
    (tmp_path / 'vault-pass').write_text(VAULT_PASSWORD)
    (tmp_path / 'group_vars' / 'all.yml').write_text(vaulted(ansible_playbook, tmp_path / 'vault-pass', PASSWORD))
    return tmp_path


def playbook(inventory, ansible_playbook):
    command, parent = ansible_playbook
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_FORCE_COLOR='0', ANSIBLE_NOCOLOR='1',
               ANSIBLE_STDOUT_CALLBACK='default', ANSIBLE_LOCALHOST_WARNING='0')
    process = subprocess.run([command, '-i', str(inventory / 'hosts.ini'), '--vault-password-file', str(inventory / 'vault-pass'),
                              'lvs.cluster.validate', '-v'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, env=env, timeout=300, check=False)
    return process.returncode, process.stdout


def command_line(inventory, *arguments):
    """scripts/lvs-cluster validate, with this test's Python (the one that has ansible-core)."""
    process = subprocess.run([os.path.join(ROOT, 'scripts', 'lvs-cluster'), 'validate', str(inventory / 'hosts.ini')]
                             + list(arguments), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                             timeout=300, check=False, env=dict(os.environ, PYTHON=sys.executable))
    return process.returncode, process.stdout


def test_playbook_accepts_the_articles_cluster_and_summarises_it(inventory, ansible_playbook):
    rc, output = playbook(inventory, ansible_playbook)
    assert rc == 0, output
    assert '"master": "lvs1"' in output and '"master_down_interval": 3.648' in output
    assert 'LVS022' in output  # PASS authentication is a warning, not an error
    assert PASSWORD not in output


def test_playbook_refuses_equal_priorities_before_any_host(inventory, ansible_playbook):
    (inventory / 'group_vars' / 'lvs_directors.yml').write_text(GROUP_VARS + 'lvs_vrrp_priority: 100\n')
    rc, output = playbook(inventory, ansible_playbook)
    assert rc != 0
    assert 'LVS008' in output and 'lvs1, lvs2' in output and 'no host was changed' in output
    assert PASSWORD not in output


def test_a_refusal_shows_the_findings_not_the_derivation(inventory, ansible_playbook):
    (inventory / 'group_vars' / 'lvs_directors.yml').write_text(GROUP_VARS + 'lvs_vrrp_priority: 100\n')
    rc, output = playbook(inventory, ansible_playbook)
    assert rc != 0 and 'LVS008' in output
    fatal = [line for line in output.splitlines() if line.startswith('fatal:')]
    assert len(fatal) == 1, output
    # each director's packed configuration and the cluster summary would bury the message in a fleet's worth of JSON
    assert '"hosts"' not in fatal[0] and '"summary"' not in fatal[0] and '"config"' not in fatal[0], fatal[0][:3000]
    assert '"issues"' in fatal[0] and '"valid": false' in fatal[0]


def test_playbook_refuses_different_passwords_without_showing_them(inventory, ansible_playbook):
    (inventory / 'host_vars' / 'lvs2.yml').write_text('vault_vrrp_password: other-pw\n')
    rc, output = playbook(inventory, ansible_playbook)
    assert rc != 0 and 'LVS004' in output
    assert PASSWORD not in output and 'other-pw' not in output


def test_command_line_validates_an_inventory_directory_as_json(inventory, ansible_playbook):
    (inventory / 'host_vars' / 'lvs2.yml').write_text('lvs_global_defs: {router_id: lvs1}\n')
    (inventory / 'host_vars' / 'lvs1.yml').write_text('lvs_global_defs: {router_id: lvs1}\n')
    rc, output = command_line(inventory, '--vault-password-file', str(inventory / 'vault-pass'), '--format', 'json')
    assert rc == 1, output
    report = json.loads(output)
    assert report['valid'] is False
    assert [(i['rule'], i['host']) for i in report['issues'] if i['level'] == 'error'] == [('LVS014', 'lvs1, lvs2')]
    assert PASSWORD not in output


def test_command_line_without_the_vault_password_says_what_is_missing(inventory, ansible_playbook):
    rc, output = command_line(inventory)
    assert rc == 2
    assert 'cannot read the inventory variables' in output and 'vault' in output.lower()


def test_findings_name_the_file_and_line_of_the_variable(inventory, ansible_playbook):
    wrong = GROUP_VARS.replace('virtual_router_id: 51', 'virtual_router_id: 300')
    (inventory / 'group_vars' / 'lvs_directors.yml').write_text(wrong)
    (inventory / 'host_vars' / 'lvs2.yml').write_text('# lvs2\nlvs_vrrp_priorty: 5\n')
    rc, output = command_line(inventory, '--vault-password-file', str(inventory / 'vault-pass'), '--format', 'json')
    assert rc == 1, output
    sources = dict((i['rule'], (i['host'], i['source'])) for i in json.loads(output)['issues'])
    assert sources['LVS103'] == ('lvs1, lvs2', '%s:5' % (inventory / 'group_vars' / 'lvs_directors.yml'))
    assert sources['LVS030'] == ('lvs2', '%s:2' % (inventory / 'host_vars' / 'lvs2.yml'))
    rc, output = playbook(inventory, ansible_playbook)
    assert rc != 0
    assert '(at %s:5)' % (inventory / 'group_vars' / 'lvs_directors.yml') in output


def test_command_line_exit_0_on_the_articles_cluster(inventory, ansible_playbook):
    rc, output = command_line(inventory, '--vault-password-file', str(inventory / 'vault-pass'))
    assert rc == 0, output
    assert '0 error(s)' in output and PASSWORD not in output


# (file under the inventory, its text, the variable the message names or None, the line it names)
UNREADABLE = {
    'undefined-variable': ('host_vars/lvs2.yml', '# lvs2\nlvs_vrrp_priority: "{{ lvs2_priority }}"\n', 'lvs_vrrp_priority', 2),
    'template-syntax': ('host_vars/lvs2.yml', 'lvs_vrrp_priority: "{{ 90 "\n', 'lvs_vrrp_priority', 1),
    'unknown-filter': ('group_vars/lvs_directors.yml', GROUP_VARS.replace('virtual_router_id: 51',
                                                                          'virtual_router_id: "{{ 51 | vrid }}"'),
                       'lvs_vrrp_instances', 5),
    'not-yaml': ('host_vars/lvs2.yml', 'lvs_vrrp_priority: [90\n', None, 2),
}


@pytest.mark.parametrize('name', sorted(UNREADABLE))
def test_command_line_input_error_is_exit_2_naming_host_variable_file_and_line(inventory, ansible_playbook, name):
    relative, text, variable, line = UNREADABLE[name]
    (inventory / relative).write_text(text)
    rc, output = command_line(inventory, '--vault-password-file', str(inventory / 'vault-pass'))
    assert rc == 2, output
    assert len(output.strip().splitlines()) == 1 and 'Traceback' not in output
    assert 'host lvs' in output and '%s:%d' % (inventory / relative, line) in output, output
    if variable:
        assert 'variable %s' % variable in output


def test_command_line_with_the_wrong_vault_password_names_the_vaulted_file(inventory, ansible_playbook):
    (inventory / 'wrong-pass').write_text('not-the-password')
    rc, output = command_line(inventory, '--vault-password-file', str(inventory / 'wrong-pass'))
    assert rc == 2, output
    assert PASSWORD not in output
    # where the template uses it, and where the vaulted value is
    assert str(inventory / 'group_vars' / 'lvs_directors.yml') in output and 'lvs_vrrp_instances' in output, output
    assert str(inventory / 'group_vars' / 'all.yml') in output, output
