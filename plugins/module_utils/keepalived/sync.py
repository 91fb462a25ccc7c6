# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IPVS connection synchronisation between a VRRP cluster's directors (keepalived's ``lvs_sync_daemon``).

Without it a director that takes the VIPs over has none of the other's connections in its IPVS table: every packet of
an established connection then reaches a director that does not know it, which resets it (the VIP is local there).
keepalived runs the kernel's sync daemon as master on the director that is MASTER of the named VRRP instance and as
backup on the others, switching with the instance's state (vrrp.c: ipvs_syncd_master/backup), so the backups hold a
copy of the MASTER's connections. The kernel sends them by multicast (224.0.0.81, UDP 8848) on the interface; there is
no unicast mode. A VRRP instance keepalived cannot find clears the setting at runtime, with no error from -t.

Derived for a director that has virtual servers and VRRP instances: the instance that holds the first virtual
server's address (else the first instance by name), its interface, and its virtual_router_id as the sync id (what
keepalived takes when none is given; unique per segment by LVS010). ``lvs_connection_sync: false`` leaves it out;
an ``lvs_sync_daemon`` in lvs_global_defs is kept as written. So does a director that runs VRRP alone
(``lvs_director_vrrp_only``, no IPVS): its keepalived then never finished starting (molecule's containers).
"""

from __future__ import absolute_import, division, print_function

from .entries import VirtualAddress, address_of
from .values import Int, Invalid

SWITCH_VARIABLE = 'lvs_connection_sync'


def _vips(instance):
    entries = instance.get('virtual_ipaddress') if isinstance(instance.get('virtual_ipaddress'), list) else []
    found = []
    for entry in entries:
        try:
            found.append(address_of(VirtualAddress().coerce(entry)))
        except Invalid:
            continue  # the model reports it
    return found


def _instance_for(config):
    instances = config.get('vrrp_instances') if isinstance(config.get('vrrp_instances'), dict) else {}
    named = sorted((name, body) for name, body in instances.items() if isinstance(body, dict))
    servers = [s for s in config.get('virtual_servers') or [] if isinstance(s, dict)]
    address = str(servers[0].get('address')) if servers and servers[0].get('address') is not None else None
    for name, body in named:
        if address in _vips(body):
            return name, body
    return named[0] if named else (None, None)


def add_sync_daemon(config, variables):
    """global_defs' lvs_sync_daemon for a director's configuration (model input, changed in place)."""
    if not variables.get(SWITCH_VARIABLE, True) or variables.get('lvs_director_vrrp_only') is True \
            or not config.get('virtual_servers'):
        return
    global_defs = config.get('global_defs')
    if not isinstance(global_defs, dict) or 'lvs_sync_daemon' in global_defs:
        return
    name, instance = _instance_for(config)
    if name is None or not isinstance(instance.get('interface'), str):
        return  # the model reports what is missing
    daemon = {'interface': instance['interface'], 'vrrp_instance': name}
    sync_id = Int(1, 255).coerced_or_none(instance.get('virtual_router_id'))
    if sync_id is not None:  # else keepalived's own default, the same id, and the model reports the bad one
        daemon['sync_id'] = sync_id
    global_defs['lvs_sync_daemon'] = daemon
