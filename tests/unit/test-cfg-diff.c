/*
 * The reload plan: each kind of change, their combinations, the counts,
 * and the lines shown to the user.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cfg.h"
#include "xmalloc.h"

static struct cfg_program *prog(struct cfg *, const char *, ...);
static struct cfg *pair_old(void);
static char	*entry(const struct plan *, u_int);
static void	 assert_one_change(const char *, const char *, int,
		     const char *);

/*
 * Add a program to cf, setting keys from "key=value" strings that follow,
 * up to NULL; "env=A=1 B=2" sets the environment.
 */
static struct cfg_program *
prog(struct cfg *cf, const char *name, ...)
{
	struct cfg_program	*p;
	va_list			 ap;
	const char		*kv, *eq;
	char			*key, *cause = NULL, **env;
	int			 k;

	p = cfg_program_create(name);
	assert_int_equal(cfg_type_set(p, CFG_KEY_CMD, "/bin/sleep 100", "/",
	    &cause), 0);
	va_start(ap, name);
	while ((kv = va_arg(ap, const char *)) != NULL) {
		eq = strchr(kv, '=');
		key = xstrndup(kv, eq - kv);
		k = cfg_key_find(CFG_PROGRAM, key, 0);
		assert_int_not_equal(k, -1);
		if (k == CFG_KEY_ENV) {
			assert_int_equal(argv_split(eq + 1, NULL, &env,
			    &cause), 0);
			argv_free(p->env);
			p->env = env;
		} else if (cfg_type_set(p, k, eq + 1, "/", &cause) != 0)
			fail_msg("%s: %s", kv, cause);
		free(key);
	}
	va_end(ap);
	cfg_add_program(cf, p);
	return (p);
}

/* A config with one program "web" with settings away from defaults. */
static struct cfg *
pair_old(void)
{
	struct cfg	*cf = cfg_create("/etc/taskmaster/taskmaster.yaml");

	prog(cf, "web", "numprocs=2", "env=A=1 B=2", "stdout=/tmp/web.log",
	    NULL);
	return (cf);
}

/* Format entry i of a plan (caller frees). */
static char *
entry(const struct plan *pl, u_int i)
{
	assert_true(i < pl->n);
	return (plan_entry_format(&pl->entries[i]));
}

/*
 * Change one key of web from the old config and check the plan: its
 * bits, its keys and the line shown.
 */
static void
assert_one_change(const char *kv, const char *keys, int changes,
    const char *line)
{
	struct cfg	*a = pair_old(), *b;
	struct plan	*pl;
	char		*s;

	b = cfg_create("/etc/taskmaster/taskmaster.yaml");
	prog(b, "web", "numprocs=2", "env=A=1 B=2", "stdout=/tmp/web.log", kv,
	    NULL);
	pl = cfg_diff(a, b);
	assert_int_equal(pl->n, 1);
	assert_string_equal(pl->entries[0].name, "web");
	assert_int_equal(pl->entries[0].kind, PLAN_CHANGED);
	assert_int_equal(pl->entries[0].changes, changes);
	assert_string_equal(pl->entries[0].keys, keys);
	s = entry(pl, 0);
	assert_string_equal(s, line);
	free(s);
	assert_int_equal(pl->restarted, (changes & PLAN_SPAWN) ? 1 : 0);
	assert_int_equal(pl->updated, changes == PLAN_WATCH ? 1 : 0);
	assert_int_equal(pl->scaled, changes == PLAN_SCALE ? 1 : 0);
	assert_int_equal(pl->unchanged, 0);
	plan_free(pl);
	cfg_free(a);
	cfg_free(b);
}

static void
test_unchanged(void **state)
{
	struct cfg	*a = pair_old(), *b = pair_old();
	struct plan	*pl;
	char		*s;

	/* The same argv written differently, env in another order. */
	cfg_type_set(TAILQ_FIRST(&b->programs), CFG_KEY_CMD,
	    "'/bin/sleep'   \"100\"", "/", NULL);
	argv_free(TAILQ_FIRST(&b->programs)->env);
	argv_split("B=2 A=1", NULL, &TAILQ_FIRST(&b->programs)->env, NULL);

	pl = cfg_diff(a, b);
	assert_int_equal(pl->n, 1);
	assert_int_equal(pl->entries[0].kind, PLAN_UNCHANGED);
	assert_int_equal(pl->entries[0].changes, 0);
	assert_string_equal(pl->entries[0].keys, "");
	assert_int_equal(pl->unchanged, 1);
	assert_int_equal(pl->nnotes, 0);
	s = entry(pl, 0);
	assert_string_equal(s, "web: unchanged");
	free(s);
	s = plan_summary(pl);
	assert_string_equal(s, "0 added, 0 removed, 0 restarted, 0 updated in "
	    "place, 0 scaled, 1 unchanged");
	free(s);
	plan_free(pl);
	cfg_free(a);
	cfg_free(b);
}

