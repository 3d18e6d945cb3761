/*
 * The line stamper: \r\n to \n (also split across two reads), a lone \r
 * kept, a stamp at the start of each line and only there, a \r held at
 * the end of a stream flushed; the run-at-a-time stamper gives what a
 * byte-at-a-time one gives, for any split of any bytes.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "logfile.h"

#define NOW	"2026-12-05T02:40:01.123Z "

/* Run the stamper over pieces; the result as a string. */
static char *
run(bool crlf, bool stamp, const char *const *pieces)
{
	struct stamper	 s;
	static char	 out[4096];
	size_t		 n = 0, len;

	memset(&s, 0, sizeof s);
	for (; *pieces != NULL; pieces++) {
		len = strlen(*pieces);
		assert_true(n + stamp_room(len) < sizeof out);
		n += stamp_run(&s, *pieces, len, crlf, stamp, NOW, out + n);
	}
	n += stamp_flush(&s, out + n);
	out[n] = '\0';
	return (out);
}

static void
test_crlf(void **state)
{
	const char *const one[] = { "a\r\nb\r\n", NULL };
	const char *const split[] = { "a\r", "\nb\r", "\n", NULL };
	const char *const lone[] = { "10%\r20%\r", "done\r\n", NULL };
	const char *const end[] = { "x\r", NULL };
	const char *const off[] = { "a\r\n", NULL };

	assert_string_equal(run(true, false, one), "a\nb\n");
	assert_string_equal(run(true, false, split), "a\nb\n");
	assert_string_equal(run(true, false, lone), "10%\r20%\rdone\n");
	assert_string_equal(run(true, false, end), "x\r");
	assert_string_equal(run(false, false, off), "a\r\n");
}

static void
test_stamps(void **state)
{
	const char *const lines[] = { "a\nb\n", NULL };
	const char *const partial[] = { "ab", "cd\n", "e", NULL };
	const char *const blank[] = { "\n\n", NULL };
	const char *const both[] = { "a\r", "\nb", NULL };

	assert_string_equal(run(false, true, lines), NOW "a\n" NOW "b\n");
	assert_string_equal(run(false, true, partial),
	    NOW "abcd\n" NOW "e");
	assert_string_equal(run(false, true, blank), NOW "\n" NOW "\n");
	assert_string_equal(run(true, true, both), NOW "a\n" NOW "b");
}

static void
test_room(void **state)
{
	const char	*nl = "\n\n\n\n";
	struct stamper	 s;
	char		 out[256];

	memset(&s, 0, sizeof s);
	s.cr = true;
	assert_true(stamp_run(&s, nl, 4, true, true, NOW, out) <=
	    stamp_room(4));
	assert_int_equal(strlen(NOW), STAMP_LEN);
}

/* The stamper's rules a byte at a time: what stamp_run must give. */
static size_t
ref_run(struct stamper *s, const char *in, size_t len, bool crlf,
    bool stamp, char *out)
{
	char	*o = out;
	size_t	 i;
	char	 c;

	for (i = 0; i < len; i++) {
		if (s->cr) {
			s->cr = false;
			if (in[i] != '\n') {
				if (!s->midline && stamp)
					o = (char *)memcpy(o, NOW, STAMP_LEN) +
					    STAMP_LEN;
				*o++ = '\r';
				s->midline = true;
			}
		}
		if (crlf && in[i] == '\r') {
			s->cr = true;
			continue;
		}
		c = in[i];
		if (!s->midline && stamp)
			o = (char *)memcpy(o, NOW, STAMP_LEN) + STAMP_LEN;
		*o++ = c;
		s->midline = (c != '\n');
	}
	return (o - out);
}

static void
test_random(void **state)
{
	static const char	 alpha[] = "ab\r\n\r\n";
	static char		 in[512], got[512 * 30], want[512 * 30];
	struct stamper		 s1, s2;
	size_t			 len, off, cut, n1, n2;
	int			 round, mode;

	srandom(13);
	for (round = 0; round < 4000; round++) {
		len = random() % sizeof in;
		for (off = 0; off < len; off++)
			in[off] = alpha[random() % (sizeof alpha - 1)];
		mode = round % 4;
		memset(&s1, 0, sizeof s1);
		memset(&s2, 0, sizeof s2);
		n1 = n2 = 0;
		for (off = 0; off < len; off += cut) {
			cut = 1 + random() % 40;
			if (cut > len - off)
				cut = len - off;
			n1 += stamp_run(&s1, in + off, cut, mode & 1,
			    mode & 2, NOW, got + n1);
			n2 += ref_run(&s2, in + off, cut, mode & 1, mode & 2,
			    want + n2);
			assert_true(n1 <= stamp_room(off + cut));
		}
		n1 += stamp_flush(&s1, got + n1);
		n2 += stamp_flush(&s2, want + n2);
		assert_int_equal(n1, n2);
		assert_memory_equal(got, want, n1);
	}
}

static void
test_now(void **state)
{
	char	buf[STAMP_LEN + 1];

	stamp_now(buf);
	assert_int_equal(strlen(buf), STAMP_LEN);
	assert_true(buf[4] == '-' && buf[10] == 'T' && buf[19] == '.');
	assert_true(buf[23] == 'Z' && buf[24] == ' ');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_stamps),
		cmocka_unit_test(test_room),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_now),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
