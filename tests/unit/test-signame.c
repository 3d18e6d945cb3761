/*
 * signame_parse and signame_name: names with or without SIG, any case,
 * numbers, and the messages for what is not a signal.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <cmocka.h>

#include "cfg.h"

static int	parse(const char *);
static void	parse_fails(const char *, const char *);

/* Parse a signal that must be valid. */
static int
parse(const char *s)
{
	char	*cause = NULL;
	int	 sig = -1;

	assert_int_equal(signame_parse(s, &sig, &cause), 0);
	assert_null(cause);
	return (sig);
}

/* Parse a signal that must be refused with message. */
static void
parse_fails(const char *s, const char *message)
{
	char	*cause = NULL;
	int	 sig = -12345;

	assert_int_equal(signame_parse(s, &sig, &cause), -1);
	assert_int_equal(sig, -12345);
	assert_non_null(cause);
	assert_string_equal(cause, message);
	free(cause);
}

static void
test_names(void **state)
{
	assert_int_equal(parse("TERM"), SIGTERM);
	assert_int_equal(parse("HUP"), SIGHUP);
	assert_int_equal(parse("INT"), SIGINT);
	assert_int_equal(parse("QUIT"), SIGQUIT);
	assert_int_equal(parse("KILL"), SIGKILL);
	assert_int_equal(parse("USR1"), SIGUSR1);
	assert_int_equal(parse("USR2"), SIGUSR2);
	assert_int_equal(parse("WINCH"), SIGWINCH);
	assert_int_equal(parse("CHLD"), SIGCHLD);
	assert_int_equal(parse("IOT"), SIGABRT);
}

static void
test_prefix_and_case(void **state)
{
	assert_int_equal(parse("SIGTERM"), SIGTERM);
	assert_int_equal(parse("sigterm"), SIGTERM);
	assert_int_equal(parse("term"), SIGTERM);
	assert_int_equal(parse("Term"), SIGTERM);
	assert_int_equal(parse("SigHup"), SIGHUP);
	assert_int_equal(parse("usr1"), SIGUSR1);
}

static void
test_numbers(void **state)
{
	assert_int_equal(parse("15"), 15);
	assert_int_equal(parse("1"), 1);
	assert_int_equal(parse("9"), SIGKILL);
	assert_int_equal(parse("015"), 15);
	/* Real-time signals have no name here but are accepted by number. */
	assert_int_equal(parse("34"), 34);
	assert_int_equal(parse("64"), 64);
}

static void
test_errors(void **state)
{
	parse_fails("TREM", "unknown signal \"TREM\" (expected a name such as "
	    "TERM, HUP, INT, QUIT, KILL, USR1, USR2 or a number)");
	parse_fails("SIG", "unknown signal \"SIG\" (expected a name such as "
	    "TERM, HUP, INT, QUIT, KILL, USR1, USR2 or a number)");
	parse_fails("-15", "unknown signal \"-15\" (expected a name such as "
	    "TERM, HUP, INT, QUIT, KILL, USR1, USR2 or a number)");
	parse_fails("15x", "unknown signal \"15x\" (expected a name such as "
	    "TERM, HUP, INT, QUIT, KILL, USR1, USR2 or a number)");
	parse_fails("0", "no signal number 0 (expected a number from 1 to 64)");
	parse_fails("65", "no signal number 65 (expected a number from 1 to "
	    "64)");
	parse_fails("99999999999999999999", "no signal number "
	    "99999999999999999999 (expected a number from 1 to 64)");
	parse_fails("", "expected a signal name or number, got an empty value");
}

static void
test_name_of(void **state)
{
	assert_string_equal(signame_name(SIGTERM), "TERM");
	assert_string_equal(signame_name(SIGKILL), "KILL");
	assert_string_equal(signame_name(SIGHUP), "HUP");
	assert_string_equal(signame_name(SIGABRT), "ABRT");
	assert_string_equal(signame_name(SIGCHLD), "CHLD");
	assert_null(signame_name(0));
	assert_null(signame_name(34));
	assert_null(signame_name(-1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_prefix_and_case),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_name_of),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
