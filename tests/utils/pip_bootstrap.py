# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stand-in for ansible-test's pip bootstrap script, whose download host is out of reach here.

ansible-test runs it in an empty virtual environment with pip-install arguments, as it would
run get-pip.py. This installs CPython's bundled pip (``python -m ensurepip``), then installs what ansible-test
asked for from the package index. ``--install`` (run by the Makefile with the venv's Python)
copies it to where ansible-test looks for a cached copy, for the pip version ansible-test pins.
"""

from __future__ import absolute_import, division, print_function

import inspect
import os
import re
import shutil
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = ('--no-setuptools', '--no-wheel')


def install():
    from ansible_test._internal import python_requirements  # pylint: disable=import-error
    pip_version = re.search(r"pip='([0-9.]+)'", inspect.getsource(python_requirements.get_venv_packages)).group(1)
    target = os.path.expanduser('~/.ansible/test/cache/get_pip_%s.py' % pip_version.replace('.', '_'))
    if not os.path.exists(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.abspath(__file__), target)
    return 0


def main():
    if sys.argv[1:] == ['--install']:
        return install()
    # In a child process: ensurepip points PIP_CONFIG_FILE at /dev/null in its own environment,
    # which would hide the machine's pip configuration (index, certificates) from the install below.
    subprocess.check_call([sys.executable, '-m', 'ensurepip'])
    arguments = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    return subprocess.call([sys.executable, '-m', 'pip', 'install'] + arguments)


if __name__ == '__main__':
    sys.exit(main())
