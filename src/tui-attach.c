/*
 * Attach mode: the process's screen fills the terminal but for one status
 * line (name, state, the detach key). Every key goes to the process,
 * encoded for its modes; the terminal's size becomes the pty's. Ctrl-]
 * comes back to the table, the process still running; Ctrl-] twice
 * within TUI_DETACH_MS sends one Ctrl-]. If the process exits meanwhile,
 * the status line says so and its last screen stays until Ctrl-].
 */

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "xmalloc.h"

#define TUI_DETACH_KEY	0x1d
#define TUI_DETACH_MS	300

static void	tui_attach_draw(struct tui *);
static int	tui_attach_key(struct tui *, wint_t, bool);
static void	tui_attach_resize(struct tui *);
static void	tui_attach_leave(struct tui *);
static void	tui_attach_escape_cb(evutil_socket_t, short, void *);

const struct tui_view tui_attach_view = {
	.name = "attach",
	.draw = tui_attach_draw,
	.key = tui_attach_key,
	.resize = tui_attach_resize
};

static void
tui_attach_draw(struct tui *t)
{
	struct tui_screen	*s = t->attach;
	struct tui_proc		*p;
	char			*state, *up;
	int			 y = LINES - 1, cy, cx;

	if (s == NULL)
		return;
	attron(A_REVERSE);
	mvhline(y, 0, ' ', COLS);
	/* A running process's uptime from the table, so that it ticks. */
	p = tui_client_find(t, s->name);
	if (s->alive && p != NULL && p->state == PROC_RUNNING &&
	    p->pid != 0) {
		up = util_duration(time(NULL) > p->start ?
		    time(NULL) - p->start : 0);
		xasprintf(&state, " %s  RUNNING pid %ld, uptime %s", s->name,
		    (long)p->pid, up);
		free(up);
	} else {
		xasprintf(&state, " %s  %s%s", s->name, s->state != NULL ?
		    s->state : "attaching...", s->alive ? "" :
		    "  (not running)");
	}
	tui_text(y, 0, COLS > 40 ? COLS - 16 : COLS, state);
	free(state);
	if (COLS > 40)
		mvprintw(y, COLS - 15, "Ctrl-] detach ");
	attroff(A_REVERSE);
	tui_screen_draw(s, 0, 0, LINES - 1, COLS, false);
	getyx(stdscr, cy, cx);
	(void)cy;
	(void)cx;
}

static void
tui_attach_leave(struct tui *t)
{
	if (t->attach != NULL) {
		tui_screen_close(t->attach);
		t->attach = NULL;
	}
	t->escape = false;
	if (t->escape_ev != NULL)
		evtimer_del(t->escape_ev);
	tui_set_view(t, &tui_table_view);
	tui_table_preview(t);
	clearok(curscr, TRUE);
}

static void
tui_attach_escape_cb(evutil_socket_t fd, short events, void *arg)
{
	struct tui	*t = arg;

	if (t->escape)
		tui_attach_leave(t);
}

static int
tui_attach_key(struct tui *t, wint_t wc, bool fkey)
{
	struct timeval	 tv = { 0, TUI_DETACH_MS * 1000 };

	if (t->attach == NULL) {
		tui_attach_leave(t);
		return (TUI_HANDLED);
	}
	if (t->escape) {
		t->escape = false;
		evtimer_del(t->escape_ev);
		if (!fkey && wc == TUI_DETACH_KEY) {
			tui_screen_key(t->attach, wc, false);
			return (TUI_HANDLED);
		}
		tui_attach_leave(t);
		return (TUI_HANDLED);
	}
	if (!fkey && wc == TUI_DETACH_KEY) {
		t->escape = true;
		if (t->escape_ev == NULL)
			t->escape_ev = evtimer_new(t->base,
			    tui_attach_escape_cb, t);
		evtimer_add(t->escape_ev, &tv);
		return (TUI_HANDLED);
	}
	tui_screen_key(t->attach, wc, fkey);
	return (TUI_HANDLED);
}

static void
tui_attach_resize(struct tui *t)
{
	if (t->attach != NULL)
		tui_screen_resize(t->attach, COLS, LINES > 1 ? LINES - 1 : 1);
}
