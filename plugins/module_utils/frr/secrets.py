# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""BGP passwords kept out of output: masked in frr.conf text (diffs, FRR's own error messages) and collected
from settings, so that a module can hide them from every result."""

from __future__ import absolute_import, division, print_function

import re

from ..keepalived.issues import MASK

# "neighbor PEER password SECRET", also in a line FRR echoes back in an error message
_PASSWORD = re.compile(r'(\bneighbor\s+\S+\s+password\s+)(\S+)')


def mask(text):
    return _PASSWORD.sub(lambda match: match.group(1) + MASK, text)


def values(settings):
    """The passwords in settings (checked or not), as text."""
    peers = settings.get('peers') if isinstance(settings, dict) else None
    return [str(peer['password']) for peer in peers if isinstance(peer, dict) and peer.get('password') is not None] \
        if isinstance(peers, list) else []
