/*
 * A process's terminal screen: what it wrote, as a terminal would show it.
 *
 * Every byte a process writes goes to its output file first (proc-output.c)
 * and then here, into a libvterm screen with a scrollback ring of the lines
 * that scroll off the top. Viewers (taskmasterctl attach, the console) get a
 * full repaint when they arrive and then, at most every PANE_FRAME_MS, the
 * rows that changed: the daemon keeps the authoritative screen and clients
 * are views of it, as in tmux. A viewer's terminal therefore never sees the
 * child's own escape sequences, so it never answers the child's terminal
 * queries behind its back: libvterm answers them, through the pty.
 *
 * libvterm parses a line flood at a few tens of MB/s (every line that
 * scrolls moves the whole screen), slower than a pty delivers, so the
 * screen must never be what slows a child down. Output is appended to a
 * pending buffer and parsed in small slices by a low-priority event, which
 * runs only when no I/O is ready. While a process floods (more than
 * PANE_FLOOD_BYTES in a window of PANE_FLOOD_MS), parsing it all is both
 * impossible and useless: every PANE_SNAP_MS the pending bytes but the
 * newest PANE_SNAP_KEEP are dropped and those are parsed, so the screen
 * shows what is being written now, twenty times a second, for a few
 * hundred KB/s of parsing. Pending bytes are also capped at
 * PANE_PENDING_MAX. When the flood ends, the newest PANE_PENDING_KEEP
 * bytes are parsed at full speed and the screen shows exactly the last
 * lines written within a few tens of milliseconds. The scrollback keeps what came before the
 * flood, one line saying how many bytes were not shown, and what came
 * after; the output file has every byte.
 *
 * The screen is created with the first output, so a silent process costs
 * only this struct. Memory is bounded: the screen, the scrollback ring
 * (scrollback lines, each stored as a short string) and the pending buffer.
 */

#include <sys/ioctl.h>

#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

#include "log.h"
#include "taskmaster.h"
#include "xmalloc.h"

#define PANE_PENDING_MAX	(512 * 1024)
#define PANE_PENDING_KEEP	(64 * 1024)
#define PANE_PARSE_CHUNK	(4 * 1024)	/* parsed per idle turn */
#define PANE_FLOOD_MS		20
#define PANE_FLOOD_BYTES	(128 * 1024)
/* Typed to a child and not read yet, at most (a paste of this is fine). */
#define PANE_PTYOUT_MAX		(1024 * 1024)
#define PANE_SNAP_MS		50
#define PANE_SNAP_KEEP		(8 * 1024)
#define PANE_FRAME_MS		10
#define PANE_VIEW_BACKLOG	(1024 * 1024)	/* then repaint later */

static void	pane_open(struct pane *);
static void	pane_skip(struct pane *, size_t);
static void	pane_parse(struct pane *, size_t);
static void	pane_parse_cb(evutil_socket_t, short, void *);
static void	pane_frame_cb(evutil_socket_t, short, void *);
static void	pane_ptyout_cb(evutil_socket_t, short, void *);
static void	pane_output_cb(const char *, size_t, void *);
static void	pane_dirty(struct pane *, int, int);
static void	pane_schedule(struct pane *);
static void	pane_probe(struct pane *, VTermKey, const char *, bool *);
static int	pane_damage_cb(VTermRect, void *);
static int	pane_moverect_cb(VTermRect, VTermRect, void *);
static int	pane_movecursor_cb(VTermPos, VTermPos, int, void *);
static int	pane_settermprop_cb(VTermProp, VTermValue *, void *);
static int	pane_bell_cb(void *);
static int	pane_resize_cb(int, int, void *);
static int	pane_sb_pushline_cb(int, const VTermScreenCell *, void *);

static const VTermScreenCallbacks pane_callbacks = {
	.damage = pane_damage_cb,
	.moverect = pane_moverect_cb,
	.movecursor = pane_movecursor_cb,
	.settermprop = pane_settermprop_cb,
	.bell = pane_bell_cb,
	.resize = pane_resize_cb,
	.sb_pushline = pane_sb_pushline_cb,
	.sb_popline = NULL
};

