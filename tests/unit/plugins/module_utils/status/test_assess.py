# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The verdict: a cluster's expected state (the model's derivation of an inventory) against what its directors
report. The directors' reports are built from the parsed fixtures (real keepalived JSON dumps of this host; the VM
lab's captures of /proc/net/ip_vs and keepalived's checker dump, fixtures/lab), changed where a case needs it."""

from __future__ import absolute_import, division, print_function

import copy

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.status import (
    assess, expected, ipvs_table, keepalived_check, keepalived_json)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.status import inventories
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.status.conftest import read_fixture

NOW = 1796403100.0
HZ = 250  # Debian 12's kernel, the lab's


def instance(state, base, effective=None, name='VI_1', vips=('10.1.1.166',), vrid=51):
    return {'name': name, 'state': state, 'wanted_state': state, 'vrid': vrid, 'interface': 'eth0',
            'base_priority': base, 'effective_priority': base if effective is None else effective,
            'master_priority': 0, 'vips': list(vips), 'vips_set': state == 'MASTER', 'nopreempt': False,
            'advert_int': 1, 'last_transition': NOW - 3600, 'stats': {}}


def checkers(name):
    return keepalived_check.parse(read_fixture('lab/' + name))


def ipvs(name):
    return ipvs_table.parse(read_fixture('lab/' + name), hz=HZ)


def real(entries, address):
    """The real server ``address`` of the first virtual server or service of a parsed capture."""
    return [found for found in entries[0]['real_servers'] if found['address'] == address][0]


def healthy_checkers():
    """lvs1's captured checker dump (rs2 stopped) with rs2 up again: the lab has no capture of the pair's checkers
    with both real servers up."""
    servers = checkers('dr/lvs1-keepalived_check-rs2-down.data')
    real(servers, '10.1.1.164').update(alive=True, failed_checkers=0, checkers=[{'type': 'TCP_CHECK', 'up': True}])
    return servers


def director(address, instances, holds=(), servers=None, services=None, running=True, problems=()):
    return {'changed': False, 'now': NOW, 'problems': list(problems),
            'keepalived': {'running': running, 'pid': 812 if running else None, 'vrrp': running, 'checker': running,
                           'temp_dir': '/tmp'},
            'vrrp_instances': instances if running else None,
            'virtual_servers': (healthy_checkers() if servers is None else servers) if running else None,
            'ipvs': {'available': True, 'services': ipvs('dr/lvs1-ip_vs.txt') if services is None else services,
                     'totals': None, 'rates': {'connections_per_second': 2}},
            'addresses': [address] + list(holds), 'local_vips': [], 'announced': [], 'maintenance': False,
            'drain_files': {}, 'bgp': {'available': False, 'problem': 'vtysh is not installed'}}


def vrrp_pair(**changes):
    """A healthy lab pair (lvs1 MASTER with the VIP; IPVS as captured on each), with ``changes`` {host: director result
    or None}."""
    observed = {'lvs1': director('10.1.1.160', [instance('MASTER', 100)], holds=['10.1.1.166']),
                'lvs2': director('10.1.1.161', [instance('BACKUP', 90)], services=ipvs('dr/lvs2-ip_vs.txt'))}
    observed.update(changes)
    return observed


def judge(observed, group_vars=None, directors=('lvs1', 'lvs2'), host_vars=None):
    group_vars = inventories.VRRP if group_vars is None else group_vars
    wanted = expected.from_report(inventories.report(group_vars, directors, host_vars))['lvs_directors']
    return assess.assess('lvs_directors', wanted, observed)


def reasons(report):
    return '\n'.join(report['reasons'])


# ---- VRRP ----------------------------------------------------------------------------------------

def test_a_healthy_pair_is_ok_with_every_table_filled():
    report = judge(vrrp_pair())
    assert report['verdict'] == 'ok', reasons(report)
    assert report['reasons'] == [] and report['notes'] == []
    rows = report['vrrp_instances'][0]['directors']
    assert [(r['host'], r['state'], r['priority'], r['holds'], r['since_seconds']) for r in rows] == [
        ('lvs1', 'MASTER', {'inventory': 100, 'keepalived': 100, 'effective': 100}, ['10.1.1.166'], 3600),
        ('lvs2', 'BACKUP', {'inventory': 90, 'keepalived': 90, 'effective': 90}, [], 3600)]
    rs1 = report['virtual_servers'][0]['real_servers'][0]
    assert (rs1['name'], rs1['key']) == ('rs1', '10.1.1.163:80')
    assert [(r['host'], r['state'], r['weight'], r['active'], r['inactive']) for r in rs1['directors']] == [
        ('lvs1', 'up', {'inventory': 1, 'ipvs': 1}, 0, 31), ('lvs2', 'up', {'inventory': 1, 'ipvs': 1}, 0, 54)]
    # as captured after traffic: no connection active, and the BACKUP still lists more inactive ones than the MASTER
    assert [(d['host'], d['connections'], d['share']) for d in report['directors']] == \
        [('lvs1', 70, 0.391), ('lvs2', 109, 0.609)]


def test_a_real_server_down_by_the_checkers_names_it_and_the_directors():
    # lvs1's captures with rs2 stopped (keepalived took it out of IPVS), given to lvs2 too
    down, services = checkers('dr/lvs1-keepalived_check-rs2-down.data'), ipvs('dr/lvs1-ip_vs-rs2-down.txt')
    report = judge(vrrp_pair(lvs1=director('10.1.1.160', [instance('MASTER', 100)], ['10.1.1.166'], down, services),
                             lvs2=director('10.1.1.161', [instance('BACKUP', 90)], [], down, services)))
    assert report['verdict'] == 'degraded'
    assert report['reasons'] == ["real server rs2 (10.1.1.164:80) of TCP 10.1.1.166:80 is down on lvs1 and lvs2 "
                                 "(keepalived's checkers)"]
    rs1, rs2 = [real['directors'][0] for real in report['virtual_servers'][0]['real_servers']]
    assert (rs2['state'], rs2['health'], rs2['failed_checkers'], rs2['weight']['ipvs']) == ('down', 'down', 1, None)
    assert (rs1['state'], rs1['weight']['ipvs'], rs1['active'], rs1['inactive']) == ('up', 1, 0, 0)


def test_a_drained_real_server_weight_0_in_ipvs():
    services = ipvs('dr/lvs1-ip_vs.txt')
    real(services, '10.1.1.163')['weight'] = 0
    report = judge(vrrp_pair(lvs1=director('10.1.1.160', [instance('MASTER', 100)], ['10.1.1.166'], services=services)))
    assert report['verdict'] == 'degraded'
    assert reasons(report) == 'real server rs1 (10.1.1.163:80) of TCP 10.1.1.166:80 is drained (weight 0) on lvs1'


def test_a_real_server_the_inventory_weighs_0_is_drained_everywhere():
    report = judge(vrrp_pair(), host_vars={'rs1': {'lvs_realserver_weight': 0}})
    assert 'rs1 (10.1.1.163:80) of TCP 10.1.1.166:80 is drained (weight 0) on lvs1 and lvs2' in reasons(report)


def drained(address, on, weight=0, servers=None, services=None):
    """A healthy pair with ``address``'s drain file holding 1 on the directors ``on``, at IPVS ``weight`` there."""
    observed = {}
    for host, vrrp_address, state, priority, holds in (('lvs1', '10.1.1.160', 'MASTER', 100, ['10.1.1.166']),
                                                       ('lvs2', '10.1.1.161', 'BACKUP', 90, [])):
        captured = copy.deepcopy(services) if services else ipvs('dr/%s-ip_vs.txt' % host)
        result = director(vrrp_address, [instance(state, priority)], holds, servers, captured)
        if host in on:
            result['drain_files'] = {address: 1}
            for dest in captured[0]['real_servers']:
                dest['weight'] = weight if dest['address'] == address else dest['weight']
        observed[host] = result
    return observed


