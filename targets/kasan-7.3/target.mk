# Linux 7.3 and the lockdep fix, with the KASAN fix.  Not a KVM series:
# no matrix.  Its stage "regression" boots a KASAN kernel, without the
# fix and with it: without it the kernel dies before its console starts
# (pseries: a machine check, PowerNV: a checkstop), with it checkers_on
# passes (KASAN on, no report).  The lockdep fix is part of the base, so
# that both kernels have it and the checkers' run can be clean.
#
# See targets/v7.2/target.mk for what each line means.

DESCRIPTION := Linux 7.3 and the lockdep fix, with the KASAN fix
BASE_VERSION := 7.3
BASE_SERIES := lockdep-fix
SERIES := kasan-fix
FRAGMENTS := configs/kvm-ppc64le.config configs/debug.config configs/kasan.config
STAGES := regression
REGRESSION_TESTS := checkers_on
REGRESSION_MACHINES := p11-v2,powernv10
REGRESSION_BASE := dies
REGRESSION_TIMEOUT := 60
