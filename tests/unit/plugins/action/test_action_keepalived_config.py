# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/action/keepalived_config.py: without config, each director's file derived from the inventory, through
real Ansible; and what the action gives the module and returns, in a worker process (the ``controller`` fixture)."""

from __future__ import absolute_import, division, print_function

import os
import subprocess

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import with_auth
from ansible_collections.lvs.cluster.tests.unit.plugins.plugin_utils.test_derivation import derived, task_vars

INVENTORY = """
[lvs_directors]
lvs1 ansible_host=10.1.1.160
lvs2 ansible_host=10.1.1.162

[lvs_realservers]
rs1 ansible_host=10.1.1.163
rs2 ansible_host=10.1.1.164

[all:vars]
ansible_connection=local
ansible_python_interpreter={python}
"""

GROUP_VARS = """
lvs_vrrp_instances:
  VI_1: {interface: eth0, virtual_router_id: 51, advert_int: 1, virtual_ipaddress: [10.1.1.166],
         authentication: {auth_type: PASS, auth_pass: Pw4lvs}}
lvs_virtual_servers:
  - {address: 10.1.1.166, port: 80, protocol: TCP, lvs_sched: rr, lvs_method: DR, real_servers_from_group: lvs_realservers}
"""

PLAYBOOK = """
- hosts: lvs_directors
  gather_facts: false
  tasks:
    - lvs.cluster.keepalived_config:
        path: "{out}/{{{{ inventory_hostname }}}}.conf"
        validate: false
"""


def run(tmp_path, ansible_playbook, *extra):
    import sys
    command, parent = ansible_playbook
    (tmp_path / 'group_vars').mkdir(exist_ok=True)
    (tmp_path / 'hosts.ini').write_text(INVENTORY.format(python=sys.executable))
    (tmp_path / 'group_vars' / 'lvs_directors.yml').write_text(GROUP_VARS)
    (tmp_path / 'site.yml').write_text(PLAYBOOK.format(out=tmp_path))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_NOCOLOR='1', ANSIBLE_STDOUT_CALLBACK='default')
    process = subprocess.run([command, '-i', str(tmp_path / 'hosts.ini'), str(tmp_path / 'site.yml')] + list(extra),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, env=env,
                             timeout=300, check=False)
    return process.returncode, process.stdout


def test_each_director_gets_its_derived_configuration(tmp_path, ansible_playbook):
    rc, output = run(tmp_path, ansible_playbook, '--diff')
    assert rc == 0, output
    lvs1 = (tmp_path / 'lvs1.conf').read_text()
    lvs2 = (tmp_path / 'lvs2.conf').read_text()
    assert 'router_id lvs1' in lvs1 and 'state MASTER' in lvs1 and 'priority 100' in lvs1
    assert 'router_id lvs2' in lvs2 and 'state BACKUP' in lvs2 and 'priority 90' in lvs2
    for text in (lvs1, lvs2):
        assert 'real_server 10.1.1.163 80 {' in text and 'real_server 10.1.1.164 80 {' in text
    assert 'Pw4lvs' not in output  # the diff shows the files, masked


def test_second_run_changes_nothing(tmp_path, ansible_playbook):
    run(tmp_path, ansible_playbook)
    rc, output = run(tmp_path, ansible_playbook)
    assert rc == 0 and 'changed=0' in output, output


def test_check_mode_writes_nothing(tmp_path, ansible_playbook):
    rc, output = run(tmp_path, ansible_playbook, '--check')
    assert rc == 0 and 'changed=1' in output, output
    assert not (tmp_path / 'lvs1.conf').exists()


def test_a_host_outside_the_directors_group_is_refused(tmp_path, ansible_playbook):
    run(tmp_path, ansible_playbook)
    process = run_again(tmp_path, ansible_playbook, PLAYBOOK.replace('hosts: lvs_directors', 'hosts: rs1'))
    assert process.returncode != 0 and 'not in the directors group lvs_directors' in process.stdout


PEERS_PLAYBOOK = """
- hosts: lvs_directors
  gather_facts: false
  tasks:
    - lvs.cluster.keepalived_config:
        path: "{out}/{{{{ inventory_hostname }}}}.conf"
        validate: false
      register: result
    - ansible.builtin.copy:
        content: "{{{{ {{'peers': result.peer_addresses, 'unknown': result.peers_without_address}} | to_json }}}}"
        dest: "{out}/{{{{ inventory_hostname }}}}.peers.json"
        mode: "0600"
