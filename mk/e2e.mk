# End to end with a real VMM: the field's test matrix under TCG.
#
#   make e2e-image   the L1 image: Debian's ppc64el QEMU (bookworm-backports,
#                    fetched into the cache, never installed), the compat-caps
#                    consumer, the L1's /init and the L2 guest
#   make e2e         build it, boot the L1s, print the field's table
#
# The stage "e2e" of make test writes $(RESULTS)/e2e.json; its failures
# are counted there and do not stop make.  E2E_L1S=a,b limits the L1s.

E2E := $(T)/e2e
E2E_IMAGE := $(E2E)/l1-initramfs.cpio
E2E_OUT := $(RESULTS)/e2e
E2E_JSON := $(RESULTS)/e2e.json
E2E_PROGS := $(GUEST)/e2e_init $(GUEST)/compat_consumer
E2E_RUN = $(PYTHON) -m harness.e2e --kernel $(KERNEL) --image $(E2E_IMAGE) \
	--out $(E2E_OUT) $(if $(E2E_L1S),--l1s $(E2E_L1S))
# Fetch (cached) and pack; the output also goes to $(E2E_OUT)/image.log
E2E_BUILD_IMAGE = mkdir -p $(E2E_OUT) && \
	{ manifest=$$(scripts/fetch-vmm.sh) && \
	  scripts/make-l1-image.sh $(KOBJ)/usr/gen_init_cpio "$$manifest" \
		$(E2E_IMAGE) $(GUEST)/e2e_init $(GUEST)/compat_consumer \
		$(KERNEL) $(GUEST)/init; } 2>&1 | tee $(E2E_OUT)/image.log >&2; \
	test $${PIPESTATUS[0]} = 0

.PHONY: e2e e2e-image stage-e2e

$(GUEST)/e2e_init: guest/e2e_init.c guest/kmsg.h $(BUILD)/.setup-done
	@mkdir -p $(GUEST)
	@$(GUEST_CC) -o $@ $<

# $(GUEST)/compat_consumer is one of the Makefile's GUEST_BIN

e2e-image: kernel $(GUEST)/init $(E2E_PROGS)
	@$(E2E_BUILD_IMAGE)

e2e: e2e-image
	@$(E2E_RUN) --json $(E2E_JSON)

# The stage: an image that cannot be built is one failure in e2e.json,
# naming the cause and the log.
stage-e2e: kernel $(GUEST)/init $(E2E_PROGS)
	@echo "make test: $(TARGET): the real VMM (log: $(E2E_OUT)/)"
	@rm -f $(E2E_JSON)
	-@if $(E2E_BUILD_IMAGE); then $(E2E_RUN) --json $(E2E_JSON) >$(E2E_OUT)/e2e.log 2>&1; \
	else $(PYTHON) -m harness.e2e --image-error $(E2E_OUT)/image.log \
		--json $(E2E_JSON); fi

