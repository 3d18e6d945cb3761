/*
 * Keys: stdin is read when the loop says it is readable, draining get_wch
 * until ERR (nodelay), never by a polling timeout. Each key goes to the
 * line being edited (the ':' line or the filter), to the view shown, or
 * to the keys every view shares; a ':' command goes to the daemon like
 * taskmasterctl's, except those that take over the screen or never end.
 */

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "xmalloc.h"

static int	tui_key_word_left;
static int	tui_key_word_right;

static void	tui_key_dispatch(struct tui *, wint_t, bool);
static int	tui_key_prompt(wint_t, bool);
static void	tui_key_run_prompt(struct tui *);
static void	tui_key_command(struct tui *, const char *);
static void	tui_key_shutdown_done(struct tui *, struct tui_cmd *, int);

/* Ctrl-Left and Ctrl-Right have no fixed codes: terminfo has them. */
void
tui_key_init(void)
{
	tui_key_word_left = key_defined("kLFT5");
	tui_key_word_right = key_defined("kRIT5");
}

void
tui_key_stdin_cb(evutil_socket_t fd, short events, void *arg)
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
			tui_signal_relayout(t);
			continue;
		}
		tui_key_dispatch(t, wc, rc == KEY_CODE_YES);
	}
	if (n == 0 && (t->flags & TUI_STARTED) && tui_signal_stdin_gone(t))
		tui_hangup(t);
}

/* Curses keys as the line editor names them. */
static int
tui_key_prompt(wint_t wc, bool fkey)
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
tui_key_command(struct tui *t, const char *line)
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
	else if (ce->id == CMD_MAINTAIL)
		tui_set_view(t, &tui_log_view);	/* the log, live */
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
tui_key_run_prompt(struct tui *t)
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
	tui_key_command(t, copy);
	free(copy);
}

static void
tui_key_dispatch(struct tui *t, wint_t wc, bool fkey)
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
		if ((k = tui_key_prompt(wc, fkey)) == -1)
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
				tui_key_run_prompt(t);
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
	tui_client_command(t, "shutdown", true, tui_key_shutdown_done);
}

static void
tui_key_shutdown_done(struct tui *t, struct tui_cmd *c, int status)
{
	/* The daemon leaves the loop itself once everything stopped. */
	event_base_loopbreak(t->base);
}
