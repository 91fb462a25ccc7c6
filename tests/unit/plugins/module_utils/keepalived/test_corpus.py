# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The corpus of public keepalived.conf files (fixtures/corpus/): every file recorded, every record complete, and
what issue 18 asks of every one of them:

- read: ``parse`` gives a model, or refuses the text with a syntax finding (LVS113) that the real ``keepalived -t``
  gives too (it exits non-zero saying the text is malformed: braces, quotes, ~SEQ, includes); never a traceback;
- rendered: ``render`` writes the model, also when the model holds errors (judging is the rules' job);
- read back the same: ``parse(render(conf))`` is ``conf`` (their ``to_dict()``);
- no worse for keepalived: ``keepalived -t`` (2.2.7) on the render exits no worse than on the original (0, then 4,
  5, 6: exit_codes.py) and prints no error the original does not print too (line numbers and file names aside).
  Each run is in a network namespace of its own with the interfaces the file names (keepalived_netns.py).

Every file is read with the config id ``CONFIG_ID`` (keepalived -i: keepalived's test files are written for two
nodes, ``@high`` and ``@low``). ``reading_report()`` (not a test) says, per file, whether it was read, refused (with
the first error finding) or made the parser crash; ``figures()`` gives the issue's figures; ``python -m`` this
module prints both.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import difflib
import fnmatch
import ipaddress
import json
import os
import re
import tempfile
import traceback

import pytest
import yaml

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config, grammar, issues as issues_module, preprocessor
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.grammar_table import KEYWORDS
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.lexer import Reader, SyntaxProblem, parse_statements

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.keepalived_netns import (
    KEEPALIVED, keepalived_t, named_interfaces, named_namespace, netns_available)

CORPUS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'corpus')
SOURCES = os.path.join(CORPUS_DIR, 'sources.yml')
NOT_RECORDED = ('sources.yml', 'README.md')  # the corpus's own files
FIELDS = ('file', 'repository', 'path', 'commit', 'url', 'license', 'kind', 'notes')
KINDS = ('keepalived-sample', 'keepalived-test', 'deployment')
# keepalived's -i for every file, and the model's config_id: keepalived's test files are written for the nodes "high"
# and "low" (their @high/@low lines); a deployment has no @ lines and reads the same with any id.
CONFIG_ID = 'high'


def load_sources():
    with open(SOURCES, 'rb') as handle:
        return yaml.safe_load(handle)['files']


SOURCE_RECORDS = load_sources()


def _corpus_files():
    found = set()
    for directory, _subdirectories, names in os.walk(CORPUS_DIR):
        for name in names:
            found.add(os.path.relpath(os.path.join(directory, name), CORPUS_DIR).replace(os.sep, '/'))
    return found - set(NOT_RECORDED)


def _recorded_files(record):
    """The record's file and, for a file with includes, the included files (relative to the corpus)."""
    base = os.path.dirname(record['file'])
    return [record['file']] + [(base + '/' if base else '') + included['file']
                               for included in record.get('includes') or []]


@pytest.mark.parametrize('record', SOURCE_RECORDS, ids=[record.get('file') for record in SOURCE_RECORDS])
def test_record_is_complete(record):
    missing = [field for field in FIELDS if field not in record]
    assert not missing, missing
    assert record['kind'] in KINDS
    assert record['commit'] is None or re.match('^[0-9a-f]{40}$', record['commit'])
    assert record['url'].startswith('https://github.com/%s/' % record['repository'])
    assert record['license'] and record['notes']
    for included in record.get('includes') or []:
        assert sorted(included) == ['file', 'path']
    # Included files live in the main file's own directory, never loose among the flat files.
    assert not record.get('includes') or '/' in record['file']


@pytest.mark.parametrize('record', SOURCE_RECORDS, ids=[record.get('file') for record in SOURCE_RECORDS])
def test_recorded_files_exist(record):
    for name in _recorded_files(record):
        assert os.path.isfile(os.path.join(CORPUS_DIR, name)), name


def test_every_corpus_file_is_recorded_once():
    recorded = [name for record in SOURCE_RECORDS for name in _recorded_files(record)]
    assert sorted(set(recorded)) == sorted(recorded), 'a file is recorded twice'
    assert sorted(_corpus_files() - set(recorded)) == []


