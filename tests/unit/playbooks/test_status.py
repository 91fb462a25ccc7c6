# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook lvs.cluster.status: with directors that cannot be reached (refused on loopback), and against two
real keepalived 2.2.7 in network namespaces of this host running the configuration the model derives from the same
inventory: ok, then split brain (lvs2 restarted with another virtual_router_id, validation bypassed on purpose), which
fails the run naming the hosts and the VIP. Passwords never appear in the output or the JSON file."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys
import time

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf
from ansible_collections.lvs.cluster.tests.unit import live_daemons

PASSWORD = 'Pb9stat'
GROUP_VARS = """
lvs_vrrp_instances:
  VI_1: {interface: eth0, virtual_router_id: 51, advert_int: 1, virtual_ipaddress: [%(vip)s],
         authentication: {auth_type: PASS, auth_pass: %(password)s}}
"""
WITH_SERVICE = """
lvs_virtual_servers:
  - {address: %(vip)s, port: 80, protocol: TCP, lvs_sched: rr, lvs_method: DR, real_servers_from_group: lvs_realservers}
"""


def playbook(tmp_path, ansible_playbook, inventory, group_vars, *extra):
    command, parent = ansible_playbook
    (tmp_path / 'group_vars').mkdir(exist_ok=True)
    (tmp_path / 'hosts.ini').write_text(inventory)
    (tmp_path / 'group_vars' / 'lvs_directors.yml').write_text(group_vars)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_NOCOLOR='1', ANSIBLE_STDOUT_CALLBACK='default',
               ANSIBLE_HOST_KEY_CHECKING='0', ANSIBLE_SSH_ARGS='-o ConnectTimeout=5')
    process = subprocess.run([command, '-i', str(tmp_path / 'hosts.ini'), 'lvs.cluster.status'] + list(extra),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, env=env,
                             timeout=300, check=False)
    return process.returncode, process.stdout


UNREACHABLE = """
[lvs_directors]
lvs1 ansible_host=127.0.0.1
lvs2 ansible_host=127.0.0.2

[lvs_realservers]
rs1 ansible_host=10.1.1.163
rs2 ansible_host=10.1.1.164

[lvs_directors:vars]
ansible_connection=ssh
ansible_port=1
ansible_user=nobody

[all:vars]
ansible_python_interpreter={python}
""".format(python=sys.executable)


def test_unreachable_directors_are_degraded_and_reported(tmp_path, ansible_playbook):
    status = tmp_path / 'status.json'
    rc, output = playbook(tmp_path, ansible_playbook, UNREACHABLE,
                          (GROUP_VARS + WITH_SERVICE) % {'vip': '10.1.1.166', 'password': PASSWORD},
                          '-e', 'lvs_status_json=%s' % status)
    assert rc == 0, output  # degraded is reported, not failed
    assert 'cluster lvs_directors (vrrp, 2 directors): DEGRADED' in output
    assert '! director lvs1: unreachable' in output and '! director lvs2: unreachable' in output
    assert 'virtual server TCP 10.1.1.166:80 (rr, DR, quorum 1)' in output
    document = json.loads(status.read_text())
    assert document['verdict'] == 'degraded' and document['inventory_errors'] == 0
    assert [d['reached'] for d in document['clusters']['lvs_directors']['directors']] == [False, False]
    assert PASSWORD not in output and PASSWORD not in status.read_text()


def test_degraded_fails_the_run_when_asked(tmp_path, ansible_playbook):
    rc, output = playbook(tmp_path, ansible_playbook, UNREACHABLE,
                          GROUP_VARS % {'vip': '10.1.1.166', 'password': PASSWORD},
                          '-e', 'lvs_status_fail_on_degraded=true', '--check')
    assert rc != 0 and 'cluster lvs_directors: DEGRADED: director lvs1: unreachable' in output, output


