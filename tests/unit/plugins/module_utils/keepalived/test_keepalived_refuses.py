# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a rule says keepalived does, the real ``keepalived -t`` (2.2.7) does (issue 18).

Each case is a small keepalived.conf the model reports the rule for, and what keepalived -t answers: its exit code
and its words as the rule's message or description quotes them ("..." for what varies), or nothing at all where the
rule says keepalived is silent. The meanings exit_codes.py gives the exit codes are held to the binary the same way.
Run in a network namespace of their own (keepalived_netns.py); skipped where that cannot run.
"""

from __future__ import absolute_import, division, print_function

import re
from collections import namedtuple

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, config, exit_codes, rules

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.keepalived_netns import (
    keepalived_t, netns_available)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import TRIGGERS as CLUSTER
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import article
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_rules import TRIGGERS, read

INTERFACES = ['eth0', 'eth1']
BASE = '''global_defs {
    router_id LVS_1
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        10.1.1.166
    }
}
virtual_server 10.1.1.166 80 {
    lvs_sched rr
    lvs_method DR
    protocol TCP
    real_server 10.1.1.163 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
'''
SECURE = ('router_id LVS_1\n', 'router_id LVS_1\n    enable_script_security\n    script_user root\n')
STRICT = ('router_id LVS_1\n', 'router_id LVS_1\n    vrrp_strict\n')
TRACKS = '    advert_int 1\n'
VS = '    protocol TCP\n'
CHECKER = '        TCP_CHECK {\n            connect_timeout 3\n        }\n'
VI_2 = '''vrrp_instance VI_2 {
    state BACKUP
    interface eth0
    virtual_router_id 52
    priority 100
    virtual_ipaddress {
        10.1.1.167
    }
}
'''
SYNC_GROUP = 'vrrp_sync_group VG_1 {\n    group {\n        VI_1\n        VI_2\n    }\n}\n'
SCRIPT = 'vrrp_script chk_web {\n    script /bin/true\n    weight -20\n}\n'
TRACK_FILE = 'vrrp_track_file flag {\n    file /run/lvs.flag\n}\n'
BFD = 'bfd_instance rs1 {\n    neighbor_ip 10.1.1.163\n    source_ip 10.1.1.161\n}\n'
BFD_CHECK = '        BFD_CHECK {\n            name rs1\n        }\n'
V6_SERVER = (('virtual_server 10.1.1.166 80', 'virtual_server 2001:db8::166 80'),
             ('real_server 10.1.1.163 80', 'real_server 2001:db8::163 80'))
FWMARK = (('virtual_server 10.1.1.166 80', 'virtual_server fwmark 1'),)


def edit(*changes, **kwargs):
    """BASE (or ``text``) with each (old, new) replaced once; ``before``: blocks put before the first instance,
    ``after``: blocks appended."""
    text = kwargs.get('text', BASE)
    changes += (('vrrp_instance VI_1', kwargs.get('before', '') + 'vrrp_instance VI_1'),)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text + kwargs.get('after', '')


def track(block):
    return (TRACKS, TRACKS + block)


def cluster_file(change):
    """(lvs1's rendered file, the validator's issues) of the article's cluster after ``change``."""
    hostvars, groups = article()
    change(hostvars, groups)
    report = cluster.validate(hostvars, groups)
    conf = config.load(report.configs()['lvs1'], partial=True)[0]
    return config.render(conf), report.issues


# rule: the id the model reports; conf: the file (or a function giving it and the issues); rc: keepalived -t's exit
# code; said: its words, '...' where they vary, '' for none; claim: what the rule says of it (its quote by default).
Claim = namedtuple('Claim', 'rule conf rc said claim', defaults=(None,))