def test_no_corpus_file_crashes_the_parser():
    """Refusing a file is fine (most of these are not lvs.cluster's dialect); raising on one is a bug."""
    report = reading_report(SOURCE_RECORDS)
    assert len(report) == len(SOURCE_RECORDS)
    assert [result for result in report if result['status'] == 'crashed'] == []


class CorpusReader(Reader):
    """Reads a corpus file's includes from the corpus only, never from this machine's /etc/keepalived.

    Bytes are given to the model as they are (it reads a line that is not UTF-8 as Latin-1, as keepalived reads
    bytes; some files are GBK or Shift_JIS); an include under the record's ``include_root`` (e.g. /etc/keepalived)
    is looked for in the main file's directory; any other pattern outside the corpus matches nothing.
    """

    def __init__(self, record):
        self.root = record.get('include_root')
        self.base = os.path.dirname(os.path.join(CORPUS_DIR, record['file']))

    def expand(self, pattern):
        if self.root and (pattern + '/').startswith(self.root.rstrip('/') + '/'):
            pattern = os.path.join(self.base, os.path.relpath(pattern, self.root))
        pattern = os.path.normpath(pattern)
        if not pattern.startswith(CORPUS_DIR + os.sep):
            return []
        directory = os.path.dirname(pattern)
        if not os.path.isdir(directory) or any(char in directory for char in '*?['):
            return []
        return sorted(os.path.join(directory, name) for name in os.listdir(directory)
                      if fnmatch.fnmatchcase(name, os.path.basename(pattern))
                      and os.path.isfile(os.path.join(directory, name)))


def read_one(record):
    """{'file', 'utf8', 'status': read|refused|crashed, 'finding' or 'exception', 'warnings'} for one record."""
    path = os.path.join(CORPUS_DIR, record['file'])
    with open(path, 'rb') as handle:
        data = handle.read()
    try:
        data.decode('utf-8')
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    result = {'file': record['file'], 'kind': record['kind'], 'utf8': utf8}
    try:
        conf, found = config.parse(data, path, reader=CorpusReader(record), check=False, config_id=CONFIG_ID)
    except Exception as problem:  # pylint: disable=broad-except
        result.update(status='crashed', exception=_relative('%s: %s' % (type(problem).__name__, problem)))
        return result
    errors = issues_module.errors(found)
    result['warnings'] = len(issues_module.warnings(found))
    if conf is None:
        first = errors[0] if errors else None
        result.update(status='refused', finding=_relative(first.format()) if first else 'no error finding',
                      rule=first.rule if first else None, reason=refusal_class(first))
    else:
        result['status'] = 'read'
    return result


def refusal_class(issue):
    """A refusal's reason, grouped: 'unknown keyword X', 'preprocessor: ...', 'syntax: ...', 'value refused (...)'."""
    if issue is None:
        return 'no error finding'
    message = re.sub(r'\d+', 'N', issue.message or '')
    if issue.rule == 'LVS101':
        return 'unknown keyword %s' % re.sub(r'\[.*?\]', '', issue.path or '').rsplit('.', 1)[-1]
    if issue.rule == 'LVS113':
        word = re.search(r'parameter substitution and conditional lines \((.)', issue.message or '')
        if word:
            return 'preprocessor: %s' % ('a conditional line (@...)' if word.group(1) == '@' else 'a parameter ($...)')
        return 'syntax: %s' % message
    return 'value refused (%s %s)' % (issue.rule, message)


def _relative(text):
    return text.replace(CORPUS_DIR + os.sep, '')


def reading_report(records=None):
    """One result per recorded file (see read_one), in sources.yml's order."""
    return [read_one(record) for record in (records if records is not None else load_sources())]


