# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""inventory_vars: a host's variables read as Ansible templates them, templating only the values that hold a
template (through real Ansible, in a worker process: inventory_vars_worker.py)."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.lvs.cluster.tests.unit.plugins.action.test_cluster_validate import HOSTS  # the article's

HERE = os.path.dirname(os.path.abspath(__file__))
VAULT_PASSWORD = 'test-vault-password'


# Written as operators write them: literal values beside templates (a variable, a filter, a header that changes
# Jinja's delimiters), a template inside a list, and a vaulted value (group_vars/all.yml)
DIRECTORS = """
site_prefix: 10.1.1
lvs_vrrp_instances:
  VI_1:
    interface: eth0
    virtual_router_id: 51
    advert_int: 1
    authentication: {auth_type: PASS, auth_pass: "{{ vault_vrrp_password }}"}
    virtual_ipaddress: ["{{ site_prefix }}.166"]
lvs_virtual_servers:
  - {address: 10.1.1.166, port: 80, protocol: TCP, lvs_sched: rr, lvs_method: DR, delay_loop: 6,
     real_servers_from_group: lvs_realservers, comment: "{# not kept #}plain"}
lvs_global_defs: {notification_email: [ops@example.com], router_id: "#jinja2: variable_start_string: '[%'\\nx"}
"""
REALSERVER = """
lvs_realserver_weight: 3
lvs_realserver_port: "{{ 40 + 40 }}"
"""


@pytest.fixture(scope='module')
def read(tmp_path_factory, ansible_playbook):
    command, parent = ansible_playbook
    inventory = tmp_path_factory.mktemp('inventory')
    (inventory / 'group_vars').mkdir()
    (inventory / 'host_vars').mkdir()
    (inventory / 'hosts.ini').write_text(HOSTS)
    (inventory / 'group_vars' / 'lvs_directors.yml').write_text(DIRECTORS)
    (inventory / 'host_vars' / 'rs1.yml').write_text(REALSERVER)
    (inventory / 'host_vars' / 'rs2.yml').write_text('lvs_realserver_weight: 2\n')
    password_file = inventory / 'vault-pass'
    password_file.write_text(VAULT_PASSWORD)
    vault = os.path.join(os.path.dirname(command), 'ansible-vault')
    vaulted = subprocess.run([vault, 'encrypt_string', '--vault-password-file', str(password_file), '--name',
                              'vault_vrrp_password', 's3cr3t'], stdout=subprocess.PIPE, universal_newlines=True,
                             timeout=120, check=True).stdout
    (inventory / 'group_vars' / 'all.yml').write_text(vaulted)
    # an lvs_* variable that is itself vaulted (!vault in host_vars), not a template naming one
    (inventory / 'host_vars' / 'lvs2.yml').write_text(subprocess.run(
        [vault, 'encrypt_string', '--vault-password-file', str(password_file), '--name', 'lvs_cluster_name', 'web'],
        stdout=subprocess.PIPE, universal_newlines=True, timeout=120, check=True).stdout)
    process = subprocess.run([sys.executable, os.path.join(HERE, 'inventory_vars_worker.py'), str(inventory),
                              str(password_file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             universal_newlines=True, timeout=300, check=False,
                             env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent))
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


@pytest.mark.parametrize('host', ['lvs1', 'lvs2', 'rs1', 'rs2'])
def test_every_value_read_is_what_ansibles_templating_gives(read, host):
    assert read[host]['read'] == read[host]['templated']


def test_templates_vault_values_and_changed_delimiters_are_templated(read):
    director = read['lvs1']['read']
    assert director['lvs_vrrp_instances']['VI_1']['authentication']['auth_pass'] == 's3cr3t'
    assert director['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'] == ['10.1.1.166']
    assert read['rs1']['read']['lvs_realserver_port'] in (80, '80')


def test_a_vaulted_variable_is_decrypted(read):
    assert read['lvs2']['read']['lvs_cluster_name'] == 'web'
    assert read['lvs2']['times_templated'] == 1


def test_a_host_whose_values_hold_no_template_is_not_templated(read):
    assert read['rs2']['times_templated'] == 0
    assert read['rs2']['read'] == {'ansible_host': '10.1.1.164', 'lvs_realserver_weight': 2}


def test_a_host_with_templates_is_templated_once(read):
    assert read['rs1']['times_templated'] == 1
    assert read['lvs1']['times_templated'] == 1