struct pane *
pane_create(struct proc *p)
{
	struct cfg_program	*cp = p->pg->cp;
	struct pane		*pn;

	pn = xcalloc(1, sizeof *pn);
	pn->p = p;
	pn->base = p->pg->sv->base;
	pn->cols = cp->tty_cols;
	pn->rows = cp->tty_rows;
	pn->sb_max = cp->scrollback;
	pn->ptyfd = -1;
	pn->dirty_first = 1;
	pn->dirty_last = 0;
	pn->modes.cursor_visible = true;
	TAILQ_INIT(&pn->views);
	TAILQ_INIT(&pn->follows);
	return (pn);
}

/* The screen itself, made when there is something to show. */
static void
pane_open(struct pane *pn)
{
	struct supervisor	*sv = pn->p->pg->sv;

	pn->vt = vterm_new(pn->rows, pn->cols);
	vterm_set_utf8(pn->vt, 1);
	vterm_output_set_callback(pn->vt, pane_output_cb, pn);
	pn->vts = vterm_obtain_screen(pn->vt);
	vterm_screen_set_callbacks(pn->vts, &pane_callbacks, pn);
	vterm_screen_set_damage_merge(pn->vts, VTERM_DAMAGE_SCROLL);
	vterm_screen_reset(pn->vts, 1);

	pn->pending = evbuffer_new();
	pn->parse_ev = event_new(pn->base, -1, 0, pane_parse_cb, pn);
	event_priority_set(pn->parse_ev, sv->low_priority);
	pn->frame_ev = evtimer_new(pn->base, pane_frame_cb, pn);
}

void
pane_free(struct pane *pn)
{
	struct pane_view	*v;
	struct pane_follow	*f;

	while ((v = TAILQ_FIRST(&pn->views)) != NULL) {
		TAILQ_REMOVE(&pn->views, v, entry);
		v->pn = NULL;
		if (v->gone != NULL)
			v->gone(v);
	}
	while ((f = TAILQ_FIRST(&pn->follows)) != NULL) {
		TAILQ_REMOVE(&pn->follows, f, entry);
		if (f->gone != NULL)
			f->gone(f);
	}
	pane_stop(pn);
	if (pn->parse_ev != NULL)
		event_free(pn->parse_ev);
	if (pn->frame_ev != NULL)
		event_free(pn->frame_ev);
	if (pn->pending != NULL)
		evbuffer_free(pn->pending);
	if (pn->vt != NULL)
		vterm_free(pn->vt);
	pane_sb_resize(pn, 0);
	free(pn);
}

/*
 * A new run begins. What the last run left on the screen moves to the
 * scrollback under a line that marks the restart, so the history of a
 * process reads top to bottom across its runs.
 */
void
pane_start(struct pane *pn, int ptyfd)
{
	struct cfg_program	*cp = pn->p->pg->cp;
	struct tm		 tm;
	time_t			 now;
	char			 when[32];

	pane_stop(pn);
	pn->ptyfd = ptyfd;
	/* A reload may have changed scrollback: the ring follows. */
	pane_sb_resize(pn, cp->scrollback);
	/* A preview before the first run is no run: no restart marker. */
	if (pn->vt != NULL && pn->ran) {
		pane_flush(pn);
		pane_sb_screen(pn);
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		pane_sb_push(pn, xstrfmt("\033[7m--- %s restarted at %s "
		    "---\033[0m", pn->p->name, when));
		vterm_screen_reset(pn->vts, 1);
	}
	pn->ran = true;
	if (TAILQ_EMPTY(&pn->views))
		pane_reset_size(pn);
	else if (ptyfd != -1)
		pane_resize(pn, pn->cols, pn->rows);
}

void
pane_stop(struct pane *pn)
{
	if (pn->ptyout_ev != NULL) {
		event_free(pn->ptyout_ev);
		pn->ptyout_ev = NULL;
	}
	if (pn->ptyout != NULL) {
		evbuffer_free(pn->ptyout);
		pn->ptyout = NULL;
	}
	pn->ptyfd = -1;
}

