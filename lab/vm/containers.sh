# shellcheck shell=bash
# The lab's containers (real servers, clients): systemd containers of the container lab's image
# (lab/container), on the lab's bridges through a docker macvlan network per lab network whose parent is a
# veth into the lab namespace. Sourced by up.sh and down.sh after lib.sh.

# container_network NET: the network's veth pair and docker network (idempotent).
container_network() {
    local net=$1 veth=${NET_VETH[$1]} peer="l2-$1" subnet
    # The host end has no address and never forwards or answers ARP, so the host's routing stays
    # untouched and nothing leaves the lab.
    if ! ip link show "$veth" >/dev/null 2>&1; then
        ip link add "$veth" type veth peer name "$peer" netns "$LVS_LAB_NETNS"
        log "    created veth $veth (host) <-> $peer ($LVS_LAB_NETNS)"
    fi
    sysctl -qw "net.ipv6.conf.$veth.disable_ipv6=1" "net.ipv4.conf.$veth.forwarding=0" "net.ipv4.conf.$veth.arp_ignore=8"
    ip link set "$veth" up
    ip -n "$LVS_LAB_NETNS" link set "$peer" master "${NET_BRIDGE[$net]}" up
    # shellcheck disable=SC2153  # NET_ADDR and NET_ADDR6 are lib.sh's tables, not misspellings of each other
    if ! "$DOCKER" network inspect "${NET_DOCKER[$net]}" >/dev/null 2>&1; then
        subnet=$(python3 -c 'import ipaddress, sys; print(ipaddress.ip_interface(sys.argv[1]).network)' \
            "${NET_ADDR[$net]}/${NET_PREFIX[$net]}")
        # docker's gateway is the namespace's address (it forwards nothing); a host whose network routes
        # elsewhere gets its own default route at boot (container_seed: /etc/lvslab/gateway)
        local -a ipv6=()
        if [[ -n ${NET_ADDR6[$net]:-} ]]; then
            ipv6=(--ipv6 --subnet "${NET_BASE6[$net]}/${NET_PREFIX6[$net]}" --gateway "${NET_ADDR6[$net]}")
        fi
        "$DOCKER" network create --driver macvlan --opt parent="$veth" --opt macvlan_mode=bridge \
            --subnet "$subnet" --gateway "${NET_ADDR[$net]}" "${ipv6[@]}" --label "$LAB_LABEL" "${NET_DOCKER[$net]}" >/dev/null
        log "    created docker network ${NET_DOCKER[$net]} (macvlan on $veth, $subnet${ipv6[2]:+ ${ipv6[2]}})"
    fi
}

# container_seed HOST DIR: what a container gets before its first boot, as files under DIR: a page
# naming it and, on real servers, the web server enabled (lab-httpd, keep-alive HTTP/1.1 on port 80); its
# default gateway when its network routes through a lab host (lab-gateway.service reads /etc/lvslab/gateway at
# every boot); and the topology's own files for it (lab/topologies/NAME/seed/HOST/, e.g. a router's FRR
# configuration). It keeps them across restarts, like a disk.
container_seed() {
    local h=$1 dir=$2 gw
    mkdir -p "$dir/var/www/html"
    if [[ ${LAB_GROUP[$h]} == lvs_realservers ]]; then
        echo "real server $h" >"$dir/var/www/html/index.html"
        if [[ -n ${LAB_IP6[$h]} ]]; then  # both families (Linux's bindv6only is 0)
            mkdir -p "$dir/etc/default"
            echo 'HTTPD_ARGS="--port 80 --root /var/www/html --bind ::"' >"$dir/etc/default/lab-httpd"
        fi
        mkdir -p "$dir/etc/systemd/system/multi-user.target.wants"
        ln -s /etc/systemd/system/lab-httpd.service "$dir/etc/systemd/system/multi-user.target.wants/lab-httpd.service"
    else
        echo "$h" >"$dir/var/www/html/index.html"
    fi
    gw=$(gateway_of "$h")
    if [[ -n $gw && $gw != "${NET_ADDR[${LAB_NET[$h]}]}" ]]; then
        mkdir -p "$dir/etc/lvslab"
        echo "$gw" >"$dir/etc/lvslab/gateway"
    fi
    if [[ -d $LVS_LAB_TOPOLOGY_DIR/seed/$h ]]; then
        cp -a "$LVS_LAB_TOPOLOGY_DIR/seed/$h/." "$dir/"
    fi
}

