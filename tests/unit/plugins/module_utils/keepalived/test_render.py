# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rendering: deterministic, one directive per line, dependencies first, modern keywords, the article's director."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config

# The article's section-3 director (lvs1) as an operator writes it: modern keys, nothing implicit.
SECTION3_LVS1 = {
    'global_defs': {'router_id': 'LVS_1'},
    'vrrp_instances': {'VI_1': {
        'state': 'MASTER', 'interface': 'eth0', 'virtual_router_id': 51, 'priority': 100, 'advert_int': 1,
        'authentication': {'auth_type': 'PASS', 'auth_pass': '1111'},
        'virtual_ipaddress': ['10.1.1.166'],
    }},
    'virtual_servers': [{
        'address': '10.1.1.166', 'port': 80, 'delay_loop': 6, 'lvs_sched': 'rr', 'lvs_method': 'DR', 'protocol': 'TCP',
        'real_servers': [
            {'address': address, 'port': 80, 'checkers': [
                {'type': 'TCP_CHECK', 'connect_timeout': 10, 'retry': 3, 'delay_before_retry': 3, 'connect_port': 80}]}
            for address in ('10.1.1.163', '10.1.1.164')],
    }],
}

SECTION3_LVS1_TEXT = '''\
! Managed by lvs.cluster: edit the inventory, not this file.

global_defs {
    router_id LVS_1
}

vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass 1111
    }
    virtual_ipaddress {
        10.1.1.166
    }
}

virtual_server 10.1.1.166 80 {
    delay_loop 6
    lvs_sched rr
    lvs_method DR
    protocol TCP
    real_server 10.1.1.163 80 {
        TCP_CHECK {
            connect_port 80
            connect_timeout 10
            retry 3
            delay_before_retry 3
        }
    }
    real_server 10.1.1.164 80 {
        TCP_CHECK {
            connect_port 80
            connect_timeout 10
            retry 3
            delay_before_retry 3
        }
    }
}
'''

# Several named blocks of each kind, so that their order can differ.
MANY = {
    'global_defs': {'router_id': 'LVS_1', 'enable_script_security': True, 'script_user': 'root',
                    'notification_email': ['ops@example.com', 'noc@example.com']},
    'vrrp_scripts': {'chk_web': {'script': '/usr/local/bin/check_web', 'interval': 2, 'weight': -20, 'reverse': True},
                     'chk_nfs': {'script': '/bin/pidof nfsd', 'interval': 10, 'weight': -90, 'fall': 3, 'rise': 1}},
    'track_files': {'maint': {'file': '/run/maint'}, 'drain': {'file': '/run/drain', 'weight': -10}},
    'track_processes': {'nginx': {'process': 'nginx'}, 'haproxy': {'process': 'haproxy', 'weight': 5}},
    # instances with track weights stay out of sync groups: keepalived -t refuses them there (LVS229)
    'vrrp_sync_groups': {'VG_1': {'group': ['VI_3', 'VI_4'], 'notify': '/etc/keepalived/notify.sh'}},
    'vrrp_instances': {
        'VI_3': {'interface': 'eth0', 'virtual_router_id': 53, 'priority': 100, 'virtual_ipaddress': ['10.1.1.168']},
        'VI_4': {'interface': 'eth1', 'virtual_router_id': 54, 'priority': 100, 'virtual_ipaddress': ['10.1.2.168']},
        'VI_2': {'state': 'BACKUP', 'interface': 'eth1', 'virtual_router_id': 52, 'priority': 90,
                 'track_script': ['chk_web'], 'track_file': ['drain'], 'track_process': ['haproxy'],
                 'virtual_ipaddress': [{'label': 'eth1:1', 'dev': 'eth1', 'address': '10.1.2.166/24', 'scope': 'global'}]},
        'VI_1': {'priority': 100, 'virtual_router_id': 51, 'interface': 'eth0', 'state': 'BACKUP',
                 'track_script': [{'weight': -90, 'name': 'chk_nfs'}, 'chk_web'], 'track_file': ['maint'],
                 'track_process': ['nginx'], 'virtual_ipaddress': ['10.1.1.166', '10.1.1.167']},
    },
    'virtual_server_groups': {'web': ['10.1.1.166 80', '10.1.1.167 80'], 'dns': [{'fwmark': 3}]},
    'virtual_servers': [
        {'group': 'web', 'lvs_sched': 'wrr', 'lvs_method': 'NAT', 'delay_loop': 6,
         'real_servers': [{'address': '10.1.1.163', 'port': 8080, 'weight': 2,
                           'checkers': [{'type': 'HTTP_GET', 'urls': [{'status_code': [200, '300-302'], 'path': '/health'}]}]}]},
        {'address': '10.1.1.166', 'port': 443, 'lvs_sched': 'rr', 'lvs_method': 'DR',
         'real_servers': [{'port': 443, 'address': '10.1.1.164', 'checkers': [{'connect_timeout': 3, 'type': 'TCP_CHECK', 'retry': 2}]}]},
        {'fwmark': 7, 'lvs_method': 'DR', 'lvs_sched': 'sh', 'real_servers': [{'address': '10.1.1.165'}]},
    ],
}


