# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every validation rule of rules.RULES: an input that triggers it, and where it makes sense a valid
variant that does not. TRIGGERS is also the completeness check: a rule without an entry fails the suite. A rule's
further cases are with the code of the rule: test_checks.py (checks.py), test_schema.py (the input form's rules)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
from collections import namedtuple

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config, rules
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import MASK

WARNING_RULES = ('LVS110', 'LVS114', 'LVS116', 'LVS117')
# The rules of one host's configuration; the cluster rules (LVS0xx) have their own suite (test_cluster.py).
MODEL_RULES = sorted(rule_id for rule_id in rules.RULES if not rule_id.startswith('LVS0'))
DELETE = object()


def base():
    """A clean one-director configuration (the article's section 3, with modern keywords)."""
    return {
        'global_defs': {'router_id': 'LVS_1', 'enable_script_security': True, 'script_user': 'root'},
        'vrrp_instances': {
            'VI_1': {'state': 'BACKUP', 'interface': 'eth0', 'virtual_router_id': 51, 'priority': 100, 'advert_int': 1,
                     'authentication': {'auth_type': 'PASS', 'auth_pass': 'secret12'},
                     'virtual_ipaddress': ['10.1.1.166']},
        },
        'virtual_servers': [
            {'address': '10.1.1.166', 'port': 80, 'lvs_sched': 'rr', 'lvs_method': 'DR', 'protocol': 'TCP',
             'real_servers': [{'address': '10.1.1.163', 'port': 80,
                               'checkers': [{'type': 'TCP_CHECK', 'connect_timeout': 3}]}]},
        ],
    }


def _step(key):
    return int(key) if key.isdigit() else key


def variant(*edits):
    """base() with edits applied: ('vrrp_instances.VI_1.priority', 5), ('...', DELETE); list indexes as digits."""
    data = base()
    for path, value in edits:
        keys = [_step(key) for key in path.split('.')]
        node = data
        for key in keys[:-1]:
            node = node[key]
        if value is DELETE:
            del node[keys[-1]]
        elif isinstance(node, list) and keys[-1] == len(node):
            node.append(copy.deepcopy(value))
        else:
            node[keys[-1]] = copy.deepcopy(value)
    return data


VI = 'vrrp_instances.VI_1.'
VS = 'virtual_servers.0.'
RS = 'virtual_servers.0.real_servers.0.'
SECOND_INSTANCE = {'state': 'BACKUP', 'interface': 'eth0', 'virtual_router_id': 52, 'priority': 100,
                   'virtual_ipaddress': ['10.1.1.167']}
SCRIPT = {'chk_nfs': {'script': '/bin/pidof nfsd', 'interval': 10}}
SYNC_GROUP = {'VG_1': {'group': ['VI_1', 'VI_2']}}
TRACK_FILE = {'flag': {'file': '/run/lvs.flag'}}
BFD = {'rs1': {'neighbor_ip': '10.1.1.163'}}
BFD_CHECK = {'type': 'BFD_CHECK', 'name': 'rs1'}

PARSE_CLEAN_INSTANCE = '''vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    virtual_ipaddress {
        10.1.1.166
    }
}
'''


ForRelease = namedtuple('ForRelease', 'source version')  # an input meant for one keepalived release


def read(source):
    """(model, issues) of a dict (load), a keepalived.conf text (parse), or either for one keepalived release."""
    version = None
    if isinstance(source, ForRelease):
        source, version = source
    if isinstance(source, dict):
        return config.load(source, keepalived_version=version)
    return config.parse(source, keepalived_version=version)


def run(source):
    return read(source)[1]


# how: the input; path: where the issue must point; message/fix: words they must contain; source: file:line (parse).
Trigger = namedtuple('Trigger', 'input path message fix source')


def trigger(data, path, message, fix, source=None):
    return Trigger(data, path, message, fix, source)


TRIGGERS = {
    'LVS101': trigger(variant((VI + 'priorty', 100)), 'vrrp_instances[VI_1].priorty',
                      ['not a known key'], ['did you mean priority?']),
    'LVS102': trigger(variant((VI + 'priority', 'high')), 'vrrp_instances[VI_1].priority',
                      ['must be an integer'], ['integer from 1 to 255']),
    'LVS103': trigger(variant((VI + 'priority', 256)), 'vrrp_instances[VI_1].priority',
                      ['out of range'], ['integer from 1 to 255']),
    'LVS104': trigger(variant((VI + 'state', 'PRIMARY')), 'vrrp_instances[VI_1].state',
                      ['not allowed'], ['MASTER', 'BACKUP']),
    'LVS105': trigger(variant(('global_defs.router_id', 'LVS_1\nvrrp_strict')), 'global_defs.router_id',
                      ['structure of keepalived.conf'], ['remove whitespace', 'comment signs']),
    'LVS106': trigger(variant((VI + 'virtual_ipaddress', ['10.1.1.300'])), 'vrrp_instances[VI_1].virtual_ipaddress[0]',
                      ['not an IP address'], ['IP address', '10.1.1.166']),
    'LVS107': trigger(variant((VI + 'interface', 'eth0/1')), 'vrrp_instances[VI_1].interface',
                      ['not an interface name'], ['interface name such as eth0', '15 bytes']),
    'LVS108': trigger(variant(('vrrp_scripts', {'chk_nfs': {'script': 'pidof nfsd'}})), 'vrrp_scripts[chk_nfs].script',
                      ['absolute path'], ['absolute path', '/bin/pidof nfsd']),
    'LVS109': trigger(variant((VI + 'interface', DELETE)), 'vrrp_instances[VI_1].interface',
                      ['required'], ['add interface']),
    'LVS110': trigger(variant((VS + 'lvs_sched', DELETE), (VS + 'lb_algo', 'rr')), 'virtual_servers[10.1.1.166:80].lb_algo',
                      ['deprecated', 'lvs_sched'], ['write lvs_sched instead of lb_algo']),
    'LVS111': trigger(PARSE_CLEAN_INSTANCE.replace('priority 100', 'priority 100\n    priority 90'),
                      'vrrp_instances[VI_1].priority', ['twice'], ['keep one priority line'], 'keepalived.conf:5'),
    'LVS112': trigger({'vrrp_instances': {'VI/1': base()['vrrp_instances']['VI_1']}}, 'vrrp_instances[VI/1]',
                      ['name'], ['letters, digits']),
    'LVS113': trigger('global_defs {\n    router_id LVS_1\n}\n}\n', None,
                      ['closing brace without a matching opening brace'], ['remove the extra closing brace'], 'keepalived.conf:4'),
    'LVS114': trigger('virtual_server 10.1.1.166 80 {\n    lvs_sched rr\n    lvs_method DR\n    real_server 10.1.1.163 80 {\n    }\n}\n',
                      'virtual_servers[10.1.1.166:80].protocol',
                      ['UDP'], ['protocol TCP'], 'keepalived.conf:1'),
    'LVS116': trigger(b'global_defs {\n    router_id LVS_1   ! \xb1\xb8\xb7\xdd (GBK)\n}\n', None,
                      ['not UTF-8', 'Latin-1'], ['UTF-8'], 'keepalived.conf:2'),
    'LVS117': trigger(PARSE_CLEAN_INSTANCE.replace('priority 100', 'priority 100\n    nopreempt false'),
                      'vrrp_instances[VI_1].nopreempt', ['ignores the words after nopreempt', 'sets it'],
                      ['write nopreempt alone', 'remove the line'], 'keepalived.conf:5'),
    'LVS118': trigger('root@lb1:~# cat /etc/keepalived/keepalived.conf\n' + PARSE_CLEAN_INSTANCE, None,
                      ['shell prompt', '"root@lb1:~"', 'unknown keyword'], ['remove the line'], 'keepalived.conf:1'),
    'LVS115': trigger(variant((VI + 'authentication.auth_pass', '********')), 'vrrp_instances[VI_1].authentication.auth_pass',
                      ['placeholder'], ['real password', 'Vault']),
    'LVS120': trigger(ForRelease(PARSE_CLEAN_INSTANCE.replace('priority 100', 'priority 100\n    vrf blue'), '2.2.4'),
                      'vrrp_instance vrf', ['added in keepalived 2.2.5', 'this keepalived is 2.2.4'],
                      ['upgrade keepalived', 'leave vrf out'], 'keepalived.conf:5'),
    'LVS201': trigger(variant((VI + 'advert_int', 0.5)), 'vrrp_instances[VI_1].advert_int',
                      ['whole seconds'], ['whole number of seconds', 'version: 3']),
    'LVS202': trigger(variant((VI + 'authentication.auth_pass', '123456789')),
                      'vrrp_instances[VI_1].authentication.auth_pass', ['8 bytes'], ['at most 8 bytes']),
    'LVS203': trigger(variant(('global_defs.vrrp_version', 3)), 'vrrp_instances[VI_1].authentication',
                      ['version 3 has no authentication'], ['remove authentication']),
    'LVS204': trigger(variant((VI + 'virtual_ipaddress', ['10.1.1.166', '2001:db8::166'])), 'vrrp_instances[VI_1]',
                      ['IPv4', 'IPv6', '2001:db8::166'], ['one family per instance', 'virtual_ipaddress_excluded']),
    'LVS205': trigger(variant((RS + 'port', 8080)), 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:8080].port',
                      ['LVS-DR', 'virtual port 80'], ['port to 80', 'NAT']),
    'LVS206': trigger(variant((VS + 'quorum', 2), (VS + 'hysteresis', 2), (RS + 'weight', 2)), 'virtual_servers[10.1.1.166:80].hysteresis',
                      ['below quorum (2)'], ['at most 1']),
    'LVS207': trigger(variant((VI + 'state', 'MASTER'), (VI + 'priority', DELETE)), 'vrrp_instances[VI_1].priority',
                      ['state MASTER', '255'], ['explicit priority']),
    'LVS208': trigger(variant((VI + 'state', 'MASTER'), (VI + 'nopreempt', True)), 'vrrp_instances[VI_1].nopreempt',
                      ['ignored with state MASTER'], ['state BACKUP']),
    'LVS209': trigger(variant((VI + 'nopreempt', True), (VI + 'preempt_delay', 300)), 'vrrp_instances[VI_1].preempt_delay',
                      ['nopreempt'], ['either nopreempt or preempt_delay']),
    'LVS210': trigger(variant((VI + 'track_script', ['chk_nfs'])), 'vrrp_instances[VI_1].track_script[0]',
                      ['not defined'], ['define chk_nfs under vrrp_scripts']),
    'LVS211': trigger(variant(('vrrp_sync_groups', {'VG_1': {'group': ['VI_1', 'VI_9']}})), 'vrrp_sync_groups[VG_1].group[1]',
                      ['not a defined vrrp_instance'], ['vrrp_instances[VI_9]']),
    'LVS212': trigger(variant((VS + 'address', DELETE), (VS + 'port', DELETE), (VS + 'group', 'web')),
                      'virtual_servers[group web].group', ['not defined'], ['virtual_server_groups[web]']),
    'LVS213': trigger(variant(('virtual_servers.1', base()['virtual_servers'][0])), 'virtual_servers[10.1.1.166:80]',
                      ['declared twice'], ['merge']),
    'LVS214': trigger(variant((VS + 'real_servers.1', base()['virtual_servers'][0]['real_servers'][0])),
                      'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80]', ['listed twice'], ['one entry per real server']),
    'LVS215': trigger(variant(('vrrp_instances.VI_2', dict(SECOND_INSTANCE, virtual_router_id=51))),
                      'vrrp_instances[VI_2].virtual_router_id', ['vrrp_instances[VI_1]', 'eth0'], ['its own virtual_router_id']),
    'LVS216': trigger(variant(('vrrp_instances.VI_2', dict(SECOND_INSTANCE, virtual_ipaddress=['10.1.1.166/32']))),
                      'vrrp_instances[VI_2].virtual_ipaddress', ['vrrp_instances[VI_1]'], ['one instance']),
    'LVS217': trigger(variant(('global_defs.enable_script_security', DELETE), ('vrrp_scripts', SCRIPT)),
                      'vrrp_scripts[chk_nfs]', ['enable_script_security', 'exits 6'],
                      ['enable_script_security: true', 'script_user']),
    'LVS218': trigger(variant((VS + 'address', DELETE), (VS + 'fwmark', 1), (VS + 'protocol', DELETE), (RS + 'port', DELETE)),
                      'virtual_servers[fwmark 1].port',
                      ['only goes with address'], ['remove port']),
    'LVS219': trigger(variant((RS + 'checkers', [{'type': 'HTTP_GET', 'connect_timeout': 3}])),
                      'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].urls',
                      ['HTTP_GET', 'url'], ['urls', 'path', 'status_code']),
    'LVS220': trigger(variant((VI + 'virtual_ipaddress', [{'address': '10.1.1.166', 'label': 'eth1:1'}])),
                      'vrrp_instances[VI_1].virtual_ipaddress', ['10.1.1.166', 'device eth0'], ['eth0:1']),
    'LVS221': trigger(variant((VI + 'virtual_ipaddress', [])), 'vrrp_instances[VI_1].virtual_ipaddress',
                      ['moves no address'], ['virtual IP addresses']),
    'LVS222': trigger(variant((VS + 'real_servers', [])), 'virtual_servers[10.1.1.166:80].real_servers',
                      ['empty', 'has no real servers'], ['real_servers_from_group']),
    'LVS223': trigger(variant((RS + 'address', '2001:db8::163')), 'virtual_servers[10.1.1.166:80]',
                      ['IPv6', 'IPv4', "don't match"], ['one family per virtual server']),
    'LVS224': trigger(variant((VS + 'address', DELETE), (VS + 'port', DELETE), (VS + 'fwmark', 1), (RS + 'port', DELETE)),
                      'virtual_servers[fwmark 1].protocol', ['protocol specified for fwmark'], ['leave protocol out']),
    'LVS225': trigger(variant((VI + 'virtual_ipaddress_excluded', [{'address': '2001:db8::166', 'scope': 'link'}])),
                      'vrrp_instances[VI_1].virtual_ipaddress_excluded[0].scope', ['2001:db8::166', 'Cannot specify scope'],
                      ['leave scope out']),
    'LVS226': trigger(variant(('global_defs.vrrp_strict', True)), 'vrrp_instances[VI_1].authentication',
                      ['vrrp_strict', 'does not support authentication'], ['remove authentication']),
    'LVS227': trigger(variant(('global_defs.vrrp_strict', True), (VI + 'authentication', DELETE), (VI + 'version', 3),
                              (VI + 'virtual_ipaddress', ['2001:db8::166', 'fe80::1'])),
                      'vrrp_instances[VI_1].virtual_ipaddress', ['must be link local'], ['fe80::/10']),
    'LVS241': trigger(variant((VI + 'use_vmac', True), (VI + 'promote_secondaries', True)),
                      'vrrp_instances[VI_1].promote_secondaries', ['automatically set for vmacs'],
                      ['remove promote_secondaries']),
    'LVS240': trigger(variant(('global_defs.lvs_sync_daemon', {'interface': 'eth0', 'vrrp_instance': 'VI_9'})),
                      'global_defs.lvs_sync_daemon.vrrp_instance', ['not a vrrp_instance of this file'], ['name one of VI_1']),
    'LVS228': trigger(variant(('vrrp_instances.VI_2', SECOND_INSTANCE), ('vrrp_sync_groups', {'VG_1': {'group': ['VI_1']}})),
                      'vrrp_sync_groups[VG_1].group', ['has only 1 virtual router'], ['at least two instances']),
    'LVS230': trigger(variant((VS + 'lvs_method', DELETE)), 'virtual_servers[10.1.1.166:80].lvs_method',
                      ['falls back to NAT', 'no forwarding method set'], ['lvs_method: DR']),
    'LVS231': trigger(variant(('track_processes', {'web': {'process': 'nginx', 'quorum': 2, 'quorum_max': 1}})),
                      'track_processes[web].quorum_max', ['below quorum 2'], ['at least 2']),
    'LVS232': trigger(variant((VS + 'sorry_server_inhibit', True)), 'virtual_servers[10.1.1.166:80].sorry_server_inhibit',
                      ['without sorry_server', 'used before or without sorry_server'], ['add sorry_server']),
    'LVS233': trigger(variant((VS + 'quorum', 3), (RS + 'weight', 2)), 'virtual_servers[10.1.1.166:80].quorum',
                      ['total weight 2', 'could never be met'], ['at most 2']),
    'LVS234': trigger(variant((VI + 'authentication', DELETE), (VI + 'version', 2), (VI + 'virtual_ipaddress', ['2001:db8::166'])),
                      'vrrp_instances[VI_1].version', ['IPv6', 'conflicts with configured or deduced version'],
                      ['leave version out']),
    'LVS236': trigger(variant((VI + 'priority', 255), ('vrrp_scripts', dict(chk_nfs=dict(SCRIPT['chk_nfs'], weight=-20))),
                              (VI + 'track_script', ['chk_nfs'])),
                      'vrrp_instances[VI_1].track_script', ['weight -20', 'priority 255', 'due to address_owner'],
                      ['weight 0', 'below 255']),
    'LVS237': trigger(variant((VS + 'mh-port', True)), 'virtual_servers[10.1.1.166:80].mh-port',
                      ['scheduler rr', 'only applies to sh scheduler'], ['lvs_sched sh or mh']),
    'LVS238': trigger(variant((RS + 'checkers', [{'type': 'UDP_CHECK', 'require_reply': '0a', 'min_reply_length': 300}])),
                      'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].checkers[0].min_reply_length',
                      ['max_reply_length 255 (its default)', 'will always fail'], ['at most 255', 'at least 300']),
    'LVS239': trigger(variant(('bfd_instances', {'rs1': {'neighbor_ip': '2001:db8::163', 'max_hops': 100}})),
                      'bfd_instances[rs1].max_hops', ['above the ttl/hoplimit 64 (its IPv6 default)', 'max_hops exceeds'],
                      ['at most 64', 'at least 100']),
    'LVS235': trigger(variant((VI + 'track_interface', ['eth1', {'name': 'eth0', 'weight': -50}])),
                      'vrrp_instances[VI_1].track_interface[1]', ['own interface eth0', 'Ignoring track_interface'],
                      ['remove eth0']),
    'LVS229': trigger(variant(('vrrp_instances.VI_2', SECOND_INSTANCE), ('vrrp_sync_groups', SYNC_GROUP),
                              ('vrrp_scripts', dict(chk_nfs=dict(SCRIPT['chk_nfs'], weight=-20))),
                              (VI + 'track_script', ['chk_nfs'])),
                      'vrrp_instances[VI_1].track_script', ['weight -20', 'sync group VG_1', 'due to SYNC group'],
                      ['weight 0', 'on the sync group VG_1']),
}


