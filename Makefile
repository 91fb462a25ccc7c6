# The README's two commands live here: `make lab` (the VM lab, deployed) and `make test`.
# `make test` needs nothing installed by hand: it builds its own virtual environment.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# ansible-test only works on a tree at .../ansible_collections/<namespace>/<name>.
COLLECTION_ROOT := build/ansible_collections/lvs/cluster
ANSIBLE_TEST_PYTHON ?= $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')

.PHONY: test test-steps unit sanity units dist dist-test lint molecule lab-image vm-image bench docs collection venv clean lab lab-down lab-shell e2e e2e-start-failure e2e-topologies bench-lab

# lab/guard.sh: a failed or interrupted run leaves no molecule container and no VM lab behind.
test:
	lab/guard.sh $(MAKE) --no-print-directory test-steps

# Two lanes side by side, then the benchmarks and the VM lab's end-to-end tests alone: their figures and the lab's
# timing bounds want the machine to themselves. The lanes mix the checks, which use the CPU, with the molecule
# scenarios, whose tests mostly wait on VRRP and systemd, and balance their wall times. `unit` (pytest) runs every
# unit test, so make test leaves out `units` (ansible-test's run of the tests/unit/plugins part of them). The failed
# lab start (e2e-start-failure) has a lab of its own and no timing bound: it runs in a lane too. The venv and the
# build/ copy are made once, before the lanes (a step remaking build/ would pull it from under the other lane). The
# VM lab's image is built in the first lane, so that the end-to-end tests start by booting it; its host packages are
# installed before the lanes (apt in two lanes at once would fight over dpkg's lock). Each step's lines are tagged
# with its name.
TEST_LANES := unit,sanity,lint,vm-image,e2e-start-failure,molecule-default,molecule-trixie-default \
	molecule-cluster,molecule-realserver,molecule-trixie-realserver,dist-test
TEST_LAST := bench e2e-topologies
test-steps: venv collection
	if [ "$$(id -u)" = 0 ]; then lab/vm/host-packages.sh; fi
	tests/utils/test_steps.sh '$(MAKE) --no-print-directory -o collection -o venv' $(TEST_LANES) -- $(TEST_LAST)

# The VM lab's image (cached by its recipe; up.sh would build it too), as root.
vm-image:
	if [ "$$(id -u)" = 0 ]; then lab/vm/build-image.sh; fi

venv: $(BIN)/.installed
$(BIN)/.installed: requirements-test.txt tests/utils/pip_bootstrap.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	# ansible-test fetches its pip bootstrap script from a host we cannot reach: cache our stand-in.
	$(BIN)/python tests/utils/pip_bootstrap.py --install
	touch $@

# A copy of the tracked (and new, not ignored) files under the path ansible-test requires.
collection:
	rm -rf build/ansible_collections
	mkdir -p $(COLLECTION_ROOT)
	git ls-files --cached --others --exclude-standard -z | xargs -0 cp --parents -t $(COLLECTION_ROOT)
	cd $(COLLECTION_ROOT) && git init -q && git add -A

# Fast feedback: the unit tests straight from the copy, with the venv's pytest, a worker per core (the tests that
# start daemons name their network namespaces and files uniquely).
unit: venv collection
	cd $(COLLECTION_ROOT) && PYTHONPATH=$(CURDIR)/build $(CURDIR)/$(BIN)/pytest -q -n auto tests/unit

sanity: venv collection
	cd $(COLLECTION_ROOT) && $(CURDIR)/$(BIN)/ansible-test sanity --venv --python $(ANSIBLE_TEST_PYTHON) --color no

units: venv collection
	cd $(COLLECTION_ROOT) && $(CURDIR)/$(BIN)/ansible-test units --venv --python $(ANSIBLE_TEST_PYTHON) --color no

# The collection's tarball, as Galaxy would get it, in dist/ (galaxy.yml's build_ignore leaves development out).
dist: venv
	rm -rf dist
	$(BIN)/ansible-galaxy collection build --force --output-path dist .

# The tarball installed into an empty collections path and used from outside the checkout (tests/dist).
dist-test: dist
	PATH=$(CURDIR)/$(BIN):$$PATH PYTHON=$(CURDIR)/$(BIN)/python tests/dist/test_tarball.sh

