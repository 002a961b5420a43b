# The debug kernel: the test kernel with lockdep, atomic-sleep, UBSAN,
# list and refcount debugging and kmemleak (configs/debug.config), running
# the selftests, 10^6 concurrent calls and 10^5 random calls on the nested
# v1 and v2 machines and PowerNV10.  Any report of a checker in a console
# fails the run.
#
# Its source is the committed series plus base-fixes/: fixes to the 7.2
# base without which a checker cannot run (see base-fixes/README).
#
#   make debug    build it and run it

DEBUG_TREE := $(BUILD)/linux-debug
DEBUG_KOBJ := $(BUILD)/kernel-debug
DEBUG_KERNEL := $(DEBUG_KOBJ)/vmlinux
DEBUG_INITRAMFS := $(GUEST)/initramfs-debug.cpio
DEBUG_PROGS := $(GUEST)/compat_caps_stress $(GUEST)/kmemleak_check \
	$(GUEST)/checkers_on
# Every pseries machine with nested KVM-HV (v1 and v2, each compat mode)
# and PowerNV10: about 10 minutes, 2 at a time.
DEBUG_MACHINES := p10-v1,p10-p9mode-v1,p11-p10mode-v1,p11-v1,p11-v2,p11-p10mode-v2,p11-p9mode-v2,powernv10
DEBUG_TESTS := compat_caps_test,arch_compat_test,kunit_results,compat_caps_stress,kmemleak_check,checkers_on
DEBUG_RUN = $(PYTHON) -m harness.matrix --kernel $(DEBUG_KERNEL) \
	--initramfs $(DEBUG_INITRAMFS) --out $(RESULTS)/debug \
	--machines $(DEBUG_MACHINES) --env TESTS=$(DEBUG_TESTS) \
	--env TEST_TIMEOUT=900 --timeout 1200

.PHONY: debug-tree debug-kernel debug-initramfs debug debug-test

debug-tree: tree
	@scripts/make-debug-tree.sh $(TREE) $(DEBUG_TREE) base-fixes

debug-kernel: debug-tree
	@scripts/build-kernel.sh $(DEBUG_TREE) $(DEBUG_KOBJ) $(CROSS) $(FRAGMENTS) \
		configs/debug.config

$(GUEST)/compat_caps_stress: guest/compat_caps_stress.c selftests
	@$(CROSS)gcc -static -O2 -Wall -Wextra -Werror -isystem $(UAPI) -o $@ $< -lpthread

$(GUEST)/kmemleak_check $(GUEST)/checkers_on: $(GUEST)/%: guest/%.c $(BUILD)/.setup-done
	@$(CROSS)gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

debug-initramfs: debug-kernel initramfs $(DEBUG_PROGS)
	@scripts/make-initramfs.sh $(DEBUG_KOBJ)/usr/gen_init_cpio $(GUEST)/init \
		$(DEBUG_INITRAMFS) $$(cat $(GUEST)/selftests/programs) \
		$(GUEST_PROGS) $(DEBUG_PROGS)

debug: debug-initramfs
	@$(DEBUG_RUN)

debug-test: debug-initramfs
	-@$(DEBUG_RUN) --no-subtests --stage debug $(RESULTS)/debug.json >/dev/null

TEST_STAGES += debug-test
TEST_RESULTS += $(RESULTS)/debug.json
