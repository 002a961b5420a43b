# The debug kernel: the test kernel with KASAN, lockdep, atomic-sleep,
# UBSAN, list debugging and kmemleak (configs/debug.config), running the
# selftests, 10^6 concurrent calls and 10^5 random calls on nested v1, v2
# and PowerNV.  Any report of a checker in a console fails the run.
#
#   make debug    build it and run it

DEBUG_KOBJ := $(BUILD)/kernel-debug
DEBUG_KERNEL := $(DEBUG_KOBJ)/vmlinux
DEBUG_INITRAMFS := $(GUEST)/initramfs-debug.cpio
DEBUG_PROGS := $(GUEST)/compat_caps_stress $(GUEST)/kmemleak_check
DEBUG_MACHINES := p11-v1,p11-v2,powernv10
DEBUG_TESTS := compat_caps_test,arch_compat_test,kunit_results,compat_caps_stress,kmemleak_check
DEBUG_RUN = $(PYTHON) -m harness.matrix --kernel $(DEBUG_KERNEL) \
	--initramfs $(DEBUG_INITRAMFS) --out $(RESULTS)/debug \
	--machines $(DEBUG_MACHINES) --env TESTS=$(DEBUG_TESTS) \
	--env TEST_TIMEOUT=900 --timeout 1200

.PHONY: debug-kernel debug-initramfs debug debug-test

debug-kernel: tree
	@scripts/build-kernel.sh $(TREE) $(DEBUG_KOBJ) $(CROSS) $(FRAGMENTS) \
		configs/debug.config

$(GUEST)/compat_caps_stress: guest/compat_caps_stress.c selftests
	@$(CROSS)gcc -static -O2 -Wall -Wextra -Werror -isystem $(UAPI) -o $@ $< -lpthread

$(GUEST)/kmemleak_check: guest/kmemleak_check.c $(BUILD)/.setup-done
	@$(CROSS)gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

debug-initramfs: debug-kernel initramfs $(DEBUG_PROGS)
	@scripts/make-initramfs.sh $(DEBUG_KOBJ)/usr/gen_init_cpio $(GUEST)/init \
		$(DEBUG_INITRAMFS) $$(cat $(GUEST)/selftests/programs) \
		$(GUEST_PROGS) $(DEBUG_PROGS)

debug: debug-initramfs
	@$(DEBUG_RUN)

debug-test: debug-initramfs
	-@$(DEBUG_RUN) --no-subtests --stage debug $(RESULTS)/debug.json >/dev/null

# Not yet a stage of make test: on this base, lockdep reports (and then
# switches itself off) in the pseries irq replay path early in boot, long
# before KVM starts, so every run fails on a splat that is not ours.
# TEST_STAGES += debug-test
# TEST_RESULTS += $(RESULTS)/debug.json
