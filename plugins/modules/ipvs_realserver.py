#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: ipvs_realserver
short_description: Wait until a real server is drained from a director's IPVS table, or serves again
version_added: 0.1.0
description:
  - Reads the director's IPVS table (C(/proc/net/ip_vs)) several times a second and follows every entry of one real
    server address, in every virtual server.
  - With O(until=drained), returns once every entry has weight 0 (keepalived applied the drain file) and no active
    connection; after O(timeout) it returns with what remained, without failing (the drain itself is in place).
    Active connections count only in virtual servers whose address the host holds (on an interface, or as an
    active-active director's local route; fwmark virtual servers always). On a VRRP backup they are copies from
    connection sync (lvs_sync_daemon), which carry no traffic and may stay for the sync's ESTABLISHED timeout.
  - With O(until=serving), returns once the address is in every virtual server it should be in (O(services)) with a
    weight of O(weights); fails after O(timeout), naming what is missing (a failing health check keeps a real server
    out of the table).
  - Changes nothing. The C(lvs.cluster.drain) and C(lvs.cluster.undrain) playbooks use it.
author:
  - lvs.cluster maintainers (!UNKNOWN)
extends_documentation_fragment:
  - lvs.cluster.reads_only
options:
  address:
    description: The real server's address, as the directors forward to it.
    type: str
    required: true
  until:
    description: V(drained) or V(serving).
    type: str
    choices: [drained, serving]
    required: true
  weights:
    description: With O(until=serving), the weights the real server should have again (its weights in keepalived.conf);
      not given, any weight above 0.
    type: list
    elements: int
  services:
    description: With O(until=serving), how many virtual servers should list the address; not given, at least one.
    type: int
  timeout:
    description: Seconds to wait at most.
    type: float
    default: 300
  table:
    description: The IPVS table.
    type: path
    default: /proc/net/ip_vs
attributes:
  platform:
    support: full
    platforms: posix
    description: Linux with IPVS (the ip_vs module loaded).
'''

EXAMPLES = r'''
- name: Wait until rs1's connections have finished
  lvs.cluster.ipvs_realserver:
    address: 10.1.1.163
    until: drained
    timeout: 600
  register: drained
'''

RETURN = r'''
reached:
  description: Whether the state asked for was reached within O(timeout).
  returned: always
  type: bool
  sample: true
waited:
  description: Seconds the module waited.
  returned: always
  type: float
  sample: 12.5
entries:
  description: The address's entries when the module returned, one per virtual server.
  returned: always
  type: list
  elements: dict
  sample: [{service: TCP 10.1.1.166:80, port: 80, weight: 0, active: 0, inactive: 3, forwarding: true}]
active:
  description: Active connections to the address in all, when the module returned.
  returned: always
  type: int
  sample: 0
progress:
  description: Each change of the active connection count while waiting, as [seconds, active].
  returned: always
  type: list
  elements: list
  sample: [[0.0, 4], [3.25, 1], [7.5, 0]]
'''

import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible_collections.lvs.cluster.plugins.module_utils.status import ipvs_table, routes

POLL_SECONDS = 0.25


def _service_name(service):
    if service['fwmark'] is not None:
        return 'FWM %d' % service['fwmark']
    address = '[%s]' % service['address'] if ':' in service['address'] else service['address']
    return '%s %s:%d' % (service['protocol'], address, service['port'])


def entries(text, address, local):
    """The IPVS entries of ``address``: [{service, port, weight, active, inactive, forwarding}]; ``local``: the
    addresses this host takes packets for (a service at another address forwards nothing here)."""
    return [dict(service=_service_name(service), port=real['port'], weight=real['weight'], active=real['active'],
                 inactive=real['inactive'], forwarding=service['fwmark'] is not None or service['address'] in local)
            for service in ipvs_table.parse(text) for real in service['real_servers'] if real['address'] == address]


def active(found):
    return sum(entry['active'] for entry in found if entry['forwarding'])


def reached(found, params):
    if params['until'] == 'drained':
        return all(entry['weight'] == 0 for entry in found) and active(found) == 0
    weights = params['weights']
    return len(found) >= (params['services'] or 1) and all(
        entry['weight'] in weights if weights else entry['weight'] > 0 for entry in found)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            address=dict(type='str', required=True),
            until=dict(type='str', choices=['drained', 'serving'], required=True),
            weights=dict(type='list', elements='int'),
            services=dict(type='int'),
            timeout=dict(type='float', default=300),
            table=dict(type='path', default=ipvs_table.TABLE),
        ),
        supports_check_mode=True,
    )
    params = module.params

    ip = module.get_bin_path('ip', required=True, opt_dirs=['/sbin', '/usr/sbin'])

    def run(command):
        rc, out, err = module.run_command(command)
        if rc != 0:
            module.fail_json(msg='%s failed: %s' % (' '.join(command[1:]), err.strip()))
        return out

    def look():
        local = routes.local_addresses(run, ip) if params['until'] == 'drained' else set()
        try:
            with open(params['table']) as handle:
                return entries(handle.read(), params['address'], local)
        except (IOError, OSError, ValueError) as problem:
            module.fail_json(msg='cannot read the IPVS table %s (is ip_vs loaded?): %s'
                                 % (params['table'], to_native(problem)))

    start = time.monotonic()
    found = look()
    progress = [[0.0, active(found)]]
    while not reached(found, params) and time.monotonic() - start < params['timeout']:
        time.sleep(POLL_SECONDS)
        found = look()
        count = active(found)
        if count != progress[-1][1]:
            progress.append([round(time.monotonic() - start, 2), count])
    result = dict(changed=False, reached=reached(found, params), waited=round(time.monotonic() - start, 2),
                  entries=found, active=active(found), progress=progress)
    if params['until'] == 'serving' and not result['reached']:
        module.fail_json(msg='%s is not back in IPVS after %.0f s (wanted in %d virtual server(s) with weight %s; the '
                             'table has %s): is its health check failing?' % (
                                 params['address'], params['timeout'], params['services'] or 1,
                                 ' or '.join(str(w) for w in params['weights'] or []) or 'above 0',
                                 ', '.join('%s weight %d' % (e['service'], e['weight']) for e in found) or 'nothing'),
                         **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
