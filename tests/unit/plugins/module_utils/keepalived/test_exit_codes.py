# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""exit_codes.py: what `keepalived -t` exit codes and version lines mean."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import exit_codes

OUTPUT = 'Keepalived_vrrp: (/etc/keepalived/keepalived.conf: Line 12) Unknown keyword \'priorty\'\n\n  \nsecond line\n'


@pytest.mark.parametrize('text,version', [
    ('Keepalived v2.2.7 (01/16,2022)', (2, 2, 7)),
    ('Keepalived v2.2.8 (04/04,2023), git commit v2.2.7-154-g292b299e+', (2, 2, 8)),
    ('Keepalived v2.0.10 (11/12,2018)\n\nCopyright(C) 2001-2018 Alexandre Cassen', (2, 0, 10)),
    ('keepalived: warning\nKeepalived v1.3.5 (03/19,2017), git commit v1.3.5-6-g6fa32f2', (1, 3, 5)),
    ('Keepalived v2.2', None),
    ('command not found', None),
    ('', None),
    (None, None),
])
def test_parse_version(text, version):
    assert exit_codes.parse_version(text) == version


def test_parsed_versions_compare_in_version_order():
    assert exit_codes.parse_version('Keepalived v2.2.10') > exit_codes.parse_version('Keepalived v2.2.8')


@pytest.mark.parametrize('version,supported', [((2, 0, 5), True), ((2, 2, 8), True), ((2, 0, 4), False), ((1, 3, 5), False),
                                               (None, True)])
def test_supports_config_test(version, supported):
    assert exit_codes.supports_config_test(version) is supported


def test_exit_0_passed_quoting_keepalived():
    outcome, message = exit_codes.interpret(0, 'all good\n', (2, 2, 8))
    assert (outcome, message) == (exit_codes.PASSED, 'all good')


def test_exit_0_without_output_passed():
    assert exit_codes.interpret(0, '') == (exit_codes.PASSED, 'keepalived -t found no errors')
    assert exit_codes.interpret(0, None) == (exit_codes.PASSED, 'keepalived -t found no errors')


def test_exit_4_cannot_run_the_configuration_failed():
    outcome, message = exit_codes.interpret(4, '(Line 2) unknown interface eth7 specified for linkbeat interface')
    assert outcome == exit_codes.FAILED
    assert 'cannot run' in message and 'unknown interface eth7' in message


def test_exit_5_errors_failed_with_keepalived_lines_without_blank_ones():
    outcome, message = exit_codes.interpret(5, OUTPUT, (2, 2, 8))
    assert outcome == exit_codes.FAILED
    assert message == "keepalived -t found errors:\nKeepalived_vrrp: (/etc/keepalived/keepalived.conf: Line 12) " \
                      "Unknown keyword 'priorty'\nsecond line"


def test_exit_5_without_output_says_so():
    assert exit_codes.interpret(5, '') == (exit_codes.FAILED, 'keepalived -t found errors:\n(keepalived printed nothing)')


def test_exit_6_script_security_failed_with_the_fix():
    outcome, message = exit_codes.interpret(6, 'SECURITY VIOLATION - scripts are being executed but script_security not enabled.')
    assert outcome == exit_codes.FAILED
    assert 'enable_script_security' in message and 'script_user' in message and 'SECURITY VIOLATION' in message


@pytest.mark.parametrize('rc', [143, -15])
@pytest.mark.parametrize('version', [(2, 2, 5), (2, 2, 7)])
def test_exit_143_on_2_2_5_to_2_2_7_is_not_checked_never_failed(rc, version):
    outcome, message = exit_codes.interpret(rc, 'Terminated', version)
    assert outcome == exit_codes.NOT_CHECKED
    assert 'keepalived %d.%d.%d kills itself' % version in message and 'fixed in 2.2.8' in message
    assert message.endswith('Terminated')


@pytest.mark.parametrize('version', [(2, 2, 8), (2, 2, 4), (2, 3, 0), None])
def test_exit_143_on_other_versions_is_an_unexpected_code(version):
    outcome, message = exit_codes.interpret(143, 'Terminated', version)
    assert outcome == exit_codes.NOT_CHECKED
    assert 'unexpected code 143' in message and 'kills itself' not in message


@pytest.mark.parametrize('rc', [1, 2, 3, 127, -9, 255])
def test_unknown_exit_code_is_not_checked_and_names_the_code(rc):
    outcome, message = exit_codes.interpret(rc, 'something odd')
    assert outcome == exit_codes.NOT_CHECKED
    assert 'unexpected code %d' % rc in message and 'something odd' in message


@pytest.mark.parametrize('rc', [0, 4, 5, 6, 143, 1])
def test_outcome_is_always_one_of_three(rc):
    assert exit_codes.interpret(rc, 'x', (2, 2, 7))[0] in (exit_codes.PASSED, exit_codes.FAILED, exit_codes.NOT_CHECKED)
