# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""passthrough.py and grammar.py: what the model does not type is kept per block, in order, rendered as written and
read back the same; what keepalived itself does not know is kept but refused, with "did you mean"."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import config, grammar, grammar_table
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.blocks import KeepalivedConf
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.schema import Block, Named, Sub, Typed, Blocks

TEXT = '''global_defs {
    router_id lb1
    vrrp_iptables LVS_IN
    vrrp_notify_priority_changes
}
static_routes {
    10.0.0.0/8 via 192.168.1.1 dev eth0
}
vrrp_instance VI_1 {
    interface eth0
    kernel_rx_buf_size 65536
    virtual_router_id 51
    virtual_routes {
        src 10.1.1.166 to 192.168.100.0/24 via 10.1.1.1 dev eth0
    }
    virtual_ipaddress {
        10.1.1.166
    }
}
virtual_server 10.1.1.166 80 {
    lvs_sched rr
    lvs_method DR
    protocol TCP
    snmp_name web_80
    real_server 10.1.1.163 80 {
        HTTP_GET {
            url {
                path /
                regex "a b#c"
            }
        }
    }
}
'''


def test_untyped_statements_are_kept_per_block_in_order_and_round_trip():
    conf, issues = config.parse(TEXT)
    assert [issue.format() for issue in issues] == []
    data = conf.to_dict()
    assert data['global_defs']['passthrough'] == ['vrrp_iptables LVS_IN', 'vrrp_notify_priority_changes']
    assert data['passthrough'] == [{'static_routes': ['10.0.0.0/8 via 192.168.1.1 dev eth0']}]
    instance = data['vrrp_instances']['VI_1']
    assert instance['passthrough'] == ['kernel_rx_buf_size 65536', {'virtual_routes': [
        'src 10.1.1.166 to 192.168.100.0/24 via 10.1.1.1 dev eth0']}]
    checker = data['virtual_servers'][0]['real_servers'][0]['checkers'][0]
    assert data['virtual_servers'][0]['passthrough'] == ['snmp_name web_80']
    assert 'passthrough' not in checker and checker['urls'][0]['passthrough'] == ['regex "a b#c"']
    text = config.render(conf)
    assert '    regex "a b#c"\n' in text  # a word with a space or a comment sign stays quoted
    again, issues = config.parse(text)
    assert issues == [] and again == conf
    loaded, issues = config.load(data)  # the input form gives the same model
    assert issues == [] and loaded == conf and config.render(loaded) == text


@pytest.mark.parametrize('text,path,fix', [
    ('virtual_server 10.1.1.166 80 {\n    protocol TCP\n    real_server 10.1.1.163 80 {\n        SMTP_CHEKC {\n'
     '        }\n    }\n}\n', 'virtual_servers[10.1.1.166:80].real_servers[10.1.1.163:80].SMTP_CHEKC', 'did you mean SMTP_CHECK?'),
    ('global_defs {\n    vrrp_iptable LVS_IN\n}\n', 'global_defs.vrrp_iptable', 'did you mean vrrp_iptables?'),
    ('global_defs {\n    frobnicate\n}\n', 'global_defs.frobnicate', 'remove it, or see keepalived.conf(5)'),
])
def test_a_keyword_keepalived_does_not_know_is_kept_and_refused(text, path, fix):
    conf, issues = config.parse(text)
    assert [(issue.rule, issue.level, issue.path) for issue in issues] == [('LVS101', 'error', path)]
    assert issues[0].fix.startswith(fix) and issues[0].source
    assert path.rsplit('.', 1)[-1] in str(conf.to_dict())  # never dropped


@pytest.mark.parametrize('entry,rule', [
    ('priority 100', 'LVS101'),            # typed: write the key
    ('use_vmak', 'LVS101'),                # keepalived does not know it
    ('use_vmac', 'LVS101'),                # typed too
    ('kernel_rx_buf_size {', 'LVS105'),    # would open a block
    ('kernel_rx_buf_size "1', 'LVS105'),   # unclosed quote
    ('notify_master_rx_lower_pri # x', 'LVS105'),  # a comment sign
    ({'a': 1, 'b': 2}, 'LVS102'),
])
def test_the_input_form_refuses_what_would_not_render_as_written(entry, rule):
    data = {'vrrp_instances': {'VI_1': {'interface': 'eth0', 'virtual_router_id': 51, 'virtual_ipaddress': ['10.1.1.166'],
                                        'passthrough': [entry]}}}
    conf, issues = config.load(data)
    assert conf is None and [issue.rule for issue in issues] == [rule]
    assert issues[0].path == 'vrrp_instances[VI_1].passthrough[0]'


def test_secrets_in_passthrough_are_masked():
    conf, issues = config.parse('SSL {\n    password t0psecret\n    key /etc/ssl/k.pem\n}\n')
    assert issues == []
    assert 't0psecret' in config.secret_values(conf)
    assert 't0psecret' not in str(config.mask_dict(conf.to_dict()))
    assert 't0psecret' not in config.mask_secrets(config.render(conf))


