# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The article's eight keepalived.conf files: what they mean, the mistakes they really have, and round trips."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import io
import os

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, config

# The files exactly as the article prints them (non-breaking spaces included); they must never change.
SHA256 = {
    'section3-lvs1.conf': '5a3241c58289d1b8d0768a327ddd6e3c8b055fadea42f56d70eef10d3fb97696',
    'section3-lvs2.conf': '7094e0b9cf614d524c6c3ee9e45171c91bd40a6d96df4d65f95c528689df6ae8',
    'section4-backup.conf': 'd882a4eed97a30f87eed53461c72b9b759ad14abddc7b528a504cc997cd8ac1b',
    'section4-master.conf': '46a0ffd2db2528b0ec46f15f50e64d179c5ef2050a6ce007b82fb1360b77f9ea',
    'section4-nopreempt-lvs1.conf': '10f713dd0d1ba1311632167c68c4df03ee21406487c78e1040dc1f557da3997c',
    'section4-nopreempt-lvs2.conf': '9803adf15da13ce06d87c81ccb4ae18d6a36e2aba1f4fade7187bb642725d7a9',
    'section5-track-script-lvs1.conf': '8d53d21b32b9322411fab55c8f48d77b13ff9430f469bb4ba5a90ee1897079f9',
    'section5-track-script-lvs2.conf': '52d4664f652ee56b6e43bac112e88e1f1aa5cf1a8ae48dbcba2696c312692fa0',
}
FILES = sorted(SHA256)

_DEPRECATED_SECTION3 = [
    ('LVS110', 'virtual_servers[10.1.1.166:80].lb_algo', 26),
    ('LVS110', 'virtual_servers[10.1.1.166:80].lb_kind', 27),
    ('LVS110', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].nb_get_retry', 33),
    ('LVS110', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.164:80].checkers[0].nb_get_retry', 41),
]
# (rule, path, line or None): the findings the article's files really have, and nothing else.
EXPECTED_ISSUES = {
    'section3-lvs1.conf': _DEPRECATED_SECTION3,
    'section3-lvs2.conf': _DEPRECATED_SECTION3,
    'section4-backup.conf': [],
    'section4-master.conf': [],
    'section4-nopreempt-lvs1.conf': [],
    'section4-nopreempt-lvs2.conf': [],
    'section5-track-script-lvs1.conf': [('LVS208', 'vrrp_instances[VI_1].preempt_delay', None),
                                        ('LVS217', 'vrrp_scripts[chk_nfs]', None)],
    'section5-track-script-lvs2.conf': [('LVS217', 'vrrp_scripts[chk_nfs]', None)],
}


def _instance(state, priority, **more):
    values = {'state': state, 'interface': 'eth0', 'virtual_router_id': 51, 'priority': priority, 'advert_int': 1,
              'authentication': {'auth_type': 'PASS', 'auth_pass': '1111'}, 'virtual_ipaddress': ['10.1.1.166']}
    values.update(more)
    return values


_TCP_CHECK = {'type': 'TCP_CHECK', 'connect_timeout': 10, 'retry': 3, 'delay_before_retry': 3, 'connect_port': 80}
_SECTION3_SERVERS = [{
    'address': '10.1.1.166', 'port': 80, 'delay_loop': 6, 'lvs_sched': 'rr', 'lvs_method': 'DR', 'protocol': 'TCP',
    'real_servers': [{'address': '10.1.1.163', 'port': 80, 'checkers': [_TCP_CHECK]},
                     {'address': '10.1.1.164', 'port': 80, 'checkers': [_TCP_CHECK]}],
}]
_CHK_NFS = {'chk_nfs': {'script': '/bin/pidof nfsd', 'interval': 10, 'weight': -90, 'fall': 3, 'rise': 1}}

