/*
 * The console: curses set-up and teardown, coalesced redraws, the message
 * line and colours. Keys are tui-key.c's, the terminal's signals
 * tui-signal.c's, the daemon's messages tui-client.c's.
 *
 * Drawing only marks the screen dirty; one timer of TUI_FRAME_MS redraws
 * everything, so a flood of state changes or screen updates costs one
 * redraw per frame. The terminal is put back on every way out: tui_stop is
 * safe to call twice and is called from every exit path of the programs
 * that use it.
 */

#include <sys/ioctl.h>

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"
#include "tui.h"
#include "utf8.h"
#include "xmalloc.h"

#define TUI_FRAME_MS	15

static void	tui_redraw_cb(evutil_socket_t, short, void *);
static void	tui_tick_cb(evutil_socket_t, short, void *);
static void	tui_draw(struct tui *);
static const char *const *tui_names(void *);
static void	tui_fail(void);

int
tui_start(struct tui *t, struct event_base *base, struct bufferevent *bev,
    int flags, char **cause)
{
	struct timeval	 tv = { 1, 0 };
	const char	*nc;

	t->bev = bev;	/* tui_free frees it, also when this fails */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup("the console needs a terminal");
		return (-1);
	}
	setlocale(LC_ALL, "");
	t->base = base;
	t->flags = flags;
	t->next_id = 1;
	t->view = &tui_table_view;

	t->hist = history_create(HISTORY_MAX);
	if ((t->histpath = history_default_path()) != NULL) {
		if (history_load(t->hist, t->histpath, cause) != 0) {
			tui_message(t, true, "history: %s", *cause);
			free(*cause);
			*cause = NULL;
		}
	}
	t->prompt = prompt_create(t->hist);
	prompt_set_names(t->prompt, tui_names, t);
	t->filter_prompt = prompt_create(NULL);

	/* Keys must reach us at once, and Esc must not wait long. */
	ESCDELAY = 25;
	if (newterm(NULL, stdout, stdin) == NULL) {
		*cause = xstrfmt("cannot use terminal type \"%s\"",
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		return (-1);
	}
	t->flags |= TUI_STARTED;
	xmalloc_atfail(tui_fail);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	tui_key_init();
	nc = getenv("NO_COLOR");
	if (has_colors() && (nc == NULL || *nc == '\0')) {
		start_color();
		use_default_colors();
		t->flags |= TUI_COLOUR;
	}

	bufferevent_setcb(t->bev, tui_client_read_cb, NULL,
	    tui_client_event_cb, t);
	bufferevent_enable(t->bev, EV_READ|EV_WRITE);

	t->stdin_ev = event_new(base, STDIN_FILENO, EV_READ|EV_PERSIST,
	    tui_key_stdin_cb, t);
	event_add(t->stdin_ev, NULL);
	t->redraw_ev = evtimer_new(base, tui_redraw_cb, t);
	t->tick_ev = event_new(base, -1, EV_PERSIST, tui_tick_cb, t);
	event_add(t->tick_ev, &tv);
	tui_signal_start(t);

	{
		char	*argv[] = { (char *)"subscribe", NULL };

		t->sub_id = tui_client_send(t, 1, argv);
	}
	tui_redraw(t);
	return (0);
}

void
tui_stop(struct tui *t)
{
	if (!(t->flags & TUI_STARTED))
		return;
	t->flags &= ~TUI_STARTED;
	xmalloc_atfail(NULL);
	curs_set(1);
	endwin();
}

/* Out of memory: the terminal is given back before the abort. */
static void
tui_fail(void)
{
	curs_set(1);
	endwin();
}

void
tui_free(struct tui *t)
{
	struct tui_cmd	*c;
	u_int		 i;

	tui_stop(t);
	if (t->histpath != NULL && t->hist != NULL) {
		char	*cause = NULL;

		if (history_save(t->hist, t->histpath, &cause) != 0) {
			fprintf(stderr, "%s: history: %s\n",
			    program_invocation_short_name, cause);
			free(cause);
		}
	}
	if (t->preview != NULL)
		tui_screen_close(t->preview);
	if (t->attach != NULL)
		tui_screen_close(t->attach);
	while ((c = t->cmds) != NULL) {
		t->cmds = c->next;
		for (i = 0; i < c->nout; i++)
			free(c->out[i]);
		free(c->out);
		free(c->line);
		free(c);
	}
	if (t->stdin_ev != NULL) {
		event_free(t->stdin_ev);
		event_free(t->redraw_ev);
		event_free(t->tick_ev);
	}
	tui_signal_free(t);
	if (t->escape_ev != NULL)
		event_free(t->escape_ev);
	if (t->bev != NULL)
		bufferevent_free(t->bev);
	for (i = 0; i < t->nprocs; i++) {
		free(t->procs[i].name);
		free(t->procs[i].desc);
	}
	free(t->procs);
	free(t->byname);
	for (i = 0; i < t->next_nprocs; i++) {
		free(t->next_procs[i].name);
		free(t->next_procs[i].desc);
	}
	free(t->next_procs);
	for (i = 0; i < t->log_count; i++)
		free(t->log[(t->log_first + i) % 1000]);
	free(t->log);
	if (t->names != NULL) {
		for (i = 0; t->names[i] != NULL; i++)
			free(t->names[i]);
		free(t->names);
	}
	if (t->prompt != NULL)
		prompt_free(t->prompt);
	if (t->filter_prompt != NULL)
		prompt_free(t->filter_prompt);
	if (t->hist != NULL)
		history_free(t->hist);
	free(t->histpath);
	free(t->filter);
	free(t->message);
	free(t->config);
	free(t->pairs);
	if (stdscr != NULL)
		delwin(stdscr);
}

