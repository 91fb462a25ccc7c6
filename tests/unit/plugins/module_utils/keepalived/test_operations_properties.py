# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property of the maintenance switch (operations.py): its weight moves every instance, or is a FAULT.
(Apart from test_operations.py: ansible-test units' environment has no Hypothesis.)"""

from __future__ import absolute_import, division, print_function

import pytest

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import given, strategies as st  # noqa: E402 pylint: disable=wrong-import-position

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import operations  # noqa: E402


@given(priority=st.integers(1, 255), peers=st.lists(st.integers(1, 255), min_size=1, max_size=4),
       preempt=st.booleans(), grouped=st.booleans())
def test_a_maintenance_weight_moves_the_instance_or_is_a_fault(priority, peers, preempt, grouped):
    weight = operations.maintenance_weight(priority, peers, preempt, grouped)
    if weight == 0:
        assert not preempt or grouped or min(peers) < 2 or priority == 255
    else:
        assert -254 <= weight < 0  # keepalived's range for a vrrp track_file weight
        assert max(1, priority + weight) < min(peers)  # keepalived keeps an effective priority at 1 at least
