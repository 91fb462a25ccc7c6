# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark callback: the wall-clock seconds of each task by name, and its failures, as JSON in
$LVS_BENCH_TIMES when the playbook ends."""

from __future__ import absolute_import, division, print_function

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: task_seconds
type: aggregate
short_description: seconds per task, for benchmarks/site_scale.py
description: Writes the seconds of each task by name, and the failures, to the file named by LVS_BENCH_TIMES.
requirements: [enable in configuration]
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_seconds'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.seconds, self.failures, self.current, self.started = {}, [], None, None

    def _close(self):
        if self.current is not None:
            self.seconds[self.current] = self.seconds.get(self.current, 0.0) + time.perf_counter() - self.started
            self.current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close()
        self.current, self.started = task.get_name(), time.perf_counter()

    def v2_playbook_on_play_start(self, play):
        self._close()

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self.failures.append('%s: %s' % (result.host.get_name(), result.result.get('msg', '')[:500]))

    def v2_playbook_on_stats(self, stats):
        self._close()
        with open(os.environ['LVS_BENCH_TIMES'], 'w') as handle:
            json.dump({'seconds': self.seconds, 'failures': self.failures}, handle)
