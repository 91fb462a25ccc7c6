# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rules that look at the directors of a cluster together, before any host is touched.

``validate(hostvars, groups)`` derives every director's configuration from the inventory
(inventory.py), checks each one on its own (the LVS1xx/LVS2xx rules, reported with its host),
then applies the cluster rules below: one function per rule id, registered with ``@rule``.
"""

from __future__ import absolute_import, division, print_function

import difflib
from collections import namedtuple

# imported for their @rule functions: the cluster rules of active-active, decommissioning, LVS-NAT, maintenance,
# the VRRP profile and sync
from . import (  # noqa: F401 pylint: disable=unused-import
    activeactive_rules, decommission_rules, nat_rules, operations_rules, profile_rules, realserver_rules, sync_rules)
from . import collector
from . import config as kaconf
from .activeactive import ACTIVE_ACTIVE, HELPER
from .blocks import endpoint
from .checks import track_weights
from .entries import address_of
from . import election
from . import findings
from . import slices
from .inventory import DIRECTORS_GROUP, REALSERVERS_GROUP, build, host_address
from .issues import ERROR, errors, warnings
from .profiles import PROFILE_VARIABLE, STANDARD, profile
from .registry import CLUSTER_RULES, LANDSCAPE_RULES, hosts_by_value, hosts_of, rule
from .rules import RULES, make_issue
from .timing import arithmetic, master_down_interval
from .values import addresses_in


class Member(object):
    """A director with its loaded model (partial when some of its values have errors)."""

    def __init__(self, director, conf):
        self.director = director
        self.host = director.host
        self.conf = conf
        self.variables = director.variables


class Report(object):
    def __init__(self, clusters, issues, realservers=None):
        self.clusters = clusters  # cluster name -> [Member]
        self.issues = issues
        self.realservers = realservers or {}  # host -> inventory.RealServerHost

    @property
    def valid(self):
        return not errors(self.issues)

    def configs(self):
        """host -> model input, for the directors."""
        return dict((member.host, member.director.config) for members in self.clusters.values() for member in members)

    @collector.paused
    def slices(self):
        """Each host's part of the derivation (slices.py): {'directors': {host: slice}, 'realservers': {...}}."""
        directors = {}
        for members in self.clusters.values():
            for member in members:
                directors[member.host] = slices.director_slice(member.director, [m.director for m in members],
                                                               self.issues)
        return {'directors': directors, 'realservers': slices.realserver_slices(self.clusters, self.realservers,
                                                                                self.issues)}

    def summary(self):
        """Per cluster and VRRP instance: the expected master, the backups by priority, the VIPs, the VRRP version
        and advert_int, and the failover bound (Master_Down_Interval of the first backup), from the directors that
        loaded; per cluster its VRRP profile."""
        result = {}
        for name, members in sorted(self.clusters.items()):
            instances = {}
            for instance_name, pairs in _by_instance(members):
                pairs = _ranked(pairs)
                takeover = _takeover(pairs)
                instances[instance_name] = {
                    'master': pairs[0][0].host,  # after a fresh start; with nopreempt it may stay elsewhere later
                    'preempt': not any(i.nopreempt for _m, i in pairs),
                    'priorities': dict((m.host, i.priority) for m, i in pairs),
                    'virtual_ipaddress': sorted(set(vip for _m, i in pairs for vip in i.vips)),
                    # the master's: LVS003 and LVS006 report directors that differ
                    'vrrp_version': _version(*pairs[0]),
                    'advert_int': pairs[0][1].advert_interval,
                    'master_down_interval': round(takeover.interval, 3) if takeover else None,
                }
            result[name] = {'directors': [m.host for m in members], 'vrrp_instances': instances,
                            'mode': members[0].director.mode if members else None,
                            'vrrp_profile': profile(members[0].variables) if members else None,  # LVS026: one
                            'vips': sorted(set(vip for m in members if m.director.announcement is not None
                                               for vip in m.director.announcement.served))}
            if result[name]['mode'] == ACTIVE_ACTIVE:
                result[name]['announce_helper'] = HELPER
        return result

    def format(self):
        """The issues grouped per rule, errors first, then each VRRP instance's failover time, then a one-line
        verdict."""
        lines = []
        for rule_id, found in sorted(issues_by_rule(self.issues).items(),
                                     key=lambda item: (item[1][0].level != ERROR, item[0])):
            lines.append('%s %s: %s' % (rule_id, RULES[rule_id].level, RULES[rule_id].summary))
            lines.extend('  - %s' % issue.format() for issue in found)
        lines.extend(self.failover_times())
        clusters = '; '.join('%s: %s' % (name, ', '.join(m.host for m in members))
                             for name, members in sorted(self.clusters.items()))
        lines.append('%d error(s), %d warning(s) in %d cluster(s) (%s)' % (
            len(errors(self.issues)), len(warnings(self.issues)), len(self.clusters), clusters or 'no directors'))
        return '\n'.join(lines)

    def failover_times(self):
        """One line per VRRP instance with a backup: how long after its MASTER falls silent the backup takes over."""
        lines = []
        for name, members in sorted(self.clusters.items()):
            for instance_name, pairs in _by_instance(members):
                pairs = _ranked(pairs)
                takeover = _takeover(pairs)
                if takeover is not None:
                    lines.append('%s %s: %s takes over %.3f s after %s falls silent (%s profile, VRRPv%d: %s)' % (
                        name, instance_name, takeover.backup, takeover.interval, pairs[0][0].host,
                        profile(members[0].variables), takeover.version, takeover.formula))
        return lines


