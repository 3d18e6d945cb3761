/*
 * attach [--read-only] [--size COLSxROWS] NAME: become a view of a
 * process's screen. The client is sent a full repaint at once, then the
 * rows that change; what it types (MSG_INPUT) goes to the pty, its size
 * (MSG_RESIZE) becomes the pty's size, and MSG_DETACH ends it. Several
 * clients may attach at once: all see the screen, and the size follows the
 * one that attached or typed last. When the last typing client leaves, the
 * pty goes back to the configured tty_size. A read-only client never types
 * and never resizes. taskmasterctl adds --size itself.
 *
 * The process's state is sent as MSG_EVENT ("STATE description") once it
 * settles after a change, so a client can tell a restart from an exit.
 */

#include <arpa/inet.h>

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vterm.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

struct cmd_attach {
	struct cmd_ctx		*ctx;
	struct pane_view	 view;
	uint64_t		 id;		/* the process */
	char			*name;
	struct sv_listener	 listener;
	struct event		*state_ev;
};

static void		cmd_attach_write(struct pane_view *, const void *,
			    size_t);
static size_t		cmd_attach_backlog(struct pane_view *);
static void		cmd_attach_gone(struct pane_view *);
static void		cmd_attach_resized(struct pane_view *);
static void		cmd_attach_input(struct cmd_ctx *, int, const char *,
			    size_t);
static void		cmd_attach_keys(struct cmd_attach *, const char *,
			    size_t);
static void		cmd_attach_changed(struct proc *, enum proc_state,
			    void *);
static void		cmd_attach_state_cb(evutil_socket_t, short, void *);
static void		cmd_attach_detached(struct cmd_ctx *);
static void		cmd_attach_cleanup(struct cmd_ctx *);
static void		cmd_attach_leave(struct cmd_attach *);
static bool		cmd_attach_typing(struct pane *);

static void
cmd_attach_write(struct pane_view *v, const void *buf, size_t len)
{
	struct cmd_attach	*a = v->arg;

	cmd_send(a->ctx, MSG_DATA, buf, len);
}

static size_t
cmd_attach_backlog(struct pane_view *v)
{
	struct cmd_attach	*a = v->arg;

	return (cmd_backlog(a->ctx));
}

/* The process was removed (by a reload): nothing more to see. */
static void
cmd_attach_gone(struct pane_view *v)
{
	struct cmd_attach	*a = v->arg;
	const char		*msg = "STATE REMOVED removed by a reload";

	cmd_send(a->ctx, MSG_EVENT, msg, strlen(msg));
	cmd_ctx_done(a->ctx);
}

/* Tell the client the size the screen is drawn at. */
static void
cmd_attach_resized(struct pane_view *v)
{
	struct cmd_attach	*a = v->arg;
	char			 msg[64];

	snprintf(msg, sizeof msg, "SIZE %u %u", a->view.pn->cols,
	    a->view.pn->rows);
	cmd_send(a->ctx, MSG_EVENT, msg, strlen(msg));
}

/* Whether any view of the pane may type (and so owns the size). */
static bool
cmd_attach_typing(struct pane *pn)
{
	struct pane_view	*v;

	TAILQ_FOREACH(v, &pn->views, entry) {
		if (!(v->flags & PANE_VIEW_READONLY))
			return (true);
	}
	return (false);
}

/*
 * Keys from the client. Mouse reports come in SGR form (the client's
 * terminal is asked for that) and are re-encoded by libvterm the way the
 * child asked for; everything else goes to the pty as it is.
 */
static void
cmd_attach_keys(struct cmd_attach *a, const char *buf, size_t len)
{
	struct pane	*pn = a->view.pn;
	const char	*p = buf, *end = buf + len, *m;
	int		 b, x, y, n, mod;
	char		 final;

	while (p < end) {
		m = memmem(p, end - p, "\033[<", 3);
		if (m == NULL || pn->vt == NULL) {
			pane_write(pn, p, end - p);
			return;
		}
		pane_write(pn, p, m - p);
		n = 0;
		if (sscanf(m, "\033[<%d;%d;%d%c%n", &b, &x, &y, &final,
		    &n) != 4 || n == 0 || m + n > end ||
		    (final != 'M' && final != 'm')) {
			pane_write(pn, m, 3);
			p = m + 3;
			continue;
		}
		mod = 0;
		if (b & 4)
			mod |= VTERM_MOD_SHIFT;
		if (b & 8)
			mod |= VTERM_MOD_ALT;
		if (b & 16)
			mod |= VTERM_MOD_CTRL;
		vterm_mouse_move(pn->vt, y - 1, x - 1, mod);
		if (!(b & 32)) {
			if (b & 64)
				vterm_mouse_button(pn->vt, 4 + (b & 1), true,
				    mod);
			else
				vterm_mouse_button(pn->vt, (b & 3) + 1,
				    final == 'M', mod);
		}
		p = m + n;
	}
}

