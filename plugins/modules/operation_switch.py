#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: operation_switch
short_description: Turn a director's drain or maintenance switch on or off
version_added: 0.1.0
description:
  - lvs.cluster's operation switches are files that keepalived tracks on each director (a FILE_CHECK per real server
    for its drain, a track_file for the director's maintenance; C(lvs_operation_switches)). A switch is on while its
    file holds 1, off while the file is absent.
  - Writes 1 into the file (O(state=on), root's, mode 0644, replaced atomically) or removes it (O(state=off)).
    Keepalived reacts at once; what follows (connections finishing, VIPs moving) is for
    M(lvs.cluster.ipvs_realserver) and M(lvs.cluster.vip_status) to wait for.
  - One module run, where M(ansible.builtin.copy) takes a stat, a transfer and a copy (seconds each on a slow host).
    The C(lvs.cluster.drain), C(lvs.cluster.undrain), C(lvs.cluster.director_maintenance) and
    C(lvs.cluster.rolling_update) playbooks and the director role use it.
author:
  - lvs.cluster maintainers (!UNKNOWN)
options:
  path:
    description:
      - The switch's file, as C(lvs.cluster.cluster_validate) derives it (a real server's drain file, a director's
        maintenance file). Its directory must exist (the director role creates it).
    type: path
    required: true
  state:
    description: V(on) (the file holds 1) or V(off) (the file is absent).
    type: str
    choices: ['on', 'off']
    required: true
attributes:
  check_mode:
    support: full
    description: Says whether the switch would change.
  diff_mode:
    support: full
    description: The file's content before and after (empty when absent).
  platform:
    support: full
    platforms: posix
    description: A director configured by the director role (its switch directories).
'''

EXAMPLES = r'''
- name: Drain rs1 on this director
  lvs.cluster.operation_switch:
    path: /var/lib/lvs-cluster/drain/10.1.1.163
    state: 'on'

- name: Take this director out of maintenance
  lvs.cluster.operation_switch:
    path: /var/lib/lvs-cluster/maintenance
    state: 'off'
'''

RETURN = r'''
switch:
  description: The switch's state after the run (in check mode, the state asked for).
  returned: always
  type: str
  sample: 'on'
'''

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible_collections.lvs.cluster.plugins.module_utils.files import set_switch


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', required=True),
            state=dict(type='str', choices=['on', 'off'], required=True),
        ),
        supports_check_mode=True,
    )
    path, state = module.params['path'], module.params['state']
    try:
        changed, diff = set_switch(path, state == 'on', module.check_mode)
    except (IOError, OSError) as problem:
        module.fail_json(msg='cannot turn the switch %s %s (has lvs.cluster.site configured this director, with '
                             'lvs_operation_switches true?): %s' % (path, state, to_native(problem)))
    result = dict(changed=changed, switch=state)
    if diff and module._diff:
        result['diff'] = diff
    module.exit_json(**result)


if __name__ == '__main__':
    main()