@collector.paused
def validate(hostvars, groups, directors_group=DIRECTORS_GROUP, realservers_group=REALSERVERS_GROUP, locations=None):
    """The Report of every cluster of the inventory; ``locations`` ({host: {keys: 'file:line'}}, when the
    inventory reader knows them) lets each finding name the file and line of its variable."""
    clusters, realservers, issues = build(hostvars, groups, directors_group, realservers_group)
    loaded = {}
    directors = {}
    for cluster in clusters:
        members = []
        shared = {}  # the directors' virtual servers, loaded once when they are the same
        for director in cluster.directors:
            # a partial model when some values did not type: the cluster rules still see the rest
            conf, found = kaconf.load(director.config, partial=True, shared=shared)
            for issue in found:
                issue.host = director.host
            issues.extend(found)
            members.append(Member(director, conf))
            directors[director.host] = director
        loaded[cluster.name] = members
    context = Context(loaded, realservers, _inventory_addresses(hostvars, realservers))
    for check in CLUSTER_RULES:
        for name, members in sorted(loaded.items()):
            issues.extend(check(name, members, context))
    for check in LANDSCAPE_RULES:
        issues.extend(check(loaded, context))
    issues = findings.in_operator_words(issues, directors)
    if locations:
        issues = findings.located(issues, locations)
    issues = findings.merged(findings.without_consequences(issues))
    return Report(loaded, issues, realservers)


# What the cluster rules see besides a cluster's members: every cluster, the real servers, the inventory's addresses.
Context = namedtuple('Context', 'clusters realservers addresses')


def _inventory_addresses(hostvars, realservers):
    """{address: ['host (variable)', ...]} of every inventory host: its own address and lvs.cluster's."""
    found = {}
    for host in sorted(hostvars):
        variables = hostvars[host] if isinstance(hostvars[host], dict) else {}
        own = host_address(host, variables)
        if own:
            found.setdefault(own, []).append('%s (%s)' % (host, 'ansible_host' if own != host else 'its name'))
        vrrp = variables.get('lvs_vrrp_address')
        for address in vrrp if isinstance(vrrp, list) else [vrrp] if isinstance(vrrp, str) else []:
            found.setdefault(str(address), []).append('%s (lvs_vrrp_address)' % host)
    for rs in sorted(realservers.values(), key=lambda r: r.host):
        if rs.address and not any(entry.startswith(rs.host + ' ') for entry in found.get(rs.address, [])):
            found.setdefault(rs.address, []).append('%s (lvs_realserver_address)' % rs.host)
    return found


# ---- helpers ------------------------------------------------------------------------------

def _instance_names(members):
    names = set()
    for member in members:
        names.update(member.conf.vrrp_instances or {})
    return sorted(names)


def _by_instance(members):
    """(name, [(member, instance)]) of each VRRP instance of the cluster's directors."""
    for name in _instance_names(members):
        yield name, [(m, m.conf.vrrp_instances[name]) for m in members if name in (m.conf.vrrp_instances or {})]


def _ranked(pairs):
    """(member, instance) pairs of an instance, from the expected MASTER to the last backup."""
    return election.ranked(pairs, lambda pair: pair[1].priority)


def _version(member, instance):
    return instance.vrrp_version(member.conf.global_defs)


