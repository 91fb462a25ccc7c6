# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.lvs_realserver on the controller: when ``vips`` is left out (state present), take the VIPs and the
forwarding method of this real server from the run's derivation (plugin_utils/derivation.py)."""

from __future__ import absolute_import, division, print_function

from ansible.errors import AnsibleActionFail

from ansible_collections.lvs.cluster.plugins.plugin_utils import derivation


class ActionModule(derivation.DerivingAction):
    MODULE = 'lvs.cluster.lvs_realserver'

    def derive(self, module_args, task_vars):
        if module_args.get('vips') is not None or module_args.get('state', 'present') != 'present':
            return {}
        directors_group, _realservers_group = groups = derivation.groups_of(module_args)
        part = derivation.own_part(task_vars, derivation.REALSERVERS, *groups)
        if part['method'] is None:
            raise AnsibleActionFail('No virtual server of the directors group %s forwards to %s: add it to a group '
                                    'named by real_servers_from_group, or give vips explicitly'
                                    % (directors_group, task_vars['inventory_hostname']))
        module_args['vips'] = part['vips'] if part['method'] != 'NAT' else []
        module_args.setdefault('method', part['method'])
        if module_args['method'] == 'NAT':
            # the role's interface (lvs_realserver_interface, often set for every real server of a cluster that
            # mixes methods) is for the ARP settings of DR and TUN: a NAT real server needs none
            module_args.pop('interface', None)
            if part.get('gateway'):  # lvs_realserver_gateway: the module checks the default route goes through it
                module_args.setdefault('director_address', part['gateway'])
        return {}
