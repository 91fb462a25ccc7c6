# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cluster rules (LVS0xx) on derived configurations, and the inventories the other tests share (the derivation
itself is test_inventory.py's, each rule file's own cases its test file's).

The base inventory is the article's cluster (two directors, two real servers, VIP 10.1.1.166);
each rule has a TRIGGERS entry that breaks it in one way, as an operator would.
"""

from __future__ import absolute_import, division, print_function

import copy
import json

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, rules
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf, slices

# LVS03x are the inventory variables' own rules (variables.py, test_variables.py).
CLUSTER_RULES = sorted(rule_id for rule_id in rules.RULES if rule_id.startswith('LVS0') and not rule_id.startswith('LVS03'))

DIRECTORS_GROUP_VARS = {
    'lvs_vrrp_instances': {'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'advert_int': 1,
                                    'virtual_ipaddress': ['10.1.1.166']}},
    'lvs_virtual_servers': [{
        'address': '10.1.1.166', 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'rr', 'lvs_method': 'DR', 'delay_loop': 6,
        'real_servers_from_group': 'lvs_realservers',
        'real_server_defaults': {'checkers': [{'type': 'TCP_CHECK', 'connect_port': 80, 'connect_timeout': 10,
                                               'retry': 3, 'delay_before_retry': 3}]},
    }],
}


def article():
    """(hostvars, groups) of the article's cluster, as Ansible would hand them over."""
    hostvars = {
        'lvs1': dict(copy.deepcopy(DIRECTORS_GROUP_VARS), ansible_host='10.1.1.160'),
        'lvs2': dict(copy.deepcopy(DIRECTORS_GROUP_VARS), ansible_host='10.1.1.162'),
        'rs1': {'ansible_host': '10.1.1.163'},
        'rs2': {'ansible_host': '10.1.1.164'},
    }
    groups = {'lvs_directors': ['lvs1', 'lvs2'], 'lvs_realservers': ['rs1', 'rs2']}
    return hostvars, groups


def instance(hostvars, host, name='VI_1'):
    return hostvars[host]['lvs_vrrp_instances'][name]


def both(hostvars, function):
    for host in ('lvs1', 'lvs2'):
        function(hostvars[host])


def on_directors(function):
    """A change of the article's inventory that applies ``function`` to each director's variables."""
    def change(hostvars, groups):
        both(hostvars, function)
    return change


def with_auth(password_lvs1, password_lvs2):
    def change(hostvars, groups):
        instance(hostvars, 'lvs1')['authentication'] = {'auth_type': 'PASS', 'auth_pass': password_lvs1}
        instance(hostvars, 'lvs2')['authentication'] = {'auth_type': 'PASS', 'auth_pass': password_lvs2}
    return change


def second_cluster(segment=None):
    def change(hostvars, groups):
        for host, address in (('db1', '10.1.2.160'), ('db2', '10.1.2.162')):
            variables = {'ansible_host': address, 'lvs_cluster_name': 'db', 'lvs_vrrp_instances': {'VI_DB': {
                'interface': 'eth0', 'virtual_router_id': 51, 'virtual_ipaddress': ['10.1.2.166']}}}
            if segment:
                variables['lvs_l2_segment'] = segment
            hostvars[host] = variables
        groups['lvs_directors'] += ['db1', 'db2']
    return change


def fast(*changes):
    """The article's cluster on the fast VRRP profile (its instance without the article's advert_int 1), then
    ``changes``."""
    def change(hostvars, groups):
        for host in ('lvs1', 'lvs2'):
            hostvars[host]['lvs_vrrp_profile'] = 'fast'
            del instance(hostvars, host)['advert_int']
        for one in changes:
            one(hostvars, groups)
    return change


def set_key(host, key, value, name='VI_1'):
    def change(hostvars, groups):
        instance(hostvars, host, name)[key] = value
    return change


def set_var(hosts, key, value):
    def change(hostvars, groups):
        for host in hosts:
            hostvars[host][key] = copy.deepcopy(value)
    return change


def extra_real_server(**options):
    def change(hostvars, groups):
        both(hostvars, lambda v: v['lvs_virtual_servers'][0].setdefault('real_servers', []).append(
            dict({'address': '10.1.1.200', 'port': 80}, **options)))
    return change


