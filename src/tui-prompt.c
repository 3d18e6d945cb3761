/*
 * The line editor behind the console's ':' prompt: a UTF-8 buffer and a
 * cursor, changed one key at a time by prompt_key(), with readline's
 * emacs keys, history walking, Ctrl-R search and Tab completion.
 *
 * It knows nothing of curses: keys arrive as ints (prompt.h says how) and
 * the console asks prompt_view() what to draw. That keeps every key
 * testable with plain structs, and keeps curses in the console's files.
 *
 * The cursor moves over whole characters: a character is a code point with
 * a width followed by any zero-width ones (combining accents), so Left never
 * stops between a letter and its accent and Backspace removes both. Widths
 * come from wcwidth(3), as ncursesw uses, so the locale must be set (the
 * console calls setlocale before initscr anyway).
 *
 * History: Up leaves the line being typed in p->saved and shows older
 * entries; Down past the newest brings it back. Edits made to a recalled
 * entry are dropped when walking away from it; the entry itself is never
 * changed.
 *
 * Ctrl-R: each key typed refines the search, which goes on from the current
 * match so the line only ever moves to older entries; Ctrl-R again finds the
 * next older match (or, with nothing typed, searches for the last search
 * again); Backspace shortens the search and starts again from where the
 * search began. Enter runs the line found. Esc leaves the search and keeps
 * the line found for editing, as do keys that edit or move (which then do
 * their usual job), so Up and Down walk on from the match. Ctrl-G leaves
 * the search and puts back the line as it was before Ctrl-R. Ctrl-C cancels
 * the whole command line, as it does everywhere else.
 *
 * Ctrl-D deletes the character under the cursor; on an empty line it
 * cancels, as end-of-file does in a shell.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "prompt.h"
#include "utf8.h"
#include "xmalloc.h"

#define PROMPT_CTRL(c)	((c) & 0x1f)

static size_t	prompt_next(const struct prompt *, size_t);
static size_t	prompt_prev(const struct prompt *, size_t);
static bool	prompt_is_space(const struct prompt *, size_t);
static size_t	prompt_word_start(const struct prompt *, size_t);
static size_t	prompt_word_end(const struct prompt *, size_t);
static void	prompt_insert(struct prompt *, const char *, size_t);
static void	prompt_delete(struct prompt *, size_t, size_t);
static int	prompt_kill(struct prompt *, size_t, size_t);
static void	prompt_replace(struct prompt *, const char *);
static void	prompt_clear_candidates(struct prompt *);
static int	prompt_walk(struct prompt *, bool);
static int	prompt_complete(struct prompt *);
static void	prompt_search_label(struct prompt *);
static int	prompt_search_find(struct prompt *, size_t);
static int	prompt_search_start(struct prompt *);
static void	prompt_search_end(struct prompt *, bool);
static int	prompt_search_key(struct prompt *, int, bool *);
static bool	prompt_is_text(int);
static int	prompt_edit_key(struct prompt *, int);

/* Offset of the character after the one at off. */
static size_t
prompt_next(const struct prompt *p, size_t off)
{
	uint32_t	cp;
	size_t		n;

	if (off >= p->len)
		return (p->len);
	off += utf8_decode(p->buf + off, p->len - off, &cp);
	while (off < p->len) {
		n = utf8_decode(p->buf + off, p->len - off, &cp);
		if (utf8_cp_width(cp) != 0)
			break;
		off += n;
	}
	return (off);
}

/* Offset of the character before off. */
static size_t
prompt_prev(const struct prompt *p, size_t off)
{
	uint32_t	cp;
	size_t		start;

	while (off > 0) {
		start = utf8_back(p->buf, off);
		utf8_decode(p->buf + start, off - start, &cp);
		off = start;
		if (utf8_cp_width(cp) != 0)
			break;
	}
	return (off);
}

/* Whether the byte at off separates words. */
static bool
prompt_is_space(const struct prompt *p, size_t off)
{
	return (p->buf[off] == ' ' || p->buf[off] == '\t');
}

/* Where the word before off starts, skipping spaces first (Ctrl-W). */
static size_t
prompt_word_start(const struct prompt *p, size_t off)
{
	while (off > 0 && prompt_is_space(p, off - 1))
		off--;
	while (off > 0 && !prompt_is_space(p, off - 1))
		off = utf8_back(p->buf, off);
	return (off);
}

