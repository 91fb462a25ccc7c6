# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property: whatever value of whatever type an inventory variable holds, the validator gives a clean finding
or accepts it, never an exception; and whatever it accepts renders a configuration the model reads back and
the real `keepalived -t` accepts.

Each variable lvs.cluster reads (every lvs_* variable, ansible_host, ansible_kernel: each in a test of its own,
for each inventory) of the article's cluster, of a larger one (two clusters, unicast, fwmark, IPv6, a sync group and a
virtual_server_group) and of an active-active one (BGP, Maglev hashing; its frr.conf rendered too) is
replaced, in group_vars or in one host's host_vars, by values of every type (mapping, list, text with
control characters, number, boolean, null, nested mixes), also deep inside the mappings. In process through
cluster.validate (what both edges call), and out of process through `lvs-cluster validate` and the
cluster_validate action plugin on an inventory directory Ansible reads (group_vars and host_vars).
"""

from __future__ import absolute_import, division, print_function

import copy
import json
import os
import subprocess
import sys

import pytest

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402 pylint: disable=wrong-import-position

from ansible_collections.lvs.cluster.plugins.module_utils.frr import render as frr_render, settings as frr_settings  # noqa: E402
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, config, slices, variables  # noqa: E402
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.rules import RULES  # noqa: E402
from ansible_collections.lvs.cluster.plugins.plugin_utils import inventory_vars  # noqa: E402 (no Ansible import)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.keepalived_netns import (  # noqa: E402
    interfaces, keepalived_t, netns_available)

DIRECTOR_VARS = {
    'lvs_vrrp_instances': {'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'advert_int': 1,
                                    'authentication': {'auth_type': 'PASS', 'auth_pass': 'Vr9pwQx'},
                                    'virtual_ipaddress': ['10.1.1.166']}},
    'lvs_virtual_servers': [{'address': '10.1.1.166', 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'rr', 'lvs_method': 'DR',
                             'real_servers_from_group': 'lvs_realservers',
                             'real_server_defaults': {'checkers': [{'type': 'TCP_CHECK', 'connect_timeout': 10}]}}],
}
PASSWORD = 'Vr9pwQx'


def article():
    hostvars = {'lvs1': dict(copy.deepcopy(DIRECTOR_VARS), ansible_host='10.1.1.160'),
                'lvs2': dict(copy.deepcopy(DIRECTOR_VARS), ansible_host='10.1.1.162'),
                'rs1': {'ansible_host': '10.1.1.163'}, 'rs2': {'ansible_host': '10.1.1.164'}}
    return hostvars, {'lvs_directors': ['lvs1', 'lvs2'], 'lvs_realservers': ['rs1', 'rs2']}


def large():
    """Two clusters; web: unicast over IPv4 and IPv6, a sync group, fwmark and a virtual_server_group."""
    hostvars, groups = article()
    web = {
        'lvs_vrrp_unicast': True, 'lvs_preempt': 'false', 'lvs_failover_target': 5,
        'lvs_vrrp_sync_groups': {'VG_1': {'group': ['VI_1', 'VI_6']}},
        'lvs_virtual_server_groups': {'web': ['10.1.1.166 443']},
        'lvs_vrrp_instances': dict(DIRECTOR_VARS['lvs_vrrp_instances'], VI_6={
            'interface': 'eth0', 'virtual_router_id': 52, 'virtual_ipaddress': ['2001:db8::166']}),
        'lvs_virtual_servers': DIRECTOR_VARS['lvs_virtual_servers'] + [
            {'fwmark': 1, 'lvs_sched': 'rr', 'lvs_method': 'DR', 'real_servers_from_group': 'lvs_realservers'},
            {'group': 'web', 'lvs_sched': 'wrr', 'lvs_method': 'NAT', 'real_servers': [{'address': '10.1.2.10', 'port': 8443}]},
            {'address': '2001:db8::166', 'port': 80, 'lvs_sched': 'rr', 'lvs_method': 'DR',
             'real_servers': [{'address': '2001:db8::163', 'port': 80, 'external': True}]}],
    }
    for host, six in (('lvs1', '2001:db8::160'), ('lvs2', '2001:db8::162')):
        hostvars[host].update(copy.deepcopy(web), lvs_vrrp_address=[hostvars[host]['ansible_host'], six])
    for index, host in enumerate(('db1', 'db2')):
        hostvars[host] = {'ansible_host': '10.1.2.%d' % (160 + index), 'lvs_cluster_name': 'db', 'lvs_vrrp_instances': {
            'VI_DB': {'interface': 'eth1', 'virtual_router_id': 61, 'virtual_ipaddress': ['10.1.2.166']}}}
    for index in range(3, 7):
        hostvars['rs%d' % index] = {'ansible_host': '10.1.1.%d' % (160 + index), 'lvs_realserver_weight': index}
    groups['lvs_directors'] += ['db1', 'db2']
    groups['lvs_realservers'] += ['rs%d' % index for index in range(3, 7)]
    return hostvars, groups


def active_active():
    """Three directors announcing over BGP (the password is PASSWORD too), Maglev hashing, an unannounced VIP."""
    hostvars, groups = article()
    servers = [dict(DIRECTOR_VARS['lvs_virtual_servers'][0], lvs_sched='mh', quorum=1, **{'mh-port': True}),
               dict(DIRECTOR_VARS['lvs_virtual_servers'][0], address='10.1.1.167', announce=False)]
    for host, address in (('lvs1', '10.1.1.160'), ('lvs2', '10.1.1.162'), ('lvs3', '10.1.1.161')):
        hostvars[host] = {'ansible_host': address, 'ansible_kernel': '6.1.0-13-amd64', 'lvs_cluster_mode': 'active_active',
                          'lvs_bgp_asn': 65001, 'lvs_bgp_timers': {'keepalive': 1, 'hold': 3},
                          'lvs_bgp_peers': [{'address': '10.1.1.1', 'asn': 65000, 'password': PASSWORD, 'bfd': True}],
                          'lvs_virtual_servers': copy.deepcopy(servers), 'lvs_director_maintenance': False}
    groups['lvs_directors'].append('lvs3')
    return hostvars, groups


INVENTORIES = {'article': article, 'large': large, 'active_active': active_active}
# No '{': Ansible would template it (a templating error is exit 2, tested elsewhere), here we test types.
TEXT = st.text(st.characters(blacklist_characters='{}%', blacklist_categories=('Cs',)), max_size=12)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-300, 70000), st.floats(allow_nan=False, allow_infinity=False),
                    TEXT, st.sampled_from(['yes', 'no', 'off', 'TRUE', '0', '1', 'MASTER', '10.1.1.166', '2001:db8::1',
                                           'lvs_realservers', 'VI_1', '', ' ', 'a b', '\n', 'eth0', '80', '-1']))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(TEXT, inner, max_size=3)), max_leaves=8)


def _paths(value, prefix=()):
    """Every place inside a variable's value: its keys and list items, recursively."""
    yield prefix
    if isinstance(value, dict):
        for key in sorted(value):
            yield from _paths(value[key], prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _replace(value, path, new):
    if not path:
        return new
    value = copy.deepcopy(value)
    node = value
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = new
    return value


# Every variable lvs.cluster reads, in each inventory: each test below runs for each pair, so none is left to chance.
VARIABLE_NAMES = sorted(set(variables.VARIABLES) | set(inventory_vars.ALSO))
CASES = [(name, variable) for name in sorted(INVENTORIES) for variable in VARIABLE_NAMES]


@st.composite
def mutations(draw, name, variable):
    """(hostvars, groups) of inventory ``name`` with ``variable`` (or a place inside it) of one host replaced."""
    hostvars, groups = INVENTORIES[name]()
    host = draw(st.sampled_from(sorted(hostvars)))
    where = draw(st.sampled_from(sorted(set(_paths(hostvars[host].get(variable))), key=repr)))
    new = draw(VALUES)
    group_wide = draw(st.booleans())
    # group-wide: every host that has the same value (as from one group_vars file)
    same = [h for h in sorted(hostvars) if variable in hostvars[h] and hostvars[h][variable] == hostvars[host].get(variable)]
    for target in (same if group_wide else []) or [host]:
        hostvars[target][variable] = _replace(hostvars[target].get(variable), where, new) if where else new
    return hostvars, groups


def _assert_clean(report, keepalived_dir=None, hostvars=None):
    text = report.format()
    for issue in report.issues:
        assert issue.rule in RULES and issue.message and issue.fix
        assert '\n' not in issue.format()
    assert PASSWORD not in text and PASSWORD not in json.dumps([i.as_dict() for i in report.issues], default=str)
    report.summary()
    if report.valid:
        for host, data in report.configs().items():
            conf, issues = config.load(data)
            assert conf is not None, (host, [i.format() for i in issues])
            text = config.render(conf)
            assert config.parse(text)[0] is not None
            if keepalived_dir is not None:  # and what the validator accepts, keepalived accepts
                path = keepalived_dir / ('%s.conf' % host)
                path.write_text(text)
                result = keepalived_t(str(path), interfaces(conf))
                assert result.returncode == 0, '%s:\n%s\n%s' % (host, result.stdout, text)
        for member in [m for members in report.clusters.values() for m in members if m.director.bgp is not None]:
            assert frr_render.render(frr_settings.check(member.director.bgp)).startswith(frr_render.HEADER)
    _assert_slices(report, hostvars)


def _assert_slices(report, hostvars):
    """Each host's part of the derivation holds no password, and a director gets its whole configuration back
    from its own variables alone."""
    parts = report.slices()
    assert PASSWORD not in json.dumps(dict(parts, directors=dict(
        (host, dict(part, config=slices.unpack(part['config'])) if 'config' in part else part)
        for host, part in parts['directors'].items())))
    for member in [m for members in report.clusters.values() for m in members] if hostvars is not None else []:
        part = parts['directors'][member.host]
        if 'errors' not in part:
            restored = slices.with_secrets(part, member.host, hostvars[member.host])
            assert restored['config'] == member.director.config and restored['bgp'] == member.director.bgp


@pytest.mark.parametrize('name,variable', CASES)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_anywhere_gives_findings_or_acceptance_never_an_exception(tmp_path_factory, name, variable, data):
    hostvars, groups = data.draw(mutations(name, variable))
    keepalived_dir = tmp_path_factory.mktemp('keepalived') if netns_available() is None else None
    _assert_clean(cluster.validate(hostvars, groups), keepalived_dir, hostvars)


# ---- out of process: the command line and the action plugin on inventory files ------------------------------

@pytest.fixture(scope='module')  # one process, one import of Ansible, for every variable's examples
def worker(ansible_playbook):
    _command, parent = ansible_playbook
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, PYTHONPATH='', ANSIBLE_NOCOLOR='1')
    process = subprocess.Popen([sys.executable, os.path.join(here, 'validate_worker.py')], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, universal_newlines=True, env=env)
    yield process
    process.stdin.close()
    process.wait(timeout=60)


