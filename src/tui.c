/*
 * The console: curses set-up and teardown, the terminal as an event in the
 * loop, key dispatch, coalesced redraws, resize, suspend, and quitting.
 *
 * stdin is read when the loop says it is readable, draining get_wch until
 * ERR (nodelay), never by a polling timeout. Drawing only marks the screen
 * dirty; one timer of TUI_FRAME_MS redraws everything, so a flood of
 * state changes or screen updates costs one redraw per frame. The
 * terminal is put back on every way out: tui_stop is safe to call twice
 * and is called from every exit path of the programs that use it.
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
#include "xmalloc.h"

#define TUI_FRAME_MS	15

static int	tui_key_word_left;
static int	tui_key_word_right;

static void	tui_stdin_cb(evutil_socket_t, short, void *);
static void	tui_redraw_cb(evutil_socket_t, short, void *);
static void	tui_winch_cb(evutil_socket_t, short, void *);
static void	tui_tstp_cb(evutil_socket_t, short, void *);
static void	tui_cont_cb(evutil_socket_t, short, void *);
static void	tui_stats_cb(evutil_socket_t, short, void *);
static void	tui_key(struct tui *, wint_t, bool);
static int	tui_prompt_key(wint_t, bool);
static void	tui_run_prompt(struct tui *);
static void	tui_command(struct tui *, const char *);
static bool	tui_stdin_gone(struct tui *);
static void	tui_suspend(struct tui *);
static void	tui_resize(struct tui *);
static void	tui_relayout(struct tui *);
static void	tui_draw(struct tui *);
static void	tui_shutdown_done(struct tui *, struct tui_cmd *, int);
static const char *const *tui_names(void *);

int
tui_start(struct tui *t, struct event_base *base, int fd, int flags,
    char **cause)
{
	struct timeval	 tv = { 1, 0 };
	const char	*nc;

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
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	tui_key_word_left = key_defined("kLFT5");
	tui_key_word_right = key_defined("kRIT5");
	nc = getenv("NO_COLOR");
	if (has_colors() && (nc == NULL || *nc == '\0')) {
		start_color();
		use_default_colors();
		t->flags |= TUI_COLOUR;
	}

	util_nonblock(fd);
	t->bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(t->bev, tui_client_read_cb, NULL,
	    tui_client_event_cb, t);
	bufferevent_enable(t->bev, EV_READ|EV_WRITE);

	t->stdin_ev = event_new(base, STDIN_FILENO, EV_READ|EV_PERSIST,
	    tui_stdin_cb, t);
	event_add(t->stdin_ev, NULL);
	t->redraw_ev = evtimer_new(base, tui_redraw_cb, t);
	t->stats_ev = event_new(base, -1, EV_PERSIST, tui_stats_cb, t);
	event_add(t->stats_ev, &tv);
	t->winch_ev = evsignal_new(base, SIGWINCH, tui_winch_cb, t);
	evsignal_add(t->winch_ev, NULL);
	t->tstp_ev = evsignal_new(base, SIGTSTP, tui_tstp_cb, t);
	evsignal_add(t->tstp_ev, NULL);
	t->cont_ev = evsignal_new(base, SIGCONT, tui_cont_cb, t);
	evsignal_add(t->cont_ev, NULL);

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
		event_free(t->stats_ev);
		event_free(t->winch_ev);
		event_free(t->tstp_ev);
		event_free(t->cont_ev);
	}
	if (t->escape_ev != NULL)
		event_free(t->escape_ev);
	if (t->bev != NULL)
		bufferevent_free(t->bev);
	for (i = 0; i < t->nprocs; i++) {
		free(t->procs[i].name);
		free(t->procs[i].desc);
	}
	free(t->procs);
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

/*
 * Readable but no key: the terminal may be gone (its window closed). A
 * hung-up terminal reads as end of file or EIO, and would wake the loop
 * forever: the console ends there.
 */