def test_a_real_server_drained_by_its_drain_file_on_every_director():
    report = judge(drained('10.1.1.163', ('lvs1', 'lvs2')))
    assert report['verdict'] == 'degraded'
    assert report['reasons'] == ['real server rs1 (10.1.1.163) is drained on lvs1 and lvs2'] and report['notes'] == []
    rs1, rs2 = report['virtual_servers'][0]['real_servers']
    assert [(row['host'], row['state'], row['weight'], row['drain_file']) for row in rs1['directors']] == [
        ('lvs1', 'drained', {'inventory': 1, 'ipvs': 0}, 1), ('lvs2', 'drained', {'inventory': 1, 'ipvs': 0}, 1)]
    assert [(row['state'], row['drain_file']) for row in rs2['directors']] == [('up', 0), ('up', 0)]


def test_a_drained_real_server_whose_checks_fail_is_drained_not_down():
    # drained, then its web server stopped: keepalived's checkers say down, and it is out of IPVS (lvs1's captures)
    report = judge(drained('10.1.1.164', ('lvs1', 'lvs2'), servers=checkers('dr/lvs1-keepalived_check-rs2-down.data'),
                           services=ipvs('dr/lvs1-ip_vs-rs2-down.txt')))
    assert report['reasons'] == ['real server rs2 (10.1.1.164) is drained on lvs1 and lvs2']
    rs2 = report['virtual_servers'][0]['real_servers'][1]['directors']
    assert [(row['state'], row['health'], row['weight']['ipvs']) for row in rs2] == [('drained', 'down', None)] * 2


