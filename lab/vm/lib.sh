# shellcheck shell=bash
# shellcheck disable=SC2034  # variables are used by the scripts sourcing this file
# Common helpers of the VM lab scripts. Sourced, not executed.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lab.conf
. "$LAB_DIR/lab.conf"

LAB_T0=$(date +%s.%N)
STAGE_NAME=""
STAGE_T0=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

elapsed() { # elapsed START -> seconds with one decimal
    awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

# stage "description": ends the previous stage (printing its duration) and starts a new one.
stage() {
    stage_end
    STAGE_NAME=$1
    STAGE_T0=$(date +%s.%N)
    log "==> $STAGE_NAME"
}
stage_end() {
    if [[ -n $STAGE_NAME ]]; then
        log "    done: $STAGE_NAME ($(elapsed "$STAGE_T0") s)"
        STAGE_NAME=""
    fi
}
total_time() { stage_end; log "total: $(elapsed "$LAB_T0") s"; }

need_root() { [[ $(id -u) -eq 0 ]] || die "$(basename "$0") needs root (network namespaces, tap devices)"; }
need_cmd() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || die "missing command '$c' (Debian: apt-get install qemu-system-x86 qemu-utils mmdebstrap e2fsprogs openssh-client iproute2)"
    done
}

# Networks ---------------------------------------------------------------
# NET_NAMES (ordered), NET_ADDR[net] (the namespace's address on it), NET_PREFIX[net], NET_GW[net] (the default
# gateway of the hosts whose first address is on it; empty: none), NET_BRIDGE[net] (inside the namespace),
# NET_VETH[net] (host end of the veth pair that carries the containers' macvlan), NET_DOCKER[net] (docker network)
declare -a NET_NAMES=()
declare -A NET_ADDR=() NET_PREFIX=() NET_GW=() NET_BRIDGE=() NET_VETH=() NET_DOCKER=()
is_ipv4() {
    local o
    [[ $1 =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || return 1
    for o in ${1//./ }; do ((10#$o <= 255)) || return 1; done
}
ip_to_int() { local a b c d; IFS=. read -r a b c d <<<"$1"; echo $(((a << 24) | (b << 16) | (c << 8) | d)); }
# in_net ADDRESS NET: whether ADDRESS lies in NET's subnet.
in_net() {
    local prefix=${NET_PREFIX[$2]} mask
    mask=$(((0xffffffff << (32 - prefix)) & 0xffffffff))
    ((($(ip_to_int "$1") & mask) == ($(ip_to_int "${NET_ADDR[$2]}") & mask)))
}
# net_of ADDRESS: the network ADDRESS is on; fails when none.
net_of() { local n; for n in "${NET_NAMES[@]}"; do if in_net "$1" "$n"; then echo "$n"; return 0; fi; done; return 1; }
parse_networks() {
    local entry name cidr gw fields
    for entry in $LVS_LAB_NETWORKS; do
        IFS=: read -r name cidr gw <<<"$entry"
        fields=${entry//[^:]/}
        [[ $name =~ ^[a-z][a-z0-9]{0,5}$ ]] || die "bad network name '$name' in LVS_LAB_NETWORKS (1-6 lower-case letters or digits, a letter first)"
        if ! [[ $cidr == */* ]] || ! is_ipv4 "${cidr%/*}" || ! [[ ${cidr#*/} =~ ^[0-9]+$ ]] ||
            ((${cidr#*/} < 8 || ${cidr#*/} > 30)); then
            die "bad network '$entry' in LVS_LAB_NETWORKS (want NAME:NAMESPACE_ADDRESS/PREFIX[:GATEWAY], prefix 8-30)"
        fi
        [[ -z ${NET_ADDR[$name]:-} ]] || die "network '$name' is named twice in LVS_LAB_NETWORKS"
        NET_NAMES+=("$name")
        NET_ADDR[$name]=${cidr%/*}
        NET_PREFIX[$name]=${cidr#*/}
        # no third field: the namespace's address; an empty one: no default route
        if ((${#fields} < 2)); then gw=${cidr%/*}; fi
        [[ -z $gw ]] || is_ipv4 "$gw" || die "bad gateway '$gw' of network '$name' in LVS_LAB_NETWORKS"
        NET_GW[$name]=$gw
        NET_BRIDGE[$name]="br-$name"
        NET_VETH[$name]="${LVS_LAB_NETNS:0:8}-$name"
        NET_DOCKER[$name]="$LVS_LAB_NETNS-$name"
    done
    ((${#NET_NAMES[@]} > 0)) || die "LVS_LAB_NETWORKS is empty"
}
parse_networks

# IPv6 on a network (LVS_LAB_NETWORKS6: "NAME=PREFIX::ADDRESS/PREFIXLEN" each, the namespace's address there):
# NET_ADDR6[net], NET_PREFIX6[net], NET_BASE6[net] (the address up to its "::"). Every host on such a network
# also gets BASE::<last octet of its IPv4 address> (10.1.1.163 -> fd00:10:1:1::163), so both families read alike.
declare -A NET_ADDR6=() NET_PREFIX6=() NET_BASE6=()
parse_networks6() {
    local entry name cidr
    for entry in ${LVS_LAB_NETWORKS6:-}; do
        name=${entry%%=*}
        cidr=${entry#*=}
        [[ -n ${NET_ADDR[$name]:-} ]] || die "LVS_LAB_NETWORKS6 names '$name', which is not in LVS_LAB_NETWORKS"
        [[ $cidr =~ ^([0-9a-f]{1,4}(:[0-9a-f]{1,4}){0,5})::[0-9a-f]{1,4}/(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-6])$ ]] ||
            die "bad IPv6 network '$entry' in LVS_LAB_NETWORKS6 (want NAME=PREFIX::ADDRESS/PREFIXLEN, e.g. lan=fd00:10:1:1::1/64)"
        NET_ADDR6[$name]=${cidr%/*}
        NET_PREFIX6[$name]=${cidr#*/}
        NET_BASE6[$name]="${BASH_REMATCH[1]}::"
    done
}
parse_networks6
# ip6_of ADDRESS: the IPv6 address that goes with a host's IPv4 ADDRESS (none when its network has no IPv6).
ip6_of() {
    local net
    net=$(net_of "$1") || return 0
    [[ -z ${NET_BASE6[$net]:-} ]] || printf '%s%s\n' "${NET_BASE6[$net]}" "${1##*.}"
}

# Host table -------------------------------------------------------------
# LAB_NAMES (ordered), LAB_IP[name] (first address: ssh, ansible_host), LAB_ADDRS[name] (all, space-separated),
# LAB_NET[name] (the network of the first address), LAB_GROUP[name], LAB_KIND[name] (vm or container),
# LAB_MAC[name] (of the first address), LAB_TAP[name] (VMs: of the first address), LAB_CONTAINER[name] (containers),
# LAB_IP6[name] (IPv6 of the first address, when its network has IPv6)
declare -a LAB_NAMES=()
declare -A LAB_IP=() LAB_ADDRS=() LAB_NET=() LAB_GROUP=() LAB_KIND=() LAB_MAC=() LAB_TAP=() LAB_CONTAINER=() LAB_IP6=()
# tap_of HOST INDEX: the tap of a VM's INDEXth address (0: the first), at most 15 characters.
tap_of() { if (($2 == 0)); then printf 'tap-%s\n' "${1:0:11}"; else printf 'tap-%s-%d\n' "${1:0:9}" "$2"; fi; }
# mac_of ADDRESS: the fixed, locally administered MAC of a lab address, 52:54:00:<o2>:<o3>:<o4>.
mac_of() { local o1 o2 o3 o4; IFS=. read -r o1 o2 o3 o4 <<<"$1"; printf '52:54:00:%02x:%02x:%02x' "$o2" "$o3" "$o4"; }
# gateway_of HOST: its default gateway (its first network's), none when that is the host itself.
gateway_of() {
    local gw=${NET_GW[${LAB_NET[$1]}]}
    [[ " ${LAB_ADDRS[$1]} " == *" $gw "* ]] || printf '%s\n' "$gw"
}
parse_hosts() {
    local entry name addrs group kind a net
    local -A seen_nets=()
    for entry in $LVS_LAB_HOSTS; do
        IFS=: read -r name addrs group kind <<<"$entry"
        [[ -n $name && -n $addrs && -n $group ]] || die "bad LVS_LAB_HOSTS entry '$entry' (want name:address[,address...]:group[:vm|container])"
        [[ $name =~ ^[a-z0-9][a-z0-9-]*$ ]] || die "bad host name '$name' in LVS_LAB_HOSTS"
        [[ -z ${LAB_IP[$name]:-} ]] || die "host '$name' is named twice in LVS_LAB_HOSTS"
        seen_nets=()
        for a in ${addrs//,/ }; do
            is_ipv4 "$a" || die "bad IPv4 address '$a' for $name in LVS_LAB_HOSTS"
            net=$(net_of "$a") || die "address $a of $name is on none of the lab's networks ($LVS_LAB_NETWORKS)"
            [[ -z ${seen_nets[$net]:-} ]] || die "$name has two addresses on network '$net' (one per network)"
            seen_nets[$net]=1
        done
        # Only directors need a kernel with IPVS; everything else runs on the host's kernel.
        if [[ -z $kind ]]; then
            if [[ $group == lvs_directors ]]; then kind=vm; else kind=container; fi
        fi
        [[ $kind == vm || $kind == container ]] || die "bad kind '$kind' for $name in LVS_LAB_HOSTS (want vm or container)"
        LAB_NAMES+=("$name")
        LAB_IP[$name]=${addrs%%,*}
        LAB_ADDRS[$name]=${addrs//,/ }
        LAB_NET[$name]=$(net_of "${LAB_IP[$name]}")
        LAB_GROUP[$name]=$group
        LAB_KIND[$name]=$kind
        LAB_MAC[$name]=$(mac_of "${LAB_IP[$name]}")
        LAB_TAP[$name]=$(tap_of "$name" 0)
        LAB_IP6[$name]=$(ip6_of "${LAB_IP[$name]}")
        LAB_CONTAINER[$name]="$LVS_LAB_NETNS-$name"
    done
    ((${#LAB_NAMES[@]} > 0)) || die "LVS_LAB_HOSTS is empty"
}
parse_hosts

known_host() { [[ -n ${LAB_IP[$1]:-} ]]; }
# select_hosts ARGS... -> SELECTED (all hosts when no argument)
declare -a SELECTED=()
select_hosts() {
    SELECTED=()
    if (($# == 0)); then SELECTED=("${LAB_NAMES[@]}"); return; fi
    local h
    for h in "$@"; do
        known_host "$h" || die "unknown host '$h' (known: ${LAB_NAMES[*]})"
        SELECTED+=("$h")
    done
}

# Paths ------------------------------------------------------------------
IMAGE_LINK="$LVS_LAB_CACHE/images/current"   # -> images/<recipe hash>/
SSH_KEY="$LVS_LAB_STATE/id_ed25519"
INVENTORY="$LVS_LAB_STATE/inventory.ini"
SSH_CONFIG="$LVS_LAB_STATE/ssh_config"
LAB_HOSTS_FILE="$LVS_LAB_INVENTORY_DIR/hosts.ini"   # copy of $INVENTORY next to the lab's group_vars
vm_dir() { printf '%s/vms/%s' "$LVS_LAB_STATE" "$1"; }
vm_pid() { # prints the pid of a running VM, fails when not running
    local pf pid
    pf="$(vm_dir "$1")/qemu.pid"
    [[ -r $pf ]] || return 1
    pid=$(<"$pf")
    [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
    tr '\0' ' ' </proc/"$pid"/cmdline | grep -q -- "-name $LVS_LAB_NETNS-$1," || return 1
    printf '%s\n' "$pid"
}

# Containers: the container lab's image (lab/container), on the lab's L2 through a docker macvlan
# network whose parent is a veth into the lab namespace's bridge.
CONTAINER_DIR="$LAB_DIR/../container"
if [[ -z ${DOCKER:-} ]]; then
    if [[ -x /usr/bin/docker ]]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
fi
: "${LAB_IMAGE:=lvs-cluster/debian12-systemd:lab}"
LAB_LABEL="lvs-cluster-lab=$LVS_LAB_NETNS"  # on every container and network the lab creates
docker_ok() { command -v "$DOCKER" >/dev/null 2>&1 && timeout 20 "$DOCKER" info >/dev/null 2>&1; }
container_running() {
    [[ $("$DOCKER" inspect -f '{{.State.Running}}' "${LAB_CONTAINER[$1]}" 2>/dev/null) == true ]]
}
# Whether the lab host runs (a VM's QEMU, or a container).
node_running() {
    if [[ ${LAB_KIND[$1]} == vm ]]; then vm_pid "$1" >/dev/null; else container_running "$1"; fi
}
# The selected hosts of one kind, one per line.
of_kind() { local k=$1 h; shift; for h in "$@"; do [[ ${LAB_KIND[$h]} == "$k" ]] && echo "$h"; done; return 0; }

# Peak memory of the lab's processes in MiB: QEMU's peak RSS plus the containers' cgroup peak.
lab_memory_mib() {
    local h pid kib=0 id f bytes
    for h in "${LAB_NAMES[@]}"; do
        if [[ ${LAB_KIND[$h]} == vm ]]; then
            pid=$(vm_pid "$h") || continue
            kib=$((kib + $(awk '/^VmHWM/ {print $2}' /proc/"$pid"/status)))
        else
            id=$("$DOCKER" inspect -f '{{.Id}}' "${LAB_CONTAINER[$h]}" 2>/dev/null) || continue
            for f in /sys/fs/cgroup/memory/docker/"$id"/memory.max_usage_in_bytes \
                /sys/fs/cgroup/system.slice/docker-"$id".scope/memory.peak \
                /sys/fs/cgroup/system.slice/docker-"$id".scope/memory.current; do
                if [[ -r $f ]]; then bytes=$(<"$f"); kib=$((kib + bytes / 1024)); break; fi
            done
        fi
    done
    echo $((kib / 1024))
}
# Memory the host uses now (MemTotal - MemAvailable), in MiB.
host_used_mib() { awk '/^MemTotal/ {t=$2} /^MemAvailable/ {a=$2} END {printf "%d", (t - a) / 1024}' /proc/meminfo; }
netns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$LVS_LAB_NETNS"; }
in_ns() { ip netns exec "$LVS_LAB_NETNS" "$@"; }

# publish_inventory: copies $INVENTORY to $LAB_HOSTS_FILE (removes it when there is no inventory).
publish_inventory() {
    if [[ -f $INVENTORY ]]; then
        cp "$INVENTORY" "$LAB_HOSTS_FILE.new" && mv "$LAB_HOSTS_FILE.new" "$LAB_HOSTS_FILE"
    else
        rm -f "$LAB_HOSTS_FILE"
    fi
}

write_ssh_config() {
    mkdir -p "$LVS_LAB_STATE/cm"
    cat >"$SSH_CONFIG" <<EOC
# generated by lab/vm/up.sh; use inside the namespace: ip netns exec $LVS_LAB_NETNS ssh -F $SSH_CONFIG HOST
Host *
    User root
    IdentityFile $SSH_KEY
    IdentitiesOnly yes
    StrictHostKeyChecking no
    UserKnownHostsFile /dev/null
    LogLevel ERROR
    BatchMode yes
    ConnectTimeout 5
    ControlMaster auto
    ControlPersist 300s
    ControlPath $LVS_LAB_STATE/cm/%C
EOC
    local h
    for h in "${LAB_NAMES[@]}"; do
        printf 'Host %s\n    HostName %s\n' "$h" "${LAB_IP[$h]}" >>"$SSH_CONFIG"
    done
}

# Run a command on a lab host (VM or container, all over ssh): on HOST CMD...
on() { local h=$1; shift; in_ns ssh -F "$SSH_CONFIG" "$h" "$@"; }

# The running lab's hosts of an inventory group, one per line.
members() { local h; for h in "${LAB_NAMES[@]}"; do [[ ${LAB_GROUP[$h]} == "$1" ]] && echo "$h"; done; return 0; }

# Set DIRECTORS, REALSERVERS, CLIENTS and CLIENT (the first client) for the scripts that use the lab.
# shellcheck disable=SC2034  # used by the scripts that source this file
lab_roles() {
    mapfile -t DIRECTORS < <(members lvs_directors)
    mapfile -t REALSERVERS < <(members lvs_realservers)
    mapfile -t CLIENTS < <(members lvs_clients)
    ((${#DIRECTORS[@]} && ${#REALSERVERS[@]} && ${#CLIENTS[@]})) || die "need a director, a real server and a client"
    CLIENT=${CLIENTS[0]}
}