static void
test_added_removed(void **state)
{
	struct cfg	*a = cfg_create("t.yaml"), *b = cfg_create("t.yaml");
	struct plan	*pl;
	char		*s;

	prog(a, "zeta", NULL);
	prog(a, "keep", NULL);
	prog(a, "alpha", "numprocs=3", NULL);
	prog(b, "new2", NULL);
	prog(b, "keep", NULL);
	prog(b, "new1", "numprocs=4", NULL);

	pl = cfg_diff(a, b);
	assert_int_equal(pl->n, 5);
	/* Removed first, in their old order; then the new order. */
	assert_string_equal(pl->entries[0].name, "zeta");
	assert_int_equal(pl->entries[0].kind, PLAN_REMOVED);
	assert_string_equal(pl->entries[1].name, "alpha");
	assert_int_equal(pl->entries[1].kind, PLAN_REMOVED);
	assert_int_equal(pl->entries[1].old_numprocs, 3);
	assert_string_equal(pl->entries[2].name, "new2");
	assert_int_equal(pl->entries[2].kind, PLAN_ADDED);
	assert_string_equal(pl->entries[3].name, "keep");
	assert_int_equal(pl->entries[3].kind, PLAN_UNCHANGED);
	assert_string_equal(pl->entries[4].name, "new1");
	assert_int_equal(pl->entries[4].kind, PLAN_ADDED);
	assert_int_equal(pl->entries[4].new_numprocs, 4);

	s = entry(pl, 0);
	assert_string_equal(s, "zeta: removed");
	free(s);
	s = entry(pl, 2);
	assert_string_equal(s, "new2: added");
	free(s);
	assert_int_equal(pl->added, 2);
	assert_int_equal(pl->removed, 2);
	assert_int_equal(pl->unchanged, 1);
	s = plan_summary(pl);
	assert_string_equal(s, "2 added, 2 removed, 0 restarted, 0 updated in "
	    "place, 0 scaled, 1 unchanged");
	free(s);
	plan_free(pl);
	cfg_free(a);
	cfg_free(b);
}

static void
test_spawn_keys(void **state)
{
	assert_one_change("cmd=/bin/sleep 200", "cmd", PLAN_SPAWN,
	    "web: restarted (cmd changed)");
	assert_one_change("env=A=1 B=3", "env", PLAN_SPAWN,
	    "web: restarted (env changed)");
	assert_one_change("env=A=1", "env", PLAN_SPAWN,
	    "web: restarted (env changed)");
	assert_one_change("workingdir=/tmp", "workingdir", PLAN_SPAWN,
	    "web: restarted (workingdir changed)");
	assert_one_change("umask=022", "umask", PLAN_SPAWN,
	    "web: restarted (umask changed)");
	assert_one_change("user=nobody", "user", PLAN_SPAWN,
	    "web: restarted (user changed)");
	assert_one_change("group=nogroup", "group", PLAN_SPAWN,
	    "web: restarted (group changed)");
	assert_one_change("stdout=/tmp/other.log", "stdout", PLAN_SPAWN,
	    "web: restarted (stdout changed)");
	assert_one_change("stdout=discard", "stdout", PLAN_SPAWN,
	    "web: restarted (stdout changed)");
	assert_one_change("stderr=/tmp/web.err", "stderr", PLAN_SPAWN,
	    "web: restarted (stderr changed)");
	assert_one_change("tty=false", "tty", PLAN_SPAWN,
	    "web: restarted (tty changed)");
	assert_one_change("tty_size=80x25", "tty_size", PLAN_SPAWN,
	    "web: restarted (tty_size changed)");
	assert_one_change("scrollback=10", "scrollback", PLAN_SPAWN,
	    "web: restarted (scrollback changed)");
}

static void
test_watch_keys(void **state)
{
	assert_one_change("autostart=false", "autostart", PLAN_WATCH,
	    "web: updated in place (autostart changed)");
	assert_one_change("autorestart=always", "autorestart", PLAN_WATCH,
	    "web: updated in place (autorestart changed)");
	assert_one_change("exitcodes=0,1", "exitcodes", PLAN_WATCH,
	    "web: updated in place (exitcodes changed)");
	assert_one_change("starttime=2", "starttime", PLAN_WATCH,
	    "web: updated in place (starttime changed)");
	assert_one_change("startretries=9", "startretries", PLAN_WATCH,
	    "web: updated in place (startretries changed)");
	assert_one_change("stopsignal=INT", "stopsignal", PLAN_WATCH,
	    "web: updated in place (stopsignal changed)");
	assert_one_change("stoptime=1", "stoptime", PLAN_WATCH,
	    "web: updated in place (stoptime changed)");
}

static void
test_scale(void **state)
{
	assert_one_change("numprocs=4", "", PLAN_SCALE, "web: scaled 2 -> 4");
	assert_one_change("numprocs=1", "", PLAN_SCALE, "web: scaled 2 -> 1");
}

