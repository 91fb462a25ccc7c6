# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cluster rules of active-active clusters (LVS040-LVS050): why N directors behind ECMP break.

A router spreads flows over the directors by hashing them, and re-hashes some whenever a director leaves or joins.
A flow then arrives at a director that has never seen it: only a scheduler that hashes the flow the same way on
every director (mh or sh over the port, with the same real servers and weights) sends it to the same real server.
"""

from __future__ import absolute_import, division, print_function

import re

from .activeactive import ACTIVE_ACTIVE, service
from .blocks import VirtualServer
from .registry import hosts_by_value, hosts_of, rule
from .rules import make_issue
from .values import family_of

CONSISTENT = {'mh': 'mh-port', 'sh': 'sh-port'}
MH_KERNEL = (4, 18)


def _active(members):
    return [member for member in members if member.director.mode == ACTIVE_ACTIVE]


@rule('LVS040')
def consistent_hash_over_the_port(cluster, members, context):
    for member in _active(members):
        for label, server in member.conf.labelled_virtual_servers():
            sched = server.lvs_sched or 'wlc'  # keepalived's default
            flag = CONSISTENT.get(sched)
            if flag is not None and getattr(server, flag):
                continue
            why = ('hashes the source address only, so every connection of a client goes to one real server and '
                   'a few clients load a few servers' if flag else
                   'schedules a flow by the state of this director alone: a flow the routers re-hash to another '
                   'director reaches another real server there and is reset')
            yield make_issue('LVS040', 'virtual_servers[%s].lvs_sched' % label, sched, why,
                             'use lvs_sched: mh with mh-port: true (Maglev hashing, kernel 4.18+), or lvs_sched: sh '
                             'with sh-port: true, on every director', host=member.host)


def _real_servers(server):
    """The real servers in their order: IPVS builds the Maglev table from the kernel's list, which follows the order
    keepalived added them (the configuration's)."""
    return ', '.join('%s weight %s' % (real.address if real.port is None else '%s:%s' % (real.address, real.port),
                                       1 if real.weight is None else real.weight)
                     for real in server.real_servers or [])


@rule('LVS041')
def same_real_servers_and_weights(cluster, members, context):
    active = _active(members)
    labels = sorted(set(label for member in active for label, _server in member.conf.labelled_virtual_servers()))
    for label in labels:
        seen = hosts_by_value((_real_servers(server) or 'none', member.host) for member in active
                              for other, server in member.conf.labelled_virtual_servers() if other == label)
        if len(seen) > 1:
            detail = '; '.join('%s on %s' % (reals, ', '.join(hosts)) for reals, hosts in sorted(seen.items()))
            yield make_issue('LVS041', 'virtual_servers[%s].real_servers' % label, None,
                             'differ between the directors of active-active cluster %s (%s): their hash tables differ, '
                             'so a flow re-hashed to another director reaches another real server' % (cluster, detail),
                             'give every director the same real servers, weights and order (real_servers_from_group in '
                             'the directors\' group_vars; lvs_realserver_weight on the real server, not per director)',
                             host=hosts_of(active))


@rule('LVS042')
def no_nat(cluster, members, context):
    for member in _active(members):
        for label, server in member.conf.labelled_virtual_servers():
            if server.method == 'NAT':
                yield make_issue('LVS042', 'virtual_servers[%s].lvs_method' % label, server.method,
                                 'is LVS-NAT (keepalived\'s default) in an active-active cluster: the replies must pass '
                                 'the director that forwarded the request, but the real servers cannot tell which one',
                                 'use lvs_method: DR (or TUN): the real servers answer the clients directly',
                                 host=member.host)


@rule('LVS043')
def bgp_settings_given(cluster, members, context):
    for member in _active(members):
        bgp = member.director.bgp
        for key, variable, fix in (('asn', 'lvs_bgp_asn', 'set lvs_bgp_asn (e.g. 65001) in the directors\' group_vars'),
                                   ('peers', 'lvs_bgp_peers', 'list the routers: lvs_bgp_peers: [{address: 10.1.1.1, '
                                    'asn: 65000}]'),
                                   ('router_id', 'lvs_bgp_router_id', 'set lvs_bgp_router_id to an IPv4 address of this '
                                    'director (ansible_host is not one)')):
            if bgp[key] is None:
                yield make_issue('LVS043', variable, None, 'is not set, so this active-active director cannot announce '
                                 'its VIPs', fix, host=member.host)
        peers = set(family_of(peer['address']) for peer in bgp['peers'] or [])
        for family in sorted(set(family_of(vip) for vip in bgp['announce']) - peers if bgp['peers'] else ()):
            vips = [vip for vip in bgp['announce'] if family_of(vip) == family]
            yield make_issue('LVS043', 'lvs_bgp_peers', None, 'has no IPv%d router, so the VIPs %s are never announced'
                             % (family, ', '.join(vips)), 'add a router of that family to lvs_bgp_peers', host=member.host)


def _peer_view(peer, passwords):
    password = 'password #%d' % (passwords.index(peer['password']) + 1) if peer.get('password') else 'no password'
    return 'AS %d, %s, BFD %s' % (peer['asn'], password, 'on' if peer['bfd'] else 'off')


@rule('LVS044')
def same_peers(cluster, members, context):
    active = [member for member in _active(members) if member.director.bgp['peers']]
    passwords = sorted(set(peer['password'] for member in active for peer in member.director.bgp['peers']
                           if peer.get('password')))

    def view(member):
        return '; '.join('%s (%s)' % (peer['address'], _peer_view(peer, passwords))
                         for peer in sorted(member.director.bgp['peers'], key=lambda p: p['address']))
    views = hosts_by_value((view(member), member.host) for member in active)
    if len(views) > 1:
        detail = ' vs '.join('%s on %s' % (view, ', '.join(hosts)) for view, hosts in sorted(views.items()))
        yield make_issue('LVS044', 'lvs_bgp_peers', None,
                         'differ between the directors of active-active cluster %s: %s; a router then sees a director '
                         'with the wrong AS or password and refuses it, or spreads flows over some directors only'
                         % (cluster, detail),
                         'define lvs_bgp_peers once in the directors\' group_vars (the routers have one AS each); '
                         'directors behind other routers are another cluster (lvs_cluster_name)', host=hosts_of(active))


def _vip_services(member):
    """{VIP: set of service keys} of everything a director serves."""
    served = {}
    groups = member.variables.get('lvs_virtual_server_groups')
    for declared in member.variables.get('lvs_virtual_servers') or []:
        if isinstance(declared, dict):
            key, vips = service(declared, groups)
            for vip in vips:
                served.setdefault(vip, set()).add(key)
    return served


@rule('LVS045')
def announce_what_is_served(cluster, members, context):
    active = [member for member in _active(members) if member.director.announcement is not None]
    served = dict((member.host, _vip_services(member)) for member in active)
    for vip in sorted(set(vip for services in served.values() for vip in services)):
        announcers = [m for m in active if vip in m.director.announcement.announced]
        for member in active:
            if vip not in member.director.announcement.announced and vip in served[member.host] and announcers:
                yield make_issue('LVS045', 'lvs_virtual_servers', vip,
                                 'is served by this director but not announced (announce: false here), while %s '
                                 'announce it: the routers never send it this VIP\'s flows' % hosts_of(announcers),
                                 'say announce: false for a VIP on every director or on none (in group_vars)',
                                 host=member.host)
        wanted = set(key for m in announcers for key in served[m.host].get(vip, ()))
        for member in announcers:
            missing = sorted(wanted - served[member.host].get(vip, set()))
            if missing:
                yield make_issue('LVS045', 'lvs_virtual_servers', vip,
                                 'is announced by this director, which does not serve %s of it: the routers send it '
                                 'those flows and it drops them' % ', '.join(missing),
                                 'give every director that announces a VIP all of its virtual servers (define '
                                 'lvs_virtual_servers in the directors\' group_vars)', host=member.host)


def _kernel(text):
    match = re.match(r'^\s*(\d+)\.(\d+)', str(text)) if text is not None else None
    return (int(match.group(1)), int(match.group(2))) if match else None


@rule('LVS046')
def kernel_has_mh(cluster, members, context):
    for member in members:
        kernel = _kernel(member.variables.get('ansible_kernel'))
        if kernel is None or kernel >= MH_KERNEL:
            continue
        for label, server in member.conf.labelled_virtual_servers():
            if server.lvs_sched == 'mh':
                yield make_issue('LVS046', 'virtual_servers[%s].lvs_sched' % label, 'mh',
                                 'needs the IPVS mh scheduler of Linux 4.18+, and this director runs %s'
                                 % member.variables['ansible_kernel'],
                                 'upgrade the director\'s kernel to 4.18 or later, or use lvs_sched: sh with sh-port: '
                                 'true', host=member.host)


@rule('LVS047')
def no_vrrp_in_active_active(cluster, members, context):
    for member in _active(members):
        if member.conf.vrrp_instances:
            yield make_issue('LVS047', 'vrrp_instances', ', '.join(sorted(member.conf.vrrp_instances)),
                             'are defined in an active-active cluster, where every director holds every VIP: VRRP '
                             'would move the VIPs between them', 'remove lvs_vrrp_instances (and lvs_vrrp_*) from '
                             'these directors, or use lvs_cluster_mode: vrrp', host=member.host)


@rule('LVS048')
def derived_quorum_commands(cluster, members, context):
    for member in _active(members):
        for index, declared in enumerate(member.variables.get('lvs_virtual_servers') or []):
            if not isinstance(declared, dict) or declared.get('announce') is False:
                continue
            for key in ('quorum_up', 'quorum_down'):
                if key in declared:
                    yield make_issue('LVS048', 'lvs_virtual_servers[%s].%s' % (VirtualServer.label(declared, index), key),
                                     None, 'is derived in an active-active cluster (it switches the VIP\'s announcement); '
                                     'one written here would keep announcing a VIP that cannot be served',
                                     'remove %s; to run something of your own, use notify_up/notify_down on the real '
                                     'servers' % key, host=member.host)


@rule('LVS049')
def one_mode_per_cluster(cluster, members, context):
    modes = hosts_by_value((member.director.mode, member.host) for member in members)
    if len(modes) > 1:
        yield make_issue('LVS049', 'lvs_cluster_mode', None, 'differs between the directors of cluster %s (%s)' % (
            cluster, '; '.join('%s on %s' % (mode, ', '.join(hosts)) for mode, hosts in sorted(modes.items()))),
            'set lvs_cluster_mode once, in the directors\' group_vars', host=hosts_of(members))


@rule('LVS050')
def quorum_commands_run_as_root(cluster, members, context):
    for member in _active(members):
        user = member.conf.global_defs.script_user if member.conf.global_defs else None
        if member.director.announcement.services and user is not None and user.split(':')[0] != 'root':
            yield make_issue('LVS050', 'global_defs.script_user', user,
                             'runs the derived quorum_up/quorum_down commands, which add and remove this director\'s '
                             'announcement routes: only root may, so a VIP would stay announced after its quorum is lost',
                             'leave script_user out of lvs_global_defs in an active-active cluster (root is derived)',
                             host=member.host)


@rule('LVS051')
def failed_real_servers_keep_their_place(cluster, members, context):
    for member in _active(members):
        for label, server in member.conf.labelled_virtual_servers():
            if not server.inhibit_on_failure:
                yield make_issue('LVS051', 'virtual_servers[%s].inhibit_on_failure' % label, False,
                                 'lets keepalived remove a failed real server from IPVS and add it back at the other end '
                                 'of the list when it recovers; IPVS builds the Maglev table in the list\'s order, so '
                                 'this director would hash flows differently from the others from then on',
                                 'leave inhibit_on_failure out (active-active derives it: a failed real server gets '
                                 'weight 0 and keeps its place)', host=member.host)