def summarize(report):
    """Counts by status and kind, refusal reasons by class, the crashes: the text `python -m` prints."""
    lines = []
    status = collections.Counter(result['status'] for result in report)
    lines.append('%d files: %s' % (len(report), ', '.join('%s %d' % (name, status[name])
                                                          for name in ('read', 'refused', 'crashed'))))
    for kind in KINDS:
        of_kind = collections.Counter(result['status'] for result in report if result['kind'] == kind)
        lines.append('  %s: %s' % (kind, ', '.join('%s %d' % item for item in sorted(of_kind.items()))))
    not_utf8 = [result for result in report if not result['utf8']]
    lines.append('not UTF-8: %d (%s)' % (len(not_utf8), ', '.join('%s %s' % (result['file'], result['status'])
                                                                  for result in not_utf8)))
    reasons = collections.Counter(result['reason'] for result in report if result['status'] == 'refused')
    lines.append('refusal reasons:')
    lines.extend('  %3d  %s' % (count, reason) for reason, count in reasons.most_common())
    lines.append('refused files:')
    lines.extend('  %s: %s' % (result['file'], result['finding']) for result in report if result['status'] == 'refused')
    lines.append('crashed files:')
    lines.extend('  %s: %s' % (result['file'], result['exception']) for result in report
                 if result['status'] == 'crashed')
    return '\n'.join(lines)


# ---- issue 18: read, rendered, read back the same, no worse for keepalived -t -------------------------------------

def _traceback():
    return _relative(traceback.format_exc())


def round_trip(record):
    """What the model makes of one file: {'file', 'status': read|refused|crashed, 'stage' and 'traceback' (of a
    crash: parse, render or parse again), 'finding' and 'rule' (of a refusal), 'render', 'equal', 'difference'}."""
    path = os.path.join(CORPUS_DIR, record['file'])
    result = {'file': record['file'], 'status': 'crashed'}
    with open(path, 'rb') as handle:
        data = handle.read()
    stage = 'parse'
    try:
        conf, found = config.parse(data, path, reader=CorpusReader(record), check=False, config_id=CONFIG_ID)
        if conf is None:
            first = (issues_module.errors(found) or [None])[0]
            result.update(status='refused', rule=first.rule if first else None,
                          finding=_relative(first.format()) if first else 'no error finding')
            return result
        stage = 'render'
        text = config.render(conf)
        result['render'] = text
        stage = 'parse of the render'
        again, found_again = config.parse(text, 'the render', check=False, config_id=CONFIG_ID)
    except Exception:  # pylint: disable=broad-except
        result.update(stage=stage, traceback=_traceback())
        return result
    result['status'] = 'read'
    if again is None:
        result.update(equal=False, difference='the render is refused: %s' % config.format_issues(config.errors(found_again)))
        return result
    result['equal'] = again.to_dict() == conf.to_dict()
    if not result['equal']:
        result['difference'] = _dict_diff(conf.to_dict(), again.to_dict())
    return result


def _dict_diff(before, after):
    """A unified diff of two input-form dicts, as JSON: what the render lost or changed."""
    def lines(data):
        return json.dumps(data, indent=1, sort_keys=True, default=repr, ensure_ascii=False).splitlines()
    return '\n'.join(difflib.unified_diff(lines(before), lines(after), 'parse(file)', 'parse(render)', lineterm='', n=2))


# keepalived -t's words for text it cannot read (lib/parser.c): braces, quotes, ~SEQ, includes it cannot open.
KEEPALIVED_SYNTAX = re.compile(r"missing '\}'|Extra '\}'|Unterminated quote|Unmatched quote|Invalid ~SEQ|open problem"
                               r"|Unknown keyword '[{}]'")
# The place keepalived puts before a message: "(Line 4) ", "(/etc/keepalived/keepalived.conf: Line 4) ".
_PLACE = re.compile(r'^\((?:[^()]*: )?Line \d+\) ')
# keepalived's exit codes from best to worst (exit_codes.py: 6 outranks 5, 5 outranks 4); any other is worse still.
EXIT_ORDER = (0, 4, 5, 6)


def _exit_rank(code):
    return EXIT_ORDER.index(code) if code in EXIT_ORDER else len(EXIT_ORDER)


def keepalived_said(output, places=()):
    """The distinct lines keepalived -t printed, without the file:line it puts before a message and with each of
    ``places`` (the file's path, its directory) in a message as "FILE"."""
    said = set()
    for line in (output or '').splitlines():
        line = _PLACE.sub('', line.strip())
        for place in sorted(places, key=len, reverse=True):
            line = line.replace(place, 'FILE')
        if line:
            said.add(line)
    return said


