/*
 * The daemon's life around the event loop, shared by taskmasterd and the
 * taskmaster console: load the config, become a child subreaper, raise
 * the fd limit (a thousand processes need thousands of fds), listen on
 * the control socket, turn signals into events, and tear it all down
 * once every process has stopped.
 */

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"
#include "log.h"
#include "logfile.h"
#include "notify.h"
#include "proto.h"
#include "path.h"
#include "taskmaster.h"
#include "xmalloc.h"

static void	daemon_signal_cb(evutil_socket_t, short, void *);
static void	daemon_signals(struct daemon *);
static void	daemon_exit_cb(struct supervisor *);
static void	daemon_reload_cb(struct supervisor *);
static void	daemon_exit_done(void *);
static int	daemon_pidfile(struct daemon *, char **);
static void	daemon_pidfile_remove(struct daemon *);
static char	*daemon_default_path(const char *, const char *);

struct cfg *
daemon_load(const char *progname, const char *path, char **found)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	char			*cause = NULL, *p;

	*found = NULL;
	if (path == NULL) {
		if ((p = cfg_find(&cause)) == NULL) {
			fprintf(stderr, "%s: %s\n", progname, cause);
			free(cause);
			return (NULL);
		}
	} else
		p = xstrdup(path);
	diag_init(&dl);
	cf = cfg_load(p, &dl);
	diag_print(&dl, stderr);
	if (cf == NULL)
		fprintf(stderr, "%s: %s: %u error%s\n", progname, p,
		    dl.nerrors, dl.nerrors == 1 ? "" : "s");
	diag_clear(&dl);
	if (cf == NULL) {
		free(p);
		return (NULL);
	}
	*found = p;
	return (cf);
}

int
daemon_config(struct daemon *d, const char *cfgarg, bool check)
{
	char	*found, *abs;

	if ((d->cf = daemon_load(d->progname, cfgarg, &found)) == NULL)
		return (-1);
	if (check) {
		printf("%s: OK (%u program%s)\n", found, d->cf->nprograms,
		    d->cf->nprograms == 1 ? "" : "s");
		cfg_free(d->cf);
		d->cf = NULL;
		free(found);
		return (1);
	}
	/* Reloads re-read the same file, also after a chdir("/"). */
	if ((abs = realpath(found, NULL)) == NULL)
		abs = xstrdup(found);
	free(found);
	d->cfgpath = abs;
	return (0);
}

/* The socket path with its extension replaced: where defaults go. */
static char *
daemon_default_path(const char *sock, const char *ext)
{
	const char	*dot, *slash;

	dot = strrchr(sock, '.');
	slash = strrchr(sock, '/');
	if (dot == NULL || (slash != NULL && dot < slash))
		return (xstrfmt("%s%s", sock, ext));
	return (xstrfmt("%.*s%s", (int)(dot - sock), sock, ext));
}

/*
 * Write the pidfile. It is emptied only once it is known to be one we
 * may write (not before the checks of path.c), and remembered for
 * removal at exit only if it is a regular file of our own: a pidfile
 * of /dev/null (a common supervisord.conf in containers) is written to
 * and left alone.
 */
static int
daemon_pidfile(struct daemon *d, char **cause)
{
	struct stat	 sb;
	char		 buf[32], *why;
	int		 fd, len;

	if ((fd = path_open(d->pidfile, O_WRONLY|O_CREAT, 0644, 1, &sb,
	    &why)) == -1) {
		xasprintf(cause, "pidfile: %s", why);
		free(why);
		return (-1);
	}
	if (S_ISREG(sb.st_mode) && ftruncate(fd, 0) == -1) {
		xasprintf(cause, "pidfile %s: %s", d->pidfile, strerror(errno));
		close(fd);
		return (-1);
	}
	len = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (util_write_all(fd, buf, len) != 0) {
		xasprintf(cause, "pidfile %s: %s", d->pidfile, strerror(errno));
		close(fd);
		return (-1);
	}
	close(fd);
	if (S_ISREG(sb.st_mode) && sb.st_uid == geteuid()) {
		d->pidfile_made = sb;
		d->pidfile_ours = true;
	}
	return (0);
}