/* Where the word after off ends, skipping spaces first. */
static size_t
prompt_word_end(const struct prompt *p, size_t off)
{
	while (off < p->len && prompt_is_space(p, off))
		off++;
	while (off < p->len && !prompt_is_space(p, off))
		off = prompt_next(p, off);
	return (off);
}

/* Insert len bytes at the cursor and move the cursor after them. */
static void
prompt_insert(struct prompt *p, const char *s, size_t len)
{
	if (p->len + len + 1 > p->size) {
		while (p->len + len + 1 > p->size)
			p->size *= 2;
		p->buf = xreallocarray(p->buf, p->size, 1);
	}
	memmove(p->buf + p->cursor + len, p->buf + p->cursor,
	    p->len - p->cursor + 1);
	memcpy(p->buf + p->cursor, s, len);
	p->len += len;
	p->cursor += len;
}

/* Remove the bytes from..to; the cursor goes to from. */
static void
prompt_delete(struct prompt *p, size_t from, size_t to)
{
	memmove(p->buf + from, p->buf + to, p->len - to + 1);
	p->len -= to - from;
	p->cursor = from;
}

/*
 * Delete from..to, keeping the text for Ctrl-Y. Kills in a row make one
 * text, so Ctrl-W Ctrl-W then Ctrl-Y gives both words back.
 */
static int
prompt_kill(struct prompt *p, size_t from, size_t to)
{
	char	*text, *joined;

	if (from == to)
		return (0);
	text = xstrndup(p->buf + from, to - from);
	if (p->killing && p->kill != NULL) {
		/* Text killed backwards goes in front of the last kill. */
		if (to <= p->cursor)
			joined = xstrfmt("%s%s", text, p->kill);
		else
			joined = xstrfmt("%s%s", p->kill, text);
		free(text);
		text = joined;
	}
	free(p->kill);
	p->kill = text;
	p->killnow = true;
	prompt_delete(p, from, to);
	return (PROMPT_REDRAW);
}

/* Make the line s, the cursor at its end. */
static void
prompt_replace(struct prompt *p, const char *s)
{
	p->len = 0;
	p->cursor = 0;
	p->scroll = 0;
	p->buf[0] = '\0';
	prompt_insert(p, s, strlen(s));
}

/* Forget the candidates of the last Tab. */
static void
prompt_clear_candidates(struct prompt *p)
{
	size_t	i;

	for (i = 0; i < p->ncands; i++)
		free(p->cands[i]);
	free(p->cands);
	p->cands = NULL;
	p->ncands = 0;
}

/* Up (older) or Down (newer) in the history. */
static int
prompt_walk(struct prompt *p, bool older)
{
	const char	*line;

	if (p->hist == NULL)
		return (PROMPT_BELL);
	if (older) {
		if (p->hpos >= history_count(p->hist))
			return (PROMPT_BELL);
		if (p->hpos == 0) {
			free(p->saved);
			p->saved = xstrdup(p->buf);
		}
		p->hpos++;
	} else {
		if (p->hpos == 0)
			return (PROMPT_BELL);
		p->hpos--;
	}
	if (p->hpos == 0) {
		prompt_replace(p, p->saved != NULL ? p->saved : "");
		free(p->saved);
		p->saved = NULL;
	} else {
		line = history_get(p->hist, p->hpos - 1);
		prompt_replace(p, line != NULL ? line : "");
	}
	return (PROMPT_REDRAW);
}

/* Tab: complete the word before the cursor. */
static int
prompt_complete(struct prompt *p)
{
	struct complete		 c;
	const char *const	*names = NULL;

	if (p->names_cb != NULL)
		names = p->names_cb(p->names_arg);
	if (complete_line(p->buf, p->cursor, names, &c) == 0) {
		complete_free(&c);
		return (PROMPT_BELL);
	}

	prompt_delete(p, c.start, c.end);
	prompt_insert(p, c.insert, strlen(c.insert));
	if (c.ncands == 1) {
		/* The word is whole: go on to the next one. */
		if (p->cursor < p->len && prompt_is_space(p, p->cursor))
			p->cursor++;
		else
			prompt_insert(p, " ", 1);
		complete_free(&c);
		return (PROMPT_REDRAW);
	}

	p->cands = c.cands;
	p->ncands = c.ncands;
	c.cands = NULL;
	c.ncands = 0;
	complete_free(&c);
	return (PROMPT_REDRAW|PROMPT_LIST);
}

