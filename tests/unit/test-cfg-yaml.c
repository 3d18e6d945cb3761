/*
 * The YAML reader and what surrounds it: every key lands in its field,
 * defaults and aliases, value forms, relative paths, errors collected all
 * at once, and the helpers of cfg.c, cfg-check.c and diag.c.
 */

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

static struct cfg *load_good(const char *);

/* Load a config from the good folder; it must have no diagnostics. */
static struct cfg *
load_good(const char *name)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	char			*path, *text;

	path = xstrfmt("%s/%s", GOOD_DIR, name);
	diag_init(&dl);
	cf = cfg_load(path, &dl);
	text = diags(&dl);
	if (cf == NULL || dl.nerrors != 0 || dl.nwarnings != 0)
		fail_msg("%s:\n%s", name, text);
	free(text);
	diag_clear(&dl);
	free(path);
	return (cf);
}

static void
test_full(void **state)
{
	struct cfg		*cf = load_good("full.yaml");
	struct cfg_program	*p;

	assert_string_equal(cf->logfile, "/tmp/taskmaster-test.log");
	assert_string_equal(cf->socket, "/tmp/taskmaster-test.sock");
	assert_int_equal(cf->socket_mode, 0660);
	assert_non_null(strstr(cf->pidfile, "/configs/good/run.pid"));
	assert_int_equal(cf->nprograms, 2);
	assert_string_equal(TAILQ_FIRST(&cf->programs)->name, "nginx");

	p = program(cf, "nginx");
	assert_int_equal(p->line, 8);
	assert_int_equal(p->col, 3);
	assert_strv(p->argv, "/usr/sbin/nginx", "-c", "/etc/nginx/test conf",
	    "-g", "daemon off;", NULL);
	assert_string_equal(p->cmd, "/usr/sbin/nginx -c '/etc/nginx/test "
	    "conf' -g \"daemon off;\"");
	assert_int_equal(p->numprocs, 3);
	assert_int_equal(p->umask, 027);
	assert_string_equal(p->workingdir, "/tmp");
	assert_false(p->autostart);
	assert_int_equal(p->autorestart, RESTART_ALWAYS);
	assert_true(cfg_exitcode_expected(p, 0));
	assert_false(cfg_exitcode_expected(p, 1));
	assert_true(cfg_exitcode_expected(p, 2));
	assert_true(cfg_exitcode_expected(p, 255));
	assert_false(cfg_exitcode_expected(p, 256));
	assert_false(cfg_exitcode_expected(p, -1));
	assert_int_equal(p->startretries, 5);
	assert_int_equal(p->starttime, 2500);
	assert_int_equal(p->stopsignal, SIGQUIT);
	assert_int_equal(p->stoptime, 30000);
	assert_int_equal(p->stdout_mode, OUT_FILE);
	assert_string_equal(p->stdout_path, "/tmp/nginx.stdout");
	assert_int_equal(p->stderr_mode, OUT_FILE);
	assert_string_equal(p->stderr_path, "/tmp/nginx.stderr");
	assert_strv(p->env, "STARTED_BY=taskmaster", "ANSWER=42", NULL);
	assert_string_equal(p->user, "nobody");
	assert_string_equal(p->group, "nogroup");
	assert_false(p->tty);
	assert_int_equal(p->tty_cols, 132);
	assert_int_equal(p->tty_rows, 43);
	assert_int_equal(p->scrollback, 5000);

	/* Positions of values, for later checks. */
	assert_int_equal(p->pos[CFG_KEY_NUMPROCS].line, 10);
	assert_int_equal(p->pos[CFG_KEY_NUMPROCS].col, 15);
	assert_string_equal(p->pos[CFG_KEY_NUMPROCS].key, "numprocs");
	assert_int_equal(p->pos[CFG_KEY_USER].line, 25);
	assert_int_equal(p->pos[CFG_KEY_USER].col, 11);
	assert_int_equal(cf->pos[CFG_KEY_SOCKET].line, 4);
	assert_int_equal(cf->pos[CFG_KEY_SOCKET].col, 11);
	assert_string_equal(cf->pos[CFG_KEY_SOCKET].key, "socket");
	cfg_free(cf);
}

