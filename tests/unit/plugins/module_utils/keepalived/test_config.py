# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""config.py, the model's public API: load (also with ``shared``: a cluster's directors' equal virtual servers are
loaded once, and every director still gets the same model and findings as alone), parse, release_issues, summary,
and the secrets' masks (mask_secrets on keepalived.conf text, mask_dict on input data, secret_values of a model)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, config as kaconf
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import MASK
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import article, both
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_rules import DELETE, VS, variant


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


# ---- secrets --------------------------------------------------------------------------------------------------------

SECRET = 'pw4VI_1x'
OTHER = 'pw4VI_2y'
DATA = {
    'global_defs': {'router_id': 'LVS_1'},
    'vrrp_instances': {
        'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'priority': 100, 'virtual_ipaddress': ['10.1.1.166'],
                 'authentication': {'auth_type': 'PASS', 'auth_pass': SECRET}},
        'VI_2': {'interface': 'eth0', 'virtual_router_id': 52, 'priority': 100, 'virtual_ipaddress': ['10.1.1.167'],
                 'authentication': {'auth_type': 'AH', 'auth_pass': OTHER}},
    },
}


def rendered():
    return kaconf.render(kaconf.load(copy.deepcopy(DATA))[0])


def test_mask_secrets_hides_every_auth_pass_of_a_rendered_file():
    text = rendered()
    assert SECRET in text and OTHER in text
    masked = kaconf.mask_secrets(text)
    assert SECRET not in masked and OTHER not in masked
    assert masked.count('        auth_pass %s\n' % MASK) == 2


def test_mask_secrets_changes_nothing_else():
    text = rendered()
    masked = kaconf.mask_secrets(text)
    assert len(masked.split('\n')) == len(text.split('\n'))
    changed = [(a, b) for a, b in zip(text.split('\n'), masked.split('\n')) if a != b]
    assert changed == [('        auth_pass %s' % SECRET, '        auth_pass %s' % MASK),
                       ('        auth_pass %s' % OTHER, '        auth_pass %s' % MASK)]


@pytest.mark.parametrize('line,expected', [
    ('auth_pass %s' % SECRET, 'auth_pass %s' % MASK),
    ('\tauth_pass   %s' % SECRET, '\tauth_pass   %s' % MASK),
    ('    auth_pass %s  # the password' % SECRET, '    auth_pass %s  # the password' % MASK),
    ('    auth_pass %s! note' % SECRET, '    auth_pass %s note' % MASK),
    ('    auth_pass "%s"' % SECRET, '    auth_pass %s' % MASK),
    ('    auth_pass "%s with spaces" ! quoted' % SECRET, '    auth_pass %s ! quoted' % MASK),
    (u'    auth_pass\u00a0%s' % SECRET, u'    auth_pass\u00a0%s' % MASK),
    ('    authentication { auth_type PASS auth_pass %s }' % SECRET, '    authentication { auth_type PASS auth_pass %s }' % MASK),
    ('    # auth_pass %s was the old one' % SECRET, '    # auth_pass %s was the old one' % MASK),
])
def test_mask_secrets_on_hand_written_lines(line, expected):
    masked = kaconf.mask_secrets('vrrp_instance VI_1 {\n%s\n}\n' % line)
    assert SECRET not in masked
    assert masked == 'vrrp_instance VI_1 {\n%s\n}\n' % expected


@pytest.mark.parametrize('line', ['    auth_type PASS', '    my_auth_pass x', '    auth_pass_file /x', ''])
def test_mask_secrets_leaves_other_lines_alone(line):
    assert kaconf.mask_secrets(line) == line


def test_mask_secrets_keeps_line_endings_and_the_final_newline():
    assert kaconf.mask_secrets('auth_pass a\nauth_pass b\n') == 'auth_pass %s\nauth_pass %s\n' % (MASK, MASK)


def test_mask_dict_masks_auth_pass_at_any_depth_and_in_lists():
    masked = kaconf.mask_dict(DATA)
    assert masked['vrrp_instances']['VI_1']['authentication'] == {'auth_type': 'PASS', 'auth_pass': MASK}
    assert masked['vrrp_instances']['VI_2']['authentication']['auth_pass'] == MASK
    nested = [{'auth_pass': SECRET}, [{'x': {'auth_pass': 1234}}]]
    assert kaconf.mask_dict(nested) == [{'auth_pass': MASK}, [{'x': {'auth_pass': MASK}}]]
    assert SECRET not in repr(masked) and OTHER not in repr(masked)


