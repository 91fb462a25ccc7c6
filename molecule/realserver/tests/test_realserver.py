# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.lvs_realserver proven live: rs1 (role, VIP from the inventory) and rs2 (module, explicit VIPs,
interface eth0, a VIP and kernel values set by hand before converge) as LVS-DR real servers behind lvs1.

The tests run in file order and change the lab as they go: present state, ARP from the client (and the classic ARP
problem when arp_ignore is put back to 0), LVS-TUN refused on a kernel without ipip, a docker restart of both real
servers (persistence without Ansible), then absent.yml (state=absent) compared with what prepare.yml recorded.
To run verify again, converge first.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import re
import subprocess
import threading
import time

import pytest
import testinfra

DIRECTOR, RS1, RS2, CLIENT = 'lvs-mol-rs-lvs1', 'lvs-mol-rs-rs1', 'lvs-mol-rs-rs2', 'lvs-mol-rs-client'
REALSERVERS = (RS1, RS2)
VIP, VIP2 = '10.1.95.166', '10.1.95.167'
SYSCTL_FILE = '/etc/sysctl.d/90-lvs-cluster-realserver.conf'
UNIT = 'lvs-cluster-realserver.service'
UNIT_FILE = '/etc/systemd/system/' + UNIT
STATE_FILE = '/var/lib/lvs-cluster/realserver.json'
BEFORE_FILE = '/root/lvs-molecule-before.json'
SCENARIO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# What each real server must carry: {address: label} on lo, and the interfaces whose ARP values are set.
EXPECTED_VIPS = {RS1: {VIP: 'lo:0'}, RS2: {VIP: 'lo:0', VIP2: 'lo:5'}}   # lo:5 was set by hand (prepare.yml)
ARP_INTERFACES = {RS1: ('all', 'lo'), RS2: ('all', 'lo', 'eth0')}        # rs2 has interface: eth0
WANTED = (('arp_ignore', '1'), ('arp_announce', '2'))


def figure(text):
    print('\nFIGURE %s' % text)


def host(name):
    return testinfra.get_host('docker://%s' % name)


def lo_vips(name):
    """{address: label} of the IPv4 addresses on lo other than 127.0.0.1, each asserted to be a /32."""
    found = {}
    for line in host(name).check_output('ip -o -4 addr show dev lo').splitlines():
        match = re.search(r' inet (\S+)/(\d+) .*scope \S+ (\S+)\\', line)
        assert match, line
        if match.group(1) != '127.0.0.1':
            assert match.group(2) == '32', line
            found[match.group(1)] = match.group(3)
    return found


def sysctl(name, interface, key):
    return host(name).check_output('cat /proc/sys/net/ipv4/conf/%s/%s' % (interface, key)).strip()


def mac(name):
    return host(name).check_output('cat /sys/class/net/eth0/address').strip().lower()


def arp_answers(address, probes=2):
    """The MACs that answer an ARP request for ``address`` from the client (every probe broadcast: -b)."""
    out = host(CLIENT).run('arping -b -c %d -I eth0 %s' % (probes, address)).stdout
    return sorted(m.lower() for m in re.findall(r'reply from %s \[([0-9A-Fa-f:]{17})\]' % re.escape(address), out))


def wait_for(what, test, timeout=60, interval=0.2):
    start = time.time()
    while True:
        value = test()
        if value:
            return time.time() - start
        if time.time() - start > timeout:
            raise AssertionError('timed out after %ds waiting for %s' % (timeout, what))
        time.sleep(interval)


def systemd_up(name):
    state = host(name).run('systemctl is-system-running').stdout.strip()
    return state in ('running', 'degraded')


def ansible(*argv):
    """ansible or ansible-playbook on molecule's inventory, with molecule's environment (ANSIBLE_*, collections)."""
    inventory = os.environ['MOLECULE_INVENTORY_FILE']
    command = [argv[0], '-i', inventory] + list(argv[1:])
    env = dict(os.environ, ANSIBLE_FORCE_COLOR='0', ANSIBLE_NOCOLOR='1')
    result = subprocess.run(command, cwd=SCENARIO_DIR, env=env, capture_output=True, text=True, timeout=600, check=False)
    return result.returncode, result.stdout + result.stderr


def recap(output):
    """{host: {ok, changed, failed, ...}} from a PLAY RECAP."""
    found = {}
    for match in re.finditer(r'^\s*(?:\S*\s)?(lvs-mol-rs-\w+)\s*:\s*((?:\w+=\d+\s*)+)', output, re.M):
        found[match.group(1)] = dict((k, int(v)) for k, v in re.findall(r'(\w+)=(\d+)', match.group(2)))
    return found


def before(name):
    return json.loads(host(name).file(BEFORE_FILE).content_string)


