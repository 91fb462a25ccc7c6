# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.cluster_validate: check the whole cluster from the inventory, on the controller, and derive each
host's part of it once for the run.

Documentation: plugins/modules/cluster_validate.py. The rules are in module_utils/keepalived/cluster.py, the
derivation in plugin_utils/derivation.py.
"""

from __future__ import absolute_import, division, print_function

from ansible.plugins.action import ActionBase

from ansible_collections.lvs.cluster.plugins.plugin_utils import derivation


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('directors_group', 'realservers_group', 'fail_on_warnings', 'reuse'))
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self.validate_argument_spec(argument_spec=dict(
            derivation.GROUP_OPTIONS,
            fail_on_warnings=dict(type='bool', default=False),
            reuse=dict(type='bool', default=False),
        ))[1]
        groups = (args['directors_group'], args['realservers_group'])
        found = derivation.registered(task_vars, *groups) if args['reuse'] else None
        if found is not None:  # validated earlier in this run, or the run would have stopped there
            result.update(found)
            result.update(reused=True, warnings=[])
            return result
        result.update(derivation.derive(task_vars, *groups, fail_on_warnings=args['fail_on_warnings']))
        result['reused'] = False
        return result
