#!/usr/bin/env bash
# Opens a shell on a lab host (VM or container), or runs a command there (as root, inside the lab namespace).
# Usage: ssh.sh HOST [COMMAND...]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# >= 1)) || die "usage: $(basename "$0") HOST [COMMAND...]   (hosts: ${LAB_NAMES[*]})"
host=$1
shift
known_host "$host" || die "unknown host '$host' (known: ${LAB_NAMES[*]})"
need_root
netns_exists || die "the lab is not up (no netns $LVS_LAB_NETNS); run $LAB_DIR/up.sh"
node_running "$host" || die "$host (${LAB_KIND[$host]}) is not running; run $LAB_DIR/up.sh $host"
[[ -f $SSH_CONFIG ]] || write_ssh_config
tty_opt=()
if (($# == 0)) && [[ -t 0 ]]; then tty_opt=(-t); fi
exec ip netns exec "$LVS_LAB_NETNS" ssh -F "$SSH_CONFIG" "${tty_opt[@]}" "$host" "$@"
