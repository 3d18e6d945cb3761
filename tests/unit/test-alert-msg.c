/*
 * The messages of alerts, byte for byte where it matters: the summary of
 * each event, the mail subject, the JSON object (read back with jansson),
 * the RFC 5322 mail (headers, 7bit or base64 body, encoded subject), the
 * RFC 5424 line with its priority and escaped structured data, and text
 * from outside (invalid UTF-8, control characters) made safe.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <cmocka.h>

#include "alert.h"
#include "xmalloc.h"

/* 2025-03-01T12:00:03Z */
#define WHEN	1740830403

/* A wait status: exited with code. */
#define EXITED(code)	((code) << 8)

static char *lines[] = { "starting", "listening on :8080", "fatal: db", NULL };

/* The info of a process event, as the engine would fill it. */
static void
info(struct alert_info *ai, enum alert_event ev, int state, int prev,
    int status, bool expected)
{
	memset(ai, 0, sizeof *ai);
	ai->ev = ev;
	ai->alert = "hook";
	ai->host = "web1.example.com";
	ai->when = WHEN;
	ai->when_ms = 123;
	ai->process = "web:0";
	ai->program = "web";
	ai->pid = 4242;
	ai->state = state;
	ai->prev = prev;
	ai->status = status;
	ai->expected = expected;
	ai->retries = 3;
	ai->retries_max = 3;
	ai->lines = lines;
	ai->nlines = 3;
	ai->daemon_pid = 42;
}

/* The summary line of every kind of message. */
static void
test_summary(void **state)
{
	struct alert_info	 ai;
	struct alert_digest	 d;
	struct alert_digest_item items[] = {
		{ "web:0", ALERT_CRASHED, 30 }, { "web:1", ALERT_CRASHED, 7 }
	};
	char			*s;

	info(&ai, ALERT_FATAL, PROC_FATAL, PROC_STARTING, EXITED(3), false);
	s = alert_msg_summary(&ai);
	assert_string_equal(s, "web:0 FATAL: exited with 3, too quickly");
	free(s);
	s = alert_msg_subject(&ai);
	assert_string_equal(s, "[taskmaster web1] web:0 FATAL: exited with 3, "
	    "too quickly");
	free(s);

	info(&ai, ALERT_CRASHED, PROC_EXITED, PROC_RUNNING, SIGKILL, false);
	s = alert_msg_summary(&ai);
	assert_string_equal(s, "web:0 EXITED: crashed, killed by SIGKILL");
	free(s);
	info(&ai, ALERT_EXITED, PROC_EXITED, PROC_RUNNING, EXITED(0), true);
	s = alert_msg_summary(&ai);
	assert_string_equal(s, "web:0 EXITED: exited with 0, expected");
	free(s);
	info(&ai, ALERT_BACKOFF, PROC_BACKOFF, PROC_STARTING, EXITED(1), false);
	ai.retries = 1;
	s = alert_msg_summary(&ai);
	assert_string_equal(s, "web:0 BACKOFF: exited with 1, too quickly; "
	    "retry 1/3");
	free(s);
	info(&ai, ALERT_SPAWN_ERROR, PROC_BACKOFF, PROC_STARTING, EXITED(127),
	    false);
	ai.spawn_error = "exec /srv/web: No such file or directory";
	s = alert_msg_summary(&ai);
	assert_string_equal(s, "web:0 BACKOFF: spawn error: exec /srv/web: No "
	    "such file or directory");
	free(s);
	info(&ai, ALERT_STOPPED, PROC_STOPPED, PROC_STOPPING, SIGTERM, true);
	s = alert_msg_summary(&ai);
	assert_string_equal(s, "web:0 STOPPED: stopped (killed by SIGTERM)");
	free(s);
	info(&ai, ALERT_STARTED, PROC_RUNNING, PROC_STARTING, -1, false);
	s = alert_msg_summary(&ai);
	assert_string_equal(s, "web:0 RUNNING: started (pid 4242)");
	free(s);

	info(&ai, ALERT_DIGEST, -1, -1, -1, false);
	ai.process = ai.program = NULL;
	d.total = 37;
	d.period = 3600;
	d.items = items;
	d.n = 2;
	d.other = 0;
	ai.digest = &d;
	s = alert_msg_summary(&ai);
	assert_string_equal(s, "37 events suppressed: web:0 crashed \xc3\x97"
	    "30, web:1 crashed \xc3\x97" "7");
	free(s);

	info(&ai, ALERT_RELOAD_FAILED, -1, -1, -1, false);
	ai.process = ai.program = NULL;
	ai.text = "reload refused: 1 error in /etc/tm.yaml; nothing changed";
	s = alert_msg_subject(&ai);
	assert_string_equal(s, "[taskmaster web1] reload refused: 1 error in "
	    "/etc/tm.yaml; nothing changed");
	free(s);
}

