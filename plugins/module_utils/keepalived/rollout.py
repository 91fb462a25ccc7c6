# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan of a rolling update (lvs.cluster.rolling_update), from cluster_validate's derivation.

Real servers go in batches, in the inventory's order: each is drained on every director that forwards to it,
updated, prepared again and undrained. A batch may not drain every real server of a virtual server that has several
(that would be an outage, not an update); a virtual server with one real server serves nothing while it is updated,
which the plan says. A decommissioned real server (lvs_realserver_state: absent) is left out. Then the directors,
one at a time and backups first (director_order): each hands its VIPs over to its peers (VRRP) or withdraws its
announcements (active-active), is updated and configured, and takes them back. The plan says it all before any host is touched, so that --check shows it.
"""

from __future__ import absolute_import, division, print_function

from .activeactive import ACTIVE_ACTIVE
from .cluster import director_order
from .election import ranked
from .variables import ABSENT


def batch_size(value):
    """lvs_rolling_batch_size as a positive int; ValueError naming the variable otherwise."""
    if isinstance(value, bool) or not str(value).strip().isdigit() or int(str(value)) < 1:
        raise ValueError('lvs_rolling_batch_size must be a positive whole number (real servers updated at once), '
                         'not %r' % (value,))
    return int(str(value))


def plan(derivation, realservers, size=1, realserver_work=None, director_work=None):
    """{'realserver_batches': [[host, ...], ...], 'realservers': {host: step}, 'directors': [step, ...], 'lines'}.

    ``realservers``: the real-server group's hosts in the inventory's order; ``realserver_work`` and
    ``director_work``: what the operator runs on each (a tasks file or a role, as text for the plan)."""
    size = batch_size(size)
    summary, parts = derivation['summary'], derivation['hosts']
    hosts = [host for host in realservers if host in parts['realservers'] and parts['realservers'][host].get(
        'state') != ABSENT]
    batches = [hosts[start:start + size] for start in range(0, len(hosts), size)]
    alone = _emptied(batches, dict((host, parts['realservers'][host]) for host in hosts))
    steps = dict((host, _realserver_step(host, parts['realservers'][host])) for host in hosts)
    directors = [_director_step(row['host'], summary) for row in director_order(summary)]
    return {'realserver_batches': batches, 'realservers': steps, 'directors': directors,
            'lines': _lines(batches, steps, directors, realserver_work, director_work) + [
                'Note: virtual server %s on %s has one real server, %s: it serves nothing while %s is updated'
                % (label, director, host, host) for director, label, host in alone]}


def _emptied(batches, parts):
    """[(director, virtual server, its only real server)]; ValueError when a batch holds every real server of a
    virtual server that has several."""
    serving = {}
    for host, part in parts.items():
        for director, entry in (part.get('directors') or {}).items():
            for label in entry.get('virtual_servers', []):
                serving.setdefault((director, label), set()).add(host)
    for number, batch in enumerate(batches, 1):
        for (director, label), hosts in sorted(serving.items()):
            if len(hosts) > 1 and hosts <= set(batch):
                raise ValueError('batch %d (%s) would drain every real server of virtual server %s on %s, which would '
                                 'then serve nothing: lower lvs_rolling_batch_size below %d'
                                 % (number, ', '.join(batch), label, director, len(hosts)))
    return [(director, label, list(hosts)[0]) for (director, label), hosts in sorted(serving.items())
            if len(hosts) == 1]


def _realserver_step(host, part):
    directors = part.get('directors') or {}
    return {'host': host, 'address': part.get('address'), 'directors': sorted(directors),
            'weights': sorted(set(w for entry in directors.values() for w in entry['weights'])),
            'services': dict((name, entry['services']) for name, entry in sorted(directors.items()))}


def _director_step(host, summary):
    name = [cluster for cluster in sorted(summary) if host in summary[cluster]['directors']][0]
    found = summary[name]
    peers = [peer for peer in found['directors'] if peer != host]
    step = {'host': host, 'cluster': name, 'mode': found['mode'], 'peers': peers, 'handover': {},
            'preempt_vips': []}
    if found['mode'] == ACTIVE_ACTIVE:
        return step
    for instance in found['vrrp_instances'].values():
        if instance['master'] != host:
            continue
        heirs = ranked([peer for peer in instance['priorities'] if peer != host], instance['priorities'].get)
        for vip in instance['virtual_ipaddress']:
            step['handover'][vip] = heirs[0] if heirs else None
        if instance['preempt']:
            step['preempt_vips'].extend(instance['virtual_ipaddress'])
    step['preempt_vips'] = sorted(set(step['preempt_vips']))
    return step


def _lines(batches, steps, directors, realserver_work, director_work):
    lines = ['Real servers, %d at a time (lvs_rolling_batch_size), in %d batch(es):'
             % (max([len(batch) for batch in batches] or [0]), len(batches))]
    for number, batch in enumerate(batches, 1):
        lines.append('  batch %d: %s' % (number, ', '.join(batch)))
        for host in batch:
            lines.extend('    ' + line for line in _realserver_lines(steps[host], realserver_work))
    lines.append('Directors, one at a time, backups first:')
    for number, step in enumerate(directors, 1):
        lines.append('  %d. %s (cluster %s)' % (number, step['host'], step['cluster']))
        lines.extend('    ' + line for line in _director_lines(step, director_work))
    return lines


def _realserver_lines(step, work):
    on = ', '.join(step['directors']) or 'no director'
    return ['%s (%s): drained on %s, its connections awaited (at most lvs_drain_timeout)'
            % (step['host'], step['address'], on),
            '  then %s, lvs.cluster.realserver again' % (work or 'no operator tasks'),
            '  back when its health check passes, with weight %s in IPVS: %s'
            % (', '.join(str(w) for w in step['weights']) or '-',
               ', '.join('%d service(s) on %s' % (count, name) for name, count in sorted(step['services'].items()))
               or 'no service')]


def _director_lines(step, work):
    peers = ', '.join(step['peers']) or 'no peer'
    if step['mode'] == ACTIVE_ACTIVE:
        first = 'withdraws its BGP announcements, waits until the routers send it no traffic (%s serve)' % peers
        last = 'announces again and waits until traffic flows'
    elif step['handover']:
        heirs = {}
        for vip, heir in sorted(step['handover'].items()):
            heirs.setdefault(heir, []).append(vip)
        first = 'maintenance on: hands %s (checked: it holds none, every VIP has one holder)' % '; '.join(
            '%s over to %s' % (', '.join(vips), heir) for heir, vips in sorted(heirs.items(), key=str))
        last = 'maintenance off: takes %s back' % ', '.join(step['preempt_vips']) if step['preempt_vips'] else \
            'maintenance off: the VIPs stay on its peers (nopreempt)'
    else:
        first = 'maintenance on: holds no VIP as planned (any it holds at run time goes to %s)' % peers
        last = 'maintenance off'
    return [first,
            'then %s, lvs.cluster.director (keepalived reloaded for a new keepalived.conf, restarted for new daemon '
            'arguments) while its peers serve' % (work or 'no operator tasks'),
            last + ' (checked: every VIP held as the cluster wants)']
