# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""preprocessor.py against keepalived.conf(5)'s own examples (ADVANCED CONFIGURATION): conditional lines, parameter
substitution (recursive, multiline, nested), pre-defined definitions, ~SEQ and ~LST; plus includes, escapes,
non-UTF-8 bytes, and the file:line each line keeps."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config, preprocessor
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.keepalived_netns import (
    keepalived_t, netns_available)


def lines(text, config_id=None, name='keepalived.conf', reader=None, environment=None):
    processor = preprocessor.Preprocessor(reader, config_id, environment)
    return [line.text for line in processor.lines(text, name)]


CONDITIONAL = '''global_defs {
    @main   router_id main_router
    @backup router_id backup_router
}
vrrp_instance VRRP {
    @main    unicast_src_ip 1.2.3.4
    @backup  unicast_src_ip 1.2.3.5
    @backup2 unicast_src_ip 1.2.3.6
    unicast_peer {
        @^main    1.2.3.4
        @^backup  1.2.3.5
        @^backup2 1.2.3.6
    }
}
'''


@pytest.mark.parametrize('config_id, router_id, source, peers', [
    ('main', ['router_id main_router'], ['unicast_src_ip 1.2.3.4'], ['1.2.3.5', '1.2.3.6']),
    ('backup', ['router_id backup_router'], ['unicast_src_ip 1.2.3.5'], ['1.2.3.4', '1.2.3.6']),
    (None, [], [], ['1.2.3.4', '1.2.3.5', '1.2.3.6']),  # no config id: "the router_id will not be set"
    ('other', [], [], ['1.2.3.4', '1.2.3.5', '1.2.3.6']),
])
def test_conditional_lines_follow_the_config_id(config_id, router_id, source, peers):
    result = lines(CONDITIONAL, config_id)
    assert [line for line in result if line.startswith('router_id')] == router_id
    assert [line for line in result if line.startswith('unicast_src_ip')] == source
    assert [line for line in result if line[0].isdigit()] == peers


def test_substitution_is_recursive_and_done_at_replacement_time():
    text = '$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}\n$ADDRESS_BASE_SUB=0\n${ADDRESS_BASE}.100/32\n' \
           '$ADDRESS_BASE_SUB=10\n${ADDRESS_BASE}.100/32\n'
    assert lines(text) == ['10.2.0.100/32', '10.2.10.100/32']


def test_an_undefined_parameter_stays_as_written():
    assert lines('$A=1\nscript "/bin/echo $HOME ${UNDEFINED} ${A}"\n') == ['script "/bin/echo $HOME ${UNDEFINED} 1"']
    assert lines('$A=1\nscript "/bin/echo $A"\n') == ['script "/bin/echo $A"']  # a quote is not a blank: kept
    assert lines('notify "/bin/kill -0 $PID"\n') == ['notify "/bin/kill -0 $PID"']


def test_a_reference_must_end_at_a_blank_unless_braced():
    assert lines('$N=1\nvalue $N.5 ${N}.5 $N\n') == ['value $N.5 1.5 1']


@pytest.mark.parametrize('config_id, priority', [('main', ['priority 240']), ('backup', ['priority 200']), (None, [])])
def test_definitions_on_conditional_lines(config_id, priority):
    text = '@main $PRIORITY=240\n@backup $PRIORITY=200\nvrrp_instance VI_0 {\n    priority $PRIORITY\n}\n'
    expected = priority or ['priority $PRIORITY']
    assert [line for line in lines(text, config_id) if line.startswith('priority')] == expected


def test_a_definition_that_is_a_conditional():
    text = '$IF_MAIN=@main\n$IF_MAIN priority 240\n'
    assert lines(text, 'main') == ['priority 240']
    assert lines(text, 'backup') == []


MULTILINE = r'''$INSTANCE= \
vrrp_instance VI_${NUM} { \
    interface eth0.${NUM} \
    virtual_router_id 1 \
    @high priority 130 \
    @low priority 120 \
    advert_int 1 \
    virtual_ipaddress { \
        10.0.${NUM}.254/24 \
    } \
}

$NUM=0
$INSTANCE

$NUM=1
$INSTANCE
'''


def test_a_multiline_definition_expands_to_its_lines():
    assert lines(MULTILINE, 'high') == [
        'vrrp_instance VI_0 {', 'interface eth0.0', 'virtual_router_id 1', 'priority 130', 'advert_int 1',
        'virtual_ipaddress {', '10.0.0.254/24', '}', '}',
        'vrrp_instance VI_1 {', 'interface eth0.1', 'virtual_router_id 1', 'priority 130', 'advert_int 1',
        'virtual_ipaddress {', '10.0.1.254/24', '}', '}']


