/*
 * The supervisor: every program and process, lookups by name and pid,
 * state change listeners, reload plans applied program by program (the
 * shutdown is in supervisor-stop.c).
 *
 * Processes that must go (their program was removed, or numprocs went
 * down) are stopped gracefully and freed only once they have no pid.
 * Freeing happens from a zero-delay event, never inside the call chain
 * that changed the state, so no caller is left holding a freed process.
 *
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alert.h"
#include "log.h"
#include "listener.h"
#include "logfile.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* Milliseconds of a loop turn automatic starts may spend spawning. */
#define SV_SPAWN_SLICE_MS	20

static struct program *program_create(struct supervisor *,
		    struct cfg_program *);
static void	program_free(struct program *);
static void	program_scale(struct program *, u_int);
static void	program_rename(struct program *);
static bool	program_alive(struct program *);
static void	sv_gc_cb(evutil_socket_t, short, void *);
static void	sv_turn_cb(evutil_socket_t, short, void *);
static void	sv_autostart_cb(evutil_socket_t, short, void *);
static bool	sv_started(struct proc *);
static void	sv_order_changed(struct proc *, enum proc_state, void *);
static void	sv_each_in(struct programs *, void (*)(struct proc *));
static void	sv_kill_one(struct proc *);
static int	sv_resolve_group(struct supervisor *, const char *,
		    struct proc ***, u_int *);

static struct program *
program_create(struct supervisor *sv, struct cfg_program *cp)
{
	struct program	*pg;
	u_int		 i;

	pg = xcalloc(1, sizeof *pg);
	pg->sv = sv;
	pg->name = xstrdup(cp->name);
	pg->cp = cp;
	pg->nprocs = cp->numprocs;
	pg->procs = xcalloc(pg->nprocs, sizeof *pg->procs);
	for (i = 0; i < pg->nprocs; i++)
		pg->procs[i] = proc_create(pg, i);
	hash_add(&sv->byname, &pg->name_node, hash_string(pg->name));
	return (pg);
}

/* Free a program whose processes have no pid; it owns cp if removing. */
static void
program_free(struct program *pg)
{
	u_int	 i;

	for (i = 0; i < pg->nprocs; i++) {
		if (pg->procs[i] != NULL)
			proc_free(pg->procs[i]);
	}
	free(pg->procs);
	if (pg->removing)
		cfg_program_free(pg->cp);
	else
		hash_remove(&pg->sv->byname, &pg->name_node);
	free(pg->name);
	free(pg);
}

static bool
program_alive(struct program *pg)
{
	u_int	 i;

	for (i = 0; i < pg->nprocs; i++) {
		if (pg->procs[i] != NULL && proc_alive(pg->procs[i]))
			return (true);
	}
	return (false);
}

/* Names depend on numprocs: "web" alone, "web:0" among several. */
static void
program_rename(struct program *pg)
{
	u_int	 i;

	for (i = 0; i < pg->nprocs; i++) {
		if (pg->procs[i] != NULL)
			proc_set_name(pg->procs[i]);
	}
}

/*
 * Go to n instances: new ones are created (and started with autostart),
 * extra ones are stopped and freed once stopped. An instance still
 * stopping from an earlier scale-down is taken back instead of doubled.
 */
static void
program_scale(struct program *pg, u_int n)
{
	struct proc	*p;
	u_int		 i, old = pg->nprocs;

	if (n > pg->nprocs) {
		pg->procs = xreallocarray(pg->procs, n, sizeof *pg->procs);
		for (i = old; i < n; i++)
			pg->procs[i] = NULL;
		pg->nprocs = n;
	}
	for (i = 0; i < pg->nprocs; i++) {
		p = pg->procs[i];
		if (i < n) {
			if (p == NULL) {
				p = pg->procs[i] = proc_create(pg, i);
				if (pg->cp->autostart)
					proc_start(p, NULL);
			} else if (p->state == PROC_STOPPING &&
			    pg->cp->autostart)
				p->flags |= PROC_RESTART;
			continue;
		}
		if (p != NULL) {
			proc_stop(p, NULL);
			pg->sv->extras = true;
		}
	}
	program_rename(pg);
	sv_check_idle(pg->sv);
}

