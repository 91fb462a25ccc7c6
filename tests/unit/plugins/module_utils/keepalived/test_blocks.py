# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""blocks.py, the typed blocks of the model: what it says about a VRRP instance and a virtual server (keepalived's
defaults, family, version), how findings name servers, and the value kinds of its own (lvs_sync_daemon,
notify_fifo, lvs_timeouts, use_vmac, sorry_server) with their refusals."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.blocks import (
    Fifo, LvsSyncDaemon, LvsTimeouts, RealServer, SorryServer, VirtualServer, Vmac, default_priority, endpoint)
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.entries import address_of
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import Invalid


def _instance(global_defs=None, **values):
    body = {'interface': 'eth0', 'virtual_router_id': 51}
    body.update(values)
    data = {'vrrp_instances': {'VI_1': body}}
    if global_defs:
        data['global_defs'] = global_defs
    conf, issues = config.load(data, check=False)
    assert not issues, issues
    return conf, conf.vrrp_instances['VI_1']


@pytest.mark.parametrize('entry,address', [
    ('10.1.1.166', '10.1.1.166'),
    ('10.1.1.166/24 dev eth0 label eth0:1', '10.1.1.166'),
    ({'address': '2001:db8::166/64', 'dev': 'eth0'}, '2001:db8::166'),
])
def test_an_address_entry_is_its_address_alone(entry, address):
    conf, instance = _instance(virtual_ipaddress=[entry])
    assert instance.vips == [address]
    assert address_of(instance.virtual_ipaddress[0]) == address


@pytest.mark.parametrize('values,global_defs,version', [
    ({'virtual_ipaddress': ['10.1.1.166']}, None, 2),                        # keepalived's default
    ({'virtual_ipaddress': ['10.1.1.166']}, {'vrrp_version': 3}, 3),         # global_defs decides
    ({'virtual_ipaddress': ['10.1.1.166'], 'version': 3}, {'vrrp_version': 2}, 3),   # the instance's own wins
    ({'virtual_ipaddress': ['2001:db8::166']}, {'vrrp_version': 2}, 3),      # IPv6 is VRRPv3 whatever global_defs says
    ({'unicast_src_ip': '2001:db8::160'}, None, 3),                          # the family from any of its addresses
])
def test_the_effective_vrrp_version(values, global_defs, version):
    conf, instance = _instance(global_defs, **values)
    assert instance.vrrp_version(conf.global_defs) == version


@pytest.mark.parametrize('values,advert,priority', [
    ({}, 1, 100),                                   # keepalived's defaults
    ({'advert_int': 0.5, 'priority': 90}, 0.5, 90),
])
def test_advert_interval_and_priority_default_as_keepalived(values, advert, priority):
    conf, instance = _instance(**values)
    assert (instance.advert_interval, instance.effective_priority) == (advert, priority)


@pytest.mark.parametrize('method,effective', [(None, 'NAT'), ('DR', 'DR')])
def test_a_virtual_servers_method_defaults_to_nat(method, effective):
    server = {'address': '10.1.1.166', 'port': 80}
    if method:
        server['lvs_method'] = method
    conf, issues = config.load({'virtual_servers': [server]}, check=False)
    assert conf.virtual_servers[0].method == effective


@pytest.mark.parametrize('state,priority', [('MASTER', 255), ('BACKUP', 100), (None, 100)])
def test_an_instance_without_a_priority_has_keepalived_default_for_its_state(state, priority):
    assert default_priority(state) == priority
    conf, instance = _instance(**({'state': state} if state else {}))
    assert instance.effective_priority == priority


@pytest.mark.parametrize('values,family', [
    ({}, 4),
    ({'unicast_peer': ['2001:db8::162']}, 6),
    ({'virtual_ipaddress': ['10.1.1.166'], 'unicast_src_ip': '2001:db8::160'}, 4),  # the first address tells
    ({'mcast_src_ip': 'fe80::1'}, 6),
])
def test_an_instances_family_is_its_first_address(values, family):
    conf, instance = _instance(**values)
    assert instance.family == family


# ---- how findings name servers -------------------------------------------------------------------------------------

@pytest.mark.parametrize('address,port,shown', [('10.1.1.163', 80, '10.1.1.163:80'), ('10.1.1.163', None, '10.1.1.163'),
                                                ('2001:db8::163', 80, '[2001:db8::163]:80'),
                                                ('2001:db8::163', None, '[2001:db8::163]')])
def test_an_endpoint_brackets_an_ipv6_address(address, port, shown):
    assert endpoint(address, port) == shown


@pytest.mark.parametrize('data,label', [
    ({'fwmark': 1, 'address': '10.1.1.166'}, 'fwmark 1'),
    ({'group': 'web'}, 'group web'),
    ({'address': '10.1.1.166', 'port': 80}, '10.1.1.166:80'),
    ({'lvs_sched': 'rr'}, '3'),  # no identity: its place in the list
    ('not a mapping', '3'),
])
def test_a_virtual_server_is_labelled_by_its_identity_else_its_index(data, label):
    assert VirtualServer.label(data, 3) == label


def test_a_real_server_is_labelled_by_its_endpoint_else_its_index():
    assert RealServer.label({'address': '2001:db8::163', 'port': 80}, 0) == '[2001:db8::163]:80'
    assert RealServer.label({'port': 80}, 2) == '2'
    assert RealServer.label(None, 1) == '1'


@pytest.mark.parametrize('header,identity', [
    (['10.1.1.166', '80'], {'address': '10.1.1.166', 'port': '80'}), (['10.1.1.166'], {'address': '10.1.1.166'}),
    (['fwmark', '1'], {'fwmark': '1'}), (['group', 'web'], {'group': 'web'}),
])
def test_a_virtual_server_header_is_read_as_its_identity_and_written_back(header, identity):
    assert VirtualServer.parse_header(header) == identity
    assert VirtualServer(**identity).header() == header


