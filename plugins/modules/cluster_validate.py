#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: cluster_validate
short_description: Check an LVS/keepalived cluster as a whole, from the inventory, before any host is touched
version_added: 0.1.0
description:
  - Reads every director's and real server's variables from the inventory, derives each director's keepalived
    configuration the way the C(lvs.cluster.director) role does, and checks the directors of each cluster together.
  - Errors include a virtual_router_id, advert_int, authentication, VRRP version or set of virtual IP addresses that
    differs between the directors, equal priorities, the same router_id on two directors, unicast peers that miss a
    director, virtual servers on addresses no VRRP instance holds, and DR/TUN real servers that no inventory host
    prepares. These are the mistakes that give two MASTERs and an address conflict.
  - For active-active clusters (C(lvs_cluster_mode=active_active)) errors include a scheduler that is not a consistent
    hash over the port, real servers or weights that differ between directors, LVS-NAT, missing or differing BGP
    settings, VIPs announced but not served, C(mh) on a kernel older than 4.18 (when C(ansible_kernel) is known) and
    VRRP instances (LVS040-LVS050).
  - Warnings include tracked scripts whose weight cannot move the VIP (with the arithmetic), track weights keepalived
    ignores, VRRPv2 PASS authentication, and a failover time above C(lvs_failover_target).
  - Every finding has a rule id (see docs/rules.md), names the hosts, the key and the value, and says the fix.
    Passwords are never shown.
  - Runs on the controller only and contacts no host; run it once (C(run_once=true)) at the start of a play.
  - Registered as C(lvs_cluster_derivation), its result (C(hosts)) gives every host of the play its part of the
    derivation, which C(lvs.cluster.keepalived_config), C(lvs.cluster.frr_config) and C(lvs.cluster.lvs_realserver)
    read instead of deriving the whole inventory again for each host. A run then reads the inventory once.
  - The same checks run outside Ansible with C(scripts/lvs-cluster validate INVENTORY).
author:
  - lvs.cluster maintainers (!UNKNOWN)
options:
  directors_group:
    description:
      - The inventory group of the directors. Directors with the same C(lvs_cluster_name) form one cluster.
    type: str
    default: lvs_directors
  realservers_group:
    description:
      - The inventory group of the real servers. Groups named by a virtual server's C(real_servers_from_group)
        are read too.
    type: str
    default: lvs_realservers
  fail_on_warnings:
    description:
      - Fail on warnings as well as on errors.
    type: bool
    default: false
  reuse:
    description:
      - When the host already holds this run's derivation for the same groups in the variable
        C(lvs_cluster_derivation) (registered by an earlier C(lvs.cluster.cluster_validate), as the
        C(lvs.cluster.site) playbook does in its first play), return it instead of reading the inventory again.
      - The roles use this, so that a role run from C(lvs.cluster.site) does not derive the cluster a second time,
        and a role run on its own derives it once for its play.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Changes nothing in any mode.
  diff_mode:
    support: none
    description: Reports findings, never differences.
  platform:
    support: full
    platforms: all
    description: Runs on the controller only; contacts no host.
notes:
  - The inventory variables it reads are documented in the collection's README (inventory model).
seealso:
  - module: lvs.cluster.keepalived_config
'''

EXAMPLES = r'''
- name: Check the cluster before touching any host
  lvs.cluster.cluster_validate:
  run_once: true

- name: Directors in another group, warnings fatal
  lvs.cluster.cluster_validate:
    directors_group: web_lb
    realservers_group: web_backends
    fail_on_warnings: true
  run_once: true
'''

RETURN = r'''
valid:
  description: Whether the cluster has no errors.
  returned: always
  type: bool
  sample: true
issues:
  description: Every finding, errors and warnings.
  returned: always
  type: list
  elements: dict
  contains:
    rule:
      description: The rule id, e.g. C(LVS002).
      type: str
    level:
      description: C(error) or C(warning).
      type: str
    host:
      description: The host or hosts (comma-separated) the finding is about.
      type: str
    path:
      description: The key, e.g. C(vrrp_instances[VI_1].virtual_router_id).
      type: str
    value:
      description: The value, masked when it is a secret.
      type: raw
    message:
      description: What is wrong.
      type: str
    fix:
      description: What to do.
      type: str
summary:
  description: Per cluster, its directors, its VRRP profile (C(lvs_vrrp_profile)) and per VRRP instance the expected
    master, the priorities, the virtual IP addresses, the VRRP version and advert_int, and the failover bound in
    seconds (Master_Down_Interval of the first backup).
  returned: when the cluster is valid (a refusal returns the findings alone)
  type: dict
  sample:
    lvs_directors:
      directors: [lvs1, lvs2]
      vrrp_instances:
        VI_1:
          master: lvs1
          preempt: true
          priorities: {lvs1: 100, lvs2: 90}
          virtual_ipaddress: [10.1.1.166]
          vrrp_version: 2
          advert_int: 1
          master_down_interval: 3.648
      mode: vrrp
      vrrp_profile: standard
msg:
  description: The findings grouped per rule, each VRRP instance's failover time, then a one-line verdict.
  returned: always
  type: str
groups:
  description: The directors group and the real servers group the derivation is for.
  returned: always
  type: list
  elements: str
  sample: [lvs_directors, lvs_realservers]
hosts:
  description:
    - Each host's part of the derivation, for the modules that configure it. Passwords are masked; each director's
      action puts its own back from its own variables.
    - C(directors) maps each director to its keepalived configuration (C(config), the model's input form packed
      as base64 of zlib-compressed JSON, since a fleet's configurations are large and Ansible copies results), its
      cluster and C(cluster_mode), its peers' addresses (C(peer_addresses), C(peers_without_address)) and, in an
      active-active cluster, its BGP settings (C(bgp)) and C(announcement).
    - C(realservers) maps each real server to the VIPs forwarded to it (C(vips)) and the forwarding method
      (C(method), null when no virtual server forwards to it); or to C(errors), when its virtual servers mix
      forwarding methods.
  returned: when the cluster is valid (a refusal returns the findings alone)
  type: dict
  sample:
    directors:
      lvs1: {cluster: lvs_directors, cluster_mode: vrrp, peer_addresses: [10.1.1.162], peers_without_address: [],
             config: eJyrVkrPz09PTVGyUlAqSi0pyi9SqAUAbWIIQw==, bgp: null, announcement: null}
    realservers:
      rs1: {vips: [10.1.1.166], method: DR}
reused:
  description: Whether the result is the derivation the host already held (I(reuse)).
  returned: always
  type: bool
'''
