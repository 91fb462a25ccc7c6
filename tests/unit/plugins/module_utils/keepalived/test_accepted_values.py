# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values keepalived 2.2.7 and 2.3 accept, read as keepalived reads them (issue 18), and lines it skips.

- virtual_server_group address ranges (check_data.c alloc_vsg_entry, utils.c inet_stor): the last IPv4 octet in
  decimal, the last IPv6 group in hex, the end above the start;
- e-mail addresses: any word (global_parser.c email_handler, emailfrom_handler);
- standalone keywords: most ignore the words after them, some read keepalived's true/false words
  (parser.c check_true_false), and a <BOOL> keyword alone is true.

A shell prompt pasted into the file: test_lexer.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import cluster, config
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.entries import GroupMember
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import Invalid

from ansible_collections.lvs.cluster.tests.unit.plugins.module_utils.keepalived.test_cluster import article, on_directors

GROUP = 'virtual_server_group web {\n    %s\n}\n'


def _parsed(text):
    conf, issues = config.parse(text)
    assert conf is not None, [issue.format() for issue in issues]
    return conf, issues


# ---- address ranges -------------------------------------------------------------------------------------------

@pytest.mark.parametrize('member,shown', [
    ('192.168.200.3-10 80', '192.168.200.3-10 80'),
    ('ae00::2-9 80', 'ae00::2-9 80'),
    ('AE00::2-00F 80', 'ae00::2-f 80'),  # normalized: the address as any, the end without leading zeros
    ('10.1.1.3-010 80', '10.1.1.3-10 80'),
    ('10.1.1.0-255 80', '10.1.1.0-255 80'),
    ('10.1.1.250-10.1.2.3 80', '10.1.1.250-10.1.2.3 80'),   # a whole end address
    ('AE00::fff0-ae00::1:2 80', 'ae00::fff0-ae00::1:2 80'),
    ('10.1.1.0/28 80', '10.1.1.0/28 80'),                  # a subnet
    ('ae00::/120 80', 'ae00::/120 80'),
    ('10.1.1.166', '10.1.1.166'),                          # no port (keepalived: "port 0 ... legacy")
    ('10.1.1.166 0', '10.1.1.166'),
    ('fwmark 7 inet6', 'fwmark 7 inet6'),
])
def test_ranges_keepalived_accepts_are_typed_and_rendered(member, shown):
    conf = _parsed(GROUP % member)[0]
    assert (GROUP % shown) in config.render(conf)


@pytest.mark.parametrize('member', [
    '10.1.1.3-3 80',     # keepalived: "Address range end is not greater than address range start"
    '10.1.1.10-3 80',
    '10.1.1.3-256 80',   # "Virtual server group range ... too large"
    'ae00::2-10000 80',
    '10.1.1.3-1a 80',    # decimal for IPv4 ("has extra characters at end", skipped by keepalived -t)
    '10.1.1.3- 80',
    '10.1.1.300-301 80',
    '10.1.2.3-10.1.1.250 80',  # "Address range end is less than address range start"
    '10.1.1.3-ae00::9 80',     # "Range address families do not match" (read as an IPv4 end that is none)
    '10.1.1.1/28 80',          # "Address mask bits not empty"
    '10.1.1.0/0 80',           # "Invalid netmask"
    '10.0.0.0/8 80',           # 16777216 IPVS services
])
def test_ranges_keepalived_skips_are_refused_with_the_line(member):
    conf, issues = config.parse(GROUP % member)
    assert [issue.rule for issue in config.errors(issues)] in (['LVS103'], ['LVS106'], ['LVS102'])
    assert member not in config.render(conf)  # read apart from judging: the model holds what could be typed


def _group_server(members, vips):
    """The article's virtual server turned into one of the group ``members``, VI_1 holding ``vips``."""
    def change(variables):
        variables['lvs_virtual_server_groups'] = {'web': members}
        variables['lvs_vrrp_instances']['VI_1']['virtual_ipaddress'] = vips
        server = variables['lvs_virtual_servers'][0]
        del server['address'], server['port']
        server['group'] = 'web'
    return on_directors(change)


