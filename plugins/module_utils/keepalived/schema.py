# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The machinery behind every keepalived block: declared fields, loaded from dicts,
rendered to lines, and filled from parsed statements.

A block class lists its ``fields`` once; loading, rendering, parsing, ``to_dict`` and the
documentation all come from that list, so a keyword is described in exactly one place.
"""

from __future__ import absolute_import, division, print_function

from . import grammar
from .issues import MASK
from .passthrough import Passthrough, Raw
from .rules import make_issue
from .values import Flag, Invalid, Switch, did_you_mean

INDENT = '    '


class Field(object):
    """One key of a block.

    ``name``: the key operators write (and ``to_dict`` returns); ``keyword``: what keepalived.conf
    says (defaults to name); ``aliases``: legacy keywords accepted with a deprecation warning;
    ``trailing``: a Flag field rendered as an extra word on this field's line (``weight -90 reverse``);
    ``inline``: such a trailing flag, never rendered on its own line.
    """

    __slots__ = ('name', 'kind', 'keyword', 'aliases', 'required', 'secret', 'trailing', 'inline', '_loader')

    def __init__(self, name, kind, keyword=None, aliases=(), required=False, secret=False,
                 trailing=None, inline=False):
        self.name = name
        self.kind = kind
        self._loader = getattr(kind, 'load', None)  # a kind that loads (blocks, lists) rather than coerces a value
        self.keyword = keyword or name
        self.aliases = tuple(aliases)
        self.required = required
        self.secret = secret
        self.trailing = trailing
        self.inline = inline

    @property
    def keywords(self):
        return getattr(self.kind, 'keywords', None) or (self.keyword,) + self.aliases

    def shown(self, value):
        return MASK if self.secret else value

    def load(self, value, block_path, issues):
        """``value`` typed, in the block at ``block_path``; its own path is formatted only when needed (a fleet's
        configurations have hundreds of thousands of values, and almost all of them type cleanly)."""
        if self._loader is not None:
            return self._loader(value, _at(block_path, self.name), issues)
        try:
            return self.kind.coerce(value)
        except Invalid as problem:
            issues.append(make_issue(problem.rule, _at(block_path, self.name), self.shown(value), problem.message,
                                     problem.fix))
            return None

    def dump(self, value):
        dumper = getattr(self.kind, 'dump', None)
        return dumper(value) if dumper else value

    def is_set(self, value):
        # False is "not set" for a standalone flag but a real value for keepalived's <BOOL>.
        return not (value is None or value == [] or value == {} or (value is False and isinstance(self.kind, Flag)))


def _at(path, key):
    """The path of ``key`` inside the block at ``path`` (the top level has none)."""
    return '%s.%s' % (path, key) if path else str(key)


def _needs_block(statement, form):
    if statement.children is None:
        raise Invalid('LVS113', 'needs a block', 'write %s %s' % (statement.keyword, form))


def _suggest(key, known):
    return did_you_mean(key, known, 'known keys: %s' % ', '.join(sorted(known)))


class BlockMeta(type):
    """Indexes a block's fields by input key and by keepalived keyword, once per class, and gives every block with
    keywords its ``passthrough`` (the statements the model does not type, last in the block)."""

    def __init__(cls, name, bases, namespace):
        super(BlockMeta, cls).__init__(name, bases, namespace)
        typed = tuple(field for field in cls.fields if not isinstance(field.kind, Passthrough))
        if typed:  # a subclass gets its own: it may be found at other places in keepalived's grammar
            cls.fields = typed + (Field('passthrough', Passthrough(cls.refusal)),)
        cls._by_key = {}
        cls._by_keyword = {}
        cls._required = tuple(field for field in cls.fields if field.required)
        for field in cls.fields:
            if not hasattr(cls, field.name):  # unset by default: an instance holds only the values given
                setattr(cls, field.name, None)
            cls._by_key[field.name] = field
            for alias in field.aliases:
                cls._by_key[alias] = field
            if not (field.inline or field.name in cls.header_fields or isinstance(field.kind, Passthrough)):
                for keyword in field.keywords:
                    cls._by_keyword[keyword] = field


class Block(BlockMeta('BlockBase', (object,), {'fields': (), 'header_fields': ()})):
    """A keepalived block. Subclasses set ``fields`` and ``grammar`` (the block paths of grammar_table.py it is found
    at) and may override ``header``/``parse_header`` (the words between the keyword and ``{``) and ``label`` (how
    errors name an item of a list)."""

    fields = ()
    header_fields = ()
    grammar = ()

    def __init__(self, **values):
        for name, value in values.items():
            if value is not None and name in self._by_key and self._by_key[name].name == name:
                setattr(self, name, value)

    # ---- loading operator input -------------------------------------------------------
    @classmethod
    def load(cls, data, path, issues):
        block = cls()
        if not isinstance(data, dict):
            issues.append(make_issue('LVS102', path, type(data).__name__, 'must be a mapping of keys to values',
                                     'write the block as a mapping (key: value lines)'))
            return block
        given = {}
        for key, value in data.items():
            field = cls._by_key.get(key)
            if field is None:
                issues.append(make_issue('LVS101', _at(path, key), None, 'is not a known key here',
                                         _suggest(key, cls.known_keys())))
                continue
            if field.name in given:
                issues.append(make_issue('LVS111', _at(path, key), None, 'is given twice (also as %s)'
                                         % given[field.name], 'keep only %s' % field.name))
                continue
            if key != field.name:
                issues.append(make_issue('LVS110', _at(path, key), None, 'is the deprecated name of %s' % field.name,
                                         'write %s instead of %s' % (field.name, key)))
            given[field.name] = key
            if value is not None:  # null leaves a key unset: YAML's "key:" with nothing, a template giving nothing
                setattr(block, field.name, field.load(value, path, issues))
        for field in cls._required:
            if field.name not in given:
                issues.append(make_issue('LVS109', _at(path, field.name), None, 'is required', 'add %s' % field.name))
            elif data[given[field.name]] is None:
                issues.append(make_issue('LVS109', _at(path, field.name), None, 'is required but null (empty)',
                                         'give %s a value' % field.name))
        return block

    @classmethod
    def known_keys(cls):
        return [field.name for field in cls.fields]

    # ---- rendering ---------------------------------------------------------------------
    def header(self):
        return [str(getattr(self, name)) for name in self.header_fields if getattr(self, name) is not None]

    def render_body(self, lines, depth):
        indent = INDENT * depth
        for field in self.fields:
            value = getattr(self, field.name)
            if field.inline or field.name in self.header_fields or not field.is_set(value):
                continue
            render = getattr(field.kind, 'render', None)
            if render is not None:
                render(field.keyword, value, lines, depth)
                continue
            args = field.kind.to_args(value)
            if field.trailing and getattr(self, field.trailing):
                args.append(field.trailing)
            lines.append(' '.join([indent + field.keyword] + args))

    # ---- parsing -----------------------------------------------------------------------
    @classmethod
    def parse_header(cls, args):
        """The input-form keys given by the words after the keyword (``real_server 10.1.1.163 80``)."""
        if len(args) > len(cls.header_fields):
            raise Invalid('LVS113', 'has %d words after the keyword, expected at most %d' % (len(args), len(cls.header_fields)),
                          'write %s' % ' '.join(cls.header_fields))
        return dict(zip(cls.header_fields, args))

    @classmethod
    def check_header(cls, item):
        """Raise Invalid when a word of a read header (``parse_header``) does not type: keepalived skips such a block
        (``Invalid real server IP address/port ... - skipping``); the caller keeps it as written, beside the finding,
        rather than a model of it without its address that would render as another block."""
        for name in cls.header_fields:
            coerce = getattr(cls._by_key[name].kind, 'coerce', None)
            if item.get(name) is None or coerce is None:
                continue
            try:
                coerce(item[name])
            except Invalid as problem:
                raise Invalid(problem.rule, 'has the %s %s, which %s' % (name, item[name], problem.message), problem.fix)

    @classmethod
    def parse_body(cls, statements, path, issues, data=None):
        """Statements to the input-form dict ``load`` takes; legacy keywords are renamed here."""
        data = {} if data is None else data
        for statement in statements:
            field = cls._by_keyword.get(statement.keyword)
            where = _at(path, statement.keyword)
            if field is None:
                # never dropped: kept as written, and refused only when keepalived itself does not know it here
                data.setdefault('passthrough', []).append(Raw.of(statement))
                problem = cls.refusal(statement.keyword)
                if problem is not None:
                    issues.append(make_issue(problem.rule, where, None, problem.message, problem.fix, statement.source))
                continue
            if statement.keyword in field.aliases:
                message = 'is the deprecated name of %s' % field.keyword
                if cls.grammar and not grammar.knows(cls.grammar, statement.keyword):
                    # e.g. nb_get_retry in TCP_CHECK (the seed article's): keepalived says "Unknown keyword" and keeps
                    # its default, while the rendered file writes the value under the modern name
                    message += ', which keepalived does not read in %s (it runs with the default %s until this file ' \
                               'is rendered)' % (cls.keyword, field.keyword)
                issues.append(make_issue('LVS110', where, None, message,
                                         'write %s instead of %s' % (field.keyword, statement.keyword), statement.source))
            parse = getattr(field.kind, 'parse', None)
            taken = field.name in data
            try:
                if parse is not None:
                    parse(statement, field, data, path, issues)
                    continue
                if statement.children is not None:
                    raise Invalid('LVS113', 'takes no block', 'remove the braces after %s' % statement.keyword)
                if field.name in data:
                    raise Invalid('LVS111', 'is given twice', 'keep one %s line' % statement.keyword)
                args = list(statement.args)
                if field.trailing and args and args[-1] in (field.trailing, 'no' + field.trailing):
                    data[field.trailing] = args.pop() == field.trailing
                data[field.name] = field.kind.from_args(args)
                field.kind.coerce(data[field.name])  # a bad value is reported here, with its file:line
            except Invalid as problem:
                # a secret keyword among the words (auth_type PASS auth_pass X on one line) hides them all
                hidden = field.secret or any(other.secret and other.keyword in statement.args for other in cls.fields)
                issues.append(make_issue(problem.rule, where, (MASK if hidden else ' '.join(statement.args)) or None,
                                         problem.message, problem.fix, statement.source))
                if parse is None and data.get(field.name) is not None and not taken:
                    del data[field.name]
                if not hidden:  # what could not be typed is kept as written, beside its finding (never a secret)
                    data.setdefault('passthrough', []).append(Raw.of(statement))
        return data

    @classmethod
    def known_keywords(cls):
        return sorted(cls._by_keyword)

    @classmethod
    def refusal(cls, keyword):
        """None when keepalived knows ``keyword`` in this block (so it may pass through untyped), else the Invalid
        to report, with the closest keyword keepalived or the model knows here."""
        if grammar.knows(cls.grammar, keyword):
            if keyword in cls._by_keyword:
                field = cls._by_keyword[keyword]
                off = isinstance(field.kind, Switch) and keyword == field.kind.keywords[1]  # preempt: nopreempt false
                return Invalid('LVS101', 'is typed by lvs.cluster, so it cannot pass through',
                               'write the key %s: false' % field.name if off else 'write %s as the key %s' % (keyword, field.name))
            return None
        known = set(cls._by_keyword) | grammar.keywords(cls.grammar)
        return Invalid('LVS101', 'is not a keyword keepalived knows in this block (keepalived -t: "Unknown keyword")',
                       did_you_mean(keyword, known, 'remove it, or see keepalived.conf(5) for the keywords of this block'))

    # ---- plain data ---------------------------------------------------------------------
    def to_dict(self):
        result = {}
        for field in self.fields:
            value = getattr(self, field.name)
            if field.is_set(value):
                result[field.name] = field.dump(value)
        return result

    def __eq__(self, other):
        return type(self) is type(other) and self.to_dict() == other.to_dict()

    def __ne__(self, other):
        return not self == other

    __hash__ = None

    @classmethod
    def label(cls, data, index):
        return str(index)


def _open(keyword, args, lines, depth):
    if depth == 0 and lines:
        lines.append('')  # a blank line between top-level blocks
    lines.append('%s%s {' % (INDENT * depth, ' '.join([keyword] + list(args))))


def _close(lines, depth):
    lines.append('%s}' % (INDENT * depth))


class Sub(object):
    """A nested block written once: ``authentication { ... }``."""

    def __init__(self, block):
        self.block = block

    def load(self, value, path, issues):
        return self.block.load(value, path, issues)

    def dump(self, value):
        return value.to_dict()

    def render(self, keyword, value, lines, depth):
        _open(keyword, value.header(), lines, depth)
        value.render_body(lines, depth + 1)
        _close(lines, depth)

    def parse(self, statement, field, data, path, issues):
        _needs_block(statement, '{ ... }')
        # keepalived merges a block given twice (e.g. global_defs in two included files); so do we,
        # and a key given in both is reported as given twice.
        data[field.name] = self.block.parse_body(statement.children, _at(path, field.name), issues, data.get(field.name))


class Entries(object):
    """A block whose lines are entries rather than keywords: ``virtual_ipaddress { 10.1.1.166 }``.

    ``entry`` is a Kind whose ``coerce`` takes one input item and whose ``to_args``/``from_args``
    turn it into the words of one line. A second block of the keyword adds to the first, as keepalived does for most;
    ``once``: keepalived keeps the first and skips the others (a sync group's ``group``: "Group list already specified").
    """

    def __init__(self, entry, unique=True, once=False):
        self.entry = entry
        self.unique = unique
        self.once = once

    def load(self, value, path, issues):
        if not isinstance(value, list):
            value = [value]
        result = []
        for index, item in enumerate(value):
            try:
                normalized = self.entry.coerce(item)
            except Invalid as problem:
                issues.append(make_issue(problem.rule, '%s[%d]' % (path, index), item, problem.message, problem.fix))
                continue
            if self.unique and normalized in result:
                issues.append(make_issue('LVS111', '%s[%d]' % (path, index), item, 'is listed twice', 'list it once'))
                continue
            result.append(normalized)
        return result

    def render(self, keyword, value, lines, depth):
        if not value:
            return
        _open(keyword, (), lines, depth)
        self.render_items(value, lines, depth + 1)
        _close(lines, depth)

    def render_items(self, value, lines, depth):
        for item in value:
            lines.append(INDENT * depth + ' '.join(self.entry.to_args(item)))

    def parse(self, statement, field, data, path, issues):
        _needs_block(statement, '{ ... }')
        if self.once and field.name in data:
            raise Invalid('LVS111', 'is given twice: keepalived keeps the first block and skips this one',
                          'list every entry in one %s block' % statement.keyword)
        data.setdefault(field.name, []).extend(self.parse_items(statement.children, path, issues))

    def parse_items(self, children, path, issues):
        items = []
        for child in children:
            try:
                if child.children is not None:
                    raise Invalid('LVS113', 'an entry cannot open a block', 'remove the braces')
                words = [child.keyword] + list(child.args)
                if getattr(self.entry, 'per_word', False):
                    items.extend(self.entry.from_args([word]) for word in words)
                else:
                    items.append(self.entry.from_args(words))
            except Invalid as problem:
                issues.append(make_issue(problem.rule, path, ' '.join([child.keyword] + child.args), problem.message,
                                         problem.fix, child.source))
        return items


class Named(object):
    """Blocks identified by a name after the keyword: ``vrrp_instance VI_1 { ... }``, loaded from a
    mapping of name to body. ``body`` is a Block class, or an Entries whose items fill the block."""

    def __init__(self, body, name_kind):
        self.body = body
        self.name_kind = name_kind

    def load(self, value, path, issues):
        if not isinstance(value, dict):
            issues.append(make_issue('LVS102', path, None, 'must be a mapping of names to blocks',
                                     'write name: { ... } entries'))
            return {}
        result = {}
        for name, body in value.items():
            where = '%s[%s]' % (path, name)
            try:
                name = self.name_kind.coerce(name)
            except Invalid as problem:
                issues.append(make_issue(problem.rule, where, None, 'the name ' + problem.message, problem.fix))
                continue
            if name in result:  # 1 and '1' in YAML are one name in keepalived.conf
                issues.append(make_issue('LVS111', where, None, 'is given twice', 'keep one %s' % name))
                continue
            result[name] = self.body.load(body if body is not None else {}, where, issues)
        return result

    def dump(self, value):
        return dict((name, body if isinstance(self.body, Entries) else body.to_dict()) for name, body in value.items())

    def render(self, keyword, value, lines, depth):
        for name in sorted(value):  # by name, so that the order of the operator's mapping does not matter
            body = value[name]
            _open(keyword, [name], lines, depth)
            if isinstance(self.body, Entries):
                self.body.render_items(body, lines, depth + 1)
            else:
                body.render_body(lines, depth + 1)
            _close(lines, depth)

    def parse(self, statement, field, data, path, issues):
        if statement.children is None or len(statement.args) != 1:
            raise Invalid('LVS113', 'needs one name and a block', 'write %s NAME { ... }' % statement.keyword)
        name = statement.args[0]
        coerce = getattr(self.name_kind, 'coerce', None)
        try:
            if coerce is not None:
                coerce(name)
        except Invalid as problem:  # keepalived reads the block: kept as written (passthrough), beside the finding
            raise Invalid(problem.rule, 'has the name %s, which %s' % (name, problem.message), problem.fix)
        bodies = data.setdefault(field.name, {})
        if name in bodies:
            raise Invalid('LVS111', 'defines %s twice' % name, 'merge the two %s %s blocks' % (statement.keyword, name))
        where = '%s[%s]' % (_at(path, field.name), name)
        if isinstance(self.body, Entries):
            bodies[name] = self.body.parse_items(statement.children, where, issues)
        else:
            bodies[name] = self.body.parse_body(statement.children, where, issues)


class Blocks(object):
    """Repeated blocks told apart by their header: ``real_server 10.1.1.163 80 { ... }``."""

    def __init__(self, block):
        self.block = block

    def load(self, value, path, issues):
        if not isinstance(value, list):
            issues.append(make_issue('LVS102', path, None, 'must be a list', 'write a list of %s entries' % path.rsplit('.', 1)[-1]))
            return []
        return [self.block.load(item, '%s[%s]' % (path, self.block.label(item, index)), issues)
                for index, item in enumerate(value)]

    def dump(self, value):
        return [item.to_dict() for item in value]

    def render(self, keyword, value, lines, depth):
        for item in value:
            _open(item.keyword if keyword is None else keyword, item.header(), lines, depth)
            item.render_body(lines, depth + 1)
            _close(lines, depth)

    def parse(self, statement, field, data, path, issues):
        _needs_block(statement, '... { ... }')
        item = self.block.parse_header(statement.args)
        self.block.check_header(item)
        items = data.setdefault(field.name, [])
        where = '%s[%s]' % (_at(path, field.name), self.block.label(item, len(items)))
        self.block.parse_body(statement.children, where, issues, item)
        items.append(item)


class Typed(Blocks):
    """Repeated blocks whose keyword is their type: the checkers of a real server
    (``TCP_CHECK { ... }``), loaded from a list of mappings with a ``type`` key."""

    def __init__(self, *blocks):
        super(Typed, self).__init__(None)
        self.types = dict((block.keyword, block) for block in blocks)
        self.keywords = tuple(self.types)

    def load(self, value, path, issues):
        if not isinstance(value, list):
            issues.append(make_issue('LVS102', path, None, 'must be a list', 'write a list of mappings with a type key'))
            return []
        result = []
        for index, item in enumerate(value):
            where = '%s[%d]' % (path, index)
            kind = item.get('type') if isinstance(item, dict) else None
            block = self.types.get(str(kind).upper()) if kind is not None else None
            if block is None:
                issues.append(make_issue('LVS104', where + '.type', kind, 'is not a known type',
                                         'use one of %s' % ', '.join(self.keywords)))
                continue
            body = dict(item)
            del body['type']
            result.append(block.load(body, where, issues))
        return result

    def dump(self, value):
        return [dict({'type': item.keyword}, **item.to_dict()) for item in value]

    def render(self, keyword, value, lines, depth):
        super(Typed, self).render(None, value, lines, depth)

    def parse(self, statement, field, data, path, issues):
        _needs_block(statement, '{ ... }')
        items = data.setdefault(field.name, [])
        where = '%s.%s[%d]' % (path, field.name, len(items))
        item = {'type': statement.keyword}
        self.types[statement.keyword].parse_body(statement.children, where, issues, item)
        items.append(item)
