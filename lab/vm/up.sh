#!/usr/bin/env bash
# Brings the VM lab up (all hosts, or the ones named): builds/reuses the cached image,
# creates the network namespace with a bridge and one tap per VM, boots the VMs from
# qcow2 overlays, waits for ssh and writes the Ansible inventory. VMs that already run
# are left alone, so running it again is harmless.
#
# Usage: up.sh [--accel auto|kvm|tcg] [HOST...]      (hosts: see LVS_LAB_HOSTS in lab.conf)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ACCEL=$LVS_LAB_ACCEL
while (($#)); do
    case $1 in
        --accel) ACCEL=${2:?--accel needs auto, kvm or tcg}; shift 2 ;;
        --accel=*) ACCEL=${1#*=}; shift ;;
        -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
        -*) die "unknown option '$1'" ;;
        *) break ;;
    esac
done
[[ $ACCEL =~ ^(auto|kvm|tcg)$ ]] || die "--accel must be auto, kvm or tcg (got '$ACCEL')"
select_hosts "$@"
need_root
need_cmd ip qemu-system-x86_64 qemu-img ssh ssh-keygen

# 1. Image (a no-op when the recipe's image is cached) ---------------------------
stage "base image"
"$LAB_DIR/build-image.sh"
IMG=$(readlink -f "$IMAGE_LINK")
[[ -f $IMG/ok ]] || die "no usable image in $IMAGE_LINK"

# 2. State dir and the lab's ssh key ------------------------------------------------
stage "state dir $LVS_LAB_STATE and ssh key"
mkdir -p "$LVS_LAB_STATE/vms"
chmod 700 "$LVS_LAB_STATE"
if [[ ! -f $SSH_KEY ]]; then
    ssh-keygen -q -t ed25519 -N '' -C "lvs-cluster-lab" -f "$SSH_KEY"
    log "    generated $SSH_KEY"
fi
write_ssh_config

# 3. Network namespace, bridge, taps ------------------------------------------------
stage "network namespace $LVS_LAB_NETNS, bridge $LVS_LAB_BRIDGE, taps"
if ! netns_exists; then
    ip netns add "$LVS_LAB_NETNS"
    log "    created netns $LVS_LAB_NETNS"
fi
ip -n "$LVS_LAB_NETNS" link set lo up
# the namespace is a dead end: it never forwards the guests' packets anywhere
in_ns sysctl -qw net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0
if ! ip -n "$LVS_LAB_NETNS" link show "$LVS_LAB_BRIDGE" >/dev/null 2>&1; then
    # A fixed MAC: otherwise the bridge takes the lowest port MAC, which changes when a tap
    # is re-created (down.sh HOST; up.sh HOST), and the guests' ARP entries go stale.
    IFS=. read -r _ b2 b3 b4 <<<"$LVS_LAB_BRIDGE_IP"
    ip -n "$LVS_LAB_NETNS" link add "$LVS_LAB_BRIDGE" address "$(printf '52:54:00:%02x:%02x:%02x' "$b2" "$b3" "$b4")" \
        type bridge stp_state 0 forward_delay 0 mcast_snooping 0
    ip -n "$LVS_LAB_NETNS" addr add "$LVS_LAB_BRIDGE_IP/$LVS_LAB_PREFIX" dev "$LVS_LAB_BRIDGE"
    log "    created bridge $LVS_LAB_BRIDGE ($LVS_LAB_BRIDGE_IP/$LVS_LAB_PREFIX) in $LVS_LAB_NETNS"
fi
ip -n "$LVS_LAB_NETNS" link set "$LVS_LAB_BRIDGE" up
for h in "${SELECTED[@]}"; do
    tap=${LAB_TAP[$h]}
    if ! ip -n "$LVS_LAB_NETNS" link show "$tap" >/dev/null 2>&1; then
        ip -n "$LVS_LAB_NETNS" tuntap add dev "$tap" mode tap
    fi
    ip -n "$LVS_LAB_NETNS" link set "$tap" master "$LVS_LAB_BRIDGE" up
done

