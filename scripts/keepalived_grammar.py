# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write plugins/module_utils/keepalived/grammar_table.py: every keyword keepalived's parser installs, block by
block, with the first release that has it and the first that no longer does.

It reads keepalived's own source at each release tag (a git clone of github.com/acassen/keepalived): the calls of
install_keyword_root / install_keyword / install_sublevel / install_sublevel_end, in the order the init functions
make them, following calls into other functions of the parser files (install_checker_common_keywords, ...). Every
#ifdef branch counts: a keyword some build knows is keepalived's.

    python3 scripts/keepalived_grammar.py /path/to/keepalived.git > plugins/module_utils/keepalived/grammar_table.py
"""

from __future__ import absolute_import, division, print_function

import argparse
import re
import subprocess
import sys

# The releases read: the supported ones (2.2.7 in Debian 12, 2.3.x in Debian 13) and every release between, so that
# a keyword's first and last release are exact in that range.
FIRST_RELEASE = (2, 2, 0)
ENTRIES = ('global_init_keywords', 'vrrp_init_keywords', 'check_init_keywords', 'bfd_init_keywords')
SOURCES = ('keepalived/core/', 'keepalived/vrrp/', 'keepalived/check/', 'keepalived/bfd/', 'keepalived/trackers/')
INSTALLS = ('install_keyword', 'install_keyword_quoted', 'install_keyword_conditional')
DEFINITION = re.compile(r'^([A-Za-z_]\w*)\(([^)]*)\)\s*\n\{\n(.*?)^\}', re.M | re.S)
# One call statement, with an optional `if (!strcmp(PARAM, "WORD"))` guard before it.
CALL = re.compile(r'(?:if\s*\(\s*!\s*strcmp\s*\(\s*(\w+)\s*,\s*"([^"]*)"\s*\)\s*\)\s*)?\b(\w+)\s*\(([^;{}]*)\)\s*;')


def git(repo, *args):
    return subprocess.run(['git', '-C', repo] + list(args), check=True, capture_output=True, text=True).stdout


def releases(repo):
    tags = []
    for tag in git(repo, 'tag').split():
        match = re.match(r'^v(\d+)\.(\d+)\.(\d+)$', tag)
        if match and tuple(int(part) for part in match.groups()) >= FIRST_RELEASE:
            tags.append((tuple(int(part) for part in match.groups()), tag))
    return [tag for _version, tag in sorted(tags)]


def functions(repo, tag):
    """name -> (parameter names, body) of every function in the parser sources at ``tag``."""
    found = {}
    files = [path for path in git(repo, 'ls-tree', '-r', '--name-only', tag).split()
             if path.endswith('.c') and path.startswith(SOURCES)]
    for path in files:
        text = re.sub(r'/\*.*?\*/', '', git(repo, 'show', '%s:%s' % (tag, path)), flags=re.S)
        for name, params, body in DEFINITION.findall(text):
            names = [param.split()[-1].lstrip('*') for param in params.split(',') if param.strip() not in ('', 'void')]
            found[name] = (names, body)
    return found


class Walk(object):
    """Replays the install calls: keepalived adds a keyword under the last keyword of each open sublevel."""

    def __init__(self, defined):
        self.defined = defined
        self.keywords = {}  # block path (keywords from the top, space-joined; '' for the top) -> set of keywords
        self.path = []
        self.last = None

    def add(self, keyword):
        self.keywords.setdefault(' '.join(self.path), set()).add(keyword)
        self.last = keyword

    def call(self, name, bound, depth=0):
        body = self.defined[name][1]
        for guard, wanted, callee, args in CALL.findall(body):
            if guard and bound.get(guard) not in (None, wanted):
                continue
            words = [arg.strip() for arg in args.split(',')]
            first = words[0] if words else ''
            literal = first[1:-1] if first.startswith('"') and first.endswith('"') else bound.get(first)
            if callee == 'install_keyword_root':
                self.path, self.last = [], None
                self.add(literal)
                self.path = [literal]
            elif callee in INSTALLS and literal:
                self.add(literal)
            elif callee == 'install_sublevel':
                self.path.append(self.last)
            elif callee == 'install_sublevel_end':
                self.path.pop()
            elif callee in self.defined and callee != name and depth < 8:
                callee_params = self.defined[callee][0]
                values = [word[1:-1] if word.startswith('"') else bound.get(word) for word in words]
                self.call(callee, dict(zip(callee_params, values)), depth + 1)


def grammar(repo, tag):
    defined = functions(repo, tag)
    walk = Walk(defined)
    for entry in ENTRIES:
        walk.call(entry, {})
    return walk.keywords


def table(repo):
    tags = releases(repo)
    seen = [grammar(repo, tag) for tag in tags]
    names = [tag[1:] for tag in tags]
    result = {}
    for block in sorted(set(path for release in seen for path in release)):
        keywords = {}
        for keyword in sorted(set(word for release in seen for word in release.get(block, ()))):
            present = [keyword in release.get(block, ()) for release in seen]
            first = present.index(True)
            gone = present.index(False, first) if False in present[first:] else None
            if gone is not None and True in present[gone:]:
                gone = None  # removed and then back: keepalived knows it in the supported releases that matter
            keywords[keyword] = (names[first] if first else None, names[gone] if gone is not None else None)
        result[block] = keywords
    return names, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('repo', help='a git clone of keepalived')
    args = parser.parse_args()
    names, blocks = table(args.repo)
    out = sys.stdout
    out.write('# -*- coding: utf-8 -*-\n# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)\n')
    out.write('"""keepalived\'s keywords, block by block. Generated by scripts/keepalived_grammar.py from keepalived\'s '
              'source\n(releases %s to %s): do not edit.\n\n' % (names[0], names[-1]))
    out.write('KEYWORDS[block][keyword] = (added, removed): the first release that has it (None: %s or older) and the '
              'first\nthat no longer does (None: every release since). A block is the keywords that open it from the '
              'top, space-joined\n(\'\' is the top level).\n"""\n\n' % names[0])
    out.write('from __future__ import absolute_import, division, print_function\n\n')
    out.write('RELEASES = (\n%s\n)\n\n' % '\n'.join("    '%s'," % name for name in names))
    out.write('KEYWORDS = {\n')
    for block, keywords in blocks.items():
        out.write('    %r: {\n' % block)
        for keyword, (added, removed) in keywords.items():
            out.write('        %r: (%r, %r),\n' % (keyword, added, removed))
        out.write('    },\n')
    out.write('}\n')


if __name__ == '__main__':
    main()
