# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IPVS's own counters (/proc/net/ip_vs_stats), to tell whether a director still receives traffic, and how much.

net/netfilter/ipvs/ip_vs_ctl.c (ip_vs_stats_show) writes two heading lines, the totals since IPVS started, a blank
line, one heading line and the current rates (IPVS's estimator: smoothed averages updated every 2 s), every number in
hex; an active-active director of the VM lab under traffic (tests/unit/.../status/fixtures/lab/routed; DR, so it sees
nothing outgoing)::

       Total Incoming Outgoing         Incoming         Outgoing
       Conns  Packets  Packets            Bytes            Bytes
          58     1DC2        0            B3C22                0

     Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s
           1       2D        0             10EA                0
"""

from __future__ import absolute_import, division, print_function

STATS = '/proc/net/ip_vs_stats'
FIELDS = ('connections', 'inbound_packets', 'outbound_packets', 'inbound_bytes', 'outbound_bytes')
RATES = ('connections_per_second', 'inbound_packets_per_second', 'outbound_packets_per_second',
         'inbound_bytes_per_second', 'outbound_bytes_per_second')


def _hex_row(text, row, names):
    """{name: value} of the hex numbers the kernel writes on line ``row``; ValueError when the text is not that."""
    lines = [line.split() for line in text.splitlines()]
    if len(lines) <= row or len(lines[row]) != len(names):
        raise ValueError('not the format of %s: %r' % (STATS, text[:300]))
    return dict(zip(names, (int(word, 16) for word in lines[row])))


def parse(text):
    """The totals since IPVS started: {connections, inbound_packets, ...}, on the third line (after two heading
    lines); ValueError when the text is not that."""
    return _hex_row(text, 2, FIELDS)


def parse_rates(text):
    """The current rates: {connections_per_second, inbound_packets_per_second, ...}, from the line after the
    second heading; ValueError when the text is not that."""
    return _hex_row(text, 5, RATES)


class Watch(object):
    """Follows one counter: when it last grew, from the readings it is given (value, time)."""

    def __init__(self, value, now):
        self.first = self.value = value
        self.start = self.grew = now
        self.grown = False
        self.readings = 0
        self.first_growth = None  # the reading at which it first grew (1: the first one after the start)

    def see(self, value, now):
        self.readings += 1
        if value != self.value:
            self.value, self.grew, self.grown = value, now, True
            if self.first_growth is None:
                self.first_growth = self.readings

    def quiet_for(self, now):
        return now - self.grew
