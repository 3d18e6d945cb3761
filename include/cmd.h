/*
 * The command table as every front end sees it: names, aliases, usage,
 * argument counts, what each argument is (for completion) and whether a
 * command changes anything. taskmasterctl, the console and the daemon all
 * read it; only the daemon runs commands (cmd.c and cmd-*.c, beside the
 * engine), so a client links none of that.
 */

#ifndef CMD_H
#define CMD_H

#include <stdbool.h>
#include <sys/types.h>

/* Every command, so the daemon can find its executor by number. */
enum cmd_id {
	CMD_STATUS,
	CMD_START,
	CMD_STOP,
	CMD_RESTART,
	CMD_SIGNAL,
	CMD_PID,
	CMD_RELOAD,
	CMD_SHUTDOWN,
	CMD_VERSION,
	CMD_HELP,
	CMD_QUIT,
	CMD_TAIL,
	CMD_ATTACH,
	CMD_SUBSCRIBE,
	CMD_WAITFOR,		/* "wait" */
	CMD_REREAD,
	CMD_UPDATE,
	CMD_ADD,
	CMD_REMOVE,
	CMD_AVAIL,
	CMD_CLEAR,
	CMD_MAINTAIL,
	CMD_ALERTS,
	CMD_ALERT,
	CMD_NIDS
};

/* What an argument of a command is, for completion. */
enum cmd_arg {
	CMD_ARG_NONE,
	CMD_ARG_COMMAND,	/* a command name */
	CMD_ARG_SIGNAL,		/* a signal name */
	CMD_ARG_NAMES,		/* process or program names, and "all" */
	CMD_ARG_ONE		/* one process */
};

struct cmd_entry {
	enum cmd_id	 id;
	const char	*name;
	const char	*aliases[3];	/* supervisorctl's names; NULL-ended */
	const char	*usage;		/* arguments, "NAME..." */
	const char	*help;		/* one line */
	int		 lower;		/* argument count bounds; -1: any */
	int		 upper;
	int		 flags;
#define CMD_CLIENT	 0x1	/* handled by the client, never sent */
#define CMD_HIDDEN	 0x2	/* for front ends: not in help or completion */
#define CMD_READONLY	 0x4	/* changes nothing */
	enum cmd_arg	 first;		/* the first argument */
	enum cmd_arg	 rest;		/* the arguments after it */
	const char	*options[4];	/* offered before the arguments */
	const char	*takes_value;	/* the option followed by a value */
};

/* Every command, in the order help lists them; ends with a NULL name. */
extern const struct cmd_entry cmd_table[];

/*
 * Find a command by name, alias or unique prefix. Returns NULL with cause
 * ("unknown command", "ambiguous: start, status, stop").
 */
const struct cmd_entry *cmd_find(const char *, char **);
/* The entry of a command by number. */
const struct cmd_entry *cmd_get(enum cmd_id);
/* Check argument counts; fills cause with the usage line. */
int	 cmd_check(const struct cmd_entry *, int, char **);
/* The usage line of a command: "usage: start NAME..." (caller frees). */
char	*cmd_usage(const struct cmd_entry *);
/*
 * What help prints: every command with its usage, or one command
 * explained (topic not NULL). Returns NULL-terminated lines (caller
 * frees each and the array), or NULL with cause for an unknown topic.
 */
char	**cmd_help_lines(const char *, char **);
/*
 * Read attach's arguments: [--read-only|-r] [--size COLSxROWS] NAME
 * (--size only when cols is not NULL). Fills cause with the usage.
 */
int	 cmd_attach_args(int, char **, const char **, bool *, u_int *,
	     u_int *, char **);

#endif
