#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: director_status
short_description: Read an LVS director's live state from keepalived, IPVS and FRR
version_added: 0.1.0
description:
  - Gathers what a director is doing right now, for C(lvs.cluster.cluster_status) (and the C(lvs.cluster.status)
    playbook) to compare with the inventory.
  - "From keepalived: whether it runs (its main pid file) with its VRRP and checker processes (their pid files,
    children of the main process); each VRRP instance's state, priority, effective priority, VIPs and last
    transition from keepalived's JSON dump (the signal C(keepalived --signum=JSON) names, sent to the VRRP process);
    each real server's health (up or down by keepalived's checkers) and each virtual server's quorum from the checker
    process's data dump (SIGUSR1). keepalived writes these files in its temporary directory (its C($TMPDIR), else
    C(/tmp)), where this module reads them."
  - From IPVS (C(/proc/net/ip_vs), C(/proc/net/ip_vs_stats)) each service's real servers with their current weight
    and active and inactive connections, and the director's totals and rates.
  - The addresses on the host's interfaces, the VIPs an active-active director holds as local routes (protocol 251)
    and announces (protocol 252 in the main table), whether it is in maintenance, and from FRR (C(vtysh)) its BGP
    sessions and the prefixes it advertises to each established peer.
  - The operation switches keepalived watches, which lvs.cluster adds to every keepalived.conf, the drain file of
    each real server (RV(drain_files)) and the maintenance file (RV(maintenance)).
  - Changes nothing on the host; keepalived itself writes its dump files, as on any C(kill -USR1). Passwords
    (keepalived writes the VRRP password into its dumps) are never returned.
  - Needs root (signals to keepalived, C(/proc/PID/fd) of root's processes).
author:
  - lvs.cluster maintainers (!UNKNOWN)
extends_documentation_fragment:
  - lvs.cluster.reads_only
options:
  pid_file:
    description: keepalived's main pid file (C(-p)).
    type: path
    default: /run/keepalived.pid
  vrrp_pid_file:
    description: The pid file of keepalived's VRRP process (C(-r)).
    type: path
    default: /run/vrrp.pid
  checkers_pid_file:
    description: The pid file of keepalived's checker process (C(-c)).
    type: path
    default: /run/checkers.pid
  dump_timeout:
    description: Seconds to wait for each of keepalived's dump files.
    type: float
    default: 5
  ipvs_table:
    description: The kernel's IPVS table.
    type: path
    default: /proc/net/ip_vs
  ipvs_stats:
    description: The kernel's IPVS counters.
    type: path
    default: /proc/net/ip_vs_stats
  kernel_config:
    description:
      - The running kernel's build configuration, for its C(CONFIG_HZ). C(/proc/net/ip_vs) writes a persistence
        timeout in jiffies; with the HZ it is returned in seconds, without it as null.
      - By default C(/boot/config-RELEASE) of the running kernel, which Debian's kernel packages install.
    type: path
  maintenance_file:
    description:
      - The maintenance switch of a director. An active-active director's announcement helper withdraws every VIP
        while it exists (C(lvs-cluster-announce maintenance on)); a VRRP director's keepalived tracks it and, while
        it holds C(1), lowers its instances below their peers, which take its VIPs over.
    type: path
    default: /var/lib/lvs-cluster/maintenance
  drain_directory:
    description:
      - Where the drain file of each real server is, named by its address as in keepalived.conf (C(10.1.1.163),
        C(2001:db8::163)). keepalived keeps a real server whose file holds a nonzero number in IPVS at weight 0.
    type: path
    default: /var/lib/lvs-cluster/drain
  announce_settings:
    description:
      - The settings of the announcement helper; where it exists, the director is active-active and RV(quorum_age)
        is read.
    type: path
    default: /etc/default/lvs-cluster-announce
  announce_state:
    description:
      - The announcement helper's record of the quorums keepalived reported (a file per virtual server, made when
        the quorum was gained), read for RV(quorum_age).
    type: path
    default: /run/lvs-cluster/quorum
  bgp:
    description:
      - Whether to ask FRR for the BGP sessions; by default only where C(vtysh) is installed.
    type: bool
  vty_socket:
    description: FRR's vty socket directory, when it is not FRR's default (C(vtysh --vty_socket)).
    type: path
