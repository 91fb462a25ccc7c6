# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where each part of a derived configuration came from, so that findings speak the operator's words.

The model names a value by its place in keepalived's configuration (``vrrp_instances[VI_1].priority``);
the operator wrote ``lvs_vrrp_priority`` on lvs2, or ``lvs_realserver_port`` on rs1. Derivation records
each such place here, and ``explain`` turns a finding's path into the variable as written.
"""

from __future__ import absolute_import, division, print_function

from collections import namedtuple

# The model's top-level keys and the variables that hold them as written.
TOP_LEVEL = (
    ('global_defs', 'lvs_global_defs'),
    ('vrrp_scripts', 'lvs_vrrp_scripts'),
    ('track_files', 'lvs_vrrp_track_files'),
    ('track_processes', 'lvs_vrrp_track_processes'),
    ('bfd_instances', 'lvs_bfd_instances'),
    ('vrrp_sync_groups', 'lvs_vrrp_sync_groups'),
    ('vrrp_instances', 'lvs_vrrp_instances'),
    ('virtual_server_groups', 'lvs_virtual_server_groups'),
    ('virtual_servers', 'lvs_virtual_servers'),
    ('passthrough', 'lvs_keepalived_passthrough'),  # the statements of the top level the model does not type
)


# path: the operator's variable, with the part of it; host: the host whose variable it is, when not the director
# itself; value: the value to show instead of the model's, when the model's says nothing
Origin = namedtuple('Origin', 'path host value', defaults=(None, None))


class Origins(object):
    def __init__(self):
        self._prefix = dict((model, Origin(variable)) for model, variable in TOP_LEVEL)
        self._exact = {}

    def add(self, model_path, path, host=None, exact=False, value=None):
        """``model_path`` (and, unless ``exact``, everything below it) comes from ``path`` on ``host``."""
        (self._exact if exact else self._prefix)[model_path] = Origin(path, host, value)

    def explain(self, model_path):
        """(the operator's path, its host or None, a value to show or None) for a model path; None if unknown."""
        if model_path is None:
            return None
        if model_path in self._exact:
            return self._exact[model_path]
        best = None
        for prefix in self._prefix:
            if (model_path == prefix or model_path.startswith(prefix + '.') or model_path.startswith(prefix + '[')) \
                    and (best is None or len(prefix) > len(best)):
                best = prefix
        if best is None:
            return None
        origin = self._prefix[best]
        return Origin(origin.path + model_path[len(best):], origin.host, origin.value if model_path == best else None)
