# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Python's cyclic garbage collector paused while a fleet is read and derived.

Reading a 2,040-host inventory and deriving it allocate some 10^5 objects, and each burst of allocations made the
collector rescan the caller's whole heap, an Ansible worker's: a third of the derivation's time. The derivation
leaves nothing in a cycle (test_collector.py checks this); Ansible's reading of the variables leaves some (about
47,000 objects at 2,040 hosts), which wait until the collector resumes at the end of the call. Everything else is
freed as usual, by reference counting.
"""

from __future__ import absolute_import, division, print_function

import functools
import gc


def paused(function):
    """``function`` run with the cyclic garbage collector paused (left as it was when the caller had paused it)."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
    return run
