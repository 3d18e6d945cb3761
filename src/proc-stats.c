/*
 * CPU and memory of each process, counted over its whole process tree (a
 * shell's jobs, a master's workers), from one walk of /proc: every entry
 * is charged to the supervised process it descends from, found by
 * following parent pids up the tree.
 *
 * Sampling costs a read of every /proc/PID/stat of the system, so it runs
 * only while someone looks: once a second while a watcher is registered
 * (a console's subscription), and on demand for a one-shot status. CPU is
 * the share of one core since the previous sample of the same pid, or
 * since the process started for its first one, as ps shows it.
 */

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "taskmaster.h"
#include "xmalloc.h"

/* How often watchers are sent new figures. */
#define PROC_STATS_MS		1000

/* A sample this recent is good enough for a status. */
#define PROC_STATS_FRESH_MS	900

/* One entry of /proc. */
struct proc_stats_entry {
	pid_t		 pid;
	pid_t		 ppid;
	uint64_t	 ticks;		/* utime + stime */
	uint64_t	 rss;		/* pages */
	int		 owner;		/* -1 unknown, -2 none, else index */
};

/* What the supervisor keeps between samples. */
struct sv_stats {
	struct event	*ev;
	uint64_t	 last_ms;	/* 0: never sampled */
	TAILQ_HEAD(, proc_stats_watcher) watchers;
};

/* A walk of /proc: every entry, then sorted by pid. */
struct proc_stats_walk {
	struct proc_stats_entry	*e;
	size_t			 n;
	size_t			 size;
};

static struct sv_stats	*proc_stats_get(struct supervisor *);
static void	 proc_stats_read_cb(pid_t, const char *, void *);
static int	 proc_stats_cmp(const void *, const void *);
static struct proc_stats_entry *proc_stats_find(struct proc_stats_walk *,
		     pid_t);
static int	 proc_stats_owner(struct supervisor *,
		     struct proc_stats_walk *, size_t);
static void	 proc_stats_timer_cb(evutil_socket_t, short, void *);
static void	 proc_stats_arm(struct supervisor *);

static struct sv_stats *
proc_stats_get(struct supervisor *sv)
{
	struct sv_stats	*st;

	if ((st = sv->stats) != NULL)
		return (st);
	st = sv->stats = xcalloc(1, sizeof *st);
	st->ev = evtimer_new(sv->base, proc_stats_timer_cb, sv);
	TAILQ_INIT(&st->watchers);
	return (st);
}

void
proc_stats_free(struct supervisor *sv)
{
	struct sv_stats	*st = sv->stats;

	if (st == NULL)
		return;
	event_free(st->ev);
	free(st);
	sv->stats = NULL;
}

/* One /proc/PID/stat: the fields after the command name. */
static void
proc_stats_read_cb(pid_t pid, const char *stat, void *arg)
{
	struct proc_stats_walk	*w = arg;
	struct proc_stats_entry	*e;
	unsigned long		 utime, stime;
	long			 ppid, rss;

	if (sscanf(stat, " %*c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu "
	    "%lu %*d %*d %*d %*d %*d %*d %*u %*u %ld", &ppid, &utime, &stime,
	    &rss) != 4)
		return;
	if (w->n == w->size) {
		w->size = w->size == 0 ? 256 : w->size * 2;
		w->e = xreallocarray(w->e, w->size, sizeof *w->e);
	}
	e = &w->e[w->n++];
	e->pid = pid;
	e->ppid = ppid;
	e->ticks = (uint64_t)utime + stime;
	e->rss = rss > 0 ? rss : 0;
	e->owner = -1;
}

static int
proc_stats_cmp(const void *a0, const void *b0)
{
	const struct proc_stats_entry	*a = a0, *b = b0;

	return (a->pid < b->pid ? -1 : a->pid > b->pid);
}

static struct proc_stats_entry *
proc_stats_find(struct proc_stats_walk *w, pid_t pid)
{
	struct proc_stats_entry	key;

	key.pid = pid;
	return (bsearch(&key, w->e, w->n, sizeof *w->e, proc_stats_cmp));
}

/*
 * The index of the entry of the supervised process entry i descends from
 * (itself included), or -2. Each entry on the way up is remembered, so the
 * whole walk costs one visit per entry.
 */
