# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""LVS-DR round robin: requests from the client to the VIP alternate between the real servers, and
the master's IPVS table lists them with the forwarding method and weights of the configuration."""

from __future__ import absolute_import, division, print_function

REQUESTS = 10


def test_requests_alternate_between_the_real_servers(lab, cluster):
    assert cluster.virtual_server['lvs_sched'] == 'rr' and cluster.virtual_server['lvs_method'] == 'DR'
    answers = lab.requests(REQUESTS)
    print('\n[e2e] %d requests to http://%s/: %s' % (REQUESTS, cluster.vip, ' '.join(str(a) for a in answers)))
    assert None not in answers, 'failed requests: %s' % answers
    assert sorted(set(answers)) == sorted(cluster.realservers)
    # rr with one client and new connections only: strictly in turn
    n = len(cluster.realservers)
    for i in range(n, REQUESTS):
        assert answers[i] == answers[i - n], 'not in turn at request %d: %s' % (i + 1, answers)
    assert len(set(answers[:n])) == n, answers


def test_master_ipvs_table_has_the_configured_real_servers_and_weights(lab, cluster):
    table = lab.ipvs(cluster.master)
    key = ('TCP', '%s:%d' % (cluster.vip, cluster.port))
    assert key in table, table
    assert table[key]['sched'] == cluster.virtual_server['lvs_sched']
    assert 'persistent' not in table[key]['flags']
    assert dict((real, entry[:2]) for real, entry in table[key]['reals'].items()) == cluster.expected_reals()


def test_only_the_master_holds_the_vip(lab, cluster):
    assert lab.vip_holders() == [cluster.master]
    for backup in cluster.backups:
        # the backup load-balances nothing while it is not MASTER, but its keepalived keeps the table ready
        assert lab.ipvs(backup).get(('TCP', '%s:%d' % (cluster.vip, cluster.port))) is not None
