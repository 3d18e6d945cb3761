/*
 * status [-l] [--json] [NAME...]: one line per process in supervisorctl's
 * shape (the name padded to the longest name + 3, at least 33 columns;
 * the state in 10; the description). -l adds the CPU and memory of each
 * running process's tree; --json gives everything as one document. Exit status 3 when a listed process is not
 * RUNNING, as supervisorctl since 4.0, so scripts can test it.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

static char		**cmd_status_lines(struct proc **, u_int, bool);
static void		cmd_status_all(struct proc *, void *);
static char		*cmd_status_stats(struct proc *);
static void		 cmd_status_json(struct cmd_ctx *, struct proc **,
			    u_int);

struct cmd_status_list {
	struct proc	**procs;
	u_int		  n;
};

/* Status lines for processes, supervisorctl's shape (with stats). */
static char **
cmd_status_lines(struct proc **procs, u_int n, bool stats)
{
	char	**lines, *desc, *tmp;
	size_t	  maxlen = 30, len;
	u_int	  i;

	for (i = 0; i < n; i++) {
		if ((len = strlen(procs[i]->name)) > maxlen)
			maxlen = len;
	}
	lines = xcalloc(n + 1, sizeof *lines);
	for (i = 0; i < n; i++) {
		desc = proc_describe(procs[i]);
		if (stats && proc_stats_valid(procs[i])) {
			tmp = cmd_status_stats(procs[i]);
			xasprintf(&lines[i], "%-*s%-10s%s, %s", (int)maxlen + 3,
			    procs[i]->name,
			    proc_fsm_state_name(procs[i]->state), desc, tmp);
			free(tmp);
		} else {
			xasprintf(&lines[i], "%-*s%-10s%s", (int)maxlen + 3,
			    procs[i]->name,
			    proc_fsm_state_name(procs[i]->state), desc);
		}
		free(desc);
	}
	return (lines);
}

/* "cpu 1.5%, mem 12.3M": the process tree's figures. */
static char *
cmd_status_stats(struct proc *p)
{
	uint64_t	 rss = p->stats.rss;
	char		 mem[32];

	if (rss >= 10ULL << 30)
		snprintf(mem, sizeof mem, "%.1fG", rss / 1073741824.0);
	else if (rss >= 1ULL << 20)
		snprintf(mem, sizeof mem, "%.1fM", rss / 1048576.0);
	else
		snprintf(mem, sizeof mem, "%lluK",
		    (unsigned long long)(rss >> 10));
	return (xstrfmt("cpu %u.%u%%, mem %s", p->stats.cpu / 10,
	    p->stats.cpu % 10, mem));
}

/* status --json: {"processes": [...]}, each with its figures. */
static void
cmd_status_json(struct cmd_ctx *ctx, struct proc **procs, u_int n)
{
	json_t	*list;
	u_int	 i;

	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, cmd_json_proc(procs[i]));
	cmd_json_emit(ctx, json_pack("{s:o}", "processes", list));
}

static void
cmd_status_all(struct proc *p, void *arg)
{
	struct cmd_status_list	*l = arg;

	l->procs = xreallocarray(l->procs, l->n + 1, sizeof *l->procs);
	l->procs[l->n++] = p;
}

enum cmd_retval
cmd_status_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_status_list	 l = { NULL, 0 };
	char			**lines;
	u_int			 i;
	int			 first = 1;
	bool			 notrunning = false, stats = false, json;

	json = cmd_json_flag(&argc, argv);
	if (argc > 1 && (strcmp(argv[1], "-l") == 0 ||
	    strcmp(argv[1], "--long") == 0)) {
		stats = true;
		first = 2;
	}
	if (argc > first)
		l.n = cmd_resolve(ctx, argc - first, argv + first, &l.procs);
	else
		sv_each(ctx->sv, cmd_status_all, &l);
	if (stats || json)
		proc_stats_fresh(ctx->sv, l.procs, l.n);
	if (json) {
		cmd_status_json(ctx, l.procs, l.n);
		lines = NULL;
	} else
		lines = cmd_status_lines(l.procs, l.n, stats);
	for (i = 0; i < l.n; i++) {
		if (lines != NULL) {
			cmd_print(ctx, "%s", lines[i]);
			free(lines[i]);
		}
		if (l.procs[i]->state != PROC_RUNNING)
			notrunning = true;
	}
	free(lines);
	free(l.procs);
	if (notrunning && ctx->status == 0)
		ctx->status = CMD_EXIT_NOTRUNNING;
	return (CMD_DONE);
}
