# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A lab start made to fail on purpose: up.sh names the guest and the real cause from its console as soon
as it shows (not after the ssh timeout), and leaves nothing running: no QEMU, container, docker network,
veth, tap, bridge or namespace.

It runs a lab of its own (one director VM, one real-server container) with another namespace, subnet and
state directory, before the main lab's tests, so it touches neither the main lab nor lab/inventory."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import subprocess
import time

import pytest

LAB_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'lab', 'vm')
NETNS = 'lvsfail'

FAILURES = {
    # the director's gateway is outside its subnet: lvslab-identity cannot set the route and fails
    'failed-unit': ({'LVS_LAB_GATEWAY': '10.250.0.1'},
                    'failed to boot: Failed to start lvslab-identity.service (it said: Error: Nexthop has invalid gateway.)'),
    # no root disk: the initrd gives up and powers off, so QEMU exits
    'no-root-disk': ({'LVS_LAB_CMDLINE_EXTRA': 'mitigations=off root=/dev/vdz'}, 'root device /dev/vdz did not appear'),
}


def leftovers():
    """What of the lab 'lvsfail' still exists on this machine."""
    found = []
    qemu = subprocess.run(['pgrep', '-af', '--', '-name %s-' % NETNS], capture_output=True, text=True, check=False)
    found += ['QEMU: %s' % line for line in qemu.stdout.splitlines()]
    netns = subprocess.run(['ip', 'netns', 'list'], capture_output=True, text=True, check=False).stdout.split()
    found += ['netns %s' % NETNS] if NETNS in netns else []
    links = subprocess.run(['ip', '-o', 'link', 'show'], capture_output=True, text=True, check=False).stdout
    found += ['link %s' % name for name in re.findall(r'^\d+: (%s-[a-z0-9]+)@' % NETNS, links, re.M)]
    docker = '/usr/bin/docker' if os.path.exists('/usr/bin/docker') else 'docker'
    label = 'label=lvs-cluster-lab=%s' % NETNS
    for kind, argv in (('container', ['ps', '-a']), ('docker network', ['network', 'ls'])):
        out = subprocess.run([docker] + argv + ['-q', '--filter', label], capture_output=True, text=True,
                             check=False).stdout
        found += ['%s %s' % (kind, ident) for ident in out.split()]
    return found


@pytest.mark.parametrize('failure', sorted(FAILURES))
def test_failed_start_names_the_cause_and_leaves_nothing(lab_can_run, failure, tmp_path):
    assert leftovers() == [], 'a previous run left the test lab behind: %s' % leftovers()
    overrides, cause = FAILURES[failure]
    env = dict(os.environ, LVS_LAB_NETNS=NETNS, LVS_LAB_BRIDGE_IP='10.1.99.1',
               LVS_LAB_HOSTS='fd1:10.1.99.160:lvs_directors:vm frs1:10.1.99.163:lvs_realservers:container',
               LVS_LAB_STATE=str(tmp_path / 'state'), LVS_LAB_INVENTORY_DIR=str(tmp_path))
    env.update(overrides)
    t0 = time.time()
    proc = subprocess.run([os.path.join(LAB_DIR, 'up.sh')], env=env, capture_output=True, text=True, timeout=900,
                          check=False)
    took = time.time() - t0
    print('\n[e2e] %s: up.sh exited %d after %.0f s; its last lines:\n%s'
          % (failure, proc.returncode, took, '\n'.join(proc.stderr.splitlines()[-6:])))
    output = '\n'.join(proc.stderr.splitlines()[-25:])
    named = 'fd1' in proc.stderr and cause in proc.stderr
    by_timeout = 'no ssh from' in proc.stderr
    assert proc.returncode != 0, output
    assert named, 'up.sh did not name fd1 and "%s":\n%s' % (cause, output)
    assert not by_timeout, 'found only by the ssh timeout, not from the console:\n%s' % output
    assert leftovers() == []
