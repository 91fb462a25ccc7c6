# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real server marked lvs_realserver_state: absent in the inventory: the site playbook removes it from both
directors' keepalived.conf with a reload (the VIP stays on the master), then undoes its preparation (the VIP on lo,
the ARP settings); a second run changes nothing; marked present again, it is prepared before the directors forward
to it. The container kernel has no IPVS, so there is nothing to drain here (tests/e2e/dr proves the drain)."""

from conftest import DIRECTORS, LVS1, LVS2, RS2, VIP, Poller
from test_3_mismatches import bad_inventory

RS2_ADDRESS = '10.1.94.164'  # molecule.yml


def preparation(cluster, host):
    """(the VIP on lo, arp_ignore of all, whether the module's record of what it changed is there)."""
    return ((' %s/32' % VIP) in cluster.out(host, 'ip -o -4 addr show dev lo'),
            cluster.out(host, 'cat /proc/sys/net/ipv4/conf/all/arp_ignore').strip(),
            cluster.sh(host, 'test -e /var/lib/lvs-cluster/realserver.json', check=False).returncode == 0)


def recap_unchanged(result):
    return all(' changed=0 ' in line for line in result.stdout.split('PLAY RECAP')[1].splitlines() if ' : ' in line)


def test_an_absent_real_server_leaves_the_directors_is_undone_and_comes_back(cluster, tmp_path):
    assert preparation(cluster, RS2) == (True, '1', True)
    pids = dict((host, cluster.main_pid(host)) for host in DIRECTORS)
    since = float(cluster.out(LVS1, 'date +%s.%N'))
    inventory = bad_inventory(tmp_path, RS2, {'lvs_realserver_state': 'absent'})
    poller = Poller(interval=0.1)
    try:
        removed = cluster.playbook('lvs.cluster.site', inventory=inventory)
        confs = dict((host, cluster.conf(host)) for host in DIRECTORS)
        undone = preparation(cluster, RS2)
        again = cluster.playbook('lvs.cluster.site', inventory=inventory)
    finally:
        samples = poller.stop()
        restored = cluster.playbook('lvs.cluster.site')  # rs2 present again: the lab as converged
    assert removed.returncode == 0, removed.stdout[-6000:]
    assert not any(RS2_ADDRESS in text for text in confs.values()), confs
    assert undone == (False, '0', False), undone
    for host in DIRECTORS:  # a reload, one director at a time; the VIP never moved
        log = cluster.journal_since(host, since)
        assert 'Reload complete' in log and 'Starting Keepalived' not in log, log
    assert dict((host, cluster.main_pid(host)) for host in DIRECTORS) == pids
    assert all(held for _t, held in samples[LVS1]) and not any(held for _t, held in samples[LVS2])
    output = removed.stdout
    assert output.index('PLAY [Configure the directors') < output.index('PLAY [Undo the preparation')
    assert 'changed: [%s]' % RS2 in output.split('PLAY [Undo the preparation')[1].split('PLAY [')[0]
    assert 'changed: [%s]' % RS2 not in output.split('PLAY [Prepare the real servers')[1].split('PLAY [')[0]
    assert again.returncode == 0 and recap_unchanged(again), again.stdout[-3000:]
    # added back: prepared in the Prepare play, then the directors' reload forwards to it again
    assert restored.returncode == 0, restored.stdout[-6000:]
    assert 'changed: [%s]' % RS2 in restored.stdout.split('PLAY [Prepare the real servers')[1].split('PLAY [')[0]
    for host in DIRECTORS:
        assert 'real_server %s 80' % RS2_ADDRESS in cluster.conf(host)
    assert preparation(cluster, RS2) == (True, '1', True)
