# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs-cluster import: the files it writes, read back by Ansible itself, derive every director's file again."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import changes
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf
from ansible_collections.lvs.cluster.plugins.plugin_utils import cli
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_adopt import (
    CLUSTERS, FINDINGS, read)

SECRETS = ('1111', 'ext-pass', 'int-pass')  # the fixtures' auth_pass values


@pytest.fixture(scope='module')  # one process, one import of Ansible's controller code, for every request
def worker(ansible_playbook):
    _command, parent = ansible_playbook
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, PYTHONPATH='', ANSIBLE_NOCOLOR='1')
    process = subprocess.Popen([sys.executable, os.path.join(here, 'adopt_worker.py')], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, universal_newlines=True, env=env)
    yield process
    process.stdin.close()
    process.wait(timeout=60)


def ask(worker, argv, inventory=None, vault=None):
    worker.stdin.write(json.dumps({'argv': argv, 'inventory': inventory, 'vault': vault}) + '\n')
    worker.stdin.flush()
    return json.loads(worker.stdout.readline())


@pytest.fixture
def vault_password(tmp_path):
    path = tmp_path / 'vault-password'
    path.write_text('adopt-test-vault-password\n')
    return str(path)


def import_args(name, directory, *extra):
    return ['import'] + ['%s=%s' % item for item in CLUSTERS[name]] + ['-o', str(directory)] + list(extra)


def run_import(name, directory, *extra):
    return cli.main(import_args(name, directory, *extra))


def written_files(directory):
    for root, _dirs, names in os.walk(str(directory)):
        for name in names:
            with open(os.path.join(root, name)) as handle:
                yield os.path.relpath(os.path.join(root, name), str(directory)), handle.read()


@pytest.mark.parametrize('name', sorted(CLUSTERS))
def test_ansible_reads_the_written_inventory_back_into_the_same_configurations(name, tmp_path, vault_password, worker):
    inventory = str(tmp_path / 'inventory')
    answer = ask(worker, import_args(name, inventory, '--vault-password-file', vault_password), inventory,
                 vault_password)
    assert answer['rc'] == (cli.EXIT_INVALID if name in FINDINGS else cli.EXIT_OK), answer['stderr']
    assert 'Round trip: ' in answer['stdout']
    for host, path in CLUSTERS[name]:
        conf, _issues = kaconf.load(answer['configs'][host], check=False)
        assert changes.comparable(conf.to_dict()) == changes.comparable(read(path)), host


def test_without_a_vault_password_no_secret_is_written_and_the_report_says_how(tmp_path, capsys):
    inventory = tmp_path / 'inventory'
    assert run_import('sync-group-nat', inventory) == cli.EXIT_OK
    out = capsys.readouterr().out
    files = dict(written_files(inventory))
    assert 'group_vars/lvs_directors/vault.yml' not in files
    for text in list(files.values()) + [out]:
        for secret in SECRETS:
            assert secret not in text
    assert 'ansible-vault encrypt_string --stdin-name vault_lvs_vi_ext_auth_pass >> %s' % (
        inventory / 'group_vars/lvs_directors/vault.yml') in out


def test_with_a_vault_password_the_secrets_are_written_encrypted_only(tmp_path, vault_password, worker):
    inventory = tmp_path / 'inventory'
    answer = ask(worker, import_args('sync-group-nat', inventory, '--vault-password-file', vault_password))
    assert answer['rc'] == cli.EXIT_OK, answer['stderr']
    files = dict(written_files(inventory))
    assert files['group_vars/lvs_directors/vault.yml'].count('$ANSIBLE_VAULT;1.1;AES256') == 2
    for text in list(files.values()) + [answer['stdout']]:
        for secret in SECRETS:
            assert secret not in text


@pytest.mark.parametrize('encrypted', [False, True])
def test_a_password_passed_through_is_a_secret_like_auth_pass(tmp_path, vault_password, worker, encrypted):
    """The passthrough fixture's SSL block: its password line names a vault variable, in every director's host_vars."""
    inventory = tmp_path / 'inventory'
    answer = ask(worker, import_args('passthrough', inventory, *(['--vault-password-file', vault_password] if encrypted
                                                                 else [])))
    assert answer['rc'] == cli.EXIT_OK, answer['stderr']
    files = dict(written_files(inventory))
    for text in list(files.values()) + [answer['stdout']]:
        assert 'ssl pass' not in text
    for host in ('lvs1', 'lvs2'):
        assert 'password "{{ vault_lvs_ssl_password }}"' in files['host_vars/%s.yml' % host]
    if encrypted:
        assert files['group_vars/lvs_directors/vault.yml'].count('$ANSIBLE_VAULT;1.1;AES256') == 1
    else:
        assert 'ansible-vault encrypt_string --stdin-name vault_lvs_ssl_password' in answer['stdout']


def test_an_existing_inventory_is_not_overwritten_without_force(tmp_path, capsys):
    inventory = tmp_path / 'inventory'
    inventory.mkdir()
    (inventory / 'hosts.yml').write_text('# mine\n')
    assert run_import('section3', inventory) == cli.EXIT_USAGE
    assert 'already has hosts.yml' in capsys.readouterr().err
    assert (inventory / 'hosts.yml').read_text() == '# mine\n'
    assert run_import('section3', inventory, '--force') == cli.EXIT_OK
    assert 'lvs_directors' in (inventory / 'hosts.yml').read_text()


def test_importing_the_same_cluster_again_changes_no_file(tmp_path, vault_password, worker):
    inventory = tmp_path / 'inventory'
    args = import_args('sync-group-nat', inventory, '--vault-password-file', vault_password)
    assert ask(worker, args)['rc'] == cli.EXIT_OK
    first = dict(written_files(inventory))
    assert ask(worker, args)['rc'] == cli.EXIT_OK
    assert dict(written_files(inventory)) == first  # the vault file too: it holds the same secrets


def test_a_file_the_model_cannot_read_imports_nothing(tmp_path, capsys):
    broken = tmp_path / 'lvs2.conf'
    broken.write_text('vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 300\n}\n')
    inventory = tmp_path / 'inventory'
    assert cli.main(['import', 'lvs1=%s' % CLUSTERS['section3'][0][1], 'lvs2=%s' % broken, '-o', str(inventory)]) == \
        cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert 'virtual_router_id' in err and 'nothing imported' in err
    assert not inventory.exists()


def test_a_directory_that_cannot_be_written_is_a_usage_error(tmp_path, capsys):
    blocked = tmp_path / 'a-file'
    blocked.write_text('not a directory\n')
    assert run_import('section3', blocked / 'inventory') == cli.EXIT_USAGE
    assert 'cannot write the inventory in' in capsys.readouterr().err


@pytest.mark.parametrize('argument', ['lvs1', '=x.conf', 'lvs1='])
def test_a_director_must_be_named_with_its_file(tmp_path, argument, capsys):
    assert cli.main(['import', argument, '-o', str(tmp_path / 'inventory')]) == cli.EXIT_USAGE
    assert 'DIRECTOR=FILE' in capsys.readouterr().err
