# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""values.py: the typed scalar values of keepalived.conf, kind by kind: what ``coerce`` takes from operator input and
how it normalizes it, what it refuses and with which rule and words (the injection of a structure into the rendered
file first), how ``to_args`` renders a value and ``from_args`` reads it back; and the Flag and Command kinds that read
a whole statement (words keepalived ignores are a warning). test_accepted_values.py has the same through whole files;
test_values_properties.py the properties that need Hypothesis."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import values
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import MASK
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.lexer import parse_statements
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.schema import Field
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.values import Invalid


def refused(kind, value):
    """The Invalid that ``kind`` raises for ``value`` (the test fails when it takes the value)."""
    with pytest.raises(Invalid) as raised:
        kind.coerce(value)
    return raised.value


def statement(line):
    """The statement of one keepalived.conf line, as the lexer makes it (with its file:line)."""
    return parse_statements(line + '\n', 'lvs.conf')[0]


# ---- tokens: nothing may change the structure of keepalived.conf --------------------------------------------------

@pytest.mark.parametrize('text,character', [
    ('two words', "' '"), ('tab\there', "'\\t'"), ('line\nbreak', "'\\n'"), ('open{', "'{'"), ('close}', "'}'"),
    ('say"hi"', "'\"'"), ("it's", '"\'"'), ('bang!', "'!'"), ('hash#', "'#'"), ('back\\slash', "'\\\\'"),
    ('lb\x001', "'\\x00'"),  # keepalived reads a line as a C string: the NUL would end it
])
def test_a_token_with_a_character_that_ends_it_or_opens_a_block_or_a_comment_is_refused(text, character):
    with pytest.raises(Invalid) as raised:
        values.check_token(text)
    assert raised.value.rule == 'LVS105'
    assert raised.value.message == 'contains %s, which would change the structure of keepalived.conf' % character


def test_an_empty_token_is_refused_and_a_safe_one_is_kept_as_it_is():
    with pytest.raises(Invalid) as raised:
        values.check_token('')
    assert (raised.value.rule, raised.value.message) == ('LVS105', 'must not be empty')
    assert values.check_token(u'caf\xe9@lb-1:x/y') == u'caf\xe9@lb-1:x/y'


def test_an_invalid_value_is_a_value_error_with_its_rule_message_and_fix():
    error = refused(values.Int(1, 255), 256)
    assert isinstance(error, ValueError) and str(error) == error.message
    assert (error.rule, error.message, error.fix) == ('LVS103', 'is out of range', 'give an integer from 1 to 255')
    assert values.Int(1, 255).coerced_or_none(256) is None and values.Int(1, 255).coerced_or_none('7') == 7


# ---- numbers and words --------------------------------------------------------------------------------------------

@pytest.mark.parametrize('value,result', [(7, 7), ('7', 7), (' 255 ', 255), ('-0', 0)])
def test_an_integer_is_read_from_a_number_or_its_digits(value, result):
    assert values.Int(0, 255).coerce(value) == result


@pytest.mark.parametrize('kind,value,rule,message', [
    (values.Int(1, 255), True, 'LVS102', 'must be an integer, not a boolean'),
    (values.Int(1, 255), '7.5', 'LVS102', 'must be an integer'),
    (values.Int(1, 255), 7.0, 'LVS102', 'must be an integer'),
    (values.Int(1, 255), 0, 'LVS103', 'is out of range'),
    (values.Int(1), -1, 'LVS103', 'is out of range'),
    (values.Decimal(0, 10), True, 'LVS102', 'must be a number, not a boolean'),
    (values.Decimal(0, 10), 'fast', 'LVS102', 'must be a number'),
    (values.Decimal(0, 10), float('nan'), 'LVS102', 'must be a number'),
    (values.Decimal(0, 10), '10.5', 'LVS103', 'is out of range'),
])
def test_a_number_of_the_wrong_type_or_out_of_range_is_refused(kind, value, rule, message):
    error = refused(kind, value)
    assert (error.rule, error.message, error.fix) == (rule, message, 'give %s' % kind.describe)


