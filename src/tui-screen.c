/*
 * A process's screen on the console side. The console attaches to the
 * process like taskmasterctl does (read-only for the preview) and feeds
 * what comes into a local libvterm, at the size the daemon says the
 * screen has (SIZE events). Drawing is then a matter of reading cells:
 * wide characters, attributes and colours (256 and RGB brought down to
 * what the terminal has) go to curses. Keys are encoded by the same local
 * libvterm, which knows the modes the process set (cursor keys, keypad),
 * so arrows send ESC O A or ESC [ A as the process expects.
 */

#include <arpa/inet.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <stdlib.h>
#include <string.h>
#include <vterm.h>

#include "proto.h"
#include "tui.h"
#include "xmalloc.h"

static void	tui_screen_output_cb(const char *, size_t, void *);
static void	tui_screen_size(struct tui_screen *, u_int, u_int);
static int	tui_screen_colour(struct tui *, const VTermColor *, bool);
static void	tui_screen_flush_keys(struct tui_screen *);

struct tui_screen *
tui_screen_open(struct tui *t, const char *name, bool readonly, u_int cols,
    u_int rows)
{
	struct tui_screen	*s;

	s = xcalloc(1, sizeof *s);
	s->tui = t;
	s->name = xstrdup(name);
	s->readonly = readonly;
	s->alive = true;
	s->keys = evbuffer_new();
	tui_screen_size(s, cols, rows);

	s->id = t->next_id++;
	client_attach_command(bufferevent_get_output(t->bev), s->id, name,
	    readonly, cols, rows);
	return (s);
}

void
tui_screen_close(struct tui_screen *s)
{
	if (s->id != 0)
		tui_client_input(s->tui, s->id, MSG_DETACH, NULL, 0);
	if (s->vt != NULL)
		vterm_free(s->vt);
	evbuffer_free(s->keys);
	free(s->state);
	free(s->name);
	free(s);
}

/* (Re)make the local screen at the size the stream is drawn at. */
static void
tui_screen_size(struct tui_screen *s, u_int cols, u_int rows)
{
	if (cols < 2)
		cols = 2;
	if (rows < 2)
		rows = 2;
	if (s->vt != NULL && cols == s->cols && rows == s->rows)
		return;
	s->cols = cols;
	s->rows = rows;
	if (s->vt != NULL) {
		vterm_set_size(s->vt, rows, cols);
		return;
	}
	s->vt = vterm_new(rows, cols);
	vterm_set_utf8(s->vt, 1);
	vterm_output_set_callback(s->vt, tui_screen_output_cb, s);
	s->vts = vterm_obtain_screen(s->vt);
	vterm_screen_enable_altscreen(s->vts, 1);
	vterm_screen_reset(s->vts, 1);
}

/* What the local libvterm says: key encodings, to be sent as input. */
static void
tui_screen_output_cb(const char *buf, size_t len, void *arg)
{
	struct tui_screen	*s = arg;

	evbuffer_add(s->keys, buf, len);
}

static void
tui_screen_flush_keys(struct tui_screen *s)
{
	size_t	 len = evbuffer_get_length(s->keys);

	if (len == 0)
		return;
	if (s->id != 0 && !s->readonly && s->alive)
		tui_client_input(s->tui, s->id, MSG_INPUT,
		    evbuffer_pullup(s->keys, -1), len);
	evbuffer_drain(s->keys, len);
}

void
tui_screen_data(struct tui_screen *s, const char *buf, size_t len)
{
	vterm_input_write(s->vt, buf, len);
	vterm_screen_flush_damage(s->vts);
	/* The stream holds no queries, but never answer one. */
	evbuffer_drain(s->keys, evbuffer_get_length(s->keys));
	tui_redraw(s->tui);
}

void
tui_screen_event(struct tui_screen *s, const char *ev)
{
	u_int	 cols, rows;

	if (sscanf(ev, "SIZE %u %u", &cols, &rows) == 2) {
		tui_screen_size(s, cols, rows);
		return;
	}
	if (strncmp(ev, "STATE ", 6) == 0) {
		free(s->state);
		s->state = xstrdup(ev + 6);
		s->alive = strncmp(s->state, "RUNNING", 7) == 0 ||
		    strncmp(s->state, "STARTING", 8) == 0 ||
		    strncmp(s->state, "BACKOFF", 7) == 0 ||
		    strncmp(s->state, "STOPPING", 8) == 0;
		tui_redraw(s->tui);
	}
}

void
tui_screen_resize(struct tui_screen *s, u_int cols, u_int rows)
{
	uint16_t	 sz[2];

	if (s->id == 0)
		return;
	sz[0] = htons(cols);
	sz[1] = htons(rows);
	tui_client_input(s->tui, s->id, MSG_RESIZE, sz, sizeof sz);
}

/* A libvterm colour as a curses colour number, -1 for the default. */
static int
tui_screen_colour(struct tui *t, const VTermColor *c, bool fg)
{
	static const int	 levels[] = { 0, 95, 135, 175, 215, 255 };
	int			 idx, r, g, b, i, best, d, bestd;

	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(c) : VTERM_COLOR_IS_DEFAULT_BG(c))
		return (-1);
	if (VTERM_COLOR_IS_INDEXED(c))
		idx = c->indexed.idx;
	else {
		/* Nearest of the 6x6x6 cube. */
		r = c->rgb.red;
		g = c->rgb.green;
		b = c->rgb.blue;
		best = 0;
		bestd = 1 << 30;
		for (i = 0; i < 216; i++) {
			d = (levels[i / 36] - r) * (levels[i / 36] - r) +
			    (levels[(i / 6) % 6] - g) *
			    (levels[(i / 6) % 6] - g) +
			    (levels[i % 6] - b) * (levels[i % 6] - b);
			if (d < bestd) {
				bestd = d;
				best = i;
			}
		}
		idx = 16 + best;
	}
	if (idx < COLORS)
		return (idx);
	if (idx < 16)
		return (idx - 8);
	return (idx % 8);
}