def found(issues, rule_id):
    return [issue for issue in issues if issue.rule == rule_id]


def test_base_configuration_is_clean():
    conf, issues = config.load(base())
    assert conf is not None
    assert issues == []


@pytest.mark.parametrize('rule_id', MODEL_RULES)
def test_every_rule_has_a_trigger_in_this_suite(rule_id):
    assert rule_id in TRIGGERS, 'add a triggering input for %s to TRIGGERS' % rule_id


def test_every_trigger_names_a_known_rule():
    assert sorted(set(TRIGGERS) - set(MODEL_RULES)) == []


@pytest.mark.parametrize('rule_id', MODEL_RULES)
def test_rule_levels_are_as_documented(rule_id):
    assert rules.RULES[rule_id].level == ('warning' if rule_id in WARNING_RULES else 'error')
    assert len(rules.RULES[rule_id].summary) > 10


@pytest.mark.parametrize('rule_id', sorted(TRIGGERS))
def test_trigger_raises_exactly_its_rule_with_path_message_and_fix(rule_id):
    case = TRIGGERS[rule_id]
    issues = run(case.input)
    assert sorted(set(issue.rule for issue in issues)) == [rule_id], [issue.format() for issue in issues]
    issue = found(issues, rule_id)[0]
    assert issue.level == ('warning' if rule_id in WARNING_RULES else 'error')
    assert issue.path == case.path
    for word in case.message:
        assert word in issue.message
    for word in case.fix:
        assert word in issue.fix
    assert issue.source == case.source
    shown = issue.format()
    assert shown.startswith('[%s] ' % rule_id)
    assert issue.message in shown and ('Fix: ' + issue.fix) in shown
    assert issue.as_dict()['rule'] == rule_id


