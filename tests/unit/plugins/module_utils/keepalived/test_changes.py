# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""changes.needed_action: what keepalived must be told about a new configuration."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os
import re

import pytest
import yaml

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import changes, config


def _instance(vrid, *vips, **more):
    values = {'state': 'BACKUP', 'interface': 'eth0', 'virtual_router_id': vrid, 'priority': 100,
              'virtual_ipaddress': list(vips)}
    values.update(more)
    return values


BEFORE = {
    'global_defs': {'router_id': 'LVS_1'},
    'vrrp_instances': {'VI_1': _instance(51, '10.1.1.166', '10.1.1.167/24'), 'VI_2': _instance(52, '10.1.1.168', '10.1.1.171')},
    'virtual_servers': [{'address': '10.1.1.166', 'port': 80, 'lvs_sched': 'rr', 'lvs_method': 'DR',
                         'real_servers': [{'address': '10.1.1.163', 'port': 80}]}],
}


def model(data):
    conf, issues = config.load(copy.deepcopy(data))
    assert [issue.format() for issue in issues if issue.level == 'error'] == []
    return conf


def edited(edit):
    data = copy.deepcopy(BEFORE)
    edit(data)
    return model(data)


def _move_167(data):
    data['vrrp_instances']['VI_1']['virtual_ipaddress'].remove('10.1.1.167/24')
    data['vrrp_instances']['VI_2']['virtual_ipaddress'].append('10.1.1.167/24')


def test_identical_configuration_needs_nothing():
    assert changes.needed_action(model(BEFORE), model(BEFORE)) == (changes.NONE, [])


def test_same_configuration_from_a_file_needs_nothing():
    before = model(BEFORE)
    after = config.parse(config.render(before))[0]
    assert changes.needed_action(before, after) == (changes.NONE, [])


def test_same_configuration_written_in_another_order_needs_nothing():
    reordered = dict((key, BEFORE[key]) for key in reversed(list(BEFORE)))
    reordered['vrrp_instances'] = dict((key, BEFORE['vrrp_instances'][key]) for key in ('VI_2', 'VI_1'))
    assert changes.needed_action(model(BEFORE), model(reordered)) == (changes.NONE, [])


@pytest.mark.parametrize('edit', [
    lambda data: data['vrrp_instances']['VI_1'].update(priority=150),
    lambda data: data['vrrp_instances']['VI_1']['virtual_ipaddress'].append('10.1.1.169'),
    lambda data: data['vrrp_instances']['VI_2']['virtual_ipaddress'].remove('10.1.1.168'),
    lambda data: data['virtual_servers'][0].update(lvs_sched='wrr'),
    lambda data: data['global_defs'].update(router_id='LVS_2'),
    lambda data: data['vrrp_instances'].pop('VI_2'),
], ids=['priority', 'vip-added', 'vip-removed', 'scheduler', 'router-id', 'instance-removed'])
def test_ordinary_change_needs_one_reload(edit):
    action, reasons = changes.needed_action(model(BEFORE), edited(edit))
    assert action == changes.RELOAD
    assert len(reasons) == 1 and 'reload' in reasons[0]


def test_priority_change_needs_a_reload_not_a_restart():
    action = changes.needed_action(model(BEFORE), edited(lambda data: data['vrrp_instances']['VI_1'].update(priority=150)))[0]
    assert action == changes.RELOAD


def test_vip_moved_between_instances_needs_two_reloads_naming_the_address():
    action, reasons = changes.needed_action(model(BEFORE), edited(_move_167))
    assert action == changes.RELOAD_TWICE
    assert len(reasons) == 1
    assert '10.1.1.167' in reasons[0] and 'vrrp_instances[VI_1]' in reasons[0] and 'vrrp_instances[VI_2]' in reasons[0]
    assert reasons[0].index('VI_1') < reasons[0].index('VI_2')  # from VI_1 to VI_2
    assert 'two reloads' in reasons[0]


def test_every_moved_vip_is_named_in_address_order():
    def move_all(data):
        _move_167(data)
        data['vrrp_instances']['VI_2']['virtual_ipaddress'].remove('10.1.1.168')
        data['vrrp_instances']['VI_1']['virtual_ipaddress'].append('10.1.1.168')
    action, reasons = changes.needed_action(model(BEFORE), edited(move_all))
    assert action == changes.RELOAD_TWICE
    assert [reason.split()[0] for reason in reasons] == ['10.1.1.167', '10.1.1.168']


def test_vip_moved_to_the_excluded_list_of_another_instance_needs_two_reloads():
    def move(data):
        data['vrrp_instances']['VI_1']['virtual_ipaddress'].remove('10.1.1.167/24')
        data['vrrp_instances']['VI_2']['virtual_ipaddress_excluded'] = ['10.1.1.167']
    action, reasons = changes.needed_action(model(BEFORE), edited(move))
    assert action == changes.RELOAD_TWICE and '10.1.1.167 ' in reasons[0]


