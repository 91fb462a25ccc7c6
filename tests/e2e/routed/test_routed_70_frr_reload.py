# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A change of a director's frr.conf under traffic, applied as the director role applies it (its task
``lvs.cluster.frr_config`` with another BGP connect timer, then its handler's ``systemctl reload frr``, which runs
FRR's frr-reload.py) on lvs3: the BGP session with the router stays up (its uptime keeps counting), the router keeps
routing through lvs3, no connection breaks. (The last test of the package: lvs3 keeps the changed timer until the lab
is taken down.)"""

from __future__ import absolute_import, division, print_function

import json

from labkit import Connections

from .activeactive import next_hops


def session_uptime(lab, address):
    """The router's BGP session uptime with ``address`` in milliseconds, or None when it is not Established."""
    summary = json.loads(lab.out(lab.cluster.router, "vtysh -c 'show bgp summary json'"))
    peer = summary['ipv4Unicast']['peers'].get(address, {})
    return peer.get('peerUptimeMsec') if peer.get('state') == 'Established' else None


# the role's frr.conf task and its reload handler (roles/director/tasks/active_active.yml, handlers/main.yml)
PLAYBOOK = '''
- hosts: %s
  gather_facts: false
  tasks:
    - name: Render, check (vtysh --dryrun) and install frr.conf
      lvs.cluster.frr_config:
        directors_group: lvs_directors
        realservers_group: lvs_realservers
      register: frr
    - name: Reload FRR
      ansible.builtin.service:
        name: frr
        state: reloaded
      when: frr is changed
'''


def test_a_changed_frr_conf_is_reloaded_without_dropping_the_session(lab, cluster, tmp_path):
    director = cluster.directors[-1]
    address = cluster.addresses[director]
    extra = tmp_path / 'timers.json'
    extra.write_text(json.dumps({'lvs_bgp_timers': dict(keepalive=1, hold=3, connect=11)}))
    playbook = tmp_path / 'frr.yml'
    playbook.write_text(PLAYBOOK % director)
    before = session_uptime(lab, address)
    traffic = Connections(lab, cluster.client, cluster.vip, cluster.port, count=200)
    try:
        traffic.ready()
        took = lab.script('deploy.sh', '--playbook', str(playbook), '-e', '@%s' % extra)
        rendered = lab.out(director, 'grep "timers connect" /etc/frr/frr.conf; vtysh -c "show running-config" | '
                                     'grep "timers connect"')
        after = session_uptime(lab, address)
        hops = next_hops(lab)
        report = traffic.stop()
    finally:
        traffic.kill()
    totals = report['totals']
    print('\n[e2e] frr.conf of %s changed (connect timer 11 s) and reloaded (%.0f s) under %d '
          'connections: session uptime %.0f s before, %.0f s after; %d requests, %d failed, %d broken'
          % (director, took, 200, (before or 0) / 1000.0, (after or 0) / 1000.0, totals['requests'], totals['failed'],
             totals['broken']))
    assert rendered.split('\n').count(' neighbor %s timers connect 11' % cluster.peers[0]) == 2, rendered
    assert before is not None and after is not None and after > before, (before, after)
    assert address in hops
    assert totals['failed'] == 0 and totals['broken'] == 0, report['timeline'][:20]
