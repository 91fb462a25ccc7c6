# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The diff of a real server's plan: the files that change and a summary of the live state."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.realserver.simulated_host import SYSCTL_FILE, UNIT, Host


def test_diff_shows_files_and_a_summary():
    host = Host()
    spec, plan = host.plan(vips=['10.1.1.166'])
    headers = [(d['before_header'], d['after_header']) for d in plan['diff']]
    assert headers == [(SYSCTL_FILE + ' (absent)', SYSCTL_FILE), (UNIT + ' (absent)', UNIT),
                       ('live addresses and kernel values', 'live addresses and kernel values')]
    summary = plan['diff'][-1]
    assert summary['before'] == ('addresses:\nsysctls:\n  net.ipv4.conf.all.arp_announce = 0\n'
                                 '  net.ipv4.conf.all.arp_ignore = 0\n  net.ipv4.conf.lo.arp_announce = 0\n'
                                 '  net.ipv4.conf.lo.arp_ignore = 0\n')
    assert summary['after'] == ('addresses:\n  10.1.1.166/32 dev lo label lo:0\nsysctls:\n'
                                '  net.ipv4.conf.all.arp_announce = 2\n  net.ipv4.conf.all.arp_ignore = 1\n'
                                '  net.ipv4.conf.lo.arp_announce = 2\n  net.ipv4.conf.lo.arp_ignore = 1\n')
