# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checker process's data dump (``keepalived_check.data``, written on SIGUSR1, ``keepalived --signum=DATA``):
the only place keepalived says how its health checkers see each real server.

keepalived 2.2.7 (check/check_data.c, dump_vs and dump_rs; check/check_api.c, dump_checker) writes, per virtual
server (an active-active director of the VM lab with both real servers down, fixtures/lab/routed; shortened)::

     ------< Virtual server >------
     VS VIP = 10.1.10.166, VPORT = 80          (or VS FWMARK = 1, or VS GROUP = [web]:0)
       lvs_sched = mh
       mh-port = enabled
       persistence timeout = 60                (only when persistent)
       protocol = TCP
       Inhibit on failure is ON
       quorum = 1, hysteresis = 0
       alive = 1
       quorum_state_up = 0
       ------< Real server >------
       RIP = 10.1.1.163, RPORT = 80, WEIGHT = 1 EFF WEIGHT = 1
       Inhibit on failure is ON
       alive = 0
       num failed checkers = 1
       RS set = 1

and then, under ``------< Health checkers >------``, each checker (``[10.1.10.166]:tcp:80 -> [10.1.1.163]:tcp:80``
with ``Up = no``, ``Keepalive method = TCP_CHECK``). A virtual server's ``alive`` stays 1 when its quorum is lost
(``quorum_state_up`` says that); a real server's WEIGHT and EFF WEIGHT are keepalived's, not the kernel's: a failed
real server with ``inhibit_on_failure`` still reads 1 here while IPVS has it at weight 0. keepalived documents that
this format may change between versions, and 2.2.7 writes some lines only when they apply (a real server's
``Retry count`` only when it is set on the real server itself): lines this parser does not know are skipped, a value
it does not find is None, and a dump without any virtual server gives [].
"""

from __future__ import absolute_import, division, print_function

import re

FILE = 'keepalived_check.data'

_SECTION = re.compile(r'^------< (.+) >------$')
_VS_VIP = re.compile(r'^ VS VIP = (\S+), VPORT = (\d+)$')
_VS_FWMARK = re.compile(r'^ VS FWMARK = (\d+)$')
_VS_GROUP = re.compile(r'^ VS GROUP = \[(.+)\]:(\d+)$')
_RS = re.compile(r'^   RIP = (\S+), RPORT = (\d+), WEIGHT = (-?\d+) EFF WEIGHT = (-?\d+)$')
_SETTING = re.compile(r'^   ([A-Za-z_ -]+?) (?:=|is) (.*)$')
_QUORUM = re.compile(r'^(\d+), hysteresis = (\d+)$')
_CHECKER = re.compile(r'^ (.+?) -> \[(.+)\]:(\w+):(\d+)$')
_CHECKER_SETTING = re.compile(r'^   (Up|Keepalive method) = (.*)$')


def _int(text):
    try:
        return int(text)
    except ValueError:
        return None


def _yes(text):
    return text == '1'


# the settings of a virtual server and of a real server: keepalived's words -> (key, reading of the value)
_SERVER_SETTINGS = {'protocol': ('protocol', str), 'alive': ('alive', _yes), 'quorum_state_up': ('quorum_up', _yes),
                    # written only for a persistent virtual server, in seconds
                    'persistence timeout': ('persistence_timeout', _int)}
_REAL_SETTINGS = {'alive': ('alive', _yes), 'num failed checkers': ('failed_checkers', _int),
                  'Inhibit on failure': ('inhibit_on_failure', lambda text: text == 'ON')}


class _Reader(object):
    def __init__(self):
        self.servers = []
        self.server = None
        self.real = None
        self.checkers = {}  # (virtual server as keepalived writes it, real address, port) -> [checker]
        self.checker = None

    def virtual(self, line):
        for pattern, keys in ((_VS_VIP, ('address', 'port')), (_VS_FWMARK, ('fwmark',)), (_VS_GROUP, ('group', 'port'))):
            match = pattern.match(line)
            if match:
                server = {'address': None, 'port': None, 'fwmark': None, 'group': None, 'protocol': None,
                          'quorum': None, 'hysteresis': None, 'alive': None, 'quorum_up': None,
                          'persistence_timeout': None, 'real_servers': []}
                for key, value in zip(keys, match.groups()):
                    server[key] = value if key in ('address', 'group') else int(value)
                self.servers.append(server)
                self.server, self.real = server, None
                return True
        return False

    def topology(self, line):
        if self.virtual(line) or self.server is None:
            return
        match = _RS.match(line)
        if match:
            self.real = {'address': match.group(1), 'port': int(match.group(2)), 'weight': int(match.group(3)),
                         'effective_weight': int(match.group(4)), 'alive': None, 'failed_checkers': None,
                         'inhibit_on_failure': None, 'checkers': []}
            self.server['real_servers'].append(self.real)
            return
        match = _SETTING.match(line)
        if not match:
            return
        key, value = match.group(1), match.group(2)
        entry, settings = (self.server, _SERVER_SETTINGS) if self.real is None else (self.real, _REAL_SETTINGS)
        if key in settings:
            name, read = settings[key]
            entry[name] = read(value)
        elif key == 'quorum' and self.real is None and _QUORUM.match(value):
            self.server['quorum'], self.server['hysteresis'] = [int(v) for v in _QUORUM.match(value).groups()]

    def health(self, line):
        match = _CHECKER.match(line)
        if match:
            self.checker = {'type': None, 'up': None}
            key = (match.group(1), match.group(2), int(match.group(4)))
            self.checkers.setdefault(key, []).append(self.checker)
            return
        match = _CHECKER_SETTING.match(line)
        if match and self.checker is not None:
            if match.group(1) == 'Up':
                self.checker['up'] = match.group(2) == 'yes'
            else:
                self.checker['type'] = match.group(2)

    def attach_checkers(self):
        for server in self.servers:
            written = written_name(server)
            for real in server['real_servers']:
                real['checkers'] = self.checkers.get((written, real['address'], real['port']), [])


def written_name(server):
    """How keepalived's checker dump names a virtual server (check_data.c, format_vs)."""
    if server['group'] is not None:
        return '[%s]:%d' % (server['group'], server['port'] or 0)
    if server['fwmark'] is not None:
        return 'FWM %d' % server['fwmark']
    return '[%s]:%s:%d' % (server['address'], (server['protocol'] or 'none').lower(), server['port'] or 0)


def parse(text):
    """[virtual server] of a keepalived_check.data text: {address, port, fwmark, group, protocol, quorum, hysteresis,
    alive, quorum_up, persistence_timeout (seconds), real_servers: [{address, port, weight, effective_weight, alive,
    failed_checkers, inhibit_on_failure, checkers: [{type, up}]}]}; a value the dump does not give is None."""
    reader = _Reader()
    section = None
    for line in text.splitlines():
        match = _SECTION.match(line)
        if match:
            section = match.group(1)
            continue
        if section == 'LVS Topology':
            reader.topology(line)
        elif section == 'Health checkers':
            reader.health(line)
    reader.attach_checkers()
    return reader.servers
