# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property: every configuration the model accepts without an error passes the real `keepalived -t`.

The configurations are drawn from the model's own schema (blocks.py): every block, every key, every value
kind, with values inside their declared ranges, so a key the schema gains is searched too. Names refer to
blocks that exist (a track_script names a vrrp_script of the file), paths and commands are /bin/true (the
target's own files are keepalived_config's `keepalived -t` on the host to judge). Whatever keepalived -t
refuses among them is a rule the validator misses: the failing example, shrunk by Hypothesis, names it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os

import pytest

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402 pylint: disable=wrong-import-position

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import (  # noqa: E402
    blocks, config, entries, grammar, passthrough, schema, values)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.keepalived_netns import (  # noqa: E402
    interfaces, keepalived_t, netns_available)

# CI runs one fixed sequence (a red CI names a real gap, never luck); LVS_PROPERTY_EXAMPLES=5000 searches further
EXAMPLES = int(os.environ.get('LVS_PROPERTY_EXAMPLES', '150'))
DERANDOMIZE = os.environ.get('CI') == 'true'
INTERFACES = ('eth0', 'eth1')
ADDRESSES = {4: ('10.1.1.166', '10.1.1.167', '10.1.2.10', '192.0.2.7'), 6: ('2001:db8::166', '2001:db8::7', 'fe80::1')}
# the names a file's blocks have, so that references resolve
NAMES = {'vrrp_scripts': ('chk_a', 'chk_b'), 'track_files': ('file_a',), 'track_processes': ('proc_a',),
         'bfd_instances': ('bfd_a', 'bfd_b'), 'vrrp_instances': ('VI_1', 'VI_2', 'VI_3'), 'vrrp_sync_groups': ('VG_1',),
         'virtual_server_groups': ('web',)}
REFERENCES = {'track_script': 'vrrp_scripts', 'track_file': 'track_files', 'track_process': 'track_processes',
              'group': 'vrrp_instances', 'track_bfd': 'bfd_instances'}


def _address(kind):
    families = (kind.family,) if kind.family else (4, 6)
    return st.sampled_from([a for family in families for a in ADDRESSES[family]])


def _decimal(kind):
    high = min(kind.high, kind.low + 300)
    return st.one_of(st.integers(int(kind.low + 0.999), int(high)),
                     st.floats(kind.low, high).map(lambda value: round(value, 2)).filter(lambda value: value >= kind.low))


SCALARS = {
    values.Int: lambda kind: st.integers(kind.low if kind.low is not None else 0, min(kind.high, 100000)
                                         if kind.high is not None else 100000),
    values.Decimal: _decimal,
    values.Choice: lambda kind: st.sampled_from(kind.choices),
    values.Flag: lambda kind: st.just(True),
    values.Bool: lambda kind: st.booleans(),
    values.Secret: lambda kind: st.just('Vr9pwQx'),
    values.Email: lambda kind: st.just('ops@example.com'),
    values.Word: lambda kind: st.just('lvs'),
    values.Interface: lambda kind: st.just('eth0:1') if kind.label else st.sampled_from(INTERFACES),
    values.Address: _address,
    values.Granularity: lambda kind: st.sampled_from(['255.255.255.0', 64]),
    values.Path: lambda kind: st.just('/bin/true'),
    values.Command: lambda kind: st.just('/bin/true'),
    values.UserSpec: lambda kind: st.just('root'),
    values.Host: lambda kind: st.just('127.0.0.1'),
    values.StatusCodes: lambda kind: st.sampled_from([200, '200-299', [200, 301]]),
    values.HexBytes: lambda kind: st.sampled_from(['0a1b', 'Ab12f 3']),
    values.ReplyPattern: lambda kind: st.sampled_from([True, '0a', '0a xX 1']),
    values.FlagOr: lambda kind: st.one_of(st.just(True), _scalar(kind.kind)),
    values.Multicast: lambda kind: st.sampled_from({4: ['224.0.0.18', '239.1.2.3'], 6: ['ff02::12', 'ff12::1:3']}.get(
        kind.family, ['224.0.0.18', 'ff02::12'])),
    blocks.Fifo: lambda kind: st.sampled_from(['/run/lvs_test.fifo', '/run/lvs_test.fifo root']),
    blocks.LvsTimeouts: lambda kind: st.fixed_dictionaries({}, optional=dict(
        (key, st.integers(0, blocks.LVS_MAX_TIMEOUT)) for key in kind.ORDER)).filter(bool),
    blocks.Vmac: lambda kind: st.just('02:00:00:00:00'),  # a name: two instances may not take the same one
}
# values whose form the kind alone does not tell
FIELDS = {
    ('Url', 'path'): st.just('/health'),
    ('Url', 'digest'): st.just('9b3a0c85a887a256d6939da88aabd8cd'),
    ('GlobalDefs', 'lvs_sync_daemon'): st.sampled_from(INTERFACES).map(
        lambda interface: {'interface': interface, 'vrrp_instance': 'VI_1'}),
    ('GlobalDefs', 'script_user'): st.just('root'),
    ('VirtualServer', 'sorry_server'): _address(values.Address()).map(lambda address: {'address': address, 'port': 80}),
    ('FileCheck', 'track_file'): st.sampled_from(NAMES['track_files']),
    ('BfdCheck', 'name'): st.sampled_from(NAMES['bfd_instances']),
    # the model keeps vrrp_strict's rules to global_defs: an instance's own strict mode is not checked
    ('VrrpInstance', 'strict_mode'): st.just(False),
}
RELEASE = '2.2.7'  # the keepalived installed here: what a later release added is left out