def tracked(weight, priorities=None, hosts=('lvs1', 'lvs2')):
    def change(hostvars, groups):
        for host in hosts:
            hostvars[host]['lvs_global_defs'] = {'enable_script_security': True, 'script_user': 'root'}
            hostvars[host]['lvs_vrrp_scripts'] = {'chk_web': {'script': '/usr/bin/pgrep apache2', 'interval': 2,
                                                              'weight': weight, 'fall': 3, 'rise': 1}}
            instance(hostvars, host)['track_script'] = ['chk_web']
            if priorities:
                hostvars[host]['lvs_vrrp_priority'] = priorities[host]
    return change


# The article's cluster turned active-active: three directors announcing the VIP over BGP, Maglev hashing.
ACTIVE_ACTIVE_VARS = {
    'lvs_cluster_mode': 'active_active', 'lvs_bgp_asn': 65001,
    'lvs_bgp_peers': [{'address': '10.1.1.1', 'asn': 65000, 'password': 'Bgp9pw', 'bfd': True}],
    'lvs_bgp_timers': {'keepalive': 1, 'hold': 3},
}
ACTIVE_ACTIVE_HOSTS = ('lvs1', 'lvs2', 'lvs3')


def active_active(*changes):
    """A change of the article's inventory into an active-active cluster, then ``changes`` to it."""
    def change(hostvars, groups):
        hostvars['lvs3'] = dict(copy.deepcopy(hostvars['lvs2']), ansible_host='10.1.1.161')
        groups['lvs_directors'].append('lvs3')
        for host in ACTIVE_ACTIVE_HOSTS:
            del hostvars[host]['lvs_vrrp_instances']
            hostvars[host].update(copy.deepcopy(ACTIVE_ACTIVE_VARS))
            hostvars[host]['lvs_virtual_servers'][0].update({'lvs_sched': 'mh', 'mh-port': True, 'quorum': 1})
        for one in changes:
            one(hostvars, groups)
    return change


def on_aa(function, hosts=ACTIVE_ACTIVE_HOSTS):
    def change(hostvars, groups):
        for host in hosts:
            function(hostvars[host])
    return change


def aa_server(hosts=ACTIVE_ACTIVE_HOSTS, **values):
    return on_aa(lambda v: v['lvs_virtual_servers'][0].update(copy.deepcopy(values)), hosts)


