# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rules of a real server as every cluster sees it: lvs.cluster.lvs_realserver sets up one forwarding method per
host (the VIPs on the loopback for DR, a tunnel for TUN, the default route for NAT), so the virtual servers that
forward to a real server must agree on it, across clusters too."""

from __future__ import absolute_import, division, print_function

from .registry import LANDSCAPE_RULES, rule
from .rules import make_issue
from .slices import forwarded_services


@rule('LVS055', LANDSCAPE_RULES)
def one_method_per_real_server(clusters, context):
    methods = {}  # host -> method -> ['VIP (cluster NAME)', ...]
    for name, _conf, _label, server, addresses, hosts in forwarded_services(clusters, context.realservers):
        for host in hosts:
            shown = methods.setdefault(host, {}).setdefault(server.method, [])
            shown.extend('%s (cluster %s)' % (address, name) for address in addresses)
    for host, found in sorted(methods.items()):
        if len(found) > 1:
            yield make_issue('LVS055', 'lvs_virtual_servers[].lvs_method', ', '.join(sorted(found)),
                             'mixes forwarding methods for this real server (%s): it can be set up for one only' % '; '.join(
                                 '%s: %s' % (method, ', '.join(vips)) for method, vips in sorted(found.items())),
                             'give every virtual server that forwards to this real server the same lvs_method, or '
                             'serve the other method from another host', host=host)
