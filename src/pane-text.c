/*
 * Screens as text. Three shapes of the same cells: plain UTF-8 for tail
 * (no escapes, trailing blanks trimmed), a line with SGR escapes where the
 * pen changes for the scrollback ring (compact: a default line is just its
 * text), and cursor-addressed rows for viewers, which paint exactly the
 * cells libvterm holds, colours, attributes and wide characters included.
 */

#include <event2/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vterm.h>

#include "taskmaster.h"
#include "utf8.h"
#include "xmalloc.h"

/* The pen of a cell: what SGR must say before its text. */
struct pen {
	VTermScreenCellAttrs attrs;
	VTermColor	 fg;
	VTermColor	 bg;
};

static void	pane_text_pen(const VTermScreenCell *, struct pen *);
static bool	pane_text_pen_default(const struct pen *);
static bool	pane_text_pen_equal(const struct pen *, const struct pen *);
static void	pane_text_sgr(struct evbuffer *, const struct pen *);
static void	pane_text_color(struct evbuffer *, const VTermColor *, int);
static bool	pane_text_blank(const VTermScreenCell *);
static void	pane_text_row(struct evbuffer *, const VTermScreenCell *, int,
		    bool, bool);
static void	pane_text_cursor(struct pane *, struct evbuffer *, bool);
static VTermScreenCell *pane_text_get_row(struct pane *, int,
		    VTermScreenCell *);

static void
pane_text_pen(const VTermScreenCell *cell, struct pen *pen)
{
	memset(pen, 0, sizeof *pen);
	pen->attrs = cell->attrs;
	pen->attrs.dwl = 0;
	pen->attrs.dhl = 0;
	pen->attrs.font = 0;
	pen->fg = cell->fg;
	pen->bg = cell->bg;
}

static bool
pane_text_pen_default(const struct pen *pen)
{
	const VTermScreenCellAttrs	*a = &pen->attrs;

	return (!a->bold && !a->underline && !a->italic && !a->blink &&
	    !a->reverse && !a->strike && VTERM_COLOR_IS_DEFAULT_FG(&pen->fg) &&
	    VTERM_COLOR_IS_DEFAULT_BG(&pen->bg));
}

static bool
pane_text_pen_equal(const struct pen *a, const struct pen *b)
{
	if (a->attrs.bold != b->attrs.bold ||
	    a->attrs.underline != b->attrs.underline ||
	    a->attrs.italic != b->attrs.italic ||
	    a->attrs.blink != b->attrs.blink ||
	    a->attrs.reverse != b->attrs.reverse ||
	    a->attrs.strike != b->attrs.strike)
		return (false);
	if (VTERM_COLOR_IS_DEFAULT_FG(&a->fg) !=
	    VTERM_COLOR_IS_DEFAULT_FG(&b->fg) ||
	    VTERM_COLOR_IS_DEFAULT_BG(&a->bg) !=
	    VTERM_COLOR_IS_DEFAULT_BG(&b->bg))
		return (false);
	if (!VTERM_COLOR_IS_DEFAULT_FG(&a->fg) &&
	    !vterm_color_is_equal(&a->fg, &b->fg))
		return (false);
	if (!VTERM_COLOR_IS_DEFAULT_BG(&a->bg) &&
	    !vterm_color_is_equal(&a->bg, &b->bg))
		return (false);
	return (true);
}

/* One colour as SGR parameters; base is 30 (foreground) or 40. */
static void
pane_text_color(struct evbuffer *out, const VTermColor *c, int base)
{
	if (VTERM_COLOR_IS_INDEXED(c)) {
		if (c->indexed.idx < 8)
			evbuffer_add_printf(out, ";%d", base + c->indexed.idx);
		else if (c->indexed.idx < 16)
			evbuffer_add_printf(out, ";%d",
			    base + 60 + c->indexed.idx - 8);
		else
			evbuffer_add_printf(out, ";%d;5;%d", base + 8,
			    c->indexed.idx);
	} else
		evbuffer_add_printf(out, ";%d;2;%d;%d;%d", base + 8,
		    c->rgb.red, c->rgb.green, c->rgb.blue);
}

