/*
 * A writer thread for output files whose writes can hang: a regular file
 * cannot be written without blocking (O_NONBLOCK means nothing to it), and
 * on NFS, SMB or FUSE, or on a frozen or failing disk, a write may wait
 * for seconds or for ever. Such a file's bytes are handed to this thread;
 * the loop only copies them, so it never waits on the file, and when the
 * thread falls behind the streams writing it pause (logfile.c), as for a
 * FIFO whose reader is slow. The thread tells the loop what it did
 * through a pipe; everything the event log says is said from the loop.
 *
 * Which files: output_thread in the config (auto: the file systems
 * that can hang; always: every regular file; never).
 */

#include <sys/statfs.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "logfile-int.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* The least time between two event log lines about one file's trouble. */
#define LOGFILE_SAID_MS	(60 * 1000)

pthread_mutex_t logfile_lock = PTHREAD_MUTEX_INITIALIZER;

static struct {
	pthread_t		 thread;
	bool			 started;
	bool			 stop;
	bool			 running;	/* not stuck in a write */
	pthread_cond_t		 cond;		/* work, or stop */
	pthread_cond_t		 done;		/* the thread has ended */
	int			 pipe[2];	/* thread -> loop */
	struct event		*ev;
	TAILQ_HEAD(, logfile)	 work;
	TAILQ_HEAD(, logfile)	 reports;
} lt = {
	.cond = PTHREAD_COND_INITIALIZER,
	.done = PTHREAD_COND_INITIALIZER,
	.pipe = { -1, -1 },
	.work = TAILQ_HEAD_INITIALIZER(lt.work),
	.reports = TAILQ_HEAD_INITIALIZER(lt.reports)
};

static int	 logfile_thread_mode = OUTPUT_THREAD_AUTO;

static bool	 logfile_thread_start(struct event_base *);
static void	*logfile_thread_main(void *);
static void	 logfile_thread_one(struct logfile *);
static void	 logfile_thread_cb(evutil_socket_t, short, void *);
static void	 logfile_thread_said(struct logfile *, uint64_t, int, uint64_t,
		     char *);

void
logfile_thread_set(int mode)
{
	logfile_thread_mode = mode;
}

bool
logfile_thread_wanted(int fd, struct event_base *base)
{
	static const long	 hang[] = {
		0x6969,		/* NFS */
		0x517b,		/* SMB */
		0xff534d42,	/* CIFS */
		0xfe534d42,	/* SMB2 */
		0x65735546,	/* FUSE */
		0x00c36400,	/* Ceph */
		0x01021997,	/* 9P */
		0x5346414f,	/* AFS */
		0x73757245,	/* Coda */
		0x01161970,	/* GFS2 */
		0x7461636f	/* OCFS2 */
	};
	struct statfs		 fs;
	u_int			 i;
	bool			 want = false;

	if (logfile_thread_mode != OUTPUT_THREAD_AUTO)
		want = logfile_thread_mode == OUTPUT_THREAD_ALWAYS;
	else if (fstatfs(fd, &fs) == 0) {
		for (i = 0; i < sizeof hang / sizeof hang[0]; i++) {
			if ((unsigned long)fs.f_type == (unsigned long)hang[i])
				want = true;
		}
	}
	return (want && logfile_thread_start(base));
}

/* Start the thread if it is not running; false (said) if it cannot. */
static bool
logfile_thread_start(struct event_base *base)
{
	sigset_t	 all, old;
	int		 error;

	if (lt.started)
		return (true);
	if (pipe2(lt.pipe, O_CLOEXEC|O_NONBLOCK) == -1) {
		eventlog(EVL_ERROR, NULL, "output thread: pipe: %s; files are "
		    "written from the loop", strerror(errno));
		return (false);
	}
	/* Signals are the loop's: the thread takes none. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	error = pthread_create(&lt.thread, NULL, logfile_thread_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (error != 0) {
		eventlog(EVL_ERROR, NULL, "output thread: %s; files are "
		    "written from the loop", strerror(error));
		close(lt.pipe[0]);
		close(lt.pipe[1]);
		return (false);
	}
	lt.ev = event_new(base, lt.pipe[0], EV_READ|EV_PERSIST,
	    logfile_thread_cb, NULL);
	event_add(lt.ev, NULL);
	lt.started = true;
	lt.running = true;
	return (true);
}

void
logfile_thread_op(struct logfile *lf, int op)
{
	pthread_mutex_lock(&logfile_lock);
	lf->ops |= op;
	if (op & LOGFILE_OP_CLEAR)
		lf->pend_len = 0;	/* older than the clear */
	logfile_thread_queue(lf);
	pthread_mutex_unlock(&logfile_lock);
}

void
logfile_thread_queue(struct logfile *lf)
{
	if (!lf->queued) {
		lf->queued = true;
		TAILQ_INSERT_TAIL(&lt.work, lf, qentry);
		pthread_cond_signal(&lt.cond);
	}
}

bool
logfile_thread_idle(const struct logfile *lf)
{
	return (!lf->queued && !lf->busy && lf->pend_len == 0 &&
	    !lf->reported);
}

static void *
logfile_thread_main(void *arg)
{
	struct logfile	*lf;

	pthread_mutex_lock(&logfile_lock);
	for (;;) {
		while (TAILQ_EMPTY(&lt.work) && !lt.stop)
			pthread_cond_wait(&lt.cond, &logfile_lock);
		if ((lf = TAILQ_FIRST(&lt.work)) == NULL)
			break;
		TAILQ_REMOVE(&lt.work, lf, qentry);
		lf->queued = false;
		logfile_thread_one(lf);
	}
	lt.running = false;
	pthread_cond_signal(&lt.done);
	pthread_mutex_unlock(&logfile_lock);
	return (NULL);
}

