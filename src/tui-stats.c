/*
 * CPU and memory per process, for the table: the sum over the whole
 * process group (each process leads its own), read from /proc once a
 * second while the table is shown. A worker's forks count for it.
 */

#include <ctype.h>
#include <dirent.h>
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

static int
tui_stats_cmp(const void *a, const void *b)
{
	const struct tui_stat	*x = a, *y = b;

	return (x->pgrp < y->pgrp ? -1 : x->pgrp > y->pgrp);
}

void
tui_stats_sample(struct tui *t)
{
	static uint64_t		 last_ms;
	struct tui_stat		*st = NULL, key, *hit;
	struct tui_proc		*p;
	DIR			*d;
	struct dirent		*de;
	FILE			*f;
	char			 path[300], buf[1024], *cp;
	unsigned long		 utime, stime;
	long			 rss, pgrp;
	size_t			 n = 0, i, j;
	uint64_t		 now = util_now_ms(), ticks, rsum, elapsed;
	long			 hz = sysconf(_SC_CLK_TCK), page;

	page = sysconf(_SC_PAGESIZE);
	if ((d = opendir("/proc")) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((u_char)de->d_name[0]))
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		if ((f = fopen(path, "re")) == NULL)
			continue;
		if (fgets(buf, sizeof buf, f) != NULL &&
		    (cp = strrchr(buf, ')')) != NULL &&
		    sscanf(cp + 1, " %*c %*d %ld %*d %*d %*d %*u %*u %*u %*u "
		    "%*u %lu %lu %*d %*d %*d %*d %*d %*d %*u %*u %ld", &pgrp,
		    &utime, &stime, &rss) == 4) {
			st = xreallocarray(st, n + 1, sizeof *st);
			st[n].pgrp = pgrp;
			st[n].ticks = utime + stime;
			st[n].rss = rss > 0 ? rss : 0;
			n++;
		}
		fclose(f);
	}
	closedir(d);
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
