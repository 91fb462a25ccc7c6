# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/plugin_utils/derivation.py: the one derivation per run (derive: the verdict, and each host's part only when
the cluster is valid), found again when registered for the same groups, and each host's own part read from it with
its secrets put back from its own variables; in a worker process (controller_worker.py, the ``controller`` fixture),
on the article's inventory."""

from __future__ import absolute_import, division, print_function

import copy

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    article, set_var, with_auth)

GROUPS = ['lvs_directors', 'lvs_realservers']


def task_vars(change=None, host='lvs1', **extra):
    """The task variables Ansible gives an action on ``host`` for the article's inventory after ``change`` (a change
    of keepalived/test_cluster.py), as plain data."""
    hostvars, groups = article()
    if change is not None:
        change(hostvars, groups)
    return dict(extra, hostvars=hostvars, groups=dict(groups, all=sorted(hostvars)), inventory_hostname=host)


def call(controller, function, *args, **kwargs):
    return controller({'function': function, 'args': list(args), 'kwargs': kwargs})


def derived(controller, variables):
    answer = call(controller, 'derive', variables, *GROUPS)
    assert 'result' in answer, answer
    return answer['result']


def test_the_groups_are_the_inventorys_unless_the_task_names_others(controller):
    assert call(controller, 'groups_of', {})['result'] == GROUPS
    assert call(controller, 'groups_of', {'directors_group': None, 'realservers_group': 'web'})['result'] == [
        'lvs_directors', 'web']


def test_a_valid_cluster_gives_the_verdict_the_summary_and_every_hosts_part(controller):
    result = derived(controller, task_vars())
    assert result['valid'] is True and 'failed' not in result and result['groups'] == GROUPS
    assert sorted(result['hosts']['directors']) == ['lvs1', 'lvs2'] and 'rs1' in result['hosts']['realservers']
    assert result['summary']['lvs_directors']['vrrp_instances']['VI_1']['master'] == 'lvs1'


def test_a_refused_cluster_gives_its_findings_and_no_part_to_apply(controller):
    result = derived(controller, task_vars(set_var(['lvs1', 'lvs2'], 'lvs_vrrp_priority', 100)))
    assert result['failed'] is True and result['valid'] is False
    assert 'no host was changed' in result['msg'] and 'LVS008' in result['msg']
    assert 'LVS008' in [issue['rule'] for issue in result['issues']]
    assert 'hosts' not in result and 'summary' not in result


def test_warnings_refuse_the_cluster_only_when_asked(controller):
    variables = task_vars(with_auth('Pw4lvs', 'Pw4lvs'))  # PASS authentication: warning LVS022
    lenient = derived(controller, variables)
    assert lenient['valid'] is True and 'failed' not in lenient and [w for w in lenient['warnings'] if 'LVS022' in w]
    strict = call(controller, 'derive', variables, *GROUPS, fail_on_warnings=True)['result']
    assert strict['failed'] is True and 'hosts' not in strict and 'LVS022' in strict['msg']
    assert 'Pw4lvs' not in str(lenient) + str(strict)


def test_an_empty_directors_group_is_refused_naming_it(controller):
    answer = call(controller, 'read_inventory', task_vars(), 'web_directors', 'lvs_realservers')
    assert answer['raised'] == 'AnsibleActionFail' and 'no hosts in the directors group web_directors' in answer['message']


def test_a_registered_derivation_is_found_only_for_its_groups(controller):
    registered = derived(controller, task_vars())
    variables = task_vars(lvs_cluster_derivation=registered)
    assert call(controller, 'registered', variables, *GROUPS)['result'] == registered
    assert call(controller, 'registered', variables, 'lvs_directors', 'web')['result'] is None
    refused = derived(controller, task_vars(set_var(['lvs1', 'lvs2'], 'lvs_vrrp_priority', 100)))
    assert call(controller, 'registered', task_vars(lvs_cluster_derivation=refused), *GROUPS)['result'] is None
    assert call(controller, 'registered', task_vars(lvs_cluster_derivation='skipped'), *GROUPS)['result'] is None


def test_a_host_reads_its_part_from_the_registered_derivation_not_the_inventory_again(controller):
    registered = derived(controller, task_vars())
    changed = task_vars(set_var(['lvs1'], 'lvs_vrrp_priority', 42))  # after the derivation was registered
    from_run = call(controller, 'own_part', dict(changed, lvs_cluster_derivation=registered), 'directors', *GROUPS)
    derived_now = call(controller, 'own_part', changed, 'directors', *GROUPS)
    assert from_run['result']['config']['vrrp_instances']['VI_1']['priority'] == 100
    assert derived_now['result']['config']['vrrp_instances']['VI_1']['priority'] == 42


def test_a_directors_part_gets_its_password_back_from_its_own_variables(controller):
    variables = task_vars(with_auth('Pw4lvs', 'Pw4lvs'))
    registered = derived(controller, variables)
    assert 'Pw4lvs' not in str(registered)  # the registered derivation is printed with -v
    part = call(controller, 'own_part', dict(variables, lvs_cluster_derivation=registered), 'directors', *GROUPS)
    assert part['result']['config']['vrrp_instances']['VI_1']['authentication']['auth_pass'] == 'Pw4lvs'


def test_a_derivation_that_does_not_match_the_hosts_variables_is_refused(controller):
    registered = derived(controller, task_vars(with_auth('Pw4lvs', 'Pw4lvs')))
    answer = call(controller, 'own_part', task_vars(lvs_cluster_derivation=registered), 'directors', *GROUPS)
    assert answer['raised'] == 'AnsibleActionFail'
    assert 'does not match its variables' in answer['message'] and 'register it again' in answer['message']


def test_a_host_outside_the_directors_group_has_no_director_part(controller):
    answer = call(controller, 'own_part', task_vars(host='rs1'), 'directors', *GROUPS)
    assert answer['raised'] == 'AnsibleActionFail' and 'rs1 is not in the directors group lvs_directors' in answer['message']


def test_a_real_server_no_virtual_server_forwards_to_has_no_vips(controller):
    def spare(hostvars, groups):
        hostvars['spare'] = {'ansible_host': '10.1.1.169'}
    answer = call(controller, 'own_part', task_vars(spare, host='spare'), 'realservers', *GROUPS)
    assert answer['result'] == {'vips': [], 'method': None}


def test_a_refused_inventory_stops_a_host_that_derives_its_part_itself(controller):
    answer = call(controller, 'own_part', task_vars(set_var(['lvs1', 'lvs2'], 'lvs_vrrp_priority', 100)),
                  'directors', *GROUPS)
    assert answer['raised'] == 'AnsibleActionFail' and 'LVS008' in answer['message']


def test_a_part_with_errors_is_refused_with_them(controller):
    registered = derived(controller, task_vars())
    broken = copy.deepcopy(registered)
    broken['hosts']['realservers']['rs1'] = {'errors': 'rs1: LVS030 unknown variable lvs_realserver_wieght'}
    answer = call(controller, 'own_part', task_vars(host='rs1', lvs_cluster_derivation=broken), 'realservers', *GROUPS)
    assert answer['raised'] == 'AnsibleActionFail'
    assert 'rs1 have errors; nothing was changed' in answer['message'] and 'lvs_realserver_wieght' in answer['message']
