# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.keepalived_config on the controller: when ``config`` is left out, derive this director's
configuration from the inventory (module_utils/keepalived/inventory.py), then run the module with it."""

from __future__ import absolute_import, division, print_function

from ansible.plugins.action import ActionBase

from ansible_collections.lvs.cluster.plugins.plugin_utils import director as derivation

MODULE = 'lvs.cluster.keepalived_config'


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        module_args = dict(self._task.args)
        director, cluster = None, None
        if module_args.get('config') is None:
            director, cluster = derivation.derived(task_vars, *derivation.groups_of(module_args))
            module_args['config'] = director.config
        result.update(self._execute_module(module_name=MODULE, module_args=module_args, task_vars=task_vars))
        if director is not None:  # the other directors of the cluster, e.g. for a VRRP firewall rule
            peers = dict((other.host, other.address) for other in cluster.directors if other.host != director.host)
            result['peer_addresses'] = [peers[peer] for peer in sorted(peers) if peers[peer]]
            result['peers_without_address'] = [peer for peer in sorted(peers) if not peers[peer]]
            result['cluster_mode'] = director.mode
        return result