def _write(directory, hostvars, groups):
    """An inventory directory as operators lay it out: what every host of a group shares in group_vars/GROUP.yml,
    the rest in host_vars/HOST.yml (JSON is YAML), so that Ansible's merging of the two is in the test too."""
    for kind in ('group_vars', 'host_vars'):
        os.makedirs(os.path.join(directory, kind))
    lines, shared = [], {}
    for group, members in sorted(groups.items()):
        lines += ['[%s]' % group] + members + ['']
        first = hostvars[members[0]] if members else {}
        shared[group] = dict((key, value) for key, value in first.items() if key != 'ansible_host' and all(
            key in hostvars[member] and hostvars[member][key] == value for member in members))
        with open(os.path.join(directory, 'group_vars', group + '.yml'), 'w') as handle:
            json.dump(shared[group], handle)
    with open(os.path.join(directory, 'hosts.ini'), 'w') as handle:
        handle.write('\n'.join(lines))
    for host, values in hostvars.items():
        own = dict((key, value) for key, value in values.items()
                   if not any(host in groups[group] and key in shared[group] for group in groups))
        with open(os.path.join(directory, 'host_vars', host + '.yml'), 'w') as handle:
            json.dump(own, handle)
    return os.path.join(directory, 'hosts.ini')


@pytest.mark.parametrize('name,variable', CASES)
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_command_line_and_action_plugin_never_crash(worker, tmp_path_factory, name, variable, data):
    hostvars, groups = data.draw(mutations(name, variable))
    path = _write(str(tmp_path_factory.mktemp('inventory')), hostvars, groups)
    worker.stdin.write(path + '\n')
    worker.stdin.flush()
    answer = json.loads(worker.stdout.readline())
    cli, action = answer['cli'], answer['action']
    output = cli['stdout'] + cli['stderr']
    assert cli['rc'] in (0, 1, 2), output
    assert 'Traceback' not in output and 'internal error' not in output
    if cli['rc'] == 2:
        assert 'cannot read' in cli['stderr']
    assert PASSWORD not in output
    assert 'raised' not in action or action['raised'] == 'AnsibleActionFail', action.get('traceback')
    result = action.get('result')
    if result is not None:
        assert 'exception' not in result, result['exception']
        if not result.get('valid'):
            assert result.get('failed') is True and 'no host was changed' in result['msg']
        assert (cli['rc'] == 0) == bool(result.get('valid')), (output, result.get('msg'))
        assert PASSWORD not in json.dumps(result)
