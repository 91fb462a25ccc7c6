# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""README.md's first playbook, run as written against this scenario's director (systemd, keepalived), in check mode
with the password from a vault-encrypted vault.yml: it says what would change, keepalived -t accepts the README's
director.yml, and nothing on the director changes. The README's files and helpers: tests/unit/test_readme_examples.py."""

import os
import sys

PROJECT = os.environ.get('MOLECULE_PROJECT_DIRECTORY') or os.path.join(os.path.dirname(__file__), '..', '..', '..')
sys.path.insert(0, os.path.join(PROJECT, 'tests', 'unit'))
import test_readme_examples as readme  # noqa: E402 pylint: disable=wrong-import-position

CONF = '/etc/keepalived/keepalived.conf'


def test_the_readme_playbook_runs_as_written_in_check_mode(host, tmp_path):
    before = host.file(CONF).content_string
    example = readme.write_example(tmp_path)
    line = readme.commands('ansible-playbook -i inventory/ keepalived.yml')[0]
    command = readme.argv(line, example)
    command[command.index('-i') + 1] = os.environ['MOLECULE_INVENTORY_FILE']  # this scenario's director
    ephemeral = os.environ.get('MOLECULE_EPHEMERAL_DIRECTORY')
    result = readme.run(command, example, **({'ANSIBLE_CONFIG': os.path.join(ephemeral, 'ansible.cfg')} if ephemeral else {}))
    assert result.returncode == 0, result.stdout[-4000:]
    recap = result.stdout.split('PLAY RECAP')[-1]
    assert 'changed=2' in recap and 'failed=0' in recap, result.stdout[-3000:]  # the file, and its reload
    assert '+++ after: %s' % CONF in result.stdout and 'virtual_ipaddress' in result.stdout  # the diff, masked
    assert readme.PASSWORD not in result.stdout
    assert host.file(CONF).content_string == before  # check mode: the director is as it was
