# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""End-to-end tests on the VM lab (lab/vm), one topology (lab/topologies) per test package: tests/e2e/dr is the
article's VRRP pair, tests/e2e/routed three active-active directors behind an FRR router. Each package's fixture
``lab`` (labkit.lab_session) brings its topology up, deploys the cluster with ``lvs.cluster.site`` and takes the
lab down at the end of the package; the next package switches the lab to its own topology. The directors are
QEMU VMs with a real IPVS kernel, every other host a systemd container; everything goes over ssh inside the
lab's namespace. Every test skips only when the lab cannot run on this machine at all (not root, no QEMU, no
network namespaces); when it could run but does not come up, the tests error.

Expected values come from each topology's inventory through the collection's own derivation
(module_utils/keepalived/inventory.py); VRRP bounds from module_utils/keepalived/timing.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from labkit import cannot_run_reason, lab_settings


@pytest.fixture(scope='session')
def lab_can_run():
    """Skips when the VM lab cannot run on this machine at all."""
    reason = cannot_run_reason(lab_settings())
    if reason:
        pytest.skip('the VM lab cannot run on this machine: %s' % reason)
