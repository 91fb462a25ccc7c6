# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the controller cost of lvs.cluster.site's edges as the inventory grows (issue 10).

Inventories of about 40, 400 and 2,040 hosts, made of the same director pairs (2 directors, one VIP, 10 virtual
servers, 18 real servers each), so that one director's configuration is the same size at every scale and only the
fleet grows. At each size the same 20 hosts (4 directors, 16 real servers) run the edges through
ansible-playbook --limit --check on hosts that cost nothing to reach (ansible_connection=local), one fork, and
site_scale/callbacks/task_seconds.py times each task:
  - the derivation (cluster_validate, once, with Ansible's reading of every host's variables);
  - per director: keepalived_config, minus a task that does nothing (Ansible's own cost per host);
  - per real server: lvs_realserver, minus the same.
Targets: per-host cost at 2,040 hosts at most 1.5x that at 40; the derivation at 2,040 hosts at most 3 s.
Run: PYTHONPATH=<dir containing ansible_collections> python3 benchmarks/site_scale.py [--sizes 40,400,2040]
"""

from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICES_PER_PAIR = 10
REAL_SERVERS_PER_PAIR = 18
LIMIT_DIRECTORS, LIMIT_REALSERVERS = 4, 16
TARGET_RATIO, TARGET_DERIVATION = 1.5, 3.0


def pair_vars(pair):
    vip = '10.%d.%d.250' % (pair // 200 + 1, pair % 200)
    return {
        'lvs_cluster_name': 'web%03d' % pair,
        'lvs_vrrp_instances': {'VI_1': {'interface': 'eth0', 'virtual_router_id': pair % 255 + 1, 'advert_int': 1,
                                        'virtual_ipaddress': [vip]}},
        'lvs_virtual_servers': [{'address': vip, 'port': 80 + port, 'protocol': 'TCP', 'lvs_sched': 'wrr',
                                 'lvs_method': 'DR', 'delay_loop': 6, 'real_servers_from_group': 'rs%03d' % pair,
                                 'real_server_defaults': {'checkers': [{'type': 'TCP_CHECK', 'connect_timeout': 3}]}}
                                for port in range(SERVICES_PER_PAIR)],
    }


def write_inventory(directory, pairs):
    """hosts.yml and one group_vars file per pair, as an operator writes them; returns the limited hosts."""
    os.makedirs(os.path.join(directory, 'group_vars'))
    children = {'lvs_directors': {'children': {}}, 'lvs_realservers': {'children': {}}}
    directors, realservers = [], []
    for pair in range(pairs):
        net = '10.%d.%d' % (pair // 200 + 1, pair % 200)
        cluster = dict(('lb%03d-%d' % (pair, i), {'ansible_host': '%s.%d' % (net, i + 1)}) for i in range(2))
        reals = dict(('rs%03d-%02d' % (pair, i), {'ansible_host': '%s.%d' % (net, i + 10)})
                     for i in range(REAL_SERVERS_PER_PAIR))
        children['lvs_directors']['children']['cluster%03d' % pair] = {'hosts': cluster}
        children['lvs_realservers']['children']['rs%03d' % pair] = {'hosts': reals}
        directors.extend(sorted(cluster))
        realservers.extend(sorted(reals))
        with open(os.path.join(directory, 'group_vars', 'cluster%03d.json' % pair), 'w') as handle:
            json.dump(pair_vars(pair), handle)
    inventory = {'all': {'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable},
                         'children': children}}
    with open(os.path.join(directory, 'hosts.yml'), 'w') as handle:
        json.dump(inventory, handle)  # JSON is YAML
    return directors[:LIMIT_DIRECTORS] + realservers[:LIMIT_REALSERVERS]


def collections_path():
    """The directory holding the ansible_collections this Python imports (the tree under test)."""
    import ansible_collections.lvs.cluster as collection  # pylint: disable=import-outside-toplevel
    return os.path.abspath(os.path.join(list(collection.__path__)[0], '..', '..', '..'))


def measure(pairs, workdir):
    directory = os.path.join(workdir, 'inventory-%d' % pairs)
    limited = write_inventory(directory, pairs)
    times = os.path.join(workdir, 'times-%d.json' % pairs)
    out = os.path.join(workdir, 'out-%d' % pairs)
    os.makedirs(out)
    env = dict(os.environ, ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, 'site_scale', 'callbacks'),
               ANSIBLE_CALLBACKS_ENABLED='task_seconds', LVS_BENCH_TIMES=times, ANSIBLE_STDOUT_CALLBACK='default',
               ANSIBLE_NOCOLOR='1', ANSIBLE_FORKS='1', ANSIBLE_COLLECTIONS_PATH=collections_path())
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', os.path.join(directory, 'hosts.yml'),
               os.path.join(HERE, 'site_scale', 'edges.yml'), '--check', '--limit', ','.join(limited),
               '-e', 'site_scale_out=%s' % out]
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                             env=env, check=False)
    if process.returncode != 0:
        raise SystemExit('ansible-playbook failed at %d pairs (exit %d):\n%s'
                         % (pairs, process.returncode, process.stdout[-3000:]))
    with open(times) as handle:
        seconds = json.load(handle)['seconds']
    return {
        'hosts': pairs * (2 + REAL_SERVERS_PER_PAIR),
        'derivation': seconds['Derivation'],
        'baseline': (seconds['Director baseline'] + seconds['Realserver baseline']) / (LIMIT_DIRECTORS + LIMIT_REALSERVERS),
        'director': (seconds['Director edge'] - seconds['Director baseline']) / LIMIT_DIRECTORS,
        'realserver': (seconds['Realserver edge'] - seconds['Realserver baseline']) / LIMIT_REALSERVERS,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--sizes', default='40,400,2040', help='approximate inventory sizes in hosts')
    parser.add_argument('--repeat', type=int, default=3,
                        help='runs per size; each figure is their median (a noisy machine varies by a third run to run)')
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(',')]
    workdir = tempfile.mkdtemp(prefix='lvs-bench-site-scale-')
    try:
        rows = []
        for size in sizes:
            runs = [measure(max(2, size // (2 + REAL_SERVERS_PER_PAIR)), os.path.join(workdir, '%d-%d' % (size, run)))
                    for run in range(args.repeat)]
            rows.append(dict((key, statistics.median(run[key] for run in runs)) for key in runs[0]))
            rows[-1]['derivations'] = sorted(run['derivation'] for run in runs)
    finally:
        shutil.rmtree(workdir)
    print('site edges, per limited host (%d directors, %d real servers), check mode, one fork, median of %d runs:'
          % (LIMIT_DIRECTORS, LIMIT_REALSERVERS, args.repeat))
    print('%7s %14s %18s %20s %22s'
          % ('hosts', 'derivation s', 'director edge ms', 'real server edge ms', 'Ansible per task ms'))
    for row in rows:
        print('%7d %14.2f %18.1f %20.1f %22.1f' % (row['hosts'], row['derivation'], row['director'] * 1000,
                                                   row['realserver'] * 1000, row['baseline'] * 1000))
    first, last = rows[0], rows[-1]
    for edge in ('director', 'realserver'):
        ratio = last[edge] / first[edge] if first[edge] > 0 else float('inf')
        print('%s edge per host at %d hosts / at %d hosts: %.2fx (target <= %.1fx: %s)' % (
            edge, last['hosts'], first['hosts'], ratio, TARGET_RATIO, 'met' if ratio <= TARGET_RATIO else 'MISSED'))
    print('derivation at %d hosts, Ansible reading the variables included: %.2f s, runs %s (target <= %.1f s: %s)' % (
        last['hosts'], last['derivation'], ', '.join('%.2f' % run for run in last['derivations']), TARGET_DERIVATION,
        'met' if last['derivation'] <= TARGET_DERIVATION else 'MISSED'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