/* SGR from a reset: the whole pen, so no state is assumed. */
static void
pane_text_sgr(struct evbuffer *out, const struct pen *pen)
{
	const VTermScreenCellAttrs	*a = &pen->attrs;

	evbuffer_add(out, "\033[0", 3);
	if (a->bold)
		evbuffer_add(out, ";1", 2);
	if (a->italic)
		evbuffer_add(out, ";3", 2);
	if (a->underline == VTERM_UNDERLINE_SINGLE)
		evbuffer_add(out, ";4", 2);
	else if (a->underline == VTERM_UNDERLINE_DOUBLE)
		evbuffer_add(out, ";21", 3);
	else if (a->underline == VTERM_UNDERLINE_CURLY)
		evbuffer_add(out, ";4:3", 4);
	if (a->blink)
		evbuffer_add(out, ";5", 2);
	if (a->reverse)
		evbuffer_add(out, ";7", 2);
	if (a->strike)
		evbuffer_add(out, ";9", 2);
	if (!VTERM_COLOR_IS_DEFAULT_FG(&pen->fg))
		pane_text_color(out, &pen->fg, 30);
	if (!VTERM_COLOR_IS_DEFAULT_BG(&pen->bg))
		pane_text_color(out, &pen->bg, 40);
	evbuffer_add(out, "m", 1);
}

/* A cell that shows nothing: a space (or nothing) on the default pen. */
static bool
pane_text_blank(const VTermScreenCell *cell)
{
	struct pen	 pen;

	if (cell->chars[0] != 0 && cell->chars[0] != ' ')
		return (false);
	pane_text_pen(cell, &pen);
	return (VTERM_COLOR_IS_DEFAULT_BG(&pen.bg) && !pen.attrs.reverse &&
	    !pen.attrs.underline && !pen.attrs.strike);
}

/*
 * The cells of one row. Trailing blanks are left out; with erase, they
 * are cleared with EL on the default pen instead (a viewer's terminal
 * may hold anything there).
 */
static void
pane_text_row(struct evbuffer *out, const VTermScreenCell *cells, int n,
    bool esc, bool erase)
{
	struct pen	 cur, pen;
	char		 buf[4];
	int		 last, col, i;
	bool		 pen_set = false;

	for (last = n - 1; last >= 0; last--) {
		if (!pane_text_blank(&cells[last]) &&
		    cells[last].chars[0] != (uint32_t)-1)
			break;
	}
	memset(&cur, 0, sizeof cur);
	for (col = 0; col <= last; col++) {
		/* The right half of a wide character is drawn with it. */
		if (cells[col].chars[0] == (uint32_t)-1)
			continue;
		if (esc) {
			pane_text_pen(&cells[col], &pen);
			if (!pen_set || !pane_text_pen_equal(&pen, &cur)) {
				if (pen_set || !pane_text_pen_default(&pen))
					pane_text_sgr(out, &pen);
				cur = pen;
				pen_set = true;
			}
		}
		if (cells[col].chars[0] == 0) {
			evbuffer_add(out, " ", 1);
			continue;
		}
		for (i = 0; i < VTERM_MAX_CHARS_PER_CELL &&
		    cells[col].chars[i] != 0; i++)
			evbuffer_add(out, buf,
			    utf8_encode(cells[col].chars[i], buf));
	}
	if (esc && pen_set && !pane_text_pen_default(&cur))
		evbuffer_add(out, "\033[0m", 4);
	if (erase)
		evbuffer_add(out, "\033[K", 3);
}

char *
pane_text_cells(const void *cells, int n, bool esc)
{
	static struct evbuffer	*out;
	char			*s;
	size_t			 len;

	/* Called for every line that scrolls: reuse one buffer. */
	if (out == NULL)
		out = evbuffer_new();
	pane_text_row(out, cells, n, esc, false);
	len = evbuffer_get_length(out);
	s = xmalloc(len + 1);
	evbuffer_remove(out, s, len);
	s[len] = '\0';
	return (s);
}

char *
pane_text_strip(const char *line)
{
	char		*s, *o;
	const char	*p;

	s = o = xmalloc(strlen(line) + 1);
	for (p = line; *p != '\0'; p++) {
		if (*p != '\033') {
			*o++ = *p;
			continue;
		}
		/* CSI: parameters and intermediates up to a final byte. */
		if (p[1] == '[') {
			for (p += 2; *p != '\0' && (*p < 0x40 || *p > 0x7e);
			    p++)
				;
			if (*p == '\0')
				break;
			continue;
		}
		if (p[1] != '\0')
			p++;
	}
	*o = '\0';
	return (s);
}

/* Read one row of the screen into cells (cols long). */
static VTermScreenCell *
pane_text_get_row(struct pane *pn, int row, VTermScreenCell *cells)
{
	VTermPos	 pos;

	pos.row = row;
	for (pos.col = 0; pos.col < (int)pn->cols; pos.col++)
		vterm_screen_get_cell(pn->vts, pos, &cells[pos.col]);
	return (cells);
}

