/*
 * Reading what a process writes. Its pty master (or its pipes) is read
 * whenever it is readable, so a child never blocks on a full terminal;
 * every byte goes to the configured file and to the process's screen.
 * The file gets the bytes as they came, or (stamp.c) with "\n" for a
 * pty's "\r\n" and each line stamped, and is rotated by size
 * (logfile.c). On exit the stream is drained before it is closed, so
 * the last lines a process printed are never lost.
 *
 * A file that cannot take a write (a full disk, a quota, a file at
 * RLIMIT_FSIZE: EFBIG, its SIGXFSZ ignored) is never given up: what it
 * missed is counted, the event log says so once a minute at most, the
 * screen still shows everything, and the next write that succeeds
 * resumes the file, saying how much was lost. The child never notices.
 */

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listener.h"
#include "log.h"
#include "path.h"
#include "taskmaster.h"
#include "xmalloc.h"

/*
 * Bytes, and milliseconds, a callback reads at most, so one flood cannot
 * starve the loop (a console in the same loop, the socket).
 */
#define OUTPUT_BURST	(256 * 1024)
#define OUTPUT_BURST_MS	2
/* The same, by splice(2): no byte copied here, so more a turn. */
#define OUTPUT_SPLICE	(1024 * 1024)
/*
 * Bytes drained at most when closing, in the loop: all a process can have
 * left in its pipe (pipe-max-size, 1 MiB by default), not what a
 * grandchild still writing could send forever.
 */
#define OUTPUT_DRAIN	(1024 * 1024)
/* The least time between two event log lines about lost output. */
#define OUTPUT_LOST_MS	(60 * 1000)

static char	output_buf[128 * 1024];
/* What the stamper makes of output_buf, grown to stamp_room() of it. */
static char	*output_cooked;
static size_t	 output_cooked_size;

static void	proc_output_cb(evutil_socket_t, short, void *);
static void	proc_output_resume(void *);
static ssize_t	proc_output_read(struct proc_stream *, size_t, u_int);
static void	proc_output_write(struct proc_stream *, const char *, size_t);
static void	proc_output_file_write(struct proc_stream *, const char *,
		    size_t);
static const char *proc_output_path(struct proc_stream *);
static const char *proc_output_path_of(struct proc *, int);
static void	proc_output_reopen_one(struct proc *, struct proc_stream *,
		    enum cfg_out, const char *);

int
proc_output_file(enum cfg_out mode, const char *path, char **cause)
{
	int	 fd;

	if (mode != OUT_FILE)
		return (-1);
	/* Never through a link another user planted (path.c). */
	if ((fd = path_open(path, O_WRONLY|O_APPEND|O_CREAT|O_NONBLOCK, 0644,
	    0, NULL, cause)) == -1)
		return (-2);
	return (fd);
}

void
proc_output_open(struct proc *p, struct proc_stream *st, int fd, int file,
    int is_stderr)
{
	st->p = p;
	st->fd = fd;
	st->lf = file >= 0 ? logfile_get(proc_output_path_of(p, is_stderr),
	    file, p->pg->sv->base) : NULL;
	memset(&st->stamper, 0, sizeof st->stamper);
	st->is_stderr = is_stderr;
	st->sp = NULL;
	util_nonblock(fd);
	st->ev = event_new(p->pg->sv->base, fd, EV_READ|EV_PERSIST,
	    proc_output_cb, st);
	event_add(st->ev, NULL);
}

/* The path a process's stream writes to. */
static const char *
proc_output_path_of(struct proc *p, int is_stderr)
{
	struct cfg_program	*cp = p->pg->cp;

	return (is_stderr ? cp->stderr_path : cp->stdout_path);
}

/* The path of a stream's file, for messages. */
static const char *
proc_output_path(struct proc_stream *st)
{
	return (logfile_path(st->lf));
}

