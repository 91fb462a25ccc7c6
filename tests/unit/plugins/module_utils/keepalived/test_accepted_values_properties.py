# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property: an address range of a virtual_server_group, IPv4 or IPv6, loads the same from either input form, renders
and parses back the same, and covers the addresses keepalived's IPVS setup walks (test_accepted_values.py has the
examples; this file needs Hypothesis, which ansible-test units does not install)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

import pytest

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import given, settings, strategies as st  # noqa: E402 pylint: disable=wrong-import-position

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config  # noqa: E402
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import addresses_in  # noqa: E402
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_accepted_values import (  # noqa: E402
    _parsed)


@st.composite
def ranges(draw):
    """(written range, its first address, how many addresses it covers), IPv4 or IPv6."""
    six = draw(st.booleans())
    last = 0xffff if six else 0xff
    start = draw(st.integers(0, last - 1))
    end = draw(st.integers(start + 1, last))
    prefix = draw(st.integers(0, (1 << 112) - 1 if six else (1 << 24) - 1))
    first = (ipaddress.IPv6Address if six else ipaddress.IPv4Address)((prefix << (16 if six else 8)) | start)
    written = '%s-%s' % (first, ('%X' if draw(st.booleans()) else '%04x') % end if six else '%d' % end)
    return written, str(first), end - start + 1


@settings(max_examples=60, deadline=None)
@given(ranges(), st.integers(1, 65535))
def test_a_range_loads_from_either_form_and_renders_and_parses_back_the_same(case, port):
    written, first, count = case
    from_string = config.load({'virtual_server_groups': {'web': ['%s %d' % (written, port)]}})[0]
    from_mapping = config.load({'virtual_server_groups': {'web': [{'address': written, 'port': port}]}})[0]
    assert from_string.to_dict() == from_mapping.to_dict()
    text = config.render(from_string)
    again = _parsed(text)[0]
    assert again.to_dict() == from_string.to_dict() and config.render(again) == text
    member = from_string.virtual_server_groups['web'][0]
    covered = addresses_in(member['address'])
    assert (covered[0], len(covered)) == (first, count)
    assert len(set(covered)) == count and covered == sorted(covered, key=ipaddress.ip_address)
