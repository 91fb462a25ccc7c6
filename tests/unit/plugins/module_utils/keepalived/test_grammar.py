# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""grammar.py: lookups in keepalived's keyword table (grammar_table.py): which keywords a block knows, and which a
given keepalived release does not have yet or no longer has, as LVS120 findings with the statement's line."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import grammar, grammar_table
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.lexer import parse_statements


def test_the_table_knows_what_keepalived_2_2_7_has():
    assert grammar.unavailable('global_defs', 'vrrp_iptables', '2.2.7') is None
    assert grammar.unavailable('vrrp_instance', 'owner_ignore_adverts', '2.2.7') == 'was added in keepalived 2.3.3'
    assert grammar_table.RELEASES[0] == '2.2.0' and '2.2.7' in grammar_table.RELEASES


def test_a_release_compares_by_its_numbers_not_its_text():
    assert grammar.release('2.2.7') == (2, 2, 7)
    assert grammar.release((2, 3, 0)) == (2, 3, 0)
    assert grammar.release('2.10.0') > grammar.release('2.9.1')  # as text, '2.10.0' < '2.9.1'


def test_keywords_are_those_of_every_block_asked_and_none_of_an_unknown_block():
    found = grammar.keywords(['global_defs', 'vrrp_script'])
    assert {'router_id', 'script', 'weight'} <= found
    assert 'virtual_router_id' not in found  # vrrp_instance's, not asked
    assert grammar.keywords(['no such block']) == set()


@pytest.mark.parametrize('blocks,keyword,known', [
    (['vrrp_instance'], 'priority', True),
    (['global_defs'], 'priority', False),                  # a keyword of another block
    (['global_defs', 'vrrp_instance'], 'priority', True),  # any of the blocks
    ([''], 'vrrp_instance', True),                          # '' is the top level
    (['vrrp_instance'], 'priorty', False),
    (['no such block'], 'priority', False),
])
def test_a_block_knows_its_own_keywords_only(blocks, keyword, known):
    assert grammar.knows(blocks, keyword) is known


@pytest.mark.parametrize('version,why', [
    ('2.2.4', 'was added in keepalived 2.2.5'),
    ((2, 2, 4), 'was added in keepalived 2.2.5'),
    ('2.2.5', None),  # the release that adds it has it
    ('2.4.3', None),
])
def test_a_keyword_is_unavailable_before_the_release_that_adds_it(version, why):
    assert grammar.unavailable('vrrp_instance', 'vrf', version) == why


def test_a_keyword_is_unavailable_from_the_release_that_removes_it(monkeypatch):
    # no keyword was removed from 2.2.0 to 2.4.3: a row of the table as the generator writes one for a removed keyword
    monkeypatch.setitem(grammar.KEYWORDS['global_defs'], 'gone_keyword', ('2.2.3', '2.3.0'))
    assert grammar.unavailable('global_defs', 'gone_keyword', '2.2.8') is None
    assert grammar.unavailable('global_defs', 'gone_keyword', '2.3.0') == 'was removed in keepalived 2.3.0'
    assert grammar.unavailable('global_defs', 'gone_keyword', '2.2.2') == 'was added in keepalived 2.2.3'


def test_a_keyword_no_release_knows_is_not_a_release_question():
    # unknown keywords are LVS101 (passthrough.py), not "upgrade keepalived"
    assert grammar.unavailable('vrrp_instance', 'priorty', '2.2.0') is None
    assert grammar.unavailable('no such block', 'vrf', '2.2.0') is None


TEXT = '''global_defs {
    router_id lb1
    nftables_ipvs
}
interface_up_down_delays
vrrp_instance VI_1 {
    interface eth0
    vrf blue
    virtual_ipaddress {
        10.1.1.166
    }
}
'''


def test_version_issues_are_lvs120_for_each_statement_the_release_lacks_at_any_depth():
    issues = grammar.version_issues(parse_statements(TEXT, 'lvs.conf'), '2.2.1')
    assert [(issue.rule, issue.path, issue.source) for issue in issues] == [
        ('LVS120', 'global_defs nftables_ipvs', 'lvs.conf:3'),
        ('LVS120', 'interface_up_down_delays', 'lvs.conf:5'),
        ('LVS120', 'vrrp_instance vrf', 'lvs.conf:8')]
    assert issues[2].message == 'was added in keepalived 2.2.5; this keepalived is 2.2.1'
    assert issues[2].fix == 'upgrade keepalived, or leave vrf out'


def test_version_issues_name_a_release_given_as_a_tuple_in_dotted_form():
    issues = grammar.version_issues(parse_statements(TEXT), (2, 2, 4))
    assert [issue.message for issue in issues] == ['was added in keepalived 2.2.5; this keepalived is 2.2.4']


def test_a_release_that_has_every_keyword_gives_no_version_issues():
    assert grammar.version_issues(parse_statements(TEXT), grammar_table.RELEASES[-1]) == []
