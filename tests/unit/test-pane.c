/*
 * Screens: escapes in, cells and text out. The text and escape
 * serialisers, the scrollback ring, wide characters, colours, the
 * alternate screen, terminal replies, restarts, and a flood that must
 * leave exactly the last lines on the screen.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <vterm.h>

#include "taskmaster.h"
#include "utf8.h"

static struct supervisor	 sv;
static struct cfg_program	 cp;
static struct program		 pg;
static struct proc		 pr;

static struct pane *
new_pane(u_int cols, u_int rows, u_int scrollback)
{
	memset(&sv, 0, sizeof sv);
	memset(&cp, 0, sizeof cp);
	memset(&pg, 0, sizeof pg);
	memset(&pr, 0, sizeof pr);
	sv.base = event_base_new();
	event_base_priority_init(sv.base, 3);
	sv.low_priority = 2;
	cp.tty_cols = cols;
	cp.tty_rows = rows;
	cp.scrollback = scrollback;
	cp.numprocs = 1;
	pg.cp = &cp;
	pg.sv = &sv;
	pg.name = (char *)"t";
	pr.pg = &pg;
	pr.name = (char *)"t";
	return (pane_create(&pr));
}

static void
free_pane(struct pane *pn)
{
	pane_free(pn);
	event_base_free(sv.base);
}

static void
feed(struct pane *pn, const char *s)
{
	pane_input(pn, s, strlen(s), false);
	pane_flush(pn);
}

/* The tail as one string, lines joined by '|'. */
static char *
tail(struct pane *pn, u_int n)
{
	char	**lines, *out;
	u_int	  count, i;
	size_t	  len = 1;

	lines = pane_text_tail(pn, n, &count);
	for (i = 0; i < count; i++)
		len += strlen(lines[i]) + 1;
	out = calloc(1, len);
	for (i = 0; i < count; i++) {
		if (i > 0)
			strcat(out, "|");
		strcat(out, lines[i]);
		free(lines[i]);
	}
	free(lines);
	return (out);
}

static void
check_tail(struct pane *pn, u_int n, const char *want)
{
	char	*got = tail(pn, n);

	assert_string_equal(got, want);
	free(got);
}

static void
test_utf8(void **state)
{
	char	 buf[4];

	assert_int_equal(utf8_encode('A', buf), 1);
	assert_int_equal(utf8_encode(0xe9, buf), 2);
	assert_memory_equal(buf, "\xc3\xa9", 2);
	assert_int_equal(utf8_encode(0x65e5, buf), 3);
	assert_memory_equal(buf, "\xe6\x97\xa5", 3);
	assert_int_equal(utf8_encode(0x1f600, buf), 4);
	assert_memory_equal(buf, "\xf0\x9f\x98\x80", 4);
	assert_int_equal(utf8_encode(0xd800, buf), 3);
	assert_memory_equal(buf, "\xef\xbf\xbd", 3);
	assert_int_equal(utf8_encode(0x110000, buf), 3);
	assert_memory_equal(buf, "\xef\xbf\xbd", 3);
}

static void
test_strip(void **state)
{
	char	*s;

	s = pane_text_strip("\033[0;1;31mred\033[0m \033[38;5;200mpink\033[0m");
	assert_string_equal(s, "red pink");
	free(s);
	s = pane_text_strip("plain");
	assert_string_equal(s, "plain");
	free(s);
	s = pane_text_strip("cut\033[1");
	assert_string_equal(s, "cut");
	free(s);
}

/* A silent process has no screen at all. */
static void
test_lazy(void **state)
{
	struct pane	*pn = new_pane(80, 24, 100);

	assert_null(pn->vt);
	check_tail(pn, 10, "");
	feed(pn, "x");
	assert_non_null(pn->vt);
	check_tail(pn, 10, "x");
	free_pane(pn);
}

static void
test_text(void **state)
{
	struct pane	*pn = new_pane(80, 24, 100);

	feed(pn, "hello   \r\nworld\r\n\r\nlast");
	check_tail(pn, 10, "hello|world||last");
	check_tail(pn, 2, "|last");
	/* Rows above the cursor count even when empty; rows below do not. */
	feed(pn, "\033[H");
	check_tail(pn, 10, "hello|world||last");
	free_pane(pn);
}

