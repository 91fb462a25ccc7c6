#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: director_host
short_description: The host a director's keepalived runs on, set up in one step
version_added: 0.1.0
description:
  - Loads kernel modules, sets sysctls (live and in one file of its own), edits lines of the daemon's defaults file,
    writes or removes small files (the modules-load file, systemd drop-ins, switch files) and lists the drained real
    servers of a drain directory, all in one module run.
  - The lvs.cluster.director role uses it for everything around keepalived.conf. One run instead of one per file
    and setting; each module run costs seconds on a slow host.
  - When a kernel module cannot be loaded, nothing is changed and RV(missing_modules) says why, so the caller can
    stop with its own advice.
author:
  - lvs.cluster maintainers (!UNKNOWN)
options:
  kernel_modules:
    description: Kernel modules to load when C(/sys/module/NAME) is missing (C(modprobe); C(modprobe --dry-run) in
      check mode).
    type: list
    elements: str
    default: []
  sysctls:
    description:
      - Kernel settings (C(net.ipv4.vs.conn_reuse_mode) and so on) and their values, set now through C(/proc/sys)
        and kept in O(sysctl_file) for the next boot.
      - O(sysctl_file) is this module's own, written whole; a setting left out of O(sysctls) leaves the file
        (its live value stays as it is until the next boot).
    type: dict
  sysctl_file:
    description: The file the settings are kept in, read at boot by systemd-sysctl. Required with O(sysctls).
    type: path
  lines:
    description: Lines to put into files that hold other lines too (like lineinfile with C(regexp)).
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: The file. It keeps its mode and owner (a package's file, like FRR's C(daemons) of group
          C(frr)); a missing one is created with mode 0644, owned by root.
        type: path
        required: true
      regexp:
        description: The last line matching it is replaced; when none matches, O(lines[].line) is appended.
        type: str
        required: true
      line:
        description: The line.
        type: str
        required: true
  files:
    description: Small files of the collection's own, written whole (owned by root) or removed.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: The file. Missing parent directories are created with mode 0755.
        type: path
        required: true
      content:
        description: The text of the file. Required unless O(files[].state=absent).
        type: str
      mode:
        description: Its mode.
        type: raw
        default: '0644'
      state:
        description: V(absent) removes it.
        type: str
        choices: [present, absent]
        default: present
  drain_directory:
    description: A directory of drain switch files (keepalived's FILE_CHECKs read them); the real servers drained
      there are returned in RV(drained).
    type: path
  drain_exclude:
    description: Names in O(drain_directory) not to return (the ones about to be removed).
    type: list
    elements: str
    default: []
attributes:
  check_mode:
    support: full
    description: Reports what would change; loads no module (C(modprobe --dry-run)).
  diff_mode:
    support: full
    description: The before and after of every file that changes, the sysctl file among them.
  platform:
    support: full
    platforms: posix
    description: Linux.
seealso:
  - module: lvs.cluster.keepalived_config
'''

EXAMPLES = r'''
- name: Set up the director's host
  lvs.cluster.director_host:
    kernel_modules: [ip_vs]
    sysctls: {net.ipv4.vs.conn_reuse_mode: 3}
    sysctl_file: /etc/sysctl.d/90-lvs-cluster-director.conf
    lines:
      - {path: /etc/default/keepalived, regexp: '^DAEMON_ARGS=', line: 'DAEMON_ARGS=""'}
    files:
      - {path: /etc/modules-load.d/lvs-cluster.conf, content: "ip_vs\n"}
      - {path: /var/lib/lvs-cluster/maintenance, state: absent}
    drain_directory: /var/lib/lvs-cluster/drain
  register: director_host
'''

RETURN = r'''
changed_paths:
  description: The files this run changed (or would change, in check mode).
  returned: always
  type: list
  elements: str
  sample: [/etc/default/keepalived]
changed_sysctls:
  description: The settings whose live value this run changed (or would change).
  returned: always
  type: list
  elements: str
  sample: [net.ipv4.vs.conn_reuse_mode]
loaded_modules:
  description: The kernel modules this run loaded (or would load).
  returned: always
  type: list
  elements: str
  sample: [ip_vs]
missing_modules:
  description: The kernel modules that cannot be loaded, with what modprobe said. When not empty nothing was changed.
  returned: always
  type: dict
  sample: {ip_vs: "modprobe: FATAL: Module ip_vs not found"}
drained:
  description: The names of the files in O(drain_directory) that drain their real server (a weight of 0 is not
    a drain; see lvs.cluster.drain).
  returned: always
  type: list
  elements: str
  sample: [rs1]
'''

import os
import re

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible_collections.lvs.cluster.plugins.module_utils import sysctl
from ansible_collections.lvs.cluster.plugins.module_utils.module_support import (
    file_diff, read_current, remove_file, write_file)

PROC_SYS = sysctl.PROC_SYS  # module-level, so that the unit tests can point it into a directory of their own
SYS_MODULE = '/sys/module'
# keepalived's FILE_CHECK turns a positive number in the file into a failed check: the real server is drained
DRAINING = re.compile(r'(?m)^ *-?0*[1-9]')
ROOT = (0, 0)
SYSCTL_HEADER = '# Managed by lvs.cluster (lvs.cluster.director_host)\n'


def load_modules(module, names):
    """(loaded, missing): the modules of ``names`` not yet in the kernel that modprobe loads (or, in check mode,
    would load), and {name: what modprobe said} of those it cannot."""
    loaded, missing = [], {}
    for name in names:
        if os.path.isdir(os.path.join(SYS_MODULE, name)):
            continue
        command = [module.get_bin_path('modprobe', required=True, opt_dirs=['/usr/sbin', '/sbin'])]
        command += ['--dry-run', name] if module.check_mode else [name]
        rc, out, err = module.run_command(command)
        if rc == 0:
            loaded.append(name)
        else:
            missing[name] = (err or out).strip() or 'modprobe exited %d' % rc
    return loaded, missing


def live_sysctls(module, settings):
    """The settings whose live value differs. A missing one fails, except in check mode, where the module that
    brings it is not loaded (it counts as a change then)."""
    differing = []
    for name, value in sorted(settings.items()):
        current = sysctl.read(name, PROC_SYS)
        if current is None and not module.check_mode:
            module.fail_json(msg='Cannot read the kernel setting %s (%s/%s). Fix: load the kernel module that '
                                 'provides it, or leave it out.' % (name, PROC_SYS, sysctl.proc_path(name)))
        if current is None or current.split() != str(value).split():
            differing.append(name)
    return differing


def sysctl_text(settings):
    return SYSCTL_HEADER + ''.join('%s = %s\n' % (name, value) for name, value in sorted(settings.items()))


def with_line(text, regexp, line):
    """``text`` with its last line matching ``regexp`` replaced by ``line``, or ``line`` appended."""
    lines = (text or '').splitlines()
    matching = [number for number, each in enumerate(lines) if re.search(regexp, each)]
    if matching:
        lines[matching[-1]] = line
    else:
        lines.append(line)
    return '\n'.join(lines) + '\n'


def drained(module, directory, exclude):
    """The names of the drain files in ``directory`` that drain their real server."""
    if not directory or not os.path.isdir(directory):
        return []
    names = []
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if name in exclude or not os.path.isfile(path):
            continue
        if DRAINING.search(read_current(module, path) or ''):
            names.append(name)
    return names


def octal(module, mode):
    try:
        return int(str(mode), 8)
    except ValueError:
        module.fail_json(msg='files: mode %r is not an octal mode like 0644' % (mode,))


def wanted_files(module):
    """{path: (text or None for absent, mode, owner)} of every file this run manages, in order. A file of O(lines)
    keeps its mode and owner (a package's file, like FRR's daemons of group frr); a new one is 0644, root's."""
    params = module.params
    wanted = {}
    if params['sysctls']:
        wanted[params['sysctl_file']] = (sysctl_text(params['sysctls']), 0o644, ROOT)
    for entry in params['lines']:
        path = entry['path']
        text = wanted[path][0] if path in wanted else read_current(module, path)
        mode, owner = file_mode(path) or (0o644, ROOT)
        wanted[path] = (with_line(text, entry['regexp'], entry['line']), mode, owner)
    for entry in params['files']:
        if entry['state'] == 'present' and entry['content'] is None:
            module.fail_json(msg='files: %s needs content (or state: absent)' % entry['path'])
        wanted[entry['path']] = (entry['content'] if entry['state'] == 'present' else None, octal(module, entry['mode']),
                                 ROOT)
    return wanted


def file_mode(path):
    """(mode, (uid, gid)) of ``path``, or None when it does not exist."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mode & 0o7777, (status.st_uid, status.st_gid)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            kernel_modules=dict(type='list', elements='str', default=[]),
            sysctls=dict(type='dict'),
            sysctl_file=dict(type='path'),
            lines=dict(type='list', elements='dict', default=[], options=dict(
                path=dict(type='path', required=True),
                regexp=dict(type='str', required=True),
                line=dict(type='str', required=True))),
            files=dict(type='list', elements='dict', default=[], options=dict(
                path=dict(type='path', required=True),
                content=dict(type='str'),
                mode=dict(type='raw', default='0644'),
                state=dict(type='str', choices=['present', 'absent'], default='present'))),
            drain_directory=dict(type='path'),
            drain_exclude=dict(type='list', elements='str', default=[]),
        ),
        required_by=dict(sysctls=['sysctl_file']),
        supports_check_mode=True,
    )
    params = module.params
    params['sysctls'] = params['sysctls'] or {}
    result = dict(changed=False, changed_paths=[], changed_sysctls=[], loaded_modules=[], missing_modules={},
                  drained=drained(module, params['drain_directory'], params['drain_exclude']))

    result['loaded_modules'], result['missing_modules'] = load_modules(module, params['kernel_modules'])
    if result['missing_modules']:
        result['loaded_modules'] = []  # in check mode none was; otherwise the caller stops here anyway
        module.exit_json(**result)

    diffs = []
    writes = []
    for path, (text, mode, owner) in wanted_files(module).items():
        current = read_current(module, path)
        if current == text and (text is None or file_mode(path)[0] == mode):
            continue
        result['changed_paths'].append(path)
        diffs.append(file_diff(path, current, current, text or '', path if text is not None else '%s (absent)' % path))
        writes.append((path, text, mode, owner))
    result['changed_sysctls'] = live_sysctls(module, params['sysctls'])
    result['changed'] = bool(result['loaded_modules'] or result['changed_paths'] or result['changed_sysctls'])
    if module._diff and diffs:
        result['diff'] = diffs

    if not module.check_mode:
        for path, text, mode, owner in writes:
            if text is None:
                remove_file(module, path)
            else:
                write_file(module, path, text, mode, owner, what='this module', directory_mode=0o755)
        for name in result['changed_sysctls']:
            try:
                sysctl.write(name, params['sysctls'][name], PROC_SYS)
            except (IOError, OSError) as problem:
                module.fail_json(msg='Cannot set the kernel setting %s to %s: %s' % (
                    name, params['sysctls'][name], to_native(problem)), **result)

    module.exit_json(**result)


if __name__ == '__main__':
    main()