struct supervisor *
sv_create(struct event_base *base, struct cfg *cf, const char *cfgpath)
{
	struct supervisor	*sv;
	struct cfg_program	*cp;
	struct program		*pg;

	sv = xcalloc(1, sizeof *sv);
	sv->base = base;
	sv->cf = cf;
	sv->cfgpath = xstrdup(cfgpath);
	sv->start_ms = util_now_ms();
	sv->start_wall = time(NULL);
	TAILQ_INIT(&sv->programs);
	TAILQ_INIT(&sv->removing);
	TAILQ_INIT(&sv->listeners);
	TAILQ_INIT(&sv->waiters);
	sv->order_listener.cb = sv_order_changed;
	sv->order_listener.arg = sv;
	sv_listen(sv, &sv->order_listener);
	proc_spawn_setup(sv);
	sv->gc_ev = event_new(base, -1, 0, sv_gc_cb, sv);
	sv->turn_ev = evtimer_new(base, sv_turn_cb, sv);

	TAILQ_FOREACH(cp, &cf->programs, entry) {
		pg = program_create(sv, cp);
		TAILQ_INSERT_TAIL(&sv->programs, pg, entry);
	}
	lsn_init(sv);
	lsn_sync(sv);
	return (sv);
}

void
sv_free(struct supervisor *sv)
{
	struct program	*pg;

	proc_stats_free(sv);
	/* First: a pool lists programs that are about to go. */
	lsn_free(sv);
	while ((pg = TAILQ_FIRST(&sv->programs)) != NULL) {
		TAILQ_REMOVE(&sv->programs, pg, entry);
		program_free(pg);
	}
	while ((pg = TAILQ_FIRST(&sv->removing)) != NULL) {
		TAILQ_REMOVE(&sv->removing, pg, entry);
		program_free(pg);
	}
	event_free(sv->gc_ev);
	event_free(sv->turn_ev);
	if (sv->sweep_timer != NULL)
		event_free(sv->sweep_timer);
	if (sv->autostart_ev != NULL)
		event_free(sv->autostart_ev);
	free(sv->autostart.ids);
	free(sv->stopping.ids);
	free(sv->swept);
	proc_spawn_cleanup(sv);
	hash_free(&sv->byid);
	hash_free(&sv->bypid);
	hash_free(&sv->byname);
	cfg_free(sv->cf);
	free(sv->cfgpath);
	free(sv);
}

void
sv_autostart(struct supervisor *sv)
{
	struct sv_order	*o = &sv->autostart;
	struct program	*pg;
	u_int		 i;

	o->ids = xreallocarray(NULL, sv->byid.count + 1, sizeof *o->ids);
	TAILQ_FOREACH(pg, &sv->programs, entry) {
		if (!pg->cp->autostart)
			continue;
		for (i = 0; i < pg->nprocs; i++) {
			if (pg->procs[i] != NULL)
				o->ids[o->n++] = pg->procs[i]->id;
		}
	}
	sv_order_sort(sv, o->ids, o->n, false);
	lsn_emit(sv, LSN_SUPERVISOR_STATE_CHANGE_RUNNING, "");
	sv->autostart_ev = evtimer_new(sv->base, sv_autostart_cb, sv);
	event_active(sv->autostart_ev, EV_TIMEOUT, 0);
}

/* Started: RUNNING or failed, so the next priority may start. */
static bool
sv_started(struct proc *p)
{
	return (p->state != PROC_STARTING);
}

/*
 * A state changed: a priority level may have settled, or a process with
 * shutdown_on_fatal has given up.
 */
static void
sv_order_changed(struct proc *p, enum proc_state old, void *arg)
{
	struct supervisor	*sv = arg;

	/* The common use of a supervisord event listener, built in. */
	if (p != NULL && p->state == PROC_FATAL && old != PROC_FATAL &&
	    p->pg->cp->shutdown_on_fatal && !sv->shutting_down) {
		eventlog(EVL_ERROR, p->name, "FATAL: shutting down, as "
		    "shutdown_on_fatal asks");
		sv->exit_code = 1;
		sv_shutdown(sv);
	}
	if (sv->autostart.next < sv->autostart.n)
		event_active(sv->autostart_ev, EV_TIMEOUT, 0);
	if (sv->shutting_down && sv->stopping.next < sv->stopping.n)
		sv_stop_step(sv);
}

/*
 * Start what a slice of this loop turn allows (sv_spawn_slice), so a
 * thousand starts never keep the socket (or the console) waiting for
 * long, and what the priorities allow (sv-order.c). The rest waits for
 * the next turn on a zero timer (an event made active again from its own
 * callback would run in this same turn), or for a state change.
 */
