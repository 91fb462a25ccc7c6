# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Properties of values.py: a word ``coerce`` accepts is one word of keepalived.conf as the lexer reads it back, and
what it refuses it refuses for a character that would change the file; a number, hex bytes and a subnet render and
read back the same (test_values.py has the examples; this file needs Hypothesis, which ansible-test units does not
install)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

import pytest

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import given, settings, strategies as st  # noqa: E402 pylint: disable=wrong-import-position

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import values  # noqa: E402
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.lexer import parse_statements  # noqa: E402

# The characters a token must not hold: whitespace, NUL (it ends keepalived's line), braces, quotes, backslash and the
# comment signs.
STRUCTURE = set('\x00{}"\'!#\\')


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=('Cs',)), max_size=12))
def test_a_word_is_accepted_unchanged_exactly_when_no_character_of_it_changes_the_structure(text):
    breaks = not text or any(char.isspace() or char in STRUCTURE for char in text)
    try:
        accepted = values.Word().coerce(text)
    except values.Invalid as error:
        assert breaks and error.rule == 'LVS105', repr(text)
    else:
        assert not breaks and accepted == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=('Cs', 'Cc', 'Zs', 'Zl', 'Zp')), min_size=1, max_size=12)
       .filter(lambda text: not any(char.isspace() or char in STRUCTURE or char in '$~@' for char in text)))
def test_an_accepted_word_reads_back_as_one_word_of_its_line(text):
    # $, ~ and @ start the preprocessor's parameters, sequences and conditional lines: not the lexer's to keep
    word = values.Word().coerce(text)
    assert parse_statements('router_id %s\n' % word)[0].args == [word]


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0, max_value=1000, allow_nan=False))
def test_a_decimal_reads_back_as_the_value_it_rendered(number):
    kind = values.Decimal(0, 1000)
    value = kind.coerce(number)
    assert kind.coerce(kind.from_args(kind.to_args(value))) == value
    assert abs(value - number) <= 0.5e-6


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet='0123456789abcdefABCDEF', min_size=1, max_size=8), min_size=1, max_size=6),
       st.lists(st.sampled_from([' ', '  ', '\t']), min_size=6, max_size=6))
def test_hex_bytes_read_back_as_rendered_and_coerce_twice_as_once(words, spaces):
    kind = values.HexBytes()
    written = ''.join(word + space for word, space in zip(words, spaces))
    value = kind.coerce(written)
    assert value == ' '.join(words)
    assert kind.from_args(kind.to_args(value)) == value and kind.coerce(value) == value


@settings(max_examples=100, deadline=None)
@given(st.integers(0, (1 << 32) - 1), st.integers(16, 32))
def test_a_subnet_covers_the_addresses_of_the_network(number, prefix):
    network = ipaddress.ip_network((number >> (32 - prefix) << (32 - prefix), prefix))
    value = values.AddressRange().coerce(str(network))
    assert value == '%s/%d' % (network.network_address, prefix)
    assert values.addresses_in(value) == [str(address) for address in network]
