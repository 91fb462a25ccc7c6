# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A simulated real server for the planner's tests: what the module would observe, changed by applying plans."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.lvs.cluster.plugins.module_utils.realserver.kernel import sysctl_key
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.plan import files_to_observe, keys_to_observe, plan
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.record import load_record
from ansible_collections.lvs.cluster.plugins.module_utils.realserver.spec import check_spec

IP = '/usr/sbin/ip'
MODPROBE = '/usr/sbin/modprobe'
UNIT = '/etc/systemd/system/lvs-cluster-realserver.service'
SYSCTL_FILE = '/etc/sysctl.d/90-lvs-cluster-realserver.conf'
STATE_FILE = '/var/lib/lvs-cluster/realserver.json'


class Host(object):
    """A simulated real server: what the module would observe, changed by applying plans."""

    def __init__(self, interfaces=('lo', 'eth0'), sysctl='0', addresses=None, systemd=True, tunnel=False,
                 modprobe=MODPROBE):
        self.addresses = list(addresses or [dict(device='lo', family=4, address='127.0.0.1', prefix=8, label='lo')])
        self.links = dict((name, dict(up=True)) for name in interfaces)
        self.sysctls = {}
        for name in ('all', 'default') + tuple(interfaces):
            for key in ('arp_ignore', 'arp_announce', 'rp_filter'):
                self.sysctls[sysctl_key(name, key)] = sysctl
        if tunnel:
            self.add_tunnel()
        self.files = {}
        self.enabled = {}
        self.systemd = systemd
        self.modprobe = modprobe
        self.routes = []
        self.loaded = []

    def add_tunnel(self):
        self.links['tunl0'] = dict(up=False)
        for key in ('arp_ignore', 'arp_announce', 'rp_filter'):
            self.sysctls[sysctl_key('tunl0', key)] = self.sysctls[sysctl_key('default', key)]

    def observe(self, spec):
        record = load_record(self.files.get(spec['state_file']), spec['state_file'])
        return dict(record=record, state_text=self.files.get(spec['state_file']), ip=IP, modprobe=self.modprobe,
                    kernel_modules_loaded=list(self.loaded), addresses=copy.deepcopy(self.addresses),
                    links=copy.deepcopy(self.links),
                    sysctls=dict((key, self.sysctls.get(key)) for key in keys_to_observe(spec, record)),
                    files=dict((path, self.files.get(path)) for path in files_to_observe(spec, record)),
                    systemd=self.systemd, unit_enabled=dict(self.enabled) if self.systemd else {},
                    default_routes=list(self.routes) if spec['director_address'] else None)

    def plan(self, **params):
        spec = check_spec(params)
        return spec, plan(spec, self.observe(spec))

    def apply(self, spec, plan):
        """What the module does with a plan, in its order."""
        assert not plan['errors'], plan['errors']
        if plan['record_first'] is not None:
            self.files[spec['state_file']] = plan['record_first']
        for name in plan['load_modules']:
            self.loaded.append(name)
            self.add_tunnel()
        for key, value in plan['sysctl_set']:
            assert key in self.sysctls
            self.sysctls[key] = value
        for link in plan['links_up']:
            self.links[link]['up'] = True
        for entry in plan['address_add']:
            self.addresses.append(dict(device=entry['device'], family=entry['family'], address=entry['address'],
                                       prefix=entry['prefix'], label=entry['label']))
        for entry in plan['address_remove']:
            self.addresses = [a for a in self.addresses
                              if (a['device'], a['address']) != (entry['device'], entry['address'])]
        for key, value in plan['sysctl_restore']:
            self.sysctls[key] = value
        for link in plan['links_down']:
            self.links[link]['up'] = False
        for name in plan['unload_modules']:
            self.links.pop('tunl0', None)
            self.loaded = [m for m in self.loaded if m != name]
            for key in list(self.sysctls):
                if '.tunl0.' in key:
                    del self.sysctls[key]
        for name in plan['unit_disable']:
            self.enabled[name] = False
        for path, text in plan['files'].items():
            if text is None:
                self.files.pop(path, None)
            else:
                self.files[path] = text
        for name in plan['unit_enable']:
            self.enabled[name] = True
        if plan['state_changes']:
            if plan['record_last'] is None:
                self.files.pop(spec['state_file'], None)
            else:
                self.files[spec['state_file']] = plan['record_last']

    def run(self, **params):
        spec, plan = self.plan(**params)
        self.apply(spec, plan)
        return plan

    def on(self, device):
        return sorted((a['address'], a['prefix'], a['label']) for a in self.addresses if a['device'] == device)


def nothing_to_do(plan):
    actions = ('load_modules', 'sysctl_set', 'links_up', 'address_add', 'address_remove', 'sysctl_restore',
               'links_down', 'unload_modules', 'unit_disable', 'files', 'unit_enable')
    return (not any(plan[name] for name in actions) and not plan['daemon_reload'] and plan['record_first'] is None
            and not plan['state_changes'] and plan['changed'] is False)
