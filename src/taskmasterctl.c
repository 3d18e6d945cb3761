/*
 * taskmasterctl: the control client. With a command it runs that one
 * command against the daemon and exits with its status (0 done, 1
 * failed, 2 usage, 3 a listed process is not RUNNING, 4 no daemon).
 *
 * supervisorctl's command lines work too: -u and -p, and a whole command
 * in one argument ("signal HUP web"), as some deployment tools send it.
 */

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "auth.h"
#include "cfg.h"
#include "client.h"
#include "proto.h"
#include "tui.h"
#include "xmalloc.h"

static void	usage(FILE *);
static int	ctl_help(int, char **);
static int	ctl_run(int, char **, const char *, const char *);

static int	ctl_attach(struct client_conn *, int, char **);
static int	ctl_console(struct client_conn *);

static struct client_opts ctl_opts;
/* stdout of a command: see ctl_run. */
static char ctl_outbuf[64 * 1024];

/* The console against a running daemon; q leaves it, the daemon stays. */
static int
ctl_console(struct client_conn *c)
{
	struct event_base	*base;
	struct tui		 t;
	char			*cause = NULL;
	int			 flags = 0;

	memset(&t, 0, sizeof t);
	base = event_base_new();
	if (c->role == AUTH_READONLY)
		flags |= TUI_READONLY;
	if (tui_start(&t, base, client_conn_bev(c, base), flags,
	    &cause) != 0) {
		tui_stop(&t);
		fprintf(stderr, "taskmasterctl: %s\n", cause);
		free(cause);
		tui_free(&t);
		event_base_free(base);
		return (CMD_EXIT_FAIL);
	}
	event_base_dispatch(base);
	tui_stop(&t);
	if (t.message != NULL && t.exitcode != 0)
		fprintf(stderr, "taskmasterctl: %s\n", t.message);
	tui_free(&t);
	event_base_free(base);
	return (t.exitcode);
}

/* attach [--read-only] NAME, checked here: it takes over the terminal. */
static int
ctl_attach(struct client_conn *c, int argc, char **argv)
{
	const char	*name;
	char		*cause = NULL;
	bool		 ro;

	if (cmd_attach_args(argc, argv, &name, &ro, NULL, NULL,
	    &cause) != 0) {
		fprintf(stderr, "taskmasterctl: %s\n", cause);
		free(cause);
		return (CMD_EXIT_USAGE);
	}
	return (client_attach(c, name, ro));
}

static void
usage(FILE *f)
{
	const struct cmd_entry	*ce;

	fprintf(f,
	    "usage: taskmasterctl [-h] [-c FILE] [-s SOCKET] [-p PASSWORD] "
	    "[COMMAND [ARG...]]\n"
	    "  with no command on a terminal: the full-screen console\n"
	    "  -c, --config FILE    read the socket path from this config\n"
	    "  -s, --socket SOCKET  the daemon's socket (default: "
	    "$TASKMASTER_SOCKET,\n"
	    "                       then the config's, then the default), or\n"
	    "                       HOST:PORT, tcp://HOST:PORT, "
	    "tls://HOST:PORT\n"
	    "      --password-file FILE  the password for TCP (default: "
	    "$TASKMASTER_PASSWORD,\n"
	    "                       else asked on the terminal)\n"
	    "  -p, --password PASS  the password on the command line (others "
	    "can see it:\n"
	    "                       prefer --password-file)\n"
	    "  -u, --username USER  accepted for supervisorctl's sake; "
	    "taskmaster has no\n"
	    "                       user names\n"
	    "      --ca FILE        the CA that signed a tls:// daemon's "
	    "certificate\n"
	    "      --insecure       tls:// without checking the daemon's "
	    "certificate\n"
	    "  -h, --help           this help\n"
	    "      --version        print the version\n"
	    "commands:");
	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (!(ce->flags & CMD_HIDDEN))
			fprintf(f, " %s", ce->name);
	}
	fprintf(f, "\n");
}

