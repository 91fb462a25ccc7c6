# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation findings: one Issue per broken rule, collected rather than raised one at a time."""

from __future__ import absolute_import, division, print_function

import re

ERROR = 'error'
WARNING = 'warning'

MASK = '********'


class Issue(object):
    """A finding of rule ``rule`` at ``path`` (e.g. ``vrrp_instances[VI_1].priority``).

    ``value`` is already safe to show: secrets are masked before an Issue is made.
    ``source`` is ``file:line`` when the finding comes from parsing a file; ``host`` the inventory
    host (or hosts, comma-separated) the finding is about, when it comes from an inventory.
    """

    __slots__ = ('rule', 'level', 'path', 'value', 'message', 'fix', 'source', 'host')

    def __init__(self, rule, level, path, value, message, fix, source=None, host=None):
        self.rule = rule
        self.level = level
        self.path = path
        self.value = value
        self.message = message
        self.fix = fix
        self.source = source
        self.host = host

    def as_dict(self):
        return dict((name, getattr(self, name)) for name in self.__slots__)

    def format(self, host=None):
        host = host or self.host
        where = self.path or '(top level)'
        if self.value is not None:
            where = '%s = %s' % (where, _show(self.value))
        text = '[%s] %s%s: %s' % (self.rule, 'host %s: ' % host if host else '', where, self.message)
        if self.source:
            text += ' (at %s)' % self.source
        if self.fix:
            text += ' Fix: %s' % self.fix
        return escaped(text)

    def __str__(self):
        return self.format()

    def __repr__(self):
        return 'Issue(%s)' % self.format()


def _show(value):
    if isinstance(value, str):
        return repr(value) if (not value or value.strip() != value or _CONTROL.search(value)) else value
    return repr(value)


# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: none may reach a report
# raw, or a value could split a finding over lines or forge one.
_CONTROL = re.compile(u'[\x00-\x1f\x7f-\x9f\u2028\u2029]')


def escaped(text):
    """``text`` with every control character written as an escape (\\n, \\x1b): one finding, one line."""
    return _CONTROL.sub(lambda match: match.group().encode('unicode_escape').decode('ascii'), text)


def errors(issues):
    return [issue for issue in issues if issue.level == ERROR]


def warnings(issues):
    return [issue for issue in issues if issue.level == WARNING]


def format_issues(issues, host=None):
    """One line per issue, errors first, grouped by rule id."""
    ordered = sorted(issues, key=lambda i: (i.level != ERROR, i.rule, i.path or ''))
    return '\n'.join(issue.format(host) for issue in ordered)
