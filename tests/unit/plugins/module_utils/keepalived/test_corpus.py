# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The corpus of public keepalived.conf files (fixtures/corpus/): every file recorded, every record complete.

``reading_report()`` (not a test) parses each recorded file with the model and says, per file, whether it was
read, refused (with the first error finding) or made the parser crash; ``python -m`` this module prints it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import fnmatch
import os
import re

import pytest
import yaml

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config, issues as issues_module
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.lexer import Reader

CORPUS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'corpus')
SOURCES = os.path.join(CORPUS_DIR, 'sources.yml')
NOT_RECORDED = ('sources.yml', 'README.md')  # the corpus's own files
FIELDS = ('file', 'repository', 'path', 'commit', 'url', 'license', 'kind', 'notes')
KINDS = ('keepalived-sample', 'keepalived-test', 'deployment')


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

    Bytes are decoded as UTF-8 with replacement characters (some files are GBK or Shift_JIS); an include under
    the record's ``include_root`` (e.g. /etc/keepalived) is looked for in the main file's directory; any other
    pattern outside the corpus matches nothing.
    """

    def __init__(self, record):
        self.root = record.get('include_root')
        self.base = os.path.dirname(os.path.join(CORPUS_DIR, record['file']))

    def read(self, path):
        with open(path, 'rb') as handle:
            return handle.read().decode('utf-8', 'replace')

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
        conf, found = config.parse(data.decode('utf-8', 'replace'), path, reader=CorpusReader(record), check=False)
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


if __name__ == '__main__':
    print(summarize(reading_report()))
