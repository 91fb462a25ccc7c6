# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a hand-built cluster's keepalived.conf files to the inventory that derives them again.

``adopt(directors)`` takes each director's configuration in the model's input form (``KeepalivedConf.to_dict()``,
secrets in clear) and returns an Adoption: the directors and real servers of hosts.yml, the directors' group_vars
(what they share), each director's host_vars (what differs: priorities, states the election would not give, unicast
addresses, a router_id that is not the host name, any block written differently) and the secrets, which the inventory
only names (``{{ vault_lvs_vi_1_auth_pass }}``).

The inventory is proven before anyone writes it: it is derived the way a deployment derives it (cluster.validate)
and each director's result compared with its file as keepalived means it (changes.comparable). Where a compact form
(a derived state, derived unicast peers, real servers from a group) would not give the file back, the explicit form
is kept. What the validator finds in the result is what the operator must decide.
"""

from __future__ import absolute_import, division, print_function

import json
import re

from . import cluster
from .blocks import VirtualServer, default_priority
from .changes import comparable
from .config import SECRET_KEYWORDS, load
from .inventory import DIRECTORS_GROUP, REALSERVERS_GROUP, copy_data
from .origins import TOP_LEVEL
from .passthrough import split_words
from .values import Invalid, family_of

# the real server keys that become inventory variables of the real server's host
HOST_KEYS = (('port', 'lvs_realserver_port'), ('weight', 'lvs_realserver_weight'))
ADDRESS_KEYS = ('unicast_src_ip', 'unicast_peer')
_REFERENCE = re.compile(r'\{\{ (\w+) \}\}')
# the top-level keys that are lists (the others are mappings): an empty one in host_vars overrides the group's
LISTS = ('virtual_servers', 'passthrough')


class Adoption(object):
    """An imported cluster: what the inventory files hold, and what the operator must know about it."""

    def __init__(self, directors, directors_group, realservers_group):
        self.directors = directors  # host names, in the order given
        self.directors_group = directors_group
        self.realservers_group = realservers_group
        self.hosts = {}  # host -> its variables in hosts.yml (ansible_host, lvs_realserver_*)
        self.groups = {}  # real server group -> its hosts, in order (the directors group is self.directors)
        self.group_vars = {}  # the directors' shared variables
        self.host_vars = dict((host, {}) for host in directors)
        self.secrets = {}  # vault variable -> its value: never written in clear
        self.secret_origins = {}  # vault variable -> where its value was found ('lvs1: vrrp_instances[VI_1]...')
        self.notes = []  # what the import did that the operator should know
        self.normalised = []  # how the derived configurations differ in form only from the files
        self.differences = []  # what deploying the inventory would still change: none, unless the model cannot say it
        self.report = None  # cluster.Report of the inventory


def _name(text):
    """A part of a variable name from keepalived's names (VI_1 -> vi_1)."""
    return re.sub(r'[^a-z0-9_]', '_', str(text).lower()).strip('_') or 'x'


def _key(value):
    return json.dumps(value, sort_keys=True, default=str)


def _secret_line(item):
    """The keyword and value of a passthrough line that gives a secret (the SSL block's ``password``), else None."""
    try:
        words = split_words(item) if isinstance(item, str) else []
    except Invalid:
        return None
    return (words[0], words[1]) if len(words) == 2 and words[0] in SECRET_KEYWORDS else None


