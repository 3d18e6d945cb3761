/*
 * signal SIG NAME... sends a signal to processes (the process itself, as
 * supervisorctl does; stop is what signals the whole group), and
 * pid [--json] [NAME...] prints pids: the daemon's own without a name.
 */

#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>

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
	json_t		 *list = NULL;
	u_int		  n, i;
	bool		  json;

	json = cmd_json_flag(&argc, argv);
	if (argc == 1) {
		if (json)
			cmd_json_emit(ctx, json_pack("{s:i}", "pid",
			    (int)getpid()));
		else
			cmd_print(ctx, "%ld", (long)getpid());
		return (CMD_DONE);
	}
	n = cmd_resolve(ctx, argc - 1, argv + 1, &procs);
	if (json)
		list = json_array();
	for (i = 0; i < n; i++) {
		if (json) {
			json_array_append_new(list, json_pack("{s:s, s:o}",
			    "name", procs[i]->name, "pid", procs[i]->pid != 0 ?
			    json_integer(procs[i]->pid) : json_null()));
		} else
			cmd_print(ctx, "%ld", (long)procs[i]->pid);
		if (procs[i]->pid == 0 && ctx->status == 0)
			ctx->status = CMD_EXIT_FAIL;
	}
	if (json)
		cmd_json_emit(ctx, json_pack("{s:o}", "processes", list));
	free(procs);
	return (CMD_DONE);
}
