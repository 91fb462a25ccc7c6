# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drain and maintenance switches every director's configuration gets (operations.py); the rule that the
maintenance switch moves every instance (LVS028) is tested in test_operations_rules.py."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import operations
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.inventory import build

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    article, set_var)


def _directors(change=None):
    hostvars, groups = article()
    if change is not None:
        change(hostvars, groups)
    clusters, _realservers, issues = build(hostvars, groups)
    assert issues == []
    return dict((director.host, director.config) for director in clusters[0].directors)


def _maintenance(instance):
    return [entry['weight'] for entry in instance.get('track_file', []) if entry['name'] == operations.MAINTENANCE_TRACK]


def test_every_real_server_gets_a_file_check_on_its_own_drain_file():
    for config in _directors().values():
        for server in config['virtual_servers']:
            for real in server['real_servers']:
                name = operations.drain_track(real['address'])
                assert {'type': 'FILE_CHECK', 'track_file': name, 'weight': operations.DRAIN_WEIGHT} in real['checkers']
                assert config['track_files'][name] == {'file': '/var/lib/lvs-cluster/drain/' + real['address']}


def test_drain_track_names_are_keepalived_names_for_both_families():
    assert operations.drain_track('10.1.1.163') == 'lvs_drain_10_1_1_163'
    assert operations.drain_track('2001:db8::163') == 'lvs_drain_2001_db8__163'


def test_the_master_drops_below_the_backup_and_the_backup_below_nothing_it_serves():
    configs = _directors()
    assert _maintenance(configs['lvs1']['vrrp_instances']['VI_1']) == [-11]  # 100 - 11 = 89 < lvs2's 90
    assert _maintenance(configs['lvs2']['vrrp_instances']['VI_1']) == [-1]
    assert configs['lvs1']['track_files'][operations.MAINTENANCE_TRACK] == {'file': operations.MAINTENANCE_FILE}


def test_a_peer_with_nopreempt_makes_maintenance_a_fault():
    configs = _directors(set_var(['lvs1', 'lvs2'], 'lvs_preempt', False))
    assert _maintenance(configs['lvs1']['vrrp_instances']['VI_1']) == [0]


def test_switched_off_nothing_is_added():
    configs = _directors(set_var(['lvs1', 'lvs2'], operations.SWITCHES_VARIABLE, False))
    for config in configs.values():
        assert 'track_files' not in config
        assert 'track_file' not in config['vrrp_instances']['VI_1']
        assert all(checker['type'] != 'FILE_CHECK' for server in config['virtual_servers']
                   for real in server['real_servers'] for checker in real.get('checkers', []))
