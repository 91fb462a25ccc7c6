# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.cluster_status: every cluster's live state against the inventory, on the controller.

Documentation: plugins/modules/cluster_status.py. The expected state comes from the model's one derivation
(keepalived/cluster.validate, as cluster_validate); the comparison and the verdict are in module_utils/status/.
"""

from __future__ import absolute_import, division, print_function

import json
import time
import traceback

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.lvs.cluster.plugins.module_utils import files
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import errors
from ansible_collections.lvs.cluster.plugins.module_utils.status import assess, expected, secrets, table
from ansible_collections.lvs.cluster.plugins.plugin_utils import derivation, inventory_vars

GATHERED = 'lvs_status_director'


def _gathered(task_vars, host, name):
    try:
        return task_vars['hostvars'][host].get(name)
    except Exception:  # a host whose variables Ansible cannot read was not gathered either
        return None


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('directors_group', 'realservers_group', 'gathered', 'json_path', 'fail_on_split_brain'))
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self.validate_argument_spec(argument_spec=dict(
            derivation.GROUP_OPTIONS,
            gathered=dict(type='str', default=GATHERED),
            json_path=dict(type='path'),
            fail_on_split_brain=dict(type='bool', default=True),
        ))[1]
        try:
            hostvars, groups = derivation.read_inventory(task_vars, args['directors_group'], args['realservers_group'])
        except inventory_vars.UnreadableVariable as problem:
            raise AnsibleActionFail('The inventory cannot be read, so the expected state is unknown: %s' % problem)
        try:
            derived = cluster.validate(hostvars, groups, args['directors_group'], args['realservers_group'])
            wanted = expected.from_report(derived)
            values = secrets.values(derived)
            reports = []
            for name in sorted(wanted):
                observed = dict((host, _gathered(task_vars, host, args['gathered'])) for host in wanted[name]['order'])
                reports.append(secrets.masked(assess.assess(name, wanted[name], observed), values))
        except Exception as problem:  # a bug of lvs.cluster, never a verdict on the cluster
            return dict(result, failed=True, changed=False, exception=traceback.format_exc(),
                        msg='Internal error of lvs.cluster.cluster_status, this is a bug (please report it): %s: %s'
                            % (type(problem).__name__, ' '.join(str(problem).split())))

        verdict = assess.worst(report['verdict'] for report in reports)
        lines = table.render(reports)
        inventory_errors = len(errors(derived.issues))
        if inventory_errors:
            lines.append('')
            lines.append('The inventory has %d error(s) (see lvs.cluster.validate): the expected state may be '
                         'incomplete.' % inventory_errors)
        clusters = dict((report['name'], report) for report in reports)
        result.update(changed=False, verdict=verdict, clusters=clusters, lines=lines, table='\n'.join(lines),
                      inventory_errors=inventory_errors, msg=table.summary(reports))
        if args['json_path']:
            document = {'generated': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'verdict': verdict,
                        'clusters': clusters, 'inventory_errors': inventory_errors}
            try:
                files.write_atomically(args['json_path'], json.dumps(document, indent=2, sort_keys=True) + '\n', 0o644)
            except (IOError, OSError) as problem:
                raise AnsibleActionFail('Cannot write the status to %s: %s' % (args['json_path'], problem))
            result['json_path'] = args['json_path']
        if verdict == assess.SPLIT_BRAIN and args['fail_on_split_brain']:
            result.update(failed=True, msg='Split brain: ' + '; '.join(
                '%s in cluster %s' % (reason, report['name']) for report in reports for reason in report['split_brain']))
        return result
