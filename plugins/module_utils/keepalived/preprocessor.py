# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""keepalived's own preprocessing of keepalived.conf, before any keyword is read (keepalived.conf(5), ADVANCED
CONFIGURATION; lib/parser.c read_line): file bytes to the logical lines keepalived's parser sees.

In keepalived's order, for each line:
- comments (``!`` or ``#`` outside double quotes; ``\\#`` and ``\\!`` are the characters themselves) and surrounding
  blanks go; a line ending in ``\\`` continues a multiline definition;
- ``@ID`` lines are kept (without the ``@ID``) only when ID is the config id, ``@^ID`` lines only when it is not;
- ``$NAME=VALUE`` defines a parameter (a value ending in ``\\`` goes on over the next lines);
- ``~SEQ(var, start, step, end)``, ``~SEQx(...)`` and ``~LST(var, v1, v2, ...)`` repeat the rest of the line;
- ``$NAME`` (followed by a blank or the end) and ``${NAME}`` are replaced, again and again, by defined values, and
  the line is decommented again; an undefined parameter stays as written;
- ``include PATTERN`` reads the files of a glob, relative to the including file's directory.

Each line keeps the file and line it came from (``file:line``), so findings point at the operator's own text.
Bytes that are not UTF-8 are read as Latin-1 for that line, which is reported.
"""

from __future__ import absolute_import, division, print_function

import glob
import io
import os
import random
import re

NAME = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')
DEFINITION = re.compile(r'^\$([A-Za-z_][A-Za-z0-9_]*)[ \t]*=')
INCLUDE = re.compile(r'^include[rmwba]?[ \t]+(.*)$')
MAX_DEPTH = 8  # nested includes, as the lexer always allowed
MAX_LENGTH = 65536  # a line after substitution: keepalived's own limit is lower
MAX_LINES = 200000  # what ~SEQ or a runaway definition may produce: more is a mistake, not a configuration


def host_config_id():
    """keepalived's default config id on this host: its node name up to the first dot (keepalived -i overrides it)."""
    return os.uname()[1].split('.')[0]


class SyntaxProblem(Exception):
    """Malformed keepalived.conf text: a bad ~SEQ, includes nested too deep, and (lexer.py) unbalanced braces or
    quotes. Braces in messages are literal, not format fields."""

    def __init__(self, message, fix, source):
        super(SyntaxProblem, self).__init__(message)
        self.message = message
        self.fix = fix
        self.source = source


class Line(object):
    __slots__ = ('text', 'source')

    def __init__(self, text, source):
        self.text = text
        self.source = source

    def __repr__(self):
        return 'Line(%r, %r)' % (self.text, self.source)


class Reader(object):
    """Reads the main file's includes. Replace ``read``/``expand`` to preprocess without a filesystem."""

    def read(self, path):
        with io.open(path, 'rb') as handle:
            return handle.read()

    def expand(self, pattern):
        return sorted(glob.glob(pattern))


def decode(data, name):
    """(text, [source of each line that is not UTF-8]): such a line is read as Latin-1, byte for byte."""
    if not isinstance(data, bytes):
        return data, []
    try:
        return data.decode('utf-8'), []
    except UnicodeDecodeError:
        pass
    lines, bad = [], []
    for number, raw in enumerate(data.split(b'\n'), 1):
        try:
            lines.append(raw.decode('utf-8'))
        except UnicodeDecodeError:
            lines.append(raw.decode('latin-1'))
            bad.append('%s:%d' % (name, number))
    return '\n'.join(lines), bad


def decomment(line):
    """(line without its comment and surrounding blanks, whether it ends in a continuation ``\\``), as keepalived's
    decomment(); a quote left open is the lexer's to report."""
    line = line.lstrip(' \t')
    out, quote, index = [], False, 0
    continued = False
    comment = False  # keepalived scans a comment on to its end: a "\\" ending it still continues the line
    while index < len(line):
        char = line[index]
        if char == '"':
            quote = quote if comment else not quote
        elif char == '\\':
            if index + 1 == len(line):
                continued = True
                break
            if not comment:
                out.append(line[index + 1] if not quote and line[index + 1] in '#!' else line[index:index + 2])
            index += 2
            continue
        elif not quote and char in '!#':
            comment = True
        if not comment:
            out.append(char)
        index += 1
    text = ''.join(out).rstrip(' \t')
    return text + ('\\' if continued else ''), continued


class Definition(object):
    __slots__ = ('value', 'lines')

    def __init__(self, value='', lines=None):
        self.value = value
        self.lines = lines  # a multiline definition's lines, else None


class Preprocessor(object):
    """keepalived's preprocessing for one configuration: its definitions live across its files."""

    def __init__(self, reader=None, config_id=None, environment=None):
        self.reader = reader or Reader()
        self.config_id = config_id
        self.environment = os.environ if environment is None else environment
        self.definitions = {}
        self.not_utf8 = []  # sources of the lines read as Latin-1
        self.count = 0
        self.directory = '.'

    # -- pre-defined definitions (keepalived.conf(5), Pre-defined definitions) --------------------------------------
    def _predefined(self, name, parameters):
        if name == '_PWD':
            return self.directory
        if name == '_INSTANCE':
            return self.config_id or ''
        if name == '_HASH':
            return '#'
        if name == '_BANG':
            return '!'
        if name == '_ENV' and len(parameters) == 1:
            return self.environment.get(parameters[0], '')
        if name == '_RANDOM' and len(parameters) <= 2 and all(p.isdigit() for p in parameters):
            low, high = (int(parameters[0]) if parameters else 0), (int(parameters[1]) if len(parameters) > 1 else 32767)
            return str(random.randint(min(low, high), max(low, high)))
        return None

    # -- the whole file -----------------------------------------------------------------------------------------
    def lines(self, data, name, depth=0):
        """The logical lines of ``data`` (bytes or text) read as the file ``name``."""
        text, bad = decode(data, name)
        self.not_utf8.extend(bad)
        result = []
        pending = None  # (name, [lines]) of a multiline definition being read
        previous_directory, self.directory = self.directory, os.path.dirname(name) or '.'
        for number, raw in enumerate(text.split('\n'), 1):
            source = '%s:%d' % (name, number)
            # keepalived reads a line as a C string: a NUL ends it, and the rest of the line is never read
            raw = raw.split('\x00', 1)[0].rstrip('\r\n')
            if pending is not None:
                # a multiline definition goes on until a line without "\\", or an empty one; a line of blanks or only a
                # comment is skipped (keepalived reads on), a comment ending in "\\" too
                if not raw:
                    self._define_multiline(*pending)
                    pending = None
                    continue
                line, continued = decomment(raw)
                if not line:
                    continue
                if continued:
                    line = line[:-1].rstrip(' \t')
                if line:
                    pending[1].append(line)
                if not continued:
                    self._define_multiline(*pending)
                    pending = None
                continue
            line = decomment(raw)[0]
            if not line:
                continue
            pending = self._line(line, source, result, depth)
        if pending is not None:
            self._define_multiline(*pending)
        self.directory = previous_directory
        return result

    def _define_multiline(self, name, lines):
        self.definitions[name] = Definition(lines=lines) if lines else Definition('')

    # -- one line ----------------------------------------------------------------------------------------------
    def _line(self, line, source, result, depth):
        """Preprocess ``line`` into ``result``; returns (name, lines) when it starts a multiline definition."""
        if line.startswith('@'):
            line = self._conditional(line)
            if not line:
                return None
        found = DEFINITION.match(line)
        if found:
            value = line[found.end():].lstrip(' \t')
            if value.endswith('\\'):
                first = value[:-1].rstrip(' \t')
                return found.group(1), [first] if first else []
            self.definitions[found.group(1)] = Definition(value)
            return None
        if line.startswith(('~SEQ', '~LST')):
            self._repeat(line, source, result, depth)
            return None
        replaced = self._replace(line, source) if '$' in line and not line.startswith('~') else None
        if replaced is None:
            self._emit(line, source, result, depth)
            return None
        first, rest = replaced
        pending = None
        for number, text in enumerate([first] + rest):  # a multiline definition's lines are lines of their own
            text = decomment(text)[0]
            if text:
                found = self._line(text, source, result, depth)
                pending = found if number == 0 else pending
        return pending

    def _emit(self, line, source, result, depth):
        if line == 'include':
            raise SyntaxProblem('include without a file', 'give an existing file or glob', source)
        found = INCLUDE.match(line)
        if found:
            self._include(found.group(1).strip(), source, result, depth)
            return
        self.count += 1
        if self.count > MAX_LINES:
            raise SyntaxProblem('the preprocessing makes more than %d lines' % MAX_LINES,
                                'check the ~SEQ ranges and the definitions that use themselves', source)
        result.append(Line(line, source))

    def _conditional(self, line):
        """The line without its ``@ID``/``@^ID`` when it applies to this config id, else None."""
        negated = line.startswith('@^')
        start = 2 if negated else 1
        blank = re.search(r'[ \t]', line[start:])
        if blank is None:
            return None
        word = line[start:start + blank.start()]
        if (word == self.config_id) == negated:
            return None
        return line[start + blank.start():].lstrip(' \t')

    def _replace(self, line, source, limit=64):
        """(first line, further lines of a multiline definition) with the parameters replaced, or None when nothing
        was replaced. Replacement is repeated on the result (recursive values), ``limit`` rounds and MAX_LENGTH
        characters at most (keepalived stops at its line length)."""
        rest = []
        changed = False
        for _round in range(limit):
            found = False
            index = 0
            while len(line) <= MAX_LENGTH:
                index = line.find('$', index)
                if index < 0 or index + 1 >= len(line):
                    break
                match = self._reference(line, index)
                if match is None:
                    index += 1
                    continue
                end, value, lines = match
                if lines is not None:
                    line = line[:index] + lines[0]
                    rest = list(lines[1:]) + rest
                else:
                    line = line[:index] + value + line[end:]
                found = changed = True
                if lines is None and value.lstrip(' \t').startswith('~'):
                    return line, rest  # a ~SEQ/~LST value: the rest of the line is replaced per repetition
                if lines is not None:
                    break
            if not found and len(line) <= MAX_LENGTH:
                break
        else:
            raise SyntaxProblem('parameter substitution does not end (a definition uses itself)',
                                'give the parameter a value that does not name it', source)
        return (line, rest) if changed else None

    def _reference(self, line, index):
        """(end, value, lines) of the parameter referenced at ``line[index] == '$'``, or None when it names none."""
        braced = line[index + 1:index + 2] == '{'
        start = index + 2 if braced else index + 1
        found = NAME.match(line, start)
        if not found:
            return None
        name = found.group(0)
        if braced:
            close = line.find('}', found.end())
            if close < 0:
                return None
            parameters = line[found.end():close].split()
            end = close + 1
        else:
            if found.end() < len(line) and line[found.end()] not in ' \t,)':
                return None
            parameters, end = [], found.end()
        definition = self.definitions.get(name)
        if definition is None:
            value = self._predefined(name, parameters) if name.startswith('_') else None
            return None if value is None else (end, value, None)
        if parameters:
            return None
        if definition.lines is not None:
            if end != len(line):  # keepalived expands a multiline definition only at the end of a line
                return None
            return end, None, definition.lines
        return end, definition.value, None

    def _repeat(self, line, source, result, depth):
        """``~SEQ``, ``~SEQx`` and ``~LST``: the rest of the line once per value."""
        if line.startswith('~LST'):
            names, values, rest = self._list(line, source)
        else:
            hexadecimal = line.startswith('~SEQx')
            name, numbers, rest = self._sequence(line, source)
            names, values = [name], [[('%x' if hexadecimal else '%d') % number] for number in numbers]
        for value_set in values:
            for name, value in zip(names, value_set):
                self.definitions[name] = Definition(value)
            text = decomment(rest)[0]
            if text:
                self._line(text, source, result, depth)

    def _sequence(self, line, source):
        found = re.match(r'^~SEQx?[ \t]*\([ \t]*([^ \t,)]+)[ \t]*,([^)]*)\)[ \t]*(.*)$', line)
        bad = SyntaxProblem('invalid ~SEQ specification %r' % line, 'write ~SEQ(VAR, START, STEP, END) and a '
                            'line to repeat after it', source)
        if not found or found.group(1).startswith('{'):
            raise bad
        arguments = (self._replace(found.group(2), source) or (found.group(2), []))[0]
        try:
            numbers = [int(part.strip(), 0) for part in arguments.split(',')]
        except ValueError:
            raise bad
        if len(numbers) == 1:
            end, = numbers
            start, step = (-1 if end < 0 else 1), (-1 if end < 1 else 1)
        elif len(numbers) == 2:
            start, end = numbers
            step = 1 if start <= end else -1
        elif len(numbers) == 3:
            start, step, end = numbers
            if not step or (start < end and step < 0) or (start > end and step > 0):
                raise bad
        else:
            raise bad
        if line.startswith('~SEQx') and (start < 0 or end < 0):
            raise SyntaxProblem('~SEQx is only valid for positive numbers %r' % line, 'use ~SEQ', source)
        count = (end - start) // step + 1 if (end - start) * step >= 0 else 0
        if count > MAX_LINES:
            raise SyntaxProblem('~SEQ makes more than %d lines' % MAX_LINES, 'narrow its range', source)
        return found.group(1), [start + step * n for n in range(count)], found.group(3)

    def _list(self, line, source):
        bad = SyntaxProblem('invalid ~LST specification %r' % line, 'write ~LST(VAR, VALUE, ...) or '
                            '~LST({VAR1, VAR2}, {V1, V2}, ...) and a line to repeat after it', source)
        found = re.match(r'^~LST[ \t]*\((.*?)\)[ \t]*(.*)$', line)
        if not found:
            raise bad
        groups = re.findall(r'\{([^}]*)\}|([^,{}]+)', found.group(1))
        items = [[part.strip() for part in (braced or plain).split(',')] for braced, plain in groups
                 if (braced or plain).strip()]
        if len(items) < 2:
            raise bad
        names = items[0]
        values = items[1:]
        if any(not NAME.fullmatch(name) for name in names) or any(len(value) != len(names) for value in values):
            raise bad
        return names, values, found.group(2)

    def _include(self, pattern, source, result, depth):
        if not pattern:
            raise SyntaxProblem('include without a file', 'give an existing file or glob', source)
        if depth >= MAX_DEPTH:
            raise SyntaxProblem('include nested more than %d deep' % MAX_DEPTH, 'include each file once', source)
        if not os.path.isabs(pattern):
            pattern = os.path.join(self.directory, pattern)
        for path in self.reader.expand(pattern):
            result.extend(self.lines(self.reader.read(path), path, depth + 1))
