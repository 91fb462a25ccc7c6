#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: keepalived_config
short_description: Put a validated keepalived.conf on a host, atomically
version_added: 0.1.0
description:
  - Renders O(config) with the collection's model of keepalived.conf and writes it to O(path) when it differs from
    the file there.
  - Every value is checked before anything is touched. Typos, values out of keepalived's range, text that would inject
    a directive and settings that keepalived silently ignores or changes (for example C(nopreempt) with C(state MASTER))
    fail the task with one line per problem, naming the key path, the value and the fix.
  - With O(validate), the new file is also checked by keepalived itself (C(keepalived -t)) on the target host before
    it replaces the current one, so that interface names and other host facts are checked too. This also happens in
    check mode.
  - The file is replaced atomically (written next to the destination, synced, then renamed over it) with mode C(0640),
    owned by C(root:root) when the module runs as root.
  - The module does not signal keepalived. It returns RV(needs), what keepalived needs to apply the new file (nothing,
    a reload or two reloads), and RV(reasons); the calling role or handler reloads or starts keepalived.
  - C(auth_pass) values never appear in the module's results, warnings or diffs; they are replaced by C(********).
author:
  - lvs.cluster maintainers (!UNKNOWN)
extends_documentation_fragment:
  - lvs.cluster.inventory_groups
options:
  config:
    description:
      - The whole keepalived configuration as data, in the collection's input form.
      - Top-level keys are C(global_defs), C(vrrp_scripts), C(track_files), C(track_processes), C(bfd_instances),
        C(vrrp_sync_groups), C(vrrp_instances), C(virtual_server_groups) and C(virtual_servers); inside them keys are
        keepalived's own keywords (for example C(virtual_router_id), C(lvs_sched), C(lvs_method)).
      - Named blocks (C(vrrp_instances), C(vrrp_scripts), ...) are mappings of name to body; C(virtual_servers),
        C(real_servers), C(checkers) and C(urls) are lists. Each checker has a C(type) (C(TCP_CHECK), C(HTTP_GET), ...).
      - Legacy keywords such as C(lb_algo), C(lb_kind) and C(nb_get_retry) are accepted with a warning and rendered
        under their current names.
      - A virtual server without C(protocol) is rendered with C(protocol TCP); keepalived itself would assume UDP.
      - Secret values (C(auth_pass)) are masked in all output of the module. Do not make the whole option C(no_log);
        the masking of the individual values keeps them out of the logs.
      - When left out, the controller derives this host's configuration from the inventory (the C(lvs_*) variables
        of every director and real server, see the collection's docs/inventory.md), as the C(lvs.cluster.director)
        role does.
    type: dict
  path:
    description:
      - The keepalived.conf to write. Its directory must exist.
    type: path
    default: /etc/keepalived/keepalived.conf
  validate:
    description:
      - Check the new file with C(keepalived -t -e -f) on the target before it is put in place, also in check mode.
      - A file that keepalived rejects fails the task and leaves O(path) untouched.
      - When keepalived cannot check the file (the binary is missing, it is older than 2.0.5, or the config test
        itself cannot run), the module warns, says what was not checked, and goes on.
    type: bool
    default: true
  keepalived_binary:
    description:
      - The keepalived program used for O(validate). A name is looked up on E(PATH) and in C(/usr/sbin), C(/sbin)
        and C(/usr/local/sbin); an absolute path is used as it is.
    type: str
    default: keepalived
  backup:
    description:
      - Keep a copy of the current file, with a time stamp in its name, before it is replaced.
    type: bool
    default: false
  keep_equivalent:
    description:
      - Leave the file on the host as it is when it already configures keepalived the same way as O(config), and
        differs only in layout, comments, keyword spelling (C(lb_kind) for C(lvs_method)), the order of real servers or
        keepalived's defaults written out. This is how a hand-built cluster adopted with C(lvs.cluster.adopt) keeps
        its files until the inventory changes what they say.
      - V(false) rewrites such a file in the collection's layout; keepalived is not reloaded, RV(needs) is V(none).
    type: bool
    default: true