# ansible-lint (production profile, .ansible-lint) in its own venv; ansible.posix from the test venv's ansible package,
# lvs.cluster from build/, never a copy molecule installs into ~/.ansible (stale, or half-written while molecule runs
# beside it): ansible-lint looks there first, so it gets an ANSIBLE_HOME of its own.
LINT_VENV := .venv-lint
$(LINT_VENV)/bin/.installed: requirements-lint.txt
	$(PYTHON) -m venv $(LINT_VENV)
	$(LINT_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-lint.txt
	touch $@

POSIX_COLLECTIONS = $$($(CURDIR)/$(BIN)/python -c 'import ansible_collections.ansible.posix as p, os; print(os.path.dirname(os.path.dirname(os.path.dirname(p.__path__[0]))))')
lint: venv collection $(LINT_VENV)/bin/.installed
	rm -rf build/lint-home
	PATH=$(CURDIR)/$(LINT_VENV)/bin:$$PATH ANSIBLE_HOME=$(CURDIR)/build/lint-home \
	    ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build:$(POSIX_COLLECTIONS) $(LINT_VENV)/bin/ansible-lint
	cd $(COLLECTION_ROOT) && PATH=$(CURDIR)/$(LINT_VENV)/bin:$$PATH \
	    ANSIBLE_COLLECTIONS_PATH=$(POSIX_COLLECTIONS):$(CURDIR)/build \
	    $(CURDIR)/$(LINT_VENV)/bin/antsibull-docs lint-collection-docs --plugin-docs .
	$(LINT_VENV)/bin/antsibull-changelog lint

# The container lab: a Docker engine and the systemd image, both built from Debian's packages here.
lab-image:
	lab/container/ensure-dockerd.sh
	lab/container/build-image.sh
	LAB_SUITE=trixie lab/container/build-image.sh

# Every molecule scenario (molecule-SCENARIO on Debian 12, molecule-trixie-SCENARIO on Debian 13's image), with the
# collection from the build/ copy (and ansible.posix, community.docker from the ansible package in .venv).
MOLECULE_SCENARIOS ?= $(notdir $(patsubst %/molecule.yml,%,$(wildcard molecule/*/molecule.yml)))
# Debian 13 (trixie) too: the role scenarios of MOLECULE_TRIXIE_SCENARIOS.
MOLECULE_TRIXIE_SCENARIOS ?= default realserver
MOLECULE := PATH=$(CURDIR)/$(BIN):$$PATH ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build $(CURDIR)/$(BIN)/molecule
molecule: $(addprefix molecule-,$(MOLECULE_SCENARIOS)) \
	$(addprefix molecule-trixie-,$(filter $(MOLECULE_TRIXIE_SCENARIOS),$(MOLECULE_SCENARIOS)))
molecule-trixie-%: venv collection lab-image
	LVS_LAB_IMAGE=lvs-cluster/debian13-systemd:lab $(MOLECULE) test -s $*
molecule-%: venv collection lab-image
	$(MOLECULE) test -s $*

bench: venv collection
	PYTHONPATH=build $(BIN)/python benchmarks/render_validate.py
	PYTHONPATH=build $(BIN)/python benchmarks/cluster_validate.py
	PYTHONPATH=build $(BIN)/python benchmarks/site_scale.py --repeat 1  # make test prints figures; measure with the default 3

# Generated documentation (a unit test fails when it is stale).
docs:
	scripts/lvs-cluster rules --format markdown > docs/rules.md
	scripts/lvs-cluster keys --format markdown > docs/keys.md
	scripts/lvs-cluster keywords --format markdown > docs/keywords.md
	$(PYTHON) scripts/role_docs.py

# The VM lab (lab/vm) of a topology (lab/topologies: TOPOLOGY=dr, the article's pair, by default;
# TOPOLOGY=routed, three active-active directors behind an FRR router), as root: the host's Debian packages, the
# cached images (rebuilt only when their recipes change), the directors as VMs and the other hosts as
# containers, `ansible-playbook lvs.cluster.site` on the topology's inventory inside the lab's namespace with
# .venv and the build/ copy, then requests to the VIP, who serves them, and a summary (lab/vm/run.sh; a failed
# or interrupted run takes down the lab it brought up).
ifneq ($(TOPOLOGY),)
export LVS_LAB_TOPOLOGY := $(TOPOLOGY)
endif
lab:
	lab/vm/host-packages.sh
	$(MAKE) --no-print-directory venv collection
	lab/vm/run.sh

lab-down:
	lab/vm/down.sh

# `make lab` measured against its targets (lab up <= 120 s, make lab <= 240 s, <= 3 GiB): as root, lab
# down. BUSY=1 keeps one core busy meanwhile. Not part of make test (it is the lab's own benchmark).
bench-lab:
	benchmarks/lab.sh $(if $(filter 1,$(BUSY)),--busy)

HOST ?= client
lab-shell:
	lab/vm/ssh.sh $(HOST)

# End-to-end tests on the VM lab (tests/e2e, a package per lab topology; under TCG about 17 min from cold): as root,
# the host packages when missing; each package brings its topology's lab up (and down at the end), deploys, tests.
# Skipped only where the lab cannot run at all (not root, no QEMU, no netns).
# make test runs its two parts apart: the failed lab start (a lab of its own) in a lane, the topologies last.
e2e: e2e-start-failure e2e-topologies
E2E_PYTEST := PYTHONPATH=$(CURDIR)/build $(BIN)/pytest -v -s -rs -p no:cacheprovider --durations=0
E2E_START_FAILURE := tests/e2e/test_00_failed_start.py
e2e-start-failure: venv collection
	if [ "$$(id -u)" = 0 ]; then lab/vm/host-packages.sh; fi
	$(E2E_PYTEST) $(E2E_START_FAILURE)
e2e-topologies: venv collection
	if [ "$$(id -u)" = 0 ]; then lab/vm/host-packages.sh; fi
	$(E2E_PYTEST) --ignore $(E2E_START_FAILURE) tests/e2e

clean:
	rm -rf build dist $(VENV) $(LINT_VENV)
