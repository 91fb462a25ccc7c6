# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mask_secrets on keepalived.conf text, mask_dict on input data, secret_values of a model."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import MASK

SECRET = 'pw4VI_1x'
OTHER = 'pw4VI_2y'
DATA = {
    'global_defs': {'router_id': 'LVS_1'},
    'vrrp_instances': {
        'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'priority': 100, 'virtual_ipaddress': ['10.1.1.166'],
                 'authentication': {'auth_type': 'PASS', 'auth_pass': SECRET}},
        'VI_2': {'interface': 'eth0', 'virtual_router_id': 52, 'priority': 100, 'virtual_ipaddress': ['10.1.1.167'],
                 'authentication': {'auth_type': 'AH', 'auth_pass': OTHER}},
    },
}


def rendered():
    return config.render(config.load(copy.deepcopy(DATA))[0])


def test_mask_secrets_hides_every_auth_pass_of_a_rendered_file():
    text = rendered()
    assert SECRET in text and OTHER in text
    masked = config.mask_secrets(text)
    assert SECRET not in masked and OTHER not in masked
    assert masked.count('        auth_pass %s\n' % MASK) == 2


def test_mask_secrets_changes_nothing_else():
    text = rendered()
    masked = config.mask_secrets(text)
    assert len(masked.split('\n')) == len(text.split('\n'))
    changed = [(a, b) for a, b in zip(text.split('\n'), masked.split('\n')) if a != b]
    assert changed == [('        auth_pass %s' % SECRET, '        auth_pass %s' % MASK),
                       ('        auth_pass %s' % OTHER, '        auth_pass %s' % MASK)]


@pytest.mark.parametrize('line,expected', [
    ('auth_pass %s' % SECRET, 'auth_pass %s' % MASK),
    ('\tauth_pass   %s' % SECRET, '\tauth_pass   %s' % MASK),
    ('    auth_pass %s  # the password' % SECRET, '    auth_pass %s  # the password' % MASK),
    ('    auth_pass %s! note' % SECRET, '    auth_pass %s note' % MASK),
    ('    auth_pass "%s"' % SECRET, '    auth_pass %s' % MASK),
    ('    auth_pass "%s with spaces" ! quoted' % SECRET, '    auth_pass %s ! quoted' % MASK),
    (u'    auth_pass\u00a0%s' % SECRET, u'    auth_pass\u00a0%s' % MASK),
    ('    authentication { auth_type PASS auth_pass %s }' % SECRET, '    authentication { auth_type PASS auth_pass %s }' % MASK),
    ('    # auth_pass %s was the old one' % SECRET, '    # auth_pass %s was the old one' % MASK),
])
def test_mask_secrets_on_hand_written_lines(line, expected):
    masked = config.mask_secrets('vrrp_instance VI_1 {\n%s\n}\n' % line)
    assert SECRET not in masked
    assert masked == 'vrrp_instance VI_1 {\n%s\n}\n' % expected


@pytest.mark.parametrize('line', ['    auth_type PASS', '    my_auth_pass x', '    auth_pass_file /x', ''])
def test_mask_secrets_leaves_other_lines_alone(line):
    assert config.mask_secrets(line) == line


def test_mask_secrets_keeps_line_endings_and_the_final_newline():
    assert config.mask_secrets('auth_pass a\nauth_pass b\n') == 'auth_pass %s\nauth_pass %s\n' % (MASK, MASK)


def test_mask_dict_masks_auth_pass_at_any_depth_and_in_lists():
    masked = config.mask_dict(DATA)
    assert masked['vrrp_instances']['VI_1']['authentication'] == {'auth_type': 'PASS', 'auth_pass': MASK}
    assert masked['vrrp_instances']['VI_2']['authentication']['auth_pass'] == MASK
    nested = [{'auth_pass': SECRET}, [{'x': {'auth_pass': 1234}}]]
    assert config.mask_dict(nested) == [{'auth_pass': MASK}, [{'x': {'auth_pass': MASK}}]]
    assert SECRET not in repr(masked) and OTHER not in repr(masked)


def test_mask_dict_keeps_everything_else_and_does_not_touch_its_input():
    original = copy.deepcopy(DATA)
    masked = config.mask_dict(DATA)
    assert DATA == original
    masked['vrrp_instances']['VI_1']['authentication']['auth_pass'] = SECRET
    masked['vrrp_instances']['VI_2']['authentication']['auth_pass'] = OTHER
    assert masked == DATA


def test_mask_dict_leaves_unset_secrets_and_scalars_alone():
    assert config.mask_dict({'auth_pass': None}) == {'auth_pass': None}
    assert config.mask_dict('auth_pass') == 'auth_pass'
    assert config.mask_dict(None) is None


def test_mask_dict_of_to_dict_output():
    data = config.load(copy.deepcopy(DATA))[0].to_dict()
    assert SECRET in repr(data)
    assert SECRET not in repr(config.mask_dict(data))


def test_secret_values_lists_every_auth_pass():
    assert sorted(config.secret_values(config.load(copy.deepcopy(DATA))[0])) == sorted([SECRET, OTHER])
    assert config.secret_values(config.load({})[0]) == []