def keepalived_refuses(result):
    """keepalived -t refuses the text as malformed: it exits non-zero saying so."""
    return result.returncode != 0 and bool(KEEPALIVED_SYNTAX.search(result.stdout or ''))


def _binds(record):
    """The bind mounts the original needs: its directory on its include_root (absolute include lines)."""
    root = record.get('include_root')
    return [(os.path.dirname(os.path.join(CORPUS_DIR, record['file'])), root)] if root else []


def _statements(data, name, reader=None):
    try:
        return parse_statements(data, name, reader, CONFIG_ID)
    except SyntaxProblem:
        return []


def _namespace(data, name, reader=None):
    """The file's net_namespace, also when its braces do not balance (keepalived -t checks the rest in it)."""
    try:
        return named_namespace([line.text for line in preprocessor.Preprocessor(reader, CONFIG_ID).lines(data, name)])
    except SyntaxProblem:
        return None


def run_keepalived(record, render=None, directory=None):
    """{'original': CompletedProcess, 'render': CompletedProcess or None, 'interfaces', 'places'}: keepalived -t on the
    corpus file as published (with its includes) and on ``render`` (written to ``directory``), each in a namespace of
    its own with the interfaces either of them names."""
    path = os.path.join(CORPUS_DIR, record['file'])
    with open(path, 'rb') as handle:
        data = handle.read()
    statements = _statements(data, path, CorpusReader(record))
    names = set(named_interfaces(statements))
    places = [path, os.path.dirname(path)] + [root for _base, root in _binds(record)]
    rendered = None
    if render is not None:
        names.update(named_interfaces(_statements(render, 'the render')))
        rendered = os.path.join(directory, 'keepalived.conf')
        with open(rendered, 'w', encoding='utf-8') as handle:
            handle.write(render)
        places += [rendered, directory]
    names = sorted(names)
    namespace = _namespace(data, path, CorpusReader(record))  # the render's is the same: passed through
    return {'original': keepalived_t(path, names, CONFIG_ID, _binds(record), namespace),
            'render': keepalived_t(rendered, names, CONFIG_ID, namespace=namespace) if rendered else None,
            'interfaces': names, 'namespace': namespace, 'places': places}


def no_worse(runs):
    """[] when keepalived -t finds the render no worse than the original, else what is worse: its exit code, each
    line it prints for the render only."""
    original, render = runs['original'], runs['render']
    worse = []
    if render.returncode != original.returncode and _exit_rank(render.returncode) >= _exit_rank(original.returncode):
        worse.append('keepalived -t exits %d on the render, %d on the original' % (render.returncode, original.returncode))
    only = keepalived_said(render.stdout, runs['places']) - keepalived_said(original.stdout, runs['places'])
    worse.extend('printed for the render only: %s' % line for line in sorted(only))
    return worse


def explain_keepalived(runs, render=None):
    """Both runs' outputs (and the render), for a failure message."""
    parts = ['interfaces: %s%s' % (' '.join(runs['interfaces']) or '(none)',
                                   ' (in the network namespace %s)' % runs['namespace'] if runs['namespace'] else '')]
    for side in ('original', 'render'):
        if runs.get(side) is not None:
            parts.append('--- keepalived -t on the %s (exit %d):\n%s' % (side, runs[side].returncode, runs[side].stdout))
    if render is not None:
        parts.append('--- the render:\n%s' % render)
    return '\n'.join(parts)


def _skip_without_keepalived(record):
    reason = netns_available()
    if reason:
        pytest.skip(reason)
    for _base, root in _binds(record):
        if not os.path.isdir(root):
            pytest.skip('%s does not exist here to mount the includes of %s on' % (root, record['file']))


@pytest.mark.parametrize('record', SOURCE_RECORDS, ids=[record.get('file') for record in SOURCE_RECORDS])
def test_corpus_file_is_read_rendered_and_read_back_the_same(record):
    result = round_trip(record)
    assert result['status'] != 'crashed', 'the %s raised:\n%s' % (result.get('stage'), result.get('traceback'))
    if result['status'] == 'refused':  # keepalived -t must refuse it too: test_keepalived_t_finds_the_render_no_worse
        assert result['rule'] == 'LVS113', 'refused, not for its syntax: %s' % result['finding']
        return
    assert result['equal'], 'parse(render(parse(file))) != parse(file):\n%s\n--- the render:\n%s' % (
        result['difference'], result['render'])


