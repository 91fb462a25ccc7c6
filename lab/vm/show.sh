#!/usr/bin/env bash
# Shows the deployed cluster at work: N requests from the client to http://VIP/ (which real
# server answered each), which director is MASTER (holds the VIP), and the master's IPVS table.
# Exits 1 when a request fails, the real servers do not answer in turn, or not exactly one
# director holds the VIP.
# Usage: show.sh [N]       (default 6 requests)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case ${1:-} in -h | --help) sed -n '2,6p' "$0"; exit 0 ;; esac
N=${1:-6}
[[ $N =~ ^[1-9][0-9]{0,2}$ ]] || die "N must be a number from 1 to 999 (got '$N')"
need_root
netns_exists || die "the lab is not up; run $LAB_DIR/up.sh"
lab_roles
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
elif ((distinct == ${#REALSERVERS[@]} && (N < 2 || ${#REALSERVERS[@]} < 2 || runs == N))); then
    log "    all $N answered, by ${REALSERVERS[*]} in turn"
else
    log "    all $N answered, but not by ${REALSERVERS[*]} in turn ($distinct distinct)"; OK=0
fi

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
total_time
((OK)) || die "the cluster does not work as expected (see above)"
