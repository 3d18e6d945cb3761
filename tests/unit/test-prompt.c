/*
 * The line editor as plain structs: every key and what it returns, UTF-8
 * and wide characters (cursor offsets and columns), history walking with
 * the edited line kept, Ctrl-R search, Tab through prompt_key, and the
 * visible slice of a line longer than the screen.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>

#include "prompt.h"

#define CTRL(c)		((c) & 0x1f)
#define ESC		0x1b
#define DEL		0x7f

static bool	utf8_locale;

static const char *const names[] = {
	"web:0", "web:1", "web", "worker", "api", NULL
};

static void	type(struct prompt *, const char *);
static void	is(struct prompt *, const char *, size_t);
static void	keys(struct prompt *, int, int);
static struct history *example_history(void);
static const char *const *names_cb(void *);
static void	need_utf8(void);

/* Type a UTF-8 string, one key per character; each must redraw. */
static void
type(struct prompt *p, const char *s)
{
	mbstate_t	 ps;
	wchar_t		 wc;
	size_t		 n, len = strlen(s);

	memset(&ps, 0, sizeof ps);
	while (len > 0) {
		n = mbrtowc(&wc, s, len, &ps);
		assert_true(n > 0 && n <= len);
		assert_int_equal(prompt_key(p, wc), PROMPT_REDRAW);
		s += n;
		len -= n;
	}
}

/* The line and the cursor (bytes) must be these. */
static void
is(struct prompt *p, const char *text, size_t cursor)
{
	assert_string_equal(prompt_text(p), text);
	assert_int_equal(prompt_cursor(p), cursor);
}

/* Press a key n times, each time redrawing. */
static void
keys(struct prompt *p, int key, int n)
{
	while (n-- > 0)
		assert_int_equal(prompt_key(p, key), PROMPT_REDRAW);
}

/* A history, newest first: stop worker, start web, stop web, status. */
static struct history *
example_history(void)
{
	struct history	*hs;

	hs = history_create(HISTORY_MAX);
	history_add(hs, "status");
	history_add(hs, "stop web");
	history_add(hs, "start web");
	history_add(hs, "stop worker");
	return (hs);
}

/* Names for Tab, as the console gives them. */
static const char *const *
names_cb(void *arg)
{
	int	*calls = arg;

	if (calls != NULL)
		(*calls)++;
	return (names);
}

/* Skip a test that needs a UTF-8 locale if there is none. */
static void
need_utf8(void)
{
	if (!utf8_locale)
		skip();
}

static void
test_insert(void **state)
{
	struct prompt	*p;

	p = prompt_create(NULL);
	is(p, "", 0);
	type(p, "stop web");
	is(p, "stop web", 8);
	assert_int_equal(prompt_column(p), 8);
	assert_int_equal(prompt_key(p, PROMPT_KEY_HOME), PROMPT_REDRAW);
	type(p, "x");
	is(p, "xstop web", 1);
	keys(p, PROMPT_KEY_RIGHT, 4);
	type(p, "!");
	is(p, "xstop! web", 6);
	/* A long line grows the buffer. */
	prompt_set_text(p, "");
	type(p, "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789");
	assert_int_equal(strlen(prompt_text(p)), 80);
	assert_int_equal(prompt_cursor(p), 80);
	prompt_free(p);
	prompt_free(NULL);
}

static void
test_move(void **state)
{
	struct prompt	*p;

	p = prompt_create(NULL);
	type(p, "abc");
	assert_int_equal(prompt_key(p, PROMPT_KEY_LEFT), PROMPT_REDRAW);
	is(p, "abc", 2);
	assert_int_equal(prompt_key(p, CTRL('B')), PROMPT_REDRAW);
	is(p, "abc", 1);
	assert_int_equal(prompt_key(p, PROMPT_KEY_HOME), PROMPT_REDRAW);
	is(p, "abc", 0);
	/* Already there: nothing to do, nothing wrong. */
	assert_int_equal(prompt_key(p, PROMPT_KEY_HOME), 0);
	assert_int_equal(prompt_key(p, CTRL('A')), 0);
	/* Past the edge: the bell. */
	assert_int_equal(prompt_key(p, PROMPT_KEY_LEFT), PROMPT_BELL);
	assert_int_equal(prompt_key(p, CTRL('B')), PROMPT_BELL);
	is(p, "abc", 0);
	assert_int_equal(prompt_key(p, CTRL('F')), PROMPT_REDRAW);
	is(p, "abc", 1);
	assert_int_equal(prompt_key(p, PROMPT_KEY_RIGHT), PROMPT_REDRAW);
	is(p, "abc", 2);
	assert_int_equal(prompt_key(p, PROMPT_KEY_END), PROMPT_REDRAW);
	is(p, "abc", 3);
	assert_int_equal(prompt_key(p, PROMPT_KEY_END), 0);
	assert_int_equal(prompt_key(p, CTRL('E')), 0);
	assert_int_equal(prompt_key(p, PROMPT_KEY_RIGHT), PROMPT_BELL);
	assert_int_equal(prompt_key(p, CTRL('F')), PROMPT_BELL);
	is(p, "abc", 3);
	assert_int_equal(prompt_key(p, CTRL('A')), PROMPT_REDRAW);
	is(p, "abc", 0);
	assert_int_equal(prompt_key(p, CTRL('E')), PROMPT_REDRAW);
	is(p, "abc", 3);
	prompt_free(p);
}

