# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster rules of the fast VRRP profile (profile_rules.py): it needs VRRPv3 (LVS019) and sub-second adverts
(LVS021), named on the directors that run it, in the instance or global_defs key that breaks it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import profile_rules

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    checked, fast, set_key, set_var, validate)

VRRPV3 = profile_rules.fast_profile_runs_vrrpv3
SUB_SECOND = profile_rules.fast_profile_advert_int_is_sub_second


def _rules(report):
    return sorted(set(issue.rule for issue in report.issues))


def test_a_sub_second_advert_int_on_vrrpv2_is_lvs201_and_lvs019_names_the_profile():
    report = validate(fast(set_var(['lvs1', 'lvs2'], 'lvs_global_defs', {'vrrp_version': 2})))
    assert _rules(report) == ['LVS019', 'LVS201']
    lvs019 = [issue for issue in report.issues if issue.rule == 'LVS019'][0]
    assert 'remove vrrp_version from lvs_global_defs' in lvs019.fix and 'lvs_vrrp_profile: standard' in lvs019.fix
    lvs201 = [issue for issue in report.issues if issue.rule == 'LVS201'][0]
    assert lvs201.path == 'lvs_vrrp_profile'  # the 0.1 s is the profile's, not written in lvs_vrrp_instances


def test_an_ipv6_instance_runs_vrrpv3_whatever_global_defs_say():
    def ipv6(hostvars, groups):
        for host in ('lvs1', 'lvs2'):
            hostvars[host]['lvs_vrrp_instances']['VI_6'] = {'interface': 'eth0', 'virtual_router_id': 52,
                                                            'virtual_ipaddress': ['2001:db8::166']}
    report = validate(fast(set_var(['lvs1', 'lvs2'], 'lvs_global_defs', {'vrrp_version': 2}), ipv6))
    assert [issue.path for issue in report.issues if issue.rule == 'LVS019'] == ['lvs_global_defs.vrrp_version']
    assert 'instance VI_1' in [issue for issue in report.issues if issue.rule == 'LVS019'][0].message


def test_lvs021_says_how_slow_the_overriding_advert_int_is():
    report = validate(fast(set_key('lvs1', 'advert_int', 2), set_key('lvs2', 'advert_int', 2)))
    issue = [issue for issue in report.issues if issue.rule == 'LVS021'][0]
    assert 'more than 6 s' in issue.message and issue.host == 'lvs1, lvs2'
    assert report.valid  # a warning: the operator may want VRRPv3 alone


def test_a_sub_second_advert_int_written_by_the_operator_is_no_warning():
    report = validate(fast(set_key('lvs1', 'advert_int', 0.5), set_key('lvs2', 'advert_int', 0.5)))
    assert report.issues == []


def test_vrrp_version_2_in_global_defs_is_lvs019_on_each_fast_director():
    found = checked(VRRPV3, fast(set_var(['lvs1', 'lvs2'], 'lvs_global_defs', {'vrrp_version': 2})))
    assert [(issue.rule, issue.host, issue.path, issue.value) for issue in found] == [
        ('LVS019', 'lvs1', 'global_defs.vrrp_version', 2), ('LVS019', 'lvs2', 'global_defs.vrrp_version', 2)]
    assert 'makes instance VI_1 run VRRPv2 while lvs_vrrp_profile is fast' in found[0].message


def test_an_instance_s_own_version_2_is_lvs019_naming_the_instance_key():
    found = checked(VRRPV3, fast(set_key('lvs1', 'version', 2), set_key('lvs2', 'version', 2)))
    assert [(issue.host, issue.path) for issue in found] == [
        ('lvs1', 'vrrp_instances[VI_1].version'), ('lvs2', 'vrrp_instances[VI_1].version')]
    assert found[0].fix.startswith('remove version from lvs_vrrp_instances[VI_1]')


def test_vrrpv2_on_the_standard_profile_is_no_lvs019():
    assert checked(VRRPV3, set_var(['lvs1', 'lvs2'], 'lvs_global_defs', {'vrrp_version': 2})) == []


def test_an_advert_int_of_exactly_1_s_is_lvs021_and_just_below_it_is_not():
    found = checked(SUB_SECOND, fast(set_key('lvs1', 'advert_int', 1)))
    assert [(issue.rule, issue.host, issue.path, issue.value) for issue in found] == [
        ('LVS021', 'lvs1', 'vrrp_instances[VI_1].advert_int', 1)]
    assert 'remove advert_int from lvs_vrrp_instances[VI_1]' in found[0].fix
    assert checked(SUB_SECOND, fast(set_key('lvs1', 'advert_int', 0.99))) == []


def test_a_whole_second_advert_int_on_the_standard_profile_is_no_lvs021():
    assert checked(SUB_SECOND) == []  # the article's own advert_int 1
