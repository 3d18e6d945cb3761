/*
 * subscribe: what the console needs to stay current without polling. The
 * daemon sends, as MSG_EVENT lines of tab-separated fields:
 *
 *	daemon	PID	START	CONFIG		who and since when (epoch)
 *	reset					a full list follows
 *	proc	NAME	STATE	PID	START	RESTARTS	STATUS	EXPECTED
 *		DESCRIPTION			one process (START epoch or 0,
 *						STATUS the last wait status or -1)
 *	sync					the list is complete
 *	log	LINE				one event log line (the newest
 *						are sent first, then each new one)
 *
 * then a proc line at every state change, and reset ... sync whenever the
 * set of processes changes (a reload, a scale down). It never ends by
 * itself; the client hangs up (or sends MSG_DETACH) when it is done.
 */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

struct cmd_subscribe {
	struct cmd_ctx		*ctx;
	struct sv_listener	 listener;
	struct eventlog_hook	 hook;
};

static void		cmd_subscribe_proc(struct proc *, void *);
static void		cmd_subscribe_all(struct cmd_subscribe *);
static void		cmd_subscribe_changed(struct proc *, enum proc_state,
			    void *);
static void		cmd_subscribe_log(const char *, void *);
static void		cmd_subscribe_input(struct cmd_ctx *, int,
			    const char *, size_t);
static void		cmd_subscribe_detached(struct cmd_ctx *);
static void		cmd_subscribe_cleanup(struct cmd_ctx *);
static void		cmd_subscribe_send(struct cmd_subscribe *,
			    const char *);

static void
cmd_subscribe_send(struct cmd_subscribe *s, const char *line)
{
	cmd_send(s->ctx, MSG_EVENT, line, strlen(line));
}

static void
cmd_subscribe_proc(struct proc *p, void *arg)
{
	struct cmd_subscribe	*s = arg;
	char			*desc, *line, *t;

	desc = proc_describe(p);
	for (t = desc; *t != '\0'; t++) {
		if (*t == '\t' || *t == '\n')
			*t = ' ';
	}
	xasprintf(&line, "proc\t%s\t%s\t%ld\t%lld\t%u\t%d\t%d\t%s", p->name,
	    proc_fsm_state_name(p->state), (long)p->pid,
	    p->pid != 0 ? (long long)p->start_wall : 0LL, p->restarts,
	    p->exit_status, p->exit_expected ? 1 : 0, desc);
	cmd_subscribe_send(s, line);
	free(line);
	free(desc);
}

static void
cmd_subscribe_all(struct cmd_subscribe *s)
{
	cmd_subscribe_send(s, "reset");
	sv_each(s->ctx->sv, cmd_subscribe_proc, s);
	cmd_subscribe_send(s, "sync");
}

static void
cmd_subscribe_changed(struct proc *p, enum proc_state old, void *arg)
{
	struct cmd_subscribe	*s = arg;

	if (p == NULL)
		cmd_subscribe_all(s);
	else
		cmd_subscribe_proc(p, s);
}

static void
cmd_subscribe_log(const char *line, void *arg)
{
	struct cmd_subscribe	*s = arg;
	char			*msg;

	xasprintf(&msg, "log\t%s", line);
	cmd_subscribe_send(s, msg);
	free(msg);
}

static void
cmd_subscribe_input(struct cmd_ctx *ctx, int type, const char *data,
    size_t len)
{
	if (type == MSG_DETACH)
		cmd_ctx_done(ctx);
}

static void
cmd_subscribe_detached(struct cmd_ctx *ctx)
{
	cmd_ctx_done(ctx);
}

static void
cmd_subscribe_cleanup(struct cmd_ctx *ctx)
{
	struct cmd_subscribe	*s = ctx->data;

	sv_unlisten(ctx->sv, &s->listener);
	eventlog_hook_remove(&s->hook);
	free(s);
}

enum cmd_retval
cmd_subscribe_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_subscribe	*s;
	char			*line;

	if (ctx->send == NULL) {
		cmd_error(ctx, CMD_EXIT_FAIL, "subscribe needs a client");
		return (CMD_DONE);
	}
	s = xcalloc(1, sizeof *s);
	s->ctx = ctx;
	s->listener.cb = cmd_subscribe_changed;
	s->listener.arg = s;
	s->hook.cb = cmd_subscribe_log;
	s->hook.arg = s;
	ctx->data = s;
	ctx->cleanup = cmd_subscribe_cleanup;
	ctx->input = cmd_subscribe_input;
	ctx->detached = cmd_subscribe_detached;

	xasprintf(&line, "daemon\t%ld\t%lld\t%s", (long)getpid(),
	    (long long)ctx->sv->start_wall, ctx->sv->cfgpath);
	cmd_subscribe_send(s, line);
	free(line);
	eventlog_recent(cmd_subscribe_log, s);
	cmd_subscribe_all(s);
	sv_listen(ctx->sv, &s->listener);
	eventlog_hook_add(&s->hook);
	return (CMD_WAIT);
}
