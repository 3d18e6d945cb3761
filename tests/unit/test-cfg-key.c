/*
 * The key table: its entries agree with each other, every default is a
 * value its own type reads, values survive being shown and read again;
 * the value parsers both readers share, and the messages taken from the
 * table.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cfg.h"
#include "xmalloc.h"

/* The table agrees with itself. */
static void
test_table(void **state)
{
	const struct cfg_key_entry	*e, *f;
	u_int				 i, j;

	assert_int_equal(cfg_key_count() > CFG_NKEYS, 1);
	for (i = 0; (e = cfg_key_entry(i)) != NULL; i++) {
		/* Implemented keys first, then supervisord's others. */
		assert_int_equal(i < CFG_NKEYS,
		    (e->flags & CFG_KEY_UNSUPPORTED) == 0);
		assert_true(e->name != NULL || e->alias != NULL);
		if (i < CFG_NKEYS) {
			assert_non_null(e->wanted);
			assert_int_not_equal(e->type, CFG_T_NONE);
		} else
			assert_null(e->name);
		if (e->scope == CFG_GLOBAL) {
			assert_true(e->alias == NULL ||
			    strchr(e->alias, '.') != NULL);
			assert_true(e->reload == CFG_RELOAD_WATCH ||
			    e->reload == CFG_RELOAD_DAEMON ||
			    e->reload == CFG_RELOAD_NONE);
		} else
			assert_int_not_equal(e->reload, CFG_RELOAD_DAEMON);
		for (j = 0; j < i; j++) {
			f = cfg_key_entry(j);
			if (f->scope != e->scope)
				continue;
			assert_false(e->name != NULL && f->name != NULL &&
			    strcmp(e->name, f->name) == 0);
			assert_false(e->alias != NULL && f->alias != NULL &&
			    strcmp(e->alias, f->alias) == 0);
			assert_false(e->name != NULL && f->alias != NULL &&
			    strcmp(e->name, f->alias) == 0);
			assert_false(e->alias != NULL && f->name != NULL &&
			    strcmp(e->alias, f->name) == 0);
		}
		if (i < CFG_NKEYS) {
			assert_int_equal(cfg_key_find(e->scope,
			    cfg_key_name(i), e->name == NULL), (int)i);
		}
	}
	assert_null(cfg_key_entry(cfg_key_count()));
	assert_int_equal(cfg_key_find(CFG_PROGRAM, "serverurl", 0), -1);
	assert_true(cfg_key_find(CFG_PROGRAM, "serverurl", 1) >= CFG_NKEYS);
	assert_int_equal(cfg_key_find(CFG_GLOBAL, "logfile", 1), -1);
	assert_int_equal(cfg_key_find(CFG_GLOBAL, "supervisord.logfile", 1),
	    CFG_KEY_LOGFILE);
	assert_int_equal(cfg_key_find(CFG_GLOBAL, "supervisord.logfile", 0),
	    -1);
	assert_int_equal(cfg_key_find(CFG_PROGRAM, "redirect_stderr", 0), -1);
}

/* Every default is a value its type reads; and reads back as it shows. */
static void
test_defaults(void **state)
{
	const struct cfg_key_entry	*e;
	struct cfg_program		*p, *q;
	struct cfg			*cf, *cg;
	char				*cause, *shown;
	void				*a, *b;
	u_int				 key;

	p = cfg_program_create("a");
	q = cfg_program_create("b");
	cf = cfg_create("/etc/taskmaster/taskmaster.yaml");
	cg = cfg_create("/etc/taskmaster/taskmaster.yaml");
	for (key = 0; key < CFG_NKEYS; key++) {
		e = cfg_key_entry(key);
		a = e->scope == CFG_PROGRAM ? (void *)p : (void *)cf;
		b = e->scope == CFG_PROGRAM ? (void *)q : (void *)cg;
		if (e->def != NULL && cfg_type_set(a, key, e->def, "/",
		    &cause) != 0)
			fail_msg("%s: default \"%s\": %s", e->name, e->def,
			    cause);
		assert_int_equal(cfg_type_differ(a, b, key), 0);
		if ((shown = cfg_type_format(a, key)) == NULL)
			continue;
		if (cfg_type_set(b, key, shown, "/", &cause) != 0)
			fail_msg("%s: \"%s\": %s", cfg_key_name(key), shown,
			    cause);
		assert_int_equal(cfg_type_differ(a, b, key), 0);
		free(shown);
	}
	assert_int_equal(cf->socket_mode, 0600);
	assert_int_equal(p->umask, -1);
	assert_int_equal(p->stderr_mode, OUT_STDOUT);
	cfg_program_free(p);
	cfg_program_free(q);
	cfg_free(cf);
	cfg_free(cg);
}