static void
test_word_move(void **state)
{
	struct prompt	*p;

	p = prompt_create(NULL);
	type(p, "signal  HUP web:0 ");
	keys(p, PROMPT_KEY_WORD_LEFT, 1);
	is(p, "signal  HUP web:0 ", 12);
	keys(p, PROMPT_KEY_WORD_LEFT, 1);
	is(p, "signal  HUP web:0 ", 8);
	keys(p, PROMPT_KEY_WORD_LEFT, 1);
	is(p, "signal  HUP web:0 ", 0);
	assert_int_equal(prompt_key(p, PROMPT_KEY_WORD_LEFT), PROMPT_BELL);
	keys(p, PROMPT_KEY_WORD_RIGHT, 1);
	is(p, "signal  HUP web:0 ", 6);
	keys(p, PROMPT_KEY_WORD_RIGHT, 1);
	is(p, "signal  HUP web:0 ", 11);
	keys(p, PROMPT_KEY_WORD_RIGHT, 2);
	is(p, "signal  HUP web:0 ", 18);
	assert_int_equal(prompt_key(p, PROMPT_KEY_WORD_RIGHT), PROMPT_BELL);
	prompt_free(p);
}

static void
test_delete(void **state)
{
	struct prompt	*p;

	p = prompt_create(NULL);
	type(p, "abcde");
	keys(p, PROMPT_KEY_HOME, 1);
	keys(p, PROMPT_KEY_RIGHT, 1);
	assert_int_equal(prompt_key(p, PROMPT_KEY_DELETE), PROMPT_REDRAW);
	is(p, "acde", 1);
	assert_int_equal(prompt_key(p, CTRL('D')), PROMPT_REDRAW);
	is(p, "ade", 1);
	keys(p, PROMPT_KEY_END, 1);
	/* At the end: nothing under the cursor, and no cancel either. */
	assert_int_equal(prompt_key(p, PROMPT_KEY_DELETE), PROMPT_BELL);
	assert_int_equal(prompt_key(p, CTRL('D')), PROMPT_BELL);
	is(p, "ade", 3);
	assert_int_equal(prompt_key(p, DEL), PROMPT_REDRAW);
	is(p, "ad", 2);
	keys(p, PROMPT_KEY_LEFT, 1);
	assert_int_equal(prompt_key(p, CTRL('H')), PROMPT_REDRAW);
	is(p, "d", 0);
	assert_int_equal(prompt_key(p, DEL), PROMPT_BELL);
	assert_int_equal(prompt_key(p, CTRL('H')), PROMPT_BELL);
	assert_int_equal(prompt_key(p, PROMPT_KEY_BACKSPACE), PROMPT_BELL);
	keys(p, PROMPT_KEY_END, 1);
	assert_int_equal(prompt_key(p, PROMPT_KEY_BACKSPACE), PROMPT_REDRAW);
	is(p, "", 0);
	/* Ctrl-D on an empty line cancels, as end-of-file. */
	assert_int_equal(prompt_key(p, CTRL('D')), PROMPT_CANCEL);
	assert_int_equal(prompt_key(p, PROMPT_KEY_DELETE), PROMPT_BELL);
	prompt_free(p);
}

static void
test_kill_and_yank(void **state)
{
	struct prompt	*p;

	p = prompt_create(NULL);
	/* Nothing killed yet. */
	assert_int_equal(prompt_key(p, CTRL('Y')), PROMPT_BELL);

	type(p, "stop web worker");
	keys(p, PROMPT_KEY_HOME, 1);
	keys(p, PROMPT_KEY_RIGHT, 5);
	assert_int_equal(prompt_key(p, CTRL('K')), PROMPT_REDRAW);
	is(p, "stop ", 5);
	assert_int_equal(prompt_key(p, CTRL('K')), 0);
	assert_int_equal(prompt_key(p, CTRL('Y')), PROMPT_REDRAW);
	is(p, "stop web worker", 15);

	keys(p, PROMPT_KEY_LEFT, 6);
	assert_int_equal(prompt_key(p, CTRL('U')), PROMPT_REDRAW);
	is(p, "worker", 0);
	assert_int_equal(prompt_key(p, CTRL('U')), 0);
	keys(p, PROMPT_KEY_END, 1);
	keys(p, CTRL('Y'), 1);
	is(p, "workerstop web ", 15);
	assert_int_equal(prompt_key(p, CTRL('U')), PROMPT_REDRAW);
	is(p, "", 0);
	keys(p, CTRL('Y'), 1);
	is(p, "workerstop web ", 15);
	prompt_free(p);
}

static void
test_word_rubout(void **state)
{
	struct prompt	*p;

	p = prompt_create(NULL);
	assert_int_equal(prompt_key(p, CTRL('W')), PROMPT_BELL);
	prompt_set_text(p, "stop  web:0\t ");
	/* Spaces before the cursor go with the word, as unix-word-rubout. */
	assert_int_equal(prompt_key(p, CTRL('W')), PROMPT_REDRAW);
	is(p, "stop  ", 6);
	assert_int_equal(prompt_key(p, CTRL('W')), PROMPT_REDRAW);
	is(p, "", 0);
	assert_int_equal(prompt_key(p, CTRL('W')), PROMPT_BELL);
	/* Kills in a row come back as one. */
	keys(p, CTRL('Y'), 1);
	is(p, "stop  web:0\t ", 13);

	/* In the middle: only what is before the cursor. */
	prompt_set_text(p, "signal HUP web");
	keys(p, PROMPT_KEY_LEFT, 4);
	keys(p, CTRL('W'), 1);
	is(p, "signal  web", 7);
	/* A move in between: the next kill starts afresh. */
	keys(p, PROMPT_KEY_END, 1);
	keys(p, CTRL('W'), 1);
	is(p, "signal  ", 8);
	keys(p, CTRL('Y'), 1);
	is(p, "signal  web", 11);
	/* Words are separated by white space only. */
	prompt_set_text(p, "stop web:0,api");
	keys(p, CTRL('W'), 1);
	is(p, "stop ", 5);
	prompt_free(p);
}

static void
test_cancel(void **state)
{
	struct prompt	*p;
	const int	 cancels[] = { CTRL('C'), ESC, CTRL('G') };
	size_t		 i;

	p = prompt_create(NULL);
	for (i = 0; i < sizeof cancels / sizeof cancels[0]; i++) {
		prompt_set_text(p, "stop web");
		assert_int_equal(prompt_key(p, cancels[i]), PROMPT_CANCEL);
		/* The console resets; the key itself changes nothing. */
		is(p, "stop web", 8);
	}
	prompt_free(p);
}