# How the first backup of a VRRP instance takes over from a silent MASTER: after its Master_Down_Interval (timing.py),
# the seconds of ``interval`` that ``formula`` writes out.
Takeover = namedtuple('Takeover', 'backup instance version interval formula')


def _takeover(pairs):
    """The Takeover of an instance's ranked (member, instance) pairs; None without a backup."""
    if len(pairs) < 2:
        return None
    backup, instance = pairs[1]
    version = _version(backup, instance)
    advert_int, priority = instance.advert_interval, instance.effective_priority
    return Takeover(backup.host, instance, version, master_down_interval(advert_int, priority, version),
                    arithmetic(advert_int, priority, version))


def _differs(rule_id, cluster, name, key, pairs, shown, fix):
    """One issue when ``shown(instance)`` is not the same on every director of the instance."""
    values = hosts_by_value((shown(member, instance), member.host) for member, instance in pairs)
    if len(values) > 1:
        detail = '; '.join('%s on %s' % (value, ', '.join(hosts)) for value, hosts in sorted(values.items(), key=str))
        yield make_issue(rule_id, 'vrrp_instances[%s].%s' % (name, key), None,
                         'differs between the directors of cluster %s: %s' % (cluster, detail), fix,
                         host=', '.join(member.host for member, _instance in pairs))


# ---- errors -------------------------------------------------------------------------------

@rule('LVS001')
def instance_on_every_director(cluster, members, context):
    for name in _instance_names(members):
        missing = [m.host for m in members if name not in (m.conf.vrrp_instances or {})]
        if missing:
            yield make_issue('LVS001', 'vrrp_instances[%s]' % name, None,
                             'is missing on %s of cluster %s, so nothing backs it up there' % (', '.join(missing), cluster),
                             'define the instance in the directors\' group_vars, not in one host\'s host_vars',
                             host=', '.join(missing))


def _agreement(rule_id, key, shown, fix):
    """Registers the rule ``rule_id``: ``shown(member, instance)`` is the same on every director of each instance."""
    @rule(rule_id)
    def agree(cluster, members, context):
        for name, pairs in _by_instance(members):
            yield from _differs(rule_id, cluster, name, key, pairs, shown, fix)
    return agree


_agreement('LVS002', 'virtual_router_id', lambda m, i: i.virtual_router_id,
           'use one virtual_router_id for the instance on every director: with different ids '
           'both become MASTER and the VIP conflicts (the article\'s experiment)')
_agreement('LVS003', 'advert_int', lambda m, i: i.advert_interval,
           'use one advert_int on every director: keepalived drops adverts with another interval '
           '("advertissement interval mismatch") and both become MASTER')


@rule('LVS004')
def same_authentication(cluster, members, context):
    for name, pairs in _by_instance(members):
        passwords = sorted(set(i.authentication.auth_pass for _m, i in pairs
                               if i.authentication is not None and i.authentication.auth_pass is not None))

        def shown(member, instance, passwords=passwords):
            # Never the password itself: a label that tells equal passwords from different ones.
            auth = instance.authentication
            if auth is None or auth.auth_pass is None:  # an unreadable one is reported by its own rule
                return 'none'
            return '%s with password #%d' % (auth.auth_type, passwords.index(auth.auth_pass) + 1)

        yield from _differs('LVS004', cluster, name, 'authentication', pairs, shown,
                            'use the same auth_type and auth_pass on every director (one vault variable): '
                            'otherwise adverts are dropped ("invalid passwd") and both become MASTER')


_agreement('LVS005', 'virtual_ipaddress', lambda m, i: ' '.join(sorted(i.vips)) or 'none',
           'list the same virtual IP addresses on every director')
_agreement('LVS006', 'version', _version,
           'use one VRRP version on every director (global_defs.vrrp_version or the instance\'s version)')
# lvs_vrrp_unicast counts as unicast even where no peer could be derived (LVS011 says why)
_agreement('LVS007', 'unicast_peer',
           lambda m, i: 'unicast' if i.unicast_peer or m.variables.get('lvs_vrrp_unicast') else 'multicast',
           'use unicast on every director or on none (lvs_vrrp_unicast: true in group_vars)')


