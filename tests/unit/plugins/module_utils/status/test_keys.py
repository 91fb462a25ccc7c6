# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/module_utils/status/keys.py: one name per virtual service and real server, whoever describes it: the
kernel's IPVS table and keepalived's checker dump (captures of the VM lab's directors) and the inventory's model name
the same service alike, however its address was written."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster
from ansible_collections.lvs.cluster.plugins.module_utils.status import expected, ipvs_table, keepalived_check, keys
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import article

HZ = 250  # the lab kernels' CONFIG_HZ (only the persistence timeouts depend on it)


@pytest.mark.parametrize('written,name', [
    ('2001:DB8:0:0:0:0:0:166', '2001:db8::166'), ('2001:db8::166', '2001:db8::166'), ('10.1.1.166', '10.1.1.166'),
    ('::ffff:10.1.1.166', '::ffff:a01:1a6'),
])
def test_an_address_is_named_canonically_however_it_was_written(written, name):
    assert keys.address(written) == name


def test_text_that_is_no_address_is_named_as_it_is():
    # a host name the inventory gives for a real server still gets a name, so that it can be reported as unknown
    assert keys.address('rs1.example.org') == 'rs1.example.org' and keys.address(None) == 'None'


def test_a_real_server_is_its_address_and_port_an_ipv6_one_in_brackets():
    assert keys.endpoint('10.1.1.163', 80) == '10.1.1.163:80'
    assert keys.endpoint('2001:DB8::163', 80) == '[2001:db8::163]:80'
    assert keys.endpoint('2001:db8::163', None) == '[2001:db8::163]'


def test_a_firewall_mark_names_the_service_whatever_else_is_given():
    assert keys.service('TCP', '10.1.1.166', 80, fwmark='7') == 'fwmark 7'
    assert keys.service(None, fwmark=0) == 'fwmark 0'  # 0 is a mark, not its absence


def test_a_service_without_a_protocol_is_tcp_as_in_keepalived():
    assert keys.service(None, '10.1.1.166', 80) == 'TCP 10.1.1.166:80'
    assert keys.service('UDP', '2001:DB8::166', 53) == 'UDP [2001:db8::166]:53'


@pytest.mark.parametrize('ipvs,checker', [
    ('lab/routed/lvs1-ip_vs.txt', 'lab/routed/lvs1-keepalived_check.data'),
    ('lab/dr/lvs1-ip_vs-rs2-down.txt', 'lab/dr/lvs1-keepalived_check-rs2-down.data'),
])
def test_the_kernel_and_keepalived_name_the_labs_services_and_real_servers_alike(fixture_text, ipvs, checker):
    kernel = dict((keys.ipvs_service(entry), entry) for entry in ipvs_table.parse(fixture_text(ipvs), HZ))
    daemon = dict((keys.checker_service(entry), entry) for entry in keepalived_check.parse(fixture_text(checker)))
    assert sorted(kernel) == sorted(daemon) and kernel
    for name in kernel:
        # keepalived lists every real server; the kernel only those up (rs2 is down in the second capture)
        in_kernel = set(keys.endpoint(real['address'], real['port']) for real in kernel[name]['real_servers'])
        assert in_kernel and in_kernel <= set(keys.endpoint(real['address'], real['port'])
                                              for real in daemon[name]['real_servers'])


def test_the_model_names_the_articles_service_as_the_kernel_does(fixture_text):
    # the article's cluster is the one the lab's DR capture was taken on
    wanted = expected.from_report(cluster.validate(*article()))['lvs_directors']['virtual_servers']
    kernel = [keys.ipvs_service(entry) for entry in ipvs_table.parse(fixture_text('lab/dr/lvs1-ip_vs.txt'), HZ)]
    assert [service['key'] for service in wanted] == kernel == ['TCP 10.1.1.166:80']


def test_a_firewall_mark_service_of_the_kernel_is_named_by_its_mark(fixture_text):
    services = ipvs_table.parse(fixture_text('format-samples/ip_vs-ipv6-udp-fwmark.txt'), HZ)
    marked = [entry for entry in services if entry['fwmark'] is not None]
    assert marked and [keys.ipvs_service(entry) for entry in marked] == ['fwmark %d' % marked[0]['fwmark']]


def test_a_virtual_server_group_of_keepalived_is_named_by_its_group():
    entry = {'group': 'web', 'protocol': 'TCP', 'address': None, 'port': None, 'fwmark': None}
    assert keys.checker_service(entry) == 'group web'
    assert keys.checker_service(dict(entry, group=None, fwmark=3)) == 'fwmark 3'
