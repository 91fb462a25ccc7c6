# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VRRP timing profiles (profiles.py): what the fast profile derives, what it leaves to the operator, and the
failover time the edges show for it. Its rules (LVS019, LVS021) are tested in test_profile_rules.py."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, timing
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.inventory import build

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    active_active, article, fast, set_key, set_var)

FAST_GLOBAL_DEFS = {'vrrp_version': 3, 'vrrp_garp_master_delay': 1, 'vrrp_garp_master_refresh': 60}


def _configs(change=None):
    hostvars, groups = article()
    if change is not None:
        change(hostvars, groups)
    clusters, _realservers, issues = build(hostvars, groups)
    assert issues == []
    return dict((d.host, d.config) for c in clusters for d in c.directors)


def _validate(change):
    hostvars, groups = article()
    change(hostvars, groups)
    return cluster.validate(hostvars, groups)


def _rules(report):
    return sorted(set(issue.rule for issue in report.issues))


def test_the_fast_profile_derives_vrrpv3_sub_second_adverts_and_garp_timers():
    for config in _configs(fast()).values():
        assert dict((k, config['global_defs'].get(k)) for k in FAST_GLOBAL_DEFS) == FAST_GLOBAL_DEFS
        assert config['vrrp_instances']['VI_1']['advert_int'] == 0.1


def test_the_standard_profile_changes_nothing():
    for change in (None, set_var(['lvs1', 'lvs2'], 'lvs_vrrp_profile', 'standard')):
        config = _configs(change)['lvs1']
        assert not set(FAST_GLOBAL_DEFS) & set(config['global_defs'])
        assert config['vrrp_instances']['VI_1']['advert_int'] == 1  # the article's own


def test_what_the_operator_writes_wins_over_the_profile():
    own = {'vrrp_garp_master_delay': 2, 'vrrp_garp_master_refresh': 0}
    config = _configs(fast(set_var(['lvs1', 'lvs2'], 'lvs_global_defs', own), set_key('lvs1', 'advert_int', 0.25),
                           set_key('lvs2', 'advert_int', 0.25)))['lvs2']
    assert config['global_defs']['vrrp_garp_master_delay'] == 2 and config['global_defs']['vrrp_garp_master_refresh'] == 0
    assert config['global_defs']['vrrp_version'] == 3
    assert config['vrrp_instances']['VI_1']['advert_int'] == 0.25


def test_the_fast_profile_is_clean_with_multicast_unicast_and_strict_mode():
    for extra in (None, set_var(['lvs1', 'lvs2'], 'lvs_vrrp_unicast', True),
                  set_var(['lvs1', 'lvs2'], 'lvs_global_defs', {'vrrp_strict': True})):
        report = _validate(fast(extra) if extra else fast())
        assert [issue.format() for issue in report.issues] == []


def test_the_fast_profile_leaves_active_active_directors_alone():
    configs = _configs(active_active(set_var(['lvs1', 'lvs2', 'lvs3'], 'lvs_vrrp_profile', 'fast')))
    assert all('vrrp_version' not in config['global_defs'] for config in configs.values())


def test_summary_and_text_show_the_fast_failover_time():
    report = _validate(fast())
    expected = timing.master_down_interval(0.1, 90, 3)  # lvs2 (priority 90) takes over from lvs1
    found = report.summary()['lvs_directors']
    assert found['vrrp_profile'] == 'fast'
    assert found['vrrp_instances']['VI_1']['master_down_interval'] == round(expected, 3) == 0.365
    assert (found['vrrp_instances']['VI_1']['vrrp_version'], found['vrrp_instances']['VI_1']['advert_int']) == (3, 0.1)
    assert 'lvs_directors VI_1: lvs2 takes over 0.365 s after lvs1 falls silent (fast profile, VRRPv3: ' \
        '3 x 0.1 + (256 - 90) x 0.1 / 256)' in report.format().splitlines()
    assert cluster.settle_seconds(report.summary(), 'lvs1') == round(expected + cluster.SETTLE_MARGIN, 3)


def test_the_standard_profile_shows_its_failover_time_too():
    assert 'lvs_directors VI_1: lvs2 takes over 3.648 s after lvs1 falls silent (standard profile, VRRPv2: ' \
        '3 x 1 + (256 - 90) / 256)' in _validate(lambda h, g: None).format()


def test_a_failover_target_the_fast_profile_meets():
    assert _rules(_validate(fast(set_var(['lvs1', 'lvs2'], 'lvs_failover_target', 0.5)))) == []
    assert _rules(_validate(set_var(['lvs1', 'lvs2'], 'lvs_failover_target', 0.5))) == ['LVS023']
