/*
 * alerts: each alert with its kind, figures, events and target (never a
 * secret: alert_cfg_target shows no path of a webhook and no password),
 * and its last error. alert test NAME: send a test message through one
 * and answer only once it was delivered (exit 0) or failed (exit 1,
 * with the cause).
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "alert.h"
#include "proto.h"
#include "xmalloc.h"

/* The columns of the alerts table. */
#define CMD_ALERTS_COLS	9

static char	**cmd_alerts_lines(const struct alert_stat *, u_int);
static json_t	 *cmd_alerts_json(const struct alert_stat *, u_int);
static void	 cmd_alert_done(void *, bool, const char *);
static void	 cmd_alert_cleanup(struct cmd_ctx *);

/*
 * The table: a header and a row each, in columns. The figures come
 * before the target, whose words would shift them.
 */
static char **
cmd_alerts_lines(const struct alert_stat *st, u_int n)
{
	static const char *const head[CMD_ALERTS_COLS] = { "NAME", "KIND",
	    "SENT", "FAILED", "SUPPRESSED", "QUEUED", "EVENTS", "TARGET",
	    "LAST ERROR" };
	struct tm	  tm;
	char		***rows, **lines, when[16], *s, *cp;
	size_t		  w[CMD_ALERTS_COLS] = { 0 };
	u_int		  i, j;

	rows = xcalloc(n + 1, sizeof *rows);
	rows[0] = xcalloc(CMD_ALERTS_COLS, sizeof **rows);
	for (j = 0; j < CMD_ALERTS_COLS; j++)
		rows[0][j] = xstrdup(head[j]);
	for (i = 0; i < n; i++) {
		rows[i + 1] = xcalloc(CMD_ALERTS_COLS, sizeof **rows);
		rows[i + 1][0] = xstrdup(st[i].ca->name);
		rows[i + 1][1] = xstrdup(alert_kind_name(st[i].ca->kind));
		rows[i + 1][2] = xstrfmt("%u", st[i].sent);
		rows[i + 1][3] = xstrfmt("%u", st[i].failed);
		rows[i + 1][4] = xstrfmt("%u", st[i].suppressed);
		rows[i + 1][5] = xstrfmt("%u", st[i].queued);
		s = alert_events_text(st[i].ca->events);
		for (cp = s; (cp = strchr(cp, ' ')) != NULL; )
			memmove(cp, cp + 1, strlen(cp));
		rows[i + 1][6] = s;
		rows[i + 1][7] = alert_cfg_target(st[i].ca);
		if (st[i].last_error != NULL) {
			localtime_r(&st[i].last_error_at, &tm);
			strftime(when, sizeof when, "%H:%M:%S", &tm);
			rows[i + 1][8] = xstrfmt("%s %s", when,
			    st[i].last_error);
		} else
			rows[i + 1][8] = xstrdup("-");
	}
	for (i = 0; i <= n; i++) {
		for (j = 0; j < CMD_ALERTS_COLS - 1; j++) {
			if (strlen(rows[i][j]) > w[j])
				w[j] = strlen(rows[i][j]);
		}
	}
	lines = xcalloc(n + 2, sizeof *lines);
	for (i = 0; i <= n; i++) {
		lines[i] = xstrfmt("%-*s %-*s %*s %*s %*s %*s %-*s %-*s %s",
		    (int)w[0], rows[i][0], (int)w[1], rows[i][1], (int)w[2],
		    rows[i][2], (int)w[3], rows[i][3], (int)w[4], rows[i][4],
		    (int)w[5], rows[i][5], (int)w[6], rows[i][6], (int)w[7],
		    rows[i][7], rows[i][8]);
		for (j = 0; j < CMD_ALERTS_COLS; j++)
			free(rows[i][j]);
		free(rows[i]);
	}
	free(rows);
	return (lines);
}

/*
 * alerts --json: {"alerts": [{name, kind, target, events, sent, failed,
 * suppressed, queued, last_error, last_error_at}]} (doc/protocol.md).
 */