# rule id -> (change to the article's inventory, hosts the finding names, path it names)
TRIGGERS = {
    'LVS001': (set_var(['lvs2'], 'lvs_vrrp_instances', dict(DIRECTORS_GROUP_VARS['lvs_vrrp_instances'], VI_2={
        'interface': 'eth0', 'virtual_router_id': 52, 'virtual_ipaddress': ['10.1.1.167']})), 'lvs1', 'lvs_vrrp_instances[VI_2]'),
    'LVS002': (set_key('lvs2', 'virtual_router_id', 52), 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].virtual_router_id'),
    'LVS003': (set_key('lvs2', 'advert_int', 5), 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].advert_int'),
    'LVS004': (with_auth('1111', '2222'), 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].authentication'),
    'LVS005': (set_key('lvs2', 'virtual_ipaddress', ['10.1.1.167']), 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].virtual_ipaddress'),
    'LVS006': (set_key('lvs2', 'version', 3), 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].version'),
    'LVS007': (set_var(['lvs2'], 'lvs_vrrp_unicast', True), 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].unicast_peer'),
    'LVS008': (set_var(['lvs1', 'lvs2'], 'lvs_vrrp_priority', 100), 'lvs1, lvs2', 'lvs_vrrp_priority'),
    'LVS009': (set_var(['lvs1', 'lvs2'], 'lvs_vrrp_priority', 255), 'lvs1, lvs2', 'lvs_vrrp_priority'),
    'LVS010': (second_cluster(), 'lvs1', 'lvs_vrrp_instances[VI_1].virtual_router_id'),
    'LVS011': (lambda h, g: (set_var(['lvs1', 'lvs2'], 'lvs_vrrp_unicast', True)(h, g),
                             set_key('lvs2', 'unicast_peer', ['10.1.1.162'])(h, g)), 'lvs2', 'lvs_vrrp_instances[VI_1].unicast_peer'),
    'LVS012': (lambda h, g: both(h, lambda v: v['lvs_virtual_servers'][0].update(address='10.1.1.170')),
               'lvs1', 'lvs_virtual_servers[10.1.1.170:80]'),
    'LVS013': (extra_real_server(), 'lvs1, lvs2', 'lvs_virtual_servers[10.1.1.166:80].real_servers[10.1.1.200:80]'),
    'LVS052': (lambda h, g: (set_var(['rs2'], 'lvs_realserver_state', 'absent')(h, g), both(
        h, lambda v: v['lvs_virtual_servers'][0].update(real_servers=[{'address': '10.1.1.164', 'port': 80}]))),
        'lvs1, lvs2', 'lvs_virtual_servers[10.1.1.166:80].real_servers[10.1.1.164:80]'),
    'LVS053': (lambda h, g: (both(h, lambda v: v['lvs_virtual_servers'][0].update(lvs_method='NAT')),
                             set_var(['rs1', 'rs2'], 'lvs_realserver_gateway', '10.1.1.1')(h, g)),
               'rs1', 'lvs_realserver_gateway'),
    'LVS054': (lambda h, g: (both(h, lambda v: v['lvs_virtual_servers'][0].update(lvs_method='NAT')),
                             set_var(['rs1'], 'lvs_realserver_port', 8080)(h, g)),
               'lvs1, lvs2', 'lvs_virtual_servers[10.1.1.166:80].real_server_defaults.checkers[0].connect_port'),
    'LVS055': (lambda h, g: both(h, lambda v: v['lvs_virtual_servers'].append(dict(
        copy.deepcopy(v['lvs_virtual_servers'][0]), address='10.1.1.167', lvs_method='TUN'))),
        'rs1', 'lvs_virtual_servers[].lvs_method'),
    'LVS014': (set_var(['lvs1', 'lvs2'], 'lvs_global_defs', {'router_id': 'LVS1'}), 'lvs1, lvs2', 'lvs_global_defs.router_id'),
    'LVS015': (lambda h, g: h['lvs2']['lvs_virtual_servers'][0].update(lvs_sched='wrr'), 'lvs1, lvs2', 'lvs_virtual_servers'),
    'LVS016': (lambda h, g: both(h, lambda v: v['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'].append('10.1.1.163')),
               'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].virtual_ipaddress'),
    'LVS017': (lambda h, g: h['lvs2'].update(ansible_host='10.1.1.160'), 'lvs1, lvs2', 'ansible_host'),
    'LVS024': (set_var(['lvs2'], 'lvs_cluster_name', 'lvs_directorz'), 'lvs1', 'lvs_cluster_name'),
    'LVS025': (set_var(['lvs2'], 'lvs_preempt', False), 'lvs2', 'lvs_preempt'),
    'LVS026': (set_var(['lvs2'], 'lvs_l2_segment', 'rack2'), 'lvs1, lvs2', 'lvs_l2_segment'),
    'LVS027': (lambda h, g: (second_cluster()(h, g), [h[db]['lvs_vrrp_instances']['VI_DB'].update(
        virtual_router_id=61, virtual_ipaddress=['10.1.1.166']) for db in ('db1', 'db2')]), 'lvs1, lvs2',
        'lvs_vrrp_instances[VI_1].virtual_ipaddress'),
    'LVS020': (tracked(-5), 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].track_script'),
    'LVS028': (tracked(20, hosts=['lvs1']), 'lvs1', 'lvs_vrrp_instances[VI_1].track_file'),
    'LVS029': (set_var(['lvs2'], 'lvs_connection_sync', False), 'lvs1, lvs2', 'lvs_global_defs.lvs_sync_daemon'),
    'LVS018': (lambda h, g: (second_cluster()(h, g), [h[db]['lvs_vrrp_instances']['VI_DB'].update(virtual_router_id=61)
                                                      or h[db].update(lvs_global_defs={'lvs_sync_daemon': {
                                                          'interface': 'eth0', 'vrrp_instance': 'VI_DB', 'sync_id': 51}})
                                                      for db in ('db1', 'db2')]),
               'lvs1, lvs2', 'lvs_global_defs.lvs_sync_daemon.sync_id'),
    'LVS019': (fast(set_var(['lvs1', 'lvs2'], 'lvs_global_defs', {'vrrp_version': 2})), 'lvs1, lvs2',
               'lvs_global_defs.vrrp_version'),
    'LVS021': (fast(set_key('lvs1', 'advert_int', 1), set_key('lvs2', 'advert_int', 1)), 'lvs1, lvs2',
               'lvs_vrrp_instances[VI_1].advert_int'),
    'LVS022': (with_auth('1111', '1111'), 'lvs1', 'lvs_vrrp_instances[VI_1].authentication.auth_type'),
    'LVS023': (set_var(['lvs1', 'lvs2'], 'lvs_failover_target', 2), 'lvs2', 'lvs_vrrp_instances[VI_1].advert_int'),
    'LVS040': (active_active(aa_server(lvs_sched='rr')), 'lvs1', 'lvs_virtual_servers[10.1.1.166:80].lvs_sched'),
    'LVS041': (active_active(aa_server(['lvs3'], real_server_defaults={'weight': 2})), 'lvs3',
               'lvs_virtual_servers[10.1.1.166:80].real_servers_from_group'),
    'LVS042': (active_active(aa_server(lvs_method='NAT')), 'lvs2', 'lvs_virtual_servers[10.1.1.166:80].lvs_method'),
    'LVS043': (active_active(on_aa(lambda v: v.pop('lvs_bgp_asn'), ['lvs3'])), 'lvs3', 'lvs_bgp_asn'),
    'LVS044': (active_active(on_aa(lambda v: v['lvs_bgp_peers'][0].update(asn=65002), ['lvs3'])), 'lvs1, lvs2, lvs3',
               'lvs_bgp_peers'),
    'LVS045': (active_active(aa_server(['lvs3'], announce=False)), 'lvs3', 'lvs_virtual_servers'),
    'LVS046': (active_active(set_var(['lvs2'], 'ansible_kernel', '4.9.0-19-amd64')), 'lvs2',
               'lvs_virtual_servers[10.1.1.166:80].lvs_sched'),
    'LVS047': (active_active(set_var(ACTIVE_ACTIVE_HOSTS, 'lvs_vrrp_instances', DIRECTORS_GROUP_VARS['lvs_vrrp_instances'])),
               'lvs1', 'lvs_vrrp_instances'),
    'LVS048': (active_active(aa_server(quorum_up='/usr/local/bin/announce 10.1.1.166')), 'lvs1',
               'lvs_virtual_servers[10.1.1.166:80].quorum_up'),
    'LVS049': (active_active(set_var(['lvs3'], 'lvs_cluster_mode', 'vrrp')), 'lvs3', 'lvs_cluster_mode'),
    'LVS050': (active_active(set_var(ACTIVE_ACTIVE_HOSTS, 'lvs_global_defs', {'script_user': 'keepalived_script'})), 'lvs2',
               'lvs_global_defs.script_user'),
    'LVS051': (active_active(aa_server(['lvs2'], inhibit_on_failure=False)), 'lvs2',
               'lvs_virtual_servers[10.1.1.166:80].inhibit_on_failure'),
}


