# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property of the fast VRRP profile (profiles.py): whatever the priorities and the advert_int the operator gives (or
not), the cluster runs VRRPv3 and the failover time shown is the backup's Master_Down_Interval, 3 to 4 adverts.
(Apart from test_profiles.py: ansible-test units' environment has no Hypothesis.)"""

from __future__ import absolute_import, division, print_function

import pytest

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import given, strategies as st  # noqa: E402 pylint: disable=wrong-import-position

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, timing  # noqa: E402

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (  # noqa: E402
    article, fast, set_key)

# VRRPv3's advert_int: centiseconds from 0.01 to 40.95 s (LVS201); None: the profile's
ADVERT_INTS = st.one_of(st.none(), st.integers(1, 4095).map(lambda centiseconds: centiseconds / 100.0))


@given(priorities=st.lists(st.integers(1, 254), min_size=2, max_size=2, unique=True), advert_int=ADVERT_INTS)
def test_the_fast_profile_runs_vrrpv3_and_shows_the_backups_master_down_interval(priorities, advert_int):
    hostvars, groups = article()
    changes = [set_key(host, 'advert_int', advert_int) for host in ('lvs1', 'lvs2') if advert_int is not None]
    fast(*changes)(hostvars, groups)
    for host, priority in zip(('lvs1', 'lvs2'), priorities):
        hostvars[host]['lvs_vrrp_priority'] = priority
    report = cluster.validate(hostvars, groups)
    rules = set(issue.rule for issue in report.issues)
    assert report.valid, report.format()
    assert ('LVS021' in rules) == (advert_int is not None and advert_int >= 1)
    found = report.summary()['lvs_directors']['vrrp_instances']['VI_1']
    interval = 0.1 if advert_int is None else advert_int
    assert (found['vrrp_version'], found['advert_int']) == (3, interval)
    assert found['master_down_interval'] == round(timing.master_down_interval(interval, min(priorities), 3), 3)
    assert 3 * interval <= found['master_down_interval'] <= 4 * interval + 0.0005  # VRRPv3's skew: under one advert
