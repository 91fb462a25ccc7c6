# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""entries.py: the line formats of list-style blocks (virtual_ipaddress, track_*, unicast_peer,
virtual_server_group), read from either input form, kept in the operator's short form, and their refusals."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.entries import (
    GroupMember, PlainValue, Track, VirtualAddress, address_of)
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import Address, Invalid, Name


def refusal(kind, value):
    with pytest.raises(Invalid) as raised:
        kind.coerce(value)
    return raised.value.rule, raised.value.message


def test_a_virtual_address_line_reads_every_option_and_flag():
    line = '10.1.1.166/24 dev eth0 label eth0:1 scope global broadcast + preferred_lft forever -nodad no_track'
    assert VirtualAddress().coerce(line) == {
        'address': '10.1.1.166/24', 'dev': 'eth0', 'label': 'eth0:1', 'scope': 'global', 'brd': '+',
        'preferred_lft': 'forever', 'nodad': True, 'no_track': True}


def test_a_virtual_address_renders_its_options_in_keepalived_words_and_reads_them_back():
    kind = VirtualAddress()
    entry = kind.coerce({'address': '10.1.1.166', 'nodad': True, 'label': 'eth0:1', 'dev': 'eth0', 'brd': '-'})
    words = kind.to_args(entry)
    # a fixed order (not the mapping's), and nodad as ip-address(8) writes it
    assert words == ['10.1.1.166', 'brd', '-', 'dev', 'eth0', 'label', 'eth0:1', '-nodad']
    assert kind.coerce(kind.from_args(words)) == entry


@pytest.mark.parametrize('value', ['10.1.1.166', {'address': '10.1.1.166'},
                                   {'address': '10.1.1.166', 'no_track': False}, {'address': '10.1.1.166', 'dev': None}])
def test_an_entry_without_options_is_kept_as_its_short_string(value):
    assert VirtualAddress().coerce(value) == '10.1.1.166'


@pytest.mark.parametrize('value,rule,message', [
    ('10.1.1.166 dev eth0 dev eth1', 'LVS111', 'has dev twice'),
    ('10.1.1.166 dev', 'LVS102', 'has dev without a value'),
    ('10.1.1.166 colour blue', 'LVS101', 'has the unknown option colour'),
    ({'address': '10.1.1.166', 'colour': 'blue'}, 'LVS101', 'has the unknown key colour'),
    ({'dev': 'eth0'}, 'LVS109', 'needs address'),
    ('', 'LVS109', 'is empty'),
    (True, 'LVS102', 'must be a string or a mapping'),
    (['10.1.1.166'], 'LVS102', 'must be a string or a mapping'),
    ('10.1.1.166 preferred_lft never', 'LVS102', 'must be an integer'),
])
def test_a_virtual_address_keepalived_would_not_read_is_refused(value, rule, message):
    assert refusal(VirtualAddress(), value) == (rule, message)


def test_a_track_line_reads_its_weight_and_reverse_in_either_form():
    kind = Track(Name())
    assert kind.coerce('chk_nfs weight -90 reverse') == {'name': 'chk_nfs', 'weight': -90, 'reverse': True}
    # noreverse is the default: nothing to keep, so the short form
    assert kind.coerce('chk_nfs noreverse') == 'chk_nfs'
    assert kind.coerce({'name': 'chk_nfs', 'weight': '-90'}) == {'name': 'chk_nfs', 'weight': -90}
    assert kind.to_args({'name': 'chk_nfs', 'weight': -90, 'reverse': True}) == ['chk_nfs', 'weight', '-90', 'reverse']


def test_a_track_weight_is_refused_outside_the_range_its_block_has():
    assert refusal(Track(Name()), 'chk_nfs weight 254') == ('LVS103', 'is out of range')
    assert Track(Name(), -254, 254).coerce('flag weight 254') == {'name': 'flag', 'weight': 254}
    assert refusal(Track(Name()), 'chk_nfs weight') == ('LVS102', 'has an option without a value')
    assert refusal(Track(Name()), 'chk_nfs priority 2') == ('LVS101', 'has the unknown option priority')


def test_a_plain_value_takes_one_word_per_line():
    kind = PlainValue(Address())
    assert kind.from_args(['10.1.1.162']) == '10.1.1.162'
    with pytest.raises(Invalid) as raised:
        kind.from_args(['10.1.1.162', '10.1.1.163'])
    assert (raised.value.rule, raised.value.message) == ('LVS102', 'takes one value per line')


@pytest.mark.parametrize('line,member', [
    ('10.1.1.166 80', {'address': '10.1.1.166', 'port': 80}),
    ('10.1.1.166 0', {'address': '10.1.1.166'}),  # keepalived reads port 0 as none
    ('10.1.1.166', {'address': '10.1.1.166'}),
    ('10.1.1.166-170 443', {'address': '10.1.1.166-170', 'port': 443}),
    ('fwmark 1', {'fwmark': 1}),
    ('fwmark 7 inet6', {'fwmark': 7, 'family': 'inet6'}),
])
def test_a_group_member_line_is_read_and_rendered_back(line, member):
    kind = GroupMember()
    assert kind.coerce(line) == member
    assert kind.coerce(kind.from_args(kind.to_args(member))) == member


@pytest.mark.parametrize('value,rule', [
    ('10.1.1.166 80 tcp', 'LVS102'), ('fwmark 1 inet6 x', 'LVS102'), ({'fwmark': 1, 'port': 80}, 'LVS102'),
    ({'port': 80}, 'LVS102'), (80, 'LVS102'), ('fwmark 0', 'LVS103'), ('fwmark 1 ipv6', 'LVS104'),
])
def test_a_group_member_keepalived_would_not_read_is_refused(value, rule):
    assert refusal(GroupMember(), value)[0] == rule


@pytest.mark.parametrize('entry', ['10.1.1.166', '10.1.1.166/32', {'address': '10.1.1.166/24', 'dev': 'eth0'}])
def test_address_of_is_the_address_without_prefix_or_options(entry):
    assert address_of(entry) == '10.1.1.166'
