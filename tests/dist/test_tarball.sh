#!/usr/bin/env bash
# The built tarball as a user gets it (make dist-test): installed into an empty collections path and used from a
# directory outside the checkout, with nothing of the checkout on any path. Checks that it ships the collection and
# none of the development-only files (galaxy.yml's build_ignore), that ansible-doc documents every module, filter and
# role from the installed copy, that `ansible-playbook lvs.cluster.validate` passes on the shipped example inventory,
# that the installed copy's command line answers --version (the tarball's version) and validate, and that
# ansible-builder reads the collection's execution-environment metadata and the example EE definition.
# Usage: tests/dist/test_tarball.sh [dist/lvs-cluster-VERSION.tar.gz]   (ansible-galaxy, ansible-doc and
# ansible-playbook from PATH; PYTHON: a Python with ansible-core, for the command line's validate)
set -euo pipefail

checkout=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^version:[[:space:]]*//p' "$checkout/galaxy.yml")
tarball=$(readlink -f "${1:-$checkout/dist/lvs-cluster-$version.tar.gz}")
python=${PYTHON:-python3}
[[ -f $tarball ]] || { echo "FAIL: no tarball $tarball (make dist builds it)"; exit 1; }

failures=0
pass() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
collections=$work/collections
installed=$collections/ansible_collections/lvs/cluster
mkdir -p "$work/elsewhere" "$collections"
: >"$work/ansible.cfg"
cd "$work/elsewhere"   # nothing relative to the checkout can be found from here

# Only the installed copy: no collections path but the new one, none found on Python's sys.path, an empty ansible.cfg.
export ANSIBLE_COLLECTIONS_PATH=$collections ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false ANSIBLE_CONFIG=$work/ansible.cfg
export ANSIBLE_NOCOLOR=1 ANSIBLE_HOME=$work/ansible-home
unset PYTHONPATH

# What is in the tarball: the collection, and nothing that only serves development.
listing=$(tar -tzf "$tarball")
for wanted in MANIFEST.json FILES.json LICENSE README.md CHANGELOG.rst meta/runtime.yml plugins/modules/keepalived_config.py \
    plugins/filter/cluster.py roles/director/meta/argument_specs.yml playbooks/validate.yml scripts/lvs-cluster \
    docs/examples/inventory/hosts.yml changelogs/changelog.yaml tests/unit/plugins/filter/test_filter_docs.py; do
    if grep -qx "$wanted" <<<"$listing"; then pass "tarball has $wanted"; else fail "tarball lacks $wanted"; fi
done
unwanted=$(grep -E '^(\.ansible|\.pytest_cache|\.venv|\.venv-lint|\.ci|\.config|build|dist|lab|molecule|benchmarks|tests/e2e|tests/unit/lab|tests/utils|tests/dist|tests/output)(/|$)|^(Makefile|requirements-.*\.txt|\.gitignore|\.ansible-lint|changelogs/\.plugin-cache\.yaml)$|(^|/)__pycache__(/|$)|\.pyc$' <<<"$listing" || true)
if [[ -z $unwanted ]]; then pass "tarball has no development-only files"; else fail "tarball has development-only files:"$'\n'"$unwanted"; fi

# The README's install section names this version's tarball.
if grep -qF "dist/lvs-cluster-$version.tar.gz" "$checkout/README.md"; then pass "README.md installs lvs-cluster-$version.tar.gz"
else fail "README.md's install section does not name lvs-cluster-$version.tar.gz"; fi

# The collection has no dependencies; --no-deps keeps Galaxy (the network) out all the same.
if ansible-galaxy collection install --no-deps -p "$collections" "$tarball" >"$work/install.log" 2>&1 \
        && [[ -f $installed/MANIFEST.json ]]; then
    pass "ansible-galaxy collection install -p TMPDIR $(basename "$tarball")"
else
    fail "ansible-galaxy collection install"; cat "$work/install.log"; exit 1
fi

