# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lexer.py: keepalived.conf text to a tree of statements, as keepalived's parser splits it: words, quoted words,
braces on the same or the next line, each statement's file:line; unbalanced braces and quotes; pasted shell prompts."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.lexer import (
    SyntaxProblem, parse_statements, syntax_issue)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_parse import INSTANCE, parse_clean


def only_issue(text, name='keepalived.conf'):
    conf, issues = config.parse(text, name)
    assert len(issues) == 1, [issue.format() for issue in issues]
    return conf, issues[0]


def tree(statements):
    """(keyword, args, children) of each statement, all the way down: the shape the parser made."""
    return [(statement.keyword, statement.args, None if statement.children is None else tree(statement.children))
            for statement in statements]


# ---- the tree of statements -----------------------------------------------------------------------------------

def test_a_statement_is_its_keyword_its_words_and_the_statements_of_its_block():
    assert tree(parse_statements(INSTANCE)) == [('vrrp_instance', ['VI_1'], [
        ('state', ['BACKUP'], None), ('interface', ['eth0'], None), ('virtual_router_id', ['51'], None),
        ('priority', ['100'], None), ('virtual_ipaddress', [], [('10.1.1.166', [], None)])])]


def test_an_empty_block_has_children_and_a_line_without_a_block_has_none():
    # children [] (a block, empty) and None (no block) are different statements: "global_defs" alone needs a block
    assert tree(parse_statements('global_defs {\n}\nnopreempt\n')) == [('global_defs', [], []), ('nopreempt', [], None)]


def test_each_statement_keeps_the_file_and_line_of_its_keyword():
    statements = parse_statements('global_defs\n{\n    router_id LVS_1\n}\n\nvrrp_script chk {\n}\n', 'lvs.conf')
    assert [statement.source for statement in statements] == ['lvs.conf:1', 'lvs.conf:6']
    assert statements[0].children[0].source == 'lvs.conf:3'


def test_a_brace_after_blank_lines_and_comments_still_opens_the_block_of_the_statement_before():
    assert tree(parse_statements('static_routes\n\n! the routes\n{\n    10.0.0.0/8 dev eth0\n}\n')) == [
        ('static_routes', [], [('10.0.0.0/8', ['dev', 'eth0'], None)])]


def test_a_brace_after_a_closed_block_has_no_statement_to_open():
    # the statement that may still take a "{" is forgotten once a "}" closes a block
    with pytest.raises(SyntaxProblem) as raised:
        parse_statements('global_defs {\n    nopreempt\n}\n{\n}\n', 'lvs.conf')
    assert (raised.value.message, raised.value.source) == ('"{" without a keyword before it', 'lvs.conf:4')


def test_a_quoted_word_keeps_its_spaces_and_braces_and_loses_its_quotes():
    statements = parse_statements('vrrp_script chk {\n    script "/bin/check {a} b"x\n}\n')
    # a quote ends a word, so x after the closing quote is a word of its own
    assert statements[0].children[0].args == ['/bin/check {a} b', 'x']


def test_an_empty_quoted_word_is_a_word():
    assert parse_statements('router_id ""\n')[0].args == ['']


def test_an_unterminated_quote_is_a_syntax_problem_at_its_line():
    with pytest.raises(SyntaxProblem) as raised:
        parse_statements('global_defs {\n    router_id "LVS_1\n}\n', 'lvs.conf')
    assert (raised.value.message, raised.value.source) == ('unterminated double quote', 'lvs.conf:2')
    assert raised.value.fix == 'close the quoted string on the same line'


def test_an_unclosed_block_names_the_outermost_open_one_and_how_many():
    with pytest.raises(SyntaxProblem) as raised:
        parse_statements('global_defs {\n}\nvrrp_instance VI_1 {\n    virtual_ipaddress {\n', 'lvs.conf')
    assert raised.value.source == 'lvs.conf:3'
    assert raised.value.message.startswith('2 block(s) not closed')


def test_a_closing_brace_too_many_goes_to_the_callers_notes_and_the_statements_after_it_are_read():
    notes = []
    statements = parse_statements('global_defs {\n}\n}\nvrrp_script chk {\n}\n', 'lvs.conf', notes=notes)
    assert [statement.keyword for statement in statements] == ['global_defs', 'vrrp_script']
    assert [(note.rule, note.source) for note in notes] == [('LVS113', 'lvs.conf:3')]


def test_a_line_that_is_not_utf8_is_read_as_latin1_with_a_note():
    notes = []
    statements = parse_statements(b'global_defs {\n    router_id caf\xe9\n}\n', 'lvs.conf', notes=notes)
    assert statements[0].children[0].args == [u'caf\xe9']
    assert [(note.rule, note.source) for note in notes] == [('LVS116', 'lvs.conf:2')]