def test_mask_dict_keeps_everything_else_and_does_not_touch_its_input():
    original = copy.deepcopy(DATA)
    masked = kaconf.mask_dict(DATA)
    assert DATA == original
    masked['vrrp_instances']['VI_1']['authentication']['auth_pass'] = SECRET
    masked['vrrp_instances']['VI_2']['authentication']['auth_pass'] = OTHER
    assert masked == DATA


def test_mask_dict_leaves_unset_secrets_and_scalars_alone():
    assert kaconf.mask_dict({'auth_pass': None}) == {'auth_pass': None}
    assert kaconf.mask_dict('auth_pass') == 'auth_pass'
    assert kaconf.mask_dict(None) is None


def test_mask_dict_of_to_dict_output():
    data = kaconf.load(copy.deepcopy(DATA))[0].to_dict()
    assert SECRET in repr(data)
    assert SECRET not in repr(kaconf.mask_dict(data))


def test_secret_values_lists_every_auth_pass():
    assert sorted(kaconf.secret_values(kaconf.load(copy.deepcopy(DATA))[0])) == sorted([SECRET, OTHER])
    assert kaconf.secret_values(kaconf.load({})[0]) == []


def test_secret_values_finds_a_secret_in_passthrough_lines_and_in_data_that_does_not_load():
    # virtual_router_id 300 does not type: the data never becomes a model, and its secrets must still be found
    data = {'vrrp_instances': {'VI_1': {'virtual_router_id': 300, 'passthrough': ['auth_pass "%s"' % SECRET],
                                        'authentication': {'auth_type': 'PASS', 'auth_pass': OTHER}}}}
    assert kaconf.load(copy.deepcopy(data))[0] is None
    assert sorted(kaconf.secret_values(data)) == sorted([SECRET, OTHER])


def test_secret_values_skips_unset_and_boolean_secrets():
    assert kaconf.secret_values({'auth_pass': None}) == []
    assert kaconf.secret_values({'auth_pass': True}) == []
    assert kaconf.secret_values({'auth_pass': 1234}) == ['1234']


# ---- load, parse, release_issues, summary ---------------------------------------------------------------------

INSTANCE = {'interface': 'eth0', 'virtual_router_id': 51, 'virtual_ipaddress': ['10.1.1.166'],
            'authentication': {'auth_type': 'PASS', 'auth_pass': 'secret12'}}


def test_loading_none_gives_an_empty_configuration():
    conf, issues = kaconf.load(None)
    assert conf.to_dict() == {} and issues == []
    assert kaconf.render(conf) == kaconf.HEADER + '\n'


def test_a_value_that_does_not_type_gives_no_model_unless_partial():
    data = {'vrrp_instances': {'VI_1': dict(INSTANCE, virtual_router_id=300)}}
    conf, issues = kaconf.load(copy.deepcopy(data))
    assert conf is None and [(issue.rule, issue.path) for issue in issues] == [
        ('LVS103', 'vrrp_instances[VI_1].virtual_router_id')]
    # partial: the rest of the model, for the cluster rules, without the value that did not type
    conf, issues = kaconf.load(copy.deepcopy(data), partial=True)
    assert conf.vrrp_instances['VI_1'].virtual_router_id is None
    assert conf.vrrp_instances['VI_1'].interface == 'eth0'


def test_load_runs_the_semantic_checks_unless_told_not_to():
    data = {'vrrp_instances': {'VI_1': dict(INSTANCE, authentication={'auth_type': 'PASS', 'auth_pass': '123456789'})}}
    assert [issue.rule for issue in kaconf.load(copy.deepcopy(data))[1]] == ['LVS202']
    assert kaconf.load(copy.deepcopy(data), check=False)[1] == []


# protocol: explicit TCP from input, keepalived's UDP from a file

def test_protocol_defaults_to_tcp_from_input_and_is_rendered():
    conf, issues = kaconf.load(variant((VS + 'protocol', DELETE)))
    assert issues == []
    assert conf.virtual_servers[0].protocol == 'TCP'
    assert re.search(r'^    protocol TCP$', kaconf.render(conf), re.M)