/* help needs no daemon: the table is ours too. */
static int
ctl_help(int argc, char **argv)
{
	char	**lines, *cause = NULL;
	u_int	  i;

	if ((lines = cmd_help_lines(argc == 2 ? argv[1] : NULL,
	    &cause)) == NULL) {
		fprintf(stderr, "taskmasterctl: help: %s\n", cause);
		free(cause);
		return (CMD_EXIT_FAIL);
	}
	for (i = 0; lines[i] != NULL; i++) {
		printf("%s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
	return (CMD_EXIT_OK);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "password-file", required_argument, NULL, 'P' },
		{ "password", required_argument, NULL, 'p' },
		{ "username", required_argument, NULL, 'u' },
		{ "ca", required_argument, NULL, 'A' },
		{ "insecure", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct client_conn	*c;
	const char		*cfgarg = NULL, *sarg = NULL;
	char			*cause = NULL, **words = NULL;
	int			 ch, status, nwords;

	while ((ch = getopt_long(argc, argv, "+c:s:hp:u:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			cfgarg = optarg;
			break;
		case 's':
			sarg = optarg;
			break;
		case 'P':
			ctl_opts.password_file = optarg;
			break;
		case 'p':
			/* Out of ps's sight as soon as we can. */
			ctl_opts.password = xstrdup(optarg);
			explicit_bzero(optarg, strlen(optarg));
			break;
		case 'u':
			/* The secret alone proves who may do what. */
			break;
		case 'A':
			ctl_opts.ca = optarg;
			break;
		case 'I':
			ctl_opts.insecure = true;
			break;
		case 'h':
			usage(stdout);
			return (0);
		case 'V':
			printf("taskmasterctl %s\n", TASKMASTER_VERSION);
			return (0);
		default:
			usage(stderr);
			return (CMD_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	signal(SIGPIPE, SIG_IGN);
	if (argc == 0) {
		/* No command: the console, when there is a terminal. */
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			usage(stderr);
			return (CMD_EXIT_USAGE);
		}
		if ((c = client_open(sarg, cfgarg, &ctl_opts, &status)) == NULL)
			return (status);
		status = ctl_console(c);
		client_conn_close(c);
		return (status);
	}

	/* "signal HUP web" in one argument: split as a shell would. */
	if (argc == 1 && argv[0][strcspn(argv[0], " \t")] != '\0') {
		if (argv_split(argv[0], &nwords, &words, &cause) != 0) {
			fprintf(stderr, "taskmasterctl: %s\n", cause);
			free(cause);
			return (CMD_EXIT_USAGE);
		}
		if (nwords > 0) {
			argc = nwords;
			argv = words;
		}
	}
	status = ctl_run(argc, argv, sarg, cfgarg);
	argv_free(words);
	return (status);
}

/* Run one command line against the daemon. */
static int
ctl_run(int argc, char **argv, const char *sarg, const char *cfgarg)
{
	const struct cmd_entry	*ce;
	struct client_conn	*c;
	char			*cause = NULL;
	int			 status;

	/* Bad usage is found here, without asking the daemon. */
	if ((ce = cmd_find(argv[0], &cause)) == NULL ||
	    cmd_check(ce, argc, &cause) != 0) {
		fprintf(stderr, "taskmasterctl: %s\n", cause);
		free(cause);
		return (CMD_EXIT_USAGE);
	}
	if (ce->flags & CMD_CLIENT)
		return (CMD_EXIT_OK);
	if (ce->flags & CMD_HIDDEN) {
		fprintf(stderr, "taskmasterctl: %s is for the console, not for "
		    "scripts\n", ce->name);
		return (CMD_EXIT_USAGE);
	}
	if (ce->id == CMD_HELP)
		return (ctl_help(argc, argv));

	if ((c = client_open(sarg, cfgarg, &ctl_opts, &status)) == NULL)
		return (status);
	if (ce->id == CMD_ATTACH)
		status = ctl_attach(c, argc, argv);
	else {
		/*
		 * Written a buffer at a time, not a line at a time (status
		 * of 10,000 processes: 10,000 writes); client_command
		 * flushes before it waits, so tail -f still shows each
		 * line as it comes.
		 */
		setvbuf(stdout, ctl_outbuf, _IOFBF, sizeof ctl_outbuf);
		status = client_command(c, argc, argv);
	}
	client_conn_close(c);
	return (status);
}
