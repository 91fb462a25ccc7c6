#!/usr/bin/env bash
# make test's steps: lanes of steps side by side, each lane's steps in turn, then the last steps one after another.
# Each output line is tagged with its step, each step's wall time is printed, and the run fails when any step did;
# every lane is waited for first, so nothing is left running.
# Usage: test_steps.sh 'MAKE COMMAND' LANE... -- STEP...   (a lane is comma-separated steps: unit,sanity)
set -uo pipefail
(($# >= 2)) || { echo "usage: $0 'MAKE COMMAND' LANE... -- STEP..." >&2; exit 2; }
read -r -a MAKE_CMD <<<"$1"
shift
TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT

# step NAME: runs `make NAME`, its lines tagged, and records its time; returns its status.
step() {
    local start rc
    start=$(date +%s)
    "${MAKE_CMD[@]}" "$1" 2>&1 | sed -u "s/^/[$1] /"
    rc=${PIPESTATUS[0]}
    echo "[make test] $1 took $(($(date +%s) - start)) s (exit $rc)"
    echo "$1=$(($(date +%s) - start))s" >>"$TIMES"
    return "$rc"
}

# lane STEP,STEP...: the steps in turn, stopping at the first that fails.
lane() {
    local name
    local -a steps
    IFS=, read -r -a steps <<<"$1"
    for name in "${steps[@]}"; do
        step "$name" || return 1
    done
}

failed=0
pids=()
while (($#)) && [[ $1 != -- ]]; do
    lane "$1" &
    pids+=($!)
    shift
done
for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
done
((failed)) || {
    shift  # the --
    for name in "$@"; do
        step "$name" || { failed=1; break; }
    done
}
echo "[make test] step times: $(tr '\n' ' ' <"$TIMES")"
exit "$failed"
