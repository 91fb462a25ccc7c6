#!/usr/bin/env bash
# Build the container lab base image from Debian packages (no registry needed), bookworm or trixie (LAB_SUITE):
# mmdebstrap --variant=minbase -> tarball -> docker import.
#
# Image: $LAB_IMAGE_REPO:r-<recipe hash>  plus the stable tag $LAB_IMAGE_REPO:lab (default
# lvs-cluster/debian12-systemd:lab, lvs-cluster/debian13-systemd:lab for trixie). The recipe hash covers the suite,
# this script, image-config.Dockerfile and every file under rootfs/; when an image with the current hash exists the
# build is skipped.
#
# Environment:
#   LAB_SUITE        bookworm (default) or trixie
#   FORCE=1          rebuild even when the recipe tag exists
#   DEBIAN_MIRROR    default http://deb.debian.org/debian
#   DEBIAN_SECURITY  default http://deb.debian.org/debian-security
#   KEEP_OLD=1       keep images of older recipes (default: remove unused ones)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SECURITY=${DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
SUITE=$LAB_SUITE

PACKAGES=(
    systemd systemd-sysv dbus
    python3 python3-apt python-is-python3
    iproute2 iputils-ping iputils-arping
    keepalived ipvsadm nftables
    openssh-server
    procps kmod curl busybox sudo ca-certificates
    frr
)

# Units masked in the image. Without masks the image still boots to "running" with no failed unit;
# these are masked because in a container with CAP_SYS_ADMIN they would touch kernel-global state
# (binfmt_misc, hugetlbfs, fusectl, debugfs/tracefs/configfs mounts), could wait on a console
# (getty, firstboot), need udev, or would run apt in the background and hold the dpkg lock during
# tests (apt timers). systemd-modules-load is deliberately NOT masked: it skips itself
# (ConditionCapability=CAP_SYS_MODULE), so `systemctl restart systemd-modules-load` still succeeds.
MASK_UNITS=(
    getty.target getty-static.service console-getty.service getty@tty1.service
    serial-getty@.service systemd-firstboot.service
    systemd-udevd.service systemd-udev-trigger.service systemd-udev-settle.service
    sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount
    sys-fs-fuse-connections.mount dev-hugepages.mount
    proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount systemd-binfmt.service
    systemd-journald-audit.socket
    apt-daily.timer apt-daily-upgrade.timer
)
ENABLE_UNITS=(lab-proc-sys-net-rw.service lab-gateway.service)
# Installed but not started at boot: only a topology's router runs FRR (its seed enables it).
DISABLE_UNITS=(frr.service)

# Two builds of one suite at once (make test's molecule lanes both need the images) would both build it: the
# second waits here for the first, then finds its image. fd 8 is closed for ensure-dockerd.sh below, so that
# dockerd does not inherit (and hold forever) the lock.
exec 8>"/tmp/.lab-build-image-$SUITE.lock"
flock -w 1800 8 || lab_die "another build-image.sh of $SUITE holds /tmp/.lab-build-image-$SUITE.lock for 1800 s"

# --- recipe hash -------------------------------------------------------------------------------
lab_stage "compute recipe hash"
recipe_hash=$(
    cd "$HERE"
    {
        echo "$SUITE"
        sha256sum build-image.sh image-config.Dockerfile
        find rootfs -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
        # file modes matter too (the helper script must be executable)
        find rootfs -type f -printf '%m %p\n' | LC_ALL=C sort
    } | sha256sum | cut -c1-12
)
RECIPE_TAG="r-$recipe_hash"
IMAGE_RECIPE="$LAB_IMAGE_REPO:$RECIPE_TAG"
IMAGE_STABLE="$LAB_IMAGE_REPO:$LAB_IMAGE_TAG"
lab_log "recipe image: $IMAGE_RECIPE (stable tag: $IMAGE_STABLE)"

lab_stage "check docker"
if ! timeout 20 "$DOCKER" info >/dev/null 2>&1; then
    "$HERE/ensure-dockerd.sh" 8>&-
    lab_pick_docker
fi
command -v mmdebstrap >/dev/null || LAB_EXTRA_PACKAGES=mmdebstrap "$HERE/ensure-dockerd.sh" 8>&-

