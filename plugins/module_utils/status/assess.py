# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One cluster's expected state (expected.py) against what its directors report (lvs.cluster.director_status):
a report with the verdict.

Verdicts, worst first:

- ``split_brain``: a VIP of a VRRP cluster on the interfaces of two directors, or two MASTERs of one instance;
- ``degraded``: anything less than every director, process, real server and announcement as the inventory wants
  (a director unreachable or keepalived down, a real server down or drained, a director in maintenance, an instance
  in FAULT or below its priority, a lost quorum, a BGP session down, a VIP announced but not servable or servable
  but not announced, ...);
- ``ok``: none of that.

Each reason names the hosts and addresses; ``notes`` say what differs without harming the service (a priority or
weight the deployed configuration has but the inventory does not: run lvs.cluster.site).
"""

from __future__ import absolute_import, division, print_function

from ..keepalived.activeactive import ACTIVE_ACTIVE
from . import keys

OK, DEGRADED, SPLIT_BRAIN = 'ok', 'degraded', 'split_brain'
VERDICTS = (OK, DEGRADED, SPLIT_BRAIN)  # from best to worst


def worst(verdicts):
    verdicts = list(verdicts)
    return max(verdicts, key=VERDICTS.index) if verdicts else OK


def _and(names):
    names = list(names)
    return names[0] if len(names) == 1 else '%s and %s' % (', '.join(names[:-1]), names[-1])


def _reach(result):
    """(reached, problem) of one director's gathered result (None when the play did not run on it)."""
    if result is None:
        return False, 'not part of this run (--limit?)'
    if result.get('unreachable'):
        return False, 'unreachable: %s' % ' '.join(str(result.get('msg', '')).split())
    if result.get('skipped'):
        return False, 'skipped'
    if result.get('failed') or 'keepalived' not in result:
        return False, 'its state could not be read: %s' % ' '.join(str(result.get('msg', '')).split())
    return True, None


