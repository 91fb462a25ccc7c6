# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A process that calls plugin_utils/derivation.py's functions and runs the action plugins on given task variables,
for test_derivation.py and tests/unit/plugins/action/: Ansible's controller code must never be imported into the test
process itself (it flips module_utils into controller mode).

Reads one JSON request per line on stdin and writes one JSON line per request:
- {"function": NAME, "args": [...], "kwargs": {...}}: derivation.NAME(*args, **kwargs), args holding the task
  variables where the function takes them;
- {"action": NAME, "args": {...}, "task_vars": {...}, "check_mode": bool, "diff": bool}: the action plugin
  lvs.cluster.NAME's run(). The module an action would run on the host is not run: the answer's "executed" holds the
  name and the arguments the action passed to it (what the action decides), and it returns the request's
  "module_result" ({} if none).
Either as {"result": ...} or, when it raised, {"raised": TYPE, "message": TEXT}.
"""

import importlib
import json
import sys
import traceback
import types


def action_result(request, loader=None):
    """The result of the action plugin the request names (see above); ``loader``: the one that read the task
    variables' inventory, if any."""
    from ansible.playbook.play_context import PlayContext
    from ansible.playbook.task import Task
    from ansible.parsing.dataloader import DataLoader
    from ansible.template import Templar
    module = importlib.import_module('ansible_collections.lvs.cluster.plugins.action.%s' % request['action'])
    task = Task()
    task.args = request.get('args') or {}
    task.check_mode = bool(request.get('check_mode'))
    task.diff = bool(request.get('diff'))
    loader = loader or DataLoader()
    connection = types.SimpleNamespace(_shell=types.SimpleNamespace(tmpdir='/nonexistent'))
    action = module.ActionModule(task=task, connection=connection, play_context=PlayContext(), loader=loader,
                                 templar=Templar(loader=loader), shared_loader_obj=None)
    executed = []

    def execute_module(module_name=None, module_args=None, task_vars=None, **_other):
        executed.append({'module': module_name, 'args': module_args})
        return dict(request.get('module_result') or {})

    action._execute_module = execute_module
    result = action.run(task_vars=request['task_vars'])
    return dict(result, executed=executed) if executed else result


def answered(call, *args, **kwargs):
    """call(*args, **kwargs) as {"result": ...} in JSON's types, or what it raised."""
    try:
        result = call(*args, **kwargs)
    except Exception as problem:  # the test tells a clean AnsibleActionFail from anything else
        return {'raised': type(problem).__name__, 'message': str(problem), 'traceback': traceback.format_exc()}
    return {'result': json.loads(json.dumps(result, default=str))}


def answer(request):
    if 'action' in request:
        return answered(action_result, request)
    from ansible_collections.lvs.cluster.plugins.plugin_utils import derivation
    return answered(getattr(derivation, request['function']), *request.get('args', []), **request.get('kwargs', {}))


def main():
    # Ansible's collection loader must import the collection (ANSIBLE_COLLECTIONS_PATH), as it does in a playbook
    from ansible.plugins.loader import init_plugin_loader
    init_plugin_loader()
    for line in sys.stdin:
        sys.stdout.write(json.dumps(answer(json.loads(line))) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
