# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the modules that put a rendered file in place share: secrets kept out of results, reading the current
file, replacing it atomically and removing it."""

from __future__ import absolute_import, division, print_function

import os
import shutil
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible_collections.lvs.cluster.plugins.module_utils import files
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.exit_codes import FAILED, NOT_CHECKED
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import MASK

SKIPPED = 'skipped'
# The options of the directors and real servers groups: the action plugins that read the inventory take them, and
# the modules whose input they derive (where there is nothing to do with them).
GROUP_OPTIONS = dict(directors_group=dict(type='str', default='lvs_directors'),
                     realservers_group=dict(type='str', default='lvs_realservers'))


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


def write_file(module, path, text, mode, owner=(0, 0), what='the program', directory_mode=None):
    """Write ``text`` over ``path`` atomically with ``mode`` and ``owner``. A missing directory is created with
    ``directory_mode`` when given (a file of the module's own), else it fails: the program ``what`` owns it."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        if directory_mode is None:
            module.fail_json(msg='The directory %s of %s does not exist (is %s installed?)' % (directory, path, what))
        try:
            os.makedirs(directory, directory_mode)
        except OSError as problem:
            module.fail_json(msg='Cannot create the directory %s: %s' % (directory, to_native(problem)))
    try:
        files.write_atomically(path, text, mode, owner)
    except (IOError, OSError) as problem:
        module.fail_json(msg='Cannot write %s: %s' % (path, to_native(problem)))
    if module.selinux_enabled():
        module.set_default_selinux_context(path, False)


def remove_file(module, path):
    """Remove ``path``; one that is already gone is fine."""
    try:
        os.unlink(path)
    except OSError as problem:
        if os.path.exists(path):
            module.fail_json(msg='Cannot remove %s: %s' % (path, to_native(problem)))


def rendered_file_module(path, binary_option, binary, **options):
    """The AnsibleModule of a module that renders ``config`` into the file at ``path`` (default) and checks it with
    ``binary`` (option ``binary_option``), with its own further ``options``; fails when ``config`` is missing."""
    options[binary_option] = dict(type='str', default=binary)
    module = AnsibleModule(
        argument_spec=dict(
            GROUP_OPTIONS,
            config=dict(type='dict'),
            path=dict(type='path', default=path),
            validate=dict(type='bool', default=True),
            backup=dict(type='bool', default=False),
            **options
        ),
        supports_check_mode=True,
    )
    if module.params['config'] is None:
        module.fail_json(msg='config is required when the module runs without its action plugin (which derives it '
                             'from the inventory)')
    return module


def up_to_date(path):
    """The validation result of a file that already says what it should."""
    return dict(outcome=SKIPPED, message='%s is already up to date' % path)


def validate_new(module, result, check, program):
    """``result['validation']`` from ``check()`` -> (outcome, message) when the validate option is on. Fails when
    ``program`` refused the new file (the host's file is unchanged), warns when it could not check it."""
    if not module.params['validate']:
        result['validation'] = dict(outcome=SKIPPED, message='validate is false')
        return
    outcome, message = check()
    message = masked(module, message)
    result['validation'] = dict(outcome=outcome, message=message)
    if outcome == FAILED:
        module.fail_json(msg='%s rejected the new configuration; %s is unchanged.\n%s' % (
            program, module.params['path'], message), **result)
    if outcome == NOT_CHECKED:
        module.warn('%s did not check the new %s: %s' % (program, module.params['path'], message))


def file_diff(path, current, before, after, after_header=None):
    """A diff result: ``before`` and ``after`` are the masked texts; ``current`` None means the file was absent."""
    return dict(before='' if current is None else before, after=after,
                before_header=path if current is not None else '%s (absent)' % path, after_header=after_header or path)


def put_in_place(module, result, current, text, mode, owner=(0, 0), what='the program'):
    """Unless in check mode: a backup of the current file when asked, then ``text`` written over it."""
    if module.check_mode:
        return
    path = module.params['path']
    if module.params['backup'] and current is not None:
        result['backup_file'] = module.backup_local(path)
    write_file(module, path, text, mode, owner, what)


def check_text(module, command, name, text):
    """(rc, out, err) of ``command`` followed by the path of a temporary file ``name`` holding ``text`` (a program
    checking a candidate file); the temporary directory is always removed."""
    workdir = tempfile.mkdtemp(prefix='lvs-check-')
    try:
        candidate = os.path.join(workdir, name)
        with open(candidate, 'w') as handle:
            handle.write(text)
        return module.run_command(list(command) + [candidate])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
