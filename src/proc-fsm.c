/*
 * The process state machine, as a table.
 *
 * Every (state, event) pair is decided here on purpose, as s6-supervise
 * does with its actions[state][input]. A step makes no syscall and reads
 * no clock: the facts it needs (was the exit expected, is a retry left,
 * what is the restart policy) are inputs, and what must be done (spawn,
 * arm a timer, send a signal) comes back as action bits for the caller.
 * That keeps the rules in one place and lets a unit test walk every pair.
 *
 * The rules follow supervisord: STARTING becomes RUNNING after starttime;
 * a death while STARTING is a failed start (the exit code does not
 * matter) that goes to BACKOFF while retries are left, else FATAL; a
 * death while RUNNING is EXITED, restarted according to autorestart and
 * exitcodes; a stop in BACKOFF needs no signal.
 *
 * Two things are added to supervisord's rules. An automatic restart is
 * throttled as s6-supervise throttles: it comes at once, unless the last
 * start was less than restart_interval ago; meanwhile the process is
 * EXITED with its restart armed, and a stop disarms it. And whatever a
 * leader that exited by itself left in its process group is killed
 * before anything is started again (supervisord's killasgroup, at every
 * exit), unless the program asks to keep it.
 */

#include <stddef.h>

#include "taskmaster.h"

#define COND_ANY	0
#define COND_RETRY	1	/* a retry is left */
#define COND_NORETRY	2
#define COND_RESTART	3	/* autorestart wants a restart */
#define COND_NORESTART	4
#define COND_ARMED	5	/* a restart is armed */
#define COND_NOTARMED	6

struct fsm_rule {
	enum proc_state	 from;
	enum proc_event	 event;
	int		 cond;
	enum proc_state	 to;
	int		 actions;
	const char	*refused;	/* set: the request is refused */
};

#define START_ACTS	(ACT_CANCEL_TIMER|ACT_RESET_BACKOFF|ACT_SPAWN|ACT_ARM_START)
#define STOP_ACTS	(ACT_CANCEL_TIMER|ACT_STOPSIG|ACT_ARM_STOP)

static const struct fsm_rule fsm_rules[] = {
	/* Start requests. */
	{ PROC_STOPPED, EV_START, COND_ANY, PROC_STARTING, START_ACTS, NULL },
	{ PROC_EXITED, EV_START, COND_ANY, PROC_STARTING, START_ACTS, NULL },
	{ PROC_FATAL, EV_START, COND_ANY, PROC_STARTING, START_ACTS, NULL },
	{ PROC_STARTING, EV_START, COND_ANY, PROC_STARTING, 0,
	  "already started" },
	{ PROC_RUNNING, EV_START, COND_ANY, PROC_RUNNING, 0,
	  "already started" },
	{ PROC_BACKOFF, EV_START, COND_ANY, PROC_BACKOFF, 0,
	  "already started" },
	{ PROC_STOPPING, EV_START, COND_ANY, PROC_STOPPING, 0,
	  "is stopping" },

	/* Stop requests. */
	{ PROC_STARTING, EV_STOP, COND_ANY, PROC_STOPPING, STOP_ACTS, NULL },
	{ PROC_RUNNING, EV_STOP, COND_ANY, PROC_STOPPING, STOP_ACTS, NULL },
	{ PROC_BACKOFF, EV_STOP, COND_ANY, PROC_STOPPED, ACT_CANCEL_TIMER,
	  NULL },
	{ PROC_STOPPING, EV_STOP, COND_ANY, PROC_STOPPING, 0, NULL },
	{ PROC_STOPPED, EV_STOP, COND_ANY, PROC_STOPPED, 0, "not running" },
	{ PROC_EXITED, EV_STOP, COND_NOTARMED, PROC_EXITED, 0,
	  "not running" },
	{ PROC_FATAL, EV_STOP, COND_ANY, PROC_FATAL, 0, "not running" },

	/* Starting up. */
	{ PROC_STARTING, EV_STARTTIME, COND_ANY, PROC_RUNNING,
	  ACT_CANCEL_TIMER|ACT_RESET_BACKOFF, NULL },
	{ PROC_STARTING, EV_EXITED, COND_RETRY, PROC_BACKOFF,
	  ACT_CANCEL_TIMER|ACT_KILL_LEFT|ACT_ARM_BACKOFF, NULL },
	{ PROC_STARTING, EV_EXITED, COND_NORETRY, PROC_FATAL,
	  ACT_CANCEL_TIMER|ACT_KILL_LEFT, NULL },
	{ PROC_STARTING, EV_SPAWN_FAILED, COND_RETRY, PROC_BACKOFF,
	  ACT_CANCEL_TIMER|ACT_ARM_BACKOFF, NULL },
	{ PROC_STARTING, EV_SPAWN_FAILED, COND_NORETRY, PROC_FATAL,
	  ACT_CANCEL_TIMER, NULL },
	{ PROC_STARTING, EV_SPAWN_FATAL, COND_ANY, PROC_FATAL,
	  ACT_CANCEL_TIMER, NULL },
	{ PROC_BACKOFF, EV_RETRY, COND_ANY, PROC_STARTING,
	  ACT_CANCEL_TIMER|ACT_SPAWN|ACT_ARM_START, NULL },

	/* Running. */
	{ PROC_RUNNING, EV_EXITED, COND_RESTART, PROC_EXITED,
	  ACT_CANCEL_TIMER|ACT_KILL_LEFT|ACT_AUTORESTART, NULL },
	{ PROC_RUNNING, EV_EXITED, COND_NORESTART, PROC_EXITED,
	  ACT_CANCEL_TIMER|ACT_KILL_LEFT, NULL },

	/*
	 * Exited, its restart armed (or not). The policy is asked again
	 * when the time comes: a reload or a shutdown may have changed it.
	 */
	{ PROC_EXITED, EV_RESTART, COND_RESTART, PROC_STARTING, START_ACTS,
	  NULL },
	{ PROC_EXITED, EV_RESTART, COND_NORESTART, PROC_EXITED,
	  ACT_CANCEL_TIMER, NULL },
	{ PROC_EXITED, EV_STOP, COND_ARMED, PROC_STOPPED, ACT_CANCEL_TIMER,
	  NULL },

	/* Stopping. */
	{ PROC_STOPPING, EV_EXITED, COND_ANY, PROC_STOPPED,
	  ACT_CANCEL_TIMER|ACT_KILL_GROUP, NULL },
	{ PROC_STOPPING, EV_STOPTIME, COND_ANY, PROC_STOPPING, ACT_KILL,
	  NULL },
	{ PROC_STOPPING, EV_KILL, COND_ANY, PROC_STOPPING, ACT_KILL, NULL },
};