CLAIMS = {
    'LVS019 fast profile on VRRPv2': Claim(
        'LVS019', lambda: cluster_file(CLUSTER['LVS019'][0]), 5,
        'VRRPv2 advertisement interval 0.100000s must be an integer. rounding'),
    'LVS110 nb_get_retry fails -t': Claim(
        'LVS110', edit(('connect_timeout 3', 'connect_timeout 3\n            nb_get_retry 3')), 5,
        'Unknown keyword \'nb_get_retry\'', 'nb_get_retry makes keepalived -t fail'),
    'LVS114 no protocol is UDP': Claim('LVS114', edit((VS, '')), 5, 'no protocol set - defaulting to UDP'),
    'LVS201 VRRPv2 advert_int rounded': Claim(
        'LVS201', edit(('advert_int 1', 'advert_int 0.5')), 5, 'must be an integer. rounding', 'keepalived would round it'),
    'LVS202 auth_pass truncated': Claim(
        'LVS202', edit(track('    authentication {\n        auth_type PASS\n        auth_pass 123456789\n    }\n')), 5,
        'Truncating auth_pass to 8 characters'),
    'LVS203 authentication on VRRPv3': Claim(
        'LVS203', edit(('router_id LVS_1', 'router_id LVS_1\n    vrrp_version 3'),
                       track('    authentication {\n        auth_type PASS\n        auth_pass secret12\n    }\n')), 5,
        'VRRP version 3 does not support authentication'),
    'LVS205 DR sorry server port': Claim(
        'LVS205', edit((VS, VS + '    sorry_server 10.1.1.170 8080\n')), 5, 'sorry server ports don\'t match'),
    'LVS207 MASTER without priority is silent': Claim(
        'LVS207', edit(('    state BACKUP\n', '    state MASTER\n'), ('    priority 100\n', '')), 0, '',
        'keepalived silently uses 255'),
    'LVS208 nopreempt with MASTER cleared': Claim(
        'LVS208', edit(('    state BACKUP\n', '    state MASTER\n    nopreempt\n')), 5,
        'nopreempt will not work with initial state MASTER - clearing', 'keepalived clears it at start'),
    'LVS204 mcast_dst_ip of the other family': Claim(
        'LVS204', edit(track('    mcast_dst_ip ff02::12\n')), 5, 'address family must match VRRP instance', 'mixes IPv4'),
    'LVS204 native_ipv6 with IPv4 addresses': Claim(
        'LVS204', edit(track('    native_ipv6\n')), 5, 'address family must match VRRP instance', 'mixes IPv4'),
    'LVS210 undefined FILE_CHECK track_file': Claim(
        'LVS210', edit((CHECKER, '        FILE_CHECK {\n            track_file flag\n        }\n')), 5,
        'track_file ... not found'),
    'LVS210 track_bfd of a checker-only bfd_instance': Claim(
        'LVS210', edit(track('    track_bfd {\n        b1\n    }\n'),
                       before='bfd_instance b1 {\n    neighbor_ip 10.1.1.165\n    checker\n}\n'), 5, 'track bfd ... not found'),
    'LVS217 scripts without script security': Claim(
        'LVS217', edit(track('    notify_master /bin/true\n')), 6,
        'SECURITY VIOLATION - scripts are being executed but script_security not enabled', 'keepalived -t exits 6'),
    'LVS221 no VIP': Claim(
        'LVS221', edit(('    virtual_ipaddress {\n        10.1.1.166\n    }\n', '')), 5,
        'No VIP specified; at least one is sensible'),
    'LVS222 no real servers': Claim(
        'LVS222', edit(('    real_server 10.1.1.163 80 {\n' + CHECKER + '    }\n', '')), 5, 'has no real servers - ignoring'),
    'LVS223 real server of the other family': Claim('LVS223', edit(V6_SERVER[1]), 5, 'Address family ... don\'t match'),
    'LVS223 IPv4 granularity as a prefix': Claim(
        'LVS223', edit((VS, VS + '    persistence_granularity 24\n')), 0, '', 'keepalived -t accepts it without a word'),
    'LVS223 IPv6 granularity as a netmask': Claim(
        'LVS223', edit((VS, VS + '    persistence_granularity 255.255.255.0\n'), *V6_SERVER), 5,
        'Invalid IPv6 persistence_granularity'),
    'LVS224 protocol on fwmark': Claim(
        'LVS224', edit(('real_server 10.1.1.163 80', 'real_server 10.1.1.163'), *FWMARK), 5, 'protocol specified for fwmark'),
    'LVS224 real server port on fwmark': Claim('LVS224', edit((VS, ''), *FWMARK), 5, 'has port specified'),
    'LVS225 scope on IPv6': Claim(
        'LVS225', edit(track('    virtual_ipaddress_excluded {\n        2001:db8::166 scope link\n    }\n')), 5,
        'Cannot specify scope for IPv6 addresses'),
    'LVS225 label on IPv6': Claim(
        'LVS225', edit(('        10.1.1.166\n', '        2001:db8::166/64 dev eth0 label eth0:6\n')), 5,
        'Cannot specify label for IPv6 addresses'),
    'LVS225 brd on IPv6': Claim(
        'LVS225', edit(('        10.1.1.166\n', '        2001:db8::166/64 brd 2001:db8::ff dev eth0\n')), 5,
        'trying to assign a broadcast ... skipping VIP'),
    'LVS225 IPv6 brd on IPv4': Claim(
        'LVS225', edit(('        10.1.1.166\n', '        10.1.1.166/24 brd 2001:db8::ff dev eth0\n')), 5, 'invalid broadcast'),
    'LVS225 IPv6 peer on IPv4': Claim(
        'LVS225', edit(('        10.1.1.166\n', '        10.1.1.166 peer 2001:db8::1 dev eth0\n')), 5,
        'Peer address ... does not match address family'),
    'LVS225 brd beside peer': Claim(
        'LVS225', edit(('        10.1.1.166\n', '        10.1.1.166 peer 10.1.1.1 brd 10.1.1.255 dev eth0\n')), 5,
        'Cannot specify broadcast and peer addresses'),
    'LVS225 prefix beside peer': Claim(
        'LVS225', edit(('        10.1.1.166\n', '        10.1.1.166/24 peer 10.1.1.1 dev eth0\n')), 5,
        'Cannot specify address prefix when specifying peer address'),
    'LVS225 brd + on a /31': Claim(
        'LVS225', edit(('        10.1.1.166\n', '        10.1.1.166/31 brd + dev eth0\n')), 5, 'too long for broadcast'),
    'LVS223 ip_family of the other family': Claim(
        'LVS223', edit((VS, VS + '    ip_family inet6\n')), 5, 'Virtual server specified family ... conflicts with server family'),
    'LVS226 an instance\'s strict_mode': Claim(
        'LVS226', edit(track('    strict_mode true\n    preempt_delay 10\n')), 5,
        'preempt_delay is incompatible with strict mode'),
    'LVS226 strict authentication': Claim(
        'LVS226', edit(STRICT, track('    authentication {\n        auth_type PASS\n        auth_pass secret12\n    }\n')), 5,
        'Strict mode does not support authentication'),
    'LVS226 strict preempt_delay': Claim(
        'LVS226', edit(STRICT, track('    preempt_delay 10\n')), 5, 'preempt_delay is incompatible with strict mode'),
    'LVS226 strict garp_lower_prio_repeat': Claim(
        'LVS226', edit(STRICT, track('    garp_lower_prio_repeat 2\n')), 5, 'Strict mode requires no repeat garps'),
    'LVS226 strict garp_lower_prio_delay': Claim(
        'LVS226', edit(STRICT, track('    garp_lower_prio_delay 2\n')), 5, 'Strict mode requires no repeat garp delay'),
    'LVS226 strict accept on VRRPv2': Claim(
        'LVS226', edit(STRICT, track('    accept\n')), 5, 'accept mode for VRRP version 2 does not comply with RFC3768'),
    'LVS226 strict lower_prio_no_advert false': Claim(
        'LVS226', edit(STRICT, track('    lower_prio_no_advert false\n')), 5, 'Strict mode requires no lower priority advert'),
    'LVS226 strict higher_prio_send_advert': Claim(
        'LVS226', edit(STRICT, track('    higher_prio_send_advert\n')), 5,
        'strict mode requires higher_prio_send_advert to be clear'),
    'LVS226 strict use_vmac MAC': Claim(
        'LVS226', edit(STRICT, track('    use_vmac 02:00:00:00:00\n')), 5, 'cannot specify MAC address with strict mode'),
    'LVS226 strict vmac_xmit_base': Claim(
        'LVS226', edit(STRICT, track('    use_vmac\n    vmac_xmit_base\n')), 5, 'xmit_base is incompatible with strict mode'),
    'LVS226 strict MASTER below 255': Claim(
        'LVS226', edit(STRICT, ('    state BACKUP\n', '    state MASTER\n')), 5, 'State MASTER must match being address owner'),
    'LVS227 strict IPv6 not link-local first': Claim(
        'LVS227', edit(STRICT, ('        10.1.1.166\n', '        2001:db8::166\n        fe80::1\n')), 5,
        'the first IPv6 VIP address must be link local'),
    'LVS228 sync group of one': Claim(
        'LVS228', edit(before='vrrp_sync_group VG_1 {\n    group {\n        VI_1\n    }\n}\n'), 5,
        'Sync group ... has only 1 virtual router(s)'),
    'LVS229 weighted track in a sync group': Claim(
        'LVS229', edit(SECURE, track('    track_script {\n        chk_web\n    }\n'), before=SCRIPT + SYNC_GROUP, after=VI_2), 5,
        'ignoring tracked script ... with weights due to SYNC group'),
    'LVS230 no scheduler': Claim('LVS230', edit(('    lvs_sched rr\n', '')), 5, 'no scheduler set, setting default \'wlc\''),
    'LVS230 no forwarding method': Claim('LVS230', edit(('    lvs_method DR\n', '')), 5, 'no forwarding method set'),
    'LVS231 quorum_max below quorum': Claim(
        'LVS231', edit(before='vrrp_track_process web {\n    process nginx\n    quorum 2\n    quorum_max 1\n}\n'), 5,
        'quorum_max is less than quorum'),
    'LVS232 sorry_server_lvs_method alone': Claim(
        'LVS232', edit((VS, VS + '    sorry_server_lvs_method NAT\n')), 5, 'sorry_server forwarding used without sorry_server'),
    'LVS232 unicast_ttl without peers': Claim(
        'LVS232', edit(track('    unicast_ttl 5\n')), 5, 'Cannot use unicast_ttl without unicast peers - resetting'),
    'LVS232 unicast_src_ip without peers': Claim(
        'LVS232', edit(track('    unicast_src_ip 10.1.1.160\n')), 5,
        'A unicast keyword has been specified without any unicast peers'),
    'LVS232 check_unicast_src without peers': Claim(
        'LVS232', edit(track('    check_unicast_src\n')), 5, 'A unicast keyword has been specified without any unicast peers'),
    'LVS232 vmac_xmit_base without use_vmac': Claim(
        'LVS232', edit(track('    vmac_xmit_base\n')), 5, 'vmac_xmit_base is only valid with a vmac'),
    'LVS241 promote_secondaries with use_vmac': Claim(
        'LVS241', edit(track('    use_vmac\n    promote_secondaries\n')), 5,
        'promote_secondaries is automatically set for vmacs - ignoring'),
    'LVS232 sorry_server_inhibit alone': Claim(
        'LVS232', edit((VS, VS + '    sorry_server_inhibit\n')), 5, 'sorry_server inhibit used before or without sorry_server'),
    'LVS233 quorum above total weight': Claim(
        'LVS233', edit((VS, VS + '    quorum 3\n'), ('        TCP_CHECK', '        weight 2\n        TCP_CHECK')), 5,
        'quorum ... exceeds total weight of real servers ..., reducing quorum'),
    'LVS234 version 2 after an IPv6 address': Claim(
        'LVS234', edit(('        10.1.1.166\n    }\n', '        2001:db8::166\n    }\n    version 2\n')), 5,
        'vrrp_version 2 conflicts with configured or deduced version'),
    'LVS234 version 2 before an IPv6 address': Claim(
        'LVS234', edit(track('    version 2\n'), ('        10.1.1.166\n', '        2001:db8::166\n')), 0, '',
        'accepts it without a word when the line comes first'),
    'LVS235 own interface tracked': Claim(
        'LVS235', edit(track('    track_interface {\n        eth0\n    }\n')), 5, 'Ignoring track_interface ... since own interface'),
    'LVS236 weighted script on an address owner': Claim(
        'LVS236', edit(SECURE, ('priority 100', 'priority 255'), track('    track_script {\n        chk_web\n    }\n'),
                       before=SCRIPT), 5,
        'ignoring tracked script ... with weights due to address_owner'),
    'LVS236 weighted interface on an address owner': Claim(
        'LVS236', edit(('priority 100', 'priority 255'), track('    track_interface {\n        eth1 weight -10\n    }\n')), 5,
        'ignoring ... tracked interface due to address owner'),
    'LVS236 weighted file on an address owner': Claim(
        'LVS236', edit(('priority 100', 'priority 255'), track('    track_file {\n        flag\n    }\n'), before=TRACK_FILE), 5,
        'ignoring weight from tracked file ... due to address_owner'),
    'LVS237 sh-port with rr': Claim('LVS237', edit((VS, VS + '    sh-port\n')), 5, 'sh-port only applies to sh scheduler'),
    'LVS238 min_reply_length above the default max': Claim(
        'LVS238', edit((CHECKER, '        UDP_CHECK {\n            require_reply 0a\n            min_reply_length 300\n        }\n')),
        5, 'min_reply length ... > max_reply_length ... - will always fail'),
    'LVS238 reply lengths without require_reply are silent': Claim(
        'LVS238', edit((CHECKER, '        UDP_CHECK {\n            max_reply_length 10\n        }\n')), 0, '',
        'lengths silently ignored'),
    'LVS239 source_ip of another family': Claim(
        'LVS239', edit(before=BFD.replace('10.1.1.161', '2001:db8::161')), 5, 'not of the same family'),
    'LVS239 same neighbor twice': Claim(
        'LVS239', edit(before=BFD + BFD.replace('rs1', 'rs2').replace('    source_ip 10.1.1.161\n', '')), 5,
        'duplicate neighbor address'),
    'LVS239 max_hops above the IPv6 hoplimit': Claim(
        'LVS239', edit(before='bfd_instance rs1 {\n    neighbor_ip 2001:db8::163\n    max_hops 100\n}\n'), 5,
        'max_hops exceeds ttl/hoplimit'),
    'LVS239 one session checked twice': Claim(
        'LVS239', edit((CHECKER, BFD_CHECK + BFD_CHECK), before=BFD), 5, 'RS already monitoring'),
    'LVS240 lvs_sync_daemon of an unknown instance': Claim(
        'LVS240', edit(('router_id LVS_1', 'router_id LVS_1\n    lvs_sync_daemon eth0 VI_9')), 0, '', 'keepalived -t is clean'),
    'LVS118 a pasted shell prompt': Claim(
        'LVS118', edit(('vrrp_instance VI_1', 'root@lb1:~# cat /etc/keepalived/keepalived.conf\nvrrp_instance VI_1')), 5,
        'Unknown keyword \'root@lb1:~\''),
    'LVS113 a closing brace too many': Claim(
        'LVS113', edit(('router_id LVS_1\n}\n', 'router_id LVS_1\n}\n}\n')), 5, 'Line 4) Extra \'}\' found', 'Extra \'}\' found'),
    'LVS120 a keyword newer than the release': Claim(
        'LVS120', lambda: _for_release(edit(('    state BACKUP\n', '    state BACKUP\n    owner_ignore_adverts\n')),
                                       '2.2.7'), 5, 'Unknown keyword \'owner_ignore_adverts\'', 'Unknown keyword'),
}


