# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""grammar_table.py, generated from keepalived's source by scripts/keepalived_grammar.py: the table holds together
(releases in order, every release it names one it read, every block opened by a keyword of its parent), and the
generated text gives no keyword twice in a block, which Python would take silently (the last row winning)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import grammar_table
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.grammar import release


def test_the_releases_read_are_in_order_from_2_2_0_and_include_the_supported_ones():
    numbers = [release(name) for name in grammar_table.RELEASES]
    assert numbers == sorted(set(numbers))
    assert numbers[0] == (2, 2, 0)
    assert '2.2.7' in grammar_table.RELEASES and '2.3.1' in grammar_table.RELEASES  # Debian 12 and Debian 13


def test_a_keyword_is_added_after_the_first_release_read_and_removed_after_it_is_added():
    # (None, None) says "in every release read": a first release itself would be written None
    for block, words in grammar_table.KEYWORDS.items():
        for keyword, (added, removed) in words.items():
            assert added in (None,) + grammar_table.RELEASES[1:], (block, keyword, added)
            assert removed in (None,) + grammar_table.RELEASES[1:], (block, keyword, removed)
            assert not (added and removed) or release(added) < release(removed), (block, keyword)


def test_every_block_is_opened_by_a_keyword_of_its_parent_block():
    # 'vrrp_instance authentication' is the authentication keyword of vrrp_instance, itself a top-level keyword
    assert '' in grammar_table.KEYWORDS
    for block in grammar_table.KEYWORDS:
        if block:
            parent, _space, keyword = block.rpartition(' ')
            assert keyword in grammar_table.KEYWORDS.get(parent, {}), block


def test_the_generated_table_gives_each_keyword_of_a_block_once():
    with open(grammar_table.__file__.replace('.pyc', '.py')) as handle:
        module = ast.parse(handle.read())
    table = next(node.value for node in module.body
                 if isinstance(node, ast.Assign) and node.targets[0].id == 'KEYWORDS')
    blocks = [key.value for key in table.keys]
    assert len(blocks) == len(set(blocks))
    for block, words in zip(blocks, table.values):
        keywords = [key.value for key in words.keys]
        assert len(keywords) == len(set(keywords)), block
