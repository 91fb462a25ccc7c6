#!/usr/bin/env bash
# Builds the VM lab's guest image from Debian packages:
#   $LVS_LAB_CACHE/images/<recipe hash>/{base.qcow2,vmlinux,vmlinuz,initrd.img,manifest.txt,recipe.txt}
# and points $LVS_LAB_CACHE/images/current at it. The hash covers this script, the guest/
# files, labtool.py and the recipe settings: an unchanged recipe is not rebuilt
# (--force rebuilds anyway). Needs root (mmdebstrap in root mode, file ownership in mkfs.ext4 -d).
#
# Usage: build-image.sh [--force]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FORCE=0
case ${1:-} in
    --force) FORCE=1 ;;
    "") ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown argument '$1'" ;;
esac

need_root
need_cmd mmdebstrap mkfs.ext4 qemu-img python3 sha256sum

# The recipe ------------------------------------------------------------------------
PACKAGES=(
    systemd systemd-sysv dbus libpam-systemd netbase
    openssh-server python3 python3-apt sudo
    iproute2 iputils-ping keepalived ipvsadm nftables frr frr-pythontools "$LVS_LAB_WEB_SERVER" curl arping tcpdump
    kmod procps less
    linux-image-amd64 busybox-static
)
# Modules the initrd loads to mount the root file system (built-in ones are skipped),
# virtio_net and qemu_fw_cfg (the ssh key): eth0 then exists before systemd starts, so lvslab-identity does not
# wait for udev's coldplug (which took 25 s of a contended TCG boot).
INITRD_MODULES=(virtio virtio_ring virtio_pci virtio_blk crc32c_generic crc16 mbcache jbd2 ext4 virtio_net qemu_fw_cfg)
# Units that only cost boot time in the lab.
MASK_UNITS=(
    systemd-networkd-wait-online.service apt-daily.timer apt-daily-upgrade.timer
    e2scrub_all.timer e2scrub_reap.service fstrim.timer man-db.timer
    getty@tty1.service serial-getty@ttyS0.service systemd-pstore.service
    systemd-udev-settle.service
)
# Kernel module directories the lab never needs (keeps the image small).
PRUNE_MODULES=(
    drivers/gpu drivers/media drivers/net/wireless drivers/net/ethernet drivers/infiniband
    drivers/staging drivers/bluetooth drivers/iio drivers/isdn drivers/input/touchscreen
    drivers/usb drivers/hid drivers/scsi drivers/ata drivers/mmc drivers/mtd drivers/net/can
    drivers/net/usb drivers/hwmon drivers/platform drivers/video drivers/thunderbolt
    drivers/nfc drivers/leds drivers/power drivers/crypto drivers/target drivers/md
    sound net/wireless net/mac80211 net/bluetooth fs/ocfs2 fs/btrfs fs/xfs fs/gfs2 fs/nfs fs/nfsd
)
if [[ -n $LVS_LAB_MIRROR ]]; then
    MIRRORS=("$LVS_LAB_MIRROR")
else
    MIRRORS=(
        "deb http://deb.debian.org/debian $LVS_LAB_SUITE main"
        "deb http://deb.debian.org/debian $LVS_LAB_SUITE-updates main"
        "deb http://deb.debian.org/debian-security $LVS_LAB_SUITE-security main"
    )
fi

