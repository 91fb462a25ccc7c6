#!/usr/bin/env bash
# Deploys the cluster on the running lab: `ansible-playbook lvs.cluster.site` (or another of the collection's
# playbooks) on the topology's inventory ($LVS_LAB_INVENTORY_DIR: the committed group_vars/host_vars + hosts.ini
# of the running hosts), run inside the lab namespace with the project's .venv (make venv) and the collection
# copy (make collection), with pipelining and ControlPersist. Extra arguments go to ansible-playbook.
# --inventory SOURCE (repeatable) replaces the topology's inventory, e.g. an inventory written by lvs.cluster.adopt
# together with a copy of hosts.ini in a directory of its own (connection settings, without the lab's cluster).
# Usage: deploy.sh [--playbook NAME] [--inventory SOURCE]... [ANSIBLE-PLAYBOOK-ARGS...]
#   e.g. deploy.sh --diff; deploy.sh -e @vars.yml;
#        deploy.sh --playbook lvs.cluster.director_maintenance -e lvs_maintenance_host=lvs3 -e lvs_maintenance_state=on
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PLAYBOOK=lvs.cluster.site
SOURCES=()
while (($#)); do
    case $1 in
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        --playbook) PLAYBOOK=${2:?--playbook needs a playbook name}; shift 2 ;;
        --inventory) SOURCES+=(-i "$(readlink -f "${2:?--inventory needs a file or directory}")"); shift 2 ;;
        *) break ;;
    esac
done
need_root
netns_exists || die "the lab is not up (no netns $LVS_LAB_NETNS); run $LAB_DIR/up.sh"
[[ -f $INVENTORY ]] || die "no inventory $INVENTORY; run $LAB_DIR/up.sh"
PLAYBOOK_BIN="$LVS_LAB_VENV/bin/ansible-playbook"
[[ -x $PLAYBOOK_BIN ]] || die "no $PLAYBOOK_BIN; run make venv"
COLLECTIONS=$(readlink -f "$LVS_LAB_COLLECTIONS_PATH")
[[ -f $COLLECTIONS/ansible_collections/lvs/cluster/galaxy.yml ]] ||
    die "no collection lvs.cluster under $COLLECTIONS/ansible_collections; run make collection"
INVDIR=$(readlink -f "$LVS_LAB_INVENTORY_DIR")
publish_inventory
((${#SOURCES[@]})) || SOURCES=(-i "$INVDIR")

stage "ansible-playbook $PLAYBOOK ${SOURCES[*]}${*:+ $*} (in netns $LVS_LAB_NETNS)"
log "    collection: $COLLECTIONS/ansible_collections/lvs/cluster"
mkdir -p "$LVS_LAB_STATE/cm"
# ssh's ControlPath lives in the lab's state dir (down.sh closes those connections); the
# inventory's ansible_ssh_args carry ControlPersist, ansible_pipelining=true is set there too. profile_tasks
# times each task, so a log shows where a run's minutes went.
rc=0
in_ns env \
    ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS" \
    ANSIBLE_PIPELINING=true \
    ANSIBLE_HOST_KEY_CHECKING=false \
    ANSIBLE_SSH_CONTROL_PATH_DIR="$LVS_LAB_STATE/cm" \
    ANSIBLE_RETRY_FILES_ENABLED=false \
    ANSIBLE_LOCALHOST_WARNING=false \
    ANSIBLE_FORKS=5 \
    ANSIBLE_CALLBACKS_ENABLED="${ANSIBLE_CALLBACKS_ENABLED-ansible.posix.profile_tasks}" \
    "$PLAYBOOK_BIN" "$PLAYBOOK" "${SOURCES[@]}" "$@" || rc=$?
((rc == 0)) || die "ansible-playbook $PLAYBOOK failed (exit $rc)"
total_time
