/*
 * A flood on a pipe, moved to its file by the kernel. Copying every byte
 * through the daemon (read, then write) is most of what a flood costs it;
 * splice(2) moves the pipe's pages into the file instead, so a GiB costs
 * the kernel's own copy and a few thousand system calls. The screen only
 * needs what it can show: a flood is parsed as snapshots anyway (pane.c),
 * so every SPLICE_FEED_MS the newest SPLICE_FEED bytes are read back from
 * the file (from the page cache) and given to it, and the rest is a gap
 * it says it skipped. When the flood ends, the last bytes written are on
 * the screen within SPLICE_FEED_MS, and the file has every byte.
 *
 * Only a pipe (a pty master cannot be spliced), only while the stream
 * floods (below that, every byte goes through the screen, so its
 * scrollback is complete), and only when nothing else needs each byte:
 * a regular file written by the loop and by this stream alone, nothing
 * pending for it, no stamps, no syslog, nobody following it (tail -f),
 * not an event listener's half of the protocol. When the file cannot
 * take a splice (a full disk, its size limit, the rotation point), the
 * stream is read the usual way, which rotates, counts and says; a file
 * system that cannot take one at all (EINVAL) is not asked again.
 */

#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <unistd.h>

#include "eventlog.h"
#include "taskmaster.h"
#include "xmalloc.h"

#define SPLICE_FEED	(64 * 1024)	/* read back for the screen, at most */
#define SPLICE_FEED_MS	50		/* how often, while it floods */

struct proc_splice {
	int		 fd;		/* the file, the stream's own */
	u_int		 gen;		/* the file's generation it is of */
	uint64_t	 from;		/* spliced, not on the screen yet */
	uint64_t	 to;
	struct event	*ev;		/* the screen's turn */
	bool		 bad;		/* cannot: never for this run */
};

static char	splice_buf[SPLICE_FEED];

static bool	proc_splice_wanted(struct proc_stream *);
static void	proc_splice_feed_cb(evutil_socket_t, short, void *);

/* Whether this stream, now, may skip the daemon. */
static bool
proc_splice_wanted(struct proc_stream *st)
{
	struct proc		*p = st->p;
	struct cfg_program	*cp = p->pg->cp;

	if (st->lf == NULL || (cp->tty && !st->is_stderr))
		return (false);		/* no file, or a pty */
	if (cp->timestamps || st->lost != 0)
		return (false);		/* stamps; lost bytes to say first */
	if (st->is_stderr ? cp->stderr_syslog : cp->stdout_syslog)
		return (false);
	if (!st->is_stderr && p->lsn != NULL)
		return (false);
	if (st->sp != NULL && st->sp->bad)
		return (false);
	if (!TAILQ_EMPTY(&p->pn->follows))
		return (false);
	return (logfile_can_splice(st->lf) && pane_flooding(p->pn));
}

ssize_t
proc_splice_read(struct proc_stream *st, size_t limit, u_int ms)
{
	struct cfg_program	*cp = st->p->pg->cp;
	struct proc_splice	*sp;
	struct timeval		 tv = { 0, SPLICE_FEED_MS * 1000 };
	uint64_t		 start, maxbytes;
	size_t			 total = 0;
	ssize_t			 n = -1;
	off_t			 at;

	if (!proc_splice_wanted(st))
		return (-2);
	if ((sp = st->sp) == NULL) {
		sp = st->sp = xcalloc(1, sizeof *sp);
		sp->fd = -1;
		sp->ev = evtimer_new(st->p->pg->sv->base, proc_splice_feed_cb,
		    st);
		eventlog(EVL_DEBUG, st->p->name, "%s floods: spliced to %s, "
		    "the screen shows its newest bytes",
		    st->is_stderr ? "stderr" : "stdout", logfile_path(st->lf));
	}
	if (sp->fd == -1 || sp->gen != logfile_gen(st->lf)) {
		/* Rotated or reopened: what is owed is in the old file. */
		proc_splice_feed(st);
		if (sp->fd != -1)
			close(sp->fd);
		if ((sp->fd = logfile_splice_fd(st->lf, &sp->gen)) == -1) {
			/* Out of descriptors passes; anything else stays. */
			if (errno != EMFILE && errno != ENFILE)
				sp->bad = true;
			return (-2);
		}
		sp->from = sp->to = 0;
	}
	maxbytes = st->is_stderr ? cp->stderr_maxbytes : cp->stdout_maxbytes;
	start = util_now_ms();
	while (total < limit) {
		if (total > 0 && util_now_ms() - start >= ms)
			break;
		n = logfile_splice(st->lf, st->fd, sp->fd, limit - total,
		    maxbytes, &at);
		if (n == 0)
			break;		/* the pipe's end; all is in the file */
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			if (errno == EINVAL)
				sp->bad = true;	/* no splice(2) into it */
			if (errno == EAGAIN || total > 0)
				break;
			return (-2);	/* the file's trouble, or rotation */
		}
		if ((uint64_t)at != sp->to) {
			/* Somebody else moved the file's end: start anew. */
			proc_splice_feed(st);
			sp->from = sp->to = at;
		}
		sp->to += n;
		total += n;
		pane_count(st->p->pn, n);
	}
	/* The screen's turn comes even if the pipe has just ended. */
	if (sp->to != sp->from && !evtimer_pending(sp->ev, NULL))
		evtimer_add(sp->ev, &tv);
	if (n == 0)
		return (0);
	return (total == 0 ? -1 : (ssize_t)total);
}

void
proc_splice_feed(struct proc_stream *st)
{
	struct proc_splice	*sp = st->sp;
	struct pane		*pn;
	uint64_t		 len;
	size_t			 want;
	ssize_t			 n;

	if (sp == NULL || sp->to == sp->from)
		return;		/* (st->p is NULL if it never ran) */
	pn = st->p->pn;
	evtimer_del(sp->ev);
	len = sp->to - sp->from;
	want = len < sizeof splice_buf ? len : sizeof splice_buf;
	/* Still in the page cache; a file cut since gives what is left. */
	if ((n = pread(sp->fd, splice_buf, want, sp->to - want)) < 0)
		n = 0;
	sp->from = sp->to;
	pane_gap(pn, len - n);
	if (n > 0)
		pane_input(pn, splice_buf, n, true);
	pane_kick(pn);
}

static void
proc_splice_feed_cb(evutil_socket_t fd, short events, void *arg)
{
	proc_splice_feed(arg);
}

void
proc_splice_close(struct proc_stream *st)
{
	struct proc_splice	*sp = st->sp;

	if (sp == NULL)
		return;
	proc_splice_feed(st);
	event_free(sp->ev);
	if (sp->fd != -1)
		close(sp->fd);
	free(sp);
	st->sp = NULL;
}

void
proc_output_catchup(struct proc *p)
{
	proc_splice_feed(&p->out);
	proc_splice_feed(&p->err);
}
