# make check: the gates a maintainer and the kernel test robot would run on
# a series (scripts/check/, README "Checking and sending"), on its base
# with the series it depends on applied.
#
#   make check SERIES=<name>    run its gates; exit status non-zero if one fails
#   make series SERIES=<name>   out/<name>/: its mails, ready for git
#                               send-email, refused while a gate fails
#
# make test runs every series' gates as its stage "check"; their failures
# are in $(RESULTS)/check.json, not in make's status.  The series'
# CHECK_GATES names the gates that apply to it (CHECK_ONLY=a,b picks some
# for one run).  A run on the same inputs as an earlier one that passed
# gives that run's results again, each case saying so
# (scripts/check/results_cache.py); CHECK_FRESH=1 runs every gate.
# The gates build out of a repository of their own,
# build/series/<name>/check/repo, which borrows the base's objects.

CHECK_ENV = CHECK_TREE=$(CURDIR)/$(T)/check/repo CHECK_DIR=$(CURDIR)/$(T)/check \
	CHECK_PATCHES=$(CURDIR)/$(SDIR)/patches CHECK_ALLOW=$(CURDIR)/$(SDIR)/checkpatch.allow \
	CHECK_UPSTREAM="$(foreach d,$(DEPENDS),$(CURDIR)/series/$(d)/patches)" \
	CHECK_BASE_COMMIT=$$(cat $(T)/base.commit) \
	CHECK_FRAGMENTS="$(FRAGMENTS)" CHECK_CROSS="$(CROSS)" \
	CHECK_BASE="$(BASE_VERSION)" CHECK_GATES="$(CHECK_GATES)"
CHECK_RUN = $(CHECK_ENV) $(PYTHON) scripts/check/run.py --json $(RESULTS)/check.json \
	$(if $(CHECK_ONLY),--only $(CHECK_ONLY))

.PHONY: check check-base series stage-check

# The base, imported once per machine (scripts/make-base.sh)
check-base: $(BUILD)/.setup-done
	@mkdir -p $(T) && scripts/make-base.sh $(BASE_VERSION) >$(T)/base.commit.tmp && \
		mv $(T)/base.commit.tmp $(T)/base.commit

check: check-base
	@$(CHECK_RUN)

stage-check:
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/check.json
	@$(MAKE) --no-print-directory check-base
	@echo "make test: $(SERIES): the gates (log: $(RESULTS)/check.log)"
	-@$(CHECK_RUN) 2>&1 | tee $(RESULTS)/check.log | \
		grep --line-buffered -E '^check: ([a-z0-9-]+ +(ok|FAIL) |the other gates)'; \
		tail -n 1 $(RESULTS)/check.log

series: check-base
	@$(CHECK_ENV) SERIES_NAME=$(SERIES) SERIES_RESULTS=$(RESULTS) \
		SERIES_TESTED=$(BUILD)/$(TESTED_ON)/results SERIES_DEPENDS="$(DEPENDS)" \
		SERIES_TO="$(MAIL_TO)" SERIES_CC="$(MAIL_CC)" SERIES_GET_MAINTAINER="$(GET_MAINTAINER)" \
		$(PYTHON) scripts/series.py $(SDIR) out/$(SERIES)
