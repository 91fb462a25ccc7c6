# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``lvs-cluster`` command line: the model in module_utils, used without Ansible.

    lvs-cluster render director.yml [-o keepalived.conf] [-e @vault.yml] [--vault-password-file F]
    lvs-cluster parse /etc/keepalived/keepalived.conf [--format yaml|json]
    lvs-cluster check director.yml|keepalived.conf [--format text|json] [-e @vault.yml] [--vault-password-file F]
    lvs-cluster validate INVENTORY [INVENTORY ...] [--vault-password-file F] [--format text|json]
    lvs-cluster import DIRECTOR=keepalived.conf [DIRECTOR=...] -o INVENTORY_DIR [--vault-password-file F]
    lvs-cluster rules [--format text|markdown]
    lvs-cluster keys [--format text|markdown]
    lvs-cluster --version

``validate`` checks a whole cluster from an Ansible inventory (the cluster_validate rules) without
contacting any host; it needs ansible-core. ``import`` writes the inventory of a hand-built cluster from its
directors' files, proven to derive the same configurations again (docs/adopt.md); it needs PyYAML, and ansible-core
to encrypt the secrets. The others need only Python (and PyYAML for YAML), except for a model
file with Jinja in it (``auth_pass: "{{ vault_vrrp_password }}"``): Ansible renders it, with the variables of -e
(a vault-encrypted file too, with --vault-password-file), as a playbook's template lookup would.

Secrets are masked on standard output unless --show-secrets is given; ``render -o FILE``
writes the real file (mode 0600).

Exit codes: 0 valid (for parse: read, whatever check would find); 1 invalid (findings with errors; for parse: the
file cannot be read as a model); 2 usage or input error (a file that cannot be
read, a variable Ansible cannot template or decrypt: the message names the file, host and variable);
3 internal error (a bug of lvs.cluster: one line saying so, the traceback with -v).
"""

from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import re
import sys
import traceback

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import preprocessor
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.inventory import DIRECTORS_GROUP, REALSERVERS_GROUP
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import errors, escaped, format_issues
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.rules import RULES
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.variables import (
    DIRECTOR, REALSERVER, VARIABLES, names)

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    pass


def _read(path):
    try:
        if path == '-':
            return sys.stdin.read()
        with open(path) as handle:
            return handle.read()
    except (IOError, OSError) as problem:
        raise UsageError('cannot read %s: %s' % (path, problem))


def _read_conf(path):
    """A keepalived.conf as bytes: its comments may be in any encoding (the model reads such lines as Latin-1)."""
    try:
        if path == '-':
            return sys.stdin.buffer.read()
        with open(path, 'rb') as handle:
            return handle.read()
    except (IOError, OSError) as problem:
        raise UsageError('cannot read %s: %s' % (path, problem))


def _load_data(path):
    """A YAML or JSON file with the model's keys."""
    text = _read(path)
    if path.endswith('.json'):
        try:
            return json.loads(text)
        except ValueError as problem:
            raise UsageError('%s is not valid JSON: %s' % (path, problem))
    try:
        import yaml
    except ImportError:
        raise UsageError('reading YAML needs PyYAML (pip install pyyaml), or give a .json file')
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as problem:
        raise UsageError('%s is not valid YAML: %s' % (path, problem))


def _is_keepalived_conf(path):
    return not path.endswith(('.yml', '.yaml', '.json'))


def _release(text):
    """--keepalived-version: a release such as 2.2.7 (None: no release check)."""
    if text is not None and not re.match(r'^\d+\.\d+(\.\d+)?$', text):
        raise UsageError('--keepalived-version %s: give a keepalived release such as 2.2.7' % text)
    return text


def _model(args):
    path = args.source
    version = _release(args.keepalived_version)
    if _is_keepalived_conf(path):
        return kaconf.parse(_read_conf(path), path, config_id=args.config_id, keepalived_version=version)
    data = _load_data(path)
    if '{{' in json.dumps(data) or '{%' in json.dumps(data) or args.extra_vars:
        data = _templated(path, args.extra_vars, args.vault_password_file)
    return kaconf.load(data, keepalived_version=version)


