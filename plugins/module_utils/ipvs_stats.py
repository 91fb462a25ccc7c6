# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IPVS's own counters (/proc/net/ip_vs_stats), to tell whether a director still receives traffic."""

from __future__ import absolute_import, division, print_function

STATS = '/proc/net/ip_vs_stats'
FIELDS = ('connections', 'inbound_packets', 'outbound_packets', 'inbound_bytes', 'outbound_bytes')


def parse(text):
    """The totals since IPVS started: {connections, inbound_packets, ...}. The kernel writes them in hex on the
    third line (after two heading lines); ValueError when the text is not that."""
    lines = [line.split() for line in text.splitlines()]
    if len(lines) < 3 or len(lines[2]) != len(FIELDS):
        raise ValueError('not the format of %s: %r' % (STATS, text[:200]))
    return dict(zip(FIELDS, (int(word, 16) for word in lines[2])))


class Watch(object):
    """Follows one counter: when it last grew, from the readings it is given (value, time)."""

    def __init__(self, value, now):
        self.first = self.value = value
        self.start = self.grew = now
        self.grown = False

    def see(self, value, now):
        if value != self.value:
            self.value, self.grew, self.grown = value, now, True

    def quiet_for(self, now):
        return now - self.grew
