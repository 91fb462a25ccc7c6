# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""lvs.cluster's one model of keepalived's configuration.

Pure Python (standard library only) so that modules, action plugins, filters and the
command line all share it. Where things live:

- ``rules.py``       every validation rule id, its level and summary (the table in docs/rules.md)
- ``issues.py``      the Issue record, and formatting of findings
- ``values.py``      typed scalar values: ranges, addresses, names, injection-safe strings
- ``entries.py``     the line formats inside list blocks (virtual_ipaddress, track_script, ...)
- ``schema.py``      the block machinery: load from dicts, render, parse-tree to dict
- ``grammar_table.py`` every keyword keepalived knows, block by block, with the releases that have it (generated
  from keepalived's source by scripts/keepalived_grammar.py)
- ``grammar.py``     lookups in it: which keywords pass through, which keepalived refuses, which a release lacks
- ``keywords.py``    every keepalived keyword, typed by the model or passed through (docs/keywords.md)
- ``passthrough.py`` the escape hatch: statements the model does not type, kept per block and rendered as written
- ``blocks.py``      keepalived's blocks (global_defs, vrrp_instance, virtual_server, ...), keepalived's
  defaults, and what an instance or a virtual server effectively is (its VIPs, VRRP version, method)
- ``checks.py``      rules that look at more than one value of one configuration (one function per rule id)
- ``preprocessor.py`` keepalived's preprocessing: comments, include, @ID lines, $NAME parameters, ~SEQ/~LST,
  non-UTF-8 bytes
- ``lexer.py``       preprocessed lines to a statement tree (quotes, braces)
- ``config.py``      the public API: load, parse, render, validate, mask_secrets
- ``changes.py``     whether two files configure keepalived alike, and whether a change needs nothing, a reload or
  two reloads
- ``exit_codes.py``  what ``keepalived -t`` exit codes mean
- ``timing.py``      VRRP timers (Master_Down_Interval) and checker cycles
- ``election.py``    which director a VRRP election makes MASTER
- ``variables.py``   the lvs_* inventory variables: kinds, meanings (docs/keys.md), checks
- ``inventory.py``   from inventory variables to each director's configuration
- ``origins.py``     where each part of a derived configuration came from
- ``activeactive.py`` an active-active director's announcement plan and BGP settings
- ``registry.py``    where the rules register
- ``cluster.py``     rules over a cluster's directors together (LVS0xx), and the summary the playbooks read
- ``activeactive_rules.py`` the cluster rules of active-active clusters (LVS040-LVS050)
- ``findings.py``    a cluster validation's findings in the operator's words
- ``slices.py``      each host's part of the derivation
- ``collector.py``   Python's garbage collector paused while a fleet is read and derived
- ``operations.py``  the drain and maintenance files a live cluster is operated with (no reload)
- ``operations_rules.py`` the cluster rule of the maintenance switch (LVS028)
- ``decommission_rules.py`` the cluster rule of real servers marked absent (LVS052)
- ``sync.py``        IPVS connection sync between a VRRP cluster's directors (lvs_sync_daemon)
- ``sync_rules.py``  the cluster rules of connection sync (LVS018, LVS029)
- ``nat_rules.py``   the cluster rules of LVS-NAT: the real servers' gateway, their checks' port (LVS053, LVS054)
- ``realserver_rules.py`` the rule of a real server as every cluster sees it: one forwarding method (LVS055)
- ``profiles.py``    the VRRP timing profiles (lvs_vrrp_profile): what the fast one sets, and why
- ``profile_rules.py`` the cluster rules of the fast profile (LVS019, LVS021)
- ``rollout.py``     the plan of a rolling update: real-server batches, then the directors backups first
- ``adopt.py``       a hand-built cluster's files to the inventory that derives them again (lvs-cluster import)
"""
