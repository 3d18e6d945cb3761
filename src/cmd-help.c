/*
 * help, version and quit: the commands about taskmaster itself.
 */

#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* help lists the commands; the client's table is the daemon's. */
enum cmd_retval
cmd_help_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	char	**lines, *cause = NULL;
	u_int	  i;

	if ((lines = cmd_help_lines(argc == 2 ? argv[1] : NULL,
	    &cause)) == NULL) {
		cmd_error(ctx, CMD_EXIT_FAIL, "help: %s", cause);
		free(cause);
		return (CMD_DONE);
	}
	for (i = 0; lines[i] != NULL; i++) {
		cmd_print(ctx, "%s", lines[i]);
		free(lines[i]);
	}
	free(lines);
	return (CMD_DONE);
}

enum cmd_retval
cmd_version_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	cmd_print(ctx, "%s", TASKMASTER_VERSION);
	return (CMD_DONE);
}

enum cmd_retval
cmd_quit_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	return (CMD_DONE);
}
