#!/usr/bin/env bash
# Stops the lab (of the running topology): kills the VMs' QEMU and removes their overlays, removes the
# containers, the docker networks and their veths, the taps, the bridges, the network namespace and the
# inventory (with its copy in the topology's inventory directory). Keeps the cached images, the lab's ssh key and the
# last console logs. With HOST arguments only those hosts are stopped (the network stays).
# Safe to run at any time, also on a lab that is half up or already down.
# Usage: down.sh [HOST...]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$LAB_DIR/containers.sh"
select_hosts "$@"
need_root
# Finish the teardown even when interrupted: a half-removed lab is what this script is for.
trap '' INT TERM HUP

stage "stop hosts (${SELECTED[*]})"
declare -A PIDS=()
for h in "${SELECTED[@]}"; do
    if [[ ${LAB_KIND[$h]} == vm ]] && pid=$(vm_pid "$h"); then
        kill -TERM "$pid"   # QEMU exits at once; the overlay is thrown away anyway
        PIDS[$h]=$pid
    fi
done
# Every QEMU of this lab, also those whose pid file is gone (a start interrupted half way).
if (($# == 0)); then
    while read -r pid; do
        [[ " ${PIDS[*]} " == *" $pid "* ]] && continue
        kill -TERM "$pid" 2>/dev/null && PIDS["QEMU pid $pid"]=$pid
    done < <(pgrep -f -- "-name $LVS_LAB_NETNS-[a-z0-9-]+,process=" || true)
fi
if (($#)); then
    mapfile -t gone < <(of_kind container "${SELECTED[@]}")
    ((${#gone[@]} == 0)) || containers_remove "${gone[@]}"
else
    containers_remove
fi
for h in "${!PIDS[@]}"; do
    pid=${PIDS[$h]}
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
    log "    $h stopped (pid $pid)"
done
for h in "${SELECTED[@]}"; do
    [[ ${LAB_KIND[$h]} == vm ]] || continue
    d=$(vm_dir "$h")
    # overlays are throw-away; the console log stays for post-mortems
    rm -f "$d/disk.qcow2" "$d/qemu.pid" "$d/qmp.sock" "$d/accel"
    if netns_exists; then
        i=0
        for _ in ${LAB_ADDRS[$h]}; do
            ip -n "$LVS_LAB_NETNS" link del "$(tap_of "$h" "$i")" 2>/dev/null || true
            i=$((i + 1))
        done
    fi
done

if (($# == 0)); then
    stage "remove bridges, netns $LVS_LAB_NETNS, inventory, ssh control sockets"
    for s in "$LVS_LAB_STATE"/cm/*; do
        if [[ -S $s ]]; then ssh -o ControlPath="$s" -O exit dummy 2>/dev/null || true; fi
    done
    rm -rf "$LVS_LAB_STATE/cm"
    if netns_exists; then
        for net in "${NET_NAMES[@]}"; do ip -n "$LVS_LAB_NETNS" link del "${NET_BRIDGE[$net]}" 2>/dev/null || true; done
        ip netns del "$LVS_LAB_NETNS"
    fi
    rm -f "$INVENTORY" "$LVS_LAB_STATE/topology"
    publish_inventory
elif [[ -f $INVENTORY ]]; then
    "$LAB_DIR/inventory.sh" >"$INVENTORY.new" && mv "$INVENTORY.new" "$INVENTORY"
    publish_inventory
fi
total_time
