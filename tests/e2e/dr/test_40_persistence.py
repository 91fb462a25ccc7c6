# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""persistence_timeout: the site playbook is re-run with it set on the virtual server (the article's
commented-out `persistence_timeout 60`); one client then sticks to one real server. The playbook is
run again without it afterwards, and round robin is back. Both runs are `--tags directors`, as an operator changing
only the directors' configuration runs it: the whole inventory is still validated, the real servers are not visited,
and the test itself checks who holds the VIP."""

from __future__ import absolute_import, division, print_function

import copy
import json

PERSISTENCE = 60
REQUESTS = 8


def test_client_sticks_to_one_real_server(lab, cluster, tmp_path):
    key = ('TCP', '%s:%d' % (cluster.vip, cluster.port))
    servers = copy.deepcopy(cluster.plain_virtual_servers)
    for server in servers:
        server['persistence_timeout'] = PERSISTENCE
    extra = tmp_path / 'persistence.json'
    extra.write_text(json.dumps({'lvs_virtual_servers': servers}))
    took = lab.script('deploy.sh', '--tags', 'directors', '-e', '@%s' % extra)
    print('\n[e2e] site playbook with persistence_timeout %d: %.0f s' % (PERSISTENCE, took))
    try:
        for director in cluster.directors:
            assert lab.ipvs(director)[key]['flags'] == 'persistent %d' % PERSISTENCE, (director, lab.ipvs(director))
        assert lab.vip_holders() == [cluster.master], 'the change moved the VIP (a reload must not fail over)'
        since = lab.out(cluster.master, 'date +%s').strip()
        answers = lab.requests(REQUESTS)
        print('[e2e] %d requests with persistence: %s' % (REQUESTS, ' '.join(str(a) for a in answers)))
        assert None not in answers, answers
        shown = "ipvsadm -Lnc; ip -o -4 addr show; journalctl -u keepalived -o short-precise --since @%s" % since
        assert len(set(answers)) == 1, 'the client did not stick to one real server: %s; the directors show:\n%s' % (
            answers, '\n'.join('%s:\n%s' % (d, lab.ssh(d, shown, check=False)[1]) for d in cluster.directors))
    finally:
        took = lab.script('deploy.sh', '--tags', 'directors')
        print('[e2e] site playbook back to the inventory: %.0f s' % took)
    assert lab.ipvs(cluster.master)[key]['flags'] == ''
    answers = lab.requests(REQUESTS)
    assert sorted(set(answers)) == sorted(cluster.realservers), answers
