# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""VRRP timers, from the RFCs keepalived implements, and how often keepalived's checkers look at a real server.

A backup declares the master down after Master_Down_Interval without an advert:
VRRPv2 (RFC 3768): 3 x Advertisement_Interval + Skew_Time, Skew_Time = (256 - Priority) / 256 s;
VRRPv3 (RFC 5798): 3 x Master_Adver_Interval + Skew_Time, Skew_Time = ((256 - Priority) x Master_Adver_Interval) / 256.
A master that stops gracefully sends priority 0, and the backup takes over after Skew_Time alone.
"""

from __future__ import absolute_import, division, print_function


def skew_time(priority, advert_int=1, version=2):
    return (256 - priority) / 256.0 * (advert_int if version == 3 else 1)


def master_down_interval(advert_int, priority, version=2):
    """Seconds a backup of ``priority`` waits before it takes over from a silent master."""
    return 3 * advert_int + skew_time(priority, advert_int, version)


def arithmetic(advert_int, priority, version=2):
    """master_down_interval's sum written out with the numbers, in the formula of ``version``."""
    skew = '(256 - %d) x %s / 256' % (priority, advert_int) if version == 3 else '(256 - %d) / 256' % priority
    return '3 x %s + %s' % (advert_int, skew)


# keepalived's defaults (keepalived.conf(5)): a virtual server's real servers are checked every 60 s, and a
# connection attempt gives up after 5 s
DELAY_LOOP = 60
CONNECT_TIMEOUT = 5


def _seconds(value, default):
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return default  # the model reports the value
    return seconds if seconds >= 0 else default


def check_cycle(virtual_server):
    """Seconds within which keepalived has checked every real server of ``virtual_server`` (the model's keys) once
    more, that check included: its delay_loop, and the slowest checker's connect_timeout."""
    reals = virtual_server.get('real_servers') if isinstance(virtual_server.get('real_servers'), list) else []
    timeouts = [_seconds(checker.get('connect_timeout'), CONNECT_TIMEOUT)
                for real in reals if isinstance(real, dict) and isinstance(real.get('checkers'), list)
                for checker in real['checkers'] if isinstance(checker, dict) and checker.get('type') != 'FILE_CHECK']
    return _seconds(virtual_server.get('delay_loop'), DELAY_LOOP) + max(timeouts or [0])