def reordered(data):
    """The same data with every mapping's keys in reverse order (lists keep theirs: their order means something)."""
    if isinstance(data, dict):
        return dict((key, reordered(data[key])) for key in reversed(list(data)))
    if isinstance(data, list):
        return [reordered(item) for item in data]
    return data


def render(data):
    conf, issues = config.load(data)
    assert conf is not None, [issue.format() for issue in issues]
    assert [issue.format() for issue in issues if issue.level == 'error'] == []
    return config.render(conf)


def test_section3_director_renders_exactly():
    assert render(SECTION3_LVS1) == SECTION3_LVS1_TEXT


def test_section3_director_text_parses_back_to_the_same_model():
    conf, issues = config.parse(SECTION3_LVS1_TEXT)
    assert issues == []
    assert conf == config.load(SECTION3_LVS1)[0]


@pytest.mark.parametrize('data', [SECTION3_LVS1, MANY], ids=['section3', 'many'])
def test_rendering_does_not_depend_on_mapping_order(data):
    assert list(reordered(data)) != list(data)
    assert render(reordered(data)) == render(data)


def test_named_blocks_render_in_name_order():
    text = render(MANY)
    assert text.index('vrrp_instance VI_1 {') < text.index('vrrp_instance VI_2 {')
    assert text.index('vrrp_script chk_nfs {') < text.index('vrrp_script chk_web {')
    assert text.index('virtual_server_group dns {') < text.index('virtual_server_group web {')


def test_lists_keep_the_operators_order():
    text = render(MANY)
    assert text.index('virtual_server group web {') < text.index('virtual_server 10.1.1.166 443 {') < \
        text.index('virtual_server fwmark 7 {')
    assert text.index('        chk_nfs weight -90\n') < text.index('        chk_web\n')


def test_rendering_twice_gives_the_same_text():
    conf = config.load(MANY)[0]
    assert config.render(conf) == config.render(conf)


def _depths(text):
    """Check the block structure line by line; return (line, depth) pairs of the directives."""
    depth = 0
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith('!'):
            assert depth == 0 or stripped == ''
            continue
        if stripped == '}':
            depth -= 1
            assert line == '    ' * depth + '}'
            continue
        assert line == '    ' * depth + stripped, 'indentation of %r' % line
        assert '}' not in stripped and stripped.count('{') <= 1
        assert '{' not in stripped or stripped.endswith(' {')
        assert '  ' not in stripped and '\t' not in line
        found.append((stripped, depth))
        if stripped.endswith('{'):
            depth += 1
    assert depth == 0
    return found


@pytest.mark.parametrize('data', [SECTION3_LVS1, MANY], ids=['section3', 'many'])
def test_one_directive_per_line_indented_by_depth(data):
    assert _depths(render(data))


def test_header_comment_and_blank_lines_between_top_level_blocks():
    text = render(MANY)
    lines = text.split('\n')
    assert lines[0] == config.HEADER and lines[0].startswith('! ')
    assert text.endswith('}\n') and not text.endswith('\n\n')
    for number, line in enumerate(lines):
        if line and not line.startswith((' ', '}', '!')):
            assert lines[number - 1] == '', 'no blank line before %r' % line