def test_an_integer_describes_its_range_in_words():
    assert [values.Int(1, 255).describe, values.Int(1).describe, values.Int().describe] == [
        'an integer from 1 to 255', 'an integer of at least 1', 'an integer']


@pytest.mark.parametrize('value,result,args', [
    (1, 1, ['1']), ('1.0', 1, ['1']), (0.5, 0.5, ['0.5']), ('2.25', 2.25, ['2.25']),
    (0.0000004, 0, ['0']),            # rounded to 6 places: nothing left
    (1.0000006, 1.000001, ['1.000001']),
])
def test_a_decimal_is_an_int_when_whole_and_renders_without_trailing_zeros(value, result, args):
    kind = values.Decimal(0, 10)
    coerced = kind.coerce(value)
    assert (coerced, type(coerced), kind.to_args(coerced)) == (result, type(result), args)


def test_a_choice_is_taken_in_any_case_from_input_but_read_in_keepalived_spelling_from_a_file():
    kind = values.Choice('NAT', 'DR', 'TUN')
    assert kind.coerce('dr') == 'DR' and kind.from_args(['DR']) == 'DR'
    error = refused(kind, 'LVS')
    assert (error.rule, error.message, error.fix) == ('LVS104', 'is not allowed', 'use one of NAT, DR, TUN')
    with pytest.raises(Invalid) as raised:
        kind.from_args(['dr'])  # keepalived compares with strcmp: "dr" is no method there
    assert (raised.value.rule, raised.value.fix) == ('LVS104', 'write DR')
    assert values.Choice('TCP', 'UDP', any_case=True).from_args(['tcp']) == 'tcp'  # strcasecmp: read as written


def test_a_value_read_from_a_file_takes_exactly_one_word():
    with pytest.raises(Invalid) as raised:
        values.Int(1, 255).from_args(['100', '200'])
    assert (raised.value.rule, raised.value.message) == ('LVS102', 'takes exactly one value, found 2')


@pytest.mark.parametrize('kind,good,bad,rule', [
    (values.Word(r'^[a-z]+$', 'lowercase letters'), 'abc', 'abc1', 'LVS105'),
    (values.Name(), 'VI_1.a:b@c-d', '-VI_1', 'LVS112'),
    (values.Word(max_bytes=4), 'cafe', u'caf\xe9', 'LVS103'),  # 4 letters, 5 bytes in UTF-8
])
def test_a_word_is_checked_against_its_pattern_and_its_length_in_bytes(kind, good, bad, rule):
    assert kind.coerce(good) == good
    assert refused(kind, bad).rule == rule


def test_a_secret_refuses_the_mask_printed_in_its_place():
    kind = values.Secret('a password without spaces', MASK)
    assert kind.coerce('t0psecret') == 't0psecret'
    assert refused(kind, MASK).rule == 'LVS115'
    assert refused(kind, 'two words').rule == 'LVS105'  # and what any word refuses


@pytest.mark.parametrize('kind,value,ok', [
    (values.Interface(), 'eth0', True),
    (values.Interface(), 'a' * 15, True),
    (values.Interface(), 'a' * 16, False),             # IFNAMSIZ: 15 bytes and the NUL
    (values.Interface(), u'\xe9' * 8, False),          # 8 letters, 16 bytes
    (values.Interface(), 'eth0/1', False),
    (values.Interface(), 'eth0:1', False),
    (values.Interface(), '..', False),
    (values.Interface(), '', False),
    (values.Interface(label=True), 'eth0:1', True),
    (values.Interface(label=True), 'eth0 1', False),
])
def test_an_interface_name_is_what_linux_takes(kind, value, ok):
    if ok:
        assert kind.coerce(value) == value
    else:
        assert refused(kind, value).rule == 'LVS107'


# ---- booleans -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('value,result', [
    (True, True), (False, False), (1, True), (0, False), (1.0, True), ('yes', True), (' On ', True), ('T', True),
    ('no', False), ('OFF', False), ('0', False), ('f', False),
])
def test_a_boolean_is_read_by_ansibles_rules(value, result):
    assert values.boolean(value) is result


