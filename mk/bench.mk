# make bench: the cost of KVM_PPC_GET_COMPAT_CAPS against KVM_CHECK_EXTENSION
# on each backend, on our kernel and on mainline 7.3, counted in guest
# instructions (-icount), and the wall times the harness recorded.
#
# The make test stage (bench-test) holds our kernel to at most 2 times the
# cost of KVM_CHECK_EXTENSION on every backend: the one user-copy path
# (copy_struct_from_user() and copy_struct_to_user()) costs about 1.9, the
# same on every backend since none reads more than CPU features and the
# grants; a backend that walks the device tree per call, as 7.3's nested
# v1 does (5.9), fails it.

BENCH_MACHINES := p11-p10mode-v1,p11-p10mode-v2,powernv10
BENCH_MAX_RATIO := 2.0
BENCH_RUN = $(PYTHON) -m harness.matrix --icount --machines $(BENCH_MACHINES) \
	--initramfs $(INITRAMFS) --env TESTS=compat_caps_bench

.PHONY: bench bench-test build-times

bench: initramfs mainline-kernel
	@$(BENCH_RUN) --kernel $(KERNEL) --out $(RESULTS)/bench \
		--env KVM_PPC_BENCH_MAX_RATIO=$(BENCH_MAX_RATIO) >/dev/null || true
	@$(BENCH_RUN) --kernel $(ML_KERNEL) --out $(RESULTS)/bench-mainline \
		>/dev/null || true
	@$(PYTHON) -m harness.bench --ours $(RESULTS)/bench/results.json \
		--mainline $(RESULTS)/bench-mainline/results.json \
		--cache $(CACHE) --build $(BUILD)

bench-test: initramfs
	-@$(BENCH_RUN) --kernel $(KERNEL) --out $(RESULTS)/bench \
		--env KVM_PPC_BENCH_MAX_RATIO=$(BENCH_MAX_RATIO) --no-subtests \
		--stage bench $(RESULTS)/bench.json >/dev/null

# The build times of make bench's table: the test kernel from an empty
# object directory, then again after a change in arch/powerpc/kvm, both
# without ccache so that they are the compiler's times.  Not part of make
# test: it takes the better part of 10 minutes on 2 cores.
TIMING_KOBJ := $(BUILD)/kernel-timing
TIMING_BUILD = CCACHE_DISABLE=1 scripts/build-kernel.sh $(TREE) $(TIMING_KOBJ) \
	$(CROSS) $(FRAGMENTS)

build-times: tree
	@rm -rf $(TIMING_KOBJ)
	@$(TIMING_BUILD)
	@touch $(TREE)/arch/powerpc/kvm/powerpc.c
	@$(TIMING_BUILD)

TEST_STAGES += bench-test
TEST_RESULTS += $(RESULTS)/bench.json