@pytest.mark.parametrize('record', [pytest.param(record, id=record['file']) for record in SOURCE_RECORDS])
def test_keepalived_t_finds_the_render_no_worse(record, tmp_path):
    _skip_without_keepalived(record)
    result = round_trip(record)
    if result['status'] == 'crashed':
        pytest.fail('the %s raised:\n%s' % (result['stage'], result['traceback']))
    if result['status'] == 'refused':
        runs = run_keepalived(record)
        assert keepalived_refuses(runs['original']), 'the model refuses (%s), keepalived -t does not:\n%s' % (
            result['finding'], explain_keepalived(runs))
        return
    runs = run_keepalived(record, result['render'], str(tmp_path))
    worse = no_worse(runs)
    assert not worse, '%s\n%s' % ('\n'.join(worse), explain_keepalived(runs, result['render']))


def _run(code, output):
    return collections.namedtuple('Run', 'returncode stdout')(code, output)


@pytest.mark.parametrize('original, render, worse', [
    ((5, '(/etc/k.conf: Line 3) Unknown keyword \'x\'\n'), (5, '(/tmp/r/keepalived.conf: Line 9) Unknown keyword \'x\'\n'), []),
    ((5, '(Line 3) Unknown keyword \'x\'\n'), (0, ''), []),  # better is fine
    ((0, ''), (5, 'Unknown keyword \'y\'\n'),
     ['keepalived -t exits 5 on the render, 0 on the original', "printed for the render only: Unknown keyword 'y'"]),
    ((5, 'a\n'), (6, 'a\n'), ['keepalived -t exits 6 on the render, 5 on the original']),
    ((6, 'a\n'), (4, 'a\n'), []),
    ((5, "open problem for '/etc/k.conf'\n"), (5, "open problem for '/tmp/r/keepalived.conf'\n"), []),
    ((5, 'a\n'), (143, 'a\nTerminated\n'),
     ['keepalived -t exits 143 on the render, 5 on the original', 'printed for the render only: Terminated']),
])
def test_no_worse_compares_exit_codes_and_lines_without_their_places(original, render, worse):
    places = ['/etc/k.conf', '/etc', '/tmp/r/keepalived.conf', '/tmp/r']
    assert no_worse({'original': _run(*original), 'render': _run(*render), 'places': places}) == worse


def test_keepalived_refuses_malformed_text_only_with_a_syntax_message_and_an_error_exit():
    assert keepalived_refuses(_run(5, "(Line 4) Extra '}' found\n"))
    assert keepalived_refuses(_run(5, "There are 1 missing '}'s or extra '{'s\n"))
    assert not keepalived_refuses(_run(0, "(d5.conf: Line 1) Configuration file 'd5.conf' open problem (Too many open files)"))
    assert not keepalived_refuses(_run(5, "(Line 2) Unknown keyword 'lvs_id'\n"))


# ---- issue 18: what the corpus covers -----------------------------------------------------------------------------

COVERAGE_RELEASE = '2.2.7'  # the keepalived -t the corpus is held to: a block added later cannot be in a file it reads
# Blocks of entries (lines that are not keywords), which grammar_table does not list as blocks: (parent, keyword).
ENTRY_BLOCKS = (('', 'virtual_server_group'), ('', 'static_ipaddress'), ('', 'static_routes'), ('', 'static_rules'),
                ('', 'linkbeat_interfaces'), ('global_defs', 'notification_email'),
                ('vrrp_instance', 'virtual_ipaddress'), ('vrrp_instance', 'virtual_ipaddress_excluded'),
                ('vrrp_instance', 'virtual_routes'), ('vrrp_instance', 'virtual_rules'),
                ('vrrp_instance', 'track_interface'), ('vrrp_instance', 'track_script'), ('vrrp_instance', 'track_file'),
                ('vrrp_instance', 'track_process'), ('vrrp_instance', 'track_bfd'), ('vrrp_instance', 'unicast_peer'),
                ('vrrp_sync_group', 'group'), ('garp_group', 'interfaces'), ('track_group', 'group'))
