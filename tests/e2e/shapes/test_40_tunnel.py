# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""LVS-TUN: the directors encapsulate the client's packets (IP in IP) to real servers that hold the VIP on tunl0
and answer the client directly.

- requests to the TUN VIP alternate between the real servers (rr); the IPVS table says Tunnel;
- each real server has the ipip module's tunl0 up with the VIP, and reverse path filtering off for it (the
  decapsulated packet comes in on tunl0 from a client the routing table reaches through eth0);
- a real server whose kernel has no ipip (the lab's containers share the host's kernel, which has none) is refused
  at preparation with the reason and the fix, and is left unchanged.
"""

from __future__ import absolute_import, division, print_function

from .conftest import alternates

PLAYBOOK = '''
- hosts: %(host)s
  gather_facts: false
  tasks:
    - lvs.cluster.lvs_realserver:
        method: TUN
        vips: [%(vip)s]
'''


def test_tun_requests_alternate_and_the_real_servers_answer_from_tunl0(lab, cluster):
    tun = cluster.service('TUN')
    alternates(lab, cluster, tun)
    for realserver in tun.realservers:
        tunnel = lab.out(realserver, 'ip -o -4 addr show dev tunl0; sysctl -n net.ipv4.conf.tunl0.rp_filter')
        assert 'inet %s/32' % tun.vip in tunnel and tunnel.split()[-1] == '0', '%s: %s' % (realserver, tunnel)
        # the requests came through the tunnel
        received = lab.out(realserver, 'cat /sys/class/net/tunl0/statistics/rx_packets')
        assert int(received) > 0, '%s decapsulated nothing' % realserver


def test_a_real_server_without_ipip_is_refused_at_preparation(lab, cluster, tmp_path):
    tun = cluster.service('TUN')
    host = cluster.service('DR').realservers[0]  # a container: the host's kernel, without ipip
    before = lab.out(host, 'ip -o addr; sysctl net.ipv4.conf.all.rp_filter')
    playbook = tmp_path / 'tun.yml'
    playbook.write_text(PLAYBOOK % dict(host=host, vip=tun.vip))
    code, output = lab.script_output('deploy.sh', '--playbook', str(playbook))
    assert code != 0, 'preparing %s for LVS-TUN should fail' % host
    assert 'ipip' in output and 'Fix' in output, output[-3000:]
    assert lab.out(host, 'ip -o addr; sysctl net.ipv4.conf.all.rp_filter') == before, '%s was changed' % host
