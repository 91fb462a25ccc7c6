# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One configuration that sets every block type and every key the model knows, through every round trip.

test_rich_config_sets_every_key_of_every_block keeps it that way: a new key in blocks.py fails the suite
until RICH sets it (and so until its rendering and parsing are round-trip tested).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.blocks import KeepalivedConf
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.schema import Block


def _connection(**more):
    """Every connection and retry key of a checker."""
    values = {'connect_ip': '10.1.1.163', 'connect_port': 8080, 'bindto': '10.1.1.161', 'bind_port': 40000, 'bind_if': 'eth0',
              'connect_timeout': 3, 'fwmark': 5, 'retry': 3, 'delay_before_retry': 2, 'warmup': 5, 'delay_loop': 10,
              'alpha': True, 'log_all_failures': False}
    values.update(more)
    return values


NOTIFY = '/etc/keepalived/notify.sh'
RICH = {
    'global_defs': {
        'router_id': 'LVS_1', 'notification_email': ['ops@example.com', 'noc@example.com'],
        'notification_email_from': 'keepalived@example.com', 'smtp_server': '10.1.1.1 25', 'smtp_helo_name': 'lvs1.example.com',
        'smtp_connect_timeout': 30, 'enable_script_security': True, 'script_user': 'keepalived_script:keepalived_script',
        'vrrp_version': 2, 'vrrp_garp_master_delay': 5, 'vrrp_garp_master_repeat': 3,
        'vrrp_garp_master_refresh': 60, 'vrrp_garp_master_refresh_repeat': 2, 'vrrp_garp_lower_prio_delay': 5,
        'vrrp_garp_lower_prio_repeat': 1, 'vrrp_garp_interval': 0.25,
        'vrrp_gna_interval': 0.5, 'vrrp_min_garp': True, 'vrrp_startup_delay': 2.5, 'vrrp_skip_check_adv_addr': True,
        'vrrp_check_unicast_src': True, 'vrrp_lower_prio_no_advert': True, 'vrrp_higher_prio_send_advert': False,
        'vrrp_mcast_group4': '224.0.0.18', 'vrrp_mcast_group6': 'ff02::12', 'dynamic_interfaces': 'allow_if_changes',
        'smtp_alert': True, 'smtp_alert_vrrp': True, 'smtp_alert_checker': False, 'no_email_faults': True,
        'notify_fifo': '/run/keepalived.fifo', 'notify_fifo_script': NOTIFY + ' fifo',
        'vrrp_notify_fifo': '/run/keepalived_vrrp.fifo root', 'vrrp_notify_fifo_script': NOTIFY + ' vrrp_fifo',
        'lvs_notify_fifo': '/run/keepalived_lvs.fifo root:root', 'lvs_notify_fifo_script': NOTIFY + ' lvs_fifo',
        'lvs_sync_daemon': {'interface': 'eth1', 'vrrp_instance': 'VI_1', 'sync_id': 51},
        'lvs_timeouts': {'tcp': 7200, 'tcpfin': 120, 'udp': 300}, 'lvs_flush': True, 'lvs_flush_on_stop': 'VS',
        'max_auto_priority': 10, 'vrrp_priority': -5, 'vrrp_rt_priority': 50, 'vrrp_no_swap': True, 'checker_priority': 0,
        'checker_rt_priority': 40, 'checker_no_swap': True, 'bfd_priority': -10, 'bfd_rt_priority': 60, 'bfd_no_swap': True,
        'passthrough': ['vrrp_notify_priority_changes', 'checker_log_all_failures'],
    },
    'passthrough': ['child_wait_time 5'],
    'vrrp_scripts': {
        'chk_nfs': {'script': '/bin/pidof nfsd', 'interval': 10, 'timeout': 2, 'weight': -20, 'reverse': True,
                    'rise': 1, 'fall': 3, 'user': 'root', 'init_fail': True},
        'chk_web': {'script': '/usr/local/bin/check_web --port 80', 'interval': 2},
    },
    'track_files': {'maint': {'file': '/var/run/lvs/maint', 'weight': -50, 'reverse': True, 'init_file': 0}},
    'track_processes': {'nginx': {'process': 'nginx', 'weight': 10, 'reverse': True, 'quorum': 1, 'quorum_max': 4,
                                  'delay': 1.5, 'full_command': True}},
    'bfd_instances': {
        'rs5': {'neighbor_ip': '10.1.1.165', 'source_ip': '10.1.1.161', 'min_rx': 50, 'min_tx': 50.5, 'idle_tx': 1000,
                'multiplier': 3, 'passive': True, 'ttl': 255, 'max_hops': -1, 'checker': True},
        'rs5_v6': {'neighbor_ip': '2001:db8::165', 'hoplimit': 64, 'max_hops': 2, 'vrrp': True},
    },
    'vrrp_sync_groups': {'VG_1': {'group': ['VI_2', 'VI_6'], 'smtp_alert': False,
                                  'notify_master': NOTIFY + ' master', 'notify_backup': NOTIFY + ' backup',
                                  'notify_fault': NOTIFY + ' fault', 'notify_stop': NOTIFY + ' stop', 'notify': NOTIFY}},
    'vrrp_instances': {
        'VI_1': {
            'state': 'BACKUP', 'interface': 'eth0', 'dont_track_primary': True,
            'track_interface': ['eth1', {'name': 'eth2', 'weight': -30}],
            'track_script': ['chk_web', {'name': 'chk_nfs', 'weight': -90, 'reverse': True}],
            'track_file': [{'name': 'maint', 'weight': -100}], 'track_process': ['nginx'],
            'track_bfd': [{'name': 'rs5_v6', 'weight': -20, 'reverse': True}],
            'unicast_src_ip': '10.1.1.161', 'unicast_peer': ['10.1.1.162', '10.1.1.163'], 'unicast_ttl': 64,
            'check_unicast_src': True, 'unicast_fault_no_peer': True,
            'virtual_router_id': 51, 'priority': 100, 'advert_int': 1, 'version': 2, 'nopreempt': True, 'accept': True,
            'higher_prio_send_advert': True, 'lower_prio_no_advert': False, 'skip_check_adv_addr': True, 'strict_mode': False,
            'promote_secondaries': True, 'debug': 2,
            'garp_master_delay': 5, 'garp_master_repeat': 3, 'garp_master_refresh': 60, 'garp_master_refresh_repeat': 2,
            'garp_lower_prio_delay': 5, 'garp_lower_prio_repeat': 1,
            'authentication': {'auth_type': 'PASS', 'auth_pass': 's3cret'},
            'virtual_ipaddress': ['10.1.1.166', {'address': '10.1.1.167/24', 'dev': 'eth0', 'label': 'eth0:1',
                                                 'scope': 'global', 'brd': '10.1.1.255'}],
            'virtual_ipaddress_excluded': [{'address': '10.1.2.166/24', 'dev': 'eth1', 'scope': 'link'}, '2001:db8::167',
                                           {'address': '10.1.2.167', 'peer': '10.1.2.1', 'preferred_lft': 'forever',
                                            'nodad': True, 'no_track': True},
                                           {'address': '10.1.2.168/24', 'brd': '+', 'noprefixroute': True}],
            'smtp_alert': True,
            'notify_master': NOTIFY + ' master', 'notify_backup': NOTIFY + ' backup', 'notify_fault': NOTIFY + ' fault',
            'notify_stop': NOTIFY + ' stop', 'notify': NOTIFY, 'notify_deleted': NOTIFY + ' deleted',
            'passthrough': ['notify_master_rx_lower_pri ' + NOTIFY, 'kernel_rx_buf_size 65536'],
        },
        'VI_2': {'interface': 'eth0', 'virtual_router_id': 53, 'priority': 100, 'virtual_ipaddress': ['10.1.1.169'],
                 'mcast_dst_ip': '224.0.0.18', 'notify_deleted': True, 'use_vmac': 'vrrp.53', 'vmac_xmit_base': True},
        'VI_6': {
            'state': 'BACKUP', 'interface': 'eth0', 'native_ipv6': True, 'mcast_src_ip': '2001:db8::161', 'virtual_router_id': 52,
            'priority': 90, 'advert_int': 0.5, 'version': 3, 'preempt_delay': 60,
            'virtual_ipaddress': ['2001:db8::166/64'],
        },
    },
    'virtual_server_groups': {'web': ['10.1.1.166 80', {'address': '10.1.1.167', 'port': 443}, {'fwmark': 7}]},
    'virtual_servers': [
        {'address': '10.1.1.166', 'port': 80, 'delay_loop': 6, 'lvs_sched': 'wrr', 'lvs_method': 'NAT',
         'persistence_engine': 'sip', 'persistence_timeout': 300, 'persistence_granularity': '255.255.255.0', 'protocol': 'TCP',
         'ha_suspend': True, 'alpha': True, 'omega': True, 'quorum': 2, 'hysteresis': 1, 'quorum_up': '/usr/local/bin/quorum up',
         'quorum_down': '/usr/local/bin/quorum down', 'sorry_server': '10.1.1.170 8080', 'sorry_server_lvs_method': 'NAT',
         'sorry_server_inhibit': True, 'inhibit_on_failure': True, 'virtualhost': 'www.example.com', 'smtp_alert': True,
         'retry': 2, 'delay_before_retry': 1.5, 'warmup': 4, 'connect_timeout': 5, 'passthrough': ['snmp_name web_80'],
         'real_servers': [
             {'address': '10.1.1.163', 'port': 8080, 'weight': 2, 'lvs_method': 'NAT', 'uthreshold': 1000, 'lthreshold': 800,
              'inhibit_on_failure': True, 'alpha': True, 'smtp_alert': False,
              'notify_up': '/usr/local/bin/rs up', 'notify_down': '/usr/local/bin/rs down',
              'retry': 4, 'delay_before_retry': 2, 'warmup': 1, 'connect_timeout': 2.5, 'delay_loop': 20,
              'passthrough': ['snmp_name rs_163'],
              'checkers': [
                  _connection(type='HTTP_GET', virtualhost='www.example.com', http_protocol='1.1', enable_sni=False,
                              fast_recovery=True, urls=[
                                  {'path': '/health', 'status_code': [200, '300-399'], 'regex_no_match': True,
                                   'passthrough': ['regex "^down( for maintenance)?"']},
                                  {'path': '/index.html', 'digest': '9b3a0c85a887a256d6939da88aabd8cd', 'status_code': 200,
                                   'virtualhost': 'static.example.com'},
                                  {'path': '/ready', 'status_code': '200-204 418'}]),
                  {'type': 'MISC_CHECK', 'misc_path': '/usr/local/bin/check_app 10.1.1.163', 'misc_timeout': 5,
                   'misc_dynamic': True, 'user': 'nobody', 'retry': 2, 'delay_before_retry': 1, 'warmup': 3, 'delay_loop': 30,
                   'alpha': False, 'log_all_failures': True},
              ]},
             {'address': '10.1.1.164', 'port': 8443,
              'checkers': [_connection(type='SSL_GET', connect_port=8443, virtualhost='www.example.com', enable_sni=True,
                                       http_protocol='1.0C', fast_recovery=False, urls=[{'path': '/', 'status_code': '200-299'}]),
                           _connection(type='TCP_CHECK', connect_port=8443, connect_timeout=0.5)]},
         ]},
        {'fwmark': 1, 'ip_family': 'inet', 'lvs_sched': 'mh', 'mh-port': True, 'mh-fallback': True, 'lvs_method': 'DR', 'delay_loop': 10,
         'real_servers': [{'address': '10.1.1.165', 'checkers': [
             _connection(type='DNS_CHECK', connect_port=53, query_type='AAAA', query_name='www.example.com'),
             _connection(type='PING_CHECK', connect_port=7),
             # a checker's weight may go beyond the track_file's own range of -254 to 254
             {'type': 'FILE_CHECK', 'track_file': 'maint', 'weight': -1000, 'reverse': True},
             _connection(type='UDP_CHECK', connect_port=53, payload='0a1B 2c3', require_reply='0a xX',
                         min_reply_length=2, max_reply_length=512),
             {'type': 'BFD_CHECK', 'name': 'rs5', 'alpha': True}]}]},
        {'group': 'web', 'lvs_sched': 'sh', 'sh-port': True, 'sh-fallback': True, 'lvs_method': 'DR', 'protocol': 'SCTP',
         'sorry_server': {'address': '10.1.1.171'},
         'real_servers': [{'address': '10.1.1.168', 'checkers': [
             _connection(type='SMTP_CHECK', helo_name='lvs.example.com', connect_port=25,
                         hosts=[_connection(connect_ip='10.1.1.169', connect_port=25)])]}]},
    ],
}


