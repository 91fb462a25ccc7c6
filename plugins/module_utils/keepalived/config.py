# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The public API of the model: load, parse, validate, render, mask secrets.

    conf, issues = load(data)            # operator input (dict) -> KeepalivedConf
    conf, issues = parse(text)           # keepalived.conf text  -> KeepalivedConf
    text = render(conf)                  # KeepalivedConf -> keepalived.conf text
    data = conf.to_dict()                # KeepalivedConf -> input form (load(data) gives it back)

``load`` gives ``conf`` None when a value could not be typed (it could not be rendered faithfully); ``parse`` gives
None only when the text cannot be read (braces, quotes, includes): otherwise the model of what could be read, with
the statements it does not type kept as written (passthrough.py). ``issues`` lists every finding, errors and
warnings, of every rule.
"""

from __future__ import absolute_import, division, print_function

import copy
import re

from . import checks, grammar
from .blocks import KeepalivedConf, VirtualServer
from .issues import MASK, errors, format_issues, warnings
from .lexer import SyntaxProblem, parse_statements, syntax_issue
from .passthrough import SECRET_KEYWORDS  # keepalived's keywords whose value is a secret
from .rules import make_issue

__all__ = ['MASK', 'SECRET_KEYWORDS', 'errors', 'format_issues', 'load', 'mask_dict',
           'mask_secrets', 'parse', 'release_issues', 'render', 'secret_values', 'summary', 'warnings']

HEADER = '! Managed by lvs.cluster: edit the inventory, not this file.'
# Anywhere on a line, also in comments (a hand-built file may keep an old password commented out).
_SECRET = re.compile(r'(\b(?:%s)\s+)("[^"]*"?|[^\s}]+)' % '|'.join(SECRET_KEYWORDS))


def _fwmarks_only(members):
    """A virtual_server_group's members (input form or typed) are all fwmarks: a server of it has no protocol
    (keepalived -t: "protocol specified for fwmark - protocol will be ignored")."""
    return bool(members) and all(isinstance(member, dict) and 'fwmark' in member for member in members)


def _defaults(conf):
    """Defaults lvs.cluster makes explicit: keepalived's own would be surprising."""
    for server in conf.virtual_servers or []:
        # keepalived -t refuses a protocol on fwmark, and ignores it for a group of fwmarks
        if server.protocol is None and server.fwmark is None and not _fwmarks_only(conf.group_members(server)):
            server.protocol = 'TCP'  # keepalived's silent default is UDP


def load(data, check=True, partial=False, keepalived_version=None, shared=None):
    """Operator input to a KeepalivedConf; semantic rules run when every value typed cleanly.

    ``partial``: also when some did not, on a configuration that leaves them out, so that the rules
    that look at several hosts still see the rest (it is never rendered). ``keepalived_version`` ('2.2.7'): the
    release the configuration is for; a keyword it does not have is an error (LVS120). ``shared``: a dict kept
    across the loads of one cluster's directors (``_shared_virtual_servers``).
    """
    issues = []
    if data is None:
        data = {}
    conf = _shared_virtual_servers(data, shared, issues)
    if errors(issues) and not partial:
        return None, issues
    _defaults(conf)
    if check:
        issues.extend(checks.run(conf))
    if keepalived_version and not errors(issues):
        issues.extend(release_issues(render(conf), keepalived_version))
    return conf, issues


def _shared_virtual_servers(data, shared, issues):
    """KeepalivedConf.load of ``data``, whose virtual servers, when they and the virtual_server_groups are equal to
    those of the first configuration loaded with the same ``shared`` dict, are that one's loaded ones, with copies of
    their findings (added last), rather than loaded again. A cluster's directors derive the same virtual servers
    (LVS015 reports those that do not), and loading a fleet's real servers for each director was a fifth of its
    validation. Nothing changes a loaded virtual server but _defaults, which makes the same change for equal groups.
    """
    given = data.get('virtual_servers') if isinstance(data, dict) else None
    if shared is None or not isinstance(given, list) or not given:
        return KeepalivedConf.load(data, '', issues)
    if not shared:
        conf = KeepalivedConf.load(data, '', issues)
        shared.update(input=given, groups=data.get('virtual_server_groups'), servers=conf.virtual_servers,
                      issues=[issue for issue in issues if (issue.path or '').startswith(_VIRTUAL_SERVERS)])
        return conf
    if given != shared['input'] or data.get('virtual_server_groups') != shared['groups']:
        return KeepalivedConf.load(data, '', issues)
    conf = KeepalivedConf.load(dict((key, value) for key, value in data.items() if key != 'virtual_servers'), '', issues)
    conf.virtual_servers = shared['servers']
    issues.extend(copy.copy(issue) for issue in shared['issues'])
    return conf


