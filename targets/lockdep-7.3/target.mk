# Linux 7.3 with the lockdep fix.  Not a KVM series: no matrix.
# Its stage "regression" boots the test kernel with lockdep, without the
# fix and with it, and checks that guest/checkers_on fails without it and
# passes with it.  The test kernel's configuration (the debug one) has
# KCSAN, which Linux 7.3 cannot boot without the KCSAN fix: that fix is
# part of the base, so both kernels have it.
#
# See targets/v7.2/target.mk for what each line means.

DESCRIPTION := Linux 7.3 and the KCSAN fix, with the lockdep fix
BASE_VERSION := 7.3
BASE_SERIES := kcsan-fixes
SERIES := lockdep-fix
FRAGMENTS := configs/kvm-ppc64le.config configs/debug.config
STAGES := regression
REGRESSION_TESTS := checkers_on
REGRESSION_MACHINES := p10-v1,powernv10