def snapshot(name):
    """The same view of the host as prepare.yml recorded in BEFORE_FILE."""
    script = '''python3 - <<'PY'
import json, os, subprocess
keys = ['net.ipv4.conf.%s.%s' % (i, n) for i in ('all', 'lo', 'eth0') for n in ('arp_ignore', 'arp_announce')]
def value(key):
    with open('/proc/sys/' + key.replace('.', '/')) as handle:
        return handle.read().strip()
def listing(top):
    return sorted(os.path.join(d, f) for d, dirs, files in os.walk(top) for f in files + dirs)
lo = subprocess.run(['ip', '-o', 'addr', 'show', 'dev', 'lo'], capture_output=True, text=True, check=True)
print(json.dumps(dict(sysctls=dict((k, value(k)) for k in keys),
                      lo=sorted(' '.join(line.split('\\\\')[0].split()[1:]) for line in lo.stdout.splitlines()),
                      files=listing('/etc/sysctl.d') + listing('/etc/systemd/system') + listing('/var/lib/lvs-cluster'),
                      var_lib=os.path.exists('/var/lib/lvs-cluster'))))
PY'''
    return json.loads(host(name).check_output(script))


@pytest.fixture(scope='module', autouse=True)
def director_holds_the_vip():
    waited = wait_for('the VIP on the director', lambda: ' %s/32 ' % VIP in host(DIRECTOR).check_output(
        'ip -o -4 addr show dev eth0'), timeout=30)
    figure('director VIP present after %.1f s of waiting in verify' % waited)


# ---- present ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize('name', REALSERVERS)
def test_vips_on_lo_as_32_with_labels(name):
    assert lo_vips(name) == EXPECTED_VIPS[name]
    assert VIP not in host(name).check_output('ip -o -4 addr show dev eth0')


@pytest.mark.parametrize('name', REALSERVERS)
def test_arp_values_live_and_in_the_sysctl_file(name):
    conf = host(name).file(SYSCTL_FILE)
    assert conf.exists and conf.user == 'root' and conf.mode == 0o644
    lines = set(line.strip() for line in conf.content_string.splitlines() if not line.startswith('#'))
    expected = set()
    for interface in ARP_INTERFACES[name]:
        for key, value in WANTED:
            assert sysctl(name, interface, key) == value, (interface, key)
            expected.add('net.ipv4.conf.%s.%s = %s' % (interface, key, value))
    assert lines - {''} == expected


def test_rs1_leaves_eth0_to_the_kernel_default():
    """No lvs_realserver_interface on rs1: conf/all carries the setting (the kernel uses the larger value)."""
    assert sysctl(RS1, 'eth0', 'arp_ignore') == '0'


@pytest.mark.parametrize('name', REALSERVERS)
def test_oneshot_unit_is_enabled_and_re_adds_every_vip(name):
    assert host(name).run('systemctl is-enabled %s' % UNIT).stdout.strip() == 'enabled'
    text = host(name).file(UNIT_FILE).content_string
    assert 'Type=oneshot' in text and 'After=systemd-sysctl.service' in text
    for address, label in EXPECTED_VIPS[name].items():
        assert 'addr replace %s/32 dev lo label %s' % (address, label) in text


@pytest.mark.parametrize('name', REALSERVERS)
def test_state_file_is_private(name):
    state = host(name).file(STATE_FILE)
    assert state.mode == 0o600 and state.user == 'root'


def test_what_was_there_before_is_recorded_as_not_added():
    """rs2: 10.1.95.167 and eth0's arp_announce=2 were set by hand, so absent must leave them."""
    record = json.loads(host(RS2).file(STATE_FILE).content_string)
    added = dict((a['address'], a['added']) for a in record['addresses'])
    assert added == {VIP: True, VIP2: False}
    assert 'net.ipv4.conf.eth0.arp_announce' not in record['sysctl_originals']
    assert record['sysctl_originals']['net.ipv4.conf.all.arp_announce'] == '1'   # set by hand, not the default


# ---- ARP --------------------------------------------------------------------------------------------------


def test_only_the_director_answers_arp_for_the_vip():
    answers = arp_answers(VIP, probes=3)
    assert answers and set(answers) == {mac(DIRECTOR)}, answers
    assert not set(answers) & set(mac(name) for name in REALSERVERS)
    assert arp_answers(VIP2) == []   # only the real server rs2 carries it, and it stays silent