static void
cmd_attach_input(struct cmd_ctx *ctx, int type, const char *data,
    size_t len)
{
	struct cmd_attach	*a = ctx->data;
	struct pane		*pn = a->view.pn;
	uint16_t		 sz[2];

	if (pn == NULL)
		return;
	switch (type) {
	case MSG_INPUT:
		if (a->view.flags & PANE_VIEW_READONLY)
			return;
		/* The size follows whoever typed last. */
		if (pn->cols != a->view.cols || pn->rows != a->view.rows)
			pane_resize(pn, a->view.cols, a->view.rows);
		cmd_attach_keys(a, data, len);
		break;
	case MSG_RESIZE:
		if (len != 4)
			return;
		memcpy(sz, data, 4);
		a->view.cols = ntohs(sz[0]);
		a->view.rows = ntohs(sz[1]);
		if (!(a->view.flags & PANE_VIEW_READONLY))
			pane_resize(pn, a->view.cols, a->view.rows);
		break;
	case MSG_DETACH:
		cmd_attach_leave(a);
		cmd_ctx_done(ctx);
		break;
	}
}

/* Stop viewing; the last typing client gives the size back. */
static void
cmd_attach_leave(struct cmd_attach *a)
{
	struct pane	*pn = a->view.pn;

	if (pn == NULL)
		return;
	pane_view_remove(pn, &a->view);
	if (!cmd_attach_typing(pn))
		pane_reset_size(pn);
	eventlog((a->view.flags & PANE_VIEW_READONLY) ? EVL_DEBUG : EVL_INFO,
	    a->name, "detached");
}

static void
cmd_attach_changed(struct proc *p, enum proc_state old, void *arg)
{
	struct cmd_attach	*a = arg;

	/* A restart passes through EXITED: report where it settles. */
	if (p != NULL && p->id == a->id)
		event_active(a->state_ev, EV_TIMEOUT, 0);
}

static void
cmd_attach_state_cb(evutil_socket_t fd, short events, void *arg)
{
	struct cmd_attach	*a = arg;
	struct proc		*p;
	char			*desc, *msg;

	if ((p = sv_find_id(a->ctx->sv, a->id)) == NULL)
		return;
	if (p->state == PROC_EXITED) {
		desc = proc_status_text(p->exit_status);
		xasprintf(&msg, "STATE %s %s (%s)",
		    proc_fsm_state_name(p->state), desc, p->exit_expected ?
		    "expected" : "unexpected");
	} else {
		desc = proc_describe(p);
		xasprintf(&msg, "STATE %s %s", proc_fsm_state_name(p->state),
		    desc);
	}
	cmd_send(a->ctx, MSG_EVENT, msg, strlen(msg));
	free(msg);
	free(desc);
}

static void
cmd_attach_detached(struct cmd_ctx *ctx)
{
	cmd_attach_leave(ctx->data);
	cmd_ctx_done(ctx);
}

static void
cmd_attach_cleanup(struct cmd_ctx *ctx)
{
	struct cmd_attach	*a = ctx->data;

	cmd_attach_leave(a);
	sv_unlisten(ctx->sv, &a->listener);
	event_free(a->state_ev);
	free(a->name);
	free(a);
}

enum cmd_retval
cmd_attach_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_attach	*a;
	struct proc		*p;
	const char		*name;
	char			*cause = NULL;
	u_int			 cols = 0, rows = 0;
	bool			 ro;

	if (cmd_attach_args(argc, argv, &name, &ro, &cols, &rows,
	    &cause) != 0) {
		cmd_error(ctx, CMD_EXIT_USAGE, "%s", cause);
		free(cause);
		return (CMD_DONE);
	}
	if ((p = cmd_resolve_one(ctx, name)) == NULL)
		return (CMD_DONE);
	/* A read-only view of a stopped process shows its last screen. */
	if (!proc_alive(p) && !ro) {
		cmd_error(ctx, CMD_EXIT_FAIL, "%s: ERROR (not running: %s; "
		    "start it first)", p->name, proc_fsm_state_name(p->state));
		return (CMD_DONE);
	}
	if (ctx->send == NULL) {
		cmd_error(ctx, CMD_EXIT_FAIL, "attach needs a client");
		return (CMD_DONE);
	}

	a = xcalloc(1, sizeof *a);
	a->ctx = ctx;
	a->id = p->id;
	a->name = xstrdup(p->name);
	a->view.flags = ro ? PANE_VIEW_READONLY : 0;
	a->view.cols = cols != 0 ? cols : p->pn->cols;
	a->view.rows = rows != 0 ? rows : p->pn->rows;
	a->view.write = cmd_attach_write;
	a->view.backlog = cmd_attach_backlog;
	a->view.gone = cmd_attach_gone;
	a->view.resized = cmd_attach_resized;
	a->view.arg = a;
	a->listener.cb = cmd_attach_changed;
	a->listener.arg = a;
	a->state_ev = event_new(ctx->sv->base, -1, 0, cmd_attach_state_cb, a);
	ctx->data = a;
	ctx->cleanup = cmd_attach_cleanup;
	ctx->input = cmd_attach_input;
	ctx->detached = cmd_attach_detached;

	if (!ro)
		pane_resize(p->pn, a->view.cols, a->view.rows);
	a->view.pn = p->pn;
	cmd_attach_resized(&a->view);
	pane_view_add(p->pn, &a->view);
	sv_listen(ctx->sv, &a->listener);
	/* The client learns the state at once, then at every change. */
	event_active(a->state_ev, EV_TIMEOUT, 0);
	/* Previews come and go with the console's selection: debug only. */
	eventlog(ro ? EVL_DEBUG : EVL_INFO, p->name, "attached%s",
	    ro ? " (read-only)" : "");
	return (CMD_WAIT);
}
