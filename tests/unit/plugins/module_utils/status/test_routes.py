# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VIP routes of an active-active director, from real ``ip route show`` output (fixtures/live/routes: the role's
lvs-cluster-announce in a network namespace, capture_fixtures.py)."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.status import routes


def test_local_and_announced_vips_of_both_families(fixture_text):
    assert routes.parse(fixture_text('live/routes/local-251-ipv4.txt')) == ['10.1.1.166', '10.1.1.167']
    assert routes.parse(fixture_text('live/routes/local-251-ipv6.txt')) == ['2001:db8::166']
    assert routes.parse(fixture_text('live/routes/main-252-ipv4.txt')) == ['10.1.1.166']  # 10.1.1.167: no quorum
    assert routes.parse(fixture_text('live/routes/main-252-ipv6.txt')) == ['2001:db8::166']


def test_only_host_routes_count():
    text = 'default via 10.9.0.1 dev eth0\n10.9.0.0/24 dev eth0 proto kernel scope link\n' \
           '10.1.1.170/32 dev lvs-vip scope link\nunreachable 10.1.1.171 proto 252\n\n'
    assert routes.parse(text) == ['10.1.1.170', '10.1.1.171']


def test_the_command():
    assert routes.show_command('/sbin/ip', 6, 'local', 251) == \
        ['/sbin/ip', '-6', 'route', 'show', 'table', 'local', 'proto', '251']
