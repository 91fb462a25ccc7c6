# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One name per virtual service, whoever describes it: the inventory's model, keepalived's checker dump or the
kernel's IPVS table. ``TCP 10.1.1.166:80``, ``UDP [2001:db8::166]:53``, ``fwmark 1``; a real server is
``10.1.1.163:80``."""

from __future__ import absolute_import, division, print_function

import ipaddress

from ..keepalived.blocks import endpoint as _endpoint


def address(text):
    """The canonical text of an address (``2001:db8::1`` however it was written); the text itself if it is none."""
    try:
        return ipaddress.ip_address(str(text)).compressed
    except ValueError:
        return str(text)


def endpoint(host, port):
    return _endpoint(address(host), port)


def service(protocol, host=None, port=None, fwmark=None):
    """The name of one IPVS service: by firewall mark, or protocol, address and port."""
    if fwmark is not None:
        return 'fwmark %d' % int(fwmark)
    return '%s %s' % (protocol or 'TCP', endpoint(host, port))


def ipvs_service(entry):
    """The name of a service of module_utils/status/ipvs_table.py."""
    if entry['fwmark'] is not None:
        return service(None, fwmark=entry['fwmark'])
    return service(entry['protocol'], entry['address'], entry['port'])


def checker_service(entry):
    """The name of a virtual server of module_utils/status/keepalived_check.py."""
    if entry['group'] is not None:
        return 'group %s' % entry['group']
    return service(entry['protocol'], entry['address'], entry['port'], entry['fwmark'])