static bool
tui_stdin_gone(struct tui *t)
{
	struct pollfd	 pfd = { STDIN_FILENO, POLLIN, 0 };
	unsigned char	 c;
	ssize_t		 n;

	if (poll(&pfd, 1, 0) <= 0)
		return (false);
	if (!(pfd.revents & (POLLIN|POLLHUP|POLLERR)))
		return (false);
	n = read(STDIN_FILENO, &c, 1);
	if (n == 1) {
		ungetch(c);
		return (false);
	}
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return (false);
	return (true);
}

void
tui_hangup(struct tui *t)
{
	event_del(t->stdin_ev);
	/* Nothing to restore: the terminal is gone. */
	t->flags &= ~TUI_STARTED;
	if (t->flags & TUI_EMBEDDED) {
		t->flags |= TUI_QUITTING;
		tui_client_command(t, "shutdown", true, tui_shutdown_done);
	} else {
		t->exitcode = 1;
		event_base_loopbreak(t->base);
	}
}

static void
tui_stdin_cb(evutil_socket_t fd, short events, void *arg)
{
	struct tui	*t = arg;
	wint_t		 wc;
	int		 rc, n = 0;

	while ((t->flags & TUI_STARTED) &&
	    (rc = get_wch(&wc)) != ERR) {
		n++;
		/*
		 * ncurses queues KEY_RESIZE itself when the size changed
		 * (resizeterm did it already): only follow it, or each
		 * resizeterm here would queue one more, for ever.
		 */
		if (rc == KEY_CODE_YES && wc == KEY_RESIZE) {
			tui_relayout(t);
			continue;
		}
		tui_key(t, wc, rc == KEY_CODE_YES);
	}
	if (n == 0 && (t->flags & TUI_STARTED) && tui_stdin_gone(t))
		tui_hangup(t);
}

/* Curses keys as the line editor names them. */
static int
tui_prompt_key(wint_t wc, bool fkey)
{
	if (!fkey)
		return (wc == '\r' || wc == '\n' ? PROMPT_KEY_ENTER : (int)wc);
	switch (wc) {
	case KEY_LEFT:
		return (PROMPT_KEY_LEFT);
	case KEY_RIGHT:
		return (PROMPT_KEY_RIGHT);
	case KEY_UP:
		return (PROMPT_KEY_UP);
	case KEY_DOWN:
		return (PROMPT_KEY_DOWN);
	case KEY_HOME:
		return (PROMPT_KEY_HOME);
	case KEY_END:
		return (PROMPT_KEY_END);
	case KEY_DC:
		return (PROMPT_KEY_DELETE);
	case KEY_BACKSPACE:
		return (PROMPT_KEY_BACKSPACE);
	case KEY_ENTER:
		return (PROMPT_KEY_ENTER);
	}
	/* Ctrl-Left and Ctrl-Right have no fixed codes: ask terminfo. */
	if (tui_key_word_left > 0 && (int)wc == tui_key_word_left)
		return (PROMPT_KEY_WORD_LEFT);
	if (tui_key_word_right > 0 && (int)wc == tui_key_word_right)
		return (PROMPT_KEY_WORD_RIGHT);
	return (-1);
}

/*
 * A command from the ':' line. Most go to the daemon as they are; those
 * that take over a terminal or never end are the console's business.
 */
