# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real server planner: input checks, parsing of ip's output, and plans run against a simulated host."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils import lvs_realserver as rs

IP = '/usr/sbin/ip'
MODPROBE = '/usr/sbin/modprobe'
UNIT = '/etc/systemd/system/lvs-cluster-realserver.service'
SYSCTL_FILE = '/etc/sysctl.d/90-lvs-cluster-realserver.conf'
STATE_FILE = '/var/lib/lvs-cluster/realserver.json'

IP_ADDR_SAMPLE = (
    '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n'
    '1: lo    inet 10.1.1.166/32 brd 10.1.1.166 scope global lo:0\\       valid_lft forever preferred_lft forever\n'
    '1: lo    inet6 ::1/128 scope host noprefixroute \\       valid_lft forever preferred_lft forever\n'
    '1: lo    inet6 2001:db8::166/128 scope global \\       valid_lft forever preferred_lft forever\n'
    '2: eth0    inet 10.1.1.163/24 brd 10.1.1.255 scope global dynamic eth0\\       valid_lft 86000sec '
    'preferred_lft 86000sec\n'
    '2: eth0    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever\n'
    '7: tunl0@NONE    inet 10.1.1.170/32 scope global tunl0:3\\       valid_lft forever preferred_lft forever\n'
    '8: eth0.100@eth0    inet 192.0.2.5/24 scope global secondary eth0.100\\       valid_lft forever '
    'preferred_lft forever\n'
)


class Host(object):
    """A simulated real server: what the module would observe, changed by applying plans."""

    def __init__(self, interfaces=('lo', 'eth0'), sysctl='0', addresses=None, systemd=True, tunnel=False,
                 modprobe=MODPROBE):
        self.addresses = list(addresses or [dict(device='lo', family=4, address='127.0.0.1', prefix=8, label='lo')])
        self.links = dict((name, dict(up=True)) for name in interfaces)
        self.sysctls = {}
        for name in ('all', 'default') + tuple(interfaces):
            for key in ('arp_ignore', 'arp_announce', 'rp_filter'):
                self.sysctls[rs.sysctl_key(name, key)] = sysctl
        if tunnel:
            self.add_tunnel()
        self.files = {}
        self.enabled = {}
        self.systemd = systemd
        self.modprobe = modprobe
        self.routes = []
        self.loaded = []

    def add_tunnel(self):
        self.links['tunl0'] = dict(up=False)
        for key in ('arp_ignore', 'arp_announce', 'rp_filter'):
            self.sysctls[rs.sysctl_key('tunl0', key)] = self.sysctls[rs.sysctl_key('default', key)]

    def observe(self, spec):
        record = rs.load_record(self.files.get(spec['state_file']), spec['state_file'])
        return dict(record=record, state_text=self.files.get(spec['state_file']), ip=IP, modprobe=self.modprobe,
                    kernel_modules_loaded=list(self.loaded), addresses=copy.deepcopy(self.addresses),
                    links=copy.deepcopy(self.links),
                    sysctls=dict((key, self.sysctls.get(key)) for key in rs.keys_to_observe(spec, record)),
                    files=dict((path, self.files.get(path)) for path in rs.files_to_observe(spec, record)),
                    systemd=self.systemd, unit_enabled=dict(self.enabled) if self.systemd else {},
                    default_routes=list(self.routes) if spec['director_address'] else None)

    def plan(self, **params):
        spec = rs.check_spec(params)
        return spec, rs.plan(spec, self.observe(spec))

    def apply(self, spec, plan):
        """What the module does with a plan, in its order."""
        assert not plan['errors'], plan['errors']
        if plan['record_first'] is not None:
            self.files[spec['state_file']] = plan['record_first']
        for name in plan['load_modules']:
            self.loaded.append(name)
            self.add_tunnel()
        for key, value in plan['sysctl_set']:
            assert key in self.sysctls
            self.sysctls[key] = value
        for link in plan['links_up']:
            self.links[link]['up'] = True
        for entry in plan['address_add']:
            self.addresses.append(dict(device=entry['device'], family=entry['family'], address=entry['address'],
                                       prefix=entry['prefix'], label=entry['label']))
        for entry in plan['address_remove']:
            self.addresses = [a for a in self.addresses
                              if (a['device'], a['address']) != (entry['device'], entry['address'])]
        for key, value in plan['sysctl_restore']:
            self.sysctls[key] = value
        for link in plan['links_down']:
            self.links[link]['up'] = False
        for name in plan['unload_modules']:
            self.links.pop('tunl0', None)
            self.loaded = [m for m in self.loaded if m != name]
            for key in list(self.sysctls):
                if '.tunl0.' in key:
                    del self.sysctls[key]
        for name in plan['unit_disable']:
            self.enabled[name] = False
        for path, text in plan['files'].items():
            if text is None:
                self.files.pop(path, None)
            else:
                self.files[path] = text
        for name in plan['unit_enable']:
            self.enabled[name] = True
        if plan['state_changes']:
            if plan['record_last'] is None:
                self.files.pop(spec['state_file'], None)
            else:
                self.files[spec['state_file']] = plan['record_last']

    def run(self, **params):
        spec, plan = self.plan(**params)
        self.apply(spec, plan)
        return plan

    def on(self, device):
        return sorted((a['address'], a['prefix'], a['label']) for a in self.addresses if a['device'] == device)


