/*
 * The status table: one row per process (name, state, pid, uptime,
 * restarts, last exit, CPU, memory), the selection, and under it a live
 * read-only preview of the selected process's screen. Columns give way
 * from the right when the terminal is narrow; the preview gives way when
 * it is short.
 */

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "xmalloc.h"

static void	tui_table_draw(struct tui *);
static int	tui_table_key(struct tui *, wint_t, bool);
static void	tui_table_layout(struct tui *, int *, int *, int *);
static void	tui_table_exit(const struct tui_proc *, char *, size_t,
		    bool *);
static void	tui_table_act(struct tui *, const char *);
static void	tui_table_uptime(time_t, char *, size_t);

const struct tui_view tui_table_view = {
	.name = "table",
	.draw = tui_table_draw,
	.key = tui_table_key,
	.resize = NULL
};

/* Rows for the table and the preview between the header and the bars. */
static void
tui_table_layout(struct tui *t, int *table_h, int *preview_y,
    int *preview_h)
{
	int	 avail = LINES - 3;	/* header, message line, key bar */

	*preview_h = 0;
	if (avail >= 12) {
		*preview_h = avail * 2 / 5;
		if (*preview_h > 24)
			*preview_h = 24;
	}
	*table_h = avail - 1 - (*preview_h > 0 ? *preview_h + 1 : 0);
	if (*table_h < 1)
		*table_h = 1;
	*preview_y = 1 + 1 + *table_h;
}

/* H:MM:SS, or "12d 03:04" past a day: ten columns at most. */
static void
tui_table_uptime(time_t secs, char *buf, size_t len)
{
	if (secs < 86400)
		snprintf(buf, len, "%lld:%02lld:%02lld", (long long)secs / 3600,
		    (long long)(secs / 60) % 60, (long long)secs % 60);
	else
		snprintf(buf, len, "%lldd %02lld:%02lld",
		    (long long)secs / 86400, (long long)(secs / 3600) % 24,
		    (long long)(secs / 60) % 60);
}

/* "exit 0", "exit 1!", "SIGKILL!": ! marks an unexpected end. */
static void
tui_table_exit(const struct tui_proc *p, char *buf, size_t len, bool *bad)
{
	const char	*name;

	*bad = false;
	if (p->desc != NULL && strncmp(p->desc, "spawn error", 11) == 0) {
		/* The child never ran the command: its 127 means nothing. */
		*bad = true;
		snprintf(buf, len, "spawn err!");
		return;
	}
	if (p->status == -1) {
		snprintf(buf, len, "-");
		return;
	}
	*bad = !p->expected && p->state != PROC_STOPPED;
	if (WIFEXITED(p->status))
		snprintf(buf, len, "exit %d%s", WEXITSTATUS(p->status),
		    *bad ? "!" : "");
	else if (WIFSIGNALED(p->status)) {
		name = signame_name(WTERMSIG(p->status));
		if (name != NULL)
			snprintf(buf, len, "SIG%s%s", name, *bad ? "!" : "");
		else
			snprintf(buf, len, "signal %d%s", WTERMSIG(p->status),
			    *bad ? "!" : "");
	} else
		snprintf(buf, len, "?");
}

