# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.lvs_realserver, run in-process against a fake host: ip, modprobe and systemctl are stand-ins,
/proc/sys and /run/systemd/system are directories under tmp_path, the files go under tmp_path."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

import pytest

from ansible.module_utils import basic
from ansible_collections.lvs.cluster.plugins.module_utils import sysctl
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.spec import MODULE_NAME
from ansible_collections.lvs.cluster.plugins.modules import lvs_realserver as module

UNIT_NAME = 'lvs-cluster-realserver.service'


class FakeHost(object):
    """The commands the module runs, answered from a small model of a host; /proc/sys is real files."""

    def __init__(self, root, interfaces=('lo', 'eth0'), systemd=True, modprobe=True, value='0'):
        self.root = root
        self.proc = root / 'proc'
        self.interfaces = list(interfaces)
        self.addresses = [('lo', 4, '127.0.0.1', 8, 'lo'), ('lo', 6, '::1', 128, None)]
        self.up = dict((name, True) for name in interfaces)
        self.enabled = {}
        self.routes = 'default via 192.168.10.1 dev eth0 proto static\n'
        self.has_modprobe = modprobe
        self.commands = []
        for name in ('all', 'default') + tuple(interfaces):
            self.make_conf(name, value)
        if systemd:
            (root / 'run' / 'systemd' / 'system').mkdir(parents=True)
        (root / 'etc' / 'systemd' / 'system').mkdir(parents=True)

    def make_conf(self, name, value):
        directory = self.proc / 'net' / 'ipv4' / 'conf' / name
        directory.mkdir(parents=True)
        for key in ('arp_ignore', 'arp_announce', 'rp_filter'):
            (directory / key).write_text('%s\n' % value)

    def sysctl(self, name, key):
        return (self.proc / 'net' / 'ipv4' / 'conf' / name / key).read_text().strip()

    def set_sysctl(self, name, key, value):
        (self.proc / 'net' / 'ipv4' / 'conf' / name / key).write_text('%s\n' % value)

    def sysctls(self):
        found = {}
        for name in sorted(os.listdir(str(self.proc / 'net' / 'ipv4' / 'conf'))):
            for key in ('arp_ignore', 'arp_announce', 'rp_filter'):
                found['%s.%s' % (name, key)] = self.sysctl(name, key)
        return found

    def on(self, device):
        return sorted((a[2], a[3], a[4]) for a in self.addresses if a[0] == device)

    # the programs

    def bin_path(self, name):
        return {'ip': '/usr/sbin/ip', 'systemctl': '/usr/bin/systemctl',
                'modprobe': '/usr/sbin/modprobe' if self.has_modprobe else None}.get(name)

    def run_command(self, args):
        args = [str(arg) for arg in args]
        self.commands.append(args)
        program, rest = os.path.basename(args[0]), args[1:]
        if program == 'ip':
            return self.ip(rest)
        if program == 'systemctl':
            if rest[0] == 'is-enabled':
                return (0, 'enabled\n', '') if self.enabled.get(rest[1]) else (1, 'disabled\n', '')
            if rest[0] in ('enable', 'disable'):
                self.enabled[rest[1]] = rest[0] == 'enable'
            return 0, '', ''
        if program == 'modprobe':
            if rest == ['ipip']:
                self.interfaces.append('tunl0')
                self.up['tunl0'] = False
                self.make_conf('tunl0', self.sysctl('default', 'rp_filter'))
            elif rest == ['-r', 'ipip']:
                self.interfaces.remove('tunl0')
                del self.up['tunl0']
            return 0, '', ''
        raise AssertionError('unexpected command %r' % args)

    def ip(self, rest):
        if rest == ['-o', 'addr', 'show']:
            lines = []
            for index, name in enumerate(self.interfaces):
                shown = name + ('@NONE' if name == 'tunl0' else '')
                for device, family, address, prefix, label in self.addresses:
                    if device == name:
                        lines.append('%d: %s    inet%s %s/%d scope global %s\\       valid_lft forever '
                                     'preferred_lft forever' % (index + 1, shown, '' if family == 4 else '6',
                                                                address, prefix, label or ''))
            return 0, '\n'.join(lines) + '\n', ''
        if rest == ['-o', 'link', 'show']:
            return 0, ''.join('%d: %s: <%s> mtu 1500\n' % (index + 1, name, 'UP,LOWER_UP' if self.up[name] else 'NOARP')
                              for index, name in enumerate(self.interfaces)), ''
        if rest[1:] == ['route', 'show', 'default']:
            return 0, self.routes, ''
        if rest[:2] == ['link', 'set']:
            self.up[rest[3]] = rest[4] == 'up'
            return 0, '', ''
        family, verb, cidr, device = int(rest[0][1:]), rest[2], rest[3], rest[5]
        address, prefix = cidr.split('/')
        if verb == 'replace':
            label = rest[7] if len(rest) > 7 else None
            self.addresses.append((device, family, address, int(prefix), label))
        elif verb == 'del':
            self.addresses = [a for a in self.addresses if (a[0], a[2]) != (device, address)]
        return 0, '', ''

    def changing_commands(self):
        return [c for c in self.commands
                if not (c[1:] in (['-o', 'addr', 'show'], ['-o', 'link', 'show']) or 'is-enabled' in c
                        or c[-3:] == ['route', 'show', 'default'])]