static void
test_defaults(void **state)
{
	struct cfg		*cf = load_good("defaults.yaml");
	struct cfg_program	*p = program(cf, "web");
	int			 code;

	assert_null(cf->logfile);
	assert_null(cf->socket);
	assert_null(cf->pidfile);
	assert_int_equal(cf->socket_mode, 0600);
	assert_string_equal(p->where, "programs.web");
	assert_strv(p->argv, "/bin/sleep", "100", NULL);
	assert_int_equal(p->numprocs, 1);
	assert_true(p->autostart);
	assert_int_equal(p->autorestart, RESTART_UNEXPECTED);
	for (code = 0; code < 256; code++)
		assert_int_equal(cfg_exitcode_expected(p, code), code == 0);
	assert_int_equal(p->starttime, 1000);
	assert_int_equal(p->startretries, 3);
	assert_int_equal(p->stopsignal, SIGTERM);
	assert_int_equal(p->stoptime, 10000);
	assert_int_equal(p->stdout_mode, OUT_SCREEN);
	assert_null(p->stdout_path);
	assert_int_equal(p->stderr_mode, OUT_STDOUT);
	assert_null(p->stderr_path);
	assert_strv(p->env, NULL);
	assert_null(p->workingdir);
	assert_int_equal(p->umask, -1);
	assert_null(p->user);
	assert_null(p->group);
	assert_true(p->tty);
	assert_int_equal(p->tty_cols, 80);
	assert_int_equal(p->tty_rows, 24);
	assert_int_equal(p->scrollback, 1000);
	assert_int_equal(p->pos[CFG_KEY_NUMPROCS].line, 0);
	assert_null(p->pos[CFG_KEY_NUMPROCS].key);
	cfg_free(cf);
}

static void
test_aliases(void **state)
{
	struct cfg		*cf = load_good("aliases.yaml");
	struct cfg_program	*p = program(cf, "web");

	assert_strv(p->argv, "/bin/cat", NULL);
	assert_int_equal(p->starttime, 3000);
	assert_int_equal(p->stoptime, 4000);
	assert_int_equal(p->stdout_mode, OUT_DISCARD);
	assert_null(p->stdout_path);
	assert_int_equal(p->stderr_mode, OUT_STDOUT);
	assert_strv(p->env, "MODE=prod", NULL);
	assert_string_equal(p->workingdir, "/tmp");
	assert_string_equal(p->pos[CFG_KEY_CMD].key, "command");
	assert_string_equal(p->pos[CFG_KEY_WORKINGDIR].key, "directory");
	cfg_free(cf);
}

static void
test_relative_paths(void **state)
{
	struct cfg		*cf = load_good("relative.yaml");
	struct cfg_program	*p;
	char			*want;

	assert_string_equal(cf->dir, GOOD_DIR);

	want = xstrfmt("%s/tm.sock", GOOD_DIR);
	assert_string_equal(cf->socket, want);
	free(want);
	want = xstrfmt("%s/taskmaster.log", GOOD_DIR);
	assert_string_equal(cf->logfile, want);
	free(want);

	p = program(cf, "app");
	want = xstrfmt("%s/bin/app", GOOD_DIR);
	assert_strv(p->argv, want, "--serve", NULL);
	free(want);
	assert_string_equal(p->cmd, "./bin/app --serve");
	assert_string_equal(p->workingdir, GOOD_DIR);
	want = xstrfmt("%s/out.log", GOOD_DIR);
	assert_string_equal(p->stdout_path, want);
	free(want);
	want = xstrfmt("%s/err.log", GOOD_DIR);
	assert_string_equal(p->stderr_path, want);
	free(want);

	p = program(cf, "tool");
	want = xstrfmt("%s/bin/tool", GOOD_DIR);
	assert_strv(p->argv, want, "x", NULL);
	free(want);

	/* A bare name is left for PATH. */
	assert_strv(program(cf, "bare")->argv, "sleep", "10", NULL);
	cfg_free(cf);
}

