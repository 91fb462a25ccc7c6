# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The verdict: a cluster's expected state (the model's derivation of an inventory) against what its directors
report. The directors' reports are built from the parsed fixtures (real keepalived JSON dumps; the IPVS and checker
FORMAT SAMPLES this host cannot capture), changed where a case needs it."""

from __future__ import absolute_import, division, print_function

import copy

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.status import (
    assess, expected, ipvs_table, keepalived_check, keepalived_json)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.status import inventories
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.status.conftest import read_fixture

NOW = 1796403100.0


def instance(state, base, effective=None, name='VI_1', vips=('10.1.1.166',), vrid=51):
    return {'name': name, 'state': state, 'wanted_state': state, 'vrid': vrid, 'interface': 'eth0',
            'base_priority': base, 'effective_priority': base if effective is None else effective,
            'master_priority': 0, 'vips': list(vips), 'vips_set': state == 'MASTER', 'nopreempt': False,
            'advert_int': 1, 'last_transition': NOW - 3600, 'stats': {}}


def healthy_checkers():
    """The lab's checker sample with rs2 up again."""
    servers = keepalived_check.parse(read_fixture('format-samples/keepalived_check-vrrp.data'))
    servers[0]['real_servers'][1].update(alive=True, failed_checkers=0)
    return servers


def healthy_ipvs(active=3):
    services = ipvs_table.parse(read_fixture('format-samples/ip_vs-vrrp.txt'))
    services[0]['real_servers'][0]['active'] = active
    services[0]['real_servers'].append({'address': '10.1.1.164', 'port': 80, 'forward': 'DR', 'weight': 1,
                                        'active': active, 'inactive': 0})
    return services


def director(address, instances, holds=(), checkers=None, ipvs=None, running=True, problems=()):
    return {'changed': False, 'now': NOW, 'problems': list(problems),
            'keepalived': {'running': running, 'pid': 812 if running else None, 'vrrp': running, 'checker': running,
                           'temp_dir': '/tmp'},
            'vrrp_instances': instances if running else None,
            'virtual_servers': (healthy_checkers() if checkers is None else checkers) if running else None,
            'ipvs': {'available': True, 'services': healthy_ipvs() if ipvs is None else ipvs, 'totals': None,
                     'rates': {'connections_per_second': 2}},
            'addresses': [address] + list(holds), 'local_vips': [], 'announced': [], 'maintenance': None,
            'bgp': {'available': False, 'problem': 'vtysh is not installed'}}


def vrrp_pair(**changes):
    """A healthy lab pair (lvs1 MASTER with the VIP), with ``changes`` {host: director result or None}."""
    observed = {'lvs1': director('10.1.1.160', [instance('MASTER', 100)], holds=['10.1.1.166']),
                'lvs2': director('10.1.1.161', [instance('BACKUP', 90)], ipvs=healthy_ipvs(active=0))}
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
        ('lvs1', 'up', {'inventory': 1, 'ipvs': 1}, 3, 12), ('lvs2', 'up', {'inventory': 1, 'ipvs': 1}, 0, 12)]
    assert [(d['host'], d['connections'], d['share']) for d in report['directors']] == \
        [('lvs1', 18, 0.6), ('lvs2', 12, 0.4)]


def test_a_real_server_down_by_the_checkers_names_it_and_the_directors():
    down = keepalived_check.parse(read_fixture('format-samples/keepalived_check-vrrp.data'))  # rs2 down, as captured
    ipvs = ipvs_table.parse(read_fixture('format-samples/ip_vs-vrrp.txt'))  # keepalived took rs2 out
    report = judge(vrrp_pair(lvs1=director('10.1.1.160', [instance('MASTER', 100)], ['10.1.1.166'], down, ipvs),
                             lvs2=director('10.1.1.161', [instance('BACKUP', 90)], [], down, ipvs)))
    assert report['verdict'] == 'degraded'
    assert report['reasons'] == ["real server rs2 (10.1.1.164:80) of TCP 10.1.1.166:80 is down on lvs1 and lvs2 "
                                 "(keepalived's checkers)"]
    rs2 = report['virtual_servers'][0]['real_servers'][1]['directors'][0]
    assert (rs2['state'], rs2['health'], rs2['failed_checkers'], rs2['weight']['ipvs']) == ('down', 'down', 1, None)


def test_a_drained_real_server_weight_0_in_ipvs():
    ipvs = healthy_ipvs()
    ipvs[0]['real_servers'][0]['weight'] = 0
    report = judge(vrrp_pair(lvs1=director('10.1.1.160', [instance('MASTER', 100)], ['10.1.1.166'], ipvs=ipvs)))
    assert report['verdict'] == 'degraded'
    assert reasons(report) == 'real server rs1 (10.1.1.163:80) of TCP 10.1.1.166:80 is drained (weight 0) on lvs1'


