# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The roles' argument_specs document every inventory variable from variables.py (make docs), and are never
stricter than the model: whatever value the model accepts for a variable, Ansible's role validation accepts too."""

from __future__ import absolute_import, division, print_function

import os

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import variables
from ansible_collections.lvs.cluster.plugins.plugin_utils import role_docs

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import given, settings, strategies as st  # noqa: E402 pylint: disable=wrong-import-position

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..')
SCOPES = dict((scope, role) for role, scope in role_docs.ROLE_SCOPES)


def _text(role):
    with open(os.path.join(ROOT, 'roles', role, 'meta', 'argument_specs.yml')) as handle:
        return handle.read()


def _options(role):
    return yaml.safe_load(_text(role))['argument_specs']['main']['options']


@pytest.mark.parametrize('role, scope', role_docs.ROLE_SCOPES)
def test_argument_specs_are_current(role, scope):
    assert role_docs.update(_text(role), scope) == _text(role), 'regenerate the argument_specs with make docs'


@pytest.mark.parametrize('role, scope', role_docs.ROLE_SCOPES)
def test_every_inventory_variable_of_the_role_is_documented_with_a_type(role, scope):
    options = _options(role)
    for name in variables.names(scope):
        assert options[name]['type'] in ('str', 'int', 'float', 'bool', 'dict', 'list', 'raw'), name
        assert len(options[name]['description']) >= 2 and options[name]['description'][1].startswith('Type and range: ')


def test_a_literal_default_is_a_value_and_a_reference_stays_words():
    options = _options('director')
    assert options['lvs_preempt']['default'] is True and options['lvs_cluster_mode']['default'] == 'vrrp'
    assert 'default' not in options['lvs_vrrp_address']  # `ansible_host` names another variable
    assert 'Default: C(ansible_host).' in options['lvs_vrrp_address']['description']


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-300, 5000000000), st.floats(allow_nan=False),
                    st.text(max_size=8), st.sampled_from(['yes', 'off', 'TRUE', '0', '1', 'master', 'BACKUP', 'vrrp',
                                                          'ACTIVE_ACTIVE', '10.1.1.166', '2001:db8::1', 'eth0', '80',
                                                          '1.5', 'VI_1', 'lvs-vip']))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(['VI_1', 'keepalive', 'hold',
                                                                                        'address', 'asn', 'a']),
                                                                       inner, max_size=3)), max_leaves=6)


@pytest.mark.parametrize('name', sorted(variables.VARIABLES))
@settings(max_examples=150, deadline=None)
@given(value=VALUES)
def test_what_the_model_accepts_the_role_validation_accepts(name, value):
    scope = variables.VARIABLES[name].scope
    host = {name: value, 'lvs_vrrp_instances': {'VI_1': {}}} if name != 'lvs_vrrp_instances' else {name: value}
    checked, issues = variables.check_host('lvs1', host, {scope})
    if issues or name not in checked:
        return
    result = ArgumentSpecValidator({name: _options(SCOPES[scope])[name]}).validate({name: value})
    assert result.error_messages == [], (name, value)