static void
test_merge(void **state)
{
	struct cfg		*cf = load_good("merge.yaml");
	struct cfg_program	*p;

	assert_int_equal(cf->nprograms, 2);
	p = program(cf, "web");
	assert_int_equal(p->numprocs, 2);
	assert_int_equal(p->stoptime, 7000);	/* its own value wins */
	assert_true(p->autostart);
	assert_strv(p->env, "LANG=C.UTF-8", NULL);
	p = program(cf, "api");
	assert_int_equal(p->numprocs, 2);
	assert_int_equal(p->stoptime, 3000);
	assert_false(p->autostart);
	assert_strv(p->env, "LANG=C.UTF-8", NULL);
	cfg_free(cf);
}

static void
test_umask_forms(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;

	diag_init(&dl);
	cf = load_text("t.yaml", "programs:\n"
	    "  a: {cmd: x, umask: 022}\n"
	    "  b: {cmd: x, umask: \"022\"}\n"
	    "  c: {cmd: x, umask: 22}\n"
	    "  d: {cmd: x, umask: \"0o22\"}\n"
	    "  e: {cmd: x, umask: 0O777}\n"
	    "  f: {cmd: x, umask: 0}\n"
	    "  g: {cmd: x, umask: '0077'}\n", &dl);
	assert_non_null(cf);
	assert_int_equal(program(cf, "a")->umask, 022);
	assert_int_equal(program(cf, "b")->umask, 022);
	assert_int_equal(program(cf, "c")->umask, 022);
	assert_int_equal(program(cf, "d")->umask, 022);
	assert_int_equal(program(cf, "e")->umask, 0777);
	assert_int_equal(program(cf, "f")->umask, 0);
	assert_int_equal(program(cf, "g")->umask, 077);
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_durations(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;

	diag_init(&dl);
	cf = load_text("t.yaml", "programs:\n"
	    "  a: {cmd: x, starttime: 0, stoptime: 0.5}\n"
	    "  b: {cmd: x, starttime: 1.25, stoptime: \".5\"}\n"
	    "  c: {cmd: x, starttime: 10, stoptime: 0.0019}\n"
	    "  d: {cmd: x, starttime: '3.', stoptime: 1000000}\n", &dl);
	assert_non_null(cf);
	assert_int_equal(program(cf, "a")->starttime, 0);
	assert_int_equal(program(cf, "a")->stoptime, 500);
	assert_int_equal(program(cf, "b")->starttime, 1250);
	assert_int_equal(program(cf, "b")->stoptime, 500);
	assert_int_equal(program(cf, "c")->starttime, 10000);
	assert_int_equal(program(cf, "c")->stoptime, 1);
	assert_int_equal(program(cf, "d")->starttime, 3000);
	assert_int_equal(program(cf, "d")->stoptime, 1000000000);
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_exitcodes(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	struct cfg_program	*p;

	diag_init(&dl);
	cf = load_text("t.yaml", "programs:\n"
	    "  one: {cmd: x, exitcodes: 3}\n"
	    "  list: {cmd: x, exitcodes: [1, 2, 255]}\n"
	    "  none: {cmd: x, exitcodes: []}\n"
	    "  text: {cmd: x, exitcodes: \"0, 7,\"}\n", &dl);
	assert_non_null(cf);
	p = program(cf, "one");
	assert_false(cfg_exitcode_expected(p, 0));
	assert_true(cfg_exitcode_expected(p, 3));
	p = program(cf, "list");
	assert_false(cfg_exitcode_expected(p, 0));
	assert_true(cfg_exitcode_expected(p, 1));
	assert_true(cfg_exitcode_expected(p, 2));
	assert_false(cfg_exitcode_expected(p, 3));
	assert_true(cfg_exitcode_expected(p, 255));
	p = program(cf, "none");
	assert_false(cfg_exitcode_expected(p, 0));
	p = program(cf, "text");
	assert_true(cfg_exitcode_expected(p, 0));
	assert_true(cfg_exitcode_expected(p, 7));
	assert_false(cfg_exitcode_expected(p, 1));
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_cmd_list(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	struct cfg_program	*p;

	diag_init(&dl);
	cf = load_text("t.yaml", "programs:\n"
	    "  web:\n"
	    "    cmd:\n"
	    "      - /bin/sh\n"
	    "      - -c\n"
	    "      - echo \"it's $HOME\" | tr a b\n"
	    "      - \"\"\n"
	    "      - 42\n", &dl);
	assert_non_null(cf);
	p = program(cf, "web");
	assert_strv(p->argv, "/bin/sh", "-c", "echo \"it's $HOME\" | tr a b",
	    "", "42", NULL);
	assert_string_equal(p->cmd, "/bin/sh -c 'echo \"it'\\''s $HOME\" | "
	    "tr a b' '' 42");
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_env_types(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;

	diag_init(&dl);
	cf = load_text("t.yaml", "programs:\n"
	    "  web:\n"
	    "    cmd: x\n"
	    "    env:\n"
	    "      ANSWER: 42\n"
	    "      PI: 3.140\n"
	    "      HEX: 0x1F\n"
	    "      DEBUG: yes\n"
	    "      OFF: false\n"
	    "      EMPTY: \"\"\n"
	    "      QUOTED: 'a b=c'\n"
	    "      _under_9: ok\n"
	    "  api:\n"
	    "    cmd: x\n"
	    "    env:\n", &dl);
	assert_non_null(cf);
	assert_strv(program(cf, "web")->env, "ANSWER=42", "PI=3.140", "HEX=0x1F",
	    "DEBUG=yes", "OFF=false", "EMPTY=", "QUOTED=a b=c", "_under_9=ok",
	    NULL);
	assert_strv(program(cf, "api")->env, NULL);
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_outputs(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	struct cfg_program	*p;

	diag_init(&dl);
	cf = load_text("t.yaml", "programs:\n"
	    "  a: {cmd: x, stdout: discard, stderr: discard}\n"
	    "  b: {cmd: x, stdout: /dev/null, stderr: /tmp/b.err}\n"
	    "  c: {cmd: x, stdout: /tmp/c.out, stderr: stdout}\n", &dl);
	assert_non_null(cf);
	p = program(cf, "a");
	assert_int_equal(p->stdout_mode, OUT_DISCARD);
	assert_int_equal(p->stderr_mode, OUT_DISCARD);
	p = program(cf, "b");
	assert_int_equal(p->stdout_mode, OUT_DISCARD);
	assert_int_equal(p->stderr_mode, OUT_FILE);
	assert_string_equal(p->stderr_path, "/tmp/b.err");
	p = program(cf, "c");
	assert_int_equal(p->stdout_mode, OUT_FILE);
	assert_string_equal(p->stdout_path, "/tmp/c.out");
	assert_int_equal(p->stderr_mode, OUT_STDOUT);
	assert_null(p->stderr_path);
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_no_programs(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;

	diag_init(&dl);
	cf = load_text("t.yaml", "taskmaster:\nprograms:\n", &dl);
	assert_non_null(cf);
	assert_int_equal(cf->nprograms, 0);
	assert_true(TAILQ_EMPTY(&cf->programs));
	cfg_free(cf);
	cf = load_text("t.yaml", "programs: {}\n", &dl);
	assert_non_null(cf);
	assert_int_equal(cf->nprograms, 0);
	cfg_free(cf);
	assert_int_equal(dl.nerrors, 0);
	diag_clear(&dl);
}

/* Several problems in one file are all reported, at their exact places. */
static void
test_multiple_errors(void **state)
{
	struct diag_list	 dl;
	char			*text;

	diag_init(&dl);
	assert_null(load_text("t.yaml", "taskmaster:\n"
	    "  socket_mode: 999\n"
	    "programs:\n"
	    "  web:\n"
	    "    cmd: /bin/true\n"
	    "    numprocs: -2\n"
	    "    stopsignal: TREM\n"
	    "    comand: x\n"
	    "    user: no-such-user-taskmaster\n"
	    "  worker:\n"
	    "    stoptime: [1]\n"
	    "    autostart: perhaps\n", &dl));
	text = diags(&dl);
	assert_string_equal(text,
	    "t.yaml:2:16: taskmaster.socket_mode: expected an octal mode such "
	    "as 0600, got \"999\" (8 and 9 are not octal digits)\n"
	    "t.yaml:6:15: programs.web.numprocs: expected an integer >= 1, "
	    "got -2\n"
	    "t.yaml:7:17: programs.web.stopsignal: unknown signal \"TREM\" "
	    "(expected a name such as TERM, HUP, INT, QUIT, KILL, USR1, USR2 "
	    "or a number)\n"
	    "t.yaml:8:5: programs.web: unknown key \"comand\" (did you mean "
	    "\"cmd\"?)\n"
	    "t.yaml:9:11: programs.web.user: no such user "
	    "\"no-such-user-taskmaster\"\n"
	    "t.yaml:10:3: programs.worker: missing required key \"cmd\"\n"
	    "t.yaml:11:15: programs.worker.stoptime: expected a number of "
	    "seconds >= 0, got a list\n"
	    "t.yaml:12:16: programs.worker.autostart: expected true or false "
	    "(or yes/no, on/off), got \"perhaps\"\n");
	assert_int_equal(dl.nerrors, 8);
	assert_int_equal(dl.nwarnings, 0);
	free(text);
	diag_clear(&dl);
}

/* Garbage never crashes the reader and is always refused. */
static void
test_garbage(void **state)
{
	static const char *const inputs[] = {
		"",
		"\n\n\n",
		"---\n...\n",
		"\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\xff\xfe",
		"\xef\xbb\xbfprograms: [\n",
		"programs:\n  a: {cmd: x, numprocs: 99999999999999999999}\n",
		"programs:\n  a: {cmd: x, starttime: 1e999}\n",
		"programs:\n  a: {cmd: x, umask: 777777777777777777777}\n",
		"programs:\n  a: {cmd: x, tty_size: 99999999999999999999x9}\n",
		"programs:\n  a: {cmd: x, exitcodes: [99999999999999999999]}\n",
		"programs:\n  a: {cmd: \"x\\0y\"}\n",
		"programs:\n  a: &a {<<: *a, cmd: x}\n",
		"programs:\n  a: {cmd: *nope}\n",
		"programs: &p\n  a: *p\n",
		"programs:\n  ? [a, b]\n  : {cmd: x}\n",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n",
		"programs:\n  a:\n    env: {? [x] : y}\n    cmd: x\n",
		"programs:\n  a:\n    cmd: x\n    <<: [1, [2]]\n",
		"%YAML 9.9\n---\nprograms: {}\n",
		"!!binary programs\n",
	};
	struct diag_list	 dl;
	struct cfg		*cf;
	size_t			 i;

	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		diag_init(&dl);
		cf = load_text("t.yaml", inputs[i], &dl);
		if (cf != NULL || dl.nerrors == 0)
			fail_msg("input %zu was accepted", i);
		diag_clear(&dl);
	}
}

static void
test_open_error(void **state)
{
	struct diag_list	 dl;
	char			*text;

	diag_init(&dl);
	assert_null(cfg_load("/no/such/dir/taskmaster.yaml", &dl));
	assert_int_equal(dl.nerrors, 1);
	text = diag_format(TAILQ_FIRST(&dl.list));
	assert_string_equal(text, "/no/such/dir/taskmaster.yaml: cannot open: "
	    "No such file or directory");
	free(text);
	diag_clear(&dl);
	assert_null(cfg_load("/tmp", &dl));
	text = diag_format(TAILQ_FIRST(&dl.list));
	assert_string_equal(text, "/tmp: cannot read: Is a directory");
	free(text);
	diag_clear(&dl);
}

static void
test_diag_format(void **state)
{
	struct diag	d = { .file = "f.yaml", .line = 3, .col = 7,
			    .key = "programs.web", .msg = "bad" };
	char		*s;

	s = diag_format(&d);
	assert_string_equal(s, "f.yaml:3:7: programs.web: bad");
	free(s);
	d.col = 0;
	s = diag_format(&d);
	assert_string_equal(s, "f.yaml:3: programs.web: bad");
	free(s);
	d.line = 0;
	d.col = 9;
	s = diag_format(&d);
	assert_string_equal(s, "f.yaml: programs.web: bad");
	free(s);
	d.key = NULL;
	s = diag_format(&d);
	assert_string_equal(s, "f.yaml: bad");
	free(s);
	d.line = 2;
	d.col = 1;
	d.warning = 1;
	s = diag_format(&d);
	assert_string_equal(s, "f.yaml:2:1: warning: bad");
	free(s);
	d.key = "k";
	s = diag_format(&d);
	assert_string_equal(s, "f.yaml:2:1: k: warning: bad");
	free(s);
}

static void
test_diag_sort(void **state)
{
	struct diag_list	 dl;
	struct diag_pos		 p1 = { "b", 2, 1 }, p2 = { "b", 1, 5 };
	struct diag_pos		 p3 = { "b", 1, 2 }, p4 = { "a", 9, 9 };
	struct diag		*d;
	char			 order[16] = "";
	FILE			*f;
	char			*buf = NULL;
	size_t			 size = 0;

	diag_init(&dl);
	diag_add(&dl, &p1, NULL, "1");
	diag_add(&dl, &p2, NULL, "2");
	diag_warn(&dl, &p3, NULL, "3");
	diag_add(&dl, &p2, NULL, "4");	/* same place as 2: stays after it */
	diag_add(&dl, &p4, NULL, "5");
	diag_add(&dl, NULL, "key", "6");
	diag_add(&dl, &p3, NULL, "7");
	assert_int_equal(dl.nerrors, 6);
	assert_int_equal(dl.nwarnings, 1);
	diag_sort(&dl);
	TAILQ_FOREACH(d, &dl.list, entry)
		strcat(order, d->msg);
	assert_string_equal(order, "6537241");

	assert_non_null(f = open_memstream(&buf, &size));
	diag_print(&dl, f);
	fclose(f);
	assert_string_equal(buf, "key: 6\na:9:9: 5\nb:1:2: warning: 3\n"
	    "b:1:2: 7\nb:1:5: 2\nb:1:5: 4\nb:2:1: 1\n");
	free(buf);
	diag_clear(&dl);
	assert_int_equal(dl.nerrors, 0);
	assert_true(TAILQ_EMPTY(&dl.list));
}

static void
test_warnings_do_not_refuse(void **state)
{
	struct diag_list	 dl;
	struct diag_pos		 pos = { "x", 1, 1 };
	struct cfg		*cf;

	diag_init(&dl);
	diag_warn(&dl, &pos, NULL, "just so you know");
	assert_int_equal(dl.nerrors, 0);
	cf = cfg_load(GOOD_DIR "/defaults.yaml", &dl);
	assert_non_null(cf);
	cfg_free(cf);

	/* Errors from before the call do not refuse this config either. */
	diag_add(&dl, &pos, NULL, "an earlier problem");
	cf = cfg_load(GOOD_DIR "/defaults.yaml", &dl);
	assert_non_null(cf);
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_resolve_path(void **state)
{
	char	*s;

	s = cfg_resolve_path("/abs/x", "/etc");
	assert_string_equal(s, "/abs/x");
	free(s);
	s = cfg_resolve_path("rel/x", "/etc");
	assert_string_equal(s, "/etc/rel/x");
	free(s);
	s = cfg_resolve_path("./rel", "/etc/");
	assert_string_equal(s, "/etc/rel");
	free(s);
	s = cfg_resolve_path(".", "/etc");
	assert_string_equal(s, "/etc");
	free(s);
	s = cfg_resolve_path("x", "/");
	assert_string_equal(s, "/x");
	free(s);
}

static void
test_socket_path(void **state)
{
	struct cfg	*cf;
	char		*s, *want;

	cf = cfg_create("taskmaster.yaml");
	setenv("XDG_RUNTIME_DIR", "/run/user/1000", 1);
	s = cfg_socket_path(cf);
	assert_string_equal(s, "/run/user/1000/taskmaster.sock");
	free(s);
	s = cfg_socket_path(NULL);
	assert_string_equal(s, "/run/user/1000/taskmaster.sock");
	free(s);
	unsetenv("XDG_RUNTIME_DIR");
	s = cfg_socket_path(cf);
	if (geteuid() == 0)
		want = xstrdup("/run/taskmaster.sock");
	else
		want = xstrfmt("/tmp/taskmaster-%lu.sock", (u_long)geteuid());
	assert_string_equal(s, want);
	free(want);
	free(s);
	cf->socket = xstrdup("/srv/tm.sock");
	s = cfg_socket_path(cf);
	assert_string_equal(s, "/srv/tm.sock");
	free(s);
	cfg_free(cf);
}

static void
test_find(void **state)
{
	char	*found, *cause = NULL, *cwd, *want;

	assert_non_null(cwd = getcwd(NULL, 0));
	assert_int_equal(chdir(tmp_dir), 0);
	setenv("XDG_CONFIG_HOME", "/no/such/xdg", 1);

	setenv("TASKMASTER_CONFIG", GOOD_DIR "/defaults.yaml", 1);
	found = cfg_find(&cause);
	assert_non_null(found);
	assert_string_equal(found, GOOD_DIR "/defaults.yaml");
	free(found);

	setenv("TASKMASTER_CONFIG", "/no/such/taskmaster.yaml", 1);
	found = cfg_find(&cause);
	if (found == NULL) {
		assert_non_null(strstr(cause, "searched:\n"
		    "    /no/such/taskmaster.yaml\n"
		    "    ./taskmaster.yaml\n"
		    "    /no/such/xdg/taskmaster/taskmaster.yaml\n"));
		assert_non_null(strstr(cause,
		    "/taskmaster/taskmaster.yaml"));
		free(cause);
	} else {
		/* This machine has a system-wide config. */
		assert_non_null(strstr(found, "/taskmaster/taskmaster.yaml"));
		free(found);
	}

	want = xstrfmt("%s/taskmaster.yaml", tmp_dir);
	fclose(fopen(want, "w"));
	found = cfg_find(&cause);
	assert_non_null(found);
	assert_string_equal(found, "./taskmaster.yaml");
	free(found);
	unlink(want);
	free(want);

	unsetenv("TASKMASTER_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_relative_paths),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_umask_forms),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_exitcodes),
		cmocka_unit_test(test_cmd_list),
		cmocka_unit_test(test_env_types),
		cmocka_unit_test(test_outputs),
		cmocka_unit_test(test_no_programs),
		cmocka_unit_test(test_multiple_errors),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_open_error),
		cmocka_unit_test(test_diag_format),
		cmocka_unit_test(test_diag_sort),
		cmocka_unit_test(test_warnings_do_not_refuse),
		cmocka_unit_test(test_resolve_path),
		cmocka_unit_test(test_socket_path),
		cmocka_unit_test(test_find),
	};

	return (cmocka_run_group_tests(tests, setup_tmp, teardown_tmp));
}