def _strict():
    """RICH under vrrp_strict, without what strict mode resets (LVS226) and with a link-local first IPv6 VIP (LVS227);
    with what keepalived 2.2.7 does not know yet, which its keepalived -t takes out (for_keepalived_t)."""
    data = copy.deepcopy(RICH)
    data['global_defs']['vrrp_strict'] = True
    data['virtual_servers'][0]['real_servers'][1]['checkers'][0]['tls_compliant'] = True  # 2.2.8
    for key in ('authentication', 'accept', 'garp_lower_prio_delay', 'garp_lower_prio_repeat', 'higher_prio_send_advert',
                'lower_prio_no_advert'):
        del data['vrrp_instances']['VI_1'][key]
    del data['vrrp_instances']['VI_2']['vmac_xmit_base']
    del data['vrrp_instances']['VI_6']['preempt_delay']
    data['vrrp_instances']['VI_6']['virtual_ipaddress'].insert(0, 'fe80::166/64')
    return data


# vrrp_strict excludes some keys, so the two together set every key
STRICT = _strict()
FIXTURES = {'rich': RICH, 'strict': STRICT}


def for_keepalived_t(data):
    """``data`` without the keys keepalived 2.2.7 (the one installed here) does not know yet."""
    data = copy.deepcopy(data)
    for server in data['virtual_servers']:
        for real in server.get('real_servers', []):
            for checker in real.get('checkers', []):
                checker.pop('tls_compliant', None)
    return data