void
pane_input(struct pane *pn, const char *buf, size_t len, bool crlf)
{
	struct pane_follow	*f, *f1;
	const char		*nl, *end = buf + len;
	size_t			 have;

	TAILQ_FOREACH_SAFE(f, &pn->follows, entry, f1)
		f->data(f, buf, len);

	if (pn->vt == NULL)
		pane_open(pn);
	pane_alt_scan(pn, buf, len);
	if (!crlf)
		evbuffer_add(pn->pending, buf, len);
	else {
		/* Pipes have no terminal to turn LF into CR LF: do it here. */
		while (buf < end) {
			if ((nl = memchr(buf, '\n', end - buf)) == NULL) {
				evbuffer_add(pn->pending, buf, end - buf);
				break;
			}
			evbuffer_add(pn->pending, buf, nl - buf);
			evbuffer_add(pn->pending, "\r\n", 2);
			buf = nl + 1;
		}
	}

	pane_count(pn, len);
	have = evbuffer_get_length(pn->pending);
	if (have > PANE_PENDING_MAX)
		pane_skip(pn, PANE_PENDING_KEEP);
}

void
pane_count(struct pane *pn, size_t len)
{
	uint64_t	 now = util_now_ms();

	if (now - pn->win_start >= PANE_FLOOD_MS) {
		pn->win_prev = now - pn->win_start < 2 * PANE_FLOOD_MS ?
		    pn->win_bytes : 0;
		pn->win_start = now;
		pn->win_bytes = 0;
	}
	pn->win_bytes += len;
}

bool
pane_flooding(struct pane *pn)
{
	uint64_t	 now = util_now_ms();

	return (pn->vt != NULL && now - pn->win_start < 2 * PANE_FLOOD_MS &&
	    (pn->win_bytes > PANE_FLOOD_BYTES ||
	    pn->win_prev > PANE_FLOOD_BYTES));
}

void
pane_gap(struct pane *pn, uint64_t len)
{
	if (len == 0)
		return;
	if (pn->vt == NULL)
		pane_open(pn);
	/* What was pending is older than the gap: the screen starts over. */
	pane_skip(pn, 0);
	pn->skipped += len;
	pn->resync = true;
}

/* Drop all pending bytes but the newest keep; the screen starts over. */
static void
pane_skip(struct pane *pn, size_t keep)
{
	size_t	 have = evbuffer_get_length(pn->pending);

	if (have <= keep)
		return;
	evbuffer_drain(pn->pending, have - keep);
	pn->skipped += have - keep;
	pn->resync = true;
}

void
pane_kick(struct pane *pn)
{
	if (pn->vt == NULL || evbuffer_get_length(pn->pending) == 0)
		return;
	if (!event_pending(pn->parse_ev, EV_TIMEOUT, NULL))
		event_active(pn->parse_ev, EV_TIMEOUT, 0);
}

/* Parse at most budget pending bytes into the screen. */
static void
pane_parse(struct pane *pn, size_t budget)
{
	struct evbuffer_iovec	 iov[4];
	struct evbuffer_ptr	 ptr;
	size_t			 done = 0, len;
	int			 n, i;

	if (pn->resync) {
		/*
		 * Bytes were dropped: what is on the screen is older than
		 * them. The first time in a flood, keep it in the scrollback
		 * and say what is missing (later drops only update the
		 * count); then start afresh at a line boundary.
		 */
		pn->resync = false;
		pane_sb_gap(pn);
		vterm_screen_reset(pn->vts, 1);
		ptr = evbuffer_search(pn->pending, "\n", 1, NULL);
		if (ptr.pos != -1)
			evbuffer_drain(pn->pending, ptr.pos + 1);
	}
	while (done < budget && evbuffer_get_length(pn->pending) > 0) {
		n = evbuffer_peek(pn->pending, budget - done, NULL, iov, 4);
		if (n > 4)
			n = 4;
		len = 0;
		for (i = 0; i < n; i++) {
			if (iov[i].iov_len > budget - done - len)
				iov[i].iov_len = budget - done - len;
			vterm_input_write(pn->vt, iov[i].iov_base,
			    iov[i].iov_len);
			len += iov[i].iov_len;
		}
		evbuffer_drain(pn->pending, len);
		done += len;
		if (len == 0)
			break;
	}
	vterm_screen_flush_damage(pn->vts);
	pane_schedule(pn);
}