/* Lines that scroll off go to the ring; the ring keeps the newest. */
static void
test_scrollback(void **state)
{
	struct pane	*pn = new_pane(20, 5, 10);
	char		 line[32], *got;
	int		 i;

	for (i = 1; i <= 40; i++) {
		snprintf(line, sizeof line, "line %d\r\n", i);
		feed(pn, line);
	}
	assert_int_equal(pn->sb_count, 10);
	/*
	 * 10 in the ring (27..36), 4 written rows; the empty row of the
	 * cursor below them is not output.
	 */
	got = tail(pn, 100);
	assert_string_equal(got, "line 27|line 28|line 29|line 30|line 31|"
	    "line 32|line 33|line 34|line 35|line 36|line 37|line 38|line 39|"
	    "line 40");
	free(got);
	check_tail(pn, 2, "line 39|line 40");
	free_pane(pn);
}

static void
test_no_scrollback(void **state)
{
	struct pane	*pn = new_pane(20, 3, 0);

	feed(pn, "a\r\nb\r\nc\r\nd\r\ne");
	assert_int_equal(pn->sb_count, 0);
	check_tail(pn, 10, "c|d|e");
	free_pane(pn);
}

static void
test_wide(void **state)
{
	struct pane	*pn = new_pane(10, 3, 10);

	feed(pn, "日本語ab\r\n\xf0\x9f\x98\x80!");
	check_tail(pn, 10, "日本語ab|\xf0\x9f\x98\x80!");
	/* Wrapped at 10 columns: a wide char never splits. */
	feed(pn, "\r\n日本語日本語");
	check_tail(pn, 2, "日本語日本|語");
	free_pane(pn);
}

/* Scrollback lines keep their colours as SGR, compactly. */
static void
test_colours(void **state)
{
	struct pane	*pn = new_pane(30, 2, 10);
	char		*line;

	feed(pn, "\033[1;31mred\033[0m plain \033[38;5;200m256\033[0m "
	    "\033[38;2;1;2;3mrgb\033[0m\r\n\r\n\r\n");
	assert_int_equal(pn->sb_count, 2);
	line = pn->sb[pn->sb_first];
	assert_string_equal(line, "\033[0;1;31mred\033[0m plain "
	    "\033[0;38;5;200m256\033[0m \033[0;38;2;1;2;3mrgb\033[0m");
	check_tail(pn, 10, "red plain 256 rgb||");
	free_pane(pn);
}

/* A repaint draws every row and puts the cursor where it is. */
static void
test_repaint(void **state)
{
	struct pane		*pn = new_pane(20, 3, 10);
	struct evbuffer		*out = evbuffer_new();
	struct pane_modes	 m;
	char			*s;
	size_t			 len;

	feed(pn, "ab\r\n\033[7mcd\033[0m");
	pane_get_modes(pn, &m);
	pane_text_repaint(pn, out, &m);
	len = evbuffer_get_length(out);
	s = calloc(1, len + 1);
	evbuffer_remove(out, s, len);
	assert_non_null(strstr(s, "\033[H\033[2J"));
	assert_non_null(strstr(s, "\033[1;1H\033[0mab\033[K"));
	assert_non_null(strstr(s, "\033[2;1H\033[0m\033[0;7mcd\033[0m\033[K"));
	assert_non_null(strstr(s, "\033[3;1H\033[0m\033[K"));
	/* Cursor after "cd": row 2, column 3; visible. */
	assert_non_null(strstr(s, "\033[2;3H\033[?25h"));
	free(s);
	evbuffer_free(out);
	free_pane(pn);
}

