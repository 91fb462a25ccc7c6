# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster rules of IPVS connection sync (sync_rules.py): sync_setting() reads a configuration's lvs_sync_daemon
as keepalived takes it; a cluster has one sync setting (LVS029), and clusters on one layer-2 segment have their own
sync ids (LVS018). The base is the article's pair, which syncs on VI_1 with id 51."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config, sync_rules

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    checked, second_cluster, set_var)

ONE_SETTING = sync_rules.one_sync_setting_per_cluster
UNIQUE_IDS = sync_rules.sync_ids_unique_per_segment

CONF = '''global_defs {
    %s
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    virtual_ipaddress {
        10.1.1.166
    }
}
'''


@pytest.mark.parametrize('statement,setting', [
    ('lvs_sync_daemon eth0 VI_1 id 7', ('VI_1', 7)),
    ('lvs_sync_daemon eth0 VI_1', ('VI_1', 51)),   # keepalived's default: the instance's virtual_router_id
    ('lvs_sync_daemon eth0 VI_9', ('VI_9', None)),  # no such instance: no id to read (the model reports it)
    ('router_id lvs1', None),
])
def test_the_sync_setting_is_read_as_keepalived_takes_it(statement, setting):
    conf, _issues = config.parse(CONF % statement)
    assert sync_rules.sync_setting(conf) == setting


def test_a_configuration_without_global_defs_has_no_sync_setting():
    conf, _issues = config.load({'vrrp_instances': {'VI_1': {'interface': 'eth0', 'virtual_router_id': 51}}},
                                check=False)
    assert sync_rules.sync_setting(conf) is None


def test_sync_switched_off_on_one_director_is_lvs029_naming_both_settings():
    found = checked(ONE_SETTING, set_var(['lvs2'], 'lvs_connection_sync', False))
    assert [(issue.rule, issue.host, issue.path) for issue in found] == [
        ('LVS029', 'lvs1, lvs2', 'global_defs.lvs_sync_daemon')]
    assert 'differs between the directors of cluster lvs_directors: instance VI_1, sync id 51 on lvs1; none on lvs2' \
        in found[0].message
    assert 'same lvs_sync_daemon instance and id' in found[0].fix


def test_another_sync_id_on_one_director_is_lvs029():
    own = {'lvs_sync_daemon': {'interface': 'eth0', 'vrrp_instance': 'VI_1', 'sync_id': 7}}
    found = checked(ONE_SETTING, set_var(['lvs2'], 'lvs_global_defs', own))
    assert 'instance VI_1, sync id 51 on lvs1; instance VI_1, sync id 7 on lvs2' in found[0].message


def test_sync_switched_off_on_every_director_is_one_setting():
    assert checked(ONE_SETTING) == []
    assert checked(ONE_SETTING, set_var(['lvs1', 'lvs2'], 'lvs_connection_sync', False)) == []


def test_a_sync_id_that_cannot_be_read_is_left_to_the_instance_s_own_finding():
    unknown = {'lvs_sync_daemon': {'interface': 'eth0', 'vrrp_instance': 'VI_9'}}
    assert checked(ONE_SETTING, set_var(['lvs2'], 'lvs_global_defs', unknown)) == []


def _db_syncing(sync_id, segment=None):
    """The article's cluster and a second one, db, whose directors sync on their VI_DB (router id 61) with ``sync_id``."""
    def change(hostvars, groups):
        second_cluster(segment)(hostvars, groups)
        for host in ('db1', 'db2'):
            hostvars[host]['lvs_vrrp_instances']['VI_DB']['virtual_router_id'] = 61
            hostvars[host]['lvs_global_defs'] = {'lvs_sync_daemon': {
                'interface': 'eth0', 'vrrp_instance': 'VI_DB', 'sync_id': sync_id}}
    return change


def test_two_clusters_syncing_with_one_id_on_a_segment_is_lvs018_on_the_later_cluster():
    found = checked(UNIQUE_IDS, _db_syncing(51))
    # the clusters are read by name: db comes first, so lvs_directors' directors are the ones named
    assert [(issue.rule, issue.host, issue.path, issue.value) for issue in found] == [
        ('LVS018', 'lvs1', 'global_defs.lvs_sync_daemon.sync_id', 51),
        ('LVS018', 'lvs2', 'global_defs.lvs_sync_daemon.sync_id', 51)]
    assert 'is also the connection sync id of cluster db (on db1) on layer-2 segment default' in found[0].message
    assert 'lvs_l2_segment' in found[0].fix


def test_one_sync_id_on_another_segment_is_no_lvs018():
    assert checked(UNIQUE_IDS, _db_syncing(51, segment='rack2')) == []


def test_clusters_with_their_own_sync_ids_are_no_lvs018():
    assert checked(UNIQUE_IDS, _db_syncing(61)) == []
