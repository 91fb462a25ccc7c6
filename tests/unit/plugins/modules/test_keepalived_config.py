# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.keepalived_config, run in-process (and once through real ansible)."""

from __future__ import absolute_import, division, print_function

import copy
import json
import os
import stat
import subprocess

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import exit_codes
from ansible_collections.lvs.cluster.plugins.modules import keepalived_config as module

SECRET = 'Vx9qZr7k'      # 8 bytes, the most keepalived uses
NEW_SECRET = 'Pm4tW2yq'


def article(interface='eth0', secret=SECRET):
    """The article's director: VI_1 MASTER on eth0, VIP 10.1.1.166, LVS-DR to two real servers."""
    def real(address):
        return {'address': address, 'port': 80, 'weight': 1,
                'checkers': [{'type': 'TCP_CHECK', 'connect_timeout': 10, 'retry': 3, 'delay_before_retry': 3}]}
    return {
        'global_defs': {'router_id': 'LVS_1'},
        'vrrp_instances': {'VI_1': {
            'state': 'MASTER', 'interface': interface, 'virtual_router_id': 51, 'priority': 100, 'advert_int': 1,
            'authentication': {'auth_type': 'PASS', 'auth_pass': secret},
            'virtual_ipaddress': ['10.1.1.166'],
        }},
        'virtual_servers': [{'address': '10.1.1.166', 'port': 80, 'delay_loop': 6, 'lvs_sched': 'rr', 'lvs_method': 'DR',
                             'protocol': 'TCP', 'real_servers': [real('10.1.1.163'), real('10.1.1.164')]}],
    }


def rendered(config):
    conf, issues = kaconf.load(config)
    assert conf is not None, issues
    return kaconf.render(conf)


def args(path, config=None, **extra):
    result = {'config': article() if config is None else config, 'path': str(path), 'validate': False}
    result.update(extra)
    return result


def fake_keepalived(directory, version='2.2.7', rc=0, said=''):
    """A stand-in keepalived: ``--version`` on stderr like the real one, ``-t`` exits ``rc`` saying ``said``."""
    script = directory / 'fake-keepalived'
    script.write_text('#!/bin/sh\n'
                      'if [ "$1" = "--version" ]; then echo "Keepalived v%s (01/16,2022)" >&2; exit 0; fi\n'
                      'printf "%%s\\n" "%s" >&2\n'
                      'exit %d\n' % (version, said, rc))
    script.chmod(0o755)
    return str(script)


def listing(directory):
    return sorted(os.listdir(str(directory)))


# ---- writing ------------------------------------------------------------------------------

