# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who a VRRP election makes MASTER (election.py): ranked() orders directors by priority, keepalived's default for
none, the directors group's order among equals; the derivation (inventory.py) and the summary (cluster.py) both ask
it, so they name the same MASTER."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, election
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.inventory import build


@pytest.mark.parametrize('priorities,order', [
    ([('lvs1', 100), ('lvs2', 90)], ['lvs1', 'lvs2']),
    ([('lvs1', 90), ('lvs2', 150)], ['lvs2', 'lvs1']),
    ([('lvs1', 90), ('lvs2', 90), ('lvs3', 100)], ['lvs3', 'lvs1', 'lvs2']),   # equals keep the group order
    ([('lvs1', 99), ('lvs2', None)], ['lvs2', 'lvs1']),                       # None is keepalived's 100
])
def test_the_election_ranks_by_priority_then_group_order(priorities, order):
    assert [host for host, _p in election.ranked(priorities, lambda pair: pair[1])] == order


def test_directors_without_a_priority_all_run_keepalived_s_default_and_keep_the_group_order():
    assert election.ranked(['lvs1', 'lvs2', 'lvs3'], lambda host: None) == ['lvs1', 'lvs2', 'lvs3']


def test_an_explicit_default_priority_ties_with_none_and_the_group_order_decides():
    # 100 written and 100 by default are one priority to keepalived: the first of the group wins either way
    priorities = {'lvs1': None, 'lvs2': 100}
    assert election.ranked(['lvs1', 'lvs2'], priorities.get) == ['lvs1', 'lvs2']
    assert election.ranked(['lvs2', 'lvs1'], priorities.get) == ['lvs2', 'lvs1']


def test_ranking_leaves_the_directors_group_as_it_was():
    # the caller's list is the inventory's group order, which later derivations read again
    hosts = ['lvs1', 'lvs2']
    assert election.ranked(hosts, {'lvs1': 90, 'lvs2': 150}.get) == ['lvs2', 'lvs1']
    assert hosts == ['lvs1', 'lvs2']


def _inventory(lvs1=None, lvs2=None):
    body = {'interface': 'eth0', 'virtual_router_id': 51, 'virtual_ipaddress': ['10.1.1.166']}
    hostvars = {'lvs1': {'ansible_host': '10.1.1.160', 'lvs_vrrp_instances': {'VI_1': dict(body, **(lvs1 or {}))}},
                'lvs2': {'ansible_host': '10.1.1.162', 'lvs_vrrp_instances': {'VI_1': dict(body, **(lvs2 or {}))}}}
    return hostvars, {'lvs_directors': ['lvs1', 'lvs2']}


@pytest.mark.parametrize('lvs1,lvs2,master', [
    (None, None, 'lvs1'),                       # derived 100, 90
    (None, {'priority': 150}, 'lvs2'),          # a priority in a host's own instance body
    ({'priority': 90}, None, 'lvs1'),           # equal priorities: the first of the group
])
def test_the_derivation_starts_as_master_the_director_the_summary_expects(lvs1, lvs2, master):
    hostvars, groups = _inventory(lvs1, lvs2)
    clusters, _realservers, _issues = build(hostvars, groups)
    states = dict((d.host, d.config['vrrp_instances']['VI_1']['state']) for d in clusters[0].directors)
    summary = cluster.validate(hostvars, groups).summary()
    assert summary['lvs_directors']['vrrp_instances']['VI_1']['master'] == master
    assert [host for host, state in sorted(states.items()) if state == 'MASTER'] == [master]