def test_instance_renamed_moves_its_vips():
    def rename(data):
        data['vrrp_instances']['VI_9'] = data['vrrp_instances'].pop('VI_2')
    action, reasons = changes.needed_action(model(BEFORE), edited(rename))
    assert action == changes.RELOAD_TWICE and 'vrrp_instances[VI_9]' in reasons[0]


def test_vip_prefix_change_in_the_same_instance_is_one_reload():
    def reprefix(data):
        data['vrrp_instances']['VI_1']['virtual_ipaddress'][1] = '10.1.1.167/32'
    assert changes.needed_action(model(BEFORE), edited(reprefix))[0] == changes.RELOAD


def test_unknown_current_configuration_needs_a_reload():
    action, reasons = changes.needed_action(None, model(BEFORE))
    assert action == changes.RELOAD
    assert reasons and 'could not be read' in reasons[0]


ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 5))
HANDLERS = os.path.join(ROOT, 'roles', 'director', 'handlers', 'main.yml')


def _keepalived_handlers():
    with open(HANDLERS) as handle:
        return dict((h['name'], h) for h in yaml.safe_load(handle) if 'keepalived' in h['name'])


def _named(handlers):
    return set(re.findall(r"'([a-z_]+)'", ' '.join(str(h['when']) + str(h.get('loop')) for h in handlers))) - {'none'}


def test_the_director_role_acts_on_every_action_and_restarts_only_for_the_daemons_arguments_or_a_restart():
    """The restart is decided in one place: the role's handler, when the daemon's arguments change or the file
    needs it; every configuration change is one of changes.ACTIONS, and the handlers know each one but none."""
    handlers = _keepalived_handlers()
    restart = [h for h in handlers.values() if h['ansible.builtin.service']['state'] == 'restarted']
    reload = [h for h in handlers.values() if h['ansible.builtin.service']['state'] == 'reloaded']
    assert len(restart) == 1 and restart[0]['when'].startswith('lvs_director_daemon_args_changed | bool or ')
    assert (_named(restart), _named(reload)) == ({changes.RESTART}, {changes.RELOAD, changes.RELOAD_TWICE})
    assert _named(restart) | _named(reload) == set(changes.ACTIONS) - set([changes.NONE])


def _sync_daemon(data):
    data['global_defs']['lvs_sync_daemon'] = {'interface': 'eth0', 'vrrp_instance': 'VI_1', 'sync_id': 51}


def test_removing_the_sync_daemon_stops_the_kernels_daemons_after_the_reload():
    commands, reasons = changes.after_reload(edited(_sync_daemon), model(BEFORE))
    assert commands == [['ipvsadm', '--stop-daemon', 'master'], ['ipvsadm', '--stop-daemon', 'backup']]
    assert 'lvs_sync_daemon is removed' in reasons[0]


@pytest.mark.parametrize('before, after', [(BEFORE, BEFORE), (BEFORE, 'sync'), ('sync', 'sync')])
def test_a_reload_alone_applies_a_kept_or_added_sync_daemon(before, after):
    def load(which):
        return edited(_sync_daemon) if which == 'sync' else model(which)
    assert changes.after_reload(load(before), load(after)) == ([], [])


@pytest.mark.parametrize('edit, keyword', [
    (lambda data: data.update(passthrough=['net_namespace blue']), 'net_namespace'),
    (lambda data: data.update(passthrough=['instance lb_a']), 'instance'),
    (lambda data: data['global_defs'].update(passthrough=['tmp_config_directory /var/tmp']), 'tmp_config_directory'),
])
def test_what_keepalived_reads_only_at_its_start_needs_a_restart_whether_added_changed_or_removed(edit, keyword):
    with_it = edited(edit)
    changed = edited(lambda data: (edit(data), _rename_passthrough(data)))
    for before, after in ((model(BEFORE), with_it), (with_it, changed), (with_it, model(BEFORE))):
        action, reasons = changes.needed_action(before, after)
        assert action == changes.RESTART and reasons[0].startswith(keyword + ' changed'), (action, reasons)
    assert changes.needed_action(with_it, edited(edit)) == (changes.NONE, [])


def _rename_passthrough(data):
    block = data['global_defs'] if 'passthrough' in data['global_defs'] else data
    block['passthrough'] = [line + '_2' for line in block['passthrough']]


def test_other_passed_through_lines_are_applied_by_a_reload():
    action, _reasons = changes.needed_action(model(BEFORE), edited(lambda data: data.update(passthrough=['child_wait_time 7'])))
    assert action == changes.RELOAD