def problems(**params):
    with pytest.raises(rs.SpecError) as caught:
        rs.check_spec(params)
    return caught.value.lines


def nothing_to_do(plan):
    actions = ('load_modules', 'sysctl_set', 'links_up', 'address_add', 'address_remove', 'sysctl_restore',
               'links_down', 'unload_modules', 'unit_disable', 'files', 'unit_enable')
    return (not any(plan[name] for name in actions) and not plan['daemon_reload'] and plan['record_first'] is None
            and not plan['state_changes'] and plan['changed'] is False)


# ---- input ---------------------------------------------------------------------------------------------

def test_defaults():
    spec = rs.check_spec(dict(vips=['10.1.1.166']))
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
    (True, 'is not an IPv4 or IPv6 address'),
    ('10.1.1.300', 'is not an IPv4 or IPv6 address'),
])
def test_bad_vips(value, what):
    lines = problems(vips=[value])
    assert len(lines) == 1 and lines[0].startswith('vips[0]: %r %s. Fix: ' % (value, what))


def test_prefix_fix_gives_the_bare_address():
    assert 'give the address alone (10.1.1.166)' in problems(vips=['10.1.1.166/32'])[0]


def test_mixed_families_are_fine_for_dr_and_equal_spellings_count_once():
    spec = rs.check_spec(dict(vips=['10.1.1.166', '2001:DB8:0::166', '2001:db8::166', ' 10.1.1.166 ']))
    assert spec['vips'] == ['10.1.1.166', '2001:db8::166']


def test_unknown_method_and_lower_case_hint():
    assert problems(vips=['10.1.1.166'], method='dr') == [
        "method: 'dr' is not an LVS forwarding method (methods are upper case). Fix: use one of: DR, TUN, NAT"]
    assert problems(vips=['10.1.1.166'], method='FULLNAT')[0].startswith("method: 'FULLNAT' is not an LVS")


def test_director_address_only_with_nat():
    assert problems(vips=['10.1.1.166'], director_address='10.1.1.1') == [
        "director_address: '10.1.1.1' only applies to method=NAT (it is the address the default route must go "
        "through). Fix: remove director_address, or set method: NAT"]
    assert problems(method='NAT', director_address='gateway')[0].startswith(
        "director_address: 'gateway' is not an IPv4 or IPv6 address")
    assert rs.check_spec(dict(method='NAT', director_address='192.168.10.254'))['director_address'] == '192.168.10.254'


def test_vips_required_for_dr_and_tun_but_not_nat_or_absent():
    for method in ('DR', 'TUN'):
        assert problems(method=method) == [
            'vips: is required with state=present and method=%s. Fix: list the virtual addresses of the LVS services '
            'this real server answers, e.g. vips: [10.1.1.166]' % method]
    assert rs.check_spec(dict(method='NAT'))['vips'] == []
    assert rs.check_spec(dict(state='absent'))['vips'] == []


def test_tun_refuses_ipv6():
    lines = problems(method='TUN', vips=['10.1.1.166', '2001:db8::166'])
    assert lines == ["vips: '2001:db8::166' is IPv6, but method=TUN uses tunl0, which carries only IPv4-in-IPv4. "
                     "Fix: use method=DR for IPv6 virtual addresses, or list only IPv4 addresses with TUN"]


