# shellcheck shell=bash
# The lab's containers (real servers, clients): systemd containers of the container lab's image
# (lab/container), on the lab's bridge through a docker macvlan network whose parent is a veth
# into the lab namespace. Sourced by up.sh after lib.sh.

# container_network: the veth pair and the docker network (idempotent).
container_network() {
    # The host end has no address and never forwards or answers ARP, so the host's routing stays
    # untouched and nothing leaves the lab.
    if ! ip link show "$LAB_L2_HOST" >/dev/null 2>&1; then
        ip link add "$LAB_L2_HOST" type veth peer name "$LAB_L2_PEER" netns "$LVS_LAB_NETNS"
        log "    created veth $LAB_L2_HOST (host) <-> $LAB_L2_PEER ($LVS_LAB_NETNS)"
    fi
    sysctl -qw "net.ipv6.conf.$LAB_L2_HOST.disable_ipv6=1" "net.ipv4.conf.$LAB_L2_HOST.forwarding=0" \
        "net.ipv4.conf.$LAB_L2_HOST.arp_ignore=8"
    ip link set "$LAB_L2_HOST" up
    ip -n "$LVS_LAB_NETNS" link set "$LAB_L2_PEER" master "$LVS_LAB_BRIDGE" up
    if ! "$DOCKER" network inspect "$LVS_LAB_NETNS" >/dev/null 2>&1; then
        local subnet
        subnet=$(python3 -c 'import ipaddress, sys; print(ipaddress.ip_interface(sys.argv[1]).network)' \
            "$LVS_LAB_BRIDGE_IP/$LVS_LAB_PREFIX")
        "$DOCKER" network create --driver macvlan --opt parent="$LAB_L2_HOST" --opt macvlan_mode=bridge \
            --subnet "$subnet" --gateway "$LVS_LAB_BRIDGE_IP" --label "$LAB_LABEL" "$LVS_LAB_NETNS" >/dev/null
        log "    created docker network $LVS_LAB_NETNS (macvlan on $LAB_L2_HOST, $subnet)"
    fi
}

# container_seed HOST DIR: what a container gets before its first boot, as files under DIR: a page
# naming it and, on real servers, the web server enabled (lab-httpd, keep-alive HTTP/1.1 on port 80).
# It keeps both across restarts, like a disk.
container_seed() {
    local h=$1 dir=$2
    mkdir -p "$dir/var/www/html"
    if [[ ${LAB_GROUP[$h]} == lvs_realservers ]]; then
        echo "real server $h" >"$dir/var/www/html/index.html"
        mkdir -p "$dir/etc/systemd/system/multi-user.target.wants"
        ln -s /etc/systemd/system/lab-httpd.service "$dir/etc/systemd/system/multi-user.target.wants/lab-httpd.service"
    else
        echo "$h" >"$dir/var/www/html/index.html"
    fi
}

# container_start HOST: starts the host's container, creating it on first use. Returns 1 when it
# was already running.
container_start() {
    local h=$1 c=${LAB_CONTAINER[$1]} seed name
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
        --network "$LVS_LAB_NETNS" --ip "${LAB_IP[$h]}" --mac-address "${LAB_MAC[$h]}" \
        "${add_hosts[@]}" --restart always \
        --volume "$SSH_KEY.pub:/root/.ssh/authorized_keys:ro" \
        --cgroupns private --tmpfs /run --tmpfs /run/lock \
        --cap-add NET_ADMIN --cap-add NET_RAW --cap-add SYS_ADMIN \
        --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
        --stop-signal SIGRTMIN+3 --stop-timeout 10 \
        "$LAB_IMAGE" >/dev/null
    seed=$(mktemp -d)
    container_seed "$h" "$seed"
    tar -C "$seed" -c . | "$DOCKER" cp - "$c:/"
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
        "$DOCKER" network rm "$LVS_LAB_NETNS" >/dev/null 2>&1 || true
        ip link del "$LAB_L2_HOST" 2>/dev/null || true
    fi
}
