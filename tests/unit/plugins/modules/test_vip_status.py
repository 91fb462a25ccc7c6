# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.vip_status in-process: which VIPs a director holds, from ip's addresses and its AnyIP local routes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils import basic
from ansible_collections.lvs.cluster.plugins.modules import vip_status as module

# A VRRP director holding 10.1.1.166 on eth0 (keepalived adds it as a /32 next to the host's address).
ADDRESSES = (
    '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n'
    '2: eth0    inet 10.1.1.161/24 brd 10.1.1.255 scope global eth0\\       valid_lft forever preferred_lft forever\n'
    '2: eth0    inet 10.1.1.166/32 scope global eth0\\       valid_lft forever preferred_lft forever\n'
    '2: eth0    inet6 2001:db8::166/128 scope global nodad \\       valid_lft forever preferred_lft forever\n'
)
# An active-active director holds its VIP as a local route of the collection's protocol instead.
LOCAL_ROUTES = 'local 10.1.1.170 dev lvs-vip table local proto 251 scope host \n'


def install(monkeypatch, addresses, local_routes):
    commands = []

    def run_command(self, args, **kw):
        commands.append(args)
        if args[1:] == ['-o', 'addr', 'show']:
            return 0, addresses, ''
        if args[2:4] == ['route', 'show']:
            return 0, local_routes if args[1] == '-4' else '', ''
        raise AssertionError(args)
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', run_command)
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, **kw: '/usr/sbin/ip')
    return commands


def test_held_addresses_come_from_interfaces_and_local_routes(monkeypatch, run):
    commands = install(monkeypatch, ADDRESSES, LOCAL_ROUTES)
    result = run(module, dict(addresses=['10.1.1.166', '2001:db8::166', '10.1.1.170', '10.1.1.167'], settle=0))
    assert result['held'] == ['10.1.1.166', '2001:db8::166', '10.1.1.170']
    assert result['changed'] is False
    assert ['/usr/sbin/ip', '-4', 'route', 'show', 'table', 'local', 'proto', '251'] in commands


def test_addresses_match_without_their_prefix(monkeypatch, run):
    """An address on any interface counts, whatever its prefix; a network address is not held."""
    install(monkeypatch, ADDRESSES, '')
    result = run(module, dict(addresses=['10.1.1.161', '127.0.0.1', '10.1.1.0'], settle=0))
    assert result['held'] == ['10.1.1.161', '127.0.0.1']


def test_a_failing_ip_fails_the_task(monkeypatch, run):
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', lambda self, args, **kw: (1, '', 'Cannot open netlink\n'))
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', lambda self, name, **kw: '/usr/sbin/ip')
    result = run(module, dict(addresses=['10.1.1.166'], settle=0))
    assert result['failed'] is True and result['msg'] == '-o addr show failed: Cannot open netlink'