NESTED = r'''$RS= \
real_server 192.168.${VS_NUM}.${RS_NUM} 80 { \
    weight 1 \
    TCP_CHECK { \
        connect_timeout 3 \
    } \
}

$VS= \
virtual_server 10.0.${VS_NUM}.4 80 { \
    protocol TCP \
    $RS_NUM=1 \
    $RS \
    $RS_NUM=2 \
    $RS \
    $RS_NUM=3 \
    $RS \
}

$VS_NUM=0
$VS

$VS_NUM=1
$VS
'''


def test_nested_multiline_definitions_make_two_virtual_servers_of_three_real_servers():
    conf, issues = config.parse(NESTED, check=False)
    assert conf is not None, [issue.format() for issue in issues]
    assert [(str(server.address), [str(real.address) for real in server.real_servers])
            for server in conf.virtual_servers] == [
        ('10.0.0.4', ['192.168.0.1', '192.168.0.2', '192.168.0.3']),
        ('10.0.1.4', ['192.168.1.1', '192.168.1.2', '192.168.1.3'])]


@pytest.mark.parametrize('line, expected', [
    ('~SEQ(SUBNET, 0, 3) ip_address 10.0.${SUBNET}.1', ['10.0.%d.1' % n for n in range(4)]),
    ('~SEQx(SUBNET, 144, 16, 192) ip_address fe80::20:${SUBNET}:1', ['fe80::20:%s:1' % h for h in '90 a0 b0 c0'.split()]),
    ('~SEQx(SUBNET, 0x90, 0x10, 0xc0) ip_address fe80::20:${SUBNET}:1',
     ['fe80::20:%s:1' % h for h in '90 a0 b0 c0'.split()]),
    ('~SEQ(N, 3) ip_address 10.0.0.$N', ['10.0.0.%d' % n for n in (1, 2, 3)]),
    ('~SEQ(N, 3, 1) ip_address 10.0.0.$N', ['10.0.0.%d' % n for n in (3, 2, 1)]),
])
def test_sequences(line, expected):
    assert [text.split()[-1] for text in lines(line + '\n')] == expected


def test_a_sequence_in_a_definition_repeats_a_multiline_definition():
    """keepalived's own test (seq2): the ~SEQ comes from a definition; the rest of the line is replaced per value."""
    text = '$BLOCK= \\\nvrrp_instance VI_${IF}_${ID} { \\\n    virtual_router_id ${ID} \\\n}\n' \
           '$IDS= ~SEQ(ID, 1, 3) $BLOCK\n~SEQ(IF, 0, 1) $IDS\n'
    result = lines(text)
    assert [line for line in result if line.startswith('vrrp_instance')] == [
        'vrrp_instance VI_%d_%d {' % (interface, number) for interface in (0, 1) for number in (1, 2, 3)]
    assert result.count('}') == 6


def test_sequences_nest():
    result = lines('~SEQx(AD2, 0x90, 0x10, 0xc0) ~SEQx(AD1, 0x12, -1, 0x0c) fe81::10:${AD2}:${AD1}\n')
    assert len(result) == 4 * 7 and result[0] == 'fe81::10:90:12' and result[-1] == 'fe81::10:c0:c'


@pytest.mark.parametrize('line, expected', [
    ('~LST({IP, IP1}, {10,1},{20,4},{5,6},{12,8}) 192.168.${IP}.${IP1}',
     ['192.168.10.1', '192.168.20.4', '192.168.5.6', '192.168.12.8']),
    ('~LST(IP, 1, 2) ~LST(IP1, 5,6,7) 192.169.${IP}.${IP1}',
     ['192.169.1.5', '192.169.1.6', '192.169.1.7', '192.169.2.5', '192.169.2.6', '192.169.2.7']),
    ('~LST({IP, IP1}, {10,1},{20,4}) ~SEQ(IP2,168,2,172) 192.${IP2}.${IP}.${IP1}',
     ['192.168.10.1', '192.170.10.1', '192.172.10.1', '192.168.20.4', '192.170.20.4', '192.172.20.4']),
])
def test_lists(line, expected):
    assert lines(line + '\n') == expected


def test_predefined_definitions():
    result = lines('a ${_INSTANCE}\nb "${_HASH}${_BANG}"\nc ${_ENV LVS_TEST}\nd ${_PWD}\ne ${_RANDOM 5 5}\n',
                   'lvs1', '/etc/keepalived/keepalived.conf', environment={'LVS_TEST': 'set'})
    assert result == ['a lvs1', 'b "#!"', 'c set', 'd /etc/keepalived', 'e 5']


