# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/action/lvs_realserver.py: without vips, the VIPs and the method come from the run's derivation (the real
server's part), through real Ansible, in check mode on this machine (it reads the host's state and changes nothing);
and what the action gives the module, in a worker process (the ``controller`` fixture)."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.lvs.cluster.tests.unit.plugins.action.test_action_keepalived_config import (
    INVENTORY as ARTICLE_INVENTORY)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import both
from ansible_collections.lvs.cluster.tests.unit.plugins.plugin_utils.test_derivation import task_vars

# the article's inventory, with a host in the real servers group that no virtual server forwards to
INVENTORY = ARTICLE_INVENTORY.replace('rs2 ansible_host=10.1.1.164', 'spare ansible_host=10.1.1.169')

GROUP_VARS = """
lvs_vrrp_instances:
  VI_1: {interface: eth0, virtual_router_id: 51, advert_int: 1, virtual_ipaddress: [10.1.1.166]}
lvs_virtual_server_groups:
  web: ['10.1.1.166 80']
lvs_virtual_servers:
  - {group: web, protocol: TCP, lvs_sched: rr, lvs_method: DR,
     real_servers: [{address: 10.1.1.163, port: 80}]}
"""

PLAYBOOK = """
- hosts: lvs_directors:lvs_realservers
  gather_facts: false
  tasks:
    - lvs.cluster.cluster_validate:
      register: lvs_cluster_derivation
      run_once: true
- hosts: lvs_realservers
  gather_facts: false
  tasks:
    - lvs.cluster.lvs_realserver:
      register: result
      ignore_errors: true
    - ansible.builtin.copy:
        content: "{{{{ {{'failed': result.failed | default(false), 'msg': result.msg | default(''),
                       'method': result.method | default(none),
                       'route': result.default_route | default(none),
                       'added': result.added_addresses | default([]) | map(attribute='address') | list}} | to_json }}}}"
        dest: "{out}/{{{{ inventory_hostname }}}}.json"
        mode: "0600"
      check_mode: false
"""


def test_a_real_server_gets_its_vips_and_method_from_the_derivation(tmp_path, ansible_playbook):
    command, parent = ansible_playbook
    (tmp_path / 'group_vars').mkdir()
    (tmp_path / 'hosts.ini').write_text(INVENTORY.format(python=sys.executable))
    (tmp_path / 'group_vars' / 'lvs_directors.yml').write_text(GROUP_VARS)
    (tmp_path / 'site.yml').write_text(PLAYBOOK.format(out=tmp_path))
    process = subprocess.run([command, '-i', str(tmp_path / 'hosts.ini'), str(tmp_path / 'site.yml'), '--check'],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                             env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_NOCOLOR='1'),
                             timeout=300, check=False)
    rs1 = json.loads((tmp_path / 'rs1.json').read_text())
    # a virtual_server_group member written as text ('10.1.1.166 80') reaches its real servers
    assert not rs1['failed'] and rs1['method'] == 'DR', (rs1, process.stdout[-3000:])
    assert rs1['added'] == ['10.1.1.166'], rs1  # this machine's lo does not hold the lab's VIP: check mode adds it
    spare = json.loads((tmp_path / 'spare.json').read_text())
    assert spare['failed'] and 'forwards to spare' in spare['msg'], spare


NAT_GROUP_VARS = """
lvs_vrrp_instances:
  VI_1: {interface: eth0, virtual_router_id: 51, advert_int: 1, virtual_ipaddress: [10.1.1.166]}
lvs_virtual_servers:
  - {address: 10.1.1.166, port: 80, protocol: TCP, lvs_sched: rr, lvs_method: NAT, real_servers_from_group: lvs_realservers}
"""