def validate(change=None):
    hostvars, groups = article()
    if change is not None:
        change(hostvars, groups)
    return cluster.validate(hostvars, groups)


def checked(check, change=None, edit=None):
    """What one cluster rule's ``check`` finds on the article's inventory changed by ``change``, called directly on
    the loaded clusters (after ``edit(clusters)`` of their models, for a case no inventory derives): its findings as
    it makes them, in the model's paths, before cluster.validate merges them and puts them in the inventory's words."""
    report = validate(change)
    if edit is not None:
        edit(report.clusters)
    context = cluster.Context(report.clusters, report.realservers, {})
    if check in cluster.LANDSCAPE_RULES:
        return list(check(report.clusters, context))
    return [issue for name, members in sorted(report.clusters.items()) for issue in check(name, members, context)]


def test_the_articles_cluster_is_clean():
    report = validate()
    assert [issue.format() for issue in report.issues] == []
    assert report.valid


def test_every_cluster_rule_has_a_trigger():
    assert sorted(TRIGGERS) == CLUSTER_RULES


def test_every_cluster_rule_has_one_check_function():
    registered = sorted(check.rule_id for check in cluster.CLUSTER_RULES + cluster.LANDSCAPE_RULES)
    assert registered == CLUSTER_RULES


@pytest.mark.parametrize('rule_id', CLUSTER_RULES)
def test_rule_is_reported_with_hosts_path_and_fix(rule_id):
    change, host, path = TRIGGERS[rule_id]
    found = [issue for issue in validate(change).issues if issue.rule == rule_id]
    assert found, 'the trigger of %s raised nothing' % rule_id
    issue = found[0]
    assert issue.level == rules.RULES[rule_id].level
    assert host in issue.host
    assert issue.path == path
    assert len(issue.message) > 15 and len(issue.fix) > 15
    assert ('host %s' % issue.host) in issue.format()