def _templated(path, extra_vars, vault_password_file):
    """The model file rendered by Ansible's templating with the variables of ``extra_vars`` (``@FILE`` or
    ``KEY=VALUE``; a vault-encrypted file is decrypted with ``vault_password_file``)."""
    loader = _ansible_loader(vault_password_file, 'a model with Jinja (or -e)')
    from ansible.errors import AnsibleError
    from ansible.template import Templar
    variables = {}
    try:
        for item in extra_vars or []:
            if item.startswith('@'):
                loaded = loader.load_from_file(item[1:])
                if not isinstance(loaded, dict):
                    raise UsageError('-e %s: the file must hold variables (key: value), not %s' % (item, type(loaded).__name__))
                variables.update(loaded)
            elif '=' in item:
                key, value = item.split('=', 1)
                variables[key] = value
            else:
                raise UsageError('-e %s: give @FILE or KEY=VALUE' % item)
        try:
            data = loader.load_from_file(path, trusted_as_template=True)  # ansible-core 2.19 renders trusted text only
        except TypeError:  # before 2.19 every text is a template
            data = loader.load_from_file(path)
        return Templar(loader=loader, variables=variables).template(data)
    except AnsibleError as problem:  # an undefined variable, a wrong vault password: Ansible's words name the file
        raise UsageError('cannot render %s: %s' % (path, ' '.join(str(problem).split())))


def _dump(data, fmt):
    if fmt == 'json':
        return json.dumps(data, indent=2, sort_keys=True)
    import yaml
    return yaml.safe_dump(data, default_flow_style=False, sort_keys=False)


def _report(issues, stream):
    if issues:
        stream.write(format_issues(issues) + '\n')


def _write_owner_only(path, text):
    """Write ``text`` (with its secrets) to ``path``, mode 0600 also when the file exists: O_CREAT's mode only applies
    to a new file, so an existing one is made 0600 before it is truncated and written."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    except (IOError, OSError) as problem:
        raise UsageError('cannot write %s: %s' % (path, problem))
    with os.fdopen(descriptor, 'w') as handle:
        try:
            os.fchmod(descriptor, 0o600)
        except OSError as problem:  # not our file: leave its content alone rather than put the secrets in it
            raise UsageError('cannot make %s mode 0600, so it is left unchanged: %s' % (path, problem))
        handle.truncate(0)
        handle.write(text)


def cmd_render(args):
    conf, issues = _model(args)
    _report(issues, sys.stderr)
    if conf is None or errors(issues):
        return EXIT_INVALID
    text = kaconf.render(conf)
    if args.output:
        _write_owner_only(args.output, text)
        return EXIT_OK
    if not args.show_secrets:
        text = kaconf.mask_secrets(text)
        sys.stderr.write('note: secrets are masked; use -o FILE to write the real file, or --show-secrets\n')
    sys.stdout.write(text)
    return EXIT_OK


def cmd_parse(args):
    conf, issues = kaconf.parse(_read_conf(args.source), args.source, config_id=args.config_id)
    _report(issues, sys.stderr)
    if conf is None:
        return EXIT_INVALID
    data = conf.to_dict()
    sys.stdout.write(_dump(data if args.show_secrets else kaconf.mask_dict(data), args.format) + '\n')
    return EXIT_OK  # reading, not judging: the findings are beside the model, and `check` judges


def cmd_check(args):
    conf, issues = _model(args)
    if args.format == 'json':
        sys.stdout.write(json.dumps({'valid': not errors(issues), 'issues': [i.as_dict() for i in issues]}, indent=2) + '\n')
    elif issues:
        _report(issues, sys.stdout)
    else:
        sys.stdout.write('%s: no issues\n' % args.source)
    return EXIT_INVALID if conf is None or errors(issues) else EXIT_OK


def _ansible_loader(vault_password_file, what):
    """Ansible's DataLoader, with the vault password of ``vault_password_file`` when given; ``what`` needs it."""
    try:
        from ansible.parsing.dataloader import DataLoader
        from ansible.plugins.loader import init_plugin_loader
    except ImportError:
        raise UsageError('%s needs ansible-core (pip install ansible-core)' % what)
    init_plugin_loader()
    loader = DataLoader()
    if vault_password_file:
        from ansible.parsing import vault
        try:
            secret = vault.get_file_vault_secret(filename=vault_password_file, loader=loader)
            secret.load()
        except Exception as problem:
            raise UsageError('cannot read the vault password file %s: %s' % (vault_password_file, problem))
        secrets = [('default', secret)]
        loader.set_vault_secrets(secrets)
        if hasattr(vault, 'VaultSecretsContext'):  # ansible-core 2.19+ decrypts through this context, set once
            context = vault.VaultSecretsContext.current(optional=True)
            if context is None:
                vault.VaultSecretsContext.initialize(vault.VaultSecretsContext(secrets))
            else:  # a second inventory in one process (import, then validate)
                context.secrets = secrets
    return loader


