/*
 * What a config file must not do to the daemon reading it: a file nested
 * very deeply must be refused quickly, and a FIFO or a device at the
 * config's path refused at once, not hang a check or a reload. Each case
 * runs under an alarm, so a hang fails the test instead of stopping the
 * suite.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cfg-test.h"

/* Seconds a case may take before it counts as a hang. */
#define LOAD_ALARM	20

static void	 assert_refused(char *, const char *);
static char	*deep_yaml(u_int);

/* Load text (then freed), which must be refused with the message want. */
static void
assert_refused(char *text, const char *want)
{
	struct diag_list	 dl;
	char			*got;

	diag_init(&dl);
	assert_null(load_text("t.yaml", text, &dl));
	free(text);
	got = diags(&dl);
	assert_string_equal(got, want);
	free(got);
	diag_clear(&dl);
}

/* "x-deep: " and n lists nested in each other, then a program. */
static char *
deep_yaml(u_int n)
{
	char	*text;
	size_t	 len = 8 + 2 * n;

	text = xmalloc(len + 64);
	memcpy(text, "x-deep: ", 8);
	memset(text + 8, '[', n);
	memset(text + 8 + n, ']', n);
	strcpy(text + len, "\nprograms:\n  web:\n    cmd: /bin/true\n");
	return (text);
}

/* Nesting up to 64 levels is fine; the 65th is refused where it opens. */
static void
test_depth_limit(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	char			*text;

	alarm(LOAD_ALARM);
	diag_init(&dl);
	text = deep_yaml(63);		/* the top mapping is the first level */
	cf = load_text("t.yaml", text, &dl);
	free(text);
	if (cf == NULL)
		fail_msg("refused:\n%s", diags(&dl));
	cfg_free(cf);
	diag_clear(&dl);

	assert_refused(deep_yaml(64), "t.yaml:1:72: values are nested too "
	    "deeply (more than 64 levels of mappings and lists)\n");
	alarm(0);
}

/*
 * A file nested 100,000 deep (500 KB of brackets and braces) used to
 * take forever: libyaml builds a document in time that grows with the
 * square of its depth.
 */
static void
test_depth_huge(void **state)
{
	char			*text;
	size_t			 n = 100000, i, len;

	alarm(LOAD_ALARM);
	len = 10 + 5 * n;
	text = xmalloc(len + 1);
	memcpy(text, "programs: ", 10);
	for (i = 0; i < n; i++)
		memcpy(text + 10 + 4 * i, "{a: ", 4);
	memset(text + 10 + 4 * n, '}', n);
	text[len] = '\0';
	assert_refused(text, "t.yaml:1:263: values are nested too deeply "
	    "(more than 64 levels of mappings and lists)\n");
	alarm(0);
}

/* A FIFO would block until someone writes to it: refused at once. */
static void
test_fifo(void **state)
{
	struct diag_list	 dl;
	char			*path, *want, *got;

	alarm(LOAD_ALARM);
	path = xstrfmt("%s/fifo.yaml", tmp_dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	diag_init(&dl);
	assert_null(cfg_load(path, &dl));
	assert_int_equal(dl.nerrors, 1);
	got = diag_format(TAILQ_FIRST(&dl.list));
	want = xstrfmt("%s: cannot read: not a regular file (a FIFO)", path);
	assert_string_equal(got, want);
	free(got);
	free(want);
	diag_clear(&dl);

	/* The client reads the socket path the same way. */
	assert_null(cfg_peek_socket(path));
	unlink(path);
	free(path);
	alarm(0);
}

/* A device is no config either, even one that reads as empty. */
static void
test_device(void **state)
{
	struct diag_list	 dl;
	char			*got;

	alarm(LOAD_ALARM);
	diag_init(&dl);
	assert_null(cfg_load("/dev/null", &dl));
	got = diag_format(TAILQ_FIRST(&dl.list));
	assert_string_equal(got, "/dev/null: cannot read: not a regular file "
	    "(a device)");
	free(got);
	diag_clear(&dl);
	alarm(0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_depth_huge),
		cmocka_unit_test(test_fifo),
		cmocka_unit_test(test_device),
	};

	return (cmocka_run_group_tests(tests, setup_tmp, teardown_tmp));
}