def _block_classes(cls=Block):
    for sub in cls.__subclasses__():
        yield sub
        yield from _block_classes(sub)


def _set_keys(block, seen):
    keys = seen.setdefault(type(block), set())
    for field in block.fields:
        value = getattr(block, field.name)
        if field.is_set(value):
            keys.add(field.name)
        for item in (value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]):
            if isinstance(item, Block):
                _set_keys(item, seen)
    return seen


def load_clean(data):
    conf, issues = config.load(copy.deepcopy(data))
    assert [issue.format() for issue in issues] == []
    return conf


def canonical(data):
    return json.dumps(data, sort_keys=True)


@pytest.mark.parametrize('name', sorted(FIXTURES))
def test_rich_config_loads_without_any_issue(name):
    assert load_clean(FIXTURES[name]) is not None


def test_rich_config_sets_every_key_of_every_block():
    seen = _set_keys(load_clean(STRICT), _set_keys(load_clean(RICH), {}))
    classes = set(_block_classes())
    assert sorted(cls.__name__ for cls in classes - set(seen)) == []
    # passthrough holds what the model does not type: test_passthrough.py covers it block by block
    missing = dict((cls.__name__, sorted(set(f.name for f in cls.fields) - seen[cls] - {'passthrough'})) for cls in classes)
    assert dict((name, keys) for name, keys in missing.items() if keys) == {}


