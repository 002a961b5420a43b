# KVM_PPC_GET_COMPAT_CAPS on every Book3S HV host: the KUnit tests of the
# nested-v2 level check, the answer from the CPU features (raw mode too)
# and on bare-metal PowerNV.  For the powerpc tree, on top of the fix.
#
# See series/nested-v2-fix/series.mk for what each line means.

DESCRIPTION := compat levels from the CPU features, and on PowerNV
BASE_VERSION := 7.3
FOR_TREE := powerpc (topic/ppc-kvm): Madhavan Srinivasan
# The author of the interface and its reviewers, QEMU (its consumer),
# api.rst (Paolo, linux-doc) and KUnit (kunit-dev, David Gow)
MAIL_CC := Amit Machhiwal <amachhiw@linux.ibm.com>, Vaibhav Jain <vaibhav@linux.ibm.com>, Harsh Prateek Bora <harshpb@linux.ibm.com>, Gautam Menghani <gautam@linux.ibm.com>, Paolo Bonzini <pbonzini@redhat.com>, linux-doc@vger.kernel.org, David Gow <davidgow@google.com>, kunit-dev@googlegroups.com
DEPENDS := nested-v2-fix
FRAGMENTS := configs/kvm-ppc64le.config configs/kunit.config configs/compat-caps-kunit.config
CHECK_GATES := checkpatch codespell debian docs coverage bisect sparse w1
TESTED_ON := v7.3
