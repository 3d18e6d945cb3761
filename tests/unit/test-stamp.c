/*
 * The line stamper: \r\n to \n (also split across two reads), a lone \r
 * kept, a stamp at the start of each line and only there, a \r held at
 * the end of a stream flushed.
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
		cmocka_unit_test(test_now),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
