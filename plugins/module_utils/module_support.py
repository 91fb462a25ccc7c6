# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the modules that put a rendered file in place share: secrets kept out of results, reading the current
file, and replacing it atomically."""

from __future__ import absolute_import, division, print_function

import os

from ansible.module_utils.common.text.converters import to_native
from ansible_collections.lvs.cluster.plugins.module_utils import files

MASK = '********'


def hide(module, values):
    """Ansible then replaces these values in every result the module returns."""
    module.no_log_values.update(value for value in values if value)


def masked(module, text):
    """Text for a warning or message: warnings are not passed through no_log_values in every ansible-core version."""
    for value in sorted(module.no_log_values, key=len, reverse=True):
        text = text.replace(value, MASK)
    return text


def read_current(module, path):
    """The text of ``path``, or None when it does not exist."""
    try:
        return files.read_text(path)
    except (IOError, OSError) as problem:
        module.fail_json(msg='Cannot read %s: %s' % (path, to_native(problem)))


def write_file(module, path, text, mode, owner=(0, 0), what='the program'):
    """Write ``text`` over ``path`` atomically with ``mode`` and ``owner``; the directory must exist."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        module.fail_json(msg='The directory %s of %s does not exist (is %s installed?)' % (directory, path, what))
    try:
        files.write_atomically(path, text, mode, owner)
    except (IOError, OSError) as problem:
        module.fail_json(msg='Cannot write %s: %s' % (path, to_native(problem)))
    if module.selinux_enabled():
        module.set_default_selinux_context(path, False)
