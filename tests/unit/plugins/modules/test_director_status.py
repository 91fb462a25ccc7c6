# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.director_status: in-process on files (the VM lab's captures of /proc/net/ip_vs and ip_vs_stats of
the status tests, since this host's kernel has no IPVS), and through real Ansible against real keepalived and FRR in network namespaces of this host
(tests/unit/live_daemons.py), where it finds keepalived's pid files at Debian's paths."""

from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import subprocess
import time

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.frr import render, settings
from ansible_collections.lvs.cluster.plugins.modules import director_status as module
from ansible_collections.lvs.cluster.tests.unit import live_daemons
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.status.conftest import FIXTURES

LAB = os.path.join(FIXTURES, 'lab')
HELPER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      *(['..'] * 4 + ['roles', 'director', 'files', 'lvs-cluster-announce']))


def offline(tmp_path, **args):
    """Arguments that point every path into ``tmp_path`` or at an active-active director's captures."""
    base = dict(pid_file=str(tmp_path / 'none.pid'), vrrp_pid_file=str(tmp_path / 'none-vrrp.pid'),
                checkers_pid_file=str(tmp_path / 'none-checkers.pid'),
                ipvs_table=os.path.join(LAB, 'routed', 'lvs1-ip_vs.txt'),
                ipvs_stats=os.path.join(LAB, 'routed', 'lvs1-ip_vs_stats.txt'),
                maintenance_file=str(tmp_path / 'maintenance'), announce_settings=str(tmp_path / 'announce'),
                announce_state=str(tmp_path / 'quorum'), drain_directory=str(tmp_path / 'drain'), bgp=False)
    base.update(args)
    return base


def test_without_keepalived_it_reads_ipvs_and_the_addresses(tmp_path, run):
    result = run(module, offline(tmp_path))
    assert result['changed'] is False and result['problems'] == []
    assert result['keepalived'] == {'running': False, 'pid': None, 'vrrp': False, 'checker': False, 'temp_dir': None}
    assert result['vrrp_instances'] is None and result['virtual_servers'] is None
    ipvs = result['ipvs']
    assert ipvs['available'] and [(s['address'], s['scheduler'], len(s['real_servers'])) for s in ipvs['services']] \
        == [('10.1.10.166', 'mh', 2)]
    assert ipvs['totals']['connections'] == 88 and ipvs['rates']['connections_per_second'] == 1
    assert '127.0.0.1' in result['addresses']
    assert result['maintenance'] is False and result['quorum_age'] is None  # no helper: not active-active
    assert result['drain_files'] == {}  # no drain directory: nothing drained
    assert result['bgp'] == {'available': False, 'problem': 'not asked'}
    assert isinstance(result['now'], float)


def test_a_persistence_timeout_in_seconds_with_the_kernel_s_hz(tmp_path, run):
    (tmp_path / 'config').write_text('CONFIG_HZ_250=y\nCONFIG_HZ=250\n')
    captured = os.path.join(LAB, 'dr', 'lvs1-ip_vs-rs2-down.txt')  # persistence_timeout 60
    service = run(module, offline(tmp_path, ipvs_table=captured, kernel_config=str(tmp_path / 'config')))['ipvs']['services'][0]
    assert (service['persistent'], service['persistence_timeout']) == (True, 60)
    service = run(module, offline(tmp_path, ipvs_table=captured, kernel_config=str(tmp_path / 'none')))['ipvs']['services'][0]
    assert (service['persistent'], service['persistence_timeout']) == (True, None)


def test_check_mode_reads_the_same(tmp_path, run):
    result = run(module, offline(tmp_path), check_mode=True)
    assert result['changed'] is False and result['ipvs']['available'] and not result.get('failed')


def test_no_ipvs_and_an_active_active_director_in_maintenance(tmp_path, run):
    (tmp_path / 'announce').write_text('LVS_VIPS="10.1.1.166"\n')
    (tmp_path / 'maintenance').write_text('')
    result = run(module, offline(tmp_path, ipvs_table=str(tmp_path / 'no-ip_vs')))
    assert result['ipvs'] == {'available': False, 'services': [], 'totals': None, 'rates': None}
    assert result['maintenance'] is True
    assert result['quorum_age'] == {}  # no quorum recorded (keepalived not running)


def test_a_vrrp_director_in_maintenance(tmp_path, run):
    # no announcement helper: a VRRP director, whose keepalived tracks the same file
    (tmp_path / 'maintenance').write_text('1\n')
    result = run(module, offline(tmp_path))
    assert result['maintenance'] is True and result['quorum_age'] is None


