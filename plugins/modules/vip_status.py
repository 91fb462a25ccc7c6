#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: vip_status
short_description: Which virtual IP addresses this host holds, once VRRP has settled
version_added: 0.1.0
description:
  - Reads the host's addresses (C(ip -o addr show), and the VIPs an active-active director holds as local routes)
    until the set of given addresses it holds has not changed for O(settle) seconds, then returns them. A VRRP
    takeover happens within Master_Down_Interval, so waiting that long without a change means the cluster has
    settled.
  - Changes nothing. The lvs.cluster.site playbook uses it to prove that exactly one director holds each VIP.
author:
  - lvs.cluster maintainers (!UNKNOWN)
extends_documentation_fragment:
  - lvs.cluster.reads_only
options:
  addresses:
    description: The virtual IP addresses to look for.
    type: list
    elements: str
    required: true
  settle:
    description: Seconds the held addresses must stay the same (e.g. the slowest Master_Down_Interval plus a margin).
    type: float
    default: 4.0
  timeout:
    description: Seconds to wait at most for a settled state; default three times O(settle) plus 10.
    type: float
attributes:
  platform:
    support: full
    platforms: posix
    description: Linux with iproute2.
seealso:
  - module: lvs.cluster.cluster_validate
'''

EXAMPLES = r'''
- name: See which VIPs this director holds once VRRP has settled
  lvs.cluster.vip_status:
    addresses: [10.1.1.166]
    settle: 4.65
  register: vips
'''

RETURN = r'''
addresses:
  description: The addresses looked for.
  returned: always
  type: list
  elements: str
  sample: [10.1.1.166]
held:
  description: The addresses this host holds, on any interface.
  returned: always
  type: list
  elements: str
  sample: [10.1.1.166]
waited:
  description: Seconds spent until the state was settled.
  returned: always
  type: float
  sample: 4.7
'''

import time

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.lvs.cluster.plugins.module_utils.status import routes

POLL_SECONDS = 0.25


def _run(module, command):
    rc, out, err = module.run_command(command)
    if rc != 0:
        module.fail_json(msg='%s failed: %s' % (' '.join(command[1:]), err.strip()))
    return out


def held(module, ip, wanted):
    """The wanted addresses the host holds: on an interface, or local by an active-active director's AnyIP route."""
    present = routes.local_addresses(lambda command: _run(module, command), ip)
    return [address for address in wanted if address in present]


def main():
    module = AnsibleModule(
        argument_spec=dict(
            addresses=dict(type='list', elements='str', required=True),
            settle=dict(type='float', default=4.0),
            timeout=dict(type='float'),
        ),
        supports_check_mode=True,
    )
    ip = module.get_bin_path('ip', required=True, opt_dirs=['/sbin', '/usr/sbin'])
    settle = module.params['settle']
    timeout = module.params['timeout'] if module.params['timeout'] is not None else 3 * settle + 10
    start = now = time.monotonic()
    current = held(module, ip, module.params['addresses'])
    since = start
    while now - since < settle:
        if now - start > timeout:
            module.fail_json(msg='the virtual addresses kept moving for %.1f s (never %.1f s without a change): '
                                 'VRRP is flapping; look at keepalived\'s log on the directors' % (timeout, settle),
                             addresses=module.params['addresses'], held=current, waited=round(now - start, 2))
        time.sleep(POLL_SECONDS)
        latest = held(module, ip, module.params['addresses'])
        now = time.monotonic()
        if latest != current:
            current, since = latest, now
    module.exit_json(changed=False, addresses=module.params['addresses'], held=current, waited=round(now - start, 2))


if __name__ == '__main__':
    main()
