# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory derived once per run, and each host's part of it, for the action plugins.

cluster_validate derives every cluster from the whole inventory (module_utils/keepalived/cluster.py) and returns
each host's part (slices.py). Registered as ``lvs_cluster_derivation`` with ``run_once`` (site.yml's first play,
the roles' first task), it reaches every host of the play; the director and real-server actions then read their
host's part from it in constant time instead of reading every host's variables again.
"""

from __future__ import absolute_import, division, print_function

import traceback

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, inventory, slices
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import escaped, warnings
from ansible_collections.lvs.cluster.plugins.module_utils import module_support
from ansible_collections.lvs.cluster.plugins.plugin_utils import inventory_vars

# the variable the derivation is registered as, by site.yml and by the roles
VARIABLE = 'lvs_cluster_derivation'
DIRECTORS, REALSERVERS = 'directors', 'realservers'
GROUP_OPTIONS = module_support.GROUP_OPTIONS  # the argument_spec of the actions that read the inventory


def groups_of(args):
    return (args.get('directors_group') or inventory.DIRECTORS_GROUP,
            args.get('realservers_group') or inventory.REALSERVERS_GROUP)


def registered(task_vars, directors_group, realservers_group):
    """This run's derivation for these groups, when the play's hosts hold one; else None."""
    found = task_vars.get(VARIABLE)
    if isinstance(found, dict) and found.get('groups') == [directors_group, realservers_group] and 'hosts' in found:
        return found
    return None


def read_inventory(task_vars, directors_group, realservers_group, locations=None):
    """(hostvars, groups) the model reads (inventory_vars.collect); fails when the directors group is empty.
    Raises inventory_vars.UnreadableVariable when Ansible cannot produce a variable."""
    if not task_vars['groups'].get(directors_group):
        raise AnsibleActionFail('The inventory has no hosts in the directors group %s: add the directors to it, '
                                'or name your group with directors_group' % directors_group)
    return inventory_vars.collect(task_vars['hostvars'], task_vars['groups'], directors_group, realservers_group,
                                  locations)


def derive(task_vars, directors_group, realservers_group, fail_on_warnings=False):
    """cluster_validate's result for the whole inventory: verdict, findings, summary and every host's part."""
    result = dict(changed=False, groups=[directors_group, realservers_group])
    locations = {}
    try:
        hostvars, groups = read_inventory(task_vars, directors_group, realservers_group, locations)
    except inventory_vars.UnreadableVariable as problem:
        return dict(result, failed=True, valid=False, issues=[],
                    msg='The inventory cannot be validated; no host was changed: %s' % escaped(str(problem)))
    try:
        report = cluster.validate(hostvars, groups, directors_group, realservers_group, locations)
        hosts = report.slices()
    except Exception as problem:  # a bug of lvs.cluster, never a verdict on the inventory
        return dict(result, failed=True, valid=False, issues=[], exception=traceback.format_exc(),
                    msg='Internal error of lvs.cluster.cluster_validate, this is a bug (please report it); no host '
                        'was changed: %s: %s' % (type(problem).__name__, escaped(' '.join(str(problem).split()))))
    result.update(valid=report.valid, issues=[issue.as_dict() for issue in report.issues],
                  warnings=[issue.format() for issue in warnings(report.issues)])
    if not report.valid or (fail_on_warnings and report.issues):
        # no summary and no parts: Ansible prints a failed result whole, and the operator needs the findings
        result.update(failed=True, msg='The cluster is not valid; no host was changed.\n' + report.format())
    else:
        result.update(msg=report.format(), summary=report.summary(), hosts=hosts)
    return result


def own_part(task_vars, kind, directors_group, realservers_group):
    """This host's part (kind: DIRECTORS or REALSERVERS; a host in no real server group has no VIPs), secrets
    included, from the run's derivation or, without one, from a derivation of the whole inventory now; fails when
    the host has none or its variables have errors."""
    host = task_vars['inventory_hostname']
    if kind == DIRECTORS and host not in task_vars['groups'].get(directors_group, []):
        raise AnsibleActionFail('%s is not in the directors group %s, so its configuration cannot be derived: '
                                'add it to the group, or give config explicitly' % (host, directors_group))
    found = registered(task_vars, directors_group, realservers_group)
    if found is None:
        found = derive(task_vars, directors_group, realservers_group)
        if 'hosts' not in found:
            raise AnsibleActionFail(found['msg'])
    part = found['hosts'][kind].get(host)
    if part is None and kind == DIRECTORS:
        raise AnsibleActionFail('no configuration was derived for %s' % host)
    part = inventory_vars.plain(part) if part is not None else {'vips': [], 'method': None}  # in no real server group
    if part.get('errors'):
        raise AnsibleActionFail('The inventory variables of %s have errors; nothing was changed.\n%s'
                                % (host, part['errors']))
    if kind == DIRECTORS:
        try:
            part = slices.with_secrets(part, host, inventory_vars.host_variables(task_vars['hostvars'], host))
        except inventory_vars.UnreadableVariable as problem:
            raise AnsibleActionFail('The variables of %s cannot be read; nothing was changed: %s'
                                    % (host, escaped(str(problem))))
        except ValueError as problem:  # the derivation is not this inventory's (changed since it was registered)
            raise AnsibleActionFail('The derivation %s of %s does not match its variables (%s): register it again in '
                                    'this run with lvs.cluster.cluster_validate' % (VARIABLE, host, problem))
    return part


class DerivingAction(ActionBase):
    """The action of MODULE, whose input the controller derives when the task leaves it out: ``derive(module_args,
    task_vars)`` fills it into ``module_args`` and returns what to add to the module's result."""
    TRANSFERS_FILES = False
    MODULE = None

    def run(self, tmp=None, task_vars=None):
        result = super(DerivingAction, self).run(tmp, task_vars)
        module_args = dict(self._task.args)
        extra = self.derive(module_args, task_vars)
        result.update(self._execute_module(module_name=self.MODULE, module_args=module_args, task_vars=task_vars))
        result.update(extra)
        return result
