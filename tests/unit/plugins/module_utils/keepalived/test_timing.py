# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""timing.py: how long keepalived takes to look at every real server once more, and the failover arithmetic."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import timing


def _server(delay_loop=None, *timeouts):
    server = {'address': '10.1.1.166', 'port': 80, 'real_servers': [
        {'address': '10.1.1.%d' % (163 + i), 'port': 80, 'checkers': [{'type': 'TCP_CHECK', 'connect_timeout': t}]}
        for i, t in enumerate(timeouts)]}
    if delay_loop is not None:
        server['delay_loop'] = delay_loop
    return server


@pytest.mark.parametrize('server,cycle', [
    (_server(6, 3, 10), 16),                      # the slowest checker decides
    (_server(None, 3), 63),                       # keepalived's delay_loop: 60 s
    ({'delay_loop': 2, 'real_servers': [{'address': '10.1.1.163', 'checkers': [{'type': 'TCP_CHECK'}]}]}, 7),
    ({'delay_loop': 2, 'real_servers': [{'address': '10.1.1.163'}]}, 2),   # no checker: nothing to wait for
    (_server('six', 'ten'), 65),                  # unreadable values count as keepalived's defaults
    ({'delay_loop': 4, 'real_servers': 'rs1'}, 4),
])
def test_a_check_cycle_is_the_delay_loop_and_the_slowest_connect_timeout(server, cycle):
    assert timing.check_cycle(server) == cycle


@pytest.mark.parametrize('version,shown', [
    (2, '3 x 0.5 + (256 - 90) / 256'),
    (3, '3 x 0.5 + (256 - 90) x 0.5 / 256'),
])
def test_the_arithmetic_is_the_formula_of_its_version(version, shown):
    assert timing.arithmetic(0.5, 90, version) == shown
