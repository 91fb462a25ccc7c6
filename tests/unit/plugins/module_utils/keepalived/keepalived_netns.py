# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real ``keepalived -t`` on a file, for the suites that hold the model to it.

keepalived checks that the interfaces exist, so each file is tested in a fresh network namespace (unshare -n, as
root) with a veth pair for each interface the file names. A test asks ``netns_available()`` first and skips with the
reason it gives.
"""

from __future__ import absolute_import, division, print_function

import os
import shutil
import subprocess

KEEPALIVED = shutil.which('keepalived') or shutil.which('keepalived', path='/usr/sbin:/sbin')


def netns_available():
    """None when keepalived -t can run here in a namespace of its own, else why not."""
    if KEEPALIVED is None:
        return 'keepalived is not installed'
    if os.geteuid() != 0 or shutil.which('unshare') is None:
        return 'a network namespace for keepalived -t needs root and unshare'
    probe = subprocess.run(['unshare', '-n', 'true'], capture_output=True, check=False)
    return None if probe.returncode == 0 else 'unshare -n fails here'


def interfaces(conf):
    """The interfaces a KeepalivedConf's VRRP instances name, which must exist for keepalived -t."""
    names = set()
    for instance in (conf.vrrp_instances or {}).values():
        names.add(instance.interface)
        names.update(entry['name'] if isinstance(entry, dict) else entry for entry in instance.track_interface or [])
        for entry in instance.virtual_ipaddress or []:
            if isinstance(entry, dict) and entry.get('dev'):
                names.add(entry['dev'])
    return sorted(names)


def keepalived_t(path, names):
    """The CompletedProcess of ``keepalived -t -f path`` (stderr in stdout) in a new namespace with ``names`` up."""
    script = 'for i in "$@"; do ip link add "$i" type veth peer name "p$i" && ip link set "$i" up || exit 99; done; ' \
             'exec %s -t -f %s -l -D' % (KEEPALIVED, path)
    return subprocess.run(['nice', '-n', '19', 'unshare', '-n', 'sh', '-c', script, 'sh'] + list(names),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=60,
                          check=False)
