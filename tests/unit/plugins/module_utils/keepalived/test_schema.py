# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""schema.py, the machinery behind every block: fields loaded from the input form with its refusals (unknown,
deprecated, given twice, required, wrong shape), rendered, read from keepalived.conf statements, and compared."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.blocks import (
    VirtualServer, VrrpInstance, VrrpScript)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.keepalived_netns import (
    keepalived_t, netns_available)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_rules import (
    DELETE, RS, VI, VS, base, run, variant)

INSTANCE = {'interface': 'eth0', 'virtual_router_id': 51, 'virtual_ipaddress': ['10.1.1.166']}


def found(issues):
    return [(issue.rule, issue.path, issue.message) for issue in issues]


# ---- loading the input form ---------------------------------------------------------------------------------------

@pytest.mark.parametrize('data,path,message', [
    ({'global_defs': ['router_id LVS_1']}, 'global_defs', 'must be a mapping of keys to values'),
    ({'vrrp_instances': ['VI_1']}, 'vrrp_instances', 'must be a mapping of names to blocks'),
    ({'virtual_servers': {'address': '10.1.1.166'}}, 'virtual_servers', 'must be a list'),
    (variant((VS + 'real_servers', [{'address': '10.1.1.163', 'checkers': {}}])),
     'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163].checkers', 'must be a list'),
])
def test_a_block_of_the_wrong_shape_is_refused_where_it_is(data, path, message):
    conf, issues = config.load(data)
    assert conf is None and found(issues) == [('LVS102', path, message)]


def test_a_checker_is_known_by_its_type_in_any_case():
    conf, issues = config.load(variant((RS + 'checkers', [{'type': 'tcp_check'}, {'type': 'FOO_CHECK'}])))
    assert found(issues) == [('LVS104', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[1].type',
                              'is not a known type')]
    assert 'TCP_CHECK' in issues[0].fix
    conf, issues = config.load(variant((RS + 'checkers', [{'type': 'tcp_check'}])))
    assert [checker.keyword for checker in conf.virtual_servers[0].real_servers[0].checkers] == ['TCP_CHECK']


def test_a_name_given_twice_as_a_number_and_a_string_is_one_name():
    # YAML reads 1 as a number; keepalived.conf has only the word 1
    scripts = {1: {'script': '/bin/true'}, '1': {'script': '/bin/false'}}
    conf, issues = config.load({'vrrp_scripts': scripts}, check=False, partial=True)
    assert found(issues) == [('LVS111', 'vrrp_scripts[1]', 'is given twice')]
    assert list(conf.vrrp_scripts) == ['1']


def test_a_named_block_given_as_null_is_an_empty_block_with_its_required_keys_missing():
    conf, issues = config.load({'vrrp_instances': {'VI_1': None}})
    assert sorted(found(issues)) == [('LVS109', 'vrrp_instances[VI_1].interface', 'is required'),
                                     ('LVS109', 'vrrp_instances[VI_1].virtual_router_id', 'is required')]


def test_a_key_given_as_null_is_left_unset():
    conf, issues = config.load({'vrrp_instances': {'VI_1': dict(INSTANCE, priority=None)}})
    assert issues == [] and conf.vrrp_instances['VI_1'].priority is None
    assert 'priority' not in conf.to_dict()['vrrp_instances']['VI_1']


# ---- the plain data and rendering -----------------------------------------------------------------------------------

def test_a_false_flag_is_unset_but_a_false_boolean_is_a_value():
    conf = config.load({'vrrp_instances': {'VI_1': dict(INSTANCE, dont_track_primary=False, smtp_alert=False)}})[0]
    # dont_track_primary is a word alone (Flag); smtp_alert reads a true/false word (Bool)
    assert conf.to_dict()['vrrp_instances']['VI_1'] == dict(INSTANCE, smtp_alert=False)
    text = config.render(conf)
    assert '    smtp_alert false\n' in text and 'dont_track_primary' not in text


def test_a_trailing_flag_renders_on_its_fields_line_and_is_read_back_from_it():
    conf = config.load({'vrrp_scripts': {'chk': {'script': '/bin/true', 'weight': -5, 'reverse': True}}})[0]
    text = config.render(conf)
    assert '    weight -5 reverse\n' in text and '    reverse\n' not in text
    assert config.parse(text)[0] == conf