/* Write what lf holds (called and returning with the lock held). */
static void
logfile_thread_one(struct logfile *lf)
{
	char		*buf, *cause = NULL, *cause2 = NULL;
	size_t		 len, size, done;
	uint64_t	 maxbytes = lf->maxbytes;
	u_int		 backups = lf->backups;
	int		 ops = lf->ops, error = 0;

	/* Take what is held; the loop fills the other buffer meanwhile. */
	buf = lf->pend;
	len = lf->pend_len;
	size = lf->pend_size;
	lf->pend = lf->work;
	lf->pend_size = lf->work_size;
	lf->pend_len = 0;
	lf->work = buf;
	lf->work_size = size;
	lf->ops = 0;
	lf->busy = true;
	pthread_mutex_unlock(&logfile_lock);

	if ((ops & LOGFILE_OP_REOPEN) && logfile_reopen_now(lf, &cause) != 0)
		ops &= ~LOGFILE_OP_CLEAR;
	if (ops & LOGFILE_OP_CLEAR) {
		if (ftruncate(lf->fd, 0) == -1)
			xasprintf(&cause, "clear %s: %s", lf->path,
			    strerror(errno));
		else
			lf->size = 0;
	}
	done = logfile_write_now(lf, buf, len, maxbytes, backups, &cause2);
	if (done < len)
		error = errno;

	pthread_mutex_lock(&logfile_lock);
	lf->busy = false;
	if (done < len) {
		lf->t_lost += len - done;
		lf->t_errno = error;
	} else if (len != 0 && lf->t_lost != 0) {
		lf->t_resumed += lf->t_lost;
		lf->t_lost = 0;
	}
	if (cause == NULL)
		cause = cause2;
	else
		free(cause2);
	if (cause != NULL) {
		free(lf->t_cause);
		lf->t_cause = cause;
	}
	if (lf->pend_len != 0 || lf->ops != 0)
		logfile_thread_queue(lf);
	if (!lf->reported) {
		lf->reported = true;
		TAILQ_INSERT_TAIL(&lt.reports, lf, rentry);
	}
	(void)write(lt.pipe[1], "", 1);
}

/* The thread did something: say it, wake streams, close what is done. */
static void
logfile_thread_cb(evutil_socket_t fd, short events, void *arg)
{
	struct logfile	*lf;
	char		 buf[256], *cause;
	uint64_t	 lost, resumed;
	int		 error;
	bool		 blocked, idle;

	while (read(fd, buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&logfile_lock);
	while ((lf = TAILQ_FIRST(&lt.reports)) != NULL) {
		TAILQ_REMOVE(&lt.reports, lf, rentry);
		lf->reported = false;
		lost = lf->t_lost;
		error = lf->t_errno;
		resumed = lf->t_resumed;
		lf->t_resumed = 0;
		cause = lf->t_cause;
		lf->t_cause = NULL;
		blocked = lf->pend_len >= LOGFILE_THREAD_HOLD;
		idle = logfile_thread_idle(lf);
		pthread_mutex_unlock(&logfile_lock);

		logfile_thread_said(lf, lost, error, resumed, cause);
		if (!blocked)
			logfile_wake(lf);
		if (lf->refs == 0 && idle)
			logfile_free(lf);
		pthread_mutex_lock(&logfile_lock);
	}
	pthread_mutex_unlock(&logfile_lock);
}

/* What the thread met, in the event log, once a minute at most. */
static void
logfile_thread_said(struct logfile *lf, uint64_t lost, int error,
    uint64_t resumed, char *cause)
{
	uint64_t	 now = util_now_ms();

	if (cause != NULL && (lf->cause_said == 0 ||
	    now - lf->cause_said >= LOGFILE_SAID_MS)) {
		eventlog(EVL_ERROR, NULL, "%s", cause);
		lf->cause_said = now;
	}
	free(cause);
	if (resumed != 0) {
		eventlog(EVL_INFO, NULL, "write %s: saving output again; %llu "
		    "bytes were lost", lf->path, (unsigned long long)resumed);
		lf->lost_said = 0;
	}
	if (lost != 0 && (lf->lost_said == 0 ||
	    now - lf->lost_said >= LOGFILE_SAID_MS)) {
		eventlog(EVL_ERROR, NULL, "write %s: %s; %llu bytes lost so "
		    "far (the screen has them); saving resumes when the file "
		    "takes writes again", lf->path, strerror(error),
		    (unsigned long long)lost);
		lf->lost_said = now;
	}
}

bool
logfile_thread_stop(void)
{
	struct timespec	 ts;
	bool		 ended;

	if (!lt.started)
		return (true);
	pthread_mutex_lock(&logfile_lock);
	lt.stop = true;
	pthread_cond_signal(&lt.cond);
	/* What is held is written first; a write that hangs is left. */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 2;
	while (lt.running) {
		if (pthread_cond_timedwait(&lt.done, &logfile_lock, &ts) ==
		    ETIMEDOUT)
			break;
	}
	ended = !lt.running;
	pthread_mutex_unlock(&logfile_lock);
	if (ended)
		pthread_join(lt.thread, NULL);
	else
		pthread_detach(lt.thread);
	event_free(lt.ev);
	close(lt.pipe[0]);
	close(lt.pipe[1]);
	lt.started = false;
	lt.stop = false;
	return (ended);
}
