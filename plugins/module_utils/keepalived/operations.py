# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The switches lvs.cluster adds to each director's keepalived.conf so that a live cluster can be operated without a
reload: keepalived watches these files (inotify) and applies a change at once.

- Drain: every real server gets a FILE_CHECK on ``/var/lib/lvs-cluster/drain/ADDRESS``. ``1`` in the file subtracts
  IPVS's largest weight, so the real server stays in the table at weight 0: its connections finish, new ones go
  elsewhere. No file, or ``0``: its own weight. The site playbook never writes these files, so a drained real
  server stays drained through reloads, failovers and reboots.
- Maintenance (handover): every VRRP instance of a director with peers tracks ``/var/lib/lvs-cluster/maintenance``.
  ``1`` lowers the instance's priority below every peer's, so the peers take its VIPs while it stays a BACKUP ready to
  take them back (keepalived's lower-priority advert rule: a preempting backup takes over when its master-down timer
  ends). Where a priority cannot do it (a peer with nopreempt does not preempt; keepalived ignores the weights of a
  sync group's members; no priority is below 1), the weight is 0: ``1`` puts the instance into FAULT, which hands the
  VIPs over too, at once (a priority-0 advert), but leaves no backup on this director meanwhile.
"""

from __future__ import absolute_import, division, print_function

import functools
import re

SWITCHES_VARIABLE = 'lvs_operation_switches'
DRAIN_DIRECTORY = '/var/lib/lvs-cluster/drain'
MAINTENANCE_FILE = '/var/lib/lvs-cluster/maintenance'
MAINTENANCE_TRACK = 'lvs_maintenance'
# IPVS's largest weight (keepalived's IPVS_WEIGHT_LIMIT): any weight minus this is 0 once clamped; one more would be
# keepalived's FAULT value, which removes the real server from IPVS and breaks its connections
DRAIN_WEIGHT = -2147483647


def files(variables):
    """Where a director's switches are, for the role and the playbooks; None when lvs_operation_switches is off."""
    if not variables.get(SWITCHES_VARIABLE, True):
        return None
    return {'drain_directory': DRAIN_DIRECTORY, 'maintenance_file': MAINTENANCE_FILE}


@functools.lru_cache(maxsize=65536)  # a fleet's directors name the same real servers
def drain_track(address):
    """The track_file name of a real server's drain file: lvs_drain_10_1_1_163, lvs_drain_2001_db8__163."""
    return 'lvs_drain_' + re.sub(r'[^0-9A-Za-z]', '_', str(address))


def drain_file(address):
    return '%s/%s' % (DRAIN_DIRECTORY, address)


def add_drain(config):
    """A FILE_CHECK on its drain file for every real server of ``config`` (model input, changed in place)."""
    tracks = config.setdefault('track_files', {})
    if not isinstance(tracks, dict):
        return  # the model reports it
    for server in config.get('virtual_servers') or []:
        reals = server.get('real_servers') if isinstance(server, dict) else None
        for real in reals if isinstance(reals, list) else []:
            if not isinstance(real, dict) or not isinstance(real.get('address'), str):
                continue  # the model reports it
            name = drain_track(real['address'])
            tracks[name] = {'file': drain_file(real['address'])}
            checkers = real.get('checkers') if isinstance(real.get('checkers'), list) else []
            real['checkers'] = checkers + [{'type': 'FILE_CHECK', 'track_file': name, 'weight': DRAIN_WEIGHT}]


def maintenance_weight(priority, peer_priorities, peers_preempt, in_sync_group):
    """The weight of the maintenance track for an instance of ``priority``: lowers it below every peer, or 0 for
    FAULT where no priority can (see the module's docstring)."""
    lowest = min(peer_priorities)
    if not peers_preempt or in_sync_group or lowest < 2 or priority == 255:
        return 0
    return -max(1, priority - lowest + 1)


def add_maintenance(config, peers):
    """The maintenance track on every VRRP instance of a director (model input, changed in place).

    ``peers``: instance name -> (this director's priority, the other directors' priorities, whether they all
    preempt); no entry for an instance without other directors."""
    given = config.get('vrrp_instances') if isinstance(config.get('vrrp_instances'), dict) else {}
    instances = dict((name, body) for name, body in given.items()
                     if isinstance(body, dict) and name in peers)  # else the model reports it
    if not instances:
        return
    groups = config.get('vrrp_sync_groups') if isinstance(config.get('vrrp_sync_groups'), dict) else {}
    grouped = set(member for group in groups.values() if isinstance(group, dict)
                  and isinstance(group.get('group'), list) for member in group['group'] if isinstance(member, str))
    tracks = config.setdefault('track_files', {})
    if not isinstance(tracks, dict):
        return  # the model reports it
    tracks[MAINTENANCE_TRACK] = {'file': MAINTENANCE_FILE}
    for name, instance in instances.items():
        own, others, preempt = peers[name]
        tracked = instance.get('track_file') if isinstance(instance.get('track_file'), list) else []
        weight = maintenance_weight(own, others, preempt, name in grouped)
        instance['track_file'] = tracked + [{'name': MAINTENANCE_TRACK, 'weight': weight}]