@pytest.mark.parametrize('name', sorted(FIXTURES))
def test_rich_config_parse_of_render_equals_the_loaded_model(name):
    conf = load_clean(FIXTURES[name])
    text = config.render(conf)
    again, issues = config.parse(text, 'rendered.conf')
    assert [issue.format() for issue in issues] == []
    assert again == conf
    assert canonical(again.to_dict()) == canonical(conf.to_dict())


@pytest.mark.parametrize('name', sorted(FIXTURES))
def test_rich_config_render_is_a_fixed_point(name):
    text = config.render(load_clean(FIXTURES[name]))
    assert config.render(config.parse(text)[0]) == text


@pytest.mark.parametrize('name', sorted(FIXTURES))
def test_rich_config_to_dict_is_stable(name):
    data = load_clean(FIXTURES[name]).to_dict()
    assert canonical(load_clean(data).to_dict()) == canonical(data)
    assert canonical(load_clean(config.parse(config.render(load_clean(data)))[0].to_dict()).to_dict()) == canonical(data)


def test_rich_config_to_dict_keeps_the_operators_short_forms():
    data = load_clean(RICH).to_dict()
    instance = data['vrrp_instances']['VI_1']
    assert instance['virtual_ipaddress'][0] == '10.1.1.166'
    assert instance['virtual_ipaddress'][1] == {'address': '10.1.1.167/24', 'dev': 'eth0', 'label': 'eth0:1',
                                                'scope': 'global', 'brd': '10.1.1.255'}
    assert instance['track_script'] == ['chk_web', {'name': 'chk_nfs', 'weight': -90, 'reverse': True}]
    assert instance['track_interface'] == ['eth1', {'name': 'eth2', 'weight': -30}]
    assert data['virtual_server_groups']['web'] == [{'address': '10.1.1.166', 'port': 80},
                                                    {'address': '10.1.1.167', 'port': 443}, {'fwmark': 7}]


