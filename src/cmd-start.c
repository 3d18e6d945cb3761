/*
 * start, stop and restart. Like supervisorctl, they answer when the work
 * is done: start when the process is RUNNING (or has failed to start),
 * stop when it has stopped. Meanwhile the daemon goes on serving others;
 * the command waits as a state change listener, not in a loop. Several
 * processes go by priority (sv-order.c): start lowest first, stop
 * highest first, a level once the one before has settled.
 */

#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

enum cmd_goal {
	GOAL_START,
	GOAL_STOP,
	GOAL_RESTART		/* stop, then start */
};

struct cmd_wait {
	uint64_t	 id;
	char		*name;
	enum cmd_goal	 goal;
	bool		 done;
	bool		 stopped;	/* restart: the stop half is over */
	bool		 named;		/* named itself, not via all/group */
	bool		 acted;		/* its priority's turn has come */
};

struct cmd_start_data {
	struct cmd_wait		*waits;
	struct cmd_wait		**byid;		/* waits sorted by id */
	u_int			 n;
	u_int			 pending;
	enum cmd_goal		 goal;
	struct sv_order		 order;		/* ids, by priority */
	struct sv_listener	 listener;
	bool			 listening;
	bool			 acting;	/* in cmd_start_act */
};

static void		cmd_start_cleanup(struct cmd_ctx *);
static void		cmd_start_changed(struct proc *, enum proc_state,
			    void *);
static void		cmd_start_check(struct cmd_ctx *, struct cmd_wait *,
			    struct proc *);
static int		cmd_start_id_cmp(const void *, const void *);
static int		cmd_start_name_cmp(const void *, const void *);
static bool		*cmd_start_named(int, char **, struct proc **, u_int);
static void		 cmd_start_act(struct cmd_ctx *);
static bool		 cmd_start_started(struct proc *);
static bool		 cmd_start_stopped(struct proc *);

static void
cmd_start_cleanup(struct cmd_ctx *ctx)
{
	struct cmd_start_data	*d = ctx->data;
	u_int			 i;

	if (d->listening)
		sv_unlisten(ctx->sv, &d->listener);
	for (i = 0; i < d->n; i++)
		free(d->waits[i].name);
	free(d->waits);
	free(d->byid);
	free(d->order.ids);
	free(d);
}

/* Mark one wait as over, with its result line. */
static void
cmd_start_over(struct cmd_ctx *ctx, struct cmd_wait *w, const char *error,
    const char *detail)
{
	struct cmd_start_data	*d = ctx->data;

	if (w->done)
		return;
	w->done = true;
	d->pending--;
	/* "stop all" need not say that some were not running. */
	if (error != NULL && !w->named && detail == NULL &&
	    (strcmp(error, "not running") == 0 ||
	    strcmp(error, "already started") == 0))
		return;
	if (error == NULL) {
		if (w->goal == GOAL_STOP)
			cmd_print(ctx, "%s: stopped", w->name);
		else
			cmd_print(ctx, "%s: started", w->name);
	} else if (detail != NULL)
		cmd_error(ctx, CMD_EXIT_FAIL, "%s: ERROR (%s: %s)", w->name,
		    error, detail);
	else
		cmd_error(ctx, CMD_EXIT_FAIL, "%s: ERROR (%s)", w->name, error);
}

/* Has the process reached what this wait is for? */
static void
cmd_start_check(struct cmd_ctx *ctx, struct cmd_wait *w, struct proc *p)
{
	if (w->done)
		return;
	if (p == NULL) {
		cmd_start_over(ctx, w, "removed by a reload", NULL);
		return;
	}
	if (w->goal == GOAL_STOP) {
		if (!proc_fsm_is_running(p->state))
			cmd_start_over(ctx, w, NULL, NULL);
		return;
	}
	if (w->goal == GOAL_RESTART && !w->stopped) {
		if (p->state == PROC_STOPPING || (p->flags & PROC_RESTART))
			return;
		w->stopped = true;
		cmd_print(ctx, "%s: stopped", w->name);
	}
	switch (p->state) {
	case PROC_RUNNING:
		cmd_start_over(ctx, w, NULL, NULL);
		break;
	case PROC_BACKOFF:
	case PROC_FATAL:
		if (p->spawn_error != NULL)
			cmd_start_over(ctx, w, "spawn error", p->spawn_error);
		else
			cmd_start_over(ctx, w, "abnormal termination",
			    "exited too quickly; see status");
		break;
	case PROC_EXITED:
		cmd_start_over(ctx, w, "abnormal termination",
		    "exited before it was started");
		break;
	case PROC_STOPPED:
	case PROC_STOPPING:
		cmd_start_over(ctx, w, "stopped while starting", NULL);
		break;
	case PROC_STARTING:
		break;
	}
}

/* Order waits by process id. */
static int
cmd_start_id_cmp(const void *a0, const void *b0)
{
	const struct cmd_wait	*a = *(struct cmd_wait *const *)a0;
	const struct cmd_wait	*b = *(struct cmd_wait *const *)b0;

	return (a->id < b->id ? -1 : a->id > b->id);
}

