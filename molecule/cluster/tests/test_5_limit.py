# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The site playbook with --limit and --tags: only the limited hosts and stages change, and the check still covers the
whole inventory (the first play derives the cluster once from every host's variables, whatever the limit or tags)."""

from conftest import DIRECTORS, LVS1, LVS2, RS1, RS2, VIP, vrrp_instance
from test_3_mismatches import bad_inventory

NEW_REAL_SERVER = '10.1.94.165'  # the client's address stands in for a new web server; with --vrrp nothing is sent
WITH_NEW_REAL_SERVER = {'lvs_virtual_servers': [{
    'address': VIP, 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'rr', 'lvs_method': 'DR', 'delay_loop': 6,
    'real_servers_from_group': 'lvs_realservers',
    'real_servers': [{'address': NEW_REAL_SERVER, 'port': 80, 'external': True}],
    'real_server_defaults': {'checkers': [{'type': 'TCP_CHECK', 'connect_port': 80, 'connect_timeout': 10,
                                           'retry': 3, 'delay_before_retry': 3}]},
}]}


def test_limit_changes_the_limited_director_only(cluster, tmp_path):
    before = cluster.conf(LVS1), cluster.main_pid(LVS1)
    result = cluster.playbook('lvs.cluster.site', WITH_NEW_REAL_SERVER, tmp_path=tmp_path, limit=LVS2)
    assert result.returncode == 0, result.stdout[-6000:]
    assert 'real_server %s 80' % NEW_REAL_SERVER in cluster.conf(LVS2)
    assert (cluster.conf(LVS1), cluster.main_pid(LVS1)) == before
    recap = result.stdout.split('PLAY RECAP')[-1]
    assert LVS2 in recap and LVS1 not in recap, recap
    assert cluster.holders() == {LVS1}


def test_limit_still_checks_the_whole_inventory(cluster, tmp_path):
    """lvs1's virtual_router_id differs: lvs2 alone would look fine, the pair is refused before lvs2 changes."""
    before = dict((host, (cluster.conf(host), cluster.main_pid(host))) for host in DIRECTORS)
    inventory = bad_inventory(tmp_path, LVS1, {'lvs_vrrp_instances': vrrp_instance(virtual_router_id=52)})
    result = cluster.playbook('lvs.cluster.site', inventory=inventory, limit=LVS2)
    assert result.returncode != 0 and '[LVS002]' in result.stdout, result.stdout[-3000:]
    assert dict((host, (cluster.conf(host), cluster.main_pid(host))) for host in DIRECTORS) == before


def test_limit_to_one_real_server_changes_no_director(cluster, tmp_path):
    before = dict((host, (cluster.conf(host), cluster.main_pid(host))) for host in DIRECTORS)
    result = cluster.playbook('lvs.cluster.site', WITH_NEW_REAL_SERVER, tmp_path=tmp_path, limit=RS1)
    assert result.returncode == 0, result.stdout[-6000:]
    recap = result.stdout.split('PLAY RECAP')[-1]
    assert RS1 in recap and not any(host in recap for host in DIRECTORS + (RS2,)), recap
    assert 'Prepare this host as an LVS real server' in result.stdout
    assert dict((host, (cluster.conf(host), cluster.main_pid(host))) for host in DIRECTORS) == before


def test_tags_run_one_stage_after_the_whole_check(cluster, tmp_path):
    """--tags realservers: the validation (tagged always) and the real servers' play, no director task."""
    before = dict((host, (cluster.conf(host), cluster.main_pid(host))) for host in DIRECTORS)
    result = cluster.playbook('lvs.cluster.site', WITH_NEW_REAL_SERVER, tmp_path=tmp_path,
                              options=['--tags', 'realservers'])
    assert result.returncode == 0, result.stdout[-6000:]
    assert 'Validate every cluster of the inventory' in result.stdout
    assert 'Prepare this host as an LVS real server' in result.stdout
    # the roles' argument validation is tagged always by Ansible; no other task of the director role runs
    director_tasks = [line for line in result.stdout.splitlines()
                      if line.startswith('TASK [lvs.cluster.director :') and 'Validating arguments' not in line]
    assert director_tasks == [] and 'Every VIP is held' not in result.stdout, director_tasks
    assert dict((host, (cluster.conf(host), cluster.main_pid(host))) for host in DIRECTORS) == before
    # and a bad inventory is still refused under any tag
    inventory = bad_inventory(tmp_path, LVS1, {'lvs_vrrp_instances': vrrp_instance(virtual_router_id=52)})
    result = cluster.playbook('lvs.cluster.site', inventory=inventory, options=['--tags', 'directors'])
    assert result.returncode != 0 and '[LVS002]' in result.stdout, result.stdout[-3000:]
