# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A configuration change on a running cluster: the site playbook reloads keepalived (SIGHUP), it does not
restart it, so the master keeps the VIP the whole time."""

from conftest import DIRECTORS, LVS1, LVS2, VIP, Poller

NEW_REAL_SERVER = '10.1.94.165'  # the client's address stands in for a new web server; with --vrrp nothing is sent
RS1_ADDRESS = '10.1.94.163'  # molecule.yml


def test_adding_a_real_server_reloads_without_moving_the_vip(cluster, tmp_path):
    pids = dict((host, cluster.main_pid(host)) for host in DIRECTORS)
    since = float(cluster.out(LVS1, 'date +%s.%N'))
    poller = Poller(interval=0.1)
    try:
        cluster.site({'lvs_virtual_servers': [{
            'address': VIP, 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'rr', 'lvs_method': 'DR', 'delay_loop': 6,
            'real_servers_from_group': 'lvs_realservers',
            'real_servers': [{'address': NEW_REAL_SERVER, 'port': 80, 'external': True}],
            'real_server_defaults': {'checkers': [{'type': 'TCP_CHECK', 'connect_port': 80, 'connect_timeout': 10,
                                                   'retry': 3, 'delay_before_retry': 3}]},
        }]}, tmp_path=tmp_path)
    finally:
        samples = poller.stop()
    for host in DIRECTORS:
        assert 'real_server %s 80' % NEW_REAL_SERVER in cluster.conf(host)
        log = cluster.journal_since(host, since)
        assert 'Reload complete' in log and 'Starting Keepalived' not in log, log
    # one director at a time, the backup first: the master reloads only after the backup has finished its reload
    reloaded = dict((host, cluster.reload_times(host, since)) for host in DIRECTORS)
    assert len(reloaded[LVS1]) == 1 and len(reloaded[LVS2]) == 1, reloaded
    assert reloaded[LVS2][0][1] <= reloaded[LVS1][0][0], reloaded
    assert dict((host, cluster.main_pid(host)) for host in DIRECTORS) == pids
    # every 100 ms during the whole run: the VIP on lvs1, never on lvs2
    assert len(samples[LVS1]) > 50, 'too few samples: %d' % len(samples[LVS1])
    assert all(held for _t, held in samples[LVS1]), [t for t, held in samples[LVS1] if not held][:5]
    assert not any(held for _t, held in samples[LVS2])


def test_a_site_run_leaves_a_drained_real_server_drained(cluster, tmp_path):
    """lvs.cluster.drain's file on the directors (1: weight 0) is not the site playbook's to undo: it stays, and the
    run says which real servers it left drained."""
    drain_file = '/var/lib/lvs-cluster/drain/%s' % RS1_ADDRESS
    for host in DIRECTORS:
        cluster.sh(host, 'echo 1 > %s' % drain_file)
    try:
        result = cluster.site(tmp_path=tmp_path)
        kept = dict((host, cluster.out(host, 'cat %s' % drain_file).strip()) for host in DIRECTORS)
    finally:
        for host in DIRECTORS:
            cluster.sh(host, 'rm -f %s' % drain_file)
    assert kept == dict((host, '1') for host in DIRECTORS), kept
    assert result.stdout.count('drained here, and left so by this run: %s' % RS1_ADDRESS) == len(DIRECTORS), \
        result.stdout[-3000:]
