# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""keepalived.conf text to a tree of statements.

A statement is a keyword, its arguments and, when a ``{`` follows, its children.
Comments start with ``!`` or ``#`` outside double quotes; ``include`` pulls in files
matching a glob (relative to the including file), as keepalived does.
"""

from __future__ import absolute_import, division, print_function

import glob
import io
import os

from .rules import make_issue


class Statement(object):
    __slots__ = ('keyword', 'args', 'children', 'source')

    def __init__(self, keyword, args, source, children=None):
        self.keyword = keyword
        self.args = args
        self.source = source
        self.children = children

    def __repr__(self):
        return 'Statement(%r, %r, %r)' % (self.keyword, self.args, self.children)


class SyntaxProblem(Exception):
    """Malformed keepalived.conf text. Braces in messages are literal, not format fields."""

    def __init__(self, message, fix, source):
        super(SyntaxProblem, self).__init__(message)
        self.message = message
        self.fix = fix
        self.source = source


def _tokens(text, name):
    """Yield (token, line_source) with '\\n' tokens at line ends; quotes removed from quoted words."""
    for number, line in enumerate(text.splitlines(), 1):
        source = '%s:%d' % (name, number)
        i, end = 0, len(line)
        while i < end:
            char = line[i]
            if char.isspace():
                i += 1
            elif char in '!#':
                break
            elif char in '{}':
                yield char, source
                i += 1
            elif char == '"':
                close = line.find('"', i + 1)
                if close < 0:
                    raise SyntaxProblem('unterminated double quote', 'close the quoted string on the same line', source)
                yield line[i + 1:close], source
                i = close + 1
            else:
                j = i
                while j < end and not line[j].isspace() and line[j] not in '{}"!#':
                    j += 1
                word = line[i:j]
                if word.startswith(('$', '@')):
                    raise SyntaxProblem('parameter substitution and conditional lines (%s) are not supported' % word,
                                        'expand the definitions into plain keepalived.conf lines', source)
                yield word, source
                i = j
        yield '\n', source


class Reader(object):
    """Reads the main file and its includes. Replace ``read``/``expand`` to parse without a filesystem."""

    def read(self, path):
        with io.open(path, encoding='utf-8', errors='replace') as handle:
            return handle.read()

    def expand(self, pattern):
        return sorted(glob.glob(pattern))


def parse_statements(text, name='keepalived.conf', reader=None, _depth=0):
    """Return the top-level statements of ``text``; raise SyntaxProblem on malformed input."""
    reader = reader or Reader()
    root = []
    stack = [root]
    opened = []  # file:line of each open block's statement, to point at an unclosed one
    words, source = [], None
    pending = None  # a statement whose '{' may still come on the next line

    def flush():
        statement = None
        if words:
            statement = Statement(words[0], words[1:], source)
            if statement.keyword == 'include':
                stack[-1].extend(_include(statement, name, reader, _depth))
                statement = None
            else:
                stack[-1].append(statement)
            del words[:]
        return statement

    for token, where in _tokens(text, name):
        if token == '\n':
            pending = flush() or pending
            continue
        if token == '{':
            statement = flush() or pending
            if statement is None:
                raise SyntaxProblem('"{" without a keyword before it', 'put the block\'s keyword before "{"', where)
            statement.children = []
            stack.append(statement.children)
            opened.append(statement.source)
            pending = None
        elif token == '}':
            flush()
            pending = None
            if len(stack) == 1:
                raise SyntaxProblem(message='a closing brace without a matching opening brace',
                                    fix='remove the extra closing brace', source=where)
            stack.pop()
            opened.pop()
        else:
            if not words:
                source = where
                pending = None
            words.append(token)
    flush()
    if len(stack) > 1:
        raise SyntaxProblem('%d block(s) not closed at the end of the file; the outermost one opens here' % (len(stack) - 1),
                            'add the missing "}"', opened[0])
    return root


def _include(statement, name, reader, depth):
    if depth > 8 or not statement.args:
        raise SyntaxProblem('include without a file, or nested more than 8 deep', 'give an existing file or glob',
                            statement.source)
    pattern = statement.args[0]
    if not os.path.isabs(pattern):
        pattern = os.path.join(os.path.dirname(name), pattern)
    included = []
    for path in reader.expand(pattern):
        included.extend(parse_statements(reader.read(path), path, reader, depth + 1))
    return included


def syntax_issue(problem):
    return make_issue('LVS113', None, None, problem.message, problem.fix, problem.source)