def test_a_real_server_drained_on_one_director_only_is_a_note():
    report = judge(drained('10.1.1.163', ('lvs1',)))
    assert report['reasons'] == ['real server rs1 (10.1.1.163) is drained on lvs1']
    assert report['notes'] == ['real server rs1 (10.1.1.163) is drained on lvs1 but not on lvs2: run the drain again']


def test_a_drain_file_keepalived_has_not_applied():
    report = judge(drained('10.1.1.163', ('lvs1', 'lvs2'), weight=1))
    assert reasons(report).splitlines() == [
        'real server rs1 (10.1.1.163:80) of TCP 10.1.1.166:80 is drained on lvs1 but has weight 1 in IPVS there: '
        'keepalived has not applied its drain file (is its keepalived.conf older than the drain switch? run '
        'lvs.cluster.site)',
        'real server rs1 (10.1.1.163:80) of TCP 10.1.1.166:80 is drained on lvs2 but has weight 1 in IPVS there: '
        'keepalived has not applied its drain file (is its keepalived.conf older than the drain switch? run '
        'lvs.cluster.site)',
        'real server rs1 (10.1.1.163) is drained on lvs1 and lvs2']


def test_a_drain_file_of_zero_or_unknown_drains_nothing():
    observed = drained('10.1.1.163', ('lvs1', 'lvs2'), weight=1)
    observed['lvs1']['drain_files'] = {'10.1.1.163': 0}
    observed['lvs2']['drain_files'] = None  # a director_status that does not read them
    report = judge(observed)
    assert report['verdict'] == 'ok', reasons(report)
    assert [row['drain_file'] for row in report['virtual_servers'][0]['real_servers'][0]['directors']] == [0, None]


def test_checkers_unknown_and_a_real_server_missing_from_ipvs_is_down():
    report = judge(vrrp_pair(lvs1=director('10.1.1.160', [instance('MASTER', 100)], ['10.1.1.166'], servers=[],
                                           services=ipvs('dr/lvs1-ip_vs-rs2-down.txt'))))
    text = reasons(report)
    assert "keepalived's checkers on lvs1 do not know TCP 10.1.1.166:80" in text
    assert 'real server rs2 (10.1.1.164:80) of TCP 10.1.1.166:80 is down on lvs1 (not in IPVS)' in text


@pytest.mark.parametrize('result, words', [
    ({'unreachable': True, 'msg': 'Failed to connect to the host via ssh: Connection refused'},
     'director lvs2: unreachable: Failed to connect to the host via ssh: Connection refused'),
    ({'failed': True, 'msg': 'No python'}, 'director lvs2: its state could not be read: No python'),
    (None, 'director lvs2: not part of this run (--limit?)'),
])
def test_a_director_that_did_not_answer(result, words):
    report = judge(vrrp_pair(lvs2=result))
    assert report['verdict'] == 'degraded' and report['reasons'] == [words]
    assert report['directors'][1]['reached'] is False
    assert report['vrrp_instances'][0]['directors'][1]['state'] is None