@pytest.mark.parametrize('value,named', [
    (2, 'the number 2'), ('maybe', 'a text'), (None, 'null (nothing)'), ([True], 'a list'), ({}, 'a mapping'),
    (0.5, 'the number 0.5'),
])
def test_anything_else_is_no_boolean_and_the_message_names_what_it_is(value, named):
    with pytest.raises(Invalid) as raised:
        values.boolean(value)
    assert (raised.value.rule, raised.value.message) == ('LVS102', 'must be a boolean, not %s' % named)
    assert raised.value.fix == 'write true/false, yes/no, on/off or 1/0'


@pytest.mark.parametrize('args,result', [([], True), (['true'], True), (['on'], True), (['yes'], True),
                                         (['false'], False), (['off'], False), (['no'], False)])
def test_keepalived_reads_its_own_boolean_words_and_none_as_true(args, result):
    assert values.keepalived_boolean(args) is result
    assert values.Bool().from_args(args) is result


@pytest.mark.parametrize('args', [['1'], ['0'], ['True'], ['true', 'false']])
def test_keepalived_reads_no_other_boolean_words(args):
    with pytest.raises(Invalid) as raised:
        values.keepalived_boolean(args)
    assert raised.value.rule == 'LVS102' and 'true, on, yes, false, off, no' in raised.value.message


def test_a_bool_renders_its_word_an_override_its_keyword_alone_or_false_and_a_flag_its_keyword_alone():
    assert [values.Bool().to_args(True), values.Bool().to_args(False)] == [['true'], ['false']]
    assert [values.Override().to_args(True), values.Override().to_args(False)] == [[], ['false']]
    assert values.Flag().to_args(True) == []


def test_a_flag_or_value_is_its_keyword_alone_for_true_and_its_value_otherwise():
    kind = values.FlagOr(values.Choice('VS'))
    assert (kind.coerce(True), kind.to_args(True), kind.from_args([])) == (True, [], True)
    assert (kind.coerce('vs'), kind.to_args('VS'), kind.from_args(['VS'])) == ('VS', ['VS'], 'VS')
    assert kind.describe == 'true, or one of VS'
    pattern = values.ReplyPattern()
    assert (pattern.to_args(True), pattern.from_args([]), pattern.coerce(' 0a  xx ')) == ([], True, '0a xx')


# ---- statements: a flag, a switch, a command -----------------------------------------------------------------------

@pytest.mark.parametrize('line,kind,warned', [
    ('nopreempt', values.Flag(), None),
    ('nopreempt false', values.Flag(),
     'keepalived ignores the words after nopreempt: the line sets it, whatever they say'),
    ('vrrp_strict true', values.Flag(read_since='2.3'), None),   # set in every version
    ('vrrp_strict off', values.Flag(read_since='2.3'), "keepalived before 2.3 ignores the words after vrrp_strict and "
                                                       "sets it; 2.3 reads 'off' instead and sets it only for true, on "
                                                       "or yes"),
])
def test_a_flag_is_set_whatever_follows_it_and_the_words_keepalived_ignores_are_a_warning(line, kind, warned):
    data, issues = {}, []
    kind.parse(statement(line), Field('flag', kind), data, 'global_defs', issues)
    assert data == {'flag': True}
    assert [(issue.rule, issue.path, issue.message, issue.source) for issue in issues] == (
        [] if warned is None else [('LVS117', 'global_defs.' + line.split()[0], warned, 'lvs.conf:1')])


@pytest.mark.parametrize('line,data,rule', [
    ('nopreempt', {'flag': True}, 'LVS111'),
    ('nopreempt {\n}', {}, 'LVS113'),
])
def test_a_flag_given_twice_or_with_a_block_is_refused(line, data, rule):
    kind = values.Flag()
    with pytest.raises(Invalid) as raised:
        kind.parse(statement(line), Field('flag', kind), data, '', [])
    assert raised.value.rule == rule


