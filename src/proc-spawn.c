/*
 * Spawning a process: everything is prepared in the parent (pty or pipes,
 * output files, environment, the list of paths to try for the command,
 * uid and groups), so that the child between fork and exec only makes
 * async-signal-safe system calls.
 *
 * The child cannot return an error, so it writes the failing step and
 * errno into a close-on-exec pipe and exits 127. End of file on that pipe
 * means exec succeeded. The parent reads the pipe from the event loop (or
 * at once when it reaps the child first), so "chdir /srv: No such file or
 * directory" reaches the status line instead of a mysterious exit 127.
 *
 * Signals are blocked around fork() (as tmux spawn.c does) so the child
 * never runs our handlers; it resets every disposition, then unblocks.
 *
 * vfork is used where it is safe (not under AddressSanitizer, which
 * cannot follow a child sharing its memory): the child touches nothing
 * but its own stack and makes system calls, and the parent resumes once
 * the child has exec'd or failed, which makes a thousand spawns about a
 * third faster than fork and lets the exec result be read at once.
 *
 * A fork copies the whole descriptor table, and exec closes every copy
 * again: with ten thousand processes, each with a pty or a pipe, that is
 * ten thousand descriptors per spawn, and starting N processes would
 * cost O(N^2) in the kernel. So where the kernel allows it (Linux 5.9,
 * close_range's CLOSE_RANGE_UNSHARE), the child is made with clone,
 * sharing our descriptor table, and its first act is to take a private
 * copy of the lowest few only: the descriptors it needs are moved into
 * slots among those before the clone (dup3 onto descriptors opened on
 * /dev/null when the supervisor starts, so they are low), and put back
 * on /dev/null after.
 */

#include <linux/close_range.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "log.h"
#include "listener.h"
#include "taskmaster.h"
#include "xmalloc.h"

#if defined(__SANITIZE_ADDRESS__) || defined(TM_COVERAGE)
#define SPAWN_FORK	fork
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPAWN_FORK	fork
#endif
#endif
#ifndef SPAWN_FORK
#define SPAWN_FORK	vfork
#define SPAWN_CLONE	1	/* clone sharing the descriptor table */
#else
#define SPAWN_CLONE	0
#endif

/* The stack of a cloned child, used only until it has exec'd. */
#define SPAWN_STACK	(64 * 1024)

extern char	**environ;

/* The steps the child can fail at, reported through the spawn pipe. */
enum spawn_step {
	STEP_UNSHARE,
	STEP_SETSID,
	STEP_TIOCSCTTY,
	STEP_DUP2,
	STEP_CHDIR,
	STEP_SETGROUPS,
	STEP_SETGID,
	STEP_SETUID,
	STEP_EXEC
};

struct spawn_report {
	int		 step;
	int		 error;
};

/* What the child needs, prepared before fork. */
struct spawn {
	char		**argv;
	char		**envp;
	char		**paths;	/* candidates for argv[0] */
	int		 in, out, err;	/* become 0, 1, 2 */
	int		 ctty;		/* pty slave to make controlling, or -1 */
	int		 report;	/* spawn pipe write end */
	int		 umask;
	const char	*cwd;
	bool		 setids;
	uid_t		 uid;
	gid_t		 gid;
	gid_t		*groups;
	int		 ngroups;
	struct rlimit	 nofile;
	int		 maxfd;		/* our fd limit: none is above */
	int		 keep;		/* cloned: the last slot, or -1 */
};

static void	proc_spawn_child(struct spawn *) __attribute__((noreturn));
static int	proc_spawn_clone_cb(void *);
static void	proc_spawn_slot(struct supervisor *, int *, int);
static void	proc_spawn_fail(struct spawn *, int, int)
		    __attribute__((noreturn));
static char	**proc_spawn_env(struct cfg_program *);
static char	**proc_spawn_paths(const char *, char **);
static int	proc_spawn_ids(struct cfg_program *, struct spawn *, char **);
static int	proc_spawn_pty(struct cfg_program *, int *, int *, char **);
static void	proc_spawn_free(struct spawn *);
static pid_t	proc_spawn_fork(struct spawn *);
static void	proc_spawn_cb(evutil_socket_t, short, void *);
static int	proc_spawn_read(struct proc *);
static const char *proc_spawn_env_get(char **, const char *);