@rule('LVS008')
def distinct_priorities(cluster, members, context):
    for name, pairs in _by_instance(members):
        by_priority = hosts_by_value((i.priority, m.host) for m, i in pairs)
        for priority, hosts in sorted(by_priority.items(), key=lambda item: str(item[0])):
            if len(hosts) > 1:
                yield make_issue('LVS008', 'vrrp_instances[%s].priority' % name, priority,
                                 'is the same on %s: with equal priorities neither the priorities nor the inventory '
                                 'decide the MASTER (the article saw two MASTERs; keepalived 2.2.7 keeps whichever '
                                 'director is MASTER)' % ', '.join(hosts),
                                 'give each director its own lvs_vrrp_priority, or leave it out to derive 100, 90, ... '
                                 'from the order of the directors group', host=', '.join(hosts))


@rule('LVS009')
def one_address_owner(cluster, members, context):
    for name, pairs in _by_instance(members):
        owners = [m.host for m, i in pairs if i.priority == 255]
        if len(owners) > 1:
            yield make_issue('LVS009', 'vrrp_instances[%s].priority' % name, 255,
                             'marks %s as the address owner; only one director can own the addresses' % ', '.join(owners),
                             'keep priority 255 on at most one director (usually none)', host=', '.join(owners))


@rule('LVS011')
def unicast_peers_are_the_other_directors(cluster, members, context):
    for name, pairs in _by_instance(members):
        if not any(instance.unicast_peer for _member, instance in pairs):
            continue
        sources = dict((member.host, instance.unicast_src_ip) for member, instance in pairs)
        misplaced = list(_misplaced_sources(name, sources, context))
        if misplaced:  # the derived peer lists are wrong only as a consequence: name the cause alone
            yield from misplaced
            continue
        for member, instance in pairs:
            peers = set(instance.unicast_peer or [])
            path = 'vrrp_instances[%s].unicast_peer' % name
            if instance.unicast_src_ip is None and not member.variables.get('lvs_vrrp_unicast'):  # else derivation said why
                yield make_issue('LVS011', 'vrrp_instances[%s].unicast_src_ip' % name, None,
                                 'is not set while unicast peers are', 'set lvs_vrrp_address (or ansible_host) so that '
                                 'lvs_vrrp_unicast can derive it', host=member.host)
            elif instance.unicast_src_ip in peers:
                yield make_issue('LVS011', path, instance.unicast_src_ip, 'lists the director\'s own unicast_src_ip',
                                 'remove it: keepalived would send adverts to itself', host=member.host)
            for other, source in sorted(sources.items()):
                if other != member.host and source is not None and source not in peers:
                    yield make_issue('LVS011', path, source, 'misses director %s (its unicast_src_ip)' % other,
                                     'list every other director\'s unicast_src_ip, or use lvs_vrrp_unicast: true to derive them',
                                     host=member.host)


def _misplaced_sources(name, sources, context):
    """unicast_src_ip shared by several directors (written where they all read it), or another host's address."""
    path = 'vrrp_instances[%s].unicast_src_ip' % name
    fix = 'each director sends from its own address: take unicast_src_ip out of what the directors share ' \
          '(lvs_vrrp_unicast derives it from lvs_vrrp_address or ansible_host), or set it in each director\'s host_vars'
    by_source = hosts_by_value((source, host) for host, source in sorted(sources.items()) if source is not None)
    for source, hosts in sorted(by_source.items()):
        if len(hosts) > 1:
            yield make_issue('LVS011', path, source, 'is the same on %s' % ', '.join(hosts), fix, host=', '.join(hosts))
            continue
        owners = [entry for entry in context.addresses.get(source, []) if entry.split(' ')[0] not in sources]
        if owners:
            yield make_issue('LVS011', path, source, 'is the address of %s, not of this director' % ', '.join(owners),
                             fix, host=hosts[0])


def _service_addresses(conf, server):
    """(as written, [every address]) of what a virtual server takes packets for: its address, or each address member
    of its virtual_server_group, a range (10.1.1.3-10) standing for each address it covers."""
    if server.address is not None:
        return [(server.address, [server.address])]
    return [(entry['address'], addresses_in(entry['address'])) for entry in conf.group_members(server) if 'address' in entry]


def _listed(addresses, shown=3):
    more = len(addresses) - shown
    return ', '.join(addresses[:shown]) + (' and %d more' % more if more > 0 else '')


