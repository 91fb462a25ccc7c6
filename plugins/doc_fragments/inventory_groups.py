# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # The options of the modules whose input the controller can derive from the inventory.
    DOCUMENTATION = r'''
options:
  directors_group:
    description:
      - Only used when the controller derives this module's input from the inventory; the inventory group of the
        directors.
    type: str
    default: lvs_directors
  realservers_group:
    description:
      - Only used when the controller derives this module's input from the inventory; the inventory group of the
        real servers.
    type: str
    default: lvs_realservers
'''
