# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every validation rule of the model, by id. docs/rules.md is generated from this table.

LVS0xx: the directors of a cluster together, from the inventory (cluster.py).
LVS1xx: one value on its own (types, ranges, injection safety, parsing).
LVS2xx: several values of one host's configuration together (checks.py).
"""

from __future__ import absolute_import, division, print_function

from collections import namedtuple

from .issues import ERROR, WARNING, Issue

# prevents: the article's experiment or keepalived pitfall the rule keeps from happening
Rule = namedtuple('Rule', 'id level summary prevents', defaults=('',))


RULES = dict((rule.id, rule) for rule in (
    Rule('LVS001', ERROR, 'a VRRP instance defined on some directors of a cluster only'),
    Rule('LVS002', ERROR, 'virtual_router_id of an instance differs between directors',
         'article 4.2: different virtual_router_ids, both directors MASTER, address conflict'),
    Rule('LVS003', ERROR, 'advert_int of an instance differs between directors',
         'article 4.2: advert_int 5 vs 1, "advertissement interval mismatch", two MASTERs'),
    Rule('LVS004', ERROR, 'authentication of an instance differs between directors',
         'article 4.2: different passwords, "invalid passwd", two MASTERs'),
    Rule('LVS005', ERROR, 'virtual IP addresses of an instance differ between directors'),
    Rule('LVS006', ERROR, 'VRRP version of an instance differs between directors'),
    Rule('LVS007', ERROR, 'unicast on some directors of an instance, multicast on others'),
    Rule('LVS008', ERROR, 'two directors with the same priority for an instance',
         'article 4.2: equal priorities, an undecided election (the article saw two MASTERs; keepalived 2.2.7 keeps '
         'whichever director is MASTER, so a recovered director never gets its VIP back)'),
    Rule('LVS009', ERROR, 'priority 255 (address owner) on more than one director'),
    Rule('LVS010', ERROR, 'a virtual_router_id used by two clusters on one layer-2 segment',
         'two clusters answering each other\'s adverts'),
    Rule('LVS011', ERROR, 'unicast peers that miss another director or list the director itself; a unicast_src_ip '
         'shared by directors or owned by another host'),
    Rule('LVS012', ERROR, 'a virtual server whose address is not a VIP of the directors',
         'a service that stays on a dead director after failover'),
    Rule('LVS013', ERROR, 'a DR/TUN real server that no inventory host prepares (VIP on lo, ARP sysctls)',
         'article 3.3 done by hand: a real server without lo:0 or with arp_ignore 0 answering ARP for the VIP'),
    Rule('LVS014', ERROR, 'the same router_id on two directors', 'article 5: both directors say router_id LVS1'),
    Rule('LVS015', ERROR, 'virtual servers that differ between the directors of a cluster',
         'article 3: keepalived.conf written twice and kept consistent by eye'),
    Rule('LVS020', WARNING, 'a tracked script whose weight cannot move the VIP, or reverses the roles when it fails on both',
         'article 5: weight -90 on priorities 150/100 works; the arithmetic is shown for any other pair'),
    Rule('LVS022', WARNING, 'VRRPv2 PASS authentication (clear text, removed from RFC 3768)',
         'article 4.1: the password readable in every captured advert'),
    Rule('LVS016', ERROR, 'a virtual IP address that is also an inventory host\'s own address',
         'an address conflict with that host as soon as the VIP comes up'),
    Rule('LVS017', ERROR, 'two directors with the same address',
         'one machine listed twice, or a copy-pasted ansible_host: VRRP between them cannot work'),
    Rule('LVS023', WARNING, 'a computed failover time (Master_Down_Interval) above lvs_failover_target'),
    Rule('LVS024', WARNING, 'a cluster of one director (no failover), e.g. after a typo in lvs_cluster_name'),
    Rule('LVS025', WARNING, 'nopreempt on some directors of an instance but not on the one with the highest priority',
         'lvs_preempt: false in a backup\'s host_vars only: the highest-priority director still takes the VIP back'),
    Rule('LVS026', ERROR, 'a cluster-wide variable (lvs_l2_segment, lvs_failover_target, lvs_vrrp_profile) that '
         'differs between the directors of a cluster', 'a value in one director\'s host_vars that the cluster ignores, or one cluster split '
         'over two layer-2 segments'),
    Rule('LVS027', ERROR, 'a virtual IP address of two clusters on one layer-2 segment',
         'a copy-pasted VIP: two MASTERs, one per cluster, answering ARP for it'),
    Rule('LVS028', ERROR, 'a director whose maintenance switch would not hand every VIP over to the other directors',
         'a tracked script with a positive weight on one director only: in maintenance it still outranks its peer'),
    Rule('LVS029', ERROR, 'directors of a cluster with different connection sync settings (lvs_sync_daemon instance or '
         'sync id)', 'a backup that ignores the master\'s connections: they break at the next failover'),
    Rule('LVS018', ERROR, 'a connection sync id used by two clusters on one layer-2 segment',
         'two clusters importing each other\'s IPVS connections'),
    Rule('LVS019', ERROR, 'the fast VRRP profile (lvs_vrrp_profile: fast) on an instance that runs VRRPv2 (its '
         'version, or vrrp_version in lvs_global_defs)', 'keepalived 2.2.7 -t exits 5: "VRRPv2 advertisement interval '
         '0.100000s must be an integer. rounding": the profile\'s failover no faster than the standard one\'s'),
    Rule('LVS021', WARNING, 'the fast VRRP profile on an instance whose own advert_int is 1 s or more',
         'advert_int: 1 left in the group_vars\' lvs_vrrp_instances: the profile switched on, the failover as slow '
         'as before'),
    Rule('LVS040', ERROR, 'active-active: a scheduler that is not a consistent hash over the port (fix: mh with mh-port, '
         'or sh with sh-port)', 'rr, wlc and the like send a flow the routers re-hash to another director to another '
         'real server: the connection is reset'),
    Rule('LVS041', ERROR, 'active-active: real servers, weights or their order that differ between the directors for '
         'one virtual server', 'different hash tables: a re-hashed flow reaches another real server'),
    Rule('LVS042', ERROR, 'active-active: LVS-NAT', 'replies that must return through the director that forwarded '
         'the request, which the real servers cannot know'),
    Rule('LVS043', ERROR, 'active-active: no AS number, BGP peers or router-id, or no peer of a VIP\'s family',
         'a director that serves VIPs nobody routes to it'),
    Rule('LVS044', ERROR, 'active-active: BGP peers (routers, their AS, password or BFD) that differ between directors',
         'a router refusing a director, or spreading flows over some directors only'),
    Rule('LVS045', ERROR, 'active-active: a VIP a director announces but does not fully serve, or serves but does not '
         'announce while others do', 'flows the router sends to a director that drops them'),
    Rule('LVS046', ERROR, 'the mh scheduler on a director whose kernel (ansible_kernel) is older than 4.18',
         'keepalived failing to create the virtual server: "Scheduler not found"'),
    Rule('LVS047', ERROR, 'active-active: VRRP instances', 'VRRP moving VIPs that every director must hold'),
    Rule('LVS048', ERROR, 'active-active: quorum_up or quorum_down written by hand (they switch the announcement)',
         'a VIP announced while it cannot be served'),
    Rule('LVS049', ERROR, 'lvs_cluster_mode differs between the directors of a cluster'),
    Rule('LVS050', ERROR, 'active-active: a script_user other than root, which cannot switch the announcement routes',
         'quorum commands that fail: a VIP announced after its real servers died'),
    Rule('LVS051', ERROR, 'active-active: inhibit_on_failure false (keepalived would remove a failed real server and '
         'add it back at the other end of the list)', 'a director whose Maglev table differs from the others\' after '
         'a real server failed and recovered: re-hashed flows reset'),
    Rule('LVS052', ERROR, 'a real server with lvs_realserver_state: absent still listed in a virtual server\'s '
         'real_servers', 'a director forwarding to a decommissioned host whose VIP and ARP settings were undone'),
    Rule('LVS053', ERROR, 'LVS-NAT: a real server whose lvs_realserver_gateway is not a VIP of the cluster',
         'answers that bypass the director that rewrote the requests: the client gets them from the real server\'s '
         'address and resets the connection'),
    Rule('LVS054', ERROR, 'LVS-NAT: a check that probes the virtual server\'s port on a real server that serves another '
         'one (connect_port written for the virtual server)', 'a real server marked up or down by a port its service '
         'is not on'),
    Rule('LVS055', ERROR, 'a real server that virtual servers of different forwarding methods forward to (it is set '
         'up for one method)', 'a real server that serves one method\'s VIPs only: the other virtual servers\' requests go '
         'unanswered'),
    Rule('LVS030', ERROR, 'an lvs_* inventory variable lvs.cluster does not know (with the closest known one)',
         'a misspelled variable silently ignored (lvs_virtual_server: a cluster without virtual servers)'),
    Rule('LVS031', ERROR, 'lvs_vrrp_priority or lvs_vrrp_state naming a VRRP instance that is not defined',
         'a per-instance priority silently ignored'),
    Rule('LVS032', WARNING, 'an lvs_* variable given only to hosts it is not for: a real server variable on directors, '
         'a director variable on real servers', 'lvs_realserver_port in the directors\' group_vars, silently ignored'),
    Rule('LVS101', ERROR, 'unknown key or keyword (with the closest known one)',
         'a typo silently ignored by keepalived'),
    Rule('LVS102', ERROR, 'value of the wrong type'),
    Rule('LVS103', ERROR, 'number out of keepalived\'s range'),
    Rule('LVS104', ERROR, 'value not among the allowed choices'),
    Rule('LVS105', ERROR, 'text that would inject a directive (newline, brace, quote, comment sign, space)',
         'a value that adds or hides a line in keepalived.conf'),
    Rule('LVS106', ERROR, 'not a valid IP address, network or netmask'),
    Rule('LVS107', ERROR, 'not a valid interface name or label'),
    Rule('LVS108', ERROR, 'not an absolute path, or a command that does not start with one'),
    Rule('LVS109', ERROR, 'required key missing'),
    Rule('LVS110', WARNING, 'deprecated keyword (the modern one is rendered)',
         'nb_get_retry makes keepalived -t fail since 2.0.15'),
    Rule('LVS111', ERROR, 'key given twice'),
    Rule('LVS112', ERROR, 'not a valid name for an instance, script, group or router_id'),
    Rule('LVS113', ERROR, 'keepalived.conf syntax error (braces, quotes, include)'),
    Rule('LVS114', WARNING, 'keepalived default made explicit when parsing a file',
         'a virtual_server without protocol becomes UDP (keepalived 2.2.7 -t exits 5: "no protocol set - defaulting to '
         'UDP")'),
    Rule('LVS115', ERROR, 'the masked placeholder ******** given where a secret belongs',
         'masked output (parse, keepalived_config_info) fed back as input, installing ******** as the password'),
    Rule('LVS116', WARNING, 'a line of keepalived.conf that is not UTF-8 (read as Latin-1)',
         'a comment in GBK or Latin-1 stopping the reading of a working file'),
    Rule('LVS117', WARNING, 'words keepalived ignores: after a standalone keyword (nopreempt false sets nopreempt), after '
         "a script's unquoted command (misc_path /bin/check vs1 runs /bin/check alone), or ones keepalived 2.2 ignores "
         'and 2.3 reads (vrrp_strict false)',
         'nopreempt false, written to turn preemption on, turning it off; a check script run without its arguments'),
    Rule('LVS118', ERROR, 'a pasted shell prompt or command in keepalived.conf (root@lb1:~# cat ..., $ sudo vi ...)',
         'keepalived 2.2.7 -t exits 5: "Unknown keyword \'root@lb1:~\'" (the # starts a comment)'),
    Rule('LVS120', ERROR, 'a keyword the target keepalived release does not have (added later, or removed)',
         'a keyword of a newer keepalived deployed to an older one: keepalived -t refuses it ("Unknown keyword")'),
    Rule('LVS201', ERROR, 'advert_int not valid for the VRRP version (v2: whole seconds 1-255, v3: 10 ms steps up to 40.95)',
         'advert_int rounded by keepalived; mismatched advert_int gives two MASTERs'),
    Rule('LVS202', ERROR, 'auth_pass longer than 8 bytes (keepalived truncates it)',
         'a password that differs from what the peer checks'),
    Rule('LVS203', ERROR, 'authentication with VRRP version 3 (RFC 5798 has none), IPv6 instances included',
         'keepalived 2.2.7 -t exits 5: "VRRP version 3 does not support authentication"'),
    Rule('LVS204', ERROR, 'addresses of more than one family in one VRRP instance'),
    Rule('LVS205', ERROR, 'DR/TUN real server or sorry_server port differs from the virtual server port',
         'LVS-DR/TUN cannot rewrite ports: requests are lost'),
    Rule('LVS206', ERROR, 'hysteresis not below quorum'),
    Rule('LVS207', ERROR, 'state MASTER without an explicit priority (keepalived makes it 255, the address owner)',
         'a MASTER that preempts everything and ignores track weights'),
    Rule('LVS208', ERROR, 'nopreempt or preempt_delay with state MASTER (keepalived clears them)',
         'the article\'s nopreempt pair silently preempting'),
    Rule('LVS209', ERROR, 'nopreempt together with preempt_delay'),
    Rule('LVS210', ERROR, 'a name that is not defined: in track_script/track_file/track_process, a FILE_CHECK\'s '
         'track_file, a BFD_CHECK\'s bfd_instance (one whose events go to the checker process), a track_bfd\'s '
         'bfd_instance (one whose events go to the VRRP process)',
         'keepalived 2.2.7 -t exits 5: "track_file ... not found", "BFD_CHECK - BFD ... not configured", '
         '"track bfd ... not found"'),
    Rule('LVS211', ERROR, 'vrrp_sync_group member not a defined instance, or in two groups'),
    Rule('LVS212', ERROR, 'virtual_server group not defined in virtual_server_groups'),
    Rule('LVS213', ERROR, 'the same virtual server twice'),
    Rule('LVS214', ERROR, 'the same real server twice in one virtual server'),
    Rule('LVS215', ERROR, 'virtual_router_id used twice on one interface',
         'two instances answering each other\'s adverts'),
    Rule('LVS216', ERROR, 'the same virtual IP address in two VRRP instances',
         'an address conflict between instances'),
    Rule('LVS217', ERROR, 'scripts configured without enable_script_security (keepalived -t exits 6)'),
    Rule('LVS218', ERROR, 'virtual_server needs exactly one of address, fwmark or group'),
    Rule('LVS219', ERROR, 'HTTP_GET/SSL_GET without a url, or a url without path'),
    Rule('LVS220', ERROR, 'address label does not start with its device name and a colon'),
    Rule('LVS221', ERROR, 'VRRP instance without virtual IP addresses',
         'keepalived 2.2.7 -t exits 5: "No VIP specified; at least one is sensible"'),
    Rule('LVS222', ERROR, 'virtual server without real servers (an empty real_servers_from_group included)',
         'keepalived -t refuses it ("has no real servers - ignoring") on the host, after the real servers were changed'),
    Rule('LVS223', ERROR, 'a virtual server, its ip_family, real servers, sorry_server and persistence_granularity not all '
         'of one address family',
         'keepalived skips the servers of the other family ("Address family ... don\'t match")'),
    Rule('LVS224', ERROR, 'protocol, a real server port or a sorry_server port on a fwmark virtual server',
         'keepalived 2.2.7 -t refuses them ("protocol specified for fwmark", "has port specified")'),
    Rule('LVS225', ERROR, 'a virtual address option its family or its other options rule out: scope, brd or label on '
         'IPv6, an IPv6 brd or peer on IPv4, brd beside peer, a prefix on the address beside peer',
         'keepalived 2.2.7 -t: "Cannot specify scope for IPv6 addresses", "Cannot specify label for IPv6 addresses", '
         '"trying to assign a broadcast ... skipping VIP", "Peer address ... does not match address family"'),
    Rule('LVS226', ERROR, 'a setting strict mode (vrrp_strict, or an instance\'s strict_mode) resets: authentication, '
         'preempt_delay, garp_lower_prio_repeat/delay, accept with VRRPv2, state MASTER below priority 255',
         'keepalived 2.2.7 -t: "Strict mode does not support authentication", "State MASTER must match being address '
         'owner", "... resetting"'),
    Rule('LVS227', ERROR, 'in strict mode, a first IPv6 virtual address that is not link-local',
         'keepalived 2.2.7 -t: "the first IPv6 VIP address must be link local"'),
    Rule('LVS228', ERROR, 'a vrrp_sync_group with a single instance',
         'keepalived 2.2.7 -t exits 5: "Sync group ... has only 1 virtual router(s)"'),
    Rule('LVS230', ERROR, 'a virtual server without lvs_sched or lvs_method',
         'keepalived 2.2.7 -t exits 5: "no scheduler set, setting default \'wlc\'", "no forwarding method set"'),
    Rule('LVS231', ERROR, 'a vrrp_track_process whose quorum_max is below its quorum',
         'keepalived 2.2.7 -t exits 5: "quorum_max is less than quorum - ignoring"'),
    Rule('LVS232', ERROR, 'a key that needs another one: sorry_server_inhibit or sorry_server_lvs_method without '
         'sorry_server, unicast_ttl, unicast_src_ip or check_unicast_src without unicast_peer, vmac_xmit_base without '
         'use_vmac, reverse without weight',
         'keepalived 2.2.7 -t exits 5 ("sorry_server inhibit used before or without sorry_server", "A unicast keyword '
         'has been specified without any unicast peers"); a reverse that no weight line carries'),
    Rule('LVS233', ERROR, 'a virtual server quorum above its real servers\' total weight',
         'keepalived 2.2.7 -t exits 5: "quorum ... exceeds total weight of real servers ..., reducing quorum"'),
    Rule('LVS234', ERROR, 'VRRP version 2 on an IPv6 instance (VRRPv2 is IPv4 only)',
         'keepalived 2.2.7 -t exits 5 when version 2 follows an IPv6 address ("vrrp_version 2 conflicts with configured or '
         'deduced version"), and exits 0 without a word when it comes first: VRRPv2 adverts over IPv6'),
    Rule('LVS235', ERROR, 'a track_interface entry naming the instance\'s own interface',
         'keepalived 2.2.7 -t exits 5: "Ignoring track_interface ... since own interface"'),
    Rule('LVS236', ERROR, 'a weighted track_script, track_interface or track_file on an address owner (priority 255)',
         'keepalived 2.2.7 -t exits 5: "ignoring tracked script ... with weights due to address_owner"; weights never '
         'change an address owner\'s priority'),
    Rule('LVS237', ERROR, 'a flag of the sh and mh schedulers (sh-port, sh-fallback, mh-port, mh-fallback) with another '
         'scheduler', 'keepalived 2.2.7 -t exits 5: "sh-port only applies to sh scheduler - ignoring"'),
    Rule('LVS238', ERROR, 'a UDP_CHECK min_reply_length above its max_reply_length (default 255), or reply lengths '
         'without the hex digits of a require_reply (keepalived ignores them then)',
         'keepalived 2.2.7 -t exits 5: "min_reply length ... > max_reply_length ... - will always fail"; lengths '
         'silently ignored'),
    Rule('LVS239', ERROR, 'a bfd_instance keepalived refuses: a source_ip of another family than its neighbor_ip, the '
         'neighbor_ip of another instance without distinct source_ips, max_hops above ttl/hoplimit (default 255 for IPv4, '
         '64 for IPv6), ttl together with hoplimit; or a real server with two BFD_CHECKs of one bfd_instance',
         'keepalived 2.2.7 -t exits 5: "not of the same family", "duplicate neighbor address", "max_hops exceeds '
         'ttl/hoplimit", "RS already monitoring"; ttl and hoplimit are one setting, the later line wins'),
    Rule('LVS229', ERROR, 'a weighted track_script, track_interface or track_file on a vrrp_sync_group member',
         'keepalived 2.2.7 -t exits 5: "ignoring tracked script ... with weights due to SYNC group"'),
    Rule('LVS241', ERROR, 'a key another one already implies: promote_secondaries with use_vmac',
         'keepalived 2.2.7 -t exits 5: "promote_secondaries is automatically set for vmacs - ignoring"'),
    Rule('LVS240', ERROR, 'an lvs_sync_daemon naming a VRRP instance the file does not define',
         'keepalived -t is clean, then keepalived clears the setting at start ("Unable to find vrrp instance ... for '
         'lvs_syncd"): no connection is synchronised'),
))


def make_issue(rule_id, path, value, message, fix, source=None, host=None):
    rule = RULES[rule_id]
    return Issue(rule_id, rule.level, path, value, message, fix, source, host)
