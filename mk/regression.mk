# The regression stage, for a series that fixes a bug: the check that
# shows the bug fails on the base kernel and passes with the series.  The
# target names the check's guest programs (REGRESSION_TESTS, from guest/)
# and the machines (REGRESSION_MACHINES); both kernels are its test
# kernel (tinyconfig + FRAGMENTS), the base one built from a worktree at
# 'base' (build/<target>/base/).  harness.regression judges the two runs.
#
#   make regression    build both kernels, run the check on both, judge

BASE_TREE := $(T)/base/linux
BASE_KOBJ := $(T)/base/kernel
REGRESSION_INITRAMFS := $(GUEST)/initramfs-regression.cpio
REGRESSION_PROGS := $(addprefix $(GUEST)/,$(REGRESSION_TESTS))
comma := ,
REGRESSION_RUN = $(PYTHON) -m harness.matrix --target $(TARGET) \
	--initramfs $(REGRESSION_INITRAMFS) --machines $(REGRESSION_MACHINES) \
	--env TESTS=$(subst $(eval) ,$(comma),$(REGRESSION_TESTS))
REGRESSION_JUDGE = $(PYTHON) -m harness.regression --base $(RESULTS)/regression-base \
	--series $(RESULTS)/regression-series \
	--tests $(subst $(eval) ,$(comma),$(REGRESSION_TESTS)) --json $(RESULTS)/regression.json

.PHONY: base-tree base-kernel regression-initramfs regression stage-regression

base-tree: tree
	@scripts/make-base-tree.sh $(TREE) $(BASE_TREE)

base-kernel: base-tree
	@scripts/build-kernel.sh $(BASE_TREE) $(BASE_KOBJ) $(CROSS) $(FRAGMENTS)

regression-initramfs: kernel $(GUEST)/init $(REGRESSION_PROGS)
	@$(if $(REGRESSION_TESTS),,$(error targets/$(TARGET)/target.mk sets no REGRESSION_TESTS))
	@scripts/make-initramfs.sh $(KOBJ)/usr/gen_init_cpio $(GUEST)/init \
		$(REGRESSION_INITRAMFS) $(REGRESSION_PROGS)

# The runs, then the judge: the matrix fails the base's run, as it
# should (status 1); anything else of the matrix is an error.
REGRESSION_RUNS = rm -rf $(RESULTS)/regression-base $(RESULTS)/regression-series && \
	echo "regression: the base kernel ($(BASE_KOBJ)/vmlinux)" && \
	{ $(REGRESSION_RUN) --kernel $(BASE_KOBJ)/vmlinux --out $(RESULTS)/regression-base || [ $$? = 1 ]; } && \
	echo "regression: the kernel with the series ($(KERNEL))" && \
	{ $(REGRESSION_RUN) --kernel $(KERNEL) --out $(RESULTS)/regression-series || [ $$? = 1 ]; }; \
	$(REGRESSION_JUDGE)

regression: regression-initramfs base-kernel kernel
	@$(REGRESSION_RUNS)

# The kernels are built first, their progress shown; if one fails, the
# stage has no results document, which counts as a failure.
stage-regression:
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/regression.json
	@$(MAKE) --no-print-directory regression-initramfs base-kernel
	@echo "make test: $(TARGET): the regression check, without and with the series, about a minute (log: $(RESULTS)/regression.log)"
	-@{ $(REGRESSION_RUNS); } >$(RESULTS)/regression.log 2>&1; tail -n 1 $(RESULTS)/regression.log
