# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The examples of README.md and docs/inventory.md work as written: each inventory example validates through
`lvs-cluster validate` (Ansible reads it), and every configuration they give passes the real `keepalived -t`.

Only the vault variables are filled in (as Ansible would from an encrypted file).
"""

from __future__ import absolute_import, division, print_function

import os
import re
import subprocess
import sys

import pytest
import yaml

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, config

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.keepalived_netns import (
    interfaces, keepalived_t, netns_available)

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 5)))
VAULT = {'vault_vrrp_password': 'Vr9pwQx', 'vault_bgp_password': 'Bgp9pwQx'}


def _blocks(name, language):
    with open(os.path.join(ROOT, name)) as handle:
        return re.findall(r'```%s\n(.*?)```' % language, handle.read(), re.S)


def _rendered(text):
    """The example with its vault variables filled in, as Ansible's templating would."""
    return re.sub(r'"\{\{ (vault_\w+) \}\}"', lambda match: VAULT[match.group(1)], text)


INVENTORY_HOSTS = _blocks('docs/inventory.md', 'ini')
INVENTORY_GROUP_VARS = _blocks('docs/inventory.md', 'yaml')
README_YAML = _blocks('README.md', 'yaml')
# excerpts of the lab's inventories (tests/unit/lab/test_lab_topologies.py validates those whole)
INVENTORY_EXCERPTS = _blocks('docs/inventory.md', 'yaml excerpt')


def _passes_keepalived_t(tmp_path, name, data):
    why = netns_available()
    if why:
        pytest.skip(why)
    conf, issues = config.load(data)
    assert conf is not None and not config.errors(issues), [issue.format() for issue in issues]
    path = tmp_path / ('%s.conf' % name)
    path.write_text(config.render(conf))
    result = keepalived_t(str(path), interfaces(conf))
    assert result.returncode == 0, '%s:\n%s\n%s' % (name, result.stdout, path.read_text())


def _hostvars(hosts_ini, group_vars):
    """(hostvars, groups) of the example: its hosts.ini (name ansible_host=...) and its directors' group_vars."""
    hostvars, groups, group = {}, {}, None
    for line in hosts_ini.splitlines():
        line = line.split('#')[0].strip()
        if line.startswith('['):
            group = line.strip('[]')
            groups[group] = []
        elif line:
            name, address = line.split()[0], line.split('ansible_host=')[1]
            groups[group].append(name)
            hostvars[name] = dict(group_vars if group == 'lvs_directors' else {}, ansible_host=address)
    return hostvars, groups


def test_the_examples_are_found():
    assert len(INVENTORY_HOSTS) == 1 and len(INVENTORY_GROUP_VARS) == 3  # the article's, active-active, passthrough
    assert [block.splitlines()[0] for block in README_YAML] == ['# director.yml', '- hosts: lvs_directors']


@pytest.mark.parametrize('index', range(len(INVENTORY_GROUP_VARS)))
def test_an_inventory_example_is_valid_and_keepalived_accepts_what_it_derives(index, tmp_path):
    hostvars, groups = _hostvars(INVENTORY_HOSTS[0], yaml.safe_load(_rendered(INVENTORY_GROUP_VARS[index])))
    report = cluster.validate(hostvars, groups)
    assert report.valid, report.format()
    for host, data in sorted(report.configs().items()):
        _passes_keepalived_t(tmp_path, host, data)


@pytest.mark.parametrize('index', range(len(INVENTORY_GROUP_VARS)))
def test_an_inventory_example_validates_as_written_through_ansible(index, tmp_path, ansible_playbook):
    """hosts.ini with its comments, the group_vars file as shown, the vault variables in group_vars/all."""
    (tmp_path / 'group_vars').mkdir()
    (tmp_path / 'hosts.ini').write_text(INVENTORY_HOSTS[0])
    (tmp_path / 'group_vars' / 'lvs_directors.yml').write_text(INVENTORY_GROUP_VARS[index])
    (tmp_path / 'group_vars' / 'all.yml').write_text(yaml.safe_dump(VAULT))
    process = subprocess.run([os.path.join(ROOT, 'scripts', 'lvs-cluster'), 'validate', str(tmp_path / 'hosts.ini')],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=300,
                             check=False, env=dict(os.environ, PYTHON=sys.executable))
    assert process.returncode == 0, process.stdout
    assert '0 error(s)' in process.stdout and 'Vr9pwQx' not in process.stdout


def test_the_excerpts_are_yaml_of_inventory_variables():
    assert len(INVENTORY_EXCERPTS) == 4  # NAT, TUN, IPv6, unicast
    for excerpt in INVENTORY_EXCERPTS:
        data = yaml.safe_load(excerpt)
        assert isinstance(data, (dict, list)) and data, excerpt


def test_the_readme_director_passes_keepalived_t(tmp_path):
    _passes_keepalived_t(tmp_path, 'director', yaml.safe_load(_rendered(README_YAML[0])))


def test_the_readme_playbook_renders_the_director_template():
    """lookup('file') hands "{{ vault_vrrp_password }}" over as text, which keepalived_config refuses (LVS105)."""
    task = yaml.safe_load(README_YAML[1])[0]['tasks'][0]
    assert "lookup('template', 'director.yml')" in task['lvs.cluster.keepalived_config']['config']