@pytest.mark.parametrize('rule_id', sorted(r for r in TRIGGERS if r not in WARNING_RULES))
def test_errors_keep_the_configuration_from_being_used(rule_id):
    """Input that could not be typed gives no model at all (a file read gives the model of what it could read, and
    the error); a semantic error keeps the model but is an error."""
    case = TRIGGERS[rule_id]
    conf, issues = read(case.input)
    if rule_id.startswith('LVS1'):
        assert conf is None if isinstance(case.input, dict) else rule_id in [issue.rule for issue in config.errors(issues)]
    else:
        conf, issues = read(case.input)
        assert rule_id in [issue.rule for issue in config.errors(issues)]
        text = config.format_issues(config.errors(issues), host='lvs1')
        assert rule_id in text and 'host lvs1' in text


# ---- valid variants: the same shape without the mistake gives no issue at all -----------------------------------

NEGATIVES = {
    'LVS201': [variant((VI + 'advert_int', 0.5), (VI + 'version', 3), (VI + 'authentication', DELETE)),
               variant((VI + 'advert_int', 255)),
               # an IPv6 instance runs VRRPv3 without being told (keepalived -t accepts 0.5 there)
               variant((VI + 'advert_int', 0.5), (VI + 'authentication', DELETE), (VI + 'virtual_ipaddress', ['2001:db8::166'])),
               variant((VI + 'advert_int', 40.95), (VI + 'version', 3), (VI + 'authentication', DELETE))],
    'LVS202': [variant((VI + 'authentication.auth_pass', '12345678'))],
    'LVS203': [variant(('global_defs.vrrp_version', 3), (VI + 'authentication', DELETE)),
               variant(('global_defs.vrrp_version', 3), (VI + 'version', 2))],
    'LVS204': [variant((VI + 'virtual_ipaddress_excluded', ['2001:db8::166']))],
    'LVS205': [variant((RS + 'port', 8080), (VS + 'lvs_method', 'NAT')),
               variant((VS + 'lvs_method', 'TUN'))],
    'LVS206': [variant((VS + 'quorum', 2), (VS + 'hysteresis', 1), (RS + 'weight', 2))],
    'LVS207': [variant((VI + 'state', 'MASTER')), variant((VI + 'priority', DELETE))],
    'LVS208': [variant((VI + 'nopreempt', True)), variant((VI + 'preempt_delay', 300))],
    'LVS209': [variant((VI + 'nopreempt', True)), variant((VI + 'nopreempt', False), (VI + 'preempt_delay', 300))],
    'LVS210': [variant(('vrrp_scripts', SCRIPT), (VI + 'track_script', [{'name': 'chk_nfs', 'weight': -90}])),
               variant(('track_files', TRACK_FILE), (RS + 'checkers.1', {'type': 'FILE_CHECK', 'track_file': 'flag'})),
               variant(('bfd_instances', BFD), (RS + 'checkers.1', BFD_CHECK)),
               variant(('bfd_instances', {'rs1': dict(BFD['rs1'], vrrp=True, checker=True)}), (RS + 'checkers.1', BFD_CHECK))],
    'LVS211': [variant(('vrrp_instances.VI_2', SECOND_INSTANCE), ('vrrp_sync_groups', {'VG_1': {'group': ['VI_1', 'VI_2']}}))],
    'LVS212': [variant((VS + 'address', DELETE), (VS + 'port', DELETE), (VS + 'group', 'web'),
                       ('virtual_server_groups', {'web': ['10.1.1.166 80']}))],
    'LVS213': [variant(('virtual_servers.1', dict(base()['virtual_servers'][0], protocol='UDP'))),
               variant(('virtual_servers.1', dict(base()['virtual_servers'][0], port=443, lvs_method='NAT')))],
    'LVS214': [variant((VS + 'real_servers.1', dict(base()['virtual_servers'][0]['real_servers'][0], address='10.1.1.164')))],
    'LVS215': [variant(('vrrp_instances.VI_2', SECOND_INSTANCE)),
               variant(('vrrp_instances.VI_2', dict(SECOND_INSTANCE, virtual_router_id=51, interface='eth1'))),
               variant(('vrrp_instances.VI_2', dict(SECOND_INSTANCE, virtual_router_id=51, virtual_ipaddress=['2001:db8::1'])))],
    'LVS216': [variant(('vrrp_instances.VI_2', SECOND_INSTANCE))],
    'LVS217': [variant(('vrrp_scripts', SCRIPT))],
    'LVS218': [variant((VS + 'address', DELETE), (VS + 'port', DELETE), (VS + 'fwmark', 1), (VS + 'protocol', DELETE),
                       (RS + 'port', DELETE))],
    'LVS219': [variant((RS + 'checkers', [{'type': 'SSL_GET', 'urls': [{'path': '/', 'status_code': 200}]}]))],
    'LVS220': [variant((VI + 'virtual_ipaddress', [{'address': '10.1.1.166', 'label': 'eth0:1'}])),
               variant((VI + 'virtual_ipaddress', [{'address': '10.1.1.166', 'dev': 'eth1', 'label': 'eth1:vip'}]))],
    'LVS221': [base()],
    'LVS222': [base()],
    'LVS223': [variant((VS + 'address', '2001:db8::166'), (RS + 'address', '2001:db8::163'),
                       (VI + 'virtual_ipaddress_excluded', ['2001:db8::166'])),
               variant((VS + 'address', DELETE), (VS + 'port', DELETE), (VS + 'fwmark', 1), (VS + 'protocol', DELETE),
                       (RS + 'port', DELETE), (RS + 'address', '2001:db8::163'), (VS + 'sorry_server', '2001:db8::170'))],
    'LVS224': [variant((VS + 'address', DELETE), (VS + 'port', DELETE), (VS + 'fwmark', 1), (VS + 'protocol', DELETE),
                       (RS + 'port', DELETE), (VS + 'sorry_server', '10.1.1.170'))],
    'LVS228': [variant(('vrrp_instances.VI_2', SECOND_INSTANCE), ('vrrp_sync_groups', {'VG_1': {'group': ['VI_1', 'VI_2']}}))],
    'LVS240': [variant(('global_defs.lvs_sync_daemon', {'interface': 'eth0', 'vrrp_instance': 'VI_1', 'sync_id': 51}))],
    'LVS230': [base()],
    'LVS231': [variant(('track_processes', {'web': {'process': 'nginx', 'quorum': 2, 'quorum_max': 2}})),
               variant(('track_processes', {'web': {'process': 'nginx', 'quorum_max': 1}}))],
    'LVS232': [variant((VS + 'sorry_server_inhibit', True), (VS + 'sorry_server', '10.1.1.170 80')),
               variant(('vrrp_scripts', {'chk': {'script': '/bin/true', 'weight': -5, 'reverse': True}})),
               variant((VI + 'unicast_ttl', 0), (VI + 'check_unicast_src', True), (VI + 'unicast_src_ip', '10.1.1.160'),
                       (VI + 'unicast_peer', ['10.1.1.162']))],
    'LVS241': [variant((VI + 'use_vmac', True)), variant((VI + 'promote_secondaries', True))],
    'LVS233': [variant((VS + 'quorum', 2), (RS + 'weight', 2)), variant((VS + 'quorum', 1))],
    # weight 0 everywhere on members (a track file must say so: its default is 1); weights outside a sync group
    'LVS229': [variant(('vrrp_instances.VI_2', SECOND_INSTANCE), ('vrrp_sync_groups', SYNC_GROUP), ('vrrp_scripts', SCRIPT),
                       ('track_files', TRACK_FILE), (VI + 'track_script', ['chk_nfs']), (VI + 'track_interface', ['eth1']),
                       (VI + 'track_file', [{'name': 'flag', 'weight': 0}])),
               variant(('vrrp_instances.VI_2', SECOND_INSTANCE), ('track_files', TRACK_FILE), ('vrrp_scripts', SCRIPT),
                       (VI + 'track_script', [{'name': 'chk_nfs', 'weight': -20}]), (VI + 'track_file', ['flag']),
                       (VI + 'track_interface', [{'name': 'eth1', 'weight': 10}]))],
    'LVS225': [variant((VI + 'virtual_ipaddress_excluded', [{'address': '2001:db8::166', 'scope': 'global'}])),
               variant((VI + 'virtual_ipaddress', [{'address': '10.1.1.166', 'scope': 'link'}]))],
    'LVS226': [variant(('global_defs.vrrp_strict', True), (VI + 'authentication', DELETE), (VI + 'version', 3),
                       (VI + 'accept', True), (VI + 'garp_lower_prio_repeat', 0), (VI + 'nopreempt', True)),
               variant(('global_defs.vrrp_strict', True), (VI + 'authentication', DELETE), (VI + 'accept', True),
                       (VI + 'virtual_ipaddress', ['fe80::1', '2001:db8::166'])),  # IPv6: VRRPv3, where accept is fine
               variant(('global_defs.vrrp_strict', True), (VI + 'authentication', DELETE), (VI + 'state', 'MASTER'),
                       (VI + 'priority', 255)),
               variant((VI + 'preempt_delay', 300), (VI + 'accept', True), (VI + 'garp_lower_prio_delay', 5))],
    'LVS227': [variant(('global_defs.vrrp_strict', True), (VI + 'authentication', DELETE), (VI + 'version', 3),
                       (VI + 'virtual_ipaddress', ['fe80::1', '2001:db8::166'])),
               variant((VI + 'authentication', DELETE), (VI + 'version', 3), (VI + 'virtual_ipaddress', ['2001:db8::166']))],
    'LVS235': [variant((VI + 'track_interface', ['eth1', {'name': 'eth2', 'weight': -50}]))],
    'LVS237': [variant((VS + 'lvs_sched', 'mh'), (VS + 'mh-port', True), (VS + 'mh-fallback', True)),
               variant((VS + 'lvs_sched', 'sh'), (VS + 'sh-port', True), (VS + 'sh-fallback', True))],
    'LVS236': [variant((VI + 'priority', 255), ('vrrp_scripts', SCRIPT), ('track_files', TRACK_FILE),
                       (VI + 'track_script', ['chk_nfs']), (VI + 'track_interface', ['eth1']),
                       (VI + 'track_file', [{'name': 'flag', 'weight': 0}])),
               variant((VI + 'priority', 254), ('vrrp_scripts', dict(chk_nfs=dict(SCRIPT['chk_nfs'], weight=-20))),
                       (VI + 'track_script', ['chk_nfs']))],
    'LVS238': [variant((RS + 'checkers', [{'type': 'UDP_CHECK', 'require_reply': '0a', 'min_reply_length': 300,
                                           'max_reply_length': 300}])),
               variant((RS + 'checkers', [{'type': 'UDP_CHECK', 'require_reply': True, 'payload': '0a'}]))],
    # sessions to one neighbor from two source addresses; max_hops -1 (255) within IPv4's default ttl of 255
    'LVS239': [variant(('bfd_instances', {'a': {'neighbor_ip': '10.1.1.163', 'source_ip': '10.1.1.161', 'max_hops': -1},
                                          'b': {'neighbor_ip': '10.1.1.163', 'source_ip': '10.1.1.162'}}),
                       (RS + 'checkers.1', {'type': 'BFD_CHECK', 'name': 'a'}),
                       (RS + 'checkers.2', {'type': 'BFD_CHECK', 'name': 'b'})),
               variant(('bfd_instances', {'rs1': {'neighbor_ip': '2001:db8::163', 'hoplimit': 255, 'max_hops': 255}}))],
    'LVS234': [variant((VI + 'authentication', DELETE), (VI + 'virtual_ipaddress', ['2001:db8::166'])),
               variant((VI + 'authentication', DELETE), (VI + 'version', 3), (VI + 'virtual_ipaddress', ['2001:db8::166'])),
               variant((VI + 'version', 2)),
               # the global default is for IPv4 instances: keepalived -t accepts it beside an IPv6 instance
               variant(('global_defs.vrrp_version', 2), (VI + 'authentication', DELETE),
                       (VI + 'virtual_ipaddress', ['2001:db8::166']))],
}


