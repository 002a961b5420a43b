/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's messages in an init's own output, whole lines between
 * whole lines.
 *
 * With more than one CPU, printk writing to the console on one CPU and
 * the init writing to it on another interleave a few characters at a
 * time, and neither line can be read again.  So the init takes the
 * console from printk (console loglevel 1: only KERN_EMERG, a panic, is
 * still printed directly) and prints each new record of /dev/kmsg
 * itself, as printk would have: "[    1.234567] text".  It does so only
 * at the start of a line of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define KMSG_CONSOLE_LEVEL	"1"	/* printed directly: KERN_EMERG only */

/*
 * /dev/kmsg from its end, the console taken from printk; -1, said in a
 * line that starts with @prefix, if not.
 */
static int kmsg_open(const char *prefix)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	int level = open("/proc/sys/kernel/printk", O_WRONLY);

	if (fd < 0 || level < 0 || lseek(fd, 0, SEEK_END) < 0 ||
	    write(level, KMSG_CONSOLE_LEVEL, 1) != 1) {
		printf("%skernel messages stay on the console: %s\n",
		       prefix, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	if (level >= 0)
		close(level);
	return fd;
}

/*
 * Print the next record of @fd, if there is one: 1 if there was, else 0.
 * A lost record is said in a line that starts with @prefix.
 */
static int kmsg_print(int fd, const char *prefix)
{
	char rec[8192], *text, *end;
	unsigned long long usec;
	unsigned int prio;
	ssize_t len;

	if (fd < 0)
		return 0;
	len = read(fd, rec, sizeof(rec) - 1);
	if (len < 0 && errno == EPIPE) {
		printf("%skernel messages lost: overwritten before read\n",
		       prefix);
		return 1;
	}
	if (len <= 0)
		return 0;
	rec[len] = '\0';
	text = strchr(rec, ';');
	if (!text || sscanf(rec, "%u,%*u,%llu", &prio, &usec) != 2)
		return 1;
	end = strchr(++text, '\n');
	if (end)
		*end = '\0';
	if ((prio & 7) == 0)
		return 1;	/* KERN_EMERG: printk printed it */
	printf("[%5llu.%06llu] ", usec / 1000000, usec % 1000000);
	for (; *text; text++) {
		if (!strncmp(text, "\\x0a", 4)) {	/* a line break */
			printf("\n[%5llu.%06llu] ", usec / 1000000, usec % 1000000);
			text += 3;
		} else {
			putchar(*text);
		}
	}
	putchar('\n');
	return 1;
}

/*
 * Wait up to @ms for @fd to be readable, and print a kernel message of
 * @kmsg if one comes first while @at_line_start: 1 if @fd is readable
 * (or closed), else 0.
 */
static int kmsg_poll(int fd, int kmsg, int at_line_start, int ms,
		     const char *prefix)
{
	struct pollfd pfd[2] = {
		{ .fd = fd, .events = POLLIN },
		{ .fd = at_line_start ? kmsg : -1, .events = POLLIN },
	};

	if (poll(pfd, 2, ms) <= 0)
		return 0;
	if (pfd[1].revents & POLLIN) {
		kmsg_print(kmsg, prefix);
		fflush(stdout);
	}
	return pfd[0].revents != 0;
}

/* Print every record there is now. */
static void kmsg_drain(int fd, const char *prefix)
{
	while (kmsg_print(fd, prefix))
		;
	fflush(stdout);
}
