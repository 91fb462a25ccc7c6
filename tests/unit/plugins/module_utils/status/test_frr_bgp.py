# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""FRR's BGP output, from real captures of FRR 8.4 (fixtures/live/frr, capture_fixtures.py): the model's frr.conf
on a director in one network namespace, an FRR router in the other, an IPv4 and an IPv6 session."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.status import frr_bgp


def test_established_sessions_of_both_families(fixture_text):
    summary = frr_bgp.parse_summary(fixture_text('live/frr/summary-established.json'))
    assert (summary['router_id'], summary['asn']) == ('10.9.0.2', 65001)
    assert [(s['family'], s['peer'], s['remote_as'], s['state'], s['established'], s['prefixes_sent'])
            for s in summary['sessions']] == [('ipv4', '10.9.0.1', 65000, 'Established', True, 1),
                                              ('ipv6', 'fd00:9::1', 65000, 'Established', True, 1)]
    assert all(isinstance(s['uptime_seconds'], int) and s['uptime'].count(':') == 2 for s in summary['sessions'])


def test_sessions_after_the_router_went_away(fixture_text):
    sessions = frr_bgp.parse_summary(fixture_text('live/frr/summary-down.json'))['sessions']
    assert [(s['peer'], s['state'], s['established']) for s in sessions] == \
        [('10.9.0.1', 'Idle', False), ('fd00:9::1', 'Idle', False)]


def test_advertised_routes(fixture_text):
    assert frr_bgp.parse_advertised(fixture_text('live/frr/advertised-ipv4.json')) == ['10.1.1.166/32']
    assert frr_bgp.parse_advertised(fixture_text('live/frr/advertised-ipv6.json')) == ['2001:db8::166/128']
    assert frr_bgp.parse_advertised(fixture_text('live/frr/advertised-ipv4-none.json')) == []


def test_no_bgp_instance_and_no_output_mean_no_sessions():
    # what FRR prints for an address family without a BGP instance or peers
    assert frr_bgp.parse_summary('{}')['sessions'] == [] and frr_bgp.parse_summary('')['sessions'] == []


@pytest.mark.parametrize('text', ['bgpd is not running', '[]'])
def test_what_is_not_frr_json_is_refused(text):
    with pytest.raises(ValueError):
        frr_bgp.parse_summary(text)


def test_the_commands_and_no_password_in_the_output(fixture_text):
    assert frr_bgp.advertised_command('ipv6', 'fd00:9::1') == \
        'show bgp ipv6 unicast neighbors fd00:9::1 advertised-routes json'
    assert 'Bgp9pw' not in fixture_text('live/frr/summary-established.json')  # the v4 session has this password
