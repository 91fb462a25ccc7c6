#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: lvs_realserver
short_description: Make a host an LVS real server for DR, TUN or NAT forwarding
version_added: 0.1.0
description:
  - Prepares a real server of an LVS cluster for the director's forwarding method in one task, replacing the
    hand-typed C(ifconfig lo:0 VIP netmask 255.255.255.255 up) and the four C(echo) commands into
    C(/proc/sys/net/ipv4/conf/*/arp_*).
  - With O(method=DR), each address of O(vips) is put on C(lo) as a host address (C(/32), or C(/128) for IPv6), IPv4
    addresses with the labels C(lo:0), C(lo:1) and so on; C(arp_ignore=1) and C(arp_announce=2) are set for C(all),
    C(lo) and O(interface). An address keeps its label from run to run; a new one gets the lowest free number.
  - With O(method=TUN), the C(ipip) kernel module is loaded (a kernel with C(ipip) built in is fine), C(tunl0) is set
    up and gets the addresses of O(vips); C(rp_filter=0) is set for C(all), C(tunl0) and O(interface), and the same
    ARP values as with DR for C(all), C(tunl0) and O(interface).
  - With O(method=NAT), nothing is changed. When O(director_address) is given, the module reports whether the
    default route goes through it (RV(default_route)) and warns when it does not.
  - The changes are made live (with C(ip) from iproute2 and by writing C(/proc/sys)) and made to survive a reboot
    (O(sysctl_file) for the kernel values and a oneshot systemd unit O(unit_name) for the addresses). Nothing else
    is installed on the host.
  - Before changing a kernel value the module records the value it found in O(state_file) (unless it recorded one
    before), together with the addresses it added. O(state=absent), and a later run that no longer wants something
    (fewer O(vips), another O(method), no O(interface)), removes exactly the addresses the module added and puts
    back exactly the kernel values it changed. Addresses that were already there and kernel values that already had
    the wanted value are left alone.
  - Every option is checked before anything on the host is touched; bad values fail the task with one line per
    problem naming the option, the value and the fix.
author:
  - lvs.cluster maintainers (!UNKNOWN)
extends_documentation_fragment:
  - lvs.cluster.inventory_groups
options:
  vips:
    description:
      - The virtual addresses of the LVS services this host serves, IPv4 and/or IPv6, without a prefix length.
      - Required with O(state=present) and O(method=DR) or O(method=TUN). With O(method=NAT) they are checked but
        nothing is configured for them. Ignored with O(state=absent).
      - O(method=TUN) takes IPv4 addresses only (C(tunl0) is IPv4-in-IPv4).
      - A run with fewer addresses removes the ones that were dropped, if the module had added them.
      - When left out with O(state=present), the controller derives them, and O(method), from the virtual servers of
        the directors in the inventory that forward to this host (see the collection's docs/inventory.md), as the
        C(lvs.cluster.realserver) role does.
    type: list
    elements: str
  method:
    description:
      - The forwarding method of the director (keepalived's C(lvs_method)).
      - Changing it undoes what the previous method set up (addresses the module added, kernel values it changed).
    type: str
    choices: [DR, TUN, NAT]
    default: DR
  interface:
    description:
      - The interface the LVS traffic comes in on. Its ARP values (and C(rp_filter) with TUN) are set as well, since
        the kernel applies the larger of C(conf/all) and C(conf/<interface>); the interface must exist.
      - Not allowed with O(method=NAT).
    type: str
  director_address:
    description:
      - With O(method=NAT), the directors' internal virtual address, which must be this host's default gateway.
      - The module only checks the default route (C(ip route show default)) and reports it; it does not change it.
      - Not allowed with O(method=DR) or O(method=TUN).
    type: str
  state:
    description:
      - V(present) makes the host a real server for O(method); V(absent) removes what the module added and restores
        the kernel values it changed, as recorded in O(state_file).
    type: str
    choices: [present, absent]
    default: present
  sysctl_file:
    description:
      - The sysctl.d file that makes the kernel values permanent (mode C(0644)). It must end in C(.conf), which is
        all that C(systemd-sysctl) reads at boot. It is removed when no value is needed.
    type: path
    default: /etc/sysctl.d/90-lvs-cluster-realserver.conf
  unit_name:
    description:
      - The oneshot systemd service, in C(/etc/systemd/system), that puts the addresses back at boot after
        C(systemd-sysctl) (so the ARP values are in force first) and before the network is configured.
      - It is enabled with C(systemctl) when systemd is running; otherwise it is written, not enabled, and a warning
        says so. The module does not start or stop it; it changes the live addresses itself.
    type: str
    default: lvs-cluster-realserver.service
  state_file:
    description:
      - Where the module records what it added and the original kernel values (JSON, mode C(0600)). Its directory
        is created (mode C(0700)) when needed. Removed when nothing is left to undo.
      - Do not delete it by hand while the host is a real server; without it O(state=absent) cannot restore
        the original values.
    type: path
    default: /var/lib/lvs-cluster/realserver.json
notes:
  - Needs root, C(ip) from iproute2 and, for O(method=TUN) on a kernel without C(ipip) loaded, C(modprobe).
  - IPv6 needs no ARP settings; Linux answers neighbour solicitations only for addresses of the interface they arrive
    on, so IPv6 addresses on C(lo) are not announced. The ARP values are set only when O(vips) has an IPv4 address.
  - The ARP values are set before the addresses are added, and the addresses removed before the values are
    restored, so the host never answers ARP for a virtual address in between.
  - The unit adds the addresses with C(ip addr replace) and its C(ExecStop) removes them. With O(state=absent) the
    module disables and removes the unit without stopping it, so that addresses it did not add stay.
  - With O(method=TUN) the module unloads C(ipip) again on O(state=absent) if it loaded it; when the module is in use
    by other tunnels, that fails with a warning and the module stays.
attributes:
  check_mode:
    support: full
    description: Reports what would change; nothing on the host is changed.
  diff_mode:
    support: full
    description: The before and after of O(sysctl_file), of the unit, and of the managed live addresses and kernel values.
  platform:
    support: full
    platforms: posix
    description: Linux hosts with iproute2; systemd for the addresses to come back after a reboot.
seealso:
  - module: lvs.cluster.keepalived_config
    description: The director's side of the cluster.
  - name: ip-sysctl
    description: The kernel's description of arp_ignore, arp_announce and rp_filter.
    link: https://docs.kernel.org/networking/ip-sysctl.html
'''

EXAMPLES = r'''
- name: Make the article's real servers ready for LVS-DR (VIP on lo:0, ARP settings, survives reboot)
  lvs.cluster.lvs_realserver:
    vips:
      - 10.1.1.166

- name: LVS-TUN real server, also setting the ingress interface
  lvs.cluster.lvs_realserver:
    method: TUN
    vips: [10.1.1.166, 10.1.1.167]
    interface: eth0

- name: LVS-NAT real server; warn when the default route does not go through the directors
  lvs.cluster.lvs_realserver:
    method: NAT
    director_address: 192.168.10.254
  register: realserver

- name: Fail when replies would bypass the director
  ansible.builtin.assert:
    that: realserver.default_route.through_director

- name: Undo everything the module did and restore the original kernel values
  lvs.cluster.lvs_realserver:
    state: absent
'''

RETURN = r'''
state:
  description: The O(state) that was applied.
  returned: always
  type: str
  sample: present
method:
  description: The O(method) that was applied.
  returned: always
  type: str
  sample: DR
addresses:
  description: The virtual addresses this host carries for O(method) after the run (empty for NAT and absent).
  returned: always
  type: list
  elements: dict
  contains:
    address:
      description: The address.
      type: str
      sample: 10.1.1.166
    prefix:
      description: The prefix length, 32 or 128.
      type: int
      sample: 32
    device:
      description: C(lo) for DR, C(tunl0) for TUN.
      type: str
      sample: lo
    label:
      description: The IPv4 label, null for IPv6.
      type: str
      sample: lo:0
  sample: [{address: 10.1.1.166, prefix: 32, device: lo, label: 'lo:0'}]
added_addresses:
  description: The addresses that were (or in check mode would be) added, in the same form as RV(addresses).
  returned: always
  type: list
  elements: dict
  sample: [{address: 10.1.1.166, prefix: 32, device: lo, label: 'lo:0'}]
removed_addresses:
  description: The addresses the module had added and removed (or would remove) now, in the same form as RV(addresses).
  returned: always
  type: list
  elements: dict
  sample: []
sysctls:
  description:
    - The kernel values that changed (or would change), by key in sysctl(8) form, with the value before and after.
      C(before) is null when the key did not exist yet (C(tunl0) before C(ipip) is loaded).
  returned: always
  type: dict
  sample: {net.ipv4.conf.all.arp_ignore: {before: '0', after: '1'}}
files_written:
  description: The files written (or that would be written), including O(state_file).
  returned: always
  type: list
  elements: str
  sample: [/etc/sysctl.d/90-lvs-cluster-realserver.conf, /etc/systemd/system/lvs-cluster-realserver.service]
files_removed:
  description: The files removed (or that would be removed).
  returned: always
  type: list
  elements: str
  sample: []
unit:
  description: The systemd unit that puts the addresses back at boot.
  returned: always
  type: dict
  contains:
    name:
      description: O(unit_name).
      type: str
      sample: lvs-cluster-realserver.service
    path:
      description: The unit file.
      type: str
      sample: /etc/systemd/system/lvs-cluster-realserver.service
    systemd:
      description: Whether systemd is the running init system.
      type: bool
      sample: true
    written:
      description: Whether the unit file exists after the run (there are addresses to restore at boot).
      type: bool
      sample: true
    enabled:
      description: Whether the unit is enabled after the run. False when systemd is not running (a warning says so).
      type: bool
      sample: true
kernel_modules_loaded:
  description: The kernel modules loaded (or that would be loaded), C(ipip) for TUN.
  returned: always
  type: list
  elements: str
  sample: [ipip]
kernel_modules_unloaded:
  description: The kernel modules the module had loaded and now unloads (or would unload).
  returned: always
  type: list
  elements: str
  sample: []
default_route:
  description: With O(method=NAT), the check of the default route; null otherwise.
  returned: always
  type: dict
  contains:
    checked:
      description: Whether the route was checked (O(director_address) given).
      type: bool
      sample: true
    director_address:
      description: O(director_address).
      type: str
      sample: 192.168.10.254
    gateways:
      description: The gateways of the default route(s) of O(director_address)'s address family.
      type: list
      elements: str
      sample: [192.168.10.254]
    through_director:
      description: Whether O(director_address) is one of the gateways; null when not checked.
      type: bool
      sample: true
errors:
  description: One line per problem in the options when the task fails because of them.
  returned: failed because of bad options
  type: list
  elements: str
  sample: ["vips[0]: 'lo:0' is not an IPv4 or IPv6 address. Fix: give a plain address such as 10.1.1.166 or 2001:db8::166"]
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible_collections.lvs.cluster.plugins.module_utils.module_support import (
    GROUP_OPTIONS, read_current, remove_file, write_file)
from ansible_collections.lvs.cluster.plugins.module_utils import sysctl
from ansible_collections.lvs.cluster.plugins.module_utils.realserver import kernel, plan as planning
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.ip import (
    parse_default_routes, parse_ip_addr, parse_ip_link)
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.record import load_record
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.render import ip_command
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.spec import DEFAULTS, SpecError, check_spec

# Where the host is looked at and changed. Module-level so that the unit tests can point them into a
# temporary directory; they are not options on purpose.
PROC_SYS = '/proc/sys'
SYSTEMD_RUN_DIR = '/run/systemd/system'   # exists exactly when systemd is the running init (sd_booted)
UNIT_DIR = DEFAULTS['unit_dir']

SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin']
FILE_MODE = 0o644
STATE_MODE = 0o600
STATE_DIR_MODE = 0o700


def read_sysctl(key):
    return sysctl.read(key, PROC_SYS)


def run(module, args, what):
    rc, out, err = module.run_command(args)
    if rc != 0:
        module.fail_json(msg='%s failed (%s, exit code %d): %s' % (what, ' '.join(args), rc, (err or out).strip()),
                         rc=rc, stdout=out, stderr=err)
    return out


def observe(module, spec, record, state_text, programs, loaded_now):
    ip = programs['ip']
    observed = dict(record=record, state_text=state_text, ip=ip, modprobe=programs['modprobe'],
                    kernel_modules_loaded=loaded_now)
    observed['addresses'] = parse_ip_addr(run(module, [ip, '-o', 'addr', 'show'], 'Listing the addresses'))
    observed['links'] = parse_ip_link(run(module, [ip, '-o', 'link', 'show'], 'Listing the links'))
    observed['sysctls'] = dict((key, read_sysctl(key)) for key in planning.keys_to_observe(spec, record))
    observed['files'] = dict((path, read_current(module, path)) for path in planning.files_to_observe(spec, record))
    observed['systemd'] = os.path.isdir(SYSTEMD_RUN_DIR) and programs['systemctl'] is not None
    enabled = {}
    if observed['systemd']:
        for name in planning.unique([spec['unit_name'], record.get('unit')]):
            if name:
                rc, out, dummy = module.run_command([programs['systemctl'], 'is-enabled', name])
                enabled[name] = rc == 0 and out.strip() == 'enabled'
    observed['unit_enabled'] = enabled
    observed['default_routes'] = None
    if spec['state'] == 'present' and spec['method'] == 'NAT' and spec['director_address']:
        family = '-6' if ':' in spec['director_address'] else '-4'
        observed['default_routes'] = parse_default_routes(
            run(module, [ip, family, 'route', 'show', 'default'], 'Reading the default route'))
    return observed


def write_state(module, path, text):
    """Write the state file's ``text``; None removes it (nothing is left to undo)."""
    if text is None:
        remove_file(module, path)
    else:
        write_file(module, path, text, STATE_MODE, directory_mode=STATE_DIR_MODE)


def write_sysctl(module, key, value):
    try:
        sysctl.write(key, value, PROC_SYS)
    except (IOError, OSError) as problem:
        module.fail_json(msg='Cannot set %s to %s (%s): %s. Run as root; in a container /proc/sys must be writable. '
                             'What was changed so far is recorded, so state=absent undoes it.'
                         % (key, value, os.path.join(PROC_SYS, sysctl.proc_path(key)), to_native(problem)))


def apply(module, spec, plan, programs):
    ip, systemctl = programs['ip'], programs['systemctl']
    if plan['record_first'] is not None:
        write_state(module, spec['state_file'], plan['record_first'])
    for key, value in plan['sysctl_set']:
        write_sysctl(module, key, value)
    for link in plan['links_up']:
        run(module, [ip, 'link', 'set', 'dev', link, 'up'], 'Setting %s up' % link)
    for entry in plan['address_add']:
        run(module, [ip] + ip_command('replace', entry), 'Adding %s' % entry['address'])
    for entry in plan['address_remove']:
        run(module, [ip] + ip_command('del', entry), 'Removing %s' % entry['address'])
    for key, value in plan['sysctl_restore']:
        write_sysctl(module, key, value)
    for link in plan['links_down']:
        run(module, [ip, 'link', 'set', 'dev', link, 'down'], 'Setting %s down' % link)
    for name in plan['unload_modules']:
        rc, out, err = module.run_command([programs['modprobe'] or 'modprobe', '-r', name])
        if rc != 0:
            module.warn('The kernel module %s, loaded by this module, could not be unloaded (%s); it stays loaded'
                        % (name, (err or out).strip()))
    for name in plan['unit_disable']:
        run(module, [systemctl, 'disable', name], 'Disabling %s' % name)
    for path, text in sorted(plan['files'].items()):
        if text is None:
            remove_file(module, path)
        else:
            write_file(module, path, text, FILE_MODE, directory_mode=0o755)
    if plan['daemon_reload']:
        run(module, [systemctl, 'daemon-reload'], 'Reloading systemd')
    for name in plan['unit_enable']:
        run(module, [systemctl, 'enable', name], 'Enabling %s' % name)
    if plan['state_changes']:
        write_state(module, spec['state_file'], plan['record_last'])


def fail_plan(module, lines):
    module.fail_json(msg='%d problem(s); nothing was changed:\n%s' % (len(lines), '\n'.join(lines)), errors=lines,
                     changed=False)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            GROUP_OPTIONS,
            vips=dict(type='list', elements='str'),
            method=dict(type='str', default=DEFAULTS['method'], choices=['DR', 'TUN', 'NAT']),
            interface=dict(type='str'),
            director_address=dict(type='str'),
            state=dict(type='str', default=DEFAULTS['state'], choices=['present', 'absent']),
            sysctl_file=dict(type='path', default=DEFAULTS['sysctl_file']),
            unit_name=dict(type='str', default=DEFAULTS['unit_name']),
            state_file=dict(type='path', default=DEFAULTS['state_file']),
        ),
        supports_check_mode=True,
    )
    params = dict(module.params, unit_dir=UNIT_DIR)
    try:
        spec = check_spec(params)
        state_text = read_current(module, spec['state_file'])
        record = load_record(state_text, spec['state_file'])
    except SpecError as problem:
        fail_plan(module, problem.lines)

    programs = dict(ip=module.get_bin_path('ip', opt_dirs=SBIN),
                    modprobe=module.get_bin_path('modprobe', opt_dirs=SBIN),
                    systemctl=module.get_bin_path('systemctl', opt_dirs=['/usr/bin', '/bin']))
    if programs['ip'] is None:
        module.fail_json(msg='ip was not found on the host; it comes with iproute2 (Debian: apt-get install iproute2)')

    observed = observe(module, spec, record, state_text, programs, [])
    plan = planning.plan(spec, observed)
    if plan['errors']:
        fail_plan(module, plan['errors'])

    if plan['load_modules'] and not module.check_mode:
        # Load ipip first and look again, so that tunl0's original values are recorded before they change.
        if plan['record_first'] is not None:
            write_state(module, spec['state_file'], plan['record_first'])
        for name in plan['load_modules']:
            rc, out, err = module.run_command([programs['modprobe'], name])
            if rc != 0:
                # Nothing was changed: put the record back, or it claims this module loaded the kernel module.
                write_state(module, spec['state_file'], state_text)
                module.fail_json(msg='Loading the kernel module %s failed (%s %s, exit code %d): %s. Nothing was '
                                     'changed. Fix: use a kernel with %s (built in, or loadable here), or another '
                                     'method' % (name, programs['modprobe'], name, rc, (err or out).strip(), name),
                                 rc=rc, stdout=out, stderr=err, changed=False)
        state_text = read_current(module, spec['state_file'])
        observed = observe(module, spec, load_record(state_text, spec['state_file']), state_text, programs,
                           plan['load_modules'])
        if kernel.TUNNEL not in observed['links']:
            module.fail_json(msg='modprobe %s succeeded but there is no %s device; this kernel cannot do LVS-TUN'
                             % (kernel.TUNNEL_KERNEL_MODULE, kernel.TUNNEL))
        plan = planning.plan(spec, observed)
        if plan['errors']:
            fail_plan(module, plan['errors'])
        plan['result']['changed'] = True

    for warning in plan['warnings']:
        module.warn(warning)
    result = dict(plan['result'])
    if module._diff and plan['diff']:
        result['diff'] = plan['diff']
    if not module.check_mode:
        apply(module, spec, plan, programs)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
