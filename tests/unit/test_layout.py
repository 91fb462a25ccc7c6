# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""tests/unit mirrors the code it tests: each Python file of plugins/ (module_utils, plugin_utils, action plugins,
filters, modules) has a test file of its name at the same place under tests/unit/plugins/, so that a newcomer finds a
file's tests without searching.

- ``test_NAME.py``, or ``test_PACKAGE_NAME.py`` (``realserver/render.py``: ``test_realserver_render.py``) where another
  test file has that basename: pytest imports test files by basename, so two ``test_render.py`` cannot both exist.
- A module without code of its own (no ``main``) documents the action plugin of its name, and is tested there."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
MIRRORED = ('module_utils', 'plugin_utils', 'action', 'filter', 'modules')


def _python_files(folder):
    for directory, _subdirectories, names in os.walk(os.path.join(ROOT, 'plugins', folder)):
        for name in names:
            if name.endswith('.py') and name != '__init__.py':
                yield os.path.relpath(os.path.join(directory, name), os.path.join(ROOT, 'plugins'))


def _is_action_documentation(relative):
    folder, name = os.path.split(relative)
    if folder != 'modules' or not os.path.exists(os.path.join(ROOT, 'plugins', 'action', name)):
        return False
    with open(os.path.join(ROOT, 'plugins', relative)) as handle:
        return 'def main(' not in handle.read()


def candidate_test_files(relative):
    """Where the test file of plugins/RELATIVE may be (relative to the checkout)."""
    folder, name = os.path.split(relative)
    if _is_action_documentation(relative):
        folder = 'action'
    place = os.path.join('tests', 'unit', 'plugins', folder)
    return [os.path.join(place, 'test_' + name), os.path.join(place, 'test_%s_%s' % (os.path.basename(folder), name))]


PLUGIN_FILES = sorted(relative for folder in MIRRORED for relative in _python_files(folder))


def test_the_layout_sees_the_plugins():
    # Guard against a wrong ROOT: the walk below must find the files it is meant to check.
    assert 'module_utils/keepalived/config.py' in PLUGIN_FILES


@pytest.mark.parametrize('relative', PLUGIN_FILES)
def test_every_plugin_file_has_a_test_file_of_its_name(relative):
    candidates = candidate_test_files(relative)
    assert any(os.path.isfile(os.path.join(ROOT, candidate)) for candidate in candidates), \
        'plugins/%s has no test file: write %s' % (relative, ' or '.join(candidates))