def _for_release(text, version):
    """(the file, the model's issues for it on keepalived ``version``): keepalived -t here is that release."""
    return text, config.parse(text, keepalived_version=version)[1]


def _source(claim):
    """(the file's text, the model's issues for it)."""
    if callable(claim.conf):
        return claim.conf()
    return claim.conf, config.parse(claim.conf)[1]


def _words(rule_id, issues):
    """Everything the rule says: its description and the messages it gave."""
    rule = rules.RULES[rule_id]
    return ' '.join([rule.summary, rule.prevents] + [issue.message for issue in issues if issue.rule == rule_id])


def _pattern(said):
    return '.*'.join(re.escape(part) for part in said.split('...'))


@pytest.mark.parametrize('name', sorted(CLAIMS))
def test_what_a_rule_says_keepalived_t_does_it_does(name, tmp_path):
    claim = CLAIMS[name]
    text, issues = _source(claim)
    assert claim.rule in [issue.rule for issue in issues], [issue.format() for issue in issues]
    words = _words(claim.rule, issues)
    assert (claim.claim or claim.said) in words, words  # the case tests what the rule says, not other words
    why = netns_available()
    if why:
        pytest.skip(why)
    path = tmp_path / 'keepalived.conf'
    path.write_text(text)
    result = keepalived_t(str(path), INTERFACES)
    said = re.search(_pattern(claim.said), result.stdout) if claim.said else result.stdout.strip() == ''
    assert result.returncode == claim.rc and said, '%s: exit %d\n%s\n%s' % (name, result.returncode, result.stdout, text)


