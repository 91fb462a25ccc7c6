# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""adopt.py: a hand-built cluster's files to the inventory that derives them again.

Every fixture pair (the article's clusters, fixtures/adopt/) round-trips: the inventory, derived as a deployment
derives it, gives each director a configuration keepalived reads as it reads its file. The property tests draw
directors' files from the model's whole schema and ask the same.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import adopt, changes
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import errors

HERE = os.path.join(os.path.dirname(__file__), 'fixtures')
ARTICLE = os.path.join(HERE, 'article')
# the article's clusters: (lvs1's file, lvs2's file)
ARTICLE_PAIRS = {
    'section3': ('section3-lvs1.conf', 'section3-lvs2.conf'),
    'section4': ('section4-master.conf', 'section4-backup.conf'),
    'section4-nopreempt': ('section4-nopreempt-lvs1.conf', 'section4-nopreempt-lvs2.conf'),
    'section5': ('section5-track-script-lvs1.conf', 'section5-track-script-lvs2.conf'),
}
# what the validator must find in each imported cluster: its real problems, no more
FINDINGS = {
    'section4-equal-priority': {'LVS008'},  # both MASTER with one priority: two MASTERs, an address conflict
    'section5': {'LVS014', 'LVS208', 'LVS217'},  # copy-pasted router_id, preempt_delay on MASTER, no script security
    'fwmark-groups': {'LVS217'},  # MISC_CHECK scripts without script security
    # MISC_CHECK scripts without script security; 10.1.1.211 and .212 behind NAT on :80 and DR on :443, where
    # lvs.cluster sets a real server up for one method
    'mixed-pools': {'LVS217', 'LVS055'},
}


def fixture_clusters():
    """name -> [(director, path)]."""
    result = dict((name, [('lvs1', os.path.join(ARTICLE, one)), ('lvs2', os.path.join(ARTICLE, two))])
                  for name, (one, two) in ARTICLE_PAIRS.items())
    for name in sorted(os.listdir(os.path.join(HERE, 'adopt'))):
        directory = os.path.join(HERE, 'adopt', name)
        if not os.path.isdir(directory):
            continue  # the README
        result[name] = [(file_name[:-len('.conf')], os.path.join(directory, file_name))
                        for file_name in sorted(os.listdir(directory))]
    return result


CLUSTERS = fixture_clusters()


def read(path):
    with open(path) as handle:
        conf, issues = kaconf.parse(handle.read(), path, check=False)
    assert conf is not None, kaconf.format_issues(issues)
    return conf.to_dict()


def imported(name, **options):
    directors = [(host, read(path)) for host, path in CLUSTERS[name]]
    return directors, adopt.adopt(directors, **options)


def derived(adoption):
    """host -> the input form of the configuration the inventory derives for it."""
    result = {}
    for host, config in adoption.report.configs().items():
        conf, _issues = kaconf.load(config, check=False)
        result[host] = conf.to_dict()
    return result


@pytest.mark.parametrize('name', sorted(CLUSTERS))
def test_every_fixture_round_trips(name):
    directors, adoption = imported(name)
    assert adoption.differences == []
    again = derived(adoption)
    for host, original in directors:
        assert changes.comparable(again[host]) == changes.comparable(original), host


@pytest.mark.parametrize('name', sorted(CLUSTERS))
def test_every_fixture_validates_or_reports_its_real_problems(name):
    _directors, adoption = imported(name)
    assert set(issue.rule for issue in errors(adoption.report.issues)) == FINDINGS.get(name, set())


def test_the_article_pair_shares_its_instance_and_virtual_server_and_keeps_what_differs_per_host():
    _directors, adoption = imported('section3')
    assert set(adoption.group_vars['lvs_vrrp_instances']['VI_1']) == {
        'interface', 'virtual_router_id', 'advert_int', 'authentication', 'virtual_ipaddress'}  # no priority, no state
    server = adoption.group_vars['lvs_virtual_servers'][0]
    assert server['real_servers_from_group'] == 'lvs_realservers' and 'real_servers' not in server
    assert server['real_server_defaults']['port'] == 80
    assert adoption.groups == {'lvs_realservers': ['10.1.1.163', '10.1.1.164']}
    assert adoption.host_vars['lvs1'] == {'lvs_vrrp_priority': 100, 'lvs_global_defs': {'router_id': 'LVS_1'}}
    assert adoption.host_vars['lvs2'] == {'lvs_vrrp_priority': 50, 'lvs_global_defs': {'router_id': 'LVS_2'}}
    assert 'lvs_vrrp_state' not in adoption.host_vars['lvs2']  # the election gives MASTER and BACKUP as written


def test_a_copy_pasted_router_id_is_carried_over_and_reported():
    _directors, adoption = imported('section5')
    assert adoption.group_vars['lvs_global_defs'] == {'router_id': 'LVS1'}
    found = [issue for issue in adoption.report.issues if issue.rule == 'LVS014']
    assert found and 'leave router_id out' in found[0].fix


def test_a_state_the_election_would_not_give_is_written_for_that_host():
    """Section 4's nopreempt pair: lvs2 (priority 150) starts BACKUP with nopreempt; the election would make it MASTER."""
    _directors, adoption = imported('section4-nopreempt')
    assert adoption.host_vars['lvs2']['lvs_vrrp_state'] == 'BACKUP'
    assert 'lvs_vrrp_state' not in adoption.host_vars['lvs1']
    assert adoption.differences == []


def test_both_master_keeps_the_lower_priority_s_state_master_for_the_election_to_settle():
    """Section 4, question 1: lvs2 also says MASTER; the priorities decide, and the inventory says the same."""
    _directors, adoption = imported('section4-both-master')
    assert adoption.host_vars['lvs2']['lvs_vrrp_state'] == 'MASTER'
    assert adoption.report.summary()['lvs_directors']['vrrp_instances']['VI_1']['master'] == 'lvs1'


def test_nopreempt_on_every_director_becomes_lvs_preempt_false():
    directors, _adoption = imported('section4-nopreempt')
    for _host, data in directors:
        data['vrrp_instances']['VI_1'].update(state='BACKUP', nopreempt=True)
    adoption = adopt.adopt(directors)
    assert adoption.group_vars['lvs_preempt'] is False
    assert 'nopreempt' not in str(adoption.group_vars.get('lvs_vrrp_instances')) + str(adoption.host_vars)
    assert adoption.differences == []


def test_unicast_sources_become_addresses_and_the_peers_are_derived():
    _directors, adoption = imported('unicast-dual-stack')
    assert adoption.group_vars['lvs_vrrp_unicast'] is True
    assert adoption.hosts['lvs1'] == {'ansible_host': '10.1.1.161'}
    assert adoption.host_vars['lvs1']['lvs_vrrp_address'] == ['10.1.1.161', '2001:db8::161']
    assert 'unicast_peer' not in str(adoption.group_vars['lvs_vrrp_instances'])


def test_unicast_peers_that_are_not_the_other_directors_stay_written():
    directors, _adoption = imported('unicast-dual-stack')
    directors[0][1]['vrrp_instances']['V4']['unicast_peer'].append('10.1.1.163')  # a third box the cluster lacks
    adoption = adopt.adopt(directors)
    assert 'lvs_vrrp_unicast' not in adoption.group_vars
    assert adoption.host_vars['lvs1']['lvs_vrrp_instances']['V4']['unicast_peer'] == ['10.1.1.162', '10.1.1.163']
    assert adoption.differences == []


def test_real_servers_whose_variables_would_clash_stay_explicit():
    """mixed-pools: port 80 maps to per-server ports (host variables); port 443 gives the same servers other weights,
    which host variables cannot also say; the DNS servers' checks differ from each other."""
    _directors, adoption = imported('mixed-pools')
    servers = dict(('%s:%s' % (s['address'], s['port']), s) for s in adoption.group_vars['lvs_virtual_servers'])
    assert servers['10.1.1.200:80']['real_servers_from_group'] == 'lvs_realservers_10_1_1_200_80'
    assert servers['10.1.1.200:80']['real_server_defaults']['weight'] == 5
    assert adoption.hosts['10.1.1.212'] == {'lvs_realserver_port': 8081}
    assert [real['weight'] for real in servers['10.1.1.200:443']['real_servers']] == [1, 2]
    assert len(servers['10.1.1.201:53']['real_servers']) == 2
    prepared = {'10.1.1.211', '10.1.1.212', '10.1.1.213', '10.1.1.221', '10.1.1.222'}  # explicit ones too (LVS013)
    assert set(adoption.groups['lvs_realservers']) == prepared
    assert adoption.differences == []


def test_what_differs_on_one_director_goes_to_its_host_vars_and_the_majority_to_group_vars():
    _directors, adoption = imported('mixed-pools')
    assert 'lvs_vrrp_instances' not in adoption.group_vars  # each director's notify names itself
    assert adoption.host_vars['lvs3']['lvs_vrrp_instances']['VI_1']['notify'] == '/usr/local/bin/vrrp-notify lvs3'
    assert adoption.host_vars['lvs3']['lvs_vrrp_priority'] == 80


def test_secrets_become_vault_references_one_per_place_or_one_per_host_when_they_differ():
    directors, adoption = imported('sync-group-nat')
    assert adoption.secrets == {'vault_lvs_vi_ext_auth_pass': 'ext-pass', 'vault_lvs_vi_int_auth_pass': 'int-pass'}
    assert adoption.group_vars['lvs_vrrp_instances']['VI_EXT']['authentication']['auth_pass'] == \
        '{{ vault_lvs_vi_ext_auth_pass }}'
    directors[1][1]['vrrp_instances']['VI_EXT']['authentication']['auth_pass'] = 'typo-pw'  # the article's mismatch
    adoption = adopt.adopt(directors)
    assert adoption.secrets['vault_lvs_vi_ext_auth_pass_lvs1'] == 'ext-pass'
    assert adoption.secrets['vault_lvs_vi_ext_auth_pass_lvs2'] == 'typo-pw'
    assert 'LVS004' in set(issue.rule for issue in adoption.report.issues)
    assert adoption.differences == []


# the statements of the 'passthrough' fixture the model does not type, by the block they are in: several per block, so
# that each block still passes some through when the model comes to type one of them
UNTYPED = {
    'global_defs': ('vrrp_notify_priority_changes', 'checker_log_all_failures', 'vrrp_rx_bufs_multiplier'),
    'vrrp_instance': ('track_src_ip', 'garp_extra_if', 'virtual_rules'),
    'virtual_server': ('snmp_name',),
    'real_server': ('virtualhost',),
}


def _keywords(statements):
    return set((statement if isinstance(statement, str) else list(statement)[0]).split()[0]
               for statement in statements or [])


def test_statements_the_model_does_not_type_are_adopted_at_every_level():
    directors, adoption = imported('passthrough')
    assert adoption.differences == []
    shared = adoption.group_vars
    server = [s for s in shared['lvs_virtual_servers'] if s['port'] == 80][0]
    defaults = server['real_server_defaults']  # the real servers' statements, alike on each: derived for each again
    for block, data in (('global_defs', shared['lvs_global_defs']), ('vrrp_instance', shared['lvs_vrrp_instances']['VI_1']),
                        ('virtual_server', server), ('real_server', defaults)):
        assert _keywords(data.get('passthrough')) and _keywords(data.get('passthrough')) <= set(UNTYPED[block]), block
    explicit = [s for s in shared['lvs_virtual_servers'] if s['port'] == 443][0]
    assert 'uthreshold' in str(explicit['real_servers'][1])  # on one real server only: the servers stay written out
    # the top level: each director's own static address, so each has the whole list (Ansible replaces, never merges)
    assert 'lvs_keepalived_passthrough' not in shared
    for host in ('lvs1', 'lvs2'):
        top = adoption.host_vars[host]['lvs_keepalived_passthrough']
        assert top[:3] == [{'static_ipaddress': ['192.168.200.%d/24 dev eth0 scope global' % (160 + int(host[-1]))]},
                           {'static_routes': ['192.168.100.0/24 via 10.1.1.1 dev eth0']}, 'linkbeat_use_polling']
        assert top[3] == {'SSL': ['password "{{ vault_lvs_ssl_password }}"', 'certificate /etc/keepalived/ssl/client.pem',
                                  'key /etc/keepalived/ssl/client.key']}
    assert adoption.secrets == {'vault_lvs_ssl_password': 'ssl pass'}  # the SSL password too is a secret
    assert 'ssl pass' not in str(adoption.group_vars) + str(adoption.host_vars)
    again = derived(adoption)
    for host, original in directors:
        assert changes.comparable(again[host]) == changes.comparable(original), host
        assert again[host]['passthrough'] == original['passthrough']


def test_top_level_statements_alike_on_most_directors_go_to_group_vars():
    directors, _adoption = imported('passthrough')
    third = copy.deepcopy(directors[1][1])
    third['global_defs']['router_id'] = 'lvs3'
    third['vrrp_instances']['VI_1']['priority'] = 80
    del third['passthrough']  # a director without any: its host_vars says so, or it would get the group's
    directors.append(('lvs3', third))
    directors[1][1]['passthrough'] = copy.deepcopy(directors[0][1]['passthrough'])
    adoption = adopt.adopt(directors)
    assert adoption.differences == []
    assert _keywords(adoption.group_vars['lvs_keepalived_passthrough']) == {
        'static_ipaddress', 'static_routes', 'linkbeat_use_polling', 'SSL'}
    assert 'lvs_keepalived_passthrough' not in adoption.host_vars['lvs1']
    assert 'lvs_keepalived_passthrough' not in adoption.host_vars['lvs2']
    assert adoption.host_vars['lvs3']['lvs_keepalived_passthrough'] == []


def test_a_secret_in_a_passthrough_line_is_one_per_director_when_they_differ():
    directors, _adoption = imported('passthrough')
    ssl = [statement for statement in directors[1][1]['passthrough'] if 'SSL' in statement][0]['SSL']
    ssl[0] = 'password other'
    adoption = adopt.adopt(directors)
    assert adoption.secrets == {'vault_lvs_ssl_password_lvs1': 'ssl pass', 'vault_lvs_ssl_password_lvs2': 'other'}
    assert adoption.secret_origins['vault_lvs_ssl_password_lvs2'] == ['lvs2: passthrough.3.SSL.password']
    assert adoption.differences == []


def test_a_file_without_router_id_keeps_keepalived_s_default():
    directors, _adoption = imported('section3')
    for _host, data in directors:
        del data['global_defs']
    adoption = adopt.adopt(directors)
    assert adoption.group_vars['lvs_global_defs'] == {'router_id': None}
    assert any('router_id: null' in note for note in adoption.notes)
    assert adoption.differences == []


def test_a_master_without_priority_gets_keepalived_s_255():
    directors, _adoption = imported('section3')
    del directors[0][1]['vrrp_instances']['VI_1']['priority']  # state MASTER: keepalived makes it the address owner
    adoption = adopt.adopt(directors)
    assert adoption.host_vars['lvs1']['lvs_vrrp_priority'] == 255
    assert 'LVS207' not in set(issue.rule for issue in adoption.report.issues)  # written out: nothing left to guess
    assert adoption.differences == []


def test_defaults_that_the_inventory_writes_out_are_listed():
    directors, _adoption = imported('section3')
    del directors[1][1]['vrrp_instances']['VI_1']['priority']
    adoption = adopt.adopt(directors)
    assert adoption.host_vars['lvs2']['lvs_vrrp_priority'] == 100
    assert adoption.normalised == ['lvs2: vrrp_instances.VI_1.priority 100, keepalived\'s default, is written out']


def test_real_server_names_and_addresses_are_taken_as_given():
    addresses = {'lvs1': '10.1.1.161', 'rs1': '192.168.0.163'}
    _directors, adoption = imported('section3', names={'10.1.1.163': 'rs1'}, addresses=addresses)
    assert adoption.groups['lvs_realservers'] == ['rs1', '10.1.1.164']
    assert adoption.hosts['rs1'] == {'ansible_host': '192.168.0.163', 'lvs_realserver_address': '10.1.1.163'}
    assert adoption.hosts['lvs1'] == {'ansible_host': '10.1.1.161'}
    assert adoption.differences == []


# ---- the class, not the samples: files drawn from the model's whole schema ----------------------------------

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402 pylint: disable=wrong-import-position

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_accepted_configs import (  # noqa: E402
    CONFIGS, DERANDOMIZE, EXAMPLES)


def _loaded(data):
    conf, _issues = kaconf.load(data, check=False)
    hypothesis.assume(conf is not None)
    return conf.to_dict()


def _peer(data, priority, state, router_id):
    """The other director of a pair: the same file with its own priority, state and router_id."""
    other = copy.deepcopy(data)
    for body in (other.get('vrrp_instances') or {}).values():
        body['priority'], body['state'] = priority, state
    other.setdefault('global_defs', {})['router_id'] = router_id
    return other


PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


@PROPERTY
@given(CONFIGS, st.integers(1, 255), st.sampled_from(['MASTER', 'BACKUP']), st.sampled_from(['lvs2', 'LVS_2', None]))
def test_any_pair_of_directors_round_trips(data, priority, state, router_id):
    first = _loaded(data)
    second = _loaded(_peer(first, priority, state, router_id))
    adoption = adopt.adopt([('lvs1', first), ('lvs2', second)])
    assert adoption.differences == []


@PROPERTY
@given(CONFIGS, CONFIGS)
def test_any_two_files_round_trip_however_much_they_differ(one, other):
    adoption = adopt.adopt([('lvs1', _loaded(one)), ('lvs2', _loaded(other))])
    assert adoption.differences == []