def _secret_paths(data, path=()):
    """(path, value, keyword) of every secret in input-form data: keyword is None for a key's value (auth_pass), the
    secret keyword of a passthrough line (``password t0psecret``: its path is the line's) otherwise."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in SECRET_KEYWORDS and value is not None:
                yield path + (key,), value, None
            else:
                yield from _secret_paths(value, path + (key,))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            line = _secret_line(item)
            if line is not None:
                yield path + (index,), line[1], line[0]
            else:
                yield from _secret_paths(item, path + (index,))


def _replace(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _label(path):
    return '.'.join(str(part) for part in path)


def _take_secrets(adoption, data):
    """Each secret replaced by a reference to a vault variable: one per place (an instance's auth_pass, the SSL
    block's password), or one per director there when the directors' values differ (LVS004 reports that)."""
    places = {}
    for host in adoption.directors:
        for path, value, keyword in _secret_paths(data[host]):
            places.setdefault((path, keyword), {})[host] = value
    for (path, keyword), values in sorted(places.items(), key=lambda item: _label(item[0][0])):
        where = path if keyword is None else path[:-1] + (keyword,)  # a line's keyword names it, not its index
        parts = [part for part in where if part not in ('vrrp_instances', 'authentication', 'passthrough')
                 and not isinstance(part, int)]
        base = 'vault_lvs_' + '_'.join(_name(part) for part in parts)
        same = len(set(str(value) for value in values.values())) == 1
        for host, value in values.items():
            variable = base if same else '%s_%s' % (base, _name(host))
            reference = '{{ %s }}' % variable
            _replace(data[host], path, reference if keyword is None else '%s "%s"' % (keyword, reference))
            adoption.secrets[variable] = str(value)
            adoption.secret_origins.setdefault(variable, []).append('%s: %s' % (host, _label(where)))


def _instances(data, host):
    instances = data[host].get('vrrp_instances')
    return instances if isinstance(instances, dict) else {}


def _one_or_each(values):
    """One value for every instance when they agree, else the mapping of instance to value."""
    distinct = set(_key(value) for value in values.values())
    return list(values.values())[0] if len(distinct) == 1 else dict(values)


def _take_preempt(adoption, data):
    """``lvs_preempt: false`` when every instance of every director is a nopreempt BACKUP (the article's section 4
    pair), which is what the derivation writes from it."""
    bodies = [body for host in adoption.directors for body in _instances(data, host).values()]
    if bodies and all(body.get('nopreempt') is True and body.get('state', 'BACKUP') == 'BACKUP' for body in bodies):
        adoption.group_vars['lvs_preempt'] = False
        for body in bodies:
            del body['nopreempt']
            body.pop('state', None)


def _take_priorities(adoption, data):
    """Each director's priorities into lvs_vrrp_priority (keepalived's default where none is written). Its states
    go: the election derives them again, and adopt() writes lvs_vrrp_state only where it would give another."""
    for host in adoption.directors:
        priorities = {}
        for name, body in sorted(_instances(data, host).items()):
            priorities[name] = body.pop('priority', default_priority(body.get('state')))
            body.pop('state', None)
        if priorities:
            adoption.host_vars[host]['lvs_vrrp_priority'] = _one_or_each(priorities)


def _take_unicast(adoption, data, addresses):
    """``lvs_vrrp_unicast: true`` when every instance of every director names its unicast source and peers: each
    director's sources become its lvs_vrrp_address (or ansible_host), and the peers are derived again. False when
    that cannot be said (no source, or two sources of one family on a director): the instances keep them."""
    sources = {}
    for host in adoption.directors:
        bodies = list(_instances(data, host).values())
        if not bodies or not all(body.get('unicast_src_ip') and body.get('unicast_peer') for body in bodies):
            return False
        own = []
        for body in bodies:
            if body['unicast_src_ip'] not in own:
                own.append(body['unicast_src_ip'])
        if len(set(family_of(address) for address in own)) != len(own):
            return False
        sources[host] = sorted(own, key=family_of)
    adoption.group_vars['lvs_vrrp_unicast'] = True
    for host in adoption.directors:
        for body in _instances(data, host).values():
            for key in ADDRESS_KEYS:
                del body[key]
        if sources[host] != [addresses.get(host)]:
            adoption.host_vars[host]['lvs_vrrp_address'] = sources[host] if len(sources[host]) > 1 else sources[host][0]
    return True


class RealServers(object):
    """The real servers as inventory hosts: one per address, in groups by the virtual servers that use them."""

    def __init__(self, adoption, names, addresses):
        self.adoption = adoption
        self.names = names  # address -> inventory host name (default: the address)
        self.addresses = addresses  # host -> its ansible_host, where known
        self.values = {}  # host -> {variable: value} its virtual servers need

    def host(self, address):
        name = self.names.get(address, address)
        if name not in self.adoption.hosts:
            self.adoption.hosts[name] = {}
            self.adoption.groups.setdefault(self.adoption.realservers_group, []).append(name)
            reach = self.addresses.get(name, address)
            if name != address or reach != address:
                self.adoption.hosts[name]['ansible_host'] = reach
            if reach != address:
                self.adoption.hosts[name]['lvs_realserver_address'] = address
        return name

    def group(self, hosts, label):
        """The group of exactly ``hosts``: the real servers group when all of them, else one for these."""
        for name, members in self.adoption.groups.items():
            if set(members) == set(hosts):
                return name
        name = '%s_%s' % (self.adoption.realservers_group, _name(label))
        self.adoption.groups[name] = list(hosts)
        return name

    def from_group(self, server, label):
        """``server`` with its real servers as ``real_servers_from_group`` and ``real_server_defaults``, or None when
        that cannot say them: a real server twice, or keys other than port and weight that differ."""
        reals = server.get('real_servers') or []
        addresses = [real.get('address') for real in reals]
        if not reals or len(set(addresses)) != len(addresses):
            return None
        rests = [dict((key, value) for key, value in real.items() if key not in ('address', 'port', 'weight'))
                 for real in reals]
        if any(_key(rest) != _key(rests[0]) for rest in rests):
            return None
        for real in reals:
            self.host(real['address'])
        hosts = [self.names.get(address, address) for address in addresses]
        defaults = {}
        for key, variable in HOST_KEYS:
            values = [real.get(key) for real in reals]
            if len(set(values)) == 1:
                if values[0] is not None:
                    defaults[key] = values[0]
                continue
            if None in values:
                return None
            for host, value in zip(hosts, values):
                if self.values.setdefault(host, {}).setdefault(variable, value) != value:
                    return None  # the host needs another value for another virtual server
        defaults.update(copy_data(rests[0]))
        result = dict((key, value) for key, value in server.items() if key != 'real_servers')
        result['real_servers_from_group'] = self.group(hosts, label)
        if defaults:
            result['real_server_defaults'] = defaults
        return result

    def explicit(self, server):
        """``server`` as written; its real servers still become inventory hosts, so that they are prepared."""
        for real in server.get('real_servers') or []:
            if real.get('address'):
                self.host(real['address'])
        return server

    def finish(self):
        for host, values in self.values.items():
            self.adoption.hosts[host].update(values)


def _take_real_servers(adoption, data, realservers, explicit):
    """Each director's virtual servers with their real servers from groups, except those labelled in ``explicit``."""
    for host in adoption.directors:  # every host first: the real servers group is then whole when groups are chosen
        for server in data[host].get('virtual_servers') or []:
            realservers.explicit(server)
    for host in adoption.directors:
        servers = data[host].get('virtual_servers') or []
        converted = []
        for index, server in enumerate(servers):
            label = VirtualServer.label(server, index)
            grouped = None if label in explicit else realservers.from_group(server, label)
            converted.append(grouped if grouped is not None else realservers.explicit(server))
        if servers:
            data[host]['virtual_servers'] = converted
    realservers.finish()


