# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an active-active director gets besides its virtual servers: the announcement plan and its BGP settings.

In ``lvs_cluster_mode: active_active`` every director holds every VIP locally (so IPVS takes the packets that
arrive) and announces a VIP's /32 (/128) over BGP only while it can serve it. The director role's helper
``lvs-cluster-announce`` keeps two kinds of kernel routes on the VIP interface (a dummy):
- an AnyIP route per VIP in table local (protocol LOCAL_PROTO), always: the VIP is local without being an interface
  address, whose connected route FRR would prefer over the announced one and so never announce;
- a route per VIP in table main (protocol ANNOUNCE_PROTO), which FRR redistributes (frr/render.py), while every
  announcing virtual server of the VIP has quorum (keepalived runs the helper as quorum_up/quorum_down) and the
  director is not in maintenance; removed otherwise, and when keepalived stops or dies. A quorum gained is acted on
  only after ``settle`` seconds, one check cycle of the slowest announcing virtual server (timing.check_cycle): a
  director whose link or real servers come back would otherwise announce when its first real server passes while
  the others are still out of its table, and its Maglev table (which real server a flow hashes to) would differ
  from the other directors' for the flows the routers send it.
So a virtual server here gets quorum_up/quorum_down commands, and keepalived's script security (root, which
Debian's 2.2.7 ``-t`` needs too), unless it says ``announce: false``.

Every virtual server also gets ``inhibit_on_failure``: a failed real server keeps its place in IPVS with weight 0
instead of being removed and added back when it recovers. IPVS's Maglev table (mh) depends on the order of the
real servers in the kernel's list, which follows the order they were added (the last added first): a director whose
real server failed and came back would otherwise hash flows differently from the others for good, and break the
flows the routers move to it.
"""

from __future__ import absolute_import, division, print_function

import math
import re

from .entries import GroupMember
from .timing import check_cycle
from .values import Address, addresses_in

ACTIVE_ACTIVE = 'active_active'
VRRP = 'vrrp'
HELPER = '/usr/local/sbin/lvs-cluster-announce'
DEFAULT_INTERFACE = 'lvs-vip'
# the helper's route protocols (roles/director/files/lvs-cluster-announce says the same)
LOCAL_PROTO = 251
ANNOUNCE_PROTO = 252
ANNOUNCE_KEY = 'announce'
# a service key ends up in a command keepalived runs and in a file name: nothing else gets through
_SAFE_KEY = re.compile(r'^[A-Za-z0-9_.:\[\]-]+$')


def mode(variables):
    return variables.get('lvs_cluster_mode') or VRRP


def _group_vips(groups, name):
    """The addresses of a virtual_server_group's members, each address of a range (10.1.1.3-10) included."""
    vips = []
    for entry in (groups or {}).get(name) or [] if isinstance(groups, dict) else []:
        member = GroupMember().coerced_or_none(entry) or {}  # an invalid one is the model's to report
        vips.extend(addresses_in(member['address']) if 'address' in member else [])
    return _unique(vips)


def _unique(addresses):
    """``addresses`` in their order, each once; by a dict, not a list search: an IPv6 range holds up to 65536."""
    return list(dict.fromkeys(addresses))


def service(server, groups):
    """(key, VIPs) of a virtual server: ``TCP-10.1.1.166:80`` or ``group-web``; (None, []) for a fwmark or a
    virtual server whose address does not read (the model reports it)."""
    if server.get('group') is not None:
        key, vips = 'group-%s' % server['group'], _group_vips(groups, server['group'])
    else:
        address = Address().coerced_or_none(server.get('address')) if server.get('fwmark') is None else None
        if address is None:
            return None, []
        shown = '[%s]' % address if ':' in address else address
        key, vips = '%s-%s:%s' % (server.get('protocol') or 'TCP', shown, server.get('port')), [address]
    return (key, vips) if _SAFE_KEY.match(key) else (None, [])


class Announcement(object):
    """Which VIPs a director holds (``served``), which services decide each announced VIP, and its switches."""

    def __init__(self, interface, maintenance):
        self.interface = interface
        self.maintenance = maintenance
        self.served = []
        self.services = {}  # announcing service key -> its VIPs
        self.settle = 0     # seconds a quorum gained waits before it announces

    @property
    def announced(self):
        return sorted(set(vip for vips in self.services.values() for vip in vips))

    def environment(self):
        """The helper's settings file (/etc/default/lvs-cluster-announce): shell variables, values the model typed."""
        services = ' '.join('%s=%s' % (key, ','.join(vips)) for key, vips in sorted(self.services.items()))
        return '\n'.join(['# Managed by lvs.cluster: edit the inventory, not this file.',
                          'LVS_VIP_INTERFACE=%s' % self.interface,
                          'LVS_VIPS="%s"' % ' '.join(self.served),
                          'LVS_SERVICES="%s"' % services,
                          'LVS_ANNOUNCE_SETTLE=%d' % self.settle, ''])

    def as_dict(self):
        return {'interface': self.interface, 'maintenance': self.maintenance, 'served': list(self.served),
                'announced': self.announced, 'services': dict(self.services), 'settle': self.settle, 'helper': HELPER,
                'environment': self.environment()}


def derive(servers, variables, config, origins):
    """The Announcement of a director; adds the quorum commands to its rendered ``servers`` (in place) and
    script security to its ``config``. ``servers``: (label, declared, rendered) of each virtual server."""
    plan = Announcement(variables.get('lvs_vip_interface') or DEFAULT_INTERFACE,
                        bool(variables.get('lvs_director_maintenance', False)))
    groups = variables.get('lvs_virtual_server_groups')
    for label, declared, rendered in servers:
        if 'inhibit_on_failure' not in rendered:  # false written by hand is refused (LVS051)
            rendered['inhibit_on_failure'] = True
            origins.add('virtual_servers[%s].inhibit_on_failure' % label, 'lvs_cluster_mode')
        key, vips = service(declared, groups)
        plan.served = _unique(plan.served + vips)
        if key is None or declared.get(ANNOUNCE_KEY) is False:
            continue
        plan.services[key] = vips
        plan.settle = max(plan.settle, int(math.ceil(check_cycle(rendered))))
        for event in ('up', 'down'):
            if 'quorum_' + event not in rendered:  # one written by hand is refused (LVS048)
                rendered['quorum_' + event] = '%s %s %s' % (HELPER, event, key)
                origins.add('virtual_servers[%s].quorum_%s' % (label, event), 'lvs_cluster_mode')
    if plan.services:
        global_defs = config.setdefault('global_defs', {})
        for key, value in (('enable_script_security', True), ('script_user', 'root')):
            if key not in global_defs:
                global_defs[key] = value
                origins.add('global_defs.' + key, 'lvs_cluster_mode')
    return plan


def bgp_settings(host_address, variables, plan):
    """The settings frr/render.py takes (frr/settings.check form); router_id None when it cannot be derived."""
    router_id = variables.get('lvs_bgp_router_id')
    if router_id is None and host_address and ':' not in host_address:
        router_id = host_address
    settings = {'asn': variables.get('lvs_bgp_asn'), 'router_id': router_id, 'peers': variables.get('lvs_bgp_peers'),
                'announce': plan.announced}
    if variables.get('lvs_bgp_timers'):
        settings['timers'] = variables['lvs_bgp_timers']
    return settings
