# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an active-active director gets besides its virtual servers (activeactive.py): the service key and VIPs of
each virtual server, the announcement plan with its helper's settings file, the derived quorum commands, script
security and inhibit_on_failure, and the BGP settings FRR is rendered from."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import activeactive
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.origins import Origins

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    active_active, on_aa, validate)


@pytest.mark.parametrize('variables,mode', [({}, 'vrrp'), ({'lvs_cluster_mode': None}, 'vrrp'),
                                            ({'lvs_cluster_mode': 'active_active'}, 'active_active')])
def test_the_cluster_mode_is_vrrp_unless_said(variables, mode):
    assert activeactive.mode(variables) == mode


@pytest.mark.parametrize('server,key,vips', [
    ({'address': '10.1.1.166', 'port': 80}, 'TCP-10.1.1.166:80', ['10.1.1.166']),   # TCP: keepalived's default
    ({'address': '10.1.1.166', 'port': 53, 'protocol': 'UDP'}, 'UDP-10.1.1.166:53', ['10.1.1.166']),
    ({'address': '2001:db8::166', 'port': 443}, 'TCP-[2001:db8::166]:443', ['2001:db8::166']),
])
def test_a_virtual_server_s_service_key_names_protocol_address_and_port(server, key, vips):
    assert activeactive.service(server, {}) == (key, vips)


@pytest.mark.parametrize('server,groups', [
    ({'fwmark': 1, 'address': '10.1.1.166'}, {}),             # a firewall mark has no address of its own
    ({'address': '10.1.1.999', 'port': 80}, {}),              # unreadable: the model reports it
    ({'group': 'web; reboot'}, {'web; reboot': ['10.1.1.166 80']}),  # would reach a command line and a file name
])
def test_a_virtual_server_without_a_safe_service_key_has_no_service(server, groups):
    assert activeactive.service(server, groups) == (None, [])


def test_an_announcement_announces_each_vip_of_its_services_once_and_sorted():
    plan = activeactive.Announcement('lvs-vip', False)
    plan.served = ['10.1.1.167', '10.1.1.166', '10.1.1.168']
    plan.services = {'TCP-10.1.1.167:80': ['10.1.1.167'], 'TCP-10.1.1.166:443': ['10.1.1.166'],
                     'group-web': ['10.1.1.166', '10.1.1.167']}
    plan.settle = 7
    assert plan.environment().splitlines() == [
        '# Managed by lvs.cluster: edit the inventory, not this file.', 'LVS_VIP_INTERFACE=lvs-vip',
        'LVS_VIPS="10.1.1.167 10.1.1.166 10.1.1.168"',
        'LVS_SERVICES="TCP-10.1.1.166:443=10.1.1.166 TCP-10.1.1.167:80=10.1.1.167 group-web=10.1.1.166,10.1.1.167"',
        'LVS_ANNOUNCE_SETTLE=7']
    assert plan.announced == ['10.1.1.166', '10.1.1.167']  # 10.1.1.168 is served without being announced
    # sorted, not in a set's order: six VIPs of a range given backwards
    plan.services = {'group-web': ['10.1.1.%d' % last for last in range(171, 165, -1)]}
    assert plan.announced == ['10.1.1.%d' % last for last in range(166, 172)]


def test_a_director_that_announces_nothing_gets_no_quorum_commands_nor_script_security():
    declared = {'address': '10.1.1.166', 'port': 80, 'announce': False}
    rendered, config = {'address': '10.1.1.166', 'port': 80}, {}
    plan = activeactive.derive([('10.1.1.166:80', declared, rendered)], {}, config, Origins())
    assert (plan.served, plan.announced, plan.settle) == (['10.1.1.166'], [], 0)
    assert rendered == {'address': '10.1.1.166', 'port': 80, 'inhibit_on_failure': True}
    assert config == {}


def test_what_the_operator_wrote_is_kept_and_the_refusal_left_to_the_rules():
    # quorum_up by hand is LVS048's, inhibit_on_failure false LVS051's, script_user LVS050's: derive overwrites none
    declared = {'address': '10.1.1.166', 'port': 80}
    rendered = dict(declared, quorum_up='/bin/true', inhibit_on_failure=False)
    config = {'global_defs': {'script_user': 'keepalived_script'}}
    plan = activeactive.derive([('10.1.1.166:80', declared, rendered)], {'lvs_director_maintenance': True}, config,
                               Origins())
    assert (rendered['quorum_up'], rendered['inhibit_on_failure']) == ('/bin/true', False)
    assert rendered['quorum_down'] == '%s down TCP-10.1.1.166:80' % activeactive.HELPER
    assert config['global_defs'] == {'script_user': 'keepalived_script', 'enable_script_security': True}
    assert plan.maintenance is True and plan.as_dict()['announced'] == ['10.1.1.166']