@pytest.mark.parametrize('members,vips,words', [
    (['10.1.1.166-168 80'], ['10.1.1.166', '10.1.1.167', '10.1.1.168'], None),
    (['10.1.1.166-168 80'], ['10.1.1.166'], 'addresses 10.1.1.167, 10.1.1.168 are not'),
    (['10.1.1.160-169 80'], ['10.1.1.166'], '10.1.1.160, 10.1.1.161, 10.1.1.162 and 6 more are not'),
    (['10.1.1.170 80'], ['10.1.1.166'], 'is not a virtual IP address'),  # as for a virtual server's own address
])
def test_a_group_range_must_be_virtual_ip_addresses_address_by_address(members, vips, words):
    hostvars, groups = article()
    _group_server(members, vips)(hostvars, groups)
    found = [issue for issue in cluster.validate(hostvars, groups).issues if issue.rule == 'LVS012']
    assert [(words in issue.message, issue.value) for issue in found] == \
        ([] if words is None else [(True, members[0].split()[0])])  # once, for the directors that have it


def test_a_group_member_that_does_not_read_is_invalid_not_a_crash():
    with pytest.raises(Invalid):
        GroupMember().coerce({'address': '10.1.1.3-x', 'port': 80})


# ---- e-mail addresses ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize('address', ['root', 'acassen', 'ops@example.com', 'keepalived+lb1@example.com'])
def test_any_word_is_an_email_address_as_for_keepalived(address):
    text = 'global_defs {\n    notification_email {\n        %s\n    }\n    notification_email_from %s\n}\n' % (
        address, address)
    conf = _parsed(text)[0]
    assert conf.global_defs.notification_email == [address] and conf.global_defs.notification_email_from == address
    assert config.load(conf.to_dict())[0].to_dict() == conf.to_dict()
    assert text in config.render(conf)


def test_each_word_of_an_email_block_or_a_sync_groups_group_is_an_entry_as_keepalived_reads_them():
    # parser.c read_value_block: the words of every line, and the words after "{" on the block's own line
    text = ('global_defs {\n    notification_email {\n        ops@example.com root\n        noc@example.com\n    }\n'
            '    notification_email { pager@example.com }\n}\nvrrp_sync_group G {\n    group { VI_1\n        VI_2 }\n}\n')
    conf = config.parse(text, check=False)[0]
    assert conf.global_defs.notification_email == ['ops@example.com', 'root', 'noc@example.com', 'pager@example.com']
    assert conf.vrrp_sync_groups['G'].group == ['VI_1', 'VI_2']
    assert config.parse(config.render(conf), check=False)[0] == conf


def test_a_second_group_block_of_a_sync_group_is_skipped_as_keepalived_skips_it_but_kept_as_written():
    # vrrp_parser.c vrrp_group_handler: "Group list already specified", the block skipped; e-mail blocks add up instead
    text = 'vrrp_sync_group G {\n    group {\n        VI_1\n    }\n    group {\n        VI_2\n    }\n}\n'
    conf, issues = config.parse(text, check=False)
    assert conf.vrrp_sync_groups['G'].group == ['VI_1']
    assert [(issue.rule, issue.source) for issue in issues] == [('LVS111', 'keepalived.conf:5')]
    assert '    group {\n        VI_2\n    }\n' in config.render(conf)  # never dropped: passed through as written


@pytest.mark.parametrize('address,rule', [('ops @example.com', 'LVS105'), ('root#x', 'LVS105'), ('', 'LVS105')])
def test_an_email_address_that_would_change_the_file_is_refused(address, rule):
    issues = config.load({'global_defs': {'notification_email_from': address}})[1]
    assert [issue.rule for issue in issues] == [rule]


# ---- flags and booleans -------------------------------------------------------------------------------------------

