// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_PPC_GET_COMPAT_CAPS under load and against garbage.
 *
 * concurrent: KVM_PPC_STRESS_CALLS calls (default 10^6) on one HV VM from
 * STRESS_THREADS threads while two more threads create VMs, ask them and
 * destroy them; every answer must be the first one.
 *
 * random: KVM_PPC_FUZZ_CALLS calls (default 10^5) with random sizes,
 * flags, pointers, alignments, tails and page protections, from the seed
 * KVM_PPC_FUZZ_SEED (default: from getrandom(); always printed, so a run
 * can be repeated).  A model of the documented checks predicts each
 * result; the errno must be the predicted one, the buffer must hold what
 * the interface promises (after an EFAULT on writing the answer back, any
 * byte of the struct may already hold what success writes, as with any
 * copy_to_user()), and no byte outside [ptr, ptr + size) may change.
 *
 * Prints KTAP; exit 0 if both pass, 4 if there is no HV VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>

#define KSFT_SKIP	4
#define KVM_VM_PPC_HV	1
#define STRESS_THREADS	3
#define CHURN_THREADS	2
#define CAPS_SIZE	((uint64_t)sizeof(struct kvm_ppc_compat_caps))
#define GUARD		64

static int kvm_fd;
static uint64_t answer;		/* what the first call said */

static int get_caps(int vm_fd, void *arg)
{
	return ioctl(vm_fd, KVM_PPC_GET_COMPAT_CAPS, arg) ? -errno : 0;
}

static int create_vm(void)
{
	int fd = ioctl(kvm_fd, KVM_CREATE_VM, KVM_VM_PPC_HV);

	return fd < 0 ? -errno : fd;
}

static unsigned long env_ul(const char *name, unsigned long fallback)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 0) : fallback;
}

/* concurrent */

struct worker {
	pthread_t thread;
	int vm_fd;			/* -1: churn VMs */
	unsigned long calls;
	unsigned long wrong;
	volatile bool *stop;
};

static void *stress_worker(void *arg)
{
	struct worker *w = arg;

	while (w->vm_fd >= 0 ? w->calls > 0 : !*w->stop) {
		struct kvm_ppc_compat_caps caps = { .size = CAPS_SIZE };
		int fd = w->vm_fd >= 0 ? w->vm_fd : create_vm();

		if (fd < 0 || get_caps(fd, &caps) || caps.compat_capabilities != answer)
			w->wrong++;
		if (w->vm_fd >= 0)
			w->calls--;
		else
			w->calls++;
		if (fd >= 0 && fd != w->vm_fd)
			close(fd);
	}
	return NULL;
}

static bool concurrent(int vm_fd, unsigned long calls)
{
	struct worker w[STRESS_THREADS + CHURN_THREADS];
	volatile bool stop = false;
	unsigned long wrong = 0, vms = 0;
	int i, n = STRESS_THREADS + CHURN_THREADS;
	time_t start = time(NULL);

	for (i = 0; i < n; i++) {
		w[i] = (struct worker) {
			.vm_fd = i < STRESS_THREADS ? vm_fd : -1,
			.calls = i < STRESS_THREADS ? calls / STRESS_THREADS +
				 (i == 0 ? calls % STRESS_THREADS : 0) : 0,
			.stop = &stop,
		};
		if (pthread_create(&w[i].thread, NULL, stress_worker, &w[i])) {
			printf("# pthread_create failed\n");
			return false;
		}
	}
	for (i = 0; i < STRESS_THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		wrong += w[i].wrong;
	}
	stop = true;
	for (; i < n; i++) {
		pthread_join(w[i].thread, NULL);
		wrong += w[i].wrong;
		vms += w[i].calls;
	}
	printf("# concurrent: %lu calls from %d threads on one VM, %lu VMs created and destroyed by %d more, %ld s, %lu wrong answers\n",
	       calls, STRESS_THREADS, vms, CHURN_THREADS, (long)(time(NULL) - start), wrong);
	return !wrong && vms > 0;
}

