# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/module_utils/frr/settings.py: the BGP settings checked and normalized (defaults filled in, VIPs sorted
and once each), and every wrong value refused with the rule, what is wrong and the fix."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.frr import settings
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import MASK
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import Invalid

# the smallest settings an active-active director renders (also the base of test_frr_render and test_frr_secrets)
BASE = {'asn': 65001, 'router_id': '10.1.1.160', 'peers': [{'address': '10.1.1.1', 'asn': 65000}],
        'announce': ['10.1.1.166']}
ROUTER = {'address': '10.1.1.1', 'asn': 65000}


def _refusal(**change):
    with pytest.raises(Invalid) as raised:
        settings.check(dict(BASE, **change))
    return raised.value


@pytest.mark.parametrize('change,words', [
    ({'asn': None}, 'have no asn'), ({'router_id': '2001:db8::1'}, 'router_id'), ({'announce': '10.1.1.166'}, 'list'),
    ({'peers': [{'address': '10.1.1.1', 'asn': 65000, 'password': MASK}]}, 'placeholder'),
    ({'timers': {'keepalive': 5, 'hold': 10}}, 'three keepalive'), ({'timers': {'connect': 0}}, 'connect'),
    ({'timers': {'conect': 5}}, 'unknown key conect'), ({'extra': 1}, 'unknown key extra')])
def test_bad_settings_are_refused_with_what_and_why(change, words):
    with pytest.raises(Invalid) as raised:
        settings.check(dict(BASE, **change))
    assert words in raised.value.message and raised.value.fix


def test_left_out_parts_get_the_datacenter_timers_and_no_bfd_or_password():
    checked = settings.check(BASE)
    assert checked['timers'] == {'keepalive': 3, 'hold': 9, 'connect': 10}
    assert checked['peers'] == [{'address': '10.1.1.1', 'asn': 65000, 'bfd': False}]


def test_a_timer_given_alone_keeps_the_defaults_of_the_others():
    assert settings.check(dict(BASE, timers={'connect': 2}))['timers'] == {'keepalive': 3, 'hold': 9, 'connect': 2}


def test_a_hold_time_of_exactly_three_keepalives_is_accepted():
    assert settings.check(dict(BASE, timers={'keepalive': 4, 'hold': 12}))['timers']['hold'] == 12
    assert _refusal(timers={'keepalive': 4, 'hold': 11}).rule == 'LVS103'


def test_announced_vips_are_normalized_once_each_ipv4_before_ipv6():
    checked = settings.check(dict(BASE, announce=['2001:DB8::166', '10.1.1.167', '10.1.1.166', '10.1.1.167']))
    assert checked['announce'] == ['10.1.1.166', '10.1.1.167', '2001:db8::166']


def test_no_announce_is_an_empty_list():
    assert settings.check(dict(BASE, announce=None))['announce'] == []


def test_peer_values_are_typed_and_the_password_kept():
    peers = settings.Peers().coerce([{'address': '2001:DB8::1', 'asn': '65000', 'bfd': 'yes', 'password': 'Bgp9pw'}])
    assert peers == [{'address': '2001:db8::1', 'asn': 65000, 'bfd': True, 'password': 'Bgp9pw'}]


@pytest.mark.parametrize('peers,rule,words', [
    ([], 'LVS102', 'a list of BGP peers'),
    ({'address': '10.1.1.1', 'asn': 65000}, 'LVS102', 'a list of BGP peers'),
    ([ROUTER, '10.1.1.2'], 'LVS102', 'peer #2 must be a mapping'),
    ([ROUTER, {'address': '10.1.1.2'}], 'LVS109', 'peer #2 has no asn'),
    ([ROUTER, {'address': '10.1.1.1', 'asn': 65010}], 'LVS111', 'peer #2 lists 10.1.1.1 twice'),
    ([{'address': '10.1.1.1', 'asn': 0}], 'LVS103', 'peer #1 asn'),
    ([{'address': '10.1.1.1', 'asn': 4294967296}], 'LVS103', 'peer #1 asn'),
    ([{'address': 'router1', 'asn': 65000}], 'LVS106', 'peer #1 address is not an IP address'),
    ([{'address': '10.1.1.1', 'asn': 65000, 'password': 'x' * 81}], None, 'peer #1 password'),
    ([{'address': '10.1.1.1', 'asn': 65000, 'remote_as': 65000}], 'LVS101', 'peer #1 has the unknown key remote_as'),
])
def test_a_wrong_peer_is_refused_naming_which_one_and_why(peers, rule, words):
    refused = _refusal(peers=peers)
    assert words in refused.message and refused.fix, refused.message
    assert rule is None or refused.rule == rule


def test_the_highest_four_byte_asn_is_accepted():
    assert settings.check(dict(BASE, asn=4294967295))['asn'] == 4294967295


def test_uses_bfd_when_any_peer_asks_for_it():
    assert not settings.uses_bfd(settings.check(BASE))
    assert settings.uses_bfd(settings.check(dict(BASE, peers=[ROUTER, {'address': '10.1.1.2', 'asn': 65000, 'bfd': True}])))
