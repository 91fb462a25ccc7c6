# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The keywords issue 18 typed, read as keepalived 2.2.7 and 2.3.4 read them (their handlers in vrrp_parser.c,
global_parser.c, check_parser.c, check_api.c and check_http.c): the forms test_rich_roundtrip.py does not show."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config


def _instance(lines):
    return 'vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n%s    virtual_ipaddress {\n' \
           '        10.1.1.166\n    }\n}\n' % ''.join('    %s\n' % line for line in lines)


def _parsed(text):
    conf, issues = config.parse(text)
    return conf, [(issue.rule, issue.path) for issue in issues]


@pytest.mark.parametrize('lines,kept', [
    (['nopreempt', 'preempt'], {}),  # the later line wins, as in keepalived
    (['preempt', 'nopreempt'], {'nopreempt': True}),
    (['accept', 'no_accept'], {}),
    (['no_accept', 'accept'], {'accept': True}),
])
def test_preempt_and_no_accept_turn_the_setting_off(lines, kept):
    conf, issues = _parsed(_instance(lines))
    data = conf.vrrp_instances['VI_1'].to_dict()
    assert issues == [] and dict((key, data[key]) for key in ('nopreempt', 'accept') if key in data) == kept
    text = config.render(conf)
    assert ' preempt' not in text and 'no_accept' not in text  # keepalived's default is not written


def test_the_off_keyword_in_passthrough_says_which_key_to_write():
    data = {'vrrp_instances': {'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'virtual_ipaddress': ['10.1.1.166'],
                                        'passthrough': ['preempt']}}}
    assert [(issue.rule, issue.fix) for issue in config.load(data)[1]] == [('LVS101', 'write the key nopreempt: false')]


def test_the_on_keyword_twice_and_words_after_the_off_keyword():
    assert _parsed(_instance(['nopreempt', 'nopreempt']))[1] == [('LVS111', 'vrrp_instances[VI_1].nopreempt')]
    assert _parsed(_instance(['preempt true']))[1] == [('LVS117', 'vrrp_instances[VI_1].preempt')]


@pytest.mark.parametrize('line,value,rule', [
    ('use_vmac', True, None),
    ('use_vmac vrrp.51', 'vrrp.51', None),
    ('use_vmac 02:00:00:00:00:01 vrrp.51', '02:00:00:00:00:01 vrrp.51', None),
    ('use_vmac 02:00:00:00:00', '02:00:00:00:00', None),  # five octets: the sixth is the VRID
    ('use_vmac 01:00:00:00:00:01', None, 'LVS102'),       # multicast: keepalived ignores it
    ('use_vmac 0:0:5e:0:1:33', None, 'LVS102'),           # RFC 5798's own
    ('use_vmac 02:00:00:00', None, 'LVS102'),             # four octets
    ('use_vmac 02:00:00:00:00:', '02:00:00:00:00:', None),
    ('use_vmac a b', None, 'LVS102'),
    ('notify_deleted', True, None),
    ('notify_deleted /bin/true deleted', {'command': '/bin/true', 'user': 'deleted'}, None),
    ('notify_deleted "/bin/true deleted"', '/bin/true deleted', None),
    ('mcast_dst_ip 224.0.0.19', '224.0.0.19', None),
    ('mcast_dst_ip ff05::1', None, 'LVS106'),              # an IPv6 group must be link-local
    ('mcast_dst_ip 10.1.1.1', None, 'LVS106'),
    ('track_bfd {\n        b1 weight 300\n    }', None, 'LVS103'),
])
def test_vrrp_instance_values(line, value, rule):
    conf, issues = _parsed('bfd_instance b1 {\n    neighbor_ip 10.1.1.165\n}\n' + _instance([line]))
    keyword = line.split()[0]
    assert [found for found, _path in issues] == ([rule] if rule else [])
    if value is not None:
        assert getattr(conf.vrrp_instances['VI_1'], keyword) == value


