/*
 * SIGCHLD: reap every child that has exited, in one loop, as tmux's
 * server_child_signal does. Each reaped process becomes one EV_EXITED for
 * the state machine; its output is drained first so its last words reach
 * the file and the screen before the state says it is gone.
 *
 * taskmasterd is a child subreaper, so descendants whose parent died are
 * reparented to us and reaped here too; they are not ours to track.
 */

#include <sys/wait.h>

#include <errno.h>
#include <time.h>

#include "log.h"
#include "taskmaster.h"

static void	proc_reap_one(struct proc *, int);

static void
proc_reap_one(struct proc *p, int status)
{
	struct cfg_program	*cp = p->pg->cp;

	proc_spawn_report(p);
	proc_output_close(&p->out);
	proc_output_close(&p->err);
	pane_stop(p->pn);
	sv_set_pid(p->pg->sv, p, 0);
	p->exit_status = status;
	p->stop_wall = time(NULL);
	/* An exit we asked for (stop) is expected, whatever its status. */
	p->exit_expected = p->state == PROC_STOPPING || (WIFEXITED(status) &&
	    cfg_exitcode_expected(cp, WEXITSTATUS(status)));

	/*
	 * Up for starttime (or starttime is 0) with exec done, but the
	 * exit came before the timer or the exec report were handled: it
	 * did reach RUNNING, so this is a normal exit, not a failed start.
	 */
	if (p->state == PROC_STARTING && (p->flags & PROC_EXEC_OK) &&
	    (cp->starttime == 0 || (p->flags & PROC_UP) ||
	    util_now_ms() - p->start_ms >= cp->starttime))
		proc_event(p, EV_STARTTIME, NULL);
	proc_event(p, EV_EXITED, NULL);
}

void
proc_reap_all(struct supervisor *sv)
{
	struct proc	*p;
	pid_t		 pid;
	int		 status;

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
		proc_reap_one(p, status);
	}
	if (sv->shutting_down) {
		sv_check_idle(sv);
		sv_sweep_check(sv);
	}
}
