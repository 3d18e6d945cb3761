/*
 * The event log (SPEC section 9): one line per event for the user, with
 * a timestamp, a level and the process or subsystem it is about. It goes
 * to a file (reopened on SIGUSR1 for logrotate) or to stderr with -n.
 * Writes are whole lines with O_APPEND, so several writers never mix.
 * The file is rotated by size (logfile_maxbytes, logfile_backups) between
 * two lines, so a line is never split across two files.
 */

#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "eventlog-int.h"
#include "logfile.h"
#include "path.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* The file (or stderr), and stderr too with -n and a file. */
static struct evl_sink eventlog_out = { .fd = -1 };
static struct evl_sink eventlog_tee_out = { .fd = -1 };
static struct event_base *eventlog_evbase;
static bool	 eventlog_regular;	/* the file can be rotated */
static bool	 eventlog_tee;
static enum evl_level eventlog_min = EVL_INFO;
static char	*eventlog_file;
static uint64_t	 eventlog_size;		/* bytes in the file */
static uint64_t	 eventlog_maxbytes;	/* 0: never rotate */
static u_int	 eventlog_backups;
static bool	 eventlog_rotating;
static TAILQ_HEAD(, eventlog_hook) eventlog_hooks =
    TAILQ_HEAD_INITIALIZER(eventlog_hooks);

/* The newest lines, for a console that opens late. */
#define EVENTLOG_RECENT	200
static char	*eventlog_ring[EVENTLOG_RECENT];
static u_int	 eventlog_next;

static const char *eventlog_levels[] = { "DEBUG", "INFO", "WARN", "ERROR" };

int
eventlog_open(const char *path, char **cause)
{
	struct stat	 st;
	off_t		 end;
	int		 fd;

	if (path == NULL) {
		eventlog_close();
		evl_sink_open(&eventlog_out, STDERR_FILENO, false);
		evl_sink_base(&eventlog_out, eventlog_evbase);
		return (0);
	}
	/* A pipe or FIFO is not rotated: reopening it would lose lines. */
	if (eventlog_file != NULL && strcmp(path, eventlog_file) == 0 &&
	    eventlog_out.queued)
		return (0);
	/* Never through a link another user planted (path.c). */
	if ((fd = path_open(path, O_WRONLY|O_APPEND|O_CREAT, 0644, 0, NULL,
	    cause)) == -1)
		return (-1);
	eventlog_close();
	eventlog_regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	evl_sink_open(&eventlog_out, fd, true);
	evl_sink_base(&eventlog_out, eventlog_evbase);
	eventlog_file = xstrdup(path);
	end = eventlog_regular ? lseek(fd, 0, SEEK_END) : 0;
	eventlog_size = end > 0 ? (uint64_t)end : 0;
	return (0);
}

void
eventlog_base(struct event_base *base)
{
	eventlog_evbase = base;
	evl_sink_base(&eventlog_out, base);
	evl_sink_base(&eventlog_tee_out, base);
}

void
eventlog_limits(uint64_t maxbytes, u_int backups)
{
	eventlog_maxbytes = maxbytes;
	eventlog_backups = backups;
}

/* The file is full: rotate it (or empty it) before the next line. */
static void
eventlog_rotate(void)
{
	char	*cause = NULL, *path;
	int	 rc = 0;

	if (eventlog_backups == 0) {
		if (ftruncate(eventlog_out.fd, 0) == -1)
			xasprintf(&cause, "rotate %s: %s", eventlog_file,
			    strerror(errno));
		else
			eventlog_size = 0;
	} else if ((rc = logfile_shift(eventlog_file, eventlog_backups,
	    &cause)) == 0) {
		path = xstrdup(eventlog_file);
		rc = eventlog_open(path, &cause);
		free(path);
	}
	if (cause != NULL) {
		/* Said in the old file, which grows on; tried again later. */
		eventlog_rotating = true;
		eventlog(EVL_ERROR, NULL, "event log: %s", cause);
		eventlog_rotating = false;
		free(cause);
		eventlog_size = 0;
	}
}

int
eventlog_reopen(char **cause)
{
	char	*path;
	int	 rc;

	if (eventlog_file == NULL)
		return (0);
	path = xstrdup(eventlog_file);
	rc = eventlog_open(path, cause);
	free(path);
	return (rc);
}

void
eventlog_level(enum evl_level min)
{
	eventlog_min = min;
}

void
eventlog_stderr(bool on)
{
	if (eventlog_tee_out.fd != -1)
		evl_sink_close(&eventlog_tee_out, false);
	eventlog_tee = on;
	if (on) {
		evl_sink_open(&eventlog_tee_out, STDERR_FILENO, false);
		evl_sink_base(&eventlog_tee_out, eventlog_evbase);
	}
}

void
eventlog_recent(void (*cb)(const char *, void *), void *arg)
{
	u_int	 i, k;

	for (i = 0; i < EVENTLOG_RECENT; i++) {
		k = (eventlog_next + i) % EVENTLOG_RECENT;
		if (eventlog_ring[k] != NULL)
			cb(eventlog_ring[k], arg);
	}
}

void
eventlog_close(void)
{
	evl_sink_close(&eventlog_out, false);
	eventlog_regular = false;
	free(eventlog_file);
	eventlog_file = NULL;
}

void
eventlog_free(void)
{
	u_int	 i;

	/* At exit: the last lines get a moment to reach a slow reader. */
	evl_sink_close(&eventlog_out, true);
	evl_sink_close(&eventlog_tee_out, true);
	eventlog_tee = false;
	eventlog_close();
	for (i = 0; i < EVENTLOG_RECENT; i++) {
		free(eventlog_ring[i]);
		eventlog_ring[i] = NULL;
	}
}

const char *
eventlog_path(void)
{
	return (eventlog_file);
}

void
eventlog_hook_add(struct eventlog_hook *h)
{
	TAILQ_INSERT_TAIL(&eventlog_hooks, h, entry);
}

void
eventlog_hook_remove(struct eventlog_hook *h)
{
	TAILQ_REMOVE(&eventlog_hooks, h, entry);
}

void
eventlog(enum evl_level level, const char *subject, const char *fmt, ...)
{
	struct timeval	 tv;
	struct tm	 tm;
	struct eventlog_hook	*h, *h1;
	char		 when[32], *msg, *line;
	va_list		 ap;
	int		 len;

	if (level < eventlog_min)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	len = xasprintf(&line, "%s.%03ld %s %s %s\n", when,
	    (long)tv.tv_usec / 1000, eventlog_levels[level],
	    subject != NULL ? subject : "taskmaster", msg);
	if (eventlog_regular && eventlog_maxbytes != 0 && eventlog_size != 0 &&
	    !eventlog_rotating && eventlog_size + len > eventlog_maxbytes)
		eventlog_rotate();
	if (eventlog_out.fd != -1) {
		evl_sink_write(&eventlog_out, line, len);
		eventlog_size += len;
	}
	if (eventlog_tee)
		evl_sink_write(&eventlog_tee_out, line, len);
	line[len - 1] = '\0';
	free(eventlog_ring[eventlog_next]);
	eventlog_ring[eventlog_next] = xstrdup(line);
	eventlog_next = (eventlog_next + 1) % EVENTLOG_RECENT;
	TAILQ_FOREACH_SAFE(h, &eventlog_hooks, entry, h1)
		h->cb(line, h->arg);
	free(line);
	free(msg);
}
