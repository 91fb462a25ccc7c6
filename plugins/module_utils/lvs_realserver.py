# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an LVS real server needs, planned without touching the host.

Pure Python (standard library only): the module ``lvs.cluster.lvs_realserver`` observes the host
(``ip -o addr show``, ``ip -o link show``, /proc/sys, its files, its state file), hands that to
``plan()`` here, and applies the actions that come back. Everything that decides is in this file,
so it is unit-tested without root.

Vocabulary:

- ``spec``      the checked input (``check_spec()``): state, method, vips, interface, paths.
- ``observed``  what the module saw on the host (see ``plan()`` for the keys).
- ``record``    the state file's content: what this module added or changed, with the kernel
                values it found before changing them, so that ``state=absent`` undoes exactly that.
- sysctl keys   are written the way sysctl(8) prints them: dots between the parts and ``/`` for a
                dot inside an interface name (``net.ipv4.conf.eth0/100.arp_ignore``). systemd-sysctl
                and ``sysctl -p`` read that form in sysctl.d files.
"""

from __future__ import absolute_import, division, print_function

import ipaddress
import json
import re

__metaclass__ = type

MODULE_NAME = 'lvs.cluster.lvs_realserver'
METHODS = ('DR', 'TUN', 'NAT')
STATES = ('present', 'absent')
RECORD_FORMAT = 1

DEFAULT_SYSCTL_FILE = '/etc/sysctl.d/90-lvs-cluster-realserver.conf'
DEFAULT_UNIT_NAME = 'lvs-cluster-realserver.service'
DEFAULT_UNIT_DIR = '/etc/systemd/system'
DEFAULT_STATE_FILE = '/var/lib/lvs-cluster/realserver.json'

LOOPBACK = 'lo'
TUNNEL = 'tunl0'
TUNNEL_KERNEL_MODULE = 'ipip'

# arp_ignore=1: answer an ARP request only for an address of the interface it came in on, so the
# VIP on lo (or tunl0) is never answered on the LAN. arp_announce=2: always use the best local
# address of the outgoing interface as ARP source, never the VIP. The kernel applies the larger of
# conf/all and conf/<interface>, so conf/all is what counts; lo and the ingress interface are set
# too, as the LVS HOWTO and the hand-made setup do.
ARP_VALUES = (('arp_ignore', '1'), ('arp_announce', '2'))
# LVS-TUN: the decapsulated packet comes out of tunl0 with the VIP as destination and the client as
# source; reverse path filtering would drop it. The kernel applies the larger of conf/all and
# conf/<interface>, so all must be 0 too.
RP_FILTER = (('rp_filter', '0'),)

_IFNAME = re.compile(r'^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,14}$')
_UNIT = re.compile(r'^[A-Za-z0-9_.@-]+\.service$')

UNIT_HEADER = '# Managed by %s: written on every run; do not edit.\n' % MODULE_NAME
SYSCTL_HEADER = '# Managed by %s: written on every run; do not edit.\n' % MODULE_NAME


class SpecError(ValueError):
    """Input that cannot be applied; ``lines`` holds one ``key: problem Fix: ...`` line per problem."""

    def __init__(self, lines):
        super(SpecError, self).__init__('\n'.join(lines))
        self.lines = list(lines)


# ---- input -----------------------------------------------------------------------------------

def _problem(key, value, what, fix):
    if value is None:
        return '%s: %s. Fix: %s' % (key, what, fix)
    return '%s: %r %s. Fix: %s' % (key, value, what, fix)


def _address(key, value, problems):
    """The normalized address text of ``value``, or None after adding a problem."""
    if isinstance(value, bool) or not isinstance(value, str) or not value.strip():
        problems.append(_problem(key, value, 'is not an IPv4 or IPv6 address',
                                 'give a plain address such as 10.1.1.166 or 2001:db8::166'))
        return None
    text = value.strip()
    if '/' in text:
        problems.append(_problem(key, value, 'has a prefix length',
                                 'give the address alone (%s); the module always uses /32 for IPv4 and /128 for '
                                 'IPv6' % text.split('/')[0]))
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        problems.append(_problem(key, value, 'is not an IPv4 or IPv6 address',
                                 'give a plain address such as 10.1.1.166 or 2001:db8::166'))
        return None
    for test, what in (('is_unspecified', 'is the unspecified address'), ('is_loopback', 'is a loopback address'),
                       ('is_multicast', 'is a multicast address'), ('is_link_local', 'is a link-local address')):
        if getattr(address, test):
            problems.append(_problem(key, value, what, 'give the virtual address that clients connect to'))
            return None
    if address.version == 4 and address == ipaddress.IPv4Address('255.255.255.255'):
        problems.append(_problem(key, value, 'is the broadcast address',
                                 'give the virtual address that clients connect to'))
        return None
    return str(address)


def check_spec(params):
    """The checked, normalized spec of the module's ``params``; raises SpecError with every problem.

    Nothing here looks at the host, so the messages are the same everywhere.
    """
    problems = []
    state = params.get('state') or 'present'
    if state not in STATES:
        problems.append(_problem('state', state, 'is not a known state', 'use one of: %s' % ', '.join(STATES)))
    method = params.get('method') or 'DR'
    if method not in METHODS:
        hint = ' (methods are upper case)' if isinstance(method, str) and method.upper() in METHODS else ''
        problems.append(_problem('method', method, 'is not an LVS forwarding method%s' % hint,
                                 'use one of: %s' % ', '.join(METHODS)))
    vips = []
    raw_vips = params.get('vips')
    if raw_vips is not None and not isinstance(raw_vips, (list, tuple)):
        raw_vips = [raw_vips]
    for index, value in enumerate(raw_vips or []):
        address = _address('vips[%d]' % index, value, problems)
        if address is not None and address not in vips:
            vips.append(address)
    if state == 'present' and method in ('DR', 'TUN') and not raw_vips:
        problems.append(_problem('vips', None, 'is required with state=present and method=%s' % method,
                                 'list the virtual addresses of the LVS services this real server answers, e.g. '
                                 'vips: [10.1.1.166]'))
    if method == 'TUN':
        for address in vips:
            if ipaddress.ip_address(address).version == 6:
                problems.append(_problem('vips', address, 'is IPv6, but method=TUN uses tunl0, which carries only '
                                         'IPv4-in-IPv4', 'use method=DR for IPv6 virtual addresses, or list only '
                                         'IPv4 addresses with TUN'))

    interface = params.get('interface')
    if interface is not None:
        if not isinstance(interface, str) or not _IFNAME.match(interface) or interface in ('.', '..'):
            problems.append(_problem('interface', interface, 'is not a network interface name',
                                     'give the name of the interface the LVS traffic comes in on, e.g. eth0 '
                                     '(at most 15 characters, no / : or spaces)'))
        elif interface in ('all', 'default'):
            problems.append(_problem('interface', interface, 'is a sysctl pseudo interface, not an interface',
                                     'give the name of the interface the LVS traffic comes in on, e.g. eth0; '
                                     'conf/all is always set'))
        elif method == 'NAT':
            problems.append(_problem('interface', interface, 'has no effect with method=NAT (a NAT real server '
                                     'needs no ARP or rp_filter settings)', 'remove interface, or use method DR '
                                     'or TUN'))
    director = params.get('director_address')
    if director is not None:
        if method != 'NAT':
            problems.append(_problem('director_address', director, 'only applies to method=NAT (it is the address '
                                     'the default route must go through)', 'remove director_address, or set '
                                     'method: NAT'))
        else:
            director = _address('director_address', director, problems)

    paths = {}
    for key, default in (('sysctl_file', DEFAULT_SYSCTL_FILE), ('state_file', DEFAULT_STATE_FILE)):
        value = params.get(key) or default
        if not isinstance(value, str) or not value.startswith('/') or value.endswith('/'):
            problems.append(_problem(key, value, 'is not an absolute file path', 'give a path such as %s' % default))
        paths[key] = value
    if not paths['sysctl_file'].endswith('.conf'):
        problems.append(_problem('sysctl_file', paths['sysctl_file'], 'does not end in .conf, and systemd-sysctl '
                                 'reads only *.conf files at boot', 'give a path such as %s' % DEFAULT_SYSCTL_FILE))
    unit_name = params.get('unit_name') or DEFAULT_UNIT_NAME
    if not isinstance(unit_name, str) or not _UNIT.match(unit_name):
        problems.append(_problem('unit_name', unit_name, 'is not a systemd service name',
                                 'give a name ending in .service, without a directory, e.g. %s' % DEFAULT_UNIT_NAME))
    if problems:
        raise SpecError(problems)
    return dict(state=state, method=method, vips=vips, interface=interface, director_address=director,
                sysctl_file=paths['sysctl_file'], state_file=paths['state_file'], unit_name=unit_name,
                unit_dir=params.get('unit_dir') or DEFAULT_UNIT_DIR)


def unit_path(spec_or_dir, name=None):
    directory = spec_or_dir['unit_dir'] if isinstance(spec_or_dir, dict) else spec_or_dir
    return '%s/%s' % (directory.rstrip('/'), name if name is not None else spec_or_dir['unit_name'])


# ---- sysctl keys -----------------------------------------------------------------------------

def sysctl_key(interface, name, family='ipv4'):
    """``net.ipv4.conf.<interface>.<name>`` in sysctl(8)'s form (a dot inside the name becomes ``/``)."""
    return 'net.%s.conf.%s.%s' % (family, interface.replace('.', '/'), name)