def test_first_write_is_atomic_0640_and_equals_render(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    result = run(module, args(target))
    assert result['changed'] is True
    assert target.read_text() == rendered(article())
    info = os.stat(str(target))
    assert stat.S_IMODE(info.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (0, 0)
    assert listing(tmp_path) == ['keepalived.conf']  # no temp file left next to it
    assert result['needs'] == 'reload'
    assert 'no configuration file' in result['reasons'][0]
    assert result['validation'] == {'outcome': 'skipped', 'message': 'validate is false'}
    assert 'backup_file' not in result


def test_no_change_second_run(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    run(module, args(target))
    before = os.stat(str(target))
    result = run(module, args(target))
    assert result['changed'] is False
    assert result['needs'] == 'none'
    assert result['reasons'] == []
    assert result['validation']['outcome'] == 'skipped'
    assert os.stat(str(target)).st_mtime_ns == before.st_mtime_ns


def test_existing_file_with_other_mode_ends_0640(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    target.write_text('global_defs {\n    router_id OLD\n}\n')
    target.chmod(0o666)
    run(module, args(target))
    assert stat.S_IMODE(os.stat(str(target)).st_mode) == 0o640
    assert listing(tmp_path) == ['keepalived.conf']


def test_check_mode_reports_change_without_writing(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    old = rendered(article())
    target.write_text(old)
    config = article()
    config['vrrp_instances']['VI_1']['priority'] = 150
    result = run(module, args(target, config), check_mode=True)
    assert result['changed'] is True
    assert result['needs'] == 'reload'
    assert target.read_text() == old
    absent = tmp_path / 'new'
    absent.mkdir()
    result = run(module, args(absent / 'keepalived.conf'), check_mode=True)
    assert result['changed'] is True
    assert listing(absent) == []


def test_backup_file_made(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    old = '! hand-built\nglobal_defs {\n    router_id OLD\n}\n'
    target.write_text(old)
    result = run(module, args(target, backup=True))
    assert result['changed'] is True
    backup = result['backup_file']
    assert os.path.dirname(backup) == str(tmp_path)
    with open(backup) as handle:
        assert handle.read() == old
    assert target.read_text() == rendered(article())


def test_no_backup_when_unchanged_or_absent(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    assert 'backup_file' not in run(module, args(target, backup=True))
    assert 'backup_file' not in run(module, args(target, backup=True))
    assert listing(tmp_path) == ['keepalived.conf']


def test_failed_rename_leaves_old_file_and_no_temp(tmp_path, run, monkeypatch):
    target = tmp_path / 'keepalived.conf'
    target.write_text('old\n')

    def broken(src, dst):
        raise OSError(28, 'No space left on device')
    monkeypatch.setattr(os, 'rename', broken)  # what files.write_atomically renames with
    result = run(module, args(target))
    assert result['failed'] is True
    assert 'No space left on device' in result['msg']
    assert target.read_text() == 'old\n'
    assert listing(tmp_path) == ['keepalived.conf']


def test_missing_directory_fails_clearly(tmp_path, run):
    result = run(module, args(tmp_path / 'nowhere' / 'keepalived.conf'))
    assert result['failed'] is True
    assert 'does not exist' in result['msg']


# ---- input checks -------------------------------------------------------------------------

def test_bad_input_fails_before_touching_anything(tmp_path, run, private_tmp):
    target = tmp_path / 'keepalived.conf'
    target.write_text('old\n')
    mtime = os.stat(str(target)).st_mtime_ns
    config = article()
    config['vrrp_instances']['VI_1']['priority'] = 300
    config['vrrp_instances']['VI_1']['advert_intt'] = 1
    # validate with a keepalived that would fail loudly if it were ever run
    marker = tmp_path / 'ran'
    binary = tmp_path / 'keepalived-must-not-run'
    binary.write_text('#!/bin/sh\ntouch %s\nexit 5\n' % marker)
    binary.chmod(0o755)
    result = run(module, args(target, config, validate=True, keepalived_binary=str(binary), backup=True))
    assert result['failed'] is True
    assert result['changed'] is False
    msg = result['msg']
    assert '[LVS103] vrrp_instances[VI_1].priority = 300: is out of range Fix: give an integer from 1 to 255' in msg
    assert 'vrrp_instances[VI_1].advert_intt' in msg and 'did you mean advert_int?' in msg
    rules = sorted(issue['rule'] for issue in result['issues'])
    assert rules == ['LVS101', 'LVS103']
    priority = [issue for issue in result['issues'] if issue['rule'] == 'LVS103'][0]
    assert priority['path'] == 'vrrp_instances[VI_1].priority'
    assert priority['value'] == 300
    assert priority['fix'] == 'give an integer from 1 to 255'
    assert target.read_text() == 'old\n'
    assert os.stat(str(target)).st_mtime_ns == mtime
    assert listing(tmp_path) == ['keepalived-must-not-run', 'keepalived.conf', 'private-tmp']
    assert listing(private_tmp) == []
    assert not marker.exists()


def test_semantic_rule_error_fails(tmp_path, run):
    """LVS208: nopreempt with state MASTER is cleared by keepalived, so the module refuses it."""
    config = article()
    config['vrrp_instances']['VI_1']['nopreempt'] = True
    target = tmp_path / 'keepalived.conf'
    result = run(module, args(target, config))
    assert result['failed'] is True
    assert 'LVS208' in result['msg'] and 'vrrp_instances[VI_1].nopreempt' in result['msg']
    assert not target.exists()


def test_deprecated_keyword_warns_and_renders_modern_name(tmp_path, run):
    config = article()
    checker = config['virtual_servers'][0]['real_servers'][0]['checkers'][0]
    checker['nb_get_retry'] = checker.pop('retry')
    target = tmp_path / 'keepalived.conf'
    result = run(module, args(target, config))
    assert result['changed'] is True
    assert 'LVS110' in result.warning_text and 'nb_get_retry' in result.warning_text
    assert 'nb_get_retry' not in target.read_text()
    assert [issue['rule'] for issue in result['issues']] == ['LVS110']


# ---- secrets ------------------------------------------------------------------------------

def test_secret_appears_nowhere_in_output(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    target.write_text(rendered(article(secret=NEW_SECRET)))
    config = article()
    checker = config['virtual_servers'][0]['real_servers'][0]['checkers'][0]
    checker['nb_get_retry'] = checker.pop('retry')  # a warning too
    result = run(module, args(target, config, backup=True), diff=True)
    assert result['changed'] is True
    assert result['warnings']
    assert SECRET not in result.raw
    assert NEW_SECRET not in result.raw
    assert SECRET in target.read_text()  # the file itself has it, of course


def test_secret_not_in_output_of_a_failed_run(tmp_path, run):
    config = article(secret='far-too-long-password')  # LVS202: more than 8 bytes
    result = run(module, args(tmp_path / 'keepalived.conf', config))
    assert result['failed'] is True
    assert 'LVS202' in result['msg']
    assert 'far-too-long-password' not in result.raw
    config['vrrp_instances']['VI_1']['priority'] = 0  # a type error: the model cannot load, the secret is still hidden
    result = run(module, args(tmp_path / 'keepalived.conf', config))
    assert result['failed'] is True
    assert 'LVS103' in result['msg']
    assert 'far-too-long-password' not in result.raw
    assert result['invocation']['module_args']['config']['vrrp_instances']['VI_1']['priority'] == 0


def test_diff_is_masked(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    target.write_text(rendered(article()))
    config = article()
    config['vrrp_instances']['VI_1']['priority'] = 150
    result = run(module, args(target, config), diff=True)
    diff = result['diff']
    assert 'priority 100' in diff['before'] and 'priority 150' in diff['after']
    assert 'auth_pass ********' in diff['before'] and 'auth_pass ********' in diff['after']
    assert diff['before_header'] == str(target)
    assert diff['after_header'] == str(target)
    assert SECRET not in result.raw


def test_diff_says_when_only_the_secret_changed(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    target.write_text(rendered(article()))
    result = run(module, args(target, article(secret=NEW_SECRET)), diff=True)
    assert result['changed'] is True
    diff = result['diff']
    assert diff['before'] == diff['after']
    assert diff['after_header'] == '%s (secret values changed)' % target
    assert result['needs'] == 'reload'
    assert SECRET not in result.raw and NEW_SECRET not in result.raw
    assert NEW_SECRET in target.read_text()


def test_diff_says_when_the_secret_changed_with_more(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    target.write_text(rendered(article()))
    config = article(secret=NEW_SECRET)
    config['vrrp_instances']['VI_1']['priority'] = 150
    result = run(module, args(target, config), diff=True)
    assert result['diff']['after_header'].endswith('(secret values changed)')
    assert 'priority 150' in result['diff']['after']


def test_no_diff_without_diff_mode(tmp_path, run):
    assert 'diff' not in run(module, args(tmp_path / 'keepalived.conf'))


# ---- needs / reasons ----------------------------------------------------------------------

def test_needs_reload_for_an_ordinary_change(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    target.write_text(rendered(article()))
    config = article()
    config['virtual_servers'][0]['real_servers'].pop()
    result = run(module, args(target, config))
    assert result['needs'] == 'reload'
    assert result['reasons'] == ['the configuration changed; keepalived applies it on a reload without a failover']


def test_needs_reload_twice_when_a_vip_moves_between_instances(tmp_path, run):
    before = article()
    before['vrrp_instances']['VI_1']['virtual_ipaddress'] = ['10.1.1.166', '10.1.1.167']
    before['vrrp_instances']['VI_2'] = dict(copy.deepcopy(before['vrrp_instances']['VI_1']), virtual_router_id=52,
                                            virtual_ipaddress=['10.1.1.168'])
    target = tmp_path / 'keepalived.conf'
    target.write_text(rendered(before))
    after = copy.deepcopy(before)
    after['vrrp_instances']['VI_1']['virtual_ipaddress'] = ['10.1.1.166']
    after['vrrp_instances']['VI_2']['virtual_ipaddress'] = ['10.1.1.168', '10.1.1.167']
    result = run(module, args(target, after))
    assert result['needs'] == 'reload_twice'
    assert result['reasons'] == ['10.1.1.167 moves from vrrp_instances[VI_1] to vrrp_instances[VI_2]: '
                                 'keepalived needs two reloads']


def test_needs_a_restart_when_the_file_changes_what_keepalived_reads_only_at_its_start(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    target.write_text(rendered(article()))
    config = article()
    config['passthrough'] = ['instance lb_a']
    result = run(module, args(target, config))
    assert result['needs'] == 'restart' and result['after_reload'] == []
    assert result['reasons'][0].startswith('instance changed: keepalived reads it only when it starts')
    assert 'instance lb_a\n' in target.read_text()


def test_removing_the_sync_daemon_returns_the_commands_that_stop_it(tmp_path, run):
    before = article()
    before['global_defs']['lvs_sync_daemon'] = {'interface': 'eth0', 'vrrp_instance': 'VI_1'}
    target = tmp_path / 'keepalived.conf'
    target.write_text(rendered(before))
    result = run(module, args(target, article()))
    assert result['needs'] == 'reload'
    assert result['after_reload'] == [['ipvsadm', '--stop-daemon', 'master'], ['ipvsadm', '--stop-daemon', 'backup']]
    assert 'lvs_sync_daemon is removed' in result['reasons'][-1]


HAND_WRITTEN = """# hand-written, the article's way
global_defs {
\trouter_id LVS_1
}
vrrp_instance VI_1 {
\tstate MASTER
\tinterface eth0
\tvirtual_router_id 51
\tpriority 100
\tadvert_int 1
\tauthentication {
\t\tauth_type PASS
\t\tauth_pass %s
\t}
\tvirtual_ipaddress {
\t\t10.1.1.166
\t}
}
virtual_server 10.1.1.166 80 {
\tdelay_loop 6
\tlb_algo rr
\tlb_kind DR
\tprotocol TCP
\treal_server 10.1.1.164 80 {
\t\tTCP_CHECK {
\t\t\tconnect_timeout 10
\t\t\tnb_get_retry 3
\t\t\tdelay_before_retry 3
\t\t}
\t}
\treal_server 10.1.1.163 80 {
\t\tweight 1
\t\tTCP_CHECK {
\t\t\tconnect_timeout 10
\t\t\tnb_get_retry 3
\t\t\tdelay_before_retry 3
\t\t}
\t}
}
""" % SECRET


def test_keeps_a_file_that_means_the_same(tmp_path, run):
    """Layout, comments, legacy keywords, real server order and keepalived's defaults (a real server's weight 1) left
    out: the file configures keepalived as the model does, so it stays as the operator wrote it."""
    target = tmp_path / 'keepalived.conf'
    target.write_text(HAND_WRITTEN)
    result = run(module, args(target))
    assert result['changed'] is False
    assert result['needs'] == 'none'
    assert 'kept as it is' in result['reasons'][0]
    assert target.read_text() == HAND_WRITTEN


@pytest.mark.parametrize('change', [('advert_int 1', 'advert_int 2'), ('10.1.1.166\n', '10.1.1.167\n'),
                                    ('\treal_server 10.1.1.163 80 {\n\t\tweight 1', '\treal_server 10.1.1.163 80 {\n\t\tweight 2'),
                                    ('auth_pass %s' % SECRET, 'auth_pass other-pw'),
                                    ('\tpriority 100\n', '')])  # MASTER without a priority is 255 (LVS207)
def test_a_file_that_means_something_else_is_replaced(tmp_path, run, change):
    target = tmp_path / 'keepalived.conf'
    assert change[0] in HAND_WRITTEN
    target.write_text(HAND_WRITTEN.replace(*change))
    result = run(module, args(target))
    assert result['changed'] is True
    assert result['needs'] == 'reload'
    assert target.read_text() == rendered(article())


def test_rewrites_a_file_that_means_the_same_without_keep_equivalent(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    target.write_text(HAND_WRITTEN)
    result = run(module, args(target, keep_equivalent=False))
    assert result['changed'] is True
    assert result['needs'] == 'none'
    assert 'layout' in result['reasons'][0]
    assert target.read_text() == rendered(article())


def test_needs_reload_when_current_file_is_unreadable_as_model(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    target.write_text('vrrp_instance VI_1 {\n    bogus_keyword 1\n')
    result = run(module, args(target))
    assert result['needs'] == 'reload'
    assert 'could not be read' in result['reasons'][0]


# ---- keepalived -t, with stand-ins ----------------------------------------------------------

def test_config_test_failure_keeps_old_file(tmp_path, run, private_tmp):
    target = tmp_path / 'keepalived.conf'
    target.write_text('old\n')
    binary = fake_keepalived(tmp_path, rc=5, said='Non-existent interface specified in configuration')
    result = run(module, args(target, validate=True, keepalived_binary=binary))
    assert result['failed'] is True
    assert 'Non-existent interface specified in configuration' in result['msg']
    assert result['validation']['outcome'] == 'failed'
    assert target.read_text() == 'old\n'
    assert listing(private_tmp) == []
    assert sorted(listing(tmp_path)) == ['fake-keepalived', 'keepalived.conf', 'private-tmp']


def test_config_test_runs_in_check_mode(tmp_path, run):
    binary = fake_keepalived(tmp_path, rc=5, said='bad things')
    result = run(module, args(tmp_path / 'keepalived.conf', validate=True, keepalived_binary=binary), check_mode=True)
    assert result['failed'] is True
    assert 'bad things' in result['msg']


def test_config_test_pass(tmp_path, run, private_tmp):
    target = tmp_path / 'keepalived.conf'
    result = run(module, args(target, validate=True, keepalived_binary=fake_keepalived(tmp_path)))
    assert result['validation']['outcome'] == 'passed'
    assert target.exists()
    assert listing(private_tmp) == []


@pytest.mark.parametrize('version,outcome', [('2.3.2', 'failed'), ('2.3.3', 'passed')])
def test_a_keyword_the_hosts_keepalived_lacks_fails_naming_the_release(tmp_path, run, version, outcome):
    """owner_ignore_adverts came in 2.3.3: on 2.3.2 the file is refused before keepalived -t, naming the release."""
    config = article()
    config['vrrp_instances']['VI_1']['passthrough'] = ['owner_ignore_adverts']
    target = tmp_path / 'keepalived.conf'
    result = run(module, args(target, config, validate=True, keepalived_binary=fake_keepalived(tmp_path, version=version)))
    assert result['validation']['outcome'] == outcome
    if outcome == 'failed':
        assert result['failed'] is True and not target.exists()
        assert 'was added in keepalived 2.3.3; this keepalived is 2.3.2' in result['msg']


def test_missing_keepalived_is_not_checked_with_warning(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    result = run(module, args(target, validate=True, keepalived_binary='no-such-keepalived-binary'))
    assert result['changed'] is True
    assert result['validation']['outcome'] == 'not_checked'
    assert 'no-such-keepalived-binary was not found' in result['validation']['message']
    assert 'did not check' in result.warning_text
    assert target.exists()


def test_old_keepalived_without_config_test(tmp_path, run):
    binary = fake_keepalived(tmp_path, version='1.3.5', rc=5, said='unknown option -t')
    result = run(module, args(tmp_path / 'keepalived.conf', validate=True, keepalived_binary=binary))
    assert result['changed'] is True
    assert result['validation']['outcome'] == 'not_checked'
    assert '1.3.5' in result['validation']['message']


def test_exit_143_on_2_2_7_is_not_checked(tmp_path, run):
    target = tmp_path / 'keepalived.conf'
    binary = fake_keepalived(tmp_path, version='2.2.7', rc=143, said='Terminated')
    result = run(module, args(target, validate=True, keepalived_binary=binary))
    assert result['validation']['outcome'] == 'not_checked'
    assert '2.2.8' in result.warning_text
    assert target.exists()


# ---- keepalived -t, the real one --------------------------------------------------------------

def test_real_keepalived_passes_valid_config(tmp_path, run, real_keepalived, private_tmp):
    binary, interface = real_keepalived
    target = tmp_path / 'keepalived.conf'
    result = run(module, args(target, article(interface), validate=True, keepalived_binary=binary))
    assert result['validation']['outcome'] == 'passed', result
    assert result['changed'] is True
    assert target.read_text() == rendered(article(interface))
    assert listing(private_tmp) == []


def test_real_keepalived_rejects_unknown_interface(tmp_path, run, real_keepalived, private_tmp):
    binary, interface = real_keepalived
    target = tmp_path / 'keepalived.conf'
    old = rendered(article(interface))
    target.write_text(old)
    result = run(module, args(target, article('nosuchif0'), validate=True, keepalived_binary=binary),)
    assert result['failed'] is True
    assert result['validation']['outcome'] == 'failed'
    assert 'nosuchif0' in result['msg']
    assert 'Non-existent interface' in result['msg']
    assert target.read_text() == old
    assert listing(private_tmp) == []
    assert listing(tmp_path) == ['keepalived.conf', 'private-tmp']


def test_real_keepalived_in_check_mode_rejects_unknown_interface(tmp_path, run, real_keepalived):
    binary, interface = real_keepalived
    result = run(module, args(tmp_path / 'keepalived.conf', article('nosuchif0'), validate=True,
                              keepalived_binary=binary), check_mode=True)
    assert result['failed'] is True
    assert 'Non-existent interface' in result['msg']


def test_real_keepalived_script_user_nobody(tmp_path, run, real_keepalived):
    """Debian 12's 2.2.7 kills itself (exit 143) testing a config whose scripts run as a non-root user."""
    binary, interface = real_keepalived
    config = article(interface)
    config['global_defs'].update(enable_script_security=True, script_user='nobody')
    config['vrrp_scripts'] = {'chk_nginx': {'script': '/bin/true', 'interval': 2}}
    config['vrrp_instances']['VI_1']['track_script'] = ['chk_nginx']
    target = tmp_path / 'keepalived.conf'
    result = run(module, args(target, config, validate=True, keepalived_binary=binary))
    output = subprocess.run([binary, '--version'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True, check=False).stdout
    version = exit_codes.parse_version(output)
    assert result['changed'] is True
    assert target.read_text() == rendered(config)
    if version is not None and (2, 2, 5) <= version < (2, 2, 8):
        assert result['validation']['outcome'] == 'not_checked'
        assert 'fixed in 2.2.8' in result['validation']['message']
        assert 'did not check' in result.warning_text
    else:
        assert result['validation']['outcome'] == 'passed', result


# ---- through real ansible -----------------------------------------------------------------------

def test_through_ansible_packs_module_utils(tmp_path, ansible_command):
    """AnsiballZ must pack the keepalived model package (relative imports inside it)."""
    cli, parent = ansible_command
    target = tmp_path / 'keepalived.conf'
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_LOCALHOST_WARNING='false',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='false', ANSIBLE_NOCOLOR='true')
    for name in ('keepalived_config', 'keepalived_config_info'):
        module_args = {'config': article(), 'path': str(target), 'validate': False} if name == 'keepalived_config' \
            else {'path': str(target)}
        process = subprocess.run([cli, 'localhost', '-m', 'lvs.cluster.' + name, '-a', json.dumps(module_args)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, env=env,
                                 timeout=120, check=False)
        assert process.returncode == 0, process.stdout + process.stderr
        assert SECRET not in process.stdout
        # the ad-hoc output is "localhost | CHANGED => {...}"
        outcome = json.loads(process.stdout.split(' => ', 1)[1])
        if name == 'keepalived_config':
            assert outcome['changed'] is True and outcome['needs'] == 'reload'
        else:
            assert outcome['config']['vrrp_instances']['VI_1']['authentication']['auth_pass'] == '********'
    assert target.read_text() == rendered(article())


def _tracking(tmp_path):
    """The article's director with a track file in a directory that does not exist yet (as the drain files' on a fresh
    director)."""
    config = article()
    watched = tmp_path / 'var' / 'lib' / 'lvs-cluster' / 'drain'
    config['track_files'] = {'lvs_drain_10_1_1_163': {'file': str(watched / '10.1.1.163')}}
    return config, watched


def test_the_watched_directories_are_made_before_keepalived_checks_the_file(tmp_path, run):
    config, watched = _tracking(tmp_path)
    said = tmp_path / 'checked.conf'
    keepalived = tmp_path / 'keepalived'  # records the file it checks, and whether the directory existed then
    keepalived.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Keepalived v2.3.3" >&2; exit 0; fi\n'
                          'for last; do :; done; cp "$last" %s; test -d %s\n' % (said, watched))
    keepalived.chmod(0o755)
    result = run(module, args(tmp_path / 'keepalived.conf', config, validate=True, keepalived_binary=str(keepalived)))
    assert result['changed'] and result['directories'] == [str(watched)] and watched.is_dir()
    assert 'file %s/10.1.1.163' % watched in said.read_text()


def test_in_check_mode_keepalived_checks_a_copy_with_the_track_files_elsewhere(tmp_path, run):
    config, watched = _tracking(tmp_path)
    said = tmp_path / 'checked.conf'
    keepalived = tmp_path / 'keepalived'  # fails as 2.3 does when a track file's directory is missing
    keepalived.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Keepalived v2.3.3" >&2; exit 0; fi\n'
                          'for last; do :; done; cp "$last" %s\n'
                          'for f in $(awk \'$1 == "file" {print $2}\' "$last"); do test -d "$(dirname "$f")" || '
                          '{ echo "realpath() error 2" >&2; exit 1; }; done\n' % said)
    keepalived.chmod(0o755)
    result = run(module, args(tmp_path / 'keepalived.conf', config, validate=True, keepalived_binary=str(keepalived)),
                 check_mode=True)
    assert result['changed'] and not result.get('failed'), result
    assert result['directories'] == [str(watched)] and not watched.exists()
    copied = [line.split()[1] for line in said.read_text().splitlines() if line.strip().startswith('file ')]
    assert len(copied) == 1 and copied[0].endswith(str(watched / '10.1.1.163')) and copied[0] != str(watched / '10.1.1.163')
