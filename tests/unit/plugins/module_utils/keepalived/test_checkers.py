# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checkers that name another top-level block (FILE_CHECK a track_file) and UDP_CHECK, from a keepalived.conf as an
operator writes it: parsed without an issue, rendered back to the same text, and accepted by the real `keepalived -t`.
What keepalived -t refuses about them, the validator refuses too, with its rule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_keepalived_accepts import (
    _keepalived_t, _netns_available)

SERVER = '''virtual_server 10.1.1.166 80 {
    lvs_sched rr
    lvs_method DR
    protocol TCP
    real_server 10.1.1.163 80 {
%s
    }
}
'''


def _server(checkers):
    return SERVER % checkers.rstrip('\n')


TRACK_FILE = '''track_file maint {
    file /run/lvs/maint
    weight -50
}

'''
# as lvs.cluster renders them: a top-level block before the virtual server whose checker names it (keepalived looks
# the name up when it reads the checker)
WRITTEN = {
    'file-check': TRACK_FILE + _server('''        FILE_CHECK {
            track_file maint
            weight -1000 reverse
        }
'''),
    # without a weight of its own, the real server takes the track_file's
    'file-check-weight-of-the-track-file': TRACK_FILE + _server('''        FILE_CHECK {
            track_file maint
        }
'''),
    # keepalived.conf(5)'s example of a free-form hex string, and a reply pattern with wildcard nibbles
    'udp-check': _server('''        UDP_CHECK {
            connect_port 53
            connect_timeout 4
            retry 2
            payload Ab12f 3 456 546443123
            require_reply 0a xx X1
            min_reply_length 3
            max_reply_length 512
        }
'''),
    'udp-check-any-reply': _server('''        UDP_CHECK {
            require_reply
        }
'''),
    'udp-check-icmp-only': _server('''        UDP_CHECK {
            connect_timeout 4
        }
'''),
}


def parse_clean(text):
    conf, issues = config.parse(text)
    assert [issue.format() for issue in issues] == []
    return conf


@pytest.mark.parametrize('name', sorted(WRITTEN))
def test_parse_then_render_gives_the_text_back(name):
    conf = parse_clean(WRITTEN[name])
    assert config.render(conf) == config.HEADER + '\n\n' + WRITTEN[name]
    assert config.load(conf.to_dict()) == (conf, [])


def _checker(name):
    return parse_clean(WRITTEN[name]).virtual_servers[0].real_servers[0].checkers[0]


def test_a_file_check_is_read_as_data():
    assert _checker('file-check').to_dict() == {'track_file': 'maint', 'weight': -1000, 'reverse': True}


def test_a_udp_check_is_read_as_data():
    assert _checker('udp-check').to_dict() == {
        'connect_port': 53, 'connect_timeout': 4, 'retry': 2, 'payload': 'Ab12f 3 456 546443123',
        'require_reply': '0a xx X1', 'min_reply_length': 3, 'max_reply_length': 512}
    assert _checker('udp-check-any-reply').to_dict() == {'require_reply': True}


@pytest.mark.parametrize('key,value,rule_id', [
    ('payload', '0a xx', 'LVS102'),  # wildcards only in a reply pattern ("Invalid hex string for UDP_CHECK payload")
    ('payload', '0g', 'LVS102'),
    ('payload', '', 'LVS102'),  # "UDP_CHECK payload requires a payload"
    ('payload', 1234, 'LVS102'),  # YAML's number: its digits are not the hex digits written (0012 is 10)
    ('payload', '0a\n}', 'LVS102'),
    ('payload', 'ab' * 496, 'LVS103'),  # a line keepalived would cut in two
    ('require_reply', '0a }', 'LVS102'),
    ('max_reply_length', 65536, 'LVS103'),
    ('min_reply_length', -1, 'LVS103'),
])
def test_udp_check_values_keepalived_refuses(key, value, rule_id):
    data = {'virtual_servers': [{'address': '10.1.1.166', 'port': 53, 'lvs_sched': 'rr', 'lvs_method': 'DR', 'real_servers': [
        {'address': '10.1.1.163', 'checkers': [{'type': 'UDP_CHECK', 'require_reply': '0a', key: value}]}]}]}
    conf, issues = config.load(data)
    assert conf is None and [(i.rule, i.path) for i in issues] == [
        (rule_id, 'virtual_servers[10.1.1.166:53].real_servers[10.1.1.163].checkers[0].' + key)]


def test_hex_text_is_rendered_with_single_spaces():
    conf, issues = config.load({'virtual_servers': [{'address': '10.1.1.166', 'port': 53, 'lvs_sched': 'rr',
                                                     'lvs_method': 'DR', 'real_servers': [{'address': '10.1.1.163', 'checkers': [
                                                         {'type': 'UDP_CHECK', 'payload': ' 0a\t1b\n 2c '}]}]}]})
    assert issues == [] and '            payload 0a 1b 2c\n' in config.render(conf)


@pytest.mark.parametrize('name', sorted(WRITTEN))
def test_keepalived_t_accepts_what_is_rendered(name, tmp_path):
    why = _netns_available()
    if why:
        pytest.skip(why)
    path = tmp_path / 'keepalived.conf'
    path.write_text(config.render(parse_clean(WRITTEN[name])))
    result = _keepalived_t(str(path), [])
    assert result.returncode == 0, '%s:\n%s\n%s' % (name, result.stdout, path.read_text())


# a mistake: (the text, the validator's rule and path, keepalived -t's words)
REFUSED = {
    'file-check-undefined-track-file': (
        _server('''        FILE_CHECK {
            track_file maint
        }
'''), 'LVS210', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].track_file',
        'track_file maint not found'),
    'udp-check-min-above-the-default-max': (
        _server('''        UDP_CHECK {
            require_reply 0a
            min_reply_length 300
        }
'''), 'LVS238', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].min_reply_length',
        'min_reply length 300 > max_reply_length 255 - will always fail'),
    'udp-check-wildcard-in-payload': (
        _server('''        UDP_CHECK {
            payload 0x12
        }
'''), 'LVS102', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].payload',
        'Invalid hex string for UDP_CHECK payload'),
}


@pytest.mark.parametrize('name', sorted(REFUSED))
def test_what_keepalived_t_refuses_the_validator_refuses(name, tmp_path):
    text, rule_id, where, words = REFUSED[name]
    issues = config.parse(text)[1]
    assert [(issue.rule, issue.path) for issue in config.errors(issues)] == [(rule_id, where)]
    why = _netns_available()
    if why:
        pytest.skip(why)
    path = tmp_path / 'keepalived.conf'
    path.write_text(text)
    result = _keepalived_t(str(path), [])
    assert result.returncode == 5 and words in result.stdout, '%s:\n%s' % (name, result.stdout)
