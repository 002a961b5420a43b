# The first KVM selftests for powerpc: the library, the tests common to
# all architectures, compat_caps_test and arch_compat_test.  For the KVM
# selftest maintainers; it needs none of our kernel patches (pristine 7.3
# is its target mainline-7.3).
#
# See series/nested-v2-fix/series.mk for what each line means.

DESCRIPTION := KVM selftests for powerpc
BASE_VERSION := 7.3
FOR_TREE := kvm-x86 selftests or kvm/next: Sean Christopherson, Paolo Bonzini
MAIL_TO := Sean Christopherson <seanjc@google.com>, Paolo Bonzini <pbonzini@redhat.com>
MAIL_CC := Shuah Khan <shuah@kernel.org>, Madhavan Srinivasan <maddy@linux.ibm.com>, Nicholas Piggin <npiggin@gmail.com>, kvm@vger.kernel.org, linux-kselftest@vger.kernel.org, linuxppc-dev@lists.ozlabs.org
FRAGMENTS := configs/kvm-ppc64le.config configs/kunit.config
CHECK_GATES := checkpatch codespell selftests bisect
TESTED_ON := mainline-7.3
