/*
 * The facts of an event, taken the moment it happens (before the state
 * or the screen moves on): when and where, and for a process its states,
 * exit, retries, spawn error and the last lines of its screen. Messages
 * are made from them later (alert-msg.c).
 */

#include <sys/time.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"
#include "xmalloc.h"

/* The when, where and who of any message. */
void
alert_info_now(struct alert_info *ai, enum alert_event ev, const char *host)
{
	struct timeval	 tv;

	memset(ai, 0, sizeof *ai);
	gettimeofday(&tv, NULL);
	ai->ev = ev;
	ai->host = xstrdup(host);
	ai->when = tv.tv_sec;
	ai->when_ms = tv.tv_usec / 1000;
	ai->state = ai->prev = ai->status = -1;
	ai->daemon_pid = getpid();
}

/*
 * What a message about a process says. Its pid is gone once it has been
 * reaped: its process group (each child leads its own) still says it.
 * An exit status is only news for the events that end a run.
 */
struct alert_info *
alert_info_proc(struct proc *p, enum proc_state old, enum alert_event ev,
    const char *host)
{
	struct alert_info	*ai;

	ai = xmalloc(sizeof *ai);
	alert_info_now(ai, ev, host);
	ai->process = xstrdup(p->name);
	ai->program = xstrdup(p->pg->name);
	ai->state = p->state;
	ai->prev = old;
	if (ev != ALERT_STARTED) {
		ai->status = p->exit_status;
		ai->expected = p->exit_expected;
	}
	if (p->pid != 0)
		ai->pid = p->pid;
	else if (ai->status != -1)
		ai->pid = p->pgid;
	ai->retries = p->backoff;
	ai->retries_max = p->pg->cp->startretries;
	if (p->spawn_error != NULL && ev != ALERT_STARTED)
		ai->spawn_error = xstrdup(p->spawn_error);
	if (p->pn != NULL)
		ai->lines = pane_text_tail(p->pn, ALERT_TAIL_LINES, &ai->nlines);
	return (ai);
}