static void
tui_command(struct tui *t, const char *line)
{
	const struct cmd_entry	*ce;
	char			**argv, *cause = NULL;
	const char		*name = NULL;
	int			 argc, i;
	bool			 ro = false, follow = false;

	if (argv_split(line, &argc, &argv, &cause) != 0) {
		tui_message(t, true, "%s", cause);
		free(cause);
		return;
	}
	if ((ce = cmd_find(argv[0], &cause)) == NULL) {
		tui_message(t, true, "%s", cause);
		free(cause);
		goto out;
	}
	if (ce->id == CMD_QUIT)
		tui_quit(t, false);
	else if (ce->id == CMD_HELP && argc == 1)
		tui_set_view(t, &tui_help_view);
	else if (ce->flags & CMD_HIDDEN)
		tui_message(t, true, "%s is not for the command line", ce->name);
	else if (ce->id == CMD_ATTACH) {
		if (cmd_attach_args(argc, argv, &name, &ro, NULL, NULL,
		    &cause) != 0) {
			tui_message(t, true, "%s", cause);
			free(cause);
			goto out;
		}
		if (t->preview != NULL) {
			tui_screen_close(t->preview);
			t->preview = NULL;
		}
		t->attach = tui_screen_open(t, name, ro, COLS,
		    LINES > 1 ? LINES - 1 : 1);
		tui_set_view(t, &tui_attach_view);
	} else {
		for (i = 1; i < argc; i++) {
			if (ce->id == CMD_TAIL && strcmp(argv[i], "-f") == 0)
				follow = true;
		}
		if (follow)
			tui_message(t, true, "tail -f never ends: the preview "
			    "and attach (a) show live output here");
		else
			tui_client_command(t, line, false, NULL);
	}
out:
	argv_free(argv);
}

/* Run what the ':' line says, through the daemon like taskmasterctl. */
static void
tui_run_prompt(struct tui *t)
{
	const char	*line = prompt_text(t->prompt);
	char		*copy;
	size_t		 len;

	while (*line == ' ')
		line++;
	if (*line == '\0')
		return;
	copy = xstrdup(line);
	len = strlen(copy);
	while (len > 0 && copy[len - 1] == ' ')
		copy[--len] = '\0';
	tui_command(t, copy);
	free(copy);
}

static void
tui_key(struct tui *t, wint_t wc, bool fkey)
{
	int	 k, r;

	if (t->view == &tui_attach_view) {
		t->view->key(t, wc, fkey);
		return;
	}
	if (t->flags & TUI_CONFIRM) {
		t->flags &= ~TUI_CONFIRM;
		if (!fkey && (wc == 'y' || wc == 'Y'))
			tui_quit(t, true);
		else
			tui_message(t, false, "Not quitting.");
		return;
	}
	if (t->prompting || t->filtering) {
		if ((k = tui_prompt_key(wc, fkey)) == -1)
			return;
		/* The filter is a name fragment: nothing to complete. */
		if (t->filtering && k == '\t') {
			beep();
			return;
		}
		if (t->prompting) {
			r = prompt_key(t->prompt, k);
			if (r & PROMPT_ACCEPT) {
				t->prompting = false;
				tui_run_prompt(t);
				prompt_reset(t->prompt);
			} else if (r & PROMPT_CANCEL) {
				t->prompting = false;
				prompt_reset(t->prompt);
			} else if (r & PROMPT_BELL)
				beep();
		} else {
			r = prompt_key(t->filter_prompt, k);
			if (r & PROMPT_CANCEL) {
				free(t->filter);
				t->filter = NULL;
				t->filtering = false;
				prompt_reset(t->filter_prompt);
			} else if (r & PROMPT_ACCEPT)
				t->filtering = false;
			else {
				free(t->filter);
				t->filter = xstrdup(prompt_text(
				    t->filter_prompt));
			}
			t->sel = t->top = 0;
			tui_table_preview(t);
		}
		tui_redraw(t);
		return;
	}

	r = t->view->key(t, wc, fkey);
	if (r & TUI_HANDLED) {
		if (r & TUI_REDRAW)
			tui_redraw(t);
		return;
	}
	if (fkey)
		return;
	switch (wc) {
	case ':':
		t->prompting = true;
		prompt_reset(t->prompt);
		free(t->message);
		t->message = NULL;
		break;
	case '/':
		t->filtering = true;
		prompt_set_text(t->filter_prompt, t->filter != NULL ?
		    t->filter : "");
		break;
	case '?':
		t->help_top = 0;
		tui_set_view(t, t->view == &tui_help_view ? &tui_table_view :
		    &tui_help_view);
		break;
	case 'l':
		t->log_top = 0;
		tui_set_view(t, t->view == &tui_log_view ? &tui_table_view :
		    &tui_log_view);
		break;
	case 'q':
	case 0x03:	/* Ctrl-C */
		tui_quit(t, false);
		break;
	case 0x1a:	/* Ctrl-Z */
		tui_suspend(t);
		break;
	case 0x0c:	/* Ctrl-L */
		clearok(curscr, TRUE);
		break;
	case 0x1b:	/* Esc */
		if (t->view != &tui_table_view)
			tui_set_view(t, &tui_table_view);
		else if (t->filter != NULL) {
			free(t->filter);
			t->filter = NULL;
			prompt_reset(t->filter_prompt);
			tui_table_preview(t);
		}
		break;
	default:
		return;
	}
	tui_redraw(t);
}

