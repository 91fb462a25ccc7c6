# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report as text: the verdict and its reasons first, then aligned tables (reports from test_assess's cases)."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.status import table
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.status import test_assess as cases


def test_columns_line_up_and_empty_values_show_a_dash():
    lines = table.grid(['a', 'column'], [['long value', None], ['', True]], indent='')
    assert lines == ['a           column', 'long value  -', '            yes']
    assert table.grid(['x'], [[[]]], indent='') == ['x', '-']


def test_ages_and_times():
    assert [table.age(s) for s in (None, 7, 125, 3 * 3600 + 60, 2 * 86400 + 5 * 3600)] == \
        [None, '7s', '2m05s', '3h01m', '2d05h']
    assert table.when(0, 5) is None
    assert table.when(1796403037.8, 3600) == '2026-12-04 16:50:37Z (1h00m ago)'
    assert table.percent(None) is None and table.percent(0.333) == '33%'


def test_a_degraded_vrrp_pair():
    stopped = cases.director('10.1.1.161', [], running=False, services=cases.ipvs('dr/lvs2-ip_vs.txt'))
    lines = table.cluster(cases.judge(cases.vrrp_pair(lvs2=stopped)))
    assert lines[0] == 'cluster lvs_directors (vrrp, 2 directors): DEGRADED'
    assert lines[1] == '  ! keepalived is not running on lvs2'
    text = '\n'.join(lines)
    assert '  lvs2      yes      stopped                  yes   109          2      61%' in text
    assert '  VRRP instance VI_1 (virtual_router_id 51): 10.1.1.166; expected MASTER lvs1' in text
    assert '  lvs1      MASTER  100/100/100           10.1.1.166' in text
    assert '  lvs2      -       90/-/-                -           -' in text
    rows = [line for line in lines if '10.1.1.163:80' in line or line.startswith('                     lvs2')]
    assert rows[0].startswith('  rs1 10.1.1.163:80  lvs1      up') and rows[1].startswith('                     lvs2')


def test_split_brain_says_so_first():
    lines = table.cluster(cases.judge(cases.vrrp_pair(lvs2=cases.director('10.1.1.161', [cases.instance('MASTER', 90)],
                                                                          holds=['10.1.1.166']))))
    assert lines[0].endswith('SPLIT BRAIN')
    assert lines[1].startswith('  ! VRRP instance VI_1 (virtual_router_id 51) is MASTER on lvs1 and lvs2')


def quorum_lost_on_lvs2():
    return cases.aa_cluster(lvs2=cases.aa_director('10.1.1.161', announced=(), quorum_lost=True))


def test_active_active_announcements_one_row_per_vip():
    lines = table.cluster(quorum_lost_on_lvs2())
    start = lines.index([line for line in lines if line.startswith('  announcements over BGP')][0])
    assert lines[start] == "  announcements over BGP (each director's share is above; a fair share is 1/3 = 33%)"
    assert lines[start + 1].split() == ['director', 'maintenance', 'BGP', 'sessions', 'VIP', 'local', 'announced',
                                        'advertised', 'to', 'can', 'serve']
    assert lines[start + 2].split() == ['lvs1', 'off', '10.1.1.254', 'Established', '00:10:00', '10.1.10.166', 'yes',
                                        'yes', '10.1.1.254', 'yes']
    assert lines[start + 3].split() == ['lvs2', 'off', '10.1.1.254', 'Established', '00:10:00', '10.1.10.166', 'yes',
                                        'no', '-', 'no:', 'no', 'quorum', 'for', 'TCP-10.1.10.166:80']
    assert len(lines) == start + 5


def test_several_clusters_and_the_summary():
    reports = [dict(cases.judge(cases.vrrp_pair()), name='web'), quorum_lost_on_lvs2()]
    lines = table.render(reports)
    assert lines[0] == 'cluster web (vrrp, 2 directors): OK' and '' in lines
    assert table.summary(reports).splitlines() == [
        'cluster web: OK',
        'cluster lvs_directors: DEGRADED: TCP 10.1.10.166:80 has lost its quorum on lvs2 (1 healthy real server needed); '
        "real server rs1 (10.1.1.163:80) of TCP 10.1.10.166:80 is down on lvs2 (keepalived's checkers); real server rs2 "
        "(10.1.1.164:80) of TCP 10.1.10.166:80 is down on lvs2 (keepalived's checkers)"]


def test_a_drained_real_server_and_a_vrrp_director_in_maintenance():
    observed = cases.drained('10.1.1.163', ('lvs1', 'lvs2'))
    observed['lvs1'].update(vrrp_instances=[cases.instance('BACKUP', 100, effective=89)], maintenance=True,
                            addresses=['10.1.1.160'])
    observed['lvs2'].update(vrrp_instances=[cases.instance('MASTER', 90)], addresses=['10.1.1.161', '10.1.1.166'])
    lines = table.cluster(cases.judge(observed))
    assert lines[:3] == ['cluster lvs_directors (vrrp, 2 directors): DEGRADED',
                         '  ! lvs1 is in maintenance: its VIPs are handed over to lvs2',
                         '  ! real server rs1 (10.1.1.163) is drained on lvs1 and lvs2']
    assert [line.split()[:5] for line in lines if 'BACKUP' in line or '10.1.1.163:80' in line] == [
        ['lvs1', 'BACKUP', '(maintenance)', '100/100/89', '-'], ['rs1', '10.1.1.163:80', 'lvs1', 'drained', '1/0']]
    assert [line.split()[:3] for line in lines if line.startswith('                     lvs2')][0] == \
        ['lvs2', 'drained', '1/0']


def test_a_decommissioned_real_server_has_its_own_line():
    lines = table.cluster(cases.judge(cases.without_rs2(), host_vars=cases.ABSENT_RS2))
    assert lines[0] == 'cluster lvs_directors (vrrp, 2 directors): OK'
    assert lines[1] == '  decommissioned (lvs_realserver_state: absent): rs2 (10.1.1.164)'
    assert 'rs2 10.1.1.164:80' not in '\n'.join(lines)
