/*
 * The command table every front end reads, and what can be decided from it
 * alone: which command a word names, whether its argument count is right,
 * its usage and help, and attach's arguments (which the client must read
 * itself, since attach takes over its terminal). Running a command is the
 * daemon's business (cmd.c); nothing here touches a process.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "xmalloc.h"

static char	*cmd_table_join(char *, const char *);

const struct cmd_entry cmd_table[] = {
	{ .id = CMD_STATUS, .name = "status",
	  .usage = "[-l] [--json] [NAME...]",
	  .help = "show the state of processes (all by default; -l: with "
	  "CPU and memory)",
	  .lower = 0, .upper = -1, .flags = CMD_READONLY,
	  .first = CMD_ARG_NAMES, .rest = CMD_ARG_NAMES,
	  .options = { "-l", "--json" } },
	{ .id = CMD_START, .name = "start",
	  .usage = "NAME...",
	  .help = "start processes (NAME, PROGRAM, PROGRAM:*, or all)",
	  .lower = 1, .upper = -1,
	  .first = CMD_ARG_NAMES, .rest = CMD_ARG_NAMES },
	{ .id = CMD_STOP, .name = "stop",
	  .usage = "NAME...",
	  .help = "stop processes gracefully (stopsignal, SIGKILL after "
	  "stoptime)",
	  .lower = 1, .upper = -1,
	  .first = CMD_ARG_NAMES, .rest = CMD_ARG_NAMES },
	{ .id = CMD_RESTART, .name = "restart",
	  .usage = "NAME...",
	  .help = "stop then start processes (the config is not re-read)",
	  .lower = 1, .upper = -1,
	  .first = CMD_ARG_NAMES, .rest = CMD_ARG_NAMES },
	{ .id = CMD_SIGNAL, .name = "signal",
	  .usage = "SIGNAL NAME...",
	  .help = "send a signal (HUP, SIGUSR1, 15...) to processes",
	  .lower = 2, .upper = -1,
	  .first = CMD_ARG_SIGNAL, .rest = CMD_ARG_NAMES },
	{ .id = CMD_PID, .name = "pid",
	  .usage = "[--json] [NAME...]",
	  .help = "print the pid of processes, or of the daemon",
	  .lower = 0, .upper = -1, .flags = CMD_READONLY,
	  .first = CMD_ARG_NAMES, .rest = CMD_ARG_NAMES,
	  .options = { "--json" } },
	{ .id = CMD_RELOAD, .name = "reload",
	  .usage = "[--dry-run] [--json]",
	  .help = "re-read the config and apply only what changed",
	  .lower = 0, .upper = 2,
	  .options = { "--dry-run", "--json" } },
	{ .id = CMD_REREAD, .name = "reread",
	  .usage = "",
	  .help = "say what a reload would change (supervisorctl's shape)",
	  .lower = 0, .upper = 0, .flags = CMD_READONLY },
	{ .id = CMD_UPDATE, .name = "update",
	  .usage = "[all | NAME...]",
	  .help = "apply the config, to every program or to these only",
	  .lower = 0, .upper = -1,
	  .first = CMD_ARG_NAMES, .rest = CMD_ARG_NAMES },
	{ .id = CMD_ADD, .name = "add",
	  .usage = "NAME...",
	  .help = "start using programs of the config file",
	  .lower = 1, .upper = -1 },
	{ .id = CMD_REMOVE, .name = "remove",
	  .usage = "NAME...",
	  .help = "stop using stopped programs",
	  .lower = 1, .upper = -1,
	  .first = CMD_ARG_NAMES, .rest = CMD_ARG_NAMES },
	{ .id = CMD_AVAIL, .name = "avail",
	  .usage = "[--json]",
	  .help = "list the programs, in use or only in the config file",
	  .lower = 0, .upper = 1, .flags = CMD_READONLY,
	  .options = { "--json" } },
	{ .id = CMD_CLEAR, .name = "clear",
	  .usage = "NAME...",
	  .help = "empty the output files and the scrollback of processes",
	  .lower = 1, .upper = -1,
	  .first = CMD_ARG_NAMES, .rest = CMD_ARG_NAMES },
	{ .id = CMD_MAINTAIL, .name = "maintail",
	  .usage = "[-f] [-n LINES]",
	  .help = "print the event log's last lines (-f: and follow it)",
	  .lower = 0, .upper = 3, .flags = CMD_READONLY,
	  .options = { "-f", "-n" }, .takes_value = "-n" },
	{ .id = CMD_SHUTDOWN, .name = "shutdown",
	  .usage = "",
	  .help = "stop every process and the daemon",
	  .lower = 0, .upper = 0 },
	{ .id = CMD_VERSION, .name = "version",
	  .usage = "",
	  .help = "print the daemon's version",
	  .lower = 0, .upper = 0, .flags = CMD_READONLY },
	{ .id = CMD_HELP, .name = "help",
	  .usage = "[COMMAND]",
	  .help = "list the commands, or explain one",
	  .lower = 0, .upper = 1, .flags = CMD_READONLY,
	  .first = CMD_ARG_COMMAND },
	{ .id = CMD_QUIT, .name = "quit", .aliases = { "exit" },
	  .usage = "",
	  .help = "leave the console (taskmaster stops every process first)",
	  .lower = 0, .upper = 0, .flags = CMD_CLIENT|CMD_READONLY },
	{ .id = CMD_TAIL, .name = "tail",
	  .usage = "[-f] [-n LINES] NAME",
	  .help = "print what a process printed (its screen and scrollback)",
	  .lower = 1, .upper = 4, .flags = CMD_READONLY,
	  .first = CMD_ARG_ONE,
	  .options = { "-f", "-n" }, .takes_value = "-n" },
	{ .id = CMD_ATTACH, .name = "attach", .aliases = { "fg" },
	  .usage = "[--read-only] NAME",
	  .help = "show a process's screen and type to it (Ctrl-] detaches)",
	  .lower = 1, .upper = 4,
	  .first = CMD_ARG_ONE,
	  .options = { "--read-only" } },
	{ .id = CMD_WAITFOR, .name = "wait",
	  .usage = "[--timeout SECONDS] [--state STATE] NAME...",
	  .help = "wait until processes are RUNNING (or in STATE)",
	  .lower = 1, .upper = -1, .flags = CMD_READONLY,
	  .first = CMD_ARG_NAMES, .rest = CMD_ARG_NAMES,
	  .options = { "--timeout", "--state" }, .takes_value = "--timeout" },
	{ .id = CMD_ALERTS, .name = "alerts",
	  .usage = "[--json]",
	  .help = "list the alerts: target, events, messages sent, failed "
	  "and suppressed, last error",
	  .lower = 0, .upper = 1, .flags = CMD_READONLY,
	  .options = { "--json" } },
	{ .id = CMD_ALERT, .name = "alert",
	  .usage = "test NAME",
	  .help = "send a test message through an alert; answers once it "
	  "is delivered or failed",
	  .lower = 2, .upper = 2,
	  .options = { "test" } },
	{ .id = CMD_SUBSCRIBE, .name = "subscribe",
	  .usage = "",
	  .help = "stream process states and events (for the console)",
	  .lower = 0, .upper = 0, .flags = CMD_HIDDEN|CMD_READONLY },
	{ .name = NULL }
};

/* Append ", word" (or "word" to nothing) to a list; returns the list. */
static char *
cmd_table_join(char *list, const char *word)
{
	char	*out;

	if (list == NULL)
		return (xstrdup(word));
	out = xstrfmt("%s, %s", list, word);
	free(list);
	return (out);
}

