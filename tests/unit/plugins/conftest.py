# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``controller``: plugin_utils/derivation.py's functions and the action plugins, run in a worker process
(plugin_utils/controller_worker.py) on task variables the test gives, for the tests of the controller's code."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys

import pytest

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'plugin_utils', 'controller_worker.py')


@pytest.fixture(scope='module')  # one process, one import of Ansible, for a test file's requests
def controller(ansible_playbook):
    """ask(request) -> the worker's answer: {'result': ...} or {'raised': TYPE, 'message': TEXT}."""
    _command, parent = ansible_playbook
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=parent, PYTHONPATH='', ANSIBLE_NOCOLOR='1')
    process = subprocess.Popen([sys.executable, WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               universal_newlines=True, env=env)

    def ask(request):
        process.stdin.write(json.dumps(request) + '\n')
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    yield ask
    process.stdin.close()
    process.wait(timeout=60)
