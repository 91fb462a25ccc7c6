# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory's passwords kept out of a status report: whatever a director said (an error message that quotes
a configuration line, say) is masked before it is shown or written."""

from __future__ import absolute_import, division, print_function

from ..frr import secrets as frr_secrets
from ..keepalived import config as kaconf
from ..keepalived.issues import MASK


def values(report):
    """Every VRRP and BGP password of a keepalived/cluster.py Report, longest first."""
    found = set()
    for members in report.clusters.values():
        for member in members:
            found.update(kaconf.secret_values(member.director.config))
            found.update(frr_secrets.values(member.director.bgp or {}))
    return sorted((value for value in found if value), key=len, reverse=True)


def masked(data, secrets):
    """A copy of ``data`` (dicts, lists, strings, other scalars) with every secret in its strings replaced."""
    if isinstance(data, dict):
        return dict((key, masked(item, secrets)) for key, item in data.items())
    if isinstance(data, list):
        return [masked(item, secrets) for item in data]
    if isinstance(data, str):
        for value in secrets:
            data = data.replace(value, MASK)
    return data