static void
sv_autostart_cb(evutil_socket_t fd, short events, void *arg)
{
	struct supervisor	*sv = arg;
	struct sv_order		*o = &sv->autostart;
	struct timeval		 tv = { 0, 0 };
	struct proc		*p;

	while (sv_order_may(sv, o, sv_started) && sv_spawn_slice(sv)) {
		p = sv_find_id(sv, o->ids[o->next++]);
		if (p != NULL && p->state == PROC_STOPPED &&
		    !(p->flags & PROC_EVER) && !sv->shutting_down)
			proc_start(p, NULL);
	}
	if (o->next < o->n && sv_order_may(sv, o, sv_started))
		evtimer_add(sv->autostart_ev, &tv);
}

/*
 * A spawn costs time (a fork of a big process takes milliseconds): when
 * many restarts fall due at once (hundreds of processes that exit as
 * soon as they start), they share SV_SPAWN_SLICE_MS of a loop turn and
 * the others wait for the next turn, so the socket and the output are
 * served in between. A zero timer, armed by the first spawn of a turn,
 * fires on the next turn, before the restarts put off to it.
 */
bool
sv_spawn_slice(struct supervisor *sv)
{
	struct timeval	 tv = { 0, 0 };
	uint64_t	 now = util_now_ms();

	if (!sv->turn_armed) {
		sv->turn_armed = true;
		sv->turn_start = now;
		evtimer_add(sv->turn_ev, &tv);
	}
	return (now - sv->turn_start < SV_SPAWN_SLICE_MS);
}

/* A new loop turn: automatic starts get a new slice. */
static void
sv_turn_cb(evutil_socket_t fd, short events, void *arg)
{
	struct supervisor	*sv = arg;

	sv->turn_armed = false;
}

void
sv_set_pid(struct supervisor *sv, struct proc *p, pid_t pid)
{
	if (p->pid != 0)
		hash_remove(&sv->bypid, &p->pid_node);
	p->pid = pid;
	if (pid != 0)
		hash_add(&sv->bypid, &p->pid_node, hash_int(pid));
}

struct proc *
sv_find_pid(struct supervisor *sv, pid_t pid)
{
	struct hash_node	*n;
	struct proc		*p;

	for (n = hash_first(&sv->bypid, hash_int(pid)); n != NULL;
	    n = hash_next(n)) {
		p = HASH_ENTRY(n, struct proc, pid_node);
		if (p->pid == pid)
			return (p);
	}
	return (NULL);
}

struct proc *
sv_find_id(struct supervisor *sv, uint64_t id)
{
	struct hash_node	*n;
	struct proc		*p;

	for (n = hash_first(&sv->byid, hash_int(id)); n != NULL;
	    n = hash_next(n)) {
		p = HASH_ENTRY(n, struct proc, id_node);
		if (p->id == id)
			return (p);
	}
	return (NULL);
}

struct program *
sv_find_program(struct supervisor *sv, const char *name)
{
	struct hash_node	*n;
	struct program		*pg;

	for (n = hash_first(&sv->byname, hash_string(name)); n != NULL;
	    n = hash_next(n)) {
		pg = HASH_ENTRY(n, struct program, name_node);
		if (strcmp(pg->name, name) == 0)
			return (pg);
	}
	return (NULL);
}

/*
 * Append p to a list unless it is there already: a process carries the
 * mark of the list it was last put in, so a thousand names cost a
 * thousand steps, not a million. The array doubles as it fills.
 */
static void
sv_resolve_add(struct supervisor *sv, struct proc ***list, u_int *n,
    struct proc *p)
{
	if (p->mark == sv->mark)
		return;
	p->mark = sv->mark;
	if ((*n & (*n - 1)) == 0)
		*list = xreallocarray(*list, *n == 0 ? 16 : *n * 2,
		    sizeof **list);
	(*list)[(*n)++] = p;
}

/* The processes of the programs in group name (INI); false if none. */
static int
sv_resolve_group(struct supervisor *sv, const char *name,
    struct proc ***list, u_int *n)
{
	struct program	*pg;
	u_int		 i;
	int		 found = 0;