def test_blocks_are_equal_by_type_and_values_and_not_hashable():
    script = VrrpScript.load({'script': '/bin/true', 'interval': 2}, 'vrrp_scripts[chk]', [])
    assert script == VrrpScript(script='/bin/true', interval=2)
    assert script != VrrpScript(script='/bin/true', interval=3)
    assert VrrpScript() != VrrpInstance()  # both without a value: the type alone tells them apart
    with pytest.raises(TypeError):
        hash(script)


def test_a_block_built_from_keywords_keeps_only_its_own_fields_by_their_names():
    # lb_algo is lvs_sched's legacy name in the input form, not a name of the model
    server = VirtualServer(address='10.1.1.166', lb_algo='rr', bogus=1)
    assert server.to_dict() == {'address': '10.1.1.166'}
    assert not hasattr(server, 'bogus') and not hasattr(server, 'lb_algo')


# ---- reading keepalived.conf statements ---------------------------------------------------------------------------

SCRIPT = 'vrrp_script chk {\n    script /bin/true\n%s}\n'


@pytest.mark.parametrize('text,path,message', [
    (SCRIPT % '    interval 2\n    interval 3\n', 'vrrp_scripts[chk].interval', 'is given twice'),
    (SCRIPT % '    interval 2 {\n    }\n', 'vrrp_scripts[chk].interval', 'takes no block'),
    (SCRIPT % '' + SCRIPT % '', 'vrrp_script', 'defines chk twice'),
    ('vrrp_sync_group VG_1 {\n    group {\n        VI_1\n    }\n    group {\n        VI_2\n    }\n}\n',
     'vrrp_sync_groups[VG_1].group', 'is given twice: keepalived keeps the first block and skips this one'),
    ('virtual_server 10.1.1.166 80 {\n    real_server 10.1.1.163 80 90 {\n    }\n}\n',
     'virtual_servers[10.1.1.166:80].real_server', 'has 3 words after the keyword, expected at most 2'),
])
def test_a_statement_keepalived_would_not_read_as_written_is_refused_with_its_line(text, path, message):
    _conf, issues = config.parse(text, check=False)
    mine = [issue for issue in issues if issue.path == path]
    assert [(issue.rule in ('LVS111', 'LVS113'), issue.message) for issue in mine] == [(True, message)], found(issues)
    assert mine[0].source is not None


def test_a_block_given_twice_is_merged_as_keepalived_does():
    text = 'global_defs {\n    router_id LVS_1\n}\nglobal_defs {\n    script_user root\n}\n'
    conf, issues = config.parse(text)
    assert issues == [] and conf.to_dict()['global_defs'] == {'router_id': 'LVS_1', 'script_user': 'root'}
    _conf, issues = config.parse(text + 'global_defs {\n    router_id LVS_2\n}\n')
    assert found(issues) == [('LVS111', 'global_defs.router_id', 'is given twice')]


# ---- the input form's rules: deprecated names, given twice, required, unknown ----------------------------------------