def test_a_syntax_problem_becomes_an_lvs113_finding_with_its_message_fix_and_source():
    issue = syntax_issue(SyntaxProblem('unterminated double quote', 'close it', 'lvs.conf:2'))
    assert (issue.rule, issue.level, issue.path, issue.message, issue.fix, issue.source) == (
        'LVS113', 'error', None, 'unterminated double quote', 'close it', 'lvs.conf:2')


# ---- as the model reads it ----------------------------------------------------------------------------------------

def test_quoted_strings_are_one_word_without_their_quotes():
    text = ('global_defs {\n    router_id "LVS_1"\n    enable_script_security\n}\n'
            'vrrp_script chk_nfs {\n    script "/bin/pidof nfsd"\n    weight "-90"\n}\n')
    conf = parse_clean(text)
    assert conf.global_defs.router_id == 'LVS_1'
    assert conf.vrrp_scripts['chk_nfs'].script == '/bin/pidof nfsd'
    assert conf.vrrp_scripts['chk_nfs'].weight == -90


def test_opening_brace_on_the_next_line():
    text = '''global_defs
{
    router_id LVS_1
}
vrrp_instance VI_1
{
    interface eth0
    virtual_router_id 51
    priority 100
    authentication

    {
        auth_type PASS
        auth_pass 1111
    }
    virtual_ipaddress
    {
        10.1.1.166
    }
}
'''
    conf = parse_clean(text)
    assert conf.global_defs.router_id == 'LVS_1'
    assert conf.vrrp_instances['VI_1'].authentication.auth_pass == '1111'
    assert conf.vrrp_instances['VI_1'].virtual_ipaddress == ['10.1.1.166']


def test_blocks_on_one_line():
    text = 'global_defs { router_id LVS_1 }\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 9\n' \
           ' virtual_ipaddress { 10.1.1.166 }\n}\n'
    conf = parse_clean(text)
    assert conf.global_defs.router_id == 'LVS_1' and conf.vrrp_instances['VI_1'].virtual_ipaddress == ['10.1.1.166']


def test_tabs_crlf_and_non_breaking_spaces_are_whitespace():
    text = u'global_defs {\r\n\trouter_id\u00a0LVS_1\u00a0\u00a0\r\n}\r\n'
    assert parse_clean(text).global_defs.router_id == 'LVS_1'


def test_a_closing_brace_too_many_is_reported_and_the_rest_read_as_keepalived_does():
    conf, issue = only_issue('global_defs {\n    router_id LVS_1\n}\n}\n' + INSTANCE, 'lvs.conf')
    assert (issue.rule, issue.source, issue.level) == ('LVS113', 'lvs.conf:4', 'error')
    assert 'closing brace without a matching opening brace' in issue.message and 'Extra' in issue.message
    assert conf.global_defs.router_id == 'LVS_1' and list(conf.vrrp_instances) == ['VI_1']


# ---- pasted shell prompts -----------------------------------------------------------------------------------------

@pytest.mark.parametrize('prompt,word', [
    ('root@lb1:~# cat /etc/keepalived/keepalived.conf', 'root@lb1:~'),
    ('admin@lb-1.example.com:/etc/keepalived$ sudo vi keepalived.conf', 'admin@lb-1.example.com:/etc/keepalived$'),
    ('$ sudo vi keepalived.conf', '$'),
    ('[root@lb1 keepalived]# systemctl reload keepalived', '[root@lb1'),
])
@pytest.mark.parametrize('where', ['top', 'block', 'entries'])
def test_a_pasted_shell_prompt_is_reported_with_its_line_and_the_rest_is_read(prompt, word, where):
    lines = INSTANCE.split('\n')
    at = {'top': 0, 'block': 2, 'entries': 6}[where]
    lines.insert(at, prompt)
    lines.append('virtual_server 10.1.1.166 80 {\n    lvs_shed rr\n}')  # a later mistake is still found
    issues = config.parse('\n'.join(lines))[1]
    assert [issue.rule for issue in issues][:2] == ['LVS118', 'LVS101'], [issue.format() for issue in issues]
    assert issues[0].source == 'keepalived.conf:%d' % (at + 1) and '"%s"' % word in issues[0].message
    assert issues[1].path == 'virtual_servers[10.1.1.166:80].lvs_shed'


@pytest.mark.parametrize('line', ['ops@example.com', 'root@lb1', 'ae00::2-9 80', '$VIP 80'])
def test_lines_that_only_resemble_a_prompt_are_not_one(line):
    issues = config.parse('$VIP=10.1.1.166\nvirtual_server_group web {\n    %s\n}\n' % line)[1]
    assert 'LVS118' not in [issue.rule for issue in issues]
