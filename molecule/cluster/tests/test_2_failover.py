# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The article's failover experiments (sections 4 and 5), each asserting the outcome the article reports,
within bounds computed from VRRP timing (conftest.py explains MARGIN)."""

import re
import time

from conftest import ADVERT_INT, LVS1, LVS2, MARGIN, Poller, Watcher, mdi, report, skew, vrrp_instance

# What systemd and keepalived may take from the restart to a running VRRP instance (systemd's start job, keepalived's
# config read and its first advert): the test reports what it measured beside this allowance.
START = 2.0


def _seconds(text):
    """systemd's time span as ``systemctl show`` prints it (``1s``, ``500ms``, ``1min 30s``) in seconds."""
    units = {'us': 1e-6, 'ms': 1e-3, 's': 1.0, 'min': 60.0}
    return sum(float(number) * units[unit] for number, unit in re.findall(r'([0-9.]+)(us|ms|min|s)', text))


# The vrrp_script of the track experiment (article section 5 tracks nfsd every 10 s; the lab tracks its web
# server every second, so that fall x interval is 3 s rather than 30 s).
TRACK = {'interval': 1, 'weight': -90, 'fall': 3, 'rise': 1}


def test_graceful_stop_moves_the_vip_and_the_master_takes_it_back(cluster):
    """Article 4, question 2 and 3: keepalived stopped on the master, the backup takes over; started again, the
    master preempts. A stopping master sends priority 0, so the backup waits its skew time only."""
    watcher = Watcher(LVS2, True, skew(LVS2) + MARGIN + 5)
    stopped = cluster.trigger(LVS1, 'systemctl stop keepalived')
    arrived = watcher.result()
    assert arrived is not None, 'the VIP never reached lvs2'
    bound = skew(LVS2) + MARGIN
    report('graceful stop -> VIP on backup', arrived - stopped, bound, skew(LVS2))
    assert arrived - stopped <= bound
    assert cluster.holders() == {LVS2}

    # Started again, lvs1 begins in BACKUP, ignores lvs2's lower-priority adverts and takes over when its own
    # Master_Down_Interval expires: preempt within MDI(lvs1) + MARGIN (MARGIN also covers the daemon's start).
    watcher = Watcher(LVS1, True, mdi(LVS1) + MARGIN + 5)
    started = cluster.trigger(LVS1, 'systemctl start keepalived')
    arrived = watcher.result()
    assert arrived is not None, 'lvs1 did not take the VIP back'
    bound = mdi(LVS1) + MARGIN
    report('master started again -> VIP back (preempt)', arrived - started, bound, mdi(LVS1))
    assert arrived - started <= bound
    # lvs2 steps down at the first advert of the higher priority.
    assert cluster.wait_for(lambda: cluster.holders() == {LVS1}, ADVERT_INT + MARGIN), cluster.holders()


def test_kill_9_of_the_master_leaves_the_vip_on_one_director(cluster):
    """A MASTER's keepalived killed (all its processes) sends no priority 0 advert and leaves its VIP on the interface:
    without more, the backup takes over after Master_Down_Interval and both hold the VIP for ever (lab-facts: Debian's
    unit has no Restart=). The role's drop-in has systemd start keepalived again RestartSec later; the restarted
    MASTER adverts again and the VIP is on lvs1 alone within the restart delay, the daemon's start (START) and MARGIN,
    plus one advert for the backup to let go should it have taken over meanwhile on a slow machine."""
    assert cluster.out(LVS1, 'systemctl show -p Restart --value keepalived').strip() == 'on-failure'
    restart_seconds = _seconds(cluster.out(LVS1, 'systemctl show -p RestartUSec --value keepalived'))
    old_pid = cluster.main_pid(LVS1)
    poller = Poller(interval=0.1)
    try:
        killed = cluster.trigger(LVS1, 'kill -9 $(pidof keepalived)')  # every process: none cleans up
        restarted = cluster.wait_for(lambda: cluster.main_pid(LVS1) not in (0, old_pid), restart_seconds + START + MARGIN)
        assert restarted, 'systemd did not start keepalived again'
        restart_seen = time.time()
        bound = restart_seconds + START + MARGIN + ADVERT_INT
        assert cluster.wait_for(lambda: cluster.holders() == {LVS1}, bound), cluster.holders()
        time.sleep(mdi(LVS2))  # long enough for the backup to take over if the restarted master stayed silent
    finally:
        samples = poller.stop()
    report('kill -9 master -> keepalived running again', restart_seen - killed, restart_seconds + START + MARGIN)
    assert cluster.holders() == {LVS1} and cluster.active(LVS1)
    # every 100 ms from the kill on: never a duplicate for longer than the bound
    both = sorted(t for t, held in samples[LVS2] if held and any(abs(t - u) < 0.15 and h for u, h in samples[LVS1]))
    duplicate = (both[-1] - both[0]) if both else 0.0
    report('kill -9 master -> longest duplicate VIP', duplicate, bound)
    assert duplicate <= bound, (duplicate, both[:5])


