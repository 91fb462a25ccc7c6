# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.lvs_realserver on the controller: when ``vips`` is left out (state present), derive the VIPs and
the forwarding method of this real server from the directors' virtual servers in the inventory."""

from __future__ import absolute_import, division, print_function

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import inventory
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import errors, format_issues
from ansible_collections.lvs.cluster.plugins.plugin_utils import inventory_vars

MODULE = 'lvs.cluster.lvs_realserver'


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        module_args = dict(self._task.args)
        directors_group = module_args.get('directors_group') or inventory.DIRECTORS_GROUP
        realservers_group = module_args.get('realservers_group') or inventory.REALSERVERS_GROUP
        if module_args.get('vips') is None and module_args.get('state', 'present') == 'present':
            host = task_vars['inventory_hostname']
            hostvars, groups = inventory_vars.collect(task_vars['hostvars'], task_vars['groups'], directors_group,
                                                      realservers_group)
            if host not in hostvars:
                hostvars[host] = inventory_vars.relevant(task_vars['hostvars'][host])
            vips, method, issues = inventory.realserver_services(host, hostvars, groups, directors_group, realservers_group)
            if errors(issues):
                raise AnsibleActionFail('The real server %s cannot be derived from the inventory; nothing was changed.\n%s'
                                        % (host, format_issues(issues)))
            if method is None:
                raise AnsibleActionFail('No virtual server of the directors group %s forwards to %s: add it to a group '
                                        'named by real_servers_from_group, or give vips explicitly' % (directors_group, host))
            module_args['vips'] = vips if method != 'NAT' else []
            module_args.setdefault('method', method)
        result.update(self._execute_module(module_name=MODULE, module_args=module_args, task_vars=task_vars))
        return result
