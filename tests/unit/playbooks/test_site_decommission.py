# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook lvs.cluster.site with a real server added or marked lvs_realserver_state: absent: a new one is
prepared before the directors forward to it; an absent one is not prepared, the directors drain it before their
reload removes it, and only then is its preparation undone (never under --tags realservers)."""

from __future__ import absolute_import, division, print_function

import os

import yaml

from ansible_collections.lvs.cluster.tests.unit.playbooks.test_director_maintenance import run

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))


def _plays():
    with open(os.path.join(ROOT, 'playbooks', 'site.yml')) as handle:
        return yaml.safe_load(handle)


def _index(plays, words):
    return [index for index, play in enumerate(plays) if play['name'].startswith(words)][0]


def test_real_servers_are_prepared_before_and_undone_after_the_directors():
    plays = _plays()
    check, prepare = _index(plays, 'Check the cluster'), _index(plays, 'Prepare the real servers')
    directors = _index(plays, 'Configure the directors')
    drain_files, undo = _index(plays, 'Remove the drain files'), _index(plays, 'Undo the preparation')
    assert check < prepare < directors < drain_files < undo < _index(plays, 'Prove that exactly one director')
    assert 'lvs_site_decommissioned' in plays[prepare]['hosts'] and 'reject' in plays[prepare]['hosts']
    assert 'lvs_site_decommissioned' in plays[undo]['hosts']
    # --tags realservers must never undo a real server the directors may still forward to
    assert plays[undo]['tags'] == ['directors'] and plays[drain_files]['tags'] == ['directors']


def test_the_director_role_drains_before_it_renders_keepalived_conf():
    with open(os.path.join(ROOT, 'roles', 'director', 'tasks', 'main.yml')) as handle:
        names = [task['name'] for task in yaml.safe_load(handle)]
    drain = names.index('Drain the real servers marked lvs_realserver_state absent')
    assert drain < names.index('Render, check (keepalived -t) and install keepalived.conf')


def _absent(tmp_path, host='rs2', state='absent'):
    (tmp_path / 'host_vars').mkdir(exist_ok=True)
    (tmp_path / 'host_vars' / (host + '.yml')).write_text('lvs_realserver_state: %s\n' % state)


def _hosts_of(output, play):
    section = output.split('PLAY [%s' % play)[1].split('PLAY [')[0]
    return sorted(set(line.split('[')[1].split(']')[0] for line in section.splitlines()
                      if line.startswith(('ok: [', 'changed: [', 'skipping: [', 'fatal: ['))))


def test_an_absent_real_server_is_not_prepared(tmp_path, ansible_playbook):
    _absent(tmp_path)
    rc, output = run(tmp_path, ansible_playbook, '--check', '--tags', 'realservers', '-e', 'lvs_become=false',
                     playbook='lvs.cluster.site')
    assert rc == 0, output
    assert _hosts_of(output, 'Prepare the real servers') == ['rs1'], output
    undo = output.split('PLAY [Undo the preparation')[1].split('PLAY [')[0]
    assert 'Prepare this host' not in undo and 'Only after every director' not in undo, undo  # tagged directors


def test_a_bad_state_is_refused_before_any_host_is_touched(tmp_path, ansible_playbook):
    _absent(tmp_path, state='gone')
    rc, output = run(tmp_path, ansible_playbook, '--check', '-e', 'lvs_become=false', playbook='lvs.cluster.site')
    assert rc != 0
    assert 'LVS104' in output and 'host rs2: lvs_realserver_state = gone' in output, output
    assert 'PLAY [Prepare the real servers' not in output.split('PLAY RECAP')[0].split('fatal')[-1]