def test_a_virtual_server_header_of_three_words_is_refused():
    with pytest.raises(Invalid) as raised:
        VirtualServer.parse_header(['10.1.1.166', '80', 'tcp'])
    assert (raised.value.rule, raised.value.message) == ('LVS113', 'has an unexpected header 10.1.1.166 80 tcp')


def test_the_configuration_lists_its_virtual_servers_with_their_labels_and_group_members():
    members = [{'address': '10.1.1.166', 'port': 80}, {'fwmark': 1}]
    conf = config.load({'virtual_server_groups': {'web': members},
                        'virtual_servers': [{'group': 'web'}, {'address': '10.1.1.167', 'port': 443}]}, check=False)[0]
    assert [label for label, _server in conf.labelled_virtual_servers()] == ['group web', '10.1.1.167:443']
    assert [conf.group_members(server) for server in conf.virtual_servers] == [members, []]


# ---- the value kinds of blocks.py ------------------------------------------------------------------------------------

def refusal(kind, value, read=False):
    with pytest.raises(Invalid) as raised:
        kind.from_args(value) if read else kind.coerce(value)
    return raised.value.rule, raised.value.message


def test_lvs_sync_daemon_reads_keepalived_forms_and_renders_the_modern_one():
    kind = LvsSyncDaemon()
    read = kind.coerce(kind.from_args(['eth0', 'inst', 'VI_1', 'id', '51']))  # inst: a word keepalived skips
    assert read == {'interface': 'eth0', 'vrrp_instance': 'VI_1', 'sync_id': 51}
    assert kind.to_args(read) == ['eth0', 'VI_1', 'id', '51']
    assert kind.coerce(kind.from_args(['eth0', 'VI_1'])) == {'interface': 'eth0', 'vrrp_instance': 'VI_1'}
    assert refusal(kind, ['eth0', 'VI_1', '51'], read=True)[0] == 'LVS102'
    assert refusal(kind, {'interface': 'eth0'}) == ('LVS102', 'is not %s' % kind.describe)
    assert refusal(kind, {'interface': 'eth0', 'vrrp_instance': 'VI_1', 'sync_id': 256})[0] == 'LVS103'


def test_a_notify_fifo_is_a_path_and_an_optional_owner():
    kind = Fifo()
    assert kind.coerce('/run/keepalived.fifo root:adm') == '/run/keepalived.fifo root:adm'
    assert kind.from_args(kind.to_args('/run/keepalived.fifo root:adm')) == '/run/keepalived.fifo root:adm'
    assert refusal(kind, '/run/keepalived.fifo root adm') == ('LVS102', 'is not %s' % kind.describe)
    assert refusal(kind, '')[0] == 'LVS102'


def test_lvs_timeouts_render_in_keepalived_order_and_refuse_what_it_ignores():
    kind = LvsTimeouts()
    timeouts = kind.coerce({'udp': 300, 'tcp': '7200'})
    assert kind.to_args(timeouts) == ['tcp', '7200', 'udp', '300']
    assert kind.coerce(kind.from_args(['tcpfin', '120', 'tcp', '0'])) == {'tcpfin': 120, 'tcp': 0}
    # ipvs.h's longest timeout: 31 days
    assert kind.coerce({'tcp': 2678400}) == {'tcp': 2678400}
    assert refusal(kind, {'tcp': 2678401})[0] == 'LVS103'
    assert refusal(kind, {'sctp': 10})[0] == 'LVS102'
    assert refusal(kind, {})[0] == 'LVS102'
    assert refusal(kind, ['tcp', '7200', 'udp'], read=True)[0] == 'LVS102'


@pytest.mark.parametrize('value', ['vrrp.51', '02:00:00:00:00', '02:00:00:00:00:33 vrrp.51', 'vrrp.51 02:00:00:00:00:'])
def test_use_vmac_takes_a_name_a_unicast_mac_or_both(value):
    assert Vmac().coerce(value) == value


@pytest.mark.parametrize('value,word', [
    ('00:00:5e:00:01:33', '00:00:5e:00:01:33'),  # RFC 5798's own IPv4 address
    ('00:00:5e:00:02', '00:00:5e:00:02'),        # and its IPv6 one, the VRID left out
    ('01:00:00:00:00:01', '01:00:00:00:00:01'),  # multicast
    ('02:00:00:00', '02:00:00:00'),              # too short
])
def test_use_vmac_refuses_a_mac_keepalived_ignores(value, word):
    rule, message = refusal(Vmac(), value)
    assert rule == 'LVS102' and message.startswith('has %s, which is not a unicast MAC address' % word)


@pytest.mark.parametrize('value', ['vrrp.51 vrrp.52', '02:00:00:00:00 02:00:00:00:01', '', 51])
def test_use_vmac_refuses_two_names_two_addresses_or_nothing(value):
    assert refusal(Vmac(), value) == ('LVS102', 'is not %s' % Vmac.describe)


def test_a_sorry_server_is_read_from_either_form():
    kind = SorryServer()
    assert kind.coerce('10.1.1.170 80') == kind.coerce({'address': '10.1.1.170', 'port': '80'}) == {
        'address': '10.1.1.170', 'port': 80}
    assert kind.coerce('10.1.1.170') == {'address': '10.1.1.170'}
    assert kind.to_args({'address': '10.1.1.170', 'port': 80}) == ['10.1.1.170', '80']
    assert refusal(kind, {'port': 80}) == ('LVS102', 'is not %s' % kind.describe)
    assert refusal(kind, {'address': '10.1.1.170', 'weight': 1})[0] == 'LVS102'