/* Build what is drawn in place of ':' while searching. */
static void
prompt_search_label(struct prompt *p)
{
	free(p->label);
	xasprintf(&p->label, "(%sreverse-i-search)'%s': ",
	    (p->flags & PROMPT_FAILING) ? "failed " : "", p->search);
}

/*
 * Look for the search text in entries from "from" on, older and older. On
 * a match, show the entry with the cursor on the match.
 */
static int
prompt_search_find(struct prompt *p, size_t from)
{
	const char	*line;
	size_t		 found;

	if (history_search(p->hist, p->search, from, &found) != 0) {
		p->flags |= PROMPT_FAILING;
		prompt_search_label(p);
		return (PROMPT_REDRAW|PROMPT_BELL);
	}
	p->flags &= ~PROMPT_FAILING;
	p->spos = found;
	p->smatch = true;
	line = history_get(p->hist, found);
	prompt_replace(p, line);
	p->cursor = strstr(line, p->search) - line;
	prompt_search_label(p);
	return (PROMPT_REDRAW);
}

/* Ctrl-R: start a search from the entry shown, or the newest. */
static int
prompt_search_start(struct prompt *p)
{
	if (p->hist == NULL)
		return (PROMPT_BELL);
	if (p->hpos == 0) {
		free(p->saved);
		p->saved = xstrdup(p->buf);
	}
	p->sorig = xstrdup(p->buf);
	p->sorigcursor = p->cursor;
	p->sorighpos = p->hpos;
	p->sstart = p->hpos > 0 ? p->hpos - 1 : 0;
	p->smatch = false;
	p->search = xstrdup("");
	p->flags |= PROMPT_SEARCHING;
	p->flags &= ~PROMPT_FAILING;
	prompt_search_label(p);
	return (PROMPT_REDRAW);
}

/*
 * Leave the search, keeping the line found (walking goes on from its
 * entry) or, for Ctrl-G, putting back the line from before the search.
 */
static void
prompt_search_end(struct prompt *p, bool restore)
{
	if (restore) {
		prompt_replace(p, p->sorig);
		p->cursor = p->sorigcursor;
		p->hpos = p->sorighpos;
	} else if (p->smatch)
		p->hpos = p->spos + 1;
	else
		p->hpos = p->sorighpos;

	if (*p->search != '\0') {
		free(p->lastsearch);
		p->lastsearch = p->search;
	} else
		free(p->search);
	p->search = NULL;
	free(p->sorig);
	p->sorig = NULL;
	free(p->label);
	p->label = NULL;
	p->flags &= ~(PROMPT_SEARCHING|PROMPT_FAILING);
}

/*
 * A key while searching. Sets *done when the key belongs to the search;
 * otherwise the search is over and the key is for the editor.
 */
static int
prompt_search_key(struct prompt *p, int key, bool *done)
{
	char	buf[4], *search;
	size_t	len;

	*done = true;
	if (prompt_is_text(key)) {
		len = utf8_encode(key, buf);
		search = xstrfmt("%s%.*s", p->search, (int)len, buf);
		free(p->search);
		p->search = search;
		/* The current match may still match, so start there. */
		return (prompt_search_find(p, p->smatch ? p->spos :
		    p->sstart));
	}
	switch (key) {
	case PROMPT_CTRL('R'):
		if (*p->search == '\0') {
			if (p->lastsearch == NULL)
				return (PROMPT_BELL);
			free(p->search);
			p->search = xstrdup(p->lastsearch);
			return (prompt_search_find(p, p->sstart));
		}
		if (p->flags & PROMPT_FAILING)
			return (PROMPT_BELL);	/* nothing older: no wrap */
		if (!p->smatch)
			return (prompt_search_find(p, p->sstart));
		return (prompt_search_find(p, p->spos + 1));
	case PROMPT_CTRL('H'):
	case 0x7f:
	case PROMPT_KEY_BACKSPACE:
		len = strlen(p->search);
		if (len == 0)
			return (PROMPT_BELL);
		p->search[utf8_back(p->search, len)] = '\0';
		if (*p->search == '\0') {
			prompt_replace(p, p->sorig);
			p->cursor = p->sorigcursor;
			p->smatch = false;
			p->flags &= ~PROMPT_FAILING;
			prompt_search_label(p);
			return (PROMPT_REDRAW);
		}
		p->smatch = false;
		return (prompt_search_find(p, p->sstart));
	case PROMPT_CTRL('G'):
		prompt_search_end(p, true);
		return (PROMPT_REDRAW);
	case 0x1b:
		prompt_search_end(p, false);
		return (PROMPT_REDRAW);
	}
	prompt_search_end(p, false);
	*done = false;
	return (PROMPT_REDRAW);
}

