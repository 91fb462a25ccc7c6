#!/usr/bin/env bash
# Brings the lab of a topology (LVS_LAB_TOPOLOGY, lab/topologies) up, all hosts or the ones named: the
# directors as QEMU VMs with a real IPVS kernel, the other hosts as systemd containers of the container lab's
# image, on the topology's bridges inside the lab's network namespace. Waits until every host answers ssh, naming a
# guest that fails (a failed unit, a panic, QEMU or the container gone) from its console at once,
# and writes the Ansible inventory. Hosts that already run are left alone, so running it again is
# harmless. When it fails or is interrupted it removes what it started (the whole lab when the lab
# was down before).
#
# Usage: up.sh [--accel auto|kvm|tcg] [HOST...]      (hosts: see LVS_LAB_HOSTS in lab.conf)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$LAB_DIR/vms.sh"
. "$LAB_DIR/containers.sh"

ACCEL=$LVS_LAB_ACCEL
while (($#)); do
    case $1 in
        --accel) ACCEL=${2:?--accel needs auto, kvm or tcg}; shift 2 ;;
        --accel=*) ACCEL=${1#*=}; shift ;;
        -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
        -*) die "unknown option '$1'" ;;
        *) break ;;
    esac
done
[[ $ACCEL =~ ^(auto|kvm|tcg)$ ]] || die "--accel must be auto, kvm or tcg (got '$ACCEL')"
select_hosts "$@"
need_root
mapfile -t UP_VMS < <(of_kind vm "${SELECTED[@]}")
mapfile -t UP_CONTAINERS < <(of_kind container "${SELECTED[@]}")
need_cmd ip ssh ssh-keygen python3 tar
((${#UP_VMS[@]} == 0)) || need_cmd qemu-system-x86_64 qemu-img

# A failed or interrupted start leaves nothing behind that it started.
LAB_WAS_UP=0
if netns_exists; then
    LAB_WAS_UP=1
    running=$(cat "$LVS_LAB_STATE/topology" 2>/dev/null || echo dr)
    [[ $running == "$LVS_LAB_TOPOLOGY" ]] ||
        die "the lab of topology '$running' is up; take it down first ($LAB_DIR/down.sh) to start '$LVS_LAB_TOPOLOGY'"
fi
declare -a STARTED=()
cleanup_on_failure() {
    local rc=$?
    trap - EXIT INT TERM HUP
    ((rc != 0)) || return 0
    stage_end
    if ((LAB_WAS_UP == 0)); then
        log "up.sh failed (exit $rc): taking the lab down again"
        "$LAB_DIR/down.sh" || log "    down.sh failed too (see above)"
    elif ((${#STARTED[@]})); then
        log "up.sh failed (exit $rc): stopping the hosts it started (${STARTED[*]})"
        "$LAB_DIR/down.sh" "${STARTED[@]}" || log "    down.sh failed too (see above)"
    fi
    exit "$rc"
}
trap cleanup_on_failure EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM
trap 'log "hung up"; exit 129' HUP

# 1. Images (no-ops when cached) -----------------------------------------------------
if ((${#UP_VMS[@]})); then
    stage "VM image (${UP_VMS[*]})"
    "$LAB_DIR/build-image.sh"
    IMG=$(readlink -f "$IMAGE_LINK")
    [[ -f $IMG/ok ]] || die "no usable image in $IMAGE_LINK"
fi
if ((${#UP_CONTAINERS[@]})); then
    stage "container engine and image (${UP_CONTAINERS[*]})"
    mkdir -p "$LVS_LAB_STATE"
    setup_log="$LVS_LAB_STATE/container-setup.log"
    if ! { "$CONTAINER_DIR/ensure-dockerd.sh" && "$CONTAINER_DIR/build-image.sh"; } >"$setup_log" 2>&1; then
        tail -n 20 "$setup_log" >&2
        die "the container engine or image could not be set up (lab/container/ensure-dockerd.sh, build-image.sh); log: $setup_log"
    fi
    log "    $LAB_IMAGE is $("$DOCKER" image inspect -f '{{index .RepoTags 0}}' "$LAB_IMAGE") (log: $setup_log)"
fi

# 2. State dir and the lab's ssh key -------------------------------------------------
stage "state dir $LVS_LAB_STATE and ssh key"
mkdir -p "$LVS_LAB_STATE/vms"
chmod 700 "$LVS_LAB_STATE"
if [[ ! -f $SSH_KEY ]]; then
    ssh-keygen -q -t ed25519 -N '' -C "lvs-cluster-lab" -f "$SSH_KEY"
    log "    generated $SSH_KEY"
fi
write_ssh_config

# 3. Network namespace, bridges, taps, the containers' networks -----------------------
stage "network namespace $LVS_LAB_NETNS, bridges (${NET_NAMES[*]})"
if ! netns_exists; then
    ip netns add "$LVS_LAB_NETNS"
    log "    created netns $LVS_LAB_NETNS"
fi
echo "$LVS_LAB_TOPOLOGY" >"$LVS_LAB_STATE/topology"
ip -n "$LVS_LAB_NETNS" link set lo up
# the namespace is a dead end: it never forwards the guests' packets anywhere
in_ns sysctl -qw net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0
# shellcheck disable=SC2153  # NET_ADDR and NET_ADDR6 are lib.sh's tables, not misspellings of each other
for net in "${NET_NAMES[@]}"; do
    bridge=${NET_BRIDGE[$net]}
    if ! ip -n "$LVS_LAB_NETNS" link show "$bridge" >/dev/null 2>&1; then
        # A fixed MAC: otherwise the bridge takes the lowest port MAC, which changes when a tap
        # is re-created (down.sh HOST; up.sh HOST), and the guests' ARP entries go stale.
        ip -n "$LVS_LAB_NETNS" link add "$bridge" address "$(mac_of "${NET_ADDR[$net]}")" \
            type bridge stp_state 0 forward_delay 0 mcast_snooping 0
        ip -n "$LVS_LAB_NETNS" addr add "${NET_ADDR[$net]}/${NET_PREFIX[$net]}" dev "$bridge"
        if [[ -n ${NET_ADDR6[$net]:-} ]]; then
            ip -n "$LVS_LAB_NETNS" addr add "${NET_ADDR6[$net]}/${NET_PREFIX6[$net]}" dev "$bridge" nodad
        fi
        log "    created bridge $bridge (${NET_ADDR[$net]}/${NET_PREFIX[$net]}${NET_ADDR6[$net]:+ ${NET_ADDR6[$net]}/${NET_PREFIX6[$net]}}) in $LVS_LAB_NETNS"
    fi
    ip -n "$LVS_LAB_NETNS" link set "$bridge" up
done
# a VM has a tap (and a network interface) per address, on that address's network
for h in "${UP_VMS[@]}"; do
    i=0
    for a in ${LAB_ADDRS[$h]}; do
        tap=$(tap_of "$h" "$i")
        if ! ip -n "$LVS_LAB_NETNS" link show "$tap" >/dev/null 2>&1; then
            ip -n "$LVS_LAB_NETNS" tuntap add dev "$tap" mode tap
        fi
        ip -n "$LVS_LAB_NETNS" link set "$tap" master "${NET_BRIDGE[$(net_of "$a")]}" up
        i=$((i + 1))
    done
done
if ((${#UP_CONTAINERS[@]})); then
    for net in "${NET_NAMES[@]}"; do container_network "$net"; done
fi

# 4. Boot the VMs first (they take longest), then start the containers ---------------
T_BOOT=$(date +%s)
if ((${#UP_VMS[@]})); then
    stage "accelerator ($ACCEL)"
    choose_accel "$ACCEL"
    log "    using $ACCEL"
    stage "boot VMs (${UP_VMS[*]})"
    for h in "${UP_VMS[@]}"; do
        STARTED+=("$h")
        if ! vm_boot "$h"; then
            unset 'STARTED[-1]'
            log "    $h already running (pid $(vm_pid "$h")), left alone"
            continue
        fi
        log "    $h: started (pid $(vm_pid "$h"), $ACCEL, ${LAB_IP[$h]}, ${LAB_MAC[$h]}, ${LAB_TAP[$h]}, console $(vm_dir "$h")/console.log)"
    done
fi
if ((${#UP_CONTAINERS[@]})); then
    stage "start containers (${UP_CONTAINERS[*]})"
    for h in "${UP_CONTAINERS[@]}"; do
        STARTED+=("$h")
        if ! container_start "$h"; then
            unset 'STARTED[-1]'
            log "    $h already running (container ${LAB_CONTAINER[$h]}), left alone"
            continue
        fi
        log "    $h: started (container ${LAB_CONTAINER[$h]}, ${LAB_IP[$h]}, ${LAB_MAC[$h]})"
    done
fi

# 5. Wait for ssh, watching for failures ----------------------------------------------
# check_alive HOST: dies with the real cause when the host stopped or its boot failed.
check_alive() {
    local h=$1 why
    if [[ ${LAB_KIND[$h]} == vm ]]; then
        if ! vm_pid "$h" >/dev/null; then
            why=$(tail -n1 "$(vm_dir "$h")/qemu.err" 2>/dev/null || true)
            log "    $h: last console lines ($(vm_dir "$h")/console.log):"
            console_tail "$h"
            die "VM $h is not running any more (QEMU exited${why:+: $why}); its console is above"
        fi
        if why=$(console_failure "$h"); then
            log "    $h: last console lines ($(vm_dir "$h")/console.log):"
            console_tail "$h"
            die "VM $h failed to boot: ${why#*] }"
        fi
    elif ! container_running "$h"; then
        "$DOCKER" logs --tail 15 "${LAB_CONTAINER[$h]}" 2>&1 | sed 's/^/        /' >&2 || true
        die "container $h (${LAB_CONTAINER[$h]}) is not running: $("$DOCKER" inspect -f 'status {{.State.Status}}, exit code {{.State.ExitCode}} {{.State.Error}}' "${LAB_CONTAINER[$h]}" 2>&1)"
    fi
}
# last_words HOST: what the host last said (console line, or systemd's state in a container).
last_words() {
    if [[ ${LAB_KIND[$1]} == vm ]]; then
        sed 's/\x1b\[[0-9;]*m//g' "$(vm_dir "$1")/console.log" 2>/dev/null | tr -d '\r' | grep -av '^\s*$' | tail -n1 | cut -c1-100
    else
        "$DOCKER" exec "${LAB_CONTAINER[$1]}" systemctl is-system-running 2>&1 | head -n1
    fi
}

stage "wait for ssh on ${SELECTED[*]}"
declare -a PENDING=("${SELECTED[@]}")
T_WAIT=$(date +%s)
T_NOTE=$T_WAIT
while ((${#PENDING[@]})); do
    declare -a NEXT=()
    declare -A PROBE=()
    for h in "${PENDING[@]}"; do
        check_alive "$h"
        # probe all pending hosts in parallel (a first login takes a few seconds under TCG)
        # (no terminal or log of ours for it: with ControlPersist the connection stays in the background, and ssh
        # leaves the descriptors it was given non-blocking, which Ansible then refuses to write to)
        in_ns ssh -F "$SSH_CONFIG" -o ConnectTimeout=3 "$h" true </dev/null >/dev/null 2>&1 &
        PROBE[$h]=$!
    done
    for h in "${PENDING[@]}"; do
        if wait "${PROBE[$h]}"; then
            log "    $h answers ssh after $(($(date +%s) - T_BOOT)) s"
        else
            NEXT+=("$h")
        fi
    done
    PENDING=("${NEXT[@]}")
    ((${#PENDING[@]})) || break
    now=$(date +%s)
    if ((now - T_NOTE >= 30)); then
        T_NOTE=$now
        for h in "${PENDING[@]}"; do
            log "    still waiting for $h ($((now - T_BOOT)) s): $(last_words "$h" || true)"
        done
    fi
    if ((now - T_WAIT > LVS_LAB_SSH_TIMEOUT)); then
        for h in "${PENDING[@]}"; do
            if [[ ${LAB_KIND[$h]} == vm ]]; then
                log "    $h: last console lines ($(vm_dir "$h")/console.log):"
                console_tail "$h"
            fi
        done
        die "no ssh from ${PENDING[*]} after ${LVS_LAB_SSH_TIMEOUT} s, and no failure on their consoles: the machine may be overloaded (see lab/vm/status.sh; LVS_LAB_SSH_TIMEOUT is the limit)"
    fi
    sleep 2
done
UP_SECONDS=$(($(date +%s) - T_BOOT))

# 6. Inventory ------------------------------------------------------------------------
stage "write inventory $INVENTORY"
"$LAB_DIR/inventory.sh" >"$INVENTORY.new"
mv "$INVENTORY.new" "$INVENTORY"
publish_inventory
log "    copied to $LAB_HOSTS_FILE (next to the lab's group_vars and host_vars)"
stage_end
log "lab up: every host answers ssh ${UP_SECONDS} s after the first boot began; peak memory of the lab's VMs and containers $(lab_memory_mib) MiB"
total_time
cat >&2 <<EOF

Lab is up (${UP_VMS[*]:+VMs: ${UP_VMS[*]} under ${ACCEL}; }${UP_CONTAINERS[*]:+containers: ${UP_CONTAINERS[*]}}). Use it:
  $LAB_DIR/ssh.sh ${SELECTED[0]}                      # shell on a host (or: ssh.sh HOST CMD...)
  $LAB_DIR/status.sh
  ip netns exec $LVS_LAB_NETNS ansible -i $INVENTORY all -m ping
  $LAB_DIR/deploy.sh                    # the site playbook on the lab inventory $LVS_LAB_INVENTORY_DIR
  $LAB_DIR/down.sh
EOF
