/*
 * The state machine as a pure table: every (state, event) pair, with the
 * inputs that change the answer, against what SPEC section 5 and
 * supervisord say. A pair missing from this table is a test failure.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "taskmaster.h"

#define S_STOPPED	PROC_STOPPED
#define S_STARTING	PROC_STARTING
#define S_RUNNING	PROC_RUNNING
#define S_BACKOFF	PROC_BACKOFF
#define S_STOPPING	PROC_STOPPING
#define S_EXITED	PROC_EXITED
#define S_FATAL		PROC_FATAL

#define INVALID		-1	/* the pair cannot happen: state kept */
#define REFUSED		-2	/* a request refused with a reason */

/* Inputs: which variant of a pair is checked. */
#define I_PLAIN		0	/* retry left, expected exit, unexpected policy */
#define I_NORETRY	1	/* no retry left */
#define I_UNEXPECTED	2	/* the exit code was not expected */
#define I_ALWAYS	3	/* autorestart always, expected exit */
#define I_NEVER		4	/* autorestart never, unexpected exit */
#define I_SHUTDOWN	5	/* shutting down: no restart, no retry */
#define I_ARMED		6	/* EXITED with its restart armed */

struct fsm_case {
	enum proc_state	 from;
	enum proc_event	 ev;
	int		 input;
	int		 to;		/* a state, INVALID or REFUSED */
	int		 actions;
};

#define START	(ACT_CANCEL_TIMER|ACT_RESET_BACKOFF|ACT_SPAWN|ACT_ARM_START)
#define STOP	(ACT_CANCEL_TIMER|ACT_STOPSIG|ACT_ARM_STOP)
/* An exit nobody asked for: what the leader left is killed. */
#define EXIT	(ACT_CANCEL_TIMER|ACT_KILL_LEFT)