@pytest.mark.parametrize('rule_id,data', [(rule_id, data) for rule_id in sorted(NEGATIVES) for data in NEGATIVES[rule_id]])
def test_valid_variant_does_not_trigger_the_rule(rule_id, data):
    conf, issues = config.load(data)
    assert conf is not None
    assert [issue.format() for issue in issues] == []


def test_every_semantic_rule_has_a_valid_variant():
    assert sorted(rule_id for rule_id in rules.RULES if rule_id.startswith('LVS2')) == sorted(NEGATIVES)


# ---- injection: nothing that could change the structure of keepalived.conf gets through ---------------------------

INJECTIONS = ['\nvrrp_strict', '}', '"', '#x', '!x', ' x']
INJECTION_FIELDS = [
    ('global_defs.router_id', 'LVS_1', 'LVS105'),
    (VI + 'interface', 'eth0', 'LVS107'),
    (VI + 'authentication.auth_pass', 'pw', 'LVS105'),
    (RS + 'checkers', None, 'LVS105'),  # url path
    (VI + 'virtual_ipaddress', None, 'LVS107'),  # label
]


def _injected(path, good, bad):
    if path.endswith('checkers'):
        return variant((path, [{'type': 'HTTP_GET', 'urls': [{'path': '/health' + bad}]}]))
    if path.endswith('virtual_ipaddress'):
        return variant((path, [{'address': '10.1.1.166', 'label': 'eth0:1' + bad}]))
    return variant((path, good + bad))