def test_protocol_missing_in_a_file_is_udp_with_a_warning():
    conf, issues = kaconf.parse('virtual_server 10.1.1.166 80 {\n    lvs_sched rr\n    lvs_method DR\n    real_server 10.1.1.163 80 {\n    }\n}\n')
    assert [(i.rule, i.level) for i in issues] == [('LVS114', 'warning')]
    assert conf.virtual_servers[0].protocol == 'UDP'
    assert '    protocol UDP\n' in kaconf.render(conf)


def test_protocol_given_in_a_file_gives_no_warning():
    conf, issues = kaconf.parse('virtual_server 10.1.1.166 80 {\n    lvs_sched rr\n    lvs_method DR\n    protocol TCP\n'
                                '    real_server 10.1.1.163 80 {\n    }\n}\n')
    assert issues == [] and conf.virtual_servers[0].protocol == 'TCP'


@pytest.mark.parametrize('members,protocol', [
    ([{'fwmark': 1}, {'fwmark': 2}], None),
    # one address among the fwmarks: keepalived reads a protocol for the group's server
    ([{'fwmark': 1}, {'address': '10.1.1.166', 'port': 80}], 'TCP'),
])
def test_a_server_of_a_group_gets_tcp_unless_every_member_is_a_fwmark(members, protocol):
    data = {'virtual_server_groups': {'web': members},
            'virtual_servers': [{'group': 'web', 'lvs_sched': 'rr', 'lvs_method': 'DR',
                                 'real_servers': [{'address': '10.1.1.163'}]}]}
    conf, _issues = kaconf.load(data, check=False)
    assert conf.virtual_servers[0].protocol == protocol


def test_parse_of_text_it_cannot_read_gives_no_model_and_the_syntax_finding():
    conf, issues = kaconf.parse('vrrp_instance VI_1 {\n    interface eth0\n', name='broken.conf')
    assert conf is None
    assert [issue.rule for issue in issues] == ['LVS113'] and 'broken.conf' in issues[0].format()


def test_parse_runs_the_semantic_checks_only_when_the_file_has_no_error():
    text = 'vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    authentication {\n' \
           '        auth_type PASS\n        auth_pass 123456789\n    }\n    virtual_ipaddress {\n        10.1.1.166\n' \
           '    }\n}\n'
    assert [issue.rule for issue in kaconf.parse(text)[1]] == ['LVS202']
    assert kaconf.parse(text, check=False)[1] == []
    # an error the reading found (priority 300) keeps the semantic rules from judging a model it could not type
    broken = text.replace('    virtual_router_id 51\n', '    virtual_router_id 51\n    priority 300\n')
    assert [issue.rule for issue in kaconf.parse(broken)[1]] == ['LVS103']


@pytest.mark.parametrize('version,found', [('2.2.4', ['LVS120']), ((2, 2, 5), [])])
def test_release_issues_names_a_keyword_the_release_lacks_in_the_rendered_file(version, found):
    conf = kaconf.load({'vrrp_instances': {'VI_1': dict(INSTANCE, passthrough=['vrf blue'])}})[0]
    issues = kaconf.release_issues(kaconf.render(conf), version)
    assert [issue.rule for issue in issues] == found
    assert all('the rendered keepalived.conf' in issue.format() for issue in issues)


def test_summary_of_the_articles_director(read_article):
    conf, issues = kaconf.parse(read_article('section3-lvs1.conf'))
    assert kaconf.summary(conf) == {'virtual_servers': 1, 'lvs_methods': ['DR'], 'protocols': ['TCP'],
                                    'vrrp_instances': {'VI_1': ['10.1.1.166']}}


def test_summary_names_keepalived_default_method_and_no_protocol_for_a_fwmark():
    data = {'vrrp_instances': {'VI_2': dict(INSTANCE, virtual_ipaddress=['10.1.1.167/32 dev eth0']),
                               'VI_1': INSTANCE},
            'virtual_servers': [{'fwmark': 1, 'lvs_sched': 'rr', 'real_servers': [{'address': '10.1.1.163'}]},
                                {'address': '10.1.1.166', 'port': 53, 'protocol': 'UDP', 'lvs_sched': 'rr',
                                 'lvs_method': 'TUN', 'real_servers': [{'address': '10.1.1.163', 'port': 53}]}]}
    conf = kaconf.load(data, check=False)[0]
    assert kaconf.summary(conf) == {'virtual_servers': 2, 'lvs_methods': ['NAT', 'TUN'], 'protocols': ['UDP'],
                                    'vrrp_instances': {'VI_1': ['10.1.1.166'], 'VI_2': ['10.1.1.167']}}
