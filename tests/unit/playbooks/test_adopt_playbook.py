# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook lvs.cluster.adopt: reads each director's keepalived.conf (here the article's section 3 files, on
local hosts) and writes the inventory on the controller, real servers named after the hand-built inventory's hosts;
no password reaches the output or the files; --check writes nothing; a director without a file stops it."""

from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys

import yaml

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_adopt import ARTICLE

HAND_BUILT = """
[lvs_directors]
lvs1 ansible_host=10.1.1.161 lvs_adopt_path={article}/section3-lvs1.conf
lvs2 ansible_host=10.1.1.162 lvs_adopt_path={article}/section3-lvs2.conf

[web]
rs1 ansible_host=10.1.1.163
rs2 ansible_host=10.1.1.164

[all:vars]
ansible_connection=local
ansible_python_interpreter={python}
"""
SECRET = '1111'  # section 3's auth_pass


def adopt(tmp_path, ansible_playbook, *extra, **hosts):
    command, parent = ansible_playbook
    inventory = tmp_path / 'hand-built.ini'
    inventory.write_text(hosts.get('inventory', HAND_BUILT).format(article=ARTICLE, python=sys.executable))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_NOCOLOR='1', ANSIBLE_STDOUT_CALLBACK='default')
    process = subprocess.run([command, '-i', str(inventory), 'lvs.cluster.adopt', '-e', 'lvs_become=false',
                              '-e', 'lvs_adopt_dest=%s' % (tmp_path / 'adopted')] + list(extra),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, env=env,
                             timeout=300, check=False)
    return process.returncode, process.stdout


def test_writes_the_inventory_naming_the_real_servers_as_the_hand_built_inventory_does(tmp_path, ansible_playbook):
    rc, output = adopt(tmp_path, ansible_playbook)
    assert rc == 0, output
    hosts = yaml.safe_load((tmp_path / 'adopted' / 'hosts.yml').read_text())['all']['children']
    assert hosts['lvs_directors']['hosts'] == {'lvs1': {'ansible_host': '10.1.1.161'},
                                               'lvs2': {'ansible_host': '10.1.1.162'}}
    assert hosts['lvs_realservers']['hosts'] == {'rs1': {'ansible_host': '10.1.1.163'},
                                                 'rs2': {'ansible_host': '10.1.1.164'}}
    assert 'Round trip: deploying this inventory gives each director a configuration' in output
    assert 'lvs2 takes over 3.805 s after lvs1 falls silent' in output  # the validator's verdict, in the report
    for path, text in walk(tmp_path / 'adopted'):
        assert SECRET not in text, path
    assert 'auth_pass %s' % SECRET not in output and "'%s'" % SECRET not in output
    rc, again = adopt(tmp_path, ansible_playbook)
    assert rc == 0 and 'changed=0' in again, again  # the same cluster again: every file already says it


def test_check_mode_writes_nothing(tmp_path, ansible_playbook):
    rc, output = adopt(tmp_path, ansible_playbook, '--check')
    assert rc == 0, output
    assert 'changed=1' in output and not (tmp_path / 'adopted').exists()


def test_a_director_without_keepalived_conf_stops_it_before_anything_is_written(tmp_path, ansible_playbook):
    rc, output = adopt(tmp_path, ansible_playbook, inventory=HAND_BUILT.replace('section3-lvs2.conf', 'missing.conf'))
    assert rc != 0 and 'missing.conf does not exist on lvs2: there is nothing to adopt' in output, output
    assert not (tmp_path / 'adopted').exists()


def walk(directory):
    for root, _dirs, names in os.walk(str(directory)):
        for name in names:
            with open(os.path.join(root, name)) as handle:
                yield os.path.join(root, name), handle.read()
