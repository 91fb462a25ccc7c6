# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/module_utils/frr/render.py: frr.conf rendered for what each active-active director announces (its VIPs
only, nothing imported, BFD and IPv6 only where asked), and FRR's own dry run (vtysh --dryrun) accepting every
rendered file."""

from __future__ import absolute_import, division, print_function

import copy
import shutil
import subprocess

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.frr import render, settings
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (  # shared inventories
    active_active, article, on_aa)
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.frr.test_settings import BASE

VTYSH = shutil.which('vtysh') or shutil.which('vtysh', path='/usr/bin:/usr/sbin')


def _ipv6(v):
    v['lvs_bgp_peers'].append({'address': '2001:db8::1', 'asn': 65000})
    v['lvs_virtual_servers'].append(dict(copy.deepcopy(v['lvs_virtual_servers'][0]), address='2001:db8::166',
                                         real_servers_from_group=None,
                                         real_servers=[{'address': '2001:db8::163', 'port': 80, 'external': True}]))


ACCEPTED = {
    'three-directors': active_active(),
    'no-bfd-no-password': active_active(on_aa(lambda v: v.update(lvs_bgp_peers=[{'address': '10.1.1.1', 'asn': 65000}]))),
    'ipv4-and-ipv6': active_active(on_aa(_ipv6)),
    'two-routers-own-asn': active_active(on_aa(lambda v: v['lvs_bgp_peers'].append({'address': '10.1.1.2', 'asn': 65010})),
                                         lambda h, g: h['lvs3'].update(lvs_bgp_asn=65003)),
}


def _dry_run(text, tmp_path):
    path = tmp_path / 'frr.conf'
    path.write_text(text)
    return subprocess.run([VTYSH, '--dryrun', '--inputfile', str(path)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, timeout=60, check=False)


def _rendered(change):
    hostvars, groups = article()
    change(hostvars, groups)
    report = cluster.validate(hostvars, groups)
    assert report.valid, report.format()
    return dict((m.host, render.render(settings.check(m.director.bgp))) for m in report.clusters['lvs_directors'])


@pytest.mark.parametrize('name', sorted(ACCEPTED))
def test_every_director_of_an_accepted_cluster_passes_frrs_dry_run(name, tmp_path):
    if VTYSH is None:
        pytest.skip('FRR (vtysh) is not installed')
    for host, text in sorted(_rendered(ACCEPTED[name]).items()):
        result = _dry_run(text, tmp_path)
        assert result.returncode == 0, '%s on %s:\n%s\n%s' % (name, host, result.stdout, text)


def test_the_dry_run_refuses_a_broken_file(tmp_path):
    if VTYSH is None:
        pytest.skip('FRR (vtysh) is not installed')
    text = render.render(settings.check(BASE)).replace('timers bgp 3 9', 'timers bgp 3 nine')
    assert _dry_run(text, tmp_path).returncode != 0


def test_a_director_announces_its_vips_only_and_accepts_nothing():
    text = render.render(settings.check(dict(BASE, announce=['10.1.1.167', '10.1.1.166'])))
    lines = text.splitlines()
    assert lines.index('ip prefix-list LVS-CLUSTER-VIPS seq 5 permit 10.1.1.166/32') < lines.index(
        'ip prefix-list LVS-CLUSTER-VIPS seq 10 permit 10.1.1.167/32')
    for line in ('  redistribute kernel route-map LVS-CLUSTER-ANNOUNCE', '  neighbor 10.1.1.1 route-map LVS-CLUSTER-ANNOUNCE out',
                 '  neighbor 10.1.1.1 route-map LVS-CLUSTER-REJECT in', 'route-map LVS-CLUSTER-REJECT deny 10',
                 ' timers bgp 3 9', ' bgp router-id 10.1.1.160', 'router bgp 65001', ' neighbor 10.1.1.1 remote-as 65000'):
        assert line in lines, text
    assert 'ipv6' not in text and ' bfd' not in text and 'password' not in text


def test_a_director_calls_a_lost_router_again_within_the_connect_timer():
    # FRR's own connect retry is 120 s: routers that only listen would learn a returning director that late
    default = render.render(settings.check(BASE)).splitlines()
    assert ' neighbor 10.1.1.1 timers connect 10' in default
    assert default.index(' neighbor 10.1.1.1 remote-as 65000') < default.index(' neighbor 10.1.1.1 timers connect 10')
    quick = render.render(settings.check(dict(BASE, timers={'keepalive': 1, 'hold': 3, 'connect': 2})))
    assert ' timers bgp 1 3' in quick.splitlines() and ' neighbor 10.1.1.1 timers connect 2' in quick.splitlines()


def test_bfd_and_ipv6_only_where_asked():
    text = render.render(settings.check(dict(BASE, announce=['10.1.1.166', '2001:db8::166'], peers=[
        {'address': '10.1.1.1', 'asn': 65000, 'bfd': 'yes'}, {'address': '2001:db8::1', 'asn': 65000}])))
    lines = text.splitlines()
    assert ' neighbor 10.1.1.1 bfd' in lines and ' neighbor 2001:db8::1 bfd' not in lines
    assert ' address-family ipv6 unicast' in lines and '  neighbor 2001:db8::1 activate' in lines
    assert '  neighbor 10.1.1.1 activate' in lines[lines.index(' address-family ipv4 unicast'):
                                                   lines.index(' address-family ipv6 unicast')]


def _lines(**change):
    return render.render(settings.check(dict(BASE, **change))).splitlines()


def test_the_file_starts_with_its_header_and_ends_with_a_newline():
    text = render.render(settings.check(BASE))
    assert text.splitlines()[0] == render.HEADER and text.endswith('exit\n!\n')


def test_each_familys_prefix_list_counts_its_sequence_numbers_from_5():
    lines = _lines(announce=['10.1.1.166', '10.1.1.167', '2001:db8::166', '2001:db8::167'],
                   peers=[{'address': '10.1.1.1', 'asn': 65000}, {'address': '2001:db8::1', 'asn': 65000}])
    assert [line for line in lines if 'prefix-list' in line and ' seq ' in line] == [
        'ip prefix-list LVS-CLUSTER-VIPS seq 5 permit 10.1.1.166/32',
        'ip prefix-list LVS-CLUSTER-VIPS seq 10 permit 10.1.1.167/32',
        'ipv6 prefix-list LVS-CLUSTER-VIPS6 seq 5 permit 2001:db8::166/128',
        'ipv6 prefix-list LVS-CLUSTER-VIPS6 seq 10 permit 2001:db8::167/128']
    assert ' match ipv6 address prefix-list LVS-CLUSTER-VIPS6' in lines


def test_a_family_without_vips_gets_no_address_family_and_its_peers_are_not_activated():
    # an IPv4 router of a director that announces only IPv6 VIPs has nothing to receive: it stays unactivated
    lines = _lines(announce=['2001:db8::166'],
                   peers=[{'address': '10.1.1.1', 'asn': 65000}, {'address': '2001:db8::1', 'asn': 65000}])
    assert ' address-family ipv4 unicast' not in lines and 'route-map LVS-CLUSTER-ANNOUNCE permit 10' not in lines
    assert '  neighbor 10.1.1.1 activate' not in lines and '  neighbor 2001:db8::1 activate' in lines
    assert ' neighbor 10.1.1.1 remote-as 65000' in lines  # still a session: VIPs of its family may come


def test_a_director_announcing_nothing_still_rejects_every_route():
    lines = _lines(announce=[])
    assert 'route-map LVS-CLUSTER-REJECT deny 10' in lines
    assert not [line for line in lines if 'prefix-list' in line or 'address-family' in line]
