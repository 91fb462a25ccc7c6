#!/usr/bin/env bash
# Benchmark of `make lab` on this machine (as root, lab down, images cached or not): runs
# `make lab` (host packages, venv, collection copy, then lab/vm/run.sh: up, Ansible ping, deploy,
# show), samples the host's memory in use every second,
# takes the lab down, and prints the figures against issue 8's targets: every host answers Ansible
# within 120 s, the whole run within 240 s, peak host memory for the lab within 3 GiB.
# --busy keeps one core busy (a shell busy loop) the whole time, as on a loaded CI runner.
# Usage: benchmarks/lab.sh [--busy]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUSY=0
case ${1:-} in
    --busy) BUSY=1 ;;
    "") ;;
    *) sed -n '2,8p' "$0"; exit 2 ;;
esac
[[ $(id -u) == 0 ]] || { echo "benchmarks/lab.sh needs root (the lab does)" >&2; exit 2; }
if ip netns list | awk '{print $1}' | grep -qx lvslab; then
    echo "the lab is up; take it down first (make lab-down)" >&2
    exit 2
fi

used_mib() { awk '/^MemTotal/ {t=$2} /^MemAvailable/ {a=$2} END {printf "%d\n", (t - a) / 1024}' /proc/meminfo; }
BASE=$(used_mib)
SAMPLES=$(mktemp)
LOG=$(mktemp)
PIDS=()
# shellcheck disable=SC2317  # the EXIT trap calls it
finish() {
    ((${#PIDS[@]} == 0)) || kill "${PIDS[@]}" 2>/dev/null || true
    "$ROOT/lab/vm/down.sh" >/dev/null 2>&1 || true
    rm -f "$SAMPLES" "$LOG"
}
trap finish EXIT
(while :; do used_mib >>"$SAMPLES"; sleep 1; done) &
PIDS+=($!)
if ((BUSY)); then
    (while :; do :; done) &
    PIDS+=($!)
fi

T0=$(date +%s.%N)
rc=0
make -C "$ROOT" --no-print-directory lab 2>&1 | tee "$LOG" >&2 || rc=$?
TOTAL=$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
UP=$(sed -n 's/.*summary: lab up (every host answers Ansible) \([0-9]*\) s; deploy \([0-9]*\) s.*/\1/p' "$LOG")
DEPLOY=$(sed -n 's/.*summary: lab up (every host answers Ansible) \([0-9]*\) s; deploy \([0-9]*\) s.*/\2/p' "$LOG")
LABMEM=$(sed -n "s/.*peak memory of the lab's VMs and containers \([0-9]*\) MiB.*/\1/p" "$LOG" | tail -n1)
PEAK=$(sort -n "$SAMPLES" | tail -n1)

verdict() { if [[ -n $1 ]] && (($1 <= $2)); then echo "within target"; else echo "OVER TARGET"; fi; }
echo
echo "lab benchmark ($(nproc) cores, $( ((BUSY)) && echo "one core kept busy" || echo "no other load"), make lab exit $rc):"
printf '  lab up (every host answers Ansible): %5s s   target <= 120 s  %s\n' "${UP:-?}" "$(verdict "$UP" 120)"
printf '  deploy (lvs.cluster.site):           %5s s\n' "${DEPLOY:-?}"
printf '  make lab total:                      %5s s   target <= 240 s  %s\n' "$TOTAL" "$(verdict "$TOTAL" 240)"
printf "  peak memory of the lab's hosts:      %5s MiB\n" "${LABMEM:-?}"
printf '  peak host memory used by the run:    %5s MiB target <= 3072 MiB %s\n' "$((PEAK - BASE))" "$(verdict "$((PEAK - BASE))" 3072)"
exit "$rc"
