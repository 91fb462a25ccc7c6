# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster's one model of keepalived's configuration.

Pure Python (standard library only) so that modules, action plugins, filters and the
command line all share it. Where things live:

- ``rules.py``     every validation rule id, its level and summary (the table in docs/rules.md)
- ``issues.py``    the Issue record, and formatting of findings
- ``values.py``    typed scalar values: ranges, addresses, names, injection-safe strings
- ``schema.py``    the block machinery: load from dicts, render, parse-tree to dict
- ``blocks.py``    keepalived's blocks (global_defs, vrrp_instance, virtual_server, ...)
- ``checks.py``    rules that look at more than one value (one function per rule id)
- ``lexer.py``     keepalived.conf text to a statement tree (comments, quotes, include)
- ``config.py``    the public API: load, parse, render, validate, mask_secrets
- ``changes.py``   whether a change needs a reload or a restart of keepalived
- ``config_test.py`` what ``keepalived -t`` exit codes mean
"""
