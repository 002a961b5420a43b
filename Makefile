# KVM_PPC_GET_COMPAT_CAPS: the series in patches/ and its test harness.
#
#   make run     build what is missing, boot the default machine (a POWER11
#                LPAR in POWER10 mode on nested API v2) and show what
#                KVM_PPC_GET_COMPAT_CAPS reports there
#   make test    everything the project checks; ends with
#                "N passed, N failed, N skipped"
#
#   make tree    kernel git tree build/linux: Linux 7.2 + patches/
#   make export  write build/linux's commits since 'base' back to patches/

SHELL := /bin/bash
# ccache hashes paths relative to the project, so that a clone elsewhere
# (CI) reuses what was compiled here
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true
BUILD := build
CACHE := $(or $(PPC_COMPAT_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/ppc-compat-caps)
SERIES := 7.2
CROSS := powerpc64le-linux-gnu-
TREE := $(BUILD)/linux
KOBJ := $(BUILD)/kernel
GUEST := $(BUILD)/guest
RESULTS := $(BUILD)/results
KERNEL := $(KOBJ)/vmlinux
INITRAMFS := $(GUEST)/initramfs.cpio
FRAGMENTS := configs/kvm-ppc64le.config configs/compat-caps-kunit.config
DEFAULT_MACHINE := p11-p10mode-v2
PYTHON := python3
# MACHINES=a,b limits the matrix to those machines
MATRIX_MACHINES := $(if $(MACHINES),--machines $(MACHINES))

.PHONY: all setup tree export kernel selftests initramfs run test matrix \
	harness-test clean

all: initramfs kernel

setup:
	@scripts/setup.sh

$(BUILD)/.setup-done: scripts/setup.sh
	@scripts/setup.sh
	@mkdir -p $(BUILD) && touch $@

tree: $(BUILD)/.setup-done
	@scripts/make-tree.sh $(SERIES) $(TREE) patches

export:
	@scripts/export-series.sh $(TREE) patches

kernel: tree
	@scripts/build-kernel.sh $(TREE) $(KOBJ) $(CROSS) $(FRAGMENTS)

selftests: tree
	@scripts/build-selftests.sh $(TREE) $(GUEST)/selftests $(CROSS)

# Guest programs of the harness itself, built against the series' UAPI
# (compat_consumer also carries the ABI's values itself, as a VMM built
# on older headers does.)
GUEST_PROGS := $(GUEST)/kunit_results $(GUEST)/compat_caps_bench \
	$(GUEST)/compat_caps_probe
GUEST_BIN := $(GUEST)/compat_consumer
UAPI := $(GUEST)/selftests/headers/include

$(GUEST)/init: guest/init.c $(BUILD)/.setup-done
	@mkdir -p $(GUEST)
	@$(CROSS)gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

$(GUEST_PROGS) $(GUEST_BIN): $(GUEST)/%: guest/%.c selftests
	@$(CROSS)gcc -static -O2 -Wall -Wextra -Werror -isystem $(UAPI) -o $@ $<

initramfs: kernel selftests $(GUEST)/init $(GUEST_PROGS) $(GUEST_BIN)
	@scripts/make-initramfs.sh $(KOBJ)/usr/gen_init_cpio $(GUEST)/init \
		$(INITRAMFS) $$(cat $(GUEST)/selftests/programs) $(GUEST_PROGS) \
		--bin $(GUEST_BIN)

# The field's case: what a VMM learns (compat_consumer), and that KVM
# refuses a Power11 vCPU there (arch_compat_test)
run: initramfs
	@$(PYTHON) -m harness.matrix --kernel $(KERNEL) --initramfs $(INITRAMFS) \
		--out $(RESULTS)/run --machines $(DEFAULT_MACHINE) --show-console \
		--env TESTS=compat_consumer,compat_caps_probe,arch_compat_test,compat_caps_test

matrix: initramfs
	@$(PYTHON) -m harness.matrix --kernel $(KERNEL) --initramfs $(INITRAMFS) \
		--out $(RESULTS)/matrix $(MATRIX_MACHINES)

# A stage's failures are in its results document, which make test counts:
# do not stop make test there (a missing document counts as a failure).
harness-test:
	@mkdir -p $(RESULTS)
	-@$(PYTHON) -m harness.selftest --json $(RESULTS)/harness-test.json

# Stages of make test besides the matrix: each writes a results document
# (harness.selftest's JSON format) that the matrix adds to its count.
# Fragments in mk/ add their own stages to TEST_STAGES and TEST_RESULTS.
TEST_STAGES := harness-test
TEST_RESULTS := $(RESULTS)/harness-test.json
include $(wildcard mk/*.mk)

test: $(TEST_STAGES) initramfs
	@$(PYTHON) -m harness.matrix --kernel $(KERNEL) --initramfs $(INITRAMFS) \
		--out $(RESULTS)/matrix $(MATRIX_MACHINES) \
		$(foreach r,$(TEST_RESULTS),--results $(r))

clean:
	rm -rf $(BUILD) out
