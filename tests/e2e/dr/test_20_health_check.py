# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Health checking: a real server whose web server stops leaves the IPVS table within delay_loop +
retry x delay_before_retry (plus a margin), every request then goes to the others; started again, it
comes back within delay_loop (plus the margin)."""

from __future__ import absolute_import, division, print_function

# Polling every 0.5 s over ssh, and keepalived's checker thread under TCG emulation.
MARGIN = 3.0
REQUESTS = 6


def test_stopped_web_server_leaves_and_returns(lab, cluster):
    victim = cluster.realservers[0]
    others = [r for r in cluster.realservers if r != victim]
    address = lab.cluster.address_of(victim)
    down_bound = cluster.check_down_bound(victim) + MARGIN
    up_bound = cluster.delay_loop + MARGIN
    web = lab.web_service(victim)
    lab.ssh(victim, 'systemctl stop %s' % web)
    try:
        took = lab.wait_for('%s out of the IPVS table of %s' % (victim, cluster.master),
                            lambda: address not in lab.reals_in_table(cluster.master), down_bound, interval=0.5)
        checker = cluster.checker(victim)
        print('\n[e2e] %s left the IPVS table %.1f s after %s stopped (bound %.1f s = delay_loop %g + retry %s x '
              'delay_before_retry %s + margin %g)'
              % (victim, took, web, down_bound, cluster.delay_loop, checker.get('retry', 1),
                 checker.get('delay_before_retry', 1), MARGIN))
        answers = lab.requests(REQUESTS)
        assert None not in answers, answers
        assert set(answers) <= set(others), 'requests still reach %s: %s' % (victim, answers)
    finally:
        lab.ssh(victim, 'systemctl start %s' % web)
    took = lab.wait_for('%s back in the IPVS table of %s' % (victim, cluster.master),
                        lambda: address in lab.reals_in_table(cluster.master), up_bound, interval=0.5)
    print('[e2e] %s back in the IPVS table %.1f s after %s started (bound %.1f s)' % (victim, took, web, up_bound))
    assert lab.reals_in_table(cluster.master) == cluster.expected_reals()
    answers = lab.requests(REQUESTS)
    assert sorted(set(answers)) == sorted(cluster.realservers), answers
