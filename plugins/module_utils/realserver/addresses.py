# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The addresses a real server carries for its VIPs: host addresses on lo (DR) or tunl0 (TUN), IPv4 ones with a
label that stays the same from run to run."""

from __future__ import absolute_import, division, print_function

import ipaddress

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.kernel import vip_device


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
    device = vip_device(spec['method'])
    here = [a for a in observed_addresses if a['device'] == device]
    ipv4 = [vip for vip in spec['vips'] if ipaddress.ip_address(vip).version == 4]
    labels = _labels(device, ipv4, here, record)
    wanted = []
    for vip in spec['vips']:
        family = ipaddress.ip_address(vip).version
        wanted.append(dict(device=device, family=family, address=vip, prefix=32 if family == 4 else 128,
                           label=labels.get(vip)))
    return wanted


def describe(entry):
    """``10.1.1.166/32 dev lo label lo:0``, as ip(8) would take it."""
    text = '%s/%d dev %s' % (entry['address'], entry['prefix'], entry['device'])
    return text + (' label %s' % entry['label'] if entry.get('label') else '')


def public(entry):
    """An address as the module returns it."""
    return dict(address=entry['address'], prefix=entry['prefix'], device=entry['device'], label=entry.get('label'))
