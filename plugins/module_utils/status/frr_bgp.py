# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""FRR's view of an active-active director's BGP: ``vtysh -c 'show bgp summary json'`` (the sessions, per address
family) and ``vtysh -c 'show bgp ipv4 unicast neighbors PEER advertised-routes json'`` (what bgpd sends a peer).
Neither output holds a password. Written against FRR 8.4 (Debian 12)."""

from __future__ import absolute_import, division, print_function

import json

SUMMARY = 'show bgp summary json'
# the summary's address-family keys and the words vtysh takes for them
FAMILIES = {'ipv4Unicast': 'ipv4', 'ipv6Unicast': 'ipv6'}


def advertised_command(family, peer):
    return 'show bgp %s unicast neighbors %s advertised-routes json' % (family, peer)


def _json(text, what):
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError as problem:
        raise ValueError('not the JSON of %s (%s): %r' % (what, problem, text[:200]))
    if not isinstance(data, dict):
        raise ValueError('not the JSON of %s: %r' % (what, text[:200]))
    return data


def parse_summary(text):
    """{router_id, asn, sessions: [{peer, family (ipv4/ipv6), remote_as, state, established, uptime,
    uptime_seconds, prefixes_received, prefixes_sent}]}, sessions sorted by family and peer; no BGP instance (an
    empty object) gives no sessions."""
    data = _json(text, SUMMARY)
    result = {'router_id': None, 'asn': None, 'sessions': []}
    for key, family in sorted(FAMILIES.items()):
        section = data.get(key)
        if not isinstance(section, dict):
            continue
        result['router_id'] = result['router_id'] or section.get('routerId')
        result['asn'] = result['asn'] or section.get('as')
        for peer, info in sorted((section.get('peers') or {}).items()):
            state = info.get('state')
            msec = info.get('peerUptimeMsec')
            result['sessions'].append({
                'peer': peer, 'family': family, 'remote_as': info.get('remoteAs'), 'state': state,
                'established': state == 'Established',
                # since the session came up, or since it went down
                'uptime': info.get('peerUptime'),
                'uptime_seconds': msec // 1000 if isinstance(msec, int) else None,
                'prefixes_received': info.get('pfxRcd'), 'prefixes_sent': info.get('pfxSnt'),
            })
    return result


def parse_advertised(text):
    """The prefixes bgpd advertises to one peer, e.g. ['10.1.1.166/32'], sorted."""
    data = _json(text, 'advertised-routes')
    routes = data.get('advertisedRoutes') or {}
    return sorted(routes) if isinstance(routes, dict) else []
