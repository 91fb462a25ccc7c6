# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsing keepalived.conf: comments, commands, include, syntax errors with file:line (quotes and braces, as
the lexer reads them: test_lexer.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config, lexer

INSTANCE = '''vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    virtual_ipaddress {
        10.1.1.166
    }
}
'''


def parse_clean(text, name='keepalived.conf', reader=None):
    conf, issues = config.parse(text, name, reader)
    assert [issue.format() for issue in issues] == []
    assert conf is not None
    return conf


def kept(conf, keyword):
    """Whether the model keeps a statement of ``keyword`` as written (passthrough) somewhere."""
    def walk(data):
        if isinstance(data, dict):
            return any(walk(value) if key != 'passthrough' else any(
                (entry if isinstance(entry, str) else next(iter(entry))).split()[0] == keyword for entry in value)
                for key, value in data.items())
        return isinstance(data, list) and any(walk(item) for item in data)
    return walk(conf.to_dict())


def only_issue(text, name='keepalived.conf', reader=None):
    conf, issues = config.parse(text, name, reader)
    assert len(issues) == 1, [issue.format() for issue in issues]
    return conf, issues[0]


# ---- comments and commands ---------------------------------------------------------------------------------------

def test_comments_with_bang_and_hash_on_their_own_lines_and_at_line_ends():
    text = '''! a comment
# another comment
vrrp_instance VI_1 {   # the instance
    ! state MASTER
    state BACKUP ! not MASTER
    interface eth0#no space before the comment
    virtual_router_id 51 # vrid
    # priority 200
    priority 100!
    virtual_ipaddress {
        10.1.1.166 # the VIP
        # 10.1.1.167
    }
}  ! end
'''
    instance = parse_clean(text).vrrp_instances['VI_1']
    assert (instance.state, instance.interface, instance.virtual_router_id, instance.priority) == ('BACKUP', 'eth0', 51, 100)
    assert instance.virtual_ipaddress == ['10.1.1.166']


def test_comment_signs_inside_double_quotes_are_text():
    text = 'global_defs {\n    enable_script_security\n}\nvrrp_script chk {\n    script "/bin/echo #1 !2"  # comment\n}\n'
    assert parse_clean(text).vrrp_scripts['chk'].script == '/bin/echo #1 !2'


SECURITY = 'global_defs {\n    enable_script_security\n}\n'
SCRIPTS = SECURITY + 'vrrp_script chk_nfs {\n    script %s\n}\n'
NOTIFY = SECURITY + INSTANCE.replace('    priority 100\n', '    priority 100\n    notify_master %s\n')


@pytest.mark.parametrize('text, value', [
    (SCRIPTS % '"/bin/pidof nfsd"', '/bin/pidof nfsd'),
    (SCRIPTS % '/bin/pidof', '/bin/pidof'),
    (NOTIFY % '/etc/keepalived/master.sh', '/etc/keepalived/master.sh'),
    (NOTIFY % '"/etc/keepalived/notify.sh MASTER"', '/etc/keepalived/notify.sh MASTER'),
    (NOTIFY % '/etc/keepalived/master.sh keepalived_script', {'command': '/etc/keepalived/master.sh', 'user': 'keepalived_script'}),
    (NOTIFY % '"/etc/keepalived/notify.sh MASTER" root root', {'command': '/etc/keepalived/notify.sh MASTER', 'user': 'root:root'}),
])
def test_a_commands_first_word_is_the_command_line_and_a_notify_scripts_next_words_its_user_and_group(text, value):
    # notify.c: set_script_params_array splits the first word (quotes keep one together), notify_script_init reads the
    # user and group after it
    conf = parse_clean(text)
    block = conf.vrrp_scripts['chk_nfs'] if 'vrrp_script' in text else conf.vrrp_instances['VI_1']
    assert getattr(block, 'script' if 'vrrp_script' in text else 'notify_master') == value
    assert config.parse(config.render(conf), 'render')[0] == conf