# What each file means, in input form: the whole of to_dict(), so nothing is lost or invented.
EXPECTED_DATA = {
    'section3-lvs1.conf': {'global_defs': {'router_id': 'LVS_1'}, 'vrrp_instances': {'VI_1': _instance('MASTER', 100)},
                           'virtual_servers': _SECTION3_SERVERS},
    'section3-lvs2.conf': {'global_defs': {'router_id': 'LVS_2'}, 'vrrp_instances': {'VI_1': _instance('BACKUP', 50)},
                           'virtual_servers': _SECTION3_SERVERS},
    'section4-backup.conf': {'global_defs': {'router_id': 'LVS2'}, 'vrrp_instances': {'VI_1': _instance('BACKUP', 90)}},
    'section4-master.conf': {'global_defs': {'router_id': 'LVS1'}, 'vrrp_instances': {'VI_1': _instance('MASTER', 200)}},
    'section4-nopreempt-lvs1.conf': {'global_defs': {'router_id': 'LVS1'},
                                     'vrrp_instances': {'VI_1': _instance('BACKUP', 100)}},
    'section4-nopreempt-lvs2.conf': {'global_defs': {'router_id': 'LVS2'},
                                     'vrrp_instances': {'VI_1': _instance('BACKUP', 150, nopreempt=True)}},
    'section5-track-script-lvs1.conf': {
        'global_defs': {'router_id': 'LVS1'}, 'vrrp_scripts': _CHK_NFS,
        'vrrp_instances': {'VI_1': _instance('MASTER', 150, preempt_delay=300, track_script=['chk_nfs'])}},
    'section5-track-script-lvs2.conf': {  # the article gives both directors router_id LVS1
        'global_defs': {'router_id': 'LVS1'}, 'vrrp_scripts': _CHK_NFS,
        'vrrp_instances': {'VI_1': _instance('BACKUP', 100, track_script=['chk_nfs'])}},
}


def _read(name):
    here = os.path.dirname(os.path.abspath(__file__))
    with io.open(os.path.join(here, 'fixtures', 'article', name), 'rb') as handle:
        return handle.read()


def parsed(name):
    return config.parse(_read(name).decode('utf-8'), name)


def test_the_fixture_directory_holds_exactly_the_article_files(article_dir):
    assert sorted(os.listdir(article_dir)) == FILES


@pytest.mark.parametrize('name', FILES)
def test_fixture_is_byte_for_byte_the_article(name):
    assert hashlib.sha256(_read(name)).hexdigest() == SHA256[name]


@pytest.mark.parametrize('name', FILES)
def test_fixture_reads_through_the_shared_conftest_fixture(name, read_article):
    assert read_article(name).encode('utf-8') == _read(name)


@pytest.mark.parametrize('name', FILES)
def test_article_file_has_exactly_its_real_findings(name):
    conf, issues = parsed(name)
    assert conf is not None
    found = [(i.rule, i.path, int(i.source.rsplit(':', 1)[1]) if i.source else None) for i in issues]
    assert sorted(found) == sorted(EXPECTED_ISSUES[name])
    for issue in issues:
        if issue.source:
            assert issue.source.startswith(name + ':')


@pytest.mark.parametrize('name', FILES)
def test_article_file_means_what_the_article_says(name):
    conf = parsed(name)[0]
    assert conf.to_dict() == EXPECTED_DATA[name]


@pytest.mark.parametrize('name', FILES)
def test_parse_of_render_gives_the_same_model(name):
    conf = parsed(name)[0]
    again, issues = config.parse(config.render(conf))
    assert again == conf
    assert sorted(i.rule for i in issues) == sorted(rule for rule, _path, _line in EXPECTED_ISSUES[name] if rule != 'LVS110')


@pytest.mark.parametrize('name', FILES)
def test_render_is_stable_through_parse(name):
    text = config.render(parsed(name)[0])
    assert config.render(config.parse(text)[0]) == text


@pytest.mark.parametrize('name', FILES)
def test_to_dict_and_load_round_trip(name):
    conf = parsed(name)[0]
    data = conf.to_dict()
    again, issues = config.load(data)
    assert again == conf
    assert again.to_dict() == data
    assert config.render(again) == config.render(conf)
    assert not [i for i in issues if i.rule == 'LVS110']  # to_dict speaks the modern keywords


@pytest.mark.parametrize('name', FILES)
def test_rendered_article_file_uses_modern_keywords_and_indentation(name):
    text = config.render(parsed(name)[0])
    assert u'\u00a0' not in text
    for legacy in ('lb_algo', 'lb_kind', 'nb_get_retry'):
        assert legacy not in text
    assert '\n    auth_pass 1111\n' not in text and '\n        auth_pass 1111\n' in text