/* The JSON object, read back. */
static void
test_json(void **state)
{
	struct alert_info	 ai;
	json_t			*o, *out;
	json_error_t		 err;
	char			*s;

	info(&ai, ALERT_CRASHED, PROC_EXITED, PROC_RUNNING, SIGKILL, false);
	ai.retries = 0;
	s = alert_msg_json(&ai);
	o = json_loads(s, 0, &err);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "event")),
	    "crashed");
	assert_string_equal(json_string_value(json_object_get(o, "alert")),
	    "hook");
	assert_string_equal(json_string_value(json_object_get(o, "host")),
	    "web1.example.com");
	assert_string_equal(json_string_value(json_object_get(o, "time")),
	    "2025-03-01T12:00:03.123Z");
	assert_string_equal(json_string_value(json_object_get(o, "process")),
	    "web:0");
	assert_string_equal(json_string_value(json_object_get(o, "program")),
	    "web");
	assert_int_equal(json_integer_value(json_object_get(o, "pid")), 4242);
	assert_string_equal(json_string_value(json_object_get(o, "state")),
	    "EXITED");
	assert_string_equal(json_string_value(json_object_get(o,
	    "previous_state")), "RUNNING");
	assert_true(json_is_null(json_object_get(o, "exit_code")));
	assert_string_equal(json_string_value(json_object_get(o, "signal")),
	    "KILL");
	assert_true(json_is_false(json_object_get(o, "expected")));
	assert_int_equal(json_integer_value(json_object_get(o, "retries")), 0);
	assert_int_equal(json_integer_value(json_object_get(o,
	    "retries_allowed")), 3);
	assert_true(json_is_null(json_object_get(o, "spawn_error")));
	out = json_object_get(o, "output");
	assert_int_equal(json_array_size(out), 3);
	assert_string_equal(json_string_value(json_array_get(out, 2)),
	    "fatal: db");
	assert_string_equal(json_string_value(json_object_get(o, "summary")),
	    "web:0 EXITED: crashed, killed by SIGKILL");
	json_decref(o);
	free(s);

	info(&ai, ALERT_FATAL, PROC_FATAL, PROC_STARTING, EXITED(3), false);
	s = alert_msg_json(&ai);
	o = json_loads(s, 0, &err);
	assert_int_equal(json_integer_value(json_object_get(o, "exit_code")),
	    3);
	assert_true(json_is_null(json_object_get(o, "signal")));
	json_decref(o);
	free(s);
}

/* Text from outside: invalid UTF-8 and control characters. */
static void
test_unsafe_text(void **state)
{
	struct alert_info	 ai;
	char			*bad[] = { "ok \xff\xfe end", "tab\there", NULL };
	json_t			*o;
	json_error_t		 err;
	char			*s;

	info(&ai, ALERT_SPAWN_ERROR, PROC_FATAL, PROC_STARTING, EXITED(127),
	    false);
	ai.spawn_error = "chdir /srv/\xe9t\xe9\r\nBcc: x@y";
	ai.lines = bad;
	ai.nlines = 2;
	s = alert_msg_json(&ai);
	o = json_loads(s, 0, &err);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_array_get(json_object_get(o,
	    "output"), 0)), "ok \xef\xbf\xbd\xef\xbf\xbd end");
	json_decref(o);
	free(s);
	s = alert_msg_subject(&ai);
	assert_null(strchr(s, '\r'));
	assert_null(strchr(s, '\n'));
	free(s);
	s = alert_msg_syslog(&ai, LOG_DAEMON);
	assert_null(strchr(s, '\n'));
	assert_non_null(strstr(s, "spawn_error=\"chdir /srv/\xef\xbf\xbdt"));
	free(s);
}

/* Decode a base64 body of lines ending in CRLF. */
static char *
unbase64(const char *b64)
{
	char	*joined, *out, *cp;
	int	 n;

	joined = cp = xmalloc(strlen(b64) + 1);
	for (; *b64 != '\0'; b64++) {
		if (*b64 != '\r' && *b64 != '\n')
			*cp++ = *b64;
	}
	*cp = '\0';
	out = xmalloc(strlen(joined) + 1);
	n = EVP_DecodeBlock((u_char *)out, (u_char *)joined, strlen(joined));
	assert_true(n >= 0);
	out[n] = '\0';
	free(joined);
	return (out);
}

