# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.keepalived_config on the controller: when ``config`` is left out, derive this director's
configuration from the inventory (module_utils/keepalived/inventory.py), then run the module with it."""

from __future__ import absolute_import, division, print_function

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import inventory
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import errors, format_issues
from ansible_collections.lvs.cluster.plugins.plugin_utils import inventory_vars

MODULE = 'lvs.cluster.keepalived_config'


def derived_config(task_vars, directors_group, realservers_group):
    """(model input, {peer host: its address or None}) of this director, derived from every director's and real
    server's variables."""
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
                return director.config, dict((other.host, other.address) for other in cluster.directors
                                             if other.host != host)
    raise AnsibleActionFail('no configuration was derived for %s' % host)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        module_args = dict(self._task.args)
        peers = None
        if module_args.get('config') is None:
            module_args['config'], peers = derived_config(
                task_vars, module_args.get('directors_group') or inventory.DIRECTORS_GROUP,
                module_args.get('realservers_group') or inventory.REALSERVERS_GROUP)
        result.update(self._execute_module(module_name=MODULE, module_args=module_args, task_vars=task_vars))
        if peers is not None:  # the other directors of the cluster, e.g. for a VRRP firewall rule
            result['peer_addresses'] = [peers[peer] for peer in sorted(peers) if peers[peer]]
            result['peers_without_address'] = [peer for peer in sorted(peers) if not peers[peer]]
        return result
