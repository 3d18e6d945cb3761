/*
 * supervisord's event listeners: a program with "events" is sent the
 * events it asked for on its standard input, one at a time, and answers
 * READY and RESULT on its standard output, so existing listener scripts
 * and superlance plugins run unchanged.
 */

#ifndef LISTENER_H
#define LISTENER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "taskmaster.h"

/* The concrete event types, as bits of cfg_program.event_mask. */
enum lsn_type {
	LSN_PROCESS_STATE_STOPPED,
	LSN_PROCESS_STATE_EXITED,
	LSN_PROCESS_STATE_STARTING,
	LSN_PROCESS_STATE_STOPPING,
	LSN_PROCESS_STATE_BACKOFF,
	LSN_PROCESS_STATE_FATAL,
	LSN_PROCESS_STATE_RUNNING,
	LSN_PROCESS_STATE_UNKNOWN,
	LSN_SUPERVISOR_STATE_CHANGE_RUNNING,
	LSN_SUPERVISOR_STATE_CHANGE_STOPPING,
	LSN_TICK_5,
	LSN_TICK_60,
	LSN_TICK_3600,
	LSN_PROCESS_GROUP_ADDED,
	LSN_PROCESS_GROUP_REMOVED,
	/* supervisord's, never produced here: a warning names them. */
	LSN_PROCESS_LOG_STDOUT,
	LSN_PROCESS_LOG_STDERR,
	LSN_PROCESS_COMMUNICATION_STDOUT,
	LSN_PROCESS_COMMUNICATION_STDERR,
	LSN_REMOTE_COMMUNICATION,
	LSN_NTYPES
};
#define LSN_BIT(t)		(1U << (t))
#define LSN_TICKS		(LSN_BIT(LSN_TICK_5) | LSN_BIT(LSN_TICK_60) | \
				 LSN_BIT(LSN_TICK_3600))
#define LSN_PRODUCED		(LSN_BIT(LSN_PROCESS_LOG_STDOUT) - 1)

/* supervisord's name of an event type. */
const char	*lsn_type_name(enum lsn_type);
/*
 * Parse an "events" value (names and abstract names such as
 * PROCESS_STATE or EVENT, separated by commas or spaces) into bits; -1
 * and a cause for an unknown name.
 */
int		 lsn_parse_events(const char *, uint32_t *, char **);
/* The names, among bits, of types taskmaster never produces, or NULL. */
char		*lsn_unproduced(uint32_t);
/* A PROCESS_STATE_* payload for p's change from old, as supervisord's. */
char		*lsn_state_payload(struct proc *, enum proc_state);

/* Start the event machinery of a supervisor (the state listener). */
void		 lsn_init(struct supervisor *);
/* Free it. */
void		 lsn_free(struct supervisor *);
/* Make the pools match the programs, at start-up and after a reload. */
void		 lsn_sync(struct supervisor *);
/* Send an event of type with payload to every pool that wants it. */
void		 lsn_emit(struct supervisor *, enum lsn_type, const char *);
/* Count the [group:x] members of a reload's old and new config in said. */
void		 lsn_group_plan(struct hash *, const struct cfg *,
		     const struct cfg *);
/* PROCESS_GROUP_ADDED or _REMOVED for a program's group, once a reload. */
void		 lsn_group(struct supervisor *, struct cfg_program *,
		     enum lsn_type, struct hash *);
/* PROCESS_GROUP_ADDED again for the removed groups that still have members. */
void		 lsn_group_rebuilt(struct supervisor *, struct hash *);
/* Forget the groups of a reload. */
void		 lsn_group_done(struct hash *);
/* A listener was spawned: fd is the write end of its standard input. */
void		 lsn_start(struct proc *, int);
/* What a listener wrote on its standard output. */
void		 lsn_data(struct proc *, const char *, size_t);
/* A listener's run is over: an event it held goes back to its pool. */
void		 lsn_stop(struct proc *);

#endif