@pytest.mark.parametrize('rule_id', ['LVS002', 'LVS003', 'LVS004', 'LVS008'])
def test_the_articles_dual_master_experiments_make_the_inventory_invalid(rule_id):
    report = validate(TRIGGERS[rule_id][0])
    assert not report.valid


def test_virtual_servers_written_differently_but_the_same_are_no_lvs015():
    """LVS015 compares what keepalived would run, not how the inventory spells it: the article's legacy names on
    one director, the modern ones and the port as a string on the other."""
    def spelled(hostvars, groups):
        server = hostvars['lvs2']['lvs_virtual_servers'][0]
        server['lb_algo'] = server.pop('lvs_sched')
        server['port'] = str(server['port'])
    report = validate(spelled)
    assert 'LVS015' not in [issue.rule for issue in report.issues], report.format()
    assert 'LVS015' in [issue.rule for issue in validate(
        lambda h, g: h['lvs2']['lvs_virtual_servers'][0].update(port=81)).issues]


def test_different_passwords_are_reported_without_the_passwords():
    report = validate(with_auth('s3cret1', 's3cret2'))
    text = '\n'.join(issue.format() for issue in report.issues) + repr([i.as_dict() for i in report.issues])
    assert 'LVS004' in text
    assert 's3cret1' not in text and 's3cret2' not in text


def test_same_password_on_both_directors_is_no_lvs004():
    assert 'LVS004' not in [issue.rule for issue in validate(with_auth('1111', '1111')).issues]


def test_clusters_on_different_segments_may_share_vips():
    def change(hostvars, groups):
        second_cluster('rack2')(hostvars, groups)
        for host in ('db1', 'db2'):
            hostvars[host]['lvs_vrrp_instances']['VI_DB']['virtual_ipaddress'] = ['10.1.1.166']
    assert 'LVS027' not in [issue.rule for issue in validate(change).issues]


def test_a_vip_of_two_clusters_names_the_other_cluster():
    issue = [i for i in validate(TRIGGERS['LVS027'][0]).issues if i.rule == 'LVS027'][0]
    assert issue.value == '10.1.1.166' and 'cluster db (vrrp_instances[VI_DB])' in issue.message and 'default' in issue.message


def test_clusters_on_different_segments_may_share_router_ids():
    assert 'LVS010' not in [issue.rule for issue in validate(second_cluster('rack2')).issues]


def test_external_real_server_is_accepted():
    assert 'LVS013' not in [issue.rule for issue in validate(extra_real_server(external=True)).issues]


def test_external_on_any_director_counts_and_a_missing_real_server_is_said_once():
    def external_on_lvs2(hostvars, groups):
        extra_real_server()(hostvars, groups)
        hostvars['lvs2']['lvs_virtual_servers'][0]['real_servers'][0]['external'] = True
    assert 'LVS013' not in [issue.rule for issue in validate(external_on_lvs2).issues]
    assert [issue.rule for issue in validate(extra_real_server()).issues].count('LVS013') == 1


def test_nat_real_servers_need_no_inventory_host():
    def change(hostvars, groups):
        extra_real_server()(hostvars, groups)
        both(hostvars, lambda v: v['lvs_virtual_servers'][0].update(lvs_method='NAT'))
    assert 'LVS013' not in [issue.rule for issue in validate(change).issues]


def test_the_articles_track_script_weights_move_the_vip():
    # Article section 5: weight -90 on priorities 150 and 100: 150 - 90 = 60 < 100.
    report = validate(tracked(-90, {'lvs1': 150, 'lvs2': 100}))
    assert 'LVS020' not in [issue.rule for issue in report.issues]


def test_a_weight_smaller_than_the_gap_shows_the_arithmetic():
    issue = [i for i in validate(tracked(-5)).issues if i.rule == 'LVS020'][0]
    assert '100 -5 = 95' in issue.message and "lvs2's 90" in issue.message
    assert 'weight -11' in issue.fix


