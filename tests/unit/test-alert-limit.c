/*
 * The rate limit and its digest, played on a clock of the test's: N a
 * period then held, the digest's counts and order, repeats within a
 * second, a new period after a quiet one, the cap on counts, and a limit
 * changed by a reload in the middle of a period.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alert.h"
#include "xmalloc.h"

/* N messages a period, then counts, then one digest at its end. */
static void
test_limit_digest(void **state)
{
	struct alert_limit	 l;
	struct alert_digest	*d;
	uint64_t		 t = 1000000;
	u_int			 i;

	alert_limit_init(&l, 3, 60);
	assert_int_equal(alert_limit_due(&l), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(alert_limit_admit(&l, "web:0", ALERT_CRASHED,
		    t), ALERT_SEND);
		t += 2000;
	}
	assert_int_equal(alert_limit_due(&l), 1000000 + 60000);
	for (i = 0; i < 30; i++) {
		assert_int_equal(alert_limit_admit(&l, "web:0", ALERT_CRASHED,
		    t), ALERT_HOLD);
		t += 1100;
	}
	for (i = 0; i < 7; i++) {
		assert_int_equal(alert_limit_admit(&l, "web:1", ALERT_CRASHED,
		    t), ALERT_HOLD);
		t += 10;
	}
	assert_int_equal(alert_limit_admit(&l, NULL, ALERT_RELOADED, t),
	    ALERT_HOLD);
	/* Not over yet. */
	assert_null(alert_limit_close(&l, 1000000 + 59999));
	d = alert_limit_close(&l, 1000000 + 60000);
	assert_non_null(d);
	assert_int_equal(d->total, 38);
	assert_int_equal(d->period, 60);
	assert_int_equal(d->n, 3);
	assert_int_equal(d->other, 0);
	assert_string_equal(d->items[0].process, "web:0");
	assert_int_equal(d->items[0].ev, ALERT_CRASHED);
	assert_int_equal(d->items[0].count, 30);
	assert_string_equal(d->items[1].process, "web:1");
	assert_int_equal(d->items[1].count, 7);
	assert_string_equal(d->items[2].process, "");
	assert_int_equal(d->items[2].ev, ALERT_RELOADED);
	assert_int_equal(d->items[2].count, 1);
	alert_digest_free(d);
	assert_int_equal(alert_limit_due(&l), 0);

	/* A quiet period sends no digest, and the next starts afresh. */
	t = 2000000;
	assert_int_equal(alert_limit_admit(&l, "web:0", ALERT_CRASHED, t),
	    ALERT_SEND);
	assert_int_equal(alert_limit_due(&l), t + 60000);
	assert_null(alert_limit_close(&l, t + 60000));
	assert_int_equal(alert_limit_due(&l), 0);
	alert_limit_free(&l);
}

/* The same event of a process within 1 s is sent once. */
static void
test_limit_repeat(void **state)
{
	struct alert_limit	 l;
	struct alert_digest	*d;

	alert_limit_init(&l, 100, 3600);
	assert_int_equal(alert_limit_admit(&l, "web:0", ALERT_CRASHED, 5000),
	    ALERT_SEND);
	assert_int_equal(alert_limit_admit(&l, "web:0", ALERT_CRASHED, 5500),
	    ALERT_REPEAT);
	assert_int_equal(alert_limit_admit(&l, "web:0", ALERT_CRASHED, 5999),
	    ALERT_REPEAT);
	/* Another event, another process: not repeats. */
	assert_int_equal(alert_limit_admit(&l, "web:0", ALERT_FATAL, 5999),
	    ALERT_SEND);
	assert_int_equal(alert_limit_admit(&l, "web:1", ALERT_CRASHED, 5999),
	    ALERT_SEND);
	/* A second after the last one sent. */
	assert_int_equal(alert_limit_admit(&l, "web:0", ALERT_CRASHED, 6000),
	    ALERT_SEND);
	assert_int_equal(alert_limit_admit(&l, "web:0", ALERT_CRASHED, 6999),
	    ALERT_REPEAT);
	d = alert_limit_close(&l, 5000 + 3600 * 1000);
	assert_int_equal(d->total, 3);
	assert_int_equal(d->n, 1);
	assert_int_equal(d->items[0].count, 3);
	alert_digest_free(d);
	alert_limit_free(&l);
}

/* A repeat still counts across the end of a period. */
static void
test_limit_repeat_across(void **state)
{
	struct alert_limit	 l;

	alert_limit_init(&l, 5, 1);
	assert_int_equal(alert_limit_admit(&l, "x", ALERT_STARTED, 10000),
	    ALERT_SEND);
	assert_int_equal(alert_limit_admit(&l, "a", ALERT_STARTED, 10500),
	    ALERT_SEND);
	assert_null(alert_limit_close(&l, 11000));
	assert_int_equal(alert_limit_due(&l), 0);
	/* A new period, but "a" was sent 700 ms ago. */
	assert_int_equal(alert_limit_admit(&l, "a", ALERT_STARTED, 11200),
	    ALERT_REPEAT);
	assert_int_equal(alert_limit_admit(&l, "x", ALERT_STARTED, 11200),
	    ALERT_SEND);
	alert_limit_free(&l);
}

/* Past ALERT_LIMIT_MAX_COUNTS pairs, held events are "others". */
static void
test_limit_cap(void **state)
{
	struct alert_limit	 l;
	struct alert_digest	*d;
	char			 name[32];
	u_int			 i, n = ALERT_LIMIT_MAX_COUNTS + 10;

	alert_limit_init(&l, 1, 60);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "p:%05u", i);
		alert_limit_admit(&l, name, ALERT_CRASHED, 1000 + i);
	}
	assert_int_equal(l.ncounts, ALERT_LIMIT_MAX_COUNTS);
	d = alert_limit_close(&l, 1000 + 60000);
	assert_int_equal(d->total, n - 1);
	assert_int_equal(d->other, 10);
	assert_int_equal(d->n, ALERT_LIMIT_MAX_COUNTS - 1);
	/* Equal counts: by name. */
	assert_string_equal(d->items[0].process, "p:00001");
	alert_digest_free(d);
	assert_int_equal(l.ncounts, 0);
	alert_limit_free(&l);
}

/* A reload changes the limit; the period keeps its start. */
static void
test_limit_reload(void **state)
{
	struct alert_limit	 l;
	struct alert_digest	*d;

	alert_limit_init(&l, 1, 60);
	assert_int_equal(alert_limit_admit(&l, "a", ALERT_CRASHED, 1000),
	    ALERT_SEND);
	assert_int_equal(alert_limit_admit(&l, "b", ALERT_CRASHED, 3000),
	    ALERT_HOLD);
	alert_limit_set(&l, 3, 10);
	assert_int_equal(alert_limit_due(&l), 1000 + 10000);
	assert_int_equal(alert_limit_admit(&l, "c", ALERT_CRASHED, 4000),
	    ALERT_SEND);
	d = alert_limit_close(&l, 11000);
	assert_int_equal(d->total, 1);
	assert_int_equal(d->period, 10);
	alert_digest_free(d);
	alert_limit_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_digest),
		cmocka_unit_test(test_limit_repeat),
		cmocka_unit_test(test_limit_repeat_across),
		cmocka_unit_test(test_limit_cap),
		cmocka_unit_test(test_limit_reload),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
