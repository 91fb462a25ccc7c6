# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.director_host, run in-process against a tree of the test's own (its /proc/sys and /sys/module are
directories of the test, modprobe a stand-in)."""

from __future__ import absolute_import, division, print_function

import os
import stat

import pytest

from ansible_collections.lvs.cluster.plugins.modules import director_host as module


@pytest.fixture
def host(tmp_path, monkeypatch):
    """A host: /proc/sys with conn_reuse_mode 1 and tcp_rmem, /sys/module with ip_vs not loaded, a modprobe that
    loads every module but 'missing' (it says so) and logs its arguments."""
    proc = tmp_path / 'proc-sys'
    (proc / 'net' / 'ipv4' / 'vs').mkdir(parents=True)
    (proc / 'net' / 'ipv4' / 'vs' / 'conn_reuse_mode').write_text('1\n')
    (proc / 'net' / 'ipv4' / 'tcp_rmem').write_text('4096\t131072\t6291456\n')
    modules = tmp_path / 'sys-module'
    modules.mkdir()
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    log = tmp_path / 'modprobe.log'
    modprobe = bin_dir / 'modprobe'
    modprobe.write_text('#!/bin/sh\necho "$@" >> %s\n'
                        'for last; do :; done\n'
                        'if [ "$last" = missing ]; then echo "modprobe: FATAL: Module missing not found" >&2; exit 1; fi\n'
                        'if [ "$1" != --dry-run ]; then mkdir -p %s/"$last"; fi\n' % (log, modules))
    modprobe.chmod(0o755)
    monkeypatch.setattr(module, 'PROC_SYS', str(proc))
    monkeypatch.setattr(module, 'SYS_MODULE', str(modules))
    monkeypatch.setenv('PATH', '%s:%s' % (bin_dir, os.environ['PATH']))
    host = type('Host', (), {})()
    host.root, host.proc, host.modules, host.log = tmp_path, proc, modules, log
    return host


def everything(host, maintenance=False):
    root = host.root
    defaults = root / 'default-keepalived'
    if not defaults.exists():
        defaults.write_text('# keepalived\nDAEMON_ARGS="--vrrp"\nOTHER=1\n')
    return {
        'kernel_modules': ['ip_vs'],
        'sysctls': {'net.ipv4.vs.conn_reuse_mode': 3},
        'sysctl_file': str(root / 'sysctl.d' / '90-lvs.conf'),
        'lines': [{'path': str(defaults), 'regexp': '^DAEMON_ARGS=', 'line': 'DAEMON_ARGS=""'}],
        'files': [{'path': str(root / 'keepalived.service.d' / 'restart.conf'), 'content': '[Service]\nRestart=on-failure\n'},
                  {'path': str(root / 'maintenance'), 'content': '1\n', 'state': 'present' if maintenance else 'absent'}],
    }


def test_a_first_run_sets_everything_and_a_second_changes_nothing(run, host):
    args = everything(host)
    first = run(module, args)
    assert first['changed'] and first['loaded_modules'] == ['ip_vs'] and first['missing_modules'] == {}
    written = [args['sysctl_file'], args['lines'][0]['path'], args['files'][0]['path']]
    assert sorted(first['changed_paths']) == sorted(written)
    assert first['changed_sysctls'] == ['net.ipv4.vs.conn_reuse_mode']
    assert (host.proc / 'net/ipv4/vs/conn_reuse_mode').read_text() == '3\n'
    assert open(args['sysctl_file']).read().endswith('\nnet.ipv4.vs.conn_reuse_mode = 3\n')
    assert open(args['lines'][0]['path']).read() == '# keepalived\nDAEMON_ARGS=""\nOTHER=1\n'
    dropin = args['files'][0]['path']
    assert open(dropin).read() == '[Service]\nRestart=on-failure\n'
    assert stat.S_IMODE(os.stat(dropin).st_mode) == 0o644
    assert stat.S_IMODE(os.stat(os.path.dirname(dropin)).st_mode) == 0o755
    assert not os.path.exists(args['files'][1]['path'])

    second = run(module, everything(host))
    assert (second['changed'], second['changed_paths'], second['changed_sysctls'], second['loaded_modules']) == (
        False, [], [], [])
    assert host.log.read_text() == 'ip_vs\n'  # loaded once: the second run found /sys/module/ip_vs


def test_check_mode_reports_the_changes_and_makes_none(run, host):
    args = everything(host, maintenance=True)
    result = run(module, args, check_mode=True, diff=True)
    assert result['changed'] and result['loaded_modules'] == ['ip_vs']
    assert host.log.read_text() == '--dry-run ip_vs\n'
    assert len(result['changed_paths']) == 4 and result['changed_sysctls'] == ['net.ipv4.vs.conn_reuse_mode']
    assert not any(os.path.exists(path) for path in (args['sysctl_file'], args['files'][0]['path'],
                                                     args['files'][1]['path']))
    assert 'DAEMON_ARGS="--vrrp"' in open(args['lines'][0]['path']).read()
    assert (host.proc / 'net/ipv4/vs/conn_reuse_mode').read_text() == '1\n'
    diff = dict((entry['after_header'], entry) for entry in result['diff'])
    line = diff[args['lines'][0]['path']]
    assert 'DAEMON_ARGS="--vrrp"' in line['before'] and 'DAEMON_ARGS=""' in line['after']
    assert diff[args['files'][1]['path']]['before_header'].endswith('(absent)')


def test_check_mode_counts_a_setting_whose_module_is_not_loaded_as_a_change(run, host):
    result = run(module, {'sysctls': {'net.ipv4.vs.sloppy_tcp': 1}, 'sysctl_file': str(host.root / 'sysctl.conf')},
                 check_mode=True)
    assert result['changed_sysctls'] == ['net.ipv4.vs.sloppy_tcp']


def test_a_missing_setting_fails_naming_it_and_the_fix(run, host):
    result = run(module, {'sysctls': {'net.ipv4.vs.sloppy_tcp': 1}, 'sysctl_file': str(host.root / 'sysctl.conf')})
    assert result['failed'] and 'net.ipv4.vs.sloppy_tcp' in result['msg'] and 'Fix:' in result['msg']


def test_a_key_of_an_interface_with_a_dot_is_the_sysctl_form(run, host):
    (host.proc / 'net' / 'ipv4' / 'conf' / 'eth0.100').mkdir(parents=True)
    (host.proc / 'net' / 'ipv4' / 'conf' / 'eth0.100' / 'arp_ignore').write_text('0\n')
    args = {'sysctls': {'net.ipv4.conf.eth0/100.arp_ignore': 1}, 'sysctl_file': str(host.root / 'sysctl.conf')}
    assert run(module, args)['changed_sysctls'] == ['net.ipv4.conf.eth0/100.arp_ignore']
    assert (host.proc / 'net/ipv4/conf/eth0.100/arp_ignore').read_text() == '1\n'
    assert run(module, args)['changed_sysctls'] == []


def test_a_setting_of_several_words_is_compared_by_its_words(run, host):
    args = {'sysctls': {'net.ipv4.tcp_rmem': '4096 131072 6291456'}, 'sysctl_file': str(host.root / 'sysctl.conf')}
    result = run(module, args)
    assert result['changed_sysctls'] == [] and result['changed_paths'] == [args['sysctl_file']]


def test_a_module_that_cannot_be_loaded_changes_nothing_and_says_why(run, host):
    args = everything(host)
    args['kernel_modules'] = ['ip_vs', 'missing']
    result = run(module, args)
    assert not result['changed'] and result['loaded_modules'] == []
    assert result['missing_modules'] == {'missing': 'modprobe: FATAL: Module missing not found'}
    assert not os.path.exists(args['sysctl_file']) and (host.proc / 'net/ipv4/vs/conn_reuse_mode').read_text() == '1\n'


def test_a_line_is_appended_to_a_file_without_it_and_a_missing_file_is_created(run, host):
    existing = host.root / 'existing'
    existing.write_text('A=1\n')
    created = host.root / 'created'
    result = run(module, {'lines': [{'path': str(existing), 'regexp': '^B=', 'line': 'B=2'},
                                    {'path': str(created), 'regexp': '^C=', 'line': 'C=3'},
                                    {'path': str(existing), 'regexp': '^A=', 'line': 'A=0'}]})
    assert result['changed'] and existing.read_text() == 'A=0\nB=2\n' and created.read_text() == 'C=3\n'


def test_a_file_of_lines_keeps_its_mode(run, host):
    path = host.root / 'daemons'
    path.write_text('bgpd=no\n')
    path.chmod(0o640)
    line = {'path': str(path), 'regexp': '^bgpd=', 'line': 'bgpd=yes'}
    assert run(module, {'lines': [line]})['changed'] and path.read_text() == 'bgpd=yes\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not run(module, {'lines': [line]})['changed']


def test_a_mode_change_alone_is_a_change(run, host):
    path = host.root / 'file'
    path.write_text('x\n')
    path.chmod(0o600)
    result = run(module, {'files': [{'path': str(path), 'content': 'x\n', 'mode': '0644'}]})
    assert result['changed_paths'] == [str(path)] and stat.S_IMODE(path.stat().st_mode) == 0o644


def test_maintenance_switch_written_then_removed(run, host):
    path = host.root / 'maintenance'
    assert run(module, {'files': [{'path': str(path), 'content': '1\n'}]})['changed'] and path.read_text() == '1\n'
    assert run(module, {'files': [{'path': str(path), 'state': 'absent'}]})['changed'] and not path.exists()
    assert not run(module, {'files': [{'path': str(path), 'state': 'absent'}]})['changed']


def test_a_present_file_needs_content(run, host):
    result = run(module, {'files': [{'path': str(host.root / 'x')}]})
    assert result['failed'] and 'needs content' in result['msg']


def test_drained_lists_the_files_that_drain_except_the_excluded(run, host):
    drain = host.root / 'drain'
    drain.mkdir()
    for name, text in (('rs1', '1\n'), ('rs2', '0\n'), ('rs3', '  -0002\n'), ('rs4', ''), ('rs5', '7\n')):
        (drain / name).write_text(text)
    (drain / 'directory').mkdir()
    result = run(module, {'drain_directory': str(drain), 'drain_exclude': ['rs5']})
    assert result['drained'] == ['rs1', 'rs3'] and not result['changed']
    assert run(module, {'drain_directory': str(host.root / 'none')})['drained'] == []