def test_keepalived_stopped_on_the_backup():
    report = judge(vrrp_pair(lvs2=director('10.1.1.161', [], running=False)))
    assert report['verdict'] == 'degraded' and reasons(report) == 'keepalived is not running on lvs2'


def test_a_dump_that_could_not_be_read_is_a_reason():
    problem = "keepalived's VRRP state: keepalived (pid 812) wrote no new /tmp/keepalived.json within 5.0 s of signal 36"
    report = judge(vrrp_pair(lvs2=dict(director('10.1.1.161', None, problems=[problem]), vrrp_instances=None)))
    assert report['verdict'] == 'degraded' and reasons(report) == 'lvs2: ' + problem


def test_split_brain_two_masters_both_holding_the_vip():
    report = judge(vrrp_pair(lvs2=director('10.1.1.161', [instance('MASTER', 90)], holds=['10.1.1.166'])))
    assert report['verdict'] == 'split_brain'
    assert report['split_brain'] == [
        'VRRP instance VI_1 (virtual_router_id 51) is MASTER on lvs1 and lvs2 at once (VIPs 10.1.1.166)',
        'VIP 10.1.1.166 is on the interfaces of lvs1 and lvs2 at once']
    assert report['reasons'][:2] == report['split_brain']


def test_split_brain_a_stale_vip_of_a_dead_keepalived():
    # kill -9 of the MASTER's keepalived: the VIP stays on lvs1 while lvs2 takes over (issue 12's crash case)
    report = judge(vrrp_pair(lvs1=director('10.1.1.160', None, holds=['10.1.1.166'], running=False),
                             lvs2=director('10.1.1.161', [instance('MASTER', 90)], holds=['10.1.1.166'])))
    assert report['verdict'] == 'split_brain'
    assert report['split_brain'] == ['VIP 10.1.1.166 is on the interfaces of lvs1 and lvs2 at once']
    assert 'keepalived is not running on lvs1' in report['reasons']


def test_no_master_and_no_vip():
    report = judge(vrrp_pair(lvs1=director('10.1.1.160', [instance('FAULT', 100)]),
                             lvs2=director('10.1.1.161', [instance('FAULT', 90)])))
    assert report['verdict'] == 'degraded'
    assert 'VIP 10.1.1.166 of VI_1 is held by no director: it is not served' in report['reasons']
    assert 'VI_1 is in FAULT on lvs1 (its interface or a tracked object is down)' in report['reasons']


def test_a_lowered_priority_and_the_master_elsewhere():
    report = judge(vrrp_pair(lvs1=director('10.1.1.160', [instance('BACKUP', 100, effective=40)]),
                             lvs2=director('10.1.1.161', [instance('MASTER', 90)], holds=['10.1.1.166'])))
    assert report['verdict'] == 'degraded'
    assert report['reasons'] == [
        'VI_1 on lvs1: effective priority 40, below its priority 100 (a tracked script, interface or file fails)',
        "VI_1 is MASTER on lvs2, not on lvs1 as the inventory's priorities want"]


def test_with_nopreempt_the_master_elsewhere_is_only_a_note():
    report = judge(vrrp_pair(lvs1=director('10.1.1.160', [instance('BACKUP', 100)]),
                             lvs2=director('10.1.1.161', [instance('MASTER', 90)], holds=['10.1.1.166'])),
                   group_vars=dict(inventories.VRRP, lvs_preempt=False))
    assert report['verdict'] == 'ok', reasons(report)
    assert report['notes'] == ['VI_1 is MASTER on lvs2 (nopreempt: it stays there until the next failover; the '
                               "inventory's first choice is lvs1)"]


def test_a_priority_the_inventory_does_not_say_is_a_note():
    report = judge(vrrp_pair(lvs2=director('10.1.1.161', [instance('BACKUP', 50)])))
    assert report['verdict'] == 'ok'
    assert report['notes'] == ['VI_1 on lvs2 runs priority 50, the inventory says 90: the deployed configuration '
                               'differs (run lvs.cluster.site)']


