#!/usr/bin/env bash
# Shows the deployed cluster at work: N requests from the client to http://VIP/ (which real
# server answered each), then for a VRRP pair which director is MASTER (holds the VIP) and the master's IPVS
# table, for active-active directors behind a router (a topology with lab_routers) the router's equal-cost
# routes to the VIP and every director's IPVS table. Exits 1 when a request fails, the real servers do not
# answer (in turn, for a VRRP pair's rr; each at least once behind a router, whose flows are hashed), not
# exactly one director holds the VIP of a pair, or the router has not a route through every director.
# Usage: show.sh [N]       (default 6 requests, 20 behind a router)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case ${1:-} in -h | --help) sed -n '2,6p' "$0"; exit 0 ;; esac
need_root
netns_exists || die "the lab is not up; run $LAB_DIR/up.sh"
lab_roles
mapfile -t ROUTERS < <(members lab_routers)
if ((${#ROUTERS[@]})); then N=${1:-20}; else N=${1:-6}; fi
[[ $N =~ ^[1-9][0-9]{0,2}$ ]] || die "N must be a number from 1 to 999 (got '$N')"
VIP=$LVS_LAB_VIP
OK=1

stage "$N requests from $CLIENT to http://$VIP/"
pages=$(on "$CLIENT" "for i in \$(seq $N); do curl -sS -m 3 http://$VIP/ 2>&1 || echo 'FAILED'; done")
printf '%s\n' "$pages" | awk '{ printf "    %2d: %s\n", NR, $0 }' >&2
answered=$(printf '%s\n' "$pages" | grep -c '^real server ' || true)
distinct=$(printf '%s\n' "$pages" | grep '^real server ' | sort -u | wc -l)
runs=$(printf '%s\n' "$pages" | uniq | wc -l)
if ((answered != N)); then
    log "    $((N - answered)) of $N requests failed"; OK=0
elif ((${#ROUTERS[@]} && distinct == ${#REALSERVERS[@]})); then
    log "    all $N answered, by each of ${REALSERVERS[*]} (each connection's real server is a hash of its source port)"
elif ((distinct == ${#REALSERVERS[@]} && (N < 2 || ${#REALSERVERS[@]} < 2 || runs == N))); then
    log "    all $N answered, by ${REALSERVERS[*]} in turn"
else
    log "    all $N answered, but not by ${REALSERVERS[*]} in turn ($distinct distinct)"; OK=0
fi

if ((${#ROUTERS[@]})); then
    for r in "${ROUTERS[@]}"; do
        stage "$r's routes to $VIP (ip route show $VIP: one next hop per director announcing it)"
        routes=$(on "$r" "ip route show $VIP")
        printf '%s\n' "$routes" | sed 's/^/    /' >&2
        for d in "${DIRECTORS[@]}"; do
            grep -q "via ${LAB_IP[$d]} " <<<"$routes" || { log "    no route through $d (${LAB_IP[$d]})"; OK=0; }
        done
    done
    for d in "${DIRECTORS[@]}"; do
        stage "IPVS table of $d (ipvsadm -Ln --stats)"
        on "$d" ipvsadm -Ln --stats | sed 's/^/    /' >&2
    done
else
    stage "which director is MASTER (holds $VIP)"
    MASTER=""
    holders=0
    for d in "${DIRECTORS[@]}"; do
        state=$(on "$d" "journalctl -u keepalived -o cat --no-pager 2>/dev/null | grep -oE 'Entering [A-Z]+ STATE' | tail -n1" || true)
        if on "$d" "ip -o -4 addr show" | grep -qE "inet $VIP/"; then
            holders=$((holders + 1))
            MASTER=$d
            log "    $d: holds $VIP (keepalived: ${state:-?})"
        else
            log "    $d: does not hold $VIP (keepalived: ${state:-?})"
        fi
    done
    if ((holders != 1)); then
        log "    $holders directors hold $VIP (want exactly 1)"; OK=0
    fi

    if [[ -n $MASTER ]]; then
        stage "IPVS table of the MASTER $MASTER (ipvsadm -Ln)"
        on "$MASTER" ipvsadm -Ln | sed 's/^/    /' >&2
    fi
fi
total_time
((OK)) || die "the cluster does not work as expected (see above)"
