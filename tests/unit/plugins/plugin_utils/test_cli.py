# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lvs-cluster command line: render, parse, check, rules, its help and its version."""

from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import stat

import pytest

from ansible_collections.lvs.cluster.plugins.plugin_utils import cli

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
ARTICLE = os.path.join(ROOT, 'tests', 'unit', 'plugins', 'module_utils', 'keepalived', 'fixtures', 'article')

DIRECTOR = {
    'global_defs': {'router_id': 'LVS_1'},
    'vrrp_instances': {'VI_1': {
        'state': 'MASTER', 'interface': 'eth0', 'virtual_router_id': 51, 'priority': 100, 'advert_int': 1,
        'authentication': {'auth_type': 'PASS', 'auth_pass': 's3cr3t'}, 'virtual_ipaddress': ['10.1.1.166']}},
    'virtual_servers': [{'address': '10.1.1.166', 'port': 80, 'lvs_sched': 'rr', 'lvs_method': 'DR',
                         'real_servers': [{'address': '10.1.1.163', 'port': 80}]}],
}


@pytest.fixture
def director_json(tmp_path):
    path = tmp_path / 'director.json'
    path.write_text(json.dumps(DIRECTOR))
    return str(path)


def test_render_to_stdout_masks_the_password(director_json, capsys):
    assert cli.main(['render', director_json]) == cli.EXIT_OK
    out, err = capsys.readouterr()
    assert 'virtual_server 10.1.1.166 80 {' in out
    assert 's3cr3t' not in out + err
    assert 'auth_pass ********' in out


def test_render_to_file_writes_the_real_password_owner_only(director_json, tmp_path, capsys):
    target = tmp_path / 'keepalived.conf'
    assert cli.main(['render', director_json, '-o', str(target)]) == cli.EXIT_OK
    assert 'auth_pass s3cr3t' in target.read_text()
    assert stat.S_IMODE(os.stat(str(target)).st_mode) == 0o600
    assert 's3cr3t' not in ''.join(capsys.readouterr())


def test_render_onto_an_existing_0644_file_leaves_it_0600(director_json, tmp_path, capsys):
    # O_CREAT's mode applies only to a new file: an existing world-readable one must not get the password as it is.
    target = tmp_path / 'keepalived.conf'
    target.write_text('old content that is longer than nothing\n' * 200)
    os.chmod(str(target), 0o644)
    assert cli.main(['render', director_json, '-o', str(target)]) == cli.EXIT_OK
    assert stat.S_IMODE(os.stat(str(target)).st_mode) == 0o600
    text = target.read_text()
    assert 'auth_pass s3cr3t' in text and 'old content' not in text


def test_render_into_a_missing_directory_is_a_usage_error(director_json, tmp_path, capsys):
    assert cli.main(['render', director_json, '-o', str(tmp_path / 'missing' / 'keepalived.conf')]) == cli.EXIT_USAGE
    assert 'cannot write' in capsys.readouterr()[1]


def _actions(parser):
    """Every argument of the parser and of its subcommands, with the parser it belongs to."""
    for action in parser._actions:  # argparse keeps no public list of them
        yield parser.prog, action
        if isinstance(action, argparse._SubParsersAction):
            for _name, sub in sorted(action.choices.items()):
                yield from _actions(sub)


def test_every_option_argument_and_command_has_help_text():
    parser = cli.build_parser()
    missing = [(prog, action.dest) for prog, action in _actions(parser)
               if not action.help or action.help == argparse.SUPPRESS]
    assert missing == []
    commands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)][0]
    assert sorted(c.dest for c in commands._choices_actions if c.help) == sorted(commands.choices)


def test_version_is_the_collections_version(capsys):
    with open(os.path.join(ROOT, 'galaxy.yml')) as handle:
        version = [line.split(':', 1)[1].strip() for line in handle if line.startswith('version:')][0]
    with pytest.raises(SystemExit) as exited:
        cli.main(['--version'])
    assert exited.value.code == 0
    assert capsys.readouterr()[0] == 'lvs-cluster (lvs.cluster) %s\n' % version


def test_an_installed_copys_version_comes_from_its_manifest(tmp_path, monkeypatch):
    # An installed collection has MANIFEST.json and no galaxy.yml; cli.py sits at plugins/plugin_utils/ under it.
    root = tmp_path / 'ansible_collections' / 'lvs' / 'cluster'
    (root / 'plugins' / 'plugin_utils').mkdir(parents=True)
    (root / 'MANIFEST.json').write_text(json.dumps({'collection_info': {'version': '9.8.7'}}))
    monkeypatch.setattr(cli, '__file__', str(root / 'plugins' / 'plugin_utils' / 'cli.py'))
    assert cli.collection_version() == '9.8.7'
    (root / 'MANIFEST.json').unlink()
    assert cli.collection_version() == 'unknown'