attributes:
  platform:
    support: full
    platforms: posix
    description: Linux with iproute2; keepalived 2.2 built with JSON (Debian 12's is); IPVS and FRR when used.
notes:
  - keepalived's C(data_use_instance) and C(instance) settings change its dump file names; lvs.cluster sets neither.
seealso:
  - module: lvs.cluster.cluster_status
  - module: lvs.cluster.vip_status
'''

EXAMPLES = r'''
- name: Read each director's state
  lvs.cluster.director_status:
  register: lvs_status_director
  ignore_unreachable: true

- name: Another keepalived instance, a slower host
  lvs.cluster.director_status:
    pid_file: /run/keepalived-web.pid
    vrrp_pid_file: /run/keepalived-web-vrrp.pid
    checkers_pid_file: /run/keepalived-web-checkers.pid
    dump_timeout: 10
    bgp: false
'''

RETURN = r'''
keepalived:
  description: Whether keepalived and its processes run.
  returned: always
  type: dict
  contains:
    running:
      description: The main process lives.
      type: bool
    pid:
      description: Its pid, or null.
      type: int
    vrrp:
      description: The VRRP process lives.
      type: bool
    checker:
      description: The checker process lives.
      type: bool
    temp_dir:
      description: Where keepalived writes its dumps.
      type: str
  sample: {running: true, pid: 812, vrrp: true, checker: true, temp_dir: /tmp}
vrrp_instances:
  description: keepalived's VRRP instances from its JSON dump; null when they could not be read.
  returned: always
  type: list
  elements: dict
  sample:
    - name: VI_1
      state: MASTER
      wanted_state: MASTER
      vrid: 51
      interface: eth0
      base_priority: 100
      effective_priority: 100
      master_priority: 0
      vips: [10.1.1.166]
      vips_set: true
      nopreempt: false
      advert_int: 1
      last_transition: 1796403037.829205
      stats: {advert_rcvd: 0, advert_sent: 4, become_master: 1, release_master: 0}
virtual_servers:
  description:
    - The virtual servers as keepalived's checkers see them, from the checker's data dump; null when they could not
      be read. Each has C(address), C(port), C(fwmark), C(group), C(protocol), C(quorum), C(quorum_up), C(alive),
      C(persistence_timeout) and C(real_servers) (C(address), C(port), C(weight), C(effective_weight), C(alive),
      C(failed_checkers), C(inhibit_on_failure), C(checkers)).
    - A virtual server's C(alive) stays true when its quorum is lost (C(quorum_up) says that). A real server's
      C(weight) is keepalived's; a failed real server with C(inhibit_on_failure) keeps it here while IPVS has it at
      weight 0 (RV(ipvs) has the weight in use).
  returned: always
  type: list
  elements: dict
ipvs:
  description:
    - IPVS as the kernel shows it; C(available) is false when C(/proc/net/ip_vs) is missing (ip_vs not loaded).
      C(services) has each service with its C(scheduler) (without its flags, which the kernel does not show there),
      C(persistent) and C(persistence_timeout) (seconds; null when the kernel's HZ is unknown, see O(kernel_config)),
      and its C(real_servers) in the kernel's order, the last added first (C(address), C(port), C(forward),
      C(weight), C(active), C(inactive)); C(totals) and C(rates) are the director's counters.
  returned: always
  type: dict
  sample:
    available: true
    services:
      - {protocol: TCP, address: 10.1.1.166, port: 80, fwmark: null, scheduler: rr, one_packet: false,
         persistent: true, persistence_timeout: 60, real_servers: [{address: 10.1.1.163, port: 80, forward: DR,
         weight: 1, active: 0, inactive: 0}]}
    totals: {connections: 123, inbound_packets: 738, outbound_packets: 0, inbound_bytes: 48462, outbound_bytes: 0}
    rates: {connections_per_second: 0, inbound_packets_per_second: 0, outbound_packets_per_second: 0,
            inbound_bytes_per_second: 28, outbound_bytes_per_second: 0}
addresses:
  description: Every address on the host's interfaces.
  returned: always
  type: list
  elements: str
  sample: [10.1.1.160, 10.1.1.166]
local_vips:
  description: The VIPs held as local routes of protocol 251 (an active-active director's VIPs).
  returned: always
  type: list
  elements: str
announced:
  description: The VIPs with a route of protocol 252 in the main table, the ones bgpd redistributes.
  returned: always
  type: list
  elements: str
maintenance:
  description:
    - Whether the maintenance file (O(maintenance_file)) exists. An active-active director in maintenance announces
      none of its VIPs; a VRRP director's keepalived hands its VIPs over to its peers when the file holds C(1)
      (keepalived reads an empty file as 0).
  returned: always
  type: bool
drain_files:
  description:
    - Per file of O(drain_directory) (its name, the address of a real server), the number in it; null when the file
      cannot be read or holds no number (RV(problems) says which). Nonzero is drained; an empty file is 0, as
      keepalived reads it. A real server without a file is not drained; without the directory the mapping is empty.
  returned: always
  type: dict
  sample: {'10.1.1.163': 1, '2001:db8::164': 0}
quorum_age:
  description:
    - Per virtual server the helper announces (its key), seconds since keepalived reported its quorum; null on a
      director without the helper. A VIP is announced once every quorum of it is as old as the settle time.
  returned: always
  type: dict
  sample: {"TCP-10.1.1.166:80": 123.4}
bgp:
  description:
    - FRR's BGP state; C(available) false (with C(problem)) when vtysh is missing or bgpd does not answer.
      C(sessions) lists each peer per address family with C(state), C(established), C(uptime), C(prefixes_sent);
      C(advertised) maps each established peer to the prefixes bgpd sends it.
  returned: always
  type: dict
  sample:
    available: true
    router_id: 10.1.1.160
    asn: 65001
    sessions: [{peer: 10.1.1.1, family: ipv4, remote_as: 65000, state: Established, established: true,
                uptime: '00:12:03', uptime_seconds: 723, prefixes_received: 0, prefixes_sent: 1}]
    advertised: {10.1.1.1: [10.1.1.166/32]}
problems:
  description: What could not be read, and why.
  returned: always
  type: list
  elements: str
now:
  description: The host's clock (seconds since the epoch) when it was read, to age keepalived's last transitions.
  returned: always
  type: float
'''

import os
import signal
import time

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.lvs.cluster.plugins.module_utils import ipvs_stats
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import operations
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.activeactive import ANNOUNCE_PROTO, LOCAL_PROTO
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.ip import parse_ip_addr
from ansible_collections.lvs.cluster.plugins.module_utils.status import (
    frr_bgp, ipvs_table, keepalived_check, keepalived_dump, keepalived_json, routes)


def _read(path):
    with open(path) as handle:
        return handle.read()


def json_signal(module, pid, problems):
    """The JSON signal of the running keepalived binary (it differs between builds and versions)."""
    rc, out, err = module.run_command(['/proc/%d/exe' % pid, '--signum=JSON'])
    if rc != 0 or not out.strip().isdigit():
        problems.append('keepalived (pid %d) names no JSON signal (built without JSON?): %s' % (pid, (err or out).strip()))
        return None
    return int(out.strip())


def keepalived_state(module, result):
    """keepalived's processes, its VRRP instances and its checkers' view, into ``result``."""
    params, problems = module.params, result['problems']
    pid = keepalived_dump.read_pid(params['pid_file'])
    running = keepalived_dump.running(pid)
    children = {}
    for name in ('vrrp', 'checkers'):
        child = keepalived_dump.read_pid(params[name + '_pid_file']) if running else None
        children[name] = child if keepalived_dump.child_of(child, pid) else None
    result['keepalived'] = {'running': running, 'pid': pid if running else None, 'vrrp': bool(children['vrrp']),
                            'checker': bool(children['checkers']),
                            'temp_dir': keepalived_dump.temp_dir(pid) if running else None}
    signums = {'vrrp': json_signal(module, pid, problems) if children['vrrp'] else None, 'checkers': signal.SIGUSR1}
    for child, key, dump, what in (('vrrp', 'vrrp_instances', keepalived_json, 'VRRP state'),
                                   ('checkers', 'virtual_servers', keepalived_check, 'checkers')):
        if children[child] and signums[child] is not None:
            try:
                result[key] = dump.parse(
                    keepalived_dump.request(children[child], signums[child], dump.FILE, params['dump_timeout']))
            except (keepalived_dump.DumpProblem, ValueError) as problem:
                problems.append('keepalived\'s %s: %s' % (what, problem))


def ipvs_state(module):
    params = module.params
    state = {'available': os.path.exists(params['ipvs_table']), 'services': [], 'totals': None, 'rates': None}
    if not state['available']:
        return state
    try:
        state['services'] = ipvs_table.parse(_read(params['ipvs_table']), ipvs_table.kernel_hz(params['kernel_config']))
        stats = _read(params['ipvs_stats'])
        state['totals'], state['rates'] = ipvs_stats.parse(stats), ipvs_stats.parse_rates(stats)
    except (IOError, OSError, ValueError) as problem:
        state['available'] = False
        state['problem'] = str(problem)
    return state


def route_state(module, ip, result):
    """Interface addresses, and the VIP routes of an active-active director."""
    rc, out, err = module.run_command([ip, '-o', 'addr', 'show'])
    if rc != 0:
        module.fail_json(msg='ip -o addr show failed: %s' % err.strip())
    result['addresses'] = sorted(set(entry['address'] for entry in parse_ip_addr(out)))
    for key, table, proto in (('local_vips', 'local', LOCAL_PROTO), ('announced', 'main', ANNOUNCE_PROTO)):
        found = []
        for family in (4, 6) if os.path.exists('/proc/net/if_inet6') else (4,):  # a host without IPv6 has no routes
            rc, out, err = module.run_command(routes.show_command(ip, family, table, proto))
            if rc == 0:
                found.extend(routes.parse(out))
            else:
                result['problems'].append('ip route show table %s proto %s: %s' % (table, proto, err.strip()))
        result[key] = found
    params = module.params
    active_active = os.path.exists(params['announce_settings'])
    result['maintenance'] = os.path.exists(params['maintenance_file'])
    result['quorum_age'] = quorum_ages(params['announce_state'], time.time()) if active_active else None


def drain_files(directory, problems):
    """{file name (a real server's address): the number in it, or None when it cannot be read or holds none}."""
    found = {}
    try:
        names = sorted(os.listdir(directory)) if os.path.isdir(directory) else []
    except OSError as problem:
        problems.append('the drain directory %s cannot be read: %s' % (directory, problem))
        return found
    for name in names:
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        found[name] = None
        try:
            text = _read(path).strip()
        except (IOError, OSError, ValueError) as problem:  # ValueError: bytes that are not text
            problems.append('the drain file %s cannot be read: %s' % (path, problem))
            continue
        try:
            found[name] = int(text) if text else 0  # keepalived reads an empty file as 0: not drained
        except ValueError:
            problems.append('the drain file %s holds %r, not a number' % (path, text[:20]))
    return found


def quorum_ages(directory, now):
    """{virtual server key: seconds since the helper recorded its quorum}: a quorum announces only once it is as old
    as the settle time, so a younger one explains a VIP not announced yet."""
    ages = {}
    for key in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
        try:
            ages[key] = round(max(0.0, now - os.stat(os.path.join(directory, key)).st_mtime), 1)
        except OSError:
            continue  # gone since it was listed: the quorum was lost
    return ages


def _vtysh(module, vtysh, command):
    args = [vtysh] + (['--vty_socket', module.params['vty_socket']] if module.params['vty_socket'] else []) + \
        ['-c', command]
    rc, out, err = module.run_command(args)
    if rc != 0:
        raise ValueError(' '.join((err or out or 'vtysh exited with %d' % rc).split()))
    return out


def bgp_state(module):
    wanted = module.params['bgp']
    vtysh = module.get_bin_path('vtysh', opt_dirs=['/usr/bin', '/usr/sbin']) if wanted is not False else None
    if vtysh is None:
        return {'available': False, 'problem': 'not asked' if wanted is False else 'vtysh is not installed'}
    try:
        state = frr_bgp.parse_summary(_vtysh(module, vtysh, frr_bgp.SUMMARY))
        state['advertised'] = {}
        for session in state['sessions']:
            if session['established']:
                state['advertised'].setdefault(session['peer'], []).extend(frr_bgp.parse_advertised(
                    _vtysh(module, vtysh, frr_bgp.advertised_command(session['family'], session['peer']))))
    except ValueError as problem:
        return {'available': False, 'problem': 'FRR did not answer (is bgpd running?): %s' % problem}
    state['available'] = True
    return state


def main():
    module = AnsibleModule(
        argument_spec=dict(
            pid_file=dict(type='path', default='/run/keepalived.pid'),
            vrrp_pid_file=dict(type='path', default='/run/vrrp.pid'),
            checkers_pid_file=dict(type='path', default='/run/checkers.pid'),
            dump_timeout=dict(type='float', default=5),
            ipvs_table=dict(type='path', default=ipvs_table.TABLE),
            ipvs_stats=dict(type='path', default=ipvs_stats.STATS),
            kernel_config=dict(type='path'),
            maintenance_file=dict(type='path', default=operations.MAINTENANCE_FILE),
            drain_directory=dict(type='path', default=operations.DRAIN_DIRECTORY),
            announce_settings=dict(type='path', default='/etc/default/lvs-cluster-announce'),
            announce_state=dict(type='path', default='/run/lvs-cluster/quorum'),
            bgp=dict(type='bool'),
            vty_socket=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    ip = module.get_bin_path('ip', required=True, opt_dirs=['/sbin', '/usr/sbin'])
    result = dict(changed=False, problems=[], vrrp_instances=None, virtual_servers=None, now=time.time())
    keepalived_state(module, result)
    result['ipvs'] = ipvs_state(module)
    route_state(module, ip, result)
    result['drain_files'] = drain_files(module.params['drain_directory'], result['problems'])
    result['bgp'] = bgp_state(module)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