@pytest.mark.parametrize('text, words, line', [
    (SCRIPTS % '/bin/pidof nfsd', 'nfsd', 5),
    (NOTIFY % '/etc/keepalived/master.sh root root MASTER', 'MASTER', 9),
])
def test_words_after_what_keepalived_reads_of_a_command_are_a_warning(text, words, line):
    conf, issues = config.parse(text, 'keepalived.conf')
    assert [(issue.rule, issue.value, issue.source) for issue in issues] == [('LVS117', words, 'keepalived.conf:%d' % line)]
    assert conf is not None


def test_legacy_keywords_in_a_file_are_renamed_with_a_warning_and_source():
    text = 'virtual_server 10.1.1.166 80 {\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n    real_server 10.1.1.163 80 {\n    }\n}\n'
    conf, issues = config.parse(text, 'lvs.conf')
    assert [(i.rule, i.path, i.source) for i in issues] == [
        ('LVS110', 'virtual_servers[10.1.1.166:80].lb_algo', 'lvs.conf:2'),
        ('LVS110', 'virtual_servers[10.1.1.166:80].lb_kind', 'lvs.conf:3')]
    assert (conf.virtual_servers[0].lvs_sched, conf.virtual_servers[0].lvs_method) == ('rr', 'DR')


# ---- include --------------------------------------------------------------------------------------------------

def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def test_include_glob_is_relative_to_the_including_file(tmp_path, monkeypatch):
    main = _write(tmp_path / 'etc' / 'keepalived.conf', 'global_defs {\n    router_id LVS_1\n}\ninclude conf.d/*.conf\n')
    _write(tmp_path / 'etc' / 'conf.d' / 'b-vs.conf',
           'virtual_server 10.1.1.166 80 {\n    lvs_sched rr\n    lvs_method DR\n    protocol TCP\n    real_server 10.1.1.163 80 {\n    }\n}\n')
    _write(tmp_path / 'etc' / 'conf.d' / 'a-vrrp.conf', INSTANCE)
    _write(tmp_path / 'etc' / 'conf.d' / 'ignored.txt', 'this is not keepalived.conf {')
    monkeypatch.chdir(tmp_path)  # not the including file's directory
    with open(main) as handle:
        conf = parse_clean(handle.read(), main)
    assert conf.global_defs.router_id == 'LVS_1'
    assert list(conf.vrrp_instances) == ['VI_1']
    assert conf.virtual_servers[0].address == '10.1.1.166'


def test_include_inside_a_block_and_absolute_include(tmp_path):
    vips = _write(tmp_path / 'vips.inc', '10.1.1.166\n10.1.1.167\n')
    main = _write(tmp_path / 'keepalived.conf', INSTANCE.replace('        10.1.1.166\n', '        include vips.inc\n'))
    conf = parse_clean(open(main).read(), main)
    assert conf.vrrp_instances['VI_1'].virtual_ipaddress == ['10.1.1.166', '10.1.1.167']
    other = str(tmp_path / 'elsewhere.conf')
    conf = parse_clean('include %s\n' % _write(tmp_path / 'sub' / 'instance.conf', INSTANCE), other)
    assert list(conf.vrrp_instances) == ['VI_1']
    assert vips


def test_issue_in_an_included_file_names_that_file_and_line(tmp_path):
    included = _write(tmp_path / 'conf.d' / 'vrrp.conf', INSTANCE.replace('    priority 100\n', '    priorty 100\n'))
    main = _write(tmp_path / 'keepalived.conf', '! main\ninclude conf.d/*.conf\n')
    conf, issue = only_issue(open(main).read(), main)
    assert kept(conf, 'priorty')
    assert (issue.rule, issue.path, issue.source) == ('LVS101', 'vrrp_instances[VI_1].priorty', '%s:5' % included)


