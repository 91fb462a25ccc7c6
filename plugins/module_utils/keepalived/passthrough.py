# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The escape hatch: keepalived statements the model does not type, kept per block and in their order, rendered back
as they were written.

In the input form a block's ``passthrough`` key holds them: a line is a string (``vrrp_iptables LVS_IN``; a word with
spaces in double quotes, as in keepalived.conf), a block is a mapping of its first line to its lines
(``{'static_routes': ['10.0.0.0/8 via 192.168.1.1']}``). keepalived must know each keyword in its block
(grammar.py): one it does not know is kept but is an error (keepalived -t refuses it too).
"""

from __future__ import absolute_import, division, print_function

import re

from .issues import MASK
from .rules import make_issue
from .values import Invalid, Kind

# keepalived's keywords whose value is a secret: a VRRP password, the SSL block's key password (config.py's, too)
SECRET_KEYWORDS = ('auth_pass', 'password')
# A word that keepalived would split, or read as a brace or a comment, is written in double quotes.
_NEEDS_QUOTES = re.compile(r'[\s{}#!]')
_WORD = re.compile(r'"([^"]*)"|([^\s"]+)')


class Raw(object):
    """One statement as written: its keyword, its arguments, and its children when it opens a block."""

    __slots__ = ('keyword', 'args', 'children')

    def __init__(self, keyword, args, children=None):
        self.keyword = keyword
        self.args = list(args)
        self.children = children

    @classmethod
    def of(cls, statement):
        """A lexer Statement, with its children, as a Raw statement."""
        children = None if statement.children is None else [cls.of(child) for child in statement.children]
        return cls(statement.keyword, statement.args, children)

    @property
    def line(self):
        return ' '.join('"%s"' % word if not word or _NEEDS_QUOTES.search(word) else word
                        for word in [self.keyword] + self.args)

    def to_data(self):
        if self.children is None:
            return self.line
        return {self.line: [child.to_data() for child in self.children]}

    def render(self, lines, indent, step):
        if self.children is None:
            lines.append(indent + self.line)
            return
        lines.append('%s%s {' % (indent, self.line))
        for child in self.children:
            child.render(lines, indent + step, step)
        lines.append(indent + '}')


def split_words(text):
    """The words of one line written in the input form, as keepalived would read them."""
    if not isinstance(text, str) or '\n' in text or '\r' in text:
        raise Invalid('LVS105', 'is not one line of text', 'write one keepalived statement per string')
    words, position = [], 0
    for match in _WORD.finditer(text):
        between = text[position:match.start()]
        if between.strip():
            raise Invalid('LVS105', 'has an unclosed double quote', 'close the quoted word')
        word = match.group(2)
        if word is not None and re.search(r'[{}#!]', word):
            raise Invalid('LVS105', 'contains %r outside double quotes, which would change the structure of keepalived.conf'
                          % re.search(r'[{}#!]', word).group(), 'put the word in double quotes, or write it as a block')
        words.append(match.group(1) if word is None else word)
        position = match.end()
    if text[position:].strip():
        raise Invalid('LVS105', 'has an unclosed double quote', 'close the quoted word')
    if not words:
        raise Invalid('LVS105', 'is empty', 'give a keepalived statement, or remove the entry')
    return words


def shown(item):
    """What a finding shows of an input-form entry: a line with a secret's value masked, a block by its first line
    (its lines may give a secret), a scalar as it is, anything else by its type."""
    if isinstance(item, dict) and len(item) == 1:
        item = list(item)[0]
    if isinstance(item, str):
        words = item.split(None, 1)
        return '%s %s' % (words[0], MASK) if len(words) == 2 and words[0] in SECRET_KEYWORDS else item
    return item if item is None or isinstance(item, (bool, int, float)) else type(item).__name__


def from_data(item):
    """An input-form entry (a string, or a mapping of one line to its lines) as a Raw statement."""
    if isinstance(item, dict):
        if len(item) != 1:
            raise Invalid('LVS102', 'is a mapping of %d keys' % len(item),
                          'write a block as a mapping of its first line to the list of its lines')
        (head, body), = item.items()
        words = split_words(head)
        body = [] if body is None else body
        if not isinstance(body, list):
            raise Invalid('LVS102', 'holds %s, not a list of lines' % type(body).__name__,
                          'write the block\'s lines as a list')
        return Raw(words[0], words[1:], [from_data(child) for child in body])
    words = split_words(item)
    return Raw(words[0], words[1:])


class Passthrough(Kind):
    """The ``passthrough`` key of every block: a list of statements (see the module's docstring)."""

    describe = 'a list of keepalived statements lvs.cluster does not type (strings, or mappings for blocks)'

    def __init__(self, knows):
        self.knows = knows  # knows(keyword) -> None, or the Invalid to report for a keyword keepalived refuses here

    def load(self, value, path, issues):
        result = []
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, Raw):  # read from a file: its keyword was judged there, with its file:line
                result.append(item)
                continue
            try:
                raw = from_data(item)
                problem = self.knows(raw.keyword)
                if problem is not None:
                    raise problem
            except Invalid as problem:
                issues.append(make_issue(problem.rule, '%s[%d]' % (path, index), shown(item), problem.message,
                                         problem.fix))
                continue
            result.append(raw)
        return result

    def dump(self, value):
        return [raw.to_data() for raw in value]

    def render(self, keyword, value, lines, depth):
        del keyword
        for raw in value:
            raw.render(lines, '    ' * depth, '    ')
