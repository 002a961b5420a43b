# make bench: the cost of KVM_PPC_GET_COMPAT_CAPS against KVM_CHECK_EXTENSION
# on each backend, on our kernel and on mainline 7.3, counted in guest
# instructions (-icount), and the wall times the harness recorded.
#
# The make test stage (bench-test) holds our kernel to at most 1.5 times
# the cost of KVM_CHECK_EXTENSION on every backend.

BENCH_MACHINES := p11-p10mode-v1,p11-p10mode-v2,powernv10
BENCH_MAX_RATIO := 1.5
BENCH_RUN = $(PYTHON) -m harness.matrix --icount --machines $(BENCH_MACHINES) \
	--initramfs $(INITRAMFS) --env TESTS=compat_caps_bench

.PHONY: bench bench-test

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

TEST_STAGES += bench-test
TEST_RESULTS += $(RESULTS)/bench.json