@rule('LVS012')
def virtual_servers_on_vips(cluster, members, context):
    for member in members:
        if member.director.mode == ACTIVE_ACTIVE:
            continue  # every virtual server's address is a VIP there
        vips = set(address_of(e) for i in (member.conf.vrrp_instances or {}).values() for e in (i.virtual_ipaddress or []) +
                   (i.virtual_ipaddress_excluded or []))
        for label, server in member.conf.labelled_virtual_servers():
            for written, addresses in _service_addresses(member.conf, server):
                missing = [address for address in addresses if address not in vips]
                if missing == [written]:
                    yield make_issue('LVS012', 'virtual_servers[%s]' % label, written,
                                     'is not a virtual IP address of any VRRP instance, so no failover moves it',
                                     'add %s to an instance\'s virtual_ipaddress' % written, host=member.host)
                elif missing:
                    yield make_issue('LVS012', 'virtual_servers[%s]' % label, written,
                                     'is a range whose addresses %s are not virtual IP addresses of any VRRP instance, so '
                                     'no failover moves them' % _listed(missing),
                                     'add every address of the range to an instance\'s virtual_ipaddress, or narrow the '
                                     'range to the VIPs', host=member.host)


@rule('LVS013')
def dr_tun_real_servers_in_inventory(cluster, members, context):
    known = dict((rs.address, rs.host) for rs in context.realservers.values() if rs.address)
    external = set(address for member in members for address in member.director.external)
    reported = set()
    for member in members:  # directors that differ are LVS015's; each missing real server is said once
        for server in member.conf.virtual_servers or []:
            if server.method not in ('DR', 'TUN'):
                continue
            for real in server.real_servers or []:
                where = (endpoint(server.address, server.port), endpoint(real.address, real.port))
                if real.address in known or real.address in external or where in reported:
                    continue
                reported.add(where)
                yield make_issue('LVS013', 'virtual_servers[%s].real_servers[%s]' % where, real.address,
                                 'is not an inventory real server, so nothing puts the VIP on its loopback and sets its '
                                 'ARP sysctls: LVS-%s packets to it are dropped' % server.method,
                                 'add the host to the real servers group (real_servers_from_group), or mark it '
                                 'external: true if you prepare it yourself', host=hosts_of(members))


@rule('LVS014')
def distinct_router_ids(cluster, members, context):
    by_id = hosts_by_value((member.conf.global_defs.router_id, member.host) for member in members
                           if member.conf.global_defs and member.conf.global_defs.router_id is not None)
    for router_id, hosts in sorted(by_id.items()):
        if len(hosts) > 1:
            yield make_issue('LVS014', 'global_defs.router_id', router_id,
                             'is the same on %s (the article\'s section 5 copy-paste mistake): logs and SNMP/e-mail '
                             'alerts cannot tell the directors apart' % ', '.join(hosts),
                             'leave router_id out of lvs_global_defs so each host uses its inventory name',
                             host=', '.join(hosts))


def _derived_virtual_servers(member):
    """The virtual servers of a director as its model input says them (an active-active director's without their
    real servers, which are LVS041's)."""
    servers = member.director.config.get('virtual_servers') or []
    if member.director.mode == ACTIVE_ACTIVE:
        servers = [dict((k, v) for k, v in server.items() if k != 'real_servers') if isinstance(server, dict)
                   else server for server in servers]
    return servers


@rule('LVS015')
def same_virtual_servers(cluster, members, context):
    # the same input loads into the same model: rendering (the canonical comparison) only when the inputs differ
    first = _derived_virtual_servers(members[0]) if members else None
    if all(_derived_virtual_servers(member) == first for member in members[1:]):
        return
    rendered = {}
    for member in members:
        servers = member.conf.virtual_servers
        if member.director.mode == ACTIVE_ACTIVE:  # their real servers are LVS041's, with why they must agree
            servers = [type(server)(**dict((f.name, getattr(server, f.name)) for f in server.fields
                                           if f.name != 'real_servers')) for server in servers or []]
        text = '\n'.join(kaconf.render(type(member.conf)(virtual_servers=servers)).splitlines()[1:])
        rendered.setdefault(text, []).append(member.host)
    if len(rendered) > 1:
        groups = sorted(rendered.values())
        yield make_issue('LVS015', 'virtual_servers', None,
                         'differ between the directors of cluster %s (%s): after a failover clients would reach '
                         'other real servers' % (cluster, ' vs '.join(', '.join(hosts) for hosts in groups)),
                         'define lvs_virtual_servers once in the directors\' group_vars', host=hosts_of(members))