def test_syntax_error_in_an_included_file_names_that_file_and_line(tmp_path):
    included = _write(tmp_path / 'bad.conf', 'global_defs {\n    router_id "LVS_1\n}\n')
    main = _write(tmp_path / 'keepalived.conf', 'include bad.conf\n')
    conf, issue = only_issue(open(main).read(), main)
    assert (issue.rule, issue.source) == ('LVS113', '%s:2' % included)


class DictReader(lexer.Reader):
    """Includes from memory: parse without a filesystem."""

    def __init__(self, files):
        self.files = files

    def read(self, path):
        return self.files[path]

    def expand(self, pattern):
        return sorted(path for path in self.files if path.startswith(pattern.rstrip('*')))


def test_include_through_a_custom_reader():
    reader = DictReader({'/etc/keepalived/conf.d/vrrp.conf': INSTANCE})
    conf = parse_clean('include conf.d/*\n', '/etc/keepalived/keepalived.conf', reader)
    assert conf.vrrp_instances['VI_1'].priority == 100


def test_include_without_a_file_is_a_syntax_error():
    conf, issue = only_issue('global_defs {\n}\ninclude\n')
    assert (conf, issue.rule, issue.source) == (None, 'LVS113', 'keepalived.conf:3')


def test_include_nested_too_deep_is_a_syntax_error():
    reader = DictReader({'/k/loop.conf': 'include loop.conf\n'})
    conf, issue = only_issue('include loop.conf\n', '/k/keepalived.conf', reader)
    assert (conf, issue.rule) == (None, 'LVS113')
    assert issue.source == '/k/loop.conf:1'


# ---- syntax errors: LVS113 with file:line ---------------------------------------------------------------------------

@pytest.mark.parametrize('text,line,words', [
    ('global_defs {\n    router_id LVS_1\n', 1, 'not closed'),
    (INSTANCE + 'vrrp_instance VI_2 {\n    interface eth0\n', 10, 'not closed'),
    (INSTANCE.replace('        10.1.1.166\n    }\n', '        10.1.1.166\n'), 1, 'not closed'),
    ('vrrp_script chk {\n    script "/bin/pidof nfsd\n}\n', 2, 'unterminated double quote'),
    ('~SEQ(N, 1, 0, 4) router_id r$N\n', 1, 'invalid ~SEQ'),
    ('~LST(N) router_id r$N\n', 1, 'invalid ~LST'),
    ('\n{\n    router_id LVS_1\n}\n', 2, 'without a keyword'),
])
def test_syntax_errors_give_lvs113_with_file_and_line(text, line, words):
    conf, issue = only_issue(text, 'lvs.conf')
    assert conf is None
    assert (issue.rule, issue.level, issue.path) == ('LVS113', 'error', None)
    assert issue.source == 'lvs.conf:%d' % line
    assert words in issue.message
    assert issue.fix
    assert '(at lvs.conf:%d)' % line in issue.format()


@pytest.mark.parametrize('text,path,words', [
    ('vrrp_instance VI_1 VI_2 {\n}\n', 'vrrp_instance', 'one name'),
    ('vrrp_instance VI_1\n', 'vrrp_instance', 'one name'),
    ('global_defs router_id\n', 'global_defs', 'needs a block'),
    ('global_defs {\n    router_id LVS_1 {\n    }\n}\n', 'global_defs.router_id', 'takes no block'),
    ('virtual_server 10.1.1.166 80 udp {\n}\n', 'virtual_server', 'unexpected header'),
])
def test_misplaced_blocks_give_lvs113_with_the_statement_line(text, path, words):
    """Reading, not judging: the model of the rest, the statement kept as written, the finding beside it."""
    conf, issue = only_issue(text)
    assert kept(conf, path.split('.')[-1])
    assert (issue.rule, issue.path) == ('LVS113', path)
    assert words in issue.message
    assert issue.source.startswith('keepalived.conf:')


# ---- unknown keywords and bad values: the source line ---------------------------------------------------------------