def test_scripts_and_tracked_objects_come_before_the_instances_that_use_them():
    text = render(MANY)
    first_instance = text.index('\nvrrp_instance ')
    for block in ('vrrp_script chk_nfs {', 'vrrp_script chk_web {', 'track_file maint {', 'track_file drain {',
                  'vrrp_track_process nginx {', 'vrrp_track_process haproxy {', 'global_defs {'):
        assert text.index(block) < first_instance
    assert text.index('virtual_server_group web {') < text.index('virtual_server group web {')


LEGACY = {'virtual_servers': [{'address': '10.1.1.166', 'port': 80, 'lb_algo': 'rr', 'lb_kind': 'DR', 'real_servers': [
    {'address': '10.1.1.163', 'port': 80, 'checkers': [{'type': 'TCP_CHECK', 'nb_get_retry': 3}]}]}]}


@pytest.mark.parametrize('data', [SECTION3_LVS1, MANY, LEGACY], ids=['section3', 'many', 'legacy'])
def test_only_modern_keywords_are_rendered(data):
    text = render(data)
    words = set(re.findall(r'^\s*(\S+)', text, re.M))
    assert not words & set(['lb_algo', 'lb_kind', 'nb_get_retry', 'vrrp_track_file'])


def test_legacy_input_renders_the_modern_keywords():
    text = render(LEGACY)
    assert '    lvs_sched rr\n    lvs_method DR\n' in text
    assert '            retry 3\n' in text


@pytest.mark.parametrize('data', [SECTION3_LVS1, MANY, LEGACY], ids=['section3', 'many', 'legacy'])
def test_every_virtual_server_renders_its_protocol_except_fwmark(data):
    # keepalived 2.2.7 -t refuses a protocol on fwmark ("protocol specified for fwmark")
    text = render(data)
    blocks = re.findall(r'^virtual_server .*?^}', text, re.M | re.S)
    assert len(blocks) == len(data['virtual_servers'])
    for block in blocks:
        protocol = re.search(r'^    protocol (TCP|UDP|SCTP)$', block, re.M)
        assert (protocol is None) == block.startswith('virtual_server fwmark'), block


def test_protocol_left_out_renders_as_tcp_and_given_protocol_is_kept():
    text = render(MANY)
    assert re.findall(r'^    protocol (\S+)$', text, re.M) == ['TCP', 'TCP']


def test_options_of_an_entry_render_in_a_fixed_order():
    text = render(MANY)
    assert '        10.1.2.166/24 dev eth1 scope global label eth1:1\n' in text
    assert '            url {\n                path /health\n                status_code 200 300-302\n            }\n' in text


def test_flags_render_alone_and_false_flags_not_at_all():
    data = {'global_defs': {'enable_script_security': True, 'vrrp_strict': False},
            'vrrp_instances': {'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'priority': 100, 'nopreempt': True,
                                        'accept': False, 'smtp_alert': False, 'virtual_ipaddress': ['10.1.1.166']}}}
    text = render(data)
    assert '    enable_script_security\n' in text and '    nopreempt\n' in text
    assert 'vrrp_strict' not in text and 'accept' not in text
    assert '    smtp_alert false\n' in text  # <BOOL> keyword: false is a real value


def test_commands_render_in_double_quotes():
    text = render(MANY)
    assert '    script "/bin/pidof nfsd"\n' in text and '    notify "/etc/keepalived/notify.sh"\n' in text


def test_numbers_render_without_needless_decimals():
    data = {'track_processes': {'a': {'process': 'nginx', 'delay': 1.0}, 'b': {'process': 'nginx', 'delay': 2.50}}}
    text = render(data)
    assert '    delay 1\n' in text and '    delay 2.5\n' in text


def test_vrrp_script_times_are_whole_seconds():
    # keepalived 2.2.7: "invalid number '2.5'", and it keeps its default
    for key in ('interval', 'timeout'):
        conf, issues = config.load({'vrrp_scripts': {'chk': {'script': '/bin/true', key: 2.5}}})
        assert [(i.rule, i.path) for i in issues] == [('LVS102', 'vrrp_scripts[chk].%s' % key)]
