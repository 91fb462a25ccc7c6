# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whatever the validator accepts, keepalived accepts: each inventory below is valid for cluster.validate, and
every director's rendered configuration passes the real `keepalived -t` (exit 0; warnings exit 5).

keepalived checks that the interfaces exist, so each file is tested in a fresh network namespace
(keepalived_netns.py). Skipped where that cannot run.
"""

from __future__ import absolute_import, division, print_function

import copy

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, config

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.keepalived_netns import (
    interfaces, keepalived_t, netns_available)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (  # shared inventories
    active_active, aa_server, article, fast, on_aa, on_directors)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_rich_roundtrip import (
    FIXTURES, for_keepalived_t)  # every key the model knows

SCRIPTS = {'enable_script_security': True, 'script_user': 'root'}  # Debian's 2.2.7 -t dies on non-root scripts
CHECKERS = [
    {'type': 'TCP_CHECK', 'connect_timeout': 3, 'retry': 2, 'delay_before_retry': 1},
    {'type': 'HTTP_GET', 'urls': [{'path': '/health', 'status_code': 200}], 'connect_timeout': 3},
    {'type': 'SSL_GET', 'urls': [{'path': '/', 'status_code': '200-299'}], 'connect_port': 443},
    {'type': 'MISC_CHECK', 'misc_path': '/bin/true', 'misc_timeout': 5},
    {'type': 'SMTP_CHECK', 'connect_port': 25, 'helo_name': 'lvs.example.com'},
    {'type': 'DNS_CHECK', 'connect_port': 53, 'query_type': 'A', 'query_name': 'www.example.com'},
    {'type': 'PING_CHECK'},
    {'type': 'FILE_CHECK', 'track_file': 'flag', 'weight': -5},
    {'type': 'UDP_CHECK', 'connect_port': 53, 'payload': '0a1b', 'require_reply': '0a1b', 'max_reply_length': 512},
]


def _update(**values):
    return on_directors(lambda v: v.update(copy.deepcopy(values)))


def _server(**values):
    return on_directors(lambda v: v['lvs_virtual_servers'].append(dict(
        {'lvs_sched': 'rr', 'lvs_method': 'DR', 'real_servers_from_group': 'lvs_realservers'}, **copy.deepcopy(values))))


def _instance(name, **values):
    return on_directors(lambda v: v['lvs_vrrp_instances'].update({name: copy.deepcopy(values)}))


def _dual_stack(hostvars, groups):
    for host, six in (('lvs1', '2001:db8::160'), ('lvs2', '2001:db8::162')):
        hostvars[host]['lvs_vrrp_address'] = [hostvars[host]['ansible_host'], six]
        hostvars[host]['lvs_vrrp_unicast'] = True
    _instance('VI_6', interface='eth0', virtual_router_id=52, virtual_ipaddress=['2001:db8::166'])(hostvars, groups)
    _server(address='2001:db8::166', port=80, real_servers_from_group=None,
            real_servers=[{'address': '2001:db8::163', 'port': 80, 'external': True}])(hostvars, groups)


def _all(*changes):
    def change(hostvars, groups):
        for one in changes:
            one(hostvars, groups)
    return change


def _address_owner(**track):
    """lvs1 the address owner (priority 255) of VI_1, tracking ``track`` with weights (the default ones included)."""
    return _all(_update(lvs_global_defs=SCRIPTS, lvs_vrrp_scripts={'chk_web': {'script': '/bin/true', 'weight': -20}},
                        lvs_vrrp_track_files={'flag': {'file': '/run/lvs.flag'}}),
                lambda h, g: h['lvs1'].update(lvs_vrrp_priority=255),
                on_directors(lambda v: v['lvs_vrrp_instances']['VI_1'].update(copy.deepcopy(track))))


ACCEPTED = {
    'article': None,
    'priorities-200-90': lambda h, g: (h['lvs1'].update(lvs_vrrp_priority=200), h['lvs2'].update(lvs_vrrp_priority=90)),
    'nopreempt-pair': _update(lvs_preempt='false'),
    'unicast': _update(lvs_vrrp_unicast='yes'),
    'unicast-ipv4-and-ipv6': _dual_stack,
    # docs/inventory.md's row for the article's section 5, as written there
    'track-script': _all(_update(lvs_global_defs=SCRIPTS, lvs_vrrp_scripts={'chk_nfs': {
        'script': '/bin/pidof nfsd', 'interval': 10, 'weight': -90, 'fall': 3, 'rise': 1}}),
        on_directors(lambda v: v['lvs_vrrp_instances']['VI_1'].update(track_script=['chk_nfs'])),
        lambda h, g: (h['lvs1'].update(lvs_vrrp_priority=150), h['lvs2'].update(lvs_vrrp_priority=100))),
    'two-vips': on_directors(lambda v: v['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'].append('10.1.1.167')),
    'fwmark': _server(fwmark=1),
    'fwmark-sorry-server': _server(fwmark=2, sorry_server='10.1.1.170', real_server_defaults={
        'checkers': [{'type': 'TCP_CHECK', 'connect_port': 80}]}),
    # real servers of their own: the article's are DR, and a real server is set up for one method (LVS055)
    'nat-other-port': _server(address='10.1.1.166', port=8080, lvs_method='NAT', real_servers_from_group=None,
                              real_servers=[{'address': '10.1.1.180', 'port': 80, 'external': True}]),
    'sync-group': _all(_instance('VI_2', interface='eth0', virtual_router_id=52, virtual_ipaddress=['10.1.1.167']),
                       _update(lvs_vrrp_sync_groups={'VG_1': {'group': ['VI_1', 'VI_2']}})),
    # issue 18: a range of last octets, e-mail addresses that are local user names (keepalived takes any word)
    'virtual-server-group-range': _all(
        _update(lvs_virtual_server_groups={'web': ['10.1.1.166-168 443', {'address': '10.1.1.169-170', 'port': 443}]}),
        on_directors(lambda v: v['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'].extend(
            ['10.1.1.167', '10.1.1.168', '10.1.1.169', '10.1.1.170'])),
        _server(group='web', real_server_defaults={'port': 443})),
    'email-user-names': _update(lvs_global_defs={'notification_email': ['root', 'acassen'],
                                                 'notification_email_from': 'keepalived'}),
    'virtual-server-group': _all(_update(lvs_virtual_server_groups={'web': ['10.1.1.166 443', '10.1.1.167 443']}),
                                 on_directors(lambda v: v['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'].append('10.1.1.167')),
                                 _server(group='web', real_server_defaults={'port': 443})),
    'every-checker': _all(_update(lvs_global_defs=SCRIPTS, lvs_vrrp_track_files={'flag': {'file': '/run/lvs.flag'}}), *[
        _server(address='10.1.1.166', port=1000 + index, protocol='TCP', real_server_defaults={'checkers': [checker]})
        for index, checker in enumerate(CHECKERS)]),
    'sync-group-unweighted-tracks': _all(
        _instance('VI_2', interface='eth0', virtual_router_id=52, virtual_ipaddress=['10.1.1.167']),
        _update(lvs_global_defs=SCRIPTS, lvs_vrrp_sync_groups={'VG_1': {'group': ['VI_1', 'VI_2']}},
                lvs_vrrp_scripts={'chk_web': {'script': '/bin/true', 'interval': 2, 'weight': -20}},
                lvs_vrrp_track_files={'flag': {'file': '/run/lvs.flag', 'weight': 0}}),
        on_directors(lambda v: v['lvs_vrrp_instances']['VI_1'].update(
            track_script=[{'name': 'chk_web', 'weight': 0}], track_interface=['eth1'], track_file=['flag']))),
    'weighted-tracks-outside-sync-groups': _all(
        _update(lvs_global_defs=SCRIPTS, lvs_vrrp_track_files={'flag': {'file': '/run/lvs.flag'}},
                lvs_vrrp_track_processes={'web': {'process': 'apache2', 'weight': -10}}),
        on_directors(lambda v: v['lvs_vrrp_instances']['VI_1'].update(
            track_interface=[{'name': 'eth1', 'weight': -30}], track_file=['flag'], track_process=['web']))),
    'active-active': active_active(),
    'active-active-sh-port-fallback': active_active(aa_server(lvs_sched='sh', **{
        'mh-port': False, 'sh-port': True, 'sh-fallback': True})),
    'active-active-mh-fallback-udp-and-sctp': active_active(on_aa(lambda v: v['lvs_virtual_servers'].extend([dict(
        copy.deepcopy(v['lvs_virtual_servers'][0]), protocol=protocol, port=port, real_server_defaults={}, **{
            'mh-fallback': True}) for protocol, port in (('UDP', 53), ('SCTP', 5060))]))),
    'active-active-group-and-unannounced': active_active(on_aa(lambda v: (
        v.update(lvs_virtual_server_groups={'web': ['10.1.1.167 443', '10.1.1.168 443']}),
        v['lvs_virtual_servers'].extend([
            dict(copy.deepcopy(v['lvs_virtual_servers'][0]), address=None, port=None, group='web',
                 real_server_defaults={'port': 443}),
            dict(copy.deepcopy(v['lvs_virtual_servers'][0]), address='10.1.1.169', announce=False)])))),
    # keepalived runs an IPv6 instance on VRRPv3 unasked: sub-second adverts are fine there
    'ipv6-multicast-sub-second': _instance('VI_6', interface='eth0', virtual_router_id=52, advert_int=0.5,
                                           virtual_ipaddress=['2001:db8::166']),
    # under vrrp_strict a MASTER must own the addresses: every director is derived BACKUP
    'strict-mode': _update(lvs_global_defs={'vrrp_strict': True}),
    'strict-mode-ipv6-accept': _all(_update(lvs_global_defs={'vrrp_strict': True}), _instance(
        'VI_6', interface='eth0', virtual_router_id=52, accept=True, virtual_ipaddress=['fe80::166', '2001:db8::166'])),
    # an address owner may track, unweighted (a failure puts it in FAULT): keepalived -t accepts that
    'address-owner-unweighted-tracks': _address_owner(track_script=[{'name': 'chk_web', 'weight': 0}],
                                                      track_interface=['eth1'], track_file=[{'name': 'flag', 'weight': 0}]),
    # the fast VRRP profile: vrrp_version 3, advert_int 0.1 and its GARP timers, by multicast, unicast, strict
    'fast-profile': fast(),
    'fast-profile-unicast': fast(_update(lvs_vrrp_unicast=True)),
    'fast-profile-strict': fast(_update(lvs_global_defs={'vrrp_strict': True})),
    'weights-and-persistence': _all(lambda h, g: h['rs1'].update(lvs_realserver_weight=3),
                                    on_directors(lambda v: v['lvs_virtual_servers'][0].update(
                                        persistence_timeout=300, lvs_sched='wrr', delay_loop=6))),
}


@pytest.mark.parametrize('name', sorted(ACCEPTED))
def test_every_accepted_inventory_passes_keepalived_t(name, tmp_path):
    why = netns_available()
    if why:
        pytest.skip(why)
    hostvars, groups = article()
    if ACCEPTED[name] is not None:
        ACCEPTED[name](hostvars, groups)
    report = cluster.validate(hostvars, groups)
    assert report.valid, report.format()
    for host, data in sorted(report.configs().items()):
        conf, issues = config.load(data)
        assert conf is not None, [i.format() for i in issues]
        path = tmp_path / ('%s.conf' % host)
        path.write_text(config.render(conf))
        result = keepalived_t(str(path), interfaces(conf))
        assert result.returncode == 0, '%s on %s:\n%s\n%s' % (name, host, result.stdout, path.read_text())


def _test_inventories():
    """(name, change) of every inventory the other suites build: the cluster rules' triggers and the bad inventories
    (some of them only warn, so the validator accepts them)."""
    from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived import test_bad_inventories, test_cluster
    for rule_id, (change, _hosts, _path) in sorted(test_cluster.TRIGGERS.items()):
        yield rule_id, change
    for case in test_bad_inventories.MISTAKES + test_bad_inventories.VALUE_CASES:
        yield case.id, case.values[0]


def test_every_test_inventory_the_validator_accepts_passes_keepalived_t(tmp_path):
    why = netns_available()
    if why:
        pytest.skip(why)
    accepted, refused = [], []
    for name, change in _test_inventories():
        hostvars, groups = article()
        change(hostvars, groups)
        report = cluster.validate(hostvars, groups)
        if report.valid:
            accepted.append(name)
            for host, data in sorted(report.configs().items()):
                conf = config.load(data)[0]
                path = tmp_path / ('%s.conf' % host)
                path.write_text(config.render(conf))
                result = keepalived_t(str(path), interfaces(conf))
                if result.returncode != 0:
                    refused.append('%s on %s: %s' % (name, host, result.stdout))
    assert set(['LVS020', 'LVS022', 'LVS023', 'LVS025', 'explicit-master-is-fine']) <= set(accepted), accepted
    assert refused == []


def _sync_group_tracking(**track):
    return _all(ACCEPTED['sync-group-unweighted-tracks'], on_directors(lambda v: v['lvs_vrrp_instances']['VI_1'].update(
        copy.deepcopy(track))))


# what the validator refuses because keepalived -t refuses it: rule id, and keepalived's words
REFUSED = {
    'weighted-track-script-in-sync-group': (_sync_group_tracking(track_script=['chk_web']), 'LVS229',
                                            'ignoring tracked script chk_web with weights due to SYNC group'),
    'weighted-track-interface-in-sync-group': (_sync_group_tracking(track_interface=[{'name': 'eth1', 'weight': 5}]),
                                               'LVS229', 'ignoring eth1 tracked interface weight due to SYNC group'),
    'track-file-default-weight-in-sync-group': (
        _all(_sync_group_tracking(), on_directors(lambda v: v['lvs_vrrp_track_files']['flag'].pop('weight'))),
        'LVS229', 'ignoring weight from tracked file flag due to SYNC group'),
    'ipv6-authentication': (_instance('VI_6', interface='eth0', virtual_router_id=52, virtual_ipaddress=['2001:db8::166'],
                                      authentication={'auth_type': 'PASS', 'auth_pass': 'Vr9pwQx'}), 'LVS203',
                            'VRRP version 3 does not support authentication'),
    'ipv6-version-2-unicast': (_all(_dual_stack, on_directors(lambda v: v['lvs_vrrp_instances']['VI_6'].update(version=2))),
                               'LVS234', 'vrrp_version 2 conflicts with configured or deduced version'),
    'ipv6-label': (_instance('VI_6', interface='eth0', virtual_router_id=52, virtual_ipaddress=[
        {'address': '2001:db8::166/64', 'dev': 'eth0', 'label': 'eth0:6'}]), 'LVS225', 'Cannot specify label for IPv6'),
    'address-owner-weighted-track-script': (_address_owner(track_script=['chk_web']), 'LVS236',
                                            'ignoring tracked script chk_web with weights due to address_owner'),
    'address-owner-weighted-track-interface': (_address_owner(track_interface=[{'name': 'eth1', 'weight': -10}]), 'LVS236',
                                               'ignoring eth1 tracked interface due to address owner'),
    'address-owner-track-file-default-weight': (_address_owner(track_file=['flag']), 'LVS236',
                                                'ignoring weight from tracked file flag due to address_owner'),
    'hash-flag-without-hashing-scheduler': (on_directors(lambda v: v['lvs_virtual_servers'][0].update({'sh-port': True})),
                                            'LVS237', 'sh-port only applies to sh scheduler'),
    'track-own-interface': (on_directors(lambda v: v['lvs_vrrp_instances']['VI_1'].update(track_interface=['eth0'])),
                            'LVS235', 'Ignoring track_interface eth0 since own interface'),
    'file-check-undefined-track-file': (
        on_directors(lambda v: v['lvs_virtual_servers'][0]['real_server_defaults']['checkers'].append(
            {'type': 'FILE_CHECK', 'track_file': 'flag'})), 'LVS210', 'track_file flag not found'),
    'strict-mode-explicit-master': (_all(_update(lvs_global_defs={'vrrp_strict': True}),
                                         lambda h, g: h['lvs1'].update(lvs_vrrp_state='MASTER')),
                                    'LVS226', 'State MASTER must match being address owner'),
}


@pytest.mark.parametrize('name', sorted(REFUSED))
def test_what_the_validator_refuses_keepalived_t_refuses_too(name, tmp_path):
    why = netns_available()
    if why:
        pytest.skip(why)
    change, rule_id, words = REFUSED[name]
    hostvars, groups = article()
    change(hostvars, groups)
    report = cluster.validate(hostvars, groups)
    assert not report.valid and rule_id in [issue.rule for issue in report.issues], report.format()
    data = report.configs()['lvs1']
    conf = config.load(data, partial=True)[0]
    path = tmp_path / 'lvs1.conf'
    path.write_text(config.render(conf))
    result = keepalived_t(str(path), interfaces(conf))
    assert result.returncode == 5 and words in result.stdout, '%s:\n%s\n%s' % (name, result.stdout, path.read_text())


def _on_this_host(text):
    """What only the target host can satisfy: its users (2.2.7 -t also dies on non-root scripts) and script files."""
    for host_only, here in (('keepalived_script keepalived_script', 'root'), ('user nobody', 'user root'),
                            ('/usr/local/bin/check_web --port 80', '/bin/true')):
        text = text.replace(host_only, here)
    return text


@pytest.mark.parametrize('name', sorted(FIXTURES))
def test_the_rich_configurations_pass_keepalived_t(name, tmp_path):
    why = netns_available()
    if why:
        pytest.skip(why)
    conf, issues = config.load(for_keepalived_t(FIXTURES[name]))
    assert issues == []
    path = tmp_path / 'keepalived.conf'
    path.write_text(_on_this_host(config.render(conf)))
    result = keepalived_t(str(path), ['eth0', 'eth1', 'eth2'])
    assert result.returncode == 0, '%s:\n%s\n%s' % (name, result.stdout, path.read_text())


# issue 18: what keepalived reads in a hand-written file, rendered in the model's canonical form, still passes -t
HAND_WRITTEN = '''global_defs {
    notification_email {
        root
    }
    notification_email_from acassen
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    nopreempt 1
    smtp_alert
    virtual_ipaddress {
        10.1.1.166
    }
}
virtual_server_group web6 {
    ae00::2-9 80
    ae00::1:fff0-ae00::2:1 80
    ae00::3:0/124 80
}
virtual_server_group mark6 {
    fwmark 7 inet6
}
virtual_server group mark6 {
    lvs_sched rr
    lvs_method DR
    real_server ae00::164 {
    }
}
virtual_server group web6 {
    lvs_sched rr
    lvs_method DR
    protocol TCP
    inhibit_on_failure false
    real_server ae00::163 80 {
        inhibit_on_failure off
    }
}
'''


def test_a_hand_written_file_with_ranges_and_flag_words_renders_to_one_keepalived_accepts(tmp_path):
    why = netns_available()
    if why:
        pytest.skip(why)
    conf = config.parse(HAND_WRITTEN)[0]
    for text in (HAND_WRITTEN, config.render(conf)):
        path = tmp_path / 'keepalived.conf'
        path.write_text(text)
        result = keepalived_t(str(path), ['eth0'])
        assert result.returncode == 0, '%s\n%s' % (result.stdout, text)


def test_a_user_with_its_group_renders_as_keepalived_reads_it(tmp_path):
    """``root:root`` in one word is a user that does not exist to keepalived ("Error setting global script uid/gid")."""
    why = netns_available()
    if why:
        pytest.skip(why)
    conf, issues = config.load({
        'global_defs': {'enable_script_security': True, 'script_user': 'root:root', 'vrrp_notify_fifo': '/run/lvs.fifo root:root'},
        'vrrp_scripts': {'chk': {'script': '/bin/true', 'user': 'root:root'}},
        'vrrp_instances': {'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'track_script': ['chk'],
                                    'virtual_ipaddress': ['10.1.1.166']}}})
    assert issues == []
    text = config.render(conf)
    assert '    script_user root root\n' in text and '    user root root\n' in text
    path = tmp_path / 'keepalived.conf'
    path.write_text(text)
    result = keepalived_t(str(path), ['eth0'])
    assert result.returncode == 0, '%s\n%s' % (result.stdout, text)
