#!/usr/bin/env bash
# Checks a running VM lab (after up.sh):
#   1. IPVS works on the directors (modprobe -a ip_vs ip_vs_rr; ipvsadm -Ln)
#   2. the client reaches every real server's page ("real server rsN")
#   3. `ansible all -m ping` inside the namespace, with pipelining (when ansible is in PATH)
#   4. with --dr: a hand-made LVS-DR service on the first director (VIP on its eth0, VIP on lo
#      + arp_ignore=1/arp_announce=2 on the real servers); the client's curls must alternate.
#      Everything is undone afterwards, also on failure.
# Usage: selftest.sh [--dr]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
netns_exists || die "the lab is not up; run $LAB_DIR/up.sh"

DR=0
[[ ${1:-} == --dr ]] && DR=1
lab_roles

stage "IPVS on the directors (${DIRECTORS[*]})"
for d in "${DIRECTORS[@]}"; do
    on "$d" 'modprobe -a ip_vs ip_vs_rr && ipvsadm -Ln | head -n1 && lsmod | grep -E "^ip_vs(_rr)? " | cut -c1-40' |
        sed "s/^/    $d: /" >&2
done

stage "web pages of the real servers, seen from $CLIENT"
for r in "${REALSERVERS[@]}"; do
    page=$(on "$CLIENT" curl -fsS -m 5 "http://${LAB_IP[$r]}/")
    log "    curl http://${LAB_IP[$r]}/ -> $page"
    [[ $page == "real server $r" ]] || die "unexpected page from $r: '$page'"
done

if command -v ansible >/dev/null 2>&1; then
    stage "ansible all -m ping (ANSIBLE_PIPELINING=1) in netns $LVS_LAB_NETNS"
    ANSIBLE_PIPELINING=1 in_ns ansible -i "$INVENTORY" all -m ping | grep -E 'SUCCESS|UNREACHABLE|FAILED' >&2
else
    log "(ansible not in PATH: skipping the ansible ping)"
fi

if ((DR)); then
    VIP=$LVS_LAB_VIP
    D=${DIRECTORS[0]}
    undo() {
        log "    undoing the LVS-DR test"
        on "$D" "ipvsadm -D -t $VIP:80 2>/dev/null; ip addr del $VIP/32 dev eth0 2>/dev/null; true"
        for r in "${REALSERVERS[@]}"; do
            on "$r" "ip addr del $VIP/32 dev lo 2>/dev/null; sysctl -qw net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.all.arp_announce=0 net.ipv4.conf.lo.arp_ignore=0 net.ipv4.conf.lo.arp_announce=0"
        done
        on "$CLIENT" "ip neigh flush to $VIP 2>/dev/null; true"
    }
    trap undo EXIT
    stage "manual LVS-DR: VIP $VIP on $D, real servers ${REALSERVERS[*]}"
    for r in "${REALSERVERS[@]}"; do
        on "$r" "sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 net.ipv4.conf.lo.arp_ignore=1 net.ipv4.conf.lo.arp_announce=2 && ip addr add $VIP/32 dev lo"
    done
    add_rs=""
    for r in "${REALSERVERS[@]}"; do add_rs+=" && ipvsadm -a -t $VIP:80 -r ${LAB_IP[$r]}:80 -g"; done
    on "$D" "modprobe -a ip_vs ip_vs_rr && ip addr add $VIP/32 dev eth0 && ipvsadm -A -t $VIP:80 -s rr $add_rs && ipvsadm -Ln" | sed 's/^/    /' >&2
    on "$CLIENT" "arping -c 1 -w 3 $VIP" | grep -i 'bytes from' | sed 's/^/    arp: /' >&2
    pages=$(on "$CLIENT" "for i in 1 2 3 4 5 6; do curl -fsS -m 5 http://$VIP/; done")
    printf '%s\n' "$pages" | sed 's/^/    curl VIP -> /' >&2
    distinct=$(printf '%s\n' "$pages" | sort -u | wc -l)
    [[ $distinct -eq ${#REALSERVERS[@]} ]] || die "curls to the VIP did not reach all ${#REALSERVERS[@]} real servers"
    ((${#REALSERVERS[@]} < 2)) || [[ $(printf '%s\n' "$pages" | uniq | wc -l) -eq 6 ]] || die "curls to the VIP did not alternate"
    on "$D" ipvsadm -Ln --stats | sed 's/^/    /' >&2
    trap - EXIT
    undo
fi
total_time
log "selftest passed"
