# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory files of an adopted cluster (module_utils/keepalived/adopt.py), and the report that goes with them.

Shared by ``lvs-cluster import`` and the action of ``lvs.cluster.adopt``. Secrets are written only encrypted (with a
vault secret the caller has), else left for the operator with the ``ansible-vault encrypt_string`` to run.
"""

from __future__ import absolute_import, division, print_function

import os

import yaml

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import format_issues

REPORT = 'import-report.txt'


class Vaulted(str):
    """An encrypted value, dumped as Ansible's ``!vault |`` block."""


def _vaulted(dumper, value):
    return dumper.represent_scalar('!vault', str(value), style='|')


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True  # write each value out: anchors are no help to a reader


_Dumper.add_representer(Vaulted, _vaulted)


def _dump(data):
    return yaml.dump(data, Dumper=_Dumper, default_flow_style=False, sort_keys=False, width=120)


def vault_file(secrets, vault_secrets):
    """The text of a vars file with each secret encrypted with the first of ``vault_secrets`` (Ansible's
    [(vault_id, VaultSecret)]), or None when there is none to encrypt with."""
    if not secrets or not vault_secrets:
        return None
    from ansible.parsing.vault import VaultLib
    vault = VaultLib(vault_secrets)
    return _dump(dict((name, Vaulted(vault.encrypt(value).decode('ascii'))) for name, value in sorted(secrets.items())))


def _header(sources, what):
    return '# %s\n# Written by lvs-cluster import from %s; read %s before deploying.\n' % (
        what, ', '.join('%s (%s)' % item for item in sources), REPORT)


def _hosts(adoption):
    children = {adoption.directors_group: {'hosts': dict((host, adoption.hosts[host] or None)
                                                        for host in adoption.directors)}}
    declared = set(adoption.directors)
    for group, members in adoption.groups.items():  # a host's variables where it first appears
        children[group] = {'hosts': dict((host, None if host in declared else adoption.hosts[host] or None)
                                         for host in members)}
        declared.update(members)
    return {'all': {'children': children}}


def report(adoption, sources, read_issues, vault_path, encrypted, inventory_dir):
    """The import's report: what it read, normalised and noted, the secrets, the round trip, and what to decide."""
    lines = ['lvs-cluster import: cluster %s from %s' % (adoption.directors_group, ', '.join(
        '%s (%s)' % item for item in sources)), '']
    if read_issues:
        lines += ['Read from the files (keepalived\'s own meaning, modern keywords):',
                  format_issues(read_issues), '']
    if adoption.normalised:
        lines += ['Written out:'] + ['  - ' + line for line in adoption.normalised] + ['']
    lines += ['Notes:'] + ['  - ' + note for note in adoption.notes] + ['']
    if adoption.secrets:
        lines.append('Secrets (the inventory names them, never holds them in clear):')
        for name in sorted(adoption.secrets):
            lines.append('  - %s: %s' % (name, ', '.join(adoption.secret_origins[name])))
        if encrypted:
            lines.append('  encrypted into %s with the vault password given' % vault_path)
        else:
            lines.append('  put each into %s: run the command, type the value from the place named, then Ctrl-D:'
                         % vault_path)
            for name in sorted(adoption.secrets):
                lines.append('    ansible-vault encrypt_string --stdin-name %s >> %s' % (
                    name, os.path.join(inventory_dir, vault_path)))
        lines.append('')
    if adoption.differences:
        lines += ['Round trip FAILED: deploying this inventory would change what keepalived does:'] + [
            '  - ' + difference for difference in adoption.differences] + ['']
    else:
        lines += ['Round trip: deploying this inventory gives each director a configuration that keepalived reads '
                  'as it reads its file now (%s): lvs.cluster.site keeps the files as they are.'
                  % ', '.join(adoption.directors), '']
    lines += ['To decide before deploying (the validator on the written inventory):', adoption.report.format()]
    return '\n'.join(lines) + '\n'


def files(adoption, sources, read_issues, inventory_dir, vault_secrets=None):
    """{relative path: text} of the inventory and its report; ``sources``: [(director, where its file came from)]."""
    group_dir = os.path.join('group_vars', adoption.directors_group)
    vault_path = os.path.join(group_dir, 'vault.yml')
    vault = vault_file(adoption.secrets, vault_secrets)
    result = {
        'hosts.yml': _header(sources, 'The hand-built cluster\'s directors and real servers.') + _dump(_hosts(adoption)),
        os.path.join(group_dir, 'main.yml'): _header(sources, 'What the directors share.') + _dump(adoption.group_vars),
    }
    for host in adoption.directors:
        if adoption.host_vars.get(host):
            result[os.path.join('host_vars', host + '.yml')] = _header(
                sources, 'What %s has of its own.' % host) + _dump(adoption.host_vars[host])
    if vault is not None:
        result[vault_path] = _header(sources, 'The secrets of the files, encrypted.') + vault
    result[REPORT] = report(adoption, sources, read_issues, vault_path, vault is not None, inventory_dir)
    return result


def existing(directory, written):
    """The paths of ``written`` that already exist under ``directory``."""
    return sorted(path for path in written if os.path.exists(os.path.join(directory, path)))


def write(directory, written):
    """Write the files under ``directory``, making the directories they need."""
    for path, text in sorted(written.items()):
        target = os.path.join(directory, path)
        if os.path.dirname(target) and not os.path.isdir(os.path.dirname(target)):
            os.makedirs(os.path.dirname(target))
        with open(target, 'w') as handle:
            handle.write(text)