# container_start HOST: starts the host's container, creating it on first use. Returns 1 when it
# was already running.
container_start() {
    local h=$1 c=${LAB_CONTAINER[$1]} seed name a net a6
    container_running "$h" && return 1
    if "$DOCKER" container inspect "$c" >/dev/null 2>&1; then
        "$DOCKER" start "$c" >/dev/null
        return 0
    fi
    local -a add_hosts=()
    for name in "${LAB_NAMES[@]}"; do add_hosts+=(--add-host "$name:${LAB_IP[$name]}"); done
    # --restart always: a reboot from inside ends systemd, and docker starts the container again
    # with a fresh network namespace, as a reboot starts with fresh kernel settings. The options
    # that run systemd without --privileged are the container lab's (lab/container/README.md).
    "$DOCKER" create --name "$c" --hostname "$h" --label "$LAB_LABEL" \
        --network "${NET_DOCKER[${LAB_NET[$h]}]}" --ip "${LAB_IP[$h]}" ${LAB_IP6[$h]:+--ip6 "${LAB_IP6[$h]}"} \
        --mac-address "${LAB_MAC[$h]}" \
        "${add_hosts[@]}" --restart always \
        --volume "$SSH_KEY.pub:/root/.ssh/authorized_keys:ro" \
        --cgroupns private --tmpfs /run --tmpfs /run/lock \
        --cap-add NET_ADMIN --cap-add NET_RAW --cap-add SYS_ADMIN \
        --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
        --stop-signal SIGRTMIN+3 --stop-timeout 10 \
        "$LAB_IMAGE" >/dev/null
    # further addresses: eth1, eth2, ... on their networks
    for a in ${LAB_ADDRS[$h]#"${LAB_IP[$h]}"}; do
        net=$(net_of "$a")
        a6=$(ip6_of "$a")
        "$DOCKER" network connect --ip "$a" ${a6:+--ip6 "$a6"} "${NET_DOCKER[$net]}" "$c"
    done
    seed=$(mktemp -d)
    container_seed "$h" "$seed"
    tar -C "$seed" --owner=0 --group=0 -c . | "$DOCKER" cp - "$c:/"
    rm -rf "$seed"
    "$DOCKER" start "$c" >/dev/null
}

# containers_remove [HOST...]: removes the hosts' containers (all of the lab's without arguments),
# and with no argument also the docker network and the veth pair.
containers_remove() {
    docker_ok || return 0
    local -a ids=()
    if (($#)); then
        local h
        for h in "$@"; do ids+=("${LAB_CONTAINER[$h]}"); done
    else
        mapfile -t ids < <("$DOCKER" ps -aq --filter "label=$LAB_LABEL")
    fi
    if ((${#ids[@]})); then "$DOCKER" rm -f "${ids[@]}" >/dev/null 2>&1 || true; fi
    if (($# == 0)); then
        local net
        mapfile -t ids < <("$DOCKER" network ls -q --filter "label=$LAB_LABEL")
        if ((${#ids[@]})); then "$DOCKER" network rm "${ids[@]}" >/dev/null 2>&1 || true; fi
        # every veth of this lab's networks, also of a topology that is not the current one
        ip -o link show type veth | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E "^${LVS_LAB_NETNS:0:8}-" |
            while read -r net; do ip link del "$net" 2>/dev/null || true; done
    fi
}