def test_rich_config_normalizes_values():
    data = load_clean(RICH).to_dict()
    server = data['virtual_servers'][0]
    assert server['sorry_server'] == {'address': '10.1.1.170', 'port': 8080}
    urls = server['real_servers'][0]['checkers'][0]['urls']
    assert [url['status_code'] for url in urls] == [[200, '300-399'], [200], ['200-204', 418]]
    assert data['vrrp_instances']['VI_6']['advert_int'] == 0.5
    assert data['vrrp_scripts']['chk_nfs']['reverse'] is True


@pytest.mark.parametrize('line', [
    '    weight -20 reverse',
    '    weight -50 reverse',
    '        chk_nfs weight -90 reverse',
    '        eth2 weight -30',
    '        10.1.1.167/24 brd 10.1.1.255 dev eth0 scope global label eth0:1',
    '        10.1.2.166/24 dev eth1 scope link',
    '        10.1.2.167 peer 10.1.2.1 preferred_lft forever -nodad no_track',
    '        10.1.2.168/24 brd + noprefixroute',
    '    lvs_sync_daemon eth1 VI_1 id 51',
    '    smtp_server 10.1.1.1 25',
    '    smtp_alert false',
    '    advert_int 0.5',
    '    sorry_server 10.1.1.170 8080',
    '    sorry_server 10.1.1.171',
    '    10.1.1.167 443',
    '    fwmark 7',
    'virtual_server fwmark 1 {',
    'virtual_server group web {',
    '    real_server 10.1.1.165 {',
    '                status_code 200 300-399',
    '                status_code 200-204 418',
    '                digest 9b3a0c85a887a256d6939da88aabd8cd',
    '            type AAAA',
    '            name www.example.com',
    '            misc_path "/usr/local/bin/check_app 10.1.1.163"',
    '        SSL_GET {',
    '        PING_CHECK {',
    '        FILE_CHECK {',
    '            track_file maint',
    '            weight -1000 reverse',
    '        UDP_CHECK {',
    '            payload 0a1B 2c3',
    '            require_reply 0a xX',
    '        BFD_CHECK {',
    '            name rs5',
    '    min_tx 50.5',
    '    max_hops -1',
    '        SMTP_CHECK {',
    '    vrrp_garp_interval 0.25',
])
def test_rich_config_renders_each_option_form(line):
    assert line + '\n' in config.render(load_clean(RICH))


def test_every_top_level_block_type_is_rendered():
    text = config.render(load_clean(RICH))
    for keyword in ('global_defs {', 'vrrp_script chk_nfs {', 'track_file maint {', 'vrrp_track_process nginx {',
                    'bfd_instance rs5 {', 'bfd_instance rs5_v6 {',
                    'vrrp_sync_group VG_1 {', 'vrrp_instance VI_1 {', 'vrrp_instance VI_6 {', 'virtual_server_group web {',
                    'virtual_server 10.1.1.166 80 {'):
        assert '\n%s\n' % keyword in text
    assert sorted(RICH) == sorted(field.name for field in KeepalivedConf.fields)


def test_vrrp_track_file_is_read_as_track_file():
    text = 'vrrp_track_file maint {\n    file /var/run/lvs/maint\n}\n'
    conf, issues = config.parse(text)
    assert [(i.rule, i.path) for i in issues] == [('LVS110', 'vrrp_track_file')]
    assert conf.track_files['maint'].file == '/var/run/lvs/maint'
    assert 'track_file maint {' in config.render(conf)