static json_t *
cmd_alerts_json(const struct alert_stat *st, u_int n)
{
	json_t		*list, *events, *when;
	struct tm	 tm;
	char		 buf[32], *target, *text, *word, *next;
	u_int		 i;

	list = json_array();
	for (i = 0; i < n; i++) {
		events = json_array();
		text = alert_events_text(st[i].ca->events);
		for (word = text; word != NULL; word = next) {
			if ((next = strchr(word, ',')) != NULL)
				*next++ = '\0';
			word += strspn(word, " ");
			if (*word != '\0')
				json_array_append_new(events, json_string(word));
		}
		free(text);
		when = json_null();
		if (st[i].last_error != NULL) {
			gmtime_r(&st[i].last_error_at, &tm);
			strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
			json_decref(when);
			when = json_string(buf);
		}
		target = alert_cfg_target(st[i].ca);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:I, "
		    "s:I, s:I, s:I, s:o, s:o}", "name", st[i].ca->name, "kind",
		    alert_kind_name(st[i].ca->kind), "target", target, "events",
		    events, "sent", (json_int_t)st[i].sent, "failed",
		    (json_int_t)st[i].failed, "suppressed",
		    (json_int_t)st[i].suppressed, "queued",
		    (json_int_t)st[i].queued, "last_error",
		    st[i].last_error != NULL ? json_string(st[i].last_error) :
		    json_null(), "last_error_at", when));
		free(target);
	}
	return (json_pack("{s:o}", "alerts", list));
}

enum cmd_retval
cmd_alerts_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct alert_stat	*st;
	char			**lines;
	u_int			  n, i;
	bool			  json;

	json = cmd_json_flag(&argc, argv);
	if ((st = alert_stats(&n)) == NULL && json) {
		cmd_json_emit(ctx, cmd_alerts_json(NULL, 0));
		return (CMD_DONE);
	}
	if (st == NULL) {
		cmd_print(ctx, "no alerts (declare them under taskmaster.alerts "
		    "in %s)", ctx->sv->cfgpath);
		return (CMD_DONE);
	}
	if (json) {
		cmd_json_emit(ctx, cmd_alerts_json(st, n));
		free(st);
		return (CMD_DONE);
	}
	lines = cmd_alerts_lines(st, n);
	for (i = 0; i <= n; i++) {
		cmd_print(ctx, "%s", lines[i]);
		free(lines[i]);
	}
	free(lines);
	free(st);
	return (CMD_DONE);
}

/* The test message is delivered, or failed. */
static void
cmd_alert_done(void *arg, bool ok, const char *text)
{
	struct cmd_ctx	*ctx = arg;

	if (ok)
		cmd_print(ctx, "alert %s: test message delivered (%s)",
		    (char *)ctx->data, text);
	else
		cmd_error(ctx, CMD_EXIT_FAIL, "alert %s: test message not "
		    "delivered: %s", (char *)ctx->data, text);
	cmd_ctx_done(ctx);
}

static void
cmd_alert_cleanup(struct cmd_ctx *ctx)
{
	free(ctx->data);
}

enum cmd_retval
cmd_alert_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	char	*cause, *usage;

	if (strcmp(argv[1], "test") != 0) {
		usage = cmd_usage(ctx->ce);
		cmd_error(ctx, CMD_EXIT_USAGE, "%s", usage);
		free(usage);
		return (CMD_DONE);
	}
	ctx->data = xstrdup(argv[2]);
	ctx->cleanup = cmd_alert_cleanup;
	if (alert_test(argv[2], cmd_alert_done, ctx, &cause) != 0) {
		cmd_error(ctx, CMD_EXIT_FAIL, "alert %s: %s", argv[2], cause);
		free(cause);
		return (CMD_DONE);
	}
	return (ctx->done ? CMD_DONE : CMD_WAIT);
}
