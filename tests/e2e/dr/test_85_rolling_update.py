# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rolling update under traffic (lvs.cluster.rolling_update): rs1, rs2, then lvs2 and lvs1, each with the operator's
own work, and not one failed request; and a rolling update whose work fails on the first real server: it stops
there, touching no later host, with the cluster serving and that real server left drained.

The client opens a new connection per request (test_30's loop): a drained real server gets no new connection, so
restarting its web server breaks none (a keep-alive connection it still carried would break there, whatever the
drain waited). The directors' work restarts keepalived, the change a reload cannot apply: on a director handed
over to its peer, the restart moves no VIP.
"""

from __future__ import absolute_import, division, print_function

import re
import threading
import time

from labkit import LOOP, outcome, url

DURATION = 1200        # the loop's upper bound; it is stopped when the playbook ends
MAX_REQUESTS = 100000
CURL_TIMEOUT = 1
PAUSE = 0.05
DRAIN_TIMEOUT = 20
FIRST_HOST_TASK = 'Drain it on every director that forwards to it'  # the real servers' play's first task
MARGIN = CURL_TIMEOUT + 1.5  # as test_30: one lost connection attempt, the loop and TCG
STARTED = "systemctl show -p ActiveEnterTimestampMonotonic --value keepalived"

REALSERVER_WORK = '''
- name: Restart the web server (an application deploy)
  ansible.builtin.systemd_service:
    name: "{{ lab_web_service }}"
    state: restarted
'''
DIRECTOR_WORK = '''
- name: Restart keepalived (what a package upgrade does; a reload would not do)
  ansible.builtin.command: systemctl restart keepalived
  changed_when: true
'''
FAILING_WORK = '''
- name: Upgrade, which fails on rs1
  ansible.builtin.fail:
    msg: the upgrade of {{ inventory_hostname }} failed on purpose
  when: inventory_hostname == 'rs1'
'''


class Traffic(object):
    """test_30's client loop on the client, and a look every half second at who holds the VIP, for one run."""

    def __init__(self, lab, cluster):
        self.lab = lab
        lab.wait_converged(timeout=120)  # the lab as deployed, whatever the test before left moving
        self.loop = lab.popen(cluster.client, LOOP % dict(duration=DURATION, max=MAX_REQUESTS, timeout=CURL_TIMEOUT,
                                                          url=url(cluster.vip, cluster.port), pause=PAUSE))
        self.holders = []  # [(time, [directors])]
        self.running = True
        self.sampler = threading.Thread(target=self._sample, name='vip-holders')
        self.sampler.daemon = True
        self.sampler.start()
        time.sleep(3)  # answers before the first change

    def _sample(self):
        while self.running:
            self.holders.append((time.time(), self.lab.vip_holders()))
            time.sleep(0.5)

    def stop(self):
        """(results, answered, failed, longest time without an answer, median between answers, longest time the
        look saw no holder) of the run."""
        time.sleep(2)  # answers after the last change
        self.running = False
        self.loop.terminate()
        log, _err = self.loop.communicate(timeout=60)
        self.sampler.join(30)
        results, ok, failed, gap, normal = outcome(log[:log.rfind('\n') + 1])  # not a line cut by the stop
        return results, ok, failed, gap, normal, self.without_holder()

    def without_holder(self):
        """The longest time in which every look saw no director holding the VIP (a look reads the directors one
        after the other, so one look alone can miss a handover's moment)."""
        longest, since = 0.0, None
        for when, holders in self.holders:
            if holders:
                since = None
            else:
                since = when if since is None else since
                longest = max(longest, when - since)
        return longest

    def kill(self):
        self.running = False
        if self.loop.poll() is None:
            self.loop.kill()


def rolling_update(lab, tmp_path, realserver_work, director_work=None):
    (tmp_path / 'realserver.yml').write_text(realserver_work)
    # the loop's connections last a fraction of a second; IPVS may still count one the director saw no end of (DR:
    # it sees the client's side only) for its ESTABLISHED timeout, which the drain's bound cuts short
    extra = ['--playbook', 'lvs.cluster.rolling_update', '-e', 'lvs_rolling_realserver_tasks=%s'
             % (tmp_path / 'realserver.yml'), '-e', 'lvs_drain_timeout=%d' % DRAIN_TIMEOUT]
    if director_work:
        (tmp_path / 'director.yml').write_text(director_work)
        extra += ['-e', 'lvs_rolling_director_tasks=%s' % (tmp_path / 'director.yml')]
    t0 = time.time()
    rc, output = lab.script_output('deploy.sh', *extra)
    return rc, output, time.time() - t0


def test_a_full_rolling_update_under_traffic(lab, cluster, tmp_path):
    started = dict((d, lab.out(d, STARTED).strip()) for d in cluster.directors)
    traffic = Traffic(lab, cluster)
    try:
        rc, output, took = rolling_update(lab, tmp_path, REALSERVER_WORK, DIRECTOR_WORK)
        results, ok, failed, gap, normal, unheld = traffic.stop()
    finally:
        traffic.kill()
    restarted = [d for d in cluster.directors if lab.out(d, STARTED).strip() != started[d]]
    tables = dict((d, lab.reals_in_table(d)) for d in cluster.directors)
    holders = lab.vip_holders()
    answers = lab.requests(6)
    print('\n[e2e] rolling update of %s, then %s (web server restarted on each real server, keepalived on each '
          'director) under traffic (a new connection per request): playbook %.0f s, %d requests, %d failed; '
          'longest time without an answer %.2f s (median between answers %.2f s); longest time no director was seen '
          'holding the VIP %.1f s; keepalived restarted on %s; VIP on %s; tables %s'
          % (', '.join(cluster.realservers), ', '.join(cluster.backups + [cluster.master]), took, len(results),
             len(failed), gap, normal, unheld, restarted, holders, tables))
    assert rc == 0, output[-3000:]
    assert results and len(failed) == 0, failed[:20]
    assert gap <= MARGIN, 'longest time without an answer %.2f s over %.2f s' % (gap, MARGIN)
    assert unheld < 1.5, 'no director held the VIP for %.1f s' % unheld  # a lost holder stays lost for 3.6 s
    assert sorted(restarted) == sorted(cluster.directors), restarted
    assert holders == [cluster.master]
    assert all(table == cluster.expected_reals() for table in tables.values()), tables
    assert sorted(set(answers)) == sorted(cluster.realservers), answers


def test_a_rolling_update_that_fails_on_the_first_real_server_leaves_it_drained(lab, cluster, tmp_path):
    failing, other = lab.derive()[3]['lvs_realservers'][:2]  # the batches' order: the inventory's
    endpoint = cluster.address_of(failing)
    traffic = Traffic(lab, cluster)
    try:
        rc, output, took = rolling_update(lab, tmp_path, FAILING_WORK.replace('rs1', failing))
        results, ok, failed, gap, _normal, _unheld = traffic.stop()
        weights = dict((d, lab.reals_in_table(d)[endpoint][1]) for d in cluster.directors)
        answers = lab.requests(6)
    finally:
        traffic.kill()
        lab.script('deploy.sh', '--playbook', 'lvs.cluster.undrain', '-e', 'lvs_drain_host=%s' % failing)
    lab.wait_converged(timeout=60)
    print('\n[e2e] rolling update failing on %s under traffic: playbook %.0f s, exit %d; %d requests, %d failed, '
          'longest time without an answer %.2f s; %s weights %s; new connections answered by %s; undrained after'
          % (failing, took, rc, len(results), len(failed), gap, failing, weights, sorted(set(answers))))
    assert rc != 0
    assert 'Rolling update stopped at real server %s' % failing in output, output[-3000:]
    assert 'lvs.cluster.undrain -e lvs_drain_host=%s' % failing in output
    assert 'PLAY [Update the directors' not in output
    updating = output.split('PLAY [Update the real servers', 1)[1]
    assert FIRST_HOST_TASK in updating and not re.search(r'^(ok|changed|fatal|skipping): \[%s[] ]' % other, updating,
                                                         re.M), updating  # no task ran on the later real server
    assert set(weights.values()) == {0}, weights
    assert answers == [other] * 6, answers
    assert results and len(failed) == 0, failed[:20]