def _blocks(cls=KeepalivedConf, seen=None):
    seen = [] if seen is None else seen
    if cls not in seen:
        seen.append(cls)
        for field in cls.fields:
            kinds = [field.kind.block] if isinstance(field.kind, Sub) else \
                list(field.kind.types.values()) if isinstance(field.kind, Typed) else \
                [field.kind.block] if isinstance(field.kind, Blocks) else \
                [field.kind.body] if isinstance(field.kind, Named) and isinstance(field.kind.body, type) else []
            for kind in kinds:
                _blocks(kind, seen)
    return seen


@pytest.mark.parametrize('cls', _blocks(), ids=lambda cls: cls.__name__)
def test_every_typed_keyword_is_one_keepalived_knows_where_the_block_is(cls):
    """The model types keepalived's keywords only (nb_get_retry: the legacy alias keepalived dropped, read as retry)."""
    assert issubclass(cls, Block) and cls.grammar and all(path in grammar_table.KEYWORDS for path in cls.grammar)
    unknown = [keyword for keyword in cls.known_keywords() if not grammar.knows(cls.grammar, keyword)]
    assert [keyword for keyword in unknown if keyword != 'nb_get_retry'] == []


@pytest.mark.parametrize('version,found', [('2.2.4', ['LVS120']), ('2.2.5', []), ('2.3.4', [])])
def test_a_keyword_newer_than_the_target_release_is_refused(version, found):
    text = 'vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    vrf blue\n' \
           '    virtual_ipaddress {\n        10.1.1.166\n    }\n}\n'
    assert [issue.rule for issue in config.parse(text, keepalived_version=version)[1]] == found
    conf = config.parse(text)[0]
    assert [issue.rule for issue in config.load(conf.to_dict(), keepalived_version=version)[1]] == found


@pytest.mark.parametrize('text, kept, finding', [
    # keepalived -t: "Invalid real server IP address/port xxx.xxx.xxx.xxx/443 - skipping": the block, not its address
    ('virtual_server 10.1.1.166 443 {\n    protocol TCP\n    real_server xxx.xxx.xxx.xxx 443 {\n        weight 1\n'
     '    }\n}\n', 'real_server xxx.xxx.xxx.xxx 443 {', ('LVS106', 'virtual_servers[10.1.1.166:443].real_server', 3)),
    ('virtual_server xxx.xxx.xxx.xxx 443 {\n    protocol TCP\n}\n', 'virtual_server xxx.xxx.xxx.xxx 443 {',
     ('LVS106', 'virtual_server', 1)),
    # a name the model does not take, which keepalived reads: the block is kept whole, not dropped
    ('vrrp_script chk_<ip> {\n    script /bin/true\n}\n', 'vrrp_script chk_<ip> {', ('LVS112', 'vrrp_script', 1)),
])
def test_a_block_whose_header_does_not_type_is_kept_as_written(text, kept, finding):
    conf, issues = config.parse(text, check=False)
    assert [(issue.rule, issue.path, int(issue.source.rsplit(':', 1)[1])) for issue in config.errors(issues)] == [finding]
    rendered = config.render(conf)
    assert kept in rendered and 'None' not in rendered
    again, _issues = config.parse(rendered, check=False)
    assert again == conf


def test_a_server_of_a_group_of_fwmarks_gets_no_protocol():
    """keepalived -t: "protocol specified for fwmark - protocol will be ignored"; an address group's server still does."""
    text = ('virtual_server_group marks {\n    fwmark 1\n    fwmark 2\n}\nvirtual_server_group web {\n    10.1.1.166 80\n}\n'
            'virtual_server group marks {\n    lvs_sched rr\n}\nvirtual_server group web {\n    lvs_sched rr\n}\n')
    conf, issues = config.parse(text, check=False)
    assert [server.protocol for server in conf.virtual_servers] == [None, 'UDP']
    assert [issue.path for issue in issues if issue.rule == 'LVS114'] == ['virtual_servers[group web].protocol']
    loaded, _issues = config.load(conf.to_dict())
    assert [server.protocol for server in loaded.virtual_servers] == [None, 'UDP']
    data = conf.to_dict()
    data['virtual_servers'][1].pop('protocol')
    loaded, _issues = config.load(data)
    assert [server.protocol for server in loaded.virtual_servers] == [None, 'TCP']  # lvs.cluster's explicit default


def test_a_typed_keyword_in_the_tops_passthrough_names_the_key_and_the_inventory_variable():
    issues = config.load({'passthrough': [{'vrrp_script chk': ['script /bin/true']}]})[1]
    assert [(issue.rule, issue.path) for issue in issues] == [('LVS101', 'passthrough[0]')]
    assert issues[0].fix == 'write vrrp_script as the key vrrp_scripts (in an inventory: lvs_vrrp_scripts)'