notes:
  - C(keepalived -t) exit codes since keepalived 2.2.0 are C(0) valid, C(4) a configuration keepalived cannot run (a
    fatal error, such as an unknown linkbeat interface), C(5) configuration errors and warnings, C(6) scripts without script
    security (the keepalived(8) man page still lists older codes). C(4), C(5) and C(6) fail the task; other codes are
    reported as not checked.
  - Debian 12's keepalived 2.2.7 (2.2.5 to 2.2.7) kills itself during C(keepalived -t) (exit code 143, C(Terminated))
    whenever a script runs as a non-root user (C(script_user), or the default C(keepalived_script)); fixed in 2.2.8.
    The module then reports RV(validation.outcome=not_checked) with a warning and still writes the file, since only the
    test, not the configuration, failed.
  - C(keepalived -t) reads the host's network interfaces, so it runs on the target host; it needs neither root nor IPVS.
  - Ansible hides any text equal to an C(auth_pass) value in the whole result, so a very short password can also hide
    the same text elsewhere in the output (for example a port number); use passwords of 8 characters.
  - A reload (SIGHUP) keeps the VRRP MASTER and its addresses; a restart sends a priority 0 advertisement and forces a
    failover. A virtual address that moves from one VRRP instance to another needs two reloads (keepalived(8), SIGHUP).
  - keepalived.conf(5) names what a reload cannot change (C(net_namespace), C(instance), C(tmp_config_directory)); a
    change of one of them (passed through, see C(passthrough)) returns RV(needs=restart). A change of the daemon's
    command-line arguments (for example C(--vrrp)) needs a restart too; the C(lvs.cluster.director) role handles both.
attributes:
  check_mode:
    support: full
    description: Validation with C(keepalived -t) also runs in check mode; nothing is written.
  diff_mode:
    support: full
    description: The diff shows the old and new file with secret values masked.
  platform:
    support: full
    platforms: posix
    description: Linux hosts with keepalived installed (for O(validate)).
seealso:
  - module: lvs.cluster.keepalived_config_info
    description: Read an existing keepalived.conf into the same data form, to move a hand-built cluster into inventory.
  - name: keepalived.conf(5)
    description: The reference of keepalived's configuration keywords.
    link: https://www.keepalived.org/manpage.html
'''

EXAMPLES = r'''
- name: Configure the LVS director of the article (VRRP master, LVS-DR with two real servers)
  lvs.cluster.keepalived_config:
    config:
      global_defs:
        router_id: LVS_1
      vrrp_instances:
        VI_1:
          state: MASTER
          interface: eth0
          virtual_router_id: 51
          priority: 100
          advert_int: 1
          authentication:
            auth_type: PASS
            auth_pass: "{{ vault_vrrp_auth_pass }}"
          virtual_ipaddress:
            - 10.1.1.166
      virtual_servers:
        - address: 10.1.1.166
          port: 80
          lvs_sched: rr
          lvs_method: DR
          protocol: TCP
          real_servers:
            - address: 10.1.1.163
              port: 80
              checkers:
                - type: TCP_CHECK
                  connect_timeout: 10
                  retry: 3
                  delay_before_retry: 3
            - address: 10.1.1.164
              port: 80
              checkers:
                - type: TCP_CHECK
                  connect_timeout: 10
                  retry: 3
                  delay_before_retry: 3
    backup: true
  register: keepalived_conf

- name: Apply the new file without a failover
  ansible.builtin.systemd_service:
    name: keepalived
    state: reloaded
  when: keepalived_conf.needs in ['reload', 'reload_twice']

- name: Restart keepalived when the file changed what it reads only at its start (a MASTER fails over)
  ansible.builtin.systemd_service:
    name: keepalived
    state: restarted
  when: keepalived_conf.needs == 'restart'

