# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""collector.py: the garbage collector paused while a fleet is derived, and the claim that makes it safe (a
derivation leaves no garbage in cycles, so nothing waits for the collector)."""

from __future__ import absolute_import, division, print_function

import gc

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, collector
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import (
    active_active, article, second_cluster, with_auth)


@collector.paused
def collector_state():
    return gc.isenabled()


@collector.paused
def fails():
    raise ValueError('inside')


@pytest.fixture
def collector_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_inside_and_resumes_after(collector_enabled):
    assert collector_state() is False
    assert gc.isenabled()


def test_the_collector_resumes_after_an_exception(collector_enabled):
    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()


def test_a_collector_the_caller_paused_stays_paused(collector_enabled):
    gc.disable()
    collector_state()
    assert not gc.isenabled()


@pytest.mark.parametrize('change', [lambda h, g: None, with_auth('Pw4lvs', 'Pw4lvs'), second_cluster(),
                                    active_active(), with_auth('one', 'other')],
                         ids=['article', 'auth', 'two-clusters', 'active-active', 'invalid'])
def test_a_derivation_leaves_no_garbage_in_cycles(collector_enabled, change):
    hostvars, groups = article()
    change(hostvars, groups)
    gc.collect()
    gc.disable()
    report = cluster.validate(hostvars, groups)
    report.slices()
    report.summary()
    report.format()
    del report
    assert gc.collect() == 0
