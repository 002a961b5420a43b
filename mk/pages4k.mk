# The test kernel again, with 4K pages (configs/4k-pages.config): the KVM
# selftests' VM mode follows the host's page size, and only here does
# VM_MODE_P52V52_4K run.  The same initramfs, on a machine of each
# backend: nested API v1 and v2, and PowerNV.
#
#   make matrix-4k [TARGET=...]    build it and run it
#
# A kernel build of its own: the stage "pages4k" of a target's STAGES
# runs it in make test and writes $(RESULTS)/pages4k.json.

KOBJ_4K := $(T)/kernel-4k
MACHINES_4K := p10-v1,p11-p10mode-v2,powernv10
MATRIX_4K = $(PYTHON) -m harness.matrix --target $(TARGET) --kernel $(KOBJ_4K)/vmlinux \
	--tree $(TREE) --initramfs $(INITRAMFS) --out $(RESULTS)/matrix-4k \
	--machines $(MACHINES_4K)

.PHONY: kernel-4k matrix-4k stage-pages4k

kernel-4k: tree
	@scripts/build-kernel.sh $(TREE) $(KOBJ_4K) $(CROSS) $(FRAGMENTS) configs/4k-pages.config

matrix-4k: initramfs kernel-4k
	@$(MATRIX_4K)

stage-pages4k: initramfs kernel-4k
	@mkdir -p $(RESULTS) && echo "make test: $(TARGET): the matrix with 4K pages (log: $(RESULTS)/pages4k.log)"
	@rm -f $(RESULTS)/pages4k.json
	-@$(MATRIX_4K) --stage pages4k $(RESULTS)/pages4k.json >$(RESULTS)/pages4k.log 2>&1; \
		tail -n 1 $(RESULTS)/pages4k.log