INSTANCE = '''vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    %s
    virtual_ipaddress {
        10.1.1.166
    }
}
'''
SERVER = '''virtual_server 10.1.1.166 80 {
    lvs_sched rr
    lvs_method DR
    protocol TCP
    %s
    real_server 10.1.1.163 80 {
        %s
        BFD_CHECK {
            name rs3
            %s
        }
    }
}
bfd_instance rs3 {
    neighbor_ip 10.1.1.163
    checker
}
'''


@pytest.mark.parametrize('line', ['nopreempt', 'dont_track_primary', 'accept'])
@pytest.mark.parametrize('words', ['false', 'no', '0', '1', 'true', 'whatever you like'])
def test_a_flag_keepalived_sets_whatever_follows_is_set_with_a_warning(line, words):
    conf, issues = _parsed(INSTANCE % ('%s %s' % (line, words)))
    assert getattr(conf.vrrp_instances['VI_1'], line) is True
    assert [(issue.rule, issue.source, issue.value) for issue in issues] == [('LVS117', 'keepalived.conf:5', words)]
    assert '\n    %s\n' % line in config.render(conf)  # the canonical form: the keyword alone


@pytest.mark.parametrize('words,expected', [('', True), ('true', True), ('on', True), ('yes', True),
                                            ('false', False), ('off', False), ('no', False)])
def test_a_real_servers_true_or_false_word_is_kept_since_it_overrides_the_virtual_servers(words, expected):
    # check_data.c: a real server's inhibit_on_failure and a checker's alpha start unset (-1) and inherit the
    # virtual server's; an explicit false turns off what the virtual server turns on
    conf = _parsed(SERVER % ('inhibit_on_failure\n    alpha', 'inhibit_on_failure ' + words, 'alpha ' + words))[0]
    real = conf.virtual_servers[0].real_servers[0]
    assert (real.inhibit_on_failure, real.checkers[0].alpha) == (expected, expected)
    rendered = config.render(conf)
    word = '' if expected else ' false'
    assert ('inhibit_on_failure%s\n' % word in rendered, 'alpha%s\n' % word in rendered) == (True, True)
    assert _parsed(rendered)[0].to_dict() == conf.to_dict()


@pytest.mark.parametrize('word', ['1', '0', 'True', 'enable'])
def test_a_boolean_word_keepalived_does_not_read_is_refused(word):
    conf, issues = config.parse(SERVER % ('', 'inhibit_on_failure ' + word, ''))
    assert [(issue.rule, issue.source) for issue in issues] == [('LVS102', 'keepalived.conf:7')]
    assert conf.virtual_servers[0].real_servers[0].to_dict()['passthrough'] == ['inhibit_on_failure ' + word]
    assert 'true, on, yes, false, off, no' in issues[0].message


def test_a_virtual_servers_inhibit_on_failure_ignores_its_word_unlike_a_real_servers():
    conf, issues = _parsed(SERVER % ('inhibit_on_failure false', '', ''))
    assert conf.virtual_servers[0].inhibit_on_failure is True and [issue.rule for issue in issues] == ['LVS117']


@pytest.mark.parametrize('words,value', [('', True), ('true', True), ('false', False), ('off', False), ('no', False)])
def test_a_bool_keyword_alone_is_true(words, value):
    conf = _parsed(INSTANCE % ('smtp_alert ' + words).strip())[0]
    assert conf.vrrp_instances['VI_1'].smtp_alert is value
    assert '    smtp_alert %s\n' % ('true' if value else 'false') in config.render(conf)


@pytest.mark.parametrize('words,warned', [('', False), ('true', False), ('on', False), ('false', True), ('1', True)])
def test_vrrp_strict_words_that_keepalived_22_and_23_read_differently_are_warned(words, warned):
    conf, issues = _parsed(('global_defs {\n    vrrp_strict %s\n}\n' % words).replace(' \n', '\n'))
    assert conf.global_defs.vrrp_strict is True  # keepalived 2.2.7 (Debian 12) sets it whatever follows
    assert [issue.rule for issue in issues] == (['LVS117'] if warned else [])
    assert not warned or '2.3 reads' in issues[0].message