/* Whether a key is a character to insert. */
static bool
prompt_is_text(int key)
{
	if (key < 0x20 || key == 0x7f || key >= 0x110000)
		return (false);
	if (key >= 0x80 && key < 0xa0)
		return (false);		/* C1 controls */
	if (key >= 0xd800 && key <= 0xdfff)
		return (false);		/* surrogates are not characters */
	return (true);
}

/* A key outside a search. */
static int
prompt_edit_key(struct prompt *p, int key)
{
	char	buf[4];
	size_t	off;

	if (prompt_is_text(key)) {
		prompt_insert(p, buf, utf8_encode(key, buf));
		return (PROMPT_REDRAW);
	}

	switch (key) {
	case '\r':
	case '\n':
	case PROMPT_KEY_ENTER:
		/* The line stays until prompt_reset, for the console. */
		if (p->hist != NULL)
			history_add(p->hist, p->buf);
		return (PROMPT_ACCEPT);
	case PROMPT_CTRL('C'):
	case PROMPT_CTRL('G'):
	case 0x1b:
		return (PROMPT_CANCEL);
	case PROMPT_CTRL('A'):
	case PROMPT_KEY_HOME:
		if (p->cursor == 0)
			return (0);
		p->cursor = 0;
		return (PROMPT_REDRAW);
	case PROMPT_CTRL('E'):
	case PROMPT_KEY_END:
		if (p->cursor == p->len)
			return (0);
		p->cursor = p->len;
		return (PROMPT_REDRAW);
	case PROMPT_CTRL('B'):
	case PROMPT_KEY_LEFT:
		if (p->cursor == 0)
			return (PROMPT_BELL);
		p->cursor = prompt_prev(p, p->cursor);
		return (PROMPT_REDRAW);
	case PROMPT_CTRL('F'):
	case PROMPT_KEY_RIGHT:
		if (p->cursor == p->len)
			return (PROMPT_BELL);
		p->cursor = prompt_next(p, p->cursor);
		return (PROMPT_REDRAW);
	case PROMPT_KEY_WORD_LEFT:
		if (p->cursor == 0)
			return (PROMPT_BELL);
		p->cursor = prompt_word_start(p, p->cursor);
		return (PROMPT_REDRAW);
	case PROMPT_KEY_WORD_RIGHT:
		if (p->cursor == p->len)
			return (PROMPT_BELL);
		p->cursor = prompt_word_end(p, p->cursor);
		return (PROMPT_REDRAW);
	case PROMPT_CTRL('D'):
		if (p->len == 0)
			return (PROMPT_CANCEL);
		/* FALLTHROUGH */
	case PROMPT_KEY_DELETE:
		if (p->cursor == p->len)
			return (PROMPT_BELL);
		prompt_delete(p, p->cursor, prompt_next(p, p->cursor));
		return (PROMPT_REDRAW);
	case PROMPT_CTRL('H'):
	case 0x7f:
	case PROMPT_KEY_BACKSPACE:
		if (p->cursor == 0)
			return (PROMPT_BELL);
		prompt_delete(p, prompt_prev(p, p->cursor), p->cursor);
		return (PROMPT_REDRAW);
	case PROMPT_CTRL('K'):
		return (prompt_kill(p, p->cursor, p->len));
	case PROMPT_CTRL('U'):
		return (prompt_kill(p, 0, p->cursor));
	case PROMPT_CTRL('W'):
		if (p->cursor == 0)
			return (PROMPT_BELL);
		off = prompt_word_start(p, p->cursor);
		return (prompt_kill(p, off, p->cursor));
	case PROMPT_CTRL('Y'):
		if (p->kill == NULL)
			return (PROMPT_BELL);
		prompt_insert(p, p->kill, strlen(p->kill));
		return (PROMPT_REDRAW);
	case PROMPT_CTRL('L'):
		return (PROMPT_REDRAW);
	case PROMPT_CTRL('P'):
	case PROMPT_KEY_UP:
		return (prompt_walk(p, true));
	case PROMPT_CTRL('N'):
	case PROMPT_KEY_DOWN:
		return (prompt_walk(p, false));
	case PROMPT_CTRL('R'):
		return (prompt_search_start(p));
	case '\t':
		return (prompt_complete(p));
	}
	return (PROMPT_BELL);
}