def test_a_switch_is_set_by_one_keyword_and_cleared_by_the_other_the_later_line_winning():
    kind = values.Switch('nopreempt', 'preempt')
    field, data, issues = Field('nopreempt', kind), {}, []
    for line in ('nopreempt', 'preempt now'):
        kind.parse(statement(line), field, data, 'vrrp_instances[VI_1]', issues)
    assert data == {'nopreempt': False}
    kind.parse(statement('nopreempt'), field, data, 'vrrp_instances[VI_1]', issues)
    assert data == {'nopreempt': True}
    assert [(issue.rule, issue.path, issue.value) for issue in issues] == [
        ('LVS117', 'vrrp_instances[VI_1].preempt', 'now')]
    with pytest.raises(Invalid) as raised:
        kind.parse(statement('nopreempt'), field, data, '', issues)
    assert raised.value.rule == 'LVS111'


@pytest.mark.parametrize('kind,line,value,ignored', [
    (values.Command(), 'script "/bin/pidof nfsd"', '/bin/pidof nfsd', None),
    (values.Command(), 'script /bin/pidof nfsd', '/bin/pidof', 'nfsd'),
    (values.Command(run_as=True), 'notify /bin/notify.sh root', {'command': '/bin/notify.sh', 'user': 'root'}, None),
    (values.Command(run_as=True), 'notify "/bin/notify.sh MASTER" root wheel',
     {'command': '/bin/notify.sh MASTER', 'user': 'root:wheel'}, None),
    (values.Command(run_as=True), 'notify /bin/notify.sh root root MASTER',
     {'command': '/bin/notify.sh', 'user': 'root:root'}, 'MASTER'),
])
def test_a_command_is_its_first_word_and_a_notify_scripts_next_words_its_user_and_group(kind, line, value, ignored):
    data, issues = {}, []
    kind.parse(statement(line), Field('command', kind), data, 'x', issues)
    assert data == {'command': value}
    assert [(issue.rule, issue.value) for issue in issues] == ([] if ignored is None else [('LVS117', ignored)])


@pytest.mark.parametrize('kind,value,result', [
    (values.Command(), ' /bin/pidof nfsd ', '/bin/pidof nfsd'),
    (values.Command(run_as=True), {'command': '/bin/notify.sh', 'user': 'root:root'},
     {'command': '/bin/notify.sh', 'user': 'root:root'}),
    (values.Command(run_as=True), {'command': '/bin/notify.sh', 'user': None}, '/bin/notify.sh'),
])
def test_a_command_is_an_absolute_program_with_its_arguments_and_its_user_when_it_takes_one(kind, value, result):
    assert kind.coerce(value) == result


@pytest.mark.parametrize('kind,value,rule', [
    (values.Command(), 'pidof nfsd', 'LVS108'),
    (values.Command(), '   ', 'LVS108'),
    (values.Command(), '/bin/check\nnotify_master /bin/other', 'LVS105'),  # a line of its own
    (values.Command(), '/bin/echo "hi"', 'LVS105'),
    (values.Command(), {'command': '/bin/true'}, 'LVS102'),  # a user only where keepalived reads one
    (values.Command(run_as=True), {'command': '/bin/true', 'group': 'root'}, 'LVS102'),
    (values.Command(run_as=True), {'command': '/bin/true', 'user': 'root root'}, 'LVS102'),
])
def test_a_command_that_is_not_absolute_or_would_end_its_quotes_is_refused(kind, value, rule):
    assert refused(kind, value).rule == rule


def test_a_command_renders_in_double_quotes_and_its_user_and_group_as_words_of_their_own():
    kind = values.Command(run_as=True)
    assert kind.to_args('/bin/pidof nfsd') == ['"/bin/pidof nfsd"']
    assert kind.to_args({'command': '/bin/n.sh', 'user': 'root:wheel'}) == ['"/bin/n.sh"', 'root', 'wheel']
    assert values.UserSpec().from_args(['root', 'wheel']) == 'root:wheel'
    assert values.UserSpec().from_args(['root']) == 'root'
    assert refused(values.UserSpec(), 'Root').rule == 'LVS102'


# ---- addresses ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('kind,value,result', [
    (values.Address(), ' 10.1.1.166 ', '10.1.1.166'),
    (values.Address(), '2001:DB8:0::1', '2001:db8::1'),
    (values.Address(prefix=True), '10.1.1.166/24', '10.1.1.166/24'),
    (values.Address(prefix=True), '10.1.1.166', '10.1.1.166'),
    (values.Address(family=6), 'fe80::1', 'fe80::1'),
    (values.Multicast(4), '224.0.0.18', '224.0.0.18'),
    (values.Multicast(6), 'FF02::12', 'ff02::12'),
])
def test_an_address_is_normalized(kind, value, result):
    assert kind.coerce(value) == result


