# Pristine mainline Linux 7.3 side by side: the same test programs, on the
# same machines, on a kernel without our series (issue: "side by side").
#
#   make mainline    build 7.3, run the matrix on it, print the table

MAINLINE := 7.3
ML_TREE := $(BUILD)/mainline/linux
ML_KOBJ := $(BUILD)/mainline/kernel
ML_KERNEL := $(ML_KOBJ)/vmlinux
ML_PROGRAMS := compat_caps_probe,compat_caps_test,arch_compat_test

.PHONY: mainline-kernel mainline mainline-test

mainline-kernel: $(BUILD)/.setup-done
	@scripts/make-pristine.sh $(MAINLINE) $(ML_TREE)
	@scripts/build-kernel.sh $(ML_TREE) $(ML_KOBJ) $(CROSS) \
		configs/kvm-ppc64le.config

# The matrix on 7.3 fails where 7.3 does not answer: harness.compare
# judges that, so its exit status is not the verdict.
$(RESULTS)/mainline/results.json: mainline-kernel initramfs
	-@$(PYTHON) -m harness.matrix --kernel $(ML_KERNEL) \
		--initramfs $(INITRAMFS) --out $(RESULTS)/mainline \
		$(MATRIX_MACHINES) --env TESTS=$(ML_PROGRAMS) --no-subtests

mainline: $(RESULTS)/mainline/results.json
	@$(PYTHON) -m harness.compare $(RESULTS)/mainline/results.json \
		--ours $(RESULTS)/matrix/results.json

# The make test stage: its verdicts go to mainline.json
mainline-test: $(RESULTS)/mainline/results.json
	-@$(PYTHON) -m harness.compare $(RESULTS)/mainline/results.json \
		--stage $(RESULTS)/mainline.json

TEST_STAGES += mainline-test
TEST_RESULTS += $(RESULTS)/mainline.json