def read_inventory(sources, vault_password_file=None):
    """(hostvars, groups) of an Ansible inventory, with Ansible's own loaders, templating and vault."""
    loader = _ansible_loader(vault_password_file, 'validate')
    from ansible.inventory.manager import InventoryManager
    from ansible.vars.hostvars import HostVars
    from ansible.vars.manager import VariableManager
    for source in sources:
        if not os.path.exists(source):
            raise UsageError('inventory %s does not exist' % source)
    try:
        inventory = InventoryManager(loader=loader, sources=list(sources))
    except Exception as problem:  # Ansible's parse errors name the file
        raise UsageError('cannot read the inventory %s: %s' % (', '.join(sources), ' '.join(str(problem).split())))
    hostvars = HostVars(inventory=inventory, variable_manager=VariableManager(loader=loader, inventory=inventory),
                        loader=loader)
    groups = dict((name, [host.name for host in group.get_hosts()]) for name, group in inventory.groups.items())
    return hostvars, groups


def cmd_validate(args):
    from ansible_collections.lvs.cluster.plugins.plugin_utils import inventory_vars
    hostvars, groups = read_inventory(args.inventory, args.vault_password_file)
    if not groups.get(args.directors_group):
        raise UsageError('the inventory has no hosts in the directors group %s (use --directors-group)' % args.directors_group)
    locations = {}
    try:
        variables, groups = inventory_vars.collect(hostvars, groups, args.directors_group, args.realservers_group,
                                                   locations)
    except inventory_vars.UnreadableVariable as problem:  # templating or vault errors, in Ansible's words
        raise UsageError('cannot read the inventory variables: %s' % problem)
    report = cluster.validate(variables, groups, args.directors_group, args.realservers_group, locations)
    if args.format == 'json':
        sys.stdout.write(json.dumps({'valid': report.valid, 'summary': report.summary(),
                                     'issues': [issue.as_dict() for issue in report.issues]}, indent=2, sort_keys=True) + '\n')
    else:
        sys.stdout.write(report.format() + '\n')
    return EXIT_OK if report.valid else EXIT_INVALID


def _pairs(items, what, option):
    """[(left, right)] of NAME=VALUE arguments."""
    result = []
    for item in items or []:
        left, sep, right = item.partition('=')
        if not sep or not left or not right:
            raise UsageError('%s %s: give %s' % (option, item, what))
        result.append((left, right))
    return result


def cmd_import(args):
    from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import adopt
    from ansible_collections.lvs.cluster.plugins.plugin_utils import adopt_files
    sources = _pairs(args.directors, 'DIRECTOR=FILE (the inventory name of a director and its keepalived.conf)', 'director')
    if len(set(host for host, _path in sources)) != len(sources):
        raise UsageError('each director may be named once')
    configs, read, refused = [], [], []
    for host, path in sources:
        conf, issues = kaconf.parse(_read_conf(path), path, check=False, config_id=host)
        for issue in issues:
            issue.host = host
        complete = conf is not None and not errors(issues)  # read with check=False: errors are reading errors
        (read if complete else refused).extend(issues)
        if complete:
            configs.append((host, conf.to_dict()))
    if refused:
        _report(refused, sys.stderr)
        sys.stderr.write('lvs-cluster: nothing imported: the model cannot read every file (the errors above)\n')
        return EXIT_INVALID
    names = dict(_pairs(args.realserver_names, 'ADDRESS=NAME', '--realserver-name'))
    addresses = dict(_pairs(args.ansible_hosts, 'HOST=ADDRESS', '--ansible-host'))
    adoption = adopt.adopt(configs, names, addresses, args.directors_group, args.realservers_group)
    vault_secrets = None
    if args.vault_password_file and adoption.secrets:
        vault_secrets = _ansible_loader(args.vault_password_file, 'encrypting the secrets')._vault.secrets
    written = adopt_files.files(adoption, sources, read, args.output, vault_secrets)
    clash = adopt_files.settle(args.output, written, adoption.secrets, vault_secrets)
    if clash and not args.force:
        raise UsageError('%s already has %s, saying something else; give another directory, or --force to overwrite '
                         'them' % (args.output, ', '.join(clash)))
    try:
        adopt_files.write(args.output, written)
    except (IOError, OSError) as problem:
        raise UsageError('cannot write the inventory in %s: %s' % (args.output, problem))
    sys.stdout.write(written[adopt_files.REPORT])
    sys.stdout.write('\nwritten to %s: %s\n' % (args.output, ', '.join(sorted(written))))
    return EXIT_OK if adoption.report.valid and not adoption.differences else EXIT_INVALID