@pytest.fixture
def host(tmp_path, monkeypatch):
    fake = FakeHost(tmp_path)
    install(fake, monkeypatch)
    return fake


def install(fake, monkeypatch):
    monkeypatch.setattr(module, 'PROC_SYS', str(fake.proc))
    monkeypatch.setattr(module, 'SYSTEMD_RUN_DIR', str(fake.root / 'run' / 'systemd' / 'system'))
    monkeypatch.setattr(module, 'UNIT_DIR', str(fake.root / 'etc' / 'systemd' / 'system'))
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', lambda self, args, **kw: fake.run_command(args))
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, **kw: fake.bin_path(name))
    monkeypatch.setattr(basic.AnsibleModule, 'selinux_enabled', lambda self: False)


def paths(root):
    return dict(sysctl=root / 'etc' / 'sysctl.d' / '90-lvs-cluster-realserver.conf',
                unit=root / 'etc' / 'systemd' / 'system' / UNIT_NAME,
                state=root / 'var' / 'lib' / 'lvs-cluster' / 'realserver.json')


def args(root, **extra):
    where = paths(root)
    result = dict(sysctl_file=str(where['sysctl']), state_file=str(where['state']))
    result.update(extra)
    return result


def mode(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


# ---- check mode and diff ---------------------------------------------------------------------------------

def test_check_mode_reports_and_changes_nothing(host, run, tmp_path):
    before = host.sysctls()
    result = run(module, args(tmp_path, vips=['10.1.1.166']), check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['added_addresses'] == [dict(address='10.1.1.166', prefix=32, device='lo', label='lo:0')]
    assert result['sysctls']['net.ipv4.conf.lo.arp_ignore'] == dict(before='0', after='1')
    where = paths(tmp_path)
    assert result['files_written'] == sorted(str(where[k]) for k in ('sysctl', 'unit')) + [str(where['state'])]
    assert host.changing_commands() == []
    assert host.sysctls() == before and host.on('lo') == [('127.0.0.1', 8, 'lo'), ('::1', 128, None)]
    assert not any(os.path.exists(str(p)) for p in where.values())
    diff = result['diff']
    assert [d['after_header'] for d in diff] == [str(where['sysctl']), str(where['unit']),
                                                 'live addresses and kernel values']
    assert 'net.ipv4.conf.all.arp_ignore = 1' in diff[0]['after'] and diff[0]['before'] == ''
    assert 'ExecStart=/usr/sbin/ip -4 addr replace 10.1.1.166/32 dev lo label lo:0' in diff[1]['after']
    assert '10.1.1.166/32 dev lo label lo:0' in diff[2]['after']


def test_check_mode_of_absent_changes_nothing(host, run, tmp_path):
    run(module, args(tmp_path, vips=['10.1.1.166']))
    host.commands = []
    applied = host.sysctls()
    result = run(module, args(tmp_path, state='absent'), check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['removed_addresses'] == [dict(address='10.1.1.166', prefix=32, device='lo', label='lo:0')]
    assert result['sysctls']['net.ipv4.conf.all.arp_ignore'] == dict(before='1', after='0')
    assert host.changing_commands() == [] and host.sysctls() == applied
    assert all(os.path.exists(str(p)) for p in paths(tmp_path).values())
    assert result['diff'][0]['after_header'].endswith('(removed)')


def test_no_diff_key_without_diff_mode(host, run, tmp_path):
    result = run(module, args(tmp_path, vips=['10.1.1.166']), check_mode=True)
    assert 'diff' not in result


# ---- applying --------------------------------------------------------------------------------------------

def test_dr_applies_live_and_persistent_then_is_idempotent(host, run, tmp_path):
    result = run(module, args(tmp_path, vips=['10.1.1.166', '2001:db8::166'], interface='eth0'))
    assert result['changed'] is True
    assert host.on('lo') == [('10.1.1.166', 32, 'lo:0'), ('127.0.0.1', 8, 'lo'), ('2001:db8::166', 128, None),
                             ('::1', 128, None)]
    for name in ('all', 'lo', 'eth0'):
        assert (host.sysctl(name, 'arp_ignore'), host.sysctl(name, 'arp_announce')) == ('1', '2')
    assert host.sysctl('default', 'arp_ignore') == '0'
    where = paths(tmp_path)
    assert mode(where['sysctl']) == 0o644 and mode(where['unit']) == 0o644
    assert mode(where['state']) == 0o600 and mode(where['state'].parent) == 0o700
    assert host.enabled == {UNIT_NAME: True}
    assert ['/usr/bin/systemctl', 'daemon-reload'] in host.commands
    # ARP values before the address
    changing = host.changing_commands()
    assert changing[0][:4] == ['/usr/sbin/ip', '-4', 'addr', 'replace']
    record = json.loads(where['state'].read_text())
    assert record['sysctl_originals']['net.ipv4.conf.eth0.arp_ignore'] == '0'
    assert sorted(os.listdir(str(where['state'].parent))) == ['realserver.json']  # no temp file left

    host.commands = []
    again = run(module, args(tmp_path, vips=['10.1.1.166', '2001:db8::166'], interface='eth0'), diff=True)
    assert again['changed'] is False
    assert again['added_addresses'] == [] and again['sysctls'] == {} and again['files_written'] == []
    assert 'diff' not in again
    assert host.changing_commands() == []


def test_absent_restores_originals_and_leaves_hand_made_things(host, run, tmp_path):
    host.addresses.append(('lo', 4, '10.1.1.166', 32, 'lo:0'))  # the article's ifconfig lo:0
    host.set_sysctl('lo', 'arp_announce', '2')                   # already set by hand
    host.set_sysctl('all', 'arp_ignore', '3')
    before = host.sysctls()
    result = run(module, args(tmp_path, vips=['10.1.1.166', '10.1.1.167']))
    assert result['added_addresses'] == [dict(address='10.1.1.167', prefix=32, device='lo', label='lo:1')]
    assert 'net.ipv4.conf.lo.arp_announce' not in result['sysctls']

    result = run(module, args(tmp_path, state='absent'))
    assert result['changed'] is True
    assert result['removed_addresses'] == [dict(address='10.1.1.167', prefix=32, device='lo', label='lo:1')]
    assert host.sysctls() == before
    assert host.on('lo') == [('10.1.1.166', 32, 'lo:0'), ('127.0.0.1', 8, 'lo'), ('::1', 128, None)]
    assert not any(os.path.exists(str(p)) for p in paths(tmp_path).values())
    assert host.enabled == {UNIT_NAME: False}
    assert result['unit']['enabled'] is False

    assert run(module, args(tmp_path, state='absent'))['changed'] is False


def test_fewer_vips_removes_the_dropped_ones(host, run, tmp_path):
    run(module, args(tmp_path, vips=['10.1.1.166', '10.1.1.167']))
    result = run(module, args(tmp_path, vips=['10.1.1.167']))
    assert result['changed'] is True
    assert result['removed_addresses'] == [dict(address='10.1.1.166', prefix=32, device='lo', label='lo:0')]
    assert host.on('lo')[0] == ('10.1.1.167', 32, 'lo:1')
    unit = paths(tmp_path)['unit'].read_text()
    assert '10.1.1.166' not in unit and '10.1.1.167/32 dev lo label lo:1' in unit


def test_without_systemd_the_unit_is_written_and_a_warning_says_it_is_not_enabled(tmp_path, monkeypatch, run):
    fake = FakeHost(tmp_path, systemd=False)
    install(fake, monkeypatch)
    result = run(module, args(tmp_path, vips=['10.1.1.166']))
    assert result['changed'] is True
    assert paths(tmp_path)['unit'].exists()
    assert result['unit']['systemd'] is False and result['unit']['enabled'] is False
    assert 'could not be enabled' in result.warning_text
    assert not any(c[0].endswith('systemctl') for c in fake.commands)


def test_tun_loads_ipip_records_real_originals_and_undoes_it(tmp_path, monkeypatch, run):
    fake = FakeHost(tmp_path, value='1')
    install(fake, monkeypatch)
    result = run(module, args(tmp_path, method='TUN', vips=['10.1.1.166']))
    assert result['changed'] is True and result['kernel_modules_loaded'] == ['ipip']
    assert fake.on('tunl0') == [('10.1.1.166', 32, 'tunl0:0')] and fake.up['tunl0'] is True
    assert fake.sysctl('tunl0', 'rp_filter') == '0' and fake.sysctl('all', 'rp_filter') == '0'
    record = json.loads(paths(tmp_path)['state'].read_text())
    assert record['sysctl_originals']['net.ipv4.conf.tunl0.rp_filter'] == '1'
    assert run(module, args(tmp_path, method='TUN', vips=['10.1.1.166']))['changed'] is False

    result = run(module, args(tmp_path, state='absent'))
    assert result['kernel_modules_unloaded'] == ['ipip']
    assert 'tunl0' not in fake.interfaces
    assert fake.sysctl('all', 'rp_filter') == '1' and fake.sysctl('all', 'arp_ignore') == '1'
    assert ['/usr/sbin/modprobe', '-r', 'ipip'] in fake.commands


def test_tun_check_mode_does_not_load_ipip(tmp_path, monkeypatch, run):
    fake = FakeHost(tmp_path)
    install(fake, monkeypatch)
    result = run(module, args(tmp_path, method='TUN', vips=['10.1.1.166']), check_mode=True)
    assert result['kernel_modules_loaded'] == ['ipip']
    assert result['sysctls']['net.ipv4.conf.tunl0.rp_filter'] == dict(before=None, after='0')
    assert fake.changing_commands() == [] and 'tunl0' not in fake.interfaces


@pytest.mark.parametrize('before_dr', [False, True])
def test_tun_without_ipip_fails_and_leaves_the_record_as_it_was(tmp_path, monkeypatch, run, before_dr):
    fake = FakeHost(tmp_path)
    install(fake, monkeypatch)
    if before_dr:
        run(module, args(tmp_path, vips=['10.1.1.166']))
    state_before = paths(tmp_path)['state'].read_text() if before_dr else None
    answer = fake.run_command
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', lambda self, a, **kw: (
        (1, '', 'modprobe: FATAL: Module ipip not found\n') if a[-1] == 'ipip' and len(a) == 2 else answer(a)))
    result = run(module, args(tmp_path, method='TUN', vips=['10.1.1.167']))
    assert result['failed'] is True and result['changed'] is False
    assert 'Module ipip not found' in result['msg'] and 'Nothing was changed' in result['msg']
    assert (paths(tmp_path)['state'].read_text() if before_dr else paths(tmp_path)['state'].exists()) == (
        state_before if before_dr else False)
    result = run(module, args(tmp_path, state='absent'))
    assert result['kernel_modules_unloaded'] == [] and 'ipip' not in result.warning_text


def test_nat_reports_the_default_route(host, run, tmp_path):
    result = run(module, args(tmp_path, method='NAT', director_address='192.168.10.254'))
    assert result['changed'] is False
    assert result['default_route'] == dict(checked=True, director_address='192.168.10.254',
                                           gateways=['192.168.10.1'], through_director=False)
    assert 'not through the director 192.168.10.254' in result.warning_text
    assert ['/usr/sbin/ip', '-4', 'route', 'show', 'default'] in host.commands
    host.routes = 'default via 192.168.10.254 dev eth0\n'
    result = run(module, args(tmp_path, method='NAT', director_address='192.168.10.254'))
    assert result['default_route']['through_director'] is True and not result.get('warnings')
    assert host.changing_commands() == []


# ---- bad input -------------------------------------------------------------------------------------------

@pytest.mark.parametrize('extra, first_line', [
    (dict(vips=['10.1.1.166/24']), "vips[0]: '10.1.1.166/24' has a prefix length."),
    (dict(vips=['10.1.1.166'], director_address='10.1.1.1'), "director_address: '10.1.1.1' only applies to "
                                                             "method=NAT"),
    (dict(), 'vips: is required with state=present and method=DR.'),
    (dict(vips=['10.1.1.166'], interface='eth9'), "interface: 'eth9' does not exist on this host"),
])
def test_bad_input_fails_before_anything_changes(host, run, tmp_path, extra, first_line):
    before = host.sysctls()
    result = run(module, args(tmp_path, **extra))
    assert result['failed'] is True and result['changed'] is False
    assert result['errors'][0].startswith(first_line)
    assert 'Fix: ' in result['errors'][0]
    assert result['msg'].startswith('1 problem(s); nothing was changed:\n')
    assert host.changing_commands() == [] and host.sysctls() == before
    assert not any(os.path.exists(str(p)) for p in paths(tmp_path).values())


def test_unknown_method_is_refused_by_the_argument_spec(host, run, tmp_path):
    result = run(module, args(tmp_path, vips=['10.1.1.166'], method='dr'))
    assert result['failed'] is True and 'method' in result['msg'] and host.commands == []
    assert 'DR, TUN, NAT' in result['msg']


@pytest.mark.parametrize('extra, words', [
    (dict(state='gone'), ['state', 'present, absent']),
    (dict(vips={'a': 1}), ['vips', 'list']),
])
def test_types_and_choices_are_the_argument_specs(host, run, tmp_path, extra, words):
    """The planner no longer checks them: the argument_spec refuses them before anything runs."""
    result = run(module, args(tmp_path, **extra))
    assert result['failed'] is True and host.commands == []
    assert all(word in result['msg'] for word in words), result['msg']
    assert 'errors' not in result


def test_a_yaml_true_in_vips_becomes_text_and_is_refused_as_an_address(host, run, tmp_path):
    result = run(module, args(tmp_path, vips=[True]))
    assert result['failed'] is True
    assert result['errors'][0].startswith("vips[0]: 'True' is not an IPv4 or IPv6 address. Fix: ")


def test_corrupt_state_file_is_refused(host, run, tmp_path):
    state = paths(tmp_path)['state']
    state.parent.mkdir(parents=True)
    state.write_text('{oops')
    result = run(module, args(tmp_path, state='absent'))
    assert result['failed'] is True and 'is not valid JSON' in result['msg']
    assert host.commands == []


def test_missing_ip_is_a_clear_failure(host, run, tmp_path, monkeypatch):
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, **kw: None)
    result = run(module, args(tmp_path, vips=['10.1.1.166']))
    assert result['failed'] is True and 'iproute2' in result['msg']


