# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writing a file so that readers see the old content or the new, never a half-written one."""

from __future__ import absolute_import, division, print_function

import os
import tempfile


def write_atomically(path, text, mode, owner=(0, 0)):
    """Write ``text`` to a temporary file next to ``path``, sync it, give it ``mode`` (owned by ``owner``, a
    (uid, gid), when run as root), rename it over ``path`` and sync the directory. Raises OSError; no temporary
    file is left behind."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(dir=directory, prefix='.%s.' % os.path.basename(path), suffix='.tmp')
    try:
        try:
            os.write(handle, text.encode('utf-8'))
            os.fsync(handle)
            os.fchmod(handle, mode)
            if os.geteuid() == 0:
                os.fchown(handle, *owner)
        finally:
            os.close(handle)
        os.rename(temp, path)
    except (IOError, OSError):
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    try:
        directory_handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(directory_handle)
        finally:
            os.close(directory_handle)
    except OSError:
        pass  # the rename is done; a directory that cannot be synced is not an error


def read_text(path):
    """The text of ``path`` (undecodable bytes replaced), or None when it does not exist. Raises OSError."""
    try:
        with open(path, 'rb') as handle:
            return handle.read().decode('utf-8', 'replace')
    except (IOError, OSError):
        if not os.path.exists(path):
            return None
        raise


SWITCH_ON = '1\n'


def set_switch(path, on, check_mode=False):
    """Turn one of lvs.cluster's operation switches (a drain or maintenance file that keepalived tracks: 1 while on,
    absent while off) on or off. Returns (changed, diff); in check mode nothing is written. Raises OSError, e.g. when
    the switch's directory does not exist."""
    before = read_text(path)
    after = SWITCH_ON if on else None
    if before == after:
        return False, None
    if not check_mode:
        if on:
            write_atomically(path, SWITCH_ON, 0o644)
        else:
            os.unlink(path)
    return True, dict(before=before or '', after=after or '', before_header=path, after_header=path)
