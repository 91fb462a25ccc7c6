# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory variables the cluster model reads, as plain Python data.

Shared by the cluster_validate action (which reads Ansible's hostvars) and the command line
(which reads an inventory directory). Only lvs_* inventory variables, ansible_host and ansible_kernel are read, so
that templating errors in unrelated variables cannot stop a validation.
"""

from __future__ import absolute_import, division, print_function

from collections.abc import Mapping

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import collector
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.blocks import VirtualServer
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.inventory import realserver_groups
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.variables import OTHER_NAMES

PREFIX = 'lvs_'
# ansible_kernel: a fact (cached, or gathered before the validation), for the mh scheduler's kernel check
ALSO = ('ansible_host', 'ansible_kernel')


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
        what = 'variable %s of host %s' % (name, host) if name else 'the variables of host %s' % host
        where = _origin(problem)
        super(UnreadableVariable, self).__init__('cannot read %s%s: %s' % (
            what, ' (%s)' % where if where else '', ' '.join(str(problem).split())))


def _origin_tag():
    """Ansible's origin tag (2.19+: every value read from a file knows its file and line), or None."""
    try:
        from ansible._internal._datatag._tags import Origin  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    return Origin


def _origin(problem):
    """file:line of what failed, when this Ansible tags values with their origin: of every error in the chain, as
    the outer one may know only the template and its cause the file (a YAML error, the vaulted value)."""
    origin = _origin_tag()
    found = []
    while origin is not None and problem is not None:
        obj = getattr(problem, 'obj', None)
        tag = obj if isinstance(obj, origin) else origin.get_tag(obj) if obj is not None else None
        if tag is not None and str(tag) not in found:
            found.append(str(tag))
        problem = problem.__cause__ or problem.__context__
    return ', '.join(found) or None


def _file_line(origin, value):
    tag = origin.get_tag(value)
    if tag is None or not getattr(tag, 'path', None):
        return None
    return '%s:%s' % (tag.path, tag.line_num) if getattr(tag, 'line_num', None) else tag.path


def locations(name, value):
    """{path as a tuple of keys: 'file:line'} of a variable and every part of it Ansible knows the origin of.

    Paths are those of findings (findings.path_keys): mapping keys, and list items by their label
    (``10.1.1.166:80``, ``fwmark 1``) or index.
    """
    origin = _origin_tag()
    found = {}
    if origin is None:
        return found

    def walk(path, node):
        where = _file_line(origin, node)
        if where:
            found[path] = where
        if isinstance(node, Mapping):
            for key, item in node.items():
                walk(path + (str(key),), item)
        elif isinstance(node, (list, tuple)):
            for index, item in enumerate(node):
                walk(path + (VirtualServer.label(item, index),), item)

    walk((name,), value)
    return found


def relevant(variables, host=None, where=None):
    """{name: plain value} of the variables of one host that lvs.cluster reads.

    ``variables`` is a mapping that templates on access (Ansible's hostvars[host]) or a dict.
    ``where``, a dict, receives the files and lines they come from (``locations``).
    Raises UnreadableVariable when Ansible cannot produce one of them.
    """
    try:
        # not the roles' settings and registered results (OTHER_NAMES): the run's derivation is one of them, and
        # reading it for every host would cost the size of the whole inventory each time
        names = [name for name in list(variables)
                 if (name.startswith(PREFIX) and name not in OTHER_NAMES) or name in ALSO]
    except Exception as problem:  # Ansible's errors have no common base we could import here
        raise UnreadableVariable(host, None, problem)
    result = {}
    for name in names:
        try:
            value = variables[name]
        except Exception as problem:
            raise UnreadableVariable(host, name, problem)
        result[name] = plain(value)
        if where is not None:
            where.update(locations(name, value))
    return result


# What makes Ansible template a string: Jinja's delimiters, or a header that changes them
_TEMPLATE_MARKS = ('{{', '{%', '{#')
_JINJA_HEADER = '#jinja2:'


def _literal(value):
    """``value`` (as the inventory gives it) holds no template and nothing to decrypt: templating it gives it back."""
    if isinstance(value, str):
        return not value.startswith(_JINJA_HEADER) and not any(mark in value for mark in _TEMPLATE_MARKS)
    if isinstance(value, Mapping):
        return all(_literal(key) and _literal(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return all(_literal(item) for item in value)
    return value is None or isinstance(value, (bool, int, float))


class _AsWritten(Mapping):
    """A host's variables as Ansible's ``hostvars[host]`` gives them, templating only the values that hold a
    template: templating the others gives them back unchanged, and at 2,040 hosts cost a third of reading them."""

    def __init__(self, hostvars, host, raw):
        self._hostvars, self._host, self._raw, self._templated = hostvars, host, raw, None

    def __getitem__(self, name):
        value = self._raw[name]
        if _literal(value):
            return value
        if self._templated is None:
            self._templated = self._hostvars[self._host]
        return self._templated[name]

    def __iter__(self):
        return iter(self._raw)

    def __len__(self):
        return len(self._raw)


def host_variables(hostvars, host, where=None):
    """``relevant`` of one host of Ansible's ``hostvars``; raises UnreadableVariable."""
    try:
        raw = hostvars.raw_get(host) if hasattr(hostvars, 'raw_get') else None
        variables = _AsWritten(hostvars, host, raw) if isinstance(raw, Mapping) else hostvars[host]
    except Exception as problem:  # e.g. a host_vars file that is not valid YAML
        raise UnreadableVariable(host, None, problem)
    return relevant(variables, host, where)


@collector.paused
def collect(hostvars, groups, directors_group, realservers_group, where=None):
    """(hostvars, groups) for the cluster model: the directors' variables, then those of the real servers
    in ``realservers_group`` and in every group a virtual server names in real_servers_from_group.
    ``where``, a dict, receives {host: locations of its variables} for findings that name their file."""
    groups = dict((name, list(members)) for name, members in groups.items())
    collected = {}

    def read(host):
        return host_variables(hostvars, host, None if where is None else where.setdefault(host, {}))

    for host in groups.get(directors_group, []):
        collected[host] = read(host)
    for group in realserver_groups(collected, groups, directors_group, realservers_group):
        for host in groups.get(group, []):
            if host not in collected:
                collected[host] = read(host)
    for host in groups.get('all', []):  # every host's own address, for the VIP collision rule (LVS016)
        if host not in collected:
            try:
                collected[host] = {'ansible_host': plain(hostvars[host].get('ansible_host'))}
            except Exception:  # an unrelated host's broken address is not lvs.cluster's to report
                collected[host] = {}
    return collected, groups
