# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A director's announcements over real FRR: the frr.conf the model renders, the role's lvs-cluster-announce, and a
router (FRR too) in two network namespaces of this host. The router learns a VIP while its virtual servers have
quorum and the director is not in maintenance, nothing else, and the director takes nothing from the router.
Skipped where FRR's daemons or network namespaces are missing."""

from __future__ import absolute_import, division, print_function

import os
import pathlib
import shutil
import subprocess
import tempfile
import uuid

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.frr import render, settings

HERE = os.path.dirname(os.path.abspath(__file__))
HELPER = os.path.join(HERE, *(['..'] * 4 + ['roles', 'director', 'files', 'lvs-cluster-announce']))
DAEMONS = '/usr/lib/frr'
PASSWORD = 'Bgp9pw'
ROUTER = '''router bgp 65000
 bgp router-id 10.9.0.1
 no bgp ebgp-requires-policy
 neighbor 10.9.0.2 remote-as 65001
 neighbor 10.9.0.2 password %s
 neighbor 10.9.0.2 timers connect 1
 address-family ipv4 unicast
  network 10.77.0.0/16
 exit-address-family
exit
''' % PASSWORD
SETTINGS = '''LVS_VIP_INTERFACE=lvs-vip
LVS_VIPS="10.1.1.166 10.1.1.167"
LVS_SERVICES="TCP-10.1.1.166:80=10.1.1.166 TCP-10.1.1.167:80=10.1.1.167 TCP-10.1.1.167:443=10.1.1.167"
'''
# The steps, in one shell with the two namespaces up: each prints a line the test reads.
STEPS = r'''
learned() { ip -n "$R" route show proto bgp | awk '{print $1}' | sort | tr '\n' ' '; }
until_learned() { for _ in $(seq 1 150); do [ "$(learned)" = "$1" ] && break; sleep 0.1; done; echo "$2: $(learned)"; }
ip netns exec "$D" "$HELPER" start
ip -n "$D" route add 10.1.1.170/32 dev lvs-vip proto 252   # a route the prefix list does not name
until_learned "" "before quorum"
ip netns exec "$D" "$HELPER" up TCP-10.1.1.166:80
ip netns exec "$D" "$HELPER" up TCP-10.1.1.167:80
until_learned "10.1.1.166 " "quorum of 10.1.1.166 and half of 10.1.1.167"
ip netns exec "$D" "$HELPER" up TCP-10.1.1.167:443
until_learned "10.1.1.166 10.1.1.167 " "quorum of both"
ip netns exec "$D" "$HELPER" maintenance on >/dev/null
until_learned "" "maintenance"
echo "local in maintenance: $(ip -n "$D" route get 10.1.1.166 | head -1 | awk '{print $1}')"
ip netns exec "$D" "$HELPER" maintenance off >/dev/null
until_learned "10.1.1.166 10.1.1.167 " "back"
ip netns exec "$D" "$HELPER" withdraw
until_learned "" "keepalived gone"
echo "director learned: $(ip -n "$D" route show proto bgp | wc -l)"
'''


def _missing():
    if os.geteuid() != 0 or shutil.which('ip') is None:
        return 'network namespaces need root and iproute2'
    if not all(os.access(os.path.join(DAEMONS, name), os.X_OK) for name in ('zebra', 'bgpd')):
        return 'FRR is not installed (Debian: apt-get install frr)'
    return None


def _script(tmp_path, director, router):
    lines = ['set -e', 'D=%s R=%s HELPER=%s' % (director, router, HELPER),
             'ip netns add $R', 'ip netns add $D',
             'ip link add vr netns $R type veth peer name vd netns $D',
             'ip -n $R addr add 10.9.0.1/24 dev vr', 'ip -n $D addr add 10.9.0.2/24 dev vd',
             'for n in $R $D; do ip -n $n link set lo up; done', 'ip -n $R link set vr up', 'ip -n $D link set vd up',
             # this host's kernel has no dummy links: a veth of the interface's name stands in
             'ip -n $D link add lvs-vip type veth peer name peer0', 'ip -n $D link set peer0 up']
    for name, namespace in (('r', router), ('d', director)):
        where = tmp_path / name
        for daemon in ('zebra', 'bgpd'):
            lines.append('ip netns exec %s %s/%s -d -f %s/frr.conf -i %s/%s.pid -z %s/zserv.api --vty_socket %s'
                         % (namespace, DAEMONS, daemon, where, where, daemon, where, where))
    return '\n'.join(lines) + STEPS


@pytest.fixture
def frr_dir():
    """A directory FRR's daemons (user frr) can reach: pytest's own are root's alone."""
    directory = tempfile.mkdtemp(prefix='lvs-bgp-test-')
    os.chmod(directory, 0o755)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def test_the_router_learns_exactly_what_the_director_can_serve(frr_dir):
    why = _missing()
    if why:
        pytest.skip(why)
    tmp_path = pathlib.Path(frr_dir)
    for name, text in (('r', ROUTER), ('d', render.render(settings.check({
            'asn': 65001, 'router_id': '10.9.0.2', 'peers': [{'address': '10.9.0.1', 'asn': 65000, 'password': PASSWORD}],
            'timers': {'keepalive': 1, 'hold': 3}, 'announce': ['10.1.1.166', '10.1.1.167']})))):
        (tmp_path / name).mkdir()
        (tmp_path / name / 'frr.conf').write_text(text)
        shutil.chown(str(tmp_path / name), 'frr', 'frr')
    (tmp_path / 'settings').write_text(SETTINGS)
    tag = uuid.uuid4().hex[:8]
    director, router = 'lvst-d-' + tag, 'lvst-r-' + tag
    env = dict(os.environ, LVS_ANNOUNCE_SETTINGS=str(tmp_path / 'settings'), LVS_ANNOUNCE_STATE=str(tmp_path / 'quorum'),
               LVS_ANNOUNCE_MAINTENANCE=str(tmp_path / 'maintenance'))
    try:
        result = subprocess.run(['nice', '-n', '19', 'bash', '-c', _script(tmp_path, director, router)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=120,
                                check=False)
    finally:
        for name in ('r', 'd'):
            for daemon in ('bgpd', 'zebra'):
                pid = tmp_path / name / ('%s.pid' % daemon)
                if pid.exists():
                    subprocess.run(['kill', pid.read_text().strip()], check=False)
        for namespace in (director, router):
            subprocess.run(['ip', 'netns', 'del', namespace], capture_output=True, check=False)
    assert result.returncode == 0, result.stdout
    said = dict(line.split(': ', 1) for line in result.stdout.splitlines() if ': ' in line)
    assert said['before quorum'] == ''
    assert said['quorum of 10.1.1.166 and half of 10.1.1.167'] == '10.1.1.166 '
    assert said['quorum of both'] == '10.1.1.166 10.1.1.167 '
    assert said['maintenance'] == '' and said['local in maintenance'] == 'local'
    assert said['back'] == '10.1.1.166 10.1.1.167 '
    assert said['keepalived gone'] == ''
    assert said['director learned'] == '0'  # the router's 10.77.0.0/16 is refused