_VIRTUAL_SERVERS = ('virtual_servers.', 'virtual_servers[')


def parse(text, name='keepalived.conf', reader=None, check=True, config_id=None, keepalived_version=None):
    """keepalived.conf text or bytes (with its includes) to a KeepalivedConf, keeping what keepalived means;
    ``config_id`` is the one keepalived runs with (-i; its default is the host name up to the first dot): it picks the
    ``@ID`` lines. ``keepalived_version`` as for ``load``."""
    issues = []
    try:
        statements = parse_statements(text, name, reader, config_id, issues)
    except SyntaxProblem as problem:
        return None, issues + [syntax_issue(problem)]
    if keepalived_version:
        issues.extend(grammar.version_issues(statements, keepalived_version))
    data = KeepalivedConf.parse_body(statements, '', issues)
    groups = data.get('virtual_server_groups') or {}
    for index, (server, statement) in enumerate(zip(data.get('virtual_servers', []),
                                                    [s for s in statements if s.keyword == 'virtual_server'])):
        if 'protocol' not in server and 'fwmark' not in server and not _fwmarks_only(groups.get(server.get('group'))):
            server['protocol'] = 'UDP'
            issues.append(make_issue('LVS114', 'virtual_servers[%s].protocol' % VirtualServer.label(server, index), None,
                                     'is not set, which keepalived takes as UDP', 'write protocol TCP if the service is TCP',
                                     statement.source))
    # reading, not judging: the model of what could be read, the findings beside it; the semantic rules need a model
    # that typed whole
    conf, more = load(data, check=False, partial=True)
    reported = set(issue.path for issue in issues)  # a required value read but not typed is not "missing"
    issues += [issue for issue in more if not (issue.rule == 'LVS109' and issue.path in reported)]
    if check and not errors(issues):
        issues.extend(checks.run(conf))
    return conf, issues


def release_issues(text, version, name='the rendered keepalived.conf'):
    """LVS120 for each keyword of keepalived.conf ``text`` that keepalived ``version`` ('2.2.7' or (2, 2, 7)) lacks."""
    return grammar.version_issues(parse_statements(text, name), version)


def render(conf):
    lines = [HEADER]
    conf.render_body(lines, 0)
    return '\n'.join(lines) + '\n'


def mask_secrets(text):
    """keepalived.conf text with every secret value replaced, for diffs and logs."""
    return _SECRET.sub(lambda match: match.group(1) + MASK, text)


def secret_values(data):
    """The secret values in input-form data (also data that does not load) or in a loaded configuration,
    so that callers can keep them out of any output."""
    if hasattr(data, 'to_dict'):
        data = data.to_dict()
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in SECRET_KEYWORDS and isinstance(value, (str, int)) and not isinstance(value, bool):
                found.append(str(value))
            else:
                found.extend(secret_values(value))
                found.extend(_secret_in_line(key)[1:])
    elif isinstance(data, str):
        found.extend(_secret_in_line(data)[1:])
    elif isinstance(data, list):
        for item in data:
            found.extend(secret_values(item))
    return found


def _secret_in_line(line):
    """(the line masked, the secret) of a passthrough line that gives a secret keyword's value; (line,) otherwise."""
    words = line.split(None, 1) if isinstance(line, str) else []
    if len(words) == 2 and words[0] in SECRET_KEYWORDS:
        return '%s %s' % (words[0], MASK), words[1].strip('"')
    return (line,)


def mask_dict(data, keys=SECRET_KEYWORDS):
    """A copy of input-form data with the secret values (of the keys ``keys``, and in passthrough lines) masked."""
    if isinstance(data, dict):
        return dict((mask_dict(key), MASK if key in keys and value is not None else mask_dict(value, keys))
                    for key, value in data.items())
    if isinstance(data, list):
        return [mask_dict(item, keys) for item in data]
    # the prefix test first: a fleet's configurations hold hundreds of thousands of strings, few of them secrets
    return _secret_in_line(data)[0] if isinstance(data, str) and data.lstrip().startswith(SECRET_KEYWORDS) else data


def summary(conf):
    """What a host needs besides the file: whether IPVS is used, with which forwarding methods and protocols, and
    the VRRP instances with their virtual addresses (keepalived's default forwarding method is NAT)."""
    servers = conf.virtual_servers or []
    return {
        'virtual_servers': len(servers),
        'lvs_methods': sorted(set(server.method for server in servers)),
        'protocols': sorted(set(server.protocol for server in servers if server.protocol)),
        'vrrp_instances': dict((name, instance.vips) for name, instance in sorted((conf.vrrp_instances or {}).items())),
    }