static void
test_accept(void **state)
{
	struct history	*hs;
	struct prompt	*p;
	const int	 enters[] = { '\r', '\n', PROMPT_KEY_ENTER };
	const char	*lines[] = { "status", "stop web", "pid" };
	size_t		 i;

	hs = history_create(10);
	p = prompt_create(hs);
	for (i = 0; i < 3; i++) {
		type(p, lines[i]);
		assert_int_equal(prompt_key(p, enters[i]), PROMPT_ACCEPT);
		assert_string_equal(prompt_text(p), lines[i]);
		assert_string_equal(history_get(hs, 0), lines[i]);
		prompt_reset(p);
		is(p, "", 0);
	}
	assert_int_equal(history_count(hs), 3);

	/* An empty line is accepted but not kept; nor is a repeat. */
	assert_int_equal(prompt_key(p, '\r'), PROMPT_ACCEPT);
	is(p, "", 0);
	type(p, "pid");
	assert_int_equal(prompt_key(p, '\r'), PROMPT_ACCEPT);
	assert_int_equal(history_count(hs), 3);
	prompt_free(p);
	history_free(hs);
}

static void
test_other_keys(void **state)
{
	struct prompt	*p;
	const int	 bells[] = { CTRL('O'), CTRL('T'), CTRL('V'), CTRL('X'),
	    CTRL('Z'), 0, -1, 0x85, 0x9f, 0xd800, 0xdfff, 0x10ffff + 20000 };
	size_t		 i;

	p = prompt_create(NULL);
	type(p, "ab");
	for (i = 0; i < sizeof bells / sizeof bells[0]; i++) {
		assert_int_equal(prompt_key(p, bells[i]), PROMPT_BELL);
		is(p, "ab", 2);
	}
	/* Ctrl-L asks for a redraw and changes nothing. */
	assert_int_equal(prompt_key(p, CTRL('L')), PROMPT_REDRAW);
	is(p, "ab", 2);
	/* The last code point, and the first printable after C1. */
	assert_int_equal(prompt_key(p, 0xa0), PROMPT_REDRAW);
	assert_int_equal(prompt_key(p, 0x10fffd), PROMPT_REDRAW);
	is(p, "ab\xc2\xa0\xf4\x8f\xbf\xbd", 8);
	prompt_free(p);
}

static void
test_utf8(void **state)
{
	struct prompt	*p;

	need_utf8();
	p = prompt_create(NULL);
	type(p, "caf\xc3\xa9");			/* café */
	is(p, "caf\xc3\xa9", 5);
	assert_int_equal(prompt_column(p), 4);
	keys(p, PROMPT_KEY_LEFT, 1);
	is(p, "caf\xc3\xa9", 3);
	assert_int_equal(prompt_column(p), 3);
	keys(p, PROMPT_KEY_DELETE, 1);
	is(p, "caf", 3);

	/* Wide: two columns each. */
	prompt_set_text(p, "");
	type(p, "a\xe6\x97\xa5\xe6\x9c\xac");	/* a日本 */
	is(p, "a\xe6\x97\xa5\xe6\x9c\xac", 7);
	assert_int_equal(prompt_column(p), 5);
	keys(p, PROMPT_KEY_LEFT, 1);
	is(p, "a\xe6\x97\xa5\xe6\x9c\xac", 4);
	assert_int_equal(prompt_column(p), 3);
	keys(p, CTRL('B'), 1);
	assert_int_equal(prompt_cursor(p), 1);
	assert_int_equal(prompt_column(p), 1);
	keys(p, CTRL('F'), 1);
	assert_int_equal(prompt_cursor(p), 4);
	keys(p, DEL, 1);
	is(p, "a\xe6\x9c\xac", 1);
	keys(p, CTRL('D'), 1);
	is(p, "a", 1);

	/* Four bytes, two columns. */
	assert_int_equal(prompt_key(p, 0x1f600), PROMPT_REDRAW);
	is(p, "a\xf0\x9f\x98\x80", 5);
	assert_int_equal(prompt_column(p), 3);
	keys(p, PROMPT_KEY_BACKSPACE, 1);
	is(p, "a", 1);

	/* An accent goes with its letter: no stop between them. */
	prompt_set_text(p, "");
	type(p, "e\xcc\x81x");			/* e + U+0301, x */
	assert_int_equal(prompt_column(p), 2);
	keys(p, PROMPT_KEY_LEFT, 1);
	is(p, "e\xcc\x81x", 3);
	keys(p, PROMPT_KEY_LEFT, 1);
	is(p, "e\xcc\x81x", 0);
	keys(p, PROMPT_KEY_RIGHT, 1);
	is(p, "e\xcc\x81x", 3);
	assert_int_equal(prompt_column(p), 1);
	keys(p, PROMPT_KEY_BACKSPACE, 1);
	is(p, "x", 0);
	keys(p, PROMPT_KEY_END, 1);
	type(p, "e\xcc\x81");
	keys(p, PROMPT_KEY_HOME, 1);
	keys(p, PROMPT_KEY_RIGHT, 1);
	keys(p, PROMPT_KEY_DELETE, 1);
	is(p, "x", 1);

	/* Ctrl-W and Ctrl-U keep characters whole. */
	prompt_set_text(p, "stop caf\xc3\xa9 \xe6\x97\xa5");
	keys(p, CTRL('W'), 1);
	is(p, "stop caf\xc3\xa9 ", 11);
	keys(p, CTRL('W'), 1);
	is(p, "stop ", 5);

	assert_int_equal(prompt_width("caf\xc3\xa9 \xe6\x97\xa5", 9), 7);
	assert_int_equal(prompt_width("caf\xc3\xa9", 3), 3);
	assert_int_equal(prompt_width("", 0), 0);
	prompt_free(p);
}

