# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster rules of the fast VRRP profile (profiles.py): it runs on VRRPv3, with sub-second adverts.
(That the profile is the same on every director is LVS026's, with the other cluster-wide variables.)"""

from __future__ import absolute_import, division, print_function

from .profiles import FAST, FAST_ADVERT_INT, PROFILE_VARIABLE, profile
from .registry import rule
from .rules import make_issue


def _fast_instances(members):
    """(member, name, instance) of every VRRP instance of the directors that run the fast profile."""
    for member in members:
        if profile(member.variables) == FAST:
            for name, instance in sorted((member.conf.vrrp_instances or {}).items()):
                yield member, name, instance


@rule('LVS019')
def fast_profile_runs_vrrpv3(cluster, members, context):
    for member, name, instance in _fast_instances(members):
        if instance.vrrp_version(member.conf.global_defs) != 2:
            continue
        own = instance.version is not None
        path = 'vrrp_instances[%s].version' % name if own else 'global_defs.vrrp_version'
        yield make_issue('LVS019', path, 2,
                         'makes instance %s run VRRPv2 while %s is %s: VRRPv2 advertises whole seconds, so the '
                         'profile\'s sub-second adverts cannot be sent' % (name, PROFILE_VARIABLE, FAST),
                         'remove %s (the fast profile sets vrrp_version 3), or set %s: standard'
                         % ('version from lvs_vrrp_instances[%s]' % name if own else 'vrrp_version from lvs_global_defs',
                            PROFILE_VARIABLE), host=member.host)


@rule('LVS021')
def fast_profile_advert_int_is_sub_second(cluster, members, context):
    for member, name, instance in _fast_instances(members):
        advert_int = instance.advert_interval
        if advert_int >= 1:
            yield make_issue('LVS021', 'vrrp_instances[%s].advert_int' % name, advert_int,
                             'overrides the fast profile\'s %s s: a failover still takes more than %g s (3 x %s + skew '
                             'time)' % (FAST_ADVERT_INT, 3 * advert_int, advert_int),
                             'remove advert_int from lvs_vrrp_instances[%s] to take the profile\'s %s s, or give a '
                             'sub-second one (steps of 0.01 s)' % (name, FAST_ADVERT_INT), host=member.host)
