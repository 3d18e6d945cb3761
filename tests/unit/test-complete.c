/*
 * complete_line: command names and aliases from the command table, then
 * what each command takes (names and "all", signals, commands, options),
 * the word replaced, the common prefix, sorting, and nothing to offer.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "prompt.h"
#include "taskmaster.h"
#include "xmalloc.h"

static const char *const names[] = {
	"web:0", "web:1", "web:2", "web:10", "web", "worker", "api",
	"caf\xc3\xa9", "caf\xc3\xa8", "\xc3\xa9t\xc3\xa9", "web:0", NULL
};

static void	cands(const char *, const char *, ...);
static void	cands_at(const char *, size_t, size_t, const char *, ...);
static void	none(const char *);
static bool	has_command(const char *);

/*
 * Complete at the cursor position given, expect the word to start at
 * start, the text inserted, then the candidates in order (NULL ends).
 */
static void
cands_at(const char *line, size_t cursor, size_t start, const char *insert,
    ...)
{
	struct complete	 c;
	va_list		 ap;
	const char	*want;
	size_t		 n, i = 0;

	n = complete_line(line, cursor, names, &c);
	assert_int_equal(c.start, start);
	assert_int_equal(c.end, cursor);
	assert_non_null(c.insert);
	assert_string_equal(c.insert, insert);
	va_start(ap, insert);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < n);
		assert_string_equal(c.cands[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(n, i);
	assert_int_equal(c.ncands, n);
	complete_free(&c);
	assert_null(c.cands);
	assert_null(c.insert);
}

/* Complete at the end of line; the word is the last one. */
static void
cands(const char *line, const char *insert, ...)
{
	struct complete	 c;
	va_list		 ap;
	const char	*want, *space;
	size_t		 n, i = 0;

	space = strrchr(line, ' ');
	n = complete_line(line, strlen(line), names, &c);
	assert_int_equal(c.start, space == NULL ? 0 : space + 1 - line);
	assert_int_equal(c.end, strlen(line));
	assert_non_null(c.insert);
	assert_string_equal(c.insert, insert);
	va_start(ap, insert);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < n);
		assert_string_equal(c.cands[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(n, i);
	complete_free(&c);
}

/* Nothing to complete at the end of line. */
static void
none(const char *line)
{
	struct complete	 c;

	assert_int_equal(complete_line(line, strlen(line), names, &c), 0);
	assert_int_equal(c.ncands, 0);
	assert_null(c.cands);
	assert_null(c.insert);
	complete_free(&c);
}

/* Whether the command table has a command (some come later). */
static bool
has_command(const char *name)
{
	const struct cmd_entry	*ce;

	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (strcmp(ce->name, name) == 0)
			return (true);
	}
	return (false);
}

static void
test_commands(void **state)
{
	cands("st", "st", "start", "status", "stop", NULL);
	cands("sta", "sta", "start", "status", NULL);
	cands("sto", "stop", "stop", NULL);
	cands("rel", "reload", "reload", NULL);
	cands("rem", "remove", "remove", NULL);
	cands("res", "restart", "restart", NULL);
	cands("rer", "reread", "reread", NULL);
	cands("sh", "shutdown", "shutdown", NULL);
	cands("si", "signal", "signal", NULL);
	cands("v", "version", "version", NULL);
	/* Aliases complete too. */
	cands("ex", "exit", "exit", NULL);
	cands("up", "update", "update", NULL);
	cands("q", "quit", "quit", NULL);
	/* A whole name is still one candidate: Tab adds the space. */
	cands("stop", "stop", "stop", NULL);
	none("x");
	none("Stop");
	none("stopp");
}

static void
test_every_command(void **state)
{
	const struct cmd_entry	*ce;
	const char *const	*alias;
	struct complete		 c;
	size_t			 n = 0, i, j;
	bool			 found;

	/*
	 * An empty line offers the whole table, names and aliases, but
	 * not the commands only front ends use.
	 */
	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (ce->flags & CMD_HIDDEN)
			continue;
		n++;
		for (alias = ce->aliases; *alias != NULL; alias++)
			n++;
	}
	assert_int_equal(complete_line("", 0, names, &c), n);
	assert_string_equal(c.insert, "");
	for (ce = cmd_table; ce->name != NULL; ce++) {
		found = false;
		for (j = 0; j < c.ncands; j++)
			found |= strcmp(c.cands[j], ce->name) == 0;
		assert_true(found == !(ce->flags & CMD_HIDDEN));
	}
	for (i = 1; i < c.ncands; i++)
		assert_true(strcmp(c.cands[i - 1], c.cands[i]) < 0);
	complete_free(&c);

	/* White space before the command. */
	cands_at("  st", 4, 2, "st", "start", "status", "stop", NULL);
}

static void
test_names(void **state)
{
	/* Sorted with numbers by value; duplicates once; "all" added. */
	/* Bytes compare unsigned: été after the ASCII names. */
	cands("stop ", "", "all", "api", "caf\xc3\xa8", "caf\xc3\xa9", "web",
	    "web:0", "web:1", "web:2", "web:10", "worker",
	    "\xc3\xa9t\xc3\xa9", NULL);
	cands("stop w", "w", "web", "web:0", "web:1", "web:2", "web:10",
	    "worker", NULL);
	cands("stop we", "web", "web", "web:0", "web:1", "web:2", "web:10",
	    NULL);
	cands("stop web:", "web:", "web:0", "web:1", "web:2", "web:10", NULL);
	cands("stop web:1", "web:1", "web:1", "web:10", NULL);
	cands("stop wo", "worker", "worker", NULL);
	cands("stop a", "a", "all", "api", NULL);
	cands("stop al", "all", "all", NULL);
	none("stop x");
	none("stop Web");

	/* Every word after the command, for commands taking names. */
	cands("start web wo", "worker", "worker", NULL);
	cands("restart   api  wor", "worker", "worker", NULL);
	cands("status ap", "api", "api", NULL);
	cands("pid wo", "worker", "worker", NULL);
	/* A unique prefix or an alias finds the command, as running it. */
	cands("sto wo", "worker", "worker", NULL);
	cands("resta wo", "worker", "worker", NULL);
}

