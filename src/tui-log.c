/*
 * The event log pane: the newest TUI_LOG_MAX event lines from the daemon,
 * and the output of commands run from the ':' line, scrollable.
 */

#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "xmalloc.h"

#define TUI_LOG_MAX	1000

static void	tui_log_draw(struct tui *);
static int	tui_log_key(struct tui *, wint_t, bool);

const struct tui_view tui_log_view = {
	.name = "log",
	.draw = tui_log_draw,
	.key = tui_log_key,
	.resize = NULL
};

void
tui_log_add(struct tui *t, const char *line)
{
	if (t->log == NULL)
		t->log = xcalloc(TUI_LOG_MAX, sizeof *t->log);
	if (t->log_count == TUI_LOG_MAX) {
		free(t->log[t->log_first]);
		t->log[t->log_first] = xstrdup(line);
		t->log_first = (t->log_first + 1) % TUI_LOG_MAX;
	} else {
		t->log[(t->log_first + t->log_count) % TUI_LOG_MAX] =
		    xstrdup(line);
		t->log_count++;
	}
	/* Someone reading back keeps their place. */
	if (t->log_top > 0 && t->log_top < t->log_count)
		t->log_top++;
	if (t->view == &tui_log_view)
		tui_redraw(t);
}

static void
tui_log_draw(struct tui *t)
{
	int	 h = LINES - 4, y, last;
	u_int	 i;

	attron(A_REVERSE);
	mvhline(1, 0, ' ', COLS);
	mvprintw(1, 1, "EVENT LOG  (%u lines; arrows and PgUp/PgDn scroll, "
	    "l or Esc goes back)", t->log_count);
	attroff(A_REVERSE);
	if (h <= 0)
		return;
	last = (int)t->log_count - 1 - (int)t->log_top;
	for (y = h - 1; y >= 0 && last >= 0; y--, last--) {
		i = (t->log_first + last) % TUI_LOG_MAX;
		mvprintw(2 + y, 0, "%.*s", COLS, t->log[i]);
	}
}

static int
tui_log_key(struct tui *t, wint_t wc, bool fkey)
{
	u_int	 page = LINES > 6 ? LINES - 5 : 1;
	u_int	 max = t->log_count > page ? t->log_count - page : 0;

	if (!fkey) {
		if (wc == 'k')
			wc = KEY_UP;
		else if (wc == 'j')
			wc = KEY_DOWN;
		else if (wc == 'q') {
			tui_set_view(t, &tui_table_view);
			return (TUI_HANDLED|TUI_REDRAW);
		} else
			return (0);
	}
	switch (wc) {
	case KEY_UP:
		if (t->log_top < max)
			t->log_top++;
		break;
	case KEY_DOWN:
		if (t->log_top > 0)
			t->log_top--;
		break;
	case KEY_PPAGE:
		t->log_top = t->log_top + page < max ? t->log_top + page : max;
		break;
	case KEY_NPAGE:
		t->log_top = t->log_top > page ? t->log_top - page : 0;
		break;
	case KEY_HOME:
		t->log_top = max;
		break;
	case KEY_END:
		t->log_top = 0;
		break;
	default:
		return (0);
	}
	return (TUI_HANDLED|TUI_REDRAW);
}
