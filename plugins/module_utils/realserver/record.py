# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The state file: what the module added or changed, with the kernel values it found before changing them, so
that ``state=absent`` undoes exactly that."""

from __future__ import absolute_import, division, print_function

import json

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.spec import MODULE_NAME, SpecError, problem

RECORD_FORMAT = 1
LISTS = ('links_brought_up', 'kernel_modules_loaded', 'files')  # of names, merged by union


def empty_record():
    return dict(format=RECORD_FORMAT, module=MODULE_NAME, method=None, addresses=[], sysctl_originals={},
                links_brought_up=[], kernel_modules_loaded=[], files=[], unit=None)


def load_record(text, path):
    """The record in the state file's ``text`` (None: no file); raises SpecError when it is unusable."""
    if text is None:
        return empty_record()
    fix = ('restore the file from a backup, or remove it (the module then no longer knows which addresses it added '
           'or which kernel values to restore)')
    try:
        data = json.loads(text)
    except ValueError as error:
        raise SpecError([problem('state_file', path, 'is not valid JSON (%s)' % error, fix)])
    if not isinstance(data, dict) or data.get('module') != MODULE_NAME:
        raise SpecError([problem('state_file', path, 'was not written by %s' % MODULE_NAME, fix)])
    if data.get('format') != RECORD_FORMAT:
        raise SpecError([problem('state_file', path, 'has format %r, this module reads format %d'
                                 % (data.get('format'), RECORD_FORMAT), 'use the collection version that wrote it '
                                 'to remove it (state=absent) first')])
    record = empty_record()
    try:
        for key in record:
            if key in data:
                record[key] = data[key]
        record['addresses'] = [dict(device=str(a['device']), address=str(a['address']), prefix=int(a['prefix']),
                                    label=a.get('label'), added=bool(a.get('added')))
                               for a in record['addresses']]
        record['sysctl_originals'] = dict((str(k), None if v is None else str(v))
                                          for k, v in dict(record['sysctl_originals']).items())
        for key in LISTS:
            record[key] = [str(x) for x in record[key]]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SpecError([problem('state_file', path, 'has an unexpected layout (%s)' % error, fix)])
    return record


def dump_record(record):
    """The state file's text, or None when nothing is left to remember (the file is then removed)."""
    if not any(record[key] for key in ('addresses', 'sysctl_originals') + LISTS):
        return None
    return json.dumps(record, indent=2, sort_keys=True) + '\n'


def merge_records(old, new):
    """The record written before any change: everything of ``old`` and ``new``, so a failure halfway leaves
    enough to undo both."""
    merged = dict(new)
    merged['addresses'] = _union(new['addresses'], old['addresses'], lambda entry: (entry['device'], entry['address']))
    originals = dict(new['sysctl_originals'])
    for key, value in old['sysctl_originals'].items():
        originals.setdefault(key, value)
    merged['sysctl_originals'] = originals
    for key in LISTS:
        merged[key] = _union(new[key], old[key])
    merged['unit'] = new['unit'] or old['unit']
    return merged


def _union(new, old, identity=lambda item: item):
    """``new``'s items, then those of ``old`` that ``new`` has none of (by ``identity``)."""
    have = [identity(item) for item in new]
    return list(new) + [item for item in old if identity(item) not in have]
