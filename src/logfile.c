/*
 * Output files rotated by size, as supervisord does and with its keys,
 * but exact: a write that would take the file past its limit is split,
 * the file is rotated between the two parts, and nothing is lost or
 * written twice, so the kept files, oldest first, are the stream's
 * bytes in order. Every stream that names a path shares one struct (two
 * instances of a numprocs program, stdout and stderr to the same file),
 * so the file is rotated once, by whoever fills it.
 *
 * The files are opened by path.c's rules (never through a link another
 * user planted); rotation renames within their folder.
 *
 * A path that is not a regular file (a FIFO a log shipper reads,
 * /dev/stdout as a pipe to a container runtime, a terminal) is written
 * without blocking and never rotated. When its reader is slower than the
 * output, what it could not take waits here and the streams writing it
 * stop reading their processes until it has gone (back-pressure, as a
 * pipe gives): the processes slow down to the reader's pace, no line is
 * lost, and the daemon goes on serving everyone else. A file nobody
 * writes any more stays until its reader has taken what it holds.
 * A regular file on a file system that can hang (NFS...) is written by a
 * thread (logfile-thread.c) with the same back-pressure.
 */

#include <sys/stat.h>
#include <sys/queue.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logfile-int.h"
#include "path.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* Never blocking: on a FIFO or a pipe, EAGAIN is the reader's pace. */
#define LOGFILE_FLAGS	(O_WRONLY|O_APPEND|O_CREAT|O_NONBLOCK|O_CLOEXEC)

static TAILQ_HEAD(, logfile) logfiles = TAILQ_HEAD_INITIALIZER(logfiles);

static int	logfile_rotate(struct logfile *, u_int, char **);
static size_t	logfile_pend(struct logfile *, const char *, size_t);
static void	logfile_arm(struct logfile *);
static void	logfile_flush_cb(evutil_socket_t, short, void *);

struct logfile *
logfile_get(const char *path, int fd, struct event_base *base)
{
	struct logfile	*lf;
	struct stat	 sb;

	TAILQ_FOREACH(lf, &logfiles, entry) {
		if (strcmp(lf->path, path) == 0) {
			/* Maybe one still giving its reader what it holds. */
			close(fd);
			lf->refs++;
			return (lf);
		}
	}
	lf = xcalloc(1, sizeof *lf);
	lf->path = xstrdup(path);
	lf->fd = fd;
	lf->refs = 1;
	lf->base = base;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		lf->regular = true;
		lf->size = sb.st_size;
		lf->threaded = logfile_thread_wanted(fd, base);
	}
	TAILQ_INSERT_TAIL(&logfiles, lf, entry);
	return (lf);
}

void
logfile_put(struct logfile *lf)
{
	if (lf == NULL || --lf->refs > 0)
		return;
	/* Its reader is behind: what it holds is still the file's. */
	if (lf->threaded) {
		pthread_mutex_lock(&logfile_lock);
		if (!logfile_thread_idle(lf)) {
			pthread_mutex_unlock(&logfile_lock);
			return;		/* the thread's report frees it */
		}
		pthread_mutex_unlock(&logfile_lock);
	}
	if (lf->pend_len == 0)
		logfile_free(lf);
}

void
logfile_free(struct logfile *lf)
{
	size_t	 n;

	TAILQ_REMOVE(&logfiles, lf, entry);
	if (lf->pend_len != 0) {
		n = util_write_part(lf->fd, lf->pend, lf->pend_len);
		if (n < lf->pend_len)
			eventlog(EVL_ERROR, NULL, "write %s: %s; %zu bytes "
			    "lost when it was closed", lf->path,
			    strerror(errno), lf->pend_len - n);
	}
	if (lf->wev != NULL)
		event_free(lf->wev);
	close(lf->fd);
	free(lf->pend);
	free(lf->work);
	free(lf->t_cause);
	free(lf->waiters);
	free(lf->path);
	free(lf);
}

void
logfile_free_all(void)
{
	struct logfile	*lf, *lf1;
	bool		 ended;

	/* The thread writes what it holds first (two seconds at most). */
	ended = logfile_thread_stop();
	TAILQ_FOREACH_SAFE(lf, &logfiles, entry, lf1) {
		/* A write that hangs still uses its file: leave it. */
		if (!lf->threaded || ended)
			logfile_free(lf);
	}
}

