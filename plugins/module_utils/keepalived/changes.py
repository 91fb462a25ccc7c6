# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How keepalived must be told about a new configuration: nothing, a reload, two reloads or a restart.

A reload (SIGHUP) keeps the VRRP state, so the MASTER keeps its addresses; a restart sends
priority 0 and forces a failover, so a configuration change asks for one only when a reload cannot apply it:
- keepalived.conf(5) names what a reload cannot change: net_namespace and instance (at the top of the file) and
  tmp_config_directory (global_defs). The model passes them through untyped (passthrough.py); a change of any of
  them needs a restart. (A restart for the daemon's own arguments, such as --vrrp, is the director role's:
  roles/director/handlers/main.yml.)
- a virtual IP address moved from one VRRP instance to another needs two reloads: the first
  removes it from the old instance, the second adds it to the new one (keepalived(8), SIGHUP).
- a reload that removes lvs_sync_daemon leaves the kernel's sync daemons running: keepalived's checker stops them
  on a reload only when the new file still has one (check_daemon.c), so they are stopped by hand after it
  (after_reload).
"""

from __future__ import absolute_import, division, print_function

from .blocks import DEFAULT_METHOD, DEFAULT_WEIGHT, default_priority
from .entries import address_of

NONE = 'none'
RELOAD = 'reload'
RELOAD_TWICE = 'reload_twice'
RESTART = 'restart'
ACTIONS = (NONE, RELOAD, RELOAD_TWICE, RESTART)
# keepalived.conf(5): "cannot be changed on a configuration reload", by the block that holds them
ONLY_AT_START = (('', ('net_namespace', 'instance')), ('global_defs', ('tmp_config_directory',)))


def _vip_owners(conf):
    owners = {}
    for name, instance in (conf.vrrp_instances or {}).items():
        for entry in (instance.virtual_ipaddress or []) + (instance.virtual_ipaddress_excluded or []):
            owners[address_of(entry)] = name
    return owners


def _read_at_start(conf):
    """The lines of the keywords keepalived reads only when it starts, as written (all passed through)."""
    found = {}
    for block_name, keywords in ONLY_AT_START:
        block = conf if not block_name else getattr(conf, block_name)
        for raw in (getattr(block, 'passthrough', None) or []) if block is not None else []:
            if raw.keyword in keywords:
                found.setdefault(raw.keyword, []).append(raw.to_data())
    return found


def comparable(data):
    """A configuration's input form (``to_dict()``) as keepalived means it: keepalived's defaults written out (an
    instance's initial state BACKUP and its priority, 255 with state MASTER (LVS207) else 100, a virtual server's
    method, a real server's weight) and each virtual
    server's real servers in address order (IPVS keeps a set). Two files whose forms compare equal here configure
    keepalived alike, whatever their layout, comments, keyword spelling or order."""
    data = dict((key, value) for key, value in data.items() if value)  # an empty block is no block
    instances = data.get('vrrp_instances') or {}
    data['vrrp_instances'] = {}
    for name, body in instances.items():
        body = dict({'state': 'BACKUP'}, **body)
        body.setdefault('priority', default_priority(body['state']))
        data['vrrp_instances'][name] = body
    servers = []
    for server in data.get('virtual_servers') or []:
        server = dict({'lvs_method': DEFAULT_METHOD}, **server)
        reals = [dict({'weight': DEFAULT_WEIGHT}, **real) for real in server.get('real_servers') or []]
        server['real_servers'] = sorted(reals, key=lambda real: (str(real.get('address')), str(real.get('port'))))
        servers.append(server)
    data['virtual_servers'] = servers
    return data


def equivalent(before, after):
    """Whether two loaded configurations make keepalived do the same (see comparable)."""
    return before is not None and after is not None and comparable(before.to_dict()) == comparable(after.to_dict())


def needed_action(before, after, existed=True):
    """(action, reasons) for going from ``before`` (None: absent or unparsable) to ``after``."""
    if equivalent(before, after):
        return NONE, []
    if not existed:
        return RELOAD, ['there was no configuration file: a running keepalived applies the new one on a reload; '
                        'a stopped one must be started']
    if before is None:
        return RELOAD, ['the current configuration could not be read as a model, so a reload applies the new one']
    old, new = _read_at_start(before), _read_at_start(after)
    started = sorted(keyword for keyword in set(old) | set(new) if old.get(keyword) != new.get(keyword))
    if started:
        return RESTART, ['%s changed: keepalived reads it only when it starts (keepalived.conf(5): "cannot be changed on '
                         'a configuration reload"), so it restarts, and a MASTER fails over' % keyword
                         for keyword in started]
    old, new = _vip_owners(before), _vip_owners(after)
    moved = sorted(address for address in set(old) & set(new) if old[address] != new[address])
    if moved:
        return RELOAD_TWICE, ['%s moves from vrrp_instances[%s] to vrrp_instances[%s]: keepalived needs two reloads'
                              % (address, old[address], new[address]) for address in moved]
    return RELOAD, ['the configuration changed; keepalived applies it on a reload without a failover']


def after_reload(before, after):
    """(commands, reasons): what must run on the host after the reload(s) for ``after`` to hold, as argv lists."""
    def sync_daemon(conf):
        return conf.global_defs.lvs_sync_daemon if conf is not None and conf.global_defs is not None else None
    if sync_daemon(before) is None or sync_daemon(after) is not None:
        return [], []
    return ([['ipvsadm', '--stop-daemon', state] for state in ('master', 'backup')],
            ['lvs_sync_daemon is removed: a reload leaves the kernel\'s sync daemons running, so ipvsadm stops them'])
