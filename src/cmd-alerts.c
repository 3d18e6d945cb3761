/*
 * alerts: each alert with its kind, figures, events and target (never a
 * secret: alert_cfg_target shows no path of a webhook and no password),
 * and its last error. alert test NAME: send a test message through one
 * and answer only once it was delivered (exit 0) or failed (exit 1,
 * with the cause).
 */

#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "proto.h"
#include "xmalloc.h"

static void	 cmd_alert_done(void *, bool, const char *);
static void	 cmd_alert_cleanup(struct cmd_ctx *);

enum cmd_retval
cmd_alerts_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	char	**lines;
	u_int	  n, i;

	if ((lines = alert_list(&n)) == NULL) {
		cmd_print(ctx, "no alerts (declare them under taskmaster.alerts "
		    "in %s)", ctx->sv->cfgpath);
		return (CMD_DONE);
	}
	for (i = 0; i < n; i++) {
		cmd_print(ctx, "%s", lines[i]);
		free(lines[i]);
	}
	free(lines);
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
