# shellcheck shell=bash
# The lab's VMs (the directors): QEMU with the lab kernel, KVM where it really works, TCG
# otherwise, and what their consoles say. Sourced by up.sh after lib.sh; IMG is the image dir.

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
    # (in a subshell that cannot exec timeout in its place, so that bash's "Aborted" job message
    # goes to the log too)
    (timeout 20 qemu-system-x86_64 -accel kvm -cpu host -m 256 -nodefaults -no-user-config \
        -display none -no-reboot -kernel "$IMG/vmlinux" -initrd "$IMG/initrd.img" \
        -append "console=ttyS0 loglevel=4 lvslab.probe" -serial "file:$log"; exit $?) \
        >"$log.qemu" 2>&1 || rc=$?
    if grep -q LVSLAB-PROBE-OK "$log" 2>/dev/null; then
        printf '%s\nyes\n' "$key" >"$cache"
        return 0
    fi
    log "    KVM probe failed (rc=$rc; $(grep -v " Aborted " "$log.qemu" 2>/dev/null | tail -n1 | cut -c1-100)); see $log"
    printf '%s\nno\n' "$key" >"$cache"
    return 1
}

# choose_accel auto|kvm|tcg: sets ACCEL (kvm or tcg) and ACCEL_ARGS.
choose_accel() {
    # tb-size caps QEMU's translation cache (default 1 GiB, several hundred MiB get touched)
    local -a tcg=(-accel "tcg,thread=single,tb-size=$LVS_LAB_TCG_TB_MB" -cpu qemu64)
    ACCEL=$1
    if [[ $ACCEL == auto ]]; then
        if kvm_works; then ACCEL=kvm; else ACCEL=tcg; fi
    fi
    if [[ $ACCEL == kvm ]]; then ACCEL_ARGS=(-accel kvm -cpu host); else ACCEL_ARGS=("${tcg[@]}"); fi
}

# vm_boot HOST: boots the host's VM from its overlay of the current image (created when missing
# or based on another image). Returns 1 when it was already running.
vm_boot() {
    local h=$1 d cmdline hosts_arg="" name gw
    d=$(vm_dir "$h")
    vm_pid "$h" >/dev/null && return 1
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
    for name in "${LAB_NAMES[@]}"; do hosts_arg+="${hosts_arg:+,}$name=${LAB_IP[$name]}"; done
    # status_unit_format=name: the console says "Failed to start lvslab-identity.service", not a
    # description cut to 80 columns.
    cmdline="console=ttyS0 loglevel=4 systemd.status_unit_format=name root=/dev/vda rw net.ifnames=0 $LVS_LAB_CMDLINE_EXTRA"
    gw=$(gateway_of "$h")
    [[ -z $gw ]] || cmdline+=" lvslab.gw=$gw"
    cmdline+=" lvslab.hostname=$h lvslab.ip=${LAB_IP[$h]}/${NET_PREFIX[${LAB_NET[$h]}]} lvslab.role=${LAB_GROUP[$h]} lvslab.hosts=$hosts_arg"
    # a network interface per address (eth0, eth1, ... in their order), each with the IPv6 of its network if any
    local -a nics=()
    local i=0 a net a6
    for a in ${LAB_ADDRS[$h]}; do
        net=$(net_of "$a")
        ((i == 0)) || cmdline+=" lvslab.addr=eth$i,$a/${NET_PREFIX[$net]}"
        a6=$(ip6_of "$a")
        [[ -z $a6 ]] || cmdline+=" lvslab.addr=eth$i,$a6/${NET_PREFIX6[$net]}"
        nics+=(-netdev "tap,id=n$i,ifname=$(tap_of "$h" "$i"),script=no,downscript=no"
            -device "virtio-net-pci,netdev=n$i,mac=$(mac_of "$a")")
        i=$((i + 1))
    done
    rm -f "$d/qmp.sock" "$d/qemu.pid"
    in_ns qemu-system-x86_64 \
        -name "$LVS_LAB_NETNS-$h,process=$LVS_LAB_NETNS-$h" \
        "${ACCEL_ARGS[@]}" -m "$LVS_LAB_MEM" -smp "$LVS_LAB_CPUS" \
        -nodefaults -no-user-config -display none \
        -kernel "$IMG/vmlinux" -initrd "$IMG/initrd.img" -append "$cmdline" \
        -drive "file=$d/disk.qcow2,if=virtio,format=qcow2,cache=unsafe,discard=unmap" \
        "${nics[@]}" \
        -device virtio-rng-pci \
        -fw_cfg "name=opt/lvslab/authorized_keys,file=$SSH_KEY.pub" \
        -serial "file:$d/console.log" \
        -qmp "unix:$d/qmp.sock,server=on,wait=off" \
        -pidfile "$d/qemu.pid" -daemonize \
        2>"$d/qemu.err" || die "QEMU failed to start $h: $(cat "$d/qemu.err")"
    echo "$ACCEL" >"$d/accel"
}

# console_failure HOST: prints what the VM's console says about its failed boot (a unit that failed,
# with that unit's last words when it writes to the console; a kernel panic; the initrd giving up);
# fails when there is nothing of the kind.
console_failure() {
    local text line unit said
    text=$(sed 's/\x1b\[[0-9;]*m//g' "$(vm_dir "$1")/console.log" 2>/dev/null | tr -d '\r')
    line=$(grep -aE -m1 'FAILED\] Failed to start|Dependency failed for|Kernel panic|lvslab-initrd: FATAL|lvslab-identity: ERROR' <<<"$text") || return 1
    line=${line#*] }
    line=${line%.}
    unit=$(grep -oE 'Failed to start [^ ]+' <<<"$line" | cut -d' ' -f4) || true
    unit=${unit%.}
    if [[ -n $unit ]] && said=$(grep -a "${unit%.service}\[[0-9]*\]:" <<<"$text" | tail -n1); then
        line+=" (it said: ${said#*]: })"
    fi
    printf '%s\n' "$line"
}

# console_tail HOST [N]: the VM's last N console lines (default 15), indented, on stderr.
console_tail() {
    sed 's/\x1b\[[0-9;]*m//g' "$(vm_dir "$1")/console.log" 2>/dev/null | tr -d '\r' | grep -av '^\s*$' |
        tail -n "${2:-15}" | sed 's/^/        /' >&2 || true
}