bool
logfile_blocked(const struct logfile *lf)
{
	bool	 blocked;

	if (!lf->threaded)
		return (lf->pend_len != 0);
	pthread_mutex_lock(&logfile_lock);
	blocked = lf->pend_len >= LOGFILE_THREAD_HOLD;
	pthread_mutex_unlock(&logfile_lock);
	return (blocked);
}

void
logfile_wait(struct logfile *lf, void (*cb)(void *), void *arg)
{
	lf->waiters = xreallocarray(lf->waiters, lf->nwaiters + 1,
	    sizeof *lf->waiters);
	lf->waiters[lf->nwaiters].cb = cb;
	lf->waiters[lf->nwaiters].arg = arg;
	lf->nwaiters++;
}

void
logfile_unwait(struct logfile *lf, void *arg)
{
	u_int	 i;

	for (i = 0; i < lf->nwaiters; i++) {
		if (lf->waiters[i].arg == arg) {
			lf->waiters[i] = lf->waiters[--lf->nwaiters];
			i--;
		}
	}
}

/*
 * Keep what the file could not take, up to LOGFILE_PEND_MAX, and wait for
 * it to be writable. Returns the bytes kept.
 */
static size_t
logfile_pend(struct logfile *lf, const char *buf, size_t len)
{
	if (len > LOGFILE_PEND_MAX - lf->pend_len)
		len = LOGFILE_PEND_MAX - lf->pend_len;
	if (lf->pend_len + len > lf->pend_size) {
		lf->pend_size = lf->pend_len + len;
		lf->pend = xreallocarray(lf->pend, 1, lf->pend_size);
	}
	memcpy(lf->pend + lf->pend_len, buf, len);
	lf->pend_len += len;
	if (!lf->threaded)
		logfile_arm(lf);
	return (len);
}

/* Be told when the file is writable. */
static void
logfile_arm(struct logfile *lf)
{
	if (lf->wev == NULL)
		lf->wev = event_new(lf->base, lf->fd, EV_WRITE, logfile_flush_cb,
		    lf);
	if (!event_pending(lf->wev, EV_WRITE, NULL))
		event_add(lf->wev, NULL);
}

void
logfile_wake(struct logfile *lf)
{
	struct logfile_waiter	*w = lf->waiters;
	u_int			 i, n = lf->nwaiters;

	/* A callback may wait again: start a new list. */
	lf->waiters = NULL;
	lf->nwaiters = 0;
	for (i = 0; i < n; i++)
		w[i].cb(w[i].arg);
	free(w);
}

/* The file can take more: write what is pending, then wake the streams. */
static void
logfile_flush_cb(evutil_socket_t fd, short events, void *arg)
{
	struct logfile	*lf = arg;
	size_t		 n;

	n = util_write_part(lf->fd, lf->pend, lf->pend_len);
	memmove(lf->pend, lf->pend + n, lf->pend_len - n);
	lf->pend_len -= n;
	if (lf->pend_len != 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			event_add(lf->wev, NULL);
			return;
		}
		/* The reader is gone (EPIPE) or worse: what is held is lost. */
		eventlog(EVL_ERROR, NULL, "write %s: %s; %zu bytes lost",
		    lf->path, strerror(errno), lf->pend_len);
		lf->pend_len = 0;
	}
	if (lf->refs == 0) {
		logfile_free(lf);
		return;
	}
	if (lf->pend_size > 1024 * 1024) {
		free(lf->pend);
		lf->pend = NULL;
		lf->pend_size = 0;
	}
	logfile_wake(lf);
}

const char *
logfile_path(const struct logfile *lf)
{
	return (lf->path);
}

int
logfile_shift(const char *path, u_int backups, char **cause)
{
	char	*from, *to;
	u_int	 i;

	for (i = backups; i > 0; i--) {
		from = i == 1 ? xstrdup(path) : xstrfmt("%s.%u", path, i - 1);
		to = xstrfmt("%s.%u", path, i);
		if (rename(from, to) == -1 && errno != ENOENT) {
			xasprintf(cause, "rotate %s to %s: %s", from, to,
			    strerror(errno));
			free(from);
			free(to);
			return (-1);
		}
		free(from);
		free(to);
	}
	return (0);
}

