/*
 * Alerts in the config: what the reader makes of every key, the values'
 * parsers on their own (limits, addresses, URLs, collectors, header
 * files), what a reload plan says of changed alerts, and targets shown
 * without their secrets.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <cmocka.h>

#include "alert.h"
#include "cfg-test.h"

/* Load a config of the good folder: it must have no diagnostics. */
static struct cfg *
load_good(const char *name)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	char			*path;

	diag_init(&dl);
	path = xstrfmt("%s/%s", GOOD_DIR, name);
	cf = cfg_load(path, &dl);
	if (dl.nerrors + dl.nwarnings != 0)
		fail_msg("%s", diags(&dl));
	assert_non_null(cf);
	diag_clear(&dl);
	free(path);
	return (cf);
}

/* Every key of every kind of target, read. */
static void
test_read(void **state)
{
	struct cfg		*cf = load_good("alerts.yaml");
	struct cfg_alert	*ca;

	assert_non_null(cf->alerts);
	assert_int_equal(cf->alerts->n, 4);

	ca = alert_cfg_find(cf->alerts, "ops-mail");
	assert_non_null(ca);
	assert_int_equal(ca->kind, ALERT_EMAIL);
	assert_strv(ca->to, "ops@example.com", "oncall@example.com", NULL);
	assert_string_equal(ca->from, "taskmaster@web1.example.com");
	assert_string_equal(ca->server, "smtps://mail.example.com:465");
	assert_string_equal(ca->username, "alerts");
	assert_string_equal(ca->password, "s3cret pass");
	assert_non_null(strstr(ca->password_file, "/configs/good/alerts.pass"));
	assert_int_equal(ca->timeout, 20000);
	assert_int_equal(ca->events, ALERT_EVENT_BIT(ALERT_FATAL) |
	    ALERT_EVENT_BIT(ALERT_CRASHED));
	assert_strv(ca->programs, "web", "worker", NULL);
	assert_int_equal(ca->limit, 10);
	assert_int_equal(ca->period, 3600);
	assert_int_equal(ca->pos[ALERT_KEY_LIMIT].line, 14);
	assert_int_equal(ca->pos[ALERT_KEY_LIMIT].col, 14);

	ca = alert_cfg_find(cf->alerts, "hook");
	assert_int_equal(ca->kind, ALERT_HTTP);
	assert_string_equal(ca->url,
	    "https://user:pw@hooks.example.com/T0/B0?x=1");
	assert_strv(ca->headers, "X-Source: taskmaster", NULL);
	assert_strv(ca->file_headers, "Authorization: Bearer t0k3n",
	    "X-Team: ops", NULL);
	assert_int_equal(ca->timeout, 2500);
	assert_int_equal(ca->events, ALERT_ALL_EVENTS);
	assert_null(ca->programs);
	assert_int_equal(ca->limit, 5);
	assert_int_equal(ca->period, 600);

	ca = alert_cfg_find(cf->alerts, "local");
	assert_int_equal(ca->kind, ALERT_SYSLOG);
	assert_null(ca->server);
	assert_int_equal(ca->facility, LOG_DAEMON);
	assert_int_equal(ca->events, ALERT_DEFAULT_EVENTS);
	assert_int_equal(ca->limit, ALERT_DEFAULT_LIMIT);
	assert_int_equal(ca->period, ALERT_DEFAULT_PERIOD);
	assert_int_equal(ca->timeout, ALERT_DEFAULT_TIMEOUT);

	ca = alert_cfg_find(cf->alerts, "collector");
	assert_string_equal(ca->server, "tcp://[::1]:6514");
	assert_int_equal(ca->facility, LOG_LOCAL3);
	assert_int_equal(ca->events, ALERT_EVENT_BIT(ALERT_SPAWN_ERROR));
	assert_strv(ca->programs, "web", NULL);
	assert_int_equal(ca->period, 86400);

	assert_true(program(cf, "web")->alerts);
	assert_false(program(cf, "quiet")->alerts);
	assert_true(alert_cfg_wants(ca, "web"));
	assert_false(alert_cfg_wants(ca, "worker"));
	assert_true(alert_cfg_wants(ca, NULL));
	cfg_free(cf);
}

