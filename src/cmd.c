/*
 * The path every command takes in the daemon, whoever sent it:
 * taskmasterctl over the socket or the console's command line. argv in,
 * lines and an exit status out; one implementation, several front ends.
 * The table of names and usages is the clients' too (cmd-table.c); the
 * executors, which drive the engine, are only here and in cmd-*.c.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "log.h"
#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* The executor of each command of the table (cmd.h). */
static enum cmd_retval (*const cmd_execs[CMD_NIDS])(struct cmd_ctx *, int,
    char **) = {
	[CMD_STATUS] = cmd_status_exec,
	[CMD_START] = cmd_start_exec,
	[CMD_STOP] = cmd_start_exec,
	[CMD_RESTART] = cmd_start_exec,
	[CMD_SIGNAL] = cmd_signal_exec,
	[CMD_PID] = cmd_pid_exec,
	[CMD_RELOAD] = cmd_reload_exec,
	[CMD_SHUTDOWN] = cmd_shutdown_exec,
	[CMD_VERSION] = cmd_version_exec,
	[CMD_HELP] = cmd_help_exec,
	[CMD_QUIT] = cmd_quit_exec,
	[CMD_TAIL] = cmd_tail_exec,
	[CMD_ATTACH] = cmd_attach_exec,
	[CMD_SUBSCRIBE] = cmd_subscribe_exec,
	[CMD_WAITFOR] = cmd_wait_exec,
	[CMD_REREAD] = cmd_reread_exec,
	[CMD_UPDATE] = cmd_update_exec,
	[CMD_ADD] = cmd_add_exec,
	[CMD_REMOVE] = cmd_remove_exec,
	[CMD_AVAIL] = cmd_avail_exec,
	[CMD_CLEAR] = cmd_clear_exec,
	[CMD_MAINTAIL] = cmd_maintail_exec,
	[CMD_ALERTS] = cmd_alerts_exec,
	[CMD_ALERT] = cmd_alert_exec,
};

struct cmd_ctx *
cmd_ctx_create(struct supervisor *sv, uint32_t id,
    void (*print)(struct cmd_ctx *, int, const char *),
    void (*finish)(struct cmd_ctx *), void *arg)
{
	struct cmd_ctx	*ctx;

	ctx = xcalloc(1, sizeof *ctx);
	ctx->sv = sv;
	ctx->id = id;
	ctx->print = print;
	ctx->finish = finish;
	ctx->arg = arg;
	return (ctx);
}

/* Free a finished ctx. */
static void
cmd_ctx_free(struct cmd_ctx *ctx)
{
	if (ctx->cleanup != NULL)
		ctx->cleanup(ctx);
	free(ctx);
}

void
cmd_ctx_done(struct cmd_ctx *ctx)
{
	if (ctx->done)
		return;
	ctx->done = true;
	if (ctx->running)
		return;		/* cmd_run finishes it when exec returns */
	if (ctx->finish != NULL)
		ctx->finish(ctx);
	cmd_ctx_free(ctx);
}

void
cmd_ctx_detach(struct cmd_ctx *ctx)
{
	ctx->print = NULL;
	ctx->finish = NULL;
	ctx->send = NULL;
	ctx->backlog = NULL;
	ctx->arg = NULL;
	if (ctx->detached != NULL)
		ctx->detached(ctx);
}

void
cmd_send(struct cmd_ctx *ctx, int type, const void *data, size_t len)
{
	if (ctx->send != NULL)
		ctx->send(ctx, type, data, len);
}

size_t
cmd_backlog(struct cmd_ctx *ctx)
{
	if (ctx->backlog == NULL)
		return (0);
	return (ctx->backlog(ctx));
}

