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
import traceback
import types


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
    from ansible.playbook.play_context import PlayContext
    from ansible.playbook.task import Task
    from ansible.template import Templar
    from ansible_collections.lvs.cluster.plugins.action.cluster_validate import ActionModule
    from ansible_collections.lvs.cluster.plugins.plugin_utils import cli
    try:
        hostvars, groups = cli.read_inventory([path])
    except cli.UsageError as problem:
        return {'usage': str(problem)}
    loader = hostvars._loader
    task = Task()
    task.args = {}
    connection = types.SimpleNamespace(_shell=types.SimpleNamespace(tmpdir='/nonexistent'))
    action = ActionModule(task=task, connection=connection, play_context=PlayContext(), loader=loader,
                          templar=Templar(loader=loader), shared_loader_obj=None)
    try:
        result = action.run(task_vars={'groups': groups, 'hostvars': hostvars})
    except Exception as problem:  # the test tells a clean AnsibleActionFail from anything else
        return {'raised': type(problem).__name__, 'message': str(problem), 'traceback': traceback.format_exc()}
    return {'result': json.loads(json.dumps(result, default=str))}


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