def test_global_defs_forms():
    conf, issues = _parsed('global_defs {\n    lvs_flush_onstop\n    lvs_timeouts udp 300 tcp 7200\n'
                           '    vrrp_notify_fifo /run/vrrp.fifo root root\n    dynamic_interfaces\n}\n')
    assert issues == [('LVS110', 'global_defs.lvs_flush_onstop')]
    defs = conf.global_defs
    assert (defs.lvs_flush_on_stop, defs.lvs_timeouts, defs.vrrp_notify_fifo, defs.dynamic_interfaces) == \
        (True, {'udp': 300, 'tcp': 7200}, '/run/vrrp.fifo root:root', True)
    text = config.render(conf)
    assert '    lvs_timeouts tcp 7200 udp 300\n    lvs_flush_on_stop\n' in text
    assert '    vrrp_notify_fifo /run/vrrp.fifo root root\n' in text  # the group a word of its own, as keepalived reads it


@pytest.mark.parametrize('line,found', [
    ('vrrp_skip_check_adv_addr true', []),           # set in 2.2 (whatever the word) and in 2.3
    ('vrrp_skip_check_adv_addr false', ['LVS117']),  # set in 2.2, not in 2.3
    ('vrrp_no_swap false', ['LVS117']),              # set in both
])
def test_global_flags_and_the_words_after_them(line, found):
    assert [rule for rule, _path in _parsed('global_defs {\n    %s\n}\n' % line)[1]] == found


@pytest.mark.parametrize('key,value,rule', [
    ('vrrp_mcast_group4', '10.1.1.1', 'LVS106'),
    ('vrrp_mcast_group4', 'ff02::12', 'LVS106'),
    ('vrrp_mcast_group6', 'ff05::12', 'LVS106'),  # keepalived warns: -t fails
    ('vrrp_rt_priority', 100, 'LVS103'),
    ('checker_priority', -21, 'LVS103'),
    ('lvs_timeouts', {'tcp': 86400 * 31 + 1}, 'LVS103'),
    ('lvs_timeouts', {'sctp': 10}, 'LVS102'),
    ('lvs_flush_on_stop', 'all', 'LVS104'),
    ('notify_fifo', 'fifo', 'LVS108'),
])
def test_global_defs_refusals(key, value, rule):
    assert [issue.rule for issue in config.load({'global_defs': {key: value}})[1]] == [rule]


def test_http_protocol_from_yaml_numbers_and_the_smtp_hosts():
    checkers = [{'type': 'HTTP_GET', 'http_protocol': 1.1, 'urls': [{'path': '/'}]},
                {'type': 'SMTP_CHECK', 'hosts': [{'connect_ip': '10.1.1.9', 'retry': 2}, {}]}]
    data = {'virtual_servers': [{'address': '10.1.1.166', 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'rr', 'lvs_method': 'NAT',
                                 'real_servers': [{'address': '10.1.1.163', 'port': 80, 'checkers': checkers}]}]}
    conf, issues = config.load(data)
    assert issues == []
    text = config.render(conf)
    assert '            http_protocol 1.1\n' in text
    assert '            host {\n                connect_ip 10.1.1.9\n                retry 2\n            }\n' in text
    again, issues = config.parse(text)
    assert issues == [] and again == conf


def test_a_track_bfd_must_name_a_bfd_instance_of_the_vrrp_process():
    text = 'bfd_instance b1 {\n    neighbor_ip 10.1.1.165\n    checker\n}\n' + _instance(['track_bfd {\n        b1\n    }',
                                                                                         'track_bfd {\n        b2\n    }'])
    assert _parsed(text)[1] == [('LVS210', 'vrrp_instances[VI_1].track_bfd[0]'), ('LVS210', 'vrrp_instances[VI_1].track_bfd[1]')]


@pytest.mark.parametrize('version,found', [('2.2.7', ['LVS120']), ('2.2.8', []), ('2.3.4', [])])
def test_a_typed_keyword_newer_than_the_target_release_is_refused(version, found):
    data = {'virtual_servers': [{'address': '10.1.1.166', 'port': 443, 'protocol': 'TCP', 'lvs_sched': 'rr', 'lvs_method': 'NAT',
                                 'real_servers': [{'address': '10.1.1.163', 'port': 443, 'checkers': [
                                     {'type': 'SSL_GET', 'tls_compliant': True, 'urls': [{'path': '/'}]}]}]}]}
    assert [issue.rule for issue in config.load(data, keepalived_version=version)[1]] == found