def _stated_exit_codes(words):
    return set(int(code) for code in re.findall(r'exits (\d+)', words))


@pytest.mark.parametrize('rule_id', sorted(set(claim.rule for claim in CLAIMS.values())))
def test_every_exit_code_a_rule_states_is_proven(rule_id):
    cases = [claim for claim in CLAIMS.values() if claim.rule == rule_id]
    stated = set()
    for claim in cases:
        stated |= _stated_exit_codes(_words(rule_id, _source(claim)[1]))
    assert stated <= set(claim.rc for claim in cases)


def _message_of(rule_id):
    trigger = TRIGGERS.get(rule_id)
    if trigger is None:
        return ''
    return _words(rule_id, read(trigger.input)[1])


@pytest.mark.parametrize('rule_id', sorted(rules.RULES))
def test_every_rule_that_says_what_keepalived_t_does_has_a_case(rule_id):
    words = _message_of(rule_id) or ' '.join(rules.RULES[rule_id][2:])
    if re.search(r'keepalived( 2\.2\.7)? -t|exits \d', words):
        assert rule_id in set(claim.rule for claim in CLAIMS.values()), words


# the meanings exit_codes.interpret gives keepalived -t's exit codes: (file, interfaces, exit code, words, outcome)
ExitCode = namedtuple('ExitCode', 'conf interfaces rc said outcome')
NON_ROOT_SCRIPT = edit(SECURE, track('    track_script {\n        chk\n    }\n'),
                       before='vrrp_script chk {\n    script /bin/true\n    user nobody\n}\n')

