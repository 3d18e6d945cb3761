/*
 * One process: an instance of a program. proc_event feeds the state
 * machine and carries out the actions it returns (spawn, timers, signals),
 * logs the transition and tells the listeners. Everything that changes a
 * process's state goes through here, so the event log, the waiting
 * commands and the console see every change exactly once.
 */

#include <sys/wait.h>

#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "listener.h"
#include "taskmaster.h"
#include "xmalloc.h"

static void	proc_timer_cb(evutil_socket_t, short, void *);
static void	proc_arm(struct proc *, uint64_t, u_int);
static void	proc_rearm(struct proc *);
static void	proc_kill_group(struct proc *, pid_t, int);
static void	proc_kill_as(struct proc *, bool, int);
static void	proc_kill_left(struct proc *, pid_t);
static void	proc_stop_left(struct proc *);
static void	proc_left_cb(evutil_socket_t, short, void *);
static void	proc_log_change(struct proc *, enum proc_state,
		    enum proc_event);
static int	proc_do_spawn(struct proc *);

struct proc *
proc_create(struct program *pg, u_int idx)
{
	struct proc	*p;

	p = xcalloc(1, sizeof *p);
	p->id = ++pg->sv->next_id;
	p->pg = pg;
	p->index = idx;
	p->state = PROC_STOPPED;
	p->exit_status = -1;
	p->spawnfd = -1;
	p->out.p = p;
	p->out.fd = -1;
	p->err.p = p;
	p->err.fd = -1;
	p->err.is_stderr = 1;
	p->timer = evtimer_new(pg->sv->base, proc_timer_cb, p);
	hash_add(&pg->sv->byid, &p->id_node, hash_int(p->id));
	proc_set_name(p);
	p->pn = pane_create(p);
	return (p);
}

void
proc_free(struct proc *p)
{
	if (p->timer != NULL)
		event_free(p->timer);
	if (p->left_ev != NULL)
		event_free(p->left_ev);
	proc_output_close(&p->out);
	proc_output_close(&p->err);
	lsn_stop(p);
	if (p->spawn_ev != NULL)
		event_free(p->spawn_ev);
	if (p->spawnfd != -1)
		close(p->spawnfd);
	if (p->pid != 0)
		sv_set_pid(p->pg->sv, p, 0);
	hash_remove(&p->pg->sv->byid, &p->id_node);
	pane_free(p->pn);
	free(p->spawn_error);
	free(p->name);
	free(p);
}

void
proc_set_name(struct proc *p)
{
	free(p->name);
	if (p->pg->cp->numprocs == 1 && p->index == 0)
		p->name = xstrdup(p->pg->name);
	else
		xasprintf(&p->name, "%s:%u", p->pg->name, p->index);
}

bool
proc_alive(struct proc *p)
{
	return (p->pid != 0);
}

/*
 * Arm the process's one timer for ms milliseconds after from (a time of
 * util_now_ms: the spawn, the exit), which may be a little in the past.
 */
static void
proc_arm(struct proc *p, uint64_t from, u_int ms)
{
	p->deadline = from + ms;
	proc_rearm(p);
}

/*
 * Arm the timer for p->deadline. libevent adds a timeout to the time it
 * cached when the loop woke up, which may be long before now (a spawn
 * in a busy turn): the cache is brought up to date first, so the timer
 * never fires early by that much.
 */
static void
proc_rearm(struct proc *p)
{
	struct timeval	 tv;
	uint64_t	 now, left;

	event_base_update_cache_time(p->pg->sv->base);
	now = util_now_ms();
	left = p->deadline > now ? p->deadline - now : 0;
	tv.tv_sec = left / 1000;
	tv.tv_usec = (left % 1000) * 1000;
	evtimer_add(p->timer, &tv);
}

