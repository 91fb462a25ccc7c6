# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each host's part of the derived inventory (its slice), so that a run derives every cluster once.

cluster_validate derives the whole inventory once and returns every host's slice; the director and real-server
edges then read their own host's slice instead of deriving the inventory again for each host.

A slice holds no secret, since it is registered and may be printed: VRRP and BGP passwords are masked, and
``with_secrets`` puts a director's own back from its own variables, the only place they come from.

A director's configuration is packed (JSON, zlib, base64): Ansible copies a task's result several times (the worker
queue, the registered variable, the callbacks), and a fleet's configurations are large (4 MB at 2,040 hosts, most
of it real server entries that repeat), which cost the run more than deriving them.
"""

from __future__ import absolute_import, division, print_function

import base64
import json
import zlib

from . import config as kaconf, operations
from .blocks import DEFAULT_WEIGHT
from .inventory import Director, director_config, vrrp_addresses
from .issues import MASK, errors, format_issues
from .values import addresses_in
from .variables import ABSENT, DIRECTOR, PRESENT, check_host

# keys whose value is a secret: keepalived's, and a BGP peer's password (frr/settings.py)
SECRET_KEYS = frozenset(kaconf.SECRET_KEYWORDS + ('password',))


def pack(data):
    return base64.b64encode(zlib.compress(json.dumps(data, sort_keys=True).encode('utf-8'))).decode('ascii')


def unpack(text):
    return json.loads(zlib.decompress(base64.b64decode(text)).decode('utf-8'))


def _restored(masked, source, path):
    """``masked`` with each masked secret taken from the same place in ``source``."""
    if isinstance(masked, dict):
        result = {}
        for key, value in masked.items():
            if key in SECRET_KEYS and value == MASK:
                if not isinstance(source, dict) or source.get(key) is None:
                    raise ValueError('no secret at %s in the host\'s own variables' % '.'.join(path + (key,)))
                result[key] = source[key]
            else:
                result[key] = _restored(value, source.get(key) if isinstance(source, dict) else None, path + (key,))
        return result
    if isinstance(masked, list):
        return [_restored(item, source[index] if isinstance(source, list) and index < len(source) else None,
                          path + (str(index),)) for index, item in enumerate(masked)]
    if _masked_line(masked):  # a passthrough line that gives a secret: password ********
        if not isinstance(source, str) or kaconf.mask_dict(source) != masked:
            raise ValueError('no secret at %s in the host\'s own variables' % '.'.join(path))
        return source
    return masked


def _masked_line(value):
    words = value.split(None, 1) if isinstance(value, str) else []
    return len(words) == 2 and words[0] in kaconf.SECRET_KEYWORDS and words[1] == MASK


def _masked(config):
    """``mask_dict`` of a director's configuration, walking only its sections that mention a secret keyword: a
    fleet's virtual servers seldom do, and walking them cost more than deriving them."""
    return dict(kaconf.mask_dict({key: value}, SECRET_KEYS).popitem() if _mentions_secret(repr(value)) else (key, value)
                for key, value in config.items())


def _mentions_secret(text):
    return any(word in text for word in SECRET_KEYS)


def director_slice(director, cluster_directors, issues):
    """What the director edges need of one director: its configuration, its peers' addresses, its mode, the
    addresses of the decommissioned real servers to drain before its reload, and in an active-active cluster its BGP
    settings and announcement; or the errors of its own variables."""
    own = [issue for issue in errors(issues) if issue.host == director.host]
    if own:
        return {'errors': format_issues(own)}
    # every VRRP address of every peer, one per family: the VRRP firewall lets each peer's adverts in, IPv4 and IPv6
    peers = dict((other.host, other.addresses) for other in cluster_directors if other.host != director.host)
    return {
        'cluster': director.cluster,
        'cluster_mode': director.mode,
        'config': pack(_masked(director.config)),
        'peer_addresses': [address for peer in sorted(peers) for address in peers[peer]],
        'peers_without_address': [peer for peer in sorted(peers) if not peers[peer]],
        'bgp': kaconf.mask_dict(director.bgp, SECRET_KEYS),
        'announcement': director.announcement.as_dict() if director.announcement is not None else None,
        'operation_files': operations.files(director.variables),
        'decommissioned': list(director.decommissioned),
    }