/* Bytes as the file wants them: line endings, stamps. */
static void
proc_output_write(struct proc_stream *st, const char *buf, size_t len)
{
	struct cfg_program	*cp = st->p->pg->cp;
	bool			 crlf, stamp;
	char			 now[STAMP_LEN + 1];
	size_t			 need;

	/* Only a pty makes "\r\n"; stderr has its own pipe. */
	crlf = cp->tty && !st->is_stderr && !cp->raw_output;
	stamp = cp->timestamps;
	if (!crlf && !stamp && !st->stamper.cr) {
		proc_output_file_write(st, buf, len);
		return;
	}
	need = stamp_room(len);
	if (need > output_cooked_size) {
		output_cooked = xreallocarray(output_cooked, 1, need);
		output_cooked_size = need;
	}
	if (stamp)
		stamp_now(now);
	len = stamp_run(&st->stamper, buf, len, crlf, stamp, now,
	    output_cooked);
	proc_output_file_write(st, output_cooked, len);
}

/* Write to the file, rotating it; count and tell what it cannot take. */
static void
proc_output_file_write(struct proc_stream *st, const char *buf, size_t len)
{
	struct cfg_program	*cp = st->p->pg->cp;
	uint64_t		 now;
	size_t			 done;
	char			*cause = NULL;

	if (len == 0)
		return;
	done = logfile_write(st->lf, buf, len, st->is_stderr ?
	    cp->stderr_maxbytes : cp->stdout_maxbytes, st->is_stderr ?
	    cp->stderr_backups : cp->stdout_backups, &cause);
	if (cause != NULL) {
		now = util_now_ms();
		if (st->rotate_said == 0 ||
		    now - st->rotate_said >= OUTPUT_LOST_MS) {
			eventlog(EVL_ERROR, st->p->name, "%s; the file grows "
			    "on", cause);
			st->rotate_said = now;
		}
		free(cause);
	}
	if (done == len) {
		if (st->lost != 0) {
			eventlog(EVL_INFO, st->p->name, "write %s: saving "
			    "output again; %llu bytes were lost",
			    proc_output_path(st), (unsigned long long)st->lost);
			st->lost = 0;
			st->lost_said = 0;
		}
		return;
	}
	if (st->lost == 0)
		st->lost_error = errno;
	st->lost += len - done;
	now = util_now_ms();
	if (st->lost_said == 0 || now - st->lost_said >= OUTPUT_LOST_MS) {
		eventlog(EVL_ERROR, st->p->name, "write %s: %s; %llu bytes "
		    "lost so far (the screen has them); saving resumes when "
		    "the file takes writes again", proc_output_path(st),
		    strerror(st->lost_error), (unsigned long long)st->lost);
		st->lost_said = now;
	}
}

void
proc_output_data(struct proc_stream *st, const char *buf, size_t len)
{
	struct cfg_program	*cp = st->p->pg->cp;

	if (st->lf != NULL)
		proc_output_write(st, buf, len);
	/* An event listener's stdout is also its half of the protocol. */
	if (!st->is_stderr && st->p->lsn != NULL)
		lsn_data(st->p, buf, len);
	/* discard drops it, screen included. */
	if ((st->is_stderr ? cp->stderr_mode : cp->stdout_mode) ==
	    OUT_DISCARD)
		return;
	/* stderr on the same pty or pipe as stdout: stdout_syslog says. */
	if (st->is_stderr ? cp->stderr_syslog : cp->stdout_syslog)
		out_syslog_data(st, buf, len);
	/* A pty turns LF into CR LF; pipes do not, the screen needs it. */
	pane_input(st->p->pn, buf, len, st->is_stderr ||
	    !st->p->pg->cp->tty);
}

/*
 * Read up to limit bytes, and for at most ms milliseconds (0: no time
 * limit, to drain a stream before closing it). Each read goes on to the
 * file and the screen at once: a pty hands about 4 KiB a read, and while
 * they are written the kernel's pty worker refills it on the other CPU.
 * Filling a bigger buffer first made each next read wait for that worker
 * (a pty flood: 115 against 160 MB/s, 5.1 against 4.4 s of CPU per GiB).
 * Returns the bytes read, 0 at end of file (EIO is how a pty master says
 * its slave side is closed), -1 when there is nothing more for now.
 */