	TAILQ_FOREACH(pg, &sv->programs, entry) {
		if (pg->cp->group_name == NULL ||
		    strcmp(pg->cp->group_name, name) != 0)
			continue;
		for (i = 0; i < pg->cp->numprocs; i++)
			sv_resolve_add(sv, list, n, pg->procs[i]);
		found = 1;
	}
	return (found);
}

int
sv_resolve(struct supervisor *sv, const char *name, struct proc ***list,
    u_int *n, char **cause)
{
	struct program	*pg;
	char		*copy, *colon, *end, *names = NULL, *tmp;
	u_long		 idx;
	u_int		 i;

	/* A new list: nothing is in it yet. */
	if (*n == 0 && ++sv->mark == 0)
		sv->mark = 1;
	if (strcmp(name, "all") == 0) {
		if (sv->all_mark == sv->mark)
			return (0);
		sv->all_mark = sv->mark;
		TAILQ_FOREACH(pg, &sv->programs, entry) {
			for (i = 0; i < pg->cp->numprocs; i++)
				sv_resolve_add(sv, list, n, pg->procs[i]);
		}
		return (0);
	}
	if ((pg = sv_find_program(sv, name)) != NULL) {
		for (i = 0; i < pg->cp->numprocs; i++)
			sv_resolve_add(sv, list, n, pg->procs[i]);
		return (0);
	}

	copy = xstrdup(name);
	if ((colon = strrchr(copy, ':')) == NULL) {
		free(copy);
		/* A group of supervisord's: its processes. */
		if (sv_resolve_group(sv, name, list, n))
			return (0);
		*cause = xstrdup("no such process");
		return (-1);
	}
	*colon++ = '\0';
	if (strcmp(colon, "*") == 0 && sv_find_program(sv, copy) == NULL &&
	    sv_resolve_group(sv, copy, list, n)) {
		free(copy);
		return (0);
	}
	if ((pg = sv_find_program(sv, copy)) == NULL) {
		xasprintf(cause, "no such process (no program %s)", copy);
		free(copy);
		return (-1);
	}
	if (strcmp(colon, "*") == 0) {
		for (i = 0; i < pg->cp->numprocs; i++)
			sv_resolve_add(sv, list, n, pg->procs[i]);
		free(copy);
		return (0);
	}
	errno = 0;
	idx = strtoul(colon, &end, 10);
	if (*colon != '\0' && isdigit((u_char)*colon) && *end == '\0' &&
	    errno == 0 && idx < pg->nprocs && pg->procs[idx] != NULL &&
	    strcmp(pg->procs[idx]->name, name) == 0) {
		sv_resolve_add(sv, list, n, pg->procs[idx]);
		free(copy);
		return (0);
	}
	for (i = 0; i < pg->cp->numprocs && i < 8; i++) {
		xasprintf(&tmp, "%s%s%s", names != NULL ? names : "",
		    names != NULL ? ", " : "", pg->procs[i]->name);
		free(names);
		names = tmp;
	}
	xasprintf(cause, "no such process; %s has %u process%s: %s%s",
	    pg->name, pg->cp->numprocs, pg->cp->numprocs == 1 ? "" : "es",
	    names, pg->cp->numprocs > 8 ? ", ..." : "");
	free(names);
	free(copy);
	return (-1);
}

void
sv_each(struct supervisor *sv, void (*f)(struct proc *, void *), void *arg)
{
	struct program	*pg;
	u_int		 i;

	TAILQ_FOREACH(pg, &sv->programs, entry) {
		for (i = 0; i < pg->nprocs; i++) {
			if (pg->procs[i] != NULL)
				f(pg->procs[i], arg);
		}
	}
}

u_int
sv_count(struct supervisor *sv, u_int *counts)
{
	struct program	*pg;
	u_int		 i, n = 0;

	memset(counts, 0, PROC_NSTATES * sizeof *counts);
	TAILQ_FOREACH(pg, &sv->programs, entry) {
		for (i = 0; i < pg->nprocs; i++) {
			if (pg->procs[i] != NULL) {
				counts[pg->procs[i]->state]++;
				n++;
			}
		}
	}
	return (n);
}

void
sv_check_idle(struct supervisor *sv)
{
	event_active(sv->gc_ev, EV_TIMEOUT, 0);
}

/*
 * Free what has settled; finish a shutdown once nothing is alive. This
 * runs after every loop turn in which a process stopped, so it looks
 * only at what may have settled (removed programs, instances beyond
 * numprocs), never at every process: a shutdown of N processes costs
 * O(N) in all.
 */