/* Limits: N/PERIOD, and what is wrong with the others. */
static void
test_limit(void **state)
{
	static const struct {
		const char	*text;
		u_int		 n;
		u_int		 period;
		const char	*shown;
	} good[] = {
		{ "10/1h", 10, 3600, "10/1h" },
		{ "5/10m", 5, 600, "5/10m" },
		{ "1/d", 1, 86400, "1/1d" },
		{ "3/90s", 3, 90, "3/90s" },
		{ "100000/7d", 100000, 604800, "100000/7d" },
		{ "2/120m", 2, 7200, "2/2h" },
	};
	static const struct {
		const char	*text;
		const char	*cause;
	} bad[] = {
		{ "0/1h", "expected at least 1 message a period, got "
		  "\"0/1h\"" },
		{ "100001/1h", "expected at most 100000 messages a period, got "
		  "\"100001/1h\"" },
		{ "10/0h", "expected a period from 1s to 7d, got \"10/0h\"" },
		{ "10/8d", "expected a period from 1s to 7d, got \"10/8d\"" },
		{ "10/1w", NULL },
		{ "10", NULL },
		{ "/1h", NULL },
		{ "10/1hh", NULL },
		{ "-1/1h", NULL },
		{ "10/ 1h", NULL },
	};
	char	*cause, *s;
	u_int	 n, period, i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (alert_cfg_limit(good[i].text, &n, &period, &cause) != 0)
			fail_msg("%s: %s", good[i].text, cause);
		assert_int_equal(n, good[i].n);
		assert_int_equal(period, good[i].period);
		s = alert_limit_text(n, period);
		assert_string_equal(s, good[i].shown);
		free(s);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (alert_cfg_limit(bad[i].text, &n, &period, &cause) == 0)
			fail_msg("%s: accepted", bad[i].text);
		if (bad[i].cause != NULL)
			assert_string_equal(cause, bad[i].cause);
		else
			assert_non_null(strstr(cause, "expected N/PERIOD"));
		free(cause);
	}
}

/* Addresses, URLs and collectors. */
static void
test_targets(void **state)
{
	char	*cause, *host, *port;
	bool	 tcp;

	assert_int_equal(alert_cfg_address("ops@example.com", &cause), 0);
	assert_int_equal(alert_cfg_address("a.b+c@d", &cause), 0);
	assert_int_equal(alert_cfg_address("nobody", &cause), -1);
	free(cause);
	assert_int_equal(alert_cfg_address("@example.com", &cause), -1);
	free(cause);
	assert_int_equal(alert_cfg_address("a@b@c", &cause), -1);
	free(cause);
	assert_int_equal(alert_cfg_address("Ops <ops@x>", &cause), -1);
	free(cause);
	assert_int_equal(alert_cfg_address("ops@x\r\nBcc: y@z", &cause), -1);
	free(cause);

	assert_int_equal(alert_cfg_url(ALERT_HTTP, "https://h/x", &cause), 0);
	assert_int_equal(alert_cfg_url(ALERT_HTTP, "HTTP://h:80", &cause), 0);
	assert_int_equal(alert_cfg_url(ALERT_HTTP, "smtp://h", &cause), -1);
	free(cause);
	assert_int_equal(alert_cfg_url(ALERT_HTTP, "http://", &cause), -1);
	assert_string_equal(cause, "expected a host after the scheme, got "
	    "\"http://\"");
	free(cause);
	assert_int_equal(alert_cfg_url(ALERT_HTTP, "http://h/a b", &cause),
	    -1);
	free(cause);
	assert_int_equal(alert_cfg_url(ALERT_EMAIL, "smtp://h:25", &cause), 0);
	assert_int_equal(alert_cfg_url(ALERT_EMAIL, "smtps://h", &cause), 0);
	assert_int_equal(alert_cfg_url(ALERT_EMAIL, "https://h", &cause), -1);
	free(cause);

	assert_int_equal(alert_cfg_syslog_server("udp://127.0.0.1", &tcp,
	    &host, &port, &cause), 0);
	assert_false(tcp);
	assert_string_equal(host, "127.0.0.1");
	assert_string_equal(port, "514");
	free(host);
	free(port);
	assert_int_equal(alert_cfg_syslog_server("tcp://[::1]:6514/", &tcp,
	    &host, &port, &cause), 0);
	assert_true(tcp);
	assert_string_equal(host, "::1");
	assert_string_equal(port, "6514");
	free(host);
	free(port);
	assert_int_equal(alert_cfg_syslog_server("udp://logs.example.com",
	    &tcp, &host, &port, &cause), -1);
	assert_non_null(strstr(cause, "expected an IP address"));
	free(cause);
	assert_int_equal(alert_cfg_syslog_server("udp://1.2.3.4:0", &tcp,
	    &host, &port, &cause), -1);
	free(cause);
	assert_int_equal(alert_cfg_syslog_server("udp://1.2.3.4:99999", &tcp,
	    &host, &port, &cause), -1);
	free(cause);
	assert_int_equal(alert_cfg_syslog_server("udp://[::1", &tcp,
	    &host, &port, &cause), -1);
	free(cause);
	assert_int_equal(alert_cfg_syslog_server("http://1.2.3.4", &tcp,
	    &host, &port, &cause), -1);
	free(cause);
}