/* The file is full: move it aside (or empty it) and start a new one. */
static int
logfile_rotate(struct logfile *lf, u_int backups, char **cause)
{
	int	 fd;

	if (backups == 0) {
		/* No backups: the file starts again. */
		if (ftruncate(lf->fd, 0) == -1) {
			xasprintf(cause, "rotate %s: %s", lf->path,
			    strerror(errno));
			return (-1);
		}
		lf->size = 0;
		return (0);
	}
	if (logfile_shift(lf->path, backups, cause) != 0)
		return (-1);
	if ((fd = path_open(lf->path, LOGFILE_FLAGS, 0644, 0, NULL,
	    cause)) == -1)
		return (-1);
	close(lf->fd);
	lf->fd = fd;
	lf->gen++;
	lf->size = 0;
	return (0);
}

size_t
logfile_write(struct logfile *lf, const void *buf, size_t len,
    uint64_t maxbytes, u_int backups, char **cause)
{
	size_t	 done;

	if (lf->threaded) {
		/* Copied for the thread; it rotates as it writes. */
		pthread_mutex_lock(&logfile_lock);
		lf->maxbytes = maxbytes;
		lf->backups = backups;
		done = logfile_pend(lf, buf, len);
		logfile_thread_queue(lf);
		pthread_mutex_unlock(&logfile_lock);
		if (done < len)
			errno = EAGAIN;
		return (done);
	}
	return (logfile_write_now(lf, buf, len, maxbytes, backups, cause));
}

size_t
logfile_write_now(struct logfile *lf, const char *buf, size_t len,
    uint64_t maxbytes, u_int backups, char **cause)
{
	const char	*p = buf;
	size_t		 done = 0, part, n;
	bool		 stuck = false;

	if (lf->pend_len != 0 && !lf->threaded) {
		/* Behind already: keep the order, the streams pause. */
		done = logfile_pend(lf, buf, len);
		if (done < len)
			errno = EAGAIN;
		return (done);
	}
	if (!lf->regular)
		maxbytes = 0;	/* rename /dev/stdout? never */
	while (done < len) {
		part = len - done;
		if (maxbytes != 0 && !stuck) {
			if (lf->size >= maxbytes) {
				if (logfile_rotate(lf, backups, cause) != 0)
					stuck = true;	/* said; write on */
				continue;
			}
			if (part > maxbytes - lf->size)
				part = maxbytes - lf->size;
		}
		n = util_write_part(lf->fd, p + done, part);
		lf->size += n;
		done += n;
		if (n < part && !lf->threaded &&
		    (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* A FIFO or a pipe whose reader is behind. */
			done += logfile_pend(lf, p + done, len - done);
			if (done < len)
				errno = EAGAIN;
			return (done);
		}
		if (n < part)
			break;		/* errno says why */
	}
	return (done);
}

int
logfile_reopen(struct logfile *lf, char **cause)
{
	if (lf->threaded) {
		/* The thread reopens it; trouble is said from its report. */
		logfile_thread_op(lf, LOGFILE_OP_REOPEN);
		return (0);
	}
	return (logfile_reopen_now(lf, cause));
}

int
logfile_reopen_now(struct logfile *lf, char **cause)
{
	struct stat	 sb;
	int		 fd;

	if ((fd = path_open(lf->path, LOGFILE_FLAGS, 0644, 0, NULL,
	    cause)) == -1)
		return (-1);
	if (lf->wev != NULL) {
		/* The pending bytes go to the new file. */
		event_free(lf->wev);
		lf->wev = NULL;
	}
	close(lf->fd);
	lf->fd = fd;
	lf->gen++;
	lf->regular = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
	lf->size = lf->regular ? sb.st_size : 0;
	if (!lf->threaded && lf->pend_len != 0)
		logfile_arm(lf);
	return (0);
}

int
logfile_clear(struct logfile *lf, char **cause)
{
	if (lf->threaded) {
		logfile_thread_op(lf, LOGFILE_OP_CLEAR);
		return (0);
	}
	if (ftruncate(lf->fd, 0) == -1) {
		xasprintf(cause, "clear %s: %s", lf->path, strerror(errno));
		return (-1);
	}
	lf->size = 0;
	return (0);
}