def test_arp_ignore_0_brings_the_classic_arp_problem_back():
    """The check above can fail: with conf/all/arp_ignore=0, rs1 answers for the VIP on its lo. rs2 does not,
    because its conf/eth0/arp_ignore=1 (interface: eth0) still wins (the kernel uses the larger value)."""
    for name in REALSERVERS:
        host(name).check_output('sysctl -w net.ipv4.conf.all.arp_ignore=0')
    try:
        answers = set(arp_answers(VIP))
    finally:
        for name in REALSERVERS:
            host(name).check_output('sysctl -w net.ipv4.conf.all.arp_ignore=1')
    assert answers == {mac(DIRECTOR), mac(RS1)}, answers
    assert set(arp_answers(VIP)) == {mac(DIRECTOR)}


def test_tun_is_refused_clearly_on_a_kernel_without_ipip():
    """The container kernel has no ipip (built in or loadable): method=TUN must fail, say why and change nothing."""
    rs2 = host(RS2)
    if rs2.run('ip -o link show tunl0').rc == 0:
        pytest.skip('this kernel has ipip (tunl0 exists): the refusal cannot be shown here')
    state_before = rs2.file(STATE_FILE).content_string
    lo_before = lo_vips(RS2)
    rc, out = ansible('ansible', RS2, '-m', 'lvs.cluster.lvs_realserver',
                      '-a', json.dumps(dict(method='TUN', vips=['10.1.95.168'])))
    assert rc != 0, out
    assert 'Loading the kernel module ipip failed' in out and 'Nothing was changed' in out, out
    assert rs2.run('ip -o link show tunl0').rc != 0
    assert rs2.file(STATE_FILE).content_string == state_before   # no claim that the module loaded ipip
    assert lo_vips(RS2) == lo_before and rs2.file(UNIT_FILE).content_string.count('tunl0') == 0


# ---- restart ------------------------------------------------------------------------------------------------


def test_everything_comes_back_after_a_restart_without_ansible():
    times = {}

    def restart(name):
        start = time.time()
        subprocess.run(['docker', 'restart', '-t', '10', name], check=True, capture_output=True, timeout=120)
        wait_for('systemd on %s' % name, lambda: systemd_up(name), timeout=120)
        times[name] = time.time() - start

    threads = [threading.Thread(target=restart, args=(name,)) for name in REALSERVERS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(times) == sorted(REALSERVERS)
    figure('docker restart to systemd running: %s' % ', '.join('%s %.1f s' % (n, t) for n, t in sorted(times.items())))
    for name in REALSERVERS:
        assert lo_vips(name) == EXPECTED_VIPS[name]
        for interface in ARP_INTERFACES[name]:
            for key, value in WANTED:
                assert sysctl(name, interface, key) == value, (name, interface, key)
        unit = sorted(host(name).run('systemctl show -p ActiveState -p Result %s' % UNIT).stdout.split())
        assert unit == ['ActiveState=active', 'Result=success'], unit   # it ran at boot
    assert set(arp_answers(VIP)) == {mac(DIRECTOR)}


# ---- absent -------------------------------------------------------------------------------------------------


@pytest.fixture(scope='module')
def absent_runs():
    start = time.time()
    first = ansible('ansible-playbook', 'absent.yml')
    middle = time.time()
    second = ansible('ansible-playbook', 'absent.yml')
    figure('absent.yml: %.1f s, again: %.1f s' % (middle - start, time.time() - middle))
    return first, second


def test_absent_runs_and_is_idempotent(absent_runs):
    (rc, out), (rc2, out2) = absent_runs
    assert rc == 0, out
    assert rc2 == 0, out2
    first, second = recap(out), recap(out2)
    for name in REALSERVERS:
        assert first[name]['changed'] == 1 and first[name]['failed'] == 0, out
        assert second[name]['changed'] == 0 and second[name]['failed'] == 0, out2


@pytest.mark.parametrize('name', REALSERVERS)
def test_absent_removes_the_files_and_the_unit(absent_runs, name):
    for path in (SYSCTL_FILE, UNIT_FILE, STATE_FILE):
        assert not host(name).file(path).exists, path
    assert host(name).run('systemctl is-enabled %s' % UNIT).stdout.strip() != 'enabled'
    assert not host(name).file('/etc/systemd/system/multi-user.target.wants/' + UNIT).exists


@pytest.mark.parametrize('name', REALSERVERS)
def test_absent_puts_the_host_back_as_prepare_found_it(absent_runs, name):
    """Kernel values and lo addresses as recorded before converge: the VIP the module added is gone, what was set
    by hand on rs2 (10.1.95.167 on lo:5, eth0 arp_announce=2, all arp_announce=1) is there."""
    was, now = before(name), snapshot(name)
    assert now['sysctls'] == was['sysctls']
    assert now['lo'] == was['lo']
    assert now['files'] == was['files']
    assert not was['var_lib']
    # The module's state directory stays behind (empty) after absent: nothing in it.
    assert [path for path in now['files'] if path.startswith('/var/lib/lvs-cluster')] == []