@rule('LVS016')
def vips_are_not_host_addresses(cluster, members, context):
    for member in members:
        for name, instance in sorted((member.conf.vrrp_instances or {}).items()):
            for vip in instance.vips:
                if vip in context.addresses:
                    yield make_issue('LVS016', 'vrrp_instances[%s].virtual_ipaddress' % name, vip,
                                     'is the address of inventory host %s: the VIP would conflict with it'
                                     % ', '.join(context.addresses[vip]),
                                     'use a free address for the VIP; each host keeps its own address',
                                     host=member.host)
        for vip in member.director.announcement.served if member.director.announcement is not None else []:
            if vip in context.addresses:  # every director would hold that host's address, and announce it
                yield make_issue('LVS016', 'lvs_virtual_servers', vip,
                                 'is a VIP of this active-active director and the address of inventory host %s'
                                 % ', '.join(context.addresses[vip]),
                                 'use a free address for the VIP; each host keeps its own address', host=member.host)


@rule('LVS024')
def more_than_one_director(cluster, members, context):
    if len(members) != 1:
        return
    others = sorted(name for name in context.clusters if name != cluster)
    close = difflib.get_close_matches(cluster, others, n=1, cutoff=0.6)
    yield make_issue('LVS024', 'lvs_cluster_name', cluster,
                     'is a cluster of this director alone: nothing takes its VIPs over when it fails',
                     'did you mean lvs_cluster_name %s? Directors with the same lvs_cluster_name form one cluster'
                     % close[0] if close else 'add a second director with the same lvs_cluster_name',
                     host=members[0].host)


# Variables that describe the whole cluster, with what an unset one means (None: shown as not set): one value on
# every director, or the cluster silently uses one of them.
CLUSTER_WIDE = (('lvs_l2_segment', None), ('lvs_failover_target', None), (PROFILE_VARIABLE, STANDARD))


@rule('LVS026')
def cluster_wide_variables_agree(cluster, members, context):
    for name, unset in CLUSTER_WIDE:
        values = hosts_by_value((member.variables.get(name, unset), member.host) for member in members)
        if len(values) > 1:
            detail = '; '.join('%s on %s' % ('not set' if value is None else value, ', '.join(hosts))
                               for value, hosts in sorted(values.items(), key=lambda item: str(item[0])))
            yield make_issue('LVS026', name, None, 'differs between the directors of cluster %s: %s' % (cluster, detail),
                             'set %s once, in the directors\' group_vars: it is the whole cluster\'s' % name,
                             host=hosts_of(members))


@rule('LVS017', LANDSCAPE_RULES)
def distinct_director_addresses(clusters, context):
    by_address = hosts_by_value((address, member.host) for _name, members in sorted(clusters.items())
                                for member in members for address in member.director.addresses)
    for address, hosts in sorted(by_address.items()):
        if len(hosts) > 1:
            explicit = any(member.variables.get('lvs_vrrp_address') for members in clusters.values()
                           for member in members if member.host in hosts)
            yield make_issue('LVS017', 'lvs_vrrp_address' if explicit else 'ansible_host', address,
                             'is the address of more than one director (%s): they are one machine, or one of them '
                             'has a copy-pasted address' % ', '.join(hosts),
                             'give each director its own ansible_host (or lvs_vrrp_address)', host=', '.join(hosts))


def _claimed_twice(clusters, values):
    """(member, instance name, value, (cluster, instance name, host) of the first claim) of each ``values(instance)``
    that another cluster on the member's layer-2 segment claimed first."""
    seen = {}
    for name, members in sorted(clusters.items()):
        for member in members:
            for instance_name, instance in sorted((member.conf.vrrp_instances or {}).items()):
                for value in values(instance):
                    owner = seen.setdefault((member.director.segment, value), (name, instance_name, member.host))
                    if owner[0] != name:
                        yield member, instance_name, value, owner


@rule('LVS010', LANDSCAPE_RULES)
def router_ids_unique_per_segment(clusters, context):
    for member, instance_name, router_id, owner in _claimed_twice(clusters, lambda i: [i.virtual_router_id]):
        yield make_issue('LVS010', 'vrrp_instances[%s].virtual_router_id' % instance_name, router_id,
                         'is also used by cluster %s (vrrp_instances[%s] on %s) on layer-2 segment %s'
                         % (owner + (member.director.segment,)),
                         'give each cluster on a segment its own virtual_router_ids, or set lvs_l2_segment '
                         'if the clusters are on different segments', host=member.host)