/* random */

static uint64_t rng;

static uint64_t next(void)
{
	/* xorshift64*: small, fast, and the same everywhere for a seed */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static uint64_t below(uint64_t n)
{
	return next() % n;
}

/*
 * Three pages: A read-write, B read-write, read-only or inaccessible, C
 * inaccessible.  Pointers fall near the boundaries, where faults happen.
 */
struct region {
	unsigned char *base;
	size_t page;
	int prot_b;
};

static bool readable(const struct region *r, const unsigned char *p, uint64_t len)
{
	uint64_t i;

	for (i = 0; i < len; i++) {
		size_t off = p + i - r->base;

		if (p + i < r->base || off >= 2 * r->page)
			return false;
		if (off >= r->page && r->prot_b == PROT_NONE)
			return false;
	}
	return true;
}

static bool writable(const struct region *r, const unsigned char *p, uint64_t len)
{
	return readable(r, p, len) &&
	       (r->prot_b == (PROT_READ | PROT_WRITE) ||
		(size_t)(p + len - r->base) <= r->page);
}

static bool zero(const unsigned char *p, uint64_t len)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

/* What the documented checks say this call must do; *rewrites_size on E2BIG */
static int model(const struct region *r, unsigned char *p, bool hv,
		 bool *rewrites_size)
{
	uint64_t size, flags;

	*rewrites_size = false;
	if (!p || !readable(r, p, 8))
		return -EFAULT;
	memcpy(&size, p, 8);
	if (size > r->page)
		return -E2BIG;
	if (size < CAPS_SIZE)
		return -EINVAL;
	if (size > CAPS_SIZE) {
		/*
		 * The tail is scanned in order: the first non-zero byte or
		 * the first byte that cannot be read decides.
		 */
		uint64_t i;

		for (i = CAPS_SIZE; i < size; i++) {
			if (!readable(r, p + i, 1))
				return -EFAULT;
			if (p[i])
				break;
		}
		if (i < size) {
			if (!writable(r, p, 8))
				return -EFAULT;
			*rewrites_size = true;
			return -E2BIG;
		}
	}
	if (!readable(r, p, CAPS_SIZE))
		return -EFAULT;
	memcpy(&flags, p + 8, 8);
	if (flags)
		return -EINVAL;
	if (!hv)
		return -ENOTTY;
	if (!writable(r, p, size))
		return -EFAULT;
	return 0;
}

static const uint64_t sizes[] = { 0, 1, 7, 8, 16, 23, 24, 24, 24, 25, 31, 32,
				  40, 64, 4096 };

static uint64_t random_size(size_t page)
{
	switch (below(8)) {
	case 0: return page - below(2);
	case 1: return page + 1 + below(2);
	case 2: return next();
	case 3: return below(200);
	default: return sizes[below(sizeof(sizes) / sizeof(sizes[0]))];
	}
}

static unsigned char *random_pointer(struct region *r)
{
	switch (below(10)) {
	case 0: return NULL;
	case 1: return r->base + 2 * r->page - below(48);	/* into C */
	case 2: case 3: return r->base + r->page - below(48);	/* into B */
	case 4: return r->base + below(2 * r->page - 8);	/* anywhere */
	default: return r->base + below(256);			/* in A */
	}
}

/*
 * The bytes a check compares before and after a call: the struct and
 * guards around it, and guards after the user's size.
 */
struct window {
	unsigned char *start;
	size_t len;
	unsigned char before[CAPS_SIZE + 2 * GUARD];
};

static void snapshot(struct window *w, const struct region *r,
		     unsigned char *from, unsigned char *to)
{
	unsigned char *lo = from < r->base ? r->base : from;
	unsigned char *hi = to > r->base + 2 * r->page ? r->base + 2 * r->page : to;

	w->start = lo;
	w->len = hi > lo ? hi - lo : 0;
	memcpy(w->before, lo, w->len);
}

/* Whether the window's bytes outside [p, p + size) are as they were */
static bool outside_unchanged(const struct window *w, unsigned char *p, uint64_t size)
{
	size_t i;

	for (i = 0; i < w->len; i++) {
		unsigned char *b = w->start + i;

		if ((b < p || (uint64_t)(b - p) >= size) && *b != w->before[i])
			return false;
	}
	return true;
}

static bool random_calls(int vm_fd, unsigned long calls, uint64_t seed)
{
	static const int prots[] = { PROT_READ | PROT_WRITE, PROT_READ, PROT_NONE };
	struct region r = { .page = getpagesize() };
	unsigned long i, bad = 0, outcome[5] = { 0 };

	r.base = mmap(NULL, 3 * r.page, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r.base == MAP_FAILED || mprotect(r.base + 2 * r.page, r.page, PROT_NONE)) {
		printf("# cannot set up the buffers\n");
		return false;
	}
	rng = seed;

	/* Between calls, pages A and B are read-write and all zero */
	for (i = 0; i < calls && bad < 10; i++) {
		unsigned char *p = random_pointer(&r);
		uint64_t size = random_size(r.page);
		uint64_t flags = below(4) ? 0 : 1ull << below(64);
		struct window head, tail;
		bool rewrites_size, ok = true;
		size_t at = 0;
		int want, got, prot;

		r.prot_b = PROT_READ | PROT_WRITE;
		if (p && readable(&r, p, 8))
			memcpy(p, &size, 8);
		if (p && readable(&r, p + 8, 8))
			memcpy(p + 8, &flags, 8);
		if (p && readable(&r, p + 16, 8))
			memset(p + 16, 0xa5, 8);
		/* Sometimes one non-zero byte in the tail past the kernel's struct */
		if (p && size > CAPS_SIZE && size <= r.page && !below(3)) {
			at = CAPS_SIZE + below(size - CAPS_SIZE);
			if (readable(&r, p + at, 1))
				p[at] = 1 + below(255);
			else
				at = 0;
		}
		if (p) {
			snapshot(&head, &r, p - GUARD, p + CAPS_SIZE + GUARD);
			snapshot(&tail, &r, size < 2 * r.page ? p + size : p,
				 size < 2 * r.page ? p + size + GUARD : p);
		}

		prot = prots[below(3)];
		r.prot_b = prot;
		mprotect(r.base + r.page, r.page, prot);
		want = model(&r, p, true, &rewrites_size);
		got = get_caps(vm_fd, p);
		r.prot_b = PROT_READ | PROT_WRITE;
		mprotect(r.base + r.page, r.page, r.prot_b);

		if (got != want) {
			printf("# call %lu: ptr %+ld size %#" PRIx64 " flags %#" PRIx64
			       " page B prot %d: %s, expected %s\n",
			       i, p ? (long)(p - r.base) : -1L, size, flags, prot,
			       strerror(-got), strerror(-want));
			ok = false;
		} else if (p && (!outside_unchanged(&head, p, size) ||
				 !outside_unchanged(&tail, p, size))) {
			printf("# call %lu: a byte outside [ptr, ptr + size) changed\n", i);
			ok = false;
		} else if (!got) {
			struct kvm_ppc_compat_caps caps;

			memcpy(&caps, p, CAPS_SIZE);
			if (caps.size != CAPS_SIZE || caps.flags ||
			    caps.compat_capabilities != answer ||
			    !zero(p + CAPS_SIZE, size - CAPS_SIZE)) {
				printf("# call %lu: success, but the struct holds %#llx %#llx %#llx\n",
				       i, (unsigned long long)caps.size,
				       (unsigned long long)caps.flags,
				       (unsigned long long)caps.compat_capabilities);
				ok = false;
			}
		} else if (p && readable(&r, p, CAPS_SIZE) && got == -EFAULT &&
			   readable(&r, p, size)) {
			/*
			 * The struct was read but could not all be written:
			 * copy_struct_to_user() may have written the part
			 * before the fault, with what success writes.
			 */
			struct kvm_ppc_compat_caps success = {
				.size = CAPS_SIZE, .compat_capabilities = answer,
			};
			const unsigned char *was = head.before + (p - head.start);
			size_t b;

			for (b = 0; b < CAPS_SIZE; b++) {
				if (p[b] != was[b] && p[b] != ((unsigned char *)&success)[b]) {
					printf("# call %lu: failed with %s but wrote byte %zu, %#x\n",
					       i, strerror(-got), b, p[b]);
					ok = false;
					break;
				}
			}
		} else if (p && readable(&r, p, CAPS_SIZE)) {
			/* Failure: the struct as it was, but for E2BIG's size */
			uint64_t now_size;

			memcpy(&now_size, p, 8);
			if (memcmp(p + 8, head.before + (p - head.start) + 8, CAPS_SIZE - 8) ||
			    now_size != (rewrites_size ? CAPS_SIZE : size) ||
			    (at && !p[at])) {
				printf("# call %lu: failed with %s but changed the struct\n",
				       i, strerror(-got));
				ok = false;
			}
		}
		bad += !ok;
		outcome[got == 0 ? 0 : got == -EFAULT ? 1 : got == -EINVAL ? 2 :
			got == -E2BIG ? 3 : 4]++;

		/* All zero again */
		if (p) {
			memset(head.start, 0, head.len);
			memset(tail.start, 0, tail.len);
			if (at)
				p[at] = 0;
			if (!got)
				memset(p, 0, size < 2 * r.page ? size : 0);
		}
	}
	printf("# random: seed %#" PRIx64 ", %lu calls: %lu succeeded, %lu EFAULT, %lu EINVAL, %lu E2BIG, %lu other; %lu wrong\n",
	       seed, i, outcome[0], outcome[1], outcome[2], outcome[3], outcome[4], bad);
	munmap(r.base, 3 * r.page);
	return !bad && i == calls && !outcome[4];
}

int main(void)
{
	unsigned long stress_calls = env_ul("KVM_PPC_STRESS_CALLS", 1000000);
	unsigned long fuzz_calls = env_ul("KVM_PPC_FUZZ_CALLS", 100000);
	uint64_t seed = env_ul("KVM_PPC_FUZZ_SEED", 0);
	struct kvm_ppc_compat_caps caps = { .size = CAPS_SIZE };
	int vm_fd;
	bool ok;

	printf("TAP version 13\n1..2\n");
	/* The kernel's entropy, so that machines booted together differ */
	if (!seed && getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
		seed = (uint64_t)time(NULL) * 2654435761u ^ getpid();
	if (!seed)
		seed = 1;
	kvm_fd = open("/dev/kvm", O_RDWR);
	vm_fd = kvm_fd < 0 ? -1 : create_vm();
	if (vm_fd < 0 || get_caps(vm_fd, &caps)) {
		printf("ok 1 concurrent # SKIP no HV VM that answers\n");
		printf("ok 2 random # SKIP no HV VM that answers\n");
		return KSFT_SKIP;
	}
	answer = caps.compat_capabilities;
	printf("# answer %#" PRIx64 "; KVM_PPC_FUZZ_SEED=%#" PRIx64 " repeats the random calls\n",
	       answer, seed);
	fflush(stdout);

	ok = concurrent(vm_fd, stress_calls);
	printf("%s 1 concurrent\n", ok ? "ok" : "not ok");
	fflush(stdout);
	if (!random_calls(vm_fd, fuzz_calls, seed)) {
		printf("not ok 2 random\n");
		return 1;
	}
	printf("ok 2 random\n");
	return ok ? 0 : 1;
}
