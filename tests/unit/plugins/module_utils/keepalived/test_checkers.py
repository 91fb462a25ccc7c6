# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checkers that name another top-level block (FILE_CHECK a track_file, BFD_CHECK a bfd_instance) and UDP_CHECK, from a
keepalived.conf as an operator writes it: parsed without an issue, rendered back to the same text, and accepted by the
real `keepalived -t`. What keepalived -t refuses about them, the validator refuses too, with its rule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.keepalived_netns import (
    keepalived_t, netns_available)

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
BFD = '''bfd_instance rs1 {
    neighbor_ip 10.1.1.163
    source_ip 10.1.1.161
    min_rx 50
    min_tx 2.5
    idle_tx 1000.25
    multiplier 3
    ttl 255
    max_hops -1
}

'''
BFD_CHECK = '''        BFD_CHECK {
            name rs1
            alpha
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
    'bfd-check': BFD + _server(BFD_CHECK),
    # an IPv6 session with its events for the checker only: max_hops within the hop limit 64 keepalived assumes
    'bfd-check-ipv6-checker-only': '''bfd_instance rs1 {
    neighbor_ip 2001:db8::163
    passive
    max_hops 64
    checker
}

''' + _server(BFD_CHECK),
    # a session to one neighbor from each of two addresses, both checked
    'bfd-check-two-sessions-one-neighbor': BFD + BFD.replace('rs1', 'rs1_b').replace('10.1.1.161', '10.1.1.162') + _server(
        BFD_CHECK + BFD_CHECK.replace('rs1', 'rs1_b')),
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


def test_a_bfd_instance_and_its_check_are_read_as_data():
    conf = parse_clean(WRITTEN['bfd-check'])
    assert conf.bfd_instances['rs1'].to_dict() == {
        'neighbor_ip': '10.1.1.163', 'source_ip': '10.1.1.161', 'min_rx': 50, 'min_tx': 2.5, 'idle_tx': 1000.25,
        'multiplier': 3, 'ttl': 255, 'max_hops': -1}
    assert conf.virtual_servers[0].real_servers[0].checkers[0].to_dict() == {'name': 'rs1', 'alpha': True}


def test_neighbour_ip_is_read_as_neighbor_ip():
    conf, issues = config.parse(WRITTEN['bfd-check'].replace('neighbor_ip', 'neighbour_ip'))
    assert [(i.rule, i.level, i.path) for i in issues] == [('LVS110', 'warning', 'bfd_instances[rs1].neighbour_ip')]
    assert config.render(conf) == config.HEADER + '\n\n' + WRITTEN['bfd-check']


@pytest.mark.parametrize('key,value,rule_id', [
    ('min_rx', 0.5, 'LVS103'),  # at least 1 ms
    ('idle_tx', 999, 'LVS103'),  # at least a second
    ('multiplier', 0, 'LVS103'),
    ('ttl', 256, 'LVS103'),
    ('max_hops', -2, 'LVS103'),
    ('source_ip', '10.1.1.300', 'LVS106'),
])
def test_bfd_instance_values_keepalived_refuses(key, value, rule_id):
    conf, issues = config.load({'bfd_instances': {'rs1': {'neighbor_ip': '10.1.1.163', key: value}}})
    assert conf is None and [(i.rule, i.path) for i in issues] == [(rule_id, 'bfd_instances[rs1].' + key)]


def test_a_bfd_instance_name_fits_keepalived():
    """keepalived keeps 31 bytes of a name ("BFD instance ... name too long")."""
    assert config.load({'bfd_instances': {'b' * 31: {'neighbor_ip': '10.1.1.163'}}})[1] == []
    issues = config.load({'bfd_instances': {'b' * 32: {'neighbor_ip': '10.1.1.163'}}})[1]
    assert [(i.rule, i.path) for i in issues] == [('LVS103', 'bfd_instances[%s]' % ('b' * 32))]


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
    why = netns_available()
    if why:
        pytest.skip(why)
    path = tmp_path / 'keepalived.conf'
    path.write_text(config.render(parse_clean(WRITTEN[name])))
    result = keepalived_t(str(path), [])
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
    'bfd-check-undefined-instance': (
        _server(BFD_CHECK), 'LVS210', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].name',
        'BFD_CHECK - BFD rs1 not configured'),
    'bfd-check-of-a-vrrp-only-instance': (
        BFD.replace('    max_hops -1\n', '    max_hops -1\n    vrrp\n') + _server(BFD_CHECK), 'LVS210',
        'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].name', 'BFD_CHECK - BFD rs1 not configured'),
    'bfd-check-twice': (
        BFD + _server(BFD_CHECK + BFD_CHECK), 'LVS239',
        'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[1].name', 'RS already monitoring rs1'),
    'bfd-same-neighbor-twice': (
        BFD + BFD.replace('rs1', 'rs2').replace('    source_ip 10.1.1.161\n', ''), 'LVS239', 'bfd_instances[rs2].neighbor_ip',
        'BFD instance rs2 has duplicate neighbor address 10.1.1.163'),
    'bfd-source-of-another-family': (
        BFD.replace('10.1.1.161', '2001:db8::161'), 'LVS239', 'bfd_instances[rs1].source_ip', 'are not of the same family'),
    'bfd-max-hops-above-the-ipv6-hoplimit': (
        BFD.replace('10.1.1.163', '2001:db8::163').replace('    source_ip 10.1.1.161\n', '').replace('    ttl 255\n', ''),
        'LVS239', 'bfd_instances[rs1].max_hops', 'max_hops exceeds ttl/hoplimit'),
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
    why = netns_available()
    if why:
        pytest.skip(why)
    path = tmp_path / 'keepalived.conf'
    path.write_text(text)
    result = keepalived_t(str(path), [])
    assert result.returncode == 5 and words in result.stdout, '%s:\n%s' % (name, result.stdout)