@pytest.mark.parametrize('kind,value,message', [
    (values.Address(), '10.1.1.300', 'is not an IP address'),
    (values.Address(), '10.1.1.166/24', 'is not an IP address'),  # no prefix where none is taken
    (values.Address(family=4), '2001:db8::1', 'is not an IPv4 address'),
    (values.Multicast(4), '10.1.1.166', 'is not an IPv4 multicast address (224.0.0.0/4): keepalived skips it'),
    (values.Multicast(6), 'ff05::12', 'is not an IPv6 multicast address, link-local (such as ff02::12): keepalived '
                                      'skips it'),  # site-local scope
])
def test_an_address_of_the_wrong_form_family_or_scope_is_refused(kind, value, message):
    error = refused(kind, value)
    assert (error.rule, error.message) == ('LVS106', message)


@pytest.mark.parametrize('value,result', [
    ('10.1.1.3-10', '10.1.1.3-10'),
    ('10.1.1.3-010', '10.1.1.3-10'),
    ('AE00::2-00F', 'ae00::2-f'),
    ('10.1.1.250-10.1.2.3', '10.1.1.250-10.1.2.3'),
    ('10.1.1.0/28', '10.1.1.0/28'),
    ('10.1.0.0/16', '10.1.0.0/16'),  # 65536 addresses: the most a member may cover
    ('10.1.1.166', '10.1.1.166'),
])
def test_an_address_range_keepalived_reads_is_normalized(value, result):
    assert values.AddressRange().coerce(value) == result


@pytest.mark.parametrize('value,words', [
    ('10.1.1.3-3', 'does not end above its start (3) and at most at 255'),
    ('10.1.1.3-256', 'does not end above its start (3) and at most at 255'),
    ('ae00::2-10000', 'does not end above its start (2) and at most at ffff'),
    ('10.1.1.3-1a', 'does not end above its start'),
    ('10.1.2.3-10.1.1.250', 'end is below its start'),
    ('10.1.1.1/28', 'host bits zero'),
    ('0.0.0.0/0', 'has the prefix 0'),
    ('10.0.0.0/15', 'covers 131072 addresses'),
    ('10.0.0.0-10.1.0.0', 'covers 65537 addresses'),
])
def test_an_address_range_keepalived_skips_is_refused_with_its_reason(value, words):
    error = refused(values.AddressRange(), value)
    assert error.rule == 'LVS103' and words in error.message


@pytest.mark.parametrize('text,addresses', [
    ('10.1.1.3', ['10.1.1.3']),
    ('10.1.1.3-5', ['10.1.1.3', '10.1.1.4', '10.1.1.5']),
    ('ae00::9-b', ['ae00::9', 'ae00::a', 'ae00::b']),        # the end in hex
    ('10.1.1.255-10.1.2.1', ['10.1.1.255', '10.1.2.0', '10.1.2.1']),
    ('10.1.1.4/30', ['10.1.1.4', '10.1.1.5', '10.1.1.6', '10.1.1.7']),
])
def test_an_address_range_covers_every_address_from_its_start_to_its_end(text, addresses):
    assert values.addresses_in(text) == addresses


def test_the_last_part_of_an_address_is_an_octet_or_a_16_bit_group_and_the_family_ignores_a_prefix():
    assert (values.last_part('10.1.1.166'), values.last_part('ae00::1:1ff')) == (166, 0x1ff)
    assert (values.family_of('10.1.1.166/24'), values.family_of('ae00::1/64')) == (4, 6)
    assert values.family_of('::ffff:10.1.1.166') == 6  # an IPv4-mapped IPv6 address has dots too


@pytest.mark.parametrize('value,result', [('255.255.255.0', '255.255.255.0'), ('24', 24), (128, 128), (1, 1)])
def test_a_granularity_is_an_ipv4_netmask_or_a_prefix_length(value, result):
    assert values.Granularity().coerce(value) == result


