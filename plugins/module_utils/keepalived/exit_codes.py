# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the result of ``keepalived -t -e -f FILE`` means.

Exit codes since 2.2.0: 0 valid, 4 a configuration keepalived cannot run (a fatal error, such as an unknown
linkbeat interface), 5 configuration errors and warnings (a missing VRRP interface included), 6 scripts configured
without script security (keepalived.8 still says 3/4/5). The highest of the errors decides: 6 outranks 5, 5 outranks 4.
A -f file that does not exist is no error to 2.2.7 (exit 0, "Config files missing"): check a file just written.
Debian 12's 2.2.5-2.2.7 kill themselves during the test (143, "Terminated") whenever a script
runs as a non-root user; the configuration may be fine, so that is "not checked", never "invalid".
"""

from __future__ import absolute_import, division, print_function

import re

PASSED = 'passed'
FAILED = 'failed'
NOT_CHECKED = 'not_checked'


def parse_version(text):
    """``Keepalived v2.2.7 (01/16,2022)`` -> (2, 2, 7); None when there is no version in ``text``."""
    match = re.search(r'Keepalived v(\d+)\.(\d+)\.(\d+)', text or '')
    return tuple(int(part) for part in match.groups()) if match else None


def supports_config_test(version):
    return version is None or version >= (2, 0, 5)


def interpret(rc, output, version=None):
    """(outcome, message): outcome is PASSED, FAILED or NOT_CHECKED; message quotes keepalived."""
    said = '\n'.join(line for line in (output or '').splitlines() if line.strip()) or '(keepalived printed nothing)'
    if rc == 0:
        return PASSED, said if output and output.strip() else 'keepalived -t found no errors'
    if rc == 5:
        return FAILED, 'keepalived -t found errors:\n' + said
    if rc == 6:
        return FAILED, ('keepalived -t refuses scripts without script security: set global_defs.enable_script_security '
                        'and script_user.\n' + said)
    if rc in (143, -15) and version is not None and (2, 2, 5) <= version < (2, 2, 8):
        return NOT_CHECKED, ('keepalived %s kills itself during a config test when a script runs as a non-root user '
                             '(fixed in 2.2.8); the configuration was not checked by keepalived.\n%s'
                             % ('.'.join(str(part) for part in version), said))
    if rc == 4:  # keepalived read the file and found it cannot run it
        return FAILED, 'keepalived -t found an error it cannot run with:\n' + said
    return NOT_CHECKED, 'keepalived -t ended with the unexpected code %s:\n%s' % (rc, said)
