// SPDX-License-Identifier: GPL-2.0
/*
 * Whether the debug kernel's checkers were still on at the end of the
 * run, so that a clean console means something.  Run last.
 *
 * lockdep_on: lockdep switches itself off at its first report, or when
 * it runs out of room, and says so once; a run whose lockdep went off
 * checked nothing after that point.  /proc/lockdep_stats says whether it
 * is still on (debug_locks).
 *
 * kfence_on: KFENCE enabled, and it guarded at least one allocation of
 * the run (it only checks the allocations it samples).
 *
 * kcsan_on: KCSAN enabled, and it set up at least one watchpoint (it only
 * sees the races of the accesses it watches).
 *
 * not_tainted: every WARN, BUG, oops or checker report taints the kernel.
 * Only the taint that running KUnit tests sets (TAINT_TEST) is expected.
 *
 * Each checker's case skips where the kernel does not have it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define KSFT_SKIP	4
#define TAINT_TEST	18

/* kernel/panic.c's taint_flags, bit 0 first */
static const char taint_letters[] = "PFSRMBUDAWCIOELKXTNJ";

/* The number after "<key>: " in a "key: value" file; -1 if none, -2 if no file */
static long stat_value(const char *path, const char *key)
{
	char line[256];
	size_t len = strlen(key);
	long value = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -2;
	while (fgets(line, sizeof(line), f)) {
		const char *s = line + strspn(line, " \t");

		if (!strncmp(s, key, len) && s[len] == ':' &&
		    sscanf(s + len + 1, "%ld", &value) == 1)
			break;
	}
	fclose(f);
	return value;
}

/*
 * Case n: the checker whose statistics are path is on (its key "on" is 1)
 * and did some work (its key "work", if any, is above 0).
 */
static int checker_on(int n, const char *name, const char *path,
		      const char *on, const char *work)
{
	long enabled = stat_value(path, on), done;

	if (enabled == -2) {
		printf("ok %d %s # SKIP %s: %s\n", n, name, path, strerror(errno));
		return KSFT_SKIP;
	}
	if (enabled < 0) {
		printf("not ok %d %s # no %s line in %s\n", n, name, on, path);
		return 1;
	}
	if (!work) {
		printf("%s %d %s # %s %ld\n", enabled == 1 ? "ok" : "not ok", n, name,
		       on, enabled);
		return enabled == 1 ? 0 : 1;
	}
	done = stat_value(path, work);
	printf("%s %d %s # %s %ld, %s %ld\n", enabled == 1 && done > 0 ? "ok" : "not ok",
	       n, name, on, enabled, work, done);
	return enabled == 1 && done > 0 ? 0 : 1;
}

static int not_tainted(int n)
{
	unsigned long taint, unexpected;
	char flags[64] = "";
	size_t i, len = 0;
	FILE *f = fopen("/proc/sys/kernel/tainted", "r");

	if (!f || fscanf(f, "%lu", &taint) != 1) {
		printf("not ok %d not_tainted # /proc/sys/kernel/tainted: %s\n", n,
		       f ? "unreadable" : strerror(errno));
		if (f)
			fclose(f);
		return 1;
	}
	fclose(f);
	unexpected = taint & ~(1UL << TAINT_TEST);
	for (i = 0; i < sizeof(taint_letters) - 1; i++)
		if (unexpected & (1UL << i))
			flags[len++] = taint_letters[i];
	flags[len] = '\0';
	printf("%s %d not_tainted # tainted %lu%s%s\n", unexpected ? "not ok" : "ok",
	       n, taint, len ? ", unexpected flags " : "", flags);
	return unexpected ? 1 : 0;
}

int main(void)
{
	int results[4], i, failed = 0, skipped = 0;

	printf("TAP version 13\n1..4\n");
	results[0] = checker_on(1, "lockdep_on", "/proc/lockdep_stats", "debug_locks", NULL);
	results[1] = checker_on(2, "kfence_on", "/sys/kernel/debug/kfence/stats",
				"enabled", "total allocations");
	results[2] = checker_on(3, "kcsan_on", "/sys/kernel/debug/kcsan",
				"enabled", "setup_watchpoints");
	results[3] = not_tainted(4);
	for (i = 0; i < 4; i++) {
		failed += results[i] == 1;
		skipped += results[i] == KSFT_SKIP;
	}
	if (failed)
		return 1;
	return skipped == 3 ? KSFT_SKIP : 0;
}