def forwarded_services(members, realservers):
    """(cluster name, conf, label, virtual server, its addresses, the real-server hosts it forwards to) of each virtual
    server of the first director of each cluster (``members``: cluster name -> [cluster.Member]; the directors of a
    cluster agree, or validation says so). Its addresses: its own, a group's members (each of a range), or for a fwmark
    every VIP of the cluster (any of them may be marked)."""
    by_address = {}
    for host in sorted(realservers):
        if realservers[host].address is not None:
            by_address.setdefault(realservers[host].address, []).append(host)
    for name in sorted(members):
        conf = members[name][0].conf if members[name] else None
        if conf is None:
            continue
        instance_vips = [address for _name, instance in sorted((conf.vrrp_instances or {}).items())
                         for address in instance.vips]
        for label, server in conf.labelled_virtual_servers():
            if server.address:
                addresses = [server.address]
            elif server.group:
                addresses = [address for member in conf.group_members(server) if 'address' in member
                             for address in addresses_in(member['address'])]
            else:
                addresses = instance_vips
            hosts = sorted(set(host for real in server.real_servers or [] for host in by_address.get(real.address, [])))
            yield name, conf, label, server, addresses, hosts


def realserver_slices(members, realservers, issues):
    """{host: slice} of every real server: the VIPs of the virtual servers that forward to it and their forwarding
    method (DR, TUN or NAT: one per real server, LVS055), its address, its NAT gateway if the inventory names it, and
    for each director that forwards to it how many IPVS services list it and with which weights (what
    lvs.cluster.undrain waits for) and the virtual servers that do (by their findings' labels: what a rolling update
    must not empty), from the loaded models of the first director of each cluster (``members``: cluster name ->
    [cluster.Member]); its state, present or absent (decommissioned: no director forwards to it); or the errors of its
    own variables."""
    found = dict((host, []) for host in realservers)
    methods = dict((host, None) for host in realservers)
    directors = dict((host, {}) for host in realservers)
    for name, conf, label, server, addresses, hosts in forwarded_services(members, realservers):
        # IPVS has a service per address of a group member (each of a range), one per fwmark member
        services = sum(len(addresses_in(member['address'])) if 'address' in member else 1
                       for member in conf.group_members(server)) if server.group else 1
        for host in hosts:
            weights = [DEFAULT_WEIGHT if real.weight is None else real.weight for real in server.real_servers
                       if real.address == realservers[host].address]
            for member in members[name]:
                entry = directors[host].setdefault(member.host, {'services': 0, 'weights': [],
                                                                 'virtual_servers': []})
                entry['services'] += services * len(weights)
                entry['weights'] = sorted(set(entry['weights'] + weights))
                entry['virtual_servers'] = sorted(set(entry['virtual_servers'] + [label]))
            methods[host] = methods[host] or server.method
            for address in addresses:
                if address not in found[host]:
                    found[host].append(address)
    result = {}
    for host, vips in found.items():
        own = [issue for issue in errors(issues) if issue.host == host]
        if own:
            result[host] = {'errors': format_issues(own)}
        else:
            result[host] = {'vips': vips, 'method': methods[host],
                            'address': realservers[host].address, 'directors': directors[host],
                            'gateway': realservers[host].gateway,
                            'state': ABSENT if realservers[host].absent else PRESENT}
    return result


def with_secrets(director_part, host, variables):
    """A director's slice, its configuration unpacked, with its masked secrets put back from ``variables``, its own
    (plain) variables: the director derived from them alone has every secret of the whole derivation at the same
    place."""
    checked, _issues = check_host(host, variables, set([DIRECTOR]))
    config, _origins, announcement = director_config(host, [host], {host: checked}, {}, {}, [])
    alone = Director(host, None, None, config, vrrp_addresses(host, checked), checked, None, announcement)
    return dict(director_part, config=_restored(unpack(director_part['config']), alone.config, ('config',)),
                bgp=_restored(director_part['bgp'], alone.bgp, ('bgp',)))
