# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster rule of decommissioned real servers (lvs_realserver_state: absent): the derivation leaves them out of
every real_servers_from_group (inventory.py), but an explicit real_servers entry is the operator's own, and a
director that kept forwarding to a host whose VIP and ARP settings lvs.cluster.site undoes would lose requests."""

from __future__ import absolute_import, division, print_function

from .blocks import endpoint
from .registry import rule
from .rules import make_issue


@rule('LVS052')
def no_explicit_absent_real_server(cluster, members, context):
    absent = dict((rs.address, rs.host) for rs in context.realservers.values() if rs.absent and rs.address)
    for member in members:
        for server in member.conf.virtual_servers or []:
            for real in server.real_servers or []:
                if real.address not in absent:
                    continue
                where = (endpoint(server.address, server.port), endpoint(real.address, real.port))
                yield make_issue('LVS052', 'lvs_virtual_servers[%s].real_servers[%s]' % where, real.address,
                                 'is %s, which has lvs_realserver_state: absent: its preparation would be undone while '
                                 'this director still forwards to it' % absent[real.address],
                                 'remove the entry from real_servers (the group of real_servers_from_group leaves an '
                                 'absent host out by itself), or set %s back to present' % absent[real.address],
                                 host=member.host)
