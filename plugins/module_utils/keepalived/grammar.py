# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What keepalived's parser knows, block by block and release by release (grammar_table.py, generated from
keepalived's source): which keywords pass through untyped, which are unknown to keepalived, and which a given
keepalived release does not have yet, or no longer has.
"""

from __future__ import absolute_import, division, print_function

from .grammar_table import KEYWORDS, RELEASES
from .rules import make_issue

__all__ = ['RELEASES', 'keywords', 'knows', 'release', 'unavailable', 'version_issues']


def release(text):
    """'2.2.7' (or a tuple) as a tuple of ints, for comparing releases."""
    if isinstance(text, tuple):
        return text
    return tuple(int(part) for part in str(text).split('.'))


def keywords(blocks):
    """Every keyword keepalived knows in any of ``blocks`` (block paths, see grammar_table.py), in any release."""
    found = set()
    for block in blocks:
        found.update(KEYWORDS.get(block, ()))
    return found


def knows(blocks, keyword):
    return any(keyword in KEYWORDS.get(block, ()) for block in blocks)


def unavailable(block, keyword, version):
    """Why keepalived ``version`` does not know ``keyword`` in ``block`` (None: it does, or no release knows it)."""
    added, removed = KEYWORDS.get(block, {}).get(keyword, (None, None))
    if added is not None and release(version) < release(added):
        return 'was added in keepalived %s' % added
    if removed is not None and release(version) >= release(removed):
        return 'was removed in keepalived %s' % removed
    return None


def version_issues(statements, version, block=''):
    """LVS120 for each statement (lexer Statements, e.g. of a rendered file) that keepalived ``version`` does not know."""
    issues = []
    shown = '.'.join(str(part) for part in release(version))
    for statement in statements:
        why = unavailable(block, statement.keyword, version)
        where = ' '.join(part for part in (block, statement.keyword) if part)
        if why:
            issues.append(make_issue('LVS120', where, None, '%s; this keepalived is %s' % (why, shown),
                                     'upgrade keepalived, or leave %s out' % statement.keyword, statement.source))
        if statement.children is not None and where in KEYWORDS:
            issues.extend(version_issues(statement.children, version, where))
    return issues
