# make check: the gates a maintainer and the kernel test robot would run on
# the series (scripts/check/, README "Checking the series").
#
#   make check        run every gate; exit status non-zero if one fails
#   make series       out/series/: the series ready for git send-email,
#                     refused while a gate fails
#
# make test runs the gates as its stage check-stage, whose failures are in
# build/results/check.json (counted by the matrix), not in make's status.

CHECK_RUN = CHECK_FRAGMENTS="$(FRAGMENTS)" CHECK_CROSS="$(CROSS)" \
	$(PYTHON) scripts/check/run.py --json $(RESULTS)/check.json \
	$(if $(CHECK_ONLY),--only $(CHECK_ONLY))

.PHONY: check check-stage check-tree series

# The gates build from a worktree of the kernel tree: make it if missing,
# but never touch an existing one (make tree refuses unexported commits).
check-tree: $(BUILD)/.setup-done
	@git -C $(TREE) rev-parse -q --verify base >/dev/null 2>&1 || \
		scripts/make-tree.sh $(SERIES) $(TREE) patches

check: check-tree
	@$(CHECK_RUN)

check-stage: check-tree
	-@$(CHECK_RUN)

series: check-tree
	@CHECK_FRAGMENTS="$(FRAGMENTS)" CHECK_CROSS="$(CROSS)" \
		$(PYTHON) scripts/series.py $(TREE) patches out/series

TEST_STAGES += check-stage
TEST_RESULTS += $(RESULTS)/check.json