/*
 * Every signal whose default would end (or stop) the daemon is either an
 * event or ignored, so nothing sent by mistake or by a limit takes the
 * supervisor and its children down: supervisord's SIGUSR2 and SIGQUIT,
 * SIGPIPE from a peer gone, SIGXFSZ from an output file at RLIMIT_FSIZE
 * (the write then fails with EFBIG, which is handled), timers nobody
 * armed, real-time signals, and SIGTTIN and SIGTTOU, so a background
 * "taskmasterd -n" never stops on a write (the console is a process of
 * its own and keeps its job control). Only SIGKILL,
 * SIGSTOP and the signals of a real fault (SIGSEGV, SIGBUS...) remain.
 * Children get every default back before exec (proc-spawn.c).
 */
static void
daemon_signals(struct daemon *d)
{
	static const int	 handled[] = {
		SIGCHLD, SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2,
		SIGWINCH
	};
	static const int	 ignored[] = {
		SIGPIPE, SIGALRM, SIGVTALRM, SIGPROF, SIGIO, SIGXFSZ, SIGXCPU,
#ifdef SIGSTKFLT
		SIGSTKFLT,
#endif
#ifdef SIGPWR
		SIGPWR,
#endif
	};
	u_int			 i;
	int			 sig;

	for (i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		signal(ignored[i], SIG_IGN);
	for (sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		signal(sig, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	for (i = 0; i < sizeof handled / sizeof handled[0]; i++) {
		d->signals[i] = evsignal_new(d->base, handled[i],
		    daemon_signal_cb, d);
		evsignal_add(d->signals[i], NULL);
	}
}

/*
 * Remove the pidfile if it is still ours: the same file (device and
 * inode, which a new file may reuse at once) still holding our pid.
 */
static void
daemon_pidfile_remove(struct daemon *d)
{
	char	 buf[32], want[32];
	ssize_t	 n;
	int	 fd;

	fd = open(d->pidfile, O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC);
	if (fd == -1)
		return;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	snprintf(want, sizeof want, "%ld\n", (long)getpid());
	if (n <= 0 || (size_t)n != strlen(want) || memcmp(buf, want, n) != 0)
		return;
	if (path_remove(d->pidfile, &d->pidfile_made) == -1 &&
	    errno != ENOENT && errno != EEXIST) {
		eventlog(EVL_WARN, NULL, "pidfile %s not removed: %s (the next "
		    "start replaces it)", d->pidfile, strerror(errno));
	}
}

int
daemon_start(struct daemon *d, bool logstderr, char **cause)
{
	struct cfg		*cf = d->cf;
	struct rlimit		 rl;
	char			*logfile, *notify_cause;
	int			 orig_nofile;
	bool			 stale;

	signal(SIGPIPE, SIG_IGN);
	d->sockpath = cfg_socket_path(cf);

	if (daemon_limits(cf, cause) != 0)
		return (-1);
	getrlimit(RLIMIT_NOFILE, &rl);
	orig_nofile = rl.rlim_cur > INT_MAX ? INT_MAX : (int)rl.rlim_cur;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	d->base = event_base_new();
	if (d->base == NULL) {
		*cause = xstrdup("event_base_new failed");
		return (-1);
	}
	/* Screens are parsed at the lowest priority: I/O always comes first. */
	event_base_priority_init(d->base, 3);
	/* From now on a stalled reader of the event log blocks nothing. */
	eventlog_base(d->base);
	d->sv = sv_create(d->base, cf, d->cfgpath);
	d->cf = NULL;
	d->sv->orig_nofile = orig_nofile;
	d->sv->low_priority = 2;
	d->sv->exit_cb = daemon_exit_cb;
	d->sv->exit_arg = d;

	/*
	 * The socket first: a daemon that cannot have it (another one runs)
	 * must not write to that one's event log.
	 */
	if ((d->srv = server_open(d->sv, d->sockpath,
	    d->sv->cf->socket_mode, &stale, cause)) == NULL)
		return (-1);
	if (cf->socket_owner != NULL &&
	    daemon_socket_owner(d->sockpath, cf->socket_owner, cause) != 0)
		return (-1);
	if (cf->logfile != NULL)
		logfile = xstrdup(cf->logfile);
	else if (logstderr)
		logfile = NULL;
	else
		logfile = daemon_default_path(d->sockpath, ".log");
	eventlog_limits(cf->logfile_maxbytes, cf->logfile_backups);
	logfile_thread_set(cf->output_thread);
	if (eventlog_open(logfile, cause) != 0) {
		free(logfile);
		return (-1);
	}
	free(logfile);
	eventlog_stderr(logstderr && cf->logfile != NULL);
	if (stale)
		eventlog(EVL_INFO, NULL, "removed stale socket %s",
		    d->sockpath);
	/* Before any child exists: none may inherit the manager's socket. */
	if (notify_init(&notify_cause) != 0) {
		eventlog(EVL_WARN, NULL, "%s", notify_cause);
		free(notify_cause);
	}

	/* Orphaned descendants come to us, to be reaped and swept. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		eventlog(EVL_WARN, NULL, "PR_SET_CHILD_SUBREAPER: %s",
		    strerror(errno));
	if (d->sv->cf->pidfile != NULL)
		d->pidfile = xstrdup(d->sv->cf->pidfile);
	else if (d->detached)
		d->pidfile = daemon_default_path(d->sockpath, ".pid");
	if (d->pidfile != NULL && daemon_pidfile(d, cause) != 0) {
		free(d->pidfile);
		d->pidfile = NULL;
		return (-1);
	}
	daemon_signals(d);
	d->started = true;
	eventlog(EVL_INFO, NULL, "%s %s started (pid %ld): config %s, socket "
	    "%s, %u program%s%s%s", d->progname, TASKMASTER_VERSION,
	    (long)getpid(), d->cfgpath, d->sockpath, d->sv->cf->nprograms,
	    d->sv->cf->nprograms == 1 ? "" : "s",
	    d->sv->cf->identifier != NULL ? ", identifier " : "",
	    d->sv->cf->identifier != NULL ? d->sv->cf->identifier : "");
	/* TCP after the UNIX socket: a port in use is a start error too. */
	if (server_tcp_apply(d->srv, d->sv->cf, cause) != 0)
		return (-1);
	d->sv->reload_cb = daemon_reload_cb;
	alert_start(d->base, d->sv);
	/* Clients can connect: a service manager may start what needs us. */
	notify_send("READY=1\nMAINPID=%ld", (long)getpid());
	return (0);
}

/* A reload was applied: the TCP listeners and secrets follow it. */
static void
daemon_reload_cb(struct supervisor *sv)
{
	struct daemon	*d = sv->exit_arg;
	char		*cause = NULL;

	if (server_tcp_apply(d->srv, sv->cf, &cause) != 0) {
		eventlog(EVL_ERROR, NULL, "reload: TCP control: %s", cause);
		free(cause);
	}
}

void
daemon_run(struct daemon *d)
{
	sv_autostart(d->sv);
}

/* Everything has stopped: the alerts say so, then the loop ends. */
static void
daemon_exit_cb(struct supervisor *sv)
{
	alert_stop(daemon_exit_done, sv->exit_arg);
}

/* Say goodbye to clients and leave the loop. */
static void
daemon_exit_done(void *arg)
{
	struct daemon	*d = arg;

	server_flush(d->srv);
	event_base_loopbreak(d->base);
}

static void
daemon_signal_cb(evutil_socket_t sig, short events, void *arg)
{
	struct daemon	*d = arg;
	struct cmd_ctx	*ctx;
	char		*argv[] = { (char *)"reload", NULL }, *cause = NULL;

	switch (sig) {
	case SIGCHLD:
		proc_reap_all(d->sv);
		break;
	case SIGHUP:
		eventlog(EVL_INFO, NULL, "SIGHUP: reloading %s", d->cfgpath);
		notify_send("RELOADING=1");
		ctx = cmd_ctx_create(d->sv, 0, NULL, NULL, NULL);
		cmd_run(ctx, 1, argv);
		notify_send("READY=1");
		break;
	case SIGTERM:
	case SIGINT:
	case SIGQUIT:	/* supervisord's third way to ask */
		if (!d->sv->shutting_down) {
			eventlog(EVL_INFO, NULL, "SIG%s: shutting down",
			    signame_name(sig));
			sv_shutdown(d->sv);
			break;
		}
		/* A second request: no more patience. */
		eventlog(EVL_WARN, NULL, "SIG%s again: killing every process "
		    "now", signame_name(sig));
		sv_kill(d->sv);
		break;
	case SIGUSR1:
	case SIGUSR2:	/* supervisord's */
		/* On failure the old file stays open: say so in it. */
		if (eventlog_reopen(&cause) != 0) {
			eventlog(EVL_ERROR, NULL, "reopen event log: %s", cause);
			free(cause);
		}
		eventlog(EVL_INFO, NULL, "SIG%s: log files reopened",
		    signame_name(sig));
		sv_reopen(d->sv);
		break;
	case SIGWINCH:
		break;
	}
}

void
daemon_free(struct daemon *d)
{
	u_int	 i;

	if (d->srv != NULL)
		server_close(d->srv);
	if (d->pidfile != NULL && d->pidfile_ours)
		daemon_pidfile_remove(d);
	alert_free();
	if (d->started)
		eventlog(EVL_INFO, NULL, "%s stopped", d->progname);
	for (i = 0; i < sizeof d->signals / sizeof d->signals[0]; i++) {
		if (d->signals[i] != NULL)
			event_free(d->signals[i]);
	}
	if (d->sv != NULL)
		sv_free(d->sv);
	logfile_free_all();
	if (d->cf != NULL)
		cfg_free(d->cf);
	if (d->base != NULL) {
		eventlog_base(NULL);
		event_base_free(d->base);
	}
	free(d->cfgpath);
	free(d->sockpath);
	free(d->pidfile);
	eventlog_free();
}

int
daemon_detach(int *ready, char **cause)
{
	char	 buf[4096];
	size_t	 len;
	pid_t	 pid;
	int	 fds[2], nullfd;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return (-1);
	}
	switch (pid = fork()) {
	case -1:
		xasprintf(cause, "fork: %s", strerror(errno));
		return (-1);
	case 0:
		break;
	default:
		/* Wait for the daemon to say it runs, or why it cannot. */
		close(fds[1]);
		len = util_read_all(fds[0], buf, sizeof buf);
		if (len > 0 && strcmp(buf, "ok") == 0)
			_exit(0);
		if (len == 0)
			fprintf(stderr, "taskmasterd: the daemon exited before "
			    "it was ready\n");
		else
			fprintf(stderr, "taskmasterd: %s\n", buf);
		_exit(1);
	}
	close(fds[0]);
	if (setsid() == -1)
		_exit(1);
	switch (fork()) {
	case -1:
		_exit(1);
	case 0:
		break;
	default:
		_exit(0);
	}
	if ((nullfd = open("/dev/null", O_RDWR)) != -1) {
		dup2(nullfd, STDIN_FILENO);
		dup2(nullfd, STDOUT_FILENO);
		dup2(nullfd, STDERR_FILENO);
		if (nullfd > STDERR_FILENO)
			close(nullfd);
	}
	if (chdir("/") == -1)
		_exit(1);
	*ready = fds[1];
	return (0);
}

void
daemon_ready(int fd, const char *cause)
{
	const char	*msg = cause != NULL ? cause : "ok";

	if (fd == -1)
		return;
	(void)util_write_all(fd, msg, strlen(msg));
	close(fd);
}