def in_maintenance(lvs1_instance, lvs2_instance, lvs2_holds=()):
    """The pair with lvs1's maintenance file."""
    lvs1 = dict(director('10.1.1.160', [lvs1_instance], ['10.1.1.166'] if lvs1_instance['state'] == 'MASTER' else []),
                maintenance=True)
    return vrrp_pair(lvs1=lvs1, lvs2=director('10.1.1.161', [lvs2_instance], list(lvs2_holds)))


@pytest.mark.parametrize('lowered', [instance('BACKUP', 100, effective=89), instance('FAULT', 100)],
                         ids=['priority lowered below lvs2', 'FAULT (a weight of 0)'])
def test_a_vrrp_director_in_maintenance_hands_its_vips_over(lowered):
    observed = in_maintenance(lowered, instance('MASTER', 90), lvs2_holds=['10.1.1.166'])
    report = judge(observed)
    assert report['verdict'] == 'degraded'
    assert report['reasons'] == ['lvs1 is in maintenance: its VIPs are handed over to lvs2']
    assert report['notes'] == ['lvs1 is in maintenance, its inventory says lvs_director_maintenance: false (the next '
                               'lvs.cluster.site run switches it)']
    assert report['directors'][0]['maintenance'] is True
    assert judge(observed, host_vars={'lvs1': {'lvs_director_maintenance': True}})['notes'] == []


def test_a_vrrp_director_in_maintenance_that_is_still_master():
    report = judge(in_maintenance(instance('MASTER', 100), instance('BACKUP', 90)))
    assert report['reasons'] == [
        'lvs1 is in maintenance but still MASTER of VI_1 (10.1.1.166): its VIPs are not handed over (is a peer up to '
        'take them? does the maintenance file hold 1? is its keepalived.conf older than the maintenance switch?)']


def test_a_vrrp_director_in_maintenance_whose_peer_is_down():
    report = judge(dict(in_maintenance(instance('BACKUP', 100, effective=89), instance('BACKUP', 90)), lvs2=None))
    assert 'lvs1 is in maintenance: no other director is MASTER of its instances' in report['reasons']
    assert 'VIP 10.1.1.166 of VI_1 is held by no reachable director: it is not served' in report['reasons']


def test_a_vrrp_director_the_inventory_puts_in_maintenance_but_is_not():
    report = judge(vrrp_pair(), host_vars={'lvs2': {'lvs_director_maintenance': True}})
    assert report['verdict'] == 'ok', reasons(report)
    assert report['notes'] == ['lvs2 is not in maintenance, its inventory says lvs_director_maintenance: true (the next '
                               'lvs.cluster.site run switches it)']


def test_an_instance_keepalived_does_not_run():
    report = judge(vrrp_pair(lvs2=director('10.1.1.161', [instance('BACKUP', 90, name='VI_9')])))
    assert "keepalived on lvs2 has no VRRP instance VI_1: the inventory's configuration is not deployed there" \
        in reasons(report)


def test_the_real_split_brain_dumps():
    """The captured dumps of two keepalived with different virtual_router_ids (fixtures/live)."""
    group_vars = {'lvs_vrrp_instances': {
        'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'advert_int': 1, 'virtual_ipaddress': ['10.9.1.166']},
        'VI_2': {'interface': 'eth0', 'virtual_router_id': 52, 'advert_int': 1,
                 'virtual_ipaddress': ['10.9.1.167', '10.9.1.168']}}}
    host_vars = {'lvs1': {'lvs_vrrp_priority': {'VI_1': 100, 'VI_2': 90}},
                 'lvs2': {'lvs_vrrp_priority': {'VI_1': 90, 'VI_2': 100}}}
    verdicts, notes = {}, {}
    for scenario in ('healthy', 'split-brain', 'fault', 'lowered'):
        observed = {}
        for host in ('lvs1', 'lvs2'):
            instances = keepalived_json.parse(read_fixture('live/keepalived-json/%s-%s.json' % (scenario, host)))
            holds = [vip for i in instances if i['vips_set'] for vip in i['vips']]
            result = director('10.9.1.%d' % (1 + len(observed)), instances, holds, servers=[], services=[])
            observed[host] = result
        report = judge(observed, group_vars, host_vars=host_vars)
        verdicts[scenario] = (report['verdict'], report['split_brain'])
        notes[scenario] = report['notes']
    assert verdicts['healthy'] == ('ok', [])
    assert notes['split-brain'] == ['VI_1 on lvs2 runs virtual_router_id 61, the inventory says 51: the deployed '
                                    'configuration differs (run lvs.cluster.site)']
    assert verdicts['split-brain'] == ('split_brain', [
        'VRRP instance VI_1 (virtual_router_id 51) is MASTER on lvs1 and lvs2 at once (VIPs 10.9.1.166)',
        'VIP 10.9.1.166 is on the interfaces of lvs1 and lvs2 at once'])
    assert verdicts['fault'][0] == verdicts['lowered'][0] == 'degraded'