def test_failover_target_met_gives_no_warning():
    assert 'LVS023' not in [i.rule for i in validate(set_var(['lvs1', 'lvs2'], 'lvs_failover_target', 5)).issues]


def test_lvs023_shows_master_down_interval():
    issue = [i for i in validate(TRIGGERS['LVS023'][0]).issues if i.rule == 'LVS023'][0]
    assert '3.65 s' in issue.message and 'VRRPv2: 3 x 1 + (256 - 90) / 256' in issue.message


def test_lvs023_shows_the_vrrpv3_formula_it_computed_with():
    def change(hostvars, groups):
        set_var(['lvs1', 'lvs2'], 'lvs_failover_target', 1)(hostvars, groups)
        for host in ('lvs1', 'lvs2'):
            instance(hostvars, host).update(version=3, advert_int=0.5)
    issue = [i for i in validate(change).issues if i.rule == 'LVS023'][0]
    # VRRPv3's skew scales with advert_int: 1.5 + 166 x 0.5 / 256 = 1.82, not VRRPv2's 1.5 + 166 / 256 = 2.15
    assert '1.82 s' in issue.message and 'VRRPv3: 3 x 0.5 + (256 - 90) x 0.5 / 256' in issue.message


def test_per_host_model_errors_name_their_host():
    report = validate(set_var(['lvs1'], 'lvs_vrrp_priority', 300))
    issue = [i for i in report.issues if i.rule == 'LVS103'][0]
    assert issue.host == 'lvs1' and issue.path == 'lvs_vrrp_priority'
    assert not report.valid


def test_nopreempt_with_forced_master_is_reported_for_that_host():
    def change(hostvars, groups):
        set_var(['lvs1', 'lvs2'], 'lvs_preempt', False)(hostvars, groups)
        set_var(['lvs1'], 'lvs_vrrp_state', 'MASTER')(hostvars, groups)
    issue = [i for i in validate(change).issues if i.rule == 'LVS208'][0]
    assert issue.host == 'lvs1'


def test_the_active_active_cluster_is_clean():
    report = validate(active_active())
    assert [issue.format() for issue in report.issues] == []
    assert report.summary()['lvs_directors']['mode'] == 'active_active'
    assert report.summary()['lvs_directors']['vips'] == ['10.1.1.166']


# ---- derived configurations, as the rules see them (the derivation itself: test_inventory.py) ----------

def test_nopreempt_on_the_highest_priority_alone_is_the_articles_pair_and_fine():
    """Article section 4: only the higher-priority director needs nopreempt; the other never preempts anyway."""
    report = validate(set_var(['lvs1'], 'lvs_preempt', False))
    assert report.valid and [i.rule for i in report.issues] == [], report.format()


def test_nopreempt_on_the_backup_alone_changes_nothing_and_says_why():
    issue = [i for i in validate(set_var(['lvs2'], 'lvs_preempt', False)).issues if i.rule == 'LVS025'][0]
    assert 'lvs1' in issue.message and 'takes the VIP back' in issue.message
    assert 'lvs_preempt: false' in issue.fix


@pytest.mark.parametrize('name,values', [('lvs_l2_segment', ('rack1', 'rack2')), ('lvs_failover_target', (2, 5))])
def test_a_cluster_wide_variable_differs_between_directors(name, values):
    report = validate(lambda h, g: (h['lvs1'].update({name: values[0]}), h['lvs2'].update({name: values[1]})))
    issues = [i for i in report.issues if i.rule == 'LVS026']
    assert [(i.path, i.host) for i in issues] == [(name, 'lvs1, lvs2')]
    assert '%s on lvs1' % values[0] in issues[0].message and '%s on lvs2' % values[1] in issues[0].message


STATIC_ROUTES = {'static_routes': ['192.168.100.0/24 via 10.1.1.1 dev eth0']}