static int
proc_stats_owner(struct supervisor *sv, struct proc_stats_walk *w, size_t i)
{
	struct proc_stats_entry	*e, *up;
	struct proc		*p;
	size_t			 path[64], n = 0, k;
	int			 owner = -2;

	for (;;) {
		e = &w->e[i];
		if (e->owner != -1) {
			owner = e->owner;
			break;
		}
		p = sv_find_pid(sv, e->pid);
		if (p != NULL && p->pid == e->pid) {
			owner = i;
			e->owner = owner;
			break;
		}
		if (n == sizeof path / sizeof path[0])
			break;	/* deeper than any tree worth charging */
		path[n++] = i;
		if (e->ppid <= 1 || e->ppid == getpid() ||
		    (up = proc_stats_find(w, e->ppid)) == NULL)
			break;
		i = up - w->e;
	}
	for (k = 0; k < n; k++)
		w->e[path[k]].owner = owner;
	return (owner);
}

void
proc_stats_sample(struct supervisor *sv)
{
	struct sv_stats		*st = proc_stats_get(sv);
	struct proc_stats_walk	 w = { NULL, 0, 0 };
	struct proc_stats_entry	*e;
	struct proc		*p;
	uint64_t		 now = util_now_ms(), *ticks, *rss, elapsed;
	long			 hz = sysconf(_SC_CLK_TCK);
	long			 page = sysconf(_SC_PAGESIZE);
	size_t			 i;
	int			 owner;

	util_proc_each(proc_stats_read_cb, &w);
	if (w.n > 1)
		qsort(w.e, w.n, sizeof *w.e, proc_stats_cmp);
	ticks = xcalloc(w.n + 1, sizeof *ticks);
	rss = xcalloc(w.n + 1, sizeof *rss);
	for (i = 0; i < w.n; i++) {
		if ((owner = proc_stats_owner(sv, &w, i)) < 0)
			continue;
		ticks[owner] += w.e[i].ticks;
		rss[owner] += w.e[i].rss;
	}
	for (i = 0; i < w.n; i++) {
		e = &w.e[i];
		if (e->owner != (int)i || (p = sv_find_pid(sv, e->pid)) == NULL)
			continue;
		if (p->stats.pid == p->pid && p->stats.ms != 0 &&
		    now > p->stats.ms)
			elapsed = now - p->stats.ms;
		else {
			/* A new run: its share since it started. */
			p->stats.ticks = 0;
			elapsed = now > p->start_ms ? now - p->start_ms : 0;
		}
		if (elapsed > 0 && ticks[i] >= p->stats.ticks) {
			p->stats.cpu = (ticks[i] - p->stats.ticks) * 1000000ULL /
			    ((uint64_t)hz * elapsed);
		} else
			p->stats.cpu = 0;
		p->stats.pid = p->pid;
		p->stats.ticks = ticks[i];
		p->stats.rss = rss[i] * page;
		p->stats.ms = now;
	}
	free(ticks);
	free(rss);
	free(w.e);
	st->last_ms = now;
}

void
proc_stats_fresh(struct supervisor *sv, struct proc **procs, u_int n)
{
	struct sv_stats	*st = proc_stats_get(sv);
	u_int		 i;

	if (st->last_ms != 0 && util_now_ms() - st->last_ms <
	    PROC_STATS_FRESH_MS) {
		for (i = 0; i < n; i++) {
			if (procs[i]->pid != 0 && !proc_stats_valid(procs[i]))
				break;
		}
		if (i == n)
			return;
	}
	proc_stats_sample(sv);
}

bool
proc_stats_valid(struct proc *p)
{
	return (p->pid != 0 && p->stats.pid == p->pid && p->stats.ms != 0);
}

static void
proc_stats_arm(struct supervisor *sv)
{
	struct sv_stats	*st = sv->stats;
	struct timeval	 tv = { PROC_STATS_MS / 1000,
			     (PROC_STATS_MS % 1000) * 1000 };

	if (!TAILQ_EMPTY(&st->watchers))
		evtimer_add(st->ev, &tv);
}

static void
proc_stats_timer_cb(evutil_socket_t fd, short events, void *arg)
{
	struct supervisor		*sv = arg;
	struct proc_stats_watcher	*pw, *next;

	proc_stats_sample(sv);
	TAILQ_FOREACH_SAFE(pw, &sv->stats->watchers, entry, next)
		pw->cb(pw->arg);
	proc_stats_arm(sv);
}

void
proc_stats_watch(struct supervisor *sv, struct proc_stats_watcher *pw)
{
	struct sv_stats	*st = proc_stats_get(sv);
	bool		 first = TAILQ_EMPTY(&st->watchers);

	TAILQ_INSERT_TAIL(&st->watchers, pw, entry);
	if (first) {
		proc_stats_sample(sv);
		proc_stats_arm(sv);
	}
}

void
proc_stats_unwatch(struct supervisor *sv, struct proc_stats_watcher *pw)
{
	struct sv_stats	*st = sv->stats;

	if (st == NULL)
		return;
	TAILQ_REMOVE(&st->watchers, pw, entry);
	if (TAILQ_EMPTY(&st->watchers))
		evtimer_del(st->ev);
}
