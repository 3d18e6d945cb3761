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

/* The decimal digits of v at buf, no NUL; returns how many. */
size_t
util_utoa(uint64_t v, char *buf)
{
	char	 tmp[20];
	size_t	 n = 0, i;

	do
		tmp[n++] = '0' + v % 10;
	while ((v /= 10) != 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return (n);
}

/*
 * Seconds as status shows them, written without printf: status formats
 * one for every running process.
 */
size_t
util_duration_buf(uint64_t secs, char *buf)
{
	uint64_t	 days = secs / 86400, h, m, s;
	size_t		 n = 0;

	h = (secs / 3600) % 24;
	m = (secs / 60) % 60;
	s = secs % 60;
	if (days > 0) {
		n = util_utoa(days, buf);
		memcpy(buf + n, days == 1 ? " day, " : " days, ",
		    days == 1 ? 6 : 7);
		n += days == 1 ? 6 : 7;
	}
	n += util_utoa(h, buf + n);
	buf[n++] = ':';
	buf[n++] = '0' + m / 10;
	buf[n++] = '0' + m % 10;
	buf[n++] = ':';
	buf[n++] = '0' + s / 10;
	buf[n++] = '0' + s % 10;
	buf[n] = '\0';
	return (n);
}

char *
util_duration(uint64_t secs)
{
	char	 buf[UTIL_DURATION_MAX];

	util_duration_buf(secs, buf);
	return (xstrdup(buf));
}

int
util_nonblock(int fd)
{
	int	 flags;

	if ((flags = fcntl(fd, F_GETFL)) == -1)
		return (-1);
	return (fcntl(fd, F_SETFL, flags | O_NONBLOCK));
}

int
util_reopen(int fd, int flags)
{
	char	 path[64];

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return (open(path, flags));
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

size_t
util_read_all(int fd, char *buf, size_t size)
{
	size_t	 len = 0;
	ssize_t	 n;

	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	return (len);
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
