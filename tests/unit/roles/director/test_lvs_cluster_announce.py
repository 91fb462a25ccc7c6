# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The director role's lvs-cluster-announce, run against the real kernel in a fresh network namespace: the VIPs
stay local, and a VIP's announced route exists exactly while all its services have quorum and the director is
not in maintenance. (This host's kernel has no dummy links: a veth of the interface's name stands in.)"""

from __future__ import absolute_import, division, print_function

import os
import shutil
import subprocess

import pytest

HELPER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      *(['..'] * 4 + ['roles', 'director', 'files', 'lvs-cluster-announce']))
SETTINGS = '''LVS_VIP_INTERFACE=lvs-vip
LVS_VIPS="10.1.1.166 10.1.1.167 2001:db8::166"
LVS_SERVICES="TCP-10.1.1.166:80=10.1.1.166 TCP-10.1.1.166:443=10.1.1.166 group-web=10.1.1.167,2001:db8::166"
'''


@pytest.fixture
def run(tmp_path):
    if os.geteuid() != 0 or shutil.which('unshare') is None or shutil.which('ip') is None:
        pytest.skip('a network namespace needs root, unshare and iproute2')
    if subprocess.run(['unshare', '-n', 'true'], capture_output=True, check=False).returncode != 0:
        pytest.skip('unshare -n fails here')
    (tmp_path / 'settings').write_text(SETTINGS)

    def steps(*commands):
        """The output of each command (helper calls as lists of words, or shell text), in one namespace."""
        script = ['set -e', 'ip link set lo up', 'ip link add lvs-vip type veth peer name peer0', 'ip link set peer0 up']
        for command in commands:
            script.append('echo "=== step"')
            script.append('"$HELPER" %s' % ' '.join("'%s'" % word for word in command) if isinstance(command, list)
                          else command)
        env = dict(os.environ, HELPER=HELPER, LVS_ANNOUNCE_SETTINGS=str(tmp_path / 'settings'),
                   LVS_ANNOUNCE_STATE=str(tmp_path / 'quorum'), LVS_ANNOUNCE_MAINTENANCE=str(tmp_path / 'maintenance'))
        result = subprocess.run(['unshare', '-n', 'bash', '-c', '\n'.join(script)], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, universal_newlines=True, env=env, timeout=60, check=False)
        assert result.returncode == 0, result.stdout
        return [part.strip().splitlines() for part in result.stdout.split('=== step')[1:]]
    return steps


ANNOUNCED = 'ip -4 route show table main proto 252; ip -6 route show table main proto 252'


def _announced(lines):
    return sorted(line.split()[0] for line in lines)


def test_start_makes_every_vip_local_and_announces_nothing_before_quorum(run):
    out = run(['start'], 'ip route get 10.1.1.167', 'ip -6 route get 2001:db8::166', ANNOUNCED, 'ip -o addr show dev lvs-vip')
    assert out[1][0].startswith('local 10.1.1.167 ') and out[2][0].startswith('local 2001:db8::166 ')
    assert out[3] == [] and '10.1.1.16' not in ' '.join(out[4])  # routes, not addresses: FRR would not announce those


def test_a_vip_is_announced_while_every_service_of_it_has_quorum(run):
    out = run(['start'], ['up', 'TCP-10.1.1.166:80'], ANNOUNCED, ['up', 'TCP-10.1.1.166:443'], ['up', 'group-web'],
              ANNOUNCED, ['down', 'TCP-10.1.1.166:443'], ANNOUNCED, ['status'])
    assert _announced(out[2]) == []
    assert _announced(out[5]) == ['10.1.1.166', '10.1.1.167', '2001:db8::166']
    assert _announced(out[7]) == ['10.1.1.167', '2001:db8::166']
    assert out[8] == ['maintenance off', '10.1.1.166 withdrawn', '10.1.1.167 announced', '2001:db8::166 announced']


def test_maintenance_withdraws_everything_and_keeps_the_vips_local(run):
    out = run(['start'], ['up', 'group-web'], ['maintenance', 'on'], ['maintenance', 'on'], ANNOUNCED,
              'ip route get 10.1.1.167', ['up', 'TCP-10.1.1.166:80'], ANNOUNCED, ['maintenance', 'off'], ANNOUNCED)
    assert out[2] == ['changed'] and out[3] == ['unchanged'] and _announced(out[4]) == []
    assert out[5][0].startswith('local 10.1.1.167 ')
    assert _announced(out[7]) == []  # quorum gained in maintenance is remembered, not announced
    assert out[8] == ['changed'] and _announced(out[9]) == ['10.1.1.167', '2001:db8::166']


def test_withdraw_forgets_every_quorum_as_when_keepalived_dies(run):
    out = run(['start'], ['up', 'group-web'], ['withdraw'], ANNOUNCED, ['start'], ANNOUNCED, 'ip route get 10.1.1.167')
    assert _announced(out[3]) == [] and _announced(out[5]) == []
    assert out[6][0].startswith('local 10.1.1.167 ')


def test_a_vip_the_settings_drop_loses_its_local_and_announced_routes(run, tmp_path):
    out = run(['start'], ['up', 'group-web'],
              'sed -i "s/ 10.1.1.167//; s/group-web=10.1.1.167,/group-web=/" "$LVS_ANNOUNCE_SETTINGS"', ['start'],
              ANNOUNCED, 'ip route show table local proto 251')
    assert _announced(out[4]) == ['2001:db8::166']
    assert [line.split()[1] for line in out[5]] == ['10.1.1.166']


def test_a_service_key_with_a_slash_is_refused(run):
    with pytest.raises(AssertionError) as failed:
        run(['up', '../etc/passwd'])
    assert 'usage' in str(failed.value)


def test_a_quorum_gained_announces_only_once_it_has_settled_and_a_loss_withdraws_at_once(run):
    # LVS_ANNOUNCE_SETTLE: one check cycle, so that every real server is back in the director's table (and its
    # Maglev hash the other directors') before the routers send it flows; an "up" again (a reload) keeps the clock
    out = run('echo LVS_ANNOUNCE_SETTLE=2 >>"$LVS_ANNOUNCE_SETTINGS"', ['start'], ['up', 'group-web'], ANNOUNCED,
              'sleep 1.2', ['up', 'group-web'], ANNOUNCED, 'sleep 2.5', ANNOUNCED, ['down', 'group-web'], ANNOUNCED,
              ['up', 'group-web'], 'sleep 3.5', ANNOUNCED)
    assert _announced(out[3]) == [] and _announced(out[6]) == []
    assert _announced(out[8]) == ['10.1.1.167', '2001:db8::166']  # by the helper's own delayed look
    assert _announced(out[10]) == []
    assert _announced(out[13]) == ['10.1.1.167', '2001:db8::166']