/* A whole mail: headers, body, encodings. */
static void
test_email(void **state)
{
	struct alert_info	 ai;
	char			*to[] = { "ops@example.com", "b@example.com",
				    NULL };
	char			*utf[] = { "caf\xc3\xa9 ouvert", NULL };
	char			*m, *body, *text;

	info(&ai, ALERT_FATAL, PROC_FATAL, PROC_STARTING, EXITED(3), false);
	m = alert_msg_email(&ai, "tm@example.com", to, 7);
	assert_true(strncmp(m, "Date: Sat, 01 Mar 2025 ", 23) == 0 ||
	    strncmp(m, "Date: Sun, 02 Mar 2025 ", 23) == 0 ||
	    strncmp(m, "Date: Fri, 28 Feb 2025 ", 23) == 0);
	assert_non_null(strstr(m, "\r\nMessage-ID: <1740830403.123.42.7@"
	    "web1.example.com>\r\n"));
	assert_non_null(strstr(m, "\r\nFrom: tm@example.com\r\n"));
	assert_non_null(strstr(m, "\r\nTo: ops@example.com, b@example.com\r\n"));
	assert_non_null(strstr(m, "\r\nSubject: [taskmaster web1] web:0 FATAL: "
	    "exited with 3, too quickly\r\n"));
	assert_non_null(strstr(m, "\r\nContent-Type: text/plain; "
	    "charset=UTF-8\r\n"));
	assert_non_null(strstr(m, "\r\nContent-Transfer-Encoding: 7bit\r\n"));
	body = strstr(m, "\r\n\r\n");
	assert_non_null(body);
	body += 4;
	assert_non_null(strstr(body, "state:       FATAL (was STARTING)\r\n"));
	assert_non_null(strstr(body, "exit:        exited with 3 "
	    "(unexpected)\r\n"));
	assert_non_null(strstr(body, "retries:     3/3\r\n"));
	assert_non_null(strstr(body, "The last 3 lines of web:0's screen:\r\n"
	    "    starting\r\n    listening on :8080\r\n    fatal: db\r\n"));
	/* No bare LF anywhere. */
	for (text = m; (text = strchr(text, '\n')) != NULL; text++)
		assert_int_equal(text[-1], '\r');
	free(m);

	/* UTF-8: a base64 body, an encoded subject. */
	ai.lines = utf;
	ai.nlines = 1;
	ai.process = "caf\xc3\xa9";
	m = alert_msg_email(&ai, "tm@example.com", to, 8);
	assert_non_null(strstr(m, "\r\nContent-Transfer-Encoding: base64\r\n"));
	assert_non_null(strstr(m, "\r\nSubject: =?UTF-8?B?"));
	body = strstr(m, "\r\n\r\n") + 4;
	text = unbase64(body);
	assert_non_null(strstr(text, "    caf\xc3\xa9 ouvert\n"));
	free(text);
	free(m);
}

/* RFC 5424: priority, header fields, structured data, message. */
static void
test_syslog(void **state)
{
	struct alert_info	 ai;
	char			*s;

	info(&ai, ALERT_CRASHED, PROC_EXITED, PROC_RUNNING, EXITED(1), false);
	ai.retries = 0;
	s = alert_msg_syslog(&ai, LOG_DAEMON);
	assert_string_equal(s, "<27>1 2025-03-01T12:00:03.123Z "
	    "web1.example.com taskmasterd 42 crashed [taskmaster@32473 "
	    "alert=\"hook\" process=\"web:0\" program=\"web\" pid=\"4242\" "
	    "state=\"EXITED\" previous_state=\"RUNNING\" exit=\"exited with "
	    "1\" expected=\"false\" retries=\"0/3\"] web:0 EXITED: crashed, "
	    "exited with 1");
	free(s);

	info(&ai, ALERT_BACKOFF, PROC_BACKOFF, PROC_STARTING, EXITED(1), false);
	s = alert_msg_syslog(&ai, LOG_LOCAL3);
	assert_true(strncmp(s, "<156>1 ", 7) == 0);
	free(s);
	info(&ai, ALERT_STARTED, PROC_RUNNING, PROC_STARTING, -1, false);
	s = alert_msg_syslog(&ai, LOG_USER);
	assert_true(strncmp(s, "<14>1 ", 6) == 0);
	free(s);

	info(&ai, ALERT_SPAWN_ERROR, PROC_FATAL, PROC_STARTING, EXITED(127),
	    false);
	ai.spawn_error = "exec \"a]b\\c\": x";
	s = alert_msg_syslog(&ai, LOG_DAEMON);
	assert_non_null(strstr(s, "spawn_error=\"exec \\\"a\\]b\\\\c\\\": "
	    "x\"]"));
	free(s);

	assert_int_equal(alert_msg_severity(ALERT_FATAL), LOG_ERR);
	assert_int_equal(alert_msg_severity(ALERT_SPAWN_ERROR), LOG_ERR);
	assert_int_equal(alert_msg_severity(ALERT_BACKOFF), LOG_WARNING);
	assert_int_equal(alert_msg_severity(ALERT_RELOADED), LOG_NOTICE);
	assert_int_equal(alert_msg_severity(ALERT_STOPPED), LOG_INFO);

	s = alert_msg_syslog_local(&ai);
	assert_string_equal(s, "web:0 FATAL: spawn error: exec \"a]b\\c\": x "
	    "[alert hook, event spawn_error, pid 4242, retries 3/3]");
	free(s);
}

/* A copy is deep and frees cleanly. */
static void
test_copy(void **state)
{
	struct alert_info	 ai, *c;

	info(&ai, ALERT_CRASHED, PROC_EXITED, PROC_RUNNING, SIGKILL, false);
	ai.spawn_error = "x";
	c = alert_info_copy(&ai);
	assert_ptr_not_equal(c->lines, ai.lines);
	assert_string_equal(c->lines[1], ai.lines[1]);
	assert_ptr_not_equal(c->process, ai.process);
	assert_string_equal(c->spawn_error, "x");
	alert_info_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_unsafe_text),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_syslog),
		cmocka_unit_test(test_copy),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
