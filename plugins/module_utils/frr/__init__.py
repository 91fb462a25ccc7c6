# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster's model of the FRR configuration an active-active director needs: BGP sessions to the routers
that announce the VIPs this director serves.

Pure Python (standard library and the keepalived model's typed values), like ``keepalived``:

- ``settings.py`` the typed BGP settings (ASN, peers, timers, router-id, announced VIPs), checked before use
- ``render.py``   frr.conf text from checked settings (bgpd, and bfdd's use when a peer asks for BFD)
- ``secrets.py``  BGP passwords masked in text, and collected so that callers keep them out of any output
"""