static void
test_names_none_given(void **state)
{
	struct complete	c;

	assert_int_equal(complete_line("stop ", 5, NULL, &c), 1);
	assert_string_equal(c.insert, "all");
	assert_string_equal(c.cands[0], "all");
	complete_free(&c);
}

static void
test_utf8_prefix(void **state)
{
	/* é and è share their first byte: the prefix stops before both. */
	cands("stop c", "caf", "caf\xc3\xa8", "caf\xc3\xa9", NULL);
	cands("stop caf\xc3\xa9", "caf\xc3\xa9", "caf\xc3\xa9", NULL);
}

static void
test_cursor_inside(void **state)
{
	struct complete	c;

	/* Only the part before the cursor is completed. */
	cands_at("st web", 2, 0, "st", "start", "status", "stop", NULL);
	cands_at("stop wo web", 7, 5, "worker", "worker", NULL);
	/* At the start of a word: everything the position takes. */
	cands_at("stop web", 5, 5, "", "all", "api", "caf\xc3\xa8",
	    "caf\xc3\xa9", "web", "web:0", "web:1", "web:2", "web:10",
	    "worker", "\xc3\xa9t\xc3\xa9", NULL);
	/* Tabs separate words too. */
	cands_at("stop\two", 7, 5, "worker", "worker", NULL);
	/* A cursor past the end is the end. */
	cands_at("sto", 3, 0, "stop", "stop", NULL);
	assert_int_equal(complete_line("sto", 99, names, &c), 1);
	assert_int_equal(c.end, 3);
	complete_free(&c);
}

static void
test_signal(void **state)
{
	struct complete	 c;
	size_t		 i;
	bool		 term = false, hup = false, kill = false, usr1 = false;

	/* The signal first, from the signal table, sorted. */
	assert_true(complete_line("signal ", 7, names, &c) >= 20);
	for (i = 0; i < c.ncands; i++) {
		term |= strcmp(c.cands[i], "TERM") == 0;
		hup |= strcmp(c.cands[i], "HUP") == 0;
		kill |= strcmp(c.cands[i], "KILL") == 0;
		usr1 |= strcmp(c.cands[i], "USR1") == 0;
		assert_null(strstr(c.cands[i], "web"));
		if (i > 0)
			assert_true(strcmp(c.cands[i - 1], c.cands[i]) < 0);
	}
	assert_true(term && hup && kill && usr1);
	complete_free(&c);

	cands("signal T", "T", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", NULL);
	cands("signal USR", "USR", "USR1", "USR2", NULL);
	cands("signal HU", "HUP", "HUP", NULL);
	/* Any case, as signame_parse takes it; completed in capitals. */
	cands("signal te", "TERM", "TERM", NULL);
	cands("signal usr", "USR", "USR1", "USR2", NULL);
	/* With SIG in front, kept. */
	cands("signal SIGTE", "SIGTERM", "SIGTERM", NULL);
	cands("signal sigk", "SIGKILL", "SIGKILL", NULL);
	none("signal FOO");

	/* Then names. */
	cands("signal TERM wo", "worker", "worker", NULL);
	cands("signal HUP web worke", "worker", "worker", NULL);
	cands("sig TERM a", "a", "all", "api", NULL);
}

static void
test_help(void **state)
{
	cands("help st", "st", "start", "status", "stop", NULL);
	cands("help sig", "signal", "signal", NULL);
	cands("help ex", "exit", "exit", NULL);
	none("help wo");
	none("help stop ");
	none("help stop s");
}

static void
test_reload(void **state)
{
	cands("reload ", "--", "--dry-run", "--json", NULL);
	cands("reload -", "--", "--dry-run", "--json", NULL);
	cands("reload --d", "--dry-run", "--dry-run", NULL);
	none("reload --x");
	none("reload w");
	/* Once given, not offered again. */
	cands("reload --dry-run ", "--json", "--json", NULL);
	none("reload --dry-run --json ");
}

static void
test_no_arguments(void **state)
{
	none("version ");
	none("quit ");
	none("exit ");
	none("shutdown ");
	none("shutdown w");
	/* Unknown or ambiguous commands: nothing to go by. */
	none("frob ");
	none("frob w");
	none("s w");
}

static void
test_tail_attach(void **state)
{
	/* Only once the table has them. */
	if (has_command("tail")) {
		cands("tail a", "api", "api", NULL);
		cands("tail wo", "worker", "worker", NULL);
		cands("tail -", "-", "-f", "-n", NULL);
		cands("tail -f -", "-n", "-n", NULL);
		cands("tail -f wo", "worker", "worker", NULL);
		none("tail -n ");
		cands("tail -n 10 wo", "worker", "worker", NULL);
		none("tail web ");
	}
	if (has_command("attach")) {
		/* One process: "all" is not offered. */
		cands("attach a", "api", "api", NULL);
		cands("attach wo", "worker", "worker", NULL);
		cands("attach --r", "--read-only", "--read-only", NULL);
		cands("attach --read-only wo", "worker", "worker", NULL);
		none("attach web ");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_every_command),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_names_none_given),
		cmocka_unit_test(test_utf8_prefix),
		cmocka_unit_test(test_cursor_inside),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_reload),
		cmocka_unit_test(test_no_arguments),
		cmocka_unit_test(test_tail_attach),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