const struct cmd_entry *
cmd_find(const char *name, char **cause)
{
	const struct cmd_entry	*ce, *found = NULL;
	const char *const	*alias;
	size_t			 len = strlen(name);
	char			*list = NULL;
	int			 n = 0;

	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (strcmp(ce->name, name) == 0)
			return (ce);
		for (alias = ce->aliases; *alias != NULL; alias++) {
			if (strcmp(*alias, name) == 0)
				return (ce);
		}
	}
	for (ce = cmd_table; ce->name != NULL && len > 0; ce++) {
		/* Front-end commands are never guessed from a prefix. */
		if (ce->flags & CMD_HIDDEN)
			continue;
		if (strncmp(ce->name, name, len) != 0)
			continue;
		found = ce;
		list = cmd_table_join(list, ce->name);
		n++;
	}
	if (n == 1) {
		free(list);
		return (found);
	}
	if (n > 1)
		xasprintf(cause, "ambiguous command: %s (could be %s)", name,
		    list);
	else
		xasprintf(cause, "unknown command: %s (try \"help\")", name);
	free(list);
	return (NULL);
}

const struct cmd_entry *
cmd_get(enum cmd_id id)
{
	const struct cmd_entry	*ce;

	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (ce->id == id)
			return (ce);
	}
	return (NULL);
}