def test_the_drain_files_and_what_is_wrong_with_them(tmp_path, run):
    drain = tmp_path / 'drain'
    drain.mkdir()
    for name, content in (('10.1.1.163', '1\n'), ('10.1.1.164', '0'), ('2001:db8::163', ''), ('10.1.1.165', 'yes\n'),
                          ('10.1.1.166', b'\xff\xfe')):
        if isinstance(content, bytes):
            (drain / name).write_bytes(content)
        else:
            (drain / name).write_text(content)
    (drain / 'lost+found').mkdir()  # not a file: not a drain switch
    result = run(module, offline(tmp_path), check_mode=True)
    assert not result.get('failed') and result['changed'] is False
    assert result['drain_files'] == {'10.1.1.163': 1, '10.1.1.164': 0, '2001:db8::163': 0, '10.1.1.165': None,
                                     '10.1.1.166': None}
    not_a_number, unreadable = result['problems']
    assert not_a_number == "the drain file %s holds 'yes', not a number" % (drain / '10.1.1.165')
    assert unreadable.startswith('the drain file %s cannot be read: ' % (drain / '10.1.1.166'))
    assert sorted(os.listdir(str(drain))) == ['10.1.1.163', '10.1.1.164', '10.1.1.165', '10.1.1.166', '2001:db8::163',
                                              'lost+found']  # read only


def test_the_age_of_each_quorum_the_helper_recorded(tmp_path, run):
    (tmp_path / 'announce').write_text('LVS_VIPS="10.1.1.166"\n')
    (tmp_path / 'quorum').mkdir()
    for key, age in (('TCP-10.1.1.166:80', 5), ('TCP-10.1.1.167:80', 300)):
        (tmp_path / 'quorum' / key).write_text('')
        os.utime(str(tmp_path / 'quorum' / key), (time.time() - age, time.time() - age))
    ages = run(module, offline(tmp_path))['quorum_age']
    assert sorted(ages) == ['TCP-10.1.1.166:80', 'TCP-10.1.1.167:80']
    assert 5 <= ages['TCP-10.1.1.166:80'] < 7 and 300 <= ages['TCP-10.1.1.167:80'] < 302
    os.remove(str(tmp_path / 'announce'))
    assert run(module, offline(tmp_path))['quorum_age'] is None  # not an active-active director


def test_a_pid_file_of_another_process_is_not_keepalived(tmp_path, run):
    (tmp_path / 'keepalived.pid').write_text('%d\n' % os.getpid())  # pytest: alive, but no keepalived
    result = run(module, offline(tmp_path, pid_file=str(tmp_path / 'keepalived.pid')))
    assert result['keepalived']['running'] is False and result['keepalived']['pid'] is None


def test_frr_that_does_not_answer(tmp_path, run):
    if shutil.which('vtysh', path=os.environ.get('PATH', '') + ':/usr/bin:/usr/sbin') is None:
        pytest.skip('vtysh is not installed (Debian: apt-get install frr)')
    result = run(module, offline(tmp_path, bgp=True, vty_socket=str(tmp_path / 'no-frr')))
    assert result['bgp']['available'] is False and result['bgp']['problem'].startswith('FRR did not answer')


# ---- through Ansible, against real daemons ------------------------------------------------------

def adhoc(ansible_command, python, args, check=False):
    """lvs.cluster.director_status run by ``ansible`` on a local host whose Python is ``python``; its result."""
    command, parent = ansible_command
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_LOAD_CALLBACK_PLUGINS='1',
               ANSIBLE_STDOUT_CALLBACK='json', ANSIBLE_NOCOLOR='1')
    process = subprocess.run([command, 'all', '-i', 'director,', '-c', 'local', '-m', 'lvs.cluster.director_status',
                              '-a', json.dumps(args), '-e', 'ansible_python_interpreter=%s' % python]
                             + (['--check'] if check else []), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             universal_newlines=True, env=env, timeout=120, check=False)
    assert process.returncode == 0, process.stdout + process.stderr
    return json.loads(process.stdout)['plays'][0]['tasks'][0]['hosts']['director'], process.stdout