static void
tui_table_draw(struct tui *t)
{
	struct tui_proc	**rows, *p;
	char		 pid[16], up[32], rst[16], last[32], cpu[16], mem[16];
	attr_t		 attr;
	short		 pair;
	u_int		 n, i, namew = 4;
	int		 table_h, preview_y, preview_h, y, x, w;
	bool		 bad, show_cpu, show_mem, show_last, show_rst, show_up;
	time_t		 now = time(NULL);
	const char	*st;

	tui_table_layout(t, &table_h, &preview_y, &preview_h);
	n = tui_client_rows(t, &rows);
	for (i = 0; i < n; i++) {
		if (strlen(rows[i]->name) > namew)
			namew = strlen(rows[i]->name);
	}
	if (namew > 24)
		namew = 24;
	/* Columns give way from the right: memory, CPU, last exit... */
	w = COLS;
	show_up = w >= (int)namew + 9 + 8 + 11;
	show_rst = w >= (int)namew + 9 + 8 + 11 + 4;
	show_last = w >= (int)namew + 9 + 8 + 11 + 4 + 11;
	show_cpu = w >= (int)namew + 9 + 8 + 11 + 4 + 11 + 7;
	show_mem = w >= (int)namew + 9 + 8 + 11 + 4 + 11 + 7 + 8;

	attron(A_REVERSE);
	mvhline(1, 0, ' ', COLS);
	mvprintw(1, 0, " %-*s %-8s %7s", (int)namew, "NAME", "STATE", "PID");
	x = 1 + namew + 1 + 8 + 1 + 7;
	if (show_up)
		mvprintw(1, x, " %10s", "UPTIME"), x += 11;
	if (show_rst)
		mvprintw(1, x, " %3s", "RST"), x += 4;
	if (show_last)
		mvprintw(1, x, " %-10s", "LAST"), x += 11;
	if (show_cpu)
		mvprintw(1, x, " %6s", "CPU%"), x += 7;
	if (show_mem)
		mvprintw(1, x, " %7s", "MEM");
	attroff(A_REVERSE);

	if (t->sel >= n && n > 0)
		t->sel = n - 1;
	if (t->sel < t->top)
		t->top = t->sel;
	if ((int)(t->sel - t->top) >= table_h)
		t->top = t->sel - table_h + 1;
	if (n == 0)
		mvprintw(2, 1, "%s", !t->synced ? "waiting for the daemon..." :
		    t->filter != NULL ? "no process matches the filter" :
		    "no process in the config");

	for (i = t->top; i < n && (int)(i - t->top) < table_h; i++) {
		p = rows[i];
		y = 2 + (i - t->top);
		if (i == t->sel) {
			attron(A_REVERSE);
			mvhline(y, 0, ' ', COLS);
		}
		mvprintw(y, 1, "%-*.*s", (int)namew, (int)namew, p->name);
		attr = tui_state_attr(t, p->state, &pair);
		if (i != t->sel)
			attron(attr | COLOR_PAIR(pair));
		mvprintw(y, 1 + namew + 1, "%-8s", proto_state_name(p->state));
		if (i != t->sel)
			attroff(attr | COLOR_PAIR(pair));
		if (p->pid != 0)
			snprintf(pid, sizeof pid, "%ld", (long)p->pid);
		else
			snprintf(pid, sizeof pid, "-");
		mvprintw(y, 1 + namew + 1 + 9, "%7s", pid);
		x = 1 + namew + 1 + 8 + 1 + 7;
		if (show_up) {
			if (p->pid != 0 && p->start != 0 && now >= p->start)
				tui_table_uptime(now - p->start, up,
				    sizeof up);
			else
				snprintf(up, sizeof up, "-");
			mvprintw(y, x, " %10.10s", up);
			x += 11;
		}
		if (show_rst) {
			snprintf(rst, sizeof rst, "%u", p->restarts);
			mvprintw(y, x, " %3s", rst);
			x += 4;
		}
		if (show_last) {
			tui_table_exit(p, last, sizeof last, &bad);
			if (bad && i != t->sel)
				attron(COLOR_PAIR(tui_pair(t, COLOR_RED, -1)));
			mvprintw(y, x, " %-10.10s", last);
			if (bad && i != t->sel)
				attroff(COLOR_PAIR(tui_pair(t, COLOR_RED,
				    -1)));
			x += 11;
		}
		if (show_cpu) {
			if (p->pid != 0 && p->sampled)
				snprintf(cpu, sizeof cpu, "%.1f", p->cpu);
			else
				snprintf(cpu, sizeof cpu, "-");
			mvprintw(y, x, " %6s", cpu);
			x += 7;
		}
		if (show_mem) {
			if (p->pid != 0 && p->sampled) {
				if (p->rss >= 10ULL << 30)
					snprintf(mem, sizeof mem, "%lluG",
					    (unsigned long long)(p->rss >> 30));
				else if (p->rss >= 10ULL << 20)
					snprintf(mem, sizeof mem, "%lluM",
					    (unsigned long long)(p->rss >> 20));
				else
					snprintf(mem, sizeof mem, "%lluK",
					    (unsigned long long)(p->rss >> 10));
			} else
				snprintf(mem, sizeof mem, "-");
			mvprintw(y, x, " %7s", mem);
		}
		if (i == t->sel)
			attroff(A_REVERSE);
	}
	free(rows);

	if (preview_h <= 0)
		return;
	attron(A_BOLD);
	mvhline(preview_y, 0, ACS_HLINE, COLS);
	if (t->preview != NULL) {
		/* The state word only: the details are in the table. */
		st = t->preview->state != NULL ? t->preview->state : "";
		mvprintw(preview_y, 2, " %s%s%.*s ", t->preview->name,
		    *st != '\0' ? ": " : "", (int)strcspn(st, " "), st);
	}
	attroff(A_BOLD);
	if (t->preview != NULL)
		tui_screen_draw(t->preview, preview_y + 1, 0, preview_h, COLS,
		    true);
}