class _Assessment(object):
    def __init__(self, name, expected, observed):
        self.name = name
        self.expected = expected
        self.order = expected['order']
        self.results = {}
        self.problems = {}
        for host in self.order:
            reached, problem = _reach(observed.get(host))
            self.results[host] = observed[host] if reached else None
            self.problems[host] = problem
        self.split = []
        self.reasons = []
        self.notes = []
        self.forwarding = {}  # decommissioned address -> the directors whose IPVS still has it

    # ---- helpers --------------------------------------------------------------------------------

    def reached(self):
        return [host for host in self.order if self.results[host] is not None]

    def keepalived(self, host):
        result = self.results[host]
        return (result or {}).get('keepalived') or {}

    def checker_servers(self, host):
        """{virtual server name: keepalived_check entry}, or None when the checkers' view is unknown."""
        result = self.results[host]
        if result is None or result.get('virtual_servers') is None:
            return None
        return dict((keys.checker_service(entry), entry) for entry in result['virtual_servers'])

    def drain_files(self, host):
        """{real server address: the number in its drain file} of ``host``, or None when unknown."""
        files = (self.results[host] or {}).get('drain_files')
        return None if files is None else dict((keys.address(name), value) for name, value in files.items())

    def handing_over(self, host):
        """Whether ``host`` is a VRRP director in maintenance: its keepalived lowers (or faults) its instances so
        that its peers take its VIPs, on purpose."""
        return self.expected['mode'] != ACTIVE_ACTIVE and bool((self.results.get(host) or {}).get('maintenance'))

    def ipvs_services(self, host):
        """{IPVS service name: ipvs_table entry}, or None when IPVS is unknown."""
        result = self.results[host]
        ipvs = (result or {}).get('ipvs') or {}
        if not ipvs.get('available'):
            return None
        return dict((keys.ipvs_service(entry), entry) for entry in ipvs.get('services') or [])

    # ---- directors ------------------------------------------------------------------------------

    def directors(self):
        rows = []
        for host in self.order:
            expected = self.expected['directors'][host]
            result = self.results[host]
            row = {'host': host, 'reached': result is not None, 'problem': self.problems[host], 'keepalived': None,
                   'vrrp': None, 'checker': None, 'ipvs': None, 'connections': None, 'connections_per_second': None,
                   'share': None, 'maintenance': None, 'problems': []}
            rows.append(row)
            if result is None:
                self.reasons.append('director %s: %s' % (host, self.problems[host]))
                continue
            keepalived = self.keepalived(host)
            row.update(keepalived='running' if keepalived.get('running') else 'stopped', vrrp=keepalived.get('vrrp'),
                       checker=keepalived.get('checker'), ipvs=bool((result.get('ipvs') or {}).get('available')),
                       maintenance=result.get('maintenance'), problems=list(result.get('problems') or []))
            if not keepalived.get('running'):
                self.reasons.append('keepalived is not running on %s' % host)
            else:
                if expected['vrrp_instances'] and not keepalived.get('vrrp'):
                    self.reasons.append('keepalived\'s VRRP process is not running on %s' % host)
                if expected['virtual_servers'] and not keepalived.get('checker'):
                    self.reasons.append('keepalived\'s checker process is not running on %s: its real servers are '
                                        'not checked' % host)
            for problem in row['problems']:
                self.reasons.append('%s: %s' % (host, problem))
            if row['maintenance'] is not None and bool(row['maintenance']) != expected['maintenance']:
                self.notes.append('%s is %sin maintenance, its inventory says lvs_director_maintenance: %s (the next '
                                  'lvs.cluster.site run switches it)' % (
                                      host, '' if row['maintenance'] else 'not ', str(expected['maintenance']).lower()))
            if expected['virtual_servers'] and not row['ipvs']:
                self.reasons.append('IPVS is not available on %s (%s)' % (
                    host, (result.get('ipvs') or {}).get('problem') or 'no /proc/net/ip_vs: is ip_vs loaded?'))
            self.traffic(host, row)
        self.shares(rows)
        return rows

    def traffic(self, host, row):
        """The director's current connections to the cluster's services, and its new connections per second."""
        services = self.ipvs_services(host)
        if services is None:
            return
        names = set(name for server in self.expected['virtual_servers'] for name in server['ipvs'])
        row['connections'] = sum(real['active'] + real['inactive'] for name, entry in services.items() if name in names
                                 for real in entry['real_servers'])
        rates = (self.results[host].get('ipvs') or {}).get('rates') or {}
        row['connections_per_second'] = rates.get('connections_per_second')

    def shares(self, rows):
        counted = [row for row in rows if row['connections'] is not None]
        total = sum(row['connections'] for row in counted)
        for row in counted:
            row['share'] = round(float(row['connections']) / total, 3) if total else None

    # ---- VRRP -----------------------------------------------------------------------------------

    def vrrp_instances(self):
        found = []
        for name, instance in sorted(self.expected['vrrp_instances'].items()):
            rows = [self.vrrp_row(name, instance, host) for host in self.order if host in instance['priorities']]
            found.append({'name': name, 'vrid': instance['vrid'], 'vips': instance['vips'],
                          'expected_master': instance['master'], 'preempt': instance['preempt'],
                          'masters': [row['host'] for row in rows if row['state'] == 'MASTER'], 'directors': rows})
            self.judge_instance(found[-1], instance)
        return found

    def vrrp_row(self, name, instance, host):
        result = self.results[host]
        row = {'host': host, 'state': None, 'priority': {'inventory': instance['priorities'].get(host),
                                                         'keepalived': None, 'effective': None},
               'vrid': None, 'holds': [], 'last_transition': None, 'since_seconds': None, 'known': False}
        if result is None:
            return row
        row['holds'] = [vip for vip in instance['vips'] if vip in (result.get('addresses') or [])]
        running = [i for i in result.get('vrrp_instances') or [] if i['name'] == name]
        row['known'] = result.get('vrrp_instances') is not None
        if running:
            seen = running[0]
            row.update(state=seen['state'], vrid=seen['vrid'], last_transition=seen['last_transition'])
            row['priority'].update(keepalived=seen['base_priority'], effective=seen['effective_priority'])
            if seen['last_transition'] and result.get('now'):
                row['since_seconds'] = max(0, int(result['now'] - seen['last_transition']))
        return row

    def judge_instance(self, found, instance):
        name, rows = found['name'], found['directors']
        masters = found['masters']
        if len(masters) > 1:
            self.split.append('VRRP instance %s (virtual_router_id %s) is MASTER on %s at once (VIPs %s)' % (
                name, found['vrid'], _and(masters), ', '.join(found['vips'])))
        for vip in found['vips']:
            holders = [row['host'] for row in rows if vip in row['holds']]
            if len(holders) > 1:
                self.split.append('VIP %s is on the interfaces of %s at once' % (vip, _and(holders)))
            elif not holders and self.reached():
                self.reasons.append('VIP %s of %s is held by no %sdirector: it is not served' % (
                    vip, name, 'reachable ' if len(self.reached()) < len(rows) else ''))
            elif holders and holders[0] not in masters:
                self.reasons.append('VIP %s is held by %s, which is not MASTER of %s' % (vip, holders[0], name))
        for row in rows:
            self.judge_row(name, instance, row, masters)
        if len(masters) == 1 and masters[0] != found['expected_master'] and \
                not self.handing_over(found['expected_master']):
            if found['preempt']:
                self.reasons.append('%s is MASTER on %s, not on %s as the inventory\'s priorities want' % (
                    name, masters[0], found['expected_master']))
            else:
                self.notes.append('%s is MASTER on %s (nopreempt: it stays there until the next failover; the '
                                  'inventory\'s first choice is %s)' % (name, masters[0], found['expected_master']))

    def judge_row(self, name, instance, row, masters):
        host = row['host']
        if self.results[host] is None:
            return
        if row['known'] and row['state'] is None and self.keepalived(host).get('vrrp'):
            self.reasons.append('keepalived on %s has no VRRP instance %s: the inventory\'s configuration is not '
                                'deployed there (run lvs.cluster.site)' % (host, name))
        handover = self.handing_over(host)  # its FAULT or lowered priority is the handover, judged in handovers()
        if row['state'] == 'FAULT' and not handover:
            self.reasons.append('%s is in FAULT on %s (its interface or a tracked object is down)' % (name, host))
        elif row['state'] not in (None, 'MASTER', 'BACKUP', 'FAULT'):
            self.reasons.append('%s is in state %s on %s' % (name, row['state'], host))
        if row['state'] == 'MASTER':
            missing = [vip for vip in instance['vips'] if vip not in row['holds']]
            if missing:
                self.reasons.append('%s is MASTER of %s but does not hold %s' % (host, name, ', '.join(missing)))
        self.differs(name, host, 'virtual_router_id', row['vrid'], instance['vrid'])
        priority = row['priority']
        if priority['effective'] is not None and priority['keepalived'] is not None and \
                priority['effective'] < priority['keepalived'] and not handover:
            self.reasons.append('%s on %s: effective priority %s, below its priority %s (a tracked script, interface '
                                'or file fails)' % (name, host, priority['effective'], priority['keepalived']))
        self.differs(name, host, 'priority', priority['keepalived'], priority['inventory'])

    def handovers(self, instances):
        """A reason per VRRP director in maintenance: who took its VIPs over, or which it still holds as MASTER."""
        for host in self.order:
            if not self.handing_over(host):
                continue
            rows = [(instance, row) for instance in instances for row in instance['directors'] if row['host'] == host]
            kept = ['%s (%s)' % (instance['name'], ', '.join(row['holds'])) if row['holds'] else instance['name']
                    for instance, row in rows if row['state'] == 'MASTER']
            takers = [other for other in self.order if other != host and
                      any(other in instance['masters'] for instance, _row in rows)]
            if kept:
                self.reasons.append('%s is in maintenance but still MASTER of %s: its VIPs are not handed over (is a '
                                    'peer up to take them? does the maintenance file hold 1? is its keepalived.conf '
                                    'older than the maintenance switch?)' % (host, _and(kept)))
            elif takers:
                self.reasons.append('%s is in maintenance: its VIPs are handed over to %s' % (host, _and(takers)))
            else:
                self.reasons.append('%s is in maintenance: no other director is MASTER of its instances' % host)

    def differs(self, name, host, key, running, inventory):
        """A note when instance ``name`` on ``host`` runs another ``key`` than the inventory's (both known)."""
        if running is not None and inventory is not None and running != inventory:
            self.notes.append('%s on %s runs %s %s, the inventory says %s: the deployed configuration differs '
                              '(run lvs.cluster.site)' % (name, host, key, running, inventory))

    # ---- virtual servers ------------------------------------------------------------------------

    def virtual_servers(self):
        found = []
        for server in self.expected['virtual_servers']:
            entry = {'key': server['key'], 'scheduler': server['scheduler'], 'method': server['method'],
                     'quorum': server['quorum'], 'vips': server['vips'], 'directors': [], 'real_servers': []}
            checkers = dict((host, self.checker_servers(host)) for host in server['directors'])
            ipvs = dict((host, self.ipvs_services(host)) for host in server['directors'])
            for host in server['directors']:
                entry['directors'].append(self.server_row(server, host, checkers[host], ipvs[host]))
            lost = [row['host'] for row in entry['directors'] if row['quorum_up'] is False]
            if lost:
                self.reasons.append('%s has lost its quorum on %s (%d healthy real server%s needed)' % (
                    server['key'], _and(lost), server['quorum'], '' if server['quorum'] == 1 else 's'))
            for real in server['real_servers']:
                rows = [self.real_row(server, real, host, checkers[host], ipvs[host]) for host in server['directors']
                        if host in real['weights']]
                entry['real_servers'].append({'key': real['key'], 'address': real['address'], 'port': real['port'],
                                              'name': real['name'], 'directors': rows})
                self.judge_real(server, real, rows)
            self.unknown_reals(server, ipvs)
            found.append(entry)
        return found

    def server_row(self, server, host, checkers, ipvs):
        seen = (checkers or {}).get(server['key'])
        row = {'host': host, 'quorum_up': seen['quorum_up'] if seen else None,
               'in_ipvs': None if ipvs is None else all(name in ipvs for name in server['ipvs'])}
        if self.results[host] is None:
            return row
        if checkers is not None and seen is None:
            self.reasons.append('keepalived\'s checkers on %s do not know %s: the inventory\'s configuration is not '
                                'deployed there (run lvs.cluster.site)' % (host, server['key']))
        if row['in_ipvs'] is False and self.keepalived(host).get('running'):
            missing = ', '.join(name for name in server['ipvs'] if name not in ipvs)
            self.reasons.append('%s is not in IPVS on %s' % (missing, host))
        return row

    @staticmethod
    def _in_ipvs(server, real, ipvs):
        """(weight, active, inactive) of a real server over the virtual server's IPVS services, or None."""
        found = [dest for name in server['ipvs'] for dest in (ipvs.get(name) or {}).get('real_servers', [])
                 if keys.endpoint(dest['address'], dest['port']) == real['key'] or
                 (dest['port'] == 0 and real['port'] is None and keys.address(dest['address']) == real['address'])]
        if not found:
            return None
        return found[0]['weight'], sum(d['active'] for d in found), sum(d['inactive'] for d in found)

    def real_row(self, server, real, host, checkers, ipvs):
        row = {'host': host, 'weight': {'inventory': real['weights'][host], 'ipvs': None}, 'health': None,
               'state': 'unknown', 'active': None, 'inactive': None, 'failed_checkers': None, 'drain_file': None}
        if self.results[host] is None:
            return row
        files = self.drain_files(host)
        row['drain_file'] = None if files is None else files.get(real['address'], 0)
        seen = None
        if checkers is not None and server['key'] in checkers:
            matches = [r for r in checkers[server['key']]['real_servers']
                       if keys.endpoint(r['address'], r['port'] or None) == real['key']]
            seen = matches[0] if matches else None
        if seen is not None:
            row['health'] = 'up' if seen['alive'] else 'down'
            row['failed_checkers'] = seen['failed_checkers']
        in_ipvs = self._in_ipvs(server, real, ipvs) if ipvs is not None else None
        if in_ipvs is not None:
            row['weight']['ipvs'], row['active'], row['inactive'] = in_ipvs
        # keepalived takes a failed real server out of IPVS (unless inhibit_on_failure): out of it, with the
        # checkers' view unknown, it is down too
        out = in_ipvs is None and ipvs is not None and all(name in ipvs for name in server['ipvs'])
        if row['drain_file']:  # drained on purpose: whether its checks fail or not, it is to take no new connections
            row['state'] = 'drained'
        elif row['health'] == 'down' or (row['health'] is None and out):
            row['state'] = 'down'
        elif row['weight']['inventory'] == 0 or row['weight']['ipvs'] == 0:
            row['state'] = 'drained'
        elif row['health'] == 'up':
            row['state'] = 'up'
        return row

    def judge_real(self, server, real, rows):
        shown = '%s (%s)' % (real['name'], real['key']) if real['name'] else real['key']
        for state, why in (('down', 'is down'), ('drained', 'is drained (weight 0)')):
            # drained by its drain file: one reason per real server for all its virtual servers (drained_reals)
            found = [row for row in rows if row['state'] == state and not row['drain_file']]
            if not found:
                continue
            sources = []
            if state == 'down':  # keepalived's checkers say so, or (checkers unknown) it is out of IPVS
                sources = [source for source, health in (('keepalived\'s checkers', 'down'), ('not in IPVS', None))
                           if any(row['health'] == health for row in found)]
            self.reasons.append('real server %s of %s %s on %s%s' % (
                shown, server['key'], why, _and(row['host'] for row in found),
                ' (%s)' % '; '.join(sources) if sources else ''))
        for row in rows:
            weight = row['weight']
            if row['drain_file'] and weight['ipvs'] not in (None, 0):
                self.reasons.append('real server %s of %s is drained on %s but has weight %s in IPVS there: keepalived '
                                    'has not applied its drain file (is its keepalived.conf older than the drain '
                                    'switch? run lvs.cluster.site)' % (shown, server['key'], row['host'], weight['ipvs']))
            if row['health'] == 'up' and weight['ipvs'] is None and self.ipvs_services(row['host']) is not None:
                self.reasons.append('real server %s of %s is up by keepalived\'s checkers but not in IPVS on %s' % (
                    shown, server['key'], row['host']))
            if weight['ipvs'] not in (None, 0) and weight['inventory'] not in (None, 0) and \
                    weight['ipvs'] != weight['inventory']:
                self.notes.append('real server %s of %s has weight %s in IPVS on %s, the inventory says %s' % (
                    shown, server['key'], weight['ipvs'], row['host'], weight['inventory']))

    def drained_reals(self, servers):
        """A reason per real server whose drain file is set on a director (the file is per address: it drains it in
        every virtual server), and a note when it is not set on every director that forwards to it."""
        by_address = {}  # address -> (inventory name, {host: the number in its drain file there, where known})
        for server in servers:
            for real in server['real_servers']:
                name, values = by_address.setdefault(real['address'], (real['name'], {}))
                values.update((row['host'], row['drain_file']) for row in real['directors']
                              if row['drain_file'] is not None)
        for address, (name, values) in by_address.items():  # in the inventory's order
            drained = [host for host in self.order if values.get(host)]
            if not drained:
                continue
            shown = '%s (%s)' % (name, address) if name else address
            self.reasons.append('real server %s is drained on %s' % (shown, _and(drained)))
            serving = [host for host in self.order if values.get(host) == 0]
            if serving:
                self.notes.append('real server %s is drained on %s but not on %s: run the drain again' % (
                    shown, _and(drained), _and(serving)))

    def unknown_reals(self, server, ipvs):
        wanted = set(real['key'] for real in server['real_servers'])
        for host, services in sorted(ipvs.items()):
            for name in server['ipvs']:
                for dest in ((services or {}).get(name) or {}).get('real_servers', []):
                    key = keys.endpoint(dest['address'], dest['port'] or None)
                    if key in wanted:
                        continue
                    if keys.address(dest['address']) in self.expected['decommissioned']:
                        self.forwarding.setdefault(keys.address(dest['address']), set()).add(host)
                    else:
                        self.notes.append('%s on %s forwards to %s, which the inventory does not name' % (
                            name, host, key))

    # ---- active-active --------------------------------------------------------------------------

    def announcements(self, servers):
        if self.expected['mode'] != ACTIVE_ACTIVE:
            return []
        quorum = {}  # (host, announce key) -> quorum up (True/False/None)
        for server in self.expected['virtual_servers']:
            if server['announce_key'] is None:
                continue
            for row in [s for s in servers if s['key'] == server['key']][0]['directors']:
                quorum[(row['host'], server['announce_key'])] = row['quorum_up']
        return [self.announcement_row(host, quorum) for host in self.order]

    def announcement_row(self, host, quorum):
        expected = self.expected['directors'][host]
        plan = expected['announcement'] or {'served': [], 'services': {}}
        result = self.results[host]
        row = {'host': host, 'maintenance': None, 'bgp': None, 'sessions': [], 'vips': []}
        if result is None:
            return row
        row['maintenance'] = result.get('maintenance')
        if row['maintenance']:
            self.reasons.append('%s is in maintenance: it announces none of its VIPs' % host)
        bgp = result.get('bgp') or {}
        row['bgp'] = bool(bgp.get('available'))
        row['sessions'] = [dict((k, s[k]) for k in ('peer', 'family', 'state', 'established', 'uptime',
                                                    'prefixes_sent')) for s in bgp.get('sessions') or []]
        self.judge_sessions(host, expected, bgp)
        advertised = bgp.get('advertised') or {}
        for vip in plan['served']:
            row['vips'].append(self.vip_row(host, vip, plan, quorum, result, advertised, row['sessions']))
        return row

    def judge_sessions(self, host, expected, bgp):
        if not bgp.get('available'):
            self.reasons.append('the BGP state of %s is unknown: %s' % (host, bgp.get('problem') or 'not read'))
            return
        for peer in expected['bgp_peers']:
            sessions = [s for s in bgp.get('sessions') or [] if keys.address(s['peer']) == peer['address']]
            if not sessions:
                self.reasons.append('%s has no BGP session with %s' % (host, peer['address']))
            for session in sessions:
                if not session['established']:
                    self.reasons.append('the BGP session of %s with %s (%s) is %s, not Established' % (
                        host, session['peer'], session['family'], session['state']))

    def vip_row(self, host, vip, plan, quorum, result, advertised, sessions):
        keepalived = result.get('keepalived') or {}
        services = sorted(key for key, vips in plan['services'].items() if vip in vips)
        local = vip in (result.get('local_vips') or []) or vip in (result.get('addresses') or [])
        announced = vip in (result.get('announced') or [])
        prefix = '%s/%d' % (vip, 128 if ':' in vip else 32)
        established = [s['peer'] for s in sessions if s['established'] and (s['family'] == 'ipv6') == (':' in vip)]
        advertised_to = [peer for peer in established if prefix in advertised.get(peer, [])]
        why_not = []
        if not keepalived.get('running'):
            why_not.append('keepalived is not running')
        elif not keepalived.get('checker'):
            why_not.append('keepalived\'s checker process is not running')
        down = [key for key in services if quorum.get((host, key)) is False]
        if down:
            why_not.append('no quorum for %s' % ', '.join(down))
        if result.get('maintenance'):
            why_not.append('in maintenance')
        if not local:
            why_not.append('not local')
        unknown = [key for key in services if quorum.get((host, key)) is None]
        can_serve = False if why_not else (None if unknown else True)
        row = {'vip': vip, 'announcing': bool(services), 'local': local, 'announced': announced,
               'advertised_to': advertised_to, 'can_serve': can_serve, 'why_not': why_not}
        if not local:
            self.reasons.append('%s is not local on %s: IPVS does not take its packets' % (vip, host))
        if not services:
            if announced or advertised_to:
                self.reasons.append('%s announces %s, which the inventory serves without announcing (announce: '
                                    'false)' % (host, vip))
            return row
        settling = self.settling(result, services, plan)
        row['settling'] = bool(settling)
        if can_serve and not announced and settling:
            self.notes.append('%s waits until its quorum of %s has held for %d s before it announces %s (%s)' % (
                host, _and(services), plan.get('settle') or 0, vip, settling))
        elif can_serve and not announced:
            self.reasons.append('%s serves %s but does not announce it although it could (quorum up, keepalived '
                                'running, not in maintenance)' % (host, vip))
        if (announced or advertised_to) and can_serve is False:
            self.reasons.append('%s announces %s but cannot serve it (%s)' % (host, vip, '; '.join(why_not)))
        if announced:
            missing = [peer for peer in established if peer not in advertised_to]
            if missing:
                self.reasons.append('%s has the route of %s but bgpd does not advertise it to %s' % (
                    host, vip, _and(missing)))
        return row

    @staticmethod
    def settling(result, services, plan):
        """What of a quorum is younger than the settle time (the helper has not announced on it yet), or ''."""
        ages = result.get('quorum_age')
        if ages is None:
            return ''
        young = ['%s %.0f s' % (key, ages[key]) for key in services
                 if key in ages and ages[key] < (plan.get('settle') or 0)]
        return ', '.join(young)

    def decommissioned(self):
        """The real servers with lvs_realserver_state: absent, and where IPVS still forwards to one (before the site
        run that drains and removes it: a note, no failure)."""
        found = []
        for address, host in sorted(self.expected['decommissioned'].items()):
            still = [director for director in self.order if director in self.forwarding.get(address, ())]
            found.append({'host': host, 'address': address, 'forwarded_by': still})
            if still:
                self.notes.append('real server %s (%s) is decommissioned (lvs_realserver_state: absent) but %s still '
                                  'forward%s to it: run lvs.cluster.site to drain and remove it' % (
                                      host, address, _and(still), 's' if len(still) == 1 else ''))
        return found

    # ---- the whole --------------------------------------------------------------------------------

    def report(self):
        directors = self.directors()
        vrrp = self.vrrp_instances()
        self.handovers(vrrp)
        servers = self.virtual_servers()
        self.drained_reals(servers)
        announcements = self.announcements(servers)
        decommissioned = self.decommissioned()
        verdict = SPLIT_BRAIN if self.split else DEGRADED if self.reasons else OK
        count = len(self.order)
        return {'name': self.name, 'mode': self.expected['mode'], 'verdict': verdict,
                'split_brain': self.split, 'reasons': self.split + self.reasons, 'notes': self.notes,
                'directors': directors, 'vrrp_instances': vrrp, 'virtual_servers': servers,
                'announcements': announcements, 'decommissioned': decommissioned,
                'fair_share': round(1.0 / count, 3) if count else None}


def assess(name, expected, observed):
    """The report of cluster ``name``: ``expected`` is its entry of expected.from_report, ``observed`` maps each of
    its directors to what lvs.cluster.director_status returned there (or a registered result that says unreachable
    or failed, or None when it was not asked)."""
    return _Assessment(name, expected, observed).report()
