// SPDX-License-Identifier: GPL-2.0
/*
 * The cost of KVM_PPC_GET_COMPAT_CAPS as a ratio to KVM_CHECK_EXTENSION
 * on the same VM fd, in the same guest and run.  Under TCG the absolute
 * times mean little; the ratio does.
 *
 * The two ioctls are timed in alternating blocks (ROUNDS of CALLS each),
 * so that drift in the emulator's speed hits both alike.  The ratio
 * reported is that of the fastest block of each: other load on the host
 * only ever adds time, so the minimum is the least noisy estimate of
 * the cost.  The median of the rounds' ratios is printed too.  With KVM_PPC_BENCH_MAX_RATIO
 * set, a ratio above it fails.  Prints KTAP, and a "# bench:" line for
 * the harness.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>

#define KSFT_SKIP	4
#define ROUNDS		21
#define CALLS		2000
#define KVM_VM_PPC_HV	1

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double time_check_extension(int vm_fd)
{
	double start = now_ns();
	int i;

	for (i = 0; i < CALLS; i++)
		if (ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_PPC_COMPAT_CAPS) != 1)
			return -1;
	return (now_ns() - start) / CALLS;
}

static double time_get_compat_caps(int vm_fd)
{
	double start = now_ns();
	int i;

	for (i = 0; i < CALLS; i++) {
		struct kvm_ppc_compat_caps caps = { .size = sizeof(caps) };

		if (ioctl(vm_fd, KVM_PPC_GET_COMPAT_CAPS, &caps))
			return -1;
	}
	return (now_ns() - start) / CALLS;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	double check[ROUNDS], caps[ROUNDS], ratio[ROUNDS], sum_check = 0, sum_caps = 0;
	const char *limit_env = getenv("KVM_PPC_BENCH_MAX_RATIO");
	double median, best, limit = limit_env ? atof(limit_env) : 0;
	int kvm_fd, vm_fd, i;

	printf("TAP version 13\n1..1\n");
	kvm_fd = open("/dev/kvm", O_RDWR);
	if (kvm_fd < 0) {
		printf("ok 1 cost_ratio # SKIP /dev/kvm: %s\n", strerror(errno));
		return KSFT_SKIP;
	}
	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, KVM_VM_PPC_HV);
	if (vm_fd < 0) {
		printf("ok 1 cost_ratio # SKIP no HV VM: %s\n", strerror(errno));
		return KSFT_SKIP;
	}
	if (ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_PPC_COMPAT_CAPS) != 1) {
		printf("ok 1 cost_ratio # SKIP KVM_CAP_PPC_COMPAT_CAPS is 0 on this VM\n");
		return KSFT_SKIP;
	}

	for (i = 0; i < ROUNDS; i++) {
		/* Alternate which goes first, so neither always runs warm */
		if (i % 2) {
			caps[i] = time_get_compat_caps(vm_fd);
			check[i] = time_check_extension(vm_fd);
		} else {
			check[i] = time_check_extension(vm_fd);
			caps[i] = time_get_compat_caps(vm_fd);
		}
		if (check[i] <= 0 || caps[i] <= 0) {
			printf("not ok 1 cost_ratio # an ioctl failed: %s\n", strerror(errno));
			return 1;
		}
		ratio[i] = caps[i] / check[i];
		sum_check += check[i];
		sum_caps += caps[i];
	}
	qsort(ratio, ROUNDS, sizeof(*ratio), by_value);
	median = ratio[ROUNDS / 2];
	qsort(check, ROUNDS, sizeof(*check), by_value);
	qsort(caps, ROUNDS, sizeof(*caps), by_value);
	best = caps[0] / check[0];

	printf("# %d rounds of %d calls each\n", ROUNDS, CALLS);
	printf("# KVM_CHECK_EXTENSION: fastest %.0f ns/call, mean %.0f\n",
	       check[0], sum_check / ROUNDS);
	printf("# KVM_PPC_GET_COMPAT_CAPS: fastest %.0f ns/call, mean %.0f\n",
	       caps[0], sum_caps / ROUNDS);
	printf("# ratio of the fastest blocks %.3f; of the rounds: median %.3f, min %.3f, max %.3f\n",
	       best, median, ratio[0], ratio[ROUNDS - 1]);
	printf("# bench: ratio=%.3f check_ns=%.0f caps_ns=%.0f\n", best,
	       check[0], caps[0]);
	if (limit > 0 && best > limit) {
		printf("not ok 1 cost_ratio # %.3f > %.2f\n", best, limit);
		return 1;
	}
	printf("ok 1 cost_ratio%s\n", limit > 0 ? "" : " # no limit set");
	return 0;
}