def _split(adoption, data):
    """Each top-level block into the group_vars when the directors agree on it; otherwise the value most of them
    share goes there and each director that differs gets its own in host_vars (Ansible replaces a variable, it does
    not merge it)."""
    for model_key, variable in TOP_LEVEL:
        values = dict((host, data[host].get(model_key)) for host in adoption.directors)
        counts = {}
        for host in adoption.directors:
            counts.setdefault(_key(values[host]), []).append(host)
        shared = max(counts.values(), key=len)
        common = values[shared[0]] if len(shared) > 1 or len(adoption.directors) == 1 else None
        if common:
            adoption.group_vars[variable] = common
        for host in adoption.directors:
            if _key(values[host]) != _key(common):
                adoption.host_vars[host][variable] = values[host] if values[host] is not None else \
                    ([] if model_key in LISTS else {})


def _router_ids(adoption, data):
    """router_id is derived from the host name: left out where it is the host name."""
    for host in adoption.directors:
        global_defs = data[host].get('global_defs') or {}
        if global_defs.get('router_id') == host:
            del global_defs['router_id']
        elif global_defs.get('router_id') is None:
            data[host]['global_defs'] = dict(global_defs, router_id=None)
            adoption.notes.append('%s: its file sets no router_id, so keepalived uses the machine\'s host name; '
                                  'router_id: null keeps it so (leave it out to have the inventory name, %s)' % (host, host))