static const struct fsm_case cases[] = {
	/* STOPPED */
	{ S_STOPPED, EV_START, I_PLAIN, S_STARTING, START },
	{ S_STOPPED, EV_STOP, I_PLAIN, REFUSED, 0 },
	{ S_STOPPED, EV_STARTTIME, I_PLAIN, INVALID, 0 },
	{ S_STOPPED, EV_EXITED, I_PLAIN, INVALID, 0 },
	{ S_STOPPED, EV_SPAWN_FAILED, I_PLAIN, INVALID, 0 },
	{ S_STOPPED, EV_SPAWN_FATAL, I_PLAIN, INVALID, 0 },
	{ S_STOPPED, EV_RETRY, I_PLAIN, INVALID, 0 },
	{ S_STOPPED, EV_STOPTIME, I_PLAIN, INVALID, 0 },
	{ S_STOPPED, EV_RESTART, I_PLAIN, INVALID, 0 },
	{ S_STOPPED, EV_KILL, I_PLAIN, INVALID, 0 },

	/* STARTING */
	{ S_STARTING, EV_START, I_PLAIN, REFUSED, 0 },
	{ S_STARTING, EV_STOP, I_PLAIN, S_STOPPING, STOP },
	{ S_STARTING, EV_STARTTIME, I_PLAIN, S_RUNNING,
	  ACT_CANCEL_TIMER|ACT_RESET_BACKOFF },
	/* A death while STARTING is a failed start, whatever the code. */
	{ S_STARTING, EV_EXITED, I_PLAIN, S_BACKOFF, EXIT|ACT_ARM_BACKOFF },
	{ S_STARTING, EV_EXITED, I_UNEXPECTED, S_BACKOFF,
	  EXIT|ACT_ARM_BACKOFF },
	{ S_STARTING, EV_EXITED, I_NORETRY, S_FATAL, EXIT },
	{ S_STARTING, EV_EXITED, I_SHUTDOWN, S_FATAL, EXIT },
	{ S_STARTING, EV_SPAWN_FAILED, I_PLAIN, S_BACKOFF,
	  ACT_CANCEL_TIMER|ACT_ARM_BACKOFF },
	{ S_STARTING, EV_SPAWN_FAILED, I_NORETRY, S_FATAL, ACT_CANCEL_TIMER },
	{ S_STARTING, EV_SPAWN_FATAL, I_PLAIN, S_FATAL, ACT_CANCEL_TIMER },
	{ S_STARTING, EV_RETRY, I_PLAIN, INVALID, 0 },
	{ S_STARTING, EV_STOPTIME, I_PLAIN, INVALID, 0 },
	{ S_STARTING, EV_RESTART, I_PLAIN, INVALID, 0 },
	{ S_STARTING, EV_KILL, I_PLAIN, INVALID, 0 },

	/* RUNNING */
	{ S_RUNNING, EV_START, I_PLAIN, REFUSED, 0 },
	{ S_RUNNING, EV_STOP, I_PLAIN, S_STOPPING, STOP },
	{ S_RUNNING, EV_STARTTIME, I_PLAIN, INVALID, 0 },
	{ S_RUNNING, EV_EXITED, I_PLAIN, S_EXITED, EXIT },
	{ S_RUNNING, EV_EXITED, I_UNEXPECTED, S_EXITED, EXIT|ACT_AUTORESTART },
	{ S_RUNNING, EV_EXITED, I_ALWAYS, S_EXITED, EXIT|ACT_AUTORESTART },
	{ S_RUNNING, EV_EXITED, I_NEVER, S_EXITED, EXIT },
	{ S_RUNNING, EV_EXITED, I_SHUTDOWN, S_EXITED, EXIT },
	{ S_RUNNING, EV_SPAWN_FAILED, I_PLAIN, INVALID, 0 },
	{ S_RUNNING, EV_SPAWN_FATAL, I_PLAIN, INVALID, 0 },
	{ S_RUNNING, EV_RETRY, I_PLAIN, INVALID, 0 },
	{ S_RUNNING, EV_STOPTIME, I_PLAIN, INVALID, 0 },
	{ S_RUNNING, EV_RESTART, I_PLAIN, INVALID, 0 },
	{ S_RUNNING, EV_KILL, I_PLAIN, INVALID, 0 },

	/* BACKOFF */
	{ S_BACKOFF, EV_START, I_PLAIN, REFUSED, 0 },
	{ S_BACKOFF, EV_STOP, I_PLAIN, S_STOPPED, ACT_CANCEL_TIMER },
	{ S_BACKOFF, EV_STARTTIME, I_PLAIN, INVALID, 0 },
	{ S_BACKOFF, EV_EXITED, I_PLAIN, INVALID, 0 },
	{ S_BACKOFF, EV_SPAWN_FAILED, I_PLAIN, INVALID, 0 },
	{ S_BACKOFF, EV_SPAWN_FATAL, I_PLAIN, INVALID, 0 },
	{ S_BACKOFF, EV_RETRY, I_PLAIN, S_STARTING,
	  ACT_CANCEL_TIMER|ACT_SPAWN|ACT_ARM_START },
	{ S_BACKOFF, EV_STOPTIME, I_PLAIN, INVALID, 0 },
	{ S_BACKOFF, EV_RESTART, I_PLAIN, INVALID, 0 },
	{ S_BACKOFF, EV_KILL, I_PLAIN, INVALID, 0 },

	/* STOPPING */
	{ S_STOPPING, EV_START, I_PLAIN, REFUSED, 0 },
	{ S_STOPPING, EV_STOP, I_PLAIN, S_STOPPING, 0 },
	{ S_STOPPING, EV_STARTTIME, I_PLAIN, INVALID, 0 },
	{ S_STOPPING, EV_EXITED, I_PLAIN, S_STOPPED,
	  ACT_CANCEL_TIMER|ACT_KILL_GROUP },
	{ S_STOPPING, EV_EXITED, I_UNEXPECTED, S_STOPPED,
	  ACT_CANCEL_TIMER|ACT_KILL_GROUP },
	{ S_STOPPING, EV_SPAWN_FAILED, I_PLAIN, INVALID, 0 },
	{ S_STOPPING, EV_SPAWN_FATAL, I_PLAIN, INVALID, 0 },
	{ S_STOPPING, EV_RETRY, I_PLAIN, INVALID, 0 },
	{ S_STOPPING, EV_STOPTIME, I_PLAIN, S_STOPPING, ACT_KILL },
	{ S_STOPPING, EV_RESTART, I_PLAIN, INVALID, 0 },
	/* A second shutdown request kills at once. */
	{ S_STOPPING, EV_KILL, I_PLAIN, S_STOPPING, ACT_KILL },

	/* EXITED */
	{ S_EXITED, EV_START, I_PLAIN, S_STARTING, START },
	{ S_EXITED, EV_STOP, I_PLAIN, REFUSED, 0 },
	/* A stop disarms a restart waiting for the restart interval. */
	{ S_EXITED, EV_STOP, I_ARMED, S_STOPPED, ACT_CANCEL_TIMER },
	{ S_EXITED, EV_STARTTIME, I_PLAIN, INVALID, 0 },
	{ S_EXITED, EV_EXITED, I_PLAIN, INVALID, 0 },
	{ S_EXITED, EV_SPAWN_FAILED, I_PLAIN, INVALID, 0 },
	{ S_EXITED, EV_SPAWN_FATAL, I_PLAIN, INVALID, 0 },
	{ S_EXITED, EV_RETRY, I_PLAIN, INVALID, 0 },
	{ S_EXITED, EV_STOPTIME, I_PLAIN, INVALID, 0 },
	/* The restart interval is over: the policy is asked again. */
	{ S_EXITED, EV_RESTART, I_UNEXPECTED, S_STARTING, START },
	{ S_EXITED, EV_RESTART, I_ALWAYS, S_STARTING, START },
	{ S_EXITED, EV_RESTART, I_PLAIN, S_EXITED, ACT_CANCEL_TIMER },
	{ S_EXITED, EV_RESTART, I_NEVER, S_EXITED, ACT_CANCEL_TIMER },
	{ S_EXITED, EV_RESTART, I_SHUTDOWN, S_EXITED, ACT_CANCEL_TIMER },
	{ S_EXITED, EV_KILL, I_PLAIN, INVALID, 0 },

	/* FATAL */
	{ S_FATAL, EV_START, I_PLAIN, S_STARTING, START },
	{ S_FATAL, EV_STOP, I_PLAIN, REFUSED, 0 },
	{ S_FATAL, EV_STARTTIME, I_PLAIN, INVALID, 0 },
	{ S_FATAL, EV_EXITED, I_PLAIN, INVALID, 0 },
	{ S_FATAL, EV_SPAWN_FAILED, I_PLAIN, INVALID, 0 },
	{ S_FATAL, EV_SPAWN_FATAL, I_PLAIN, INVALID, 0 },
	{ S_FATAL, EV_RETRY, I_PLAIN, INVALID, 0 },
	{ S_FATAL, EV_STOPTIME, I_PLAIN, INVALID, 0 },
	{ S_FATAL, EV_RESTART, I_PLAIN, INVALID, 0 },
	{ S_FATAL, EV_KILL, I_PLAIN, INVALID, 0 },
};

