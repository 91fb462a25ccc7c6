# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What makes a real server survive a reboot: the sysctl.d file of its kernel values and the oneshot systemd unit
that puts its addresses back."""

from __future__ import absolute_import, division, print_function

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.kernel import TUNNEL, TUNNEL_KERNEL_MODULE
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.spec import MODULE_NAME

HEADER = '# Managed by %s: written on every run; do not edit.\n' % MODULE_NAME


def unit_path(spec):
    return '%s/%s' % (spec['unit_dir'].rstrip('/'), spec['unit_name'])


def render_sysctl_file(spec, sysctls):
    lines = [HEADER,
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
    text = [HEADER,
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
