# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""findings.py: a finding names the file and line of the variable it is about, on every host it names."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import findings
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import Issue


@pytest.mark.parametrize('path,keys', [
    ('lvs_vrrp_priority', ('lvs_vrrp_priority',)),
    ('lvs_vrrp_instances[VI_1].authentication.auth_type', ('lvs_vrrp_instances', 'VI_1', 'authentication', 'auth_type')),
    ('lvs_virtual_servers[10.1.1.166:80].real_server_defaults.port',
     ('lvs_virtual_servers', '10.1.1.166:80', 'real_server_defaults', 'port')),
    ('lvs_virtual_servers[fwmark 1].checkers[0]', ('lvs_virtual_servers', 'fwmark 1', 'checkers', '0')),
    ('lvs_virtual_servers[[2001:db8::1]:80].port', ('lvs_virtual_servers', '[2001:db8::1]:80', 'port')),
])
def test_path_keys(path, keys):
    assert findings.path_keys(path) == keys


def issue(path, host, source=None):
    return Issue('LVS103', 'error', path, 300, 'is out of range', 'give 1 to 255', source, host)


LOCATIONS = {
    'lvs1': {('lvs_vrrp_instances',): 'group_vars/d.yml:1', ('lvs_vrrp_instances', 'VI_1', 'virtual_router_id'): 'group_vars/d.yml:4'},
    'lvs2': {('lvs_vrrp_instances',): 'host_vars/lvs2.yml:2'},
}


def test_the_closest_known_part_on_each_host_is_named():
    found = findings.located([issue('lvs_vrrp_instances[VI_1].virtual_router_id', 'lvs1, lvs2')], LOCATIONS)
    assert found[0].source == 'group_vars/d.yml:4, host_vars/lvs2.yml:2'


def test_a_parse_finding_keeps_its_own_source_and_an_unknown_variable_gets_none():
    found = findings.located([issue('lvs_vrrp_instances[VI_1].priority', 'lvs1', 'keepalived.conf:7'),
                              issue('lvs_global_defs.router_id', 'lvs1')], LOCATIONS)
    assert [i.source for i in found] == ['keepalived.conf:7', None]


def test_findings_from_different_files_stay_apart_and_from_one_file_merge():
    merged = findings.merged(findings.located([issue('lvs_vrrp_instances', 'lvs1'), issue('lvs_vrrp_instances', 'lvs2'),
                                               issue('lvs_vrrp_instances', 'lvs3')],
                                              dict(LOCATIONS, lvs3=LOCATIONS['lvs1'])))
    assert [(i.host, i.source) for i in merged] == [('lvs1, lvs3', 'group_vars/d.yml:1'), ('lvs2', 'host_vars/lvs2.yml:2')]