static void
test_combinations(void **state)
{
	struct cfg	*a = cfg_create("t.yaml"), *b = cfg_create("t.yaml");
	struct plan	*pl;
	char		*s;
	u_int		 i;
	const char	*want[] = {
		"sw: restarted (cmd, env, stoptime changed)",
		"ss: restarted (umask changed), scaled 1 -> 3",
		"sws: restarted (tty, autorestart changed), scaled 1 -> 2",
		"ws: scaled 1 -> 5, updated in place (autostart, stoptime "
		    "changed)",
		"w: updated in place (exitcodes changed)",
		"s: scaled 1 -> 2",
		"u: unchanged",
	};

	prog(a, "sw", NULL);
	prog(b, "sw", "stoptime=3", "env=X=1", "cmd=/bin/true", NULL);
	prog(a, "ss", NULL);
	prog(b, "ss", "numprocs=3", "umask=077", NULL);
	prog(a, "sws", NULL);
	prog(b, "sws", "numprocs=2", "autorestart=never", "tty=no", NULL);
	prog(a, "ws", NULL);
	prog(b, "ws", "stoptime=1", "numprocs=5", "autostart=no", NULL);
	prog(a, "w", NULL);
	prog(b, "w", "exitcodes=2", NULL);
	prog(a, "s", NULL);
	prog(b, "s", "numprocs=2", NULL);
	prog(a, "u", NULL);
	prog(b, "u", NULL);

	pl = cfg_diff(a, b);
	assert_int_equal(pl->n, 7);
	for (i = 0; i < pl->n; i++) {
		s = entry(pl, i);
		assert_string_equal(s, want[i]);
		free(s);
	}
	assert_int_equal(pl->entries[0].changes, PLAN_SPAWN|PLAN_WATCH);
	assert_int_equal(pl->entries[1].changes, PLAN_SPAWN|PLAN_SCALE);
	assert_int_equal(pl->entries[2].changes,
	    PLAN_SPAWN|PLAN_WATCH|PLAN_SCALE);
	assert_int_equal(pl->entries[3].changes, PLAN_WATCH|PLAN_SCALE);
	assert_int_equal(pl->entries[3].old_numprocs, 1);
	assert_int_equal(pl->entries[3].new_numprocs, 5);

	/*
	 * Restarted: every entry with a spawn change, scaled or not. Scaled:
	 * numprocs without a spawn change. Updated: a watch change without a
	 * spawn change, scaled or not.
	 */
	assert_int_equal(pl->restarted, 3);
	assert_int_equal(pl->scaled, 2);
	assert_int_equal(pl->updated, 2);
	assert_int_equal(pl->unchanged, 1);
	s = plan_summary(pl);
	assert_string_equal(s, "0 added, 0 removed, 3 restarted, 2 updated in "
	    "place, 2 scaled, 1 unchanged");
	free(s);
	plan_free(pl);
	cfg_free(a);
	cfg_free(b);
}

static void
test_notes(void **state)
{
	struct cfg	*a = cfg_create("t.yaml"), *b = cfg_create("t.yaml");
	struct plan	*pl;

	a->socket = xstrdup("/tmp/a.sock");
	b->socket = xstrdup("/tmp/b.sock");
	b->socket_mode = 0660;
	b->pidfile = xstrdup("/tmp/tm.pid");
	a->logfile = xstrdup("/tmp/a.log");	/* reopened: not a note */
	pl = cfg_diff(a, b);
	assert_int_equal(pl->n, 0);
	assert_int_equal(pl->nnotes, 3);
	assert_string_equal(pl->notes[0], "socket: changed from /tmp/a.sock to "
	    "/tmp/b.sock; takes effect when taskmasterd restarts");
	assert_string_equal(pl->notes[1], "socket_mode: changed from 0600 to "
	    "0660; takes effect when taskmasterd restarts");
	assert_string_equal(pl->notes[2], "pidfile: changed from the default "
	    "to /tmp/tm.pid; takes effect when taskmasterd restarts");
	plan_free(pl);
	cfg_free(a);
	cfg_free(b);
}

static void
test_null_configs(void **state)
{
	struct cfg	*a = pair_old();
	struct plan	*pl;

	pl = cfg_diff(NULL, a);
	assert_int_equal(pl->n, 1);
	assert_int_equal(pl->entries[0].kind, PLAN_ADDED);
	assert_int_equal(pl->added, 1);
	assert_int_equal(pl->nnotes, 0);
	plan_free(pl);
	pl = cfg_diff(a, NULL);
	assert_int_equal(pl->n, 1);
	assert_int_equal(pl->entries[0].kind, PLAN_REMOVED);
	assert_int_equal(pl->removed, 1);
	plan_free(pl);
	plan_free(NULL);
	cfg_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unchanged),
		cmocka_unit_test(test_added_removed),
		cmocka_unit_test(test_spawn_keys),
		cmocka_unit_test(test_watch_keys),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_combinations),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_null_configs),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