@rule('LVS027', LANDSCAPE_RULES)
def vips_unique_per_segment(clusters, context):
    for member, instance_name, vip, owner in _claimed_twice(clusters, lambda i: sorted(set(i.vips))):
        yield make_issue('LVS027', 'vrrp_instances[%s].virtual_ipaddress' % instance_name, vip,
                         'is also a VIP of cluster %s (vrrp_instances[%s]) on layer-2 segment %s: both '
                         'clusters\' masters would hold it' % (owner[0], owner[1], member.director.segment),
                         'give each cluster its own VIPs, or set lvs_l2_segment if the clusters are on '
                         'different segments', host=member.host)


# ---- warnings -----------------------------------------------------------------------------

def _script_weights(member, instance):
    """(script, effective weight) of each track_script entry of ``instance`` on ``member``."""
    return [(name, weight) for keyword, name, weight in track_weights(member.conf, instance)
            if keyword == 'track_script']


@rule('LVS020')
def track_weights_move_the_vip(cluster, members, context):
    for name, pairs in _by_instance(members):
        pairs = _ranked(pairs)
        if len(pairs) < 2 or pairs[1][1].priority is None:  # an unreadable priority is reported by its own rule
            continue
        (master, m_inst), (backup, b_inst) = pairs[0], pairs[1]
        backup_scripts = dict(_script_weights(backup, b_inst))
        for script, weight in _script_weights(master, m_inst):
            if weight == 0:
                continue  # a failing unweighted script puts the instance in FAULT: the VIP moves
            backup_weight = backup_scripts.get(script, 0)
            if weight < 0:
                failed, other = m_inst.priority + weight, b_inst.priority
                arithmetic = '%s fails on %s: %d %+d = %d, not below %s\'s %d' % (
                    script, master.host, m_inst.priority, weight, failed, backup.host, other)
            else:
                failed, other = m_inst.priority, b_inst.priority + max(backup_weight, 0)
                arithmetic = '%s fails on %s: %d (no +%d), not below %s\'s %d' % (
                    script, master.host, failed, weight, backup.host, other)
            if failed >= other:
                yield make_issue('LVS020', 'vrrp_instances[%s].track_script' % name, script,
                                 'cannot move the VIP: %s' % arithmetic,
                                 'make the weight larger than the priority gap (%d), e.g. weight %d'
                                 % (m_inst.priority - b_inst.priority,
                                    -(m_inst.priority - b_inst.priority + 1) if weight < 0 else m_inst.priority - b_inst.priority + 1),
                                 host='%s, %s' % (master.host, backup.host))
            both_master = m_inst.priority + (weight if weight < 0 else 0)
            both_backup = b_inst.priority + (backup_weight if backup_weight < 0 else 0)
            if weight < 0 and both_master < both_backup:
                yield make_issue('LVS020', 'vrrp_instances[%s].track_script' % name, script,
                                 'reverses the roles when %s fails on both directors: %s %d %+d = %d < %s %d %+d = %d'
                                 % (script, master.host, m_inst.priority, weight, both_master, backup.host,
                                    b_inst.priority, backup_weight if backup_weight < 0 else 0, both_backup),
                                 'use the same weight for the script on both directors', host='%s, %s' % (master.host, backup.host))


@rule('LVS025')
def nopreempt_on_the_highest_priority(cluster, members, context):
    for name, pairs in _by_instance(members):
        if any(instance.priority is None for _member, instance in pairs):
            continue  # an unreadable priority is reported by its own rule
        top = max(instance.priority for _member, instance in pairs)
        highest = [(member, instance) for member, instance in pairs if instance.priority == top]
        holders = [member.host for member, instance in pairs if instance.nopreempt]
        if holders and not any(instance.nopreempt for _member, instance in highest):
            first = highest[0][0].host
            yield make_issue('LVS025', 'vrrp_instances[%s].nopreempt' % name, None,
                             'is set on %s but not on %s, the highest priority (%d): %s takes the VIP back whenever it '
                             'returns, whatever nopreempt says' % (', '.join(holders), first, top, first),
                             'set lvs_preempt: false once, in the directors\' group_vars (or on %s)' % first,
                             host=', '.join(holders))


@rule('LVS022')
def pass_authentication(cluster, members, context):
    for member in members:
        for name, instance in sorted((member.conf.vrrp_instances or {}).items()):
            if instance.authentication is not None and instance.authentication.auth_type == 'PASS':
                yield make_issue('LVS022', 'vrrp_instances[%s].authentication.auth_type' % name, 'PASS',
                                 'sends the password in clear text in every advert; RFC 3768 removed VRRP authentication',
                                 'drop authentication and protect VRRP with a firewall rule that accepts IP protocol 112 '
                                 'from the peer directors only (the director role can add it)', host=member.host)


