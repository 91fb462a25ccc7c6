# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The package index (keepalived/__init__.py) names every module of the model with its job."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.lvs.cluster.plugins.module_utils import keepalived


def test_the_index_lists_every_module():
    folder = os.path.dirname(os.path.abspath(keepalived.__file__))
    modules = sorted(name for name in os.listdir(folder) if name.endswith('.py') and name != '__init__.py')
    assert [name for name in modules if '- ``%s``' % name not in keepalived.__doc__] == []
