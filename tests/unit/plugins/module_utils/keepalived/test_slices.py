# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each host's part of the derivation (slices.py): what the edges read instead of deriving the inventory again."""

from __future__ import absolute_import, division, print_function

import copy
import json

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, slices
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    active_active, article, both, with_auth)


def readable(parts):
    """The parts as JSON text with every director's configuration unpacked, to look for secrets in."""
    directors = dict((host, dict(part, config=slices.unpack(part['config'])) if 'config' in part else part)
                     for host, part in parts['directors'].items())
    return json.dumps(dict(parts, directors=directors))


def derived(*changes):
    hostvars, groups = article()
    for change in changes:
        change(hostvars, groups)
    report = cluster.validate(hostvars, groups)
    return hostvars, report, report.slices()


def test_a_vrrp_password_is_masked_and_each_director_gets_its_own_back():
    hostvars, report, parts = derived(with_auth('Pw4lvs', 'Pw4lvs'))
    assert report.valid and 'Pw4lvs' not in readable(parts) and '********' in readable(parts)
    for host in ('lvs1', 'lvs2'):
        restored = slices.with_secrets(parts['directors'][host], host, hostvars[host])
        assert restored['config'] == report.configs()[host]
        assert restored['config']['vrrp_instances']['VI_1']['authentication']['auth_pass'] == 'Pw4lvs'


def test_a_bgp_password_is_masked_and_comes_back_with_the_announcement():
    hostvars, report, parts = derived(active_active())
    assert report.valid, report.format()
    assert 'Bgp9pw' not in readable(parts) and 'Bgp9pw' not in json.dumps(parts)
    part = parts['directors']['lvs3']
    assert part['cluster_mode'] == 'active_active' and part['announcement']['served'] == ['10.1.1.166']
    restored = slices.with_secrets(part, 'lvs3', hostvars['lvs3'])
    assert restored['bgp']['peers'][0]['password'] == 'Bgp9pw'
    assert restored['bgp'] == [m.director.bgp for m in report.clusters['lvs_directors'] if m.host == 'lvs3'][0]


def test_a_directors_configuration_is_packed_and_unpacks_to_the_derived_one():
    _hostvars, report, parts = derived()
    packed = parts['directors']['lvs1']['config']
    assert isinstance(packed, str) and slices.unpack(packed) == report.configs()['lvs1']


def test_a_director_names_its_peers():
    _hostvars, _report, parts = derived()
    assert parts['directors']['lvs1']['peer_addresses'] == ['10.1.1.162']
    assert parts['directors']['lvs2']['peer_addresses'] == ['10.1.1.160']


def test_a_dual_stack_director_names_each_peers_ipv4_and_ipv6_address():
    """The VRRP firewall lets in exactly these: an IPv6 instance's adverts come from the peer's IPv6 address."""
    def dual_stack(hostvars, _groups):
        hostvars['lvs1']['lvs_vrrp_address'] = ['10.1.1.160', 'fd00::160']
        hostvars['lvs2']['lvs_vrrp_address'] = ['10.1.1.162', 'fd00::162']
    _hostvars, _report, parts = derived(dual_stack)
    assert parts['directors']['lvs1']['peer_addresses'] == ['10.1.1.162', 'fd00::162']
    assert parts['directors']['lvs2']['peer_addresses'] == ['10.1.1.160', 'fd00::160']
    assert parts['directors']['lvs1']['peers_without_address'] == []


def test_a_real_servers_part_carries_its_nat_gateway():
    """lvs.cluster.lvs_realserver checks the live default route against it (director_address)."""
    _hostvars, _report, parts = derived(lambda hostvars, _groups: hostvars['rs1'].update(
        lvs_realserver_gateway='10.1.1.166'))
    assert parts['realservers']['rs1']['gateway'] == '10.1.1.166'
    assert parts['realservers']['rs2']['gateway'] is None