/* Values shown and read again are the same; changed ones differ. */
static void
test_format(void **state)
{
	static const struct {
		u_int		 key;
		const char	*value;
		const char	*shown;
	} cases[] = {
		{ CFG_KEY_CMD, "/bin/sleep  '1 0'", "/bin/sleep  '1 0'" },
		{ CFG_KEY_ENV, "A=1,B=\"x,y\", C = z ", "A=1,B=\"x,y\",C=z" },
		{ CFG_KEY_UMASK, "22", "022" },
		{ CFG_KEY_STDOUT, "discard", "discard" },
		{ CFG_KEY_STDERR, "/var/log/x", "/var/log/x" },
		{ CFG_KEY_TTY, "no", "false" },
		{ CFG_KEY_TTY_SIZE, "100X30", "100x30" },
		{ CFG_KEY_AUTORESTART, "TRUE", "always" },
		{ CFG_KEY_EXITCODES, "2, 0,255", "0,2,255" },
		{ CFG_KEY_STARTTIME, "0.25", "0.25" },
		{ CFG_KEY_STOPTIME, "3", "3" },
		{ CFG_KEY_STOPSIGNAL, "sigquit", "QUIT" },
		{ CFG_KEY_STOPSIGNAL, "40", "40" },
	};
	struct cfg_program	*p, *q;
	char			*cause, *shown;
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		p = cfg_program_create("a");
		q = cfg_program_create("a");
		if (cfg_type_set(p, cases[i].key, cases[i].value, "/",
		    &cause) != 0)
			fail_msg("%s: %s", cases[i].value, cause);
		assert_int_equal(cfg_type_differ(p, q, cases[i].key), 1);
		shown = cfg_type_format(p, cases[i].key);
		assert_string_equal(shown, cases[i].shown);
		assert_int_equal(cfg_type_set(q, cases[i].key, shown, "/",
		    &cause), 0);
		assert_int_equal(cfg_type_differ(p, q, cases[i].key), 0);
		free(shown);
		cfg_program_free(p);
		cfg_program_free(q);
	}
}

/* Sizes as supervisord writes them. */
static void
test_size(void **state)
{
	uint64_t	 v;
	char		*cause;

	assert_int_equal(cfg_value_size("0", 1ULL << 40, &v, &cause), 0);
	assert_int_equal(v, 0);
	assert_int_equal(cfg_value_size("1024", 1ULL << 40, &v, &cause), 0);
	assert_int_equal(v, 1024);
	assert_int_equal(cfg_value_size("500KB", 1ULL << 40, &v, &cause), 0);
	assert_int_equal(v, 500 * 1024);
	assert_int_equal(cfg_value_size("50mb", 1ULL << 40, &v, &cause), 0);
	assert_int_equal(v, 50 * 1024 * 1024);
	assert_int_equal(cfg_value_size("1GB", 1ULL << 40, &v, &cause), 0);
	assert_int_equal(v, 1024 * 1024 * 1024);
	assert_int_equal(cfg_value_size("2B", 1ULL << 40, &v, &cause), 0);
	assert_int_equal(v, 2);

	assert_int_equal(cfg_value_size("2GB", 1ULL << 30, &v, &cause), -1);
	assert_string_equal(cause, "expected a size <= 1073741824 bytes, got "
	    "\"2GB\"");
	free(cause);
	assert_int_equal(cfg_value_size("99999999999999999999999", UINT64_MAX,
	    &v, &cause), -1);
	free(cause);
	assert_int_equal(cfg_value_size("10 MB", UINT64_MAX, &v, &cause), -1);
	assert_string_equal(cause, "expected a size such as 50MB, 500KB, 1GB "
	    "or a number of bytes, got \"10 MB\"");
	free(cause);
	assert_int_equal(cfg_value_size("MB", UINT64_MAX, &v, &cause), -1);
	free(cause);
	assert_int_equal(cfg_value_size("-1", UINT64_MAX, &v, &cause), -1);
	free(cause);
	assert_int_equal(cfg_value_size("5TB", UINT64_MAX, &v, &cause), -1);
	free(cause);
}

