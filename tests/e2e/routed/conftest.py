# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Three active-active directors behind a router (topology routed: lab/topologies/routed, docs/scale-out.md):
the client on the front network, the router (a container with FRR: BGP with every director, kernel ECMP with
layer-4 hashing), three directors (VMs with real IPVS) and two real servers on the back network. The package
fixture ``lab`` brings it up and deploys it (labkit.lab_session); ``cluster`` is what its inventory says, derived
by the collection (activeactive.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from labkit import lab_session

from .activeactive import ActiveActive


@pytest.fixture(scope='package')
def lab():
    yield from lab_session('routed', ActiveActive, converge_timeout=180)


@pytest.fixture
def cluster(lab):
    """The cluster, in its deployed state at the start of the test (waits for it)."""
    lab.wait_converged(timeout=180)
    return lab.cluster
