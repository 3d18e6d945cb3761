/*
 * SIGCHLD: reap every child that has exited, as tmux's server_child_signal
 * does, in two passes. The first only collects: waitpid until nothing is
 * left. The second feeds each exit to the state machine. Nothing started
 * by the second pass (a restart is armed for the next loop turn; a
 * requested restart spawns) can be reaped by this call, so children that
 * die at once (a "true" with autorestart) cannot keep the loop here: each
 * death is the next SIGCHLD's business, and the socket is served between.
 *
 * Each reaped process becomes one EV_EXITED; its output is drained first
 * so its last words reach the file and the screen before the state says
 * it is gone.
 *
 * taskmasterd is a child subreaper, so descendants whose parent died are
 * reparented to us and reaped here too; they are not ours to track.
 */

#include <sys/wait.h>

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "listener.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* One exit collected by the first pass. */
struct proc_reaped {
	struct proc	*p;
	pid_t		 pid;
	int		 status;
};

static void	proc_reap_one(struct proc *, int);

static void
proc_reap_one(struct proc *p, int status)
{
	struct cfg_program	*cp = p->pg->cp;

	proc_spawn_report(p);
	/*
	 * Up for starttime (or starttime is 0) with exec done, but the
	 * exit came before the timer or the exec report were handled: it
	 * did reach RUNNING, so this is a normal exit, not a failed start.
	 * Said while the pid is still known, for the event log.
	 */
	if (p->state == PROC_STARTING && (p->flags & PROC_EXEC_OK) &&
	    (cp->starttime == 0 || (p->flags & PROC_UP) ||
	    util_now_ms() - p->start_ms >= cp->starttime))
		proc_event(p, EV_STARTTIME, NULL);

	proc_output_close(&p->out);
	proc_output_close(&p->err);
	lsn_stop(p);
	pane_stop(p->pn);
	sv_set_pid(p->pg->sv, p, 0);
	p->exit_status = status;
	p->stop_wall = time(NULL);
	/* An exit we asked for (stop) is expected, whatever its status. */
	p->exit_expected = p->state == PROC_STOPPING || (WIFEXITED(status) &&
	    cfg_exitcode_expected(cp, WEXITSTATUS(status)));
	proc_event(p, EV_EXITED, NULL);
}

void
proc_reap_all(struct supervisor *sv)
{
	struct proc_reaped	*r = NULL;
	struct proc		*p;
	pid_t			 pid;
	u_int			 n = 0, size = 0, i;
	int			 status;

	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid == 0)
			break;
		if (pid == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if ((p = sv_find_pid(sv, pid)) == NULL) {
			log_debug("%s: reaped adopted pid %ld", __func__,
			    (long)pid);
			continue;
		}
		if (n == size) {
			size = size == 0 ? 16 : size * 2;
			r = xreallocarray(r, size, sizeof *r);
		}
		r[n].p = p;
		r[n].pid = pid;
		r[n].status = status;
		n++;
	}
	/*
	 * Processes are freed from an event, never during this loop, so
	 * every pointer collected is still good; the pid check is only
	 * belt and braces.
	 */
	for (i = 0; i < n; i++) {
		if (r[i].p->pid == r[i].pid)
			proc_reap_one(r[i].p, r[i].status);
	}
	free(r);
	if (sv->shutting_down) {
		sv_check_idle(sv);
		sv_sweep_check(sv);
	}
}
