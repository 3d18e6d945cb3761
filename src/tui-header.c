/*
 * The lines around every view: the header (config, counts per state,
 * daemon uptime), the message or command line, and the key bar.
 */

#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "xmalloc.h"

void
tui_header_draw(struct tui *t)
{
	u_int	 counts[PROC_NSTATES], i;
	attr_t	 attr;
	short	 pair;
	int	 x, s;
	char	*up = NULL;
	const char *cfg = t->config != NULL ? t->config : "";

	memset(counts, 0, sizeof counts);
	for (i = 0; i < t->nprocs; i++)
		counts[t->procs[i].state]++;

	attron(A_BOLD);
	mvprintw(0, 0, " taskmaster");
	attroff(A_BOLD);
	x = 11;
	if (COLS > 60) {
		/* The end of a long path says more than its start. */
		if ((int)strlen(cfg) > COLS / 3)
			cfg += strlen(cfg) - COLS / 3;
		mvprintw(0, x, "  %s", cfg);
		x += 2 + strlen(cfg);
	}
	x += 2;
	for (s = 0; s < PROC_NSTATES; s++) {
		if (counts[s] == 0 || x >= COLS - 12)
			continue;
		attr = tui_state_attr(t, s, &pair);
		attron(attr | COLOR_PAIR(pair));
		mvprintw(0, x, "%u %s", counts[s], proc_fsm_state_name(s));
		attroff(attr | COLOR_PAIR(pair));
		x += snprintf(NULL, 0, "%u %s", counts[s],
		    proc_fsm_state_name(s)) + 2;
	}
	if (t->dstart != 0 && time(NULL) >= t->dstart) {
		up = util_duration(time(NULL) - t->dstart);
		if (x + 4 + (int)strlen(up) <= COLS)
			mvprintw(0, COLS - 4 - strlen(up), "up %s", up);
		free(up);
	}
}

void
tui_keybar_draw(struct tui *t)
{
	static const char	*keys[][2] = {
		{ "a", "attach" }, { "s", "start" }, { "x", "stop" },
		{ "r", "restart" }, { ":", "command" }, { "/", "filter" },
		{ "l", "log" }, { "?", "help" }, { "q", "quit" }
	};
	struct prompt		*pr = NULL;
	struct prompt_view	 v;
	char *const		*cands;
	const char		*label;
	size_t			 ncands, i;
	int			 x = 0, y = LINES - 2, lx;

	/* The key bar. */
	move(LINES - 1, 0);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (x + (int)strlen(keys[i][0]) + (int)strlen(keys[i][1]) + 2 >
		    COLS)
			break;
		attron(A_REVERSE);
		mvprintw(LINES - 1, x, "%s", keys[i][0]);
		attroff(A_REVERSE);
		mvprintw(LINES - 1, x + strlen(keys[i][0]), " %s",
		    keys[i][1]);
		x += strlen(keys[i][0]) + strlen(keys[i][1]) + 3;
	}
	if (t->filter != NULL && !t->filtering && x + 10 < COLS)
		mvprintw(LINES - 1, x, "[/%.*s]", COLS - x - 4, t->filter);

	/* The command line, the filter line, or the last message. */
	if (t->prompting)
		pr = t->prompt;
	else if (t->filtering)
		pr = t->filter_prompt;
	if (pr != NULL) {
		label = prompt_label(pr);
		if (label == NULL)
			label = t->prompting ? ":" : "/";
		mvprintw(y, 0, "%s", label);
		lx = prompt_width(label, strlen(label));
		if (lx >= COLS - 1)
			lx = COLS - 2;
		prompt_view(pr, COLS - lx - 1, &v);
		mvprintw(y, lx, "%.*s", (int)v.len, v.text);
		cands = prompt_candidates(pr, &ncands);
		if (cands != NULL && ncands > 0 && y > 0) {
			move(y - 1, 0);
			clrtoeol();
			attron(A_DIM);
			for (i = 0, x = 0; i < ncands && x < COLS; i++) {
				mvprintw(y - 1, x, "%.*s", COLS - x, cands[i]);
				x += strlen(cands[i]) + 2;
			}
			attroff(A_DIM);
		}
		move(y, lx + v.cursor);
		curs_set(1);
		return;
	}
	if (t->message != NULL) {
		if (t->message_error)
			attron(COLOR_PAIR(tui_pair(t, COLOR_RED, -1)) | A_BOLD);
		mvprintw(y, 0, "%.*s", COLS, t->message);
		if (t->message_error)
			attroff(COLOR_PAIR(tui_pair(t, COLOR_RED, -1)) |
			    A_BOLD);
	}
}
