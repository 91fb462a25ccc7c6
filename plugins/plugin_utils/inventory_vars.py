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


def relevant(variables):
    """{name: plain value} of the variables of one host that lvs.cluster reads.

    ``variables`` is a mapping that templates on access (Ansible's hostvars[host]) or a dict.
    """
    return dict((name, plain(variables[name])) for name in list(variables)
                if name.startswith(PREFIX) or name in ALSO)


def collect(hostvars, groups, directors_group, realservers_group):
    """(hostvars, groups) for the cluster model: the directors' variables, then those of the real servers
    in ``realservers_group`` and in every group a virtual server names in real_servers_from_group."""
    groups = dict((name, list(members)) for name, members in groups.items())
    collected = {}
    for host in groups.get(directors_group, []):
        collected[host] = relevant(hostvars[host])
    referenced = [realservers_group]
    for variables in list(collected.values()):
        for server in variables.get('lvs_virtual_servers') or []:
            group = server.get('real_servers_from_group') if isinstance(server, dict) else None
            if group and group not in referenced:
                referenced.append(group)
    for group in referenced:
        for host in groups.get(group, []):
            if host not in collected:
                collected[host] = relevant(hostvars[host])
    return collected, groups
