# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/action/frr_config.py: without ``config``, an active-active director's BGP settings and announcement plan
come from the run's derivation (its password put back from its own variables); a director of a VRRP cluster is
refused; a given ``config`` goes to the module untouched. In a worker process (the ``controller`` fixture), which
records the arguments the action gives the module instead of running it on a host."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    active_active, on_aa)
from ansible_collections.lvs.cluster.tests.unit.plugins.plugin_utils.test_derivation import derived, task_vars

PASSWORD = 'Bgp9pw'


def with_password(variables):
    variables['lvs_bgp_peers'] = [{'address': '10.1.1.1', 'asn': 65000, 'password': PASSWORD, 'bfd': True}]


def run(controller, variables, args=None, module_result=None):
    return controller({'action': 'frr_config', 'args': args or {}, 'task_vars': variables,
                       'module_result': module_result})


def test_a_given_config_goes_to_the_module_untouched_and_nothing_is_derived(controller):
    config = {'asn': 65001, 'router_id': '10.1.1.160', 'peers': [{'address': '10.1.1.1', 'asn': 65000}]}
    # rs1 is no director: deriving anything for it would fail
    answer = run(controller, task_vars(host='rs1'), {'config': config})
    assert answer['result']['executed'] == [{'module': 'lvs.cluster.frr_config', 'args': {'config': config}}]
    assert 'announcement' not in answer['result']


def test_an_active_active_director_gets_its_bgp_settings_and_announcement_from_the_derivation(controller):
    variables = task_vars(active_active(on_aa(with_password)), host='lvs2')
    registered = derived(controller, variables)
    assert PASSWORD not in str(registered)
    answer = run(controller, dict(variables, lvs_cluster_derivation=registered), module_result={'changed': True})
    result = answer['result']
    [executed] = result['executed']
    bgp = executed['args']['config']
    assert executed['module'] == 'lvs.cluster.frr_config'
    assert bgp['router_id'] == '10.1.1.162' and bgp['announce'] == ['10.1.1.166']
    assert bgp['peers'] == [{'address': '10.1.1.1', 'asn': 65000, 'password': PASSWORD, 'bfd': True}]
    assert result['changed'] is True  # the module's result, with the plan added for the role
    assert result['announcement'] == registered['hosts']['directors']['lvs2']['announcement']
    assert result['announcement']


def test_a_director_of_a_vrrp_cluster_is_refused_naming_its_mode(controller):
    answer = run(controller, task_vars())
    assert answer['raised'] == 'AnsibleActionFail'
    assert 'lvs1 is not in an active-active cluster (lvs_cluster_mode is vrrp)' in answer['message']
    assert 'or give config' in answer['message']


def test_a_task_naming_other_groups_derives_from_those(controller):
    def renamed(hostvars, groups):
        groups['edge'] = groups.pop('lvs_directors')
    answer = run(controller, task_vars(active_active(renamed)), {'directors_group': 'edge'})
    assert answer['result']['executed'][0]['args']['config']['router_id'] == '10.1.1.160'
    assert answer['result']['executed'][0]['args']['directors_group'] == 'edge'