/* Parse a slice, or during a flood a snapshot of what is written now. */
static void
pane_parse_cb(evutil_socket_t fd, short events, void *arg)
{
	struct pane	*pn = arg;
	struct timeval	 tv = { 0, PANE_SNAP_MS * 1000 };
	uint64_t	 now = util_now_ms();

	if (pane_flooding(pn)) {
		if (now - pn->last_snap >= PANE_SNAP_MS) {
			pn->last_snap = now;
			pane_skip(pn, PANE_SNAP_KEEP);
			pn->quiet = true;
			pane_parse(pn, PANE_SNAP_KEEP);
			pn->quiet = false;
		}
		event_add(pn->parse_ev, &tv);
		return;
	}
	/* A flood just ended: the newest bytes are enough to rebuild. */
	if (pn->gap != NULL)
		pane_skip(pn, PANE_PENDING_KEEP);
	pane_trim(pn);
	pane_parse(pn, PANE_PARSE_CHUNK);
	if (evbuffer_get_length(pn->pending) > 0)
		event_active(pn->parse_ev, EV_TIMEOUT, 0);
	else if (!pn->resync) {
		/* Caught up: the next flood gets a marker of its own. */
		pn->gap = NULL;
		pn->skipped = 0;
		pn->trim_seen = 0;
	}
}

void
pane_flush(struct pane *pn)
{
	proc_output_catchup(pn->p);	/* what went to the file alone */
	if (pn->vt == NULL)
		return;
	pane_trim(pn);
	while (pn->resync || evbuffer_get_length(pn->pending) > 0)
		pane_parse(pn, PANE_PENDING_MAX);
}

/* What libvterm says back to the child (terminal query replies). */
static void
pane_output_cb(const char *s, size_t len, void *arg)
{
	struct pane	*pn = arg;

	if (pn->probing) {
		if (len > sizeof pn->probe - pn->probe_len)
			len = sizeof pn->probe - pn->probe_len;
		memcpy(pn->probe + pn->probe_len, s, len);
		pn->probe_len += len;
		return;
	}
	pane_write(pn, s, len);
}

void
pane_write(struct pane *pn, const char *buf, size_t len)
{
	ssize_t	 n = 0;

	if (pn->ptyfd == -1 || len == 0)
		return;
	if (pn->ptyout == NULL || evbuffer_get_length(pn->ptyout) == 0) {
		n = write(pn->ptyfd, buf, len);
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			return;		/* the child is gone; reaping says so */
		if (n == -1)
			n = 0;
		if ((size_t)n == len)
			return;
	}
	/* The pty is full (a big paste): queue the rest, in order. */
	if (pn->ptyout != NULL &&
	    evbuffer_get_length(pn->ptyout) + (len - n) > PANE_PTYOUT_MAX) {
		/* A child that does not read: what is typed is dropped. */
		if (pn->input_dropped == 0) {
			eventlog(EVL_WARN, pn->p->name, "input dropped: the "
			    "process has not read the %u KiB already typed to "
			    "its terminal", PANE_PTYOUT_MAX / 1024);
		}
		pn->input_dropped += len - n;
		return;
	}
	if (pn->ptyout == NULL) {
		pn->ptyout = evbuffer_new();
		pn->ptyout_ev = event_new(pn->base, pn->ptyfd,
		    EV_WRITE|EV_PERSIST, pane_ptyout_cb, pn);
	}
	evbuffer_add(pn->ptyout, buf + n, len - n);
	event_add(pn->ptyout_ev, NULL);
}

static void
pane_ptyout_cb(evutil_socket_t fd, short events, void *arg)
{
	struct pane	*pn = arg;

	if (evbuffer_write(pn->ptyout, fd) == -1 && errno != EAGAIN &&
	    errno != EINTR)
		evbuffer_drain(pn->ptyout, evbuffer_get_length(pn->ptyout));
	if (evbuffer_get_length(pn->ptyout) == 0) {
		event_del(pn->ptyout_ev);
		if (pn->input_dropped != 0) {
			eventlog(EVL_INFO, pn->p->name, "input flowing again; "
			    "%zu bytes typed meanwhile were dropped",
			    pn->input_dropped);
			pn->input_dropped = 0;
		}
	}
}

