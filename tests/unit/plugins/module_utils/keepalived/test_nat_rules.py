# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The LVS-NAT cluster rules (nat_rules.py): the real servers' gateway is a VIP of the cluster (LVS053), and a check
probes the port a NAT real server serves (LVS054). The base is the article's cluster, turned into LVS-NAT with an
internal VIP on the real servers' network, as the VM lab's shapes topology has it."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import article, both

GATEWAY = '10.1.3.254'


def nat(gateway=None, ports=None, connect_port=80, method='NAT'):
    """The article's cluster with method ``method``, the internal VIP GATEWAY in a second instance, each real server's
    lvs_realserver_gateway (``gateway``) and lvs_realserver_port (``ports``: {host: port})."""
    hostvars, groups = article()

    def director(variables):
        variables['lvs_vrrp_instances']['VI_BACK'] = {'interface': 'eth1', 'virtual_router_id': 62,
                                                      'virtual_ipaddress': ['%s/24' % GATEWAY]}
        server = variables['lvs_virtual_servers'][0]
        server['lvs_method'] = method
        server['real_server_defaults']['checkers'][0]['connect_port'] = connect_port
        if connect_port is None:
            del server['real_server_defaults']['checkers'][0]['connect_port']
    both(hostvars, director)
    for host in ('rs1', 'rs2'):
        if gateway is not None:
            hostvars[host]['lvs_realserver_gateway'] = gateway
        if ports and host in ports:
            hostvars[host]['lvs_realserver_port'] = ports[host]
    return [issue for issue in cluster.validate(hostvars, groups).issues if issue.rule in ('LVS053', 'LVS054')]


def test_a_nat_cluster_whose_real_servers_name_the_internal_vip_is_clean():
    assert nat(gateway=GATEWAY) == []


def test_a_nat_cluster_that_does_not_say_the_gateway_is_not_judged():
    assert nat() == []


@pytest.mark.parametrize('gateway', ['10.1.3.1', '10.1.1.163', '2001:db8::1'])
def test_a_gateway_that_is_not_a_vip_of_the_cluster_is_refused_naming_each_real_server(gateway):
    found = nat(gateway=gateway)
    assert [(issue.rule, issue.host) for issue in found] == [('LVS053', 'rs1, rs2')]
    issue = found[0]
    assert issue.level == 'error' and issue.path == 'lvs_realserver_gateway' and issue.value == gateway
    assert '10.1.1.166:80' in issue.message and 'cluster lvs_directors' in issue.message
    # the fix names the internal VIP of the gateway's family, never the client's VIP
    assert (GATEWAY in issue.fix) == (':' not in gateway) and '10.1.1.166' not in issue.fix


def test_a_dr_cluster_does_not_judge_a_gateway():
    assert nat(gateway='10.1.3.1', method='DR') == []


def test_a_check_of_the_virtual_servers_port_on_a_remapped_real_server_is_refused():
    found = nat(gateway=GATEWAY, ports={'rs1': 8080})
    assert [(issue.rule, issue.value) for issue in found] == [('LVS054', 80)]
    assert 'port 8080' in found[0].message and 'leave connect_port out' in found[0].fix


@pytest.mark.parametrize('ports, connect_port', [
    ({'rs1': 8080, 'rs2': 8080}, None),      # the check follows the real server's port
    ({'rs1': 8080, 'rs2': 8080}, 8080),      # written for the real servers
    ({'rs1': 8080}, 9000),                   # a health port of its own
    (None, 80),                              # no remapping
])
def test_checks_that_follow_the_real_port_or_a_port_of_their_own_are_fine(ports, connect_port):
    assert nat(gateway=GATEWAY, ports=ports, connect_port=connect_port) == []