static void
sv_gc_cb(evutil_socket_t fd, short events, void *arg)
{
	struct supervisor	*sv = arg;
	struct program		*pg, *pg1;
	struct proc		*p;
	bool			 freed = false, extras = false;
	u_int			 i;

	TAILQ_FOREACH_SAFE(pg, &sv->removing, entry, pg1) {
		if (program_alive(pg))
			continue;
		TAILQ_REMOVE(&sv->removing, pg, entry);
		eventlog(EVL_INFO, pg->name, "removed");
		program_free(pg);
		freed = true;
	}
	TAILQ_FOREACH(pg, &sv->programs, entry) {
		if (!sv->extras)
			break;
		for (i = pg->cp->numprocs; i < pg->nprocs; i++) {
			p = pg->procs[i];
			if (p == NULL)
				continue;
			if (proc_alive(p) || p->state == PROC_STOPPING) {
				extras = true;
				continue;
			}
			proc_free(p);
			pg->procs[i] = NULL;
			freed = true;
		}
		while (pg->nprocs > pg->cp->numprocs &&
		    pg->procs[pg->nprocs - 1] == NULL)
			pg->nprocs--;
	}
	sv->extras = extras;
	if (freed)
		sv_notify(sv, NULL, PROC_STOPPED);
	/* Every process with a pid is in bypid, whatever its program. */
	if (sv->shutting_down && sv->bypid.count == 0 && sv->sweep_stage == 0)
		sv_sweep(sv);
}

/* Call f for every process of a list of programs. */
static void
sv_each_in(struct programs *list, void (*f)(struct proc *))
{
	struct program	*pg;
	u_int		 i;

	TAILQ_FOREACH(pg, list, entry) {
		for (i = 0; i < pg->nprocs; i++) {
			if (pg->procs[i] != NULL)
				f(pg->procs[i]);
		}
	}
}

/* Through the state machine, so each process says it in the log. */
static void
sv_kill_one(struct proc *p)
{
	proc_event(p, EV_KILL, NULL);
}

void
sv_kill(struct supervisor *sv)
{
	sv_each_in(&sv->programs, sv_kill_one);
	sv_each_in(&sv->removing, sv_kill_one);
}

/* Programs being removed still write until they have stopped. */
void
sv_reopen(struct supervisor *sv)
{
	sv_each_in(&sv->programs, proc_output_reopen);
	sv_each_in(&sv->removing, proc_output_reopen);
}

/*
 * Apply a plan. Programs are matched by name; the new config's program
 * entries replace the old ones in place, so processes keep their pid
 * unless a spawn key changed. A removed program takes its old config
 * entry with it, to stop with the signal and stoptime it was given.
 */
