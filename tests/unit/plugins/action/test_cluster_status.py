# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/action/cluster_status.py: every cluster's verdict from what its directors reported (lvs_status_director,
as lvs.cluster.director_status gathers it) against the inventory; split brain failing the run unless told not to,
the JSON file, inventory errors counted, passwords masked. In a worker process (the ``controller`` fixture), on the
status tests' lab pair (module_utils/status/inventories.py and the directors' reports of test_assess.py)."""

from __future__ import absolute_import, division, print_function

import json
import re

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.status import inventories
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.status.test_assess import (
    director, instance, vrrp_pair)

SPLIT_BRAIN = 'VRRP instance VI_1 (virtual_router_id 51) is MASTER on lvs1 and lvs2 at once (VIPs 10.1.1.166)'


def status(controller, observed, args=None, host_vars=None, gathered='lvs_status_director'):
    """The action's answer for the lab pair whose directors reported ``observed`` {host: result or None}."""
    hostvars, groups = inventories.inventory(inventories.VRRP, host_vars=host_vars)
    for host, result in observed.items():
        if result is not None:
            hostvars[host][gathered] = result
    return controller({'action': 'cluster_status', 'args': args or {},
                       'task_vars': {'hostvars': hostvars, 'groups': groups, 'inventory_hostname': 'localhost'}})


def test_a_healthy_pair_is_ok_and_changes_nothing(controller):
    result = status(controller, vrrp_pair())['result']
    assert result['verdict'] == 'ok' and 'failed' not in result and result['changed'] is False
    assert result['clusters']['lvs_directors']['verdict'] == 'ok' and result['inventory_errors'] == 0
    assert result['table'] == '\n'.join(result['lines']) and 'lvs_directors' in result['table']
    assert result['msg'].startswith('cluster lvs_directors: ')


def test_a_director_that_reported_nothing_degrades_its_cluster_without_failing_the_run(controller):
    result = status(controller, vrrp_pair(lvs2=None))['result']
    assert result['verdict'] == 'degraded' and 'failed' not in result
    assert 'lvs2' in result['msg']


def test_the_task_names_the_variable_the_reports_were_registered_as(controller):
    answer = status(controller, vrrp_pair(), {'gathered': 'seen'}, gathered='seen')
    assert answer['result']['verdict'] == 'ok'


def test_split_brain_fails_the_run_naming_the_cluster_and_why(controller):
    both_masters = vrrp_pair(lvs2=director('10.1.1.161', [instance('MASTER', 90)], holds=['10.1.1.166']))
    result = status(controller, both_masters)['result']
    assert result['verdict'] == 'split_brain' and result['failed'] is True
    assert result['msg'].startswith('Split brain: %s in cluster lvs_directors; ' % SPLIT_BRAIN)
    allowed = status(controller, both_masters, {'fail_on_split_brain': False})['result']
    assert allowed['verdict'] == 'split_brain' and 'failed' not in allowed


def test_the_json_file_holds_the_verdict_and_every_cluster_and_no_password(controller, tmp_path):
    path = tmp_path / 'status.json'
    result = status(controller, vrrp_pair(), {'json_path': str(path)})['result']
    document = json.loads(path.read_text())
    assert result['json_path'] == str(path)
    assert (document['verdict'], document['inventory_errors'], sorted(document['clusters'])) == (
        'ok', 0, ['lvs_directors'])
    assert document['clusters'] == result['clusters']
    assert re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$', document['generated'])
    assert inventories.VRRP_PASSWORD not in path.read_text()


def test_a_json_file_that_cannot_be_written_fails_naming_it(controller, tmp_path):
    path = tmp_path / 'missing' / 'status.json'
    answer = status(controller, vrrp_pair(), {'json_path': str(path)})
    assert answer['raised'] == 'AnsibleActionFail' and 'Cannot write the status to %s' % path in answer['message']


def test_inventory_errors_are_counted_and_said_under_the_table(controller):
    result = status(controller, vrrp_pair(), host_vars={'lvs2': {'lvs_vrrp_priorty': 5}})['result']
    assert result['inventory_errors'] == 1
    assert result['lines'][-1] == ('The inventory has 1 error(s) (see lvs.cluster.validate): the expected state may '
                                   'be incomplete.')


def test_a_password_a_director_quotes_is_masked(controller):
    quoting = director('10.1.1.161', [instance('BACKUP', 90)],
                       problems=['keepalived refused auth_pass %s' % inventories.VRRP_PASSWORD])
    answer = status(controller, vrrp_pair(lvs2=quoting))
    assert 'keepalived refused auth_pass' in json.dumps(answer)
    assert inventories.VRRP_PASSWORD not in json.dumps(answer)


def test_an_empty_directors_group_is_refused(controller):
    answer = status(controller, vrrp_pair(), {'directors_group': 'web_directors'})
    assert answer['raised'] == 'AnsibleActionFail' and 'web_directors' in answer['message']
