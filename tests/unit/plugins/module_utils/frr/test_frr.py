# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The FRR model: settings checked, frr.conf rendered for what each active-active director announces, FRR's own
dry run (vtysh --dryrun) accepting every rendered file, and BGP passwords masked."""

from __future__ import absolute_import, division, print_function

import copy
import shutil
import subprocess

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.frr import render, secrets, settings
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import MASK
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import Invalid

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (  # shared inventories
    active_active, article, on_aa)

VTYSH = shutil.which('vtysh') or shutil.which('vtysh', path='/usr/bin:/usr/sbin')
BASE = {'asn': 65001, 'router_id': '10.1.1.160', 'peers': [{'address': '10.1.1.1', 'asn': 65000}],
        'announce': ['10.1.1.166']}


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


def test_passwords_are_masked_and_collected():
    checked = settings.check(dict(BASE, peers=[{'address': '10.1.1.1', 'asn': 65000, 'password': 'Bgp9pw'}]))
    text = render.render(checked)
    assert ' neighbor 10.1.1.1 password Bgp9pw' in text.splitlines()
    assert 'Bgp9pw' not in secrets.mask(text) and (' neighbor 10.1.1.1 password %s' % MASK) in secrets.mask(text)
    assert secrets.values(checked) == ['Bgp9pw'] and secrets.values({'peers': 'x'}) == []
    # FRR echoes a line it refuses: the mask also applies to its messages
    assert 'Bgp9pw' not in secrets.mask('line 9: % Unknown command: neighbor 10.1.1.1 password Bgp9pw x')


@pytest.mark.parametrize('change,words', [
    ({'asn': None}, 'have no asn'), ({'router_id': '2001:db8::1'}, 'router_id'), ({'announce': '10.1.1.166'}, 'list'),
    ({'peers': [{'address': '10.1.1.1', 'asn': 65000, 'password': MASK}]}, 'placeholder'),
    ({'timers': {'keepalive': 5, 'hold': 10}}, 'three keepalive'), ({'timers': {'connect': 0}}, 'connect'),
    ({'timers': {'conect': 5}}, 'unknown key conect'), ({'extra': 1}, 'unknown key extra')])
def test_bad_settings_are_refused_with_what_and_why(change, words):
    with pytest.raises(Invalid) as raised:
        settings.check(dict(BASE, **change))
    assert words in raised.value.message and raised.value.fix
