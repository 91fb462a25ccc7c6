#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: keepalived_config_info
short_description: Read an existing keepalived.conf as structured data
version_added: 0.1.0
description:
  - Reads a keepalived.conf, with the files it includes, from the host and returns it in the input form of
    M(lvs.cluster.keepalived_config), so that a hand-built cluster can be moved into inventory.
  - Also returns what the collection's rules find in the file, for example settings keepalived silently ignores or
    changes (C(nopreempt) or C(preempt_delay) with C(state MASTER)) and deprecated keywords, and the canonical
    rendering of the file.
  - Keepalived's silent defaults are made explicit; for example a virtual server without C(protocol) is returned with
    C(protocol UDP), which is what keepalived uses, together with a warning in RV(issues).
  - Nothing on the host is changed.
author:
  - lvs.cluster maintainers (!UNKNOWN)
extends_documentation_fragment:
  - lvs.cluster.reads_only
options:
  path:
    description:
      - The keepalived.conf to read. Relative C(include) patterns in it are resolved from its directory.
    type: path
    default: /etc/keepalived/keepalived.conf
  config_id:
    description:
      - The config id keepalived runs with on the host (its C(-i) option), which picks the file's conditional lines
        (C(@ID) and C(@^ID)).
      - By default keepalived's own default, the host's name up to the first dot.
    type: str
  include_secrets:
    description:
      - Return C(auth_pass) values as they are. By default they are replaced by C(********) everywhere in the result.
      - When V(true), set C(no_log) on the task and take care where the registered result goes.
    type: bool
    default: false
notes:
  - A file that cannot be read as keepalived.conf (a syntax error, an unknown keyword, a value that cannot be typed)
    fails the task with every problem found; RV(issues) lists them.
  - The file is read as keepalived reads it, after its own preprocessing (keepalived.conf(5), ADVANCED CONFIGURATION)
    of C(include) globs, conditional lines (C(@ID), C(@^ID)), parameters (C($NAME=VALUE), C($NAME), C(${NAME}), multiline
    definitions, C(${_PWD}) and the other pre-defined ones), C(~SEQ) and C(~LST). RV(config) is the expanded
    configuration.
  - Lines that are not UTF-8 (a comment in GBK or Latin-1) are read as Latin-1 and named in RV(issues) (LVS116).
attributes:
  platform:
    support: full
    platforms: posix
    description: Any POSIX host; keepalived itself need not be installed.
seealso:
  - module: lvs.cluster.keepalived_config
    description: Write a keepalived.conf from the data this module returns.
'''

EXAMPLES = r'''
- name: Read the hand-built configuration of a director
  lvs.cluster.keepalived_config_info:
  register: current

- name: Show what would go into the inventory (auth_pass masked)
  ansible.builtin.debug:
    var: current.config

- name: Show what the collection's rules find in it
  ansible.builtin.debug:
    msg: "{{ current.issues | map(attribute='rule') | list }}"

- name: Read a configuration with its passwords, to store them in a vault
  lvs.cluster.keepalived_config_info:
    path: /etc/keepalived/keepalived.conf
    include_secrets: true
  register: with_secrets
  no_log: true
'''

RETURN = r'''
path:
  description: The file that was read.
  returned: always
  type: str
  sample: /etc/keepalived/keepalived.conf
exists:
  description: Whether O(path) exists. When it does not, RV(config) is empty and RV(rendered) is an empty string.
  returned: always
  type: bool
  sample: true
config:
  description:
    - The configuration in the input form of M(lvs.cluster.keepalived_config) (option C(config)).
    - C(auth_pass) values are C(********) unless O(include_secrets) is true.
  returned: always
  type: dict
  sample:
    global_defs:
      router_id: LVS1
    vrrp_instances:
      VI_1:
        state: MASTER
        interface: eth0
        virtual_router_id: 51
        priority: 150
        advert_int: 1
        authentication:
          auth_type: PASS
          auth_pass: "********"
        virtual_ipaddress:
          - 10.1.1.166
issues:
  description:
    - What the collection's rules find in the file, errors and warnings, one dictionary each.
  returned: always
  type: list
  elements: dict
  contains:
    rule:
      description: The rule id, see the collection's docs/rules.md.
      type: str
      sample: LVS208
    level:
      description: V(error) or V(warning).
      type: str
      sample: error
    path:
      description: Where in RV(config) the problem is.
      type: str
      sample: vrrp_instances[VI_1].preempt_delay
    value:
      description: The offending value (secrets masked), or null.
      type: raw
      sample: 300
    message:
      description: What is wrong.
      type: str
      sample: "is ignored with state MASTER: keepalived clears it at start"
    fix:
      description: What to write instead.
      type: str
      sample: set state BACKUP on every director of the instance
    source:
      description: C(file:line) where the problem is, when known.
      type: str
      sample: /etc/keepalived/keepalived.conf:20
rendered:
  description:
    - The file as M(lvs.cluster.keepalived_config) would write it from RV(config), with secret values masked (also
      with O(include_secrets)).
  returned: always
  type: str
  sample: "! Managed by lvs.cluster: edit the inventory, not this file.\n..."
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import preprocessor


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', default='/etc/keepalived/keepalived.conf'),
            include_secrets=dict(type='bool', default=False),
            config_id=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    path = module.params['path']
    result = dict(changed=False, path=path, exists=False, config={}, issues=[], rendered='')
    if not os.path.exists(path):
        module.exit_json(**result)
    result['exists'] = True
    try:
        with open(path, 'rb') as handle:
            data = handle.read()
        conf, found = kaconf.parse(data, path, config_id=module.params['config_id'] or preprocessor.host_config_id())
    except (IOError, OSError) as problem:
        module.fail_json(msg='Cannot read %s or a file it includes: %s' % (path, to_native(problem)), **result)
    result['issues'] = [issue.as_dict() for issue in found]
    if conf is None:
        module.fail_json(msg='%s cannot be read as a keepalived configuration:\n%s'
                         % (path, kaconf.format_issues(kaconf.errors(found))), **result)
    if not module.params['include_secrets']:
        module.no_log_values.update(value for value in kaconf.secret_values(conf) if value)
    config = conf.to_dict()
    result['config'] = config if module.params['include_secrets'] else kaconf.mask_dict(config)
    result['rendered'] = kaconf.mask_secrets(kaconf.render(conf))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
