/*
 * What the config tests share: a private folder for configs written by a
 * test, loading a config from text, the diagnostics as text, and list
 * comparisons. Included by the test programs after cmocka.h.
 */

#ifndef CFG_TEST_H
#define CFG_TEST_H

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "xmalloc.h"

#define GOOD_DIR	TESTS_SRCDIR "/configs/good"

static char	 tmp_dir[PATH_MAX];

/* A test program need not use every helper. */
static struct cfg *load_text(const char *, const char *, struct diag_list *)
		     __attribute__((unused));
static char	*diags(struct diag_list *) __attribute__((unused));
static struct cfg_program *program(struct cfg *, const char *)
		     __attribute__((unused));
static void	 assert_strv(char **, ...) __attribute__((unused));
static int	 setup_tmp(void **) __attribute__((unused));
static int	 teardown_tmp(void **) __attribute__((unused));

/* Write text to a file called name in the test's folder and load it. */
static struct cfg *
load_text(const char *name, const char *text, struct diag_list *dl)
{
	FILE		*f;
	char		*path;
	struct cfg	*cf;

	path = xstrfmt("%s/%s", tmp_dir, name);
	assert_non_null(f = fopen(path, "w"));
	fwrite(text, 1, strlen(text), f);
	fclose(f);
	cf = cfg_load(path, dl);
	unlink(path);
	free(path);
	return (cf);
}

/*
 * The diagnostics, sorted, one per line, with the folder of the file
 * left out so the expected text does not depend on where tests run.
 */
static char *
diags(struct diag_list *dl)
{
	struct diag	*d;
	char		*out = xstrdup(""), *line, *tmp, *base;

	diag_sort(dl);
	TAILQ_FOREACH(d, &dl->list, entry) {
		if (d->file != NULL && (base = strrchr(d->file, '/')) != NULL) {
			tmp = xstrdup(base + 1);
			free(d->file);
			d->file = tmp;
		}
		line = diag_format(d);
		tmp = xstrfmt("%s%s\n", out, line);
		free(out);
		free(line);
		out = tmp;
	}
	return (out);
}

/* The program called name, which must exist. */
static struct cfg_program *
program(struct cfg *cf, const char *name)
{
	struct cfg_program	*p;

	if ((p = cfg_find_program(cf, name)) == NULL)
		fail_msg("no program %s", name);
	return (p);
}

/* Compare a NULL-terminated array with the NULL-terminated list given. */
static void
assert_strv(char **v, ...)
{
	va_list		 ap;
	const char	*want;
	int		 i = 0;

	assert_non_null(v);
	va_start(ap, v);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_non_null(v[i]);
		assert_string_equal(v[i], want);
		i++;
	}
	va_end(ap);
	assert_null(v[i]);
}

/* A private folder for configs written by a test. */
static int
setup_tmp(void **state)
{
	snprintf(tmp_dir, sizeof tmp_dir, "/tmp/taskmaster-test.XXXXXX");
	if (mkdtemp(tmp_dir) == NULL)
		return (-1);
	setenv("TM_TEST_VALUE", "from the environment", 1);
	return (0);
}

/* Remove the private folder. */
static int
teardown_tmp(void **state)
{
	return (rmdir(tmp_dir));
}

#endif
