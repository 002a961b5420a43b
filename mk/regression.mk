# The regression stage, for a series that fixes a bug: the check that
# shows the bug fails on the base kernel and passes with the series.  The
# target names the check's guest programs (REGRESSION_TESTS, from guest/)
# and the machines (REGRESSION_MACHINES); both kernels are its test
# kernel (tinyconfig + FRAGMENTS), the base one built from a worktree at
# 'base' (build/<target>/base/).  harness.regression judges the two runs.
# A target whose bug stops the base kernel from booting says so
# (REGRESSION_BASE := dies): its base must die before any result.
# REGRESSION_TIMEOUT, if set, is each machine's timeout (s).
#
#   make regression    build both kernels, run the check on both, judge

BASE_TREE := $(T)/base/linux
BASE_KOBJ := $(T)/base/kernel
REGRESSION_INITRAMFS := $(GUEST)/initramfs-regression.cpio
REGRESSION_PROGS := $(addprefix $(GUEST)/,$(REGRESSION_TESTS))
comma := ,
REGRESSION_RUN = $(PYTHON) -m harness.matrix --target $(TARGET) \
	--initramfs $(REGRESSION_INITRAMFS) --machines $(REGRESSION_MACHINES) \
	--env TESTS=$(subst $(eval) ,$(comma),$(REGRESSION_TESTS)) \
	$(if $(REGRESSION_TIMEOUT),--timeout $(REGRESSION_TIMEOUT))

.PHONY: base-tree base-kernel regression-initramfs regression stage-regression \
	regression-defconfig

base-tree: tree
	@scripts/make-base-tree.sh $(TREE) $(BASE_TREE)

base-kernel: base-tree
	@scripts/build-kernel.sh $(BASE_TREE) $(BASE_KOBJ) $(CROSS) $(FRAGMENTS)

regression-initramfs: kernel $(GUEST)/init $(REGRESSION_PROGS)
	@$(if $(REGRESSION_TESTS),,$(error targets/$(TARGET)/target.mk sets no REGRESSION_TESTS))
	@scripts/make-initramfs.sh $(KOBJ)/usr/gen_init_cpio $(GUEST)/init \
		$(REGRESSION_INITRAMFS) $(REGRESSION_PROGS)

# $(call REGRESSION_RUNS,<base kernel>,<kernel>,<name>): the runs into
# $(RESULTS)/<name>-base and <name>-series, then the judge's
# $(RESULTS)/<name>.json.  The matrix fails the base's run, as it should
# (status 1); anything else of the matrix is an error.
REGRESSION_RUNS = rm -rf $(RESULTS)/$3-base $(RESULTS)/$3-series && \
	echo "regression: the base kernel ($1)" && \
	{ $(REGRESSION_RUN) --kernel $1 --out $(RESULTS)/$3-base || [ $$? = 1 ]; } && \
	echo "regression: the kernel with the series ($2)" && \
	{ $(REGRESSION_RUN) --kernel $2 --out $(RESULTS)/$3-series || [ $$? = 1 ]; }; \
	$(PYTHON) -m harness.regression --base $(RESULTS)/$3-base \
		--series $(RESULTS)/$3-series \
		--tests $(subst $(eval) ,$(comma),$(REGRESSION_TESTS)) --json $(RESULTS)/$3.json \
		$(if $(filter dies,$(REGRESSION_BASE)),--base-dies)

regression: regression-initramfs base-kernel kernel
	@$(call REGRESSION_RUNS,$(BASE_KOBJ)/vmlinux,$(KERNEL),regression)

# The kernels are built first, their progress shown; if one fails, the
# stage has no results document, which counts as a failure.
stage-regression:
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/regression.json
	@$(MAKE) --no-print-directory regression-initramfs base-kernel
	@echo "make test: $(TARGET): the regression check, without and with the series, about a minute (log: $(RESULTS)/regression.log)"
	-@{ $(call REGRESSION_RUNS,$(BASE_KOBJ)/vmlinux,$(KERNEL),regression); } \
		>$(RESULTS)/regression.log 2>&1; tail -n 1 $(RESULTS)/regression.log

# The same check on ppc64le_defconfig plus configs/lockdep-defconfig.config:
# the bug on a distribution-like kernel, not only on our small test
# kernel.  Not in make test: each of the two kernels takes about 40
# minutes to build on 2 cores.  Results in $(RESULTS)/regression-defconfig.json.
DEFCONFIG_BUILD = KCONFIG_BASE=ppc64le_defconfig scripts/build-kernel.sh
DEFCONFIG_FRAGMENTS := configs/lockdep-defconfig.config

regression-defconfig: regression-initramfs base-tree
	@$(DEFCONFIG_BUILD) $(BASE_TREE) $(T)/base/kernel-defconfig $(CROSS) $(DEFCONFIG_FRAGMENTS)
	@$(DEFCONFIG_BUILD) $(TREE) $(T)/kernel-defconfig $(CROSS) $(DEFCONFIG_FRAGMENTS)
	@$(call REGRESSION_RUNS,$(T)/base/kernel-defconfig/vmlinux,$(T)/kernel-defconfig/vmlinux,regression-defconfig)