def test_variables_that_lost_their_secret_are_refused_not_rendered_masked():
    hostvars, _report, parts = derived(with_auth('Pw4lvs', 'Pw4lvs'))
    changed = copy.deepcopy(hostvars['lvs1'])
    del changed['lvs_vrrp_instances']['VI_1']['authentication']
    with pytest.raises(ValueError, match='auth_pass'):
        slices.with_secrets(parts['directors']['lvs1'], 'lvs1', changed)


def test_a_directors_own_errors_are_its_part():
    _hostvars, report, parts = derived(lambda hostvars, groups: hostvars['lvs2'].update(lvs_vrrp_priority='high'))
    assert not report.valid
    assert 'lvs_vrrp_priority' in parts['directors']['lvs2']['errors'] and 'config' not in parts['directors']['lvs2']
    assert 'errors' not in parts['directors']['lvs1']


def test_real_servers_get_the_vips_and_method_of_the_services_that_forward_to_them():
    _hostvars, _report, parts = derived()
    serving = dict((director, {'services': 1, 'weights': [1], 'virtual_servers': ['10.1.1.166:80']})
                   for director in ('lvs1', 'lvs2'))
    assert parts['realservers'] == {
        'rs1': {'vips': ['10.1.1.166'], 'method': 'DR', 'address': '10.1.1.163', 'directors': serving,
                'gateway': None, 'state': 'present'},
        'rs2': {'vips': ['10.1.1.166'], 'method': 'DR', 'address': '10.1.1.164', 'directors': serving,
                'gateway': None, 'state': 'present'}}


def test_a_real_server_counts_an_ipvs_service_per_group_member_with_its_weights():
    def change(hostvars, groups):
        def grouped(variables):
            variables['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'] = ['10.1.1.166', '10.1.1.167']
            variables['lvs_virtual_server_groups'] = {'web': ['10.1.1.166 80', '10.1.1.167 80']}
            server = variables['lvs_virtual_servers'][0]
            del server['address'], server['port']
            server.update(group='web')
        both(hostvars, grouped)
        hostvars['rs2']['lvs_realserver_weight'] = 3
    _hostvars, report, parts = derived(change)
    assert report.valid, report.format()
    assert parts['realservers']['rs2']['directors']['lvs2'] == {'services': 2, 'weights': [3],
                                                                'virtual_servers': ['group web']}


def test_a_group_member_written_as_text_still_reaches_the_real_servers():
    # the bug of issue 10: '10.1.1.166 80', which the model accepts, left the real servers without their VIP
    def change(hostvars, groups):
        def grouped(variables):
            variables['lvs_virtual_server_groups'] = {'web': ['10.1.1.166 80']}
            server = variables['lvs_virtual_servers'][0]
            del server['address'], server['port']
            server.update(group='web')
        both(hostvars, grouped)
    _hostvars, report, parts = derived(change)
    assert report.valid, report.format()
    assert (parts['realservers']['rs1']['vips'], parts['realservers']['rs1']['method']) == (['10.1.1.166'], 'DR')


def test_a_fwmark_service_forwards_every_vip_of_the_cluster():
    def change(hostvars, groups):
        def marked(variables):
            variables['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'] = ['10.1.1.166', '10.1.1.167']
            server = variables['lvs_virtual_servers'][0]
            del server['address'], server['port'], server['protocol']
            server.update(fwmark=1)
        both(hostvars, marked)
    _hostvars, report, parts = derived(change)
    assert report.valid, report.format()
    assert (parts['realservers']['rs2']['vips'], parts['realservers']['rs2']['method']) == (
        ['10.1.1.166', '10.1.1.167'], 'DR')


def test_a_real_server_no_service_forwards_to_has_no_method():
    def change(hostvars, groups):  # rs9 is in the default group, the service forwards to the group web
        hostvars['rs9'] = {'ansible_host': '10.1.1.199'}
        groups['web'] = list(groups['lvs_realservers'])
        groups['lvs_realservers'].append('rs9')
        both(hostvars, lambda variables: variables['lvs_virtual_servers'][0].update(real_servers_from_group='web'))
    _hostvars, _report, parts = derived(change)
    assert parts['realservers']['rs9'] == {'vips': [], 'method': None, 'address': '10.1.1.199', 'directors': {},
                                           'gateway': None, 'state': 'present'}