def test_read_only_proc_sys_fails_with_the_key_and_value(host, run, tmp_path, monkeypatch):
    """As in a container without a writable /proc/sys; root can write read-only files, so open() refuses here."""
    refused = str(host.proc / 'net' / 'ipv4' / 'conf' / 'all' / 'arp_ignore')

    def fake_open(path, flags='r', *rest):
        if path == refused and 'w' in flags:
            raise OSError(30, 'Read-only file system')
        return open(path, flags, *rest)
    monkeypatch.setattr(sysctl, 'open', fake_open, raising=False)
    result = run(module, args(tmp_path, vips=['10.1.1.166']))
    assert result['failed'] is True
    assert result['msg'].startswith('Cannot set net.ipv4.conf.all.arp_ignore to 1 (%s): ' % refused)
    assert 'Read-only file system' in result['msg'] and 'state=absent undoes it' in result['msg']
    # the originals were recorded first, so state=absent can still undo what happened before the failure
    record = json.loads(paths(tmp_path)['state'].read_text())
    assert record['module'] == MODULE_NAME
    assert record['sysctl_originals']['net.ipv4.conf.all.arp_ignore'] == '0'
    monkeypatch.undo()
    install(host, monkeypatch)
    result = run(module, args(tmp_path, state='absent'))
    assert result['changed'] is True and host.sysctl('all', 'arp_ignore') == '0'
    assert not any(os.path.exists(str(p)) for p in paths(tmp_path).values())