def test_a_real_server_the_inventory_weighs_0_is_drained_everywhere():
    report = judge(vrrp_pair(), host_vars={'rs1': {'lvs_realserver_weight': 0}})
    assert 'rs1 (10.1.1.163:80) of TCP 10.1.1.166:80 is drained (weight 0) on lvs1 and lvs2' in reasons(report)


def test_checkers_unknown_and_a_real_server_missing_from_ipvs_is_down():
    report = judge(vrrp_pair(lvs1=director('10.1.1.160', [instance('MASTER', 100)], ['10.1.1.166'], checkers=[],
                                           ipvs=ipvs_table.parse(read_fixture('format-samples/ip_vs-vrrp.txt')))))
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
            result = director('10.9.1.%d' % (1 + len(observed)), instances, holds, checkers=[], ipvs=[])
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

def aa_director(address, announced=('10.1.1.166',), sessions=('Established',), advertised=None, running=True,
                maintenance=False, checkers=None):
    result = director(address, [], checkers=keepalived_check.parse(read_fixture(
        'format-samples/keepalived_check-active-active.data')) if checkers is None else checkers,
        ipvs=ipvs_table.parse(read_fixture('format-samples/ip_vs-active-active.txt')), running=running)
    established = [state == 'Established' for state in sessions]
    result.update(local_vips=['10.1.1.166', '10.1.1.167'], announced=list(announced), maintenance=maintenance,
                  bgp={'available': True, 'router_id': address, 'asn': 65001, 'sessions': [
                      {'peer': '10.1.1.1', 'family': 'ipv4', 'remote_as': 65000, 'state': state, 'established': up,
                       'uptime': '00:10:00', 'uptime_seconds': 600, 'prefixes_received': 0,
                       'prefixes_sent': len(announced)} for state, up in zip(sessions, established)],
                       'advertised': {'10.1.1.1': ['%s/32' % vip for vip in (announced if advertised is None
                                                                             else advertised)]} if any(established)
                       else {}})
    return result


def aa_cluster(**changes):
    observed = dict((host, aa_director('10.1.1.%d' % (160 + index)))
                    for index, host in enumerate(('lvs1', 'lvs2', 'lvs3')))
    observed.update(changes)
    return judge(observed, inventories.ACTIVE_ACTIVE, ('lvs1', 'lvs2', 'lvs3'))


def test_active_active_as_captured_the_lost_quorum_and_the_shares():
    report = aa_cluster()
    # the checker sample: 10.1.1.167:80 needs 2 healthy real servers and has 1 (rs2 down, inhibited: weight 0)
    assert report['verdict'] == 'degraded'
    assert report['reasons'] == [
        'TCP 10.1.1.167:80 has lost its quorum on lvs1, lvs2 and lvs3 (2 healthy real servers needed)'] + [
        "real server rs2 (10.1.1.164:80) of TCP 10.1.1.167:80 is down on lvs1, lvs2 and lvs3 (keepalived's checkers)"]
    assert report['split_brain'] == []  # every director holds every VIP, on purpose
    assert report['fair_share'] == 0.333
    # the cluster's services only (the sample's IPv6 service, UDP service and firewall mark are no inventory's)
    assert [(d['connections'], d['share']) for d in report['directors']] == [(367, 0.333)] * 3
    lvs1 = report['announcements'][0]
    assert [(v['vip'], v['local'], v['announced'], v['advertised_to'], v['can_serve']) for v in lvs1['vips']] == [
        ('10.1.1.166', True, True, ['10.1.1.1'], True),
        ('10.1.1.167', True, False, [], False)]
    assert lvs1['vips'][1]['why_not'] == ['no quorum for TCP-10.1.1.167:80']


def all_quorum():
    servers = keepalived_check.parse(read_fixture('format-samples/keepalived_check-active-active.data'))
    for server in servers:
        server['quorum_up'] = True
        for real in server['real_servers']:
            real['alive'] = True
    return servers


def quorum_reports(**changes):
    observed = dict((host, aa_director('10.1.1.%d' % (160 + index), announced=('10.1.1.166', '10.1.1.167'),
                                       checkers=all_quorum()))
                    for index, host in enumerate(('lvs1', 'lvs2', 'lvs3')))
    for host, change in changes.items():
        observed[host].update(change) if isinstance(change, dict) else observed.__setitem__(host, change)
    return judge(observed, inventories.ACTIVE_ACTIVE, ('lvs1', 'lvs2', 'lvs3'))


