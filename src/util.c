/*
 * Small helpers shared by the core: the monotonic clock, durations as
 * status shows them, and fd flags.
 */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "taskmaster.h"
#include "xmalloc.h"

uint64_t
util_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

char *
util_duration(uint64_t secs)
{
	uint64_t	 days, h, m, s;

	days = secs / 86400;
	h = (secs / 3600) % 24;
	m = (secs / 60) % 60;
	s = secs % 60;
	if (days == 1)
		return (xstrfmt("1 day, %llu:%02llu:%02llu",
		    (unsigned long long)h, (unsigned long long)m,
		    (unsigned long long)s));
	if (days > 1)
		return (xstrfmt("%llu days, %llu:%02llu:%02llu",
		    (unsigned long long)days, (unsigned long long)h,
		    (unsigned long long)m, (unsigned long long)s));
	return (xstrfmt("%llu:%02llu:%02llu", (unsigned long long)h,
	    (unsigned long long)m, (unsigned long long)s));
}

int
util_nonblock(int fd)
{
	int	 flags;

	if ((flags = fcntl(fd, F_GETFL)) == -1)
		return (-1);
	return (fcntl(fd, F_SETFL, flags | O_NONBLOCK));
}

size_t
util_write_part(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	size_t		 done = 0;
	ssize_t		 n;

	while (done < len) {
		n = write(fd, p + done, len - done);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		done += n;
	}
	return (done);
}

int
util_write_all(int fd, const void *buf, size_t len)
{
	return (util_write_part(fd, buf, len) == len ? 0 : -1);
}

void
util_proc_each(void (*cb)(pid_t, const char *, void *), void *arg)
{
	DIR		*d;
	struct dirent	*de;
	FILE		*f;
	char		 path[300], buf[1024], *cp;

	if ((d = opendir("/proc")) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((u_char)de->d_name[0]))
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		if ((f = fopen(path, "re")) == NULL)
			continue;
		/* The command name may hold anything: skip past its ')'. */
		if (fgets(buf, sizeof buf, f) != NULL &&
		    (cp = strrchr(buf, ')')) != NULL)
			cb((pid_t)atol(de->d_name), cp + 1, arg);
		fclose(f);
	}
	closedir(d);
}
