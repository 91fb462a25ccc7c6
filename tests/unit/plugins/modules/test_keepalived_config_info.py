# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.keepalived_config_info on the article's hand-built configurations."""

from __future__ import absolute_import, division, print_function

import os
import shutil

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config as kaconf
from ansible_collections.lvs.cluster.plugins.modules import keepalived_config
from ansible_collections.lvs.cluster.plugins.modules import keepalived_config_info as module

ARTICLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'module_utils', 'keepalived', 'fixtures',
                       'article')


def fixture(tmp_path, name, target='keepalived.conf'):
    path = tmp_path / target
    shutil.copyfile(os.path.join(ARTICLE, name), str(path))
    return path


def test_absent_file(tmp_path, run):
    result = run(module, {'path': str(tmp_path / 'keepalived.conf')})
    assert result['changed'] is False
    assert result['exists'] is False
    assert result['config'] == {} and result['issues'] == [] and result['rendered'] == ''


def test_section5_config_reports_lvs208_and_masks_secret(tmp_path, run):
    path = fixture(tmp_path, 'section5-track-script-lvs1.conf')
    result = run(module, {'path': str(path)})
    assert result['changed'] is False and result['exists'] is True
    instance = result['config']['vrrp_instances']['VI_1']
    assert instance['authentication'] == {'auth_type': 'PASS', 'auth_pass': '********'}
    assert instance['preempt_delay'] == 300
    assert result['config']['vrrp_scripts']['chk_nfs']['script'] == '/bin/pidof nfsd'
    lvs208 = [issue for issue in result['issues'] if issue['rule'] == 'LVS208']
    assert len(lvs208) == 1
    assert lvs208[0]['level'] == 'error' and lvs208[0]['path'] == 'vrrp_instances[VI_1].preempt_delay'
    assert lvs208[0]['value'] == 300 and 'state BACKUP' in lvs208[0]['fix']
    assert 'LVS217' in [issue['rule'] for issue in result['issues']]
    assert 'auth_pass ********' in result['rendered']
    assert '1111' not in result.raw


def test_include_secrets(tmp_path, run):
    path = fixture(tmp_path, 'section4-master.conf')
    result = run(module, {'path': str(path), 'include_secrets': True})
    auth = result['config']['vrrp_instances']['VI_1']['authentication']
    assert auth['auth_pass'] not in ('********', None)
    assert auth['auth_pass'] in path.read_text()
    assert 'auth_pass ********' in result['rendered']  # the rendering stays masked


def test_deprecated_keywords_are_warnings_with_their_source(tmp_path, run):
    path = fixture(tmp_path, 'section3-lvs1.conf')
    result = run(module, {'path': str(path)})
    assert sorted(set(issue['rule'] for issue in result['issues'])) == ['LVS110']
    assert all(issue['level'] == 'warning' for issue in result['issues'])
    assert '%s:26' % path in [issue['source'] for issue in result['issues']]
    server = result['config']['virtual_servers'][0]
    assert server['lvs_sched'] == 'rr' and server['lvs_method'] == 'DR'
    assert server['real_servers'][0]['checkers'][0]['retry'] == 3


def test_includes_are_followed(tmp_path, run):
    (tmp_path / 'conf.d').mkdir()
    fixture(tmp_path, 'section4-master.conf', 'conf.d/vrrp.conf')
    main = tmp_path / 'keepalived.conf'
    main.write_text('! the director\ninclude conf.d/*.conf\n')
    result = run(module, {'path': str(main)})
    assert result['config']['global_defs'] == {'router_id': 'LVS1'}
    assert result['config']['vrrp_instances']['VI_1']['priority'] == 200
    # a problem inside an included file names that file
    (tmp_path / 'conf.d' / 'zz-broken.conf').write_text('vrrp_instance VI_2 {\n    interface eth0\n    virtual_router_id 52\n    priorty 100\n}\n')
    result = run(module, {'path': str(main)})
    assert not result.get('failed')  # reading, not judging: the model of the files, the findings beside it
    assert result['config']['vrrp_instances']['VI_2']['passthrough'] == ['priorty 100']
    assert result['issues'][0]['source'] == '%s:4' % (tmp_path / 'conf.d' / 'zz-broken.conf')


def test_unreadable_syntax_fails_and_unknown_keywords_are_kept_with_issues(tmp_path, run):
    path = tmp_path / 'keepalived.conf'
    path.write_text('vrrp_instance VI_1 {\n    priority 100\n    prority 90\n')
    result = run(module, {'path': str(path)})
    assert result['failed'] is True
    assert result['changed'] is False
    assert 'LVS113' in result['msg']
    assert [issue['rule'] for issue in result['issues']] == ['LVS113']
    path.write_text('vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    prority 90\n}\n')
    result = run(module, {'path': str(path)})
    assert not result.get('failed')
    assert result['config']['vrrp_instances']['VI_1']['passthrough'] == ['prority 90']
    assert (result['issues'][0]['fix'], result['issues'][0]['level']) == ('did you mean priority?', 'error')
    assert result['issues'][0]['source'] == '%s:4' % path


def test_check_mode(tmp_path, run):
    path = fixture(tmp_path, 'section4-backup.conf')
    result = run(module, {'path': str(path)}, check_mode=True)
    assert result['changed'] is False and result['exists'] is True


def test_migration_round_trip(tmp_path, run):
    """What the info module reads, keepalived_config keeps as it is (keep_equivalent), or writes back in its own
    layout with the same meaning (needs: none)."""
    path = fixture(tmp_path, 'section3-lvs1.conf')
    original = path.read_text()
    read = run(module, {'path': str(path), 'include_secrets': True})
    kept = run(keepalived_config, {'config': read['config'], 'path': str(path), 'validate': False}, diff=True)
    assert kept['changed'] is False and path.read_text() == original
    written = run(keepalived_config, {'config': read['config'], 'path': str(path), 'validate': False,
                                      'keep_equivalent': False}, diff=True)
    assert written['changed'] is True
    assert written['needs'] == 'none'
    assert kaconf.parse(path.read_text())[0] == kaconf.parse(original)[0]
    again = run(module, {'path': str(path), 'include_secrets': True})
    assert again['config'] == read['config']
    assert again['issues'] == []  # the deprecated keywords are gone


TEMPLATE = b'''! one file for both directors, in the article's pair
$VIP=10.1.1.166
global_defs {
    @lvs1 router_id LVS_1   # \xd6\xf7 (GBK: "main")
    @lvs2 router_id LVS_2   # \xb1\xb8 (GBK: "backup")
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    @lvs1 priority 100
    @lvs2 priority 50
    virtual_ipaddress {
        $VIP
    }
}
'''


def test_a_template_with_conditional_lines_and_gbk_comments_is_read_for_the_config_id(tmp_path, run):
    path = tmp_path / 'keepalived.conf'
    path.write_bytes(TEMPLATE)
    read = run(module, {'path': str(path), 'config_id': 'lvs2'})
    assert read['config']['global_defs'] == {'router_id': 'LVS_2'}
    assert read['config']['vrrp_instances']['VI_1']['priority'] == 50
    assert read['config']['vrrp_instances']['VI_1']['virtual_ipaddress'] == ['10.1.1.166']
    assert [(issue['rule'], issue['source']) for issue in read['issues'] if issue['rule'] == 'LVS116'] == [
        ('LVS116', '%s:4' % path), ('LVS116', '%s:5' % path)]
    assert '$' not in read['rendered'] and '@' not in read['rendered']
