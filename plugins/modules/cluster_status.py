#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: cluster_status
short_description: Judge every LVS/keepalived cluster's live state against the inventory
version_added: 0.1.0
description:
  - Runs on the controller. Takes what C(lvs.cluster.director_status) gathered on each director (a registered
    variable, O(gathered)), derives what each cluster should look like from the inventory with the same derivation
    as C(lvs.cluster.cluster_validate) and C(lvs.cluster.keepalived_config), and compares.
  - Per VRRP instance, each director's state, priority (inventory, running, effective), the VIPs on its interfaces
    and its last transition; per virtual server, each real server's weight (inventory and IPVS), its health by
    keepalived's checkers, whether its drain file drains it, and its active and inactive connections; whether each
    director's maintenance file is set (a VRRP director hands its VIPs over); per active-active director its BGP
    sessions, which VIPs it announces and advertises, whether it could serve them, and its share of the connections
    beside 1/N.
  - "A verdict per cluster: V(ok); V(degraded) (a director unreachable or keepalived down, a real server down or
    drained, a director in maintenance, an instance in FAULT or below its priority, a lost quorum, a BGP session
    down, a VIP announced that cannot be served or servable but not announced; each reason names the hosts and
    addresses); V(split_brain) (a VIP of a VRRP cluster on two directors' interfaces, or two MASTERs of one
    instance), which fails the task unless O(fail_on_split_brain=false)."
  - Returns one readable table per cluster (RV(table), RV(lines)) and the same as data (RV(clusters)), and writes it
    as JSON to O(json_path) when given. Passwords of the inventory never appear in any of them.
  - Contacts no host; changes nothing on any host.
author:
  - lvs.cluster maintainers (!UNKNOWN)
options:
  directors_group:
    description: The inventory group of the directors.
    type: str
    default: lvs_directors
  realservers_group:
    description: The inventory group of the real servers.
    type: str
    default: lvs_realservers
  gathered:
    description:
      - The name of the variable each director registered the result of C(lvs.cluster.director_status) in. A director
        without it (not in the play, C(--limit)) is reported as not asked; one whose result says unreachable or
        failed, as such.
    type: str
    default: lvs_status_director
  json_path:
    description:
      - A file on the controller to write the status to, as JSON (mode 0644), also in check mode (it is the report
        asked for, not a change to a host).
    type: path
  fail_on_split_brain:
    description: Fail when a cluster is in split brain.
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: Reads only; O(json_path) is written in any mode.
  diff_mode:
    support: none
    description: Reports state, never differences.
  platform:
    support: full
    platforms: all
    description: Runs on the controller only.
seealso:
  - module: lvs.cluster.director_status
  - module: lvs.cluster.cluster_validate
notes:
  - The C(lvs.cluster.status) playbook runs both modules and prints the tables; docs/operations.md explains how to read
    them.
'''

EXAMPLES = r'''
- name: Read each director's state
  hosts: lvs_directors
  gather_facts: false
  tasks:
    - name: Gather
      lvs.cluster.director_status:
      register: lvs_status_director
      ignore_unreachable: true
      ignore_errors: true

- name: Judge the clusters
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Compare with the inventory
      lvs.cluster.cluster_status:
        json_path: /var/tmp/lvs-status.json
      register: status

    - name: Show the tables
      ansible.builtin.debug:
        msg: "{{ status.lines }}"
'''

RETURN = r'''
verdict:
  description: The worst verdict of all clusters, V(ok), V(degraded) or V(split_brain).
  returned: always
  type: str
  sample: degraded
clusters:
  description:
    - Per cluster name, its report. C(verdict); C(reasons) (the split-brain ones, in C(split_brain), first) and
      C(notes); C(directors) (C(host), C(reached), C(problem), C(keepalived), C(vrrp), C(checker), C(ipvs),
      C(connections), C(connections_per_second), C(share), C(maintenance) (its maintenance file, null when not read));
      C(vrrp_instances) (C(name), C(vrid), C(vips), C(expected_master), C(masters), C(directors) with C(state),
      C(priority) {inventory, keepalived, effective}, C(holds), C(last_transition), C(since_seconds));
      C(virtual_servers) (C(key), C(scheduler), C(method), C(quorum), C(directors) with C(quorum_up) and C(in_ipvs),
      C(real_servers) with C(name) and per director C(state) (up, down, drained, unknown), C(health), C(weight)
      {inventory, ipvs}, C(drain_file) (the number in its drain file there, 0 without one, null when not read),
      C(active), C(inactive)); C(announcements) for an active-active cluster (per director C(maintenance), C(bgp),
      C(sessions), C(vips) with C(local), C(announced), C(advertised_to), C(can_serve), C(why_not)); C(fair_share)
      (1/N).
  returned: always
  type: dict
  sample:
    lvs_directors:
      name: lvs_directors
      mode: vrrp
      verdict: degraded
      split_brain: []
      reasons: ["real server rs2 (10.1.1.164:80) of TCP 10.1.1.166:80 is down on lvs1 and lvs2 (keepalived's checkers)"]
      notes: []
lines:
  description: The tables, one line per item, for C(ansible.builtin.debug).
  returned: always
  type: list
  elements: str
table:
  description: The same tables as one text.
  returned: always
  type: str
msg:
  description: One line per cluster, its verdict and reasons; on split brain, the hosts and addresses.
  returned: always
  type: str
  sample: "cluster lvs_directors: SPLIT BRAIN: VIP 10.1.1.166 is on the interfaces of lvs1 and lvs2 at once"
inventory_errors:
  description: How many errors lvs.cluster.validate finds in the inventory (the expected state may be incomplete).
  returned: always
  type: int
  sample: 0
json_path:
  description: Where the JSON was written.
  returned: when O(json_path) is given
  type: str
'''
