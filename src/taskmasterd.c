/*
 * taskmasterd: the supervisor without a console. With -n it stays in the
 * foreground and logs to stderr; otherwise it detaches (double fork,
 * setsid, pidfile) and returns only once the daemon listens, or fails
 * with the reason, so "taskmasterd && taskmasterctl status" just works.
 */

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "taskmaster.h"
#include "xmalloc.h"

static void	usage(FILE *);

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: taskmasterd [-hnv] [-c FILE] [--check] [--version]\n"
	    "  -c, --config FILE  the config file (default: searched, see "
	    "taskmasterd(8))\n"
	    "  -n, --nodaemon     stay in the foreground, log to stderr\n"
	    "      --check        check the config, print every error, exit "
	    "0 or 1\n"
	    "  -v, --verbose      write a debug log in the current folder\n"
	    "  -h, --help         this help\n"
	    "      --version      print the version\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "nodaemon", no_argument, NULL, 'n' },
		{ "check", no_argument, NULL, 'C' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct daemon	 d;
	const char	*cfgarg = NULL;
	char		*cause = NULL;
	bool		 nodaemon = false, check = false, verbose = false;
	int		 ch, ready = -1, rc;

	while ((ch = getopt_long(argc, argv, "c:nvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cfgarg = optarg;
			break;
		case 'n':
			nodaemon = true;
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
			printf("taskmasterd %s\n", TASKMASTER_VERSION);
			return (0);
		default:
			usage(stderr);
			return (2);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "taskmasterd: unexpected argument: %s\n",
		    argv[optind]);
		usage(stderr);
		return (2);
	}

	memset(&d, 0, sizeof d);
	d.progname = "taskmasterd";
	if ((rc = daemon_config(&d, cfgarg, check)) != 0)
		return (rc == 1 ? 0 : 1);

	/* Before detaching: the debug log goes in the current folder. */
	if (verbose) {
		log_open("taskmasterd");
		eventlog_level(EVL_DEBUG);
	}
	if (!nodaemon) {
		if (daemon_detach(&ready, &cause) != 0) {
			fprintf(stderr, "taskmasterd: %s\n", cause);
			return (1);
		}
		d.detached = true;
	}
	if (daemon_start(&d, nodaemon, &cause) != 0) {
		if (ready != -1) {
			daemon_ready(ready, cause);
			eventlog(EVL_ERROR, NULL, "cannot start: %s", cause);
		} else
			fprintf(stderr, "taskmasterd: %s\n", cause);
		free(cause);
		daemon_free(&d);
		return (1);
	}
	daemon_ready(ready, NULL);
	daemon_run(&d);
	event_base_dispatch(d.base);
	daemon_free(&d);
	log_close();
	return (0);
}
