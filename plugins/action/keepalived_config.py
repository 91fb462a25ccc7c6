# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.keepalived_config on the controller: when ``config`` is left out, take this director's configuration
from the run's derivation (plugin_utils/derivation.py), then run the module with it."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.plugin_utils import derivation


class ActionModule(derivation.DerivingAction):
    MODULE = 'lvs.cluster.keepalived_config'

    def derive(self, module_args, task_vars):
        if module_args.get('config') is not None:
            return {}
        part = derivation.own_part(task_vars, derivation.DIRECTORS, *derivation.groups_of(module_args))
        module_args['config'] = part['config']
        # the other directors of the cluster, e.g. for a VRRP firewall rule
        return dict((key, part[key]) for key in ('peer_addresses', 'peers_without_address', 'cluster_mode', 'operation_files'))