def test_a_nat_real_server_ignores_the_roles_interface_and_checks_its_gateway(tmp_path, ansible_playbook):
    """lvs_realserver_interface, set for every real server of a cluster that mixes methods, is for DR and TUN: a NAT
    real server derives no VIPs and no ARP settings, and does not fail on it. Its lvs_realserver_gateway (a VIP of the
    cluster) is what its default route is checked against."""
    command, parent = ansible_playbook
    (tmp_path / 'group_vars').mkdir()
    (tmp_path / 'hosts.ini').write_text(ARTICLE_INVENTORY.format(python=sys.executable))
    (tmp_path / 'group_vars' / 'lvs_directors.yml').write_text(NAT_GROUP_VARS)
    (tmp_path / 'host_vars').mkdir()
    (tmp_path / 'host_vars' / 'rs1.yml').write_text('lvs_realserver_gateway: 10.1.1.166\n')
    (tmp_path / 'site.yml').write_text(PLAYBOOK.format(out=tmp_path).replace(
        '    - lvs.cluster.lvs_realserver:\n', '    - lvs.cluster.lvs_realserver:\n        interface: lo\n'))
    process = subprocess.run([command, '-i', str(tmp_path / 'hosts.ini'), str(tmp_path / 'site.yml'), '--check'],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                             env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_NOCOLOR='1'),
                             timeout=300, check=False)
    rs1 = json.loads((tmp_path / 'rs1.json').read_text())
    assert not rs1['failed'] and rs1['method'] == 'NAT' and rs1['added'] == [], (rs1, process.stdout[-3000:])
    assert rs1['route']['checked'] and rs1['route']['director_address'] == '10.1.1.166', rs1


# ---- the action alone, in a worker process ---------------------------------------------------------------------

def nat(hostvars, groups):
    both(hostvars, lambda variables: variables['lvs_virtual_servers'][0].update(lvs_method='NAT'))
    hostvars['rs1']['lvs_realserver_gateway'] = '10.1.1.166'


def spare(hostvars, groups):
    """A host that no virtual server forwards to (the article's take their real servers from lvs_realservers)."""
    hostvars['spare'] = {'ansible_host': '10.1.1.169'}
    groups['spares'] = ['spare']


def module_args(controller, variables, args=None):
    """The arguments the action gives lvs.cluster.lvs_realserver, or the answer when it gave none."""
    answer = controller({'action': 'lvs_realserver', 'args': args or {}, 'task_vars': variables})
    return answer['result']['executed'][0]['args'] if 'executed' in answer.get('result', {}) else answer


@pytest.mark.parametrize('args', [{'vips': ['10.1.1.170']}, {'state': 'absent'}])
def test_given_vips_or_state_absent_derive_nothing(controller, args):
    # no virtual server forwards to spare: deriving its part would fail
    assert module_args(controller, task_vars(spare, host='spare'), args) == args


def test_a_dr_real_server_gets_its_vips_and_method(controller):
    assert module_args(controller, task_vars(host='rs1')) == {'vips': ['10.1.1.166'], 'method': 'DR'}


def test_a_method_the_task_gives_is_kept(controller):
    assert module_args(controller, task_vars(host='rs1'), {'method': 'TUN'})['method'] == 'TUN'


def test_a_nat_real_server_gets_no_vips_no_interface_and_its_gateway_as_the_director_address(controller):
    args = module_args(controller, task_vars(nat, host='rs1'), {'interface': 'lo'})
    assert args == {'vips': [], 'method': 'NAT', 'director_address': '10.1.1.166'}
    # rs2 has no lvs_realserver_gateway: nothing to check its default route against
    assert module_args(controller, task_vars(nat, host='rs2')) == {'vips': [], 'method': 'NAT'}
    given = module_args(controller, task_vars(nat, host='rs1'), {'director_address': '10.1.1.160'})
    assert given['director_address'] == '10.1.1.160'


def test_a_real_server_no_virtual_server_forwards_to_is_refused_naming_it(controller):
    answer = module_args(controller, task_vars(spare, host='spare'))
    assert answer['raised'] == 'AnsibleActionFail'
    assert 'No virtual server of the directors group lvs_directors forwards to spare' in answer['message']
