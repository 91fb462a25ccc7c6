# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A process for test_inventory_vars.py (Ansible's controller code must not be imported into the test process):
reads the inventory at argv[1] (with the vault password file argv[2]) and writes, as JSON, for each host what
inventory_vars.host_variables reads, what Ansible's templating of every variable gives, and how many times the
reader asked Ansible to template the host's variables."""

import json
import sys


class CountingHostVars(object):
    """Ansible's hostvars, counting the hosts whose variables were asked for templated."""

    def __init__(self, hostvars):
        self.hostvars, self.templated = hostvars, {}

    def raw_get(self, host):
        return self.hostvars.raw_get(host)

    def __getitem__(self, host):
        self.templated[host] = self.templated.get(host, 0) + 1
        return self.hostvars[host]


def main(path, vault_password_file):
    # Ansible's collection loader must import the collection (ANSIBLE_COLLECTIONS_PATH), as it does in a playbook
    from ansible.plugins.loader import init_plugin_loader
    init_plugin_loader()
    from ansible_collections.lvs.cluster.plugins.plugin_utils import cli, inventory_vars
    hostvars, groups = cli.read_inventory([path], vault_password_file)
    counting = CountingHostVars(hostvars)
    result = {}
    for host in groups['all']:
        read = inventory_vars.host_variables(counting, host)
        variables = hostvars[host]
        templated = dict((name, inventory_vars.plain(variables[name])) for name in read)
        result[host] = {'read': read, 'templated': templated, 'times_templated': counting.templated.get(host, 0)}
    json.dump(result, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
