# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IPVS connection sync derived for a VRRP cluster's directors (sync.py)."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.inventory import build

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    active_active, article, both, set_var)

ARTICLE_SYNC = {'interface': 'eth0', 'vrrp_instance': 'VI_1', 'sync_id': 51}


def _global_defs(change=None):
    hostvars, groups = article()
    if change is not None:
        change(hostvars, groups)
    clusters, _realservers, issues = build(hostvars, groups)
    assert issues == []
    return dict((d.host, d.config['global_defs']) for cluster in clusters for d in cluster.directors)


def test_every_director_of_the_pair_syncs_on_the_instance_of_the_virtual_server():
    assert [g.get('lvs_sync_daemon') for g in _global_defs().values()] == [ARTICLE_SYNC, ARTICLE_SYNC]


def test_the_instance_that_holds_the_virtual_servers_address_is_chosen():
    def change(hostvars, groups):
        def two(variables):
            variables['lvs_vrrp_instances']['VI_0'] = {'interface': 'eth1', 'virtual_router_id': 52,
                                                       'virtual_ipaddress': ['10.1.1.200']}
        both(hostvars, two)
    assert _global_defs(change)['lvs1']['lvs_sync_daemon'] == ARTICLE_SYNC  # not VI_0, first by name


def test_switched_off_or_written_by_hand_nothing_is_derived():
    assert 'lvs_sync_daemon' not in _global_defs(set_var(['lvs1', 'lvs2'], 'lvs_connection_sync', False))['lvs1']
    own = {'interface': 'eth1', 'vrrp_instance': 'VI_1', 'sync_id': 7}
    found = _global_defs(set_var(['lvs1', 'lvs2'], 'lvs_global_defs', {'lvs_sync_daemon': own}))
    assert found['lvs1']['lvs_sync_daemon'] == own


def test_active_active_directors_do_not_sync():
    assert all('lvs_sync_daemon' not in g for g in _global_defs(active_active()).values())


def test_directors_without_ipvs_do_not_sync():
    assert all('lvs_sync_daemon' not in g
               for g in _global_defs(set_var(['lvs1', 'lvs2'], 'lvs_director_vrrp_only', True)).values())
