/*
 * help, version and quit: the commands about taskmaster itself.
 */

#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_help_exec(struct cmd_ctx *, int, char **);
static enum cmd_retval	cmd_version_exec(struct cmd_ctx *, int, char **);
static enum cmd_retval	cmd_quit_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.help = "list the commands, or explain one",
	.lower = 0,
	.upper = 1,
	.exec = cmd_help_exec
};

const struct cmd_entry cmd_version_entry = {
	.name = "version",
	.usage = "",
	.help = "print the daemon's version",
	.lower = 0,
	.upper = 0,
	.exec = cmd_version_exec
};

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.alias = "exit",
	.usage = "",
	.help = "leave the console (taskmaster stops every process first)",
	.lower = 0,
	.upper = 0,
	.flags = CMD_CLIENT,
	.exec = cmd_quit_exec
};

static enum cmd_retval
cmd_help_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry	**ce, *e;
	char			 *cause = NULL, *usage;

	if (argc == 2) {
		if ((e = cmd_find(argv[1], &cause)) == NULL) {
			cmd_error(ctx, CMD_EXIT_FAIL, "help: %s", cause);
			free(cause);
			return (CMD_DONE);
		}
		usage = cmd_usage(e);
		cmd_print(ctx, "%s", usage);
		cmd_print(ctx, "  %s", e->help);
		if (e->alias != NULL)
			cmd_print(ctx, "  (also: %s)", e->alias);
		free(usage);
		return (CMD_DONE);
	}
	for (ce = cmd_table; *ce != NULL; ce++) {
		if ((*ce)->flags & CMD_HIDDEN)
			continue;
		xasprintf(&usage, "%s%s%s", (*ce)->name,
		    *(*ce)->usage != '\0' ? " " : "", (*ce)->usage);
		cmd_print(ctx, "  %-26s %s", usage, (*ce)->help);
		free(usage);
	}
	return (CMD_DONE);
}

static enum cmd_retval
cmd_version_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	cmd_print(ctx, "%s", TASKMASTER_VERSION);
	return (CMD_DONE);
}

static enum cmd_retval
cmd_quit_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	return (CMD_DONE);
}
