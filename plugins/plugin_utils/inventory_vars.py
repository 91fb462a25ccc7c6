# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory variables the cluster model reads, as plain Python data.

Shared by the cluster_validate action (which reads Ansible's hostvars) and the command line
(which reads an inventory directory). Only lvs_* variables and ansible_host are read, so that
templating errors in unrelated variables cannot stop a validation.
"""

from __future__ import absolute_import, division, print_function

from collections.abc import Mapping

PREFIX = 'lvs_'
ALSO = ('ansible_host',)


def plain(value):
    """Tagged, lazy or vault-backed values from Ansible as dict/list/str/int/float/bool/None."""
    if isinstance(value, Mapping):
        return dict((str(key), plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


class UnreadableVariable(Exception):
    """Ansible could not template or decrypt a variable: which host, which variable, and Ansible's words
    (which name the file and line when Ansible knows them)."""

    def __init__(self, host, name, problem):
        self.host = host
        self.name = name
        self.problem = problem
        what = 'variable %s of host %s' % (name, host) if name else 'the variables of host %s' % host
        where = _origin(problem)
        super(UnreadableVariable, self).__init__('cannot read %s%s: %s' % (
            what, ' (%s)' % where if where else '', ' '.join(str(problem).split())))


def _origin(problem):
    """file:line of the template that failed, when this Ansible tags values with their origin (2.19+)."""
    try:
        from ansible._internal._datatag._tags import Origin  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    obj = getattr(problem, 'obj', None)
    tag = Origin.get_tag(obj) if obj is not None else None
    return str(tag) if tag is not None else None


def relevant(variables, host=None):
    """{name: plain value} of the variables of one host that lvs.cluster reads.

    ``variables`` is a mapping that templates on access (Ansible's hostvars[host]) or a dict.
    Raises UnreadableVariable when Ansible cannot produce one of them.
    """
    try:
        names = [name for name in list(variables) if name.startswith(PREFIX) or name in ALSO]
    except Exception as problem:  # Ansible's errors have no common base we could import here
        raise UnreadableVariable(host, None, problem)
    result = {}
    for name in names:
        try:
            result[name] = plain(variables[name])
        except Exception as problem:
            raise UnreadableVariable(host, name, problem)
    return result


def _host_vars(hostvars, host):
    try:
        return hostvars[host]
    except Exception as problem:  # e.g. a host_vars file that is not valid YAML
        raise UnreadableVariable(host, None, problem)


def collect(hostvars, groups, directors_group, realservers_group):
    """(hostvars, groups) for the cluster model: the directors' variables, then those of the real servers
    in ``realservers_group`` and in every group a virtual server names in real_servers_from_group."""
    groups = dict((name, list(members)) for name, members in groups.items())
    collected = {}
    for host in groups.get(directors_group, []):
        collected[host] = relevant(_host_vars(hostvars, host), host)
    referenced = [realservers_group]
    for variables in list(collected.values()):
        servers = variables.get('lvs_virtual_servers')
        for server in servers if isinstance(servers, list) else []:
            group = server.get('real_servers_from_group') if isinstance(server, dict) else None
            if isinstance(group, str) and group not in referenced:
                referenced.append(group)
    for group in referenced:
        for host in groups.get(group, []):
            if host not in collected:
                collected[host] = relevant(_host_vars(hostvars, host), host)
    for host in groups.get('all', []):  # every host's own address, for the VIP collision rule (LVS016)
        if host not in collected:
            try:
                collected[host] = {'ansible_host': plain(hostvars[host].get('ansible_host'))}
            except Exception:  # an unrelated host's broken address is not lvs.cluster's to report
                collected[host] = {}
    return collected, groups
