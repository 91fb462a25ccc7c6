# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""make docs: rewrite the inventory variables' block of each role's meta/argument_specs.yml (plugin_utils/role_docs)."""

import os
import sys

from lvs_cluster import _make_importable

if __name__ == '__main__':
    _make_importable()
    from ansible_collections.lvs.cluster.plugins.plugin_utils import role_docs  # pylint: disable=import-error
    ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    for role, scope in role_docs.ROLE_SCOPES:
        path = os.path.join(ROOT, 'roles', role, 'meta', 'argument_specs.yml')
        with open(path) as handle:
            text = handle.read()
        with open(path, 'w') as handle:
            handle.write(role_docs.update(text, scope))
    sys.exit(0)
