# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Captures the real fixtures of fixtures/live/ on this host: keepalived 2.2.7's JSON dumps and FRR 8.4's BGP
output from daemons in network namespaces, and the kernel routes lvs-cluster-announce makes. As root, from the
collection's build copy:

    PYTHONPATH=build .venv/bin/python \
        build/ansible_collections/lvs/cluster/tests/unit/plugins/module_utils/status/capture_fixtures.py OUTDIR

Then compare OUTDIR with fixtures/live/ and copy what changed (times, uptimes and the host name differ on every run).
The IPVS files and keepalived's checker dump cannot be captured here (no IPVS in this kernel): see fixtures/README.md.
"""

from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys
import time

from ansible_collections.lvs.cluster.plugins.module_utils.frr import render, settings
from ansible_collections.lvs.cluster.plugins.module_utils.status import keepalived_dump
from ansible_collections.lvs.cluster.tests.unit import live_daemons

HERE = os.path.dirname(os.path.abspath(__file__))
HELPER = os.path.join(HERE, *(['..'] * 5 + ['roles', 'director', 'files', 'lvs-cluster-announce']))
PASSWORD = 'S3cretPw'  # a test password: the parsers must never return it
BGP_PASSWORD = 'Bgp9pw'
JSON_SIGNAL = 36  # keepalived --signum=JSON on Debian 12's 2.2.7

CONF = '''global_defs {{
    router_id {host}
}}
vrrp_track_file lowered {{
    file {track}
    weight -60
}}
vrrp_instance VI_1 {{
    state {state1}
    interface eth0
    virtual_router_id {vrid1}
    priority {priority1}
    advert_int 1
    track_file {{
        lowered
    }}
    authentication {{
        auth_type PASS
        auth_pass {password}
    }}
    virtual_ipaddress {{
        10.9.1.166/32
    }}
}}
vrrp_instance VI_2 {{
    state {state2}
    interface eth0
    virtual_router_id 52
    priority {priority2}
    advert_int 1
    virtual_ipaddress {{
        10.9.1.167/32
        10.9.1.168/32
    }}
}}
'''

ROUTER = '''router bgp 65000
 bgp router-id 10.9.0.1
 no bgp ebgp-requires-policy
 neighbor 10.9.0.2 remote-as 65001
 neighbor 10.9.0.2 password {password}
 neighbor 10.9.0.2 timers connect 1
 neighbor fd00:9::2 remote-as 65001
 neighbor fd00:9::2 timers connect 1
 address-family ipv6 unicast
  neighbor fd00:9::2 activate
 exit-address-family
exit
'''.format(password=BGP_PASSWORD)

ANNOUNCE_SETTINGS = '''LVS_VIP_INTERFACE=lvs-vip
LVS_VIPS="10.1.1.166 10.1.1.167 2001:db8::166"
LVS_SERVICES="TCP-10.1.1.166:80=10.1.1.166 TCP-10.1.1.167:80=10.1.1.167 TCP-[2001:db8::166]:80=2001:db8::166"
'''


def director_conf(host, track, vrid1=51):
    first = host == 'lvs1'
    return CONF.format(host=host, track=track, vrid1=vrid1, password=PASSWORD,
                       state1='MASTER' if first else 'BACKUP', priority1=100 if first else 90,
                       state2='BACKUP' if first else 'MASTER', priority2=90 if first else 100)


def write(outdir, name, text):
    path = os.path.join(outdir, name)
    if not os.path.isdir(os.path.dirname(path)):
        os.makedirs(os.path.dirname(path))
    with open(path, 'w') as handle:
        handle.write(text)
    print('wrote', path)


def json_dump(process):
    pid = keepalived_dump.read_pid(process.vrrp_pid_file)
    return keepalived_dump.request(pid, JSON_SIGNAL, 'keepalived.json', 5)


def keepalived_scenario(outdir, name, vrid2=51, fault=False, lowered=False):
    """One run of two directors: their JSON dumps once VRRP has settled."""
    with live_daemons.Pair() as pair:
        tracks = []
        for index, host in enumerate(('lvs1', 'lvs2')):
            track = pair.path('track-%s' % host)
            with open(track, 'w') as handle:
                handle.write('1\n' if lowered and host == 'lvs1' else '0\n')
            tracks.append(track)
        lvs1 = pair.keepalived(0, director_conf('lvs1', tracks[0]))
        lvs2 = pair.keepalived(1, director_conf('lvs2', tracks[1], vrid2))
        time.sleep(6)  # both past Master_Down_Interval (3.6 s) and their first adverts
        if fault:
            live_daemons.run('ip', '-n', pair.namespaces[1], 'link', 'set', 'eth0', 'down')
            time.sleep(5)
        for host, process in (('lvs1', lvs1), ('lvs2', lvs2)):
            write(outdir, 'keepalived-json/%s-%s.json' % (name, host), json_dump(process))
        if name == 'healthy':
            write(outdir, 'keepalived-json/%s-lvs1.conf' % name, director_conf('lvs1', '/run/track-lvs1'))
            write(outdir, 'keepalived-json/%s-lvs2.conf' % name, director_conf('lvs2', '/run/track-lvs2'))


def frr_scenario(outdir):
    with live_daemons.Pair(addresses=('10.9.0.1/24', '10.9.0.2/24')) as pair:
        router, director = pair.namespaces
        for namespace, address in ((router, 'fd00:9::1/64'), (director, 'fd00:9::2/64')):
            live_daemons.run('ip', '-n', namespace, 'addr', 'add', address, 'dev', 'eth0', 'nodad')
        # the VIP interface (this host's kernel has no dummy links: a veth of its name stands in)
        live_daemons.run('ip', '-n', director, 'link', 'add', 'lvs-vip', 'type', 'veth', 'peer', 'name', 'peer0')
        live_daemons.run('ip', '-n', director, 'link', 'set', 'peer0', 'up')
        conf = render.render(settings.check({
            'asn': 65001, 'router_id': '10.9.0.2', 'timers': {'keepalive': 1, 'hold': 3},
            'peers': [{'address': '10.9.0.1', 'asn': 65000, 'password': BGP_PASSWORD},
                      {'address': 'fd00:9::1', 'asn': 65000}],
            'announce': ['10.1.1.166', '10.1.1.167', '2001:db8::166']}))
        pair.frr(0, ROUTER)
        socket = pair.frr(1, conf)
        env = dict(os.environ, LVS_ANNOUNCE_SETTINGS=pair.path('announce'), LVS_ANNOUNCE_STATE=pair.path('quorum'),
                   LVS_ANNOUNCE_MAINTENANCE=pair.path('maintenance'))
        with open(pair.path('announce'), 'w') as handle:
            handle.write(ANNOUNCE_SETTINGS)

        def helper(*args):
            subprocess.run(pair.in_namespace(1, HELPER, *args), env=env, check=True, stdout=subprocess.DEVNULL)

        helper('start')
        helper('up', 'TCP-10.1.1.166:80')
        helper('up', 'TCP-[2001:db8::166]:80')  # 10.1.1.167 stays without quorum: local, not announced
        for family in (4, 6):
            write(outdir, 'routes/local-251-ipv%d.txt' % family, live_daemons.run(
                *pair.in_namespace(1, 'ip', '-%d' % family, 'route', 'show', 'table', 'local', 'proto', '251')))
            write(outdir, 'routes/main-252-ipv%d.txt' % family, live_daemons.run(
                *pair.in_namespace(1, 'ip', '-%d' % family, 'route', 'show', 'table', 'main', 'proto', '252')))

        def established():
            out = pair.vtysh(socket, 'show bgp summary json').stdout
            return out.count('"state":"Established"') == 2 and out
        live_daemons.wait_for(established, timeout=30)
        time.sleep(2)  # the updates after the sessions came up
        write(outdir, 'frr/summary-established.json', pair.vtysh(socket, 'show bgp summary json').stdout)
        write(outdir, 'frr/advertised-ipv4.json', pair.vtysh(
            socket, 'show bgp ipv4 unicast neighbors 10.9.0.1 advertised-routes json').stdout)
        write(outdir, 'frr/advertised-ipv6.json', pair.vtysh(
            socket, 'show bgp ipv6 unicast neighbors fd00:9::1 advertised-routes json').stdout)
        helper('down', 'TCP-10.1.1.166:80')
        time.sleep(2)
        write(outdir, 'frr/advertised-ipv4-none.json', pair.vtysh(
            socket, 'show bgp ipv4 unicast neighbors 10.9.0.1 advertised-routes json').stdout)
        live_daemons.stop(pair.processes[1])  # the router's bgpd
        live_daemons.wait_for(lambda: '"state":"Established"' not in pair.vtysh(socket, 'show bgp summary json').stdout,
                              timeout=15)
        write(outdir, 'frr/summary-down.json', pair.vtysh(socket, 'show bgp summary json').stdout)


def main(outdir):
    why = live_daemons.missing_keepalived() or live_daemons.missing_frr()
    if why:
        sys.exit('cannot capture here: %s' % why)
    keepalived_scenario(outdir, 'healthy')
    keepalived_scenario(outdir, 'split-brain', vrid2=61)
    keepalived_scenario(outdir, 'fault', fault=True)
    keepalived_scenario(outdir, 'lowered', lowered=True)
    frr_scenario(outdir)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'captured')
