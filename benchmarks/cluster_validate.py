# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: validate an inventory of 20 director pairs, 200 virtual servers and 2,000 real servers.

Each pair holds one VIP with 10 virtual servers (ports 80-89), each deriving its real servers from the
pair's group of 100 hosts, so every director's configuration has 1,000 real server entries.
Target: under 2 s for cluster validation. Also timed, for scale: the same inventory written as files
and validated end to end by ``lvs-cluster validate`` (Ansible's inventory loading and templating included).
Run: PYTHONPATH=<dir containing ansible_collections> python3 benchmarks/cluster_validate.py
"""

from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster

PAIRS = 20
SERVICES_PER_PAIR = 10
REAL_SERVERS_PER_PAIR = 100
TARGET_SECONDS = 2.0
HERE = os.path.dirname(os.path.abspath(__file__))


def inventory():
    hostvars, groups = {}, {'lvs_directors': [], 'lvs_realservers': []}
    for pair in range(PAIRS):
        vip = '10.%d.0.100' % (pair + 1)
        cluster_vars = {
            'lvs_cluster_name': 'web%02d' % pair,
            'lvs_vrrp_instances': {'VI_%d' % pair: {'interface': 'eth0', 'virtual_router_id': pair + 1, 'advert_int': 1,
                                                    'virtual_ipaddress': [vip]}},
            'lvs_virtual_servers': [{'address': vip, 'port': 80 + port, 'protocol': 'TCP', 'lvs_sched': 'wrr',
                                     'lvs_method': 'DR', 'delay_loop': 6, 'real_servers_from_group': 'rs%02d' % pair,
                                     'real_server_defaults': {'checkers': [{'type': 'TCP_CHECK', 'connect_timeout': 3}]}}
                                    for port in range(SERVICES_PER_PAIR)],
        }
        for index in range(2):
            host = 'lb%02d-%d' % (pair, index)
            hostvars[host] = dict(cluster_vars, ansible_host='10.%d.0.%d' % (pair + 1, index + 1))
            groups['lvs_directors'].append(host)
        members = []
        for real in range(REAL_SERVERS_PER_PAIR):
            host = 'rs%02d-%03d' % (pair, real)
            hostvars[host] = {'ansible_host': '10.%d.1.%d' % (pair + 1, real + 1)}
            members.append(host)
        groups['rs%02d' % pair] = members
        groups['lvs_realservers'].extend(members)
    return hostvars, groups


def write_inventory(directory, hostvars, groups):
    """The same inventory as an operator would write it: hosts.yml, group_vars per cluster."""
    children = {}
    for group, members in groups.items():
        children[group] = {'hosts': dict((host, {'ansible_host': hostvars[host]['ansible_host']}) for host in members)}
    for pair in range(PAIRS):
        pair_hosts = ['lb%02d-0' % pair, 'lb%02d-1' % pair]
        children['cluster%02d' % pair] = {'hosts': dict((h, None) for h in pair_hosts)}
        variables = dict((k, v) for k, v in hostvars[pair_hosts[0]].items() if k != 'ansible_host')
        os.makedirs(os.path.join(directory, 'group_vars'), exist_ok=True)
        with open(os.path.join(directory, 'group_vars', 'cluster%02d.json' % pair), 'w') as handle:
            json.dump(variables, handle)
    with open(os.path.join(directory, 'hosts.json'), 'w') as handle:
        json.dump({'all': {'children': children}}, handle)
    # The json inventory is read by the yaml plugin (JSON is YAML).
    os.rename(os.path.join(directory, 'hosts.json'), os.path.join(directory, 'hosts.yml'))


def main():
    hostvars, groups = inventory()
    best = None
    for _run in range(3):
        start = time.perf_counter()
        report = cluster.validate(hostvars, groups)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    entries = sum(len(s['real_servers']) for c in report.configs().values() for s in c['virtual_servers'])
    print('inventory: %d director pairs, %d virtual servers, %d real server hosts (%d real server entries over %d directors)'
          % (PAIRS, PAIRS * SERVICES_PER_PAIR, PAIRS * REAL_SERVERS_PER_PAIR, entries, 2 * PAIRS))
    print('findings: %d errors, %d warnings' % (len([i for i in report.issues if i.level == 'error']),
                                                len([i for i in report.issues if i.level == 'warning'])))
    print('cluster validation (derive + per-host model + cluster rules): %.3f s (target < %.1f s: %s)'
          % (best, TARGET_SECONDS, 'met' if best < TARGET_SECONDS else 'MISSED'))
    if not report.valid:
        print(report.format())
        return 1
    try:
        import ansible  # noqa: F401 pylint: disable=unused-import
    except ImportError:
        print('end to end through Ansible: skipped (ansible-core is not installed)')
        return 0
    directory = tempfile.mkdtemp(prefix='lvs-bench-inventory-')
    try:
        write_inventory(directory, hostvars, groups)
        start = time.perf_counter()
        process = subprocess.run([os.path.join(HERE, '..', 'scripts', 'lvs-cluster'), 'validate', directory, '--format', 'json'],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False,
                                 env=dict(os.environ, PYTHON=sys.executable))
        elapsed = time.perf_counter() - start
        print('end to end, lvs-cluster validate on the inventory files (Ansible loading and templating, for scale): '
              '%.3f s, exit %d' % (elapsed, process.returncode))
        if process.returncode != 0:
            print(process.stdout[-2000:])
    finally:
        shutil.rmtree(directory)
    return 0


if __name__ == '__main__':
    sys.exit(main())
