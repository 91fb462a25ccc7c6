# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""config.load with ``shared``: a cluster's directors' equal virtual servers are loaded once, and every director
still gets the same model and the same findings as when it is loaded on its own."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, config as kaconf
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import article, both


def server(variables):
    return variables['lvs_virtual_servers'][0]


def bad_values(hostvars, groups):
    both(hostvars, lambda variables: server(variables).update(delay_loop=-1, lb_algo='rr', bogus_key=1))


def different_scheduler(hostvars, groups):
    server(hostvars['lvs2']).update(lvs_sched='wrr')


def different_groups(hostvars, groups):
    hostvars['lvs2']['lvs_virtual_server_groups'] = {'web': [{'address': '10.1.1.166', 'port': 80}]}


def fwmark_groups(hostvars, groups):
    def change(variables):
        variables['lvs_virtual_server_groups'] = {'marks': [{'fwmark': 1}]}
        variables['lvs_virtual_servers'].append({'group': 'marks', 'lvs_sched': 'rr', 'lvs_method': 'DR',
                                                 'real_servers_from_group': 'lvs_realservers'})
    both(hostvars, change)


CASES = {  # name: (change of the article's inventory, whether the directors' virtual servers are loaded once)
    'the article': (lambda hostvars, groups: None, True),
    'values with findings': (bad_values, True),
    'fwmark groups': (fwmark_groups, True),
    'a different scheduler': (different_scheduler, False),
    'different groups': (different_groups, False),
}


def configs(change):
    hostvars, groups = article()
    change(hostvars, groups)
    return [member.director.config for member in cluster.validate(hostvars, groups).clusters['lvs_directors']]


@pytest.mark.parametrize('name', sorted(CASES))
def test_each_director_loads_as_it_does_alone(name):
    change, once = CASES[name]
    shared = {}
    together = [kaconf.load(config, partial=True, shared=shared) for config in configs(change)]
    alone = [kaconf.load(config, partial=True) for config in configs(change)]
    for (conf, found), (conf_alone, found_alone) in zip(together, alone):
        assert conf.to_dict() == conf_alone.to_dict()
        assert sorted(issue.format() for issue in found) == sorted(issue.format() for issue in found_alone)
    assert (together[0][0].virtual_servers is together[1][0].virtual_servers) is once


def test_findings_of_shared_virtual_servers_name_every_director():
    hostvars, groups = article()
    bad_values(hostvars, groups)
    report = cluster.validate(hostvars, groups)
    delay = [issue for issue in report.issues if issue.path and issue.path.endswith('delay_loop')]
    assert delay and all(issue.host == 'lvs1, lvs2' for issue in delay), report.format()


def test_a_shared_finding_is_a_copy():
    shared = {}
    first, second = configs(bad_values)
    _conf, found = kaconf.load(first, partial=True, shared=shared)
    _conf, again = kaconf.load(second, partial=True, shared=shared)
    mine = [issue for issue in again if issue.path.startswith('virtual_servers[')]
    assert mine and not any(issue is other for issue in mine for other in found)