@rule('LVS023')
def failover_within_target(cluster, members, context):
    target = members[0].director.failover_target  # the same on every director, or LVS026 says so
    if target is None:
        return
    for name, pairs in _by_instance(members):
        takeover = _takeover(_ranked(pairs))
        if takeover is not None and takeover.interval > float(target):
            yield make_issue('LVS023', 'vrrp_instances[%s].advert_int' % name, takeover.instance.advert_interval,
                             'gives a failover time of %.2f s on %s (VRRPv%d: %s), above the target %s s'
                             % (takeover.interval, takeover.backup, takeover.version, takeover.formula, target),
                             'lower advert_int (VRRPv3 allows steps of 0.01 s), use lvs_vrrp_profile: fast, or raise '
                             'lvs_failover_target', host=takeover.backup)


def issues_by_rule(issues):
    """{rule id: [issues]} with errors' rules first, for output grouped per rule."""
    grouped = {}
    for issue in sorted(issues, key=lambda i: (i.level != ERROR, i.rule)):
        grouped.setdefault(issue.rule, []).append(issue)
    return grouped


# ---- reading a summary (Report.summary()), for the site playbook's ordering and final check ------------

SETTLE_MARGIN = 1.0  # seconds beyond the slowest Master_Down_Interval


def director_order(summary):
    """[{host, master}] with the backups first: a director that is the expected master of any instance
    is configured last, so that no deployment step moves a VIP."""
    rows = []
    for name in sorted(summary):
        masters = set(i['master'] for i in summary[name]['vrrp_instances'].values())
        rows.extend({'host': host, 'master': host in masters} for host in summary[name]['directors'])
    return sorted(rows, key=lambda row: row['master'])


def _cluster_of(summary, host):
    for name in sorted(summary):
        if host in summary[name]['directors']:
            return summary[name]
    return None


def cluster_mode(summary, host):
    """vrrp or active_active: the mode of the cluster ``host`` directs (None if it directs none)."""
    return (_cluster_of(summary, host) or {}).get('mode')


def _active_active(found):
    return (found or {}).get('mode') == ACTIVE_ACTIVE


def _vips(found):
    if _active_active(found):
        return list(found['vips'])
    return sorted(set(vip for i in (found or {}).get('vrrp_instances', {}).values() for vip in i['virtual_ipaddress']))


def cluster_vips(summary, host):
    """The virtual IP addresses of the cluster ``host`` directs."""
    return _vips(_cluster_of(summary, host))


def settle_seconds(summary, host):
    """How long the VIPs of ``host``'s cluster must stay put to be settled: the slowest takeover plus a margin
    (the margin alone in an active-active cluster, whose VIPs never move)."""
    found = _cluster_of(summary, host)
    if _active_active(found):
        return SETTLE_MARGIN
    intervals = [i['master_down_interval'] for i in (found or {}).get('vrrp_instances', {}).values()
                 if i['master_down_interval'] is not None]
    return round(max(intervals or [3.0]) + SETTLE_MARGIN, 3)


def vip_holders(results):
    """{vip: [hosts holding it]} from {host: vip_status result}."""
    holders = {}
    for host in sorted(results):
        result = results[host] or {}
        for vip in result.get('addresses', []):
            holders.setdefault(vip, [])
        for vip in result.get('held', []):
            holders.setdefault(vip, []).append(host)
    return holders


def vips_misheld(holders, summary, checked=None):
    """The VIPs not held as their cluster's mode wants, with their holders: by exactly one director of a VRRP
    cluster, by every director of an active-active one. ``checked``: the directors whose addresses were read (all
    when None; fewer under --limit): a VRRP VIP is then held by at most one of them, and by exactly one only when its
    whole cluster was read; an active-active VIP by each of them."""
    wrong = {}
    for found in summary.values():
        directors = set(found['directors'])
        read = directors if checked is None else directors & set(checked)
        for vip in _vips(found):
            hosts = holders.get(vip)
            if hosts is None:
                continue  # no director of its cluster was read
            if _active_active(found):
                misheld = set(hosts) != read
            else:
                misheld = len(hosts) > 1 or (not hosts and read == directors)
            if misheld:
                wrong[vip] = hosts
    return dict(sorted(wrong.items()))