/* The warnings and suggestions the readers take from the table. */
static void
test_messages(void **state)
{
	const char	**names;
	char		 *s;
	int		  key;

	key = cfg_key_find(CFG_GLOBAL, "supervisord.loglevel", 1);
	assert_int_not_equal(key, -1);
	s = cfg_key_ignored(key);
	assert_string_equal(s, "ignored: taskmaster does not implement "
	    "\"loglevel\"");
	free(s);
	key = cfg_key_find(CFG_GLOBAL, "inet_http_server.username", 1);
	s = cfg_key_ignored(key);
	assert_string_equal(s, "ignored: taskmaster's TCP clients prove they "
	    "know the password alone; there is no user name");
	free(s);

	names = cfg_key_names(CFG_GLOBAL, 1, "unix_http_server");
	assert_string_equal(names[0], "file");
	assert_string_equal(names[1], "chmod");
	assert_string_equal(names[2], "chown");
	free(names);
	names = cfg_key_names(CFG_GLOBAL, 0, NULL);
	assert_string_equal(names[0], "logfile");
	assert_string_equal(names[3], "pidfile");
	assert_string_equal(names[4], "alerts");
	assert_string_equal(names[5], "listen");
	assert_string_equal(names[10], "insecure");
	assert_string_equal(names[11], "logfile_maxbytes");
	assert_string_equal(names[12], "logfile_backups");
	assert_string_equal(names[13], "nodaemon");
	assert_string_equal(names[14], "output_thread");
	assert_string_equal(names[15], "minfds");
	assert_string_equal(names[20], "childlogdir");
	assert_null(names[21]);
	s = cfg_key_unknown("comand", names, 1);
	assert_string_equal(s, "unknown key \"comand\"");
	free(s);
	free(names);
	names = cfg_key_names(CFG_PROGRAM, 0, NULL);
	s = cfg_key_unknown("comand", names, 1);
	assert_string_equal(s, "unknown key \"comand\" (did you mean "
	    "\"cmd\"?)");
	free(s);
	free(names);
	names = cfg_key_names(CFG_PROGRAM, 1, NULL);
	s = cfg_key_unknown("comand", names, 0);
	assert_string_equal(s, "unknown key \"comand\" (did you mean "
	    "\"command\"?)");
	free(s);
	s = cfg_key_unknown("redirect_stdrr", names, 0);
	assert_string_equal(s, "unknown key \"redirect_stdrr\" (did you mean "
	    "\"redirect_stderr\"?)");
	free(s);
	free(names);
}

