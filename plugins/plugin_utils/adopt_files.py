# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory files of an adopted cluster (module_utils/keepalived/adopt.py), and the report that goes with them.

Shared by ``lvs-cluster import`` and the action of ``lvs.cluster.adopt``. Secrets are written only encrypted (with a
vault secret the caller has), else left for the operator with the ``ansible-vault encrypt_string`` to run.
"""

from __future__ import absolute_import, division, print_function

import os

import yaml

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.findings import merged
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


def _plain(value):
    """``value`` in Python's own types: Ansible 2.19 hands strings over as tagged subclasses, which YAML cannot dump."""
    if isinstance(value, dict):
        return dict((_plain(key), _plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Vaulted) or value is None or type(value) in (bool, int, float, str):
        return value
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def _dump(data):
    return yaml.dump(_plain(data), Dumper=_Dumper, default_flow_style=False, sort_keys=False, width=120)


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
    directors = dict((host, adoption.hosts[host] or None) for host in adoption.directors)
    children = {adoption.directors_group: {'hosts': directors}}
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
    read_issues = merged([issue for issue in read_issues if issue.rule.startswith('LVS1')])  # the rest is judging
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


def _read(path):
    try:
        with open(path) as handle:
            return handle.read()
    except (IOError, OSError):
        return None


class _VaultReader(yaml.SafeLoader):
    pass


_VaultReader.add_constructor('!vault', lambda loader, node: Vaulted(loader.construct_scalar(node)))


def _decrypted(text, vault_secrets):
    """{name: clear value} of a vault file's text, or None when it cannot be read with ``vault_secrets``."""
    from ansible.parsing.vault import AnsibleVaultError, VaultLib
    try:
        data = yaml.load(text, Loader=_VaultReader)
        vault = VaultLib(vault_secrets)
        return dict((name, vault.decrypt(value).decode('utf-8')) for name, value in data.items())
    except (yaml.YAMLError, AnsibleVaultError, AttributeError, TypeError, ValueError):
        return None


def settle(directory, written, secrets, vault_secrets=None):
    """The paths of ``written`` whose files under ``directory`` say something else (an import must not overwrite them
    unless told to). A vault file that holds the same secrets is kept as it is (encryption differs on every run), so
    that importing the same cluster again changes nothing."""
    different = []
    for path, text in sorted(written.items()):
        current = _read(os.path.join(directory, path))
        if current is None or current == text:
            continue
        if path.endswith('vault.yml') and vault_secrets and _decrypted(current, vault_secrets) == secrets:
            written[path] = current
            continue
        different.append(path)
    return different


def unchanged(directory, written):
    """Whether every file is already there as it would be written."""
    return all(_read(os.path.join(directory, path)) == text for path, text in written.items())


def write(directory, written):
    """Write the files under ``directory``, making the directories they need."""
    for path, text in sorted(written.items()):
        target = os.path.join(directory, path)
        if os.path.dirname(target) and not os.path.isdir(os.path.dirname(target)):
            os.makedirs(os.path.dirname(target))
        with open(target, 'w') as handle:
            handle.write(text)