/* Modes decide what keys send; they are read from libvterm. */
static void
test_modes(void **state)
{
	struct pane		*pn = new_pane(20, 3, 10);
	struct pane_modes	 m;
	struct evbuffer		*out = evbuffer_new();
	char			 buf[128];
	size_t			 len;

	feed(pn, "x");
	pane_get_modes(pn, &m);
	assert_false(m.cursor_keys);
	assert_false(m.paste);
	assert_false(m.altscreen);
	feed(pn, "\033[?1h\033[?2004h\033=\033[?1049h\033[?25l\033[?1000h");
	pane_get_modes(pn, &m);
	assert_true(m.cursor_keys);
	assert_true(m.paste);
	assert_true(m.keypad);
	assert_true(m.altscreen);
	assert_false(m.cursor_visible);
	assert_int_equal(m.mouse, VTERM_PROP_MOUSE_CLICK);
	pane_text_modes(out, NULL, &m);
	len = evbuffer_remove(out, buf, sizeof buf - 1);
	buf[len] = '\0';
	assert_string_equal(buf, "\033[?1h\033=\033[?2004h\033[?1000h"
	    "\033[?1006h");
	evbuffer_free(out);
	free_pane(pn);
}

/* A full-screen program's lines never reach the scrollback. */
static void
test_altscreen(void **state)
{
	struct pane	*pn = new_pane(20, 3, 10);

	feed(pn, "before\r\n");
	/* Made only when asked for: most processes never need it. */
	assert_false(pn->altscreen);
	feed(pn, "\033[?1049h1\r\n2\r\n3\r\n4\r\n5");
	assert_int_equal(pn->sb_count, 0);
	check_tail(pn, 10, "3|4|5");
	feed(pn, "\033[?1049l");
	check_tail(pn, 10, "before");
	free_pane(pn);

	/* A request cut across two reads is still seen in time. */
	pn = new_pane(20, 3, 10);
	feed(pn, "before\r\n\033[?10");
	assert_false(pn->altscreen);
	feed(pn, "49hfull\r\nscreen");
	assert_true(pn->altscreen);
	check_tail(pn, 10, "|full|screen");
	feed(pn, "\033[?1049l");
	check_tail(pn, 10, "before");
	free_pane(pn);

	/* Cut right after the ESC, then one byte at a time. */
	pn = new_pane(20, 3, 10);
	feed(pn, "a\033");
	feed(pn, "[");
	feed(pn, "?1;10");
	assert_false(pn->altscreen);
	feed(pn, "47");
	assert_false(pn->altscreen);
	feed(pn, "hb");
	assert_true(pn->altscreen);
	free_pane(pn);

	/* Text that looks like it, or other modes, make nothing. */
	pn = new_pane(20, 3, 10);
	feed(pn, "1049h ?47h ;1047h \033[1049h \033[?1049l \033[?25h");
	feed(pn, "\033[?10499h \033[?2004;1h \033]0;1049h\007");
	assert_false(pn->altscreen);
	feed(pn, "\033[?47h");
	assert_true(pn->altscreen);
	free_pane(pn);
}

/* Terminal queries are answered through the pty. */
static void
test_replies(void **state)
{
	struct pane	*pn = new_pane(20, 3, 10);
	int		 fds[2];
	char		 buf[64];
	ssize_t		 n;

	assert_int_equal(pipe(fds), 0);
	pane_start(pn, fds[1]);
	feed(pn, "ab\033[6n");
	n = read(fds[0], buf, sizeof buf - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "\033[1;3R");
	pane_stop(pn);
	close(fds[0]);
	close(fds[1]);
	free_pane(pn);
}

/* A restart moves the screen to the scrollback under a marker. */
static void
test_restart(void **state)
{
	struct pane	*pn = new_pane(20, 3, 10);
	char		*got;

	/* A screen made before the first run (a preview) is no run. */
	pane_input(pn, "x\033[2J\033[H", 8, false);
	pane_flush(pn);
	pane_start(pn, -1);
	feed(pn, "run one\r\n");
	got = tail(pn, 10);
	assert_null(strstr(got, "restarted"));
	free(got);
	pane_start(pn, -1);
	feed(pn, "run two");
	got = tail(pn, 10);
	assert_non_null(strstr(got, "run one|--- t restarted at "));
	assert_non_null(strstr(got, " ---|run two"));
	free(got);
	free_pane(pn);
}

/* Pipes have no terminal: LF must not staircase. */
static void
test_pipe_crlf(void **state)
{
	struct pane	*pn = new_pane(20, 5, 10);

	pane_input(pn, "a\nb\nc", 5, true);
	pane_flush(pn);
	check_tail(pn, 10, "a|b|c");
	free_pane(pn);
}

