# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reboots: a director and a real server are rebooted from inside; without any Ansible run their
configuration comes back by itself (keepalived enabled with the same keepalived.conf, ip_vs loaded,
the master preempting again, a drained real server still drained; the real server's VIP on lo and its ARP
sysctls), and the cluster works."""

from __future__ import absolute_import, division, print_function

import re

MAC = re.compile(r'([0-9a-f]{2}(?::[0-9a-f]{2}){5})', re.I)
# Polling, and services starting after sshd under TCG emulation.
MARGIN = 10.0


def test_director_reboot(lab, cluster):
    director = cluster.master
    drained = cluster.realservers[0]  # stays drained through the reboot (lvs.cluster.drain: a file keepalived reads)
    endpoint = cluster.address_of(drained)
    conf = lab.out(director, 'sha256sum /etc/keepalived/keepalived.conf').split()[0]
    lab.script('deploy.sh', '--playbook', 'lvs.cluster.drain', '-e', 'lvs_drain_host=%s' % drained)
    try:
        took = lab.reboot(director)
        print('\n[e2e] %s rebooted and answers ssh after %.0f s' % (director, took))
        lab.wait_for('keepalived active on %s' % director,
                     lambda: lab.ssh(director, 'systemctl is-active keepalived', check=False)[0] == 0, 60)
        assert lab.out(director, 'systemctl is-enabled keepalived').strip() == 'enabled'
        assert lab.out(director, 'sha256sum /etc/keepalived/keepalived.conf').split()[0] == conf
        assert lab.ssh(director, 'test -e /proc/net/ip_vs && grep -qw ^ip_vs /proc/modules', check=False)[0] == 0, \
            'ip_vs is not loaded after the reboot'
        lab.wait_for('%s in the IPVS table of %s' % (drained, director),
                     lambda: endpoint in lab.reals_in_table(director), cluster.delay_loop + MARGIN)
        assert lab.reals_in_table(director)[endpoint][1] == 0, '%s is not drained after the reboot' % drained
    finally:
        lab.script('deploy.sh', '--playbook', 'lvs.cluster.undrain', '-e', 'lvs_drain_host=%s' % drained)
    # preempts again (priority %d over the backups) with the table of the configuration
    lab.wait_converged(timeout=cluster.delay_loop + 3 * cluster.advert_int + MARGIN)
    answers = lab.requests(6)
    assert sorted(set(answers)) == sorted(cluster.realservers), answers


def test_realserver_reboot(lab, cluster):
    realserver = cluster.realservers[-1]
    address = cluster.address_of(realserver)
    took = lab.reboot(realserver)
    print('\n[e2e] %s rebooted and answers ssh after %.0f s' % (realserver, took))
    lo = lab.out(realserver, 'ip -o -4 addr show dev lo')
    assert re.search(r'inet %s/32 .*\blo:\d+' % re.escape(cluster.vip), lo), lo
    interfaces = ['all', 'lo'] + [i for i in [cluster.realserver_interface(realserver)] if i]
    for interface in interfaces:
        values = lab.out(realserver, 'sysctl -n net.ipv4.conf.%s.arp_ignore net.ipv4.conf.%s.arp_announce'
                         % (interface, interface)).split()
        assert values == ['1', '2'], '%s: arp_ignore/arp_announce of %s are %s after the reboot' % (
            realserver, interface, values)
    web = lab.web_service(realserver)
    lab.wait_for('%s active on %s' % (web, realserver),
                 lambda: lab.ssh(realserver, 'systemctl is-active %s' % web, check=False)[0] == 0, 60)
    bound = cluster.delay_loop + MARGIN
    back = lab.wait_for('%s back in the IPVS table of %s' % (realserver, cluster.master),
                        lambda: address in lab.reals_in_table(cluster.master), bound)
    print('[e2e] %s back in the IPVS table %.1f s after its web server was up (bound %.0f s)' % (realserver, back, bound))
    # only the master answers ARP for the VIP: the real server's VIP on lo stays hidden
    master_mac = lab.out(cluster.master, 'cat /sys/class/net/%s/address' % cluster.interface).strip().lower()
    arp = lab.out(cluster.client, 'ip neigh flush to %s; arping -c 3 -w 5 -I %s %s || true'
                  % (cluster.vip, cluster.interface, cluster.vip), timeout=30)
    macs = set(m.lower() for line in arp.splitlines() if 'from' in line for m in MAC.findall(line))
    assert macs == set([master_mac]), 'ARP for %s answered by %s, want only %s:\n%s' % (cluster.vip, macs, master_mac, arp)
    answers = lab.requests(6)
    assert sorted(set(answers)) == sorted(cluster.realservers), answers