# ---- active-active -------------------------------------------------------------------------------
# The lab's active-active cluster (inventories.ROUTED): every director is given lvs1's captures, healthy under
# traffic or with both real servers down.

VIP, KEY, ROUTER = '10.1.10.166', 'TCP-10.1.10.166:80', '10.1.1.254'


def aa_director(address, announced=(VIP,), sessions=('Established',), advertised=None, running=True,
                maintenance=False, quorum_lost=False):
    lost = '-quorum-lost' if quorum_lost else ''
    result = director(address, [], servers=checkers('routed/lvs1-keepalived_check%s.data' % lost),
                      services=ipvs('routed/lvs1-ip_vs%s.txt' % lost), running=running)
    established = [state == 'Established' for state in sessions]
    result.update(local_vips=[VIP], announced=list(announced), maintenance=maintenance,
                  bgp={'available': True, 'router_id': address, 'asn': 65001, 'sessions': [
                      {'peer': ROUTER, 'family': 'ipv4', 'remote_as': 65000, 'state': state, 'established': up,
                       'uptime': '00:10:00', 'uptime_seconds': 600, 'prefixes_received': 0,
                       'prefixes_sent': len(announced)} for state, up in zip(sessions, established)],
                       'advertised': {ROUTER: ['%s/32' % vip for vip in (announced if advertised is None
                                                                         else advertised)]} if any(established)
                       else {}})
    return result


def aa_cluster(group_vars=None, **changes):
    """Three healthy directors, with ``changes`` {host: keys to change in its result (a whole result: all), or None}."""
    observed = dict((host, aa_director('10.1.1.%d' % (160 + index)))
                    for index, host in enumerate(('lvs1', 'lvs2', 'lvs3')))
    for host, change in changes.items():
        if isinstance(change, dict):
            observed[host].update(change)
        else:
            observed[host] = change
    return judge(observed, inventories.ROUTED if group_vars is None else group_vars, ('lvs1', 'lvs2', 'lvs3'))


def test_active_active_as_captured_under_traffic_is_ok_with_the_shares():
    report = aa_cluster()
    assert report['verdict'] == 'ok', reasons(report)
    assert report['reasons'] == [] and report['notes'] == [] and report['split_brain'] == []
    assert report['fair_share'] == 0.333
    assert [(d['connections'], d['share']) for d in report['directors']] == [(88, 0.333)] * 3
    server = report['virtual_servers'][0]
    assert (server['key'], server['scheduler'], server['quorum']) == ('TCP 10.1.10.166:80', 'mh', 1)
    assert [(real['key'], real['directors'][0]['state'], real['directors'][0]['weight'], real['directors'][0]['active'],
             real['directors'][0]['inactive']) for real in server['real_servers']] == [
        ('10.1.1.163:80', 'up', {'inventory': 1, 'ipvs': 1}, 10, 37),
        ('10.1.1.164:80', 'up', {'inventory': 1, 'ipvs': 1}, 7, 34)]
    lvs1 = report['announcements'][0]
    assert [(v['vip'], v['local'], v['announced'], v['advertised_to'], v['can_serve']) for v in lvs1['vips']] == [
        (VIP, True, True, [ROUTER], True)]


