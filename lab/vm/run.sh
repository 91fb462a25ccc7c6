#!/usr/bin/env bash
# What `make lab` runs: brings the lab up (up.sh), waits until every host answers Ansible, deploys
# the cluster (deploy.sh: ansible-playbook lvs.cluster.site) and shows it at work (show.sh), then
# prints a summary: lab up time, deploy time, the lab's peak memory. When any step fails or the run
# is interrupted, a lab that this run brought up is taken down again (down.sh), so that nothing is
# left running and the next `make lab` starts clean; a lab that was already up is left as it is.
# Usage: run.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case ${1:-} in -h | --help) sed -n '2,8p' "$0"; exit 0 ;; esac
need_root

BROUGHT_UP=0
netns_exists || BROUGHT_UP=1
on_exit() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if ((rc != 0)); then
        if ((BROUGHT_UP)); then
            log "make lab failed (exit $rc): taking the lab down again"
            "$LAB_DIR/down.sh" || true
        else
            log "make lab failed (exit $rc); the lab was up before and is left as it is (make lab-down stops it)"
        fi
    fi
    exit "$rc"
}
trap on_exit EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM
trap 'log "hung up"; exit 129' HUP

seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }'; }

T0=$(date +%s.%N)
"$LAB_DIR/up.sh"
stage "every host answers Ansible (ansible -m ping, in netns $LVS_LAB_NETNS)"
in_ns env ANSIBLE_HOST_KEY_CHECKING=false ANSIBLE_SSH_CONTROL_PATH_DIR="$LVS_LAB_STATE/cm" \
    "$LVS_LAB_VENV/bin/ansible" -i "$INVENTORY" all -m ansible.builtin.ping -o >&2 ||
    die "not every lab host answers Ansible (above)"
stage_end
UP=$(seconds_since "$T0")

T1=$(date +%s.%N)
"$LAB_DIR/deploy.sh"
DEPLOY=$(seconds_since "$T1")
"$LAB_DIR/show.sh"

log "summary: lab up (every host answers Ansible) ${UP} s; deploy ${DEPLOY} s; make lab total $(seconds_since "$LAB_T0") s;" \
    "peak memory of the lab's VMs and containers $(lab_memory_mib) MiB; host memory in use $(host_used_mib) MiB"
