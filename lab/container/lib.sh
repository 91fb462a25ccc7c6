# shellcheck shell=bash
# Shared helpers for the lab/container scripts: logging, stage timing, docker CLI choice.
# Sourced, not executed.

# Milliseconds since the epoch (bash 5 EPOCHREALTIME, no fork).
lab_now_ms() {
    local t=${EPOCHREALTIME/[.,]/}
    echo $((t / 1000))
}

# Format a millisecond count as seconds with 3 decimals.
lab_fmt_ms() {
    printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000))
}

LAB_SCRIPT=${LAB_SCRIPT:-$(basename "${BASH_SOURCE[1]:-$0}")}
LAB_T0=$(lab_now_ms)
LAB_STAGE=""
LAB_STAGE_T0=0

lab_log() {
    printf '[%s %s] %s\n' "$LAB_SCRIPT" "$(date -u +%H:%M:%S)" "$*" >&2
}

lab_die() {
    lab_log "ERROR: $*"
    exit 1
}

# End the current stage (if any) and print its duration.
lab_stage_end() {
    if [[ -n $LAB_STAGE ]]; then
        lab_log "stage done: $LAB_STAGE ($(lab_fmt_ms $(($(lab_now_ms) - LAB_STAGE_T0))) s)"
        LAB_STAGE=""
    fi
}

# Start a new stage: ends the previous one and prints the stage name.
lab_stage() {
    lab_stage_end
    LAB_STAGE=$1
    LAB_STAGE_T0=$(lab_now_ms)
    lab_log "stage: $LAB_STAGE"
}

# Print total time; call from an EXIT trap or at the end.
lab_finish() {
    local rc=${1:-0}
    if ((rc == 0)); then
        lab_stage_end
        lab_log "finished OK in $(lab_fmt_ms $(($(lab_now_ms) - LAB_T0))) s"
    else
        lab_log "FAILED (exit $rc) in stage '${LAB_FAILED_STAGE:-${LAB_STAGE:-?}}' after $(lab_fmt_ms $(($(lab_now_ms) - LAB_T0))) s"
    fi
}

# EXIT trap: run the sourcing script's lab_cleanup function (if defined; it can read the exit
# status in LAB_EXIT_RC), then report.
# shellcheck disable=SC2034 # LAB_EXIT_RC is read by the sourcing scripts
lab_on_exit() {
    local rc=$?
    LAB_EXIT_RC=$rc # read by lab_cleanup functions
    LAB_FAILED_STAGE=$LAB_STAGE
    if declare -F lab_cleanup >/dev/null; then
        lab_cleanup || true
    fi
    lab_finish "$rc"
}
trap lab_on_exit EXIT

# The docker CLI to use. Debian's docker.io puts a 20.10 CLI in /usr/bin/docker that matches the
# 20.10 daemon; a newer CLI elsewhere on PATH (e.g. /usr/local/bin/docker 28.x) negotiates the API
# down but is not what the lab is tested with. Override with DOCKER=/path/to/docker.
LAB_DOCKER_FROM_ENV=${DOCKER:+1}
lab_pick_docker() {
    if [[ -z $LAB_DOCKER_FROM_ENV ]]; then
        if [[ -x /usr/bin/docker ]]; then
            DOCKER=/usr/bin/docker
        else
            DOCKER=docker
        fi
    fi
}
lab_pick_docker

# Lab defaults shared by the scripts (override through the environment). LAB_SUITE picks the Debian release:
# bookworm (12, the default) or trixie (13); each has an image of its own.
LAB_SUITE=${LAB_SUITE:-bookworm}
case $LAB_SUITE in
    bookworm) LAB_DEBIAN_VERSION=12 ;;
    trixie) LAB_DEBIAN_VERSION=13 ;;
    *) echo "LAB_SUITE=$LAB_SUITE: the lab knows bookworm and trixie" >&2; exit 2 ;;
esac
LAB_IMAGE_REPO=${LAB_IMAGE_REPO:-lvs-cluster/debian$LAB_DEBIAN_VERSION-systemd}
LAB_IMAGE_TAG=${LAB_IMAGE_TAG:-lab}
LAB_IMAGE=${LAB_IMAGE:-$LAB_IMAGE_REPO:$LAB_IMAGE_TAG}

# docker run options that make systemd work as PID 1 without --privileged (see README.md).
# shellcheck disable=SC2034 # used by the scripts that source this file
LAB_RUN_OPTS=(
    --cgroupns private
    --tmpfs /run
    --tmpfs /run/lock
    --cap-add NET_ADMIN
    --cap-add NET_RAW
    --cap-add SYS_ADMIN
    --security-opt seccomp=unconfined
    --security-opt apparmor=unconfined
    --stop-signal SIGRTMIN+3
)
