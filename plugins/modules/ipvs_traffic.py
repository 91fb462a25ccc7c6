#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: ipvs_traffic
short_description: Wait until a director's IPVS traffic stops, or comes back
version_added: 0.1.0
description:
  - Reads IPVS's inbound packet counter (C(/proc/net/ip_vs_stats)) several times a second.
  - With O(until=quiet), returns once the counter has not grown for O(quiet_seconds), for example after an
    active-active director withdrew its BGP announcements and the router stopped sending it flows; fails when
    traffic still arrives after O(timeout) seconds.
  - With O(until=flowing), returns as soon as the counter grows again; when it does not within O(timeout) the module
    does not fail (no client may be sending) and says so.
  - Changes nothing. The C(lvs.cluster.director_maintenance) playbook uses it and reports RV(stopped_after).
author:
  - lvs.cluster maintainers (!UNKNOWN)
extends_documentation_fragment:
  - lvs.cluster.reads_only
options:
  until:
    description: V(quiet) to wait for the traffic to stop, V(flowing) to wait for it to come back.
    type: str
    choices: [quiet, flowing]
    required: true
  quiet_seconds:
    description: How long the inbound packet counter must stay the same to count as quiet.
    type: float
    default: 5
  timeout:
    description: Seconds to wait at most.
    type: float
    default: 120
  stats:
    description: The IPVS counters file.
    type: path
    default: /proc/net/ip_vs_stats
  since:
    description:
      - When the change that should stop or start the traffic was made on this host, so that RV(stopped_after) and
        RV(flowing_after) count from it rather than from the module's start (which comes a few seconds later, a task
        later).
      - Seconds since the epoch, or a time as M(ansible.builtin.command) returns it in RV(ansible.builtin.command#module:end)
        (this host's local time, C(2026-12-04 18:00:00.123456)).
    type: str
attributes:
  platform:
    support: full
    platforms: posix
    description: Linux with IPVS (the ip_vs module loaded).
'''

EXAMPLES = r'''
- name: Wait until the router no longer sends this director traffic
  lvs.cluster.ipvs_traffic:
    until: quiet
    quiet_seconds: 5
    timeout: 120
  register: drained
'''

RETURN = r'''
reached:
  description: Whether the state asked for was reached within O(timeout).
  returned: always
  type: bool
  sample: true
stopped_after:
  description:
    - With O(until=quiet), seconds from O(since) (or the module's start) until the last inbound packet was counted.
    - When no packet came after the module started, the traffic had stopped before that, and this is the time the
      module started (an upper bound, RV(stopped_before_start)).
  returned: always
  type: float
  sample: 2.75
stopped_before_start:
  description: With O(until=quiet), whether no inbound packet was counted after the module started.
  returned: always
  type: bool
  sample: false
flowing_after:
  description:
    - With O(until=flowing), seconds from O(since) (or the module's start) until the first new inbound packet, or null.
    - When packets came at once (by the first reading), they may have come before the module started, and this is
      an upper bound (RV(flowing_before_start)).
  returned: always
  type: float
  sample: 0.5
flowing_before_start:
  description: With O(until=flowing), whether inbound packets came already by the module's first reading after its
    start.
  returned: always
  type: bool
  sample: true
waited:
  description: Seconds the module waited in all.
  returned: always
  type: float
  sample: 7.8
inbound_packets:
  description: The counter when the module started and when it returned.
  returned: always
  type: dict
  sample: {first: 120345, last: 120980}
'''

import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible_collections.lvs.cluster.plugins.module_utils import ipvs_stats

POLL_SECONDS = 0.25


def read(module, path):
    try:
        with open(path) as handle:
            return ipvs_stats.parse(handle.read())['inbound_packets']
    except (IOError, OSError, ValueError) as problem:
        module.fail_json(msg='cannot read IPVS\'s counters from %s (is ip_vs loaded?): %s' % (path, problem))


def seconds_since(module, since):
    """Seconds from ``since`` (epoch seconds, or the command module's local time text) until now; 0 without it."""
    if not since:
        return 0.0
    try:
        epoch = float(since)
    except ValueError:
        try:
            whole, _dot, fraction = since.partition('.')
            epoch = time.mktime(time.strptime(whole, '%Y-%m-%d %H:%M:%S')) + float('0.' + (fraction or '0'))
        except ValueError as problem:
            module.fail_json(msg='since must be seconds since the epoch or a time like 2026-12-04 18:00:00.123456, '
                                 'not %r: %s' % (since, to_native(problem)))
    return max(0.0, time.time() - epoch)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            until=dict(type='str', choices=['quiet', 'flowing'], required=True),
            quiet_seconds=dict(type='float', default=5),
            timeout=dict(type='float', default=120),
            stats=dict(type='path', default=ipvs_stats.STATS),
            since=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    until, path, timeout = module.params['until'], module.params['stats'], module.params['timeout']
    offset = seconds_since(module, module.params['since'])
    watch = ipvs_stats.Watch(read(module, path), time.monotonic())
    now = watch.start

    def reached():
        """Whether ``until`` holds at ``now``, the latest time the loop looked."""
        return watch.quiet_for(now) >= module.params['quiet_seconds'] if until == 'quiet' else watch.grown

    while now - watch.start < timeout and not reached():
        time.sleep(POLL_SECONDS)
        now = time.monotonic()
        watch.see(read(module, path), now)
    result = dict(changed=False, reached=reached(), waited=round(now - watch.start, 2),
                  stopped_after=round(offset + watch.grew - watch.start, 2), stopped_before_start=not watch.grown,
                  flowing_after=round(offset + watch.grew - watch.start, 2) if watch.grown else None,
                  flowing_before_start=watch.first_growth == 1,
                  inbound_packets=dict(first=watch.first, last=watch.value))
    if until == 'quiet' and not result['reached']:
        module.fail_json(msg='IPVS still counted inbound packets after %.0f s (the last %.1f s ago): the routers still '
                             'send this director traffic' % (timeout, watch.quiet_for(now)), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