void
sv_apply(struct supervisor *sv, struct cfg *ncf, const struct plan *pl)
{
	struct cfg		*ocf = sv->cf;
	struct cfg_program	*cp;
	struct program		*pg;
	struct programs		 order;
	const struct plan_entry	*pe;
	struct proc		*p;
	struct hash		 said = { NULL, 0, 0 };
	u_int			 i, j;
	bool			 renamed;

	/* Group events only come with programs added or removed. */
	if (pl->added > 0 || pl->removed > 0)
		lsn_group_plan(&said, ocf, ncf);
	for (i = 0; i < pl->n; i++) {
		pe = &pl->entries[i];
		if (pe->kind != PLAN_REMOVED)
			continue;
		if ((pg = sv_find_program(sv, pe->name)) == NULL)
			continue;
		TAILQ_REMOVE(&sv->programs, pg, entry);
		TAILQ_REMOVE(&ocf->programs, pg->cp, entry);
		ocf->nprograms--;
		pg->removing = true;
		lsn_group(sv, pg->cp, LSN_PROCESS_GROUP_REMOVED, &said);
		hash_remove(&sv->byname, &pg->name_node);
		TAILQ_INSERT_TAIL(&sv->removing, pg, entry);
		for (j = 0; j < pg->nprocs; j++) {
			if ((p = pg->procs[j]) != NULL) {
				/* Callbacks holding its id find it gone. */
				hash_remove(&sv->byid, &p->id_node);
				p->flags &= ~PROC_RESTART;
				proc_stop(p, NULL);
			}
		}
	}

	/* Rebuild the list in the new config's order. */
	TAILQ_INIT(&order);
	TAILQ_FOREACH(cp, &ncf->programs, entry) {
		if ((pg = sv_find_program(sv, cp->name)) != NULL) {
			TAILQ_REMOVE(&sv->programs, pg, entry);
			renamed = (pg->cp->numprocs == 1) != (cp->numprocs == 1);
			pg->cp = cp;
			if (renamed)
				program_rename(pg);
		} else
			pg = program_create(sv, cp);
		TAILQ_INSERT_TAIL(&order, pg, entry);
	}
	TAILQ_CONCAT(&sv->programs, &order, entry);
	sv->cf = ncf;
	cfg_free(ocf);
	lsn_sync(sv);
	lsn_group_rebuilt(sv, &said);

	for (i = 0; i < pl->n; i++) {
		pe = &pl->entries[i];
		if (pe->kind == PLAN_REMOVED || pe->kind == PLAN_UNCHANGED)
			continue;
		if ((pg = sv_find_program(sv, pe->name)) == NULL)
			continue;
		if (pe->kind == PLAN_ADDED) {
			lsn_group(sv, pg->cp, LSN_PROCESS_GROUP_ADDED, &said);
			if (pg->cp->autostart && !sv->shutting_down) {
				for (j = 0; j < pg->nprocs; j++)
					proc_start(pg->procs[j], NULL);
			}
			continue;
		}
		if (pe->changes & PLAN_SPAWN) {
			/* Extra instances are the business of the scale. */
			for (j = 0; j < pg->nprocs && j < pe->old_numprocs &&
			    j < pe->new_numprocs; j++) {
				p = pg->procs[j];
				if (p == NULL || sv->shutting_down)
					continue;
				if (proc_fsm_is_running(p->state))
					proc_restart(p, NULL);
				else if (p->state == PROC_FATAL &&
				    pg->cp->autostart)
					proc_start(p, NULL);
			}
		}
		if (pe->changes & PLAN_SCALE)
			program_scale(pg, pe->new_numprocs);
	}
	lsn_group_done(&said);
	/* Once every instance exists: the new list, in the new order. */
	sv_notify(sv, NULL, PROC_STOPPED);
}

struct cfg *
sv_reload_load(struct supervisor *sv, struct diag_list *dl,
    struct plan **pl)
{
	struct cfg	*ncf;

	if ((ncf = cfg_load(sv->cfgpath, dl)) == NULL)
		return (NULL);
	*pl = cfg_diff(sv->cf, ncf);
	return (ncf);
}

/* Log the plan, apply it, and reopen the event log if it moved. */
void
sv_reload_apply(struct supervisor *sv, struct cfg *ncf, struct plan *pl)
{
	char		*s, *cause = NULL;
	u_int		 i;
	bool		 newlog;

	/* Before the old config, which the alerts point into, goes. */
	alert_reload(ncf, pl);
	eventlog_limits(ncf->logfile_maxbytes, ncf->logfile_backups);
	logfile_thread_set(ncf->output_thread);
	newlog = (sv->cf->logfile == NULL) != (ncf->logfile == NULL) ||
	    (ncf->logfile != NULL && strcmp(sv->cf->logfile,
	    ncf->logfile) != 0);
	for (i = 0; i < pl->n; i++) {
		if (pl->entries[i].kind == PLAN_UNCHANGED)
			continue;
		s = plan_entry_format(&pl->entries[i]);
		eventlog(EVL_INFO, NULL, "reload: %s", s);
		free(s);
	}
	for (i = 0; i < pl->nnotes; i++)
		eventlog(EVL_WARN, NULL, "reload: %s", pl->notes[i]);
	s = plan_summary(pl);
	eventlog(EVL_INFO, NULL, "config reloaded from %s: %s", sv->cfgpath,
	    s);
	free(s);
	if (newlog && eventlog_path() != NULL && ncf->logfile != NULL) {
		if (eventlog_open(ncf->logfile, &cause) != 0) {
			eventlog(EVL_ERROR, NULL, "event log: %s", cause);
			free(cause);
		} else
			eventlog(EVL_INFO, NULL, "event log moved here");
	} else if (newlog)
		eventlog(EVL_WARN, NULL, "reload: logfile changed; the event "
		    "log stays where it is until taskmaster restarts");
	sv_apply(sv, ncf, pl);
	if (sv->reload_cb != NULL)
		sv->reload_cb(sv);
}
