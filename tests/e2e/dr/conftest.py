# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The article's LVS-DR pair (topology dr: lab/topologies/dr): two directors (VMs) sharing a VIP by VRRP, two
real servers and a client (containers) on one L2. The package fixture ``lab`` brings it up and deploys it
(labkit.lab_session); ``cluster`` is what its inventory says, derived by the collection."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from labkit import lab_session


class Cluster(object):
    """What the inventory says about the lab's cluster (one VRRP instance, one virtual server)."""

    def __init__(self, lab):
        cluster, realservers, variables, groups = lab.derive()
        first = cluster.directors[0].config
        self.variables = variables
        (self.instance_name, instance), = first['vrrp_instances'].items()
        self.vip = str(instance['virtual_ipaddress'][0]).split('/', maxsplit=1)[0]
        self.interface = instance['interface']
        self.advert_int = float(instance.get('advert_int', 1))
        self.vrrp_version = int(first.get('global_defs', {}).get('vrrp_version', 2))
        self.priorities = dict((d.host, int(d.config['vrrp_instances'][self.instance_name]['priority']))
                               for d in cluster.directors)
        self.directors = [d.host for d in cluster.directors]
        self.master = max(self.directors, key=lambda h: self.priorities[h])
        self.backups = [h for h in self.directors if h != self.master]
        (self.virtual_server,) = first['virtual_servers']
        self.port = int(self.virtual_server['port'])
        self.delay_loop = float(self.virtual_server.get('delay_loop', 60))
        self.real_servers = self.virtual_server['real_servers']
        self.realserver_hosts = dict((str(rs.address), name) for name, rs in realservers.items())
        self.realservers = [self.realserver_hosts[str(r['address'])] for r in self.real_servers]
        self.client = (groups.get('lvs_clients') or [])[0]
        # the directors' lvs_virtual_servers as plain data (templated), to re-deploy a variant of it
        self.plain_virtual_servers = variables[self.directors[0]]['lvs_virtual_servers']

    def converged(self, lab):
        """What the deployed state is, and a predicate for it: the master holds the VIP alone, has every real
        server in its table, and the client is answered through the VIP (after two MASTERs its ARP entry may still
        name the other director for several seconds: the master sends no gratuitous ARP when the other gives up)."""
        want = self.expected_reals()
        return ('VIP on %s alone, %s in its IPVS table, the client answered' % (self.master, sorted(want)),
                lambda: lab.vip_holders() == [self.master] and lab.reals_in_table(self.master) == want
                and lab.requests(1, timeout=1)[0] is not None)

    def describe(self, lab):
        """What the directors show: who holds the VIP, and each one's IPVS table."""
        return '\n'.join('%s: holds the VIP: %s\n%s' % (d, d in lab.vip_holders(), lab.ssh(d, 'ipvsadm -Ln', timeout=30, check=False)[1])
                         for d in self.directors)

    def realserver_interface(self, realserver):
        return self.variables.get(realserver, {}).get('lvs_realserver_interface') or None

    def expected_reals(self):
        """{addr:port: ('Route', weight)} as IPVS should list them (DR shows as Route, keepalived's default weight 1)."""
        forward = {'DR': 'Route', 'NAT': 'Masq', 'TUN': 'Tunnel'}[self.virtual_server.get('lvs_method', 'NAT')]
        return dict(('%s:%d' % (r['address'], int(r.get('port', self.port))), (forward, int(r.get('weight', 1))))
                    for r in self.real_servers)

    def address_of(self, realserver):
        for address, name in self.realserver_hosts.items():
            if name == realserver:
                return '%s:%d' % (address, self.port)
        raise KeyError(realserver)

    def check_down_bound(self, realserver):
        """Worst case for keepalived to remove a refusing real server: the next check comes within delay_loop,
        then ``retry`` more checks ``delay_before_retry`` apart (a refused connect costs no connect_timeout)."""
        checker = self.checker(realserver)
        return self.delay_loop + int(checker.get('retry', 1)) * float(checker.get('delay_before_retry', 1))

    def checker(self, realserver):
        address = self.address_of(realserver).split(':', maxsplit=1)[0]
        (real,) = [r for r in self.real_servers if str(r['address']) == address]
        (checker,) = [c for c in real['checkers'] if c['type'] != 'FILE_CHECK']  # not the drain switch
        return checker


@pytest.fixture(scope='package')
def lab():
    yield from lab_session('dr', Cluster)


@pytest.fixture
def cluster(lab):
    """The cluster, in its deployed state at the start of the test (waits for it)."""
    lab.wait_converged(timeout=90)
    return lab.cluster
