# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A cluster validation's raw findings as the operator should read them.

- in the operator's words: each model path of a director's finding becomes the variable as written,
  on the host that holds it (origins.py);
- without consequences: a finding about something a value error already reported is left out
  (a virtual_router_id that could not be read does not also "differ between the directors");
- once: the same finding on several directors (a mistake in group_vars) is one finding naming them all.
"""

from __future__ import absolute_import, division, print_function

import re

from .issues import ERROR, Issue


def _hosts(issue):
    return [host for host in (issue.host or '').split(', ') if host]


def in_operator_words(issues, directors):
    """Rewrites paths (and, for a real server's own variable, the host) from each director's origins."""
    for issue in issues:
        hosts = _hosts(issue)
        director = directors.get(hosts[0]) if hosts else None
        origin = director.origins.explain(issue.path) if director is not None and issue.source is None else None
        if origin is None:
            continue
        issue.path = origin.path
        if origin.host is not None and len(hosts) == 1:
            issue.host = origin.host
        if origin.value is not None and issue.value is None:
            issue.value = origin.value
    return issues


# a key in brackets may hold one bracketed part itself: an IPv6 endpoint, [2001:db8::1]:80
_KEY = re.compile(r'\[((?:[^\[\]]|\[[^\]]*\])*)\]|\.?([^.\[]+)')


def path_keys(path):
    """``lvs_virtual_servers[10.1.1.166:80].real_server_defaults.port`` as a tuple of its keys."""
    return tuple(bracketed or plain for bracketed, plain in _KEY.findall(path or ''))


def located(issues, locations):
    """Sets each inventory finding's source to the file:line of its variable, from {host: {keys: 'file:line'}}
    (inventory_vars.locations): the closest part of the variable Ansible knows the origin of, on each host."""
    for issue in issues:
        if issue.source is not None or not issue.path:
            continue
        keys = path_keys(issue.path)
        places = []
        for host in _hosts(issue):
            known = locations.get(host) or {}
            for length in range(len(keys), 0, -1):
                if keys[:length] in known:
                    if known[keys[:length]] not in places:
                        places.append(known[keys[:length]])
                    break
        if places:
            issue.source = ', '.join(places)
    return issues


def _related(path, other):
    if path is None or other is None:
        return False
    short, long_ = sorted((path, other), key=len)
    return long_ == short or long_.startswith(short + '.') or long_.startswith(short + '[')


def without_consequences(issues):
    """Drops rule findings (LVS0xx, LVS2xx) on a path where one of their hosts has a value error (LVS1xx)."""
    value_errors = [issue for issue in issues if issue.rule.startswith('LVS1') and issue.level == ERROR]
    kept = []
    for issue in issues:
        if not issue.rule.startswith('LVS1') and any(
                _related(issue.path, error.path) and set(_hosts(issue)) & set(_hosts(error)) for error in value_errors):
            continue
        kept.append(issue)
    return kept


def merged(issues):
    """One finding per distinct (rule, path, value, message, fix, source), naming every host it was found on."""
    order, hosts = [], {}
    for issue in issues:
        key = (issue.rule, issue.level, issue.path, repr(issue.value), issue.message, issue.fix, issue.source)
        if key not in hosts:
            order.append((key, issue))
            hosts[key] = []
        hosts[key].extend(host for host in _hosts(issue) if host not in hosts[key])
    return [Issue(issue.rule, issue.level, issue.path, issue.value, issue.message, issue.fix, issue.source,
                  ', '.join(hosts[key]) or None) for key, issue in order]
