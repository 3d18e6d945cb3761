/*
 * shutdown: stop every process gracefully, sweep what escaped, then the
 * daemon exits. The answer comes once everything has stopped, so a
 * script that runs "taskmasterctl shutdown" knows nothing is left.
 */

#include <stdlib.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

static void		cmd_shutdown_done(void *);
static void		cmd_shutdown_cleanup(struct cmd_ctx *);

static void
cmd_shutdown_done(void *arg)
{
	struct cmd_ctx		*ctx = arg;
	struct sv_waiter	*w = ctx->data;

	w->arg = NULL;		/* already off the list */
	cmd_print(ctx, "Shut down");
	cmd_ctx_done(ctx);
}

static void
cmd_shutdown_cleanup(struct cmd_ctx *ctx)
{
	struct sv_waiter	*w = ctx->data;

	if (w->arg != NULL)
		sv_unwait_shutdown(ctx->sv, w);
	free(w);
}

enum cmd_retval
cmd_shutdown_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct sv_waiter	*w;

	if (ctx->sv->finished) {
		cmd_print(ctx, "Shut down");
		return (CMD_DONE);
	}
	w = xcalloc(1, sizeof *w);
	w->cb = cmd_shutdown_done;
	w->arg = ctx;
	ctx->data = w;
	ctx->cleanup = cmd_shutdown_cleanup;
	sv_wait_shutdown(ctx->sv, w);
	eventlog(EVL_INFO, NULL, "shutdown requested by a control client");
	sv_shutdown(ctx->sv);
	return (ctx->done ? CMD_DONE : CMD_WAIT);
}