static ssize_t
proc_output_read(struct proc_stream *st, size_t limit, u_int ms)
{
	size_t	 total = 0;
	ssize_t	 n;
	uint64_t start = util_now_ms();

	while (total < limit) {
		if (ms != 0 && total > 0 && util_now_ms() - start >= ms)
			break;
		n = read(st->fd, output_buf, sizeof output_buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return (total == 0 ? -1 : (ssize_t)total);
		if (n <= 0)
			return (0);
		proc_output_data(st, output_buf, n);
		total += n;
		/* The file's reader is behind: wait for it (ms 0: closing). */
		if (ms != 0 && st->lf != NULL && logfile_blocked(st->lf))
			break;
	}
	return (total);
}

static void
proc_output_cb(evutil_socket_t fd, short events, void *arg)
{
	struct proc_stream	*st = arg;
	ssize_t			 n;

	if ((n = proc_splice_read(st, OUTPUT_SPLICE, OUTPUT_BURST_MS)) == -2) {
		/* The screen gets what was spliced before what comes now. */
		proc_splice_feed(st);
		n = proc_output_read(st, OUTPUT_BURST, OUTPUT_BURST_MS);
	}
	if (n == 0) {
		/* Closed by the child (and all it forked): stop reading. */
		event_del(st->ev);
	} else if (st->lf != NULL && logfile_blocked(st->lf)) {
		/* Back-pressure: the process waits on its pipe, not us. */
		event_del(st->ev);
		logfile_wait(st->lf, proc_output_resume, st);
	}
	pane_kick(st->p->pn);
}

/* The file took what was pending: read the process again. */
static void
proc_output_resume(void *arg)
{
	struct proc_stream	*st = arg;

	if (st->fd != -1 && st->ev != NULL)
		event_add(st->ev, NULL);
}

void
proc_output_close(struct proc_stream *st)
{
	if (st->lf != NULL)
		logfile_unwait(st->lf, st);
	proc_splice_close(st);
	if (st->fd != -1) {
		if (st->ev != NULL && (event_pending(st->ev, EV_READ, NULL) ||
		    (st->lf != NULL && logfile_blocked(st->lf))))
			(void)proc_output_read(st, OUTPUT_DRAIN, 0);
		close(st->fd);
		st->fd = -1;
	}
	if (st->ev != NULL) {
		event_free(st->ev);
		st->ev = NULL;
	}
	out_syslog_close(st);
	if (st->lf != NULL) {
		/* A "\r" held back at the very end was a "\r" alone. */
		if (stamp_flush(&st->stamper, output_buf) != 0)
			proc_output_file_write(st, output_buf, 1);
		logfile_put(st->lf);
		st->lf = NULL;
	}
}

/* Reopen one stream's file, keeping the old one if that fails. */
static void
proc_output_reopen_one(struct proc *p, struct proc_stream *st,
    enum cfg_out mode, const char *path)
{
	char	*cause = NULL;

	if (st->lf == NULL)
		return;
	proc_splice_feed(st);
	if (logfile_reopen(st->lf, &cause) != 0) {
		eventlog(EVL_ERROR, p->name, "reopen: %s", cause);
		free(cause);
	}
}

void
proc_output_clear(struct proc *p)
{
	struct proc_stream	*st;
	char			*cause = NULL;
	int			 i;

	for (i = 0; i < 2; i++) {
		st = i == 0 ? &p->out : &p->err;
		if (st->lf == NULL)
			continue;
		proc_splice_feed(st);
		if (logfile_clear(st->lf, &cause) != 0) {
			eventlog(EVL_ERROR, p->name, "%s", cause);
			free(cause);
		}
	}
}

void
proc_output_reopen(struct proc *p)
{
	struct cfg_program	*cp = p->pg->cp;

	proc_output_reopen_one(p, &p->out, cp->stdout_mode, cp->stdout_path);
	proc_output_reopen_one(p, &p->err, cp->stderr_mode, cp->stderr_path);
}
