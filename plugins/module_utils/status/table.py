# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A cluster report (assess.py) as text: the verdict and its reasons, then one table per part: the directors, each
VRRP instance, each virtual server, and an active-active cluster's announcements."""

from __future__ import absolute_import, division, print_function

import time

from ..keepalived.activeactive import ACTIVE_ACTIVE

VERDICT_WORDS = {'ok': 'OK', 'degraded': 'DEGRADED', 'split_brain': 'SPLIT BRAIN'}
NONE = '-'


def _cell(value):
    if value is None or value == []:
        return NONE
    if value is True:
        return 'yes'
    if value is False:
        return 'no'
    return str(value)


def grid(headers, rows, indent='  '):
    """Lines of a table whose columns are as wide as their widest cell (the last one unpadded)."""
    cells = [list(headers)] + [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]
    return [(indent + '  '.join(cell.ljust(width) for cell, width in zip(row, widths))).rstrip() for row in cells]


def age(seconds):
    if seconds is None:
        return None
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return '%dd%02dh' % (days, hours)
    if hours:
        return '%dh%02dm' % (hours, minutes)
    return '%dm%02ds' % (minutes, seconds) if minutes else '%ds' % seconds


def when(epoch, since):
    if not epoch:
        return None
    stamp = time.strftime('%Y-%m-%d %H:%M:%SZ', time.gmtime(epoch))
    return '%s (%s ago)' % (stamp, age(since)) if since is not None else stamp


def percent(share):
    return None if share is None else '%d%%' % round(share * 100)


def _processes(row):
    if row['keepalived'] is None:
        return None
    running = [name for name, on in (('vrrp', row['vrrp']), ('checker', row['checker'])) if on]
    return '%s (%s)' % (row['keepalived'], ', '.join(running)) if running else row['keepalived']


def directors(report):
    rows = [[row['host'], row['reached'], _processes(row), row['ipvs'],
             row['connections'], row['connections_per_second'], percent(row['share'])] for row in report['directors']]
    return grid(['director', 'reached', 'keepalived', 'IPVS', 'connections', 'new/s', 'share'], rows)


def vrrp_instance(instance, in_maintenance=()):
    """The instance's table; the state of a director of ``in_maintenance`` says so (it hands its VIPs over)."""
    lines = ['  VRRP instance %s (virtual_router_id %s): %s; expected MASTER %s%s' % (
        instance['name'], _cell(instance['vrid']), ', '.join(instance['vips']), instance['expected_master'],
        '' if instance['preempt'] else ' (nopreempt)')]
    rows = []
    for row in instance['directors']:
        priority = row['priority']
        shown = '/'.join(_cell(priority[key]) for key in ('inventory', 'keepalived', 'effective'))
        state = '%s (maintenance)' % _cell(row['state']) if row['host'] in in_maintenance else row['state']
        rows.append([row['host'], state, shown, ', '.join(row['holds']) or None,
                     when(row['last_transition'], row['since_seconds'])])
    return lines + grid(['director', 'state', 'priority inv/run/eff', 'holds', 'last transition'], rows)


def virtual_server(server):
    details = [part for part in (server['scheduler'], server['method'], 'quorum %s' % server['quorum']) if part]
    quorum = ['%s %s' % (row['host'], {True: 'up', False: 'DOWN', None: '?'}[row['quorum_up']])
              for row in server['directors']]
    lines = ['  virtual server %s (%s); quorum per director: %s' % (server['key'], ', '.join(details), ', '.join(quorum))]
    rows = []
    for real in server['real_servers']:
        name = '%s %s' % (real['name'], real['key']) if real['name'] else real['key']
        for index, row in enumerate(real['directors']):
            weight = '%s/%s' % (_cell(row['weight']['inventory']), _cell(row['weight']['ipvs']))
            rows.append([name if index == 0 else '', row['host'], row['state'], weight, row['active'], row['inactive']])
    return lines + grid(['real server', 'director', 'state', 'weight inv/ipvs', 'active', 'inactive'], rows)


def announcements(report):
    fair = percent(report['fair_share'])
    lines = ['  announcements over BGP (each director\'s share is above; a fair share is 1/%d = %s)' % (
        len(report['directors']), fair)]
    rows = []
    for row in report['announcements']:
        sessions = ', '.join('%s %s %s' % (s['peer'], s['state'], s['uptime'] or '') for s in row['sessions'])
        first = [row['host'], {True: 'ON', False: 'off', None: None}[row['maintenance']],
                 sessions if row['bgp'] else ('unknown' if row['bgp'] is False else None)]
        for index, vip in enumerate(row['vips'] or [None]):
            cells = first if index == 0 else ['', '', '']
            if vip is None:
                rows.append(cells + [None] * 5)
                continue
            can = vip['can_serve']
            rows.append(cells + [vip['vip'], vip['local'], vip['announced'], ', '.join(vip['advertised_to']) or None,
                                 ('no: ' + '; '.join(vip['why_not'])) if can is False else can])
    return lines + grid(['director', 'maintenance', 'BGP sessions', 'VIP', 'local', 'announced', 'advertised to',
                         'can serve'], rows)


def cluster(report):
    """The lines of one cluster's report."""
    count = len(report['directors'])
    lines = ['cluster %s (%s, %d director%s): %s' % (
        report['name'], report['mode'], count, '' if count == 1 else 's', VERDICT_WORDS[report['verdict']])]
    lines += ['  ! %s' % reason for reason in report['reasons']]
    lines += ['  note: %s' % note for note in report['notes']]
    if report['decommissioned']:
        lines.append('  decommissioned (lvs_realserver_state: absent): %s' % ', '.join(
            '%s (%s)' % (real['host'], real['address']) for real in report['decommissioned']))
    lines += [''] + directors(report)
    in_maintenance = [row['host'] for row in report['directors'] if row['maintenance']]
    for instance in report['vrrp_instances']:
        lines += [''] + vrrp_instance(instance, in_maintenance)
    for server in report['virtual_servers']:
        lines += [''] + virtual_server(server)
    if report['mode'] == ACTIVE_ACTIVE:
        lines += [''] + announcements(report)
    return lines


def render(reports):
    """Every cluster's lines, a blank line between clusters."""
    lines = []
    for report in reports:
        lines += ([''] if lines else []) + cluster(report)
    return lines


def summary(reports):
    """One line per cluster: its verdict and its reasons."""
    return '\n'.join('cluster %s: %s%s' % (report['name'], VERDICT_WORDS[report['verdict']],
                                           (': ' + '; '.join(report['reasons'])) if report['reasons'] else '')
                     for report in reports)