CHECKER_PARENT = 'virtual_server real_server'


def _walk(statements, path=''):
    """(block path, statement) of every statement, depth first; the path is grammar_table's (keywords space-joined)."""
    for statement in statements:
        yield path, statement
        if statement.children is not None:
            yield from _walk(statement.children, ('%s %s' % (path, statement.keyword)).strip())


def corpus_features(records=None):
    """{feature: [files]}: what each corpus file shows, read from the files themselves (as keepalived reads them,
    with config id CONFIG_ID): 'block PATH' for each block opened, 'keyword PATH KEYWORD', 'ipv6 vrrp|virtual_server|
    real_server', 'preprocessor include|conditional|parameter|multiline|seq', 'not utf-8', 'crlf'."""
    found = collections.defaultdict(list)
    for record in records if records is not None else load_sources():
        path = os.path.join(CORPUS_DIR, record['file'])
        with open(path, 'rb') as handle:
            data = handle.read()
        features = set()
        for parent, statement in _walk(_statements(data, path, CorpusReader(record))):
            where = ('%s %s' % (parent, statement.keyword)).strip()
            features.add(('block %s' if statement.children is not None else 'keyword %s') % where)
            words = [statement.keyword] + statement.args
            if parent == 'vrrp_instance virtual_ipaddress' and _is_ipv6(words[0]):
                features.add('ipv6 vrrp')
            if statement.keyword in ('virtual_server', 'real_server') and statement.args and _is_ipv6(statement.args[0]):
                features.add('ipv6 %s' % statement.keyword)
        texts = [data] + [_read(os.path.join(os.path.dirname(path), included['file'])) for included in record.get('includes') or []]
        for text in texts:
            try:
                text.decode('utf-8')
            except UnicodeDecodeError:
                features.add('not utf-8')
            features.update('preprocessor %s' % name for name, pattern in PREPROCESSOR_LINES if re.search(pattern, text))
            if b'\r\n' in text:
                features.add('crlf')
        for feature in features:
            found[feature].append(record['file'])
    return found


PREPROCESSOR_LINES = (('include', br'(?m)^[ \t]*include[ \t]'), ('conditional', br'(?m)^[ \t]*@\^?\w+[ \t]'),
                      ('parameter', br'(?m)^[ \t]*(@\^?\w+[ \t]+)?\$\w+[ \t]*='),
                      ('multiline', br'(?m)^[ \t]*(@\^?\w+[ \t]+)?\$\w+[ \t]*=.*\\[ \t]*\r?$'),
                      ('seq', br'(?m)^[ \t]*~SEQ\('))


def _read(path):
    with open(path, 'rb') as handle:
        return handle.read()


def _is_ipv6(word):
    try:
        return ipaddress.ip_interface(word.split('-')[0]).version == 6
    except ValueError:
        return False


def required_features():
    """What issue 18 asks the corpus to cover: every block keepalived (COVERAGE_RELEASE) has, so every checker type,
    both keyword styles of a virtual server's scheduler and forwarding method, IPv6, the preprocessor, non-UTF-8."""
    blocks = set()
    for block in KEYWORDS:
        parent, keyword = (' ' + block).rsplit(' ', 1)
        if block and not grammar.unavailable(parent.strip(), keyword, COVERAGE_RELEASE):
            blocks.add(block)
    for parent, keyword in ENTRY_BLOCKS:
        assert keyword in KEYWORDS[parent], 'keepalived has no %s in %s' % (keyword, parent or 'the top level')
        blocks.add(('%s %s' % (parent, keyword)).strip())
    checkers = set('%s %s' % (CHECKER_PARENT, keyword) for keyword in KEYWORDS[CHECKER_PARENT] if keyword.isupper())
    assert checkers <= blocks and len(checkers) >= 10, checkers  # every checker type is one of the blocks
    return (['block %s' % block for block in sorted(blocks)]
            + ['keyword virtual_server %s' % keyword for keyword in ('lb_algo', 'lb_kind', 'lvs_sched', 'lvs_method')]
            + ['ipv6 vrrp', 'ipv6 virtual_server', 'ipv6 real_server']
            + ['preprocessor %s' % name for name, _pattern in PREPROCESSOR_LINES]
            + ['not utf-8', 'crlf'])


