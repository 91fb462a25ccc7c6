# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The diff a real server's plan shows: each file that changes, and a summary of the live addresses and kernel
values the module manages."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.addresses import describe


def _summary(entries, sysctls):
    lines = ['addresses:\n']
    lines.extend('  %s\n' % describe(entry) for entry in sorted(entries, key=lambda e: (e['device'], e['address'])))
    lines.append('sysctls:\n')
    lines.extend('  %s = %s\n' % (key, '(absent)' if value is None else value) for key, value in sorted(sysctls.items()))
    return ''.join(lines)


def diff(spec, observed, actions, wanted, record, sysctl_changes, keys):
    """Ansible's diff list for a plan's ``actions``; ``keys`` are the sysctl keys the module observed."""
    diffs = []
    for path in sorted(actions['files']):
        before = observed['files'].get(path)
        after = actions['files'][path]
        diffs.append(dict(before_header=path if before is not None else '%s (absent)' % path,
                          after_header=path if after is not None else '%s (removed)' % path,
                          before=before or '', after=after or ''))
    places = set((e['device'], e['address']) for e in list(wanted) + list(record['addresses']))
    before_entries = [a for a in observed['addresses'] if (a['device'], a['address']) in places]
    removed = set((e['device'], e['address']) for e in actions['address_remove'])
    after_entries = [a for a in before_entries if (a['device'], a['address']) not in removed] + list(actions['address_add'])
    before_sysctls = dict((key, observed['sysctls'].get(key)) for key in set(keys))
    after_sysctls = dict(before_sysctls)
    for key, change in sysctl_changes.items():
        after_sysctls[key] = change['after']
    before_text, after_text = _summary(before_entries, before_sysctls), _summary(after_entries, after_sysctls)
    if before_text != after_text:
        diffs.append(dict(before_header='live addresses and kernel values', after_header='live addresses and kernel '
                          'values', before=before_text, after=after_text))
    return diffs
