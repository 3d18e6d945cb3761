/*
 * taskmasterd: the supervisor without a console. With -n (or nodaemon in
 * the config) it stays in the foreground and logs to stderr; otherwise it
 * detaches (double fork, setsid, pidfile) and returns only once the
 * daemon listens, or fails with the reason, so "taskmasterd &&
 * taskmasterctl status" just works. supervisord's options are taken as
 * supervisord means them: -u, -l, -e, -j, and -v for the version.
 */

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "taskmaster.h"
#include "xmalloc.h"

static void	usage(FILE *);
static int	taskmasterd_level(const char *);
static char	*taskmasterd_abs(const char *);
static int	taskmasterd_user(const char *, struct daemon *, char **);

/* supervisord's -e names: theirs above debug are our debug. */
static int
taskmasterd_level(const char *s)
{
	static const struct {
		const char	*name;
		enum evl_level	 level;
	} levels[] = {
		{ "blather", EVL_DEBUG }, { "trace", EVL_DEBUG },
		{ "debug", EVL_DEBUG }, { "info", EVL_INFO },
		{ "warn", EVL_WARN }, { "warning", EVL_WARN },
		{ "error", EVL_ERROR }, { "critical", EVL_ERROR },
	};
	u_int	i;

	for (i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		if (strcasecmp(s, levels[i].name) == 0)
			return (levels[i].level);
	}
	return (-1);
}

/* A path from the command line, absolute against the current folder. */
static char *
taskmasterd_abs(const char *path)
{
	char	cwd[PATH_MAX];

	if (*path == '/' || getcwd(cwd, sizeof cwd) == NULL)
		return (xstrdup(path));
	return (xstrfmt("%s/%s", cwd, path));
}

/*
 * -u USER: once the socket, the logs and the pidfile are open as root,
 * become USER (a name or a uid) before any process starts; the socket
 * becomes the user's, so that user's clients can connect.
 */
static int
taskmasterd_user(const char *user, struct daemon *d, char **cause)
{
	struct passwd	*pw;
	char		*end;
	unsigned long	 n;
	uid_t		 uid;
	gid_t		 gid;

	if ((pw = getpwnam(user)) == NULL) {
		errno = 0;
		n = strtoul(user, &end, 10);
		if (*user < '0' || *user > '9' || *end != '\0' || errno != 0 ||
		    n >= UINT_MAX) {
			xasprintf(cause, "-u: no such user \"%s\"", user);
			return (-1);
		}
		uid = n;
		pw = getpwuid(uid);
		gid = pw != NULL ? pw->pw_gid : uid;
	} else {
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	if (geteuid() != 0) {
		if (uid == geteuid())
			return (0);
		xasprintf(cause, "-u %s: only root can become another user",
		    user);
		return (-1);
	}
	if (d->sockpath != NULL && chown(d->sockpath, uid, gid) == -1) {
		xasprintf(cause, "-u %s: chown %s: %s", user, d->sockpath,
		    strerror(errno));
		return (-1);
	}
	if (setgroups(0, NULL) == -1 || (pw != NULL &&
	    initgroups(pw->pw_name, gid) == -1) || setgid(gid) == -1 ||
	    setuid(uid) == -1) {
		xasprintf(cause, "-u %s: cannot become that user: %s", user,
		    strerror(errno));
		return (-1);
	}
	eventlog(EVL_INFO, NULL, "running as %s (uid %ld)", pw != NULL ?
	    pw->pw_name : user, (long)uid);
	return (0);
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: taskmasterd [-hnv] [-c FILE] [-u USER] [-l LOGFILE] "
	    "[-e LEVEL] [-j PIDFILE]\n"
	    "                   [--check] [--debug]\n"
	    "  -c, --configuration, --config FILE  the config file (default: "
	    "searched,\n"
	    "                     see taskmasterd(8))\n"
	    "  -n, --nodaemon     stay in the foreground, log to stderr\n"
	    "  -u, --user USER    run as USER once the socket is open (as "
	    "root)\n"
	    "  -l, --logfile FILE the event log (instead of the config's)\n"
	    "  -e, --loglevel L   debug, info, warn or error (supervisord's "
	    "names too)\n"
	    "  -j, --pidfile FILE the pidfile (instead of the config's)\n"
	    "      --check        check the config, print every error, exit "
	    "0 or 1\n"
	    "      --debug        write a debug log in the current folder\n"
	    "  -h, --help         this help\n"
	    "  -v, --version      print the version\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "configuration", required_argument, NULL, 'c' },
		{ "nodaemon", no_argument, NULL, 'n' },
		{ "user", required_argument, NULL, 'u' },
		{ "logfile", required_argument, NULL, 'l' },
		{ "loglevel", required_argument, NULL, 'e' },
		{ "pidfile", required_argument, NULL, 'j' },
		{ "check", no_argument, NULL, 'C' },
		{ "debug", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	struct daemon	 d;
	const char	*cfgarg = NULL, *user = NULL, *logarg = NULL;
	const char	*pidarg = NULL;
	char		*cause = NULL;
	bool		 nodaemon = false, check = false, verbose = false;
	int		 ch, ready = -1, rc, level = -1;

	while ((ch = getopt_long(argc, argv, "c:nvhu:l:e:j:", longopts,
	    NULL)) != -1) {
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
		case 'D':
			verbose = true;
			break;
		case 'u':
			user = optarg;
			break;
		case 'l':
			logarg = optarg;
			break;
		case 'j':
			pidarg = optarg;
			break;
		case 'e':
			if ((level = taskmasterd_level(optarg)) == -1) {
				fprintf(stderr, "taskmasterd: -e wants debug, "
				    "info, warn or error, got \"%s\"\n",
				    optarg);
				return (2);
			}
			break;
		case 'h':
			usage(stdout);
			return (0);
		case 'v':
			/* supervisord's -v is its version, not verbose. */
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
	if (logarg != NULL) {
		free(d.cf->logfile);
		d.cf->logfile = taskmasterd_abs(logarg);
	}
	if (pidarg != NULL) {
		free(d.cf->pidfile);
		d.cf->pidfile = taskmasterd_abs(pidarg);
	}
	if (level != -1)
		eventlog_level(level);
	/* nodaemon=true: a container's main process stays in front. */
	if (d.cf->nodaemon)
		nodaemon = true;

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
	/* [supervisord] user=, when -u does not say. */
	if (user == NULL)
		user = d.sv->cf->user;
	if (user != NULL && taskmasterd_user(user, &d, &cause) != 0) {
		daemon_ready(ready, cause);
		eventlog(EVL_ERROR, NULL, "cannot start: %s", cause);
		if (ready == -1)
			fprintf(stderr, "taskmasterd: %s\n", cause);
		free(cause);
		daemon_free(&d);
		return (1);
	}
	daemon_ready(ready, NULL);
	daemon_run(&d);
	event_base_dispatch(d.base);
	rc = d.sv->exit_code;
	daemon_free(&d);
	log_close();
	return (rc);
}
