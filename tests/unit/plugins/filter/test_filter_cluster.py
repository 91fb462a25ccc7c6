# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/filter/cluster.py: the site playbook's filters, through the filter plugin, on a derived summary."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.filter.cluster import FilterModule
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import article

FILTERS = FilterModule().filters()


def summary():
    hostvars, groups = article()
    return cluster.validate(hostvars, groups).summary()


def test_backups_are_configured_before_the_master():
    assert FILTERS['director_order'](summary()) == [{'host': 'lvs2', 'master': False}, {'host': 'lvs1', 'master': True}]


def test_a_director_waits_for_its_clusters_vips_longer_than_a_takeover():
    derived = summary()
    assert FILTERS['cluster_vips'](derived, 'lvs2') == ['10.1.1.166']
    assert FILTERS['settle_seconds'](derived, 'lvs2') > derived['lvs_directors']['vrrp_instances']['VI_1']['master_down_interval']
    assert FILTERS['cluster_mode'](derived, 'lvs1') == 'vrrp'


def test_a_vip_held_by_both_directors_is_misheld_and_by_one_is_not():
    derived = summary()
    both = FILTERS['vip_holders']({'lvs1': {'held': ['10.1.1.166']}, 'lvs2': {'held': ['10.1.1.166']}})
    one = FILTERS['vip_holders']({'lvs1': {'held': ['10.1.1.166']}, 'lvs2': {'held': []}})
    assert FILTERS['vips_misheld'](both, derived) != {}
    assert FILTERS['vips_misheld'](one, derived) == {}


def test_under_limit_only_the_directors_read_are_judged():
    derived = summary()
    lvs2_alone = FILTERS['vip_holders']({'lvs2': {'addresses': ['10.1.1.166'], 'held': []}})
    assert FILTERS['vips_misheld'](lvs2_alone, derived, ['lvs2']) == {}  # lvs1, not read, may hold it
    assert FILTERS['vips_misheld'](lvs2_alone, derived) == {'10.1.1.166': []}  # both read: nobody holds it
    both = FILTERS['vip_holders']({'lvs1': {'held': ['10.1.1.166']}, 'lvs2': {'held': ['10.1.1.166']}})
    assert FILTERS['vips_misheld'](both, derived, ['lvs1', 'lvs2']) == {'10.1.1.166': ['lvs1', 'lvs2']}


def test_the_rolling_plan_refuses_a_bad_batch_size_naming_the_variable():
    hostvars, groups = article()
    report = cluster.validate(hostvars, groups)
    derivation = {'summary': report.summary(), 'hosts': report.slices()}
    assert FILTERS['rolling_plan'](derivation, ['rs1', 'rs2'], '1')['realserver_batches'] == [['rs1'], ['rs2']]
    with pytest.raises(ValueError, match='lvs_rolling_batch_size'):
        FILTERS['rolling_plan'](derivation, ['rs1', 'rs2'], 0)
