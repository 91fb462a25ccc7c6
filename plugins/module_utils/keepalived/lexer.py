# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""keepalived.conf text to a tree of statements.

A statement is a keyword, its arguments and, when a ``{`` follows, its children. The text is first preprocessed as
keepalived does it (preprocessor.py: comments, includes, conditional lines, parameters, sequences).
"""

from __future__ import absolute_import, division, print_function

import re

from . import preprocessor
from .rules import make_issue

# The first word of a line pasted from a terminal, as keepalived reads it (its "#" starts a comment even inside a
# word, lib/parser.c decomment): "root@lb1:~# cat ..." is "root@lb1:~", "[root@lb1 ~]# ..." is "[root@lb1 ~]",
# "$ sudo vi ..." starts with "$". No keyword or entry of keepalived.conf looks like these.
_PROMPT = re.compile(r'^(?:[A-Za-z_][\w.-]*@[\w.-]+:\S*|\[[A-Za-z_][\w.-]*@[\w.-]+|[$%])$')


class Statement(object):
    __slots__ = ('keyword', 'args', 'children', 'source')

    def __init__(self, keyword, args, source, children=None):
        self.keyword = keyword
        self.args = args
        self.source = source
        self.children = children

    def __repr__(self):
        return 'Statement(%r, %r, %r)' % (self.keyword, self.args, self.children)


SyntaxProblem = preprocessor.SyntaxProblem  # one error for every stage of reading the text


def _tokens(lines):
    """Yield (token, source) with '\\n' tokens at line ends, from the preprocessed lines; quotes removed from quoted
    words (the preprocessor took the comments away)."""
    for line in lines:
        text, source = line.text, line.source
        i, end = 0, len(text)
        while i < end:
            char = text[i]
            if char.isspace():
                i += 1
            elif char in '{}':
                yield char, source
                i += 1
            elif char == '"':
                close = text.find('"', i + 1)
                if close < 0:
                    raise SyntaxProblem('unterminated double quote', 'close the quoted string on the same line', source)
                yield text[i + 1:close], source
                i = close + 1
            else:
                j = i
                while j < end and not text[j].isspace() and text[j] not in '{}"':
                    j += 1
                yield text[i:j], source
                i = j
        yield '\n', source


def _without_prompts(lines, notes):
    """The lines but those a terminal session left (shell prompts and the commands after them), each reported: keepalived
    reads such a line as an unknown keyword and goes on, so the model reads the rest of the file too."""
    for line in lines:
        words = line.text.split()
        if words and _PROMPT.match(words[0]):
            notes.append(make_issue('LVS118', None, line.text, 'is a shell prompt or command pasted into keepalived.conf: '
                                    'keepalived reads "%s" as an unknown keyword' % words[0],
                                    'remove the line (a terminal session\'s output pasted with it too)', line.source))
        else:
            yield line


# Kept for callers that give their own reader: preprocessor.Reader reads bytes (any encoding) and globs.
Reader = preprocessor.Reader


def parse_statements(text, name='keepalived.conf', reader=None, config_id=None, notes=None):
    """Return the top-level statements of ``text`` (bytes or text) after keepalived's preprocessing (includes,
    ``@ID`` lines for ``config_id``, ``$NAME`` parameters, ``~SEQ``); raise SyntaxProblem on malformed input.
    ``notes``, a list, receives the findings that do not stop reading (lines that are not UTF-8, pasted shell prompts,
    a closing brace too many)."""
    processor = preprocessor.Preprocessor(reader, config_id)
    notes = [] if notes is None else notes
    lines = _without_prompts(processor.lines(text, name), notes)
    notes.extend(make_issue('LVS116', None, None, 'is not UTF-8: read as Latin-1, byte for byte',
                            'save the file as UTF-8 (a comment in another encoding is harmless)', source)
                 for source in processor.not_utf8)
    root = []
    stack = [root]
    opened = []  # file:line of each open block's statement, to point at an unclosed one
    words, source = [], None
    pending = None  # a statement whose '{' may still come on the next line

    def flush():
        statement = None
        if words:
            statement = Statement(words[0], words[1:], source)
            stack[-1].append(statement)
            del words[:]
        return statement

    for token, where in _tokens(lines):
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
            if len(stack) == 1:  # keepalived says "Extra '}' found" and reads on: so does the model, with the finding
                notes.append(make_issue('LVS113', None, None, 'a closing brace without a matching opening brace '
                                        '(keepalived -t: "Extra \'}\' found")', 'remove the extra closing brace', where))
                continue
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


def syntax_issue(problem):
    return make_issue('LVS113', None, None, problem.message, problem.fix, problem.source)
