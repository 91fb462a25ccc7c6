#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: frr_config
short_description: Put a checked frr.conf for an active-active LVS director on a host, atomically
version_added: 0.1.0
description:
  - Renders the BGP side of an active-active director (C(lvs_cluster_mode=active_active)) with the collection's FRR
    model and writes it to O(path) when it differs from the file there.
  - The file makes bgpd announce the director's VIPs as /32 (/128) routes to the routers in the C(peers) of O(config), and
    only those, while their kernel route exists (C(redistribute kernel) through a prefix list of the VIPs). The
    director role's C(lvs-cluster-announce) helper adds a VIP's route while keepalived has quorum for it and the
    director is not in maintenance. Nothing is accepted from the routers.
  - Every value is checked before anything is touched; with O(validate) the new file is also checked by FRR itself
    (C(vtysh --dryrun --inputfile)) on the target before it replaces the current one, also in check mode. A file FRR
    refuses fails the task and leaves O(path) as it was.
  - The file is replaced atomically with mode C(0640), owned by C(frr:frr) when that user exists and the module runs
    as root.
  - The module does not signal FRR. It returns RV(bfd) (whether bfdd must run); the calling role reloads FRR
    (C(systemctl reload frr), which applies the difference with frr-reload.py and keeps the BGP sessions).
  - BGP passwords never appear in the module's results, warnings or diffs; they are replaced by C(********).
author:
  - lvs.cluster maintainers (!UNKNOWN)
extends_documentation_fragment:
  - lvs.cluster.inventory_groups
options:
  config:
    description:
      - The BGP settings. When left out, the controller derives them from the inventory (C(lvs_bgp_asn),
        C(lvs_bgp_peers), C(lvs_bgp_timers), C(lvs_bgp_router_id) and the announced virtual servers, see the
        collection's docs/inventory.md), as the C(lvs.cluster.director) role does, and also returns RV(announcement).
      - Do not make the task C(no_log); the passwords are masked individually.
      - Keys are C(asn) (this director's AS number), C(router_id) (an IPv4 address), C(peers) (the routers, each
        with C(address), C(asn), an optional C(password) and an optional boolean C(bfd)), C(timers) (optional,
        C(keepalive) and C(hold) in seconds, default 3 and 9) and C(announce) (the VIPs this director announces).
    type: dict
  path:
    description: The frr.conf to write. Its directory must exist.
    type: path
    default: /etc/frr/frr.conf
  validate:
    description:
      - Check the new file with C(vtysh --dryrun --inputfile) on the target before it is put in place, also in check
        mode. When vtysh is missing the module warns and goes on.
    type: bool
    default: true
  vtysh_binary:
    description: The vtysh program used for O(validate), looked up on E(PATH) and in C(/usr/bin) and C(/usr/sbin).
    type: str
    default: vtysh
  backup:
    description: Keep a copy of the current file, with a time stamp in its name, before it is replaced.
    type: bool
    default: false
notes:
  - C(systemctl reload frr) runs frr-reload.py, which applies only the difference to the running daemons, so a
    changed file keeps the BGP sessions up; a restart would drop them (and every announcement) for a moment.
  - Which daemons run (bgpd, bfdd) is set in C(/etc/frr/daemons), not here; the director role enables bfdd when
    RV(bfd) is true.
attributes:
  check_mode:
    support: full
    description: FRR's dry run also runs in check mode; nothing is written.
  diff_mode:
    support: full
    description: The diff shows the old and new file with the passwords masked.
  platform:
    support: full
    platforms: posix
    description: Linux hosts with FRR installed (for O(validate)).
seealso:
  - module: lvs.cluster.keepalived_config
    description: The director's keepalived.conf, whose quorum commands switch the announcements.
  - name: FRR's bgpd
    description: The reference of the BGP commands in the file.
    link: https://docs.frrouting.org/en/latest/bgp.html
'''

EXAMPLES = r'''
- name: Render, check (vtysh --dryrun) and install frr.conf from the inventory
  lvs.cluster.frr_config:
  register: lvs_frr

- name: Reload FRR without dropping the BGP sessions
  ansible.builtin.systemd_service:
    name: frr
    state: reloaded
  when: lvs_frr is changed

- name: Explicit settings, in check mode with a diff
  lvs.cluster.frr_config:
    config:
      asn: 65001
      router_id: 10.1.1.160
      peers:
        - {address: 10.1.1.1, asn: 65000, password: "{{ vault_bgp_password }}", bfd: true}
      announce: [10.1.1.166]
  check_mode: true
  diff: true
'''

RETURN = r'''
path:
  description: The file that was (or would be) written.
  returned: always
  type: str
  sample: /etc/frr/frr.conf
bfd:
  description: Whether a peer uses BFD, so that bfdd must run.
  returned: when the settings are valid
  type: bool
  sample: true
validation:
  description: The result of FRR's dry run of the new file.
  returned: always
  type: dict
  contains:
    outcome:
      description: V(passed), V(failed) (the task fails), V(not_checked) (a warning says why) or V(skipped).
      type: str
      sample: passed
    message:
      description: What vtysh said (passwords masked), or why nothing was checked.
      type: str
      sample: vtysh --dryrun found no errors
announcement:
  description: The director's announcement plan, when the settings were derived from the inventory.
  returned: when O(config) is left out
  type: dict
  contains:
    interface:
      description: The dummy interface that holds the VIPs.
      type: str
      sample: lvs-vip
    served:
      description: Every VIP the director holds.
      type: list
      elements: str
      sample: [10.1.1.166]
    announced:
      description: The VIPs it announces while it can serve them.
      type: list
      elements: str
      sample: [10.1.1.166]
    services:
      description: Each announcing virtual server's key (what keepalived's quorum commands name) and its VIPs.
      type: dict
      sample: {"TCP-10.1.1.166:80": [10.1.1.166]}
    maintenance:
      description: Whether lvs_director_maintenance withdraws every announcement.
      type: bool
      sample: false
    helper:
      description: The path of the helper that keepalived's quorum commands run.
      type: str
      sample: /usr/local/sbin/lvs-cluster-announce
    environment:
      description: The helper's settings file, as text.
      type: str
