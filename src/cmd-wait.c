/*
 * wait [--timeout SECONDS] [--state STATE] NAME...: answer 0 once every
 * named process is in the state (RUNNING by default), 1 if the timeout
 * comes first, saying which are not. For scripts ("start the stack, wait
 * until it runs"). It listens to state changes, so it costs nothing
 * while it waits and answers the moment the last one gets there.
 */

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

struct cmd_wait_data {
	struct cmd_ctx		*ctx;
	uint64_t		*ids;	/* the processes, by id */
	u_int			 n;
	enum proc_state		 state;
	struct sv_listener	 listener;
	bool			 listening;
	struct event		*timer;
};

static bool	cmd_wait_done(struct cmd_wait_data *);
static void	cmd_wait_changed(struct proc *, enum proc_state, void *);
static void	cmd_wait_timer_cb(evutil_socket_t, short, void *);
static void	cmd_wait_cleanup(struct cmd_ctx *);
static void	cmd_wait_detached(struct cmd_ctx *);
static int	cmd_wait_args(struct cmd_ctx *, int *, char **, u_int *,
		    enum proc_state *);

/* Whether every process is in the state (one removed never will be). */
static bool
cmd_wait_done(struct cmd_wait_data *w)
{
	struct proc	*p;
	u_int		 i;

	for (i = 0; i < w->n; i++) {
		if ((p = sv_find_id(w->ctx->sv, w->ids[i])) == NULL ||
		    p->state != w->state)
			return (false);
	}
	return (true);
}

static void
cmd_wait_changed(struct proc *p, enum proc_state old, void *arg)
{
	struct cmd_wait_data	*w = arg;

	if (cmd_wait_done(w))
		cmd_ctx_done(w->ctx);
}

/* The timeout: say which processes are not there, and fail. */
static void
cmd_wait_timer_cb(evutil_socket_t fd, short events, void *arg)
{
	struct cmd_wait_data	*w = arg;
	struct proc		*p;
	u_int			 i;

	for (i = 0; i < w->n; i++) {
		if ((p = sv_find_id(w->ctx->sv, w->ids[i])) == NULL)
			cmd_error(w->ctx, CMD_EXIT_FAIL, "a process waited "
			    "for was removed by a reload");
		else if (p->state != w->state)
			cmd_error(w->ctx, CMD_EXIT_FAIL, "%s: %s, not %s",
			    p->name, proc_fsm_state_name(p->state),
			    proc_fsm_state_name(w->state));
	}
	cmd_ctx_done(w->ctx);
}

static void
cmd_wait_cleanup(struct cmd_ctx *ctx)
{
	struct cmd_wait_data	*w = ctx->data;

	if (w->listening)
		sv_unlisten(ctx->sv, &w->listener);
	if (w->timer != NULL)
		event_free(w->timer);
	free(w->ids);
	free(w);
}

/* Nobody is waiting any more. */
static void
cmd_wait_detached(struct cmd_ctx *ctx)
{
	cmd_ctx_done(ctx);
}

/*
 * Take --timeout SECONDS and --state STATE out of argv; the names are
 * left. -1 after a usage error.
 */
static int
cmd_wait_args(struct cmd_ctx *ctx, int *argc, char **argv, u_int *ms,
    enum proc_state *state)
{
	char	*cause = NULL;
	int	 i, j, s;

	*ms = 0;
	*state = PROC_RUNNING;
	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--timeout") != 0 &&
		    strcmp(argv[i], "--state") != 0)
			continue;
		if (i + 1 >= *argc) {
			cmd_error(ctx, CMD_EXIT_USAGE, "wait: %s needs a "
			    "value", argv[i]);
			return (-1);
		}
		if (strcmp(argv[i], "--timeout") == 0) {
			if (cfg_value_duration(argv[i + 1], CFG_MAX_SECONDS,
			    ms, &cause) != 0) {
				cmd_error(ctx, CMD_EXIT_USAGE, "wait: "
				    "--timeout: %s", cause);
				free(cause);
				return (-1);
			}
		} else {
			for (s = 0; s < PROC_NSTATES; s++) {
				if (strcasecmp(argv[i + 1],
				    proc_fsm_state_name(s)) == 0)
					break;
			}
			if (s == PROC_NSTATES) {
				cmd_error(ctx, CMD_EXIT_USAGE, "wait: unknown "
				    "state \"%s\" (RUNNING, STOPPED, EXITED, "
				    "FATAL, STARTING, BACKOFF, STOPPING)",
				    argv[i + 1]);
				return (-1);
			}
			*state = s;
		}
		for (j = i; j + 2 <= *argc; j++)
			argv[j] = argv[j + 2];
		*argc -= 2;
		i--;
	}
	if (*argc < 2) {
		cmd_error(ctx, CMD_EXIT_USAGE, "usage: wait [--timeout SECONDS] "
		    "[--state STATE] NAME...");
		return (-1);
	}
	return (0);
}

enum cmd_retval
cmd_wait_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_wait_data	*w;
	struct proc		**procs;
	struct timeval		 tv;
	enum proc_state		 state;
	u_int			 ms, n, i;

	if (cmd_wait_args(ctx, &argc, argv, &ms, &state) != 0)
		return (CMD_DONE);
	n = cmd_resolve(ctx, argc - 1, argv + 1, &procs);
	if (ctx->status != 0) {
		free(procs);
		return (CMD_DONE);
	}
	w = xcalloc(1, sizeof *w);
	w->ctx = ctx;
	w->state = state;
	w->n = n;
	w->ids = xcalloc(n + 1, sizeof *w->ids);
	for (i = 0; i < n; i++)
		w->ids[i] = procs[i]->id;
	free(procs);
	ctx->data = w;
	ctx->cleanup = cmd_wait_cleanup;
	ctx->detached = cmd_wait_detached;
	if (cmd_wait_done(w))
		return (CMD_DONE);
	w->listener.cb = cmd_wait_changed;
	w->listener.arg = w;
	sv_listen(ctx->sv, &w->listener);
	w->listening = true;
	if (ms != 0) {
		w->timer = evtimer_new(ctx->sv->base, cmd_wait_timer_cb, w);
		tv.tv_sec = ms / 1000;
		tv.tv_usec = (ms % 1000) * 1000;
		evtimer_add(w->timer, &tv);
	}
	return (CMD_WAIT);
}
