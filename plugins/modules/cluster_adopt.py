#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: cluster_adopt
short_description: Write the inventory of a hand-built keepalived cluster from its directors' configurations
version_added: 0.1.0
description:
  - Takes what M(lvs.cluster.keepalived_config_info) read on each director of a cluster built by hand and writes, on
    the controller, the inventory that derives those configurations again, in O(dest).
  - C(hosts.yml) holds the directors (in O(directors_group)) and the real servers (in O(realservers_group), and in a
    group per set of real servers where virtual servers differ). C(group_vars/DIRECTORS/main.yml) holds what the
    directors share, C(host_vars/DIRECTOR.yml) what differs (priorities, states the election would not give, unicast
    addresses, a router_id that is not the host name, blocks written differently).
  - Secrets (C(auth_pass)) are written only encrypted, into C(group_vars/DIRECTORS/vault.yml), with the vault password
    the playbook runs with; without one, the inventory names them (C({{ vault_lvs_vi_1_auth_pass }})) and the report
    says which C(ansible-vault encrypt_string) to run.
  - Before anything is written, the inventory is derived as C(lvs.cluster.site) derives it and each director's result
    compared with its file as keepalived reads it; RV(round_trip) says whether they agree, RV(differences) lists what
    would change otherwise. The validator's findings on the result are what the operator must decide (RV(valid)).
  - Real servers are named after the inventory host whose C(ansible_host) (or name) is their address, else by their
    address; directors keep their C(ansible_host).
  - The report (RV(report)) is also written as C(import-report.txt). The same import runs outside Ansible with
    C(scripts/lvs-cluster import).
author:
  - lvs.cluster maintainers (!UNKNOWN)
options:
  registered:
    description:
      - The variable in which each director of O(directors_group) registered its result of
        M(lvs.cluster.keepalived_config_info) with O(lvs.cluster.keepalived_config_info#module:include_secrets=true).
      - It is read from the directors' host variables rather than passed as an argument, because it holds the
        passwords; the task's own arguments and result never do.
    type: str
    default: lvs_adopt_read
  dest:
    description:
      - The inventory directory to write, on the controller. Made when missing.
    type: path
    required: true
  force:
    description:
      - Overwrite files in O(dest) that say something else. Without it the task fails and writes nothing.
      - Files that already say the same are left alone; a vault file that holds the same secrets too.
    type: bool
    default: false
  directors_group:
    description:
      - The inventory group of the directors, in the play's inventory and in the written one.
    type: str
    default: lvs_directors
  realservers_group:
    description:
      - The inventory group of the real servers in the written inventory.
    type: str
    default: lvs_realservers
attributes:
  check_mode:
    support: full
    description: Computes and reports everything, writes nothing.
  diff_mode:
    support: full
    description: Shows each file it would write (secrets only encrypted).
  platform:
    support: full
    platforms: posix
    description: Runs on the controller only, and contacts no host.
notes:
  - Use the C(lvs.cluster.adopt) playbook, which reads the directors and then runs this on the controller.
seealso:
  - module: lvs.cluster.keepalived_config_info
    description: Read a director's keepalived.conf.
  - module: lvs.cluster.keepalived_config
    description: Keeps a file that already configures keepalived as the inventory says (O(lvs.cluster.keepalived_config#module:keep_equivalent)).
'''

EXAMPLES = r'''
- name: Read each director's file, passwords included (hidden, as the registered result holds them)
  lvs.cluster.keepalived_config_info:
    include_secrets: true
  register: lvs_adopt_read
  no_log: true

- name: Write the inventory of the cluster on the controller
  lvs.cluster.cluster_adopt:
    dest: "{{ playbook_dir }}/adopted"
  delegate_to: localhost
  run_once: true
'''

RETURN = r'''
dest:
  description: The inventory directory.
  returned: always
  type: str
  sample: /home/ops/adopted
files:
  description: The files of the inventory, relative to RV(dest).
  returned: always
  type: list
  elements: str
  sample: [group_vars/lvs_directors/main.yml, host_vars/lvs1.yml, host_vars/lvs2.yml, hosts.yml, import-report.txt]
report:
  description: The import's report, one line per item (import-report.txt).
  returned: always
  type: list
  elements: str
valid:
  description: Whether the validator finds no error in the written inventory.
  returned: always
  type: bool
round_trip:
  description: Whether deploying the inventory gives every director a configuration keepalived reads as its file.
  returned: always
  type: bool
differences:
  description: What deploying the inventory would change, per director (empty when RV(round_trip)).
  returned: always
  type: list
  elements: str
encrypted:
  description: Whether the secrets were written encrypted (the play had a vault password).
  returned: always
  type: bool
'''
