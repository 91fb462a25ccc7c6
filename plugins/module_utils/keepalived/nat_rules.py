# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster rules of LVS-NAT: the real servers answer through a VIP of the cluster, and their checks probe the
port they serve."""

from __future__ import absolute_import, division, print_function

from .blocks import endpoint
from .registry import rule
from .rules import make_issue
from .values import family_of

NAT = 'NAT'


def _nat_pairs(members):
    """(virtual server, real server) of every LVS-NAT virtual server of the cluster, each pair once (directors that
    differ are LVS015's)."""
    seen = set()
    for member in members:
        for server in member.conf.virtual_servers or []:
            if server.method != NAT:
                continue
            for real in server.real_servers or []:
                key = (endpoint(server.address, server.port), endpoint(real.address, real.port))
                if key not in seen:
                    seen.add(key)
                    yield server, real


@rule('LVS053')
def nat_gateway_is_a_vip(cluster, members, context):
    by_address = dict((rs.address, rs) for rs in context.realservers.values() if rs.address)
    vips = sorted(set(vip for member in members for instance in (member.conf.vrrp_instances or {}).values()
                      for vip in instance.vips))
    served = set(str(server.address) for member in members for server in member.conf.virtual_servers or [])
    reported = set()
    for server, real in _nat_pairs(members):
        host = by_address.get(str(real.address))
        if host is None or host.gateway is None or str(host.gateway) in vips or host.host in reported:
            continue
        reported.add(host.host)
        # the VIPs no virtual server uses, of the gateway's family: the internal ones a gateway would be
        internal = [vip for vip in vips if vip not in served and family_of(vip) == family_of(str(host.gateway))]
        yield make_issue('LVS053', 'lvs_realserver_gateway', str(host.gateway),
                         'is not a virtual IP address of cluster %s, whose LVS-NAT virtual server %s forwards to this '
                         'real server: its answers would not go back through the director that rewrote the requests, '
                         'and clients would get them from the real server\'s own address'
                         % (cluster, endpoint(server.address, server.port)),
                         'route the real server through a VIP of the cluster on its network (%s) and name it here; '
                         'put that VIP in a VRRP instance that moves with the client\'s VIP (a sync group)'
                         % ('one of ' + ', '.join(internal) if internal else 'add one'), host=host.host)


@rule('LVS054')
def nat_checks_probe_the_real_port(cluster, members, context):
    for server, real in _nat_pairs(members):
        if server.port is None or real.port is None or real.port == server.port:
            continue
        for index, checker in enumerate(real.checkers or []):
            if getattr(checker, 'connect_port', None) == server.port:
                yield make_issue('LVS054', 'virtual_servers[%s].real_servers[%s].checkers[%d].connect_port'
                                 % (endpoint(server.address, server.port), endpoint(real.address, real.port), index),
                                 server.port,
                                 'is the virtual server\'s port, but LVS-NAT forwards it to port %s of this real '
                                 'server: the check probes a port the service is not on, and the real server\'s '
                                 'state says nothing about it' % real.port,
                                 'leave connect_port out (the check then probes the real server\'s port %s), or set '
                                 'it to %s' % (real.port, real.port), host=', '.join(m.host for m in members))