@pytest.mark.parametrize('text,path,line,suggestion', [
    (INSTANCE.replace('    priority 100\n', '    priorty 100\n'), 'vrrp_instances[VI_1].priorty', 5, 'priority'),
    ('global_defs {\n    router_id LVS_1\n    enable_script_securty\n}\n', 'global_defs.enable_script_securty', 3,
     'enable_script_security'),
    ('vrrp_instanse VI_1 {\n}\n', 'vrrp_instanse', 1, 'vrrp_instance'),
    ('virtual_server 10.1.1.166 80 {\n    protocol TCP\n    real_server 10.1.1.163 80 {\n        TCP_CHEK {\n'
     '        }\n    }\n}\n', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].TCP_CHEK', 4, 'TCP_CHECK'),
])
def test_unknown_keyword_gives_lvs101_with_its_source_line(text, path, line, suggestion):
    conf, issue = only_issue(text)
    assert kept(conf, path.split('.')[-1])
    assert (issue.rule, issue.level, issue.path) == ('LVS101', 'error', path)
    assert issue.source == 'keepalived.conf:%d' % line
    assert issue.fix == 'did you mean %s?' % suggestion


@pytest.mark.parametrize('old,new,rule_id,path,line', [
    ('    priority 100', '    priority 300', 'LVS103', 'vrrp_instances[VI_1].priority', 5),
    ('    priority 100', '    priority 100 200', 'LVS102', 'vrrp_instances[VI_1].priority', 5),
    ('    state BACKUP', '    state PRIMARY', 'LVS104', 'vrrp_instances[VI_1].state', 2),
    ('    state BACKUP', '    smtp_alert 1', 'LVS102', 'vrrp_instances[VI_1].smtp_alert', 2),  # keepalived reads no 1/0
    ('    interface eth0', '    interface eth0/1', 'LVS107', 'vrrp_instances[VI_1].interface', 3),
    ('    state BACKUP', '    authentication {\n        auth_type PASS\n        auth_pass pass word\n    }', 'LVS102',
     'vrrp_instances[VI_1].authentication.auth_pass', 4),
])
def test_bad_value_in_a_file_gives_its_rule_and_source_line(old, new, rule_id, path, line):
    conf, issue = only_issue(INSTANCE.replace(old, new))
    assert (issue.rule, issue.path) == (rule_id, path)
    assert issue.source == 'keepalived.conf:%d' % line
    keyword = path.split('.')[-1]
    assert getattr(conf.vrrp_instances['VI_1'], keyword, None) in (None, False)  # not typed, so not in the model's field
    if keyword == 'auth_pass':
        assert 'pass word' not in str(conf.to_dict())  # a secret is never kept as written
    else:
        assert kept(conf, keyword)


def test_block_defined_twice_is_lvs111():
    conf, issue = only_issue(INSTANCE + INSTANCE)
    assert (issue.rule, issue.source) == ('LVS111', 'keepalived.conf:10')
    assert list(conf.vrrp_instances) == ['VI_1'] and kept(conf, 'vrrp_instance')


def test_entries_of_a_list_block_are_checked_with_their_line():
    conf, issue = only_issue(INSTANCE.replace('        10.1.1.166\n', '        10.1.1.166\n        10.1.1.300\n'))
    assert (issue.rule, issue.source) == ('LVS106', 'keepalived.conf:8')
    assert conf.vrrp_instances['VI_1'].virtual_ipaddress == ['10.1.1.166']


def test_empty_text_is_an_empty_configuration():
    conf = parse_clean('')
    assert conf.to_dict() == {}
    assert config.render(conf) == config.HEADER + '\n'


def test_parse_file_name_defaults_to_keepalived_conf():
    conf, issues = config.parse('global_defs {\n    bogus\n}\n')
    assert issues[0].source == 'keepalived.conf:2'
    assert os.path.basename(issues[0].source.split(':')[0]) == 'keepalived.conf'
