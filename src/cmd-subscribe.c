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
 *	stats	NAME	CPU	RSS		CPU and memory of a running
 *						process's tree (CPU in tenths of
 *						a percent of one core, RSS bytes)
 *	log	LINE				one event log line (the newest
 *						are sent first, then each new one)
 *
 * then a proc line at every state change, stats lines once a second, and
 * reset ... sync whenever the set of processes changes (a reload, a scale
 * down). It never ends by itself; the client hangs up (or sends
 * MSG_DETACH) when it is done.
 *
 * A subscriber that stops reading (a suspended console, a stalled
 * terminal) is not queued for without end: past SUBSCRIBE_BACKLOG bytes
 * nothing more is queued, and once it has taken everything it gets the
 * whole list again, with a log line saying how many it missed.
 */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* How much may wait for a subscriber before it is resynced instead. */
#define SUBSCRIBE_BACKLOG	(256 * 1024)

struct cmd_subscribe {
	struct cmd_ctx		*ctx;
	struct sv_listener	 listener;
	struct eventlog_hook	 hook;
	struct proc_stats_watcher watcher;
	bool			 behind;	/* stopped sending */
	u_int			 missed;	/* log lines not sent */
};

static void		cmd_subscribe_proc(struct proc *, void *);
static void		cmd_subscribe_stats(struct proc *, void *);
static void		cmd_subscribe_all(struct cmd_subscribe *);
static void		cmd_subscribe_changed(struct proc *, enum proc_state,
			    void *);
static void		cmd_subscribe_log(const char *, void *);
static void		cmd_subscribe_sampled(void *);
static void		cmd_subscribe_input(struct cmd_ctx *, int,
			    const char *, size_t);
static void		cmd_subscribe_detached(struct cmd_ctx *);
static void		cmd_subscribe_drained(struct cmd_ctx *);
static void		cmd_subscribe_cleanup(struct cmd_ctx *);
static bool		cmd_subscribe_send(struct cmd_subscribe *,
			    const char *);

/* Queue a line, unless the client is too far behind (then false). */
static bool
cmd_subscribe_send(struct cmd_subscribe *s, const char *line)
{
	if (!s->behind && cmd_backlog(s->ctx) > SUBSCRIBE_BACKLOG)
		s->behind = true;
	if (s->behind)
		return (false);
	cmd_send(s->ctx, MSG_EVENT, line, strlen(line));
	return (true);
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
cmd_subscribe_stats(struct proc *p, void *arg)
{
	struct cmd_subscribe	*s = arg;
	char			*line;

	if (!proc_stats_valid(p))
		return;
	xasprintf(&line, "stats\t%s\t%u\t%llu", p->name, p->stats.cpu,
	    (unsigned long long)p->stats.rss);
	cmd_subscribe_send(s, line);
	free(line);
}

static void
cmd_subscribe_all(struct cmd_subscribe *s)
{
	cmd_subscribe_send(s, "reset");
	sv_each(s->ctx->sv, cmd_subscribe_proc, s);
	cmd_subscribe_send(s, "sync");
	sv_each(s->ctx->sv, cmd_subscribe_stats, s);
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
	if (!cmd_subscribe_send(s, msg))
		s->missed++;
	free(msg);
}

static void
cmd_subscribe_sampled(void *arg)
{
	struct cmd_subscribe	*s = arg;

	sv_each(s->ctx->sv, cmd_subscribe_stats, s);
}

/* The client has caught up: if it missed anything, send it all again. */
static void
cmd_subscribe_drained(struct cmd_ctx *ctx)
{
	struct cmd_subscribe	*s = ctx->data;
	char			*line;

	if (!s->behind)
		return;
	s->behind = false;
	if (s->missed != 0) {
		xasprintf(&line, "log\t(%u event log line%s not shown here: the "
		    "console was not reading)", s->missed,
		    s->missed == 1 ? "" : "s");
		cmd_subscribe_send(s, line);
		free(line);
		s->missed = 0;
	}
	cmd_subscribe_all(s);
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
	proc_stats_unwatch(ctx->sv, &s->watcher);
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
	s->watcher.cb = cmd_subscribe_sampled;
	s->watcher.arg = s;
	ctx->data = s;
	ctx->cleanup = cmd_subscribe_cleanup;
	ctx->input = cmd_subscribe_input;
	ctx->detached = cmd_subscribe_detached;
	ctx->drained = cmd_subscribe_drained;

	xasprintf(&line, "daemon\t%ld\t%lld\t%s", (long)getpid(),
	    (long long)ctx->sv->start_wall, ctx->sv->cfgpath);
	cmd_subscribe_send(s, line);
	free(line);
	eventlog_recent(cmd_subscribe_log, s);
	proc_stats_watch(ctx->sv, &s->watcher);
	cmd_subscribe_all(s);
	sv_listen(ctx->sv, &s->listener);
	eventlog_hook_add(&s->hook);
	return (CMD_WAIT);
}