/* The deadline of the current state has come. */
static void
proc_timer_cb(evutil_socket_t fd, short events, void *arg)
{
	struct proc	*p = arg;

	/* libevent's clock is coarser than ours: never act early. */
	if (util_now_ms() < p->deadline) {
		proc_rearm(p);
		return;
	}
	switch (p->state) {
	case PROC_STARTING:
		/* Up long enough, but RUNNING also needs a successful exec. */
		if (!(p->flags & PROC_EXEC_OK)) {
			p->flags |= PROC_UP;
			return;
		}
		proc_event(p, EV_STARTTIME, NULL);
		break;
	case PROC_BACKOFF:
	case PROC_EXITED:
		/* Too many spawns in this loop turn: on the next one. */
		if (!sv_spawn_slice(p->pg->sv)) {
			proc_rearm(p);
			return;
		}
		proc_event(p, p->state == PROC_BACKOFF ? EV_RETRY : EV_RESTART,
		    NULL);
		break;
	case PROC_STOPPING:
		proc_event(p, EV_STOPTIME, NULL);
		break;
	default:
		log_debug("%s: %s: stale timer in %s", __func__, p->name,
		    proc_fsm_state_name(p->state));
		break;
	}
}

/*
 * Signal the process group led by pid. Every child is its own session
 * and group, so this reaches what it forked too, unless that escaped
 * with setsid (the shutdown sweep catches those).
 */
static void
proc_kill_group(struct proc *p, pid_t pid, int sig)
{
	if (pid <= 0)
		return;
	if (kill(-pid, sig) == -1 && errno != ESRCH) {
		eventlog(EVL_WARN, p->name, "kill %s to group %ld: %s",
		    signame_name(sig), (long)pid, strerror(errno));
	}
}

/*
 * Signal the process being stopped: its whole group, or (stopasgroup
 * or killasgroup false, supervisord's default) the main process alone,
 * a gunicorn or apache master that stops its workers itself.
 */
static void
proc_kill_as(struct proc *p, bool group, int sig)
{
	if (group)
		proc_kill_group(p, p->pid, sig);
	else if (p->pid > 0 && kill(p->pid, sig) == -1 && errno != ESRCH) {
		eventlog(EVL_WARN, p->name, "kill %s to pid %ld: %s",
		    signame_name(sig), (long)p->pid, strerror(errno));
	}
}

/*
 * The main process exited on its own: what it left in its group is
 * killed before anything starts again (the new instance may need the
 * port a stray worker holds), and said, so nothing is left unseen.
 */
static void
proc_kill_left(struct proc *p, pid_t pgid)
{
	if (pgid <= 0 || kill(-pgid, 0) == -1)
		return;		/* nothing left */
	eventlog(EVL_INFO, p->name, "the main process has exited: sending "
	    "SIGKILL to what is left of its process group %ld", (long)pgid);
	proc_kill_group(p, pgid, SIGKILL);
}

/*
 * The main process stopped as asked: what is left of its group gets the
 * stop signal (it may not have had it: stopasgroup false) and the rest
 * of stoptime to finish, as a worker still shutting down needs; then
 * SIGKILL.
 */
static void
proc_stop_left(struct proc *p)
{
	struct cfg_program	*cp = p->pg->cp;
	struct timeval		 tv;

	if (p->pgid <= 0 || kill(-p->pgid, 0) == -1)
		return;		/* nothing left */
	if (p->left_ev != NULL && p->left_pgid != p->pgid)
		proc_kill_left(p, p->left_pgid);	/* an older one: now */
	eventlog(EVL_INFO, p->name, "the main process has stopped: SIG%s to "
	    "what is left of its process group %ld, SIGKILL in %u.%03us",
	    signame_name(cp->stopsignal), (long)p->pgid, cp->stoptime / 1000,
	    cp->stoptime % 1000);
	proc_kill_group(p, p->pgid, cp->stopsignal);
	if (p->left_ev == NULL)
		p->left_ev = evtimer_new(p->pg->sv->base, proc_left_cb, p);
	p->left_pgid = p->pgid;
	tv.tv_sec = cp->stoptime / 1000;
	tv.tv_usec = (cp->stoptime % 1000) * 1000;
	evtimer_add(p->left_ev, &tv);
}

/* stoptime after the main process stopped: the group's rest goes. */
static void
proc_left_cb(evutil_socket_t fd, short events, void *arg)
{
	struct proc	*p = arg;

	proc_kill_left(p, p->left_pgid);
}

