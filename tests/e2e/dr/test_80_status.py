# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``ansible-playbook lvs.cluster.status`` on the article's pair: the healthy cluster, a stopped real server (down), a
drained one (drained), and split brain made on purpose behind the collection's back (lvs2's keepalived.conf given
another virtual_router_id, so both directors are MASTER of the VIP): the status names it and the playbook fails."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess

CONF = '/etc/keepalived/keepalived.conf'


def status(lab, fails=False):
    """The status playbook's JSON report of the lab's cluster; with ``fails``, the playbook must fail."""
    path = os.path.join(lab.state, 'reports', 'status.json')
    if os.path.exists(path):
        os.remove(path)
    try:
        lab.script('deploy.sh', '--playbook', 'lvs.cluster.status', '-e', 'lvs_status_json=%s' % path)
        failed = False
    except subprocess.CalledProcessError:
        failed = True
    assert failed == fails, 'the status playbook %s' % ('passed' if fails else 'failed')
    with open(path) as saved:
        (report,) = json.load(saved)['clusters'].values()
    return report


def states(report):
    """{real server name: {director: state}}."""
    return dict((real['name'], dict((d['host'], d['state']) for d in real['directors']))
                for server in report['virtual_servers'] for real in server['real_servers'])


def test_a_healthy_cluster_is_ok(lab, cluster):
    report = status(lab)
    (instance,) = report['vrrp_instances']
    print('\n[e2e] status of the healthy pair: %s, masters %s, real servers %s'
          % (report['verdict'], instance['masters'], states(report)))
    assert report['verdict'] == 'ok' and report['reasons'] == [], report['reasons']
    assert instance['masters'] == [cluster.master] and instance['expected_master'] == cluster.master
    assert states(report) == dict((rs, dict((d, 'up') for d in cluster.directors)) for rs in cluster.realservers)


def test_a_stopped_real_server_is_down_and_a_drained_one_drained(lab, cluster):
    stopped, drained = cluster.realservers
    endpoint = cluster.address_of(stopped)
    lab.ssh(stopped, 'systemctl stop lab-httpd')
    try:
        lab.wait_for('%s out of %s\'s table' % (stopped, cluster.master),
                     lambda: endpoint not in lab.reals_in_table(cluster.master), cluster.check_down_bound(stopped) + 5)
        lab.script('deploy.sh', '--playbook', 'lvs.cluster.drain', '-e', 'lvs_drain_host=%s' % drained, '-e',
                   'lvs_drain_timeout=30')
        report = status(lab)
    finally:
        lab.ssh(stopped, 'systemctl start lab-httpd')
        lab.script('deploy.sh', '--playbook', 'lvs.cluster.undrain', '-e', 'lvs_drain_host=%s' % drained)
        lab.wait_converged(timeout=cluster.delay_loop + 30)
    print('\n[e2e] status with %s stopped and %s drained: %s; %s' % (
        stopped, drained, report['verdict'], report['reasons']))
    assert report['verdict'] == 'degraded'
    found = states(report)
    assert set(found[stopped].values()) == {'down'} and set(found[drained].values()) == {'drained'}, found
    assert any(drained in reason and 'drained' in reason for reason in report['reasons']), report['reasons']
    assert any(stopped in reason for reason in report['reasons']), report['reasons']


def test_two_masters_are_split_brain_and_fail_the_run(lab, cluster):
    (backup,) = cluster.backups
    lab.ssh(backup, 'cp %s /root/keepalived.conf.lab && sed -i "s/virtual_router_id .*/virtual_router_id 99/" %s && '
                    'systemctl restart keepalived' % (CONF, CONF))
    try:
        lab.wait_for('%s and %s both hold the VIP' % (cluster.master, backup),
                     lambda: sorted(lab.vip_holders()) == sorted(cluster.directors), 15)
        report = status(lab, fails=True)
    finally:
        lab.ssh(backup, 'cp /root/keepalived.conf.lab %s && systemctl restart keepalived' % CONF)
        lab.wait_converged(timeout=60)
    print('\n[e2e] status with two MASTERs: %s; %s' % (report['verdict'], report['split_brain'] or report['reasons']))
    assert report['verdict'] == 'split_brain'
    text = json.dumps(report['split_brain'] or report['reasons'])
    assert cluster.vip in text and cluster.master in text and backup in text, text
