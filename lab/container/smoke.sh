#!/usr/bin/env bash
# Smoke test of the container lab: two systemd containers on a docker bridge network this script
# creates, keepalived (VRRP only) MASTER/BACKUP, VIP ownership and failover, sysctl.d persistence
# across a container restart, and the lab web server unit. Removes everything it created, also on
# failure (set KEEP=1 to keep the containers and network for debugging).
#
# Environment:
#   LAB_IMAGE      image to test (default lvs-cluster/debian12-systemd:lab; built if missing)
#   SMOKE_SUBNET   default 10.1.91.0/24 (the .1 is docker's gateway, .11/.12 the containers,
#                  .100 the VIP); must not overlap another docker network
#   BOOT_TIMEOUT   seconds to wait for systemd to reach "running" (default 60)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

SMOKE_SUBNET=${SMOKE_SUBNET:-10.1.91.0/24}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-60}
prefix=${SMOKE_SUBNET%.*}            # 10.1.91
NET="lvs-lab-smoke-$$"
C1="lvs-lab-smoke-$$-d1"
C2="lvs-lab-smoke-$$-d2"
IP1="$prefix.11"
IP2="$prefix.12"
VIP="$prefix.100"
VRID=91
created_containers=()
created_network=""
failures=0

lab_cleanup() {
    if ((LAB_EXIT_RC != 0)) && ((${#created_containers[@]} > 0)); then
        for c in "${created_containers[@]}"; do
            lab_log "--- diagnostics for $c ---"
            "$DOCKER" exec "$c" systemctl --failed --no-pager >&2 || true
            "$DOCKER" exec "$c" journalctl -u keepalived --no-pager -n 30 >&2 || true
            "$DOCKER" exec "$c" ip -4 -o addr show dev eth0 >&2 || true
        done
    fi
    if [[ ${KEEP:-0} == 1 ]]; then
        lab_log "KEEP=1: leaving containers ${created_containers[*]:-} and network ${created_network:-}"
        return 0
    fi
    lab_stage "cleanup"
    if ((${#created_containers[@]} > 0)); then
        "$DOCKER" rm -f "${created_containers[@]}" >/dev/null 2>&1 || true
    fi
    if [[ -n $created_network ]]; then
        "$DOCKER" network rm "$created_network" >/dev/null 2>&1 || true
    fi
    lab_stage_end
}

check() { # check "description" command...
    local what=$1
    shift
    if "$@"; then
        lab_log "PASS: $what"
    else
        lab_log "FAIL: $what"
        failures=$((failures + 1))
        return 1
    fi
}

dexec() { "$DOCKER" exec -i "$@"; }

# Wait until systemd in container $1 reports "running"; print the elapsed ms since $2 (ms).
wait_running() {
    local c=$1 t0=$2 state="" deadline=$((SECONDS + BOOT_TIMEOUT))
    while ((SECONDS < deadline)); do
        state=$("$DOCKER" exec "$c" systemctl is-system-running 2>/dev/null || true)
        case $state in
            running)
                echo $(($(lab_now_ms) - t0))
                return 0
                ;;
            degraded)
                "$DOCKER" exec "$c" systemctl --failed --no-pager >&2 || true
                lab_log "$c: systemd is degraded"
                return 1
                ;;
        esac
        sleep 0.1
    done
    lab_log "$c: systemd not running after ${BOOT_TIMEOUT}s (state: ${state:-none})"
    return 1
}

# Does container $1 hold the VIP?
has_vip() {
    "$DOCKER" exec "$1" ip -4 -o addr show dev eth0 | grep -q " $VIP/"
}

vip_holders() {
    local c holders=()
    for c in "$C1" "$C2"; do
        if has_vip "$c"; then holders+=("$c"); fi
    done
    echo "${holders[*]:-}"
}

# Wait (up to $2 s) until exactly container $1 holds the VIP.
wait_vip_on() {
    local want=$1 deadline=$((SECONDS + $2)) seen=""
    while ((SECONDS < deadline)); do
        seen=$(vip_holders)
        [[ $seen == "$want" ]] && return 0
        sleep 0.2
    done
    lab_log "VIP holders: '${seen}', expected exactly '$want'"
    return 1
}

keepalived_conf() { # name state priority
    cat <<CONF
# written by lab/container/smoke.sh
global_defs {
    router_id $1
}

vrrp_instance VI_SMOKE {
    state $2
    interface eth0
    virtual_router_id $VRID
    priority $3
    advert_int 1
    virtual_ipaddress {
        $VIP/${SMOKE_SUBNET#*/} dev eth0
    }
}
CONF
}

# --- setup -----------------------------------------------------------------------------------
lab_stage "check docker and image"
timeout 20 "$DOCKER" info >/dev/null 2>&1 || lab_die "docker is not answering; run ensure-dockerd.sh"
if ! "$DOCKER" image inspect "$LAB_IMAGE" >/dev/null 2>&1; then
    "$HERE/build-image.sh"
fi
lab_log "image $LAB_IMAGE ($("$DOCKER" image inspect -f '{{index .Config.Labels "org.lvs-cluster.lab.recipe"}}' "$LAB_IMAGE"))"

lab_stage "create network $NET ($SMOKE_SUBNET)"
"$DOCKER" network create --driver bridge --subnet "$SMOKE_SUBNET" --gateway "$prefix.1" \
    --label org.lvs-cluster.lab=smoke "$NET" >/dev/null
created_network=$NET

lab_stage "start containers $C1 ($IP1) and $C2 ($IP2)"
t_start=$(lab_now_ms)
for pair in "$C1:$IP1" "$C2:$IP2"; do
    c=${pair%%:*}
    "$DOCKER" run -d --name "$c" --hostname "${c##*-}" --network "$NET" --ip "${pair#*:}" \
        --label org.lvs-cluster.lab=smoke "${LAB_RUN_OPTS[@]}" "$LAB_IMAGE" >/dev/null
    created_containers+=("$c")
done

lab_stage "wait for systemd running (boot)"
for c in "$C1" "$C2"; do
    ms=$(wait_running "$c" "$t_start")
    lab_log "METRIC boot_to_running $c $(lab_fmt_ms "$ms") s (from docker run of the first container)"
done

# --- sysctl.d persistence and per-container isolation ----------------------------------------
lab_stage "sysctl.d persistence across container restart"
printf '%s\n' 'net.ipv4.conf.all.arp_ignore = 1' 'net.ipv4.conf.all.arp_announce = 2' \
    'net.ipv4.ip_nonlocal_bind = 1' | dexec "$C1" sh -c 'cat > /etc/sysctl.d/90-lab-smoke.conf'
t_restart=$(lab_now_ms)
"$DOCKER" restart "$C1" >/dev/null
ms=$(wait_running "$C1" "$t_restart")
lab_log "METRIC restart_to_running $C1 $(lab_fmt_ms "$ms") s"
check "$C1 arp_ignore=1 after restart" \
    test "$(dexec "$C1" sysctl -n net.ipv4.conf.all.arp_ignore)" = 1
check "$C1 arp_announce=2 after restart" \
    test "$(dexec "$C1" sysctl -n net.ipv4.conf.all.arp_announce)" = 2
check "$C1 ip_nonlocal_bind=1 after restart" \
    test "$(dexec "$C1" sysctl -n net.ipv4.ip_nonlocal_bind)" = 1
check "$C2 unaffected (arp_ignore=0)" \
    test "$(dexec "$C2" sysctl -n net.ipv4.conf.all.arp_ignore)" = 0

# --- web server unit -------------------------------------------------------------------------
lab_stage "lab-httpd on $C2, curl from $C1"
dexec "$C2" systemctl enable --now lab-httpd.service >/dev/null 2>&1
body=""
for _ in $(seq 1 30); do
    body=$(dexec "$C1" curl -fsS --max-time 2 "http://$IP2/" 2>/dev/null) && break
    sleep 0.2
done
check "curl http://$IP2/ from $C1 returns $C2's hostname" test "$body" = "${C2##*-}"

# --- keepalived VRRP -------------------------------------------------------------------------
lab_stage "configure keepalived --vrrp (MASTER prio 100 / BACKUP prio 50)"
keepalived_conf "${C1##*-}" MASTER 100 | dexec "$C1" sh -c 'cat > /etc/keepalived/keepalived.conf'
keepalived_conf "${C2##*-}" BACKUP 50 | dexec "$C2" sh -c 'cat > /etc/keepalived/keepalived.conf'
for c in "$C1" "$C2"; do
    dexec "$c" sed -i 's/^DAEMON_ARGS=.*/DAEMON_ARGS="--vrrp"/' /etc/default/keepalived
    dexec "$c" keepalived -t -f /etc/keepalived/keepalived.conf
done
dexec "$C2" systemctl enable --now keepalived.service >/dev/null 2>&1
dexec "$C1" systemctl enable --now keepalived.service >/dev/null 2>&1

lab_stage "VIP on the master only"
t_vip=$(lab_now_ms)
check "exactly $C1 holds $VIP" wait_vip_on "$C1" 15
lab_log "METRIC vip_assigned_after_start $(lab_fmt_ms $(($(lab_now_ms) - t_vip))) s"
sleep 2
check "still exactly one holder ($C1) 2 s later" test "$(vip_holders)" = "$C1"

lab_stage "failover: systemctl stop keepalived on $C1"
# Watch inside the backup with a 10 ms poll; containers share the host clock, so the stop time
# taken inside the master and the detection time taken inside the backup are comparable.
watch_out=$(mktemp)
"$DOCKER" exec "$C2" sh -c "for i in \$(seq 1 2000); do ip -4 -o addr show dev eth0 | grep -q ' $VIP/' && { date +%s%N; exit 0; }; sleep 0.01; done; exit 1" \
    >"$watch_out" &
watch_pid=$!
sleep 0.3
t_stop=$(dexec "$C1" sh -c 'date +%s%N; systemctl stop keepalived.service')
if wait "$watch_pid"; then
    t_seen=$(<"$watch_out")
    failover_ms=$(((t_seen - t_stop) / 1000000))
    lab_log "METRIC vrrp_failover (graceful stop on master -> VIP on backup) $(lab_fmt_ms "$failover_ms") s"
    check "failover within 5 s" test "$failover_ms" -lt 5000
else
    check "VIP appeared on $C2 after stopping the master" false
fi
rm -f "$watch_out"
check "exactly $C2 holds $VIP after failover" wait_vip_on "$C2" 5

lab_stage "master restart: keepalived enabled, preempts back"
t_pre=$(lab_now_ms)
"$DOCKER" restart "$C1" >/dev/null
wait_running "$C1" "$t_pre" >/dev/null
check "exactly $C1 holds $VIP again (preemption)" wait_vip_on "$C1" 15
lab_log "METRIC preempt_after_master_restart $(lab_fmt_ms $(($(lab_now_ms) - t_pre))) s (incl. container restart)"

lab_stage "result"
if ((failures > 0)); then
    lab_die "$failures check(s) failed"
fi
lab_log "all smoke checks passed"
