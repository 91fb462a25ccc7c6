# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/action/cluster_adopt.py: the inventory of a hand-built cluster written on the controller from what
lvs.cluster.keepalived_config_info read on each director (here the article's section 3 files, read as the module reads
them): the real servers named as the play's inventory names them, no password in any file or in the result, nothing
written in check mode, on a clash without force, or when a director's file was not read or not read whole. In a
worker process (the ``controller`` fixture)."""

from __future__ import absolute_import, division, print_function

import json
import os

import yaml

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_adopt import ARTICLE

SECRET = '1111'  # section 3's auth_pass
FILES = ['group_vars/lvs_directors/main.yml', 'host_vars/lvs1.yml', 'host_vars/lvs2.yml', 'hosts.yml',
         'import-report.txt']


def read(name, change=None):
    """What keepalived_config_info (include_secrets: true) registers for the article's file ``name``."""
    path = os.path.join(ARTICLE, name)
    with open(path) as handle:
        text = handle.read()
    conf, issues = kaconf.parse(change(text) if change else text, path)
    return {'exists': True, 'config': conf.to_dict(), 'issues': [issue.as_dict() for issue in issues], 'path': path}


def adopt(controller, dest, args=None, lvs2=None, check_mode=False, diff=False):
    """The action's answer for the hand-built section 3 pair (lvs2 registered ``lvs2`` when given), real servers
    rs1 and rs2 in the play's inventory as the hand-built inventory names them."""
    hostvars = {'lvs1': {'ansible_host': '10.1.1.161', 'lvs_adopt_read': read('section3-lvs1.conf')},
                'lvs2': {'ansible_host': '10.1.1.162', 'lvs_adopt_read': read('section3-lvs2.conf')},
                'rs1': {'ansible_host': '10.1.1.163'}, 'rs2': {'ansible_host': '10.1.1.164'}}
    if lvs2 is not None:
        hostvars['lvs2']['lvs_adopt_read'] = lvs2
    groups = {'lvs_directors': ['lvs1', 'lvs2'], 'web': ['rs1', 'rs2'], 'all': sorted(hostvars)}
    return controller({'action': 'cluster_adopt', 'args': dict(args or {}, dest=str(dest)), 'check_mode': check_mode,
                       'diff': diff, 'task_vars': {'hostvars': hostvars, 'groups': groups,
                                                   'inventory_hostname': 'localhost'}})


def written(dest):
    return sorted(os.path.relpath(os.path.join(root, name), str(dest))
                  for root, _dirs, names in os.walk(str(dest)) for name in names)


def test_the_inventory_is_written_naming_the_real_servers_as_the_play_does_without_a_password(controller, tmp_path):
    result = adopt(controller, tmp_path / 'adopted')['result']
    assert result['changed'] is True and 'failed' not in result
    assert result['files'] == FILES and written(tmp_path / 'adopted') == FILES
    assert result['valid'] is True and result['round_trip'] is True and result['differences'] == []
    hosts = yaml.safe_load((tmp_path / 'adopted' / 'hosts.yml').read_text())['all']['children']
    assert hosts['lvs_realservers']['hosts'] == {'rs1': {'ansible_host': '10.1.1.163'},
                                                 'rs2': {'ansible_host': '10.1.1.164'}}
    assert result['encrypted'] is False  # no vault password given to the run
    for name in FILES:
        assert SECRET not in (tmp_path / 'adopted' / name).read_text(), name
    assert 'auth_pass %s' % SECRET not in json.dumps(result)


def test_the_same_cluster_again_changes_nothing(controller, tmp_path):
    adopt(controller, tmp_path / 'adopted')
    again = adopt(controller, tmp_path / 'adopted')['result']
    assert again['changed'] is False and 'failed' not in again


def test_check_mode_writes_nothing_and_says_what_would_change(controller, tmp_path):
    result = adopt(controller, tmp_path / 'adopted', check_mode=True)['result']
    assert result['changed'] is True and not (tmp_path / 'adopted').exists()


def test_the_diff_shows_each_file_written(controller, tmp_path):
    result = adopt(controller, tmp_path / 'adopted', diff=True)['result']
    assert [entry['after_header'] for entry in result['diff']] == [str(tmp_path / 'adopted' / name) for name in FILES]
    assert all(entry['before'] == '' and entry['after'] for entry in result['diff'])
    assert 'diff' not in adopt(controller, tmp_path / 'other')['result']


def test_a_director_whose_file_was_not_read_stops_it_before_anything_is_written(controller, tmp_path):
    result = adopt(controller, tmp_path / 'adopted', lvs2={'exists': False, 'config': {}, 'issues': []})['result']
    assert result['failed'] is True and not (tmp_path / 'adopted').exists()
    assert result['msg'].startswith('No keepalived.conf was read on lvs2: register the result of '
                                    'lvs.cluster.keepalived_config_info')
    assert 'first, as lvs.cluster.adopt does' in result['msg'] and ' as lvs_adopt_read ' in result['msg']


def test_the_task_names_the_variable_the_reads_were_registered_as(controller, tmp_path):
    result = adopt(controller, tmp_path / 'adopted', {'registered': 'read_before'})['result']
    assert result['failed'] is True and 'No keepalived.conf was read on lvs1, lvs2' in result['msg']
    assert ' as read_before ' in result['msg']


def test_a_file_the_model_reads_only_in_part_imports_nothing(controller, tmp_path):
    out_of_range = read('section3-lvs2.conf', lambda text: text.replace('priority 50', 'priority 300'))
    result = adopt(controller, tmp_path / 'adopted', lvs2=out_of_range)['result']
    assert result['failed'] is True and not (tmp_path / 'adopted').exists()
    assert result['msg'].startswith('Nothing imported: the model cannot read every file:')
    assert 'LVS103' in result['msg'] and 'lvs2' in result['msg']


def test_a_dest_holding_another_inventory_is_kept_unless_forced(controller, tmp_path):
    dest = tmp_path / 'adopted'
    dest.mkdir()
    (dest / 'hosts.yml').write_text('all: {}\n')
    refused = adopt(controller, dest)['result']
    assert refused['failed'] is True and refused['changed'] is False
    assert refused['msg'] == '%s already has hosts.yml, saying something else; give another dest, or force: true to ' \
                             'overwrite them' % dest
    assert (dest / 'hosts.yml').read_text() == 'all: {}\n' and written(dest) == ['hosts.yml']
    forced = adopt(controller, dest, {'force': True})['result']
    assert 'failed' not in forced and written(dest) == FILES and 'lvs_directors' in (dest / 'hosts.yml').read_text()


def test_a_dest_that_cannot_be_written_fails_and_changes_nothing(controller, tmp_path):
    (tmp_path / 'a-file').write_text('')
    result = adopt(controller, tmp_path / 'a-file' / 'adopted')['result']
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'].startswith('Cannot write the inventory in %s: ' % (tmp_path / 'a-file' / 'adopted'))
