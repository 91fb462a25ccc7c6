# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Article 4.2's mismatched pairs. Each is refused by cluster_validate before any host changes (the site
playbook's first play, the same task as the validate playbook), and, with validation bypassed by editing
keepalived.conf behind the collection's back, the lab shows what the rule prevents."""

import os
import shutil
import time

import pytest
import yaml

from conftest import ADVERT_INT, DIRECTORS, LVS1, LVS2, MARGIN, Watcher, mdi, report, skew, vrrp_instance

CASES = {
    # name: (rule, host whose host_vars differ, its variables, host edited when bypassing, sed expression)
    'virtual_router_id': ('LVS002', LVS2, {'lvs_vrrp_instances': vrrp_instance(virtual_router_id=52)},
                          LVS2, 's/virtual_router_id 51/virtual_router_id 52/'),
    # the article: master advert_int 5, backup 1
    'advert_int': ('LVS003', LVS1, {'lvs_vrrp_instances': vrrp_instance(advert_int=5)},
                   LVS1, 's/advert_int 1/advert_int 5/'),
    'password': ('LVS004', LVS2, {'lvs_vrrp_instances': vrrp_instance(
        authentication={'auth_type': 'PASS', 'auth_pass': '0ther123'})},
        LVS2, 's/auth_pass m0lecule/auth_pass 0ther123/'),
    'equal_priority': ('LVS008', LVS2, {'lvs_vrrp_priority': 100}, LVS2, 's/priority 90/priority 100/'),
}


def bad_inventory(tmp_path, host, variables):
    """A copy of the scenario's inventory with ``variables`` in ``host``'s host_vars."""
    source = os.path.dirname(os.environ['MOLECULE_INVENTORY_FILE'])
    target = tmp_path / 'inventory'
    shutil.copytree(source, str(target))
    (target / 'host_vars').mkdir(exist_ok=True)
    # Ansible reads only the first of host_vars/HOST, HOST.yml, ... it finds, and molecule writes HOST:
    # merge into that file when it is there.
    existing = [target / 'host_vars' / (host + ext) for ext in ('', '.yml', '.yaml') if (target / 'host_vars' / (host + ext)).exists()]
    path = existing[0] if existing else target / 'host_vars' / (host + '.yml')
    merged = (yaml.safe_load(path.read_text()) or {}) if existing else {}
    merged.update(variables)
    path.write_text(yaml.safe_dump(merged))
    return str(target / os.path.basename(os.environ['MOLECULE_INVENTORY_FILE']))


@pytest.mark.parametrize('case', sorted(CASES))
def test_mismatch_is_refused_before_any_host_changes(cluster, tmp_path, case):
    rule, host, variables, _edited, _sed = CASES[case]
    before = dict((h, (cluster.conf(h), cluster.main_pid(h))) for h in DIRECTORS)
    result = cluster.playbook('lvs.cluster.site', inventory=bad_inventory(tmp_path, host, variables))
    assert result.returncode != 0, result.stdout[-3000:]
    assert '[%s]' % rule in result.stdout, result.stdout[-3000:]
    assert 'lvs.cluster.director' not in result.stdout  # stopped in the first play
    assert dict((h, (cluster.conf(h), cluster.main_pid(h))) for h in DIRECTORS) == before
    assert cluster.holders() == {LVS1}


@pytest.mark.parametrize('case', ['virtual_router_id', 'advert_int', 'password'])
def test_mismatch_bypassed_gives_two_masters(cluster, case):
    """The article: different virtual_router_id, advert_int or password, and both directors hold the VIP. lvs2
    no longer accepts lvs1's adverts, so it takes over when its Master_Down_Interval expires; lvs1 drops lvs2's
    adverts too and stays MASTER."""
    _rule, _host, _variables, edited, sed = CASES[case]
    watcher = Watcher(LVS2, True, mdi(LVS2) + MARGIN + 5)
    changed = cluster.trigger(edited, "sed -i '%s' /etc/keepalived/keepalived.conf && systemctl reload keepalived"
                              % sed)
    arrived = watcher.result()
    assert arrived is not None, 'lvs2 never took the VIP'
    report('%s mismatch -> second MASTER' % case, arrived - changed, mdi(LVS2) + MARGIN, mdi(LVS2))
    assert arrived - changed <= mdi(LVS2) + MARGIN
    time.sleep(ADVERT_INT + MARGIN)  # not a transient: still two holders after the next adverts
    assert cluster.holders() == {LVS1, LVS2}


def test_equal_priorities_bypassed_the_inventory_order_no_longer_decides(cluster):
    """The article says equal priorities give two MASTERs; keepalived 2.2.7 does not do that in the lab: a backup
    treats an advert of equal priority like a higher one (RFC 3768), so whoever is MASTER stays MASTER. What the
    rule prevents is then that lvs1, the inventory's master, never gets its VIP back after a failure: the
    election depends on who started first."""
    _rule, _host, _variables, edited, sed = CASES['equal_priority']
    cluster.sh(edited, "sed -i '%s' /etc/keepalived/keepalived.conf && systemctl reload keepalived" % sed)
    time.sleep(mdi(LVS2) + MARGIN)
    assert cluster.holders() == {LVS1}  # observed: no second MASTER

    watcher = Watcher(LVS2, True, skew(LVS2, 100) + MARGIN + 5)
    stopped = cluster.trigger(LVS1, 'systemctl stop keepalived')
    arrived = watcher.result()
    assert arrived is not None
    assert arrived - stopped <= skew(LVS2, 100) + MARGIN
    started = cluster.trigger(LVS1, 'systemctl start keepalived')
    # With distinct priorities lvs1 preempts within MDI(lvs1) + MARGIN; wait one advert more.
    time.sleep(max(0.0, started + mdi(LVS1) + MARGIN + ADVERT_INT - time.time()))
    assert cluster.holders() == {LVS2}
