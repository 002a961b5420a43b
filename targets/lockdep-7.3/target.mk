# Linux 7.3 with the lockdep fix alone.  Not a KVM series: no matrix.
# Its stage "regression" boots the test kernel with lockdep, without the
# fix and with it, and checks that guest/checkers_on fails without it and
# passes with it.
#
# See targets/v7.2/target.mk for what each line means.

DESCRIPTION := Linux 7.3 with the lockdep fix
BASE_VERSION := 7.3
SERIES := lockdep-fix
FRAGMENTS := configs/kvm-ppc64le.config configs/debug.config
STAGES := regression
REGRESSION_TESTS := checkers_on
REGRESSION_MACHINES := p10-v1,powernv10