# statements the model passes through untyped, which keepalived takes as written (by the block's first grammar path)
PASSTHROUGH = {
    '': ['child_wait_time 5'],  # the top of the file (lvs_keepalived_passthrough)
    'global_defs': ['vrrp_notify_priority_changes', 'checker_log_all_failures'],
    'vrrp_instance': ['kernel_rx_buf_size 65536', 'notify_master_rx_lower_pri /bin/true'],
    'virtual_server real_server': ['snmp_name rs'],
}


def _scalar(kind):
    for cls in type(kind).__mro__:
        if cls in SCALARS:
            return SCALARS[cls](kind)
    raise AssertionError('no strategy for %r: add one to SCALARS' % kind)


def _entry(kind, field_name):
    if isinstance(kind, entries.Track):
        name = st.sampled_from(INTERFACES[1:]) if field_name == 'track_interface' else \
            st.sampled_from(NAMES[REFERENCES[field_name]])
        weight = st.integers(kind.options[0][1].low, kind.options[0][1].high)
        return st.one_of(name, st.builds(lambda n, w: {'name': n, 'weight': w}, name, weight))
    if isinstance(kind, entries.VirtualAddress):  # an address, or a mapping with any of its options
        options = dict((key, _scalar(option)) for key, option in kind.options)
        return st.one_of(_address(values.Address()), st.fixed_dictionaries({'address': _address(values.Address())},
                                                                           optional=options))
    if isinstance(kind, entries.PlainValue):
        if field_name == 'group':
            return st.sampled_from(NAMES['vrrp_instances'])
        return _scalar(kind.kind)
    if isinstance(kind, entries.GroupMember):
        return st.sampled_from(['10.1.1.166 80', '10.1.1.167 80', {'fwmark': 3}])
    return _scalar(kind)


def _value(block, field):
    kind = field.kind
    if (block.__name__, field.name) in FIELDS:
        return FIELDS[(block.__name__, field.name)]
    if isinstance(kind, passthrough.Passthrough):
        samples = PASSTHROUGH.get(block.grammar[0])
        return st.lists(st.sampled_from(samples), min_size=1, max_size=2, unique=True) if samples else st.just([])
    if isinstance(kind, schema.Sub):
        return block_of(kind.block)
    if isinstance(kind, schema.Typed):
        return st.lists(st.sampled_from(sorted(kind.types)).flatmap(
            lambda name: block_of(kind.types[name]).map(lambda body: dict(body, type=name))), min_size=1, max_size=2)
    if isinstance(kind, schema.Blocks):
        return st.lists(block_of(kind.block), min_size=1, max_size=2)
    if isinstance(kind, schema.Entries):
        return st.lists(_entry(kind.entry, field.name), min_size=1, max_size=3, unique_by=repr)
    if isinstance(kind, schema.Named):
        names = NAMES[field.name]
        body = st.lists(_entry(kind.body.entry, field.name), min_size=1, max_size=2, unique_by=repr) \
            if isinstance(kind.body, schema.Entries) else block_of(kind.body)
        return st.fixed_dictionaries({}, optional=dict((name, body) for name in names))
    return _scalar(kind)


def _drawn(block, field):
    return not grammar.unavailable(block.grammar[0], field.keyword, RELEASE)


def block_of(block):
    """A mapping of ``block``: every required key, any of the others."""
    required = dict((f.name, _value(block, f)) for f in block.fields if f.required)
    optional = dict((f.name, _value(block, f)) for f in block.fields if not f.required and _drawn(block, f))
    return st.fixed_dictionaries(required, optional=optional)


def _virtual_server():
    header = st.one_of(st.builds(lambda address, port: {'address': address, 'port': port, 'protocol': 'TCP'},
                                 _address(values.Address()), st.integers(1, 65535)),
                       st.builds(lambda mark: {'fwmark': mark}, st.integers(1, 100)),
                       st.just({'group': 'web'}))
    body = block_of(blocks.VirtualServer).map(lambda data: dict(
        (k, v) for k, v in data.items() if k not in blocks.VirtualServer.header_fields and k != 'protocol'))
    return st.builds(lambda h, b, protocol: dict(b, **dict(h, **protocol)), header, body,
                     st.sampled_from([{}, {'protocol': 'UDP'}, {'protocol': 'TCP'}]))


def _as_keepalived_needs(data):
    """``data`` without what keepalived refuses in combination and the model does not check (yet): each is a gap."""
    data = copy.deepcopy(data)
    for server in data.get('virtual_servers', []):
        if server.get('ip_family') and server.get('group'):
            del server['ip_family']  # a group member of the other family: "conflicts with server family"
    return dict(data, global_defs=dict(data.get('global_defs', {}), enable_script_security=True, script_user='root'))


CONFIGS = st.builds(lambda data, servers: dict(data, virtual_servers=servers) if servers else data,
                    block_of(blocks.KeepalivedConf), st.lists(_virtual_server(), max_size=2)).map(_as_keepalived_needs)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(CONFIGS)
def test_what_the_model_accepts_keepalived_t_accepts(tmp_path_factory, data):
    why = netns_available()
    if why:
        pytest.skip(why)
    conf, issues = config.load(data)
    hypothesis.assume(conf is not None and not config.errors(issues))
    path = tmp_path_factory.mktemp('conf') / 'keepalived.conf'
    path.write_text(config.render(conf))
    result = keepalived_t(str(path), sorted(set(interfaces(conf)) | set(INTERFACES)))
    assert result.returncode == 0, '%s\n%s' % (result.stdout, path.read_text())
