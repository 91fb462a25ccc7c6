# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""keepalived's JSON dump (``keepalived.json``, written by the VRRP process on the signal ``keepalived
--signum=JSON`` names): one entry per VRRP instance, with its state, priorities, VIPs and last transition.

keepalived 2.2.7 writes the instance's password (``auth_data``) into this file: it is never read here.
"""

from __future__ import absolute_import, division, print_function

import json

from ..keepalived.entries import address_of

FILE = 'keepalived.json'
# vrrp.h: VRRP_STATE_*
STATES = {0: 'INIT', 1: 'BACKUP', 2: 'MASTER', 3: 'FAULT', 97: 'DELETED', 98: 'STOP'}
# the counters of the "stats" object (vrrp_json.c); nothing else of it is kept
STATS = ('advert_rcvd', 'advert_sent', 'become_master', 'release_master', 'packet_len_err', 'advert_interval_err',
         'ip_ttl_err', 'invalid_type_rcvd', 'addr_list_err', 'invalid_authtype', 'authtype_mismatch', 'auth_failure',
         'pri_zero_rcvd', 'pri_zero_sent')


def _state(value):
    return STATES.get(value, 'UNKNOWN(%s)' % value)


def _address(entry):
    """``10.1.1.166 dev eth0 scope global set`` -> 10.1.1.166 (a prefix length, when written, dropped)."""
    words = str(entry).split()
    return address_of(words[0]) if words else None


def _instance(entry):
    data = entry.get('data') if isinstance(entry, dict) else None
    if not isinstance(data, dict) or 'iname' not in data:
        raise ValueError('an entry without "data" and "iname": %r' % (entry,)[:200])
    vips = data.get('vips') or []
    stats = entry.get('stats') if isinstance(entry.get('stats'), dict) else {}
    return {
        'name': data['iname'],
        'state': _state(data.get('state')),
        'wanted_state': _state(data.get('wantstate')),
        'vrid': data.get('vrid'),
        'interface': data.get('ifp_ifname'),
        'base_priority': data.get('base_priority'),
        'effective_priority': data.get('effective_priority'),
        # the priority of the MASTER as this BACKUP last heard it (0 on the MASTER itself)
        'master_priority': data.get('master_priority'),
        'vips': [address for address in (_address(vip) for vip in vips) if address],
        # "set" ends a VIP keepalived has put on the interface; vipset says the instance has set them
        'vips_set': bool(data.get('vipset')),
        'nopreempt': bool(data.get('nopreempt')),
        'advert_int': data.get('adver_int'),
        'last_transition': data.get('last_transition'),
        'stats': dict((key, stats[key]) for key in STATS if key in stats),
    }


def parse(text):
    """The VRRP instances of a keepalived.json text, in keepalived's order; ValueError when it is not that."""
    try:
        data = json.loads(text)
    except ValueError as problem:
        raise ValueError('not keepalived\'s JSON dump (%s)' % problem)
    if not isinstance(data, list):
        raise ValueError('not keepalived\'s JSON dump (a list of VRRP instances): %r' % (text[:200],))
    return [_instance(entry) for entry in data]
