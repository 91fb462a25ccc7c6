# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""No password of the inventory in a status report, even when a director's message quotes one."""

from __future__ import absolute_import, division, print_function

import json

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import MASK
from ansible_collections.lvs.cluster.plugins.module_utils.status import assess, expected, secrets, table
from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.status import inventories, test_assess


def test_the_inventory_s_passwords_are_collected():
    assert secrets.values(inventories.report(inventories.VRRP)) == [inventories.VRRP_PASSWORD]
    assert secrets.values(inventories.report(inventories.ACTIVE_ACTIVE)) == [inventories.BGP_PASSWORD]


def test_a_message_quoting_a_password_is_masked_everywhere():
    derived = inventories.report(inventories.VRRP)
    problem = "keepalived's VRRP state: cannot read: auth_pass %s" % inventories.VRRP_PASSWORD
    observed = test_assess.vrrp_pair(lvs2=dict(test_assess.director('10.1.1.161', None, problems=[problem]),
                                               vrrp_instances=None))
    report = assess.assess('lvs_directors', expected.from_report(derived)['lvs_directors'], observed)
    assert inventories.VRRP_PASSWORD in json.dumps(report)  # what the director said
    shown = secrets.masked(report, secrets.values(derived))
    for text in (json.dumps(shown), '\n'.join(table.cluster(shown))):
        assert inventories.VRRP_PASSWORD not in text and 'auth_pass %s' % MASK in text
    assert shown['directors'][1]['problems'] == ["keepalived's VRRP state: cannot read: auth_pass %s" % MASK]


def test_other_values_pass_unchanged():
    data = {'a': [1, None, True, 2.5, 'no secret here'], 'b': {'c': 'x-Bgp4status-y'}}
    assert secrets.masked(data, ['Bgp4status']) == {'a': [1, None, True, 2.5, 'no secret here'],
                                                    'b': {'c': 'x-%s-y' % MASK}}