EXIT_CODES = {
    '0 valid': ExitCode(BASE, INTERFACES, 0, '', exit_codes.PASSED),
    '5 configuration errors': ExitCode(edit(('priority 100', 'priority 100\n    priorty 90')), INTERFACES, 5,
                                       'Unknown keyword \'priorty\'', exit_codes.FAILED),
    # the interface is missing: 2.2.7's warning about it outranks its "cannot run" (4)
    '5 missing interface': ExitCode(BASE, [], 5, 'Non-existent interface specified in configuration', exit_codes.FAILED),
    '6 scripts without script security': ExitCode(edit(track('    notify_master /bin/true\n')), INTERFACES, 6,
                                                  'script_security not enabled', exit_codes.FAILED),
    # the highest of the errors decides: script security outranks the others
    '6 also with other errors': ExitCode(edit(('priority 100', 'priority 100\n    priorty 90'),
                                              track('    notify_master /bin/true\n')), INTERFACES, 6,
                                         'Unknown keyword \'priorty\'', exit_codes.FAILED),
    # a fatal error: keepalived has read the file and cannot run it
    '4 cannot run the configuration': ExitCode('linkbeat_interfaces {\n    eth7\n}\n', INTERFACES, 4,
                                               'unknown interface eth7 specified for linkbeat interface', exit_codes.FAILED),
    # Debian 12's 2.2.7 kills itself (SIGTERM: -15 here, 143 "Terminated" from a shell) when a script runs as another
    # user than root
    '-15 non-root script user': ExitCode(NON_ROOT_SCRIPT, INTERFACES, -15, '', exit_codes.NOT_CHECKED),
}


@pytest.mark.parametrize('name', sorted(EXIT_CODES))
def test_what_exit_codes_says_keepalived_t_exits_with_it_does(name, tmp_path):
    case = EXIT_CODES[name]
    why = netns_available()
    if why:
        pytest.skip(why)
    path = tmp_path / 'keepalived.conf'
    path.write_text(case.conf)
    result = keepalived_t(str(path), case.interfaces)
    assert result.returncode == case.rc and (case.said in result.stdout if case.said else result.stdout.strip() == ''), \
        '%s: exit %d\n%s' % (name, result.returncode, result.stdout)
    assert exit_codes.interpret(result.returncode, result.stdout, (2, 2, 7))[0] == case.outcome


def test_a_missing_file_passes_keepalived_t(tmp_path):
    """2.2.7 exits 0 when the -f file does not exist: exit_codes cannot tell that from a valid file (the modules
    always check a file they have just written)."""
    why = netns_available()
    if why:
        pytest.skip(why)
    result = keepalived_t(str(tmp_path / 'missing.conf'), [])
    assert result.returncode == 0 and 'Config files missing' in result.stdout, result.stdout