def test_lvs219_url_without_path_is_required_error():
    issues = run(variant((RS + 'checkers', [{'type': 'HTTP_GET', 'urls': [{'status_code': 200}]}])))
    assert [(i.rule, i.path) for i in issues] == [
        ('LVS109', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].urls[0].path')]


@pytest.mark.parametrize('path,shown', [(VI + 'interface', 'vrrp_instances[VI_1].interface'),
                                        (RS + 'address', 'virtual_servers[10.1.1.166:80].real_servers[0].address')])
def test_lvs109_a_required_key_given_as_null_is_missing(path, shown):
    """YAML's ``interface:`` with nothing after it (or a template that gives nothing) is null: not a value."""
    conf, issues = config.load(variant((path, None)))
    assert conf is None and [(i.rule, i.path) for i in issues] == [('LVS109', shown)]
    assert 'null' in issues[0].message


def test_lvs111_same_key_given_under_its_legacy_and_modern_name():
    issues = run(variant((VS + 'lb_algo', 'wrr')))
    assert [(i.rule, i.path) for i in issues] == [('LVS111', 'virtual_servers[10.1.1.166:80].lb_algo')]
    assert 'also as lvs_sched' in issues[0].message and issues[0].fix == 'keep only lvs_sched'


def test_lvs111_address_listed_twice():
    issues = run(variant((VI + 'virtual_ipaddress', ['10.1.1.166', '10.1.1.166'])))
    assert [(i.rule, i.path) for i in issues] == [('LVS111', 'vrrp_instances[VI_1].virtual_ipaddress[1]')]


@pytest.mark.parametrize('path,typo,suggestion', [
    (VI, 'priorty', 'priority'),
    (VI, 'virtual_router', 'virtual_router_id'),
    (VI, 'virtual_ipaddres', 'virtual_ipaddress'),
    ('', 'vrrp_instance', 'vrrp_instances'),
    ('global_defs.', 'router', 'router_id'),
    (VS, 'real_server', 'real_servers'),
    (VS, 'lvs_shed', 'lvs_sched'),
    (RS + 'checkers.0.', 'conect_timeout', 'connect_timeout'),
])
def test_unknown_key_suggests_the_closest_known_one(path, typo, suggestion):
    data = variant((path + typo, 1)) if path else dict(base(), **{typo: {}})
    issues = run(data)
    assert [i.rule for i in issues] == ['LVS101']
    assert issues[0].fix == 'did you mean %s?' % suggestion
    assert issues[0].path.endswith('.' + typo) or issues[0].path == typo


def test_unknown_key_without_a_close_match_lists_the_known_keys():
    issues = run(variant(('global_defs.zzzzzz', 1)))
    assert issues[0].rule == 'LVS101'
    assert issues[0].fix.startswith('known keys: ') and 'router_id' in issues[0].fix


def _legacy_input():
    data = variant((VS + 'lvs_sched', DELETE), (VS + 'lvs_method', DELETE), (VS + 'lb_algo', 'wrr'), (VS + 'lb_kind', 'NAT'),
                   (RS + 'checkers', [{'type': 'TCP_CHECK', 'nb_get_retry': 3}]))
    return data


def test_legacy_input_keys_load_with_deprecation_warnings():
    conf, issues = config.load(_legacy_input())
    assert conf is not None
    assert sorted((i.rule, i.level, i.path) for i in issues) == [
        ('LVS110', 'warning', 'virtual_servers[10.1.1.166:80].lb_algo'),
        ('LVS110', 'warning', 'virtual_servers[10.1.1.166:80].lb_kind'),
        ('LVS110', 'warning', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].nb_get_retry'),
    ]
    assert conf.virtual_servers[0].lvs_sched == 'wrr' and conf.virtual_servers[0].lvs_method == 'NAT'


def test_legacy_input_keys_render_as_modern_keywords():
    text = config.render(config.load(_legacy_input())[0])
    assert '    lvs_sched wrr\n' in text and '    lvs_method NAT\n' in text and '            retry 3\n' in text
    for legacy in ('lb_algo', 'lb_kind', 'nb_get_retry'):
        assert legacy not in text


LEGACY_RETRY = """virtual_server 10.1.1.166 80 {
    protocol TCP
    lvs_sched rr
    lvs_method DR
    real_server 10.1.1.163 80 {
        %s {
            nb_get_retry 3
            %s
        }
    }
}
"""


@pytest.mark.parametrize('checker,more,unread', [
    ('TCP_CHECK', 'connect_timeout 3', True),  # the seed article's checker
    ('HTTP_GET', 'url {\n                path /\n                status_code 200\n            }', False),
])
def test_a_legacy_keyword_keepalived_does_not_read_in_its_block_says_so(checker, more, unread, tmp_path):
    text = LEGACY_RETRY % (checker, more)
    warnings = [issue.message for issue in config.parse(text, 'legacy.conf', check=False)[1] if issue.rule == 'LVS110']
    assert len(warnings) == 1 and warnings[0].startswith('is the deprecated name of retry')
    assert ('which keepalived does not read in %s' % checker in warnings[0]) is unread
    why = netns_available()
    if why:
        pytest.skip(why)
    path = tmp_path / 'legacy.conf'
    path.write_text(text)
    assert ("Unknown keyword 'nb_get_retry'" in keepalived_t(str(path), []).stdout) is unread


def test_legacy_input_keys_come_back_modern_from_to_dict():
    data = config.load(_legacy_input())[0].to_dict()
    server = data['virtual_servers'][0]
    assert (server['lvs_sched'], server['lvs_method']) == ('wrr', 'NAT')
    assert server['real_servers'][0]['checkers'][0] == {'type': 'TCP_CHECK', 'retry': 3}
    assert 'lb_algo' not in repr(data) and 'nb_get_retry' not in repr(data)