RULES_DOC_HEADER = """# Validation rules

Generated by `make docs` from `plugins/module_utils/keepalived/rules.py`;
a unit test fails when this table and the registry differ.

- LVS0xx: the directors of a cluster together, derived from the inventory (`plugins/module_utils/keepalived/cluster.py`);
  LVS03x: the `lvs_*` inventory variables themselves (`variables.py`).
- LVS1xx: single values and parsing (`values.py`, `schema.py`, `lexer.py`).
- LVS2xx: one host's configuration as a whole (`plugins/module_utils/keepalived/checks.py`, one function per rule).

Errors stop a deployment before any host is touched; warnings are reported and the run goes on.
"What it prevents" names the experiment of the article (its configurations are in
`tests/unit/plugins/module_utils/keepalived/fixtures/article/`) or the keepalived pitfall the rule keeps from happening.

"""


def rules_table(fmt='text'):
    """The rules as text, or as docs/rules.md (make docs writes it; a unit test keeps it current)."""
    rows = [RULES[key] for key in sorted(RULES)]
    if fmt == 'markdown':
        lines = RULES_DOC_HEADER.rstrip('\n').split('\n')
        lines += ['', '| id | level | what it catches | what it prevents |', '| --- | --- | --- | --- |']
        lines += ['| %s | %s | %s | %s |' % (r.id, r.level, r.summary, r.prevents or '') for r in rows]
    else:
        lines = ['%s  %-7s  %s' % (r.id, r.level, r.summary) for r in rows]
    return '\n'.join(lines) + '\n'


def cmd_rules(args):
    sys.stdout.write(rules_table(args.format))
    return EXIT_OK


KEYS_DOC_HEADER = """# Inventory variables

Generated by `make docs` from `plugins/module_utils/keepalived/variables.py`, where each variable is declared once;
a unit test fails when this file and the declarations differ. Each value is checked before anything is derived from
it (LVS030-LVS032, LVS102-LVS112); how a cluster is written with them is in [inventory.md](inventory.md). The blocks'
keys are keepalived's own keywords: every one of them, typed or passed through, is in [keywords.md](keywords.md).
"""
KEYS_SECTIONS = ((DIRECTOR, 'Director variables'), (REALSERVER, 'Real server variables'))


def keys_table(fmt='text'):
    """The inventory variables as text, or as docs/keys.md (make docs writes it; a unit test keeps it current)."""
    if fmt != 'markdown':
        return ''.join('%s  %s\n' % (name, VARIABLES[name].doc) for scope, _title in KEYS_SECTIONS for name in names(scope))
    lines = KEYS_DOC_HEADER.rstrip('\n').split('\n')
    for scope, title in KEYS_SECTIONS:
        lines += ['', '## %s' % title, '', '| variable | type and range | default | meaning |', '| --- | --- | --- | --- |']
        lines += ['| `%s` | %s | %s | %s |' % tuple(text.replace('|', '\\|') for text in (
            name, VARIABLES[name].described, VARIABLES[name].default or '', VARIABLES[name].doc)) for name in names(scope)]
    return '\n'.join(lines) + '\n'


def cmd_keys(args):
    sys.stdout.write(keys_table(args.format))
    return EXIT_OK


def keywords_table(fmt='text'):
    from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import keywords
    return keywords.table(fmt)


def cmd_keywords(args):
    sys.stdout.write(keywords_table(args.format))
    return EXIT_OK