void
pane_resize(struct pane *pn, u_int cols, u_int rows)
{
	struct pane_view	*v;
	struct winsize		 ws;

	if (cols < 2)
		cols = 2;
	if (rows < 2)
		rows = 2;
	if (cols > 1000)
		cols = 1000;
	if (rows > 1000)
		rows = 1000;
	if (pn->ptyfd != -1) {
		memset(&ws, 0, sizeof ws);
		ws.ws_col = cols;
		ws.ws_row = rows;
		(void)ioctl(pn->ptyfd, TIOCSWINSZ, &ws);
	}
	if (cols == pn->cols && rows == pn->rows)
		return;
	pn->cols = cols;
	pn->rows = rows;
	TAILQ_FOREACH(v, &pn->views, entry) {
		if (v->resized != NULL)
			v->resized(v);
	}
	if (pn->vt != NULL) {
		pane_flush(pn);
		vterm_set_size(pn->vt, rows, cols);
		vterm_screen_flush_damage(pn->vts);
	}
	pane_dirty(pn, 0, rows - 1);
	pane_schedule(pn);
}

void
pane_reset_size(struct pane *pn)
{
	struct cfg_program	*cp = pn->p->pg->cp;

	pane_resize(pn, cp->tty_cols, cp->tty_rows);
}

/* What keys send depends on modes only libvterm knows: ask it. */
static void
pane_probe(struct pane *pn, VTermKey key, const char *app, bool *mode)
{
	pn->probing = true;
	pn->probe_len = 0;
	vterm_keyboard_key(pn->vt, key, VTERM_MOD_NONE);
	pn->probing = false;
	*mode = (pn->probe_len == strlen(app) &&
	    memcmp(pn->probe, app, pn->probe_len) == 0);
}

void
pane_get_modes(struct pane *pn, struct pane_modes *m)
{
	*m = pn->modes;
	if (pn->vt == NULL)
		return;
	pane_probe(pn, VTERM_KEY_UP, "\033OA", &m->cursor_keys);
	pane_probe(pn, VTERM_KEY_KP_ENTER, "\033OM", &m->keypad);
	pn->probing = true;
	pn->probe_len = 0;
	vterm_keyboard_start_paste(pn->vt);
	m->paste = pn->probe_len > 0;
	vterm_keyboard_end_paste(pn->vt);
	pn->probing = false;
}

static void
pane_dirty(struct pane *pn, int first, int last)
{
	if (pn->dirty_first > pn->dirty_last) {
		pn->dirty_first = first;
		pn->dirty_last = last;
		return;
	}
	if (first < pn->dirty_first)
		pn->dirty_first = first;
	if (last > pn->dirty_last)
		pn->dirty_last = last;
}

/* Changes are sent to viewers at most every PANE_FRAME_MS. */
static void
pane_schedule(struct pane *pn)
{
	struct timeval	 tv = { 0, PANE_FRAME_MS * 1000 };

	if (TAILQ_EMPTY(&pn->views) || pn->frame_ev == NULL)
		return;
	if (pn->dirty_first > pn->dirty_last && !pn->dirty_cursor)
		return;
	if (!evtimer_pending(pn->frame_ev, NULL))
		evtimer_add(pn->frame_ev, &tv);
}