if [[ ${FORCE:-0} != 1 ]] && "$DOCKER" image inspect "$IMAGE_RECIPE" >/dev/null 2>&1; then
    lab_stage "cache hit: $IMAGE_RECIPE exists, skipping build"
    "$DOCKER" tag "$IMAGE_RECIPE" "$IMAGE_STABLE"
    lab_log "$IMAGE_STABLE -> $("$DOCKER" image inspect -f '{{.Id}}' "$IMAGE_STABLE")"
    exit 0
fi

# --- mmdebstrap --------------------------------------------------------------------------------
workdir=$(mktemp -d /tmp/lab-image.XXXXXX)
lab_cleanup() { rm -rf "$workdir"; }
tarball="$workdir/rootfs.tar"

lab_stage "mmdebstrap $SUITE minbase (${#PACKAGES[@]} packages)"
include=$(IFS=,; echo "${PACKAGES[*]}")
q_rootfs=$(printf '%q' "$HERE/rootfs")
mask_list="${MASK_UNITS[*]}"
enable_list="${ENABLE_UNITS[*]}"
disable_list="${DISABLE_UNITS[*]}"
# Hooks run as `sh -c HOOK exec ROOTDIR`: single-quoted "$1" is expanded by that shell.
# shellcheck disable=SC2016
mmdebstrap \
    --variant=minbase \
    --mode=root \
    --format=tar \
    --include="$include" \
    --aptopt='Acquire::Retries "3"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --customize-hook="tar -C $q_rootfs --owner=0 --group=0 -c . | tar -C \"\$1\" -x --no-overwrite-dir --keep-directory-symlink" \
    --customize-hook='chmod 0755 "$1/usr/local/sbin/lab-proc-sys-net-rw" "$1/usr/local/sbin/lab-httpd" "$1/usr/local/bin/lab-connections"' \
    --customize-hook="for u in $mask_list; do ln -sfn /dev/null \"\$1/etc/systemd/system/\$u\"; done" \
    --customize-hook="chroot \"\$1\" systemctl enable $enable_list" \
    --customize-hook="chroot \"\$1\" systemctl disable $disable_list" \
    --customize-hook=': > "$1/etc/machine-id"' \
    --customize-hook='printf "%s\n" "lab image built $(date -u +%FT%TZ)" > "$1/etc/lab-image-release"' \
    "$SUITE" "$tarball" \
    "deb $DEBIAN_MIRROR $SUITE main" \
    "deb $DEBIAN_MIRROR $SUITE-updates main" \
    "deb $DEBIAN_SECURITY $SUITE-security main" \
    </dev/null
lab_log "tarball: $(du -h "$tarball" | cut -f1)"

# --- docker import + finish ---------------------------------------------------------------------
# Docker 20.10's `import --change` rejects STOPSIGNAL, so the image config (CMD, STOPSIGNAL, ENV,
# LABEL) comes from a one-step classic `docker build` on top of the imported filesystem.
lab_stage "docker import + docker build (image config) -> $IMAGE_RECIPE"
IMAGE_IMPORT="$LAB_IMAGE_REPO:import-$recipe_hash"
"$DOCKER" import --message "lvs.cluster container lab rootfs, recipe $recipe_hash" \
    "$tarball" "$IMAGE_IMPORT" >/dev/null
DOCKER_BUILDKIT=0 "$DOCKER" build --quiet \
    --build-arg "BASE=$IMAGE_IMPORT" \
    --build-arg "RECIPE=$recipe_hash" \
    -t "$IMAGE_RECIPE" - <"$HERE/image-config.Dockerfile" >/dev/null
"$DOCKER" rmi "$IMAGE_IMPORT" >/dev/null
"$DOCKER" tag "$IMAGE_RECIPE" "$IMAGE_STABLE"
lab_log "image size: $("$DOCKER" image inspect -f '{{.Size}}' "$IMAGE_RECIPE" | awk '{printf "%.0f MB", $1/1e6}')"

if [[ ${KEEP_OLD:-0} != 1 ]]; then
    lab_stage "remove unused images of older recipes"
    "$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}' "$LAB_IMAGE_REPO" | while read -r img; do
        case $img in
            "$IMAGE_RECIPE" | "$IMAGE_STABLE" | *:\<none\>) ;;
            "$LAB_IMAGE_REPO":r-*)
                if "$DOCKER" rmi "$img" >/dev/null 2>&1; then lab_log "removed $img"; fi
                ;;
        esac
    done
fi
lab_stage_end
lab_log "built $IMAGE_RECIPE and tagged $IMAGE_STABLE"
