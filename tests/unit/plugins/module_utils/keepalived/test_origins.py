# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""origins.py: a path of the model (``vrrp_instances[VI_1].priority``) explained as the operator's variable it came
from, on the host that holds it: the longest recorded prefix wins, an exact record names one path only."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.origins import TOP_LEVEL, Origin, Origins


@pytest.mark.parametrize('model,variable', TOP_LEVEL)
def test_each_top_level_key_is_its_variable_with_the_rest_of_the_path(model, variable):
    assert Origins().explain(model + '[x].y') == Origin(variable + '[x].y')
    assert Origins().explain(model + '.y') == Origin(variable + '.y')
    assert Origins().explain(model) == Origin(variable)


@pytest.mark.parametrize('path', [None, 'bogus.priority', 'vrrp_instances_extra', 'global_defsx.router_id'])
def test_a_path_under_no_recorded_prefix_is_unexplained(path):
    # a prefix is a whole part of the path: vrrp_instances_extra is not below vrrp_instances
    assert Origins().explain(path) is None


def test_the_longest_recorded_prefix_wins_and_names_its_host():
    origins = Origins()
    origins.add('virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80]', 'lvs_virtual_servers[0].real_servers[0]')
    origins.add('virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].weight', 'lvs_realserver_weight',
                host='rs1')
    assert origins.explain('virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].weight') == \
        Origin('lvs_realserver_weight', 'rs1')
    assert origins.explain('virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].port') == \
        Origin('lvs_virtual_servers[0].real_servers[0].port')
    assert origins.explain('virtual_servers[10.1.1.166:80].lvs_sched') == \
        Origin('lvs_virtual_servers[10.1.1.166:80].lvs_sched')


def test_an_exact_record_names_its_own_path_only():
    origins = Origins()
    origins.add('vrrp_instances[VI_1].advert_int', 'lvs_timing_profile', exact=True, value='fast')
    assert origins.explain('vrrp_instances[VI_1].advert_int') == Origin('lvs_timing_profile', None, 'fast')
    assert origins.explain('vrrp_instances[VI_1].advert_int.x') == Origin('lvs_vrrp_instances[VI_1].advert_int.x')


def test_a_recorded_value_is_shown_for_its_path_and_not_for_the_paths_below_it():
    origins = Origins()
    origins.add('vrrp_instances[VI_1].nopreempt', 'lvs_preempt', value=False)
    assert origins.explain('vrrp_instances[VI_1].nopreempt') == Origin('lvs_preempt', None, False)
    assert origins.explain('vrrp_instances[VI_1].nopreempt[0]') == Origin('lvs_preempt[0]', None, None)


def test_an_exact_record_wins_over_a_prefix_record_of_the_same_path():
    origins = Origins()
    origins.add('virtual_servers[vs].real_servers', 'lvs_virtual_servers[0].real_servers')
    origins.add('virtual_servers[vs].real_servers', 'lvs_virtual_servers[0].real_servers_from_group', exact=True,
                value='web')
    assert origins.explain('virtual_servers[vs].real_servers') == \
        Origin('lvs_virtual_servers[0].real_servers_from_group', None, 'web')
    assert origins.explain('virtual_servers[vs].real_servers[0]') == Origin('lvs_virtual_servers[0].real_servers[0]')