def test_active_active_everything_announced_and_served_is_ok():
    report = quorum_reports()
    # rs2's inhibited weight 0 in the IPVS sample, with checkers all up: drained
    assert reasons(report) == 'real server rs2 (10.1.1.164:80) of TCP 10.1.1.167:80 is drained (weight 0) on lvs1, ' \
                              'lvs2 and lvs3'


def test_announced_but_not_servable_and_servable_but_not_announced():
    no_quorum = all_quorum()
    no_quorum[1]['quorum_up'] = False
    report = quorum_reports(lvs2={'virtual_servers': no_quorum},
                            lvs3={'announced': ['10.1.1.167'],
                                  'bgp': aa_director('10.1.1.162', announced=('10.1.1.167',))['bgp']})
    text = reasons(report)
    assert 'lvs2 announces 10.1.1.167 but cannot serve it (no quorum for TCP-10.1.1.167:80)' in text
    assert 'lvs3 serves 10.1.1.166 but does not announce it although it could (quorum up, keepalived running, not ' \
           'in maintenance)' in text


def test_a_quorum_younger_than_the_settle_time_is_a_note_not_a_fault():
    # the helper announces a quorum once it has held for one check cycle (60 s here, keepalived's delay_loop):
    # until then it is not a fault
    young = {'announced': ['10.1.1.167'], 'quorum_age': {'TCP-10.1.1.166:80': 3.2, 'TCP-10.1.1.167:80': 500.0},
             'bgp': aa_director('10.1.1.162', announced=('10.1.1.167',))['bgp']}
    report = quorum_reports(lvs3=young)
    assert 'lvs3 serves 10.1.1.166' not in reasons(report)
    assert 'lvs3 waits until its quorum of TCP-10.1.1.166:80 has held for 60 s before it announces 10.1.1.166 ' \
           '(TCP-10.1.1.166:80 3 s)' in report['notes']
    assert [v['settling'] for v in report['announcements'][2]['vips']] == [True, False]
    settled = dict(young, quorum_age={'TCP-10.1.1.166:80': 60.0, 'TCP-10.1.1.167:80': 500.0})
    assert 'lvs3 serves 10.1.1.166 but does not announce it although it could' in reasons(quorum_reports(lvs3=settled))


def test_keepalived_down_but_still_announcing():
    report = quorum_reports(lvs1=aa_director('10.1.1.160', announced=('10.1.1.166', '10.1.1.167'), running=False))
    text = reasons(report)
    assert 'keepalived is not running on lvs1' in text
    assert 'lvs1 announces 10.1.1.166 but cannot serve it (keepalived is not running)' in text
    assert report['announcements'][0]['vips'][0]['can_serve'] is False


def test_maintenance_a_session_down_and_a_route_bgpd_does_not_send():
    report = quorum_reports(
        lvs1={'maintenance': True, 'announced': [], 'bgp': aa_director('10.1.1.160', announced=())['bgp']},
        lvs2=aa_director('10.1.1.161', announced=('10.1.1.166', '10.1.1.167'), sessions=('Idle',), checkers=all_quorum()),
        lvs3=aa_director('10.1.1.162', announced=('10.1.1.166', '10.1.1.167'), advertised=('10.1.1.166',),
                         checkers=all_quorum()))
    text = reasons(report)
    assert 'lvs1 is in maintenance: it announces none of its VIPs' in text
    assert 'lvs1 announces' not in text  # its routes are withdrawn
    assert 'the BGP session of lvs2 with 10.1.1.1 (ipv4) is Idle, not Established' in text
    assert 'lvs3 has the route of 10.1.1.167 but bgpd does not advertise it to 10.1.1.1' in text
    assert report['notes'] == ['lvs1 is in maintenance, its inventory says lvs_director_maintenance: false (the next '
                               'lvs.cluster.site run switches it)']


def test_bgp_unknown_and_a_missing_peer():
    report = quorum_reports(lvs1={'bgp': {'available': False, 'problem': 'vtysh is not installed'}},
                            lvs2={'bgp': dict(aa_director('10.1.1.161')['bgp'], sessions=[], advertised={})})
    text = reasons(report)
    assert 'the BGP state of lvs1 is unknown: vtysh is not installed' in text
    assert 'lvs2 has no BGP session with 10.1.1.1' in text


def test_the_worst_verdict():
    assert assess.worst([]) == 'ok'
    assert assess.worst(['ok', 'split_brain', 'degraded']) == 'split_brain'
    assert assess.worst(['ok', 'degraded']) == 'degraded'


def test_the_input_is_not_changed():
    observed = vrrp_pair()
    kept = copy.deepcopy(observed)
    judge(observed)
    assert observed == kept