def test_parse_article_config_gives_model_keys_with_masked_secret(capsys):
    assert cli.main(['parse', os.path.join(ARTICLE, 'section3-lvs1.conf'), '--format', 'json']) == cli.EXIT_OK
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data['virtual_servers'][0]['lvs_sched'] == 'rr'
    assert data['vrrp_instances']['VI_1']['authentication']['auth_pass'] == '********'
    assert 'LVS110' in err and 'nb_get_retry' in err


def test_check_reports_errors_with_exit_1_and_json(capsys):
    assert cli.main(['check', os.path.join(ARTICLE, 'section5-track-script-lvs1.conf'), '--format', 'json']) == cli.EXIT_INVALID
    report = json.loads(capsys.readouterr()[0])
    assert report['valid'] is False
    assert set(['LVS208', 'LVS217']) <= set(issue['rule'] for issue in report['issues'])


def test_check_valid_model_exits_0(director_json, capsys):
    assert cli.main(['check', director_json]) == cli.EXIT_OK
    assert 'no issues' in capsys.readouterr()[0]


@pytest.mark.parametrize('version,code', [('2.3.2', 'EXIT_INVALID'), ('2.3.3', 'EXIT_OK'), (None, 'EXIT_OK')])
def test_check_for_a_keepalived_release_refuses_what_it_lacks(tmp_path, capsys, version, code):
    source = tmp_path / 'keepalived.conf'
    source.write_text('vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    owner_ignore_adverts\n'
                      '    virtual_ipaddress {\n        10.1.1.166\n    }\n}\n')
    release = ['--keepalived-version', version] if version else []
    assert cli.main(['check', str(source)] + release) == getattr(cli, code)
    out = capsys.readouterr()[0]
    assert ('[LVS120]' in out and 'added in keepalived 2.3.3' in out and '%s:4' % source in out) is (code == 'EXIT_INVALID')


def test_a_keepalived_release_that_is_not_one_is_a_usage_error(tmp_path, capsys):
    assert cli.main(['check', os.path.join(ARTICLE, 'section3-lvs1.conf'), '--keepalived-version', 'bookworm']) == \
        cli.EXIT_USAGE
    assert 'give a keepalived release such as 2.2.7' in capsys.readouterr()[1]


def test_unreadable_file_is_a_usage_error(tmp_path, capsys):
    assert cli.main(['check', str(tmp_path / 'missing.yml')]) == cli.EXIT_USAGE
    assert 'cannot read' in capsys.readouterr()[1]


def test_docs_rules_table_matches_the_registry():
    with open(os.path.join(ROOT, 'docs', 'rules.md')) as handle:
        documented = handle.read()
    assert cli.rules_table('markdown') == documented, 'regenerate docs/rules.md with make docs'


def test_docs_keys_table_matches_the_variables():
    with open(os.path.join(ROOT, 'docs', 'keys.md')) as handle:
        documented = handle.read()
    assert cli.keys_table('markdown') == documented, 'regenerate docs/keys.md with make docs'


def test_docs_keywords_table_matches_keepalived_and_the_model():
    with open(os.path.join(ROOT, 'docs', 'keywords.md')) as handle:
        documented = handle.read()
    assert cli.keywords_table('markdown') == documented, 'regenerate docs/keywords.md with make docs'


def test_keywords_lists_every_keyword_keepalived_knows_typed_or_passed_through(capsys):
    from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import grammar_table
    assert cli.main(['keywords']) == cli.EXIT_OK
    listed = capsys.readouterr()[0].splitlines()
    assert len(listed) == sum(len(keywords) for keywords in grammar_table.KEYWORDS.values())
    assert 'vrrp_instance  virtual_router_id  virtual_router_id  an integer from 1 to 255' in listed
    assert 'global_defs  nftables_ipvs  passed through  2.2.2' in listed


def test_every_variable_has_its_meaning_and_kind_and_is_described_once():
    from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import variables
    table = cli.keys_table('markdown')
    for name, var in sorted(variables.VARIABLES.items()):
        assert var.doc and var.kind.describe and table.count('| `%s` |' % name) == 1, name
    with open(os.path.join(ROOT, 'docs', 'inventory.md')) as handle:
        rows = [line for line in handle if line.startswith('| `lvs_')]
    assert rows == [], 'docs/inventory.md points to docs/keys.md instead of a table of its own'