static void
test_invalid_utf8(void **state)
{
	struct prompt	*p;

	need_utf8();
	p = prompt_create(NULL);
	/* Each stray byte is a character of width one. */
	prompt_set_text(p, "a\xff\xc3" "b\xe6\x97");
	is(p, "a\xff\xc3" "b\xe6\x97", 6);
	assert_int_equal(prompt_column(p), 6);
	keys(p, PROMPT_KEY_LEFT, 1);
	assert_int_equal(prompt_cursor(p), 5);
	keys(p, PROMPT_KEY_LEFT, 1);
	assert_int_equal(prompt_cursor(p), 4);
	keys(p, PROMPT_KEY_LEFT, 1);
	assert_int_equal(prompt_cursor(p), 3);
	keys(p, PROMPT_KEY_LEFT, 1);
	assert_int_equal(prompt_cursor(p), 2);
	keys(p, PROMPT_KEY_LEFT, 1);
	assert_int_equal(prompt_cursor(p), 1);
	keys(p, PROMPT_KEY_DELETE, 1);
	is(p, "a\xc3" "b\xe6\x97", 1);
	keys(p, PROMPT_KEY_RIGHT, 1);
	assert_int_equal(prompt_cursor(p), 2);

	/* Overlong forms and surrogates are not characters either. */
	prompt_set_text(p, "\xe0\x80\xaf\xed\xa0\x80");
	assert_int_equal(prompt_column(p), 6);
	keys(p, PROMPT_KEY_LEFT, 1);
	assert_int_equal(prompt_cursor(p), 5);
	keys(p, PROMPT_KEY_HOME, 1);
	keys(p, PROMPT_KEY_RIGHT, 1);
	assert_int_equal(prompt_cursor(p), 1);
	prompt_free(p);
}

static void
test_history_walk(void **state)
{
	struct history	*hs;
	struct prompt	*p;

	hs = history_create(10);
	history_add(hs, "one");
	history_add(hs, "two");
	history_add(hs, "three");
	p = prompt_create(hs);

	type(p, "dra");
	keys(p, PROMPT_KEY_LEFT, 1);
	assert_int_equal(prompt_key(p, PROMPT_KEY_DOWN), PROMPT_BELL);
	assert_int_equal(prompt_key(p, PROMPT_KEY_UP), PROMPT_REDRAW);
	is(p, "three", 5);
	assert_int_equal(prompt_key(p, CTRL('P')), PROMPT_REDRAW);
	is(p, "two", 3);
	keys(p, PROMPT_KEY_UP, 1);
	is(p, "one", 3);
	assert_int_equal(prompt_key(p, PROMPT_KEY_UP), PROMPT_BELL);
	is(p, "one", 3);
	assert_int_equal(prompt_key(p, PROMPT_KEY_DOWN), PROMPT_REDRAW);
	is(p, "two", 3);

	/* Editing a recalled line leaves the entry as it was. */
	type(p, "!");
	is(p, "two!", 4);
	assert_string_equal(history_get(hs, 1), "two");
	assert_int_equal(prompt_key(p, CTRL('N')), PROMPT_REDRAW);
	is(p, "three", 5);
	keys(p, PROMPT_KEY_UP, 1);
	is(p, "two", 3);
	keys(p, PROMPT_KEY_DOWN, 2);
	/* Past the newest: the line being typed, as it was left. */
	is(p, "dra", 3);
	assert_int_equal(prompt_key(p, PROMPT_KEY_DOWN), PROMPT_BELL);

	/* Running a recalled line adds it anew unless it is the newest. */
	keys(p, PROMPT_KEY_UP, 2);
	is(p, "two", 3);
	assert_int_equal(prompt_key(p, '\r'), PROMPT_ACCEPT);
	prompt_reset(p);
	assert_int_equal(history_count(hs), 4);
	assert_string_equal(history_get(hs, 0), "two");
	/* After a line is run, walking starts again from the newest. */
	type(p, "x");
	keys(p, PROMPT_KEY_UP, 1);
	is(p, "two", 3);
	keys(p, PROMPT_KEY_DOWN, 1);
	is(p, "x", 1);

	/* prompt_reset forgets the saved line. */
	keys(p, PROMPT_KEY_UP, 1);
	prompt_reset(p);
	is(p, "", 0);
	assert_int_equal(prompt_key(p, PROMPT_KEY_DOWN), PROMPT_BELL);
	prompt_free(p);
	history_free(hs);
}

static void
test_no_history(void **state)
{
	struct prompt	*p;
	struct history	*hs;

	p = prompt_create(NULL);
	type(p, "ab");
	assert_int_equal(prompt_key(p, PROMPT_KEY_UP), PROMPT_BELL);
	assert_int_equal(prompt_key(p, PROMPT_KEY_DOWN), PROMPT_BELL);
	assert_int_equal(prompt_key(p, CTRL('R')), PROMPT_BELL);
	assert_null(prompt_label(p));
	assert_int_equal(prompt_key(p, '\r'), PROMPT_ACCEPT);
	is(p, "ab", 2);
	prompt_free(p);

	/* An empty history. */
	hs = history_create(10);
	p = prompt_create(hs);
	assert_int_equal(prompt_key(p, PROMPT_KEY_UP), PROMPT_BELL);
	prompt_free(p);
	history_free(hs);
}

