// SPDX-License-Identifier: GPL-2.0
/*
 * Ask kmemleak for a scan and fail if it reports any leak.  Run last:
 * kmemleak reports only objects older than 5 s, so it waits that long
 * first.  Skips where the kernel has no kmemleak.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define KMEMLEAK	"/sys/kernel/debug/kmemleak"
#define KSFT_SKIP	4

static int command(const char *what)
{
	int fd = open(KMEMLEAK, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, what, strlen(what));
	close(fd);
	return n < 0 ? -errno : 0;
}

int main(void)
{
	char line[512];
	int leaks = 0, r;
	FILE *f;

	printf("TAP version 13\n1..1\n");
	if (access(KMEMLEAK, F_OK)) {
		printf("ok 1 no_leaks # SKIP %s: %s\n", KMEMLEAK, strerror(errno));
		return KSFT_SKIP;
	}
	sleep(6);
	/* Two scans: an object is reported once it stayed unreferenced */
	r = command("scan");
	if (!r)
		r = command("scan");
	if (r) {
		printf("not ok 1 no_leaks # scan: %s\n", strerror(-r));
		return 1;
	}
	f = fopen(KMEMLEAK, "r");
	if (!f) {
		printf("not ok 1 no_leaks # %s: %s\n", KMEMLEAK, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "unreferenced object"))
			leaks++;
		printf("# %s", line);
	}
	fclose(f);
	printf("%s 1 no_leaks # %d suspected leaks\n", leaks ? "not ok" : "ok", leaks);
	return leaks ? 1 : 0;
}