def test_comments_quotes_and_escapes():
    assert lines('router_id lvs1 # a comment\nscript "/bin/echo #1 !2" ! comment\nrouter_id a\\#b\n') == [
        'router_id lvs1', 'script "/bin/echo #1 !2"', 'router_id a#b']


def test_comment_lines_do_not_end_a_multiline_definition():
    """keepalived 2.2.7 (lib/parser.c) reads a comment to its end, so a "\\" there still continues the line; in a
    multiline definition a comment or blank line is skipped and only an empty line ends it. keepalived -t on this text
    says "Unknown keyword 'bogus_one'" and "'bogus_two'" at line 9 (both from $D) and "Unknown keyword '\\'" at 11."""
    text = '$D= \\\nbogus_one a \\\n# a comment \\\n# another, without the backslash\n   \nbogus_two b \\\n\n' \
           'global_defs {\n$D\n}\n# top \\\n'
    assert lines(text, 'x') == ['global_defs {', 'bogus_one a', 'bogus_two b', '}', '\\']


class Files(preprocessor.Reader):
    def __init__(self, files):
        self.files = files

    def read(self, path):
        return self.files[path]

    def expand(self, pattern):
        return sorted(path for path in self.files if fnmatch.fnmatch(path, pattern))


def test_includes_are_relative_to_the_including_file_and_keep_their_file_and_line():
    reader = Files({'/etc/keepalived/conf.d/a.conf': b'$X=1\nrouter_id ${_PWD}\n',
                    '/etc/keepalived/conf.d/b.conf': b'\nvalue $X\n'})
    processor = preprocessor.Preprocessor(reader)
    result = processor.lines('include conf.d/*.conf\nlast $X\n', '/etc/keepalived/keepalived.conf')
    assert [(line.text, line.source) for line in result] == [
        ('router_id /etc/keepalived/conf.d', '/etc/keepalived/conf.d/a.conf:2'),
        ('value 1', '/etc/keepalived/conf.d/b.conf:2'),
        ('last 1', '/etc/keepalived/keepalived.conf:2')]  # definitions live across the files


def test_lines_that_are_not_utf8_are_read_as_latin1_and_reported():
    data = 'global_defs {\n    router_id lvs1 # 备份\n}\n'.encode('gbk') + b'! caf\xe9\n'
    conf, issues = config.parse(data, 'lvs1.conf')
    assert conf is not None and conf.global_defs.router_id == 'lvs1'
    assert [(issue.rule, issue.source) for issue in issues] == [('LVS116', 'lvs1.conf:2'), ('LVS116', 'lvs1.conf:4')]


NUL_IN_A_LINE = b'global_defs {\n    router_id lb\x00 rest {\n}\n'


def test_a_nul_ends_its_line_as_keepalived_reads_it(tmp_path):
    conf, issues = config.parse(NUL_IN_A_LINE, 'nul.conf')
    assert [issue.format() for issue in issues] == [] and conf.global_defs.router_id == 'lb'
    why = netns_available()
    if why:
        pytest.skip(why)
    path = tmp_path / 'nul.conf'
    path.write_bytes(NUL_IN_A_LINE)  # keepalived reads the brace after the NUL no more than the model does
    result = keepalived_t(str(path), [])
    # what keepalived -t says of the same line with a space for the NUL: "Unexpected '{'", "missing '}'s"
    complaints = [word for word in ('Unexpected', 'Extra', "missing '}'") if word in result.stdout]
    assert (result.returncode, complaints) == (0, []), result.stdout


def test_a_definition_that_uses_itself_is_refused_not_looped():
    conf, issues = config.parse('$A=x$A\nrouter_id $A\n')
    assert conf is None and issues[0].rule == 'LVS113' and 'does not end' in issues[0].message


def test_a_parsed_file_with_parameters_renders_plain_keepalived_conf():
    text = '$VIP=10.1.1.166\n@lvs1 $PRIO=100\n@lvs2 $PRIO=50\nvrrp_instance VI_1 {\n    interface eth0\n' \
           '    virtual_router_id 51\n    priority $PRIO\n    virtual_ipaddress {\n        $VIP\n    }\n}\n'
    conf, _issues = config.parse(text, config_id='lvs2', check=False)
    rendered = config.render(conf)
    assert 'priority 50' in rendered and '10.1.1.166' in rendered and '$' not in rendered and '@' not in rendered
