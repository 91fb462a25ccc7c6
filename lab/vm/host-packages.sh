#!/usr/bin/env bash
# Installs, from Debian's packages, what the VM lab and `make lab` need on the host: QEMU, mmdebstrap
# and the image tools, ssh, iproute2, and python3-venv/git/make for the project's .venv and the
# collection copy. Only missing packages are installed (nothing when all are there); the apt-get
# output goes to $LVS_LAB_STATE/host-packages.log.
# Usage: host-packages.sh [--check]     (--check: list what is missing, install nothing; exit 1 if any)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHECK=0
case ${1:-} in
    --check) CHECK=1 ;;
    "") ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown argument '$1'" ;;
esac

# qemu-system-x86 brings seabios and ipxe-qemu (virtio-net's option ROM) as dependencies.
PACKAGES=(
    qemu-system-x86 qemu-utils mmdebstrap e2fsprogs xz-utils zstd
    openssh-client iproute2 python3 python3-venv git make
)

stage "host packages (${PACKAGES[*]})"
declare -a MISSING=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || MISSING+=("$p")
done
if ((${#MISSING[@]} == 0)); then
    log "    all installed"
elif ((CHECK)); then
    log "    missing: ${MISSING[*]}"
    exit 1
else
    need_root
    mkdir -p "$LVS_LAB_STATE"
    LOG="$LVS_LAB_STATE/host-packages.log"
    log "    installing ${MISSING[*]} (apt-get, log: $LOG)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -q && apt-get install -y -q --no-install-recommends "${MISSING[@]}"; } </dev/null >"$LOG" 2>&1 || {
        tail -n 20 "$LOG" >&2
        die "apt-get failed (log above)"
    }
fi
total_time