void
tui_screen_draw(struct tui_screen *s, int y, int x, int h, int w,
    bool bottom)
{
	struct tui		*t = s->tui;
	VTermScreenCell		 cell;
	VTermPos		 pos, cursor;
	cchar_t			 cc;
	wchar_t			 wch[CCHARW_MAX + 1];
	attr_t			 attr;
	short			 pair;
	int			 first = 0, row, col, i, last = -1;

	if (s->vt == NULL || h <= 0 || w <= 0)
		return;
	vterm_state_get_cursorpos(vterm_obtain_state(s->vt), &cursor);
	if (bottom && (int)s->rows > h) {
		/* Show the end of what was written, cursor included. */
		for (row = 0; row < (int)s->rows; row++) {
			pos.row = row;
			for (col = 0; col < (int)s->cols; col++) {
				pos.col = col;
				vterm_screen_get_cell(s->vts, pos, &cell);
				if (cell.chars[0] != 0 && cell.chars[0] != ' ') {
					last = row;
					break;
				}
			}
		}
		if (cursor.row > last)
			last = cursor.row;
		first = last + 1 - h;
		if (first < 0)
			first = 0;
	}
	for (row = 0; row < h && first + row < (int)s->rows; row++) {
		pos.row = first + row;
		for (col = 0; col < w && col < (int)s->cols; col++) {
			pos.col = col;
			vterm_screen_get_cell(s->vts, pos, &cell);
			if (cell.chars[0] == (uint32_t)-1)
				continue;
			if (cell.width == 2 && col + 1 >= w)
				break;
			for (i = 0; i < CCHARW_MAX && i <
			    VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0; i++)
				wch[i] = cell.chars[i];
			if (i == 0)
				wch[i++] = L' ';
			wch[i] = L'\0';
			attr = A_NORMAL;
			if (cell.attrs.bold)
				attr |= A_BOLD;
			if (cell.attrs.underline)
				attr |= A_UNDERLINE;
			if (cell.attrs.italic)
				attr |= A_ITALIC;
			if (cell.attrs.blink)
				attr |= A_BLINK;
			if (cell.attrs.reverse)
				attr |= A_REVERSE;
			pair = tui_pair(t, tui_screen_colour(t, &cell.fg, true),
			    tui_screen_colour(t, &cell.bg, false));
			setcchar(&cc, wch, attr, pair, NULL);
			mvadd_wch(y + row, x + col, &cc);
		}
	}
	if (!bottom && cursor.row < h && cursor.col < w) {
		move(y + cursor.row, x + cursor.col);
		curs_set(1);
	}
}

void
tui_screen_key(struct tui_screen *s, wint_t wc, bool fkey)
{
	VTermModifier	 mod = VTERM_MOD_NONE;
	VTermKey	 key = VTERM_KEY_NONE;

	if (s->vt == NULL)
		return;
	if (!fkey) {
		vterm_keyboard_unichar(s->vt, wc, VTERM_MOD_NONE);
		tui_screen_flush_keys(s);
		return;
	}
	switch (wc) {
	case KEY_UP:
		key = VTERM_KEY_UP;
		break;
	case KEY_DOWN:
		key = VTERM_KEY_DOWN;
		break;
	case KEY_LEFT:
		key = VTERM_KEY_LEFT;
		break;
	case KEY_RIGHT:
		key = VTERM_KEY_RIGHT;
		break;
	case KEY_SR:
		key = VTERM_KEY_UP;
		mod = VTERM_MOD_SHIFT;
		break;
	case KEY_SF:
		key = VTERM_KEY_DOWN;
		mod = VTERM_MOD_SHIFT;
		break;
	case KEY_SLEFT:
		key = VTERM_KEY_LEFT;
		mod = VTERM_MOD_SHIFT;
		break;
	case KEY_SRIGHT:
		key = VTERM_KEY_RIGHT;
		mod = VTERM_MOD_SHIFT;
		break;
	case KEY_HOME:
		key = VTERM_KEY_HOME;
		break;
	case KEY_END:
		key = VTERM_KEY_END;
		break;
	case KEY_PPAGE:
		key = VTERM_KEY_PAGEUP;
		break;
	case KEY_NPAGE:
		key = VTERM_KEY_PAGEDOWN;
		break;
	case KEY_IC:
		key = VTERM_KEY_INS;
		break;
	case KEY_DC:
		key = VTERM_KEY_DEL;
		break;
	case KEY_BACKSPACE:
		key = VTERM_KEY_BACKSPACE;
		break;
	case KEY_ENTER:
		key = VTERM_KEY_ENTER;
		break;
	case KEY_BTAB:
		key = VTERM_KEY_TAB;
		mod = VTERM_MOD_SHIFT;
		break;
	default:
		if (wc >= (wint_t)KEY_F(1) && wc <= (wint_t)KEY_F(24))
			key = VTERM_KEY_FUNCTION(wc - KEY_F0);
		break;
	}
	if (key == VTERM_KEY_NONE)
		return;
	vterm_keyboard_key(s->vt, key, mod);
	tui_screen_flush_keys(s);
}