/* Child: report a failed step and leave. */
static void
proc_spawn_fail(struct spawn *sp, int step, int error)
{
	struct spawn_report	 rep;

	rep.step = step;
	rep.error = error;
	(void)write(sp->report, &rep, sizeof rep);
	_exit(127);
}

/* Child: from fork to exec; only async-signal-safe calls. */
static void
proc_spawn_child(struct spawn *sp)
{
	struct sigaction	 sa;
	sigset_t		 set;
	int			 sig, i, error, fd;

	/* Cloned: a table of our descriptors up to the slots, not all. */
	if (sp->keep != -1 &&
	    close_range(sp->keep + 1, ~0U, CLOSE_RANGE_UNSHARE) == -1)
		proc_spawn_fail(sp, STEP_UNSHARE, errno);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		(void)sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	if (setsid() == -1)
		proc_spawn_fail(sp, STEP_SETSID, errno);
	if (sp->ctty != -1 && ioctl(sp->ctty, TIOCSCTTY, 0) == -1)
		proc_spawn_fail(sp, STEP_TIOCSCTTY, errno);
	if (dup2(sp->in, STDIN_FILENO) == -1 ||
	    dup2(sp->out, STDOUT_FILENO) == -1 ||
	    dup2(sp->err, STDERR_FILENO) == -1)
		proc_spawn_fail(sp, STEP_DUP2, errno);

	/*
	 * Nothing taskmaster inherited or opened leaks into the child.
	 * close_range's flag needs Linux 5.11: before, every fd is marked.
	 */
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == -1) {
		for (fd = 3; fd < (sp->keep != -1 ? sp->keep + 1 : sp->maxfd);
		    fd++)
			(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	}
	(void)setrlimit(RLIMIT_NOFILE, &sp->nofile);
	if (sp->umask != -1)
		umask((mode_t)sp->umask);
	if (sp->cwd != NULL && chdir(sp->cwd) == -1)
		proc_spawn_fail(sp, STEP_CHDIR, errno);
	if (sp->setids) {
		if (setgroups(sp->ngroups, sp->groups) == -1)
			proc_spawn_fail(sp, STEP_SETGROUPS, errno);
		if (setgid(sp->gid) == -1)
			proc_spawn_fail(sp, STEP_SETGID, errno);
		if (setuid(sp->uid) == -1)
			proc_spawn_fail(sp, STEP_SETUID, errno);
	}

	/* As execvp: the first EACCES wins over a later ENOENT. */
	error = ENOENT;
	for (i = 0; sp->paths[i] != NULL; i++) {
		execve(sp->paths[i], sp->argv, sp->envp);
		if (errno == EACCES)
			error = EACCES;
		else if (error != EACCES && errno != ENOENT &&
		    errno != ENOTDIR)
			error = errno;
	}
	proc_spawn_fail(sp, STEP_EXEC, error);
}

/* Look up name in an environment array. */
static const char *
proc_spawn_env_get(char **envp, const char *name)
{
	size_t	 len = strlen(name);

	for (; *envp != NULL; envp++) {
		if (strncmp(*envp, name, len) == 0 && (*envp)[len] == '=')
			return (*envp + len + 1);
	}
	return (NULL);
}

/*
 * Our environment, then the program's variables over it. A pty child
 * gets TERM for the screen it really writes to (libvterm speaks xterm),
 * not the one taskmaster was started from.
 */
static char **
proc_spawn_env(struct cfg_program *cp)
{
	char		**envp, **e;
	size_t		 n = 0, i, j, len;
	const char	*eq;

	for (e = environ; *e != NULL; e++)
		n++;
	for (e = cp->env; e != NULL && *e != NULL; e++)
		n++;
	envp = xcalloc(n + 2, sizeof *envp);
	n = 0;
	for (e = environ; *e != NULL; e++) {
		if (cp->tty && strncmp(*e, "TERM=", 5) == 0)
			continue;
		envp[n++] = xstrdup(*e);
	}
	if (cp->tty)
		envp[n++] = xstrdup("TERM=xterm-256color");
	for (e = cp->env; e != NULL && *e != NULL; e++) {
		eq = strchr(*e, '=');
		len = eq != NULL ? (size_t)(eq - *e) + 1 : strlen(*e);
		for (i = 0; i < n; i++) {
			if (strncmp(envp[i], *e, len) == 0)
				break;
		}
		if (i < n) {
			free(envp[i]);
			for (j = i; j + 1 < n; j++)
				envp[j] = envp[j + 1];
			n--;
		}
		envp[n++] = xstrdup(*e);
	}
	envp[n] = NULL;
	return (envp);
}

