# make bench: the cost of KVM_PPC_GET_COMPAT_CAPS against KVM_CHECK_EXTENSION
# on each backend, for the target and the target it is compared with
# (COMPARE_WITH), counted in guest instructions (-icount), and the wall
# times the harness recorded.
#
# The stage "bench" of make test holds the target's kernel to at most 2.5
# times the cost of KVM_CHECK_EXTENSION on every backend: the one
# user-copy path (copy_struct_from_user() and copy_struct_to_user()) costs
# 1.90 on 7.2 and 1.98 on 7.3, the same on every backend since none reads
# more than CPU features and the grants; a backend that walks the device
# tree per call, as 7.3's nested v1 does (5.90), fails it.

BENCH_MACHINES := p11-p10mode-v1,p11-p10mode-v2,powernv10
BENCH_MAX_RATIO := 2.5
BENCH_RUN = $(PYTHON) -m harness.matrix --icount --machines $(BENCH_MACHINES) \
	--initramfs $(INITRAMFS) --env TESTS=compat_caps_bench
OTHER_KERNEL := $(BUILD)/$(COMPARE_WITH)/kernel/vmlinux

.PHONY: bench stage-bench build-times

bench: initramfs kernel
	@$(if $(COMPARE_WITH),$(MAKE) --no-print-directory TARGET=$(COMPARE_WITH) kernel)
	@$(BENCH_RUN) --target $(TARGET) --kernel $(KERNEL) --out $(RESULTS)/bench \
		--env KVM_PPC_BENCH_MAX_RATIO=$(BENCH_MAX_RATIO) >/dev/null || true
	@$(if $(COMPARE_WITH),$(BENCH_RUN) --target $(COMPARE_WITH) --kernel $(OTHER_KERNEL) \
		--out $(RESULTS)/bench-$(COMPARE_WITH) >/dev/null || true)
	@$(PYTHON) -m harness.bench --ours $(RESULTS)/bench/results.json \
		$(if $(COMPARE_WITH),--other $(RESULTS)/bench-$(COMPARE_WITH)/results.json \
		--other-name $(COMPARE_WITH)) --cache $(CACHE) --build $(T) --base-version $(BASE_VERSION)

stage-bench: initramfs kernel
	@mkdir -p $(RESULTS) && echo "make test: $(TARGET): the cost (log: $(RESULTS)/bench/)"
	-@$(BENCH_RUN) --target $(TARGET) --kernel $(KERNEL) --out $(RESULTS)/bench \
		--env KVM_PPC_BENCH_MAX_RATIO=$(BENCH_MAX_RATIO) \
		--stage bench $(RESULTS)/bench.json >/dev/null

# The build times of make bench's table: the test kernel from an empty
# object directory, then again after a change in arch/powerpc/kvm, both
# without ccache so that they are the compiler's times.  Not part of make
# test: it takes the better part of 10 minutes on 2 cores.
TIMING_KOBJ := $(T)/kernel-timing
TIMING_BUILD = CCACHE_DISABLE=1 scripts/build-kernel.sh $(TREE) $(TIMING_KOBJ) \
	$(CROSS) $(FRAGMENTS)

build-times: tree
	@rm -rf $(TIMING_KOBJ)
	@$(TIMING_BUILD)
	@touch $(TREE)/arch/powerpc/kvm/powerpc.c
	@$(TIMING_BUILD)
