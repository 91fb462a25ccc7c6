# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml's action_groups: module_defaults set once for a group reach the modules of the group, also those
run by an action plugin (cluster_validate on the controller, keepalived_config), and every module is in the group
cluster."""

from __future__ import absolute_import, division, print_function

import glob
import os
import subprocess
import sys

import yaml

from ansible_collections.lvs.cluster.tests.unit.plugins.action.test_action_keepalived_config import (
    GROUP_VARS, INVENTORY as DERIVED_INVENTORY)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))

# The same directors and real servers under a second pair of group names: a validation that reports the cluster
# as "lbs" got its groups from module_defaults, not from its own defaults (lvs_directors).
INVENTORY = DERIVED_INVENTORY + """
[lbs:children]
lvs_directors

[backends:children]
lvs_realservers
"""

VALIDATE_PLAY = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/lvs.cluster.{group}:
      directors_group: lbs
      realservers_group: backends
  tasks:
    - lvs.cluster.cluster_validate:
      register: validation
    - ansible.builtin.assert:
        that: validation.groups == ['lbs', 'backends'] and validation.summary | list == ['lbs']
"""

CONFIG_PLAY = """
- hosts: lvs1
  gather_facts: false
  module_defaults:
    group/lvs.cluster.config:
      backup: true
  tasks:
    - lvs.cluster.keepalived_config:
        path: "{out}/keepalived.conf"
        validate: false
      register: written
    - ansible.builtin.assert:
        that: written.changed and written.backup_file is defined
"""


def test_module_defaults_of_the_groups_reach_the_action_plugin_modules(tmp_path, ansible_playbook):
    command, parent = ansible_playbook
    (tmp_path / 'group_vars').mkdir()
    (tmp_path / 'hosts.ini').write_text(INVENTORY.format(python=sys.executable))
    (tmp_path / 'group_vars' / 'lvs_directors.yml').write_text(GROUP_VARS)
    (tmp_path / 'keepalived.conf').write_text('# an older file, to be backed up\n')
    (tmp_path / 'play.yml').write_text(VALIDATE_PLAY.format(group='inventory') + VALIDATE_PLAY.format(group='cluster')
                                       + CONFIG_PLAY.format(out=tmp_path))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_NOCOLOR='1', ANSIBLE_STDOUT_CALLBACK='default')
    process = subprocess.run([command, '-i', str(tmp_path / 'hosts.ini'), str(tmp_path / 'play.yml')],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, env=env,
                             timeout=300, check=False)
    assert process.returncode == 0, process.stdout
    assert 'ok=2' in process.stdout and 'changed=1' in process.stdout


def test_every_module_is_in_the_group_cluster():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        groups = yaml.safe_load(handle)['action_groups']
    modules = sorted(os.path.splitext(os.path.basename(path))[0]
                     for path in glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py')))
    assert sorted(groups['cluster']) == modules
    assert all(set(members) <= set(modules) for members in groups.values())
