/*
 * Every file in configs/bad must be refused with exactly the diagnostics
 * of its .err twin: same positions, same keys, same words. In the .err
 * files @DIR@ stands for the absolute path of the bad folder, where the
 * configs are loaded from by their base name.
 */

#include <sys/types.h>

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cfg.h"
#include "xmalloc.h"

#define BAD_DIR		TESTS_SRCDIR "/configs/bad"
#define BAD_MIN_CASES	35

static char	 bad_cwd[PATH_MAX];

static int	 bad_is_config(const char *);
static int	 bad_name_cmp(const void *, const void *);
static char	*bad_err_path(const char *);
static char	*bad_read(const char *);
static char	*bad_replace(const char *, const char *, const char *);
static char	*bad_load(const char *);
static char	**bad_list(u_int *);
static void	 test_bad_config(void **);
static void	 test_bad_twins(void **);

/* Whether a file name is a config to test. */
static int
bad_is_config(const char *name)
{
	const char	*dot;

	if (*name == '.' || (dot = strrchr(name, '.')) == NULL)
		return (0);
	return (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".conf") == 0);
}

/* Order file names, so cases run in the same order everywhere. */
static int
bad_name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The .err twin of a config: "x.yaml" -> "x.err". */
static char *
bad_err_path(const char *name)
{
	return (xstrfmt("%.*s.err", (int)(strrchr(name, '.') - name), name));
}

/* Read a whole file, or NULL. */
static char *
bad_read(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 size;

	if ((f = fopen(path, "r")) == NULL)
		return (NULL);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = xmalloc(size + 1);
	buf[fread(buf, 1, size, f)] = '\0';
	fclose(f);
	return (buf);
}

/* Replace every from by to in s (result is new). */
static char *
bad_replace(const char *s, const char *from, const char *to)
{
	char		*out = xstrdup(""), *tmp;
	const char	*hit;

	while ((hit = strstr(s, from)) != NULL) {
		tmp = xstrfmt("%s%.*s%s", out, (int)(hit - s), s, to);
		free(out);
		out = tmp;
		s = hit + strlen(from);
	}
	tmp = xstrfmt("%s%s", out, s);
	free(out);
	return (tmp);
}

/*
 * Load a config by base name from the bad folder and return its sorted
 * diagnostics, one per line. A bad config must be refused.
 */
static char *
bad_load(const char *name)
{
	struct diag_list	 dl;
	struct diag		*d;
	struct cfg		*cf;
	char			*out = xstrdup(""), *line, *tmp;

	diag_init(&dl);
	cf = cfg_load(name, &dl);
	assert_null(cf);
	assert_true(dl.nerrors > 0);
	diag_sort(&dl);
	TAILQ_FOREACH(d, &dl.list, entry) {
		line = diag_format(d);
		tmp = xstrfmt("%s%s\n", out, line);
		free(out);
		free(line);
		out = tmp;
	}
	diag_clear(&dl);
	return (out);
}

/* Every config and its .err twin, from the bad folder. */
static char **
bad_list(u_int *n)
{
	DIR		 *d;
	struct dirent	 *de;
	char		**names = NULL;

	*n = 0;
	if ((d = opendir(BAD_DIR)) == NULL)
		return (NULL);
	while ((de = readdir(d)) != NULL) {
		if (!bad_is_config(de->d_name))
			continue;
		names = xreallocarray(names, *n + 1, sizeof *names);
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof *names, bad_name_cmp);
	return (names);
}

/* One bad config: its diagnostics must be its .err file, exactly. */
static void
test_bad_config(void **state)
{
	const char	*name = *state;
	char		*errpath, *raw, *want, *got;

	errpath = bad_err_path(name);
	raw = bad_read(errpath);
	if (raw == NULL)
		fail_msg("%s: no %s next to it", name, errpath);
	want = bad_replace(raw, "@DIR@", bad_cwd);
	got = bad_load(name);
	if (strcmp(want, got) != 0) {
		print_error("%s: diagnostics differ\n--- expected (%s)\n%s"
		    "--- got\n%s", name, errpath, want, got);
		fail();
	}
	free(got);
	free(want);
	free(raw);
	free(errpath);
}

/* Enough cases, and no .err without its config. */
static void
test_bad_twins(void **state)
{
	DIR		*d;
	struct dirent	*de;
	char		*yaml, *conf;
	u_int		 n;
	char		**names;
	int		 len;

	names = bad_list(&n);
	assert_true(n >= BAD_MIN_CASES);
	while (n > 0)
		free(names[--n]);
	free(names);

	assert_non_null(d = opendir(BAD_DIR));
	while ((de = readdir(d)) != NULL) {
		if (strlen(de->d_name) < 5 ||
		    strcmp(strchr(de->d_name, '\0') - 4, ".err") != 0)
			continue;
		len = strlen(de->d_name) - 4;
		yaml = xstrfmt("%.*s.yaml", len, de->d_name);
		conf = xstrfmt("%.*s.conf", len, de->d_name);
		if (access(yaml, F_OK) != 0 && access(conf, F_OK) != 0)
			fail_msg("%s has no config next to it", de->d_name);
		if (access(yaml, F_OK) == 0 && access(conf, F_OK) == 0)
			fail_msg("%s is the twin of two configs", de->d_name);
		free(yaml);
		free(conf);
	}
	closedir(d);
}

int
main(void)
{
	struct CMUnitTest	*tests;
	char			**names;
	u_int			  n, i;
	int			  r;

	if (chdir(BAD_DIR) != 0 || getcwd(bad_cwd, sizeof bad_cwd) == NULL) {
		fprintf(stderr, "cannot use %s\n", BAD_DIR);
		return (1);
	}
	names = bad_list(&n);
	tests = xcalloc(n + 1, sizeof *tests);
	for (i = 0; i < n; i++) {
		tests[i].name = names[i];
		tests[i].test_func = test_bad_config;
		tests[i].initial_state = names[i];
	}
	tests[n].name = "test_bad_twins";
	tests[n].test_func = test_bad_twins;

	r = _cmocka_run_group_tests("bad configs", tests, n + 1, NULL, NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	return (r);
}