def test_section3_comment_is_not_a_setting():
    assert parsed('section3-lvs1.conf')[0].virtual_servers[0].persistence_timeout is None


def test_section4_nopreempt_pair():
    lvs1 = parsed('section4-nopreempt-lvs1.conf')[0].vrrp_instances['VI_1']
    lvs2 = parsed('section4-nopreempt-lvs2.conf')[0].vrrp_instances['VI_1']
    assert (lvs1.state, lvs1.priority, lvs1.nopreempt) == ('BACKUP', 100, None)
    assert (lvs2.state, lvs2.priority, lvs2.nopreempt) == ('BACKUP', 150, True)


def test_section4_master_and_backup_priorities():
    assert parsed('section4-master.conf')[0].vrrp_instances['VI_1'].priority == 200
    assert parsed('section4-backup.conf')[0].vrrp_instances['VI_1'].priority == 90


def test_section5_track_script():
    conf = parsed('section5-track-script-lvs1.conf')[0]
    script = conf.vrrp_scripts['chk_nfs']
    assert (script.script, script.interval, script.weight, script.fall, script.rise) == ('/bin/pidof nfsd', 10, -90, 3, 1)
    assert script.reverse is None
    instance = conf.vrrp_instances['VI_1']
    assert (instance.state, instance.priority, instance.preempt_delay, instance.track_script) == ('MASTER', 150, 300, ['chk_nfs'])
    # the weight is what makes the failover work: 150 - 90 < 100
    assert instance.priority + script.weight < parsed('section5-track-script-lvs2.conf')[0].vrrp_instances['VI_1'].priority


def test_section5_lvs1_findings_explain_themselves():
    issues = dict((i.rule, i) for i in parsed('section5-track-script-lvs1.conf')[1])
    assert issues['LVS208'].value == 300 and 'state BACKUP' in issues['LVS208'].fix
    assert 'enable_script_security' in issues['LVS217'].fix


# Each of the article's director pairs as one cluster: every finding it really has, all at once (rule, hosts).
PASS_AUTH = ('LVS022', 'lvs1, lvs2')  # a warning: VRRPv2 PASS authentication
PAIRS = {
    'section3': ('section3-lvs1.conf', 'section3-lvs2.conf', [PASS_AUTH]),
    'section4': ('section4-master.conf', 'section4-backup.conf', [PASS_AUTH]),
    'section4-nopreempt': ('section4-nopreempt-lvs1.conf', 'section4-nopreempt-lvs2.conf', [PASS_AUTH]),
    # preempt_delay with MASTER, scripts without script security, and the copy-pasted router_id LVS1
    'section5': ('section5-track-script-lvs1.conf', 'section5-track-script-lvs2.conf',
                 [('LVS014', 'lvs1, lvs2'), ('LVS208', 'lvs1'), ('LVS217', 'lvs1, lvs2'), PASS_AUTH]),
}
_VARIABLES = (('global_defs', 'lvs_global_defs'), ('vrrp_scripts', 'lvs_vrrp_scripts'),
              ('vrrp_instances', 'lvs_vrrp_instances'), ('virtual_servers', 'lvs_virtual_servers'))


@pytest.mark.parametrize('pair', sorted(PAIRS))
def test_article_pair_as_a_cluster_reports_all_its_findings_at_once(pair):
    """The two files as the directors' inventory (their state and priority written in the instance, as the article
    does), with the real servers as inventory hosts."""
    first, second, expected = PAIRS[pair]
    hostvars = {'rs1': {'ansible_host': '10.1.1.163'}, 'rs2': {'ansible_host': '10.1.1.164'}}
    for host, address, name in (('lvs1', '10.1.1.160', first), ('lvs2', '10.1.1.162', second)):
        data = parsed(name)[0].to_dict()
        hostvars[host] = dict(((variable, data[key]) for key, variable in _VARIABLES if key in data), ansible_host=address)
    report = cluster.validate(hostvars, {'lvs_directors': ['lvs1', 'lvs2'], 'lvs_realservers': ['rs1', 'rs2']})
    assert sorted((issue.rule, issue.host) for issue in report.issues) == sorted(expected), report.format()
