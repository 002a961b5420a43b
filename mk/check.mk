# make check: the gates a maintainer and the kernel test robot would run on
# the target's series (scripts/check/, README "Checking and sending").
#
#   make check        run every gate; exit status non-zero if one fails
#   make series       out/<target>/series/: the series ready for git
#                     send-email, refused while a gate fails
#
# make test runs the gates as the stage "check" of the targets that list
# it; their failures are in $(RESULTS)/check.json, not in make's status.
# A target's CHECK_GATES names the gates that apply to its series
# (default: all of them; CHECK_ONLY=a,b picks some for one run).

CHECK_ENV = CHECK_TREE=$(CURDIR)/$(TREE) CHECK_DIR=$(CURDIR)/$(T)/check \
	CHECK_PATCHES=$(CURDIR)/$(PATCHES) CHECK_ALLOW=$(CURDIR)/$(TDIR)/checkpatch.allow \
	CHECK_FRAGMENTS="$(FRAGMENTS)" CHECK_CROSS="$(CROSS)" \
	CHECK_BASE="$(BASE_VERSION)" CHECK_GATES="$(CHECK_GATES)"
CHECK_RUN = $(CHECK_ENV) $(PYTHON) scripts/check/run.py --json $(RESULTS)/check.json \
	$(if $(CHECK_ONLY),--only $(CHECK_ONLY))

.PHONY: check check-tree series stage-check

# The gates build from a worktree of the kernel tree: make it if missing,
# but never touch an existing one (make tree refuses unexported commits).
check-tree: $(BUILD)/.setup-done
	@git -C $(TREE) rev-parse -q --verify base >/dev/null 2>&1 || \
		scripts/make-tree.sh $(BASE_VERSION) $(TREE) $(PATCHES)

check: check-tree
	@$(CHECK_RUN)

stage-check: check-tree
	@mkdir -p $(RESULTS) && echo "make test: $(TARGET): the gates (log: $(RESULTS)/check.log)"
	-@$(CHECK_RUN) >$(RESULTS)/check.log 2>&1; tail -n 1 $(RESULTS)/check.log

series: check-tree
	@$(CHECK_ENV) SERIES_RESULTS=$(RESULTS) SERIES_COVER=$(TDIR)/cover-letter.md \
		$(PYTHON) scripts/series.py $(TREE) $(PATCHES) out/$(TARGET)/series
