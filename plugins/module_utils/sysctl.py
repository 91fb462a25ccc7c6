# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kernel settings through /proc/sys, for the modules that set them on a director or a real server.

Keys are written the way sysctl(8) prints them: dots between the parts and ``/`` for a dot inside an interface name
(``net.ipv4.conf.eth0/100.arp_ignore``); systemd-sysctl and ``sysctl -p`` read that form in sysctl.d files.
"""

from __future__ import absolute_import, division, print_function

import os

PROC_SYS = '/proc/sys'


def proc_path(key):
    """The path of ``key`` below /proc/sys (``net/ipv4/conf/eth0.100/arp_ignore``)."""
    return '/'.join(part.replace('/', '.') for part in key.split('.'))


def read(key, proc_sys=PROC_SYS):
    """The live value of ``key`` (stripped), or None when the kernel has no such setting or it cannot be read."""
    try:
        with open(os.path.join(proc_sys, proc_path(key)), 'r') as handle:
            return handle.read().strip()
    except (IOError, OSError):
        return None


def write(key, value, proc_sys=PROC_SYS):
    """Sets ``key`` to ``value`` now; raises OSError."""
    with open(os.path.join(proc_sys, proc_path(key)), 'w') as handle:
        handle.write('%s\n' % value)
