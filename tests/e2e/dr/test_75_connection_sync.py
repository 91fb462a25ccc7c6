# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection sync (lvs_sync_daemon, derived by the collection): keep-alive connections survive a handover of the
VIP to the backup and back, and a kill -9 of the MASTER's keepalived (the backup takes over, systemd restarts it, it
takes the VIP back), because the backup holds a copy of the MASTER's IPVS connections. The counter-test: the same
handover with the sync daemons stopped breaks them (the new MASTER does not know them and resets them)."""

from __future__ import absolute_import, division, print_function

import time

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import timing
from labkit import Connections

CONNECTIONS = 20
INTERVAL = 0.2
SYNCED = 5     # seconds of requests before the handover: the kernel syncs a connection after its third packet


def maintenance(lab, director, state):
    return lab.script('deploy.sh', '--playbook', 'lvs.cluster.director_maintenance', '-e',
                      'lvs_maintenance_host=%s' % director, '-e', 'lvs_maintenance_state=%s' % state)


def handover_and_back(lab, cluster, name):
    traffic = Connections(lab, cluster.client, cluster.vip, cluster.port, count=CONNECTIONS, interval=INTERVAL,
                          name=name)
    switched = False
    try:
        traffic.ready()
        time.sleep(SYNCED)
        backup_copies = lab.out(cluster.backups[0], 'ipvsadm -Lnc | grep -c ESTABLISHED || true').strip()
        traffic.mark('maintenance on %s' % cluster.master)
        switched = True
        maintenance(lab, cluster.master, 'on')
        time.sleep(2)
        traffic.mark('maintenance off %s' % cluster.master)
        maintenance(lab, cluster.master, 'off')
        switched = False
        time.sleep(2)
        report = traffic.stop()
    finally:
        traffic.kill()
        if switched:
            lab.ssh(cluster.master, 'rm -f /var/lib/lvs-cluster/maintenance', check=False)
    return report, int(backup_copies or 0)


def test_keepalive_connections_survive_a_handover_with_sync(lab, cluster):
    report, copies = handover_and_back(lab, cluster, 'sync-on')
    totals = report['totals']
    print('\n[e2e] handover and back under %d keep-alive connections with connection sync: %d requests, %d failed, '
          '%d broken; the backup held %d synced ESTABLISHED connections before; longest time without an answer %.2f s'
          % (CONNECTIONS, totals['requests'], totals['failed'], totals['broken'], copies,
             report['longest_without_answer']['overall']['seconds']))
    assert copies >= CONNECTIONS, 'the backup has %d copies of %d connections' % (copies, CONNECTIONS)
    assert totals['failed'] == 0 and totals['broken'] == 0, report['timeline'][:20]


def test_keepalive_connections_survive_a_kill_9_of_the_masters_keepalived_with_sync(lab, cluster):
    master = cluster.master
    traffic = Connections(lab, cluster.client, cluster.vip, cluster.port, count=CONNECTIONS, interval=INTERVAL,
                          name='sync-kill')
    try:
        traffic.ready()
        time.sleep(SYNCED)
        traffic.mark('kill -9 keepalived on %s' % master)
        pid = lab.out(master, 'systemctl show -p MainPID --value keepalived').strip()
        lab.ssh(master, 'kill -9 $(pidof keepalived)')
        lab.wait_for('systemd starting keepalived again on %s' % master, lambda: lab.out(
            master, 'systemctl show -p MainPID --value keepalived').strip() not in ('0', pid), timeout=60)
        # the backup may have taken over meanwhile: the MASTER preempts it within a Master_Down_Interval
        down = timing.master_down_interval(cluster.advert_int, cluster.priorities[master], cluster.vrrp_version)
        time.sleep(down)
        lab.wait_for('the VIP back on %s alone' % master, lambda: lab.vip_holders() == [master], timeout=30 + down)
        time.sleep(2)
        report = traffic.stop()
    finally:
        traffic.kill()
    totals = report['totals']
    print('\n[e2e] kill -9 of %s\'s keepalived under %d keep-alive connections with connection sync: %d requests, '
          '%d failed, %d broken; longest time without an answer %.2f s'
          % (master, CONNECTIONS, totals['requests'], totals['failed'], totals['broken'],
             report['longest_without_answer']['overall']['seconds']))
    assert totals['failed'] == 0 and totals['broken'] == 0, report['timeline'][:20]


def test_without_sync_the_same_handover_breaks_them(lab, cluster):
    # the kernel's sync daemons stopped on both directors (as lvs_connection_sync: false leaves them, without two
    # site runs): keepalived starts them again at the next VRRP transition, too late for the connections made before
    for director in cluster.directors:
        lab.ssh(director, 'ipvsadm --stop-daemon master; ipvsadm --stop-daemon backup', check=False)
    report, copies = handover_and_back(lab, cluster, 'sync-off')
    totals = report['totals']
    print('\n[e2e] the same with the sync daemons stopped: %d requests, %d failed, %d broken (the backup held %d '
          'copies, of earlier connections)' % (totals['requests'], totals['failed'], totals['broken'], copies))
    assert totals['broken'] > 0, totals
