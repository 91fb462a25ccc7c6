# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""README.md's first example runs as written: its director.yml and keepalived.yml saved as they stand, the password
in a vault-encrypted vault.yml, then the command line's check, render, parse and import lines. Only the paths the reader
would choose (inventory/, ~/.vault-pass, scripts/) are replaced. The playbook command needs a director with systemd:
molecule/default/tests/test_readme_playbook.py runs it on the container lab with these helpers."""

from __future__ import absolute_import, division, print_function

import os
import re
import shlex
import stat
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
BIN = os.path.dirname(sys.executable)
PASSWORD = 'Vr9pwQx'
VAULT_PASSWORD = 'readme-example'


def _readme():
    with open(os.path.join(ROOT, 'README.md')) as handle:
        return handle.read()


def _block(language, starting):
    """The README's code block in ``language`` whose first line starts with ``starting``."""
    blocks = [block for block in re.findall(r'```%s\n(.*?)```' % language, _readme(), re.S)
              if block.startswith(starting)]
    assert len(blocks) == 1, 'README.md has %d %s blocks starting with %r' % (len(blocks), language, starting)
    return blocks[0]


def commands(starting):
    """The README's shell lines that start with ``starting``, without their comments."""
    lines = [line.split('  #')[0].strip() for block in re.findall(r'```sh\n(.*?)```', _readme(), re.S)
             for line in block.splitlines() if line.startswith(starting)]
    assert lines, 'README.md has no command starting with %r' % starting
    return lines


def argv(line, workdir):
    """A README line as argv: the reader's own paths replaced by this test's."""
    words = shlex.split(line)
    replaced = {'inventory/': str(workdir / 'inventory'), '~/.vault-pass': str(workdir / 'vault-pass'),
                'scripts/lvs-cluster': os.path.join(ROOT, 'scripts', 'lvs-cluster')}
    words = [replaced.get(word, word) for word in words]
    if words[0] == 'ansible-playbook':
        words[0] = os.path.join(BIN, words[0])
    return words


def write_example(tmp_path):
    """director.yml and keepalived.yml as README.md gives them, vault.yml encrypted, an inventory of this host."""
    (tmp_path / 'director.yml').write_text(_block('yaml', '# director.yml'))
    (tmp_path / 'keepalived.yml').write_text(_block('yaml', '- hosts: lvs_directors'))
    (tmp_path / 'vault-pass').write_text(VAULT_PASSWORD + '\n')
    # what `ansible-vault create vault.yml` writes, by its library in a process of its own (ansible-test's venv has no
    # ansible-vault script, and importing Ansible's CLI side here would change how the module tests see warnings)
    encrypt = ('import sys; from ansible.parsing.vault import VaultLib, VaultSecret; '
               'sys.stdout.buffer.write(VaultLib([("default", VaultSecret(sys.argv[1].encode()))]).encrypt(sys.argv[2]))')
    (tmp_path / 'vault.yml').write_bytes(subprocess.run(
        [sys.executable, '-c', encrypt, VAULT_PASSWORD, 'vault_vrrp_password: %s\n' % PASSWORD],
        check=True, stdout=subprocess.PIPE).stdout)
    assert PASSWORD not in (tmp_path / 'vault.yml').read_text()
    (tmp_path / 'inventory').mkdir()
    # this machine as the director; the test runs as the user it is, so without become
    (tmp_path / 'inventory' / 'hosts.yml').write_text(
        'lvs_directors:\n  hosts:\n    localhost:\n      ansible_connection: local\n'
        '      ansible_python_interpreter: %s\n      ansible_become: false\n' % sys.executable)
    return tmp_path


@pytest.fixture
def example(tmp_path):
    return write_example(tmp_path)


def run(command, workdir, **environment):
    env = dict(os.environ, PYTHON=sys.executable, ANSIBLE_NOCOLOR='1', PATH=BIN + os.pathsep + os.environ['PATH'],
               **environment)
    return subprocess.run(command, cwd=str(workdir), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300, check=False)


def test_the_command_lines_check_render_and_parse_run_as_written(example):
    for line in commands('scripts/lvs-cluster check') + commands('scripts/lvs-cluster render'):
        result = run(argv(line, example), example)
        assert result.returncode == 0, '%s\n%s' % (line, result.stdout)
        assert PASSWORD not in result.stdout, line
    conf = example / 'keepalived.conf'
    assert stat.S_IMODE(conf.stat().st_mode) == 0o600
    assert 'auth_pass %s' % PASSWORD in conf.read_text()  # the vaulted password, rendered by Ansible
    parse = commands('scripts/lvs-cluster parse')[0].replace('/etc/keepalived/keepalived.conf', 'keepalived.conf')
    result = run(argv(parse, example), example)
    assert result.returncode == 0 and 'virtual_router_id: 51' in result.stdout and PASSWORD not in result.stdout, \
        result.stdout


def test_the_command_line_import_runs_as_written(example):
    """The README's director rendered as lvs1's file, and as lvs2's a BACKUP of lower priority: the import line
    writes an inventory without the password in it."""
    render = commands('scripts/lvs-cluster render')[0]
    assert run(argv(render, example), example).returncode == 0
    text = (example / 'keepalived.conf').read_text()
    (example / 'lvs1.conf').write_text(text)
    (example / 'lvs2.conf').write_text(re.sub(r'\brouter_id \S+', 'router_id lvs2', text.replace(
        'state MASTER', 'state BACKUP').replace('priority 100', 'priority 50')))
    result = run(argv(commands('scripts/lvs-cluster import')[0], example), example)
    assert result.returncode == 0, result.stdout
    written = [os.path.join(root, name) for root, _dirs, names in os.walk(str(example / 'adopted')) for name in names]
    assert os.path.join(str(example), 'adopted', 'hosts.yml') in written
    for path in written:
        with open(path) as handle:
            assert PASSWORD not in handle.read(), path
    assert PASSWORD not in result.stdout


def test_without_the_vault_the_command_line_names_the_undefined_variable(example):
    result = run([os.path.join(ROOT, 'scripts', 'lvs-cluster'), 'check', 'director.yml'], example)
    assert result.returncode == 2 and 'vault_vrrp_password' in result.stdout and 'undefined' in result.stdout, \
        result.stdout
