# Pristine Linux 7.3, the release that merged KVM_PPC_GET_COMPAT_CAPS:
# the reference the other targets are compared with.  No series; it runs
# the test programs of another target, built against its own UAPI.
#
# See targets/v7.2/target.mk for what each line means.

DESCRIPTION := pristine Linux 7.3 (mainline's KVM_PPC_GET_COMPAT_CAPS)
BASE_VERSION := 7.3
BASE_SUITES := trixie-backports sid
FRAGMENTS := configs/kvm-ppc64le.config
# 7.3 answers on pseries only: capability 0 and EINVAL on PowerNV
ANSWERS := pseries
STAGES := matrix
COMPARE_WITH :=
# The selftests and harness programs this target's machines run
TESTS_FROM := v7.2
