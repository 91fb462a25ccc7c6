# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A process that runs `lvs-cluster import` and reads the inventory it wrote back with Ansible, for
test_adopt_files.py: Ansible's controller code (vault, inventory) must never be imported into the test process itself
(it flips module_utils into controller mode).

Reads one JSON request per line on stdin: {"argv": [...], "inventory": DIR or null, "vault": FILE or null}; writes one
JSON line: the import's exit code and output, and, when "inventory" is given, each director's configuration as
lvs.cluster.site derives it from what Ansible reads there.
"""

import contextlib
import io
import json
import sys


def run(request):
    from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster
    from ansible_collections.lvs.cluster.plugins.plugin_utils import cli, inventory_vars
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = cli.main(request['argv'])
    answer = {'rc': rc, 'stdout': out.getvalue(), 'stderr': err.getvalue()}
    if request.get('inventory'):
        hostvars, groups = cli.read_inventory([request['inventory']], request.get('vault'))
        variables, groups = inventory_vars.collect(hostvars, groups, 'lvs_directors', 'lvs_realservers')
        answer['configs'] = cluster.validate(variables, groups).configs()
    return answer


def main():
    from ansible.plugins.loader import init_plugin_loader
    init_plugin_loader()  # Ansible's collection loader imports the collection (ANSIBLE_COLLECTIONS_PATH)
    for line in sys.stdin:
        sys.stdout.write(json.dumps(run(json.loads(line)), default=str) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
