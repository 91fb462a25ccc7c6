# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's host and network tables (lab/vm/lib.sh) of every topology (lab/topologies): what up.sh builds from."""

from __future__ import absolute_import, division, print_function

import os
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
LIB = os.path.join(REPO, 'lab', 'vm', 'lib.sh')
TOPOLOGIES = sorted(name for name in os.listdir(os.path.join(REPO, 'lab', 'topologies'))
                    if os.path.isfile(os.path.join(REPO, 'lab', 'topologies', name, 'topology.conf')))
# one line per host address: host, kind, address, its network, its IPv6 address (or -), its tap (VMs) and MAC
TABLE = r'''
for h in "${LAB_NAMES[@]}"; do
    i=0
    for a in ${LAB_ADDRS[$h]}; do
        a6=$(ip6_of "$a"); tap=-; [[ ${LAB_KIND[$h]} != vm ]] || tap=$(tap_of "$h" "$i")
        echo "$h ${LAB_KIND[$h]} $a $(net_of "$a") ${a6:--} $tap $(mac_of "$a")"
        i=$((i + 1))
    done
done
'''


def lab(script, tmp_path, **env):
    environment = dict((k, v) for k, v in os.environ.items() if not k.startswith('LVS_LAB_'))
    environment.update(LVS_LAB_STATE=str(tmp_path), **env)
    return subprocess.run(['bash', '-c', '. "$1"; ' + script, 'lib', LIB], capture_output=True, text=True,
                          env=environment, timeout=60, check=False)


def table(tmp_path, **env):
    result = lab(TABLE, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return [line.split() for line in result.stdout.splitlines()]


@pytest.mark.parametrize('topology', TOPOLOGIES)
def test_every_topology_has_unique_addresses_macs_and_taps(tmp_path, topology):
    rows = table(tmp_path, LVS_LAB_TOPOLOGY=topology)
    for column, what in ((2, 'address'), (4, 'IPv6 address'), (5, 'tap'), (6, 'MAC')):
        values = [row[column] for row in rows if row[column] != '-']
        assert len(values) == len(set(values)), '%s: a %s twice: %s' % (topology, what, values)
    assert all(len(row[5]) <= 15 for row in rows), rows  # the kernel's limit for an interface name


def test_the_shapes_directors_have_an_interface_on_each_network_and_ipv6_on_lan(tmp_path):
    rows = dict(((row[0], row[3]), row) for row in table(tmp_path, LVS_LAB_TOPOLOGY='shapes'))
    assert rows[('lvs1', 'lan')][2:] == ['10.1.1.160', 'lan', 'fd00:10:1:1::160', 'tap-lvs1', '52:54:00:01:01:a0']
    assert rows[('lvs1', 'back')][2:] == ['10.1.3.160', 'back', '-', 'tap-lvs1-1', '52:54:00:01:03:a0']
    assert rows[('rs3', 'back')][4] == '-' and rows[('rs5', 'lan')][4] == 'fd00:10:1:1::171'


@pytest.mark.parametrize('networks6, message', [
    ('wan=fd00::1/64', "names 'wan', which is not in LVS_LAB_NETWORKS"),
    ('lan=fd00:1::1/48', 'bad IPv6 network'),
    ('lan=fd00:1:2::/64', 'bad IPv6 network'),
])
def test_a_bad_ipv6_network_is_refused_with_the_fix(tmp_path, networks6, message):
    result = lab('true', tmp_path, LVS_LAB_TOPOLOGY='dr', LVS_LAB_NETWORKS6=networks6)
    assert result.returncode != 0 and message in result.stderr, result.stderr


@pytest.mark.parametrize('topology', TOPOLOGIES)
def test_every_topologys_inventory_validates(tmp_path, topology):
    """What the lab deploys (and docs/inventory.md quotes) is a valid inventory: its committed files with the
    hosts.ini up.sh would write, through `lvs-cluster validate` (Ansible reads it)."""
    hosts = lab('"$LAB_DIR/inventory.sh" --all', tmp_path, LVS_LAB_TOPOLOGY=topology)
    assert hosts.returncode == 0, hosts.stderr
    inventory = tmp_path / 'inventory'
    shutil.copytree(os.path.join(REPO, 'lab', 'topologies', topology, 'inventory'), str(inventory),
                    ignore=shutil.ignore_patterns('hosts.ini'))
    (inventory / 'hosts.ini').write_text(hosts.stdout)
    result = subprocess.run([os.path.join(REPO, 'scripts', 'lvs-cluster'), 'validate', str(inventory)],
                            capture_output=True, text=True, timeout=300, check=False,
                            env=dict(os.environ, PYTHON=sys.executable))
    assert result.returncode == 0 and '\n0 error(s)' in '\n' + result.stdout, result.stdout + result.stderr
