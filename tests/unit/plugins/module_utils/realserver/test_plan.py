# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real server planner, run against a simulated host."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.render import ip_command
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.realserver.simulated_host import SYSCTL_FILE, STATE_FILE, UNIT, Host, nothing_to_do


# ---- DR ----------------------------------------------------------------------------------------------------

ARP_DR = [('net.ipv4.conf.all.arp_ignore', '1'), ('net.ipv4.conf.all.arp_announce', '2'),
          ('net.ipv4.conf.lo.arp_ignore', '1'), ('net.ipv4.conf.lo.arp_announce', '2')]


def test_dr_first_run_is_the_article_by_hand():
    host = Host()
    spec, plan = host.plan(vips=['10.1.1.166'])
    assert plan['errors'] == [] and plan['warnings'] == []
    assert plan['sysctl_set'] == ARP_DR
    assert plan['address_add'] == [dict(device='lo', family=4, address='10.1.1.166', prefix=32, label='lo:0')]
    assert ip_command('replace', plan['address_add'][0]) == [
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
    assert ip_command('replace', plan['address_add'][0]) == [
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