/*
 * Quitting taskmaster stops every process first, after asking if any is
 * running; quitting taskmasterctl's console only leaves it.
 */
void
tui_quit(struct tui *t, bool confirmed)
{
	u_int	 i, alive = 0;

	if (!(t->flags & TUI_EMBEDDED)) {
		t->flags |= TUI_QUITTING;
		event_base_loopbreak(t->base);
		return;
	}
	for (i = 0; i < t->nprocs; i++) {
		if (t->procs[i].pid != 0)
			alive++;
	}
	if (alive > 0 && !confirmed) {
		t->flags |= TUI_CONFIRM;
		tui_message(t, true, "%u process%s running: stop %s and quit? "
		    "(y/n)", alive, alive == 1 ? " is" : "es are",
		    alive == 1 ? "it" : "them all");
		return;
	}
	if (t->flags & TUI_QUITTING)
		return;
	t->flags |= TUI_QUITTING;
	tui_message(t, false, "Stopping every process...");
	tui_client_command(t, "shutdown", true, tui_shutdown_done);
}

static void
tui_shutdown_done(struct tui *t, struct tui_cmd *c, int status)
{
	/* The daemon leaves the loop itself once everything stopped. */
	event_base_loopbreak(t->base);
}

/* The terminal's size is known to curses: lay everything out again. */
static void
tui_relayout(struct tui *t)
{
	if (t->view->resize != NULL)
		t->view->resize(t);
	tui_table_preview(t);
	clearok(curscr, TRUE);
	tui_redraw(t);
}

/* SIGWINCH: tell curses the new size, then lay out. */
static void
tui_resize(struct tui *t)
{
	struct winsize	 ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	tui_relayout(t);
}

static void
tui_winch_cb(evutil_socket_t sig, short events, void *arg)
{
	struct tui	*t = arg;

	if (t->flags & TUI_STARTED)
		tui_resize(t);
}

/* Ctrl-Z or SIGTSTP: give the terminal back, stop, and come back. */
static void
tui_suspend(struct tui *t)
{
	if (!(t->flags & TUI_STARTED))
		return;
	t->flags |= TUI_SUSPENDED;
	curs_set(1);
	endwin();
	kill(getpid(), SIGSTOP);
}

static void
tui_tstp_cb(evutil_socket_t sig, short events, void *arg)
{
	tui_suspend(arg);
}

static void
tui_cont_cb(evutil_socket_t sig, short events, void *arg)
{
	struct tui	*t = arg;

	if (!(t->flags & TUI_SUSPENDED))
		return;
	t->flags &= ~TUI_SUSPENDED;
	reset_prog_mode();
	tui_resize(t);
}

static void
tui_stats_cb(evutil_socket_t fd, short events, void *arg)
{
	struct tui	*t = arg;

	if (t->flags & TUI_SUSPENDED)
		return;
	if (t->view == &tui_table_view)
		tui_stats_sample(t);
	tui_redraw(t);
}