def _director_addresses(adoption, data, addresses):
    """A director's ansible_host, where not given: the source address its instances name (unicast or multicast)."""
    for host in adoption.directors:
        for _name_, body in sorted(_instances(data, host).items()):
            source = body.get('unicast_src_ip') or body.get('mcast_src_ip')
            if source and host not in addresses:
                addresses[host] = source
        if host not in addresses:
            adoption.notes.append('%s: its address is not known; set its ansible_host in hosts.yml' % host)


def _derived_additions(adoption, data):
    """What the derivation adds to a director by default and a hand-built file does not have: switched off, with the
    way to switch it on."""
    adoption.group_vars['lvs_operation_switches'] = False
    adoption.notes.append('lvs_operation_switches: false, so the files stay as they are; set it to true (or remove '
                          'it) to drain real servers and hand directors over without a reload (lvs.cluster.drain, '
                          'lvs.cluster.director_maintenance): the next lvs.cluster.site run then reloads keepalived, '
                          'without a failover')
    if not all((data[host].get('global_defs') or {}).get('lvs_sync_daemon') for host in adoption.directors):
        adoption.group_vars['lvs_connection_sync'] = False
        adoption.notes.append('lvs_connection_sync: false, as the files have no lvs_sync_daemon; remove it to keep '
                              'connections through a failover (docs/operations.md)')


def _assemble(directors, names, addresses, groups, explicit, states):
    """The Adoption of ``directors`` [(host, input form)] with the choices made so far: ``explicit`` labels of
    virtual servers whose real servers stay as written, ``states`` {host: {instance: state}} written explicitly."""
    adoption = Adoption([host for host, _data in directors], *groups)
    data = dict((host, copy_data(config)) for host, config in directors)
    addresses = dict(addresses)
    _take_secrets(adoption, data)
    _router_ids(adoption, data)
    _take_preempt(adoption, data)
    _take_priorities(adoption, data)
    _director_addresses(adoption, data, addresses)
    if not explicit.get('unicast'):
        explicit['unicast'] = not _take_unicast(adoption, data, addresses)
    for host, wanted in states.items():
        adoption.host_vars[host]['lvs_vrrp_state'] = _one_or_each(wanted) if len(wanted) == len(
            _instances(data, host)) else wanted
    _derived_additions(adoption, data)
    _take_real_servers(adoption, data, RealServers(adoption, names, addresses), explicit.get('servers', set()))
    _split(adoption, data)
    for host in adoption.directors:
        adoption.hosts[host] = {'ansible_host': addresses[host]} if addresses.get(host) else {}
    return adoption


def _resolved(value, secrets):
    """``value`` with the vault references replaced by the secrets (what Ansible gives a play)."""
    if isinstance(value, dict):
        return dict((key, _resolved(item, secrets)) for key, item in value.items())
    if isinstance(value, list):
        return [_resolved(item, secrets) for item in value]
    if not isinstance(value, str):
        return value
    # a whole value (auth_pass), or a word of a passthrough line (password "{{ vault_lvs_ssl_password }}")
    return _REFERENCE.sub(lambda found: secrets.get(found.group(1), found.group(0)), value)


def inventory(adoption):
    """(hostvars, groups) as Ansible gives them to a play on the written inventory (host_vars over group_vars)."""
    groups = {adoption.directors_group: list(adoption.directors)}
    groups.update(adoption.groups)
    groups['all'] = list(adoption.hosts)
    hostvars = {}
    for host in adoption.hosts:
        variables = {}
        if host in adoption.directors:
            variables.update(adoption.group_vars)
            variables.update(adoption.host_vars.get(host) or {})
        variables.update(adoption.hosts[host])
        hostvars[host] = _resolved(variables, adoption.secrets)
    return hostvars, groups