def test_live_vrrp_directors_with_debian_s_pid_files(ansible_command):
    why = live_daemons.missing_keepalived()
    if why:
        pytest.skip(why)
    with live_daemons.Pair() as pair:
        for index, (host, priority) in enumerate((('lvs1', 100), ('lvs2', 90))):
            pair.keepalived(index, live_daemons.vrrp_pair_config(host, priority, 'Adhoc9pw'), private_run=True)
        time.sleep(5)  # lvs1 MASTER after Master_Down_Interval
        results = {}
        for index, host in enumerate(('lvs1', 'lvs2')):
            results[host], output = adhoc(ansible_command, pair.python(index), {'bgp': False}, check=index == 1)
            assert 'Adhoc9pw' not in output
    lvs1, lvs2 = results['lvs1'], results['lvs2']
    for result, temp_dir in ((lvs1, 'keepalived-0-tmp'), (lvs2, 'keepalived-1-tmp')):
        assert result['keepalived']['running'] and result['keepalived']['vrrp'] and not result['keepalived']['checker']
        assert result['keepalived']['temp_dir'].endswith(temp_dir) and result['problems'] == []
        assert result['virtual_servers'] is None and result['ipvs']['available'] is False  # no IPVS here
    assert [(i['name'], i['state'], i['base_priority']) for i in lvs1['vrrp_instances']] == [('VI_1', 'MASTER', 100)]
    assert [(i['name'], i['state'], i['base_priority']) for i in lvs2['vrrp_instances']] == [('VI_1', 'BACKUP', 90)]
    assert '10.9.1.166' in lvs1['addresses'] and '10.9.1.166' not in lvs2['addresses']
    assert '10.9.1.2' in lvs2['addresses'] and lvs2['changed'] is False


ROUTER = '''router bgp 65000
 bgp router-id 10.9.0.1
 no bgp ebgp-requires-policy
 neighbor 10.9.0.2 remote-as 65001
 neighbor 10.9.0.2 timers connect 1
exit
'''
SETTINGS = '''LVS_VIP_INTERFACE=lvs-vip
LVS_VIPS="10.1.1.166 10.1.1.167"
LVS_SERVICES="TCP-10.1.1.166:80=10.1.1.166 TCP-10.1.1.167:80=10.1.1.167"
'''


def test_live_active_active_director_bgp_and_announcements(ansible_command):
    why = live_daemons.missing_frr()
    if why:
        pytest.skip(why)
    with live_daemons.Pair(addresses=('10.9.0.1/24', '10.9.0.2/24')) as pair:
        director = pair.namespaces[1]
        live_daemons.run('ip', '-n', director, 'link', 'add', 'lvs-vip', 'type', 'veth', 'peer', 'name', 'peer0')
        live_daemons.run('ip', '-n', director, 'link', 'set', 'peer0', 'up')
        with open(pair.path('announce'), 'w') as handle:
            handle.write(SETTINGS)
        env = dict(os.environ, LVS_ANNOUNCE_SETTINGS=pair.path('announce'), LVS_ANNOUNCE_STATE=pair.path('quorum'),
                   LVS_ANNOUNCE_MAINTENANCE=pair.path('maintenance'))
        for step in (['start'], ['up', 'TCP-10.1.1.166:80']):  # 10.1.1.167: local, without quorum
            subprocess.run(pair.in_namespace(1, HELPER, *step), env=env, check=True, stdout=subprocess.DEVNULL)
        pair.frr(0, ROUTER)
        socket = pair.frr(1, render.render(settings.check({  # the model's frr.conf of the director
            'asn': 65001, 'router_id': '10.9.0.2', 'peers': [{'address': '10.9.0.1', 'asn': 65000}],
            'timers': {'keepalive': 1, 'hold': 3}, 'announce': ['10.1.1.166', '10.1.1.167']})))
        assert live_daemons.wait_for(lambda: '"pfxSnt":1' in pair.vtysh(socket, 'show bgp summary json').stdout, 30)
        result, _output = adhoc(ansible_command, pair.python(1), {
            'vty_socket': socket, 'announce_settings': pair.path('announce'),
            'maintenance_file': pair.path('maintenance')})
    assert result['local_vips'] == ['10.1.1.166', '10.1.1.167'] and result['announced'] == ['10.1.1.166']
    assert result['maintenance'] is False and result['keepalived']['running'] is False
    bgp = result['bgp']
    assert bgp['available'] and (bgp['router_id'], bgp['asn']) == ('10.9.0.2', 65001)
    assert [(s['peer'], s['state'], s['prefixes_sent']) for s in bgp['sessions']] == [('10.9.0.1', 'Established', 1)]
    assert bgp['advertised'] == {'10.9.0.1': ['10.1.1.166/32']}
