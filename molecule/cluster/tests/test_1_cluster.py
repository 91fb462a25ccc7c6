# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster the site playbook converged: one VIP holder, prepared real servers, ARP answered by the master only."""

import re

import pytest
import testinfra

from conftest import CLIENT, DIRECTORS, LVS1, REALSERVERS, VIP

SYSCTL_FILE = '/etc/sysctl.d/90-lvs-cluster-realserver.conf'
ARP = {'arp_ignore': 1, 'arp_announce': 2}


def docker_host(name):
    return testinfra.get_host('docker://' + name)


def test_exactly_one_director_holds_the_vip_and_it_is_lvs1(lab):
    assert lab.holders() == {LVS1}


@pytest.mark.parametrize('name', DIRECTORS)
def test_directors_run_keepalived_for_vrrp_only(name):
    host = docker_host(name)
    assert host.service('keepalived').is_running and host.service('keepalived').is_enabled
    assert 'DAEMON_ARGS="--vrrp"' in host.file('/etc/default/keepalived').content_string


@pytest.mark.parametrize('name,peer', [(DIRECTORS[0], '10.1.94.162'), (DIRECTORS[1], '10.1.94.160')])
def test_vrrp_is_accepted_from_the_peer_director_only(name, peer):
    rules = docker_host(name).check_output('nft list table inet lvs_cluster_vrrp')
    accepted = re.findall(r'ip saddr (\S+) accept', rules)
    assert accepted == [peer], rules
    assert 'meta l4proto vrrp drop' in rules or 'meta l4proto 112 drop' in rules


def test_vrrp_rule_survives_the_distributions_nftables_reloads():
    """Debian's /etc/nftables.conf begins with "flush ruleset": a reload or restart of nftables.service, and a flush
    followed by a reload, load the VRRP rule again (lvs-cluster-vrrp-firewall.service follows nftables.service)."""
    host = docker_host(DIRECTORS[0])
    table = 'nft list table inet lvs_cluster_vrrp'
    try:
        host.check_output('systemctl start nftables.service && systemctl restart lvs-cluster-vrrp-firewall.service')
        for change in ('systemctl reload nftables.service', 'nft flush ruleset && systemctl reload nftables.service',
                       'systemctl restart nftables.service'):
            host.check_output(change)
            assert host.run(table).rc == 0, 'the VRRP rule is gone after: %s' % change
    finally:
        host.run('systemctl stop nftables.service; systemctl start lvs-cluster-vrrp-firewall.service')
    assert host.run(table).rc == 0


@pytest.mark.parametrize('name', REALSERVERS)
def test_real_server_has_the_vip_on_lo_as_a_host_address_with_a_label(name):
    lines = [line for line in docker_host(name).check_output('ip -o -4 addr show dev lo').splitlines()
             if ' %s/' % VIP in line]
    assert len(lines) == 1, lines
    assert re.search(r'inet %s/32 .* lo:\d+(\\|\s|$)' % re.escape(VIP), lines[0]), lines[0]


@pytest.mark.parametrize('name', REALSERVERS)
@pytest.mark.parametrize('device', ['all', 'lo'])
@pytest.mark.parametrize('key', sorted(ARP))
def test_real_server_arp_settings_live_and_persistent(name, device, key):
    host = docker_host(name)
    assert int(host.file('/proc/sys/net/ipv4/conf/%s/%s' % (device, key)).content_string) == ARP[key]
    persistent = dict(re.findall(r'^\s*(\S+)\s*=\s*(\S+)\s*$', host.file(SYSCTL_FILE).content_string, re.M))
    assert persistent.get('net.ipv4.conf.%s.%s' % (device, key)) == str(ARP[key])


@pytest.mark.parametrize('name', REALSERVERS)
def test_real_server_web_service_runs(name):
    assert docker_host(name).service('lab-httpd').is_running


def test_arp_for_the_vip_is_answered_by_the_master_only(lab):
    master_mac = re.search(r'link/ether (\S+)', lab.out(LVS1, 'ip -o link show eth0')).group(1).lower()
    client = docker_host(CLIENT)
    client.run('ip neigh flush dev eth0')
    result = client.run('arping -c 3 -I eth0 %s' % VIP)
    macs = [mac.lower() for mac in re.findall(r'reply from %s \[([0-9A-Fa-f:]+)\]' % re.escape(VIP), result.stdout)]
    assert macs, result.stdout + result.stderr
    assert set(macs) == {master_mac}, result.stdout