static void
test_search(void **state)
{
	struct history	*hs;
	struct prompt	*p;

	hs = example_history();
	p = prompt_create(hs);
	type(p, "xy");
	assert_null(prompt_label(p));
	assert_int_equal(prompt_key(p, CTRL('R')), PROMPT_REDRAW);
	assert_string_equal(prompt_label(p), "(reverse-i-search)'': ");
	is(p, "xy", 2);

	assert_int_equal(prompt_key(p, 'w'), PROMPT_REDRAW);
	assert_string_equal(prompt_label(p), "(reverse-i-search)'w': ");
	is(p, "stop worker", 5);
	assert_int_equal(prompt_key(p, 'e'), PROMPT_REDRAW);
	assert_string_equal(prompt_label(p), "(reverse-i-search)'we': ");
	is(p, "start web", 6);
	assert_int_equal(prompt_key(p, CTRL('R')), PROMPT_REDRAW);
	is(p, "stop web", 5);

	/* Nothing older: failing, the last match stays. */
	assert_int_equal(prompt_key(p, CTRL('R')), PROMPT_REDRAW|PROMPT_BELL);
	assert_string_equal(prompt_label(p),
	    "(failed reverse-i-search)'we': ");
	is(p, "stop web", 5);
	assert_int_equal(prompt_key(p, CTRL('R')), PROMPT_BELL);
	is(p, "stop web", 5);

	/* Shorter: search again from where the search began. */
	assert_int_equal(prompt_key(p, DEL), PROMPT_REDRAW);
	assert_string_equal(prompt_label(p), "(reverse-i-search)'w': ");
	is(p, "stop worker", 5);

	/* Enter runs the line found; it is the newest, not added again. */
	assert_int_equal(prompt_key(p, '\r'), PROMPT_REDRAW|PROMPT_ACCEPT);
	assert_null(prompt_label(p));
	is(p, "stop worker", 5);
	assert_int_equal(history_count(hs), 4);
	prompt_free(p);
	history_free(hs);
}

static void
test_search_refine(void **state)
{
	struct history	*hs;
	struct prompt	*p;

	hs = example_history();
	p = prompt_create(hs);
	keys(p, CTRL('R'), 1);
	keys(p, 's', 1);
	is(p, "stop worker", 0);
	/* Still a match: stays, does not jump to an older entry. */
	keys(p, 't', 1);
	is(p, "stop worker", 0);
	keys(p, 'a', 1);
	is(p, "start web", 0);
	keys(p, 'r', 1);
	is(p, "start web", 0);
	/* Typing on when failing keeps failing and keeps the line. */
	assert_int_equal(prompt_key(p, 'z'), PROMPT_REDRAW|PROMPT_BELL);
	assert_int_equal(prompt_key(p, 'z'), PROMPT_REDRAW|PROMPT_BELL);
	assert_string_equal(prompt_label(p),
	    "(failed reverse-i-search)'starzz': ");
	is(p, "start web", 0);
	/* Shorter but still failing, then a match again, then older. */
	assert_int_equal(prompt_key(p, DEL), PROMPT_REDRAW|PROMPT_BELL);
	keys(p, DEL, 1);
	is(p, "start web", 0);
	keys(p, DEL, 2);
	is(p, "stop worker", 0);
	keys(p, 'a', 1);
	is(p, "start web", 0);
	keys(p, 't', 1);
	is(p, "status", 0);
	/* A match in the middle of the line puts the cursor on it. */
	prompt_reset(p);
	keys(p, CTRL('R'), 1);
	type(p, "ork");
	is(p, "stop worker", 6);
	prompt_free(p);
	history_free(hs);
}

static void
test_search_escape(void **state)
{
	struct history	*hs;
	struct prompt	*p;

	hs = example_history();
	p = prompt_create(hs);
	type(p, "dra");
	keys(p, CTRL('R'), 1);
	type(p, "web");
	is(p, "start web", 6);
	/* Esc keeps the line found, for editing. */
	assert_int_equal(prompt_key(p, ESC), PROMPT_REDRAW);
	assert_null(prompt_label(p));
	is(p, "start web", 6);
	/* Walking goes on from the match; the typed line is still there. */
	keys(p, PROMPT_KEY_UP, 1);
	is(p, "stop web", 8);
	keys(p, PROMPT_KEY_DOWN, 1);
	is(p, "start web", 9);
	keys(p, PROMPT_KEY_DOWN, 1);
	is(p, "stop worker", 11);
	keys(p, PROMPT_KEY_DOWN, 1);
	is(p, "dra", 3);
	/* A second Esc, outside the search, cancels. */
	assert_int_equal(prompt_key(p, ESC), PROMPT_CANCEL);
	prompt_free(p);
	history_free(hs);
}

static void
test_search_abort(void **state)
{
	struct history	*hs;
	struct prompt	*p;

	hs = example_history();
	p = prompt_create(hs);
	type(p, "dra");
	keys(p, PROMPT_KEY_LEFT, 1);
	keys(p, CTRL('R'), 1);
	type(p, "wor");
	is(p, "stop worker", 5);
	/* Ctrl-G: back to the line before the search, cursor too. */
	assert_int_equal(prompt_key(p, CTRL('G')), PROMPT_REDRAW);
	assert_null(prompt_label(p));
	is(p, "dra", 2);
	assert_int_equal(prompt_key(p, PROMPT_KEY_DOWN), PROMPT_BELL);
	keys(p, PROMPT_KEY_UP, 1);
	is(p, "stop worker", 11);

	/* Ctrl-C: the whole command line is cancelled. */
	prompt_reset(p);
	keys(p, CTRL('R'), 1);
	keys(p, 'w', 1);
	assert_int_equal(prompt_key(p, CTRL('C')),
	    PROMPT_REDRAW|PROMPT_CANCEL);
	assert_null(prompt_label(p));
	prompt_free(p);
	history_free(hs);
}