static const char *fsm_event_names[PROC_NEVENTS] = {
	"start", "stop", "starttime", "exited", "spawn-failed", "spawn-fatal",
	"retry", "stoptime", "restart", "kill"
};

static int	proc_fsm_cond(int, const struct fsm_input *);

static int
proc_fsm_cond(int cond, const struct fsm_input *in)
{
	bool	restart;

	switch (cond) {
	case COND_ANY:
		return (1);
	case COND_RETRY:
		return (in->retry_left && !in->no_restart);
	case COND_NORETRY:
		return (!in->retry_left || in->no_restart);
	case COND_RESTART:
	case COND_NORESTART:
		switch (in->autorestart) {
		case RESTART_ALWAYS:
			restart = true;
			break;
		case RESTART_UNEXPECTED:
			restart = !in->expected;
			break;
		default:
			restart = false;
			break;
		}
		if (in->no_restart)
			restart = false;
		return (cond == COND_RESTART ? restart : !restart);
	case COND_ARMED:
		return (in->restart_armed);
	case COND_NOTARMED:
		return (!in->restart_armed);
	}
	return (0);
}

int
proc_fsm_step(enum proc_state state, enum proc_event ev,
    const struct fsm_input *in, struct fsm_result *res)
{
	const struct fsm_rule	*r;
	size_t			 i;

	for (i = 0; i < sizeof fsm_rules / sizeof fsm_rules[0]; i++) {
		r = &fsm_rules[i];
		if (r->from != state || r->event != ev)
			continue;
		if (!proc_fsm_cond(r->cond, in))
			continue;
		res->next = r->to;
		res->actions = r->actions;
		res->refused = r->refused;
		return (0);
	}
	res->next = state;
	res->actions = 0;
	res->refused = NULL;
	return (-1);
}

const char *
proc_fsm_state_name(enum proc_state state)
{
	return (proto_state_name(state));
}

const char *
proc_fsm_event_name(enum proc_event ev)
{
	if ((u_int)ev >= PROC_NEVENTS)
		return ("unknown");
	return (fsm_event_names[ev]);
}

bool
proc_fsm_is_running(enum proc_state state)
{
	return (state == PROC_STARTING || state == PROC_RUNNING ||
	    state == PROC_BACKOFF || state == PROC_STOPPING);
}
