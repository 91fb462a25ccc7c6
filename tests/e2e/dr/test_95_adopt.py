# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Adopting a hand-built cluster (lvs.cluster.adopt, docs/adopt.md).

The article's section-3 pair is put on the lab's directors by hand, as the article does it: its own two
keepalived.conf files (legacy keywords, its layout; the lab's interface and password), keepalived restarted on each. lvs.cluster.adopt
reads them and writes an inventory; on that inventory, lvs.cluster.site --check --diff reports no change to
keepalived.conf on either director, and a real lvs.cluster.site run under traffic keeps keepalived's PID on both,
the VIP where it was, both files as the operator wrote them, and every request answered.
"""

from __future__ import absolute_import, division, print_function

import hashlib
import os
import shutil
import subprocess

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_adopt import ARTICLE

from .test_85_rolling_update import MARGIN, Traffic

FILES = {'lvs1': 'section3-lvs1.conf', 'lvs2': 'section3-lvs2.conf'}  # the article's, by the lab's director names
CONFIG = '/etc/keepalived/keepalived.conf'
MAIN_PID = 'systemctl show -p MainPID --value keepalived'
CONFIG_TASK = 'Render, check (keepalived -t) and install keepalived.conf]'


def hand_written(director, interface, password):
    """The article's file, with the lab's interface and VRRP password: a later deploy of the lab's own inventory then
    changes no password (which, one director at a time, would make both MASTER until the second one reloads)."""
    with open(os.path.join(ARTICLE, FILES[director])) as article:
        text = article.read()
    assert 'auth_pass 1111\n' in text
    return text.replace('interface eth0', 'interface %s' % interface).replace('auth_pass 1111', 'auth_pass %s' % password)


# What lvs.cluster's director role left on the lab's directors (deployed at the start of the tests) goes, so that
# they are as the article's operator has them: Debian's keepalived and ipvsadm, and the hand-written file.
UNDO_THE_ROLE = ('systemctl disable --now lvs-cluster-vrrp-firewall.service 2>/dev/null; '
                 'rm -rf /etc/systemd/system/lvs-cluster-vrrp-firewall.service /etc/nftables.d/lvs-cluster-vrrp.nft '
                 '/etc/systemd/system/keepalived.service.d /etc/sysctl.d/90-lvs-cluster-director.conf '
                 '/etc/modules-load.d/lvs-cluster.conf /var/lib/lvs-cluster && systemctl daemon-reload && '
                 'sysctl -qw net.ipv4.vs.conn_reuse_mode=1 net.ipv4.ip_nonlocal_bind=0')


def install_by_hand(lab, director, text):
    """What the article's operator does: write the file, restart keepalived."""
    writer = lab.popen(director, '%s && cat > %s && systemctl restart keepalived' % (UNDO_THE_ROLE, CONFIG),
                       stdin=subprocess.PIPE)
    _out, err = writer.communicate(text, timeout=120)
    assert writer.returncode == 0, err


def config_task(output):
    """The lines of the keepalived.conf task of the director role in a playbook's output."""
    assert CONFIG_TASK in output, output[-3000:]
    return output.split(CONFIG_TASK, 1)[1].split('TASK [', 1)[0]


def changed_tasks(output, hosts):
    """The number of tasks a playbook's output shows changed on ``hosts``, from its recap."""
    return sum(int(line.split('changed=')[1].split()[0]) for line in output.splitlines()
               if line.split(' ', 1)[0] in hosts and 'changed=' in line)


def facts(lab, directors):
    return dict((d, (lab.out(d, MAIN_PID).strip(), hashlib.sha256(lab.out(d, 'cat %s' % CONFIG).encode()).hexdigest()))
                for d in directors)


def test_a_hand_built_cluster_is_adopted_and_deployed_without_a_change(lab, cluster, tmp_path):
    instance = cluster.variables[cluster.master]['lvs_vrrp_instances'][cluster.instance_name]
    password = instance['authentication']['auth_pass']
    assert [d for d in cluster.directors if d not in FILES] == [], 'the lab names its directors as the article does'
    for director in cluster.backups + [cluster.master]:  # the article's order: the backup first
        install_by_hand(lab, director, hand_written(director, cluster.interface, password))
    lab.wait_converged(timeout=120)

    adopted = os.path.join(lab.state, 'adopted')
    connection = os.path.join(lab.state, 'adopt-connection')  # hosts.ini alone: how to reach the hosts, no cluster
    for directory in (adopted, connection):
        shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(connection)
    shutil.copy(os.path.join(lab.inventory_dir, 'hosts.ini'), connection)
    password = os.path.join(lab.state, 'adopt-vault-password')
    with open(password, 'w') as handle:
        handle.write('lab-adopt-only\n')
    vault = ['--vault-password-file', password]
    rc, output = lab.script_output('deploy.sh', '--playbook', 'lvs.cluster.adopt', '-e', 'lvs_adopt_dest=%s' % adopted,
                                   *vault)
    assert rc == 0, output[-3000:]
    assert 'Round trip: deploying this inventory gives each director a configuration' in output, output[-3000:]
    with open(os.path.join(adopted, 'hosts.yml')) as hosts:
        assert 'rs1:' in hosts.read()  # the real servers by the lab's names
    inventory = ['--inventory', os.path.join(connection, 'hosts.ini'), '--inventory', adopted]

    before = facts(lab, cluster.directors)
    rc, checked = lab.script_output('deploy.sh', *(inventory + ['--check', '--diff'] + vault))
    assert rc == 0, checked[-3000:]
    task = config_task(checked)
    assert all('ok: [%s]' % d in task for d in cluster.directors) and 'changed:' not in task, task

    traffic = Traffic(lab, cluster)
    try:
        rc, deployed = lab.script_output('deploy.sh', *(inventory + vault))
        results, _ok, failed, gap, _normal, unheld = traffic.stop()
    finally:
        traffic.kill()
    after = facts(lab, cluster.directors)
    holders = lab.vip_holders()
    print('\n[e2e] adopted the article\'s hand-built pair: --check --diff left keepalived.conf unchanged on %s; the '
          'site run (%s on the directors) kept PIDs %s -> %s and the files; VIP on %s; %d requests during the run, '
          '%d failed, longest time without an answer %.2f s, longest time no director was seen holding the VIP %.1f s'
          % (', '.join(cluster.directors), changed_tasks(deployed, cluster.directors),
             dict((d, before[d][0]) for d in before), dict((d, after[d][0]) for d in after), holders, len(results),
             len(failed), gap, unheld))
    assert rc == 0, deployed[-3000:]
    assert changed_tasks(deployed, cluster.directors) > 0  # the role's first run on them: it did its other work
    task = config_task(deployed)
    assert 'changed:' not in task, task
    assert after == before, (before, after)  # the same keepalived process, the file as written by hand
    assert holders == [cluster.master]
    assert results and len(failed) == 0, failed[:20]
    assert gap <= MARGIN and unheld == 0, (gap, unheld)
