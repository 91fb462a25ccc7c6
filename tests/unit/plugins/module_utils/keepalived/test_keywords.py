# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""keywords.py: the table of every keepalived keyword, typed by the model or passed through."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import blocks, grammar_table, keywords


def test_every_block_of_keepalived_that_the_model_types_is_found():
    typed = keywords.typed_blocks()
    assert typed['vrrp_instance'] is blocks.VrrpInstance
    assert typed['virtual_server real_server SSL_GET url'] is blocks.Url
    assert typed['virtual_server real_server UDP_CHECK'] is blocks.UdpCheck
    assert set(typed) <= set(grammar_table.KEYWORDS)


def test_a_row_says_typed_with_the_models_key_or_passed_through():
    rows = dict(((block, keyword), (key, kind)) for block, keyword, key, kind, _added, _removed in keywords.rows())
    assert len(rows) == sum(len(words) for words in grammar_table.KEYWORDS.values())
    assert rows[('(top level)', 'vrrp_instance')] == ('vrrp_instances', 'NAME { ... }')
    assert rows[('virtual_server', 'lb_algo')] == ('lvs_sched', 'one of %s' % ', '.join(blocks.SCHEDULERS))
    assert rows[('(top level)', 'static_routes')] == ('', keywords.PASSED_THROUGH)
    for (block, keyword), (key, kind) in rows.items():
        assert bool(key) is (kind != keywords.PASSED_THROUGH), (block, keyword)