static void
test_search_then_edit(void **state)
{
	struct history	*hs;
	struct prompt	*p;

	hs = example_history();
	p = prompt_create(hs);
	keys(p, CTRL('R'), 1);
	type(p, "web");
	is(p, "start web", 6);
	/* A key that edits leaves the search and does its job. */
	assert_int_equal(prompt_key(p, PROMPT_KEY_LEFT), PROMPT_REDRAW);
	assert_null(prompt_label(p));
	is(p, "start web", 5);
	type(p, "x");
	is(p, "startx web", 6);
	assert_string_equal(history_get(hs, 1), "start web");

	prompt_reset(p);
	keys(p, CTRL('R'), 1);
	type(p, "sta");
	keys(p, CTRL('E'), 1);
	assert_null(prompt_label(p));
	is(p, "start web", 9);
	/* Up from a match found goes to the entry before it. */
	prompt_reset(p);
	keys(p, CTRL('R'), 1);
	type(p, "sta");
	keys(p, PROMPT_KEY_UP, 1);
	assert_null(prompt_label(p));
	is(p, "stop web", 8);
	prompt_free(p);
	history_free(hs);
}

static void
test_search_again(void **state)
{
	struct history	*hs;
	struct prompt	*p;

	hs = example_history();
	p = prompt_create(hs);
	/* Ctrl-R Ctrl-R with no search before: nothing to repeat. */
	keys(p, CTRL('R'), 1);
	assert_int_equal(prompt_key(p, CTRL('R')), PROMPT_BELL);
	keys(p, ESC, 1);

	keys(p, CTRL('R'), 1);
	type(p, "stop");
	is(p, "stop worker", 0);
	keys(p, ESC, 1);
	prompt_reset(p);
	/* Ctrl-R Ctrl-R searches for the last search again. */
	keys(p, CTRL('R'), 1);
	keys(p, CTRL('R'), 1);
	assert_string_equal(prompt_label(p), "(reverse-i-search)'stop': ");
	is(p, "stop worker", 0);
	keys(p, CTRL('R'), 1);
	is(p, "stop web", 0);
	prompt_free(p);
	history_free(hs);
}

static void
test_search_from_walk(void **state)
{
	struct history	*hs;
	struct prompt	*p;

	hs = example_history();
	p = prompt_create(hs);
	type(p, "dra");
	keys(p, PROMPT_KEY_UP, 2);
	is(p, "start web", 9);
	/* The search starts at the entry shown. */
	keys(p, CTRL('R'), 1);
	type(p, "st");
	is(p, "start web", 0);
	keys(p, CTRL('R'), 1);
	is(p, "stop web", 0);
	keys(p, CTRL('R'), 1);
	is(p, "status", 0);
	/* Ctrl-G goes back to that entry, and Down on from it. */
	keys(p, CTRL('G'), 1);
	is(p, "start web", 9);
	keys(p, PROMPT_KEY_DOWN, 1);
	is(p, "stop worker", 11);
	keys(p, PROMPT_KEY_DOWN, 1);
	is(p, "dra", 3);
	prompt_free(p);
	history_free(hs);
}

static void
test_search_backspace(void **state)
{
	struct history	*hs;
	struct prompt	*p;

	hs = example_history();
	history_add(hs, "stop caf\xc3\xa9");
	p = prompt_create(hs);
	type(p, "dra");
	keys(p, CTRL('R'), 1);
	assert_int_equal(prompt_key(p, DEL), PROMPT_BELL);
	keys(p, 'w', 1);
	is(p, "stop worker", 5);
	/* Empty again: the line from before the search. */
	assert_int_equal(prompt_key(p, PROMPT_KEY_BACKSPACE), PROMPT_REDRAW);
	assert_string_equal(prompt_label(p), "(reverse-i-search)'': ");
	is(p, "dra", 3);

	/* A character of several bytes goes whole. */
	keys(p, 0xe9, 1);
	assert_string_equal(prompt_label(p),
	    "(reverse-i-search)'\xc3\xa9': ");
	is(p, "stop caf\xc3\xa9", 8);
	keys(p, CTRL('H'), 1);
	assert_string_equal(prompt_label(p), "(reverse-i-search)'': ");
	is(p, "dra", 3);

	/* Nothing found: Esc keeps the line, walking starts afresh. */
	assert_int_equal(prompt_key(p, 'q'), PROMPT_REDRAW|PROMPT_BELL);
	is(p, "dra", 3);
	keys(p, ESC, 1);
	is(p, "dra", 3);
	keys(p, PROMPT_KEY_UP, 1);
	is(p, "stop caf\xc3\xa9", 10);
	keys(p, PROMPT_KEY_DOWN, 1);
	is(p, "dra", 3);
	prompt_free(p);
	history_free(hs);
}

static void
test_complete(void **state)
{
	struct prompt	*p;
	char *const	*c;
	size_t		 n = 99;
	int		 calls = 0;

	p = prompt_create(NULL);
	prompt_set_names(p, names_cb, &calls);
	assert_null(prompt_candidates(p, &n));
	assert_int_equal(n, 0);

	type(p, "sto");
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW);
	is(p, "stop ", 5);
	assert_null(prompt_candidates(p, &n));

	/* Several: the common prefix, and the list until the next key. */
	type(p, "w");
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW|PROMPT_LIST);
	is(p, "stop w", 6);
	c = prompt_candidates(p, &n);
	assert_int_equal(n, 4);
	assert_string_equal(c[0], "web");
	assert_string_equal(c[1], "web:0");
	assert_string_equal(c[2], "web:1");
	assert_string_equal(c[3], "worker");
	assert_int_equal(prompt_key(p, 'e'), PROMPT_REDRAW);
	assert_null(prompt_candidates(p, &n));
	assert_int_equal(n, 0);
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW|PROMPT_LIST);
	is(p, "stop web", 8);
	type(p, ":");
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW|PROMPT_LIST);
	c = prompt_candidates(p, &n);
	assert_int_equal(n, 2);
	assert_string_equal(c[0], "web:0");
	assert_string_equal(c[1], "web:1");
	/* A key that changes nothing still takes the list away. */
	assert_int_equal(prompt_key(p, PROMPT_KEY_END),
	    PROMPT_REDRAW);
	assert_null(prompt_candidates(p, &n));
	type(p, "1");
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW);
	is(p, "stop web:1 ", 11);
	assert_true(calls >= 4);

	/* Nothing: the bell, the line as it was. */
	prompt_set_text(p, "frob w");
	assert_int_equal(prompt_key(p, '\t'), PROMPT_BELL);
	is(p, "frob w", 6);
	assert_null(prompt_candidates(p, &n));

	/* Signals come out in capitals. */
	prompt_set_text(p, "signal te");
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW);
	is(p, "signal TERM ", 12);
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW|PROMPT_LIST);
	c = prompt_candidates(p, &n);
	assert_int_equal(n, 6);
	assert_string_equal(c[0], "all");
	prompt_free(p);
}