def collection_version():
    """The collection's version: from MANIFEST.json in an installed copy, from galaxy.yml in a checkout."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        with open(os.path.join(root, 'MANIFEST.json')) as handle:
            return json.load(handle)['collection_info']['version']
    except (IOError, OSError, ValueError, KeyError, TypeError):
        pass
    try:
        with open(os.path.join(root, 'galaxy.yml')) as handle:
            found = re.search(r'^version:[ \t]*["\']?([^"\'\s#]+)', handle.read(), re.MULTILINE)
    except (IOError, OSError):
        found = None
    return found.group(1) if found else 'unknown'


FORMAT_HELP = 'output format (default: %(default)s)'
SHOW_SECRETS_HELP = 'print passwords in clear instead of ******** (they then reach your terminal and its scrollback)'
VAULT_HELP = 'decrypt %s with the password in FILE (or printed by FILE when it is executable)'


def _config_id_option(command):
    """--config-id of the commands that read a keepalived.conf: which @ID lines apply, as keepalived -i."""
    command.add_argument('--config-id', metavar='ID', default=preprocessor.host_config_id(),
                         help='the config id keepalived runs with (its -i), which picks the @ID lines of the file '
                              '(default: this host\'s name up to the first dot, as keepalived\'s)')


def _release_option(command):
    """--keepalived-version of the commands that judge a configuration: the release it is for (LVS120)."""
    command.add_argument('--keepalived-version', metavar='X.Y.Z',
                         help='the keepalived release the configuration is for (keepalived --version on the director); '
                              'a keyword that release does not have is an error (LVS120)')


def _template_options(command):
    """-e and --vault-password-file of the commands that read a model file, for the Jinja in it."""
    command.add_argument('-e', '--extra-vars', action='append', default=[], metavar='@FILE|KEY=VALUE',
                         help='variables for the Jinja in the model file, as for ansible-playbook -e (repeatable); '
                              'the file may be vault-encrypted')
    command.add_argument('--vault-password-file', metavar='FILE', help=VAULT_HELP % 'the files of -e')


def build_parser():
    parser = argparse.ArgumentParser(prog='lvs-cluster',
                                     description='Render, parse and check keepalived configurations, and check the '
                                                 'clusters of an Ansible inventory, with the model of the '
                                                 'lvs.cluster collection.',
                                     epilog='exit codes: 0 valid, 1 invalid, 2 usage or input error, 3 internal error '
                                            '(a bug: -v shows the traceback)')
    parser.add_argument('--version', action='version', version='%(prog)s (lvs.cluster) ' + collection_version(),
                        help='print the version of the lvs.cluster collection this command belongs to and exit')
    parser.add_argument('-v', '--verbose', action='store_true', help='show the traceback of an internal error')
    # -v also after the command name; SUPPRESS keeps the subcommand from resetting a -v given before it
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument('-v', '--verbose', action='store_true', default=argparse.SUPPRESS,
                         help='show the traceback of an internal error')
    commands = parser.add_subparsers(dest='command', title='commands', metavar='COMMAND',
                                     help='one of the following (lvs-cluster COMMAND --help for its options)')
    commands.required = True

    def command(name, run, summary, formats=None, format_help=FORMAT_HELP):
        """The subcommand ``name`` that runs ``run``, with -v and, given ``formats`` (the first is the default),
        --format."""
        sub = commands.add_parser(name, parents=[verbose], help=summary)
        sub.set_defaults(run=run)
        if formats:
            sub.add_argument('--format', choices=formats, default=formats[0], help=format_help)
        return sub

    render = command('render', cmd_render, 'render keepalived.conf from a YAML/JSON model or a keepalived.conf')
    render.add_argument('source', help='the model as YAML (.yml, .yaml) or JSON (.json), or a keepalived.conf; '
                                       '- reads a keepalived.conf from standard input')
    render.add_argument('-o', '--output', metavar='FILE',
                        help='write the real file here, passwords included (mode 0600, also when FILE exists)')
    render.add_argument('--show-secrets', action='store_true', help=SHOW_SECRETS_HELP)
    _template_options(render)
    _config_id_option(render)
    _release_option(render)

    parse = command('parse', cmd_parse, 'parse a keepalived.conf into the model\'s keys, with the findings on standard '
                                        'error; exit 0 whenever the file can be read (check judges it)', ('yaml', 'json'))
    parse.add_argument('source', help='a keepalived.conf (- for standard input)')
    parse.add_argument('--show-secrets', action='store_true', help=SHOW_SECRETS_HELP)
    _config_id_option(parse)

    check = command('check', cmd_check, 'validate a YAML/JSON model or a keepalived.conf; exit 1 on errors',
                    ('text', 'json'))
    check.add_argument('source', help='the model as YAML (.yml, .yaml) or JSON (.json), or a keepalived.conf '
                                      '(- for standard input)')
    _template_options(check)
    _config_id_option(check)
    _release_option(check)

    validate = command('validate', cmd_validate, 'check the clusters of an Ansible inventory; exit 1 on errors')
    validate.add_argument('inventory', nargs='+', help='inventory file or directory (as for ansible -i)')
    validate.add_argument('--vault-password-file', metavar='FILE', help=VAULT_HELP % 'the inventory\'s vaulted values')
    validate.add_argument('--directors-group', default=DIRECTORS_GROUP, metavar='GROUP',
                          help='the inventory group of the directors (default: %(default)s)')
    validate.add_argument('--realservers-group', default=REALSERVERS_GROUP, metavar='GROUP',
                          help='the inventory group of the real servers (default: %(default)s)')
    validate.add_argument('--format', choices=('text', 'json'), default='text', help=FORMAT_HELP)

    adopt = command('import', cmd_import, 'write the inventory of a hand-built cluster from its directors\' '
                                          'keepalived.conf files; exit 1 when it has errors to decide')
    adopt.add_argument('directors', nargs='+', metavar='DIRECTOR=FILE',
                       help='a director\'s inventory name and its keepalived.conf (one per director); the file is read '
                            'as keepalived reads it on that director, its @ID lines for the config id DIRECTOR')
    adopt.add_argument('-o', '--output', required=True, metavar='DIRECTORY',
                       help='the inventory directory to write (hosts.yml, group_vars, host_vars, %s)' % 'import-report.txt')
    adopt.add_argument('--force', action='store_true', help='overwrite files that the import writes and that exist')
    adopt.add_argument('--vault-password-file', metavar='FILE',
                       help='encrypt the secrets (auth_pass) into group_vars/DIRECTORS/vault.yml with this vault '
                            'password; without it the report says which ansible-vault encrypt_string to run')
    adopt.add_argument('--realserver-name', dest='realserver_names', action='append', metavar='ADDRESS=NAME',
                       help='the inventory name of the real server at ADDRESS (default: the address; repeatable)')
    adopt.add_argument('--ansible-host', dest='ansible_hosts', action='append', metavar='HOST=ADDRESS',
                       help='the address Ansible reaches a director or real server at (default: a director\'s '
                            'unicast or multicast source address, a real server\'s own address; repeatable)')
    adopt.add_argument('--directors-group', default=DIRECTORS_GROUP, metavar='GROUP',
                       help='the inventory group of the directors (default: %(default)s)')
    adopt.add_argument('--realservers-group', default=REALSERVERS_GROUP, metavar='GROUP',
                       help='the inventory group of the real servers (default: %(default)s)')

    command('rules', cmd_rules, 'list the validation rules', ('text', 'markdown'),
            FORMAT_HELP + '; markdown is docs/rules.md')
    command('keys', cmd_keys, 'list the inventory variables', ('text', 'markdown'),
            FORMAT_HELP + '; markdown is docs/keys.md')
    command('keywords', cmd_keywords, 'list keepalived.conf\'s keywords, block by block: typed or passed through',
            ('text', 'markdown'), FORMAT_HELP + '; markdown is docs/keywords.md')
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as problem:
        sys.stderr.write('lvs-cluster: %s\n' % escaped(str(problem)))
        return EXIT_USAGE
    except Exception as problem:  # anything else is lvs.cluster's own bug, never a verdict on the input
        if args.verbose:
            traceback.print_exc()
        sys.stderr.write('lvs-cluster: internal error, this is a bug of lvs.cluster (please report it%s): %s: %s\n'
                         % ('' if args.verbose else '; -v shows the traceback', type(problem).__name__,
                            escaped(' '.join(str(problem).split()))))
        return EXIT_INTERNAL


if __name__ == '__main__':  # python -m ansible_collections.lvs.cluster.plugins.plugin_utils.cli
    sys.exit(main())