def test_keepalived_passthrough_reaches_each_directors_file_as_written():
    def change(hostvars, groups):
        set_var(['lvs1', 'lvs2'], 'lvs_keepalived_passthrough', [STATIC_ROUTES, 'linkbeat_use_polling'])(hostvars, groups)
        # host_vars replace the group's list: lvs2 has its own static address, and no linkbeat_use_polling
        set_var(['lvs2'], 'lvs_keepalived_passthrough', [STATIC_ROUTES, {
            'static_ipaddress': ['192.168.200.162/24 dev eth1']}])(hostvars, groups)
        both(hostvars, lambda v: v['lvs_virtual_servers'][0]['real_server_defaults'].update(
            passthrough=['virtualhost www.example.com']))
    report = validate(change)
    assert report.valid, report.format()
    texts = dict((host, kaconf.render(kaconf.load(data)[0])) for host, data in report.configs().items())
    assert texts['lvs1'].endswith('static_routes {\n    192.168.100.0/24 via 10.1.1.1 dev eth0\n}\nlinkbeat_use_polling\n')
    assert texts['lvs2'].endswith('}\nstatic_ipaddress {\n    192.168.200.162/24 dev eth1\n}\n')
    assert 'linkbeat_use_polling' not in texts['lvs2']
    for text in texts.values():  # every real server of the group gets the defaults' statements
        assert text.count('\n        virtualhost www.example.com\n') == 2


@pytest.mark.parametrize('hosts,value,fix', [
    (['lvs2'], ['static_route'], 'did you mean static_routes?'),
    (['lvs1', 'lvs2'], [{'linkbeat_interface': ['eth0']}], 'did you mean linkbeat_interfaces?'),
    (['lvs1'], ['vrrp_instance VI_2'], 'write vrrp_instance as the key vrrp_instances'),  # typed: a variable of its own
])
def test_a_keyword_keepalived_does_not_know_at_the_top_level_is_lvs101_naming_host_and_variable(hosts, value, fix):
    report = validate(set_var(hosts, 'lvs_keepalived_passthrough', value))
    found = [issue for issue in report.issues if issue.rule == 'LVS101']
    assert [(issue.host, issue.path) for issue in found] == [(', '.join(hosts), 'lvs_keepalived_passthrough[0]')]
    assert found[0].fix.startswith(fix) and 'host %s' % ', '.join(hosts) in found[0].format()
    assert not report.valid


def test_a_password_passed_through_reaches_the_file_but_no_slice_or_finding():
    ssl = {'SSL': ['password "t0p ssl"', 'key /etc/keepalived/ssl/client.key']}
    report = validate(set_var(['lvs1', 'lvs2'], 'lvs_keepalived_passthrough', [ssl]))
    assert report.valid, report.format()
    part = report.slices()['directors']['lvs1']
    assert 't0p ssl' not in json.dumps(slices.unpack(part['config']))
    hostvars, _groups = article()
    hostvars['lvs1']['lvs_keepalived_passthrough'] = [ssl]
    restored = slices.with_secrets(part, 'lvs1', hostvars['lvs1'])  # what the director role derives from
    assert restored['config'] == report.configs()['lvs1']
    assert '    password "t0p ssl"\n' in kaconf.render(kaconf.load(restored['config'])[0])
    report = validate(set_var(['lvs1'], 'lvs_keepalived_passthrough', [{'SSLL': ['password t0pssl']}, 'password t0pssl']))
    assert [(issue.rule, issue.value) for issue in report.issues] == [
        ('LVS101', 'SSLL'), ('LVS101', 'password ********')]


def test_derived_configs_render_and_keep_the_vrrp_secret_out_of_issues():
    report = validate(with_auth('1111', '1111'))
    assert report.valid
    assert report.configs()['lvs1']['vrrp_instances']['VI_1']['authentication']['auth_pass'] == '1111'


# ---- real servers ---------------------------------------------------------------------------

def services(host, change=None):
    """(vips, method, errors text) of a real server's part of the derivation."""
    part = validate(change).slices()['realservers'][host]
    return part.get('vips'), part.get('method'), part.get('errors')


def test_a_dr_real_server_gets_the_virtual_addresses_that_forward_to_it():
    assert services('rs1')[:2] == (['10.1.1.166'], 'DR')


def test_a_real_server_of_two_services_gets_both_vips():
    def change(hostvars, groups):
        extra = dict(copy.deepcopy(DIRECTORS_GROUP_VARS['lvs_virtual_servers'][0]), address='10.1.1.167')
        both(hostvars, lambda v: v['lvs_virtual_servers'].append(copy.deepcopy(extra)))
    assert services('rs2', change)[:2] == (['10.1.1.166', '10.1.1.167'], 'DR')


