/*
 * stdout_syslog and stderr_syslog: each line a process writes also goes
 * to the local syslog, tagged with the process name, as supervisord
 * does. syslog(3) would block the loop when the syslog daemon is slow
 * (/dev/log is a datagram socket that fills up), so the line is sent
 * from a non-blocking socket of our own, in the format syslog(3) uses:
 * a line the socket cannot take now is dropped and counted, and the
 * event log says so at most once a minute. Lines are cut at
 * OUT_SYSLOG_LINE bytes; a pty's "\r" before "\n" is dropped.
 * $TASKMASTER_SYSLOG_SOCKET names another socket than /dev/log (tests).
 */

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "taskmaster.h"
#include "xmalloc.h"

#define OUT_SYSLOG_PATH	"/dev/log"
#define OUT_SYSLOG_SAID_MS (60 * 1000)

static int	 out_syslog_fd = -1;
static uint64_t	 out_syslog_lost;
static uint64_t	 out_syslog_said;

static void	out_syslog_send(struct proc_stream *);

/* One whole line: send it, or count it lost. */
static void
out_syslog_send(struct proc_stream *st)
{
	struct sockaddr_un	 sa;
	const char		*path;
	struct tm		 tm;
	time_t			 now = time(NULL);
	char			 msg[OUT_SYSLOG_LINE + 256], when[32];
	size_t			 len = st->sl_len;
	int			 n, pri;
	uint64_t		 ms;

	if (len > 0 && st->sl_buf[len - 1] == '\r')
		len--;
	if (out_syslog_fd == -1) {
		out_syslog_fd = socket(AF_UNIX,
		    SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0);
		path = getenv("TASKMASTER_SYSLOG_SOCKET");
		if (path == NULL || *path == '\0' ||
		    strlen(path) >= sizeof sa.sun_path)
			path = OUT_SYSLOG_PATH;
		memset(&sa, 0, sizeof sa);
		sa.sun_family = AF_UNIX;
		memcpy(sa.sun_path, path, strlen(path));
		if (out_syslog_fd != -1 && connect(out_syslog_fd,
		    (struct sockaddr *)&sa, sizeof sa) == -1) {
			close(out_syslog_fd);
			out_syslog_fd = -1;
		}
	}
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%b %e %H:%M:%S", &tm);
	pri = LOG_DAEMON | (st->is_stderr ? LOG_ERR : LOG_INFO);
	n = snprintf(msg, sizeof msg, "<%d>%s %s[%ld]: %.*s", pri, when,
	    st->p->name, (long)st->p->pid, (int)len, st->sl_buf);
	if (n < 0 || (size_t)n >= sizeof msg)
		n = sizeof msg - 1;
	if (out_syslog_fd != -1 && send(out_syslog_fd, msg, n,
	    MSG_NOSIGNAL) == n)
		return;
	if (out_syslog_fd != -1 && errno != EAGAIN && errno != ENOBUFS) {
		/* The syslog daemon restarted: connect again next time. */
		close(out_syslog_fd);
		out_syslog_fd = -1;
	}
	out_syslog_lost++;
	ms = util_now_ms();
	if (out_syslog_said == 0 || ms - out_syslog_said >= OUT_SYSLOG_SAID_MS) {
		eventlog(EVL_WARN, st->p->name, "syslog: %s; %llu lines "
		    "not sent so far", strerror(errno),
		    (unsigned long long)out_syslog_lost);
		out_syslog_said = ms;
	}
}

void
out_syslog_data(struct proc_stream *st, const char *buf, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			out_syslog_send(st);
			st->sl_len = 0;
			continue;
		}
		if (st->sl_buf == NULL)
			st->sl_buf = xmalloc(OUT_SYSLOG_LINE);
		st->sl_buf[st->sl_len++] = buf[i];
		if (st->sl_len == OUT_SYSLOG_LINE) {
			out_syslog_send(st);
			st->sl_len = 0;
		}
	}
}

void
out_syslog_close(struct proc_stream *st)
{
	if (st->sl_len > 0)
		out_syslog_send(st);
	free(st->sl_buf);
	st->sl_buf = NULL;
	st->sl_len = 0;
}
