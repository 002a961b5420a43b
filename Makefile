# KVM_PPC_GET_COMPAT_CAPS: the series of each target and the harness that
# tests them.
#
#   make run     build what is missing, boot the default machine (a POWER11
#                LPAR in POWER10 mode on nested API v2) and show what
#                KVM_PPC_GET_COMPAT_CAPS reports there
#   make test    everything the project checks, on every target; ends with
#                "N passed, N failed, N skipped"
#
# A target (targets/<name>/) is a kernel: a base, a series and what to
# expect of it.  TARGET=<name> picks the one run, tree, export, check,
# series, matrix, debug, e2e and bench work on (default: v7.2).
#
#   make tree    kernel git tree build/<target>/linux: base + series
#   make export  write the tree's commits since 'base' back to the series

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

# The target
TARGETS := $(patsubst targets/%/target.mk,%,$(wildcard targets/*/target.mk))
TARGET ?= v7.2
ifeq ($(wildcard targets/$(TARGET)/target.mk),)
$(error unknown target '$(TARGET)': no targets/$(TARGET)/target.mk (targets: $(TARGETS)))
endif
include targets/$(TARGET)/target.mk
$(foreach v,BASE_VERSION BASE_SUITES FRAGMENTS,$(if $($(v)),,\
	$(error targets/$(TARGET)/target.mk does not set $(v))))
TDIR := targets/$(TARGET)
PATCHES := $(TDIR)/patches
T := $(BUILD)/$(TARGET)
TREE := $(T)/linux
KOBJ := $(T)/kernel
RESULTS := $(T)/results
KERNEL := $(KOBJ)/vmlinux
export BASE_SUITES
# The guest programs: this target's, or those of the target it borrows its
# tests from (TESTS_FROM: a pristine kernel has no selftests of ours)
GUEST_TARGET := $(or $(TESTS_FROM),$(TARGET))
GUEST := $(BUILD)/$(GUEST_TARGET)/guest
INITRAMFS := $(GUEST)/initramfs.cpio
MATRIX_RUN = $(PYTHON) -m harness.matrix --target $(TARGET) --kernel $(KERNEL) \
	--initramfs $(INITRAMFS)

.PHONY: all setup tree export kernel selftests initramfs run test matrix \
	target-test harness-test summary clean

all: initramfs kernel

setup:
	@scripts/setup.sh

$(BUILD)/.setup-done: scripts/setup.sh
	@scripts/setup.sh
	@mkdir -p $(BUILD) && touch $@

tree: $(BUILD)/.setup-done
	@scripts/make-tree.sh $(BASE_VERSION) $(TREE) $(PATCHES)

export:
	@scripts/export-series.sh $(TREE) $(PATCHES)

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

ifeq ($(TESTS_FROM),)
selftests: tree
	@scripts/build-selftests.sh $(TREE) $(GUEST)/selftests $(CROSS)

$(GUEST_PROGS) $(GUEST_BIN): $(GUEST)/%: guest/%.c selftests
	@$(GUEST_CC) -isystem $(UAPI) -o $@ $<

# The other guest programs (init among them) need no header of the series
$(GUEST)/%: guest/%.c $(BUILD)/.setup-done
	@mkdir -p $(GUEST)
	@$(GUEST_CC) -o $@ $<

SELFTEST_SETTINGS := $(TREE)/tools/testing/selftests/kvm/settings

initramfs: kernel selftests $(GUEST)/init $(GUEST_PROGS) $(GUEST_BIN) guest/arguments
	@scripts/make-initramfs.sh $(KOBJ)/usr/gen_init_cpio $(GUEST)/init \
		$(INITRAMFS) $$(cat $(GUEST)/selftests/programs) $(GUEST_PROGS) \
		--bin $(GUEST_BIN) --data $(SELFTEST_SETTINGS) guest/arguments
else
selftests initramfs:
	@$(MAKE) --no-print-directory TARGET=$(TESTS_FROM) $@
endif

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

include $(wildcard mk/*.mk)

target-test: $(addprefix stage-,$(STAGES))

harness-test:
	@mkdir -p $(BUILD)/results
	-@$(PYTHON) -m harness.selftest --json $(BUILD)/results/harness-test.json

# Every target's stages, then one summary over all of them
test: harness-test
	@for t in $(TARGETS); do \
		echo "make test: target $$t"; \
		$(MAKE) --no-print-directory TARGET=$$t target-test || \
			echo "make test: target $$t: make failed (its results count as missing)"; \
	done
	@$(MAKE) --no-print-directory summary

summary:
	@$(PYTHON) -m harness.summary --build $(BUILD) --readme-table $(BUILD)/results/compare.md

clean:
	rm -rf $(BUILD) out