/*
 * More than the pending limit at once: the screen is rebuilt from the
 * newest bytes and shows exactly the last lines; one marker says what
 * was skipped.
 */
static void
test_flood(void **state)
{
	struct pane	*pn = new_pane(40, 4, 10000);
	char		 line[64], *got;
	int		 i, markers = 0;
	u_int		 j;

	for (i = 0; i < 30000; i++) {
		snprintf(line, sizeof line, "%08d abcdefghijklmnopqrstuvwxyz\r\n",
		    i);
		pane_input(pn, line, strlen(line), false);
	}
	pane_flush(pn);
	check_tail(pn, 3, "00029997 abcdefghijklmnopqrstuvwxyz|"
	    "00029998 abcdefghijklmnopqrstuvwxyz|"
	    "00029999 abcdefghijklmnopqrstuvwxyz");
	for (j = 0; j < pn->sb_count; j++) {
		if (strstr(pn->sb[(pn->sb_first + j) % pn->sb_max],
		    "bytes of output not shown") != NULL)
			markers++;
	}
	assert_int_equal(markers, 1);
	got = tail(pn, 200);
	assert_non_null(strstr(got, "00029996 abc"));
	free(got);
	assert_true(evbuffer_get_length(pn->pending) == 0);
	free_pane(pn);
}

/*
 * Output that went to the file alone (a spliced flood): the pane counts
 * it toward the flood rate, and says in the scrollback how much it never
 * saw; what came before and after is as written.
 */
static void
test_gap(void **state)
{
	struct pane	*pn = new_pane(40, 3, 100);
	char		*got;

	feed(pn, "before 1\r\nbefore 2\r\n");
	assert_false(pane_flooding(pn));
	pane_count(pn, 256 * 1024);
	assert_true(pane_flooding(pn));
	pane_gap(pn, 12345);
	pane_input(pn, "cut line\nafter 1\nafter 2\nafter 3",
	    strlen("cut line\nafter 1\nafter 2\nafter 3"), true);
	pane_flush(pn);
	got = tail(pn, 100);
	assert_non_null(strstr(got, "before 2|"));
	assert_non_null(strstr(got, "12345 bytes of output not shown"));
	assert_null(strstr(got, "cut line"));	/* resync at a line start */
	assert_non_null(strstr(got, "after 1|after 2|after 3"));
	free(got);
	pane_gap(pn, 0);	/* nothing skipped: nothing said */
	feed(pn, "\r\nlast");
	check_tail(pn, 2, "after 3|last");
	free_pane(pn);
}

/* Feed n numbered lines, parsing after each (flush) or not at all. */
static void
feed_catchup(struct pane *pn, int n, bool flush, const char *extra)
{
	char	 line[64];
	int	 i;

	for (i = 0; i < n; i++) {
		snprintf(line, sizeof line, "line %06d of the catch-up%s\r\n",
		    i, i == n / 4 ? extra : "");
		pane_input(pn, line, strlen(line), false);
		if (flush)
			pane_flush(pn);
	}
	pane_input(pn, "partial", 7, false);
}

/*
 * Far behind, a screen skips the lines that would only scroll away
 * unseen, and ends exactly as if it had parsed them all; not when the
 * process ever wrote an escape, nor across a shift of character set.
 */
static void
test_trim(void **state)
{
	struct pane	*slow, *fast;
	char		*a, *b;
	const char	*extra[] = { "", "\016x\017", "\033[31mred\033[m" };
	u_int		 i;
	size_t		 before;

	for (i = 0; i < 3; i++) {
		slow = new_pane(30, 5, 50);
		feed_catchup(slow, 2000, true, extra[i]);
		pane_flush(slow);
		a = tail(slow, 1000);
		free_pane(slow);

		fast = new_pane(30, 5, 50);
		feed_catchup(fast, 2000, false, extra[i]);
		before = evbuffer_get_length(fast->pending);
		pane_trim(fast);
		if (i == 0)
			assert_true(evbuffer_get_length(fast->pending) < before / 2);
		else
			assert_int_equal(evbuffer_get_length(fast->pending), before);
		pane_flush(fast);
		b = tail(fast, 1000);
		free_pane(fast);

		assert_string_equal(a, b);
		assert_non_null(strstr(a, "line 001999 of the catch-up|partial"));
		free(a);
		free(b);
	}
}