def proc_path(key):
    """The path of ``key`` below /proc/sys (``net/ipv4/conf/eth0.100/arp_ignore``)."""
    return '/'.join(part.replace('/', '.') for part in key.split('.'))


def key_interface(key):
    """The interface part of a ``net.ipv4.conf.<interface>.<name>`` key, with dots restored."""
    parts = key.split('.')
    return parts[3].replace('/', '.') if len(parts) == 5 and parts[2] == 'conf' else None


def desired_sysctls(spec):
    """[(key, value)] in the order they are applied and written; empty for NAT and with state=absent."""
    if spec['state'] != 'present' or spec['method'] == 'NAT':
        return []
    has_ipv4 = any(ipaddress.ip_address(vip).version == 4 for vip in spec['vips'])
    if not has_ipv4:  # IPv6 neighbour discovery answers only for addresses of the receiving interface
        return []
    interfaces = ['all', LOOPBACK if spec['method'] == 'DR' else TUNNEL]
    if spec['interface'] and spec['interface'] not in interfaces:
        interfaces.append(spec['interface'])
    wanted = []
    for interface in interfaces:
        for name, value in ARP_VALUES:
            wanted.append((sysctl_key(interface, name), value))
    if spec['method'] == 'TUN':
        for interface in interfaces:
            if interface != LOOPBACK:
                for name, value in RP_FILTER:
                    wanted.append((sysctl_key(interface, name), value))
    return wanted