static void
test_complete_inside(void **state)
{
	struct prompt	*p;
	size_t		 n;

	p = prompt_create(NULL);
	prompt_set_names(p, names_cb, NULL);
	/* A space already follows: step over it rather than add one. */
	prompt_set_text(p, "sto web");
	keys(p, PROMPT_KEY_HOME, 1);
	keys(p, PROMPT_KEY_RIGHT, 3);
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW);
	is(p, "stop web", 5);
	/* What follows the cursor in the word stays. */
	prompt_set_text(p, "stop woXX");
	keys(p, PROMPT_KEY_LEFT, 2);
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW);
	is(p, "stop worker XX", 12);
	/* A whole word alone moves on to the next. */
	prompt_set_text(p, "stop");
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW);
	is(p, "stop ", 5);
	/* On an empty line: every command. */
	prompt_set_text(p, "");
	assert_int_equal(prompt_key(p, CTRL('I')), PROMPT_REDRAW|PROMPT_LIST);
	assert_non_null(prompt_candidates(p, &n));
	assert_true(n > 10);
	prompt_free(p);

	/* Without names, "all" is still offered. */
	p = prompt_create(NULL);
	prompt_set_text(p, "stop ");
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW);
	is(p, "stop all ", 9);
	prompt_free(p);
}

static void
test_complete_search(void **state)
{
	struct history	*hs;
	struct prompt	*p;
	size_t		 n;

	hs = history_create(10);
	history_add(hs, "stop wo");
	p = prompt_create(hs);
	prompt_set_names(p, names_cb, NULL);
	keys(p, CTRL('R'), 1);
	type(p, "wo");
	is(p, "stop wo", 5);
	/* Tab leaves the search and completes where the cursor is. */
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW|PROMPT_LIST);
	assert_null(prompt_label(p));
	is(p, "stop wo", 5);
	assert_non_null(prompt_candidates(p, &n));
	assert_int_equal(n, 6);
	keys(p, PROMPT_KEY_END, 1);
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW);
	is(p, "stop worker ", 12);
	prompt_free(p);
	history_free(hs);
}

static void
test_set_text_and_reset(void **state)
{
	struct history	*hs;
	struct prompt	*p;
	size_t		 n;

	hs = example_history();
	p = prompt_create(hs);
	prompt_set_names(p, names_cb, NULL);
	prompt_set_text(p, "stop ");
	is(p, "stop ", 5);
	assert_int_equal(prompt_key(p, '\t'), PROMPT_REDRAW|PROMPT_LIST);
	prompt_set_text(p, "start ");
	assert_null(prompt_candidates(p, &n));
	keys(p, CTRL('R'), 1);
	keys(p, 'w', 1);
	prompt_set_text(p, "pid");
	assert_null(prompt_label(p));
	is(p, "pid", 3);
	/* Typing now is typing, not searching. */
	type(p, "x");
	is(p, "pidx", 4);
	prompt_reset(p);
	is(p, "", 0);
	prompt_free(p);
	history_free(hs);
}

static void
test_view_fits(void **state)
{
	struct prompt		*p;
	struct prompt_view	 v;

	p = prompt_create(NULL);
	prompt_view(p, 10, &v);
	assert_ptr_equal(v.text, prompt_text(p));
	assert_int_equal(v.len, 0);
	assert_int_equal(v.cursor, 0);
	assert_false(v.left);
	assert_false(v.right);

	type(p, "stop web");
	prompt_view(p, 20, &v);
	assert_ptr_equal(v.text, prompt_text(p));
	assert_int_equal(v.len, 8);
	assert_int_equal(v.cursor, 8);
	assert_false(v.left);
	assert_false(v.right);

	/* Nine columns: the line and the cursor after it. */
	prompt_view(p, 9, &v);
	assert_ptr_equal(v.text, prompt_text(p));
	assert_int_equal(v.len, 8);
	assert_int_equal(v.cursor, 8);
	/* Eight: the cursor cell does not fit; the line moves. */
	prompt_view(p, 8, &v);
	assert_true(v.left);
	assert_false(v.right);
	assert_ptr_equal(v.text, prompt_text(p) + 1);
	assert_int_equal(v.len, 7);
	assert_int_equal(v.cursor, 7);
	/* Off the end, the line does not move: no jitter. */
	keys(p, PROMPT_KEY_LEFT, 1);
	prompt_view(p, 8, &v);
	assert_ptr_equal(v.text, prompt_text(p) + 1);
	assert_int_equal(v.len, 7);
	assert_int_equal(v.cursor, 6);
	keys(p, PROMPT_KEY_HOME, 1);
	prompt_view(p, 8, &v);
	assert_ptr_equal(v.text, prompt_text(p));
	assert_int_equal(v.len, 8);
	assert_int_equal(v.cursor, 0);
	assert_false(v.left);
	assert_false(v.right);
	prompt_free(p);
}

