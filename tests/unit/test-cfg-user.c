/*
 * Users and groups: by name or by number (supervisord takes user=1000),
 * in YAML and INI, resolved when the config is loaded into the ids,
 * groups and home a spawn uses without looking anything up.
 */

#include <sys/types.h>

#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cfg-test.h"

static struct cfg_program *load_program(struct cfg **, const char *);
static int	 has_group(const struct cfg_program *, gid_t);

/* Load a one-program YAML config with extra lines, which must be good. */
static struct cfg_program *
load_program(struct cfg **cfp, const char *lines)
{
	struct diag_list	 dl;
	char			*text;

	text = xstrfmt("programs:\n  web:\n    cmd: /bin/true\n%s", lines);
	diag_init(&dl);
	*cfp = load_text("t.yaml", text, &dl);
	free(text);
	if (*cfp == NULL)
		fail_msg("refused:\n%s", diags(&dl));
	diag_clear(&dl);
	return (program(*cfp, "web"));
}

/* Whether gid is one of the program's groups. */
static int
has_group(const struct cfg_program *p, gid_t gid)
{
	int	i;

	for (i = 0; i < p->ngroups; i++) {
		if (p->groups[i] == gid)
			return (1);
	}
	return (0);
}

/* A uid, plain or quoted, is a user; its ids and home are kept. */
static void
test_user_number(void **state)
{
	struct cfg		*cf;
	struct cfg_program	*p;
	struct passwd		*pw;

	assert_non_null(pw = getpwnam("nobody"));
	p = load_program(&cf, "    user: 0\n");
	assert_true(p->ids);
	assert_int_equal(p->uid, 0);
	assert_int_equal(p->gid, 0);
	assert_true(has_group(p, 0));
	assert_string_equal(p->home, getpwuid(0)->pw_dir);
	cfg_free(cf);

	p = load_program(&cf, "    user: \"65534\"\n");
	assert_int_equal(p->uid, 65534);
	assert_int_equal(p->gid, getpwuid(65534)->pw_gid);
	assert_true(has_group(p, p->gid));
	cfg_free(cf);

	/* By name: the same ids. */
	p = load_program(&cf, "    user: nobody\n");
	assert_int_equal(p->uid, pw->pw_uid);
	cfg_free(cf);
}

/* A gid, or a group name, replaces the user's groups. */
static void
test_group_number(void **state)
{
	struct cfg		*cf;
	struct cfg_program	*p;
	struct group		*gr;

	assert_non_null(gr = getgrnam("daemon"));
	p = load_program(&cf, "    user: nobody\n    group: 0\n");
	assert_int_equal(p->gid, 0);
	assert_int_equal(p->ngroups, 1);
	assert_int_equal(p->groups[0], 0);
	cfg_free(cf);

	/* A group alone: the daemon's uid. */
	p = load_program(&cf, "    group: daemon\n");
	assert_true(p->ids);
	assert_int_equal(p->uid, getuid());
	assert_int_equal(p->gid, gr->gr_gid);
	assert_null(p->home);
	cfg_free(cf);

	/* Neither: nothing to change at spawn. */
	p = load_program(&cf, "");
	assert_false(p->ids);
	assert_null(p->groups);
	cfg_free(cf);
}

/* The INI reader takes numbers too, as supervisord does. */
static void
test_ini_number(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;

	diag_init(&dl);
	cf = load_text("t.conf", "[program:web]\ncommand=/bin/true\n"
	    "user=65534\n", &dl);
	if (cf == NULL)
		fail_msg("refused:\n%s", diags(&dl));
	assert_int_equal(program(cf, "web")->uid, 65534);
	cfg_free(cf);
	diag_clear(&dl);
}

/* A number no user or group has is an error at its value. */
static void
test_unknown_number(void **state)
{
	struct diag_list	 dl;
	char			*got;

	diag_init(&dl);
	assert_null(load_text("t.yaml", "programs:\n  web:\n    cmd: x\n"
	    "    user: 4242424\n  api:\n    cmd: x\n    group: 4242424\n"
	    "  db:\n    cmd: x\n    user: no-such-user-taskmaster\n", &dl));
	got = diags(&dl);
	assert_string_equal(got,
	    "t.yaml:4:11: programs.web.user: no user with uid 4242424\n"
	    "t.yaml:7:12: programs.api.group: no group with gid 4242424\n"
	    "t.yaml:10:11: programs.db.user: no such user "
	    "\"no-such-user-taskmaster\"\n");
	free(got);
	diag_clear(&dl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_number),
		cmocka_unit_test(test_group_number),
		cmocka_unit_test(test_ini_number),
		cmocka_unit_test(test_unknown_number),
	};

	return (cmocka_run_group_tests(tests, setup_tmp, teardown_tmp));
}
