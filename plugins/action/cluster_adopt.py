# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster.cluster_adopt: write the inventory of a hand-built cluster on the controller, from what
lvs.cluster.keepalived_config_info read on its directors.

Documentation: plugins/modules/cluster_adopt.py. The import is module_utils/keepalived/adopt.py, the files
plugin_utils/adopt_files.py (shared with lvs-cluster import).
"""

from __future__ import absolute_import, division, print_function

import os

from ansible.plugins.action import ActionBase

from ansible_collections.lvs.cluster.plugins.module_utils.keepalived import adopt
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.inventory import host_address
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.issues import Issue, format_issues
from ansible_collections.lvs.cluster.plugins.module_utils.keepalived.config import secret_values
from ansible_collections.lvs.cluster.plugins.module_utils import module_support
from ansible_collections.lvs.cluster.plugins.plugin_utils import adopt_files


def _issues(host, found):
    return [Issue(item['rule'], item['level'], item['path'], item['value'], item['message'], item['fix'],
                  item.get('source'), host) for item in found or []]


def _reachable(task_vars):
    """(real server address -> inventory name, host -> ansible_host) from the inventory the play runs with."""
    names, addresses = {}, {}
    for host in task_vars['groups'].get('all', []):
        reach = task_vars['hostvars'][host].get('ansible_host')
        address = host_address(host, {'ansible_host': reach})
        if address is not None:
            names.setdefault(address, host)
        if reach:
            addresses[host] = str(reach)
    return names, addresses


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('registered', 'dest', 'force', 'directors_group', 'realservers_group'))
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self.validate_argument_spec(argument_spec=dict(
            module_support.GROUP_OPTIONS,
            registered=dict(type='str', default='lvs_adopt_read'),
            dest=dict(type='path', required=True),
            force=dict(type='bool', default=False),
        ))[1]
        configs, issues, sources, refused = [], [], [], []
        for host in task_vars['groups'].get(args['directors_group'], []):
            found = task_vars['hostvars'][host].get(args['registered'])  # not an argument: it holds the passwords
            if not isinstance(found, dict) or not found.get('exists'):
                refused.append(host)
                continue
            configs.append((host, found['config']))
            issues.extend(_issues(host, found.get('issues')))
            sources.append((host, found.get('path')))
        unread = [issue for issue in issues if issue.level == 'error' and issue.rule.startswith('LVS1')]
        if unread:  # keepalived.conf the model reads only in part (a value or keyword keepalived refuses too)
            result.update(failed=True, msg='Nothing imported: the model cannot read every file:\n%s'
                                           % format_issues(unread))
            return result
        if refused or not configs:
            result.update(failed=True, msg='No keepalived.conf was read on %s: register the result of '
                                           'lvs.cluster.keepalived_config_info (include_secrets: true) there as %s '
                                           'first, as lvs.cluster.adopt does' % (', '.join(refused or [args[
                                               'directors_group']]), args['registered']))
            return result
        secrets = [value for _host, config in configs for value in secret_values(config)]
        names, addresses = _reachable(task_vars)
        adoption = adopt.adopt(configs, names, addresses, args['directors_group'], args['realservers_group'])
        vault_secrets = getattr(getattr(self._loader, '_vault', None), 'secrets', None) if adoption.secrets else None
        written = adopt_files.files(adoption, sources, issues, args['dest'], vault_secrets)
        clash = adopt_files.settle(args['dest'], written, adoption.secrets, vault_secrets)
        report = written[adopt_files.REPORT]
        result.update(changed=not adopt_files.unchanged(args['dest'], written), dest=args['dest'],
                      files=sorted(written), report=report.splitlines(), valid=adoption.report.valid,
                      round_trip=not adoption.differences, differences=adoption.differences,
                      encrypted=bool(vault_secrets))
        if clash and not args['force']:
            result.update(failed=True, changed=False,
                          msg='%s already has %s, saying something else; give another dest, or force: true to '
                              'overwrite them' % (args['dest'], ', '.join(clash)))
        elif result['changed'] and not self._task.check_mode:
            try:
                adopt_files.write(args['dest'], written)
            except (IOError, OSError) as problem:
                result.update(failed=True, changed=False,
                              msg='Cannot write the inventory in %s: %s' % (args['dest'], problem))
        if self._task.diff and result['changed']:
            result['diff'] = [dict(before_header=os.path.join(args['dest'], path), after_header=os.path.join(
                args['dest'], path), before='', after=text) for path, text in sorted(written.items())]
        for value in secrets:  # the report never holds one; this keeps any slip out of the output
            result['report'] = [line.replace(value, '********') for line in result['report']]
        return result
