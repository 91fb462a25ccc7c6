# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One director after lvs.cluster.director: keepalived runs the rendered, valid configuration and holds the VIP."""

VIP = '10.1.93.166'
CONF = '/etc/keepalived/keepalived.conf'


def test_keepalived_runs_and_starts_at_boot(host):
    service = host.service('keepalived')
    assert service.is_running and service.is_enabled


def test_config_is_installed_root_only(host):
    conf = host.file(CONF)
    assert conf.user == 'root' and conf.group == 'root' and conf.mode == 0o640
    text = conf.content_string
    assert 'virtual_router_id 51' in text and 'router_id lvs-mol-default-lvs1' in text  # the inventory name
    assert 'lvs_sched rr' in text and 'lb_algo' not in text and 'protocol TCP' in text


def test_keepalived_config_test_passes_on_the_host(host):
    result = host.run('keepalived -t -e -f %s' % CONF)
    assert result.rc == 0, result.stderr


def test_vrrp_only_mode_is_explicit(host):
    assert 'DAEMON_ARGS="--vrrp"' in host.file('/etc/default/keepalived').content_string


def test_the_only_director_holds_the_vip(host):
    assert host.run('ip -o addr show dev eth0').stdout.count(' %s/' % VIP) == 1


def test_vrrp_firewall_drops_vrrp_from_anyone_but_the_peers(host):
    # A single director has no peers: every VRRP packet from elsewhere is dropped.
    rules = host.run('nft list table inet lvs_cluster_vrrp')
    assert rules.rc == 0, rules.stderr
    # nft prints the protocol by number (Debian 12's nftables 1.0.6) or by name (Debian 13's 1.1)
    assert ('meta l4proto 112 drop' in rules.stdout or 'meta l4proto vrrp drop' in rules.stdout)
    assert 'saddr' not in rules.stdout
    assert host.service('lvs-cluster-vrrp-firewall').is_enabled