@pytest.mark.parametrize('host_address,variables,router_id', [
    ('10.1.1.160', {}, '10.1.1.160'),
    ('10.1.1.160', {'lvs_bgp_router_id': '10.9.9.1'}, '10.9.9.1'),
    ('2001:db8::160', {}, None),   # a BGP router-id is an IPv4 address: LVS043 asks for one
    (None, {}, None),
])
def test_the_bgp_router_id_is_the_director_s_ipv4_address_unless_given(host_address, variables, router_id):
    settings = activeactive.bgp_settings(host_address, variables, activeactive.Announcement('lvs-vip', False))
    assert settings['router_id'] == router_id
    assert 'timers' not in settings  # FRR's defaults (frr/settings.py) unless lvs_bgp_timers says otherwise


def test_active_active_directors_get_quorum_commands_script_security_and_bgp_settings():
    report = validate(active_active(lambda h, g: h['lvs2'].update(lvs_bgp_router_id='10.9.9.2', lvs_vip_interface='vips0')))
    server = report.configs()['lvs1']['virtual_servers'][0]
    assert server['quorum_up'] == '/usr/local/sbin/lvs-cluster-announce up TCP-10.1.1.166:80'
    assert server['quorum_down'] == '/usr/local/sbin/lvs-cluster-announce down TCP-10.1.1.166:80'
    assert 'vrrp_instances' not in report.configs()['lvs1'] and 'announce' not in server
    assert report.configs()['lvs1']['global_defs'] == {
        'router_id': 'lvs1', 'enable_script_security': True, 'script_user': 'root'}
    directors = dict((m.host, m.director) for m in report.clusters['lvs_directors'])
    assert directors['lvs1'].bgp == {'asn': 65001, 'router_id': '10.1.1.160', 'peers': [
        {'address': '10.1.1.1', 'asn': 65000, 'password': 'Bgp9pw', 'bfd': True}], 'timers': {'keepalive': 1, 'hold': 3, 'connect': 10},
        'announce': ['10.1.1.166']}
    assert directors['lvs2'].bgp['router_id'] == '10.9.9.2'
    assert directors['lvs2'].announcement.interface == 'vips0'
    assert directors['lvs1'].announcement.environment().splitlines()[1:] == [
        'LVS_VIP_INTERFACE=lvs-vip', 'LVS_VIPS="10.1.1.166"', 'LVS_SERVICES="TCP-10.1.1.166:80=10.1.1.166"',
        'LVS_ANNOUNCE_SETTLE=16']  # one check cycle: delay_loop 6 + connect_timeout 10


def test_an_announcement_settles_for_the_check_cycle_of_the_slowest_announcing_virtual_server():
    def slower(variables):
        variables['lvs_virtual_servers'].append(dict(copy.deepcopy(variables['lvs_virtual_servers'][0]),
                                                     address='10.1.1.167', delay_loop=20.5))
        variables['lvs_virtual_servers'].append(dict(copy.deepcopy(variables['lvs_virtual_servers'][0]),
                                                     address='10.1.1.168', delay_loop=99, announce=False))
    report = validate(active_active(on_aa(slower)))
    assert report.valid, report.format()
    announcement = report.clusters['lvs_directors'][0].director.announcement
    assert announcement.settle == 31 and 'LVS_ANNOUNCE_SETTLE=31' in announcement.environment().splitlines()


def test_active_active_failed_real_servers_keep_their_place_in_ipvs():
    # IPVS builds the Maglev table in the order of its list: a real server removed and added back would change it
    report = validate(active_active())
    assert report.valid, report.format()
    assert all(config['virtual_servers'][0]['inhibit_on_failure'] is True for config in report.configs().values())
    assert 'inhibit_on_failure' not in validate().configs()['lvs1']['virtual_servers'][0]  # a VRRP pair: as written


def test_a_virtual_server_that_is_not_announced_gets_no_quorum_commands_but_its_vip():
    report = validate(active_active(on_aa(lambda v: v['lvs_virtual_servers'].append(dict(
        copy.deepcopy(v['lvs_virtual_servers'][0]), address='10.1.1.167', announce='no')))))
    assert report.valid, report.format()
    server = report.configs()['lvs1']['virtual_servers'][1]
    assert 'quorum_up' not in server and 'quorum_down' not in server
    director = report.clusters['lvs_directors'][0].director
    assert director.announcement.served == ['10.1.1.166', '10.1.1.167']
    assert director.announcement.announced == ['10.1.1.166']


def test_every_address_of_a_group_range_is_served_in_active_active():
    key, vips = activeactive.service({'group': 'web'}, {'web': ['10.1.1.166-168 80', '10.1.1.167 443']})
    assert (key, vips) == ('group-web', ['10.1.1.166', '10.1.1.167', '10.1.1.168'])
    assert activeactive.service({'group': 'web'}, {'web': [{'address': 'ae00::fffe-ffff', 'port': 80}]})[1] == \
        ['ae00::fffe', 'ae00::ffff']
