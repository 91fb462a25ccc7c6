# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""keepalived's checker dump (keepalived_check.data) as captured on the VM lab's directors (fixtures/lab); an IPv6
virtual server, which no capture covers, from a format sample made of a capture with its addresses changed
(fixtures/README.md)."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.status import keepalived_check, keys


def servers(fixture_text, name):
    return dict((keys.checker_service(s), s) for s in keepalived_check.parse(fixture_text(name)))


def reals(server):
    return dict((keys.endpoint(r['address'], r['port']), r) for r in server['real_servers'])


def test_a_real_server_down_by_its_checker(fixture_text):
    found = servers(fixture_text, 'lab/dr/lvs1-keepalived_check-rs2-down.data')
    assert list(found) == ['TCP 10.1.1.166:80']
    server = found['TCP 10.1.1.166:80']
    assert (server['quorum'], server['hysteresis'], server['quorum_up'], server['alive']) == (1, 0, True, True)
    assert server['persistence_timeout'] == 60  # the test configuration of that moment
    up, down = reals(server)['10.1.1.163:80'], reals(server)['10.1.1.164:80']
    assert (up['alive'], up['failed_checkers'], up['weight'], up['effective_weight']) == (True, 0, 1, 1)
    assert (down['alive'], down['failed_checkers'], down['inhibit_on_failure']) == (False, 1, False)
    assert up['checkers'] == [{'type': 'TCP_CHECK', 'up': True}]
    assert down['checkers'] == [{'type': 'TCP_CHECK', 'up': False}]


def test_an_active_active_director_healthy(fixture_text):
    found = servers(fixture_text, 'lab/routed/lvs1-keepalived_check.data')
    assert list(found) == ['TCP 10.1.10.166:80']
    server = found['TCP 10.1.10.166:80']
    assert (server['quorum'], server['quorum_up'], server['alive'], server['persistence_timeout']) == (1, True, True, None)
    assert [(key, r['alive'], r['inhibit_on_failure'], r['checkers']) for key, r in sorted(reals(server).items())] == [
        ('10.1.1.163:80', True, True, [{'type': 'TCP_CHECK', 'up': True}]),
        ('10.1.1.164:80', True, True, [{'type': 'TCP_CHECK', 'up': True}])]


def test_a_lost_quorum_and_inhibited_real_servers(fixture_text):
    server = servers(fixture_text, 'lab/routed/lvs1-keepalived_check-quorum-lost.data')['TCP 10.1.10.166:80']
    # the virtual server stays alive (in IPVS) without its quorum
    assert (server['quorum'], server['quorum_up'], server['alive']) == (1, False, True)
    for real in server['real_servers']:
        # keepalived's weights, not the kernel's: IPVS has both at 0 (lab/routed/lvs1-ip_vs-quorum-lost.txt)
        assert (real['alive'], real['failed_checkers'], real['inhibit_on_failure']) == (False, 1, True)
        assert (real['weight'], real['effective_weight']) == (1, 1)
        assert real['checkers'] == [{'type': 'TCP_CHECK', 'up': False}]


def test_an_ipv6_virtual_server(fixture_text):
    found = servers(fixture_text, 'format-samples/keepalived_check-ipv6.data')
    assert list(found) == ['TCP [2001:db8::166]:80']
    server = found['TCP [2001:db8::166]:80']
    assert sorted(reals(server)) == ['[2001:db8::163]:80', '[2001:db8::164]:80']
    assert reals(server)['[2001:db8::163]:80']['checkers'] == [{'type': 'TCP_CHECK', 'up': True}]


def test_a_dump_without_virtual_servers_has_none(fixture_text):
    text = fixture_text('lab/dr/lvs1-keepalived_check-rs2-down.data').split('------< LVS Topology >------')[0]
    assert '------< Global definitions >------' in text and keepalived_check.parse(text) == []


def test_group_and_firewall_mark_headers_and_unknown_lines():
    text = '\n'.join([
        '------< LVS Topology >------',
        ' ------< Virtual server >------', ' VS GROUP = [web]:0', '   protocol = TCP', '   a line of a later version',
        '   quorum = 2, hysteresis = 1', '   quorum_state_up = 0',
        '   ------< Real server >------', '   RIP = 10.1.1.163, RPORT = 80, WEIGHT = 3 EFF WEIGHT = 3', '   alive = 1',
        ' ------< Virtual server >------', ' VS FWMARK = 7', '   protocol = none',
        '   ------< Real server >------', '   RIP = 10.1.1.164, RPORT = 0, WEIGHT = 1 EFF WEIGHT = -2', '   alive = 0',
        '------< Health checkers >------',
        ' FWM 7 -> [10.1.1.164]:none:0', '   Up = no', '   Keepalive method = PING_CHECK'])
    group, mark = keepalived_check.parse(text)
    assert (keys.checker_service(group), group['quorum'], group['hysteresis'], group['quorum_up']) == \
        ('group web', 2, 1, False)
    assert group['real_servers'][0]['weight'] == 3 and group['real_servers'][0]['alive'] is True
    assert keys.checker_service(mark) == 'fwmark 7'
    assert mark['real_servers'][0]['effective_weight'] == -2
    assert mark['real_servers'][0]['checkers'] == [{'type': 'PING_CHECK', 'up': False}]


def test_the_names_keepalived_gives_virtual_servers():
    base = {'address': None, 'port': None, 'fwmark': None, 'group': None, 'protocol': 'TCP'}
    assert keepalived_check.written_name(dict(base, address='10.1.1.166', port=80)) == '[10.1.1.166]:tcp:80'
    assert keepalived_check.written_name(dict(base, fwmark=1)) == 'FWM 1'
    assert keepalived_check.written_name(dict(base, group='web', port=0)) == '[web]:0'