def test_what_a_director_says_is_masked_when_it_quotes_a_password(tmp_path, ansible_playbook):
    # contrived on purpose: a failure message that quotes the VRRP password (here through the interpreter's path)
    inventory = UNREACHABLE.replace('lvs2 ansible_host=127.0.0.2', 'lvs2 ansible_host=127.0.0.2 ansible_connection=local '
                                    'ansible_python_interpreter=/nonexistent/%s/python' % PASSWORD)
    status = tmp_path / 'status.json'
    rc, output = playbook(tmp_path, ansible_playbook, inventory, GROUP_VARS % {'vip': '10.1.1.166', 'password': PASSWORD},
                          '-e', 'lvs_status_json=%s' % status)
    assert rc == 0, output
    table = output[output.index('TASK [Show the status of each cluster]'):]
    assert '! director lvs2: its state could not be read: ' in table and '/nonexistent/********/python' in table
    assert PASSWORD not in table and PASSWORD not in status.read_text()


LIVE = """
[lvs_directors]
lvs1 ansible_host=10.9.1.1 ansible_python_interpreter={lvs1}
lvs2 ansible_host=10.9.1.2 ansible_python_interpreter={lvs2}

[all:vars]
ansible_connection=local
"""


def derived_configs(group_vars_text):
    """Each director's keepalived.conf as the model derives it from the test's inventory."""
    import yaml
    variables = yaml.safe_load(group_vars_text)
    hostvars = {'lvs1': dict(variables, ansible_host='10.9.1.1'), 'lvs2': dict(variables, ansible_host='10.9.1.2')}
    report = cluster.validate(hostvars, {'lvs_directors': ['lvs1', 'lvs2'], 'all': ['lvs1', 'lvs2']})
    assert report.valid, report.format()
    return dict((host, kaconf.render(kaconf.load(config)[0])) for host, config in report.configs().items())


def test_a_live_pair_ok_then_split_brain(tmp_path, ansible_playbook):
    why = live_daemons.missing_keepalived()
    if why:
        pytest.skip(why)
    group_vars = GROUP_VARS % {'vip': '10.9.1.166', 'password': PASSWORD}
    configs = derived_configs(group_vars)
    status = tmp_path / 'status.json'
    with live_daemons.Pair() as pair:
        for index, host in enumerate(('lvs1', 'lvs2')):
            pair.keepalived(index, configs[host], private_run=True)
        inventory = LIVE.format(lvs1=pair.python(0), lvs2=pair.python(1))
        time.sleep(5)  # lvs1 MASTER after Master_Down_Interval
        rc, output = playbook(tmp_path, ansible_playbook, inventory, group_vars, '--check',
                              '-e', 'lvs_status_json=%s' % status)
        assert rc == 0, output
        assert 'cluster lvs_directors (vrrp, 2 directors): OK' in output
        assert '"  lvs1      MASTER  100/100/100           10.9.1.166' in output
        assert json.loads(status.read_text())['verdict'] == 'ok'
        assert PASSWORD not in output and PASSWORD not in status.read_text()

        live_daemons.stop(pair.processes[1])
        pair.keepalived(1, configs['lvs2'].replace('virtual_router_id 51', 'virtual_router_id 61'), private_run=True)
        time.sleep(5)  # lvs2 MASTER of its own router id, too
        rc, output = playbook(tmp_path, ansible_playbook, inventory, group_vars, '-e', 'lvs_status_json=%s' % status)
    assert rc != 0, output
    assert 'cluster lvs_directors (vrrp, 2 directors): SPLIT BRAIN' in output
    failure = output[output.index('Fail on split brain'):]
    assert 'VRRP instance VI_1 (virtual_router_id 51) is MASTER on lvs1 and lvs2 at once (VIPs 10.9.1.166)' in failure
    assert 'VIP 10.9.1.166 is on the interfaces of lvs1 and lvs2 at once' in failure
    assert 'note: VI_1 on lvs2 runs virtual_router_id 61, the inventory says 51' in output
    assert json.loads(status.read_text())['verdict'] == 'split_brain'
    assert PASSWORD not in output and PASSWORD not in status.read_text()
