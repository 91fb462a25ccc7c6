#!/usr/bin/env bash
# Make sure a Docker engine (Debian's docker.io 20.10) is installed and answering.
# Idempotent: safe on a fresh machine, after a reboot and when dockerd already runs.
# Works non-interactively (CI=true, no stdin). Needs root for the install/start steps.
#
# Environment:
#   DOCKERD_LOG            dockerd log file (default /var/log/lab-dockerd.log)
#   DOCKERD_WAIT_TIMEOUT   seconds to wait for `docker info` (default 90)
#   LAB_EXTRA_PACKAGES     extra apt packages to install too (default: mmdebstrap, for build-image.sh)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

DOCKERD_LOG=${DOCKERD_LOG:-/var/log/lab-dockerd.log}
DOCKERD_WAIT_TIMEOUT=${DOCKERD_WAIT_TIMEOUT:-90}
LAB_EXTRA_PACKAGES=${LAB_EXTRA_PACKAGES:-mmdebstrap}
export DEBIAN_FRONTEND=noninteractive

# Serialize concurrent runs (two CI jobs must not both start a dockerd).
exec 9>/tmp/.lab-ensure-dockerd.lock
if ! flock -w 600 9; then
    lab_die "another ensure-dockerd.sh holds /tmp/.lab-ensure-dockerd.lock for 600 s"
fi

docker_ok() {
    timeout 20 "$DOCKER" info >/dev/null 2>&1
}

# --- 1. packages -----------------------------------------------------------------------------
lab_stage "check packages (docker.io ${LAB_EXTRA_PACKAGES})"
read -r -a wanted <<<"docker.io $LAB_EXTRA_PACKAGES"
missing=()
for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} > 0)); then
    lab_stage "apt-get install ${missing[*]}"
    [[ $(id -u) -eq 0 ]] || lab_die "must run as root to install ${missing[*]}"
    # Keep maintainer scripts from starting services (there is no systemd as PID 1 here and we
    # start dockerd ourselves below). Only add a guard when none exists, and remove only ours.
    guard=""
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        guard=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\n# temporary guard from lab/container/ensure-dockerd.sh\nexit 101\n' >"$guard"
        chmod 0755 "$guard"
        lab_cleanup() { rm -f "$guard"; }
    fi
    apt_opts=(-y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef
        -o Dpkg::Options::=--force-confold)
    apt-get -q -o DPkg::Lock::Timeout=600 update </dev/null
    # --no-install-recommends: skip needrestart/git/apparmor; add the recommends the lab needs.
    apt-get "${apt_opts[@]}" install --no-install-recommends \
        "${missing[@]}" ca-certificates xz-utils </dev/null
    if [[ -n $guard ]]; then
        rm -f "$guard"
    fi
fi
command -v dockerd >/dev/null || lab_die "dockerd not found after install"
lab_pick_docker

# --- 2. daemon -------------------------------------------------------------------------------
lab_stage "check docker daemon"
if docker_ok; then
    lab_log "dockerd already answers"
else
    [[ $(id -u) -eq 0 ]] || lab_die "dockerd is not answering and starting it needs root"
    pid=""
    if [[ -s /var/run/docker.pid ]]; then
        pid=$(cat /var/run/docker.pid)
        if [[ ! -d /proc/$pid ]] || [[ $(cat "/proc/$pid/comm" 2>/dev/null) != dockerd ]]; then
            lab_log "removing stale /var/run/docker.pid (pid $pid is not dockerd)"
            rm -f /var/run/docker.pid
            pid=""
        fi
    fi
    if [[ -z $pid ]]; then
        pid=$(pgrep -x dockerd | head -n1 || true)
    fi
    if [[ -n $pid ]]; then
        lab_stage "wait for running dockerd (pid $pid)"
    else
        # /run is not always a tmpfs: after a reboot dockerd's managed-containerd pid file can
        # name an unrelated live process, and dockerd would then wait for that "containerd".
        ctd_pidfile=/var/run/docker/containerd/containerd.pid
        if [[ -s $ctd_pidfile ]]; then
            ctd_pid=$(cat "$ctd_pidfile")
            if [[ $(cat "/proc/$ctd_pid/comm" 2>/dev/null) != containerd ]]; then
                lab_log "removing stale $ctd_pidfile (pid $ctd_pid is not containerd)"
                rm -f "$ctd_pidfile"
            fi
        fi
        lab_stage "start dockerd (log: $DOCKERD_LOG)"
        mkdir -p "$(dirname "$DOCKERD_LOG")"
        printf '\n==== %s dockerd started by ensure-dockerd.sh ====\n' "$(date -u +%FT%TZ)" \
            >>"$DOCKERD_LOG"
        # setsid + nohup: detach from this script's session so dockerd outlives it.
        # 9>&-: dockerd must not inherit (and so hold forever) this script's lock.
        setsid nohup dockerd </dev/null >>"$DOCKERD_LOG" 2>&1 9>&- &
        pid=$!
        lab_log "dockerd pid $pid"
    fi
    deadline=$((SECONDS + DOCKERD_WAIT_TIMEOUT))
    until docker_ok; do
        if [[ ! -d /proc/$pid ]]; then
            tail -n 30 "$DOCKERD_LOG" >&2 || true
            lab_die "dockerd (pid $pid) exited; see $DOCKERD_LOG"
        fi
        if ((SECONDS >= deadline)); then
            tail -n 30 "$DOCKERD_LOG" >&2 || true
            lab_die "docker info did not answer within ${DOCKERD_WAIT_TIMEOUT}s; see $DOCKERD_LOG"
        fi
        sleep 0.5
    done
fi

# --- 3. CLI / API check ----------------------------------------------------------------------
lab_stage "check docker CLI versions"
server=$("$DOCKER" version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')
lab_log "daemon: $server; lab CLI: $DOCKER $("$DOCKER" version --format '{{.Client.Version}}')"
path_docker=$(command -v docker || true)
if [[ -n $path_docker && $path_docker != "$DOCKER" ]]; then
    if out=$(timeout 20 "$path_docker" version --format '{{.Client.Version}} (API {{.Client.APIVersion}})' 2>&1); then
        lab_log "first docker on PATH: $path_docker $out -> negotiates with the daemon OK"
    else
        lab_log "WARNING: first docker on PATH ($path_docker) cannot talk to the daemon:"
        lab_log "  $out"
        lab_log "  use $DOCKER explicitly or put /usr/bin first on PATH"
    fi
fi
