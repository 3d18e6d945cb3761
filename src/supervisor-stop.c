/*
 * Shutdown: everything is stopped at once (not one group after the
 * other, as supervisord does), then what escaped is swept: as a child
 * subreaper the daemon inherits descendants whose parents died, and they
 * get SIGTERM, then SIGKILL, before taskmasterd exits. Nothing of ours
 * is left behind.
 */

#include <sys/types.h>

#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "notify.h"
#include "listener.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* Grace given to escaped descendants between SIGTERM and SIGKILL. */
#define SWEEP_GRACE_MS	2000

static void	sv_sweep_cb(evutil_socket_t, short, void *);
static u_int	sv_orphans(pid_t **);
static void	sv_orphans_cb(pid_t, const char *, void *);
static u_int	sv_sweep_kill(struct supervisor *);
static void	sv_finish(struct supervisor *);
static bool	sv_stopped(struct proc *);
static void	sv_stop_one(struct proc *);

struct sv_orphans {
	pid_t	*pids;
	u_int	 n;
};

static void
sv_orphans_cb(pid_t pid, const char *stat, void *arg)
{
	struct sv_orphans	*o = arg;
	long			 ppid;

	if (sscanf(stat, " %*c %ld", &ppid) == 1 && ppid == getpid()) {
		o->pids = xreallocarray(o->pids, o->n + 1, sizeof *o->pids);
		o->pids[o->n++] = pid;
	}
}

/* Our children that are not our processes: adopted orphans. */
static u_int
sv_orphans(pid_t **pids)
{
	struct sv_orphans	 o = { NULL, 0 };

	util_proc_each(sv_orphans_cb, &o);
	*pids = o.pids;
	return (o.n);
}

/*
 * Signal every adopted descendant with the signal of the sweep's stage,
 * and the process group it leads, so what it forked goes too. A pid is
 * named in the log once per stage; descendants adopted later (their
 * parent just died) are caught by the next call.
 */
static u_int
sv_sweep_kill(struct supervisor *sv)
{
	int	 sig = sv->sweep_stage == 1 ? SIGTERM : SIGKILL;
	pid_t	*pids, pg;
	u_int	 n, i, j;

	n = sv_orphans(&pids);
	for (i = 0; i < n; i++) {
		for (j = 0; j < sv->nswept; j++) {
			if (sv->swept[j] == pids[i])
				break;
		}
		if (j == sv->nswept) {
			eventlog(EVL_WARN, NULL, "pid %ld %s: sending SIG%s",
			    (long)pids[i], sig == SIGTERM ?
			    "escaped its process group" : "is still alive",
			    signame_name(sig));
			sv->swept = xreallocarray(sv->swept, sv->nswept + 1,
			    sizeof *sv->swept);
			sv->swept[sv->nswept++] = pids[i];
		}
		kill(pids[i], sig);
		if ((pg = getpgid(pids[i])) == pids[i])
			kill(-pg, sig);
	}
	free(pids);
	return (n);
}

/* Every process of ours has stopped: deal with escaped descendants. */
void
sv_sweep(struct supervisor *sv)
{
	struct timeval	 tv;

	sv->sweep_timer = evtimer_new(sv->base, sv_sweep_cb, sv);
	sv->sweep_stage = 1;
	if (sv_sweep_kill(sv) == 0) {
		sv_finish(sv);
		return;
	}
	tv.tv_sec = SWEEP_GRACE_MS / 1000;
	tv.tv_usec = (SWEEP_GRACE_MS % 1000) * 1000;
	evtimer_add(sv->sweep_timer, &tv);
}

/* Sweep deadlines: SIGKILL what is left, then finish regardless. */
static void
sv_sweep_cb(evutil_socket_t fd, short events, void *arg)
{
	struct supervisor	*sv = arg;
	struct timeval		 tv = { 1, 0 };
	pid_t			*pids;
	u_int			 n, i;

	if (sv->sweep_stage >= 2) {
		n = sv_orphans(&pids);
		for (i = 0; i < n; i++)
			eventlog(EVL_ERROR, NULL, "pid %ld survived SIGKILL",
			    (long)pids[i]);
		free(pids);
		sv_finish(sv);
		return;
	}
	sv->sweep_stage = 2;
	sv->nswept = 0;
	if (sv_sweep_kill(sv) == 0) {
		sv_finish(sv);
		return;
	}
	evtimer_add(sv->sweep_timer, &tv);
}

/* A child was reaped during the sweep: signal the newly adopted. */
void
sv_sweep_check(struct supervisor *sv)
{
	if (sv->sweep_stage == 0 || sv->finished)
		return;
	if (sv_sweep_kill(sv) == 0)
		sv_finish(sv);
}

static void
sv_finish(struct supervisor *sv)
{
	struct sv_waiter	*w;

	if (sv->finished)
		return;
	sv->finished = true;
	if (sv->sweep_timer != NULL)
		evtimer_del(sv->sweep_timer);
	eventlog(EVL_INFO, NULL, "every process has stopped");
	while ((w = TAILQ_FIRST(&sv->waiters)) != NULL) {
		TAILQ_REMOVE(&sv->waiters, w, entry);
		w->cb(w->arg);
	}
	if (sv->exit_cb != NULL)
		sv->exit_cb(sv);
}

void
sv_wait_shutdown(struct supervisor *sv, struct sv_waiter *w)
{
	TAILQ_INSERT_TAIL(&sv->waiters, w, entry);
}

void
sv_unwait_shutdown(struct supervisor *sv, struct sv_waiter *w)
{
	TAILQ_REMOVE(&sv->waiters, w, entry);
}

/* Stopped, so the next lower priority may stop. */
static bool
sv_stopped(struct proc *p)
{
	return (!proc_fsm_is_running(p->state));
}

/* Ask one process to stop for the shutdown. */
static void
sv_stop_one(struct proc *p)
{
	p->flags &= ~PROC_RESTART;
	/* EXITED: a restart may be armed, to disarm. */
	if (p->state == PROC_STARTING || p->state == PROC_RUNNING ||
	    p->state == PROC_BACKOFF || p->state == PROC_EXITED)
		proc_stop(p, NULL);
}

void
sv_stop_step(struct supervisor *sv)
{
	struct sv_order	*o = &sv->stopping;
	struct proc	*p;

	while (sv_order_may(sv, o, sv_stopped)) {
		if ((p = sv_find_id(sv, o->ids[o->next++])) != NULL)
			sv_stop_one(p);
	}
}

void
sv_shutdown(struct supervisor *sv)
{
	struct sv_order	*o = &sv->stopping;
	struct program	*pg;
	u_int		 i;

	if (sv->shutting_down)
		return;
	sv->shutting_down = true;
	notify_send("STOPPING=1");
	lsn_emit(sv, LSN_SUPERVISOR_STATE_CHANGE_STOPPING, "");
	eventlog(EVL_INFO, NULL, "shutting down: stopping every process");
	/* Highest priority first (sv-order.c). */
	o->ids = xreallocarray(NULL, sv->byid.count + 1, sizeof *o->ids);
	TAILQ_FOREACH(pg, &sv->programs, entry) {
		for (i = 0; i < pg->nprocs; i++) {
			if (pg->procs[i] != NULL)
				o->ids[o->n++] = pg->procs[i]->id;
		}
	}
	sv_order_sort(sv, o->ids, o->n, true);
	sv_stop_step(sv);
	sv_check_idle(sv);
}