def test_the_corpus_covers_what_issue_18_lists():
    """Every block and checker type, both keyword styles (lb_algo/lb_kind, lvs_sched/lvs_method), IPv6, the
    preprocessor and non-UTF-8 comments, each in at least one file (found in the files, not in their notes)."""
    found = corpus_features(SOURCE_RECORDS)
    assert [feature for feature in required_features() if not found.get(feature)] == []


def test_the_non_utf8_files_are_read_and_their_bytes_are_only_in_comments():
    """'non-UTF-8 comments': the files that are not UTF-8 are read, and only comments hold their other bytes."""
    not_utf8 = corpus_features(SOURCE_RECORDS)['not utf-8']
    assert not_utf8
    for name in not_utf8:
        record = [record for record in SOURCE_RECORDS if record['file'] == name][0]
        assert round_trip(record)['status'] == 'read', name
        for line in _read(os.path.join(CORPUS_DIR, name)).split(b'\n'):
            try:
                line.decode('utf-8')
            except UnicodeDecodeError:
                kept = preprocessor.decomment(line.decode('latin-1'))[0]  # what keepalived reads of the line
                assert not re.search(r'[^\x00-\x7f]', kept), (name, kept)


def figures(records=None, keepalived=True):
    """Issue 18's figures for the closing note: {'total', 'read' (a model, or a refusal keepalived -t shares),
    'models', 'refused_also_by_keepalived', 'round_trips_equal', 'no_worse' (of the models; None when keepalived -t
    cannot run here), 'keepalived', 'tracebacks', 'failures': [(file, what)]}."""
    records = records if records is not None else load_sources()
    reason = netns_available() if keepalived else 'not asked for'
    counts = collections.Counter()
    failures = []
    for record in records:
        result = round_trip(record)
        if result['status'] == 'crashed':
            counts['tracebacks'] += 1
            failures.append((record['file'], 'the %s raised: %s' % (result['stage'], result['traceback'].splitlines()[-1])))
            continue
        runs = None
        if reason is None and all(os.path.isdir(root) for _base, root in _binds(record)):
            with tempfile.TemporaryDirectory() as directory:
                runs = run_keepalived(record, result.get('render'), directory)
        if result['status'] == 'refused':
            also = runs is not None and result['rule'] == 'LVS113' and keepalived_refuses(runs['original'])
            counts['read'] += also
            counts['refused_also_by_keepalived'] += also
            if not also:
                failures.append((record['file'], 'refused, and keepalived -t does not: %s' % result['finding']))
            continue
        counts['read'] += 1
        counts['models'] += 1
        counts['round_trips_equal'] += result['equal']
        if not result['equal']:
            failures.append((record['file'], 'round trip differs:\n' + result['difference']))
        if runs is not None:
            worse = no_worse(runs)
            counts['no_worse'] += not worse
            failures.extend((record['file'], line) for line in worse)
    names = ('read', 'models', 'refused_also_by_keepalived', 'round_trips_equal', 'tracebacks')
    found = dict((name, counts[name]) for name in names)
    found.update(total=len(records), no_worse=None if reason else counts['no_worse'], keepalived=reason or KEEPALIVED,
                 failures=failures)
    return found


def show_figures(found):
    lines = ['files read: %d / %d (%d into a model, %d refused with a syntax finding keepalived -t also gives)'
             % (found['read'], found['total'], found['models'], found['refused_also_by_keepalived']),
             'round trips equal: %d / %d models' % (found['round_trips_equal'], found['models']),
             'renders no worse under keepalived -t: %s' % (
                 '%d / %d models' % (found['no_worse'], found['models']) if found['no_worse'] is not None
                 else 'not run (%s)' % found['keepalived']),
             'tracebacks: %d' % found['tracebacks']]
    lines.extend('  %s: %s' % failure for failure in found['failures'])
    return '\n'.join(lines)


if __name__ == '__main__':
    print(summarize(reading_report()))
    print(show_figures(figures()))
