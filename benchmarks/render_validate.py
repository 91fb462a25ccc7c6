# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: load (validate) and render a director with 100 virtual servers x 100 real servers.

Target: under 1 s for load + validate + render. Prints figures; a benchmark, not a test.
Run: PYTHONPATH=<dir containing ansible_collections> python3 benchmarks/render_validate.py
"""

from __future__ import absolute_import, division, print_function

import shutil
import subprocess
import sys
import tempfile
import time

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf

VIRTUAL_SERVERS = 100
REAL_SERVERS = 100
TARGET_SECONDS = 1.0


def model():
    servers = []
    for v in range(VIRTUAL_SERVERS):
        reals = [{'address': '10.%d.%d.%d' % (1 + v // 250, r // 250, 1 + r % 250), 'port': 80, 'weight': 1,
                  'checkers': [{'type': 'TCP_CHECK', 'connect_timeout': 10, 'retry': 3, 'delay_before_retry': 3}]}
                 for r in range(REAL_SERVERS)]
        servers.append({'address': '192.0.2.%d' % (1 + v), 'port': 80, 'protocol': 'TCP', 'lvs_sched': 'wrr',
                        'lvs_method': 'DR', 'delay_loop': 6, 'real_servers': reals})
    return {
        'global_defs': {'router_id': 'bench'},
        'vrrp_instances': {'VI_1': {'state': 'BACKUP', 'interface': 'eth0', 'virtual_router_id': 51, 'priority': 100,
                                    'advert_int': 1, 'virtual_ipaddress': ['192.0.2.%d' % (1 + v) for v in range(VIRTUAL_SERVERS)]}},
        'virtual_servers': servers,
    }


def best_of(runs, function):
    best = None
    for _run in range(runs):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main():
    data = model()
    load_s, (conf, issues) = best_of(3, lambda: kaconf.load(data))
    if conf is None or [i for i in issues if i.level == 'error']:
        print('benchmark model is invalid:\n%s' % kaconf.format_issues(issues))
        return 1
    render_s, text = best_of(3, lambda: kaconf.render(conf))
    parse_s, _parsed = best_of(3, lambda: kaconf.parse(text))
    total = load_s + render_s
    print('model: %d virtual servers x %d real servers, %d lines rendered' % (VIRTUAL_SERVERS, REAL_SERVERS, text.count('\n')))
    print('load + validate: %.3f s' % load_s)
    print('render:          %.3f s' % render_s)
    print('load + validate + render: %.3f s (target < %.1f s: %s)' % (total, TARGET_SECONDS, 'met' if total < TARGET_SECONDS else 'MISSED'))
    print('parse back (not in the target): %.3f s' % parse_s)
    keepalived = shutil.which('keepalived') or shutil.which('keepalived', path='/usr/sbin:/sbin')
    if keepalived:
        with tempfile.NamedTemporaryFile('w', suffix='.conf') as handle:
            handle.write(text)
            handle.flush()
            start = time.perf_counter()
            result = subprocess.run([keepalived, '-t', '-e', '-f', handle.name], stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, check=False)
            print('keepalived -t on the same file (for scale, not in the target): %.3f s, exit %d'
                  % (time.perf_counter() - start, result.returncode))
    return 0


if __name__ == '__main__':
    sys.exit(main())