@pytest.mark.parametrize('bad', INJECTIONS)
@pytest.mark.parametrize('path,good,rule_id', INJECTION_FIELDS)
def test_injection_is_rejected_and_nothing_is_rendered(path, good, rule_id, bad):
    conf, issues = config.load(_injected(path, good, bad))
    assert conf is None  # nothing to render: the value never reaches keepalived.conf
    assert [i.rule for i in issues] == [rule_id]


@pytest.mark.parametrize('bad,rule_id', [('\nvrrp_strict', 'LVS105'), ('"\nvrrp_strict', 'LVS105'), (' }', 'LVS105'),
                                         ('\\', 'LVS105')])
def test_script_injection_is_rejected(bad, rule_id):
    conf, issues = config.load(variant(('vrrp_scripts', {'chk_nfs': {'script': '/bin/pidof nfsd' + bad}})))
    assert conf is None
    assert [(i.rule, i.path) for i in issues] == [(rule_id, 'vrrp_scripts[chk_nfs].script')]


@pytest.mark.parametrize('script', ['#/bin/true', '! /bin/true', 'true # /bin/true'])
def test_script_that_does_not_start_with_an_absolute_path_is_rejected(script):
    conf, issues = config.load(variant(('vrrp_scripts', {'chk_nfs': {'script': script}})))
    assert conf is None
    assert [i.rule for i in issues] == ['LVS108']