@pytest.mark.parametrize('interface, what', [
    ('eth 0', 'is not a network interface name'),
    ('../../x', 'is not a network interface name'),
    ('averyveryverylongname0', 'is not a network interface name'),
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


# ---- parsing ---------------------------------------------------------------------------------------------

def test_parse_ip_addr():
    found = rs.parse_ip_addr(IP_ADDR_SAMPLE)
    assert found == [
        dict(device='lo', family=4, address='127.0.0.1', prefix=8, label='lo'),
        dict(device='lo', family=4, address='10.1.1.166', prefix=32, label='lo:0'),
        dict(device='lo', family=6, address='::1', prefix=128, label=None),
        dict(device='lo', family=6, address='2001:db8::166', prefix=128, label=None),
        dict(device='eth0', family=4, address='10.1.1.163', prefix=24, label='eth0'),
        dict(device='eth0', family=6, address='fe80::1', prefix=64, label=None),
        dict(device='tunl0', family=4, address='10.1.1.170', prefix=32, label='tunl0:3'),
        dict(device='eth0.100', family=4, address='192.0.2.5', prefix=24, label='eth0.100'),
    ]
    assert rs.parse_ip_addr('') == []


def test_parse_ip_link():
    text = ('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default '
            'qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n'
            '7: tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    '
            'link/ipip 0.0.0.0 brd 0.0.0.0\n'
            '8: eth0.100@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n')
    assert rs.parse_ip_link(text) == {'lo': {'up': True}, 'tunl0': {'up': False}, 'eth0.100': {'up': True}}


def test_parse_default_routes():
    assert rs.parse_default_routes('default via 192.168.10.254 dev eth0 proto static\n') == ['192.168.10.254']
    assert rs.parse_default_routes('default proto static metric 1024\n\tnexthop via 10.0.0.1 dev eth0 weight 1\n'
                                   '\tnexthop via 10.0.0.2 dev eth1 weight 1\n') == ['10.0.0.1', '10.0.0.2']
    assert rs.parse_default_routes('default via inet6 fe80::1 dev eth0\n') == ['fe80::1']
    assert rs.parse_default_routes('default via 2001:DB8::1 dev eth0 metric 1024 pref medium\n') == ['2001:db8::1']
    assert rs.parse_default_routes('') == []


def test_sysctl_keys_of_interfaces_with_dots():
    key = rs.sysctl_key('eth0.100', 'arp_ignore')
    assert key == 'net.ipv4.conf.eth0/100.arp_ignore'
    assert rs.proc_path(key) == 'net/ipv4/conf/eth0.100/arp_ignore'
    assert rs.key_interface(key) == 'eth0.100'


# ---- DR ----------------------------------------------------------------------------------------------------

ARP_DR = [('net.ipv4.conf.all.arp_ignore', '1'), ('net.ipv4.conf.all.arp_announce', '2'),
          ('net.ipv4.conf.lo.arp_ignore', '1'), ('net.ipv4.conf.lo.arp_announce', '2')]


def test_dr_first_run_is_the_article_by_hand():
    host = Host()
    spec, plan = host.plan(vips=['10.1.1.166'])
    assert plan['errors'] == [] and plan['warnings'] == []
    assert plan['sysctl_set'] == ARP_DR
    assert plan['address_add'] == [dict(device='lo', family=4, address='10.1.1.166', prefix=32, label='lo:0')]
    assert rs.ip_command('replace', plan['address_add'][0]) == [
        '-4', 'addr', 'replace', '10.1.1.166/32', 'dev', 'lo', 'label', 'lo:0']
    assert plan['files'][SYSCTL_FILE].splitlines()[-4:] == ['%s = %s' % pair for pair in ARP_DR]
    unit = plan['files'][UNIT]
    for line in ('Type=oneshot', 'RemainAfterExit=yes', 'After=systemd-sysctl.service systemd-modules-load.service',
                 'ExecStart=/usr/sbin/ip -4 addr replace 10.1.1.166/32 dev lo label lo:0',
                 'ExecStop=-/usr/sbin/ip -4 addr del 10.1.1.166/32 dev lo', 'WantedBy=multi-user.target'):
        assert line in unit.splitlines()
    assert plan['daemon_reload'] and plan['unit_enable'] == ['lvs-cluster-realserver.service']
    result = plan['result']
    assert result['changed'] is True
    assert result['added_addresses'] == [dict(address='10.1.1.166', prefix=32, device='lo', label='lo:0')]
    assert result['sysctls']['net.ipv4.conf.all.arp_ignore'] == dict(before='0', after='1')
    assert result['files_written'] == [SYSCTL_FILE, UNIT, STATE_FILE]
    assert result['unit'] == dict(name='lvs-cluster-realserver.service', path=UNIT, systemd=True, written=True,
                                  enabled=True)
    # the originals are recorded before anything changes
    first = json.loads(plan['record_first'])
    assert first['sysctl_originals'] == dict((key, '0') for key, dummy in ARP_DR)
    assert first['addresses'] == [dict(device='lo', address='10.1.1.166', prefix=32, label='lo:0', added=True)]


def test_dr_second_run_changes_nothing():
    host = Host()
    host.run(vips=['10.1.1.166', '10.1.1.167'], interface='eth0')
    spec, plan = host.plan(vips=['10.1.1.166', '10.1.1.167'], interface='eth0')
    assert nothing_to_do(plan), plan
    assert plan['diff'] == []
    assert plan['result']['added_addresses'] == [] and plan['result']['sysctls'] == {}
    assert plan['result']['files_written'] == []


def test_dr_interface_is_set_too():
    host = Host()
    host.run(vips=['10.1.1.166'], interface='eth0')
    assert host.sysctls['net.ipv4.conf.eth0.arp_ignore'] == '1'
    assert host.sysctls['net.ipv4.conf.eth0.arp_announce'] == '2'
    assert host.sysctls['net.ipv4.conf.eth0.rp_filter'] == '0'  # untouched, it was 0
    assert host.sysctls['net.ipv4.conf.default.arp_ignore'] == '0'


def test_interface_with_a_dot_is_written_in_sysctl_form():
    host = Host(interfaces=('lo', 'eth0.100'))
    host.run(vips=['10.1.1.166'], interface='eth0.100')
    assert 'net.ipv4.conf.eth0/100.arp_ignore = 1' in host.files[SYSCTL_FILE].splitlines()


def test_missing_interface_is_an_error_before_any_change():
    host = Host()
    spec, plan = host.plan(vips=['10.1.1.166'], interface='eth9')
    assert plan['errors'] == [
        "interface: 'eth9' does not exist on this host (no /proc/sys/net/ipv4/conf/eth9). Fix: give the name of an "
        "existing interface (ip -o link show), or leave interface out"]
    assert plan['record_first'] is None and plan['record_last'] is None


def test_ipv6_gets_128_without_label_and_needs_no_arp_values():
    host = Host()
    spec, plan = host.plan(vips=['2001:db8::166'])
    assert plan['address_add'] == [dict(device='lo', family=6, address='2001:db8::166', prefix=128, label=None)]
    assert rs.ip_command('replace', plan['address_add'][0]) == [
        '-6', 'addr', 'replace', '2001:db8::166/128', 'dev', 'lo']
    assert plan['sysctl_set'] == [] and SYSCTL_FILE not in plan['files']
    assert 'ExecStart=/usr/sbin/ip -6 addr replace 2001:db8::166/128 dev lo' in plan['files'][UNIT].splitlines()


def test_mixed_families_label_only_ipv4():
    host = Host()
    host.run(vips=['2001:db8::166', '10.1.1.166', '10.1.1.167'])
    assert host.on('lo') == [('10.1.1.166', 32, 'lo:0'), ('10.1.1.167', 32, 'lo:1'), ('127.0.0.1', 8, 'lo'),
                             ('2001:db8::166', 128, None)]
    assert host.sysctls['net.ipv4.conf.all.arp_ignore'] == '1'


def test_labels_are_stable_when_vips_are_dropped_and_added():
    host = Host()
    host.run(vips=['10.1.1.166', '10.1.1.167', '10.1.1.168'])
    assert host.on('lo')[:3] == [('10.1.1.166', 32, 'lo:0'), ('10.1.1.167', 32, 'lo:1'), ('10.1.1.168', 32, 'lo:2')]
    plan = host.run(vips=['10.1.1.167', '10.1.1.168'])
    assert plan['result']['removed_addresses'] == [dict(address='10.1.1.166', prefix=32, device='lo', label='lo:0')]
    assert plan['address_add'] == []
    assert host.on('lo')[:2] == [('10.1.1.167', 32, 'lo:1'), ('10.1.1.168', 32, 'lo:2')]
    plan = host.run(vips=['10.1.1.167', '10.1.1.168', '10.1.1.169'])
    assert host.on('lo')[:3] == [('10.1.1.167', 32, 'lo:1'), ('10.1.1.168', 32, 'lo:2'), ('10.1.1.169', 32, 'lo:0')]
    # the order in the list does not renumber anything
    spec, plan = host.plan(vips=['10.1.1.169', '10.1.1.168', '10.1.1.167'])
    assert plan['address_add'] == [] and plan['address_remove'] == []


def test_recorded_label_is_reused_when_the_address_went_missing():
    host = Host()
    host.run(vips=['10.1.1.166', '10.1.1.167'])
    host.addresses = [a for a in host.addresses if a['address'] != '10.1.1.167']  # someone removed it
    spec, plan = host.plan(vips=['10.1.1.166', '10.1.1.167'])
    assert plan['address_add'] == [dict(device='lo', family=4, address='10.1.1.167', prefix=32, label='lo:1')]


def test_fewer_vips_rewrites_the_unit_and_keeps_the_sysctls():
    host = Host()
    host.run(vips=['10.1.1.166', '10.1.1.167'])
    plan = host.run(vips=['10.1.1.167'])
    assert plan['sysctl_set'] == [] and plan['sysctl_restore'] == []
    assert '10.1.1.166' not in host.files[UNIT] and '10.1.1.167/32 dev lo label lo:1' in host.files[UNIT]
    assert plan['daemon_reload'] and plan['unit_enable'] == []
    assert [a['address'] for a in json.loads(host.files[STATE_FILE])['addresses']] == ['10.1.1.167']


def test_hand_made_address_is_kept_with_its_label_and_left_alone_on_absent():
    hand = dict(device='lo', family=4, address='10.1.1.166', prefix=32, label='lo:0')
    host = Host(addresses=[dict(device='lo', family=4, address='127.0.0.1', prefix=8, label='lo'), hand])
    plan = host.run(vips=['10.1.1.166', '10.1.1.167'])
    assert plan['address_add'] == [dict(device='lo', family=4, address='10.1.1.167', prefix=32, label='lo:1')]
    assert 'ExecStart=/usr/sbin/ip -4 addr replace 10.1.1.166/32 dev lo label lo:0' in host.files[UNIT]
    plan = host.run(state='absent')
    assert plan['result']['removed_addresses'] == [dict(address='10.1.1.167', prefix=32, device='lo', label='lo:1')]
    assert host.on('lo') == [('10.1.1.166', 32, 'lo:0'), ('127.0.0.1', 8, 'lo')]


def test_dropping_a_hand_made_address_leaves_it():
    hand = dict(device='lo', family=4, address='10.1.1.166', prefix=32, label='lo:0')
    host = Host(addresses=[hand])
    host.run(vips=['10.1.1.166', '10.1.1.167'])
    plan = host.run(vips=['10.1.1.167'])
    assert plan['address_remove'] == []
    assert ('10.1.1.166', 32, 'lo:0') in host.on('lo')


def test_absent_restores_exactly_the_original_values():
    host = Host()
    host.sysctls['net.ipv4.conf.all.arp_announce'] = '2'  # already right: not the module's to restore
    host.sysctls['net.ipv4.conf.lo.arp_ignore'] = '8'
    before = dict(host.sysctls)
    host.run(vips=['10.1.1.166'], interface='eth0')
    record = json.loads(host.files[STATE_FILE])
    assert 'net.ipv4.conf.all.arp_announce' not in record['sysctl_originals']
    assert record['sysctl_originals']['net.ipv4.conf.lo.arp_ignore'] == '8'
    host.sysctls['net.ipv4.conf.all.arp_announce'] = '2'
    spec, plan = host.plan(state='absent')
    assert plan['address_remove'][0]['address'] == '10.1.1.166'
    assert plan['sysctl_set'] == []
    assert dict(plan['sysctl_restore'])['net.ipv4.conf.lo.arp_ignore'] == '8'
    assert plan['unit_disable'] == ['lvs-cluster-realserver.service']
    assert plan['files'] == {SYSCTL_FILE: None, UNIT: None}
    assert plan['record_last'] is None
    assert plan['result']['files_removed'] == [SYSCTL_FILE, UNIT, STATE_FILE]
    assert plan['result']['unit']['enabled'] is False
    host.apply(spec, plan)
    assert host.sysctls == before
    assert host.on('lo') == [('127.0.0.1', 8, 'lo')]
    assert host.files == {} and host.enabled == {'lvs-cluster-realserver.service': False}
    spec, plan = host.plan(state='absent')
    assert nothing_to_do(plan)


def test_absent_on_a_clean_host_does_nothing():
    spec, plan = Host().plan(state='absent')
    assert nothing_to_do(plan)
    assert plan['result']['files_removed'] == []


def test_the_first_original_is_kept_when_a_value_is_changed_back_by_someone_else():
    host = Host()
    host.run(vips=['10.1.1.166'])
    host.sysctls['net.ipv4.conf.all.arp_ignore'] = '0'  # e.g. someone ran sysctl -w
    host.run(vips=['10.1.1.166'])
    host.sysctls['net.ipv4.conf.all.arp_ignore'] = '1'
    assert json.loads(host.files[STATE_FILE])['sysctl_originals']['net.ipv4.conf.all.arp_ignore'] == '0'


def test_dropping_the_interface_restores_its_values():
    host = Host()
    host.run(vips=['10.1.1.166'], interface='eth0')
    plan = host.run(vips=['10.1.1.166'])
    assert plan['sysctl_restore'] == [('net.ipv4.conf.eth0.arp_announce', '0'), ('net.ipv4.conf.eth0.arp_ignore', '0')]
    assert plan['address_add'] == [] and plan['address_remove'] == []
    assert 'eth0' not in host.files[SYSCTL_FILE]


def test_address_with_a_wider_prefix_is_an_error():
    host = Host(addresses=[dict(device='lo', family=4, address='10.1.1.166', prefix=24, label='lo')])
    spec, plan = host.plan(vips=['10.1.1.166'])
    assert plan['errors'] == ["vips: '10.1.1.166' is already on lo as /24, not /32. Fix: remove it first (ip addr del "
                              "10.1.1.166/24 dev lo); a wider prefix on lo makes this host claim the whole network"]


def test_address_also_on_another_interface_is_a_warning():
    host = Host(addresses=[dict(device='eth0', family=4, address='10.1.1.166', prefix=24, label='eth0')])
    spec, plan = host.plan(vips=['10.1.1.166'])
    assert plan['errors'] == []
    assert plan['warnings'] == ['10.1.1.166 is also on eth0: this real server will answer ARP or neighbour requests '
                                'for it there and take traffic meant for the director; remove it from eth0']


def test_without_systemd_the_unit_is_written_but_not_enabled():
    host = Host(systemd=False)
    spec, plan = host.plan(vips=['10.1.1.166'])
    assert UNIT in plan['files'] and plan['unit_enable'] == [] and not plan['daemon_reload']
    assert plan['result']['unit'] == dict(name='lvs-cluster-realserver.service', path=UNIT, systemd=False,
                                          written=True, enabled=False)
    assert plan['warnings'] == [
        'systemd is not running on this host, so %s was written but could not be enabled: the addresses will not '
        'come back after a reboot until it is enabled (systemctl enable lvs-cluster-realserver.service)' % UNIT]


def test_other_paths_and_renaming_moves_the_files():
    host = Host()
    host.run(vips=['10.1.1.166'])
    plan = host.run(vips=['10.1.1.166'], sysctl_file='/etc/sysctl.d/80-lvs.conf', unit_name='lvs-vips.service')
    assert plan['files'][SYSCTL_FILE] is None and plan['files'][UNIT] is None
    assert plan['unit_disable'] == ['lvs-cluster-realserver.service']
    assert plan['unit_enable'] == ['lvs-vips.service']
    assert sorted(host.files) == ['/etc/sysctl.d/80-lvs.conf', '/etc/systemd/system/lvs-vips.service', STATE_FILE]
    assert plan['sysctl_set'] == [] and plan['address_add'] == []


def test_diff_shows_files_and_a_summary():
    host = Host()
    spec, plan = host.plan(vips=['10.1.1.166'])
    headers = [(d['before_header'], d['after_header']) for d in plan['diff']]
    assert headers == [(SYSCTL_FILE + ' (absent)', SYSCTL_FILE), (UNIT + ' (absent)', UNIT),
                       ('live addresses and kernel values', 'live addresses and kernel values')]
    summary = plan['diff'][-1]
    assert summary['before'] == ('addresses:\nsysctls:\n  net.ipv4.conf.all.arp_announce = 0\n'
                                 '  net.ipv4.conf.all.arp_ignore = 0\n  net.ipv4.conf.lo.arp_announce = 0\n'
                                 '  net.ipv4.conf.lo.arp_ignore = 0\n')
    assert summary['after'] == ('addresses:\n  10.1.1.166/32 dev lo label lo:0\nsysctls:\n'
                                '  net.ipv4.conf.all.arp_announce = 2\n  net.ipv4.conf.all.arp_ignore = 1\n'
                                '  net.ipv4.conf.lo.arp_announce = 2\n  net.ipv4.conf.lo.arp_ignore = 1\n')


# ---- TUN -----------------------------------------------------------------------------------------------------

def test_tun_loads_ipip_and_sets_rp_filter():
    host = Host(sysctl='1')
    spec, plan = host.plan(method='TUN', vips=['10.1.1.166'], interface='eth0')
    assert plan['load_modules'] == ['ipip'] and plan['links_up'] == ['tunl0']
    # before ipip is loaded tunl0 has no values yet
    assert plan['result']['sysctls']['net.ipv4.conf.tunl0.rp_filter'] == dict(before=None, after='0')
    host.apply(spec, plan)
    assert host.on('tunl0') == [('10.1.1.166', 32, 'tunl0:0')]
    assert host.links['tunl0']['up'] is True
    for name in ('all', 'tunl0', 'eth0'):
        assert host.sysctls['net.ipv4.conf.%s.rp_filter' % name] == '0'
        assert host.sysctls['net.ipv4.conf.%s.arp_ignore' % name] == '1'
        assert host.sysctls['net.ipv4.conf.%s.arp_announce' % name] == '2'
    assert host.sysctls['net.ipv4.conf.lo.arp_announce'] == '1'
    unit = host.files[UNIT].splitlines()
    assert unit.index('ExecStartPre=-/usr/sbin/modprobe ipip') < unit.index(
        'ExecStart=/usr/sbin/ip link set dev tunl0 up') < unit.index(
        'ExecStart=/usr/sbin/ip -4 addr replace 10.1.1.166/32 dev tunl0 label tunl0:0')
    assert 'rp_filter' in host.files[SYSCTL_FILE]
    spec, plan = host.plan(method='TUN', vips=['10.1.1.166'], interface='eth0')
    assert nothing_to_do(plan)


def test_tun_records_tunl0_originals_after_loading_ipip():
    """The module loads ipip, then plans again with the real tunl0 values (not the None seen before)."""
    host = Host(sysctl='1')
    spec, plan = host.plan(method='TUN', vips=['10.1.1.166'])
    host.files[STATE_FILE] = plan['record_first']
    host.loaded.append('ipip')
    host.add_tunnel()
    spec, plan = host.plan(method='TUN', vips=['10.1.1.166'])
    assert plan['load_modules'] == [] and plan['result']['kernel_modules_loaded'] == ['ipip']
    host.apply(spec, plan)
    record = json.loads(host.files[STATE_FILE])
    assert record['sysctl_originals']['net.ipv4.conf.tunl0.rp_filter'] == '1'
    assert record['kernel_modules_loaded'] == ['ipip'] and record['links_brought_up'] == ['tunl0']
    plan = host.run(state='absent')
    assert plan['links_down'] == ['tunl0'] and plan['unload_modules'] == ['ipip']
    assert 'tunl0' not in host.links
    assert host.sysctls['net.ipv4.conf.all.rp_filter'] == '1'


def test_tun_with_ipip_built_in_loads_nothing_and_unloads_nothing():
    host = Host(tunnel=True, modprobe=None)
    plan = host.run(method='TUN', vips=['10.1.1.166'])
    assert plan['load_modules'] == []
    assert 'modprobe' not in host.files[UNIT]
    plan = host.run(state='absent')
    assert plan['unload_modules'] == [] and plan['links_down'] == ['tunl0']
    assert host.on('tunl0') == []


def test_tun_without_ipip_and_modprobe_is_an_error():
    spec, plan = Host(modprobe=None).plan(method='TUN', vips=['10.1.1.166'])
    assert plan['errors'] == ["method: 'TUN' needs the ipip kernel module, but there is no tunl0 on this host and "
                              "modprobe was not found. Fix: install kmod (modprobe), or use a kernel with ipip built in"]


def test_switching_from_dr_to_tun_undoes_dr():
    host = Host()
    host.run(vips=['10.1.1.166'])
    plan = host.run(method='TUN', vips=['10.1.1.166'])
    assert [a['device'] for a in plan['address_remove']] == ['lo']
    assert [a['device'] for a in plan['address_add']] == ['tunl0']
    assert host.sysctls['net.ipv4.conf.lo.arp_ignore'] == '0'  # restored: TUN does not need it
    assert host.sysctls['net.ipv4.conf.all.arp_ignore'] == '1'
    # all.arp_ignore keeps its first original
    assert json.loads(host.files[STATE_FILE])['sysctl_originals']['net.ipv4.conf.all.arp_ignore'] == '0'
    assert host.on('lo') == [('127.0.0.1', 8, 'lo')]


# ---- NAT -----------------------------------------------------------------------------------------------------

def test_nat_changes_nothing_and_checks_the_default_route():
    host = Host()
    host.routes = ['192.168.10.254']
    spec, plan = host.plan(method='NAT', director_address='192.168.10.254')
    assert nothing_to_do(plan)
    assert plan['warnings'] == []
    assert plan['result']['default_route'] == dict(checked=True, director_address='192.168.10.254',
                                                   gateways=['192.168.10.254'], through_director=True)


def test_nat_warns_when_the_default_route_bypasses_the_director():
    host = Host()
    host.routes = ['192.168.10.1']
    spec, plan = host.plan(method='NAT', director_address='192.168.10.254')
    assert not plan['changed'] and plan['result']['default_route']['through_director'] is False
    assert plan['warnings'] == [
        'the default route goes through 192.168.10.1, not through the director 192.168.10.254: with LVS-NAT the '
        'replies must go back through the director, or clients get them from the wrong address. Fix: make '
        '192.168.10.254 the default gateway of this host']
    host.routes = []
    spec, plan = host.plan(method='NAT', director_address='192.168.10.254')
    assert 'goes nowhere (there is none)' in plan['warnings'][0]


def test_nat_without_director_address_does_not_check():
    spec, plan = Host().plan(method='NAT', vips=['10.1.1.166'])
    assert nothing_to_do(plan) and plan['result']['addresses'] == []
    assert plan['result']['default_route'] == dict(checked=False, director_address=None, gateways=None,
                                                   through_director=None)


def test_nat_after_dr_undoes_dr():
    host = Host()
    host.run(vips=['10.1.1.166'])
    host.run(method='NAT')
    assert host.files == {} and host.sysctls['net.ipv4.conf.all.arp_ignore'] == '0'
    assert host.on('lo') == [('127.0.0.1', 8, 'lo')]


# ---- the state file ------------------------------------------------------------------------------------------

def test_state_file_problems():
    with pytest.raises(rs.SpecError) as caught:
        rs.load_record('{not json', STATE_FILE)
    assert caught.value.lines[0].startswith("state_file: '%s' is not valid JSON" % STATE_FILE)
    assert 'Fix: restore the file from a backup, or remove it' in caught.value.lines[0]
    with pytest.raises(rs.SpecError) as caught:
        rs.load_record('{"module": "other"}', STATE_FILE)
    assert 'was not written by lvs.cluster.lvs_realserver' in caught.value.lines[0]
    with pytest.raises(rs.SpecError) as caught:
        rs.load_record('{"module": "lvs.cluster.lvs_realserver", "format": 9}', STATE_FILE)
    assert 'has format 9' in caught.value.lines[0]
    with pytest.raises(rs.SpecError) as caught:
        rs.load_record('{"module": "lvs.cluster.lvs_realserver", "format": 1, "addresses": [{"x": 1}]}', STATE_FILE)
    assert 'has an unexpected layout' in caught.value.lines[0]
    assert rs.load_record(None, STATE_FILE) == rs.empty_record()


def test_state_file_round_trip_is_stable():
    host = Host()
    host.run(vips=['10.1.1.166', '2001:db8::166'], interface='eth0')
    text = host.files[STATE_FILE]
    assert rs.dump_record(rs.load_record(text, STATE_FILE)) == text
    record = json.loads(text)
    assert sorted(record) == ['addresses', 'files', 'format', 'kernel_modules_loaded', 'links_brought_up', 'method',
                              'module', 'sysctl_originals', 'unit']


def test_record_first_keeps_what_is_about_to_be_undone():
    """A failure halfway through a change must leave a state file that can still undo the old setup."""
    host = Host()
    host.run(vips=['10.1.1.166'], interface='eth0')
    spec, plan = host.plan(vips=['10.1.1.167'])
    first = json.loads(plan['record_first'])
    assert sorted(a['address'] for a in first['addresses']) == ['10.1.1.166', '10.1.1.167']
    assert 'net.ipv4.conf.eth0.arp_ignore' in first['sysctl_originals']
    last = json.loads(plan['record_last'])
    assert [a['address'] for a in last['addresses']] == ['10.1.1.167']
    assert 'net.ipv4.conf.eth0.arp_ignore' not in last['sysctl_originals']