# ---- parsing what ip prints ------------------------------------------------------------------

def parse_ip_addr(text):
    """Addresses from ``ip -o addr show``: [{device, family, address, prefix, label}].

    ``label`` is the IPv4 label (``lo:0``) or None (IPv6 addresses have none).
    """
    found = []
    for line in text.splitlines():
        line = line.split('\\', 1)[0]
        tokens = line.split()
        if len(tokens) < 4 or tokens[2] not in ('inet', 'inet6'):
            continue
        device = tokens[1].split('@', 1)[0]
        try:
            interface = ipaddress.ip_interface(tokens[3])
        except ValueError:
            continue
        label = None
        if tokens[2] == 'inet':
            last = tokens[-1]
            if last == device or last.startswith(device + ':'):
                label = last
        found.append(dict(device=device, family=4 if tokens[2] == 'inet' else 6, address=str(interface.ip),
                          prefix=interface.network.prefixlen, label=label))
    return found


def parse_ip_link(text):
    """Links from ``ip -o link show``: {name: {'up': bool}} (``up`` is the administrative UP flag)."""
    links = {}
    for line in text.splitlines():
        tokens = line.split()
        if len(tokens) < 3 or not tokens[0].rstrip(':').isdigit():
            continue
        name = tokens[1].rstrip(':').split('@', 1)[0]
        flags = tokens[2].strip('<>').split(',') if tokens[2].startswith('<') else []
        links[name] = dict(up='UP' in flags)
    return links