/*
 * Spawn. Returns 0 when a child exists, else the event to feed once
 * STARTING has been seen: a retry may help (EV_SPAWN_FAILED) or not.
 */
static int
proc_do_spawn(struct proc *p)
{
	char	*cause = NULL;
	bool	 fatal = false;
	int	 rc;

	free(p->spawn_error);
	p->spawn_error = NULL;
	p->flags &= ~(PROC_EXEC_OK|PROC_UP|PROC_KILLED);
	p->flags |= PROC_EVER;
	p->start_wall = time(NULL);
	rc = proc_spawn(p, &cause, &fatal);
	/* After the fork: starttime is counted from when the child exists. */
	p->start_ms = util_now_ms();
	if (rc == 0) {
		if (p->backoff > 0)
			eventlog(EVL_INFO, p->name, "spawned with pid %ld "
			    "(retry %u/%u)", (long)p->pid, p->backoff,
			    p->pg->cp->startretries);
		else
			eventlog(EVL_INFO, p->name, "spawned with pid %ld",
			    (long)p->pid);
		return (0);
	}
	p->spawn_error = cause;
	p->exit_status = -1;
	p->stop_wall = time(NULL);
	return (fatal ? EV_SPAWN_FATAL : EV_SPAWN_FAILED);
}

int
proc_event(struct proc *p, enum proc_event ev, const char **refused)
{
	struct program		*pg = p->pg;
	struct cfg_program	*cp = pg->cp;
	struct fsm_input	 in;
	struct fsm_result	 res;
	enum proc_state		 old = p->state;
	int			 spawn_failed = 0;

	memset(&in, 0, sizeof in);
	in.expected = p->exit_expected;
	in.retry_left = p->backoff < cp->startretries;
	in.autorestart = cp->autorestart;
	in.no_restart = pg->sv->shutting_down || pg->removing ||
	    p->index >= cp->numprocs;
	in.restart_armed = p->state == PROC_EXITED &&
	    evtimer_pending(p->timer, NULL);

	if (proc_fsm_step(old, ev, &in, &res) != 0) {
		log_debug("%s: %s: ignored %s in %s", __func__, p->name,
		    proc_fsm_event_name(ev), proc_fsm_state_name(old));
		return (-1);
	}
	if (res.refused != NULL) {
		if (refused != NULL)
			*refused = res.refused;
		return (-1);
	}
	log_debug("%s: %s: %s + %s -> %s (%#x)", __func__, p->name,
	    proc_fsm_state_name(old), proc_fsm_event_name(ev),
	    proc_fsm_state_name(res.next), res.actions);

	if (res.actions & ACT_CANCEL_TIMER)
		evtimer_del(p->timer);
	if (res.actions & ACT_RESET_BACKOFF)
		p->backoff = 0;
	p->state = res.next;

	if (ev == EV_RESTART && (res.actions & ACT_SPAWN))
		p->restarts++;
	if (res.actions & ACT_SPAWN)
		spawn_failed = proc_do_spawn(p);
	if ((res.actions & ACT_ARM_START) && !spawn_failed &&
	    cp->starttime > 0)
		proc_arm(p, p->start_ms, cp->starttime);
	if (res.actions & ACT_ARM_BACKOFF) {
		p->backoff++;
		proc_arm(p, util_now_ms(), p->backoff * 1000);
	}
	if (res.actions & ACT_STOPSIG)
		proc_kill_as(p, cp->stopasgroup, cp->stopsignal);
	if (res.actions & ACT_ARM_STOP)
		proc_arm(p, util_now_ms(), cp->stoptime);
	if (res.actions & ACT_KILL) {
		p->flags |= PROC_KILLED;
		if (ev == EV_KILL)
			eventlog(EVL_WARN, p->name, "shutdown asked again: "
			    "sending SIGKILL to pid %ld", (long)p->pid);
		else
			eventlog(EVL_WARN, p->name, "still alive %u.%03us "
			    "after SIG%s: sending SIGKILL", cp->stoptime / 1000,
			    cp->stoptime % 1000, signame_name(cp->stopsignal));
		proc_kill_as(p, cp->killasgroup, SIGKILL);
	}
	/*
	 * The leader is gone; whatever it left in its group goes, before
	 * anything is started again (the new instance may need the port a
	 * stray worker holds).
	 */
	if (res.actions & ACT_KILL_GROUP)
		proc_stop_left(p);
	else if ((res.actions & ACT_KILL_LEFT) && cp->killgroup)
		proc_kill_left(p, p->pgid);
	/*
	 * As s6: a restart comes at once (on the next loop turn, never
	 * inside the reaping that saw the exit), unless the last start
	 * was less than restart_interval ago.
	 */
	if (res.actions & ACT_AUTORESTART)
		proc_arm(p, p->start_ms, cp->restart_interval);

	if (old != p->state) {
		proc_log_change(p, old, ev);
		sv_notify(pg->sv, p, old);
	}

	if (spawn_failed != 0)
		proc_event(p, spawn_failed, NULL);
	else if ((res.actions & ACT_ARM_START) && cp->starttime == 0 &&
	    (p->flags & PROC_EXEC_OK))
		proc_event(p, EV_STARTTIME, NULL);
	else if (p->state == PROC_STOPPED && (p->flags & PROC_RESTART)) {
		p->flags &= ~PROC_RESTART;
		if (!in.no_restart)
			proc_event(p, EV_START, NULL);
	}
	if (!proc_fsm_is_running(p->state))
		sv_check_idle(pg->sv);
	return (0);
}

