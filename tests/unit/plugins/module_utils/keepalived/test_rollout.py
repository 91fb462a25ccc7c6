# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""rollout.py: lvs.cluster.rolling_update's plan from a real derivation of the article's cluster (and its variants):
batches in the inventory's order, the directors backups first, who takes the VIPs over, what comes back."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, rollout
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    active_active, article, set_var)


def derivation(*changes):
    hostvars, groups = article()
    for change in changes:
        change(hostvars, groups)
    report = cluster.validate(hostvars, groups)
    return {'summary': report.summary(), 'hosts': report.slices()}, groups


def add_realservers(count):
    def change(hostvars, groups):
        for number in range(3, 3 + count):
            host = 'rs%d' % number
            hostvars[host] = {'ansible_host': '10.1.1.%d' % (170 + number)}
            groups['lvs_realservers'].append(host)
    return change


@pytest.mark.parametrize('size, batches', [
    (1, [['rs1'], ['rs2'], ['rs3'], ['rs4'], ['rs5']]),
    (2, [['rs1', 'rs2'], ['rs3', 'rs4'], ['rs5']]),
    ('3', [['rs1', 'rs2', 'rs3'], ['rs4', 'rs5']]),
    (4, [['rs1', 'rs2', 'rs3', 'rs4'], ['rs5']]),
])
def test_real_servers_go_in_batches_of_the_size_in_inventory_order(size, batches):
    derived, groups = derivation(add_realservers(3))
    assert rollout.plan(derived, groups['lvs_realservers'], size)['realserver_batches'] == batches


@pytest.mark.parametrize('size', [5, 9])
def test_a_batch_that_would_drain_every_real_server_of_a_virtual_server_is_refused(size):
    derived, groups = derivation(add_realservers(3))
    with pytest.raises(ValueError, match=r'batch 1 \(rs1, rs2, rs3, rs4, rs5\) would drain every real server of '
                                         r'virtual server 10.1.1.166:80 on lvs1, .* lower lvs_rolling_batch_size below 5'):
        rollout.plan(derived, groups['lvs_realservers'], size)


def test_a_decommissioned_real_server_is_left_out_and_a_lone_one_is_named():
    derived, groups = derivation(set_var(['rs2'], 'lvs_realserver_state', 'absent'))
    found = rollout.plan(derived, groups['lvs_realservers'])
    assert found['realserver_batches'] == [['rs1']]
    assert found['lines'][-2:] == [
        'Note: virtual server 10.1.1.166:80 on %s has one real server, rs1: it serves nothing while rs1 is updated'
        % director for director in ('lvs1', 'lvs2')]


@pytest.mark.parametrize('size', [0, -1, '', 'two', 1.5, True, None])
def test_a_batch_size_that_is_not_a_positive_whole_number_is_refused_naming_the_variable(size):
    derived, groups = derivation()
    with pytest.raises(ValueError, match='lvs_rolling_batch_size must be a positive whole number'):
        rollout.plan(derived, groups['lvs_realservers'], size)


def test_each_real_server_is_drained_on_its_directors_and_back_with_its_weights():
    derived, groups = derivation(set_var(['rs2'], 'lvs_realserver_weight', 3))
    step = rollout.plan(derived, groups['lvs_realservers'])['realservers']['rs2']
    assert step == {'host': 'rs2', 'address': '10.1.1.164', 'directors': ['lvs1', 'lvs2'], 'weights': [3],
                    'services': {'lvs1': 1, 'lvs2': 1}}


def test_the_master_comes_last_hands_its_vip_to_the_backup_and_takes_it_back():
    derived, groups = derivation()
    directors = rollout.plan(derived, groups['lvs_realservers'])['directors']
    assert [d['host'] for d in directors] == ['lvs2', 'lvs1']
    assert directors[0]['handover'] == {} and directors[0]['preempt_vips'] == []
    assert directors[1]['handover'] == {'10.1.1.166': 'lvs2'} and directors[1]['preempt_vips'] == ['10.1.1.166']


def test_without_preemption_the_vip_stays_with_the_peer():
    derived, groups = derivation(set_var(['lvs1', 'lvs2'], 'lvs_preempt', False))
    plan = rollout.plan(derived, groups['lvs_realservers'])
    assert all(d['preempt_vips'] == [] for d in plan['directors'])
    assert any('the VIPs stay on its peers (nopreempt)' in line for line in plan['lines'])


def test_active_active_directors_withdraw_and_announce_again():
    derived, groups = derivation(active_active())
    plan = rollout.plan(derived, groups['lvs_realservers'])
    assert [(d['mode'], d['handover']) for d in plan['directors']] == [('active_active', {})] * 3
    assert sum('withdraws its BGP announcements' in line for line in plan['lines']) == 3


def test_the_printed_plan_names_every_host_and_the_operators_work():
    derived, groups = derivation(add_realservers(1))
    lines = rollout.plan(derived, groups['lvs_realservers'], 2, 'the tasks /srv/rs.yml', 'the role site.kernel')['lines']
    text = '\n'.join(lines)
    assert lines[0] == 'Real servers, 2 at a time (lvs_rolling_batch_size), in 2 batch(es):'
    assert '  batch 1: rs1, rs2' in lines
    assert text.count('then the tasks /srv/rs.yml, lvs.cluster.realserver again') == 3
    assert text.count('then the role site.kernel, lvs.cluster.director') == 2
    assert text.index('1. lvs2') < text.index('2. lvs1')
    assert 'hands 10.1.1.166 over to lvs2' in text
