# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for tests that run the collection through real Ansible commands."""

from __future__ import absolute_import, division, print_function

import importlib.util
import os
import shutil
import sys

import pytest


def collection_parent():
    """The directory that holds ansible_collections/lvs/cluster (for ANSIBLE_COLLECTIONS_PATH)."""
    from ansible_collections.lvs.cluster.plugins.module_utils import keepalived
    path = os.path.abspath(keepalived.__file__)
    marker = os.sep + 'ansible_collections' + os.sep
    return path[:path.rindex(marker)] if marker in path else None


def ansible_cli(name='ansible'):
    """An Ansible command next to this Python, or on PATH."""
    near = os.path.join(os.path.dirname(sys.executable), name)
    return near if os.access(near, os.X_OK) else shutil.which(name)


def _command(name):
    # Look, don't import: importing Ansible's controller code in this process switches module_utils into
    # controller mode for every later test (warnings no longer reach module results).
    try:
        available = importlib.util.find_spec('ansible.cli') is not None
    except ImportError:
        available = False
    if not available:
        pytest.skip('ansible-test units exposes only ansible.module_utils, so the %s command cannot run here; '
                    'plain pytest (make unit) runs this test' % name)
    parent, cli = collection_parent(), ansible_cli(name)
    if parent is None or cli is None:
        pytest.skip('the %s command or the ansible_collections directory of this checkout is not available' % name)
    return cli, parent


@pytest.fixture(scope='session')  # a lookup only: shared, so that module-scoped fixtures can use it too
def ansible_command():
    """(ansible command, directory for ANSIBLE_COLLECTIONS_PATH), to run a module through real ansible."""
    return _command('ansible')


@pytest.fixture(scope='session')
def ansible_playbook():
    """(ansible-playbook command, directory for ANSIBLE_COLLECTIONS_PATH)."""
    return _command('ansible-playbook')
