# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""checks.py: the rules that look at several values of one host's configuration together (LVS2xx). Each rule's
trigger and valid variants are in test_rules.py (TRIGGERS, NEGATIVES); here, what each check function is on its own,
and the rules' further cases."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import checks, config, rules
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.blocks import KeepalivedConf
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_rules import (
    BFD, BFD_CHECK, DELETE, RS, SCRIPT, SECOND_INSTANCE, SYNC_GROUP, TRACK_FILE, TRIGGERS, VI, VS, base, run, variant)


def _model(source):
    """The model of a trigger's input, unjudged: the check functions are applied to it one by one."""
    conf, _issues = config.load(source, check=False) if isinstance(source, dict) else config.parse(source, check=False)
    assert conf is not None
    return conf


def test_every_semantic_rule_has_one_check_function():
    registered = sorted(check.rule_id for check in checks.CHECKS)
    assert registered == sorted(rule_id for rule_id in rules.RULES if rule_id.startswith('LVS2'))


@pytest.mark.parametrize('check', checks.CHECKS, ids=lambda check: check.rule_id)
def test_each_check_finds_its_rule_alone_and_nothing_in_the_clean_configuration(check):
    # the trigger of the rule's check, given to that one function: the check finds it, and only under its own id
    found = list(check(_model(TRIGGERS[check.rule_id].input)))
    assert found and set(issue.rule for issue in found) == set([check.rule_id])
    assert list(check(_model(base()))) == []


def test_a_configuration_with_nothing_set_passes_every_check():
    # no block given at all: every check must take the unset (None) lists and mappings for empty ones
    assert checks.run(KeepalivedConf()) == []


def test_run_gives_the_findings_of_every_check_in_their_order():
    data = variant((VI + 'authentication.auth_pass', '123456789'), (VS + 'hysteresis', 1))
    conf = _model(data)
    assert [issue.rule for issue in checks.run(conf)] == [
        check.rule_id for check in checks.CHECKS for _issue in check(conf)] == ['LVS202', 'LVS206']


# ---- rules with several cases ------------------------------------------------------------------------------------

@pytest.mark.parametrize('key,value', [('preempt_delay', 300), ('garp_lower_prio_repeat', 1), ('garp_lower_prio_delay', 5),
                                       ('accept', True), ('state', 'MASTER')])
def test_lvs226_names_each_setting_strict_mode_resets(key, value):
    issues = run(variant(('global_defs.vrrp_strict', True), (VI + 'authentication', DELETE), (VI + key, value)))
    assert [(issue.rule, issue.path, issue.value) for issue in issues] == [('LVS226', VI.replace('.VI_1.', '[VI_1].') + key, value)]
    assert 'remove ' + key in issues[0].fix


@pytest.mark.parametrize('advert_int', [41, 0.015, 40.951])
def test_advert_int_invalid_for_vrrp_v3(advert_int):
    issues = run(variant((VI + 'advert_int', advert_int), (VI + 'version', 3), (VI + 'authentication', DELETE)))
    assert [(i.rule, i.path) for i in issues] == [('LVS201', 'vrrp_instances[VI_1].advert_int')]
    assert '10 ms' in issues[0].message and '40.95' in issues[0].fix


def test_advert_int_version_comes_from_global_defs_when_instance_has_none():
    data = variant(('global_defs.vrrp_version', 3), (VI + 'authentication', DELETE), (VI + 'advert_int', 0.5))
    assert run(data) == []
    data['vrrp_instances']['VI_1']['version'] = 2
    assert [i.rule for i in run(data)] == ['LVS201']


def test_advert_int_sub_second_renders_as_given_with_v3():
    conf, issues = config.load(variant((VI + 'advert_int', 0.25), (VI + 'version', 3), (VI + 'authentication', DELETE)))
    assert issues == []
    assert '    advert_int 0.25\n' in config.render(conf)


def test_auth_pass_length_counts_bytes_not_characters():
    issues = run(variant((VI + 'authentication.auth_pass', u'pässwör')))  # 7 characters, 9 bytes
    assert [i.rule for i in issues] == ['LVS202']


def test_lvs208_flags_both_nopreempt_and_preempt_delay_with_master():
    # the article's section 5 lvs1 has preempt_delay with MASTER
    issues = run(variant((VI + 'state', 'MASTER'), (VI + 'preempt_delay', 300)))
    assert [(i.rule, i.path, i.value) for i in issues] == [('LVS208', 'vrrp_instances[VI_1].preempt_delay', 300)]