- name: See what would change (the new file is still checked by keepalived -t)
  lvs.cluster.keepalived_config:
    config: "{{ keepalived_config }}"
  check_mode: true
  diff: true
'''

RETURN = r'''
path:
  description: The file that was (or would be) written.
  returned: always
  type: str
  sample: /etc/keepalived/keepalived.conf
needs:
  description:
    - What keepalived needs to apply the new file. V(none) when nothing that keepalived reads changed;
      V(reload) for a SIGHUP, which keeps the VRRP MASTER; V(reload_twice) when a virtual address moves between VRRP
      instances; V(restart) when C(net_namespace), C(instance) or C(tmp_config_directory) changed, which keepalived
      reads only when it starts (a restart makes a MASTER fail over).
    - When the file did not exist, V(reload) is returned; a keepalived that is not running must be started instead.
  returned: always
  type: str
  choices: [none, reload, reload_twice, restart]
  sample: reload
after_reload:
  description:
    - Commands (argument lists) to run on the host after the reload(s), for what a reload does not undo.
    - A removed C(lvs_sync_daemon) leaves the kernel's sync daemons running (keepalived stops them on a reload only
      when the new file still has one), so C(ipvsadm --stop-daemon) stops them.
  returned: always
  type: list
  elements: list
  sample: [[ipvsadm, --stop-daemon, master], [ipvsadm, --stop-daemon, backup]]
reasons:
  description: Why RV(needs) has its value, one sentence per reason.
  returned: always
  type: list
  elements: str
  sample: ['the configuration changed; keepalived applies it on a reload without a failover']
peer_addresses:
  description: The addresses of the other directors of this host's cluster (their lvs_vrrp_address or ansible_host).
  returned: when O(config) is left out and derived from the inventory
  type: list
  elements: str
  sample: [10.1.1.162]
peers_without_address:
  description: The other directors whose address could not be derived (set their lvs_vrrp_address).
  returned: when O(config) is left out and derived from the inventory
  type: list
  elements: str
  sample: []
cluster_mode:
  description: The director's C(lvs_cluster_mode), V(vrrp) or V(active_active).
  returned: when O(config) is left out and derived from the inventory
  type: str
  sample: vrrp
directories:
  description:
    - The directories of the configuration's track files that did not exist and were made (mode 0755), so that
      keepalived can watch them (keepalived 2.3 drops a track file whose directory is missing); in check mode, the ones
      that would be made (keepalived then checks a copy whose track files are in a temporary directory).
  returned: when the file changes
  type: list
  elements: str
  sample: [/var/lib/lvs-cluster/drain]
