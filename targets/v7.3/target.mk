# The follow-up series on mainline Linux 7.3: what the series on 7.2 has
# that mainline lacks, as patches on mainline's own code (the series
# linuxppc-dev can take today).
#
# See targets/v7.2/target.mk for what each line means.

DESCRIPTION := the follow-up series on Linux 7.3
BASE_VERSION := 7.3
BASE_SUITES := trixie-backports sid
FRAGMENTS := configs/kvm-ppc64le.config configs/compat-caps-kunit.config
ANSWERS := pseries powernv
STAGES := matrix check bench debug e2e
COMPARE_WITH := mainline-7.3
BASE_FIXES := targets/lockdep-7.3/patches
