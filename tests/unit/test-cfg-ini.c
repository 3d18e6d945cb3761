/*
 * The supervisord INI reader: a real supervisord.conf, environment
 * quoting, %(name)s expansions, warnings for what taskmaster ignores, and
 * errors with their line numbers.
 */

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

static void
test_supervisord_conf(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	struct cfg_program	*p;
	char			*text;

	diag_init(&dl);
	cf = cfg_load(GOOD_DIR "/supervisord.conf", &dl);
	text = diags(&dl);
	if (cf == NULL)
		fail_msg("refused:\n%s", text);
	assert_string_equal(text,
	    "supervisord.conf:14: warning: ignored: taskmaster does not "
	    "implement [rpcinterface:supervisor]\n"
	    "supervisord.conf:17: warning: ignored: taskmaster does not "
	    "implement [supervisorctl]\n");
	free(text);
	assert_int_equal(dl.nerrors, 0);
	assert_int_equal(dl.nwarnings, 2);

	assert_string_equal(cf->socket, "/tmp/taskmaster-test.sock");
	assert_int_equal(cf->socket_mode, 0770);
	assert_string_equal(cf->logfile, GOOD_DIR "/supervisord.log");
	assert_string_equal(cf->pidfile, "/tmp/taskmaster-test.pid");
	assert_int_equal(cf->pos[CFG_KEY_SOCKET].line, 5);
	assert_int_equal(cf->pos[CFG_KEY_SOCKET].col, 0);
	assert_string_equal(cf->pos[CFG_KEY_SOCKET].key,
	    "unix_http_server.file");
	assert_int_equal(cf->nprograms, 2);

	p = program(cf, "web");
	assert_string_equal(p->where, "program:web");
	assert_int_equal(p->line, 20);
	assert_int_equal(p->col, 0);
	assert_strv(p->argv, "/bin/cat", "-n", "web.txt", NULL);
	assert_int_equal(p->numprocs, 2);
	assert_string_equal(p->workingdir, GOOD_DIR);
	assert_int_equal(p->umask, 022);
	assert_true(p->autostart);
	assert_int_equal(p->starttime, 1500);
	assert_int_equal(p->startretries, 7);
	assert_int_equal(p->autorestart, RESTART_UNEXPECTED);
	assert_true(cfg_exitcode_expected(p, 0));
	assert_true(cfg_exitcode_expected(p, 2));
	assert_false(cfg_exitcode_expected(p, 1));
	assert_int_equal(p->stopsignal, SIGQUIT);
	assert_int_equal(p->stoptime, 20000);
	assert_string_equal(p->user, "nobody");
	assert_int_equal(p->stderr_mode, OUT_STDOUT);
	assert_int_equal(p->stdout_mode, OUT_FILE);
	assert_string_equal(p->stdout_path, "/tmp/web-2.log");
	assert_strv(p->env, "A=1,2", "B=plain", "C=single quoted",
	    "D=from the environment", "E=on a continuation line", NULL);
	assert_int_equal(p->pos[CFG_KEY_STOPTIME].line, 32);
	assert_string_equal(p->pos[CFG_KEY_STOPTIME].key, "stopwaitsecs");

	p = program(cf, "cron");
	assert_strv(p->argv, "/usr/sbin/cron", "-f", NULL);
	assert_false(p->autostart);
	assert_int_equal(p->autorestart, RESTART_NEVER);
	assert_int_equal(p->stdout_mode, OUT_DISCARD);
	assert_int_equal(p->stderr_mode, OUT_STDOUT);
	assert_false(p->tty);
	assert_int_equal(p->tty_cols, 100);
	assert_int_equal(p->tty_rows, 40);
	assert_int_equal(p->scrollback, 0);
	assert_string_equal(p->group, "nogroup");
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_environment(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;

	diag_init(&dl);
	cf = load_text("t.conf", "[program:a]\n"
	    "command=x\n"
	    "environment=A=\"x,y\",B='p, q' , C=plain value,D=\"\",E=a=b,\n"
	    "[program:b]\n"
	    "command=x\n"
	    "environment=\n"
	    "[program:c]\n"
	    "command=x\n"
	    "environment=\n"
	    "  HOME=\"/home/x\",\n"
	    "  LANG=C\n", &dl);
	if (cf == NULL)
		fail_msg("%s", diags(&dl));
	assert_strv(program(cf, "a")->env, "A=x,y", "B=p, q", "C=plain value",
	    "D=", "E=a=b", NULL);
	assert_strv(program(cf, "b")->env, NULL);
	assert_strv(program(cf, "c")->env, "HOME=/home/x", "LANG=C", NULL);
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_expansions(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	struct cfg_program	*p;
	char			*want;

	diag_init(&dl);
	cf = load_text("t.ini", "[program:web]\n"
	    "command=/bin/echo %(here)s %(program_name)s %(group_name)s "
	    "100%% 5% %(numprocs)03d [%(numprocs)-3d] [%(numprocs)3s]\n"
	    "numprocs=%(ENV_TM_NUMPROCS)s\n"
	    "environment=V=\"%(ENV_TM_TEST_VALUE)s\"\n"
	    "[supervisord]\n"
	    "pidfile=%(here)s/%(ENV_TM_PIDNAME)s\n", &dl);
	if (cf == NULL)
		fail_msg("%s", diags(&dl));
	p = program(cf, "web");
	assert_strv(p->argv, "/bin/echo", tmp_dir, "web", "web", "100%", "5%",
	    "004", "[4", "]", "[", "4]", NULL);
	assert_int_equal(p->numprocs, 4);
	assert_strv(p->env, "V=from the environment", NULL);
	want = xstrfmt("%s/tm.pid", tmp_dir);
	assert_string_equal(cf->pidfile, want);
	free(want);
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_ignored_warnings(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	char			*text;

	diag_init(&dl);
	cf = load_text("t.conf", "[program:web]\n"
	    "command=x\n"
	    "priority=1\n"
	    "stopasgroup=true\n"
	    "killasgroup=true\n"
	    "stderr_logfile_backups=3\n"
	    "stdout_syslog=true\n"
	    "numprocs_start=1\n"
	    "serverurl=AUTO\n"
	    "[inet_http_server]\n"
	    "port=127.0.0.1:9001\n"
	    "[group:g]\n"
	    "programs=web\n"
	    "[include]\n"
	    "files=none-*.conf\n"
	    "[unix_http_server]\n"
	    "username=u\n", &dl);
	assert_non_null(cf);
	text = diags(&dl);
	assert_string_equal(text,
	    "t.conf:9: program:web: warning: ignored: taskmaster does not "
	    "implement \"serverurl\"\n"
	    "t.conf:10: warning: [inet_http_server] is taskmaster's TCP "
	    "listener: it speaks taskmaster's protocol, so use taskmasterctl; "
	    "supervisorctl and XML-RPC clients will not work\n"
	    "t.conf:11: inet_http_server.port: warning: no password: "
	    "taskmaster listens on TCP only with one, so it does not listen "
	    "there (the UNIX socket works)\n"
	    "t.conf:15: include.files: warning: no file matches "
	    "\"none-*.conf\"\n"
	    "t.conf:17: unix_http_server: warning: ignored: taskmaster does "
	    "not implement \"username\"\n");
	assert_int_equal(dl.nerrors, 0);
	assert_int_equal(dl.nwarnings, 5);
	free(text);
	cfg_free(cf);
	diag_clear(&dl);
}

/*
 * As supervisord: a key or a section given twice is a warning, the later
 * value wins and a section given again is merged into the first.
 */
static void
test_lenient(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	struct cfg_program	*p;

	diag_init(&dl);
	cf = load_text("t.conf", "[program:web]\n"
	    "command=/bin/sleep 1\n"
	    "command=/bin/sleep 2\n"
	    "startretries=5\n"
	    "[supervisord]\n"
	    "nodaemon=true\n"
	    "stdout_logfile=/tmp/x\n"
	    "[program:web]\n"
	    "autostart=false\n"
	    "startretries=7\n"
	    "[nonsense]\n"
	    "x=1\n", &dl);
	assert_non_null(cf);
	assert_int_equal(dl.nerrors, 0);
	assert_int_equal(dl.nwarnings, 5);
	assert_int_equal(cf->nprograms, 1);
	p = TAILQ_FIRST(&cf->programs);
	assert_string_equal(p->cmd, "/bin/sleep 2");
	assert_false(p->autostart);
	assert_int_equal(p->startretries, 7);
	assert_true(cf->nodaemon);
	cfg_free(cf);
	diag_clear(&dl);
}

/* Every error is reported, each with its line, in one pass. */
static void
test_errors_with_lines(void **state)
{
	struct diag_list	 dl;
	char			*text;

	diag_init(&dl);
	assert_null(load_text("t.conf", "; comment\n"
	    "[program:web]\n"
	    "command=/bin/true\n"
	    "numprocs=-2\n"
	    "comand=x\n"
	    "stopsignal=TREM\n"
	    "\n"
	    "[program:api]\n"
	    "autorestart=sometimes\n"
	    "command=/bin/x %(process_nun)02d\n"
	    "environment=A=1,B\n"
	    "not a pair\n"
	    "directory=/no/such/dir/taskmaster\n", &dl));
	text = diags(&dl);
	assert_string_equal(text,
	    "t.conf:4: program:web.numprocs: expected an integer >= 1, got -2\n"
	    "t.conf:5: program:web: warning: unknown key \"comand\" (did you "
	    "mean \"command\"?); ignored\n"
	    "t.conf:6: program:web.stopsignal: unknown signal \"TREM\" "
	    "(expected a name such as TERM, HUP, INT, QUIT, KILL, USR1, USR2 "
	    "or a number)\n"
	    "t.conf:9: program:api.autorestart: expected always, never, "
	    "unexpected, true or false, got \"sometimes\"\n"
	    "t.conf:10: program:api.command: unknown expansion "
	    "%(process_nun)d (known: here, program_name, group_name, "
	    "host_node_name, numprocs, process_num, ENV_name)\n"
	    "t.conf:11: program:api.environment: expected NAME=value pairs "
	    "separated by commas, such as A=\"1\",B=2, got \"B\"\n"
	    "t.conf:12: syntax error: expected NAME = VALUE, [section] or a "
	    "comment\n"
	    "t.conf:13: program:api.directory: /no/such/dir/taskmaster: No "
	    "such file or directory\n");
	assert_int_equal(dl.nerrors, 7);
	free(text);
	diag_clear(&dl);
}

static void
test_our_names(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	struct cfg_program	*p;

	diag_init(&dl);
	cf = load_text("t.conf", "[program:web]\n"
	    "cmd=/bin/sleep 5\n"
	    "starttime=0.25\n"
	    "stoptime=2\n"
	    "workingdir=/tmp\n"
	    "stdout=discard\n"
	    "stderr=/tmp/web.err\n"
	    "env=X=1\n"
	    "tty=no\n"
	    "TTY_SIZE=40x10\n"
	    "scrollback=10\n"
	    "group=nogroup\n", &dl);
	if (cf == NULL)
		fail_msg("%s", diags(&dl));
	p = program(cf, "web");
	assert_strv(p->argv, "/bin/sleep", "5", NULL);
	assert_int_equal(p->starttime, 250);
	assert_int_equal(p->stoptime, 2000);
	assert_string_equal(p->workingdir, "/tmp");
	assert_int_equal(p->stdout_mode, OUT_DISCARD);
	assert_int_equal(p->stderr_mode, OUT_FILE);
	assert_string_equal(p->stderr_path, "/tmp/web.err");
	assert_strv(p->env, "X=1", NULL);
	assert_false(p->tty);
	assert_int_equal(p->tty_cols, 40);
	assert_int_equal(p->tty_rows, 10);
	assert_int_equal(p->scrollback, 10);
	assert_string_equal(p->group, "nogroup");
	cfg_free(cf);
	diag_clear(&dl);
}

static void
test_redirect_stderr(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	struct cfg_program	*p;
	char			*text;

	diag_init(&dl);
	cf = load_text("t.conf", "[program:a]\n"
	    "command=x\n"
	    "stdout_logfile=/tmp/a.out\n"
	    "stderr_logfile=/tmp/a.err\n"
	    "redirect_stderr=true\n"
	    "[program:b]\n"
	    "command=x\n"
	    "stdout_logfile=auto\n"
	    "stderr_logfile=/tmp/b.err\n"
	    "redirect_stderr=false\n", &dl);
	assert_non_null(cf);
	text = diags(&dl);
	assert_string_equal(text, "t.conf:4: program:a: warning: "
	    "\"stderr_logfile\" is ignored because redirect_stderr is true\n");
	free(text);
	p = program(cf, "a");
	assert_int_equal(p->stdout_mode, OUT_FILE);
	assert_int_equal(p->stderr_mode, OUT_STDOUT);
	assert_null(p->stderr_path);
	p = program(cf, "b");
	assert_int_equal(p->stdout_mode, OUT_SCREEN);
	assert_int_equal(p->stderr_mode, OUT_FILE);
	assert_string_equal(p->stderr_path, "/tmp/b.err");
	cfg_free(cf);
	diag_clear(&dl);
}

/* Lines longer than inih's buffer keep their whole value. */
static void
test_long_lines(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	struct cfg_program	*p;
	char			*text, *word, *name;

	word = xmalloc(601);
	memset(word, 'w', 600);
	word[600] = '\0';
	name = xmalloc(301);
	memset(name, 'k', 300);
	name[300] = '\0';
	text = xstrfmt("[program:web]\n"
	    "command=/bin/echo %s ; comment\n"
	    "environment=A=\"%s\",\n"
	    "  B=\"%s\"\n"
	    "; %s\n"
	    "numprocs=2\n", word, word, word, word);
	diag_init(&dl);
	cf = load_text("t.conf", text, &dl);
	free(text);
	if (cf == NULL)
		fail_msg("%s", diags(&dl));
	p = program(cf, "web");
	assert_strv(p->argv, "/bin/echo", word, NULL);
	assert_int_equal(strlen(p->env[0]), 602);
	assert_int_equal(strlen(p->env[1]), 602);
	assert_null(p->env[2]);
	assert_int_equal(p->numprocs, 2);
	assert_int_equal(p->pos[CFG_KEY_NUMPROCS].line, 6);
	cfg_free(cf);

	text = xstrfmt("[program:web]\ncommand=x\n%s=1\n", name);
	cf = load_text("t.conf", text, &dl);
	free(text);
	assert_null(cf);
	text = diags(&dl);
	assert_string_equal(text, "t.conf:3: line is too long: the key name "
	    "has more than 195 characters\n");
	free(text);
	diag_clear(&dl);
	free(word);
	free(name);
}

/*
 * Comments, case, CRLF and a BOM, as supervisord reads them: ';' or '#'
 * after white space starts a comment, even inside quotes.
 */
static void
test_syntax_details(void **state)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	struct cfg_program	*p;

	diag_init(&dl);
	cf = load_text("t.conf", "\xef\xbb\xbf# comment\r\n"
	    "[program:web]\r\n"
	    "Command = /bin/sh -c 'a ; b'\r\n"
	    "numprocs: 3 ; inline comment\r\n"
	    "  ; an indented comment\r\n"
	    "autostart=false;not a comment\r\n", &dl);
	assert_null(cf);	/* "false;not..." is not a boolean */
	assert_int_equal(dl.nerrors, 2);
	diag_clear(&dl);

	cf = load_text("t.conf", "\xef\xbb\xbf# comment\r\n"
	    "[program:web]\r\n"
	    "Command = /bin/echo 'a;b' x#y # c\r\n"
	    "numprocs: 3 ; inline comment\r\n"
	    "  ; an indented comment\r\n", &dl);
	if (cf == NULL)
		fail_msg("%s", diags(&dl));
	p = program(cf, "web");
	assert_strv(p->argv, "/bin/echo", "a;b", "x#y", NULL);
	assert_int_equal(p->numprocs, 3);
	assert_int_equal(p->pos[CFG_KEY_NUMPROCS].line, 4);
	cfg_free(cf);
	diag_clear(&dl);
}

/* Garbage is refused without a crash. */
static void
test_garbage(void **state)
{
	static const char *const inputs[] = {
		"\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\xff\xfe\n",
		"[program:a]\ncommand=x\x01\nnumprocs=99999999999999999999\n",
		"[[[[[[\n]]]]]\n=\n:\n",
		"[program:]\ncommand=x\n",
		"[program:a]\ncommand=%(\n",
		"[program:a]\ncommand=%(here)\n",
		"[program:a]\ncommand=%(here)99999999999s\n",
		"[program:a]\ncommand=x\nenvironment=\"\n",
		"[program:a]\ncommand=x\nenvironment==\n",
		"[program:a]\ncommand=\"\n",
	};
	struct diag_list	 dl;
	struct cfg		*cf;
	size_t			 i;

	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		diag_init(&dl);
		cf = load_text("t.conf", inputs[i], &dl);
		if (cf != NULL || dl.nerrors == 0)
			fail_msg("input %zu was accepted", i);
		diag_clear(&dl);
	}

	/* A NUL byte inside a line. */
	{
		FILE	*f;
		char	*path = xstrfmt("%s/nul.conf", tmp_dir), *text;

		assert_non_null(f = fopen(path, "w"));
		fwrite("[program:a]\ncommand=x\0y\n", 1, 24, f);
		fclose(f);
		diag_init(&dl);
		assert_null(cfg_load(path, &dl));
		text = diags(&dl);
		assert_string_equal(text, "nul.conf:1: program:a: missing "
		    "required key \"command\"\nnul.conf:2: syntax error: the "
		    "line contains a NUL byte\n");
		free(text);
		diag_clear(&dl);
		unlink(path);
		free(path);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_supervisord_conf),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_expansions),
		cmocka_unit_test(test_ignored_warnings),
		cmocka_unit_test(test_lenient),
		cmocka_unit_test(test_errors_with_lines),
		cmocka_unit_test(test_our_names),
		cmocka_unit_test(test_redirect_stderr),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_syntax_details),
		cmocka_unit_test(test_garbage),
	};

	setenv("TM_NUMPROCS", "4", 1);
	setenv("TM_PIDNAME", "tm.pid", 1);
	return (cmocka_run_group_tests(tests, setup_tmp, teardown_tmp));
}