# ansible-doc of each plugin and role, which must exit 0 and show the installed copy's documentation.
doc() {  # doc TYPE NAME
    local out
    if out=$(ansible-doc -t "$1" "lvs.cluster.$2" 2>&1) && grep -qF "($installed" <<<"$out" \
            && ! grep -qiE 'UNDOCUMENTED|\[WARNING\]|\[ERROR\]' <<<"$out"; then
        pass "ansible-doc -t $1 lvs.cluster.$2"
    else
        fail "ansible-doc -t $1 lvs.cluster.$2:"$'\n'"$out"
    fi
}
# What to document: every module, every action plugin (used as a module, so it needs module docs), every filter the
# filter plugin defines (ansible-doc -l lists an undocumented one too) and every role.
shopt -s nullglob
modules=() filters=() roles=()
for path in "$installed"/plugins/modules/*.py "$installed"/plugins/action/*.py; do modules+=("$(basename "$path" .py)"); done
mapfile -t modules < <(printf '%s\n' "${modules[@]}" | sort -u)
mapfile -t filters < <(cd "$collections" && "$python" -c 'from ansible_collections.lvs.cluster.plugins.filter.cluster import FilterModule
print("\n".join(sorted(FilterModule().filters())))')
for path in "$installed"/roles/*/; do roles+=("$(basename "$path")"); done
((${#modules[@]} && ${#filters[@]} && ${#roles[@]})) || fail "no modules, filters or roles found in $installed"
for name in "${modules[@]}"; do doc module "$name"; done
for name in "${filters[@]}"; do doc filter "$name"; done
for name in "${roles[@]}"; do doc role "$name"; done

# The validate playbook on the example inventory shipped in the collection (its vault password file beside it).
examples=$installed/docs/examples
if out=$(ansible-playbook lvs.cluster.validate -i "$examples/inventory" --vault-password-file "$examples/vault-password" 2>&1) \
        && grep -qE 'localhost +: ok=1 .*failed=0' <<<"$out"; then
    pass "ansible-playbook lvs.cluster.validate -i docs/examples/inventory"
else
    fail "ansible-playbook lvs.cluster.validate:"$'\n'"$out"
fi

# The command line from the installed copy: its launcher, and python -m with the collections path on PYTHONPATH.
cli() {  # cli EXPECTED LABEL COMMAND...
    local expected=$1 label=$2 out
    shift 2
    if out=$("$@" 2>&1) && grep -qF -- "$expected" <<<"$out"; then pass "$label"; else fail "$label:"$'\n'"$out"; fi
}
cli "lvs-cluster (lvs.cluster) $version" "scripts/lvs-cluster --version" env PYTHON="$python" "$installed/scripts/lvs-cluster" --version
cli "0 error(s)" "scripts/lvs-cluster validate docs/examples/inventory" env PYTHON="$python" "$installed/scripts/lvs-cluster" \
    validate "$examples/inventory" --vault-password-file "$examples/vault-password"
module=ansible_collections.lvs.cluster.plugins.plugin_utils.cli
cli "lvs-cluster (lvs.cluster) $version" "python -m $module --version" env PYTHONPATH="$collections" "$python" -m "$module" --version
cli "0 error(s)" "python -m $module validate docs/examples/inventory" env PYTHONPATH="$collections" "$python" -m "$module" \
    validate "$examples/inventory" --vault-password-file "$examples/vault-password"

# An execution environment: ansible-builder reads the installed collection's meta/execution-environment.yml, and the
# example EE definition (which names this version's tarball) gives a build context.
# lvs.cluster needs nothing in an EE beyond ansible-core: introspect must read its metadata and find no requirement.
if out=$(ansible-builder introspect "$collections" 2>&1) && grep -qx 'python: \[\]' <<<"$out" && grep -qx 'system: \[\]' <<<"$out"; then
    pass "ansible-builder introspect reads lvs.cluster's meta/execution-environment.yml: no requirement"
else
    fail "ansible-builder introspect:"$'\n'"$out"
fi
mkdir -p "$work/ee"
cp "$installed/docs/examples/execution-environment.yml" "$tarball" "$work/ee/"
if out=$(cd "$work/ee" && ansible-builder create -f execution-environment.yml --context context 2>&1) \
        && grep -qF "lvs-cluster-$version.tar.gz" "$work/ee/context/_build/requirements.yml"; then
    pass "ansible-builder create -f docs/examples/execution-environment.yml"
else
    fail "ansible-builder create:"$'\n'"$out"
fi

if ((failures)); then
    echo "$failures check(s) of $(basename "$tarball") failed"
    exit 1
fi
echo "$(basename "$tarball"): every check passed"