operation_files:
  description:
    - Where keepalived watches the switches of live operations (the model's FILE_CHECK and track_file entries),
      the directory of the real servers' drain files (C(lvs.cluster.drain)) and the maintenance file
      (C(lvs.cluster.director_maintenance)); null with C(lvs_operation_switches=false).
  returned: when O(config) is left out and derived from the inventory
  type: dict
  sample: {drain_directory: /var/lib/lvs-cluster/drain, maintenance_file: /var/lib/lvs-cluster/maintenance}
summary:
  description: What the host needs besides the file, from the model.
  returned: when the configuration is valid
  type: dict
  contains:
    virtual_servers:
      description: The number of virtual servers (IPVS services).
      type: int
      sample: 1
    lvs_methods:
      description: The forwarding methods the virtual servers use (keepalived's default is NAT).
      type: list
      elements: str
      sample: [DR]
    protocols:
      description: The protocols of the virtual servers (a fwmark virtual server has none).
      type: list
      elements: str
      sample: [TCP]
    vrrp_instances:
      description: The VRRP instances with their virtual IP addresses.
      type: dict
      sample: {VI_1: [10.1.1.166]}
validation:
  description: The result of checking the new file with C(keepalived -t).
  returned: always
  type: dict
  contains:
    outcome:
      description:
        - V(passed) keepalived accepted the file; V(failed) keepalived rejected it (the task fails);
          V(not_checked) keepalived could not check it (a warning says why); V(skipped) there was nothing to check
          (no change) or O(validate) is false.
      type: str
      choices: [passed, failed, not_checked, skipped]
      sample: passed
    message:
      description: What keepalived said, or why nothing was checked.
      type: str
      sample: keepalived -t found no errors
issues:
  description:
    - The problems found in O(config), errors and warnings, one dictionary each.
    - When there are errors, the task fails before anything on the host is touched.
  returned: always
  type: list
  elements: dict
  contains:
    rule:
      description: The rule id, see the collection's docs/rules.md.
      type: str
      sample: LVS103
    level:
      description: V(error) or V(warning).
      type: str
      sample: error
    path:
      description: Where in O(config) the problem is.
      type: str
      sample: vrrp_instances[VI_1].priority
    value:
      description: The offending value (secrets masked), or null.
      type: raw
      sample: 300
    message:
      description: What is wrong.
      type: str
      sample: is out of range
    fix:
      description: What to write instead.
      type: str
      sample: give an integer from 1 to 255
    source:
      description: C(file:line) when the problem was found in a file, else null.
      type: str
      sample: null
backup_file:
  description: The copy of the previous file made because of O(backup).
  returned: changed and O(backup) is true and the file existed
  type: str
  sample: /etc/keepalived/keepalived.conf.2345.2026-11-26@10:22:19~
diff:
  description:
    - The old and the new file, with secret values masked, in diff mode.
    - Because masked text cannot show a changed password, the diff's C(after_header) then ends with
      C((secret values changed)).
  returned: changed and diff mode is on
  type: dict
  sample:
    before_header: /etc/keepalived/keepalived.conf
    after_header: /etc/keepalived/keepalived.conf (secret values changed)
    before: "..."
    after: "..."
'''

import os
import re
import shutil
import tempfile

from ansible_collections.lvs.cluster.plugins.module_utils.module_support import (
    check_text, file_diff, hide, masked, put_in_place, read_current, rendered_file_module, up_to_date, validate_new)
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import changes
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import exit_codes as config_test
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import preprocessor

FILE_MODE = 0o640
SECRETS_CHANGED = ' (secret values changed)'


def config_test_run(module, binary, text):
    """(outcome, message) of keepalived's own check of ``text``; the temp directory is always removed."""
    program = module.get_bin_path(binary, opt_dirs=['/usr/sbin', '/sbin', '/usr/local/sbin'])
    if program is None:
        return config_test.NOT_CHECKED, ('%s was not found on the host, so keepalived did not check the file '
                                         '(the collection\'s own checks passed)' % binary)
    rc, out, err = module.run_command([program, '--version'])
    version = config_test.parse_version(out + err)
    if not config_test.supports_config_test(version):
        return config_test.NOT_CHECKED, ('keepalived %s has no config test (-t came in 2.0.5), so keepalived did not '
                                         'check the file' % '.'.join(str(part) for part in version))
    lacking = kaconf.release_issues(text, version) if version else []
    if lacking:  # keepalived would only say "Unknown keyword": name the release that has it
        return config_test.FAILED, ('keepalived %s on the host lacks keywords of the file:\n%s'
                                    % ('.'.join(str(part) for part in version), kaconf.format_issues(lacking)))
    rc, out, err = check_text(module, [program, '-t', '-e', '-f'], 'keepalived.conf', text)
    return config_test.interpret(rc, '\n'.join(part for part in (out, err) if part), version)


def watched_directories(conf):
    """The directories of the configuration's track files, which keepalived watches (inotify). keepalived 2.3 drops a
    track file whose directory is missing, and then refuses the FILE_CHECKs naming it (track_file.c: realpath)."""
    return sorted(set(os.path.dirname(block.file) for block in (conf.track_files or {}).values() if block.file))


def text_to_check(module, conf, text, scratch):
    """``text`` as keepalived should check it, and the watched directories this run makes: the missing ones are made
    (mode 0755), except in check mode, where keepalived checks a copy whose track files are under ``scratch``."""
    missing = [directory for directory in watched_directories(conf) if not os.path.isdir(directory)]
    for directory in missing:
        if module.check_mode:
            os.makedirs(scratch + directory)
            text = re.sub(r'(?m)^(\s*file\s+)%s/' % re.escape(directory), lambda m: m.group(1) + scratch + directory + '/',
                          text)
        else:
            os.makedirs(directory, 0o755)
    return text, missing


def current_model(module, path, current):
    """The model of the file on the host as keepalived there reads it (None: absent, or not readable as a model), its
    secrets hidden."""
    if current is None:
        return None
    before, dummy = kaconf.parse(current, path, check=False, config_id=preprocessor.host_config_id())
    hide(module, kaconf.secret_values(before) if before is not None else [])
    return before


def decide(before, existed, conf):
    """(needs, reasons, after_reload) for replacing the file whose model is ``before`` with ``conf``."""
    needs, reasons = changes.needed_action(before, conf, existed=existed)
    if needs == changes.NONE:
        reasons = ['only the layout or comments of the file change; keepalived\'s configuration stays the same']
    if needs == changes.RESTART:  # a restart leaves nothing of the old file running
        return needs, reasons, []
    commands, why = changes.after_reload(before, conf)
    return needs, reasons + why, commands


def main():
    module = rendered_file_module('/etc/keepalived/keepalived.conf', 'keepalived_binary', 'keepalived',
                                  keep_equivalent=dict(type='bool', default=True))
    path = module.params['path']
    hide(module, kaconf.secret_values(module.params['config']))

    # 1. The model's own checks, before anything on the host is touched.
    conf, found = kaconf.load(module.params['config'])
    issues = [issue.as_dict() for issue in found]
    errors = kaconf.errors(found)
    if errors:
        module.fail_json(msg='%d error(s) in the keepalived configuration:\n%s' % (len(errors), kaconf.format_issues(found)),
                         issues=issues, path=path, changed=False)
    for issue in kaconf.warnings(found):
        module.warn(masked(module, issue.format()))

    # 2. Nothing to do when the file already says the same.
    text = kaconf.render(conf)
    current = read_current(module, path)
    result = dict(changed=False, path=path, needs=changes.NONE, reasons=[], after_reload=[], issues=issues,
                  summary=kaconf.summary(conf),
                  validation=up_to_date(path))
    if current == text:
        module.exit_json(**result)
    before = current_model(module, path, current)
    if module.params['keep_equivalent'] and changes.equivalent(before, conf):
        result['reasons'] = ['%s already configures keepalived this way (only its layout, comments, spelling or '
                             'order differ), so it is kept as it is' % path]
        module.exit_json(**result)

    # 3. keepalived's own check of the new file, also in check mode.
    scratch = tempfile.mkdtemp(prefix='lvs-watched-')
    try:
        checked, result['directories'] = text_to_check(module, conf, text, scratch)
        validate_new(module, result, lambda: config_test_run(module, module.params['keepalived_binary'], checked),
                     'keepalived')
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    # 4. What keepalived needs to apply it.
    result['needs'], result['reasons'], result['after_reload'] = decide(before, current is not None, conf)
    result['changed'] = True

    if module._diff:
        secret_changed = current is not None and (
            kaconf.mask_secrets(current) == kaconf.mask_secrets(text)
            or (before is not None and sorted(kaconf.secret_values(before)) != sorted(kaconf.secret_values(conf))))
        result['diff'] = file_diff(path, current, current and kaconf.mask_secrets(current), kaconf.mask_secrets(text),
                                   path + (SECRETS_CHANGED if secret_changed else ''))

    # 5. Put it in place.
    put_in_place(module, result, current, text, FILE_MODE, what='keepalived')

    module.exit_json(**result)


if __name__ == '__main__':
    main()
