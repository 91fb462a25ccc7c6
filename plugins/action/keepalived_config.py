# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.keepalived_config on the controller: when ``config`` is left out, take this director's configuration
from the run's derivation (plugin_utils/derivation.py), then run the module with it."""

from __future__ import absolute_import, division, print_function

from ansible.plugins.action import ActionBase

from ansible_collections.lvs.cluster.plugins.plugin_utils import derivation

MODULE = 'lvs.cluster.keepalived_config'


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        module_args = dict(self._task.args)
        part = None
        if module_args.get('config') is None:
            part = derivation.own_part(task_vars, derivation.DIRECTORS, *derivation.groups_of(module_args))
            module_args['config'] = part['config']
        result.update(self._execute_module(module_name=MODULE, module_args=module_args, task_vars=task_vars))
        if part is not None:  # the other directors of the cluster, e.g. for a VRRP firewall rule
            for key in ('peer_addresses', 'peers_without_address', 'cluster_mode', 'operation_files'):
                result[key] = part[key]
        return result
