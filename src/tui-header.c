/*
 * The lines around every view: the header (config, counts per state,
 * daemon uptime), the message or command line, and the key bar.
 */

#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "xmalloc.h"

/*
 * " taskmaster  CONFIG  counts...  up H:MM:SS": the counts and the uptime
 * come first; the config path takes what room is left, losing its first
 * folders before its name.
 */
void
tui_header_draw(struct tui *t)
{
	u_int		 counts[PROC_NSTATES], i;
	attr_t		 attr;
	short		 pair;
	int		 x, s, need = 0, room;
	char		*up = NULL, buf[32];
	const char	*cfg = t->config != NULL ? t->config : "", *cut;

	memset(counts, 0, sizeof counts);
	for (i = 0; i < t->nprocs; i++)
		counts[t->procs[i].state]++;
	for (s = 0; s < PROC_NSTATES; s++) {
		if (counts[s] != 0)
			need += snprintf(buf, sizeof buf, "%u %s", counts[s],
			    proto_state_name(s)) + 2;
	}
	if (t->dstart != 0 && time(NULL) >= t->dstart) {
		up = util_duration(time(NULL) - t->dstart);
		need += 4 + strlen(up);
	}

	attron(A_BOLD);
	mvprintw(0, 0, " taskmaster");
	attroff(A_BOLD);
	x = 13;
	if (t->flags & TUI_READONLY) {
		mvprintw(0, x, "(read-only)");
		x += 13;
	}
	room = COLS - x - need - 2;
	if (room >= 8 && *cfg != '\0') {
		if ((int)strlen(cfg) > room) {
			cut = cfg + strlen(cfg) - (room - 2);
			while (*cut != '\0' && *cut != '/')
				cut++;
			if (*cut == '\0')
				cut = cfg + strlen(cfg) - (room - 2);
			mvprintw(0, x, "..%s", cut);
			x += 2 + strlen(cut) + 2;
		} else {
			mvprintw(0, x, "%s", cfg);
			x += strlen(cfg) + 2;
		}
	}
	for (s = 0; s < PROC_NSTATES; s++) {
		if (counts[s] == 0)
			continue;
		snprintf(buf, sizeof buf, "%u %s", counts[s],
		    proto_state_name(s));
		if (x + (int)strlen(buf) > COLS)
			break;
		attr = tui_state_attr(t, s, &pair);
		attron(attr | COLOR_PAIR(pair));
		mvprintw(0, x, "%s", buf);
		attroff(attr | COLOR_PAIR(pair));
		x += strlen(buf) + 2;
	}
	if (up != NULL) {
		if (x + 3 + (int)strlen(up) <= COLS)
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
		if (x + (int)strlen(keys[i][0]) + 1 + (int)strlen(keys[i][1]) >
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
		tui_text(y, 0, COLS, t->message);
		if (t->message_error)
			attroff(COLOR_PAIR(tui_pair(t, COLOR_RED, -1)) |
			    A_BOLD);
	}
}
