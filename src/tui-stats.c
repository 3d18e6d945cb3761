/*
 * CPU and memory per process, for the table: the daemon samples them
 * (over each process's whole tree, once a second while a console
 * subscribes) and sends a stats line for each running process. The
 * console reads nothing from /proc itself, so the figures are the same
 * over a remote connection.
 */

#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* "NAME\tCPU\tRSS": CPU in tenths of a percent of one core, RSS bytes. */
void
tui_stats_line(struct tui *t, char *line)
{
	struct tui_proc	*p;
	char		*cpu, *rss;

	if ((cpu = strchr(line, '\t')) == NULL)
		return;
	*cpu++ = '\0';
	if ((rss = strchr(cpu, '\t')) == NULL)
		return;
	*rss++ = '\0';
	if ((p = tui_client_find(t, line)) == NULL || p->pid == 0)
		return;
	p->cpu = strtoul(cpu, NULL, 10) / 10.0;
	p->rss = strtoull(rss, NULL, 10);
	p->sampled = true;
	tui_redraw(t);
}