struct prompt *
prompt_create(struct history *hist)
{
	struct prompt	*p;

	p = xcalloc(1, sizeof *p);
	p->size = 64;
	p->buf = xmalloc(p->size);
	p->buf[0] = '\0';
	p->hist = hist;
	return (p);
}

void
prompt_free(struct prompt *p)
{
	if (p == NULL)
		return;
	prompt_reset(p);
	free(p->kill);
	free(p->lastsearch);
	free(p->buf);
	free(p);
}

void
prompt_reset(struct prompt *p)
{
	if (p->flags & PROMPT_SEARCHING)
		prompt_search_end(p, false);
	prompt_clear_candidates(p);
	prompt_replace(p, "");
	p->hpos = 0;
	free(p->saved);
	p->saved = NULL;
	p->killing = false;
}

void
prompt_set_text(struct prompt *p, const char *text)
{
	prompt_reset(p);
	prompt_replace(p, text);
}

void
prompt_set_names(struct prompt *p, const char *const *(*cb)(void *),
    void *arg)
{
	p->names_cb = cb;
	p->names_arg = arg;
}

int
prompt_key(struct prompt *p, int key)
{
	int	flags = 0;
	bool	done = false;

	/* The list of candidates is only shown until the next key. */
	if (p->ncands != 0) {
		prompt_clear_candidates(p);
		flags |= PROMPT_REDRAW;
	}

	p->killnow = false;
	if (p->flags & PROMPT_SEARCHING)
		flags |= prompt_search_key(p, key, &done);
	if (!done)
		flags |= prompt_edit_key(p, key);
	p->killing = p->killnow;
	return (flags);
}

const char *
prompt_text(const struct prompt *p)
{
	return (p->buf);
}

size_t
prompt_cursor(const struct prompt *p)
{
	return (p->cursor);
}

u_int
prompt_column(const struct prompt *p)
{
	return (prompt_width(p->buf, p->cursor));
}

const char *
prompt_label(const struct prompt *p)
{
	return (p->label);
}

char *const *
prompt_candidates(const struct prompt *p, size_t *n)
{
	*n = p->ncands;
	return (p->ncands != 0 ? p->cands : NULL);
}

/*
 * The slice of the line that fits width columns with the cursor cell in
 * it. The start (p->scroll) only moves when the cursor would leave the
 * slice, and then by half the width, so the line does not jump at every
 * key; it moves back when the end of the line leaves room on the right.
 */
void
prompt_view(struct prompt *p, u_int width, struct prompt_view *v)
{
	size_t	off, prev, end;
	u_int	used, w;

	memset(v, 0, sizeof *v);
	v->text = p->buf;
	if (p->scroll > p->len)
		p->scroll = 0;

	if (width == 0) {
		v->text = p->buf + p->cursor;
		v->left = p->cursor > 0;
		v->right = p->cursor < p->len;
		return;
	}
	/*
	 * A column is kept after the end for the cursor to sit in, wherever
	 * the cursor is, so moving off the end does not shift the line.
	 */
	if (prompt_width(p->buf, p->len) + 1 <= width)
		p->scroll = 0;
	else {
		if (p->cursor < p->scroll || prompt_width(p->buf + p->scroll,
		    p->cursor - p->scroll) >= width) {
			off = p->cursor;
			used = 0;
			while (off > 0) {
				prev = prompt_prev(p, off);
				w = prompt_width(p->buf + prev, off - prev);
				if (used + w > width / 2)
					break;
				used += w;
				off = prev;
			}
			p->scroll = off;
		}
		while (p->scroll > 0) {
			prev = prompt_prev(p, p->scroll);
			if (prompt_width(p->buf + prev, p->len - prev) + 1 >
			    width)
				break;
			p->scroll = prev;
		}
	}

	end = p->scroll;
	used = 0;
	while (end < p->len) {
		off = prompt_next(p, end);
		w = prompt_width(p->buf + end, off - end);
		if (used + w > width)
			break;
		used += w;
		end = off;
	}
	v->text = p->buf + p->scroll;
	v->len = end - p->scroll;
	v->cursor = prompt_width(p->buf + p->scroll, p->cursor - p->scroll);
	v->left = p->scroll > 0;
	v->right = end < p->len;
}

u_int
prompt_width(const char *s, size_t len)
{
	return (utf8_width(s, len));
}
