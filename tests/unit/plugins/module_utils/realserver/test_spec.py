# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real server module's input checks: what its argument_spec cannot express."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.spec import SpecError, check_spec

SYSCTL_FILE = '/etc/sysctl.d/90-lvs-cluster-realserver.conf'
STATE_FILE = '/var/lib/lvs-cluster/realserver.json'


def problems(**params):
    with pytest.raises(SpecError) as caught:
        check_spec(params)
    return caught.value.lines


def test_defaults():
    spec = check_spec(dict(vips=['10.1.1.166']))
    assert spec == dict(state='present', method='DR', vips=['10.1.1.166'], interface=None, director_address=None,
                        sysctl_file=SYSCTL_FILE, state_file=STATE_FILE, unit_name='lvs-cluster-realserver.service',
                        unit_dir='/etc/systemd/system')


def test_not_an_address_names_the_key_the_value_and_the_fix():
    lines = problems(vips=['10.1.1.166', 'lo:0'])
    assert lines == ["vips[1]: 'lo:0' is not an IPv4 or IPv6 address. Fix: give a plain address such as 10.1.1.166 "
                     "or 2001:db8::166"]


@pytest.mark.parametrize('value, what', [
    ('10.1.1.166/32', 'has a prefix length'),
    ('127.0.0.2', 'is a loopback address'),
    ('224.0.0.18', 'is a multicast address'),
    ('0.0.0.0', 'is the unspecified address'),
    ('fe80::1', 'is a link-local address'),
    ('255.255.255.255', 'is the broadcast address'),
    ('', 'is not an IPv4 or IPv6 address'),
    ('True', 'is not an IPv4 or IPv6 address'),  # what the argument_spec makes of a YAML true
    ('10.1.1.300', 'is not an IPv4 or IPv6 address'),
])
def test_bad_vips(value, what):
    lines = problems(vips=[value])
    assert len(lines) == 1 and lines[0].startswith('vips[0]: %r %s. Fix: ' % (value, what))


def test_prefix_fix_gives_the_bare_address():
    assert 'give the address alone (10.1.1.166)' in problems(vips=['10.1.1.166/32'])[0]


def test_mixed_families_are_fine_for_dr_and_equal_spellings_count_once():
    spec = check_spec(dict(vips=['10.1.1.166', '2001:DB8:0::166', '2001:db8::166', ' 10.1.1.166 ']))
    assert spec['vips'] == ['10.1.1.166', '2001:db8::166']


def test_director_address_only_with_nat():
    assert problems(vips=['10.1.1.166'], director_address='10.1.1.1') == [
        "director_address: '10.1.1.1' only applies to method=NAT (it is the address the default route must go "
        "through). Fix: remove director_address, or set method: NAT"]
    assert problems(method='NAT', director_address='gateway')[0].startswith(
        "director_address: 'gateway' is not an IPv4 or IPv6 address")
    assert check_spec(dict(method='NAT', director_address='192.168.10.254'))['director_address'] == '192.168.10.254'


def test_vips_required_for_dr_and_tun_but_not_nat_or_absent():
    for method in ('DR', 'TUN'):
        assert problems(method=method) == [
            'vips: is required with state=present and method=%s. Fix: list the virtual addresses of the LVS services '
            'this real server answers, e.g. vips: [10.1.1.166]' % method]
    assert check_spec(dict(method='NAT'))['vips'] == []
    assert check_spec(dict(state='absent'))['vips'] == []


def test_tun_refuses_ipv6():
    lines = problems(method='TUN', vips=['10.1.1.166', '2001:db8::166'])
    assert lines == ["vips: '2001:db8::166' is IPv6, but method=TUN uses tunl0, which carries only IPv4-in-IPv4. "
                     "Fix: use method=DR for IPv6 virtual addresses, or list only IPv4 addresses with TUN"]


@pytest.mark.parametrize('interface, what', [
    ('eth 0', 'is not a network interface name'),
    ('../../x', 'is not a network interface name'),
    ('averyveryverylongname0', 'is not a network interface name'),
    ('eth0:1', 'is not a network interface name'),  # a label, not an interface (the one rule, LVS107)
    ('ab#', 'is not a network interface name'),
    ('all', 'is a sysctl pseudo interface'),
    ('default', 'is a sysctl pseudo interface'),
])
def test_bad_interface(interface, what):
    lines = problems(vips=['10.1.1.166'], interface=interface)
    assert len(lines) == 1 and lines[0].startswith('interface: %r %s' % (interface, what)) and 'Fix: ' in lines[0]


def test_interface_not_with_nat():
    assert problems(method='NAT', interface='eth0')[0].startswith("interface: 'eth0' has no effect with method=NAT")


def test_paths_and_unit_name():
    assert problems(vips=['10.1.1.166'], sysctl_file='/etc/sysctl.d/lvs.txt') == [
        "sysctl_file: '/etc/sysctl.d/lvs.txt' does not end in .conf, and systemd-sysctl reads only *.conf files at "
        "boot. Fix: give a path such as /etc/sysctl.d/90-lvs-cluster-realserver.conf"]
    assert problems(vips=['10.1.1.166'], state_file='state.json')[0].startswith(
        "state_file: 'state.json' is not an absolute file path")
    assert problems(vips=['10.1.1.166'], unit_name='../evil.service')[0].startswith(
        "unit_name: '../evil.service' is not a systemd service name")
    assert problems(vips=['10.1.1.166'], unit_name='lvs.timer')[0].startswith("unit_name: 'lvs.timer'")


def test_every_problem_is_reported_at_once():
    lines = problems(vips=['x', '10.1.1.166/24'], method='TUN', director_address='10.0.0.1', interface='all')
    assert [line.split(':', 1)[0] for line in lines] == ['vips[0]', 'vips[1]', 'interface', 'director_address']


def test_interface_names_the_kernel_takes_are_accepted():
    for name in ('eth0', 'eth0.100', 'br-lan', 'wg@x', 'enp0s31f6', 'a' * 15):
        assert check_spec(dict(vips=['10.1.1.166'], interface=name))['interface'] == name


def test_empty_options_take_the_defaults():
    spec = check_spec(dict(vips=['10.1.1.166'], state='', method=None, sysctl_file='', unit_name=None))
    assert (spec['state'], spec['method'], spec['sysctl_file'], spec['unit_name']) == (
        'present', 'DR', SYSCTL_FILE, 'lvs-cluster-realserver.service')
