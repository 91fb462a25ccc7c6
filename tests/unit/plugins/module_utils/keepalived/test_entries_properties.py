# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property of entries.py: an entry of a list-style block, in either input form, renders to keepalived's words and
reads back the same, also through a whole keepalived.conf (test_entries.py has the examples; this file needs
Hypothesis, which ansible-test units does not install)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import given, strategies as st  # noqa: E402 pylint: disable=wrong-import-position

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config  # noqa: E402
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.entries import (  # noqa: E402
    GroupMember, Track, VirtualAddress)
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import Name  # noqa: E402

IPV4 = st.builds('10.1.{0}.{1}'.format, st.integers(0, 255), st.integers(1, 254))
FLAGS = ('home', 'nodad', 'mngtmpaddr', 'noprefixroute', 'autojoin', 'no_track', 'use_vmac')


@st.composite
def virtual_addresses(draw):
    """A virtual_ipaddress entry in its mapping form: an IPv4 address and any of the options ip-address(8) takes."""
    entry = {'address': draw(IPV4) + draw(st.sampled_from(['', '/32', '/24']))}
    options = {'dev': st.sampled_from(['eth0', 'bond0.10']), 'label': st.sampled_from(['eth0:1', 'eth0:vip']),
               'scope': st.sampled_from(['global', 'site', 'link', 'host', 'nowhere']),
               'brd': st.one_of(st.sampled_from(['+', '-']), IPV4), 'peer': IPV4,
               'preferred_lft': st.one_of(st.just('forever'), st.integers(0, 4294967295))}
    for key in draw(st.lists(st.sampled_from(sorted(options)), unique=True)):
        entry[key] = draw(options[key])
    for flag in draw(st.lists(st.sampled_from(FLAGS), unique=True)):
        entry[flag] = True
    return entry


def _read_back(kind, entry):
    """The entry typed, then its words read back and typed again: both must be the same."""
    typed = kind.coerce(entry)
    assert kind.coerce(kind.from_args(kind.to_args(typed))) == typed
    return typed


@given(virtual_addresses())
def test_a_virtual_address_reads_back_from_its_words(entry):
    typed = _read_back(VirtualAddress(), entry)
    # the string form of the same entry is the same entry
    assert VirtualAddress().coerce(' '.join(VirtualAddress().to_args(typed))) == typed


@given(st.builds(dict, name=st.sampled_from(['chk_nfs', 'chk-web.1']), weight=st.integers(-253, 253),
                 reverse=st.booleans()))
def test_a_tracked_script_reads_back_from_its_words(entry):
    _read_back(Track(Name()), entry)


@given(st.one_of(st.builds(dict, address=IPV4, port=st.integers(0, 65535)),
                 st.builds(dict, fwmark=st.integers(1, 4294967295), family=st.sampled_from([None, 'inet', 'inet6']))))
def test_a_group_member_reads_back_from_its_words(member):
    _read_back(GroupMember(), member)


@given(st.lists(virtual_addresses(), min_size=1, max_size=4, unique_by=lambda entry: entry['address'].split('/')[0]))
def test_virtual_addresses_parse_back_from_a_rendered_file(entries):
    data = {'vrrp_instances': {'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'virtual_ipaddress': entries}}}
    conf, issues = config.load(data, check=False)
    assert issues == []
    parsed, issues = config.parse(config.render(conf), check=False)
    assert issues == [] and parsed == conf
