#!/usr/bin/env bash
# Shows the state of the VM lab: image, namespace, bridge and, per VM, QEMU pid,
# accelerator, host memory (RSS), address and whether ssh answers.
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
    echo "netns:     $LVS_LAB_NETNS ($(ip -n "$LVS_LAB_NETNS" -br addr show "$LVS_LAB_BRIDGE" 2>/dev/null | awk '{print $1, $3}' || echo "no bridge"))"
else
    echo "netns:     $LVS_LAB_NETNS absent (lab down)"
fi
[[ -f $INVENTORY ]] && echo "inventory: $INVENTORY"
echo
printf '%-8s %-15s %-8s %-5s %-9s %-6s %s\n' HOST ADDRESS PID ACCEL RSS SSH CONSOLE
for h in "${SELECTED[@]}"; do
    d=$(vm_dir "$h")
    if pid=$(vm_pid "$h"); then
        rss=$(awk '/^VmRSS/ {printf "%d MiB", $2 / 1024}' /proc/"$pid"/status)
        accel=$(cat "$d/accel" 2>/dev/null || echo "?")
        if netns_exists && ip netns exec "$LVS_LAB_NETNS" ssh -F "$SSH_CONFIG" -o ConnectTimeout=3 "$h" true 2>/dev/null; then
            sshok=yes
        else
            sshok=no
        fi
    else
        pid=- rss=- accel=- sshok=-
    fi
    printf '%-8s %-15s %-8s %-5s %-9s %-6s %s\n' "$h" "${LAB_IP[$h]}" "$pid" "$accel" "$rss" "$sshok" "$d/console.log"
done
