# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""issues.py: a finding (Issue) as one line of a report: rule, host, path, value, message, source and fix; values
shown so that an empty or padded text is visible, control characters escaped so that a value cannot split or forge a
line; errors and warnings apart; a list of findings ordered errors first."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import (
    ERROR, WARNING, Issue, errors, escaped, format_issues, warnings)


def priority_issue(**changes):
    fields = dict(rule='LVS103', level=ERROR, path='vrrp_instances[VI_1].priority', value=300,
                  message='is out of range', fix='give an integer from 1 to 255', source=None, host=None)
    fields.update(changes)
    return Issue(**fields)


def test_a_finding_is_one_line_with_its_rule_host_path_value_message_source_and_fix():
    issue = priority_issue(source='keepalived.conf:5', host='lvs1')
    assert issue.format() == ('[LVS103] host lvs1: vrrp_instances[VI_1].priority = 300: is out of range '
                              '(at keepalived.conf:5) Fix: give an integer from 1 to 255')
    assert str(issue) == issue.format() and repr(issue) == 'Issue(%s)' % issue.format()


def test_the_parts_a_finding_lacks_are_left_out():
    issue = priority_issue(path=None, value=None, fix=None)
    assert issue.format() == '[LVS103] (top level): is out of range'


def test_the_host_given_to_format_comes_before_the_findings_own():
    assert priority_issue().format(host='lvs2').startswith('[LVS103] host lvs2: ')
    assert priority_issue(host='lvs1').format().startswith('[LVS103] host lvs1: ')
    assert priority_issue(host='lvs1').format(host='lvs2').startswith('[LVS103] host lvs2: ')


@pytest.mark.parametrize('value,shown', [
    ('eth0', 'eth0'),
    ('', "''"),             # an empty text is visible
    (' eth0', "' eth0'"),   # so is a space before or after
    ('a\nb', "'a\\nb'"),
    (300, '300'),
    (False, 'False'),
    (['10.1.1.166'], "['10.1.1.166']"),
])
def test_a_value_is_shown_bare_only_when_its_text_is_plain(value, shown):
    assert priority_issue(value=value).format().startswith('[LVS103] vrrp_instances[VI_1].priority = %s: ' % shown)


@pytest.mark.parametrize('text,written', [
    ('a\nb', 'a\\nb'),
    ('a\r\n[LVS000] forged', 'a\\r\\n[LVS000] forged'),
    ('\x1b[2Jclear', '\\x1b[2Jclear'),
    (u'line\u2028sep', 'line\\u2028sep'),
    (u'\x85next', '\\x85next'),                 # C1: NEL
    (u'caf\xe9 \u4e2d\u6587', u'caf\xe9 \u4e2d\u6587'),  # printable text is left alone
])
def test_control_characters_are_written_as_escapes(text, written):
    assert escaped(text) == written


def test_a_message_and_a_fix_cannot_split_a_finding_over_lines():
    issue = priority_issue(message='is bad\n[LVS000] forged', fix='write\x1bthis')
    assert '\n' not in issue.format() and '\x1b' not in issue.format()
    assert issue.format().endswith('is bad\\n[LVS000] forged Fix: write\\x1bthis')


def test_as_dict_holds_every_field_by_name():
    issue = priority_issue(source='keepalived.conf:5', host='lvs1')
    assert issue.as_dict() == {'rule': 'LVS103', 'level': 'error', 'path': 'vrrp_instances[VI_1].priority',
                               'value': 300, 'message': 'is out of range', 'fix': 'give an integer from 1 to 255',
                               'source': 'keepalived.conf:5', 'host': 'lvs1'}


def test_errors_and_warnings_are_the_findings_of_their_level():
    error, warning = priority_issue(), priority_issue(rule='LVS117', level=WARNING)
    assert (errors([warning, error]), warnings([warning, error])) == ([error], [warning])


def test_a_report_lists_errors_first_then_by_rule_and_path_for_one_host():
    # LVS117 (a warning) comes after LVS120 (an error)
    found = [priority_issue(rule='LVS117', level=WARNING, path='a'), priority_issue(rule='LVS120', path='b'),
             priority_issue(rule='LVS103', path='c'), priority_issue(rule='LVS103', path=None)]
    lines = format_issues(found, host='lvs1').split('\n')
    assert [tuple(line.split(': ')[:2]) for line in lines] == [
        ('[LVS103] host lvs1', '(top level) = 300'), ('[LVS103] host lvs1', 'c = 300'),
        ('[LVS120] host lvs1', 'b = 300'), ('[LVS117] host lvs1', 'a = 300')]
