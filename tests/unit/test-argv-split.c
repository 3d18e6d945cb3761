/*
 * argv_split and argv_join: sh quoting without a shell, and the round trip
 * from words to a line and back.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cfg.h"

static void	split_ok(const char *, ...);
static void	split_fails(const char *, const char *);
static void	round_trip(char **);

/* Split line and compare with the NULL-terminated words that follow. */
static void
split_ok(const char *line, ...)
{
	va_list		 ap;
	char		**argv, *cause = NULL;
	const char	*want;
	int		 argc, i = 0;

	assert_int_equal(argv_split(line, &argc, &argv, &cause), 0);
	assert_null(cause);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_non_null(argv[i]);
		assert_string_equal(argv[i], want);
		i++;
	}
	va_end(ap);
	assert_null(argv[i]);
	assert_int_equal(argc, i);
	argv_free(argv);
}

/* Split line and expect it to fail with message. */
static void
split_fails(const char *line, const char *message)
{
	char	**argv = NULL, *cause = NULL;
	int	  argc = -1;

	assert_int_equal(argv_split(line, &argc, &argv, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, message);
	free(cause);
}

/* Join argv, split the result, and expect the same words. */
static void
round_trip(char **argv)
{
	char	*line, **back, *cause = NULL;
	int	 argc, i;

	line = argv_join(argv);
	assert_int_equal(argv_split(line, &argc, &back, &cause), 0);
	for (i = 0; argv[i] != NULL; i++) {
		assert_non_null(back[i]);
		assert_string_equal(back[i], argv[i]);
	}
	assert_null(back[i]);
	argv_free(back);
	free(line);
}

static void
test_words(void **state)
{
	split_ok("ls", "ls", NULL);
	split_ok("  ls   -l\t/tmp \n", "ls", "-l", "/tmp", NULL);
	split_ok("a\tb\nc", "a", "b", "c", NULL);
}

static void
test_single_quotes(void **state)
{
	split_ok("echo 'a b'", "echo", "a b", NULL);
	split_ok("echo 'a \"b\" \\n $x'", "echo", "a \"b\" \\n $x", NULL);
	split_ok("echo ''", "echo", "", NULL);
	split_ok("echo a'b c'd", "echo", "ab cd", NULL);
}

static void
test_double_quotes(void **state)
{
	split_ok("echo \"a b\"", "echo", "a b", NULL);
	split_ok("echo \"q\\\"q\"", "echo", "q\"q", NULL);
	split_ok("echo \"\\\\ \\$HOME \\`x\\`\"", "echo", "\\ $HOME `x`",
	    NULL);
	/* Other backslashes stay, as in sh. */
	split_ok("echo \"a\\nb\"", "echo", "a\\nb", NULL);
	split_ok("echo \"\"", "echo", "", NULL);
	split_ok("echo \"it's\"", "echo", "it's", NULL);
	split_ok("echo \"a\\\nb\"", "echo", "ab", NULL);
}

static void
test_backslash(void **state)
{
	split_ok("echo a\\ b", "echo", "a b", NULL);
	split_ok("echo \\'x\\'", "echo", "'x'", NULL);
	split_ok("echo \\\\", "echo", "\\", NULL);
	split_ok("echo a\\\nb", "echo", "ab", NULL);
	split_ok("echo $HOME '*' ~", "echo", "$HOME", "*", "~", NULL);
}

static void
test_errors(void **state)
{
	split_fails("echo \"abc", "unterminated double quote");
	split_fails("echo 'abc", "unterminated single quote");
	split_fails("echo \"abc\\\"", "unterminated double quote");
	split_fails("echo abc\\", "trailing backslash");
	split_fails("", "empty command");
	split_fails(" \t\n ", "empty command");
}

static void
test_join(void **state)
{
	char	*plain[] = { "/bin/ls", "-l", "a=b", "x,y:z@%+.", NULL };
	char	*quoted[] = { "echo", "a b", "", "it's", "$HOME", "\\",
		    "\"", "tab\there", "new\nline", NULL };
	char	*line;

	line = argv_join(plain);
	assert_string_equal(line, "/bin/ls -l a=b x,y:z@%+.");
	free(line);
	line = argv_join(quoted);
	assert_string_equal(line, "echo 'a b' '' 'it'\\''s' '$HOME' '\\' "
	    "'\"' 'tab\there' 'new\nline'");
	free(line);
	round_trip(plain);
	round_trip(quoted);
}

static void
test_copy(void **state)
{
	char	*argv[] = { "a", "b c", NULL }, **copy;

	copy = argv_copy(argv);
	assert_ptr_not_equal(copy, argv);
	assert_ptr_not_equal(copy[0], argv[0]);
	assert_string_equal(copy[0], "a");
	assert_string_equal(copy[1], "b c");
	assert_null(copy[2]);
	argv_free(copy);
	assert_null(argv_copy(NULL));
	argv_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_single_quotes),
		cmocka_unit_test(test_double_quotes),
		cmocka_unit_test(test_backslash),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_copy),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