recipe_text() {
    printf 'suite=%s\ndisk=%s\n' "$LVS_LAB_SUITE" "$LVS_LAB_DISK_SIZE"
    printf 'mirror=%s\n' "${MIRRORS[@]}"
    printf 'package=%s\n' "${PACKAGES[@]}"
    printf 'initrd_module=%s\n' "${INITRD_MODULES[@]}"
    printf 'mask=%s\n' "${MASK_UNITS[@]}"
    printf 'prune=%s\n' "${PRUNE_MODULES[@]}"
    (cd "$LAB_DIR" && sha256sum build-image.sh labtool.py guest/*)
}
HASH=$(recipe_text | sha256sum | cut -c1-16)
OUT="$LVS_LAB_CACHE/images/$HASH"

if [[ $FORCE -eq 0 && -f $OUT/ok ]]; then
    ln -sfn "$HASH" "$IMAGE_LINK"
    log "image for recipe $HASH is cached: $OUT ($(du -sh --apparent-size "$OUT/base.qcow2" | cut -f1) qcow2); nothing to do (--force rebuilds)"
    exit 0
fi

log "building image for recipe $HASH into $OUT"
mkdir -p "$LVS_LAB_CACHE/images"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lvslab-build.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
TREE="$WORK/root"

# 1. Root file system --------------------------------------------------------------
stage "mmdebstrap $LVS_LAB_SUITE (${#PACKAGES[@]} packages + dependencies)"
# update-initramfs is diverted to a no-op while packages are installed: the lab boots
# with its own tiny initrd (built below), and Debian's would only cost build time.
# shellcheck disable=SC2016  # $1 is expanded by mmdebstrap's hook shell
mmdebstrap --mode=root --variant=minbase --format=directory \
    --include="$(IFS=,; echo "${PACKAGES[*]}")" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --essential-hook='chroot "$1" dpkg-divert --quiet --local --rename --divert /usr/sbin/update-initramfs.lvslab --add /usr/sbin/update-initramfs && printf "#!/bin/sh\nexit 0\n" >"$1/usr/sbin/update-initramfs" && chmod 755 "$1/usr/sbin/update-initramfs"' \
    --customize-hook='rm -f "$1/usr/sbin/update-initramfs" && chroot "$1" dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs' \
    "$LVS_LAB_SUITE" "$TREE" "${MIRRORS[@]}" >"$WORK/mmdebstrap.log" 2>&1 || {
    tail -n 30 "$WORK/mmdebstrap.log" >&2
    die "mmdebstrap failed (log above)"
}
[[ -x $TREE/lib/systemd/systemd ]] || die "mmdebstrap produced no systemd in $TREE"

# 2. Lab customisation ---------------------------------------------------------------
stage "customise the tree (identity unit, masks, sshd, fstab, modules)"
install -m 755 "$LAB_DIR/guest/lvslab-identity" "$TREE/usr/local/sbin/lvslab-identity"
install -m 644 "$LAB_DIR/guest/lvslab-identity.service" "$TREE/etc/systemd/system/lvslab-identity.service"
systemctl --root="$TREE" --quiet enable lvslab-identity.service
install -D -m 644 "$LAB_DIR/guest/systemd-timeouts.conf" "$TREE/etc/systemd/system.conf.d/lvslab-timeouts.conf"
systemctl --root="$TREE" --quiet mask "${MASK_UNITS[@]}"
# FRR is there for active-active directors (the guests have no package mirror); the director role enables it
systemctl --root="$TREE" --quiet disable frr.service
install -d "$TREE/etc/systemd/system/$LVS_LAB_WEB_SERVER.service.d"
install -m 644 "$LAB_DIR/guest/web-role.conf" "$TREE/etc/systemd/system/$LVS_LAB_WEB_SERVER.service.d/lvslab-role.conf"
rm -f "$TREE/var/www/html/index.html" "$TREE/var/www/html/index.nginx-debian.html"
printf '/dev/vda / ext4 rw,noatime 0 0\n' >"$TREE/etc/fstab"
printf 'lvslab\n' >"$TREE/etc/hostname"
: >"$TREE/etc/machine-id"               # empty: systemd creates a unique one on first boot
rm -f "$TREE/var/lib/dbus/machine-id"
install -d "$TREE/etc/ssh/sshd_config.d" "$TREE/etc/systemd/journald.conf.d"
printf 'PermitRootLogin prohibit-password\nPasswordAuthentication no\nUseDNS no\n' \
    >"$TREE/etc/ssh/sshd_config.d/lvslab.conf"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=16M\n' >"$TREE/etc/systemd/journald.conf.d/lvslab.conf"
# Ansible's modules run from a zip, whose sources Python compiles on every run: keep their bytecode (guest/lvslab_pyc.py).
SITE_PACKAGES=$(chroot "$TREE" python3 -c 'import site; print(site.getsitepackages()[0])')
install -D -m 644 "$LAB_DIR/guest/lvslab_pyc.py" "$TREE$SITE_PACKAGES/lvslab_pyc.py"
printf 'import lvslab_pyc\n' >"$TREE$SITE_PACKAGES/lvslab-pyc.pth"
# The article loads ip_vs on the directors itself; nothing is loaded at boot here.
rm -rf "$TREE/var/cache/apt/"*.bin "$TREE/var/cache/apt/archives/"*.deb "$TREE/var/log/"*.log

KVER=$(ls "$TREE/lib/modules")
[[ $(wc -w <<<"$KVER") -eq 1 ]] || die "expected exactly one kernel in the image, found: $KVER"
MODDIR="$TREE/lib/modules/$KVER"
for d in "${PRUNE_MODULES[@]}"; do rm -rf "${MODDIR:?}/kernel/$d"; done
chroot "$TREE" depmod -a "$KVER"

# 3. Kernel and initrd ---------------------------------------------------------------
stage "kernel $KVER: vmlinux + minimal initrd"
mkdir -p "$WORK/out"
cp "$TREE/boot/vmlinuz-$KVER" "$WORK/out/vmlinuz"
cp "$TREE/boot/config-$KVER" "$WORK/out/config"
python3 "$LAB_DIR/labtool.py" vmlinux "$WORK/out/vmlinuz" "$WORK/out/vmlinux"
INITRD="$WORK/initrd"
mkdir -p "$INITRD/bin" "$INITRD/modules" "$INITRD/dev"
cp "$TREE/bin/busybox" "$INITRD/bin/busybox"
ln -s busybox "$INITRD/bin/sh"  # guest/init runs as #!/bin/sh
install -m 755 "$LAB_DIR/guest/init" "$INITRD/init"
: >"$INITRD/modules/order"
while read -r rel; do
    m=$(basename "$rel")
    case $m in
        *.ko.xz) xz -dc "$MODDIR/$rel" >"$INITRD/modules/${m%.xz}"; m=${m%.xz} ;;
        *.ko.zst) zstd -qdc "$MODDIR/$rel" >"$INITRD/modules/${m%.zst}"; m=${m%.zst} ;;
        *) cp "$MODDIR/$rel" "$INITRD/modules/$m" ;;
    esac
    echo "$m" >>"$INITRD/modules/order"
done < <(python3 "$LAB_DIR/labtool.py" moddeps "$MODDIR" "${INITRD_MODULES[@]}")
log "    initrd modules: $(tr '\n' ' ' <"$INITRD/modules/order")"
python3 "$LAB_DIR/labtool.py" cpio "$INITRD" "$WORK/out/initrd.img"
rm -f "$TREE/boot/initrd.img"*

# 4. Disk image ----------------------------------------------------------------------
stage "mkfs.ext4 -d + qemu-img convert to qcow2 ($LVS_LAB_DISK_SIZE)"
# shellcheck disable=SC2016
chroot "$TREE" dpkg-query -W -f '${Package} ${Version}\n' >"$WORK/out/manifest.txt"
truncate -s "$LVS_LAB_DISK_SIZE" "$WORK/root.raw"
mkfs.ext4 -q -F -L lvslab-root -d "$TREE" "$WORK/root.raw"
qemu-img convert -f raw -O qcow2 "$WORK/root.raw" "$WORK/out/base.qcow2"
rm -f "$WORK/root.raw"
recipe_text >"$WORK/out/recipe.txt"
echo "$KVER" >"$WORK/out/kernel-version"

stage "install into the cache"
rm -rf "$OUT"
mv "$WORK/out" "$OUT"
touch "$OUT/ok"
ln -sfn "$HASH" "$IMAGE_LINK"
# keep only the current image and the one before it
mapfile -t OLD < <(cd "$LVS_LAB_CACHE/images" && find . -mindepth 1 -maxdepth 1 -type d -printf '%T@ %f\n' | sort -rn | cut -d' ' -f2 | grep -vx -e "$HASH" -e current | tail -n +2)
for o in "${OLD[@]}"; do rm -rf "${LVS_LAB_CACHE:?}/images/$o"; done

stage_end
log "image: $OUT"
log "  base.qcow2 $(du -h "$OUT/base.qcow2" | cut -f1) on disk (virtual $LVS_LAB_DISK_SIZE), used in fs: $(du -sh --apparent-size "$TREE" | cut -f1)"
log "  vmlinux $(du -h "$OUT/vmlinux" | cut -f1), initrd.img $(du -h "$OUT/initrd.img" | cut -f1), kernel $KVER, $(wc -l <"$OUT/manifest.txt") packages"
total_time