def test_both_directors_master_the_higher_priority_wins(cluster, tmp_path):
    """Article 4, question 1: lvs_vrrp_state MASTER on both (priorities 100/90); the article restarts the second
    one, which enters BACKUP on the higher-priority advert and never takes the VIP."""
    cluster.site({'lvs_vrrp_state': 'MASTER'}, tmp_path=tmp_path)
    for host in (LVS1, LVS2):
        assert 'state MASTER' in cluster.conf(host)
    assert cluster.holders() == {LVS1}

    poller = Poller()
    restarted = cluster.trigger(LVS2, 'systemctl restart keepalived')
    time.sleep(mdi(LVS2) + MARGIN)  # long enough for lvs2 to become MASTER if it were going to
    samples = poller.stop()
    assert samples[LVS1] and all(held for _t, held in samples[LVS1])
    assert samples[LVS2] and not any(held for _t, held in samples[LVS2])
    log = cluster.journal_since(LVS2, restarted)
    assert '(VI_1) Entering BACKUP STATE' in log and 'Entering MASTER STATE' not in log, log


def test_nopreempt_pair_keeps_the_vip_where_it_is(cluster, tmp_path):
    """Article 4, question 3 with nopreempt (lvs_preempt: false, both BACKUP): after the master fails and returns,
    the VIP stays on the other director."""
    cluster.site({'lvs_preempt': False}, tmp_path=tmp_path)
    for host in (LVS1, LVS2):
        text = cluster.conf(host)
        assert 'state BACKUP' in text and 'nopreempt' in text
    assert cluster.holders() == {LVS1}  # the reload kept the MASTER

    watcher = Watcher(LVS2, True, skew(LVS2) + MARGIN + 5)
    stopped = cluster.trigger(LVS1, 'systemctl stop keepalived')
    arrived = watcher.result()
    assert arrived is not None
    report('nopreempt: graceful stop -> VIP on other', arrived - stopped, skew(LVS2) + MARGIN, skew(LVS2))
    assert arrived - stopped <= skew(LVS2) + MARGIN

    poller = Poller()
    started = cluster.trigger(LVS1, 'systemctl start keepalived')
    # With preempt, lvs1 would hold the VIP again within MDI(lvs1) + MARGIN (the first test): wait one advert more.
    time.sleep(max(0.0, started + mdi(LVS1) + MARGIN + ADVERT_INT - time.time()))
    samples = poller.stop()
    assert samples[LVS2] and all(held for _t, held in samples[LVS2])
    assert samples[LVS1] and not any(held for _t, held in samples[LVS1])
    log = cluster.journal_since(LVS1, started)
    assert 'Entering BACKUP STATE' in log and 'Entering MASTER STATE' not in log, log


def test_track_script_moves_the_vip_away_and_back(cluster, tmp_path):
    """Article 5: a vrrp_script with weight -90, fall 3, rise 1 on the master's service (here lab-httpd).
    Failing, lvs1's priority drops to 100 - 90 = 10 < 90: lvs2 discards the lower adverts and takes over when its
    Master_Down_Interval expires, at most fall x interval + MDI(lvs2) after the service stopped. Back, lvs1's
    priority is 100 again within rise x interval and it preempts within MDI(lvs1)."""
    cluster.site({
        'lvs_global_defs': {'enable_script_security': True, 'script_user': 'root'},  # keepalived 2.2.7 -t bug otherwise
        'lvs_vrrp_scripts': {'chk_httpd': dict(TRACK, script='/bin/systemctl is-active --quiet lab-httpd')},
        'lvs_vrrp_instances': vrrp_instance(track_script=['chk_httpd']),
    }, tmp_path=tmp_path)
    for host in (LVS1, LVS2):
        assert 'vrrp_script chk_httpd' in cluster.conf(host) and 'weight -90' in cluster.conf(host)
    assert cluster.holders() == {LVS1}

    watcher = Watcher(LVS2, True, TRACK['fall'] * TRACK['interval'] + mdi(LVS2) + MARGIN + 5)
    stopped = cluster.trigger(LVS1, 'systemctl stop lab-httpd')
    arrived = watcher.result()
    assert arrived is not None, 'the VIP never reached lvs2'
    theory = TRACK['fall'] * TRACK['interval'] + mdi(LVS2)
    report('track_script fails (fall 3 x 1 s) -> VIP on backup', arrived - stopped, theory + MARGIN, theory)
    assert arrived - stopped <= theory + MARGIN
    assert cluster.wait_for(lambda: cluster.holders() == {LVS2}, ADVERT_INT + MARGIN), cluster.holders()
    assert 'Changing effective priority from 100 to 10' in cluster.journal_since(LVS1, stopped)

    watcher = Watcher(LVS1, True, TRACK['rise'] * TRACK['interval'] + mdi(LVS1) + MARGIN + 5)
    started = cluster.trigger(LVS1, 'systemctl start lab-httpd')
    arrived = watcher.result()
    assert arrived is not None, 'the VIP did not come back to lvs1'
    theory = TRACK['rise'] * TRACK['interval'] + mdi(LVS1)
    report('track_script succeeds (rise 1) -> VIP back', arrived - started, theory + MARGIN, theory)
    assert arrived - started <= theory + MARGIN
    assert cluster.wait_for(lambda: cluster.holders() == {LVS1}, ADVERT_INT + MARGIN), cluster.holders()