/* The shared value parsers, on their own. */
static void
test_value_parsers(void **state)
{
	struct cfg_program	*p;
	char			*cause = NULL;
	u_int			 u, cols, rows;
	bool			 b;
	mode_t			 mode;
	int			 i;

	assert_int_equal(cfg_value_uint("007", 0, 10, &u, &cause), 0);
	assert_int_equal(u, 7);
	assert_int_equal(cfg_value_uint("11", 0, 10, &u, &cause), -1);
	assert_string_equal(cause, "expected an integer <= 10, got 11");
	free(cause);
	assert_int_equal(cfg_value_uint("+1", 0, 10, &u, &cause), -1);
	assert_string_equal(cause, "expected an integer >= 0, got \"+1\"");
	free(cause);

	assert_int_equal(cfg_value_bool("YES", &b, &cause), 0);
	assert_true(b);
	assert_int_equal(cfg_value_bool("Off", &b, &cause), 0);
	assert_false(b);
	assert_int_equal(cfg_value_bool("1", &b, &cause), 0);
	assert_true(b);
	assert_int_equal(cfg_value_bool("0", &b, &cause), 0);
	assert_false(b);
	assert_int_equal(cfg_value_bool("2", &b, &cause), -1);
	free(cause);

	p = cfg_program_create("t");
	assert_int_equal(cfg_type_set(p, CFG_KEY_AUTORESTART, "TRUE", NULL,
	    &cause), 0);
	assert_int_equal(p->autorestart, RESTART_ALWAYS);
	assert_int_equal(cfg_type_set(p, CFG_KEY_AUTORESTART, "false", NULL,
	    &cause), 0);
	assert_int_equal(p->autorestart, RESTART_NEVER);
	assert_int_equal(cfg_type_set(p, CFG_KEY_AUTORESTART, "Unexpected",
	    NULL, &cause), 0);
	assert_int_equal(p->autorestart, RESTART_UNEXPECTED);
	assert_int_equal(cfg_type_set(p, CFG_KEY_AUTORESTART, "sometimes",
	    NULL, &cause), -1);
	assert_string_equal(cause, "expected always, never, unexpected, true "
	    "or false, got \"sometimes\"");
	free(cause);
	cfg_program_free(p);

	assert_int_equal(cfg_value_tty_size("2X1000", &cols, &rows, &cause),
	    0);
	assert_int_equal(cols, 2);
	assert_int_equal(rows, 1000);
	assert_int_equal(cfg_value_tty_size("80x", &cols, &rows, &cause), -1);
	assert_string_equal(cause, "expected COLSxROWS such as 80x24, got "
	    "\"80x\"");
	free(cause);

	assert_int_equal(cfg_value_mode("0o600", &mode, &cause), 0);
	assert_int_equal(mode, 0600);
	assert_int_equal(cfg_value_umask("", &i, &cause), -1);
	free(cause);
	assert_int_equal(cfg_value_exitcode("255", &i, &cause), 0);
	assert_int_equal(i, 255);

	assert_int_equal(cfg_value_name("web-1.a_b", &cause), 0);
	assert_int_equal(cfg_value_name("", &cause), -1);
	assert_string_equal(cause, "a program name cannot be empty");
	free(cause);
	assert_int_equal(cfg_value_name("a23456789012345678901234567890123456"
	    "78901234567890123456789012345", &cause), -1);
	assert_string_equal(cause, "program name is too long (at most 64 "
	    "characters)");
	free(cause);
	assert_int_equal(cfg_value_env_name("_A1", &cause), 0);
	assert_int_equal(cfg_value_env_name("A-B", &cause), -1);
	free(cause);
}

static void
test_quote(void **state)
{
	char	*s;

	s = diag_quote("a\"b\\c\n\x01");
	assert_string_equal(s, "\"a\\\"b\\\\c\\n\\x01\"");
	free(s);
	s = diag_quote("0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789");
	assert_string_equal(s, "\"0123456789012345678901234567890123456789"
	    "01234567890123456789...\"");
	free(s);
}

static void
test_suggest(void **state)
{
	static const char *const keys[] = { "cmd", "command", "numprocs",
	    "stoptime", "stopsignal", NULL };

	assert_string_equal(cfg_key_suggest("comand", keys), "command");
	assert_string_equal(cfg_key_suggest("numproc", keys), "numprocs");
	assert_string_equal(cfg_key_suggest("stoptiem", keys), "stoptime");
	assert_string_equal(cfg_key_suggest("STOPSIGNAL", keys), "stopsignal");
	assert_string_equal(cfg_key_suggest("cdm", keys), "cmd");
	assert_null(cfg_key_suggest("colour", keys));
	assert_null(cfg_key_suggest("x", keys));
	assert_int_equal(cfg_key_find(CFG_PROGRAM, "startsecs", 0),
	    CFG_KEY_STARTTIME);
	assert_int_equal(cfg_key_find(CFG_PROGRAM, "cmd", 0), CFG_KEY_CMD);
	assert_int_equal(cfg_key_find(CFG_PROGRAM, "CMD", 0), -1);
	assert_string_equal(cfg_key_name(CFG_KEY_TTY_SIZE), "tty_size");
	assert_string_equal(cfg_key_alias(CFG_KEY_WORKINGDIR), "directory");
	assert_null(cfg_key_alias(CFG_KEY_UMASK));
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_value_parsers),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_suggest),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