/* The paths to try for a command: itself if it has a '/', else PATH. */
static char **
proc_spawn_paths(const char *cmd, char **envp)
{
	const char	*path, *s, *end;
	char		**paths;
	size_t		 n = 0, len;

	if (strchr(cmd, '/') != NULL) {
		paths = xcalloc(2, sizeof *paths);
		paths[0] = xstrdup(cmd);
		return (paths);
	}
	if ((path = proc_spawn_env_get(envp, "PATH")) == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	paths = xcalloc(strlen(path) + 2, sizeof *paths);
	for (s = path;; s = end + 1) {
		end = strchr(s, ':');
		len = end != NULL ? (size_t)(end - s) : strlen(s);
		if (len == 0)
			paths[n++] = xstrdup(cmd);	/* empty entry: "." */
		else
			xasprintf(&paths[n++], "%.*s/%s", (int)len, s, cmd);
		if (end == NULL)
			break;
	}
	paths[n] = NULL;
	return (paths);
}

/*
 * The ids to run with, resolved when the config was loaded (cfg-user.c),
 * so nothing is looked up here.
 */
static int
proc_spawn_ids(struct cfg_program *cp, struct spawn *sp, char **cause)
{
	if (!cp->ids)
		return (0);
	sp->uid = cp->uid;
	sp->gid = cp->gid;
	if (geteuid() != 0) {
		if (sp->uid == geteuid() && sp->gid == getegid())
			return (0);
		xasprintf(cause, "cannot switch to %s%s%s: taskmaster is not "
		    "running as root", cp->user != NULL ? "user " : "",
		    cp->user != NULL ? cp->user : "",
		    cp->group != NULL ? " and its group" : "");
		return (-1);
	}
	sp->setids = true;
	sp->groups = xreallocarray(NULL, cp->ngroups, sizeof *sp->groups);
	memcpy(sp->groups, cp->groups, cp->ngroups * sizeof *sp->groups);
	sp->ngroups = cp->ngroups;
	return (0);
}

/*
 * Open a pty pair: the master close-on-exec and non-blocking for us,
 * the slave with a sane terminal (UTF-8, the configured size), since a
 * child of a daemon has no terminal to copy settings from.
 */
static int
proc_spawn_pty(struct cfg_program *cp, int *master, int *slave,
    char **cause)
{
	struct termios	 tio;
	struct winsize	 ws;
	char		 name[128];
	int		 m, s;

	if ((m = posix_openpt(O_RDWR|O_NOCTTY|O_CLOEXEC)) == -1) {
		/* The machine's ptys are all taken: say what to do. */
		if (errno == ENOSPC || errno == EAGAIN)
			*cause = cfg_pty_none(errno);
		else
			xasprintf(cause, "posix_openpt: %s", strerror(errno));
		return (-1);
	}
	if (grantpt(m) == -1 || unlockpt(m) == -1 ||
	    ptsname_r(m, name, sizeof name) != 0) {
		xasprintf(cause, "pty setup: %s", strerror(errno));
		close(m);
		return (-1);
	}
	if ((s = open(name, O_RDWR|O_NOCTTY|O_CLOEXEC)) == -1) {
		xasprintf(cause, "open %s: %s", name, strerror(errno));
		close(m);
		return (-1);
	}
	memset(&tio, 0, sizeof tio);
	tio.c_iflag = ICRNL|IXON|IXANY|IMAXBEL|BRKINT|IUTF8;
	tio.c_oflag = OPOST|ONLCR;
	tio.c_cflag = CS8|CREAD|HUPCL;
	tio.c_lflag = ISIG|ICANON|IEXTEN|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE;
	tio.c_cc[VINTR] = 0x03;
	tio.c_cc[VQUIT] = 0x1c;
	tio.c_cc[VERASE] = 0x7f;
	tio.c_cc[VKILL] = 0x15;
	tio.c_cc[VEOF] = 0x04;
	tio.c_cc[VSTART] = 0x11;
	tio.c_cc[VSTOP] = 0x13;
	tio.c_cc[VSUSP] = 0x1a;
	tio.c_cc[VREPRINT] = 0x12;
	tio.c_cc[VWERASE] = 0x17;
	tio.c_cc[VLNEXT] = 0x16;
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	cfsetispeed(&tio, B38400);
	cfsetospeed(&tio, B38400);
	(void)tcsetattr(s, TCSANOW, &tio);

	memset(&ws, 0, sizeof ws);
	ws.ws_col = cp->tty_cols;
	ws.ws_row = cp->tty_rows;
	(void)ioctl(m, TIOCSWINSZ, &ws);

	*master = m;
	*slave = s;
	return (0);
}

static void
proc_spawn_free(struct spawn *sp)
{
	size_t	 i;

	for (i = 0; sp->envp != NULL && sp->envp[i] != NULL; i++)
		free(sp->envp[i]);
	free(sp->envp);
	for (i = 0; sp->paths != NULL && sp->paths[i] != NULL; i++)
		free(sp->paths[i]);
	free(sp->paths);
	free(sp->groups);
}

/* A cloned child starts here, on its own stack. */
static int
proc_spawn_clone_cb(void *arg)
{
	proc_spawn_child(arg);
}

/*
 * Fork (or vfork, or clone) with every signal blocked. In a frame of its
 * own, so no local of the caller lives across the vfork.
 */
static pid_t
proc_spawn_fork(struct spawn *sp)
{
	static char	 stack[SPAWN_STACK] __attribute__((aligned(16)));
	sigset_t	 all, old;
	pid_t		 pid;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if (SPAWN_CLONE && sp->keep != -1) {
		/* Suspended until the child has exec'd: one stack will do. */
		pid = clone(proc_spawn_clone_cb, stack + sizeof stack,
		    CLONE_VM|CLONE_VFORK|CLONE_FILES|SIGCHLD, sp);
	} else if ((pid = SPAWN_FORK()) == 0)
		proc_spawn_child(sp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return (pid);
}

/*
 * Open the slots a cloned child takes its descriptors from (see the top
 * of this file), if the kernel can unshare a table partly. Called when
 * the supervisor starts, while our descriptors are few and low.
 */
void
proc_spawn_setup(struct supervisor *sv)
{
	u_int	 i;

	sv->spawn_null = -1;
	for (i = 0; i < SPAWN_NSLOTS; i++)
		sv->spawn_slots[i] = -1;
	if (!SPAWN_CLONE || close_range(~0U, ~0U, CLOSE_RANGE_UNSHARE) == -1)
		return;
	if ((sv->spawn_null = open("/dev/null", O_RDWR|O_CLOEXEC)) == -1)
		return;
	for (i = 0; i < SPAWN_NSLOTS; i++) {
		sv->spawn_slots[i] = fcntl(sv->spawn_null, F_DUPFD_CLOEXEC, 0);
		if (sv->spawn_slots[i] == -1) {
			proc_spawn_cleanup(sv);
			return;
		}
	}
}

/* Close the slots (sv_free). */
void
proc_spawn_cleanup(struct supervisor *sv)
{
	u_int	 i;

	for (i = 0; i < SPAWN_NSLOTS; i++) {
		if (sv->spawn_slots[i] != -1)
			close(sv->spawn_slots[i]);
		sv->spawn_slots[i] = -1;
	}
	if (sv->spawn_null != -1)
		close(sv->spawn_null);
	sv->spawn_null = -1;
}

/* Move *fd into slot i for a cloned child. */
static void
proc_spawn_slot(struct supervisor *sv, int *fd, int i)
{
	if (dup3(*fd, sv->spawn_slots[i], O_CLOEXEC) != -1)
		*fd = sv->spawn_slots[i];
}

int
proc_spawn(struct proc *p, char **cause, bool *fatal)
{
	struct supervisor	*sv = p->pg->sv;
	struct cfg_program	*cp = p->pg->cp;
	struct spawn		 sp;
	int			 master = -1, slave = -1, rp[2] = { -1, -1 };
	int			 op[2] = { -1, -1 }, ep[2] = { -1, -1 };
	int			 ip[2] = { -1, -1 };
	int			 nullfd = -1, outfile = -1, errfile = -1;
	bool			 own_err;
	pid_t			 pid;
	u_int			 i;

	memset(&sp, 0, sizeof sp);
	sp.argv = cp->argv;
	sp.umask = cp->umask;
	sp.cwd = cp->workingdir;
	sp.ctty = -1;
	(void)getrlimit(RLIMIT_NOFILE, &sp.nofile);
	sp.maxfd = sp.nofile.rlim_cur > INT_MAX ? INT_MAX :
	    (int)sp.nofile.rlim_cur;
	sp.nofile.rlim_cur = sv->orig_nofile;

	if (proc_spawn_ids(cp, &sp, cause) != 0) {
		*fatal = true;
		goto fail;
	}
	if ((outfile = proc_output_file(cp->stdout_mode, cp->stdout_path,
	    cause)) == -2)
		goto fail;
	own_err = cp->stderr_mode != OUT_STDOUT;
	if (own_err && (errfile = proc_output_file(cp->stderr_mode,
	    cp->stderr_path, cause)) == -2)
		goto fail;

	if (cp->tty) {
		if (proc_spawn_pty(cp, &master, &slave, cause) != 0)
			goto fail;
		sp.in = sp.out = sp.err = sp.ctty = slave;
	} else {
		if ((nullfd = open("/dev/null", O_RDWR|O_CLOEXEC)) == -1 ||
		    pipe2(op, O_CLOEXEC) == -1) {
			xasprintf(cause, "pipe: %s", strerror(errno));
			goto fail;
		}
		/* Fewer wakeups and context switches under a flood. */
		(void)fcntl(op[0], F_SETPIPE_SZ, 1024 * 1024);
		sp.in = nullfd;
		sp.out = sp.err = op[1];
	}
	/* An event listener reads its events on its standard input. */
	if (cp->events != NULL && !cp->tty) {
		if (pipe2(ip, O_CLOEXEC) == -1) {
			xasprintf(cause, "pipe: %s", strerror(errno));
			goto fail;
		}
		sp.in = ip[0];
	}
	if (own_err) {
		if (pipe2(ep, O_CLOEXEC) == -1) {
			xasprintf(cause, "pipe: %s", strerror(errno));
			goto fail;
		}
		sp.err = ep[1];
	}
	if (pipe2(rp, O_CLOEXEC) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		goto fail;
	}
	sp.report = rp[1];
	sp.envp = proc_spawn_env(cp);
	sp.paths = proc_spawn_paths(cp->argv[0], sp.envp);
	sp.keep = -1;
	if (sv->spawn_null != -1) {
		proc_spawn_slot(sv, &sp.in, 0);
		proc_spawn_slot(sv, &sp.out, 1);
		proc_spawn_slot(sv, &sp.err, 2);
		proc_spawn_slot(sv, &sp.report, 3);
		if (sp.ctty != -1)
			sp.ctty = sp.in;
		sp.keep = sv->spawn_slots[0];
		for (i = 1; i < SPAWN_NSLOTS; i++) {
			if (sv->spawn_slots[i] > sp.keep)
				sp.keep = sv->spawn_slots[i];
		}
	}

	pid = proc_spawn_fork(&sp);
	if (sv->spawn_null != -1) {
		/* Our slots must not keep the child's pty or pipes open. */
		for (i = 0; i < SPAWN_NSLOTS; i++)
			(void)dup3(sv->spawn_null, sv->spawn_slots[i],
			    O_CLOEXEC);
	}
	if (pid == -1) {
		xasprintf(cause, "fork: %s", strerror(errno));
		goto fail;
	}

	/* Parent. */
	close(rp[1]);
	if (slave != -1)
		close(slave);
	if (op[1] != -1)
		close(op[1]);
	if (ep[1] != -1)
		close(ep[1]);
	if (ip[0] != -1)
		close(ip[0]);
	if (nullfd != -1)
		close(nullfd);
	proc_spawn_free(&sp);

	p->pgid = pid;
	sv_set_pid(sv, p, pid);
	p->spawnfd = rp[0];
	pane_start(p->pn, cp->tty ? master : -1);
	proc_output_open(p, &p->out, cp->tty ? master : op[0], outfile, 0);
	if (own_err)
		proc_output_open(p, &p->err, ep[0], errfile, 1);
	if (ip[1] != -1)
		lsn_start(p, ip[1]);
	util_nonblock(rp[0]);
	/*
	 * After a failed exec the report is already there; after a good one
	 * the pipe closes a moment later, as exec closes its descriptors:
	 * the loop tells, never a wait here.
	 */
	if (proc_spawn_read(p) == -1) {
		p->spawn_ev = event_new(sv->base, rp[0], EV_READ,
		    proc_spawn_cb, p);
		event_add(p->spawn_ev, NULL);
	}
	return (0);

fail:
	if (master != -1)
		close(master);
	if (slave != -1)
		close(slave);
	if (nullfd != -1)
		close(nullfd);
	if (op[0] != -1) {
		close(op[0]);
		close(op[1]);
	}
	if (ep[0] != -1) {
		close(ep[0]);
		close(ep[1]);
	}
	if (ip[0] != -1) {
		close(ip[0]);
		close(ip[1]);
	}
	if (rp[0] != -1) {
		close(rp[0]);
		close(rp[1]);
	}
	if (outfile >= 0)
		close(outfile);
	if (errfile >= 0)
		close(errfile);
	proc_spawn_free(&sp);
	return (-1);
}

/* The spawn pipe is readable: the child exec'd (EOF) or failed. */
static void
proc_spawn_cb(evutil_socket_t fd, short events, void *arg)
{
	struct proc	*p = arg;

	if (proc_spawn_read(p) != 1)
		return;
	if (p->state == PROC_STARTING &&
	    (p->pg->cp->starttime == 0 || (p->flags & PROC_UP)))
		proc_event(p, EV_STARTTIME, NULL);
}

void
proc_spawn_report(struct proc *p)
{
	(void)proc_spawn_read(p);
}

/*
 * Read what the child reported: 1 if exec succeeded, 0 if it failed
 * (spawn_error says why), -1 if it has not said yet. Feeds no event, so
 * it can run in the middle of one.
 */
static int
proc_spawn_read(struct proc *p)
{
	static const char	*steps[] = {
		"close_range", "setsid", "ioctl TIOCSCTTY", "dup2", "chdir", "setgroups",
		"setgid", "setuid", "exec"
	};
	struct cfg_program	*cp = p->pg->cp;
	struct spawn_report	 rep;
	ssize_t			 n;
	const char		*what;

	if (p->spawnfd == -1)
		return (-1);
	do
		n = read(p->spawnfd, &rep, sizeof rep);
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return (-1);
	if (p->spawn_ev != NULL) {
		event_free(p->spawn_ev);
		p->spawn_ev = NULL;
	}
	close(p->spawnfd);
	p->spawnfd = -1;

	if (n == 0) {
		p->flags |= PROC_EXEC_OK;
		return (1);
	}
	if (n != (ssize_t)sizeof rep) {
		log_debug("%s: %s: short spawn report (%zd)", __func__,
		    p->name, n);
		return (0);
	}
	what = (u_int)rep.step < sizeof steps / sizeof steps[0] ?
	    steps[rep.step] : "spawn";
	free(p->spawn_error);
	switch (rep.step) {
	case STEP_CHDIR:
		xasprintf(&p->spawn_error, "chdir %s: %s", cp->workingdir,
		    strerror(rep.error));
		break;
	case STEP_EXEC:
		xasprintf(&p->spawn_error, "exec %s: %s", cp->argv[0],
		    strerror(rep.error));
		break;
	case STEP_SETUID:
	case STEP_SETGID:
	case STEP_SETGROUPS:
		xasprintf(&p->spawn_error, "%s for %s: %s", what,
		    cp->user != NULL ? cp->user : cp->group,
		    strerror(rep.error));
		break;
	default:
		xasprintf(&p->spawn_error, "%s: %s", what,
		    strerror(rep.error));
		break;
	}
	return (0);
}
