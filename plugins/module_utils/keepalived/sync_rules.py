# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster rules of IPVS connection sync (sync.py): one sync setting per cluster, one sync id per segment."""

from __future__ import absolute_import, division, print_function

from .registry import LANDSCAPE_RULES, hosts_by_value, rule
from .rules import make_issue


def sync_setting(conf):
    """(VRRP instance, sync id) of a configuration's lvs_sync_daemon, the id as keepalived takes it (the instance's
    virtual_router_id when none is given); None without lvs_sync_daemon."""
    daemon = conf.global_defs.lvs_sync_daemon if conf.global_defs is not None else None
    if not daemon:
        return None
    instance = (conf.vrrp_instances or {}).get(daemon['vrrp_instance'])
    sync_id = daemon.get('sync_id', instance.virtual_router_id if instance is not None else None)
    return daemon['vrrp_instance'], sync_id


@rule('LVS029')
def one_sync_setting_per_cluster(cluster, members, context):
    known = [(sync_setting(member.conf), member.host) for member in members]
    # a sync id that cannot be read comes from a virtual_router_id that is reported already
    settings = hosts_by_value((setting, host) for setting, host in known if setting is None or setting[1] is not None)
    if len(settings) > 1:
        shown = '; '.join('%s on %s' % ('instance %s, sync id %s' % value if value else 'none', ', '.join(hosts))
                          for value, hosts in sorted(settings.items(), key=str))
        yield make_issue('LVS029', 'global_defs.lvs_sync_daemon', None,
                         'differs between the directors of cluster %s: %s' % (cluster, shown),
                         'give every director of the cluster the same lvs_sync_daemon instance and id (lvs.cluster '
                         'derives them alike unless lvs_global_defs or lvs_connection_sync differ)',
                         host=', '.join(member.host for member in members))


@rule('LVS018', LANDSCAPE_RULES)
def sync_ids_unique_per_segment(clusters, context):
    seen = {}
    for name, members in sorted(clusters.items()):
        for member in members:
            setting = sync_setting(member.conf)
            if setting is None or setting[1] is None:
                continue
            owner = seen.setdefault((member.director.segment, setting[1]), (name, member.host))
            if owner[0] != name:
                yield make_issue('LVS018', 'global_defs.lvs_sync_daemon.sync_id', setting[1],
                                 'is also the connection sync id of cluster %s (on %s) on layer-2 segment %s: each '
                                 'cluster\'s backups would take the other\'s connections' % (
                                     owner[0], owner[1], member.director.segment),
                                 'give each cluster on a segment its own sync id (lvs.cluster derives it from the '
                                 'virtual_router_id), or set lvs_l2_segment if the clusters are on different segments',
                                 host=member.host)