/* Header files: lines, comments, and what is refused. */
static void
test_header_file(void **state)
{
	static const char	 good[] = "# a comment\r\n\r\n  X-A: 1\r\n"
				     "Authorization:Bearer x y \n";
	char			**h, *cause;

	assert_int_equal(alert_cfg_header_file(good, sizeof good - 1, &h,
	    &cause), 0);
	assert_strv(h, "X-A: 1", "Authorization: Bearer x y", NULL);
	argv_free(h);
	assert_int_equal(alert_cfg_header_file("", 0, &h, &cause), 0);
	assert_null(h[0]);
	argv_free(h);

	assert_int_equal(alert_cfg_header_file("X-A 1\n", 6, &h, &cause), -1);
	assert_string_equal(cause, "line 1: expected \"Name: value\"");
	free(cause);
	assert_int_equal(alert_cfg_header_file("\nBad Name: 1\n", 13, &h,
	    &cause), -1);
	assert_string_equal(cause, "line 2: expected a header name (letters, "
	    "digits and -), got \"Bad Name\"");
	free(cause);
	assert_int_equal(alert_cfg_header_file("X: a\0b\n", 7, &h, &cause), -1);
	free(cause);
	assert_int_equal(alert_cfg_header_file("X: a\rb\n", 7, &h, &cause), -1);
	assert_non_null(strstr(cause, "control character"));
	free(cause);
}

/* Change one thing of an alert and see the plan name it. */
static void
test_diff(void **state)
{
	struct cfg		*a = load_good("alerts.yaml");
	struct cfg		*b = load_good("alerts.yaml");
	struct cfg_alert	*ca;
	struct plan		*pl;
	char			*s;
	u_int			 i;

	pl = cfg_diff(a, b);
	assert_int_equal(pl->nalerts, 4);
	for (i = 0; i < pl->nalerts; i++)
		assert_int_equal(pl->alerts[i].kind, PLAN_UNCHANGED);
	assert_int_equal(cfg_type_differ(a, b, CFG_KEY_ALERTS), 0);
	plan_free(pl);

	ca = alert_cfg_find(b->alerts, "hook");
	free(ca->url);
	ca->url = xstrdup("https://example.com/other");
	ca->events = ALERT_DEFAULT_EVENTS;
	ca = alert_cfg_find(b->alerts, "ops-mail");
	free(ca->password);
	ca->password = xstrdup("new");
	ca = alert_cfg_find(b->alerts, "local");
	TAILQ_REMOVE(&b->alerts->list, ca, entry);
	b->alerts->n--;
	free(ca->name);
	ca->name = xstrdup("local2");
	alert_cfg_add(&b->alerts, ca);
	assert_int_equal(cfg_type_differ(a, b, CFG_KEY_ALERTS), 1);

	pl = cfg_diff(a, b);
	assert_int_equal(pl->nalerts, 5);
	s = plan_alert_format(&pl->alerts[0]);
	assert_string_equal(s, "alert local: removed");
	free(s);
	s = plan_alert_format(&pl->alerts[1]);
	assert_string_equal(s, "alert ops-mail: changed in place "
	    "(password_file changed)");
	free(s);
	s = plan_alert_format(&pl->alerts[2]);
	assert_string_equal(s, "alert hook: changed in place (events, url "
	    "changed)");
	free(s);
	s = plan_alert_format(&pl->alerts[3]);
	assert_string_equal(s, "alert collector: unchanged");
	free(s);
	s = plan_alert_format(&pl->alerts[4]);
	assert_string_equal(s, "alert local2: added");
	free(s);
	/* Programs are not touched by alerts. */
	assert_int_equal(pl->unchanged, 3);
	plan_free(pl);
	cfg_free(a);
	cfg_free(b);
}

/* Targets as the alerts command shows them: no secret. */
static void
test_target_shown(void **state)
{
	struct cfg	*cf = load_good("alerts.yaml");
	char		*s;

	s = alert_cfg_target(alert_cfg_find(cf->alerts, "hook"));
	assert_string_equal(s, "https://hooks.example.com/...");
	free(s);
	s = alert_cfg_target(alert_cfg_find(cf->alerts, "ops-mail"));
	assert_string_equal(s, "ops@example.com, oncall@example.com via "
	    "smtps://mail.example.com:465");
	free(s);
	s = alert_cfg_target(alert_cfg_find(cf->alerts, "local"));
	assert_string_equal(s, "local syslog, facility daemon");
	free(s);
	s = alert_cfg_target(alert_cfg_find(cf->alerts, "collector"));
	assert_string_equal(s, "tcp://[::1]:6514, facility local3");
	free(s);
	s = alert_events_text(ALERT_DEFAULT_EVENTS);
	assert_string_equal(s, "crashed, fatal, spawn_error");
	free(s);
	cfg_free(cf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_header_file),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_target_shown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
