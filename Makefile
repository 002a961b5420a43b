# KVM_PPC_GET_COMPAT_CAPS: the series of each target and the harness that
# tests them.
#
#   make run     build what is missing, boot the default machine (a POWER11
#                LPAR in POWER10 mode on nested API v2) and show what
#                KVM_PPC_GET_COMPAT_CAPS reports there
#   make test    everything the project checks, on every target; ends with
#                "N passed, N failed, N skipped"
#
# A series (series/<name>/) is one submission: its patches and what make
# series needs to mail them.  A target (targets/<name>/) is a kernel: a
# base, a stack of series and what to expect of it.  SERIES=<name> picks
# the series tree, export, check and series work on; TARGET=<name> the
# target run, tree, matrix, debug, e2e, bench and regression work on
# (default: v7.2).
#
#   make tree SERIES=<name>     kernel git tree build/series/<name>/linux:
#                               base + what it depends on, tag 'base', the series
#   make export SERIES=<name>   write its commits since 'base' back to the series
#   make check SERIES=<name>    its gates; make series SERIES=<name>: its mails
#   make tree TARGET=<name>     build/<target>/linux: base + its stack of series

SHELL := /bin/bash
# ccache hashes paths relative to the project, so that a clone elsewhere
# (CI) reuses what was compiled here
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true
# What is fetched or built once for every clone (scripts/lib.sh has the
# same default for a script run by hand)
export PPC_COMPAT_CACHE := $(or $(PPC_COMPAT_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/ppc-compat-caps)
CACHE := $(PPC_COMPAT_CACHE)
PYTHON := python3
CROSS := powerpc64le-linux-gnu-
BUILD := build
DEFAULT_MACHINE := p11-p10mode-v2
# MACHINES=a,b limits the matrix to those machines
MATRIX_MACHINES := $(if $(MACHINES),--machines $(MACHINES))

# The bases: for each version its Debian suites, package and commit
include bases.mk
# Every target.mk and series.mk holds only the names it may, and what it
# names exists (harness/targets.py): a typo is an error, not a default
SETTINGS_ERROR := $(shell $(PYTHON) -m harness.targets --check 2>&1)
$(if $(SETTINGS_ERROR),$(error $(SETTINGS_ERROR)))
TARGETS := $(patsubst targets/%/target.mk,%,$(wildcard targets/*/target.mk))
ALL_SERIES := $(patsubst series/%/series.mk,%,$(wildcard series/*/series.mk))

ifeq ($(origin SERIES),command line)
# SERIES=<name>: one series, for tree, export, check and series
ifeq ($(wildcard series/$(SERIES)/series.mk),)
$(error unknown series '$(SERIES)': no series/$(SERIES)/series.mk (series: $(ALL_SERIES)))
endif
include series/$(SERIES)/series.mk
SDIR := series/$(SERIES)
T := $(BUILD)/series/$(SERIES)
# Its own tree: what it depends on under 'base', its own commits above
TREE_PATCHES := $(foreach d,$(DEPENDS),--on series/$(d)/patches) $(SDIR)/patches
else
# The target
TARGET ?= v7.2
ifeq ($(wildcard targets/$(TARGET)/target.mk),)
$(error unknown target '$(TARGET)': no targets/$(TARGET)/target.mk (targets: $(TARGETS)))
endif
include targets/$(TARGET)/target.mk
T := $(BUILD)/$(TARGET)
# Its tree: the base (pristine, or with its BASE_SERIES) as 'base', its
# stack of series above it
TREE_PATCHES := $(foreach s,$(BASE_SERIES),--on series/$(s)/patches) \
	$(foreach s,$(SERIES),series/$(s)/patches)
endif
$(foreach v,BASE_VERSION FRAGMENTS,$(if $($(v)),,\
	$(error $(if $(SDIR),$(SDIR)/series.mk,targets/$(TARGET)/target.mk) does not set $(v))))
export BASE_SUITES := $(BASE_SUITES_$(BASE_VERSION))
export BASE_PACKAGE := $(BASE_PACKAGE_$(BASE_VERSION))
export BASE_COMMIT := $(BASE_COMMIT_$(BASE_VERSION))
$(foreach v,BASE_SUITES BASE_PACKAGE BASE_COMMIT,$(if $($(v)),,\
	$(error bases.mk has no $(v)_$(BASE_VERSION))))
TREE := $(T)/linux
KOBJ := $(T)/kernel
RESULTS := $(T)/results
KERNEL := $(KOBJ)/vmlinux
GUEST := $(T)/guest
INITRAMFS := $(GUEST)/initramfs.cpio
MATRIX_RUN = $(PYTHON) -m harness.matrix --target $(TARGET) --kernel $(KERNEL) --tree $(TREE) \
	--initramfs $(INITRAMFS)

.PHONY: all setup tree export kernel selftests initramfs run test matrix \
	target-test harness-test test-space summary clean

all: initramfs kernel

setup:
	@scripts/setup.sh

$(BUILD)/.setup-done: scripts/setup.sh
	@scripts/setup.sh
	@mkdir -p $(BUILD) && touch $@

tree: $(BUILD)/.setup-done
	@scripts/make-tree.sh $(BASE_VERSION) $(TREE) $(TREE_PATCHES)

# Only a series' own tree is exported: a target's is made from its series
export:
	@$(if $(SDIR),scripts/export-series.sh $(TREE) $(SDIR)/patches,\
	$(error make export SERIES=<name>: a series is edited in its own tree, make tree SERIES=<name>))

kernel: tree
	@scripts/build-kernel.sh $(TREE) $(KOBJ) $(CROSS) $(FRAGMENTS)

# Guest programs of the harness itself, built against the series' UAPI
# (compat_consumer also carries the ABI's values itself, as a VMM built
# on older headers does.)
GUEST_PROGS := $(GUEST)/kunit_results $(GUEST)/compat_caps_bench \
	$(GUEST)/compat_caps_probe
GUEST_BIN := $(GUEST)/compat_consumer
UAPI := $(GUEST)/selftests/headers/include
GUEST_CC = $(CROSS)gcc -static -O2 -Wall -Wextra -Werror

selftests: tree
	@scripts/build-selftests.sh $(TREE) $(GUEST)/selftests $(CROSS)

$(GUEST_PROGS) $(GUEST_BIN): $(GUEST)/%: guest/%.c selftests
	@$(GUEST_CC) -isystem $(UAPI) -o $@ $<

# The other guest programs (init among them) need no header of the series
$(GUEST)/%: guest/%.c guest/kmsg.h $(BUILD)/.setup-done
	@mkdir -p $(GUEST)
	@$(GUEST_CC) -o $@ $<

SELFTEST_SETTINGS := $(TREE)/tools/testing/selftests/kvm/settings

initramfs: kernel selftests $(GUEST)/init $(GUEST_PROGS) $(GUEST_BIN) guest/arguments
	@scripts/make-initramfs.sh $(KOBJ)/usr/gen_init_cpio $(GUEST)/init \
		$(INITRAMFS) $$(cat $(GUEST)/selftests/programs) $(GUEST_PROGS) \
		--bin $(GUEST_BIN) --data $(SELFTEST_SETTINGS) guest/arguments

# The field's case: what a VMM learns (compat_consumer), and that KVM
# refuses a Power11 vCPU there (arch_compat_test)
run: initramfs kernel
	@$(MATRIX_RUN) --out $(RESULTS)/run --machines $(DEFAULT_MACHINE) \
		--show-console --env TESTS=compat_consumer,compat_caps_probe,arch_compat_test,compat_caps_test

matrix: initramfs kernel
	@$(MATRIX_RUN) --out $(RESULTS)/matrix $(MATRIX_MACHINES)

# The stages of a target: each of its STAGES (stage-matrix here, the
# others in mk/<stage>.mk).  A stage's failures are in its results document
# under $(RESULTS), which the summary counts: they do not stop make test
# (a missing document counts as a failure).
stage-matrix: initramfs kernel
	@mkdir -p $(RESULTS) && echo "make test: $(TARGET): the matrix (log: $(RESULTS)/matrix.log)"
	-@$(MATRIX_RUN) --out $(RESULTS)/matrix $(MATRIX_MACHINES) >$(RESULTS)/matrix.log 2>&1; \
		tail -n 1 $(RESULTS)/matrix.log

# A series has its gates (mk/check.mk); a target its stages (the others)
ifneq ($(SDIR),)
include mk/check.mk
else
include $(filter-out mk/check.mk,$(wildcard mk/*.mk))
endif

target-test: $(addprefix stage-,$(STAGES))

harness-test: $(BUILD)/.setup-done
	@mkdir -p $(BUILD)/results
	-@$(PYTHON) -m harness.selftest --json $(BUILD)/results/harness-test.json

# A first make test needs this many GiB free for build/ (scripts/check-space.sh)
TEST_SPACE_GIB := 28

# Every series' gates, every target's stages, then one summary over all
test: test-space harness-test
	$(if $(SDIR),$(error make test runs every series and target: no SERIES=))
	@for s in $(ALL_SERIES); do \
		echo "make test: series $$s"; \
		mkdir -p $(BUILD)/series/$$s/results && rm -f $(BUILD)/series/$$s/results/make.failed; \
		$(MAKE) --no-print-directory SERIES=$$s stage-check || { \
			echo "make test: series $$s: make failed"; \
			touch $(BUILD)/series/$$s/results/make.failed; }; \
	done
	@for t in $(TARGETS); do \
		echo "make test: target $$t"; \
		mkdir -p $(BUILD)/$$t/results && rm -f $(BUILD)/$$t/results/make.failed; \
		$(MAKE) --no-print-directory TARGET=$$t target-test || { \
			echo "make test: target $$t: make failed"; \
			touch $(BUILD)/$$t/results/make.failed; }; \
	done
	@$(MAKE) --no-print-directory summary

test-space:
	@scripts/check-space.sh $(BUILD) $(TEST_SPACE_GIB)

summary:
	@$(PYTHON) -m harness.summary --build $(BUILD) --readme-table $(BUILD)/results/compare.md

clean:
	rm -rf $(BUILD) out