backup_file:
  description: The copy of the previous file made because of O(backup).
  returned: changed and O(backup) is true and the file existed
  type: str
diff:
  description: The old and the new file, with passwords masked, in diff mode.
  returned: changed and diff mode is on
  type: dict
'''

import grp
import pwd

from ansible_collections.lvs.cluster.plugins.module_utils.frr import render, secrets, settings
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import Invalid
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.exit_codes import FAILED, NOT_CHECKED, PASSED
from ansible_collections.lvs.cluster.plugins.module_utils.module_support import (
    check_text, file_diff, hide, put_in_place, read_current, rendered_file_module, up_to_date, validate_new)

FILE_MODE = 0o640


def owner():
    """frr:frr when FRR's user exists (its daemons read the file as frr), else root."""
    try:
        return pwd.getpwnam('frr').pw_uid, grp.getgrnam('frr').gr_gid
    except KeyError:
        return 0, 0


def dry_run(module, binary, text):
    """(outcome, message) of FRR's own check of ``text``."""
    program = module.get_bin_path(binary, opt_dirs=['/usr/bin', '/usr/sbin'])
    if program is None:
        return NOT_CHECKED, '%s was not found on the host, so FRR did not check the file' % binary
    rc, out, err = check_text(module, [program, '--dryrun', '--inputfile'], 'frr.conf', text)
    said = secrets.mask(' '.join((out + err).split()))
    return (PASSED, 'vtysh --dryrun found no errors') if rc == 0 else (FAILED, 'vtysh --dryrun exit %d: %s' % (rc, said))


def main():
    module = rendered_file_module('/etc/frr/frr.conf', 'vtysh_binary', 'vtysh')
    path = module.params['path']
    hide(module, secrets.values(module.params['config']))
    try:
        checked = settings.check(module.params['config'])
    except Invalid as problem:
        module.fail_json(msg='[%s] the BGP settings are not valid: %s Fix: %s' % (problem.rule, problem.message, problem.fix),
                         path=path, changed=False)
    text = render.render(checked)
    current = read_current(module, path)
    if current is not None:
        hide(module, [line.split()[-1] for line in current.splitlines() if ' password ' in line])
    result = dict(changed=False, path=path, bfd=settings.uses_bfd(checked), validation=up_to_date(path))
    if current == text:
        module.exit_json(**result)

    validate_new(module, result, lambda: dry_run(module, module.params['vtysh_binary'], text), 'FRR')
    result['changed'] = True
    if module._diff:
        result['diff'] = file_diff(path, current, current and secrets.mask(current), secrets.mask(text))
    put_in_place(module, result, current, text, FILE_MODE, owner(), what='FRR')
    module.exit_json(**result)


if __name__ == '__main__':
    main()