char **
pane_text_tail(struct pane *pn, u_int want, u_int *count)
{
	VTermScreenCell	*cells;
	VTermPos	 cursor;
	char		**lines;
	u_int		 n = 0, total, first, i;
	int		 row, last;

	*count = 0;
	if (pn->vt != NULL)
		pane_flush(pn);
	total = pn->sb_count + (pn->vt != NULL ? pn->rows : 0);
	lines = xcalloc(total + 1, sizeof *lines);
	for (i = 0; i < pn->sb_count; i++)
		lines[n++] = pane_text_strip(pn->sb[(pn->sb_first + i) %
		    pn->sb_max]);
	if (pn->vt != NULL) {
		/* Rows below both the cursor and the last text are not news. */
		cells = xreallocarray(NULL, pn->cols, sizeof *cells);
		vterm_state_get_cursorpos(vterm_obtain_state(pn->vt), &cursor);
		/* The scrollback is kept even below an empty screen. */
		last = (int)n - 1;
		for (row = 0; row < (int)pn->rows; row++) {
			lines[n] = pane_text_cells(pane_text_get_row(pn, row,
			    cells), pn->cols, false);
			if (*lines[n] != '\0' || row < cursor.row)
				last = n;
			n++;
		}
		free(cells);
		while ((int)n > last + 1)
			free(lines[--n]);
	}
	first = n > want ? n - want : 0;
	for (i = 0; i < first; i++)
		free(lines[i]);
	memmove(lines, lines + first, (n - first) * sizeof *lines);
	lines[n - first] = NULL;
	*count = n - first;
	return (lines);
}

/* Place and show (or hide) the cursor as the screen has it. */
static void
pane_text_cursor(struct pane *pn, struct evbuffer *out, bool visible)
{
	VTermPos	 pos = { 0, 0 };

	if (pn->vt != NULL)
		vterm_state_get_cursorpos(vterm_obtain_state(pn->vt), &pos);
	evbuffer_add_printf(out, "\033[%d;%dH", pos.row + 1, pos.col + 1);
	if (visible)
		evbuffer_add(out, "\033[?25h", 6);
}

void
pane_text_rows(struct pane *pn, struct evbuffer *out, int first, int last)
{
	VTermScreenCell	*cells;
	int		 row;

	evbuffer_add(out, "\033[?25l", 6);
	if (pn->vt != NULL && first <= last) {
		if (last >= (int)pn->rows)
			last = pn->rows - 1;
		cells = xreallocarray(NULL, pn->cols, sizeof *cells);
		for (row = first; row <= last; row++) {
			evbuffer_add_printf(out, "\033[%d;1H\033[0m", row + 1);
			pane_text_row(out, pane_text_get_row(pn, row, cells),
			    pn->cols, true, true);
		}
		free(cells);
	}
	pane_text_cursor(pn, out, pn->modes.cursor_visible);
}

void
pane_text_repaint(struct pane *pn, struct evbuffer *out,
    const struct pane_modes *m)
{
	static const char	 clear[] = "\033[?25l\033[0m\033[H\033[2J";

	evbuffer_add(out, clear, sizeof clear - 1);
	pane_text_rows(pn, out, 0, pn->rows - 1);
	if (!m->cursor_visible)
		evbuffer_add(out, "\033[?25l", 6);
}

void
pane_text_modes(struct evbuffer *out, const struct pane_modes *from,
    const struct pane_modes *to)
{
	static const struct pane_modes	 reset;
	static const int		 mice[] = { 0, 1000, 1002, 1003 };

	if (from == NULL)
		from = &reset;
	if (from == &reset || from->cursor_keys != to->cursor_keys)
		evbuffer_add(out, to->cursor_keys ? "\033[?1h" : "\033[?1l", 5);
	if (from == &reset || from->keypad != to->keypad)
		evbuffer_add(out, to->keypad ? "\033=" : "\033>", 2);
	if (from == &reset || from->paste != to->paste)
		evbuffer_add(out, to->paste ? "\033[?2004h" : "\033[?2004l",
		    8);
	if (from->mouse != to->mouse || from == &reset) {
		if (from->mouse > 0 && from->mouse < 4)
			evbuffer_add_printf(out, "\033[?%dl\033[?1006l",
			    mice[from->mouse]);
		if (to->mouse > 0 && to->mouse < 4)
			evbuffer_add_printf(out, "\033[?%dh\033[?1006h",
			    mice[to->mouse]);
	}
}
