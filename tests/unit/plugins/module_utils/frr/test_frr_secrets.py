# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/module_utils/frr/secrets.py: BGP passwords masked in frr.conf text and in FRR's messages, and collected
from settings whether or not they were checked."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.frr import render, secrets, settings
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import MASK

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.frr.test_settings import BASE


def test_passwords_are_masked_and_collected():
    checked = settings.check(dict(BASE, peers=[{'address': '10.1.1.1', 'asn': 65000, 'password': 'Bgp9pw'}]))
    text = render.render(checked)
    assert ' neighbor 10.1.1.1 password Bgp9pw' in text.splitlines()
    assert 'Bgp9pw' not in secrets.mask(text) and (' neighbor 10.1.1.1 password %s' % MASK) in secrets.mask(text)
    assert secrets.values(checked) == ['Bgp9pw'] and secrets.values({'peers': 'x'}) == []
    # FRR echoes a line it refuses: the mask also applies to its messages
    assert 'Bgp9pw' not in secrets.mask('line 9: % Unknown command: neighbor 10.1.1.1 password Bgp9pw x')


def test_every_password_of_a_file_is_masked_and_nothing_else_changes():
    checked = settings.check(dict(BASE, peers=[{'address': '10.1.1.1', 'asn': 65000, 'password': 'First1'},
                                               {'address': '2001:db8::1', 'asn': 65000, 'password': 'Second2'}]))
    text = render.render(checked)
    masked = secrets.mask(text)
    assert 'First1' not in masked and 'Second2' not in masked
    assert masked == text.replace('First1', MASK).replace('Second2', MASK)


def test_a_word_password_elsewhere_is_not_taken_for_a_secret():
    # only "neighbor PEER password SECRET" holds one: a comment or another keyword stays readable
    text = '! the password is set per neighbor\nservice password-encryption\n'
    assert secrets.mask(text) == text


def test_values_of_unchecked_settings_skip_what_is_not_a_password_and_give_text():
    # module input is collected before it is checked, so that even a refused value is hidden from the result
    unchecked = {'peers': [{'address': '10.1.1.1', 'password': 1234}, {'address': '10.1.1.2', 'password': None},
                           {'address': '10.1.1.3'}, '10.1.1.4']}
    assert secrets.values(unchecked) == ['1234']
    assert secrets.values(None) == [] and secrets.values(['peers']) == [] and secrets.values({}) == []
