# The debug kernel: the test kernel's base configuration
# (configs/kvm-ppc64le.config) with the checkers of configs/debug.config:
# lockdep, atomic-sleep, UBSAN, list and refcount debugging, kmemleak,
# KFENCE and KCSAN (or KASAN: configs/kasan.config, a target's
# DEBUG_FRAGMENTS), running the selftests, 10^6 concurrent calls and 10^5
# random calls on a machine of each backend.  Any report of a checker in
# a console fails the run.
#
# Not the target's FRAGMENTS: its configuration is the lockdep fix's
# (series/lockdep-fix, targets/lockdep-7.3), so that on a new machine
# the objects their builds leave in ccache serve this one too (one cold
# build fewer); a target's KUnit tests run on its test kernel (the
# matrix).
#
# Its source is the target's tree as committed plus the series of its
# BASE_FIXES: fixes to the base without which a checker cannot run
# (lockdep switches itself off, a KCSAN or KASAN kernel does not boot).
#
#   make debug    build it and run it

# Source and objects side by side as a target's linux and kernel are
# (ccache hashes paths relative to the project).
DEBUG_TREE := $(T)/debug/linux
DEBUG_KOBJ := $(T)/debug/kernel
DEBUG_KERNEL := $(DEBUG_KOBJ)/vmlinux
DEBUG_INITRAMFS := $(GUEST)/initramfs-debug.cpio
DEBUG_PROGS := $(GUEST)/compat_caps_stress $(GUEST)/kmemleak_check \
	$(GUEST)/checkers_on
# Nested API v1 and v2 in a compat mode, v2 in Power11 mode and PowerNV:
# each backend.  Two processors each, so that the stress run's threads
# and the VMs they create and destroy run at once, not in turns.
DEBUG_MACHINES := p11-p10mode-v1,p11-p10mode-v2,p11-v2,powernv10
# A target may name another configuration (targets/v7.2/target.mk)
DEBUG_FRAGMENTS ?= configs/kvm-ppc64le.config configs/debug.config
DEBUG_TESTS := compat_caps_test,arch_compat_test,compat_caps_stress,kmemleak_check,checkers_on
DEBUG_RUN = $(PYTHON) -m harness.matrix --target $(TARGET) --kernel $(DEBUG_KERNEL) --tree $(DEBUG_TREE) \
	--initramfs $(DEBUG_INITRAMFS) --out $(RESULTS)/debug \
	--machines $(DEBUG_MACHINES) --cpus 2 --env TESTS=$(DEBUG_TESTS)
# make debug runs compat_caps_stress in full: 10^6 concurrent and 10^5
# random calls.  Under KCSAN, 10^5 concurrent calls take about 40 s and
# 10^4 random ones 90 s (each machine boots in 50 s), so the full run
# takes about 25 minutes a machine.  make test's stage runs 3 x 10^4
# concurrent and 2 x 10^3 random calls (DEBUG_STAGE), about two
# minutes a machine, so that make test keeps its time.
DEBUG_FULL := --env TEST_TIMEOUT=2400 --timeout 3000
DEBUG_STAGE := --env KVM_PPC_STRESS_CALLS=30000 --env KVM_PPC_FUZZ_CALLS=2000 \
	--env TEST_TIMEOUT=600 --timeout 900

.PHONY: debug-tree debug-kernel debug-initramfs debug stage-debug

debug-tree: tree
	@scripts/make-debug-tree.sh $(TREE) $(DEBUG_TREE) \
		$(foreach s,$(BASE_FIXES),series/$(s)/patches)

debug-kernel: debug-tree
	@scripts/build-kernel.sh $(DEBUG_TREE) $(DEBUG_KOBJ) $(CROSS) $(DEBUG_FRAGMENTS)

$(GUEST)/compat_caps_stress: guest/compat_caps_stress.c selftests
	@$(GUEST_CC) -isystem $(UAPI) -o $@ $< -lpthread

debug-initramfs: debug-kernel initramfs $(DEBUG_PROGS)
	@scripts/make-initramfs.sh $(DEBUG_KOBJ)/usr/gen_init_cpio $(GUEST)/init \
		$(DEBUG_INITRAMFS) $$(cat $(GUEST)/selftests/programs) \
		$(GUEST_PROGS) $(DEBUG_PROGS) --data $(SELFTEST_SETTINGS)

debug: debug-initramfs
	@$(DEBUG_RUN) $(DEBUG_FULL)

stage-debug: debug-initramfs
	@mkdir -p $(RESULTS) && echo "make test: $(TARGET): the debug kernel, a few minutes (log: $(RESULTS)/debug.log)"
	-@$(DEBUG_RUN) $(DEBUG_STAGE) --no-subtests --stage debug $(RESULTS)/debug.json \
		>$(RESULTS)/debug.log 2>&1; \
		tail -n 1 $(RESULTS)/debug.log
