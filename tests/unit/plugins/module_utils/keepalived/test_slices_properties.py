# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property of a slice's masking (slices.py): a director's configuration masked section by section is what
mask_dict makes of it whole. (Apart from test_slices.py: ansible-test units' environment has no Hypothesis.)"""

from __future__ import absolute_import, division, print_function

import pytest

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import given, settings, strategies as st  # noqa: E402 pylint: disable=wrong-import-position

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf, slices  # noqa: E402

# Input-form data where secrets hide: secret keys at any depth, passthrough lines that give one, as keys too
_WORDS = st.sampled_from(['auth_pass', 'password', 'real_servers', 'passthrough', 'address', 'x'])
_SCALARS = st.one_of(st.none(), st.integers(), st.booleans(), _WORDS,
                     st.builds('{} {}'.format, st.sampled_from(['auth_pass', 'password', 'notify', ' password']),
                               st.text(min_size=1, max_size=5)))
_KEYS = st.one_of(_WORDS, _SCALARS.filter(lambda value: isinstance(value, str)))
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(_KEYS, inner, max_size=3)), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(['global_defs', 'vrrp_instances', 'virtual_servers', 'track_files']), _DATA))
def test_a_configuration_is_masked_as_mask_dict_masks_it(config):
    assert slices._masked(config) == kaconf.mask_dict(config, slices.SECRET_KEYS)
