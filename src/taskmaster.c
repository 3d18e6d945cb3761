/*
 * taskmaster: the supervisor with its console in the foreground. It is
 * two processes: the supervisor (taskmasterd's engine, same config, same
 * socket, so taskmasterctl works from another terminal) runs in its own
 * session with no terminal, and the console talks to it over a socketpair
 * with the same protocol as any client. So nothing the terminal does can
 * stop supervision: Ctrl-Z suspends the console alone, a terminal that
 * stops reading blocks the console alone, and output a program sends to
 * /dev/stdout never lands on the screen.
 *
 * It is still one command: quitting the console stops every process and
 * the supervisor, and so do SIGTERM and SIGINT; if the console dies, the
 * supervisor sees its connection close and stops everything too.
 */

#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

#include "log.h"
#include "tui.h"
#include "xmalloc.h"

static struct tui	 console;

static void	usage(FILE *);
static void	restore(void);
static int	supervisor_main(struct daemon *, int, int, bool);
static pid_t	supervisor_fork(struct daemon *, int *, bool, char **);
static int	supervisor_wait(pid_t);

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: taskmaster [-hv] [-c FILE] [--check] [--version]\n"
	    "  -c, --config FILE  the config file (default: searched, see "
	    "taskmaster(1))\n"
	    "      --check        check the config, print every error, exit "
	    "0 or 1\n"
	    "  -v, --verbose      write debug logs in the current folder\n"
	    "  -h, --help         this help\n"
	    "      --version      print the version\n"
	    "Without a terminal, run taskmasterd instead.\n");
}

/* Whatever happens, the terminal is given back. */
static void
restore(void)
{
	tui_stop(&console);
}

/*
 * The supervisor's side of the fork: a session of its own (the terminal's
 * signals never reach it), /dev/null for stdio (the event log has its
 * file), the console's end of the socketpair as the owner client. It says
 * on ready whether it runs, as a detaching taskmasterd does.
 */
static int
supervisor_main(struct daemon *d, int fd, int ready, bool verbose)
{
	struct client	*c;
	char		*cause = NULL;
	int		 nullfd;

	setsid();
	if ((nullfd = open("/dev/null", O_RDWR)) != -1) {
		dup2(nullfd, STDIN_FILENO);
		dup2(nullfd, STDOUT_FILENO);
		dup2(nullfd, STDERR_FILENO);
		if (nullfd > STDERR_FILENO)
			close(nullfd);
	}
	if (verbose) {
		log_open("taskmaster");
		eventlog_level(EVL_DEBUG);
	}
	if (daemon_start(d, false, &cause) != 0) {
		daemon_ready(ready, cause);
		free(cause);
		daemon_free(d);
		return (1);
	}
	util_nonblock(fd);
	c = server_client_create(d->srv, fd, getuid(), getppid());
	c->flags |= CLIENT_OWNER;
	daemon_ready(ready, NULL);
	daemon_run(d);
	event_base_dispatch(d->base);
	daemon_free(d);
	log_close();
	return (0);
}

/*
 * Start the supervisor; returns its pid with *fd the console's end of the
 * connection, or -1 with cause once it said why it cannot run.
 */
static pid_t
supervisor_fork(struct daemon *d, int *fd, bool verbose, char **cause)
{
	char	 buf[4096];
	size_t	 len;
	pid_t	 pid;
	int	 fds[2], ready[2];

	if (socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, fds) == -1) {
		xasprintf(cause, "socketpair: %s", strerror(errno));
		return (-1);
	}
	if (pipe2(ready, O_CLOEXEC) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return (-1);
	}
	switch (pid = fork()) {
	case -1:
		xasprintf(cause, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		close(ready[0]);
		close(ready[1]);
		return (-1);
	case 0:
		close(fds[1]);
		close(ready[0]);
		_exit(supervisor_main(d, fds[0], ready[1], verbose));
	}
	close(fds[0]);
	close(ready[1]);

	/* Before the console starts: "ok", or why it cannot run. */
	len = util_read_all(ready[0], buf, sizeof buf);
	close(ready[0]);
	if (strcmp(buf, "ok") == 0) {
		*fd = fds[1];
		return (pid);
	}
	close(fds[1]);
	supervisor_wait(pid);
	if (len == 0)
		*cause = xstrdup("the supervisor exited before it was ready");
	else
		*cause = xstrdup(buf);
	return (-1);
}

/* Wait for the supervisor to exit; its exit status, or -1. */
static int
supervisor_wait(pid_t pid)
{
	int	 status;

	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return (-1);
	}
	return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
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
	struct daemon		 d;
	struct event_base	*base;
	struct bufferevent	*bev;
	const char		*cfgarg = NULL;
	char			*cause = NULL;
	bool			 check = false, verbose = false;
	int			 ch, fd, rc;
	pid_t			 pid;

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

	/* The config is checked here, where its errors can be read. */
	memset(&d, 0, sizeof d);
	d.progname = "taskmaster";
	if ((rc = daemon_config(&d, cfgarg, check)) != 0)
		return (rc == 1 ? 0 : 1);
	fflush(NULL);
	if ((pid = supervisor_fork(&d, &fd, verbose, &cause)) == -1) {
		fprintf(stderr, "taskmaster: %s\n", cause);
		free(cause);
		daemon_free(&d);
		return (1);
	}
	daemon_free(&d);
	if (verbose)
		log_open("console");

	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	util_nonblock(fd);
	atexit(restore);
	bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (tui_start(&console, base, bev, TUI_EMBEDDED, &cause) != 0) {
		tui_stop(&console);
		fprintf(stderr, "taskmaster: %s\n", cause);
		free(cause);
		/* The supervisor stops everything once fd is closed. */
		tui_free(&console);
		supervisor_wait(pid);
		return (1);
	}
	console.daemon = pid;
	event_base_dispatch(base);

	tui_stop(&console);
	/* The terminal is gone: the supervisor stops everything alone. */
	if (!(console.flags & TUI_HUNGUP) &&
	    supervisor_wait(pid) != 0 && console.exitcode == 0) {
		console.exitcode = 1;
		free(console.message);
		console.message = xstrdup("the supervisor failed; its event "
		    "log says why");
	}
	if (console.message != NULL && console.exitcode != 0)
		fprintf(stderr, "taskmaster: %s\n", console.message);
	tui_free(&console);
	event_base_free(base);
	log_close();
	return (console.exitcode);
}
