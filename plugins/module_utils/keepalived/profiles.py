# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VRRP timing profiles of a VRRP cluster (``lvs_vrrp_profile``): ``standard`` keeps keepalived's own timers,
``fast`` fails over in well under a second (docs/fast-failover.md).

The fast profile, for what the operator has not written himself (lvs_global_defs and each instance's body win):
- ``vrrp_version 3``: RFC 5798 counts advert_int in centiseconds, VRRPv2 in whole seconds (LVS201);
- ``advert_int 0.1`` in every VRRP instance: Master_Down_Interval 3 x 0.1 + skew, about 0.36 s (timing.py), against
  3.6 s with keepalived's default of 1 s;
- GARP (keepalived.conf(5), vrrp.c): a new MASTER sends its first burst of gratuitous ARPs at once, whatever the
  profile; ``vrrp_garp_master_delay 1`` sends the second burst 1 s after the takeover instead of 5 s, so a neighbour
  that missed the first (a switch still learning the port) is corrected within the time budget of a fast failover;
  ``vrrp_garp_master_refresh 60`` repeats one GARP a minute while MASTER (default: never): a spurious transition, the
  fast profile's risk, may leave a neighbour pointing at the backup, and under vrrp_strict keepalived sends no GARP
  when it sees the backup's lower-priority advert (garp_lower_prio_repeat 0), so nothing else would correct it
  before the neighbour's cache expires (hours on some routers). One packet a minute per VIP costs nothing.
  vrrp_garp_master_repeat (5) and vrrp_garp_interval (0) stay keepalived's: spacing the GARPs out would delay those
  of the last VIPs in a large takeover.
"""

from __future__ import absolute_import, division, print_function

PROFILE_VARIABLE = 'lvs_vrrp_profile'
STANDARD = 'standard'
FAST = 'fast'
PROFILES = (STANDARD, FAST)

FAST_ADVERT_INT = 0.1
FAST_GLOBAL_DEFS = (('vrrp_version', 3), ('vrrp_garp_master_delay', 1), ('vrrp_garp_master_refresh', 60))


def profile(variables):
    """The profile a director's (checked) variables select."""
    return variables.get(PROFILE_VARIABLE) or STANDARD


def add_profile(config, variables, origins):
    """The fast profile's keys in a director's configuration (model input, changed in place), where not written."""
    if profile(variables) != FAST:
        return
    global_defs = config.get('global_defs')
    if isinstance(global_defs, dict):
        for key, value in FAST_GLOBAL_DEFS:
            if key not in global_defs:
                global_defs[key] = value
                origins.add('global_defs.' + key, PROFILE_VARIABLE, exact=True, value=FAST)
    instances = config.get('vrrp_instances') if isinstance(config.get('vrrp_instances'), dict) else {}
    for name, instance in sorted(instances.items()):
        if isinstance(instance, dict) and 'advert_int' not in instance:
            instance['advert_int'] = FAST_ADVERT_INT
            origins.add('vrrp_instances[%s].advert_int' % name, PROFILE_VARIABLE, exact=True, value=FAST)