/* Write the event log line for a change of state. */
static void
proc_log_change(struct proc *p, enum proc_state old, enum proc_event ev)
{
	struct cfg_program	*cp = p->pg->cp;
	char			*what, *tmp;
	uint64_t		 now;

	switch (p->state) {
	case PROC_RUNNING:
		eventlog(EVL_INFO, p->name, "entered RUNNING (pid %ld)",
		    (long)p->pid);
		break;
	case PROC_BACKOFF:
		if (p->spawn_error != NULL)
			what = xstrfmt("spawn error: %s", p->spawn_error);
		else {
			tmp = proc_status_text(p->exit_status);
			what = xstrfmt("%s too quickly", tmp);
			free(tmp);
		}
		eventlog(EVL_WARN, p->name, "%s; retry %u/%u in %us", what,
		    p->backoff, cp->startretries, p->backoff);
		free(what);
		break;
	case PROC_FATAL:
		if (ev == EV_SPAWN_FATAL)
			eventlog(EVL_ERROR, p->name, "gave up: %s (FATAL)",
			    p->spawn_error);
		else if (p->spawn_error != NULL)
			eventlog(EVL_ERROR, p->name, "gave up after %u start "
			    "attempts: spawn error: %s (FATAL)", p->backoff + 1,
			    p->spawn_error);
		else
			eventlog(EVL_ERROR, p->name, "gave up after %u start "
			    "attempts (FATAL)", p->backoff + 1);
		break;
	case PROC_EXITED:
		what = proc_status_text(p->exit_status);
		now = util_now_ms();
		if (evtimer_pending(p->timer, NULL) && p->deadline > now)
			tmp = xstrfmt("; restart in %llu ms (it started "
			    "%llu ms ago)", (unsigned long long)(p->deadline -
			    now), (unsigned long long)(now - p->start_ms));
		else
			tmp = xstrdup("");
		eventlog(p->exit_expected ? EVL_INFO : EVL_WARN, p->name,
		    "%s (%s)%s", what, p->exit_expected ? "expected" :
		    "unexpected", tmp);
		free(tmp);
		free(what);
		break;
	case PROC_STOPPING:
		eventlog(EVL_INFO, p->name, "stop requested: SIG%s to pid %ld",
		    signame_name(cp->stopsignal), (long)p->pid);
		break;
	case PROC_STOPPED:
		if (old == PROC_BACKOFF)
			eventlog(EVL_INFO, p->name, "stopped (was in BACKOFF)");
		else if (old == PROC_EXITED)
			eventlog(EVL_INFO, p->name, "stopped (was waiting to "
			    "restart)");
		else {
			what = proc_status_text(p->exit_status);
			eventlog(EVL_INFO, p->name, "stopped (%s%s)", what,
			    (p->flags & PROC_KILLED) ? " after stoptime" : "");
			free(what);
		}
		break;
	default:
		break;
	}
}