/* A change of state: look for its wait in log time ("stop all"). */
static void
cmd_start_changed(struct proc *p, enum proc_state old, void *arg)
{
	struct cmd_ctx		*ctx = arg;
	struct cmd_start_data	*d = ctx->data;
	struct cmd_wait		 key, *kp = &key, **found;

	if (p == NULL)
		return;
	key.id = p->id;
	found = bsearch(&kp, d->byid, d->n, sizeof *d->byid,
	    cmd_start_id_cmp);
	if (found != NULL && (*found)->acted)
		cmd_start_check(ctx, *found, p);
	/*
	 * A start can change a state at once (starttime 0): the act loop
	 * that caused it goes on and its caller ends the command.
	 */
	if (d->acting)
		return;
	cmd_start_act(ctx);
	if (d->pending == 0 && !ctx->running)
		cmd_ctx_done(ctx);
}

static int
cmd_start_name_cmp(const void *a0, const void *b0)
{
	return (strcmp(*(char *const *)a0, *(char *const *)b0));
}

/*
 * Which processes were named themselves (web:1), not through a group or
 * all: the names are sorted once and each process looked up in them.
 */
static bool *
cmd_start_named(int argc, char **argv, struct proc **procs, u_int n)
{
	char	**names;
	bool	 *named;
	u_int	  i;

	named = xcalloc(n + 1, sizeof *named);
	names = xreallocarray(NULL, argc + 1, sizeof *names);
	memcpy(names, argv, argc * sizeof *names);
	qsort(names, argc, sizeof *names, cmd_start_name_cmp);
	for (i = 0; i < n; i++) {
		named[i] = bsearch(&procs[i]->name, names, argc,
		    sizeof *names, cmd_start_name_cmp) != NULL;
	}
	free(names);
	return (named);
}

/* Started (RUNNING or failed) or stopped: the next level may go. */
static bool
cmd_start_started(struct proc *p)
{
	return (p->state != PROC_STARTING && p->state != PROC_STOPPING &&
	    !(p->flags & PROC_RESTART));
}

static bool
cmd_start_stopped(struct proc *p)
{
	return (!proc_fsm_is_running(p->state));
}

/* Act on every process the priorities let go now. */
static void
cmd_start_act(struct cmd_ctx *ctx)
{
	struct cmd_start_data	*d = ctx->data;
	struct cmd_wait		 key, *kp = &key, **found, *w;
	struct proc		*p;
	const char		*refused;
	int			 rc;

	d->acting = true;
	while (sv_order_may(ctx->sv, &d->order, d->goal == GOAL_STOP ?
	    cmd_start_stopped : cmd_start_started)) {
		key.id = d->order.ids[d->order.next++];
		found = bsearch(&kp, d->byid, d->n, sizeof *d->byid,
		    cmd_start_id_cmp);
		if (found == NULL || (w = *found)->done)
			continue;
		w->acted = true;
		if ((p = sv_find_id(ctx->sv, w->id)) == NULL) {
			cmd_start_check(ctx, w, NULL);
			continue;
		}
		refused = NULL;
		switch (d->goal) {
		case GOAL_START:
			rc = proc_start(p, &refused);
			break;
		case GOAL_STOP:
			rc = proc_stop(p, &refused);
			break;
		default:
			rc = proc_restart(p, &refused);
			break;
		}
		if (rc != 0 && refused != NULL) {
			cmd_start_over(ctx, w, refused, NULL);
			continue;
		}
		/* A state may already be final (a spawn failed at once). */
		cmd_start_check(ctx, w, sv_find_id(ctx->sv, w->id));
	}
	d->acting = false;
}

enum cmd_retval
cmd_start_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_start_data	*d;
	struct cmd_wait		*w;
	struct proc		**procs;
	enum cmd_goal		 goal;
	u_int			 n, i;
	bool			*named;

	if (ctx->ce->id == CMD_STOP)
		goal = GOAL_STOP;
	else if (ctx->ce->id == CMD_RESTART)
		goal = GOAL_RESTART;
	else
		goal = GOAL_START;

	n = cmd_resolve(ctx, argc - 1, argv + 1, &procs);
	named = cmd_start_named(argc - 1, argv + 1, procs, n);
	if (ctx->sv->shutting_down && goal != GOAL_STOP) {
		cmd_error(ctx, CMD_EXIT_FAIL, "taskmaster is shutting down");
		free(procs);
		free(named);
		return (CMD_DONE);
	}
	d = xcalloc(1, sizeof *d);
	d->waits = xcalloc(n + 1, sizeof *d->waits);
	d->byid = xcalloc(n + 1, sizeof *d->byid);
	ctx->data = d;
	ctx->cleanup = cmd_start_cleanup;
	for (i = 0; i < n; i++) {
		w = &d->waits[d->n++];
		w->id = procs[i]->id;
		w->name = xstrdup(procs[i]->name);
		w->goal = goal;
		w->named = named[i];
		/* Restarting what is not running has no stop half. */
		w->stopped = !proc_alive(procs[i]);
		d->byid[i] = w;
		d->pending++;
	}
	qsort(d->byid, d->n, sizeof *d->byid, cmd_start_id_cmp);
	d->listener.cb = cmd_start_changed;
	d->listener.arg = ctx;
	sv_listen(ctx->sv, &d->listener);
	d->listening = true;

	d->goal = goal;
	d->order.ids = xreallocarray(NULL, n + 1, sizeof *d->order.ids);
	for (i = 0; i < n; i++)
		d->order.ids[d->order.n++] = procs[i]->id;
	sv_order_sort(ctx->sv, d->order.ids, n, goal == GOAL_STOP);
	cmd_start_act(ctx);
	free(procs);
	free(named);
	return (d->pending == 0 ? CMD_DONE : CMD_WAIT);
}
