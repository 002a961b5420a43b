# Linux 7.3 with the KASAN fix.  Not a KVM series: no matrix.  Its stage
# "regression" boots a KASAN kernel (the test kernel's configuration and
# KASAN), without the fix and with it: without it the kernel dies before
# its console starts (pseries: a machine check, then silence; PowerNV:
# silence, a CPU spinning under vprintk_emit()), with it checkers_on
# passes (KASAN on, no report).
#
# See targets/v7.2/target.mk for what each line means.

DESCRIPTION := Linux 7.3 with the KASAN fix
BASE_VERSION := 7.3
SERIES := kasan-fix
FRAGMENTS := configs/kvm-ppc64le.config configs/kasan.config
STAGES := regression
REGRESSION_TESTS := checkers_on
REGRESSION_MACHINES := p11-v2,powernv10
REGRESSION_BASE := dies
# With the fix, both machines pass in under 10 s
REGRESSION_TIMEOUT := 60
