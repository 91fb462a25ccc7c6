# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The director role's FRR decisions, templated by real Ansible from the role's defaults and vars: the daemons file
gets bgpd, bfdd when a peer asks for BFD, and watchfrr's restart timeout (FRR's 20 s killed a busy director's start
before it loaded frr.conf); an FRR that the run itself started is neither restarted nor reloaded again."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess

import pytest

ROLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 4 + ['roles', 'director']))

PLAYBOOK = '''
- hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.include_vars: {role}/defaults/main.yml
    - ansible.builtin.include_vars: {role}/vars/main.yml
    - ansible.builtin.copy:
        dest: {out}
        content: "{{{{ {{'lines': lvs_director_frr_daemon_lines, 'started_now': lvs_director_frr_started_now}} | to_json }}}}"
      vars:
        lvs_director_frr_daemons: /etc/frr/daemons
        lvs_director_frr: {{bfd: {bfd}}}
        lvs_director_frr_start: {start}
'''


def _decide(tmp_path, ansible_playbook, bfd=True, start=None, extra=()):
    command, parent = ansible_playbook
    out = tmp_path / 'out.json'
    (tmp_path / 'play.yml').write_text(PLAYBOOK.format(role=ROLE, out=out, bfd=json.dumps(bfd),
                                                       start=json.dumps(start or {'changed': False})))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='false',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
    process = subprocess.run([command, str(tmp_path / 'play.yml')] + list(extra), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, universal_newlines=True, env=env, timeout=300, check=False)
    assert process.returncode == 0, process.stdout
    return json.loads(out.read_text())


@pytest.mark.parametrize('bfd', [True, False])
def test_the_daemons_file_runs_bgpd_bfdd_for_bfd_and_gives_watchfrr_90_s(tmp_path, ansible_playbook, bfd):
    lines = dict((line['regexp'], line['line']) for line in _decide(tmp_path, ansible_playbook, bfd=bfd)['lines'])
    assert lines.pop('^bgpd=') == 'bgpd=yes'
    assert lines.pop('^bfdd=', None) == ('bfdd=yes' if bfd else None)
    assert lines == {'^#? *watchfrr_options=': 'watchfrr_options="-T 90"'}  # Debian's file has it commented out


def test_the_restart_timeout_is_the_operators(tmp_path, ansible_playbook):
    lines = _decide(tmp_path, ansible_playbook, extra=['-e', 'lvs_director_frr_restart_timeout=150'])['lines']
    assert 'watchfrr_options="-T 150"' in [line['line'] for line in lines]


@pytest.mark.parametrize('start, started_now', [
    ({'changed': True, 'status': {'ActiveState': 'inactive'}}, True),   # started by the run: it read its files
    ({'changed': True, 'status': {'ActiveState': 'active'}}, False),    # running, only enabled now
    ({'changed': False, 'status': {'ActiveState': 'active'}}, False),   # running already
    ({'changed': True}, False),                                         # no status (check mode): restart to be safe
])
def test_only_an_frr_the_run_started_skips_the_restart_and_the_reload(tmp_path, ansible_playbook, start, started_now):
    assert _decide(tmp_path, ansible_playbook, start=start)['started_now'] is started_now