def test_active_active_quorum_lost_as_captured():
    # both real servers' web servers stopped: the checkers say down, IPVS keeps them at weight 0
    # (inhibit_on_failure), keepalived's quorum is lost and the helper has withdrawn the announcement
    lost = dict((host, aa_director('10.1.1.%d' % (160 + index), announced=(), quorum_lost=True))
                for index, host in enumerate(('lvs1', 'lvs2', 'lvs3')))
    report = aa_cluster(**lost)
    assert report['verdict'] == 'degraded'
    assert report['reasons'] == [
        'TCP 10.1.10.166:80 has lost its quorum on lvs1, lvs2 and lvs3 (1 healthy real server needed)',
        "real server rs1 (10.1.1.163:80) of TCP 10.1.10.166:80 is down on lvs1, lvs2 and lvs3 (keepalived's checkers)",
        "real server rs2 (10.1.1.164:80) of TCP 10.1.10.166:80 is down on lvs1, lvs2 and lvs3 (keepalived's checkers)"]
    assert [(real['directors'][0]['state'], real['directors'][0]['weight'], real['directors'][0]['active'],
             real['directors'][0]['inactive']) for real in report['virtual_servers'][0]['real_servers']] == [
        ('down', {'inventory': 1, 'ipvs': 0}, 0, 10), ('down', {'inventory': 1, 'ipvs': 0}, 0, 7)]
    vip = report['announcements'][0]['vips'][0]
    assert (vip['announced'], vip['can_serve'], vip['why_not']) == (False, False, ['no quorum for %s' % KEY])


def test_a_quorum_of_two_is_lost_with_one_real_server_down():
    group_vars = copy.deepcopy(inventories.ROUTED)
    group_vars['lvs_virtual_servers'][0]['quorum'] = 2
    one_down = aa_director('10.1.1.160')  # the healthy captures, rs2 failed as keepalived would show it
    one_down['virtual_servers'][0]['quorum_up'] = False
    real(one_down['virtual_servers'], '10.1.1.164').update(alive=False, failed_checkers=1)
    real(one_down['ipvs']['services'], '10.1.1.164')['weight'] = 0
    report = aa_cluster(group_vars, lvs1=one_down)
    assert reasons(report).splitlines()[:2] == [
        'TCP 10.1.10.166:80 has lost its quorum on lvs1 (2 healthy real servers needed)',
        "real server rs2 (10.1.1.164:80) of TCP 10.1.10.166:80 is down on lvs1 (keepalived's checkers)"]


def test_announced_but_not_servable_and_servable_but_not_announced():
    report = aa_cluster(lvs2=aa_director('10.1.1.161', quorum_lost=True),  # still announcing
                        lvs3={'announced': [], 'bgp': aa_director('10.1.1.162', announced=())['bgp']})
    text = reasons(report)
    assert 'lvs2 announces 10.1.10.166 but cannot serve it (no quorum for TCP-10.1.10.166:80)' in text
    assert 'lvs3 serves 10.1.10.166 but does not announce it although it could (quorum up, keepalived running, not ' \
           'in maintenance)' in text


def test_a_quorum_younger_than_the_settle_time_is_a_note_not_a_fault():
    # the helper announces a quorum once it has held for one check cycle (9 s here: delay_loop 6, connect_timeout
    # 3): until then it is not a fault
    young = {'announced': [], 'quorum_age': {KEY: 3.2}, 'bgp': aa_director('10.1.1.162', announced=())['bgp']}
    report = aa_cluster(lvs3=young)
    assert 'lvs3 serves 10.1.10.166' not in reasons(report)
    assert report['notes'] == ['lvs3 waits until its quorum of TCP-10.1.10.166:80 has held for 9 s before it announces '
                               '10.1.10.166 (TCP-10.1.10.166:80 3 s)']
    assert [v['settling'] for v in report['announcements'][2]['vips']] == [True]
    settled = dict(young, quorum_age={KEY: 9.0})
    assert 'lvs3 serves 10.1.10.166 but does not announce it although it could' in reasons(aa_cluster(lvs3=settled))