int
proc_start(struct proc *p, const char **refused)
{
	p->flags &= ~PROC_RESTART;
	return (proc_event(p, EV_START, refused));
}

int
proc_stop(struct proc *p, const char **refused)
{
	p->flags &= ~PROC_RESTART;
	return (proc_event(p, EV_STOP, refused));
}

int
proc_restart(struct proc *p, const char **refused)
{
	if (p->state == PROC_STARTING || p->state == PROC_RUNNING ||
	    p->state == PROC_STOPPING) {
		if (proc_event(p, EV_STOP, refused) != 0)
			return (-1);
		p->flags |= PROC_RESTART;
		return (0);
	}
	if (p->state == PROC_BACKOFF)
		proc_event(p, EV_STOP, NULL);
	return (proc_event(p, EV_START, refused));
}

int
proc_signal(struct proc *p, int sig, char **cause)
{
	if (p->pid == 0) {
		*cause = xstrdup("not running");
		return (-1);
	}
	if (kill(p->pid, sig) == -1) {
		xasprintf(cause, "kill %ld: %s", (long)p->pid,
		    strerror(errno));
		return (-1);
	}
	eventlog(EVL_INFO, p->name, "sent SIG%s to pid %ld",
	    signame_name(sig) != NULL ? signame_name(sig) : "?",
	    (long)p->pid);
	return (0);
}

uint64_t
proc_uptime(struct proc *p)
{
	if (p->pid == 0)
		return (0);
	return ((util_now_ms() - p->start_ms) / 1000);
}

char *
proc_status_text(int status)
{
	const char	*name;

	if (status == -1)
		return (xstrdup("not started"));
	if (WIFEXITED(status))
		return (xstrfmt("exited with %d", WEXITSTATUS(status)));
	if (WIFSIGNALED(status)) {
		name = signame_name(WTERMSIG(status));
		if (name == NULL)
			return (xstrfmt("killed by signal %d%s",
			    WTERMSIG(status), WCOREDUMP(status) ?
			    " (core dumped)" : ""));
		return (xstrfmt("killed by SIG%s%s", name, WCOREDUMP(status) ?
		    " (core dumped)" : ""));
	}
	return (xstrfmt("wait status %#x", status));
}

size_t
proc_describe_pid(struct proc *p, char *buf)
{
	size_t	 n;

	if (p->state != PROC_RUNNING && p->state != PROC_STARTING &&
	    p->state != PROC_STOPPING)
		return (0);
	memcpy(buf, "pid ", 4);
	n = 4 + util_utoa(p->pid, buf + 4);
	if (p->state == PROC_RUNNING) {
		memcpy(buf + n, ", uptime ", 9);
		n += 9;
		n += util_duration_buf(proc_uptime(p), buf + n);
	}
	buf[n] = '\0';
	return (n);
}

char *
proc_describe(struct proc *p)
{
	struct tm	 tm;
	char		 when[PROC_DESC_PID], *what, *s;

	if (proc_describe_pid(p, when) != 0)
		return (xstrdup(when));
	switch (p->state) {
	case PROC_RUNNING:
	case PROC_STARTING:
	case PROC_STOPPING:
		break;
	case PROC_BACKOFF:
	case PROC_FATAL:
		if (p->spawn_error != NULL)
			return (xstrfmt("spawn error: %s", p->spawn_error));
		return (xstrdup("Exited too quickly (process log may have "
		    "details)"));
	case PROC_STOPPED:
	case PROC_EXITED:
		if (!(p->flags & PROC_EVER))
			return (xstrdup("Not started"));
		localtime_r(&p->stop_wall, &tm);
		strftime(when, sizeof when, "%b %d %I:%M %p", &tm);
		if (p->state == PROC_STOPPED)
			return (xstrdup(when));
		what = proc_status_text(p->exit_status);
		s = xstrfmt("%s, %s (%s)", when, what, p->exit_expected ?
		    "expected" : "unexpected");
		free(what);
		return (s);
	}
	return (xstrdup(""));
}
