/*
 * supervisord's priority: processes start a priority level at a time,
 * lowest first, each level once every process of the one before is
 * RUNNING or has failed; they stop highest first, each level once the
 * one before has stopped. Processes of one priority go together, so a
 * config that sets none starts and stops everything at once, as before.
 *
 * An order is a list of process ids sorted by priority (stably: config
 * order within a level) and how far it has gone; whoever walks it (the
 * start-up, the shutdown, a start or stop command) asks at each step
 * whether the next process may go now, and is told again on every
 * change of state until it may.
 */

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "taskmaster.h"
#include "xmalloc.h"

/* An id with what it sorts by. */
struct sv_order_key {
	uint64_t	 priority;
	u_int		 seq;
	uint64_t	 id;
};

static int	sv_order_cmp(const void *, const void *);

static int
sv_order_cmp(const void *a0, const void *b0)
{
	const struct sv_order_key	*a = a0, *b = b0;

	if (a->priority != b->priority)
		return (a->priority < b->priority ? -1 : 1);
	return (a->seq < b->seq ? -1 : a->seq > b->seq);
}

uint64_t
proc_priority(const struct proc *p)
{
	const struct cfg_program	*cp = p->pg->cp;
	uint64_t			 group;

	group = cp->group_priority >= 0 ? (u_int)cp->group_priority :
	    cp->priority;
	return (group << 32 | cp->priority);
}

bool
sv_order_sort(struct supervisor *sv, uint64_t *ids, u_int n, bool high_first)
{
	struct sv_order_key	*keys;
	struct proc		*p;
	u_int			 i;
	bool			 levels = false;

	keys = xreallocarray(NULL, n + 1, sizeof *keys);
	for (i = 0; i < n; i++) {
		p = sv_find_id(sv, ids[i]);
		keys[i].priority = p != NULL ? proc_priority(p) : 0;
		if (high_first)
			keys[i].priority = UINT64_MAX - keys[i].priority;
		keys[i].seq = i;
		keys[i].id = ids[i];
		if (i > 0 && keys[i].priority != keys[0].priority)
			levels = true;
	}
	if (levels) {
		qsort(keys, n, sizeof *keys, sv_order_cmp);
		for (i = 0; i < n; i++)
			ids[i] = keys[i].id;
	}
	free(keys);
	return (levels);
}

bool
sv_order_may(struct supervisor *sv, struct sv_order *o, bool (*settled)(
    struct proc *))
{
	struct proc	*p, *first;
	u_int		 i;

	if (o->next >= o->n)
		return (false);
	if (o->next == o->level)
		return (true);
	first = sv_find_id(sv, o->ids[o->level]);
	p = sv_find_id(sv, o->ids[o->next]);
	if (p == NULL || first == NULL ||
	    proc_priority(p) == proc_priority(first))
		return (true);
	/* A new level: only once the one before has settled. */
	for (i = o->level; i < o->next; i++) {
		p = sv_find_id(sv, o->ids[i]);
		if (p != NULL && !settled(p))
			return (false);
	}
	o->level = o->next;
	return (true);
}