@pytest.mark.parametrize('value,rule', [(0, 'LVS103'), ('129', 'LVS103'), (True, 'LVS102'), ('255.0.255.0', 'LVS106')])
def test_a_granularity_out_of_range_or_no_netmask_is_refused(value, rule):
    assert refused(values.Granularity(), value).rule == rule


@pytest.mark.parametrize('value,result', [
    ('smtp.example.com', 'smtp.example.com'), ('10.1.1.25 587', '10.1.1.25 587'), ('2001:DB8::25', '2001:db8::25')])
def test_a_mail_server_is_an_address_or_host_name_and_an_optional_port(value, result):
    assert values.Host().coerce(value) == result
    assert values.Host().from_args(values.Host().to_args(result)) == result


@pytest.mark.parametrize('value,rule', [
    ('smtp_server.example.com', 'LVS106'), ('-smtp.example.com', 'LVS106'), ('smtp 25 x', 'LVS102'),
    ('smtp 0', 'LVS103')])
def test_a_mail_server_that_is_no_host_name_or_port_is_refused(value, rule):
    assert refused(values.Host(), value).rule == rule


def test_a_path_is_absolute_and_one_token():
    assert values.Path().coerce('/etc/keepalived/track') == '/etc/keepalived/track'
    assert refused(values.Path(), 'etc/keepalived').rule == 'LVS108'
    assert refused(values.Path(), '/etc/my file').rule == 'LVS105'


# ---- status codes and hex --------------------------------------------------------------------------------------------

@pytest.mark.parametrize('value,result', [
    (200, [200]), ('200 300-399', [200, '300-399']), ([200, '201-204'], [200, '201-204'])])
def test_status_codes_are_codes_and_ranges_read_back_as_rendered(value, result):
    kind = values.StatusCodes()
    assert kind.coerce(value) == result
    assert kind.from_args(kind.to_args(result)) == result


@pytest.mark.parametrize('value', [True, [], '600', '399-300', [200, True], 'ok', None])
def test_what_is_no_status_code_or_range_is_refused(value):
    assert refused(values.StatusCodes(), value).rule == 'LVS102'


def test_hex_bytes_are_words_of_hex_digits_spaced_once():
    kind = values.HexBytes()
    assert kind.coerce(' 0a1B\t2c  3 ') == '0a1B 2c 3'
    assert kind.to_args('0a1B 2c 3') == ['0a1B', '2c', '3'] and kind.from_args(['0a1B', '2c', '3']) == '0a1B 2c 3'
    assert kind.coerce('a' * kind.MAX_CHARACTERS) == 'a' * kind.MAX_CHARACTERS


@pytest.mark.parametrize('kind,value,rule,message', [
    (values.HexBytes(), 1234, 'LVS102', 'must be a text, not the number 1234'),  # YAML read it as a number
    (values.HexBytes(), '0a xx', 'LVS102', 'is not a text of hex digits, spaces allowed (e.g. "0a1b 2c")'),
    (values.HexBytes(), '  ', 'LVS102', 'is not a text of hex digits, spaces allowed (e.g. "0a1b 2c")'),
    (values.HexBytes(wildcards=True), '0a xg', 'LVS102', 'is not a text of hex digits or x for a nibble of any value, '
                                                         'spaces allowed (e.g. "0a1b 2c")'),
    (values.HexBytes(), 'a' * 991, 'LVS103', 'is 991 characters long, more than a line of keepalived.conf holds'),
])
def test_hex_bytes_that_are_no_text_no_hex_or_too_long_for_a_line_are_refused(kind, value, rule, message):
    error = refused(kind, value)
    assert (error.rule, error.message) == (rule, message)


# ---- messages -------------------------------------------------------------------------------------------------------

def test_did_you_mean_names_the_closest_known_word_or_says_the_otherwise():
    assert values.did_you_mean('priorty', ['priority', 'state'], 'see the docs') == 'did you mean priority?'
    assert values.did_you_mean('vrrp', ['priority', 'state'], 'see the docs') == 'see the docs'  # too far from both
