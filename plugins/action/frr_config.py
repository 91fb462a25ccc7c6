# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.frr_config on the controller: when ``config`` is left out, derive this active-active director's BGP
settings from the run's derivation (plugin_utils/derivation.py), run the module with them, and return the
director's announcement plan (which VIPs it holds and which services decide each announcement) for the role."""

from __future__ import absolute_import, division, print_function

from ansible.errors import AnsibleActionFail

from ansible_collections.lvs.cluster.plugins.plugin_utils import derivation


class ActionModule(derivation.DerivingAction):
    MODULE = 'lvs.cluster.frr_config'

    def derive(self, module_args, task_vars):
        if module_args.get('config') is not None:
            return {}
        part = derivation.own_part(task_vars, derivation.DIRECTORS, *derivation.groups_of(module_args))
        if part['announcement'] is None:
            raise AnsibleActionFail('%s is not in an active-active cluster (lvs_cluster_mode is %s), so it has no '
                                    'BGP settings to derive: set lvs_cluster_mode: active_active, or give config'
                                    % (task_vars['inventory_hostname'], part['cluster_mode']))
        module_args['config'] = part['bgp']
        return {'announcement': part['announcement']}