def test_keys_lists_every_variable_as_text(capsys):
    from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import variables
    assert cli.main(['keys']) == cli.EXIT_OK
    listed = [line.split()[0] for line in capsys.readouterr()[0].splitlines()]
    assert sorted(listed) == sorted(variables.VARIABLES)


def _broken(args):
    raise KeyError('boom\nsecond line')


@pytest.mark.parametrize('verbose', [[], ['-v']])
def test_an_internal_error_is_exit_3_in_one_line_with_the_traceback_only_under_v(monkeypatch, capsys, verbose):
    monkeypatch.setattr(cli, 'cmd_rules', _broken)
    assert cli.main(verbose + ['rules']) == cli.EXIT_INTERNAL
    err = capsys.readouterr()[1]
    last = err.strip().splitlines()[-1]
    assert last.startswith('lvs-cluster: internal error, this is a bug') and 'KeyError' in last and 'boom' in last
    assert ('Traceback' in err) == bool(verbose)
    if not verbose:
        assert len(err.strip().splitlines()) == 1


def test_exit_codes_are_distinct():
    assert len(set([cli.EXIT_OK, cli.EXIT_INVALID, cli.EXIT_USAGE, cli.EXIT_INTERNAL])) == 4


def test_exit_codes_are_documented_as_the_help_says():
    codes = cli.build_parser().epilog.replace('exit codes: ', '')
    with open(os.path.join(ROOT, 'README.md')) as handle:
        assert codes in ' '.join(handle.read().split())
    with open(os.path.join(ROOT, 'docs', 'inventory.md')) as handle:
        table = handle.read()
    for code in (cli.EXIT_OK, cli.EXIT_INVALID, cli.EXIT_USAGE, cli.EXIT_INTERNAL):
        assert '\n| %d | ' % code in table


def _lvs_cluster(tmp_path, *args):
    """scripts/lvs-cluster in a process of its own (Ansible's templating keeps global state)."""
    import subprocess
    import sys
    return subprocess.run([os.path.join(ROOT, 'scripts', 'lvs-cluster')] + list(args), cwd=str(tmp_path),
                          env=dict(os.environ, PYTHON=sys.executable), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=120, check=False)


def test_jinja_in_a_model_is_rendered_with_the_variables_of_e(tmp_path):
    templated = json.loads(json.dumps(DIRECTOR))
    templated['vrrp_instances']['VI_1']['authentication']['auth_pass'] = '{{ vrrp_password }}'
    templated['vrrp_instances']['VI_1']['virtual_router_id'] = '{{ 50 + 1 }}'
    (tmp_path / 'director.json').write_text(json.dumps(templated))
    result = _lvs_cluster(tmp_path, 'render', 'director.json', '-e', 'vrrp_password=Pw9x', '-o', 'out.conf')
    assert result.returncode == cli.EXIT_OK, result.stdout
    text = (tmp_path / 'out.conf').read_text()
    assert 'auth_pass Pw9x' in text and 'virtual_router_id 51' in text


def test_an_e_that_is_neither_a_file_nor_a_pair_is_a_usage_error(tmp_path, director_json):
    result = _lvs_cluster(tmp_path, 'check', director_json, '-e', 'novalue')
    assert result.returncode == cli.EXIT_USAGE and '-e novalue: give @FILE or KEY=VALUE' in result.stdout, result.stdout


def test_parse_reads_a_template_for_the_config_id_given(tmp_path, capsys):
    from ansible_collections.lvs.cluster.tests.unit.plugins.modules.test_keepalived_config_info import TEMPLATE
    path = tmp_path / 'keepalived.conf'
    path.write_bytes(TEMPLATE)
    assert cli.main(['parse', str(path), '--config-id', 'lvs1', '--format', 'json']) == cli.EXIT_OK
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data['global_defs'] == {'router_id': 'LVS_1'} and data['vrrp_instances']['VI_1']['priority'] == 100
    assert '[LVS116]' in err and '%s:4' % path in err


def test_parse_reads_a_file_that_check_judges_invalid(tmp_path, capsys):
    """Reading apart from judging: the article's section-5 file (preempt_delay on the MASTER, a script without script
    security) is read, with its findings beside the model; check says it is invalid."""
    path = os.path.join(ARTICLE, 'section5-track-script-lvs1.conf')
    assert cli.main(['parse', path, '--format', 'json']) == cli.EXIT_OK
    out, err = capsys.readouterr()
    assert json.loads(out)['vrrp_instances']['VI_1']['preempt_delay'] == 300
    assert '[LVS208]' in err and '[LVS217]' in err
    assert cli.main(['check', path]) == cli.EXIT_INVALID
