#!/usr/bin/env bash
# Runs a command (make test's steps) and, when it fails or is interrupted (SIGINT, SIGTERM, SIGHUP),
# removes what the test labs left: molecule's containers and networks (named lvs-mol-*) and the VM
# lab, unless the VM lab was already up before the command started (then it is the operator's).
# Usage: lab/guard.sh COMMAND [ARG...]
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(($#)) || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

vm_lab_up() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "${LVS_LAB_NETNS:-lvslab}"; }
WAS_UP=0
vm_lab_up && WAS_UP=1

cleanup() {
    local docker=docker
    local -a ids=()
    [[ -x /usr/bin/docker ]] && docker=/usr/bin/docker
    if command -v "$docker" >/dev/null 2>&1 && timeout 20 "$docker" info >/dev/null 2>&1; then
        mapfile -t ids < <("$docker" ps -aq --filter name='^lvs-mol-')
        if ((${#ids[@]})); then
            echo "[guard] removing molecule containers: ${ids[*]}" >&2
            "$docker" rm -f "${ids[@]}" >/dev/null
        fi
        mapfile -t ids < <("$docker" network ls -q --filter name='^lvs-mol-')
        if ((${#ids[@]})); then
            echo "[guard] removing molecule networks: ${ids[*]}" >&2
            "$docker" network rm "${ids[@]}" >/dev/null
        fi
    fi
    if ((WAS_UP == 0)) && [[ $(id -u) == 0 ]]; then
        if vm_lab_up || pgrep -f -- "-name ${LVS_LAB_NETNS:-lvslab}-" >/dev/null; then
            echo "[guard] taking the VM lab down" >&2
            "$HERE/vm/down.sh" || true
        fi
    fi
}

# The command runs in its own process group, so that a signal here can stop all of it.
setsid "$@" &
CHILD=$!
# shellcheck disable=SC2317  # called from the traps below
stop() {
    echo "[guard] $1: stopping the run" >&2
    kill -TERM -- -"$CHILD" 2>/dev/null
    wait "$CHILD"
    cleanup
    exit "$2"
}
trap 'stop interrupted 130' INT
trap 'stop terminated 143' TERM
trap 'stop "hung up" 129' HUP
wait "$CHILD"
rc=$?
if ((rc != 0)); then
    echo "[guard] the run failed (exit $rc): cleaning up" >&2
    cleanup
fi
exit "$rc"
