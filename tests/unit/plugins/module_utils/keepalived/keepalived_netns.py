# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real ``keepalived -t`` on a file, for the suites that hold the model to it.

keepalived checks that the interfaces exist, so each file is tested in a fresh network namespace (unshare -n, as
root) with a veth pair for each interface the file names. A test asks ``netns_available()`` first and skips with the
reason it gives.
"""

from __future__ import absolute_import, division, print_function

import os
import re
import shlex
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


# Statements whose first word is an interface, blocks whose lines each start with one, words after which one comes.
_INTERFACE_KEYWORDS = ('interface', 'lvs_sync_daemon', 'lvs_sync_daemon_interface', 'bind_if', 'default_interface')
_INTERFACE_BLOCKS = ('track_interface', 'linkbeat_interfaces', 'interfaces')
_INTERFACE_WORDS = ('dev', 'iif', 'oif')
# Names ip link can give a veth here: at most 15 bytes, none of Linux's "/", ":" or blanks (nor "$", quotes, non-ASCII:
# such a name is a mistake of the file, missing on both sides). lo exists already.
_IFNAME = re.compile(r'^[A-Za-z0-9_.@%+=-]{1,15}$')


def named_interfaces(statements):
    """The interfaces a keepalived.conf names, from its statements (lexer.parse_statements, a file as written, with
    what the model does not type): ``interface X``, ``lvs_sync_daemon X``, ``bind_if X``, each line of
    ``track_interface``/``linkbeat_interfaces``/``interfaces`` blocks, the word after ``dev``, ``iif`` and ``oif``
    (addresses, routes, rules). Only names an interface can have (a bad name stays missing on both sides)."""
    names = set()
    for statement in statements or []:
        words = [statement.keyword] + list(statement.args)
        if statement.keyword in _INTERFACE_KEYWORDS and statement.args and statement.children is None:
            names.add(statement.args[0])
        names.update(after for word, after in zip(words, words[1:]) if word in _INTERFACE_WORDS)
        if statement.children is not None:
            if statement.keyword in _INTERFACE_BLOCKS:
                names.update(child.keyword for child in statement.children)
            names.update(named_interfaces(statement.children))
    return sorted(name for name in names if _IFNAME.match(name) and name != 'lo')


def named_namespace(lines):
    """The network namespace a keepalived.conf runs in: the last ``net_namespace NAME`` of its preprocessed lines
    (texts: preprocessor.Preprocessor.lines, which need no balanced braces), or None."""
    names = [line.split()[1] for line in lines if len(line.split()) == 2 and line.split()[0] == 'net_namespace']
    return names[-1] if names and re.match(r'^[A-Za-z0-9_.-]{1,64}$', names[-1]) else None


def keepalived_t(path, names, config_id=None, binds=(), namespace=None):
    """The CompletedProcess of ``keepalived -t -f path`` (stderr in stdout) in a new namespace with ``names`` up.

    ``config_id``: keepalived's -i (which ``@ID`` lines apply; its default is this host's name). ``binds``: (directory,
    mount point) pairs bind-mounted in a mount namespace of the run's own, e.g. a corpus directory on /etc/keepalived
    for a file whose include lines are absolute; the mount point must exist. ``namespace``: the file's
    ``net_namespace``, made (under a /run/netns of the run's own) with the interfaces in it: keepalived -t checks
    nothing past the global definitions when that namespace does not exist.
    """
    setup = ''.join('mount --bind %s %s || exit 98; ' % (shlex.quote(source), shlex.quote(target))
                    for source, target in binds)
    ip = 'ip'
    if namespace:
        setup += 'mkdir -p /run/netns && mount -t tmpfs lvs-netns /run/netns && ip netns add %s || exit 97; ' \
            % shlex.quote(namespace)
        ip = 'ip -n %s' % shlex.quote(namespace)
    script = 'n=0; %sfor i in "$@"; do n=$((n + 1)); ' \
             '%s link add "$i" type veth peer name "kpeer$n" && %s link set "$i" up || exit 99; done; ' \
             'exec %s -t -f %s -l -D%s' % (setup, ip, ip, KEEPALIVED, shlex.quote(path),
                                           ' -i %s' % shlex.quote(config_id) if config_id else '')
    unshare = ['unshare', '-n'] + (['-m'] if binds or namespace else [])
    return subprocess.run(['nice', '-n', '19'] + unshare + ['sh', '-c', script, 'sh'] + list(names),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=60,
                          check=False)
