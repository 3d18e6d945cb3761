/*
 * signal SIG NAME... sends a signal to processes (the process itself, as
 * supervisorctl does; stop is what signals the whole group), and
 * pid [NAME...] prints pids: the daemon's own without a name.
 */

#include <stdlib.h>
#include <unistd.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

enum cmd_retval
cmd_signal_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct proc	**procs;
	char		 *cause = NULL;
	u_int		  n, i;
	int		  sig;

	if (signame_parse(argv[1], &sig, &cause) != 0) {
		cmd_error(ctx, CMD_EXIT_USAGE, "signal: %s", cause);
		free(cause);
		return (CMD_DONE);
	}
	n = cmd_resolve(ctx, argc - 2, argv + 2, &procs);
	for (i = 0; i < n; i++) {
		if (proc_signal(procs[i], sig, &cause) != 0) {
			cmd_error(ctx, CMD_EXIT_FAIL, "%s: ERROR (%s)",
			    procs[i]->name, cause);
			free(cause);
			cause = NULL;
		} else
			cmd_print(ctx, "%s: signalled", procs[i]->name);
	}
	free(procs);
	return (CMD_DONE);
}

enum cmd_retval
cmd_pid_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct proc	**procs;
	u_int		  n, i;

	if (argc == 1) {
		cmd_print(ctx, "%ld", (long)getpid());
		return (CMD_DONE);
	}
	n = cmd_resolve(ctx, argc - 1, argv + 1, &procs);
	for (i = 0; i < n; i++) {
		cmd_print(ctx, "%ld", (long)procs[i]->pid);
		if (procs[i]->pid == 0 && ctx->status == 0)
			ctx->status = CMD_EXIT_FAIL;
	}
	free(procs);
	return (CMD_DONE);
}
