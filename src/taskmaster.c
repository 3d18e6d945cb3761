/*
 * taskmaster: the supervisor with its console in the foreground. It is
 * taskmasterd (same config, same socket, so taskmasterctl works from
 * another terminal) plus the console, which talks to the supervisor over
 * a socketpair into the same event loop with the same protocol as any
 * client: no second way to start, stop or attach. Quitting stops every
 * process gracefully, then exits; so do SIGTERM and SIGINT.
 */

#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "tui.h"
#include "xmalloc.h"

static struct tui	 console;

static void	usage(FILE *);
static void	restore(void);
static bool	hangup(struct daemon *);

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: taskmaster [-hv] [-c FILE] [--check] [--version]\n"
	    "  -c, --config FILE  the config file (default: searched, see "
	    "taskmaster(1))\n"
	    "      --check        check the config, print every error, exit "
	    "0 or 1\n"
	    "  -v, --verbose      write a debug log in the current folder\n"
	    "  -h, --help         this help\n"
	    "      --version      print the version\n"
	    "Without a terminal, run taskmasterd instead.\n");
}

/*
 * SIGHUP reloads, unless it is the terminal going away (its window was
 * closed): then there is no console, and taskmaster stops everything.
 */
static bool
hangup(struct daemon *d)
{
	int	 fd;

	if ((fd = open("/dev/tty", O_RDWR|O_NOCTTY|O_CLOEXEC)) != -1) {
		close(fd);
		return (false);
	}
	tui_hangup(&console);
	return (true);
}

/* Whatever happens, the terminal is given back. */
static void
restore(void)
{
	tui_stop(&console);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'C' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct daemon	 d;
	const char	*cfgarg = NULL;
	char		*cause = NULL;
	bool		 check = false, verbose = false;
	int		 ch, fds[2], rc;

	while ((ch = getopt_long(argc, argv, "c:vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cfgarg = optarg;
			break;
		case 'C':
			check = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(stdout);
			return (0);
		case 'V':
			printf("taskmaster %s\n", TASKMASTER_VERSION);
			return (0);
		default:
			usage(stderr);
			return (2);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "taskmaster: unexpected argument: %s\n",
		    argv[optind]);
		usage(stderr);
		return (2);
	}
	if (!check && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "taskmaster: the console needs a terminal; "
		    "without one, run taskmasterd (taskmasterd -n -c FILE "
		    "stays in the foreground)\n");
		return (1);
	}

	memset(&d, 0, sizeof d);
	d.progname = "taskmaster";
	d.hangup = hangup;
	if ((rc = daemon_config(&d, cfgarg, check)) != 0)
		return (rc == 1 ? 0 : 1);
	if (verbose) {
		log_open("taskmaster");
		eventlog_level(EVL_DEBUG);
	}

	/* The event log goes to its file: the terminal is the console's. */
	if (daemon_start(&d, false, &cause) != 0) {
		fprintf(stderr, "taskmaster: %s\n", cause);
		free(cause);
		daemon_free(&d);
		return (1);
	}
	if (socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, fds) == -1) {
		fprintf(stderr, "taskmaster: socketpair: %s\n",
		    strerror(errno));
		daemon_free(&d);
		return (1);
	}
	util_nonblock(fds[0]);
	server_client_create(d.srv, fds[0], getuid(), getpid());
	atexit(restore);
	if (tui_start(&console, d.base, fds[1], TUI_EMBEDDED, &cause) != 0) {
		tui_stop(&console);
		fprintf(stderr, "taskmaster: %s\n", cause);
		free(cause);
		daemon_free(&d);
		return (1);
	}
	daemon_run(&d);
	event_base_dispatch(d.base);

	tui_stop(&console);
	if (console.message != NULL && console.exitcode != 0)
		fprintf(stderr, "taskmaster: %s\n", console.message);
	tui_free(&console);
	daemon_free(&d);
	log_close();
	return (console.exitcode);
}