/* The preview follows the selection: one read-only view at a time. */
void
tui_table_preview(struct tui *t)
{
	struct tui_proc	*p;
	int		 table_h, preview_y, preview_h;

	tui_table_layout(t, &table_h, &preview_y, &preview_h);
	p = tui_client_selected(t);
	if (t->preview != NULL && (p == NULL || preview_h <= 0 ||
	    strcmp(t->preview->name, p->name) != 0 ||
	    (!t->preview->alive && p->pid != 0))) {
		tui_screen_close(t->preview);
		t->preview = NULL;
	}
	if (t->preview == NULL && p != NULL && preview_h > 0 &&
	    t->view != &tui_attach_view)
		t->preview = tui_screen_open(t, p->name, true, 80, 24);
	tui_redraw(t);
}

static void
tui_table_act(struct tui *t, const char *verb)
{
	struct tui_proc	*p;
	char		*line;

	if ((p = tui_client_selected(t)) == NULL)
		return;
	if (t->flags & TUI_READONLY) {
		tui_message(t, true, "read-only: this console may look, not "
		    "%s (it was given the read-only password)", verb);
		return;
	}
	xasprintf(&line, "%s %s", verb, p->name);
	tui_client_command(t, line, false, NULL);
	free(line);
}

static int
tui_table_key(struct tui *t, wint_t wc, bool fkey)
{
	struct tui_proc	**rows, *p;
	u_int		  n, old = t->sel;
	int		  table_h, preview_y, preview_h;

	tui_table_layout(t, &table_h, &preview_y, &preview_h);
	n = tui_client_rows(t, &rows);
	free(rows);
	if (fkey) {
		switch (wc) {
		case KEY_UP:
			wc = 'k';
			break;
		case KEY_DOWN:
			wc = 'j';
			break;
		case KEY_PPAGE:
			t->sel = t->sel > (u_int)table_h ? t->sel - table_h : 0;
			goto moved;
		case KEY_NPAGE:
			t->sel += table_h;
			if (n > 0 && t->sel >= n)
				t->sel = n - 1;
			goto moved;
		case KEY_HOME:
			t->sel = 0;
			goto moved;
		case KEY_END:
			t->sel = n > 0 ? n - 1 : 0;
			goto moved;
		case KEY_ENTER:
			wc = 'a';
			break;
		default:
			return (0);
		}
	}
	switch (wc) {
	case 'k':
		if (t->sel > 0)
			t->sel--;
		goto moved;
	case 'j':
		if (t->sel + 1 < n)
			t->sel++;
		goto moved;
	case 'g':
		t->sel = 0;
		goto moved;
	case 'G':
		t->sel = n > 0 ? n - 1 : 0;
		goto moved;
	case 'a':
	case '\r':
	case '\n':
		if ((p = tui_client_selected(t)) == NULL)
			return (TUI_HANDLED);
		if (p->pid == 0) {
			tui_message(t, true, "%s is %s: start it first (s)",
			    p->name, proto_state_name(p->state));
			return (TUI_HANDLED);
		}
		if (t->preview != NULL) {
			tui_screen_close(t->preview);
			t->preview = NULL;
		}
		/* A read-only console can only look. */
		t->attach = tui_screen_open(t, p->name,
		    (t->flags & TUI_READONLY) != 0, COLS,
		    LINES > 1 ? LINES - 1 : 1);
		tui_set_view(t, &tui_attach_view);
		return (TUI_HANDLED|TUI_REDRAW);
	case 's':
		tui_table_act(t, "start");
		return (TUI_HANDLED|TUI_REDRAW);
	case 'x':
		tui_table_act(t, "stop");
		return (TUI_HANDLED|TUI_REDRAW);
	case 'r':
		tui_table_act(t, "restart");
		return (TUI_HANDLED|TUI_REDRAW);
	}
	return (0);

moved:
	if (t->sel != old)
		tui_table_preview(t);
	return (TUI_HANDLED|TUI_REDRAW);
}