/* Names for completion: every process and program, kept current. */
static const char *const *
tui_names(void *arg)
{
	struct tui	*t = arg;
	u_int		 i, n = 0, j;
	char		*colon, *prog;
	bool		 seen;

	if (t->names != NULL) {
		for (i = 0; t->names[i] != NULL; i++)
			free(t->names[i]);
		free(t->names);
	}
	t->names = xcalloc(2 * t->nprocs + 1, sizeof *t->names);
	for (i = 0; i < t->nprocs; i++) {
		t->names[n++] = xstrdup(t->procs[i].name);
		if ((colon = strrchr(t->procs[i].name, ':')) == NULL)
			continue;
		prog = xstrndup(t->procs[i].name, colon - t->procs[i].name);
		seen = false;
		for (j = 0; j < n; j++) {
			if (strcmp(t->names[j], prog) == 0)
				seen = true;
		}
		if (seen)
			free(prog);
		else
			t->names[n++] = prog;
	}
	t->names[n] = NULL;
	return ((const char *const *)t->names);
}

/*
 * Draw at once when the last frame is older than TUI_FRAME_MS (a key
 * shows at once); otherwise once the frame time is up, whatever happens
 * meanwhile.
 */
void
tui_redraw(struct tui *t)
{
	struct timeval	 tv = { 0, TUI_FRAME_MS * 1000 };

	t->dirty = true;
	if (t->redraw_ev == NULL || evtimer_pending(t->redraw_ev, NULL))
		return;
	if (util_now_ms() - t->last_draw >= TUI_FRAME_MS) {
		event_active(t->redraw_ev, EV_TIMEOUT, 0);
		return;
	}
	evtimer_add(t->redraw_ev, &tv);
}

static void
tui_redraw_cb(evutil_socket_t fd, short events, void *arg)
{
	tui_draw(arg);
}

/* Once a second: the clocks shown (uptimes) move on. */
static void
tui_tick_cb(evutil_socket_t fd, short events, void *arg)
{
	struct tui	*t = arg;

	if (!(t->flags & TUI_SUSPENDED))
		tui_redraw(t);
}

/* Everything, from scratch: curses sends only what changed. */
static void
tui_draw(struct tui *t)
{
	if (!(t->flags & TUI_STARTED) || (t->flags & TUI_SUSPENDED))
		return;
	t->dirty = false;
	t->last_draw = util_now_ms();
	erase();
	curs_set(0);
	t->view->draw(t);
	if (t->view != &tui_attach_view) {
		tui_header_draw(t);
		tui_keybar_draw(t);
	}
	refresh();
}

/*
 * Draw s at y, x in width columns. Text that does not fit ends with an
 * ellipsis, so a cut line never reads as a whole one.
 */
void
tui_text(int y, int x, int width, const char *s)
{
	size_t	n;

	if (width <= 0)
		return;
	if (utf8_width(s, strlen(s)) <= (u_int)width) {
		mvaddstr(y, x, s);
		return;
	}
	n = utf8_fit(s, width - 1);
	mvaddnstr(y, x, s, n);
	addstr(MB_CUR_MAX > 1 ? "\u2026" : ">");
}

void
tui_set_view(struct tui *t, const struct tui_view *v)
{
	t->view = v;
	tui_redraw(t);
}

void
tui_message(struct tui *t, bool error, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	free(t->message);
	va_start(ap, fmt);
	xvasprintf(&t->message, fmt, ap);
	va_end(ap);
	for (s = t->message; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\t')
			*s = ' ';
	}
	t->message_error = error;
	tui_redraw(t);
}

short
tui_pair(struct tui *t, int fg, int bg)
{
	int	 key, n;

	if (!(t->flags & TUI_COLOUR) || (fg < 0 && bg < 0))
		return (0);
	if (fg >= COLORS)
		fg = -1;
	if (bg >= COLORS)
		bg = -1;
	if (t->pairs == NULL) {
		t->pairs = xcalloc(257 * 257, sizeof *t->pairs);
		t->npairs = 1;
	}
	key = (fg + 1) * 257 + bg + 1;
	if (t->pairs[key] != 0)
		return (t->pairs[key]);
	if (t->npairs >= COLOR_PAIRS || t->npairs >= 32767) {
		/* Out of pairs: start again (rare: 256x256 combinations). */
		memset(t->pairs, 0, 257 * 257 * sizeof *t->pairs);
		t->npairs = 1;
	}
	n = t->npairs++;
	if (init_pair(n, fg, bg) == ERR)
		return (0);
	t->pairs[key] = n;
	return (n);
}

attr_t
tui_state_attr(struct tui *t, enum proc_state s, short *pair)
{
	*pair = 0;
	switch (s) {
	case PROC_RUNNING:
		*pair = tui_pair(t, COLOR_GREEN, -1);
		return (A_BOLD);
	case PROC_STARTING:
	case PROC_STOPPING:
		*pair = tui_pair(t, COLOR_YELLOW, -1);
		return (A_NORMAL);
	case PROC_BACKOFF:
		*pair = tui_pair(t, COLOR_YELLOW, -1);
		return (A_BOLD);
	case PROC_FATAL:
		*pair = tui_pair(t, COLOR_RED, -1);
		return (A_BOLD);
	case PROC_EXITED:
		*pair = tui_pair(t, COLOR_MAGENTA, -1);
		return (A_NORMAL);
	case PROC_STOPPED:
		return (A_DIM);
	}
	return (A_NORMAL);
}

