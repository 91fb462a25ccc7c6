# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The forwarding methods and address families besides the article's (topology shapes: lab/topologies/shapes): one
director pair (VMs with an interface on each network) serves LVS-DR over IPv4 and over IPv6 (VRRPv3) on the lan
network, and LVS-NAT to real servers on the back network whose gateway is the directors' internal VIP; every VRRP
instance is unicast, behind the collection's VRRP firewall. The package fixture ``lab`` brings it up and deploys it
(labkit.lab_session); ``cluster`` is what its inventory says, derived by the collection."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from labkit import lab_session

FORWARD = {'DR': 'Route', 'NAT': 'Masq', 'TUN': 'Tunnel'}  # how ipvsadm -Ln shows each method


def plain_address(entry):
    """The address of a VIP entry ('10.1.3.254/24 dev eth1' -> '10.1.3.254')."""
    return str(entry).split()[0].split('/')[0]


def ipvs_address(address, port):
    """ADDRESS:PORT as ipvsadm -Ln writes it ([ADDRESS]:PORT for IPv6)."""
    return '%s:%d' % ('[%s]' % address if ':' in address else address, port)


class Service(object):
    """One virtual server of the cluster: its VIP, port, method, VRRP instance and real servers (host names)."""

    def __init__(self, server, instance_of, realserver_hosts):
        self.vip = plain_address(server['address'])
        self.port = int(server['port'])
        self.method = server.get('lvs_method', 'NAT')
        self.family = 6 if ':' in self.vip else 4
        self.instance = instance_of[self.vip]
        self.real_servers = server['real_servers']
        self.realservers = [realserver_hosts[str(r['address'])] for r in self.real_servers]

    def expected_reals(self):
        """{addr:port: (fwd, weight)} as IPVS should list them."""
        return dict((ipvs_address(str(r['address']), int(r.get('port', self.port))),
                     (FORWARD[self.method], int(r.get('weight', 1)))) for r in self.real_servers)

    def __repr__(self):
        return '%s %s port %d' % (self.method, self.vip, self.port)


def alternates(lab, cluster, service):
    """6 requests to the service from the client, each answered, by its real servers in turn (rr), and the master's
    IPVS table forwarding by the service's method; returns the answers."""
    answers = lab.requests(6, vip=service.vip, port=service.port)
    print('\n[e2e] 6 requests to %s (%s): %s' % (ipvs_address(service.vip, service.port), service.method, answers))
    assert None not in answers, answers
    assert sorted(set(answers)) == sorted(service.realservers), answers
    assert all(a != b for a, b in zip(answers, answers[1:])), 'rr should alternate: %s' % answers
    table = lab.ipvs(cluster.master)[('TCP', ipvs_address(service.vip, service.port))]
    assert set(entry[0] for entry in table['reals'].values()) == {FORWARD[service.method]}, table
    return answers


class Cluster(object):
    """What the inventory says about one of the lab's clusters (``shapes`` by default, the one the tests are about;
    ``neighbour`` is the second one on its lan): its VRRP instances, their VIPs, and its services."""

    def __init__(self, lab, name='shapes'):
        cluster, realservers, variables, groups = lab.derive(name)
        self.name = name
        first = cluster.directors[0].config
        self.variables = variables
        self.directors = [d.host for d in cluster.directors]
        self.instances = first['vrrp_instances']
        self.sync_groups = first.get('vrrp_sync_groups') or {}
        # every VIP of every instance, by instance
        self.vips = dict((name, [plain_address(a) for a in body['virtual_ipaddress']])
                         for name, body in self.instances.items())
        instance_of = dict((vip, name) for name, vips in self.vips.items() for vip in vips)
        self.priorities = dict((name, dict((d.host, int(d.config['vrrp_instances'][name]['priority']))
                                           for d in cluster.directors)) for name in self.instances)
        masters = set(max(self.directors, key=lambda h, name=name: self.priorities[name][h]) for name in self.instances)
        assert len(masters) == 1, 'the lab expects one director to be the MASTER of every instance: %s' % masters
        (self.master,) = masters
        self.backups = [h for h in self.directors if h != self.master]
        self.realserver_hosts = dict((str(rs.address), name) for name, rs in realservers.items())
        self.services = [Service(server, instance_of, self.realserver_hosts) for server in first['virtual_servers']]
        self.client = (groups.get('lvs_clients') or [])[0]
        # labkit's defaults: the first service
        self.vip, self.port = self.services[0].vip, self.services[0].port
        self.neighbour = Cluster(lab, 'neighbour') if name == 'shapes' else None

    def service(self, method, family=4):
        (service,) = [s for s in self.services if s.method == method and s.family == family]
        return service

    def advert_int(self, instance):
        return float(self.instances[instance].get('advert_int', 1))

    def version(self, instance):
        return int(self.instances[instance].get('version', 2))

    def all_vips(self):
        return [vip for vips in self.vips.values() for vip in vips]

    def converged(self, lab):
        """The master holds every VIP alone, has every service's real servers in its table, and each service
        answers the client; so does the neighbour cluster's."""
        def holds():
            return all(lab.vip_holders(vip, self.directors) == [self.master] for vip in self.all_vips())

        def tables():
            table = lab.ipvs(self.master)
            return all(dict((real, entry[:2]) for real, entry in table.get(
                ('TCP', ipvs_address(s.vip, s.port)), {'reals': {}})['reals'].items()) == s.expected_reals()
                for s in self.services)

        def answered():
            return all(lab.requests(1, timeout=1, vip=s.vip, port=s.port)[0] is not None for s in self.services)
        what = ('every VIP (%s) on %s alone, every real server in its IPVS table, each service answering'
                % (', '.join(self.all_vips()), self.master))
        if self.neighbour is None:
            return what, lambda: holds() and tables() and answered()
        other, predicate = self.neighbour.converged(lab)
        return '%s; %s' % (what, other), lambda: holds() and tables() and answered() and predicate()

    def describe(self, lab):
        """What the directors of both clusters show: their addresses and IPVS tables."""
        return '\n'.join('%s:\n%s\n%s' % (d, lab.ssh(d, 'ip -br addr', timeout=30, check=False)[1],
                                          lab.ssh(d, 'ipvsadm -Ln', timeout=30, check=False)[1])
                         for d in self.directors + (self.neighbour.directors if self.neighbour else []))


@pytest.fixture(scope='package')
def lab():
    yield from lab_session('shapes', Cluster)


@pytest.fixture
def cluster(lab):
    """The cluster, in its deployed state at the start of the test (waits for it)."""
    lab.wait_converged(timeout=90)
    return lab.cluster
