# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.cluster_validate: check the whole cluster from the inventory, on the controller.

Documentation: plugins/modules/cluster_validate.py. The rules are in module_utils/keepalived/cluster.py.
"""

from __future__ import absolute_import, division, print_function

import traceback

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.inventory import DIRECTORS_GROUP, REALSERVERS_GROUP
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import escaped, warnings
from ansible_collections.lvs.cluster.plugins.plugin_utils import inventory_vars


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('directors_group', 'realservers_group', 'fail_on_warnings'))
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self.validate_argument_spec(argument_spec=dict(
            directors_group=dict(type='str', default=DIRECTORS_GROUP),
            realservers_group=dict(type='str', default=REALSERVERS_GROUP),
            fail_on_warnings=dict(type='bool', default=False),
        ))[1]

        groups = task_vars['groups']
        if not groups.get(args['directors_group']):
            raise AnsibleActionFail('The inventory has no hosts in the directors group %s: add the directors to it, '
                                    'or name your group with directors_group' % args['directors_group'])
        locations = {}
        try:
            hostvars, groups = inventory_vars.collect(task_vars['hostvars'], groups, args['directors_group'],
                                                      args['realservers_group'], locations)
        except inventory_vars.UnreadableVariable as problem:
            return dict(result, failed=True, changed=False, valid=False, issues=[],
                        msg='The inventory cannot be validated; no host was changed: %s' % escaped(str(problem)))
        try:
            report = cluster.validate(hostvars, groups, args['directors_group'], args['realservers_group'], locations)
        except Exception as problem:  # a bug of lvs.cluster, never a verdict on the inventory
            return dict(result, failed=True, changed=False, valid=False, issues=[], exception=traceback.format_exc(),
                        msg='Internal error of lvs.cluster.cluster_validate, this is a bug (please report it); no host '
                            'was changed: %s: %s' % (type(problem).__name__, escaped(' '.join(str(problem).split()))))

        result.update(changed=False, valid=report.valid, summary=report.summary(),
                      issues=[issue.as_dict() for issue in report.issues])
        result['warnings'] = [issue.format() for issue in warnings(report.issues)]
        if not report.valid or (args['fail_on_warnings'] and report.issues):
            result.update(failed=True, msg='The cluster is not valid; no host was changed.\n' + report.format())
        else:
            result['msg'] = report.format()
        return result