struct proc *
cmd_resolve_one(struct cmd_ctx *ctx, const char *name)
{
	struct proc	**procs, *p;
	char		 *cause = NULL;
	u_int		  n = 0;

	procs = NULL;
	if (sv_resolve(ctx->sv, name, &procs, &n, &cause) != 0) {
		cmd_error(ctx, CMD_EXIT_FAIL, "%s: ERROR (%s)", name, cause);
		free(cause);
		free(procs);
		return (NULL);
	}
	if (n != 1) {
		cmd_error(ctx, CMD_EXIT_FAIL, "%s: ERROR (%u processes; name "
		    "one of them, such as %s)", name, n, n > 0 ?
		    procs[0]->name : name);
		free(procs);
		return (NULL);
	}
	p = procs[0];
	free(procs);
	return (p);
}

void
cmd_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry	*ce;
	char			*cause = NULL, **args;
	enum cmd_retval		 rv;

	if (argc == 0) {
		cmd_error(ctx, CMD_EXIT_USAGE, "no command given");
		ctx->done = true;
	} else if ((ce = cmd_find(argv[0], &cause)) == NULL ||
	    cmd_check(ce, argc, &cause) != 0) {
		cmd_error(ctx, CMD_EXIT_USAGE, "%s", cause);
		free(cause);
		ctx->done = true;
	} else {
		ctx->ce = ce;
		log_debug("%s: %s (%d args)", __func__, ce->name, argc - 1);
		ctx->running = true;
		/* Executors may take options out of their own array. */
		args = xreallocarray(NULL, argc + 1, sizeof *args);
		memcpy(args, argv, argc * sizeof *args);
		args[argc] = NULL;
		rv = cmd_execs[ce->id](ctx, argc, args);
		free(args);
		ctx->running = false;
		if (rv == CMD_DONE)
			ctx->done = true;
	}
	if (ctx->done) {
		if (ctx->finish != NULL)
			ctx->finish(ctx);
		cmd_ctx_free(ctx);
	}
}

void
cmd_print(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list	 ap;
	char	*line;

	if (ctx->print == NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&line, fmt, ap);
	va_end(ap);
	ctx->print(ctx, 1, line);
	free(line);
}

void
cmd_error(struct cmd_ctx *ctx, int status, const char *fmt, ...)
{
	va_list	 ap;
	char	*line;

	if (ctx->status == 0)
		ctx->status = status;
	if (ctx->print == NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&line, fmt, ap);
	va_end(ap);
	ctx->print(ctx, 2, line);
	free(line);
}

/* Names to sort, with their place: ties keep the order given. */
struct cmd_resolve_arg {
	const char	*name;
	int		 idx;
};

static int
cmd_resolve_cmp(const void *a0, const void *b0)
{
	const struct cmd_resolve_arg	*a = a0, *b = b0;
	int				 r;

	if ((r = strcmp(a->name, b->name)) != 0)
		return (r);
	return (a->idx < b->idx ? -1 : a->idx > b->idx);
}

u_int
cmd_resolve(struct cmd_ctx *ctx, int argc, char **argv, struct proc ***list)
{
	struct cmd_resolve_arg	*args;
	bool			*keep;
	char			*cause;
	u_int			 n = 0;
	int			 i;

	/*
	 * Each distinct name once, where it first comes: "all all all..."
	 * by the thousand costs one "all", not one each.
	 */
	args = xreallocarray(NULL, argc + 1, sizeof *args);
	keep = xcalloc(argc + 1, sizeof *keep);
	for (i = 0; i < argc; i++) {
		args[i].name = argv[i];
		args[i].idx = i;
	}
	qsort(args, argc, sizeof *args, cmd_resolve_cmp);
	for (i = 0; i < argc; i++) {
		if (i == 0 || strcmp(args[i].name, args[i - 1].name) != 0)
			keep[args[i].idx] = true;
	}
	*list = NULL;
	for (i = 0; i < argc; i++) {
		if (!keep[i])
			continue;
		cause = NULL;
		if (sv_resolve(ctx->sv, argv[i], list, &n, &cause) != 0) {
			cmd_error(ctx, CMD_EXIT_FAIL, "%s: ERROR (%s)", argv[i],
			    cause);
			free(cause);
		}
	}
	free(keep);
	free(args);
	return (n);
}