def test_keepalived_down_but_still_announcing():
    report = aa_cluster(lvs1=aa_director('10.1.1.160', running=False))
    text = reasons(report)
    assert 'keepalived is not running on lvs1' in text
    assert 'lvs1 announces 10.1.10.166 but cannot serve it (keepalived is not running)' in text
    assert report['announcements'][0]['vips'][0]['can_serve'] is False


def test_maintenance_a_session_down_and_a_route_bgpd_does_not_send():
    report = aa_cluster(
        lvs1={'maintenance': True, 'announced': [], 'bgp': aa_director('10.1.1.160', announced=())['bgp']},
        lvs2=aa_director('10.1.1.161', sessions=('Idle',)),
        lvs3=aa_director('10.1.1.162', advertised=()))
    text = reasons(report)
    assert 'lvs1 is in maintenance: it announces none of its VIPs' in text
    assert 'lvs1 announces' not in text  # its routes are withdrawn
    assert 'the BGP session of lvs2 with 10.1.1.254 (ipv4) is Idle, not Established' in text
    assert 'lvs3 has the route of 10.1.10.166 but bgpd does not advertise it to 10.1.1.254' in text
    assert report['notes'] == ['lvs1 is in maintenance, its inventory says lvs_director_maintenance: false (the next '
                               'lvs.cluster.site run switches it)']


def test_bgp_unknown_and_a_missing_peer():
    report = aa_cluster(lvs1={'bgp': {'available': False, 'problem': 'vtysh is not installed'}},
                        lvs2={'bgp': dict(aa_director('10.1.1.161')['bgp'], sessions=[], advertised={})})
    text = reasons(report)
    assert 'the BGP state of lvs1 is unknown: vtysh is not installed' in text
    assert 'lvs2 has no BGP session with 10.1.1.254' in text


def test_the_worst_verdict():
    assert assess.worst([]) == 'ok'
    assert assess.worst(['ok', 'split_brain', 'degraded']) == 'split_brain'
    assert assess.worst(['ok', 'degraded']) == 'degraded'


def test_the_input_is_not_changed():
    observed = vrrp_pair()
    kept = copy.deepcopy(observed)
    judge(observed)
    assert observed == kept


# ---- a decommissioned real server (lvs_realserver_state: absent) -------------------------------------

ABSENT_RS2 = {'rs2': {'lvs_realserver_state': 'absent'}}


def without_rs2():
    """A healthy pair whose IPVS and checkers no longer know rs2 (the site run removed it)."""
    servers = healthy_checkers()
    servers[0]['real_servers'] = [found for found in servers[0]['real_servers'] if found['address'] != '10.1.1.164']
    observed = {}
    for host, address, state, priority, holds in (('lvs1', '10.1.1.160', 'MASTER', 100, ['10.1.1.166']),
                                                  ('lvs2', '10.1.1.161', 'BACKUP', 90, [])):
        observed[host] = director(address, [instance(state, priority)], holds, copy.deepcopy(servers),
                                  ipvs('dr/lvs1-ip_vs-rs2-down.txt'))
    return observed


def test_a_decommissioned_real_server_is_shown_as_such_not_as_a_failure():
    report = judge(without_rs2(), host_vars=ABSENT_RS2)
    assert report['verdict'] == 'ok', reasons(report)
    assert report['notes'] == []
    assert report['decommissioned'] == [{'host': 'rs2', 'address': '10.1.1.164', 'forwarded_by': []}]
    assert [real['name'] for real in report['virtual_servers'][0]['real_servers']] == ['rs1']


def test_a_decommissioned_real_server_still_in_ipvs_is_a_note_to_run_site():
    report = judge(vrrp_pair(), host_vars=ABSENT_RS2)  # the captured tables still forward to rs2
    assert report['decommissioned'] == [{'host': 'rs2', 'address': '10.1.1.164', 'forwarded_by': ['lvs1', 'lvs2']}]
    assert report['notes'] == ['real server rs2 (10.1.1.164) is decommissioned (lvs_realserver_state: absent) but lvs1 '
                               'and lvs2 still forward to it: run lvs.cluster.site to drain and remove it']
    assert 'which the inventory does not name' not in '\n'.join(report['notes'])