def parse_default_routes(text):
    """The gateways (``via``) of ``ip route show default``, including multipath next hops."""
    gateways = []
    tokens = text.split()
    for index, token in enumerate(tokens[:-1]):
        if token == 'via':
            value = tokens[index + 1]
            if value in ('inet', 'inet6') and index + 2 < len(tokens):  # "via inet6 fe80::1"
                value = tokens[index + 2]
            try:
                value = str(ipaddress.ip_address(value))
            except ValueError:
                continue
            if value not in gateways:
                gateways.append(value)
    return gateways


# ---- the record (state file) -----------------------------------------------------------------

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
    except ValueError as problem:
        raise SpecError([_problem('state_file', path, 'is not valid JSON (%s)' % problem, fix)])
    if not isinstance(data, dict) or data.get('module') != MODULE_NAME:
        raise SpecError([_problem('state_file', path, 'was not written by %s' % MODULE_NAME, fix)])
    if data.get('format') != RECORD_FORMAT:
        raise SpecError([_problem('state_file', path, 'has format %r, this module reads format %d'
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
        record['links_brought_up'] = [str(x) for x in record['links_brought_up']]
        record['kernel_modules_loaded'] = [str(x) for x in record['kernel_modules_loaded']]
        record['files'] = [str(x) for x in record['files']]
    except (KeyError, TypeError, ValueError, AttributeError) as problem:
        raise SpecError([_problem('state_file', path, 'has an unexpected layout (%s)' % problem, fix)])
    return record


def dump_record(record):
    """The state file's text, or None when nothing is left to remember (the file is then removed)."""
    if not (record['addresses'] or record['sysctl_originals'] or record['links_brought_up']
            or record['kernel_modules_loaded'] or record['files']):
        return None
    return json.dumps(record, indent=2, sort_keys=True) + '\n'


def _merge_records(old, new):
    """The record written before any change: everything of ``old`` and ``new``, so a failure halfway leaves
    enough to undo both."""
    merged = dict(new)
    addresses = list(new['addresses'])
    have = set((a['device'], a['address']) for a in addresses)
    for entry in old['addresses']:
        if (entry['device'], entry['address']) not in have:
            addresses.append(entry)
    merged['addresses'] = addresses
    originals = dict(new['sysctl_originals'])
    for key, value in old['sysctl_originals'].items():
        originals.setdefault(key, value)
    merged['sysctl_originals'] = originals
    for key in ('links_brought_up', 'kernel_modules_loaded', 'files'):
        merged[key] = list(new[key]) + [x for x in old[key] if x not in new[key]]
    merged['unit'] = new['unit'] or old['unit']
    return merged


# ---- file contents ---------------------------------------------------------------------------

def render_sysctl_file(spec, sysctls):
    lines = [SYSCTL_HEADER,
             '# LVS-%s real server. arp_ignore=1 and arp_announce=2 keep the virtual addresses out of ARP,\n'
             % spec['method'],
             '# so that only the director answers for them.\n']
    if spec['method'] == 'TUN':
        lines.append('# rp_filter=0: packets decapsulated on tunl0 must not be dropped by reverse path filtering.\n')
    lines.extend('%s = %s\n' % (key, value) for key, value in sysctls)
    return ''.join(lines)


def ip_command(verb, entry):
    """``ip`` arguments that add (``replace``) or delete ``entry``; IPv4 addresses keep their label."""
    args = ['-%d' % entry['family'], 'addr', verb, '%s/%d' % (entry['address'], entry['prefix']), 'dev', entry['device']]
    if verb != 'del' and entry.get('label'):
        args.extend(['label', entry['label']])
    return args


def render_unit(spec, addresses, ip_path, modprobe_path=None):
    """The oneshot unit that puts the addresses back at boot (after systemd-sysctl, before networking)."""
    description = 'LVS-%s real server addresses (%s)' % (spec['method'], MODULE_NAME)
    start, stop = [], []
    if spec['method'] == 'TUN':
        if modprobe_path:
            start.append('ExecStartPre=-%s %s' % (modprobe_path, TUNNEL_KERNEL_MODULE))
        start.append('ExecStart=%s link set dev %s up' % (ip_path, TUNNEL))
    for entry in addresses:
        start.append('ExecStart=%s %s' % (ip_path, ' '.join(ip_command('replace', entry))))
        stop.append('ExecStop=-%s %s' % (ip_path, ' '.join(ip_command('del', entry))))
    text = [UNIT_HEADER,
            '[Unit]\n',
            'Description=%s\n' % description,
            'Documentation=man:ip-address(8)\n',
            '# The ARP settings of sysctl.d are in force before the addresses exist.\n',
            'DefaultDependencies=no\n',
            'After=systemd-sysctl.service systemd-modules-load.service\n',
            'Wants=network-pre.target\n',
            'Before=network-pre.target shutdown.target\n',
            'Conflicts=shutdown.target\n',
            '\n',
            '[Service]\n',
            'Type=oneshot\n',
            'RemainAfterExit=yes\n']
    text.extend(line + '\n' for line in start + stop)
    text.extend(['\n', '[Install]\n', 'WantedBy=multi-user.target\n'])
    return ''.join(text)


# ---- planning --------------------------------------------------------------------------------

def _labels(device, vips, observed_here, record):
    """Stable IPv4 labels: the one the address has now, else the one recorded, else the lowest free ``dev:N``."""
    labels = {}
    taken = set(a['label'] for a in observed_here if a['label'])
    recorded = dict((a['address'], a.get('label')) for a in record['addresses'] if a['device'] == device)
    pending = []
    for vip in vips:
        current = [a for a in observed_here if a['address'] == vip and a['label']]
        if current:
            labels[vip] = current[0]['label']
        elif recorded.get(vip) and recorded[vip] not in taken:
            labels[vip] = recorded[vip]
            taken.add(recorded[vip])
        else:
            pending.append(vip)
    number = 0
    for vip in pending:
        while '%s:%d' % (device, number) in taken:
            number += 1
        labels[vip] = '%s:%d' % (device, number)
        taken.add(labels[vip])
    return labels


def desired_addresses(spec, observed_addresses, record):
    """[{device, family, address, prefix, label}] this host should carry for ``spec``."""
    if spec['state'] != 'present' or spec['method'] == 'NAT':
        return []
    device = LOOPBACK if spec['method'] == 'DR' else TUNNEL
    here = [a for a in observed_addresses if a['device'] == device]
    ipv4 = [vip for vip in spec['vips'] if ipaddress.ip_address(vip).version == 4]
    labels = _labels(device, ipv4, here, record)
    wanted = []
    for vip in spec['vips']:
        family = ipaddress.ip_address(vip).version
        wanted.append(dict(device=device, family=family, address=vip, prefix=32 if family == 4 else 128,
                           label=labels.get(vip)))
    return wanted


def keys_to_observe(spec, record):
    """The sysctl keys whose current values ``plan()`` needs: the wanted ones and the recorded ones."""
    keys = [key for key, dummy in desired_sysctls(spec)]
    keys.extend(key for key in sorted(record['sysctl_originals']) if key not in keys)
    return keys


def files_to_observe(spec, record):
    paths = [spec['sysctl_file'], unit_path(spec)]
    paths.extend(path for path in record['files'] if path not in paths)
    return paths


def _describe(entry):
    text = '%s/%d dev %s' % (entry['address'], entry['prefix'], entry['device'])
    return text + (' label %s' % entry['label'] if entry.get('label') else '')


def _public(entry):
    return dict(address=entry['address'], prefix=entry['prefix'], device=entry['device'], label=entry.get('label'))


def plan(spec, observed):
    """Everything to do for ``spec`` on a host that looks like ``observed``.

    ``observed`` keys:

    - ``addresses``   parse_ip_addr() of ``ip -o addr show``
    - ``links``       parse_ip_link() of ``ip -o link show``
    - ``sysctls``     {key: current value or None when the key does not exist} for keys_to_observe()
    - ``files``       {path: text or None} for files_to_observe()
    - ``record``      load_record() of the state file, ``state_text`` its text (None: no file)
    - ``systemd``     True when systemd is the running init (/run/systemd/system exists)
    - ``unit_enabled`` {unit name: bool} from ``systemctl is-enabled`` (only with systemd)
    - ``default_routes`` parse_default_routes() when ``director_address`` is given, else None
    - ``ip``, ``modprobe`` absolute paths of the programs (``modprobe`` may be None)
    - ``kernel_modules_loaded`` the kernel modules this run already loaded (the module loads ipip
      before planning for real, so that tunl0's original values can be recorded)

    Returns a dict: ``errors`` (nothing may be changed when not empty), ``warnings``, the ordered
    actions (``load_modules``, ``sysctl_set``, ``links_up``, ``address_add``, ``address_remove``,
    ``sysctl_restore``, ``links_down``, ``unload_modules``, ``unit_disable``, ``files`` (path: text or
    None to remove), ``daemon_reload``, ``unit_enable``), ``record_first``/``record_last`` (state file
    texts to write before and after the changes; None removes it), ``changed``, ``result`` and ``diff``.
    """
    record = observed['record']
    present = spec['state'] == 'present'
    errors, warnings = [], []
    addresses = observed['addresses']
    by_place = dict(((a['device'], a['address']), a) for a in addresses)
    links = observed.get('links') or {}
    recorded_addresses = dict(((a['device'], a['address']), a) for a in record['addresses'])

    new = empty_record()
    new['method'] = spec['method'] if present else None

    # kernel module and tunnel link
    load_modules, links_up, links_down, unload_modules = [], [], [], []
    loaded_now = list(observed.get('kernel_modules_loaded') or [])
    tunnel_wanted = present and spec['method'] == 'TUN'
    if tunnel_wanted:
        if TUNNEL not in links:
            if not observed.get('modprobe') and not loaded_now:
                errors.append(_problem('method', 'TUN', 'needs the %s kernel module, but there is no %s on this host '
                                       'and modprobe was not found' % (TUNNEL_KERNEL_MODULE, TUNNEL),
                                       'install kmod (modprobe), or use a kernel with ipip built in'))
            else:
                load_modules.append(TUNNEL_KERNEL_MODULE)
        new['kernel_modules_loaded'] = sorted(set(loaded_now + load_modules + list(record['kernel_modules_loaded'])))
        if not links.get(TUNNEL, {}).get('up'):
            links_up.append(TUNNEL)
        new['links_brought_up'] = sorted(set(record['links_brought_up'] + links_up))
    else:
        for name in record['links_brought_up']:
            if links.get(name, {}).get('up'):
                links_down.append(name)
        unload_modules = list(record['kernel_modules_loaded'])

    # addresses
    wanted = desired_addresses(spec, addresses, record)
    wanted_places = set((w['device'], w['address']) for w in wanted)
    address_add, address_remove = [], []
    for entry in wanted:
        place = (entry['device'], entry['address'])
        current = by_place.get(place)
        added = recorded_addresses.get(place, {}).get('added', False)
        if current is None:
            address_add.append(entry)
            added = True
        elif current['prefix'] != entry['prefix']:
            errors.append(_problem('vips', entry['address'], 'is already on %s as /%d, not /%d' % (
                entry['device'], current['prefix'], entry['prefix']), 'remove it first (ip addr del %s/%d dev %s); '
                'a wider prefix on %s makes this host claim the whole network' % (
                    entry['address'], current['prefix'], entry['device'], entry['device'])))
        new['addresses'].append(dict(device=entry['device'], address=entry['address'], prefix=entry['prefix'],
                                     label=entry['label'], added=added))
        elsewhere = sorted(a['device'] for a in addresses
                           if a['address'] == entry['address'] and a['device'] != entry['device'])
        if elsewhere:
            warnings.append('%s is also on %s: this real server will answer ARP or neighbour requests for it there '
                            'and take traffic meant for the director; remove it from %s'
                            % (entry['address'], ', '.join(elsewhere), ', '.join(elsewhere)))
    for place, entry in sorted(recorded_addresses.items()):
        if place in wanted_places or not entry['added']:
            continue
        current = by_place.get(place)
        if current is not None and current['prefix'] == entry['prefix']:
            address_remove.append(dict(entry, family=6 if ':' in entry['address'] else 4))

    # kernel values
    sysctls = observed['sysctls']
    originals = dict(record['sysctl_originals'])
    sysctl_set, sysctl_restore, sysctl_changes = [], [], {}
    wanted_sysctls = desired_sysctls(spec)
    wanted_keys = set(key for key, dummy in wanted_sysctls)
    missing = set()
    for key, value in wanted_sysctls:
        current = sysctls.get(key)
        if current is None:
            interface = key_interface(key)
            if interface == TUNNEL and tunnel_wanted:
                pass  # tunl0 appears when ipip is loaded (a missing ipip is reported above)
            elif interface in missing:
                continue
            elif interface == spec['interface']:
                missing.add(interface)
                errors.append(_problem('interface', interface, 'does not exist on this host (no /proc/sys/%s)'
                                       % proc_path(key).rsplit('/', 1)[0],
                                       'give the name of an existing interface (ip -o link show), or leave '
                                       'interface out'))
                continue
            else:
                errors.append('%s: cannot be read on this host (/proc/sys/%s). Fix: run the module on a Linux host '
                              'with IPv4, as root' % (key, proc_path(key)))
                continue
        if current != value:
            sysctl_set.append((key, value))
            sysctl_changes[key] = dict(before=current, after=value)
            if originals.get(key) is None:  # None: not recorded, or the key did not exist then (tunl0)
                originals[key] = current
    for key, original in sorted(originals.items()):
        if key in wanted_keys:
            continue
        current = sysctls.get(key)
        if original is not None and current is not None and current != original:
            sysctl_restore.append((key, original))
            sysctl_changes[key] = dict(before=current, after=original)
    new['sysctl_originals'] = dict((k, v) for k, v in originals.items() if k in wanted_keys)

    # files
    files_now = observed['files']
    the_unit_path = unit_path(spec)
    wanted_files = {}
    if wanted_sysctls:
        wanted_files[spec['sysctl_file']] = render_sysctl_file(spec, wanted_sysctls)
    if wanted:
        wanted_files[the_unit_path] = render_unit(spec, wanted, observed['ip'], observed.get('modprobe'))
    file_actions = {}
    for path in files_to_observe(spec, record):  # the module's own paths: a file there that is not wanted goes
        text = wanted_files.get(path)
        if files_now.get(path) != text:
            file_actions[path] = text
    new['files'] = sorted(wanted_files)

    # the unit
    unit_disable, unit_enable, daemon_reload = [], [], False
    systemd = bool(observed.get('systemd'))
    enabled = observed.get('unit_enabled') or {}
    old_unit = record.get('unit')
    if wanted:
        new['unit'] = spec['unit_name']
    unit_names_to_drop = [name for name in (old_unit, spec['unit_name']) if name and name != new['unit']]
    if systemd:
        for name in unique(unit_names_to_drop):
            if enabled.get(name):
                unit_disable.append(name)
        daemon_reload = any(path.endswith('.service') for path in file_actions)
        if wanted and not enabled.get(spec['unit_name']):
            unit_enable.append(spec['unit_name'])
    elif wanted:
        warnings.append('systemd is not running on this host, so %s was written but could not be enabled: the '
                        'addresses will not come back after a reboot until it is enabled (systemctl enable %s)'
                        % (the_unit_path, spec['unit_name']))

    # NAT: the default route
    route = None
    if present and spec['method'] == 'NAT':
        if spec['director_address']:
            gateways = observed.get('default_routes') or []
            through = spec['director_address'] in gateways
            route = dict(checked=True, director_address=spec['director_address'], gateways=gateways,
                         through_director=through)
            if not through:
                warnings.append('the default route goes %s, not through the director %s: with LVS-NAT the replies '
                                'must go back through the director, or clients get them from the wrong address. '
                                'Fix: make %s the default gateway of this host' % (
                                    'through ' + ', '.join(gateways) if gateways else 'nowhere (there is none)',
                                    spec['director_address'], spec['director_address']))
        else:
            route = dict(checked=False, director_address=None, gateways=None, through_director=None)

    record_last = dump_record(new) if not errors else None
    record_first = dump_record(_merge_records(record, new)) if not errors else None
    state_text = observed.get('state_text')
    writes_record_first = record_first is not None and record_first != state_text

    actions = dict(load_modules=load_modules, sysctl_set=sysctl_set, links_up=links_up, address_add=address_add,
                   address_remove=address_remove, sysctl_restore=sysctl_restore, links_down=links_down,
                   unload_modules=unload_modules, unit_disable=unit_disable, files=file_actions,
                   daemon_reload=daemon_reload, unit_enable=unit_enable)
    changed = any(bool(value) for value in actions.values()) or record_last != state_text
    files_written = sorted(path for path, text in file_actions.items() if text is not None)
    files_removed = sorted(path for path, text in file_actions.items() if text is None)
    if record_last != state_text or writes_record_first:
        (files_written if record_last is not None else files_removed).append(spec['state_file'])

    result = dict(
        changed=changed, state=spec['state'], method=spec['method'],
        addresses=[_public(entry) for entry in wanted],
        added_addresses=[_public(entry) for entry in address_add],
        removed_addresses=[_public(entry) for entry in address_remove],
        sysctls=sysctl_changes,
        files_written=files_written, files_removed=files_removed,
        unit=dict(name=spec['unit_name'], path=the_unit_path, systemd=systemd, written=bool(wanted),
                  enabled=bool(wanted and systemd and (enabled.get(spec['unit_name']) or unit_enable))),
        kernel_modules_loaded=load_modules or loaded_now, kernel_modules_unloaded=unload_modules,
        default_route=route,
    )
    plan_result = dict(actions)
    plan_result.update(errors=errors, warnings=warnings, record_first=record_first if writes_record_first else None,
                       record_last=record_last,
                       state_changes=record_last != (record_first if writes_record_first else state_text),
                       changed=changed,
                       result=result, diff=_diff(spec, observed, files_now, file_actions, wanted, record,
                                                 sysctl_changes, address_add, address_remove))
    return plan_result


def unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _summary(entries, sysctls):
    lines = ['addresses:\n']
    lines.extend('  %s\n' % _describe(entry) for entry in sorted(entries, key=lambda e: (e['device'], e['address'])))
    lines.append('sysctls:\n')
    lines.extend('  %s = %s\n' % (key, '(absent)' if value is None else value) for key, value in sorted(sysctls.items()))
    return ''.join(lines)


def _diff(spec, observed, files_now, file_actions, wanted, record, sysctl_changes, address_add, address_remove):
    diffs = []
    for path in sorted(file_actions):
        before = files_now.get(path)
        after = file_actions[path]
        diffs.append(dict(before_header=path if before is not None else '%s (absent)' % path,
                          after_header=path if after is not None else '%s (removed)' % path,
                          before=before or '', after=after or ''))
    places = set((e['device'], e['address']) for e in list(wanted) + list(record['addresses']))
    before_entries = [a for a in observed['addresses'] if (a['device'], a['address']) in places]
    removed = set((e['device'], e['address']) for e in address_remove)
    after_entries = [a for a in before_entries if (a['device'], a['address']) not in removed] + list(address_add)
    keys = set(keys_to_observe(spec, record))
    before_sysctls = dict((key, observed['sysctls'].get(key)) for key in keys)
    after_sysctls = dict(before_sysctls)
    for key, change in sysctl_changes.items():
        after_sysctls[key] = change['after']
    before_text, after_text = _summary(before_entries, before_sysctls), _summary(after_entries, after_sysctls)
    if before_text != after_text:
        diffs.append(dict(before_header='live addresses and kernel values', after_header='live addresses and kernel '
                          'values', before=before_text, after=after_text))
    return diffs