def test_comment_signs_inside_a_quoted_script_stay_arguments():
    """In double quotes ! and # are not comments (keepalived and the lexer agree), so they are safe there."""
    data = variant(('vrrp_scripts', {'chk_nfs': {'script': '/bin/echo #1 !2'}}))
    conf, issues = config.load(data)
    assert issues == []
    text = config.render(conf)
    assert '    script "/bin/echo #1 !2"\n' in text
    assert config.parse(text)[0].vrrp_scripts['chk_nfs'].script == '/bin/echo #1 !2'


@pytest.mark.parametrize('value', ['eth0:1', 'a' * 16, '..', '', 'eth 0'])
def test_interface_names_keepalived_cannot_use(value):
    assert [i.rule for i in run(variant((VI + 'interface', value)))] == ['LVS107']


# ---- secrets never appear in an issue --------------------------------------------------------------------------

SECRET = 'Sup3rS3cretX'


@pytest.mark.parametrize('value', [SECRET, SECRET + '\n}', SECRET + ' x', SECRET + '"', SECRET + '#', u'S\u00e9cr\u00e9t99'])
def test_auth_pass_errors_show_the_mask_never_the_secret(value):
    issues = run(variant((VI + 'authentication.auth_pass', value)))
    assert issues and all(i.path == 'vrrp_instances[VI_1].authentication.auth_pass' for i in issues)
    for issue in issues:
        assert issue.value == MASK
        for shown in (issue.format('lvs1'), repr(issue.as_dict()), str(issue.as_dict()), repr(issue)):
            assert value not in shown
            assert value.split()[0].rstrip('"#\n}') not in shown
        assert MASK in issue.format()