@pytest.mark.parametrize('edits,key,value,message,fix', [
    ([(RS + 'checkers.1', {'type': 'FILE_CHECK', 'track_file': 'flag', 'weight': -5})], 'track_file', 'flag',
     'is not defined', 'define flag under track_files'),
    ([(RS + 'checkers.1', BFD_CHECK)], 'name', 'rs1', 'is not a defined bfd_instance', 'define rs1 under bfd_instances'),
    # keepalived's checker process forgets a bfd_instance whose events go to the VRRP process only
    ([('bfd_instances', {'rs1': dict(BFD['rs1'], vrrp=True)}), (RS + 'checkers.1', BFD_CHECK)], 'name', 'rs1',
     'BFD rs1 not configured', 'add checker to bfd_instances[rs1]'),
])
def test_lvs210_a_checker_names_what_is_not_defined(edits, key, value, message, fix):
    issues = run(variant(*edits))
    assert [(i.rule, i.path, i.value) for i in issues] == [
        ('LVS210', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[1].' + key, value)]
    assert message in issues[0].message and fix in issues[0].fix


@pytest.mark.parametrize('sessions,path,value,message', [
    ({'rs1': {'neighbor_ip': '10.1.1.163', 'source_ip': '2001:db8::161'}}, 'rs1].source_ip', '2001:db8::161',
     'not of the same family'),
    # the same neighbor, and a source_ip on one side only: keepalived takes them for one session
    ({'a': {'neighbor_ip': '10.1.1.163', 'source_ip': '10.1.1.161'}, 'b': {'neighbor_ip': '10.1.1.163'}},
     'b].neighbor_ip', '10.1.1.163', 'also the neighbor of bfd_instances[a]'),
    ({'rs1': {'neighbor_ip': '10.1.1.163', 'ttl': 10, 'hoplimit': 10}}, 'rs1].hoplimit', 10, 'the same setting as ttl'),
    ({'rs1': {'neighbor_ip': '10.1.1.163', 'ttl': 10, 'max_hops': 11}}, 'rs1].max_hops', 11, 'ttl/hoplimit 10:'),
    ({'rs1': {'neighbor_ip': '2001:db8::163', 'max_hops': -1}}, 'rs1].max_hops', -1, '-1 (255 to keepalived)'),
])
def test_lvs239_finds_every_session_keepalived_refuses(sessions, path, value, message):
    issues = run(variant(('bfd_instances', sessions)))
    assert [(i.rule, i.path, i.value) for i in issues] == [('LVS239', 'bfd_instances[' + path, value)]
    assert message in issues[0].message


def test_names_and_addresses_that_did_not_type_give_only_their_own_issues():
    """A configuration loaded in part (for the cluster rules) leaves them None: no rule takes None for a name."""
    data = variant(('bfd_instances', {'rs1': {'neighbor_ip': '10.1.1.300'}}),
                   (RS + 'checkers.1', {'type': 'BFD_CHECK', 'name': 'rs 1'}),
                   (RS + 'checkers.2', {'type': 'FILE_CHECK', 'track_file': 'a/b'}))
    issues = config.load(data, partial=True)[1]
    assert sorted((i.rule, i.path.split('.')[-1]) for i in issues) == [
        ('LVS105', 'name'), ('LVS106', 'neighbor_ip'), ('LVS112', 'track_file')]


def test_lvs239_one_real_server_checks_a_session_once():
    issues = run(variant(('bfd_instances', BFD), (RS + 'checkers.1', BFD_CHECK), (RS + 'checkers.2', BFD_CHECK)))
    assert [(i.rule, i.path) for i in issues] == [
        ('LVS239', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[2].name')]
    assert 'RS already monitoring' in issues[0].message


@pytest.mark.parametrize('require_reply', [None, True])
def test_lvs239_reply_lengths_without_a_pattern_have_no_effect(require_reply):
    checker = {'type': 'UDP_CHECK', 'min_reply_length': 4, 'max_reply_length': 64}
    if require_reply is not None:
        checker['require_reply'] = require_reply
    issues = run(variant((RS + 'checkers', [checker])))
    assert [(i.rule, i.path, i.value) for i in issues] == [
        ('LVS238', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].min_reply_length', 4)]
    assert 'no effect' in issues[0].message and 'remove min_reply_length and max_reply_length' in issues[0].fix


def test_lvs211_instance_in_two_sync_groups():
    issues = run(variant(('vrrp_instances.VI_2', SECOND_INSTANCE),
                         ('vrrp_sync_groups', {'VG_1': {'group': ['VI_1', 'VI_2']}, 'VG_2': {'group': ['VI_1', 'VI_2']}})))
    assert [(i.rule, i.path) for i in issues] == [('LVS211', 'vrrp_sync_groups[VG_2].group[0]'),
                                                  ('LVS211', 'vrrp_sync_groups[VG_2].group[1]')]
    assert 'VG_1' in issues[0].message


def test_lvs217_counts_every_place_a_script_runs():
    data = variant(('global_defs.enable_script_security', DELETE), ('vrrp_scripts', SCRIPT),
                   (VI + 'notify_master', '/etc/keepalived/notify.sh master'),
                   (RS + 'checkers', [{'type': 'MISC_CHECK', 'misc_path': '/bin/true'}]))
    issues = run(data)
    assert [i.rule for i in issues] == ['LVS217']
    assert '(2 more places)' in issues[0].message


def test_lvs218_virtual_server_without_identity():
    issues = run(variant((VS + 'address', DELETE), (VS + 'port', DELETE)))
    assert [(i.rule, i.path) for i in issues] == [('LVS218', 'virtual_servers[0]')]
    assert 'none of address, fwmark, group' in issues[0].message


@pytest.mark.parametrize('keyword,entry,blocks,weight', [
    ('track_script', {'name': 'chk_nfs', 'weight': 5}, ('vrrp_scripts', SCRIPT), 5),
    ('track_interface', {'name': 'eth1', 'weight': -10}, None, -10),
    ('track_file', 'flag', ('track_files', TRACK_FILE), 1),  # a tracked file's weight defaults to 1
    ('track_file', 'flag', ('track_files', {'flag': dict(TRACK_FILE['flag'], weight=-3)}), -3),
])
def test_lvs229_finds_every_track_kind_with_its_effective_weight(keyword, entry, blocks, weight):
    edits = [('vrrp_instances.VI_2', SECOND_INSTANCE), ('vrrp_sync_groups', SYNC_GROUP), (VI + keyword, [entry])]
    issues = run(variant(*(edits + ([blocks] if blocks else []))))
    assert [(issue.rule, issue.path) for issue in issues] == [('LVS229', 'vrrp_instances[VI_1].' + keyword)]
    assert ('weight %d' % weight) in issues[0].message


@pytest.mark.parametrize('global_version', [None, 2])
def test_lvs203_an_ipv6_instance_runs_vrrp_v3_which_has_no_authentication(global_version):
    """keepalived -t: "VRRP version 3 does not support authentication", even under global_defs vrrp_version 2."""
    edits = [(VI + 'virtual_ipaddress', ['2001:db8::166'])] + ([('global_defs.vrrp_version', global_version)] if global_version else [])
    issues = run(variant(*edits))
    assert [(i.rule, i.path) for i in issues] == [('LVS203', 'vrrp_instances[VI_1].authentication')]
    assert 'IPv6' in issues[0].message and 'remove authentication' in issues[0].fix and 'version 2' not in issues[0].fix


@pytest.mark.parametrize('entry,option', [({'address': '2001:db8::166', 'brd': '10.1.1.255'}, 'brd'),
                                          ({'address': '2001:db8::166/64', 'dev': 'eth0', 'label': 'eth0:1'}, 'label'),
                                          ({'address': '10.1.1.166/24', 'brd': '2001:db8::1'}, 'brd'),
                                          ({'address': '2001:db8::166', 'scope': 'host'}, 'scope')])
def test_lvs225_finds_every_option_the_family_cannot_have(entry, option):
    issues = run(variant((VI + 'virtual_ipaddress_excluded', [entry])))  # excluded addresses may mix families
    assert [(i.rule, i.path) for i in issues] == [('LVS225', 'vrrp_instances[VI_1].virtual_ipaddress_excluded[0].' + option)]


@pytest.mark.parametrize('address,granularity,fits', [('10.1.1.166', '255.255.255.0', True), ('10.1.1.166', 24, False),
                                                      ('2001:db8::166', 64, True), ('2001:db8::166', '255.255.255.0', False)])
def test_lvs223_persistence_granularity_fits_the_family(address, granularity, fits):
    real = '2001:db8::163' if ':' in address else '10.1.1.163'
    issues = run(variant((VS + 'address', address), (RS + 'address', real), (VS + 'persistence_timeout', 300),
                         (VS + 'persistence_granularity', granularity), (VI + 'virtual_ipaddress_excluded', [address])))
    assert [(i.rule, i.path) for i in issues] == ([] if fits else [
        ('LVS223', 'virtual_servers[%s].persistence_granularity' % ('[%s]:80' % address if ':' in address else address + ':80'))])


def test_lvs205_a_dr_sorry_server_listens_on_the_virtual_port():
    issues = run(variant((VS + 'sorry_server', '10.1.1.170 8080')))
    assert [(i.rule, i.path, i.value) for i in issues] == [('LVS205', 'virtual_servers[10.1.1.166:80].sorry_server', 8080)]
    assert run(variant((VS + 'sorry_server', '10.1.1.170 80'))) == run(variant((VS + 'sorry_server', '10.1.1.170'))) == []