"""


def run_again(tmp_path, ansible_playbook, playbook, *extra):
    """The completed process of ``playbook`` on the inventory ``run`` wrote."""
    (tmp_path / 'site.yml').write_text(playbook.format(out=tmp_path))
    command, parent = ansible_playbook
    return subprocess.run([command, '-i', str(tmp_path / 'hosts.ini'), str(tmp_path / 'site.yml')] + list(extra),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                          env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent), timeout=300, check=False)


def test_the_other_directors_are_returned_as_peers(tmp_path, ansible_playbook):
    import json
    run(tmp_path, ansible_playbook)
    (tmp_path / 'hosts.ini').write_text((tmp_path / 'hosts.ini').read_text().replace(
        'lvs2 ansible_host=10.1.1.162', 'lvs2 ansible_host=lvs2.example.org'))
    process = run_again(tmp_path, ansible_playbook, PEERS_PLAYBOOK)
    assert process.returncode == 0, process.stdout
    assert json.loads((tmp_path / 'lvs2.peers.json').read_text()) == {'peers': ['10.1.1.160'], 'unknown': []}
    # lvs2's address cannot be derived from a host name: lvs1 is told, so a firewall rule cannot drop it silently.
    assert json.loads((tmp_path / 'lvs1.peers.json').read_text()) == {'peers': [], 'unknown': ['lvs2']}


DERIVED_ONCE_PLAYBOOK = """
- hosts: lvs_directors
  gather_facts: false
  tasks:
    - lvs.cluster.cluster_validate:
      register: lvs_cluster_derivation
      run_once: true
    # a change after the derivation: an edge that read the inventory again would render it
    - ansible.builtin.set_fact:
        lvs_vrrp_priority: 42
    - lvs.cluster.keepalived_config:
        path: "{out}/{{{{ inventory_hostname }}}}.conf"
        validate: false
      register: result
    - ansible.builtin.copy:
        content: "{{{{ result.peer_addresses | to_json }}}}"
        dest: "{out}/{{{{ inventory_hostname }}}}.peers.json"
        mode: "0600"
"""


def test_the_edge_reads_the_runs_derivation_and_puts_the_password_back(tmp_path, ansible_playbook):
    import json
    run(tmp_path, ansible_playbook)
    process = run_again(tmp_path, ansible_playbook, DERIVED_ONCE_PLAYBOOK, '-v')
    assert process.returncode == 0, process.stdout
    lvs1 = (tmp_path / 'lvs1.conf').read_text()
    assert 'priority 100' in lvs1 and 'priority 42' not in lvs1  # from the derivation, not derived again
    assert 'auth_pass Pw4lvs' in lvs1  # the masked password came back from lvs1's own variables
    assert 'Pw4lvs' not in process.stdout  # the registered derivation, printed with -v, holds no password
    assert json.loads((tmp_path / 'lvs2.peers.json').read_text()) == ['10.1.1.160']


# ---- the action alone, in a worker process ---------------------------------------------------------------------

def test_a_given_config_goes_to_the_module_untouched_and_nothing_is_returned_besides(controller):
    config = {'global_defs': {'router_id': 'hand'}}
    answer = controller({'action': 'keepalived_config', 'args': {'config': config, 'path': '/x.conf'},
                         'task_vars': task_vars(host='rs1'), 'module_result': {'changed': False}})
    assert answer['result']['executed'] == [{'module': 'lvs.cluster.keepalived_config',
                                             'args': {'config': config, 'path': '/x.conf'}}]
    assert 'peer_addresses' not in answer['result'] and 'cluster_mode' not in answer['result']


def test_the_derived_config_goes_to_the_module_with_its_password_and_the_peers_come_back(controller):
    variables = task_vars(with_auth('Pw4lvs', 'Pw4lvs'), host='lvs2')
    registered = derived(controller, variables)
    answer = controller({'action': 'keepalived_config', 'args': {'path': '/x.conf'},
                         'task_vars': dict(variables, lvs_cluster_derivation=registered),
                         'module_result': {'changed': True, 'diff': {}}})
    result = answer['result']
    config = result['executed'][0]['args']['config']
    assert config['global_defs']['router_id'] == 'lvs2'
    assert config['vrrp_instances']['VI_1']['authentication']['auth_pass'] == 'Pw4lvs'
    assert (result['peer_addresses'], result['peers_without_address'], result['cluster_mode']) == (
        ['10.1.1.160'], [], 'vrrp')
    assert result['operation_files'] == registered['hosts']['directors']['lvs2']['operation_files']
    assert result['changed'] is True and result['diff'] == {}  # the module's result stays