# 4. Accelerator: KVM only if it really boots this kernel ---------------------------
stage "accelerator ($ACCEL)"
kvm_works() {
    # Boots the lab kernel + initrd with "lvslab.probe": the initrd prints a marker and
    # powers off. A broken KVM (nested setups) aborts, fails or hangs instead.
    local cache="$LVS_LAB_STATE/kvm-probe" key log rc
    key="$(qemu-system-x86_64 --version | head -n1) $(basename "$IMG") $(uname -r)"
    if [[ -f $cache ]] && [[ $(head -n1 "$cache") == "$key" ]]; then
        [[ $(sed -n 2p "$cache") == yes ]]
        return
    fi
    if [[ ! -r /dev/kvm || ! -w /dev/kvm ]]; then
        log "    /dev/kvm is not usable"
        printf '%s\nno\n' "$key" >"$cache"
        return 1
    fi
    log "    probing KVM with the lab kernel (up to 20 s)"
    log="$LVS_LAB_STATE/kvm-probe.log"
    rm -f "$log"
    rc=0
    # (in a subshell, so that bash's "Aborted" job message goes to the log too)
    (timeout 20 qemu-system-x86_64 -accel kvm -cpu host -m 256 -nodefaults -no-user-config \
        -display none -no-reboot -kernel "$IMG/vmlinux" -initrd "$IMG/initrd.img" \
        -append "console=ttyS0 loglevel=4 lvslab.probe" -serial "file:$log") \
        >"$log.qemu" 2>&1 || rc=$?
    if grep -q LVSLAB-PROBE-OK "$log" 2>/dev/null; then
        printf '%s\nyes\n' "$key" >"$cache"
        return 0
    fi
    log "    KVM probe failed (rc=$rc; $(tail -n1 "$log.qemu" 2>/dev/null | cut -c1-100)); see $log"
    printf '%s\nno\n' "$key" >"$cache"
    return 1
}
# tb-size caps QEMU's translation cache (default 1 GiB, several hundred MiB get touched)
TCG_ARGS=(-accel "tcg,thread=single,tb-size=$LVS_LAB_TCG_TB_MB" -cpu qemu64)
case $ACCEL in
    kvm) ACCEL_ARGS=(-accel kvm -cpu host) ;;
    tcg) ACCEL_ARGS=("${TCG_ARGS[@]}") ;;
    auto)
        if kvm_works; then ACCEL=kvm; ACCEL_ARGS=(-accel kvm -cpu host)
        else ACCEL=tcg; ACCEL_ARGS=("${TCG_ARGS[@]}"); fi ;;
esac
log "    using $ACCEL"