AUTH_BLOCK = '    authentication {\n        auth_type PASS\n        %s\n    }'


@pytest.mark.parametrize('block', [
    AUTH_BLOCK % ('auth_pass %s' % SECRET),  # too long: LVS202
    AUTH_BLOCK % ('auth_pass %s extra' % SECRET),  # two words: LVS102
    AUTH_BLOCK % ('auth_pass %s\n        auth_pass %s' % (SECRET, SECRET)),  # twice: LVS111
    AUTH_BLOCK % ('auth_pass %s {\n        }' % SECRET),  # a block: LVS113
    '    authentication { auth_type PASS auth_pass %s }' % SECRET,  # one line: LVS102 on auth_type
])
def test_auth_pass_from_a_file_is_masked_in_issues(block):
    text = PARSE_CLEAN_INSTANCE.replace('    priority 100', '    priority 100\n' + block)
    issues = run(text)
    assert issues
    for issue in issues:
        assert SECRET not in issue.format() and SECRET not in repr(issue.as_dict())


def test_formatted_errors_do_not_contain_the_secret():
    _conf, issues = config.load(variant((VI + 'authentication.auth_pass', SECRET)))
    text = config.format_issues(config.errors(issues), host='lvs1')
    assert config.errors(issues) and SECRET not in text
    assert MASK in text
