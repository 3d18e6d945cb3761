/*
 * CPU and memory per process, for the table: the sum over the whole
 * process group (each process leads its own), read from /proc once a
 * second while the table is shown. A worker's forks count for it.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui.h"
#include "xmalloc.h"

struct tui_stat {
	pid_t		 pgrp;
	uint64_t	 ticks;
	uint64_t	 rss;		/* pages */
};

static int	tui_stats_cmp(const void *, const void *);
static void	tui_stats_cb(pid_t, const char *, void *);

static int
tui_stats_cmp(const void *a, const void *b)
{
	const struct tui_stat	*x = a, *y = b;

	return (x->pgrp < y->pgrp ? -1 : x->pgrp > y->pgrp);
}

struct tui_stats {
	struct tui_stat	*st;
	size_t		 n;
};

static void
tui_stats_cb(pid_t pid, const char *stat, void *arg)
{
	struct tui_stats	*ts = arg;
	unsigned long		 utime, stime;
	long			 rss, pgrp;

	if (sscanf(stat, " %*c %*d %ld %*d %*d %*d %*u %*u %*u %*u %*u %lu "
	    "%lu %*d %*d %*d %*d %*d %*d %*u %*u %ld", &pgrp, &utime, &stime,
	    &rss) != 4)
		return;
	ts->st = xreallocarray(ts->st, ts->n + 1, sizeof *ts->st);
	ts->st[ts->n].pgrp = pgrp;
	ts->st[ts->n].ticks = utime + stime;
	ts->st[ts->n].rss = rss > 0 ? rss : 0;
	ts->n++;
}

void
tui_stats_sample(struct tui *t)
{
	static uint64_t		 last_ms;
	struct tui_stats	 ts = { NULL, 0 };
	struct tui_stat		*st, key, *hit;
	struct tui_proc		*p;
	size_t			 n, i, j;
	uint64_t		 now = util_now_ms(), ticks, rsum, elapsed;
	long			 hz = sysconf(_SC_CLK_TCK), page;

	page = sysconf(_SC_PAGESIZE);
	util_proc_each(tui_stats_cb, &ts);
	st = ts.st;
	n = ts.n;
	qsort(st, n, sizeof *st, tui_stats_cmp);
	elapsed = last_ms != 0 ? now - last_ms : 0;
	last_ms = now;
	for (i = 0; i < t->nprocs; i++) {
		p = &t->procs[i];
		if (p->pid == 0) {
			p->sampled = false;
			continue;
		}
		key.pgrp = p->pid;
		hit = n > 0 ? bsearch(&key, st, n, sizeof *st,
		    tui_stats_cmp) : NULL;
		if (hit == NULL) {
			p->sampled = false;
			continue;
		}
		/* bsearch lands anywhere in the group: walk to its start. */
		j = hit - st;
		while (j > 0 && st[j - 1].pgrp == key.pgrp)
			j--;
		ticks = rsum = 0;
		for (; j < n && st[j].pgrp == key.pgrp; j++) {
			ticks += st[j].ticks;
			rsum += st[j].rss;
		}
		if (p->sampled && elapsed > 0 && ticks >= p->ticks)
			p->cpu = 100.0 * (ticks - p->ticks) * 1000.0 /
			    ((double)hz * elapsed);
		else
			p->cpu = 0;
		p->ticks = ticks;
		p->rss = rsum * page;
		p->sampled = true;
	}
	free(st);
}
