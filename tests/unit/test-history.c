/*
 * history: adding (blank lines, duplicates in a row, the bound), walking
 * by index, searching, and the file: load, save, the round trip, folders
 * made private, the temporary file gone, errors named, the default path.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "prompt.h"
#include "xmalloc.h"

static char	*tmpdir;

static void	 entries(const struct history *, ...);
static char	*read_all(const char *);
static void	 write_all(const char *, const char *);
static int	 setup(void **);
static int	 teardown(void **);

/* Compare the entries, newest first, with the NULL-terminated list. */
static void
entries(const struct history *hs, ...)
{
	va_list		 ap;
	const char	*want;
	size_t		 i = 0;

	va_start(ap, hs);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_non_null(history_get(hs, i));
		assert_string_equal(history_get(hs, i), want);
		i++;
	}
	va_end(ap);
	assert_int_equal(history_count(hs), i);
	assert_null(history_get(hs, i));
}

/* The whole of a file, or NULL if it cannot be read. */
static char *
read_all(const char *path)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return (NULL);
	buf = xcalloc(1, 4096);
	n = fread(buf, 1, 4095, f);
	buf[n] = '\0';
	fclose(f);
	return (buf);
}

/* Make a file with the given contents. */
static void
write_all(const char *path, const char *text)
{
	FILE	*f;

	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* A private directory per test, taken as $XDG_STATE_HOME. */
static int
setup(void **state)
{
	char	 template[] = "/tmp/test-history.XXXXXX";

	if (mkdtemp(template) == NULL)
		return (-1);
	tmpdir = xstrdup(template);
	setenv("XDG_STATE_HOME", tmpdir, 1);
	return (0);
}

/* Remove the private directory and what the test left in it. */
static int
teardown(void **state)
{
	char	*cmd;

	xasprintf(&cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return (-1);
	free(cmd);
	free(tmpdir);
	tmpdir = NULL;
	return (0);
}

static void
test_add_and_get(void **state)
{
	struct history	*hs;

	hs = history_create(10);
	entries(hs, NULL);
	assert_true(history_add(hs, "status"));
	assert_true(history_add(hs, "stop web"));
	assert_true(history_add(hs, "start web"));
	entries(hs, "start web", "stop web", "status", NULL);
	history_free(hs);
	history_free(NULL);
}

static void
test_blank_ignored(void **state)
{
	struct history	*hs;

	hs = history_create(10);
	assert_false(history_add(hs, ""));
	assert_false(history_add(hs, "   "));
	assert_false(history_add(hs, " \t "));
	entries(hs, NULL);
	assert_true(history_add(hs, " status"));
	entries(hs, " status", NULL);
	history_free(hs);
}

static void
test_no_duplicates_in_a_row(void **state)
{
	struct history	*hs;

	hs = history_create(10);
	assert_true(history_add(hs, "status"));
	assert_false(history_add(hs, "status"));
	assert_true(history_add(hs, "stop web"));
	/* Not in a row: kept, so walking back finds it where it was run. */
	assert_true(history_add(hs, "status"));
	assert_false(history_add(hs, "status"));
	/* Trailing blanks do not make another line, and are not kept. */
	assert_false(history_add(hs, "status  "));
	assert_true(history_add(hs, "version \t"));
	/* Spacing inside the line does. */
	assert_true(history_add(hs, "stop  web"));
	entries(hs, "stop  web", "version", "status", "stop web", "status",
	    NULL);
	history_free(hs);
}

static void
test_bounded(void **state)
{
	struct history	*hs;

	hs = history_create(3);
	history_add(hs, "one");
	history_add(hs, "two");
	history_add(hs, "three");
	entries(hs, "three", "two", "one", NULL);
	assert_true(history_add(hs, "four"));
	entries(hs, "four", "three", "two", NULL);
	history_add(hs, "five");
	history_add(hs, "six");
	entries(hs, "six", "five", "four", NULL);
	history_free(hs);

	/* A bound of 0 would make add useless: one entry is kept. */
	hs = history_create(0);
	history_add(hs, "one");
	history_add(hs, "two");
	entries(hs, "two", NULL);
	history_free(hs);
}

static void
test_search(void **state)
{
	struct history	*hs;
	size_t		 found = 99;

	hs = history_create(10);
	history_add(hs, "stop web");	/* 3 */
	history_add(hs, "status");	/* 2 */
	history_add(hs, "start web");	/* 1 */
	history_add(hs, "pid");		/* 0 */

	assert_int_equal(history_search(hs, "web", 0, &found), 0);
	assert_int_equal(found, 1);
	assert_int_equal(history_search(hs, "web", 1, &found), 0);
	assert_int_equal(found, 1);
	assert_int_equal(history_search(hs, "web", 2, &found), 0);
	assert_int_equal(found, 3);
	found = 99;
	assert_int_equal(history_search(hs, "web", 4, &found), -1);
	assert_int_equal(history_search(hs, "worker", 0, &found), -1);
	assert_int_equal(found, 99);
	assert_int_equal(history_search(hs, "", 0, &found), 0);
	assert_int_equal(found, 0);
	/* Case matters, as in readline. */
	assert_int_equal(history_search(hs, "WEB", 0, &found), -1);
	history_free(hs);
}

static void
test_default_path(void **state)
{
	char	*path, *want;

	setenv("XDG_STATE_HOME", "/x/state", 1);
	setenv("HOME", "/home/u", 1);
	path = history_default_path();
	assert_string_equal(path, "/x/state/taskmaster/history");
	free(path);

	/* Relative or empty $XDG_STATE_HOME: ignored, as XDG says. */
	setenv("XDG_STATE_HOME", "state", 1);
	path = history_default_path();
	assert_string_equal(path, "/home/u/.local/state/taskmaster/history");
	free(path);
	setenv("XDG_STATE_HOME", "", 1);
	path = history_default_path();
	assert_string_equal(path, "/home/u/.local/state/taskmaster/history");
	free(path);

	unsetenv("XDG_STATE_HOME");
	path = history_default_path();
	assert_string_equal(path, "/home/u/.local/state/taskmaster/history");
	free(path);

	unsetenv("HOME");
	assert_null(history_default_path());
	setenv("HOME", "", 1);
	assert_null(history_default_path());

	setenv("XDG_STATE_HOME", tmpdir, 1);
	path = history_default_path();
	xasprintf(&want, "%s/taskmaster/history", tmpdir);
	assert_string_equal(path, want);
	free(want);
	free(path);
}

static void
test_load_missing(void **state)
{
	struct history	*hs;
	char		*path, *cause = NULL;

	hs = history_create(10);
	path = history_default_path();
	assert_int_equal(history_load(hs, path, &cause), 0);
	assert_null(cause);
	entries(hs, NULL);
	free(path);
	history_free(hs);
}

static void
test_round_trip(void **state)
{
	struct history	*hs, *back;
	struct stat	 sb;
	DIR		*d;
	struct dirent	*de;
	char		*path, *dir, *text, *cause = NULL;
	int		 n = 0;

	hs = history_create(10);
	history_add(hs, "status");
	history_add(hs, "signal HUP web:0");
	history_add(hs, "stop caf\xc3\xa9 \xe6\x97\xa5");
	path = history_default_path();

	/* The folders do not exist yet: made, and private. */
	assert_int_equal(history_save(hs, path, &cause), 0);
	assert_null(cause);
	xasprintf(&dir, "%s/taskmaster", tmpdir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	text = read_all(path);
	assert_string_equal(text, "status\nsignal HUP web:0\n"
	    "stop caf\xc3\xa9 \xe6\x97\xa5\n");
	free(text);

	/* Nothing but the history: the temporary file was renamed. */
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		assert_string_equal(de->d_name, "history");
		n++;
	}
	closedir(d);
	assert_int_equal(n, 1);

	back = history_create(10);
	assert_int_equal(history_load(back, path, &cause), 0);
	assert_null(cause);
	entries(back, "stop caf\xc3\xa9 \xe6\x97\xa5", "signal HUP web:0",
	    "status", NULL);

	/* Saving again replaces the file rather than adding to it. */
	history_add(back, "pid");
	assert_int_equal(history_save(back, path, &cause), 0);
	text = read_all(path);
	assert_string_equal(text, "status\nsignal HUP web:0\n"
	    "stop caf\xc3\xa9 \xe6\x97\xa5\npid\n");
	free(text);

	free(dir);
	free(path);
	history_free(back);
	history_free(hs);
}

static void
test_save_skips_newlines(void **state)
{
	struct history	*hs;
	char		*path, *text, *cause = NULL;

	hs = history_create(10);
	history_add(hs, "one");
	history_add(hs, "two\nthree");
	history_add(hs, "four");
	path = history_default_path();
	assert_int_equal(history_save(hs, path, &cause), 0);
	text = read_all(path);
	assert_string_equal(text, "one\nfour\n");
	free(text);

	/* An empty history makes an empty file. */
	history_free(hs);
	hs = history_create(10);
	assert_int_equal(history_save(hs, path, &cause), 0);
	text = read_all(path);
	assert_string_equal(text, "");
	free(text);
	free(path);
	history_free(hs);
}

static void
test_load_file(void **state)
{
	struct history	*hs;
	char		*path, *cause = NULL;

	xasprintf(&path, "%s/h", tmpdir);
	/* Blank lines and repeats collapse; the last line has no newline. */
	write_all(path, "one\n\ntwo\ntwo\n  \nthree\nfour\nfive");

	hs = history_create(3);
	assert_int_equal(history_load(hs, path, &cause), 0);
	assert_null(cause);
	entries(hs, "five", "four", "three", NULL);
	history_free(hs);

	/* Loading adds to what is there, with the same rules. */
	hs = history_create(10);
	history_add(hs, "zero");
	history_add(hs, "one");
	assert_int_equal(history_load(hs, path, &cause), 0);
	entries(hs, "five", "four", "three", "two", "one", "zero", NULL);
	history_free(hs);
	free(path);
}

static void
test_errors(void **state)
{
	struct history	*hs;
	char		*path, *file, *want, *cause = NULL;

	hs = history_create(10);
	history_add(hs, "status");

	/* A file where a folder should be. */
	xasprintf(&file, "%s/taskmaster", tmpdir);
	write_all(file, "");
	path = history_default_path();
	assert_int_equal(history_save(hs, path, &cause), -1);
	assert_non_null(cause);
	xasprintf(&want, "create %s.", path);
	assert_memory_equal(cause, want, strlen(want));
	assert_non_null(strstr(cause, ": Not a directory"));
	free(want);
	free(cause);
	cause = NULL;
	unlink(file);

	/* A folder where the file should be. */
	assert_int_equal(mkdir(file, 0700), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(history_load(hs, path, &cause), -1);
	xasprintf(&want, "read %s: Is a directory", path);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	cause = NULL;
	assert_int_equal(history_save(hs, path, &cause), -1);
	xasprintf(&want, "rename %s: Is a directory", path);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	cause = NULL;
	entries(hs, "status", NULL);

	/* The temporary file did not stay behind. */
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rmdir(file), 0);

	/* A parent that cannot be made. */
	assert_int_equal(history_save(hs, "/proc/nope/taskmaster/history",
	    &cause), -1);
	assert_non_null(cause);
	assert_memory_equal(cause, "mkdir /proc/nope: ", 18);
	free(cause);

	free(file);
	free(path);
	history_free(hs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_get),
		cmocka_unit_test(test_blank_ignored),
		cmocka_unit_test(test_no_duplicates_in_a_row),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_search),
		cmocka_unit_test_setup_teardown(test_default_path, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_missing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_save_skips_newlines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