# 5. Boot the VMs ---------------------------------------------------------------------
stage "boot VMs (${SELECTED[*]})"
HOSTS_ARG=""
for h in "${LAB_NAMES[@]}"; do HOSTS_ARG+="${HOSTS_ARG:+,}$h=${LAB_IP[$h]}"; done
declare -a STARTED=()
for h in "${SELECTED[@]}"; do
    d=$(vm_dir "$h")
    if pid=$(vm_pid "$h"); then
        log "    $h already running (pid $pid), left alone"
        continue
    fi
    mkdir -p "$d"
    # A stopped VM keeps its overlay (and its changes) as long as it is based on the current image.
    if [[ -f $d/disk.qcow2 ]] && [[ $(qemu-img info --output=json "$d/disk.qcow2" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("backing-filename",""))') != "$IMG/base.qcow2" ]]; then
        log "    $h: overlay is based on another image, recreating it"
        rm -f "$d/disk.qcow2"
    fi
    if [[ ! -f $d/disk.qcow2 ]]; then
        qemu-img create -q -f qcow2 -F qcow2 -b "$IMG/base.qcow2" "$d/disk.qcow2"
    fi
    [[ ! -f $d/console.log ]] || mv -f "$d/console.log" "$d/console.log.old"
    cmdline="console=ttyS0 loglevel=4 root=/dev/vda rw net.ifnames=0 $LVS_LAB_CMDLINE_EXTRA"
    [[ -z $LVS_LAB_GATEWAY ]] || cmdline+=" lvslab.gw=$LVS_LAB_GATEWAY"
    cmdline+=" lvslab.hostname=$h lvslab.ip=${LAB_IP[$h]}/$LVS_LAB_PREFIX lvslab.role=${LAB_GROUP[$h]} lvslab.hosts=$HOSTS_ARG"
    rm -f "$d/qmp.sock" "$d/qemu.pid"
    in_ns qemu-system-x86_64 \
        -name "lvslab-$h,process=lvslab-$h" \
        "${ACCEL_ARGS[@]}" -m "$LVS_LAB_MEM" -smp "$LVS_LAB_CPUS" \
        -nodefaults -no-user-config -display none \
        -kernel "$IMG/vmlinux" -initrd "$IMG/initrd.img" -append "$cmdline" \
        -drive "file=$d/disk.qcow2,if=virtio,format=qcow2,cache=unsafe,discard=unmap" \
        -netdev "tap,id=n0,ifname=${LAB_TAP[$h]},script=no,downscript=no" \
        -device "virtio-net-pci,netdev=n0,mac=${LAB_MAC[$h]}" \
        -device virtio-rng-pci \
        -fw_cfg "name=opt/lvslab/authorized_keys,file=$SSH_KEY.pub" \
        -serial "file:$d/console.log" \
        -qmp "unix:$d/qmp.sock,server=on,wait=off" \
        -pidfile "$d/qemu.pid" -daemonize \
        2>"$d/qemu.err" || die "QEMU failed to start $h: $(cat "$d/qemu.err")"
    echo "$ACCEL" >"$d/accel"
    STARTED+=("$h")
    log "    $h: started (pid $(cat "$d/qemu.pid"), ${LAB_IP[$h]}, ${LAB_MAC[$h]}, ${LAB_TAP[$h]}, console $d/console.log)"
done

# 6. Wait for ssh ---------------------------------------------------------------------
stage "wait for ssh on ${SELECTED[*]} (timeout ${LVS_LAB_SSH_TIMEOUT} s)"
declare -a PENDING=("${SELECTED[@]}")
T_WAIT=$(date +%s)
while ((${#PENDING[@]})); do
    declare -a NEXT=()
    declare -A PROBE=()
    for h in "${PENDING[@]}"; do
        if ! vm_pid "$h" >/dev/null; then
            tail -n 20 "$(vm_dir "$h")/console.log" >&2 2>/dev/null || true
            die "VM $h is not running any more (QEMU exited); console log: $(vm_dir "$h")/console.log"
        fi
        # probe all pending VMs in parallel (a first login takes a few seconds under TCG)
        in_ns ssh -F "$SSH_CONFIG" -o ConnectTimeout=3 "$h" true 2>/dev/null &
        PROBE[$h]=$!
    done
    for h in "${PENDING[@]}"; do
        if wait "${PROBE[$h]}"; then
            log "    $h answers ssh after $(($(date +%s) - T_WAIT)) s"
        else
            NEXT+=("$h")
        fi
    done
    PENDING=("${NEXT[@]}")
    ((${#PENDING[@]})) || break
    if (($(date +%s) - T_WAIT > LVS_LAB_SSH_TIMEOUT)); then
        for h in "${PENDING[@]}"; do
            log "    $h: last console lines ($(vm_dir "$h")/console.log):"
            tail -n 5 "$(vm_dir "$h")/console.log" 2>/dev/null | sed 's/^/        /' >&2 || true
        done
        die "no ssh from ${PENDING[*]} after ${LVS_LAB_SSH_TIMEOUT} s; see the console logs above (LVS_LAB_SSH_TIMEOUT raises the limit)"
    fi
    sleep 2
done

# 7. Inventory ------------------------------------------------------------------------
stage "write inventory $INVENTORY"
"$LAB_DIR/inventory.sh" >"$INVENTORY.new"
mv "$INVENTORY.new" "$INVENTORY"
publish_inventory
log "    copied to $LAB_HOSTS_FILE (next to the lab's group_vars and host_vars)"
total_time
cat >&2 <<EOF

Lab is up ($ACCEL). Use it:
  $LAB_DIR/ssh.sh ${SELECTED[0]}                      # shell on a VM (or: ssh.sh HOST CMD...)
  $LAB_DIR/status.sh
  ip netns exec $LVS_LAB_NETNS ansible -i $INVENTORY all -m ping
  $LAB_DIR/deploy.sh                    # the site playbook on the lab inventory $LVS_LAB_INVENTORY_DIR
  $LAB_DIR/down.sh
EOF
