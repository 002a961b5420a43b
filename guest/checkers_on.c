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
 * not_tainted: every WARN, BUG, oops or lockdep report taints the kernel.
 * Only the taint that running KUnit tests sets (TAINT_TEST) is expected.
 *
 * Skips where the kernel has no lockdep.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define KSFT_SKIP	4
#define TAINT_TEST	18

/* kernel/panic.c's taint_flags, bit 0 first */
static const char taint_letters[] = "PFSRMBUDAWCIOELKXTNJ";

static int lockdep_on(void)
{
	char line[256];
	int on = -1;
	FILE *f = fopen("/proc/lockdep_stats", "r");

	if (!f) {
		printf("ok 1 lockdep_on # SKIP /proc/lockdep_stats: %s\n", strerror(errno));
		return KSFT_SKIP;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " debug_locks: %d", &on) == 1)
			break;
	fclose(f);
	if (on < 0) {
		printf("not ok 1 lockdep_on # no debug_locks line in /proc/lockdep_stats\n");
		return 1;
	}
	printf("%s 1 lockdep_on # debug_locks %d\n", on == 1 ? "ok" : "not ok", on);
	return on == 1 ? 0 : 1;
}

static int not_tainted(void)
{
	unsigned long taint, unexpected;
	char flags[64] = "";
	size_t i, n = 0;
	FILE *f = fopen("/proc/sys/kernel/tainted", "r");

	if (!f || fscanf(f, "%lu", &taint) != 1) {
		printf("not ok 2 not_tainted # /proc/sys/kernel/tainted: %s\n",
		       f ? "unreadable" : strerror(errno));
		if (f)
			fclose(f);
		return 1;
	}
	fclose(f);
	unexpected = taint & ~(1UL << TAINT_TEST);
	for (i = 0; i < sizeof(taint_letters) - 1; i++)
		if (unexpected & (1UL << i))
			flags[n++] = taint_letters[i];
	flags[n] = '\0';
	printf("%s 2 not_tainted # tainted %lu%s%s\n", unexpected ? "not ok" : "ok",
	       taint, n ? ", unexpected flags " : "", flags);
	return unexpected ? 1 : 0;
}

int main(void)
{
	int lockdep, taint;

	printf("TAP version 13\n1..2\n");
	lockdep = lockdep_on();
	taint = not_tainted();
	if (lockdep == 1 || taint)
		return 1;
	return lockdep;
}