/* Resizing changes the screen (and would change the pty). */
static void
test_resize(void **state)
{
	struct pane	*pn = new_pane(20, 3, 10);

	feed(pn, "abcdefghijklmnopqrstuvwxyz");
	pane_resize(pn, 30, 5);
	assert_int_equal(pn->cols, 30);
	assert_int_equal(pn->rows, 5);
	pane_reset_size(pn);
	assert_int_equal(pn->cols, 20);
	assert_int_equal(pn->rows, 3);
	free_pane(pn);
}

/* Fill the ring with lines first..last, one per line, on a 3-row screen. */
static void
feed_lines(struct pane *pn, int first, int last)
{
	char	 line[32];
	int	 i;

	for (i = first; i <= last; i++) {
		snprintf(line, sizeof line, "l%d\r\n", i);
		feed(pn, line);
	}
}

/*
 * A reload changes scrollback between two runs: the ring takes the new
 * size and keeps the newest lines that fit, in order (it kept the old
 * ring with the new size, which overflowed, freed twice, or divided by
 * zero).
 */
static void
test_scrollback_reload(void **state)
{
	struct pane	*pn = new_pane(20, 3, 5);
	char		*got;

	pane_start(pn, -1);
	feed_lines(pn, 1, 20);
	assert_int_equal(pn->sb_count, 5);

	/* 5 -> 50: everything kept, room for more. */
	cp.scrollback = 50;
	pane_start(pn, -1);
	assert_int_equal(pn->sb_max, 50);
	feed_lines(pn, 21, 80);
	assert_int_equal(pn->sb_count, 50);
	check_tail(pn, 2, "l79|l80");

	/* 50 -> 3: the newest three lines of the ring stay. */
	cp.scrollback = 3;
	pane_start(pn, -1);
	assert_int_equal(pn->sb_count, 3);
	got = tail(pn, 100);
	assert_non_null(strstr(got, "l80|--- t restarted at "));
	free(got);
	feed_lines(pn, 81, 90);
	assert_int_equal(pn->sb_count, 3);
	check_tail(pn, 4, "l87|l88|l89|l90");

	/* -> 0: no ring at all, and tail still works. */
	cp.scrollback = 0;
	pane_start(pn, -1);
	assert_int_equal(pn->sb_count, 0);
	assert_null(pn->sb);
	feed_lines(pn, 91, 95);
	assert_int_equal(pn->sb_count, 0);
	check_tail(pn, 10, "l94|l95");

	/* 0 -> 4 again. */
	cp.scrollback = 4;
	pane_start(pn, -1);
	feed_lines(pn, 96, 110);
	assert_int_equal(pn->sb_count, 4);
	check_tail(pn, 3, "l108|l109|l110");
	free_pane(pn);
}

/* A reload changes tty_size: the next run has the new screen size. */
static void
test_tty_size_reload(void **state)
{
	struct pane	*pn = new_pane(20, 3, 10);

	pane_start(pn, -1);
	feed_lines(pn, 1, 10);
	cp.tty_cols = 7;
	cp.tty_rows = 2;
	pane_start(pn, -1);
	assert_int_equal(pn->cols, 7);
	assert_int_equal(pn->rows, 2);
	feed(pn, "abcdefghijklmnop");
	check_tail(pn, 2, "hijklmn|op");
	cp.tty_cols = 120;
	cp.tty_rows = 50;
	pane_start(pn, -1);
	feed_lines(pn, 11, 12);
	check_tail(pn, 2, "l11|l12");
	free_pane(pn);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_strip),
		cmocka_unit_test(test_lazy),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_scrollback),
		cmocka_unit_test(test_no_scrollback),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_colours),
		cmocka_unit_test(test_repaint),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_altscreen),
		cmocka_unit_test(test_replies),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_pipe_crlf),
		cmocka_unit_test(test_flood),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_scrollback_reload),
		cmocka_unit_test(test_tty_size_reload),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
