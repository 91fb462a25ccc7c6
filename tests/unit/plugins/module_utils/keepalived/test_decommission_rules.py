# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster rule of decommissioned real servers (decommission_rules.py, LVS052): an explicit real_servers entry
of a host with lvs_realserver_state: absent is refused on each director that still forwards to it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import decommission_rules

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    checked, set_var)

RULE = decommission_rules.no_explicit_absent_real_server


def _explicit_rs2(state, hosts=('lvs1', 'lvs2')):
    """rs2 in ``state``, written as the explicit real server of ``hosts``' virtual server (rs1 stays in the group)."""
    def change(hostvars, groups):
        set_var(['rs2'], 'lvs_realserver_state', state)(hostvars, groups)
        for host in hosts:
            hostvars[host]['lvs_virtual_servers'][0]['real_servers'] = [{'address': '10.1.1.164', 'port': 80}]
    return change


def test_an_absent_host_written_as_a_real_server_is_lvs052_on_each_director_forwarding_to_it():
    found = checked(RULE, _explicit_rs2('absent'))
    assert [(issue.rule, issue.host, issue.path, issue.value) for issue in found] == [
        ('LVS052', host, 'lvs_virtual_servers[10.1.1.166:80].real_servers[10.1.1.164:80]', '10.1.1.164')
        for host in ('lvs1', 'lvs2')]
    assert found[0].message.startswith('is rs2, which has lvs_realserver_state: absent')
    assert 'remove the entry from real_servers' in found[0].fix and 'set rs2 back to present' in found[0].fix


def test_only_the_director_that_writes_the_entry_is_named():
    assert [issue.host for issue in checked(RULE, _explicit_rs2('absent', hosts=['lvs2']))] == ['lvs2']


def test_the_same_entry_of_a_present_host_is_fine():
    assert checked(RULE, _explicit_rs2('present')) == []


def test_an_absent_host_of_the_real_servers_group_alone_is_fine():
    # the derivation leaves it out of real_servers_from_group by itself
    assert checked(RULE, set_var(['rs2'], 'lvs_realserver_state', 'absent')) == []