char *
cmd_usage(const struct cmd_entry *ce)
{
	return (xstrfmt("usage: %s%s%s", ce->name, *ce->usage != '\0' ?
	    " " : "", ce->usage));
}

int
cmd_check(const struct cmd_entry *ce, int argc, char **cause)
{
	int	 n = argc - 1;

	if ((ce->lower != -1 && n < ce->lower) ||
	    (ce->upper != -1 && n > ce->upper)) {
		*cause = cmd_usage(ce);
		return (-1);
	}
	return (0);
}

char **
cmd_help_lines(const char *topic, char **cause)
{
	const struct cmd_entry	*ce;
	char			**lines, *usage, *also = NULL;
	const char *const	 *alias;
	u_int			  n = 0;

	lines = xcalloc(CMD_NIDS + 4, sizeof *lines);
	if (topic != NULL) {
		if ((ce = cmd_find(topic, cause)) == NULL) {
			free(lines);
			return (NULL);
		}
		lines[n++] = cmd_usage(ce);
		lines[n++] = xstrfmt("  %s", ce->help);
		for (alias = ce->aliases; *alias != NULL; alias++)
			also = cmd_table_join(also, *alias);
		if (also != NULL) {
			lines[n++] = xstrfmt("  (also: %s)", also);
			free(also);
		}
		return (lines);
	}
	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (ce->flags & CMD_HIDDEN)
			continue;
		usage = xstrfmt("%s%s%s", ce->name, *ce->usage != '\0' ?
		    " " : "", ce->usage);
		lines[n++] = xstrfmt("  %-26s %s", usage, ce->help);
		free(usage);
	}
	return (lines);
}

int
cmd_attach_args(int argc, char **argv, const char **name, bool *ro,
    u_int *cols, u_int *rows, char **cause)
{
	char	 x;
	int	 i;

	*name = NULL;
	*ro = false;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--read-only") == 0 ||
		    strcmp(argv[i], "-r") == 0)
			*ro = true;
		else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc &&
		    cols != NULL) {
			if (sscanf(argv[++i], "%ux%u%c", cols, rows, &x) != 2 ||
			    *cols < 2 || *rows < 2 || *cols > 1000 ||
			    *rows > 1000) {
				xasprintf(cause, "attach: --size wants "
				    "COLSxROWS from 2x2 to 1000x1000, got "
				    "\"%s\"", argv[i]);
				return (-1);
			}
		} else if (argv[i][0] != '-' && *name == NULL)
			*name = argv[i];
		else {
			*name = NULL;
			break;
		}
	}
	if (*name == NULL) {
		*cause = cmd_usage(cmd_get(CMD_ATTACH));
		return (-1);
	}
	return (0);
}
