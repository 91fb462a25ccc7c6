#!/usr/bin/env bash
# Shows the state of the lab: images, namespace, bridge and, per host, its kind (vm or container),
# QEMU pid or container, accelerator, host memory (RSS), address and whether ssh answers.
# Usage: status.sh [HOST...]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
select_hosts "$@"
need_root

if [[ -f $IMAGE_LINK/ok ]]; then
    img=$(readlink -f "$IMAGE_LINK")
    echo "image:     $img ($(du -h "$img/base.qcow2" | cut -f1), kernel $(cat "$img/kernel-version"))"
else
    echo "image:     none (run build-image.sh)"
fi
if netns_exists; then
    echo "netns:     $LVS_LAB_NETNS, topology $LVS_LAB_TOPOLOGY ($(for net in "${NET_NAMES[@]}"; do
        ip -n "$LVS_LAB_NETNS" -br addr show "${NET_BRIDGE[$net]}" 2>/dev/null | awk '{printf "%s %s ", $1, $3}' || printf 'no %s ' "${NET_BRIDGE[$net]}"
    done))"
else
    echo "netns:     $LVS_LAB_NETNS absent (lab down)"
fi
[[ -f $INVENTORY ]] && echo "inventory: $INVENTORY"
echo
if docker_ok; then
    echo "container: $LAB_IMAGE ($("$DOCKER" image inspect -f '{{index .RepoTags 0}}' "$LAB_IMAGE" 2>/dev/null || echo "not built"))"
fi
echo
printf '%-8s %-15s %-10s %-16s %-5s %-9s %-4s %s\n' HOST ADDRESS KIND PID/CONTAINER ACCEL RSS SSH CONSOLE
for h in "${SELECTED[@]}"; do
    d=$(vm_dir "$h")
    console=-
    rss=- accel=- sshok=- id=-
    if [[ ${LAB_KIND[$h]} == vm ]]; then
        console="$d/console.log"
        if pid=$(vm_pid "$h"); then
            id=$pid
            rss=$(awk '/^VmRSS/ {printf "%d MiB", $2 / 1024}' /proc/"$pid"/status)
            accel=$(cat "$d/accel" 2>/dev/null || echo "?")
        fi
    elif container_running "$h"; then
        id=${LAB_CONTAINER[$h]}
        rss=$("$DOCKER" stats --no-stream --format '{{.MemUsage}}' "$id" 2>/dev/null | cut -d/ -f1 | tr -d ' ')
        console="docker logs $id"
    fi
    if [[ $id != - ]]; then
        if netns_exists && ip netns exec "$LVS_LAB_NETNS" ssh -F "$SSH_CONFIG" -o ConnectTimeout=3 "$h" true </dev/null >/dev/null 2>&1; then
            sshok=yes
        else
            sshok=no
        fi
    fi
    printf '%-8s %-15s %-10s %-16s %-5s %-9s %-4s %s\n' "$h" "${LAB_ADDRS[$h]// /,}" "${LAB_KIND[$h]}" "$id" "$accel" "$rss" "$sshok" "$console"
done
