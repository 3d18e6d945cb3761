/*
 * The help view: every key, then every command with its usage, from the
 * command table itself so it can never disagree with what runs.
 */

#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "xmalloc.h"

static void	tui_help_draw(struct tui *);
static int	tui_help_key(struct tui *, wint_t, bool);

const struct tui_view tui_help_view = {
	.name = "help",
	.draw = tui_help_draw,
	.key = tui_help_key,
	.resize = NULL
};

static const char *tui_help_keys[][2] = {
	{ "Up/Down, j/k", "move the selection" },
	{ "PgUp/PgDn, Home/End", "move by a page, to the ends" },
	{ "a, Enter", "attach to the selected process (Ctrl-] detaches)" },
	{ "s / x / r", "start / stop / restart the selected process" },
	{ ":", "the command line (Tab completes, Up/Down and Ctrl-R history)" },
	{ "/", "filter the table by name (Enter keeps it, Esc clears it)" },
	{ "l", "the event log pane (arrows and PgUp/PgDn scroll)" },
	{ "?", "this help" },
	{ "Ctrl-L", "redraw the screen" },
	{ "Ctrl-Z", "suspend the console (fg resumes)" },
	{ "q, Ctrl-C", "quit (taskmaster stops every process first)" },
	{ "Ctrl-] (attached)", "detach; twice sends one Ctrl-] to the process" },
	{ "line editing", "Left/Right Home/End Ctrl-A/E/B/F/D/H/K/U/W/Y, "
	  "Esc or Ctrl-C cancels" },
};

static void
tui_help_draw(struct tui *t)
{
	const struct cmd_entry	*ce;
	char			*usage;
	int			 y = 2 - (int)t->help_top, h = LINES - 2;
	size_t			 i;

	attron(A_REVERSE);
	mvhline(1, 0, ' ', COLS);
	mvprintw(1, 1, "HELP  (Up/Down scroll; ?, q or Esc goes back)");
	attroff(A_REVERSE);
	for (i = 0; i < sizeof tui_help_keys / sizeof tui_help_keys[0];
	    i++, y++) {
		if (y < 2 || y >= h)
			continue;
		attron(A_BOLD);
		mvprintw(y, 1, "%-22s", tui_help_keys[i][0]);
		attroff(A_BOLD);
		mvprintw(y, 24, "%.*s", COLS > 24 ? COLS - 24 : 0,
		    tui_help_keys[i][1]);
	}
	y++;
	if (y >= 2 && y < h)
		mvprintw(y, 1, "Commands (on the : line, as with taskmasterctl):");
	y++;
	for (ce = cmd_table; ce->name != NULL; ce++, y++) {
		if (ce->flags & CMD_HIDDEN) {
			y--;
			continue;
		}
		if (y < 2 || y >= h)
			continue;
		xasprintf(&usage, "%s%s%s", ce->name,
		    *ce->usage != '\0' ? " " : "", ce->usage);
		attron(A_BOLD);
		mvprintw(y, 1, "%-26s", usage);
		attroff(A_BOLD);
		mvprintw(y, 28, "%.*s", COLS > 28 ? COLS - 28 : 0,
		    ce->help);
		free(usage);
	}
}

static int
tui_help_key(struct tui *t, wint_t wc, bool fkey)
{
	const struct cmd_entry	*ce;
	int			 lines = 2 + sizeof tui_help_keys /
				     sizeof tui_help_keys[0];

	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (!(ce->flags & CMD_HIDDEN))
			lines++;
	}
	/* Scroll no further than the last line at the bottom. */
	if (fkey && wc == KEY_DOWN && (int)t->help_top < lines - (LINES - 4))
		t->help_top++;
	else if (fkey && wc == KEY_UP && t->help_top > 0)
		t->help_top--;
	else if (!fkey && (wc == 'q' || wc == 'h')) {
		tui_set_view(t, &tui_table_view);
		return (TUI_HANDLED|TUI_REDRAW);
	} else
		return (0);
	return (TUI_HANDLED|TUI_REDRAW);
}
