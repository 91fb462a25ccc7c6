# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The BGP settings of an active-active director, typed: what the inventory's lvs_bgp_* variables may hold.

Each kind's ``coerce`` returns the normalized value or raises ``Invalid`` naming the part that is wrong and the
fix; the inventory's variable checks (keepalived/variables.py) and the frr_config module use the same kinds,
so a value is checked by one piece of code wherever it comes from.
"""

from __future__ import absolute_import, division, print_function

from ..keepalived.issues import MASK
from ..keepalived.values import Address, Bool, Int, Invalid, Secret, describe_type, did_you_mean, family_of

ASN = Int(1, 4294967295)
ROUTER_ID = Address(family=4)
# TCP MD5 keys are at most 80 bytes (RFC 2385, TCP_MD5SIG_MAXKEYLEN)
PASSWORD = Secret('a password without spaces, quotes or comment signs (at most 80 bytes)', MASK, max_bytes=80)
# FRR's "datacenter" profile: a dead session is noticed within 9 s without BFD (FRR's own default is 180 s), and a
# lost session is tried again every 10 s (FRR's own default is 120 s: a director whose link came back would stay
# unannounced for up to two minutes; routers often only listen, so the director has to call)
DEFAULT_TIMERS = {'keepalive': 3, 'hold': 9, 'connect': 10}
PEER_KEYS = ('address', 'asn', 'password', 'bfd')
TIMER_KEYS = ('keepalive', 'hold', 'connect')


def _keys(value, allowed, where, example):
    if not isinstance(value, dict):
        raise Invalid('LVS102', '%s must be a mapping, not %s' % (where, describe_type(value)), 'write %s' % example)
    for key in value:
        if key not in allowed:
            raise Invalid('LVS101', '%s has the unknown key %s' % (where, key),
                          did_you_mean(key, allowed, 'use only %s' % ', '.join(allowed)))


def _part(kind, value, where):
    try:
        return kind.coerce(value)
    except Invalid as problem:
        raise Invalid(problem.rule, '%s %s' % (where, problem.message), problem.fix)


class Peers(object):
    """lvs_bgp_peers: [{address, asn, password (optional), bfd (optional)}], each router once."""

    describe = 'a list of BGP peers, e.g. [{address: 10.1.1.1, asn: 65000}]'

    def coerce(self, value):
        if not isinstance(value, list) or not value:
            raise Invalid('LVS102', 'must be %s, not %s' % (self.describe, describe_type(value)),
                          'list each router this director announces to: - {address: 10.1.1.1, asn: 65000}')
        result = []
        for index, item in enumerate(value):
            where = 'peer #%d' % (index + 1)
            _keys(item, PEER_KEYS, where, '{address: 10.1.1.1, asn: 65000, bfd: true}')
            for key in ('address', 'asn'):
                if item.get(key) is None:
                    raise Invalid('LVS109', '%s has no %s' % (where, key), 'give the router\'s address and AS number')
            peer = {'address': _part(Address(), item['address'], where + ' address'),
                    'asn': _part(ASN, item['asn'], where + ' asn'),
                    'bfd': _part(Bool(), item.get('bfd', False), where + ' bfd')}
            if item.get('password') is not None:
                peer['password'] = _part(PASSWORD, item['password'], where + ' password')
            if peer['address'] in [other['address'] for other in result]:
                raise Invalid('LVS111', '%s lists %s twice' % (where, peer['address']), 'list each router once')
            result.append(peer)
        return result


class Timers(object):
    """lvs_bgp_timers: {keepalive, hold, connect} in seconds; hold at least three keepalives."""

    describe = 'a mapping {keepalive: SECONDS, hold: SECONDS, connect: SECONDS}'

    def coerce(self, value):
        _keys(value, TIMER_KEYS, 'lvs_bgp_timers', '{keepalive: 3, hold: 9, connect: 10}')
        result = dict(DEFAULT_TIMERS)
        for key in TIMER_KEYS:
            if value.get(key) is not None:
                result[key] = _part(Int(1, 65535), value[key], key)
        if result['hold'] < 3 * result['keepalive']:
            raise Invalid('LVS103', 'hold %d is less than three keepalive intervals (%d)' % (
                result['hold'], 3 * result['keepalive']), 'give a hold time of at least 3 x keepalive, e.g. '
                '{keepalive: 1, hold: 3}')
        return result


def check(data):
    """The settings the renderer takes, checked again (module input may not come from the inventory):
    {asn, router_id, peers, timers, announce: [VIP, ...]}. Raises Invalid."""
    _keys(data, ('asn', 'router_id', 'peers', 'timers', 'announce'), 'the BGP settings',
          '{asn: 65001, router_id: 10.1.1.160, peers: [...], announce: [10.1.1.166]}')
    for key in ('asn', 'router_id', 'peers'):
        if data.get(key) is None:
            raise Invalid('LVS109', 'the BGP settings have no %s' % key, 'give %s' % key)
    announce = data.get('announce') or []
    if not isinstance(announce, list):
        raise Invalid('LVS102', 'announce must be a list of addresses', 'give e.g. [10.1.1.166]')
    return {'asn': _part(ASN, data['asn'], 'asn'), 'router_id': _part(ROUTER_ID, data['router_id'], 'router_id'),
            'peers': Peers().coerce(data['peers']), 'timers': Timers().coerce(data.get('timers') or {}),
            'announce': sorted(set(_part(Address(), vip, 'announce') for vip in announce), key=_address_key)}


def _address_key(address):
    return (family_of(address), address)


def uses_bfd(settings):
    return any(peer['bfd'] for peer in settings['peers'])
