# The series on Linux 7.2: KVM_PPC_GET_COMPAT_CAPS in full, for kernels
# that lack mainline's (Debian still ships 7.2).
#
# A target is a folder of targets/: this file, and what it names.  Both
# make (include) and the harness (harness/targets.py) read it: keep to
# "NAME := value" lines.

DESCRIPTION := the series on Linux 7.2
# The base: Debian's linux-source-<BASE_VERSION>, from the first of
# BASE_SUITES that carries it (KERNEL_SRC=<tree> overrides it)
BASE_VERSION := 7.2
BASE_SUITES := sid trixie-backports
# The test kernel's configuration: tinyconfig and these fragments
FRAGMENTS := configs/kvm-ppc64le.config configs/compat-caps-kunit.config
# Where KVM-HV VMs of this kernel answer KVM_PPC_GET_COMPAT_CAPS: on
# pseries (nested API v1 and v2) and on bare-metal PowerNV
ANSWERS := pseries powernv
# The make test stages of this target: matrix (the test matrix) and those
# of mk/<stage>.mk
STAGES := matrix check bench debug e2e
# The target side by side with this one in make test's table
COMPARE_WITH := mainline-7.3
# Fixes to the base that the debug kernel needs, not part of the series
# (mk/debug.mk): a folder of patches, here another target's series.  With
# PROVE_LOCKING, the base's lockdep switches itself off at the first
# replayed interrupt, so it would check nothing (7.2 has 7.3's code).
BASE_FIXES := targets/lockdep-7.3/patches