def test_a_host_no_virtual_server_forwards_to_gets_nothing():
    def change(hostvars, groups):
        hostvars['rs9'] = {'ansible_host': '10.1.1.199'}
        groups['lvs_realservers'].append('rs9')
        both(hostvars, lambda v: v['lvs_virtual_servers'][0].update(real_servers_from_group=None,
                                                                    real_servers=[{'address': '10.1.1.163', 'port': 80}]))
    assert services('rs9', change)[:2] == ([], None)


# ---- the summary, as the site playbook reads it ---------------------------------------------

def test_summary_names_the_master_priorities_vips_and_failover_bound():
    summary = validate().summary()['lvs_directors']
    assert summary['directors'] == ['lvs1', 'lvs2']
    assert summary['vrrp_instances']['VI_1'] == {'master': 'lvs1', 'preempt': True, 'priorities': {'lvs1': 100, 'lvs2': 90},
                                                 'virtual_ipaddress': ['10.1.1.166'], 'vrrp_version': 2, 'advert_int': 1,
                                                 'master_down_interval': 3.648}
    assert summary['vrrp_profile'] == 'standard'


def test_director_order_puts_backups_before_masters():
    summary = validate(set_var(['lvs2'], 'lvs_vrrp_priority', 150)).summary()
    assert cluster.director_order(summary) == [{'host': 'lvs1', 'master': False}, {'host': 'lvs2', 'master': True}]


def test_settle_time_is_the_slowest_takeover_plus_a_margin():
    summary = validate().summary()
    assert cluster.settle_seconds(summary, 'lvs1') == 3.648 + cluster.SETTLE_MARGIN
    assert cluster.cluster_vips(summary, 'lvs2') == ['10.1.1.166']


def test_vip_holders_name_every_holder_and_keep_a_vip_held_by_none():
    holders = cluster.vip_holders({'lvs1': {'addresses': ['10.1.1.166', '10.1.1.167'], 'held': ['10.1.1.166']},
                                   'lvs2': {'addresses': ['10.1.1.166', '10.1.1.167'], 'held': ['10.1.1.166']}})
    assert holders == {'10.1.1.166': ['lvs1', 'lvs2'], '10.1.1.167': []}


def test_lvs011_blames_a_shared_unicast_src_ip_not_the_derived_peers():
    def change(hostvars, groups):
        set_var(['lvs1', 'lvs2'], 'lvs_vrrp_unicast', True)(hostvars, groups)
        both(hostvars, lambda v: v['lvs_vrrp_instances']['VI_1'].update(unicast_src_ip='10.1.1.160'))
    found = [(i.rule, i.host, i.path, i.value) for i in validate(change).issues if i.level == 'error']
    assert found == [('LVS011', 'lvs1, lvs2', 'lvs_vrrp_instances[VI_1].unicast_src_ip', '10.1.1.160')]


def test_lvs011_names_the_host_whose_address_a_director_sends_from():
    def change(hostvars, groups):
        set_var(['lvs1', 'lvs2'], 'lvs_vrrp_unicast', True)(hostvars, groups)
        instance(hostvars, 'lvs2')['unicast_src_ip'] = '10.1.1.163'
    issues = [i for i in validate(change).issues if i.level == 'error']
    assert [(i.rule, i.host, i.value) for i in issues] == [('LVS011', 'lvs2', '10.1.1.163')]
    assert 'rs1' in issues[0].message


def test_an_active_active_cluster_for_the_site_playbook():
    summary = validate(active_active()).summary()
    assert cluster.cluster_mode(summary, 'lvs3') == 'active_active' and cluster.cluster_mode(validate().summary(), 'lvs1') == 'vrrp'
    assert cluster.cluster_vips(summary, 'lvs2') == ['10.1.1.166']
    assert cluster.settle_seconds(summary, 'lvs2') == cluster.SETTLE_MARGIN
    assert [row['master'] for row in cluster.director_order(summary)] == [False, False, False]
    every = {'10.1.1.166': ['lvs1', 'lvs2', 'lvs3']}
    assert cluster.vips_misheld(every, summary) == {}
    assert cluster.vips_misheld({'10.1.1.166': ['lvs1', 'lvs3']}, summary) == {'10.1.1.166': ['lvs1', 'lvs3']}
    assert cluster.vips_misheld(every, validate().summary()) == every  # a VRRP VIP on three directors
    assert cluster.vips_misheld({'10.1.1.166': ['lvs2']}, validate().summary()) == {}
