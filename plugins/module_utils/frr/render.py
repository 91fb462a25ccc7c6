# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""frr.conf for an active-active director, from checked settings (settings.check).

What it says, and why:
- bgpd redistributes only the kernel routes of the VIPs (prefix list LVS-CLUSTER-VIPS[6]): a VIP's route is in
  the kernel while keepalived has quorum for it and the director is not in maintenance (the director role's
  lvs-cluster-announce adds and removes it), so announcing follows serving without touching this file;
- the same route map is every peer's export policy, and nothing is imported (LVS-CLUSTER-REJECT): a director
  never takes routes from the routers, so BGP cannot change how it reaches its real servers;
- an address family is activated for a peer only when there are VIPs of that family and the peer is of it;
- ``neighbor ... bfd`` where a peer asks for BFD: bgpd asks bfdd for the session (the role enables bfdd then);
- ``neighbor ... timers connect``: the director calls a lost router again within that time (routers often only
  listen), so a director whose link comes back announces again within seconds, not FRR's two minutes.
"""

from __future__ import absolute_import, division, print_function

from ..keepalived.values import family_of

HEADER = '! Managed by lvs.cluster: edit the inventory, not this file.'
PREFIX_LISTS = {4: 'LVS-CLUSTER-VIPS', 6: 'LVS-CLUSTER-VIPS6'}
ROUTE_MAPS = {4: 'LVS-CLUSTER-ANNOUNCE', 6: 'LVS-CLUSTER-ANNOUNCE6'}
REJECT = 'LVS-CLUSTER-REJECT'
FAMILIES = {4: ('ip', 'ipv4', 32), 6: ('ipv6', 'ipv6', 128)}


def _families(settings):
    return sorted(set(family_of(vip) for vip in settings['announce']))


def _policies(settings):
    lines = []
    for family in _families(settings):
        ip, _afi, length = FAMILIES[family]
        for seq, vip in enumerate([v for v in settings['announce'] if family_of(v) == family], 1):
            lines.append('%s prefix-list %s seq %d permit %s/%d' % (ip, PREFIX_LISTS[family], seq * 5, vip, length))
        lines += ['!', 'route-map %s permit 10' % ROUTE_MAPS[family],
                  ' match %s address prefix-list %s' % (ip, PREFIX_LISTS[family]), 'exit', '!']
    return lines + ['route-map %s deny 10' % REJECT, 'exit', '!']


def _neighbors(settings):
    lines = []
    for peer in settings['peers']:
        address = peer['address']
        lines.append(' neighbor %s remote-as %d' % (address, peer['asn']))
        lines.append(' neighbor %s timers connect %d' % (address, settings['timers']['connect']))
        if peer.get('password'):
            lines.append(' neighbor %s password %s' % (address, peer['password']))
        if peer['bfd']:
            lines.append(' neighbor %s bfd' % address)
    return lines


def _address_family(settings, family):
    _ip, afi, _length = FAMILIES[family]
    peers = [peer['address'] for peer in settings['peers'] if family_of(peer['address']) == family]
    lines = [' !', ' address-family %s unicast' % afi, '  redistribute kernel route-map %s' % ROUTE_MAPS[family]]
    for address in peers:
        lines += ['  neighbor %s activate' % address, '  neighbor %s route-map %s out' % (address, ROUTE_MAPS[family]),
                  '  neighbor %s route-map %s in' % (address, REJECT)]
    return lines + [' exit-address-family']


def render(settings):
    """The whole frr.conf text of ``settings`` (already checked)."""
    timers = settings['timers']
    lines = [HEADER, 'log syslog informational', 'service integrated-vtysh-config', '!']
    lines += _policies(settings)
    lines += ['router bgp %d' % settings['asn'], ' bgp router-id %s' % settings['router_id'],
              ' no bgp default ipv4-unicast', ' timers bgp %d %d' % (timers['keepalive'], timers['hold'])]
    lines += _neighbors(settings)
    for family in _families(settings):
        lines += _address_family(settings, family)
    lines += ['exit', '!']
    return '\n'.join(lines) + '\n'
