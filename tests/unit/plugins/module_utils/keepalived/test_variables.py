# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lvs_* inventory variables (variables.py): check_host() gives a host's sound values back normalized and
reports each unsound one, misplaced() finds a variable given only to hosts it is not for, and OTHER_NAMES knows
lvs.cluster's own names. (test_bad_inventories.py refuses bad values of every variable through validate().)"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import variables
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import Invalid

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    set_var, validate)

DIRECTORS = ('lvs1', 'lvs2')
REALSERVERS = ('rs1', 'rs2')
INSTANCES = {'VI_1': {'interface': 'eth0', 'virtual_router_id': 51}}


def _checked(values, scopes=(variables.DIRECTOR,)):
    """(sound variables, [(rule, path, value shown)]) of lvs1 with ``values`` and VRRP instance VI_1."""
    found, issues = variables.check_host('lvs1', dict({'lvs_vrrp_instances': INSTANCES}, **values), set(scopes))
    return found, [(issue.rule, issue.path, issue.value) for issue in issues]


def test_sound_values_come_back_normalized_as_ansible_means_them():
    found, issues = _checked({'lvs_preempt': 'no', 'lvs_vrrp_priority': '90', 'lvs_vrrp_unicast': 'On'})
    assert issues == []
    assert (found['lvs_preempt'], found['lvs_vrrp_priority'], found['lvs_vrrp_unicast']) == (False, 90, True)


def test_an_unsound_value_is_left_out_with_one_finding_and_the_rest_kept():
    found, issues = _checked({'lvs_vrrp_priority': 'high', 'lvs_preempt': False})
    assert issues == [('LVS102', 'lvs_vrrp_priority', 'high')]
    assert 'lvs_vrrp_priority' not in found and found['lvs_preempt'] is False


def test_an_unknown_lvs_name_is_lvs030_with_the_closest_name_and_lvs_cluster_s_own_names_pass():
    found, issues = variables.check_host('lvs1', {'lvs_preemt': True, 'lvs_become': True, 'ansible_host': 'x'},
                                         set([variables.DIRECTOR]))
    assert [(issue.rule, issue.path, issue.fix) for issue in issues] == [
        ('LVS030', 'lvs_preemt', 'did you mean lvs_preempt?')]
    assert found == {'ansible_host': 'x'}  # neither the typo nor a role option reaches the derivation


def test_a_per_instance_value_naming_no_instance_is_lvs031_and_the_others_are_kept():
    found, issues = _checked({'lvs_vrrp_priority': {'VI_1': '90', 'vi_1': 80}})
    assert issues == [('LVS031', 'lvs_vrrp_priority[vi_1]', None)]
    assert found['lvs_vrrp_priority'] == {'VI_1': 90}


def test_a_value_for_another_role_is_ignored_without_a_finding_here():
    # lvs_vrrp_priority on a real server: misplaced() says so once, for the inventory
    found, issues = _checked({'lvs_vrrp_priority': 'high'}, scopes=(variables.REALSERVER,))
    assert issues == [] and 'lvs_vrrp_priority' not in found


def test_a_virtual_server_s_derivation_keys_are_checked_and_an_unsound_one_dropped():
    server = {'address': '10.1.1.166', 'port': 80, 'real_servers_from_group': ['web'], 'announce': 'maybe',
              'real_servers': [{'address': '10.1.1.163', 'external': 'yes'}]}
    found, issues = _checked({'lvs_virtual_servers': [server]})
    assert issues == [('LVS102', 'lvs_virtual_servers[10.1.1.166:80].real_servers_from_group', 'a list'),
                      ('LVS102', 'lvs_virtual_servers[10.1.1.166:80].announce', 'maybe')]
    assert found['lvs_virtual_servers'] == [{'address': '10.1.1.166', 'port': 80,
                                             'real_servers': [{'address': '10.1.1.163', 'external': True}]}]
    # the inventory's own mappings are left as they were: Ansible hands the same ones to every host
    assert (server['announce'], server['real_servers'][0]['external']) == ('maybe', 'yes')


@pytest.mark.parametrize('value', [['10.1.1.160', '10.1.1.161'], [], ['2001:db8::160', '2001:db8::161']])
def test_vrrp_addresses_are_one_per_family(value):
    with pytest.raises(Invalid) as refused:
        variables.Addresses().coerce(value)
    assert refused.value.rule == 'LVS106'
    assert variables.Addresses().coerce(['10.1.1.160', '2001:db8::160']) == ['10.1.1.160', '2001:db8::160']


def test_a_wrong_container_is_shown_by_its_type_alone():
    # a mapping may hold a password: a finding names its type only
    assert [variables.shown(value) for value in ({'auth_pass': 's3cret'}, ['a'], 'high', 7, None)] == [
        'a mapping', 'a list', 'high', 7, None]


def test_a_director_variable_given_to_real_servers_alone_is_lvs032():
    hostvars = {'rs1': {'lvs_vrrp_priority': 100}, 'lvs1': {}}
    scopes = {'rs1': set([variables.REALSERVER]), 'lvs1': set([variables.DIRECTOR])}
    issues = variables.misplaced(hostvars, scopes)
    assert [(issue.rule, issue.host, issue.path, issue.value) for issue in issues] == [
        ('LVS032', 'rs1', 'lvs_vrrp_priority', 100)]
    assert 'is a director variable, and this host is not a director' in issues[0].message


def test_per_instance_variables_say_so_in_their_description():
    assert variables.VARIABLES['lvs_vrrp_priority'].described.endswith(', or a mapping of VRRP instance name to it')
    assert variables.VARIABLES['lvs_preempt'].described == 'a boolean'


@pytest.mark.parametrize('name,value', [('lvs_vrrp_unicast', True), ('lvs_realserver_weight', 2), ('lvs_preempt', 'no')])
def test_a_variable_of_group_vars_all_reaches_every_host_without_a_finding(name, value):
    """group_vars/all gives every host the variable: the hosts it is not for ignore it, and no LVS032 says so."""
    issues = validate(set_var(DIRECTORS + REALSERVERS, name, value)).issues
    assert [i.format() for i in issues if i.rule == 'LVS032'] == []


def test_role_and_playbook_names_are_known(tmp_path):
    """OTHER_NAMES lists exactly the lvs_* names of roles/ and playbooks/ that are not model variables."""
    import os
    import re
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 5))
    used = set()
    for top in ('roles', 'playbooks'):
        for directory, _dirs, files in os.walk(os.path.join(root, top)):
            for name in files:
                with open(os.path.join(directory, name)) as handle:
                    used.update(re.findall(r'(?<![.\w])(lvs_[a-z0-9_]+)\s*:', handle.read()))
                    handle.seek(0)
                    used.update(re.findall(r'register:\s*(lvs_[a-z0-9_]+)', handle.read()))
    used -= set(variables.VARIABLES) | set(['lvs_directors', 'lvs_realservers'])
    assert sorted(used - variables.OTHER_NAMES) == []
