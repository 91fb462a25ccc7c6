# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real server with lvs_realserver_state: absent (decommissioned): left out of every derived real server list,
known to the directors that forwarded to it (to drain it before their reload), and shown as absent in its slice."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    article, second_cluster)


def validated(*changes):
    hostvars, groups = article()
    for change in changes:
        change(hostvars, groups)
    report = cluster.validate(hostvars, groups)
    assert report.valid, report.format()
    return report


def absent(host, state='absent'):
    def change(hostvars, groups):
        hostvars[host]['lvs_realserver_state'] = state
    return change


def addresses(config):
    return [real['address'] for server in config['virtual_servers'] for real in server['real_servers']]


def test_an_absent_real_server_is_left_out_of_every_directors_configuration():
    report = validated(absent('rs2'))
    for host in ('lvs1', 'lvs2'):
        assert addresses(report.configs()[host]) == ['10.1.1.163']
        # and so is its drain switch: nothing would watch the file
        assert list(t for t in report.configs()[host]['track_files'] if t.startswith('lvs_drain_')) == [
            'lvs_drain_10_1_1_163']


def test_present_is_the_default_and_the_value_is_read_as_ansible_writes_it():
    assert addresses(validated().configs()['lvs1']) == ['10.1.1.163', '10.1.1.164']
    assert addresses(validated(absent('rs2', 'present')).configs()['lvs1']) == ['10.1.1.163', '10.1.1.164']
    assert addresses(validated(absent('rs2', 'Absent')).configs()['lvs1']) == ['10.1.1.163']


def test_each_director_knows_the_absent_real_servers_it_forwarded_to_and_no_other():
    def db_forwards_to_its_own_group(hostvars, groups):
        groups['db_realservers'] = ['db_rs1', 'db_rs2']
        hostvars['db_rs1'] = {'ansible_host': '10.1.2.163'}
        hostvars['db_rs2'] = {'ansible_host': '10.1.2.164', 'lvs_realserver_state': 'absent'}
        for host in ('db1', 'db2'):
            hostvars[host]['lvs_virtual_servers'] = [{
                'address': '10.1.2.166', 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'rr', 'lvs_method': 'DR',
                'real_servers_from_group': 'db_realservers'}]
    report = validated(absent('rs2'), second_cluster(segment='db'), db_forwards_to_its_own_group)
    parts = report.slices()['directors']
    assert parts['lvs1']['decommissioned'] == parts['lvs2']['decommissioned'] == ['10.1.1.164']
    assert parts['db1']['decommissioned'] == parts['db2']['decommissioned'] == ['10.1.2.164']
    assert validated().slices()['directors']['lvs1']['decommissioned'] == []


def test_an_absent_real_servers_slice_says_so_and_names_no_director():
    parts = validated(absent('rs2')).slices()['realservers']
    assert parts['rs2'] == {'vips': [], 'method': None, 'address': '10.1.1.164', 'directors': {}, 'gateway': None,
                            'state': 'absent'}
    assert parts['rs1']['state'] == 'present' and sorted(parts['rs1']['directors']) == ['lvs1', 'lvs2']


def test_the_summary_and_status_expectation_count_only_the_remaining_real_servers():
    from ansible_collections.lvs.cluster.plugins.module_utils.status import expected
    found = expected.from_report(validated(absent('rs2')))['lvs_directors']
    assert [real['address'] for server in found['virtual_servers'] for real in server['real_servers']] == ['10.1.1.163']
    assert found['decommissioned'] == {'10.1.1.164': 'rs2'}