static void
pane_frame_cb(evutil_socket_t fd, short events, void *arg)
{
	struct pane		*pn = arg;
	struct pane_view	*v, *v1;
	struct evbuffer		*rows, *out;
	struct pane_modes	 m;

	pane_get_modes(pn, &m);
	rows = evbuffer_new();
	if (pn->dirty_first <= pn->dirty_last || pn->dirty_cursor)
		pane_text_rows(pn, rows, pn->dirty_first, pn->dirty_last);
	pn->dirty_first = 1;
	pn->dirty_last = 0;
	pn->dirty_cursor = false;

	out = evbuffer_new();
	TAILQ_FOREACH_SAFE(v, &pn->views, entry, v1) {
		if (v->backlog(v) > PANE_VIEW_BACKLOG) {
			v->flags |= PANE_VIEW_REPAINT;
			continue;
		}
		if (v->flags & PANE_VIEW_REPAINT) {
			/* Caught up again: the whole screen, not the rest. */
			v->flags &= ~PANE_VIEW_REPAINT;
			pane_text_modes(out, NULL, &m);
			pane_text_repaint(pn, out, &m);
		} else {
			pane_text_modes(out, &v->sent, &m);
			evbuffer_add(out, evbuffer_pullup(rows, -1),
			    evbuffer_get_length(rows));
		}
		v->sent = m;
		if (evbuffer_get_length(out) > 0)
			v->write(v, evbuffer_pullup(out, -1),
			    evbuffer_get_length(out));
		evbuffer_drain(out, evbuffer_get_length(out));
	}
	/* Someone still behind: look again in a moment. */
	TAILQ_FOREACH(v, &pn->views, entry) {
		if (v->flags & PANE_VIEW_REPAINT) {
			pn->dirty_cursor = true;
			pane_schedule(pn);
			break;
		}
	}
	evbuffer_free(rows);
	evbuffer_free(out);
}

void
pane_view_add(struct pane *pn, struct pane_view *v)
{
	struct evbuffer	*full;

	v->pn = pn;
	if (pn->vt == NULL)
		pane_open(pn);
	pane_flush(pn);
	full = evbuffer_new();
	pane_get_modes(pn, &v->sent);
	pane_text_modes(full, NULL, &v->sent);
	pane_text_repaint(pn, full, &v->sent);
	v->write(v, evbuffer_pullup(full, -1), evbuffer_get_length(full));
	evbuffer_free(full);
	TAILQ_INSERT_TAIL(&pn->views, v, entry);
}

void
pane_view_remove(struct pane *pn, struct pane_view *v)
{
	TAILQ_REMOVE(&pn->views, v, entry);
	v->pn = NULL;
}

void
pane_follow_add(struct pane *pn, struct pane_follow *f)
{
	proc_output_catchup(pn->p);	/* what came before is not for f */
	TAILQ_INSERT_TAIL(&pn->follows, f, entry);
}

void
pane_follow_remove(struct pane *pn, struct pane_follow *f)
{
	TAILQ_REMOVE(&pn->follows, f, entry);
}

/* libvterm callbacks: they only note what changed; frames draw it. */

static int
pane_damage_cb(VTermRect r, void *arg)
{
	pane_dirty(arg, r.start_row, r.end_row - 1);
	return (1);
}

static int
pane_moverect_cb(VTermRect dest, VTermRect src, void *arg)
{
	pane_dirty(arg, dest.start_row, dest.end_row - 1);
	pane_dirty(arg, src.start_row, src.end_row - 1);
	return (1);
}

static int
pane_movecursor_cb(VTermPos pos, VTermPos oldpos, int visible, void *arg)
{
	struct pane	*pn = arg;

	pn->dirty_cursor = true;
	return (1);
}

static int
pane_settermprop_cb(VTermProp prop, VTermValue *val, void *arg)
{
	struct pane	*pn = arg;

	switch (prop) {
	case VTERM_PROP_CURSORVISIBLE:
		pn->modes.cursor_visible = val->boolean;
		pn->dirty_cursor = true;
		break;
	case VTERM_PROP_ALTSCREEN:
		pn->modes.altscreen = val->boolean;
		pane_dirty(pn, 0, pn->rows - 1);
		break;
	case VTERM_PROP_MOUSE:
		pn->modes.mouse = val->number;
		break;
	default:
		break;
	}
	return (1);
}

static int
pane_bell_cb(void *arg)
{
	return (1);
}

static int
pane_resize_cb(int rows, int cols, void *arg)
{
	pane_dirty(arg, 0, rows - 1);
	return (1);
}

/* A line scrolls off the top: keep it, compactly, in the ring. */
static int
pane_sb_pushline_cb(int cols, const VTermScreenCell *cells, void *arg)
{
	struct pane	*pn = arg;

	/* Neither the alternate screen nor flood snapshots have history. */
	if (pn->modes.altscreen || pn->quiet)
		return (1);
	pane_sb_push(pn, pane_text_cells(cells, cols, true));
	return (1);
}