static void
fsm_input(int which, struct fsm_input *in)
{
	in->expected = true;
	in->retry_left = true;
	in->autorestart = RESTART_UNEXPECTED;
	in->no_restart = false;
	in->restart_armed = false;
	switch (which) {
	case I_NORETRY:
		in->retry_left = false;
		break;
	case I_UNEXPECTED:
		in->expected = false;
		break;
	case I_ALWAYS:
		in->autorestart = RESTART_ALWAYS;
		break;
	case I_NEVER:
		in->autorestart = RESTART_NEVER;
		in->expected = false;
		break;
	case I_SHUTDOWN:
		in->expected = false;
		in->autorestart = RESTART_ALWAYS;
		in->no_restart = true;
		break;
	case I_ARMED:
		in->restart_armed = true;
		break;
	}
}

/* Every case gives the expected state and actions. */
static void
test_fsm_table(void **state)
{
	const struct fsm_case	*c;
	struct fsm_input	 in;
	struct fsm_result	 res;
	size_t			 i;
	int			 rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		c = &cases[i];
		fsm_input(c->input, &in);
		rc = proc_fsm_step(c->from, c->ev, &in, &res);
		print_message("%s + %s (input %d)\n",
		    proc_fsm_state_name(c->from), proc_fsm_event_name(c->ev),
		    c->input);
		if (c->to == INVALID) {
			assert_int_equal(rc, -1);
			assert_int_equal(res.next, c->from);
			assert_int_equal(res.actions, 0);
			continue;
		}
		assert_int_equal(rc, 0);
		if (c->to == REFUSED) {
			assert_non_null(res.refused);
			assert_int_equal(res.actions, 0);
			continue;
		}
		assert_null(res.refused);
		assert_int_equal(res.next, c->to);
		assert_int_equal(res.actions, c->actions);
	}
}

/* The table above covers every (state, event) pair. */
static void
test_fsm_every_pair(void **state)
{
	int	 s, e;
	size_t	 i;
	bool	 found;

	for (s = 0; s < PROC_NSTATES; s++) {
		for (e = 0; e < PROC_NEVENTS; e++) {
			found = false;
			for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
				if ((int)cases[i].from == s &&
				    (int)cases[i].ev == e)
					found = true;
			}
			if (!found)
				fail_msg("no case for %s + %s",
				    proc_fsm_state_name(s),
				    proc_fsm_event_name(e));
		}
	}
}

/* startretries 3: four attempts, then FATAL (supervisord's count). */
static void
test_fsm_retry_count(void **state)
{
	struct fsm_input	 in;
	struct fsm_result	 res;
	enum proc_state		 st = PROC_STOPPED;
	u_int			 backoff = 0, spawns = 0, startretries = 3;

	fsm_input(I_PLAIN, &in);
	assert_int_equal(proc_fsm_step(st, EV_START, &in, &res), 0);
	st = res.next;
	spawns++;
	for (;;) {
		in.retry_left = backoff < startretries;
		assert_int_equal(proc_fsm_step(st, EV_EXITED, &in, &res), 0);
		st = res.next;
		if (st == PROC_FATAL)
			break;
		assert_int_equal(st, PROC_BACKOFF);
		assert_true(res.actions & ACT_ARM_BACKOFF);
		backoff++;
		assert_int_equal(proc_fsm_step(st, EV_RETRY, &in, &res), 0);
		st = res.next;
		assert_int_equal(st, PROC_STARTING);
		spawns++;
	}
	assert_int_equal(spawns, 4);
	assert_int_equal(backoff, 3);
}

static void
test_fsm_names(void **state)
{
	assert_string_equal(proc_fsm_state_name(PROC_RUNNING), "RUNNING");
	assert_string_equal(proc_fsm_state_name(PROC_FATAL), "FATAL");
	assert_string_equal(proc_fsm_state_name((enum proc_state)99),
	    "UNKNOWN");
	assert_true(proc_fsm_is_running(PROC_BACKOFF));
	assert_false(proc_fsm_is_running(PROC_EXITED));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fsm_table),
		cmocka_unit_test(test_fsm_every_pair),
		cmocka_unit_test(test_fsm_retry_count),
		cmocka_unit_test(test_fsm_names),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