def _differences(before, after, path=''):
    """The paths where two input forms differ."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after), key=str):
            where = '%s.%s' % (path, key) if path else str(key)
            if key not in before or key not in after:
                yield where
            else:
                yield from _differences(before[key], after[key], where)
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (one, other) in enumerate(zip(before, after)):
            yield from _differences(one, other, '%s[%d]' % (path, index))
    elif before != after:
        yield path


def _derived(report):
    """host -> the input form of its derived configuration, as keepalived_config would load it."""
    result = {}
    for host, config in report.configs().items():
        conf, _issues = load(config, check=False)
        result[host] = conf.to_dict() if conf is not None else None
    return result


def _compare(adoption, originals, derived):
    """{host: [paths]} where the derived configurations mean something else than the files."""
    result = {}
    for host in adoption.directors:
        if derived.get(host) is None:
            result[host] = ['(the derived configuration does not load)']
            continue
        found = list(_differences(comparable(originals[host]), comparable(derived[host])))
        if found:
            result[host] = found
    return result


def _choices(differences, originals, explicit, states):
    """Widen the choices for the differences found; False when nothing is left to widen. Of the virtual servers that
    came out wrong, only the last becomes explicit in a round: a later one's real-server variables are what usually
    spoil an earlier one's."""
    widened = False
    servers = {}  # index -> label of a virtual server that came out wrong
    for host, paths in differences.items():
        written = originals[host].get('virtual_servers') or []
        for path in paths:
            found = re.match(r'^vrrp_instances\.([^.]+)\.state$', path)
            if found:
                states.setdefault(host, {})[found.group(1)] = (originals[host]['vrrp_instances'][found.group(1)]
                                                               .get('state', 'BACKUP'))
                widened = True
            elif re.match(r'^vrrp_instances\.[^.]+\.(%s)' % '|'.join(ADDRESS_KEYS), path) and not explicit.get('unicast'):
                explicit['unicast'] = widened = True
            else:
                found = re.match(r'^virtual_servers\[(\d+)\]', path)
                indexes = [int(found.group(1))] if found else range(len(written)) if path == 'virtual_servers' else []
                for index in indexes:
                    label = VirtualServer.label(written[index], index) if index < len(written) else None
                    if label is not None and label not in explicit.setdefault('servers', set()):
                        servers[index] = label
    if servers:
        explicit['servers'].add(servers[max(servers)])
        widened = True
    return widened


def _written_out(before, after, path=''):
    """(path, value) of each key that ``after`` has and ``before`` leaves out."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(after, key=str):
            where = '%s.%s' % (path, key) if path else str(key)
            if key not in before:
                yield where, after[key]
            else:
                yield from _written_out(before[key], after[key], where)
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (one, other) in enumerate(zip(before, after)):
            yield from _written_out(one, other, '%s[%d]' % (path, index))


def _normalised(adoption, originals, derived):
    """keepalived's defaults that the derived configurations write out where the files left them to keepalived."""
    for host in adoption.directors:
        for path, value in _written_out(originals[host], derived.get(host) or {}):
            adoption.normalised.append('%s: %s %s, keepalived\'s default, is written out' % (host, path, value))


def adopt(directors, names=None, addresses=None, directors_group=DIRECTORS_GROUP, realservers_group=REALSERVERS_GROUP):
    """The Adoption of a cluster whose directors are ``directors``: [(host, input form of its keepalived.conf)].

    ``names``: real server address -> inventory host name (default: the address itself); ``addresses``: host ->
    its ansible_host, where known (a director's unicast source address otherwise).
    """
    originals = dict((host, config) for host, config in directors)
    groups = (directors_group, realservers_group)
    explicit, states = {}, {}
    for _attempt in range(len(directors) * 64 + 8):  # each round widens at least one choice, of finitely many
        adoption = _assemble(directors, names or {}, addresses or {}, groups, explicit, states)
        hostvars, inventory_groups = inventory(adoption)
        adoption.report = cluster.validate(hostvars, inventory_groups, directors_group, realservers_group)
        derived = _derived(adoption.report)
        differences = _compare(adoption, originals, derived)
        if not differences or not _choices(differences, originals, explicit, states):
            break
    adoption.differences = ['%s: %s' % (host, path) for host, paths in sorted(differences.items()) for path in paths]
    _normalised(adoption, originals, derived)
    return adoption
