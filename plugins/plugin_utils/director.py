# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""This director's derived Director and its cluster, for the action plugins that put its files in place."""

from __future__ import absolute_import, division, print_function

from ansible.errors import AnsibleActionFail

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import inventory
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import errors, format_issues
from ansible_collections.lvs.cluster.plugins.plugin_utils import inventory_vars


def derived(task_vars, directors_group, realservers_group):
    """(Director, Cluster) of the task's host, derived from every director's and real server's variables; fails
    when the host is no director or its own variables have errors."""
    host = task_vars['inventory_hostname']
    if host not in task_vars['groups'].get(directors_group, []):
        raise AnsibleActionFail('%s is not in the directors group %s, so its configuration cannot be derived: '
                                'add it to the group, or give config explicitly' % (host, directors_group))
    hostvars, groups = inventory_vars.collect(task_vars['hostvars'], task_vars['groups'], directors_group, realservers_group)
    clusters, _realservers, issues = inventory.build(hostvars, groups, directors_group, realservers_group)
    own = [issue for issue in errors(issues) if issue.host == host]
    if own:
        raise AnsibleActionFail('The inventory variables of %s have errors; nothing was changed.\n%s'
                                % (host, format_issues(own)))
    for cluster in clusters:
        for director in cluster.directors:
            if director.host == host:
                return director, cluster
    raise AnsibleActionFail('no configuration was derived for %s' % host)


def groups_of(args):
    return (args.get('directors_group') or inventory.DIRECTORS_GROUP,
            args.get('realservers_group') or inventory.REALSERVERS_GROUP)
