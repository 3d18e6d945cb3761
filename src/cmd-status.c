/*
 * status [NAME...]: one line per process in supervisorctl's shape (the
 * name padded to the longest name + 3, at least 33 columns; the state in
 * 10; the description). Exit status 3 when a listed process is not
 * RUNNING, as supervisorctl since 4.0, so scripts can test it.
 */

#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

static void		cmd_status_all(struct proc *, void *);

struct cmd_status_list {
	struct proc	**procs;
	u_int		  n;
};

char **
cmd_status_lines(struct proc **procs, u_int n)
{
	char	**lines, *desc;
	size_t	  maxlen = 30, len;
	u_int	  i;

	for (i = 0; i < n; i++) {
		if ((len = strlen(procs[i]->name)) > maxlen)
			maxlen = len;
	}
	lines = xcalloc(n + 1, sizeof *lines);
	for (i = 0; i < n; i++) {
		desc = proc_describe(procs[i]);
		xasprintf(&lines[i], "%-*s%-10s%s", (int)maxlen + 3,
		    procs[i]->name, proc_fsm_state_name(procs[i]->state), desc);
		free(desc);
	}
	return (lines);
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
	bool			 notrunning = false;

	if (argc > 1)
		l.n = cmd_resolve(ctx, argc - 1, argv + 1, &l.procs);
	else
		sv_each(ctx->sv, cmd_status_all, &l);
	lines = cmd_status_lines(l.procs, l.n);
	for (i = 0; i < l.n; i++) {
		cmd_print(ctx, "%s", lines[i]);
		free(lines[i]);
		if (l.procs[i]->state != PROC_RUNNING)
			notrunning = true;
	}
	free(lines);
	free(l.procs);
	if (notrunning && ctx->status == 0)
		ctx->status = CMD_EXIT_NOTRUNNING;
	return (CMD_DONE);
}
