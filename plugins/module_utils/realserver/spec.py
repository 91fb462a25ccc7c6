# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real server module's input: its defaults and the checks its argument_spec cannot express.

Types, choices and defaults are the argument_spec's job (plugins/modules/lvs_realserver.py, which takes the
defaults from here); ``check_spec()`` checks what depends on the values themselves or on each other: address
syntax, which options go together, paths and names the host will use.
"""

from __future__ import absolute_import, division, print_function

import ipaddress
import re

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import Interface, Invalid

MODULE_NAME = 'lvs.cluster.lvs_realserver'

DEFAULTS = dict(state='present', method='DR', sysctl_file='/etc/sysctl.d/90-lvs-cluster-realserver.conf',
                unit_name='lvs-cluster-realserver.service', unit_dir='/etc/systemd/system',
                state_file='/var/lib/lvs-cluster/realserver.json')

_UNIT = re.compile(r'^[A-Za-z0-9_.@-]+\.service$')
_VIP_FIX = 'give the virtual address that clients connect to'


class SpecError(ValueError):
    """Input that cannot be applied; ``lines`` holds one ``key: problem Fix: ...`` line per problem."""

    def __init__(self, lines):
        super(SpecError, self).__init__('\n'.join(lines))
        self.lines = list(lines)


def problem(key, value, what, fix):
    """One ``key: value problem. Fix: ...`` line (without the value when it is None)."""
    if value is None:
        return '%s: %s. Fix: %s' % (key, what, fix)
    return '%s: %r %s. Fix: %s' % (key, value, what, fix)


def _address(key, value, problems):
    """The normalized address text of ``value``, or None after adding a problem."""
    text = value.strip()
    if '/' in text:
        problems.append(problem(key, value, 'has a prefix length',
                                'give the address alone (%s); the module always uses /32 for IPv4 and /128 for '
                                'IPv6' % text.split('/')[0]))
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        problems.append(problem(key, value, 'is not an IPv4 or IPv6 address',
                                'give a plain address such as 10.1.1.166 or 2001:db8::166'))
        return None
    for test, what in (('is_unspecified', 'is the unspecified address'), ('is_loopback', 'is a loopback address'),
                       ('is_multicast', 'is a multicast address'), ('is_link_local', 'is a link-local address')):
        if getattr(address, test):
            problems.append(problem(key, value, what, _VIP_FIX))
            return None
    if address.version == 4 and address == ipaddress.IPv4Address('255.255.255.255'):
        problems.append(problem(key, value, 'is the broadcast address', _VIP_FIX))
        return None
    return str(address)


def _vips(state, method, raw_vips, problems):
    vips = []
    for index, value in enumerate(raw_vips or []):
        address = _address('vips[%d]' % index, value, problems)
        if address is not None and address not in vips:
            vips.append(address)
    if state == 'present' and method in ('DR', 'TUN') and not raw_vips:
        problems.append(problem('vips', None, 'is required with state=present and method=%s' % method,
                                'list the virtual addresses of the LVS services this real server answers, e.g. '
                                'vips: [10.1.1.166]'))
    if method == 'TUN':
        for address in vips:
            if ipaddress.ip_address(address).version == 6:
                problems.append(problem('vips', address, 'is IPv6, but method=TUN uses tunl0, which carries only '
                                        'IPv4-in-IPv4', 'use method=DR for IPv6 virtual addresses, or list only '
                                        'IPv4 addresses with TUN'))
    return vips


def _interface(method, interface, problems):
    if interface is None:
        return
    try:
        Interface().coerce(interface)  # the collection's one interface-name rule (keepalived's LVS107)
    except Invalid:
        problems.append(problem('interface', interface, 'is not a network interface name',
                                'give the name of the interface the LVS traffic comes in on, e.g. eth0 '
                                '(at most 15 bytes, no / : or spaces)'))
        return
    if interface in ('all', 'default'):
        problems.append(problem('interface', interface, 'is a sysctl pseudo interface, not an interface',
                                'give the name of the interface the LVS traffic comes in on, e.g. eth0; '
                                'conf/all is always set'))
    elif method == 'NAT':
        problems.append(problem('interface', interface, 'has no effect with method=NAT (a NAT real server '
                                'needs no ARP or rp_filter settings)', 'remove interface, or use method DR '
                                'or TUN'))


def _director_address(method, director, problems):
    if director is None:
        return None
    if method != 'NAT':
        problems.append(problem('director_address', director, 'only applies to method=NAT (it is the address '
                                'the default route must go through)', 'remove director_address, or set '
                                'method: NAT'))
        return director
    return _address('director_address', director, problems)


def _paths(options, problems):
    for key in ('sysctl_file', 'state_file'):
        value = options[key]
        if not value.startswith('/') or value.endswith('/'):
            problems.append(problem(key, value, 'is not an absolute file path',
                                    'give a path such as %s' % DEFAULTS[key]))
    if not options['sysctl_file'].endswith('.conf'):
        problems.append(problem('sysctl_file', options['sysctl_file'], 'does not end in .conf, and systemd-sysctl '
                                'reads only *.conf files at boot', 'give a path such as %s' % DEFAULTS['sysctl_file']))
    if not _UNIT.match(options['unit_name']):
        problems.append(problem('unit_name', options['unit_name'], 'is not a systemd service name',
                                'give a name ending in .service, without a directory, e.g. %s' % DEFAULTS['unit_name']))


def check_spec(params):
    """The checked, normalized spec of the module's ``params``; raises SpecError with every problem.

    Options left out (or empty) take DEFAULTS. Nothing here looks at the host, so the messages are the same
    everywhere.
    """
    options = dict((key, params.get(key) or default) for key, default in DEFAULTS.items())
    state, method = options['state'], options['method']
    problems = []
    vips = _vips(state, method, params.get('vips'), problems)
    _interface(method, params.get('interface'), problems)
    director = _director_address(method, params.get('director_address'), problems)
    _paths(options, problems)
    if problems:
        raise SpecError(problems)
    return dict(options, vips=vips, interface=params.get('interface'), director_address=director)
