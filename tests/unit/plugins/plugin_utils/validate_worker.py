# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A process that validates inventories for test_properties.py, both as `lvs-cluster validate` and as the
cluster_validate action plugin, so that many examples share one import of Ansible's controller code
(which must never be imported into the test process itself: it flips module_utils into controller mode).

Reads one inventory path per line on stdin; writes one JSON line per inventory: the command line's exit code
and output, and the action plugin's result or the exception it raised.
"""

import contextlib
import io
import json
import sys

import controller_worker  # next to this file: a script's own folder is the first on sys.path


def run_cli(path):
    from ansible_collections.lvs.cluster.plugins.plugin_utils import cli
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = cli.main(['validate', path])
        except SystemExit as stop:
            rc = stop.code
    return {'rc': rc, 'stdout': out.getvalue(), 'stderr': err.getvalue()}


def run_action(path):
    from ansible_collections.lvs.cluster.plugins.plugin_utils import cli
    try:
        hostvars, groups = cli.read_inventory([path])
    except cli.UsageError as problem:
        return {'usage': str(problem)}
    request = {'action': 'cluster_validate', 'task_vars': {'groups': groups, 'hostvars': hostvars}}
    return controller_worker.answered(controller_worker.action_result, request, hostvars._loader)


def main():
    # Ansible's collection loader must import the collection (ANSIBLE_COLLECTIONS_PATH), as it does in a playbook
    from ansible.plugins.loader import init_plugin_loader
    init_plugin_loader()
    for line in sys.stdin:
        path = line.strip()
        answer = {'cli': run_cli(path), 'action': run_action(path)}
        sys.stdout.write(json.dumps(answer) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
