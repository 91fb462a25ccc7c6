# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Entry of scripts/lvs-cluster: makes this checkout importable as ansible_collections.lvs.cluster, then runs the CLI."""

import os
import sys
import types


def _make_importable():
    """Make this checkout importable as ansible_collections.lvs.cluster, wherever it lies."""
    root = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    parts = root.split(os.sep)
    if len(parts) > 3 and parts[-3] == 'ansible_collections':  # an installed collection
        sys.path.insert(0, os.sep.join(parts[:-3]))
        return
    for name, path in (('ansible_collections', []), ('ansible_collections.lvs', []), ('ansible_collections.lvs.cluster', [root])):
        module = types.ModuleType(name)
        module.__path__ = path
        sys.modules[name] = module


if __name__ == '__main__':
    _make_importable()
    from ansible_collections.lvs.cluster.plugins.plugin_utils.cli import main  # pylint: disable=import-error
    sys.exit(main())