static void
test_view_scroll(void **state)
{
	struct prompt		*p;
	struct prompt_view	 v;
	const char		*text;
	size_t			 i, first;

	p = prompt_create(NULL);
	type(p, "0123456789abcdefghijklmnopqrstuvwxyzABCD");
	text = prompt_text(p);

	/* At the end: the end of the line, the cursor on the last column. */
	prompt_view(p, 10, &v);
	assert_true(v.left);
	assert_false(v.right);
	assert_ptr_equal(v.text + v.len, text + 40);
	assert_int_equal(v.len, 9);
	assert_int_equal(v.cursor, 9);

	keys(p, PROMPT_KEY_HOME, 1);
	prompt_view(p, 10, &v);
	assert_ptr_equal(v.text, text);
	assert_int_equal(v.len, 10);
	assert_int_equal(v.cursor, 0);
	assert_false(v.left);
	assert_true(v.right);

	/* Right: the slice stays until the cursor would leave it. */
	for (i = 1; i < 10; i++) {
		keys(p, PROMPT_KEY_RIGHT, 1);
		prompt_view(p, 10, &v);
		assert_ptr_equal(v.text, text);
		assert_int_equal(v.cursor, i);
	}
	keys(p, PROMPT_KEY_RIGHT, 1);
	prompt_view(p, 10, &v);
	assert_ptr_equal(v.text, text + 5);
	assert_int_equal(v.cursor, 5);
	assert_int_equal(v.len, 10);
	assert_true(v.left);
	assert_true(v.right);

	/* Everywhere: the cursor is in the slice, the slice is full. */
	for (i = 10; i < 40; i++) {
		prompt_view(p, 10, &v);
		assert_true(v.cursor < 10);
		assert_ptr_equal(v.text + v.cursor, text + prompt_cursor(p));
		assert_true(v.len == 10 || v.text + v.len == text + 40);
		keys(p, PROMPT_KEY_RIGHT, 1);
	}
	/* Left: the slice stays until the cursor leaves it on the left. */
	prompt_view(p, 10, &v);
	first = v.text - text;
	keys(p, PROMPT_KEY_LEFT, 1);
	prompt_view(p, 10, &v);
	assert_int_equal(v.text - text, first);
	for (i = 0; i < 39; i++) {
		keys(p, PROMPT_KEY_LEFT, 1);
		prompt_view(p, 10, &v);
		assert_true(v.cursor < 10);
		assert_ptr_equal(v.text + v.cursor, text + prompt_cursor(p));
	}
	assert_ptr_equal(v.text, text);

	/* Deleting until it fits brings the start back. */
	keys(p, PROMPT_KEY_END, 1);
	prompt_view(p, 10, &v);
	assert_true(v.left);
	keys(p, PROMPT_KEY_BACKSPACE, 31);
	prompt_view(p, 10, &v);
	assert_ptr_equal(v.text, prompt_text(p));
	assert_int_equal(v.len, 9);
	assert_int_equal(v.cursor, 9);
	assert_false(v.left);

	/* Ctrl-U with the start scrolled: the start follows the cursor. */
	prompt_set_text(p, "0123456789abcdefghijklmnopqrstuvwxyzABCD");
	prompt_view(p, 10, &v);
	keys(p, PROMPT_KEY_LEFT, 3);
	keys(p, CTRL('U'), 1);
	prompt_view(p, 10, &v);
	assert_ptr_equal(v.text, prompt_text(p));
	assert_int_equal(v.cursor, 0);
	assert_int_equal(v.len, 3);
	prompt_free(p);
}

static void
test_view_wide(void **state)
{
	struct prompt		*p;
	struct prompt_view	 v;
	const char		*text;
	int			 i;

	need_utf8();
	p = prompt_create(NULL);
	for (i = 0; i < 10; i++)
		keys(p, 0x65e5, 1);		/* 日, two columns */
	text = prompt_text(p);
	assert_int_equal(prompt_column(p), 20);

	for (i = 0; i <= 10; i++) {
		prompt_view(p, 5, &v);
		/* Whole characters only, never half of one. */
		assert_int_equal((v.text - text) % 3, 0);
		assert_int_equal(v.len % 3, 0);
		assert_true(prompt_width(v.text, v.len) <= 5);
		assert_true(v.cursor < 5);
		assert_int_equal(v.cursor, prompt_width(v.text,
		    text + prompt_cursor(p) - v.text));
		if (i < 10)
			keys(p, PROMPT_KEY_LEFT, 1);
	}
	prompt_view(p, 5, &v);
	assert_ptr_equal(v.text, text);
	assert_int_equal(v.len, 6);
	assert_true(v.right);

	/* One column: the cursor alone; none: nothing, no crash. */
	keys(p, PROMPT_KEY_END, 1);
	prompt_view(p, 1, &v);
	assert_int_equal(v.cursor, 0);
	assert_int_equal(v.len, 0);
	keys(p, PROMPT_KEY_LEFT, 1);
	prompt_view(p, 1, &v);
	assert_int_equal(v.cursor, 0);
	assert_ptr_equal(v.text, text + 27);
	assert_int_equal(v.len, 0);
	prompt_view(p, 0, &v);
	assert_ptr_equal(v.text, text + 27);
	assert_int_equal(v.len, 0);
	assert_int_equal(v.cursor, 0);
	assert_true(v.left);
	assert_true(v.right);
	prompt_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert),
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_word_move),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_kill_and_yank),
		cmocka_unit_test(test_word_rubout),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_other_keys),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_history_walk),
		cmocka_unit_test(test_no_history),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_refine),
		cmocka_unit_test(test_search_escape),
		cmocka_unit_test(test_search_abort),
		cmocka_unit_test(test_search_then_edit),
		cmocka_unit_test(test_search_again),
		cmocka_unit_test(test_search_from_walk),
		cmocka_unit_test(test_search_backspace),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_complete_inside),
		cmocka_unit_test(test_complete_search),
		cmocka_unit_test(test_set_text_and_reset),
		cmocka_unit_test(test_view_fits),
		cmocka_unit_test(test_view_scroll),
		cmocka_unit_test(test_view_wide),
	};

	/* Widths come from the locale, as in the console. */
	utf8_locale = setlocale(LC_CTYPE, "C.UTF-8") != NULL ||
	    setlocale(LC_CTYPE, "en_US.UTF-8") != NULL;
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
