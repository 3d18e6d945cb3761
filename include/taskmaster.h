/*
 * taskmaster core: the supervisor, its programs and processes, the state
 * machine, spawning and reaping, commands and the event log. The console
 * never includes more than this; the core never includes curses.
 */

#ifndef TASKMASTER_H
#define TASKMASTER_H

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/stat.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "cfg.h"
#include "cmd.h"
#include "hash.h"
#include "eventlog.h"
#include "logfile.h"
#include "proto.h"
#include "server.h"

#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);	\
	    (var) = (tvar))
#endif

struct event;
struct event_base;
struct ssl_ctx_st;
struct evbuffer;
struct pane;

#define TASKMASTER_VERSION	PACKAGE_VERSION

/* What can happen to a process. */
enum proc_event {
	EV_START,		/* start requested (user, autostart, restart) */
	EV_STOP,		/* stop requested */
	EV_STARTTIME,		/* stayed up starttime, exec confirmed */
	EV_EXITED,		/* the process was reaped */
	EV_SPAWN_FAILED,	/* could not fork or set up; worth a retry */
	EV_SPAWN_FATAL,		/* cannot ever work as configured */
	EV_RETRY,		/* the backoff delay is over */
	EV_STOPTIME,		/* stoptime ran out after the stop signal */
	EV_RESTART,		/* the restart interval is over */
	EV_KILL			/* SIGKILL now (shutdown asked again) */
};
#define PROC_NEVENTS	10

/* Actions proc_fsm_step asks its caller to carry out, in this order. */
#define ACT_CANCEL_TIMER	0x001
#define ACT_RESET_BACKOFF	0x002
#define ACT_SPAWN		0x004
#define ACT_ARM_START		0x008
#define ACT_ARM_BACKOFF		0x010	/* count a failed start, arm delay */
#define ACT_STOPSIG		0x020	/* stopsignal to the process group */
#define ACT_ARM_STOP		0x040
#define ACT_KILL		0x080	/* SIGKILL to the process group */
#define ACT_KILL_GROUP		0x100	/* SIGKILL what is left of the group */
#define ACT_AUTORESTART		0x200	/* arm the restart: EV_RESTART at once,
					   or restart_interval after the
					   last start */
#define ACT_KILL_LEFT		0x400	/* as ACT_KILL_GROUP after an exit
					   nobody asked for, unless the
					   program keeps its orphans */

/* Inputs to a step: facts the caller knows, so the step reads nothing. */
struct fsm_input {
	bool		 expected;	/* exit code in exitcodes */
	bool		 retry_left;	/* backoff < startretries */
	enum cfg_restart autorestart;
	bool		 no_restart;	/* shutting down: never restart */
	bool		 restart_armed;	/* EXITED, waiting to restart */
};

struct fsm_result {
	enum proc_state	 next;
	int		 actions;	/* ACT_* */
	const char	*refused;	/* why a request was refused, or NULL */
};

/* proc-fsm.c */

/*
 * Decide what (state, event) leads to, given inputs. Returns 0 with res
 * filled, or -1 when the pair is not one that can happen (a stale timer,
 * a bug): the caller leaves the state alone. Pure: no syscall, no clock.
 */
int	 proc_fsm_step(enum proc_state, enum proc_event,
	     const struct fsm_input *, struct fsm_result *);
/* Upper-case name of a state ("RUNNING"). */
const char *proc_fsm_state_name(enum proc_state);
/* Name of an event, for the debug log. */
const char *proc_fsm_event_name(enum proc_event);
/* Whether a process in this state has (or is about to have) a pid. */
bool	 proc_fsm_is_running(enum proc_state);

/* One output stream of a process: pty master or pipe, and its file. */
struct proc_stream {
	struct proc	*p;
	int		 fd;		/* pty master or pipe read end */
	struct event	*ev;
	struct logfile	*lf;		/* NULL: not written to a file */
	struct stamper	 stamper;	/* line endings and stamps, so far */
	int		 is_stderr;
	uint64_t	 lost;		/* bytes the file could not take */
	uint64_t	 lost_said;	/* ms: when the log last said so */
	int		 lost_error;	/* errno of the first failed write */
	uint64_t	 rotate_said;	/* ms: when the log said rotation failed */
	char		*sl_buf;	/* the line on its way to syslog */
	size_t		 sl_len;
	struct proc_splice *sp;		/* NULL: never spliced */
};

/* One process: an instance of a program. */
struct proc {
	uint64_t	 id;		/* never reused; callbacks look it up */
	char		*name;		/* "web" or "web:0" */
	struct program	*pg;
	u_int		 index;		/* instance number */

	enum proc_state	 state;
	int		 flags;
#define PROC_EXEC_OK	 0x01	/* exec succeeded (spawn pipe EOF) */
#define PROC_UP		 0x02	/* starttime elapsed, waiting for exec */
#define PROC_RESTART	 0x04	/* start again once stopped */
#define PROC_EVER	 0x08	/* started at least once */
#define PROC_KILLED	 0x10	/* SIGKILL sent */

	pid_t		 pid;		/* 0: none */
	pid_t		 pgid;		/* last process group, kept after exit */
	u_int		 backoff;	/* failed starts in a row */
	u_int		 restarts;	/* automatic restarts */
	uint64_t	 start_ms;	/* monotonic, last spawn */
	uint64_t	 deadline;	/* monotonic ms the timer is for */
	time_t		 start_wall;
	time_t		 stop_wall;	/* last exit or stop */
	int		 exit_status;	/* last wait status, or -1 */
	bool		 exit_expected;
	char		*spawn_error;	/* why the last spawn failed */

	struct event	*timer;		/* the one deadline of this state */
	struct event	*left_ev;	/* SIGKILL what a stopped leader left */
	pid_t		 left_pgid;	/* ... in this group, at stoptime */

	int		 spawnfd;	/* exec report pipe, -1 when closed */
	struct event	*spawn_ev;
	struct proc_stream out;		/* pty master, or stdout pipe */
	struct proc_stream err;		/* stderr pipe (fd -1 if none) */

	struct pane	*pn;		/* screen, or NULL */
	struct lsn	*lsn;		/* an event listener's (listener.c) */

	/* CPU and memory of its process tree (proc-stats.c). */
	struct {
		pid_t	 pid;		/* the run sampled; 0: none */
		uint64_t ticks;		/* of the tree, at the sample */
		uint64_t ms;		/* when */
		u_int	 cpu;		/* tenths of a percent of one core */
		uint64_t rss;		/* bytes */
	} stats;

	struct hash_node id_node;	/* sv->byid */
	struct hash_node pid_node;	/* sv->bypid, while it has a pid */
	u_int		 mark;		/* sv_resolve: listed already */
};

/* A program: a config entry and its numprocs instances. */
struct program {
	char		*name;
	struct cfg_program *cp;		/* owned by the current cfg */
	struct proc	**procs;
	u_int		 nprocs;
	struct supervisor *sv;
	bool		 removing;	/* dropped by reload: free when stopped */
	struct hash_node name_node;	/* sv->byname, unless removing */
	TAILQ_ENTRY(program) entry;
};
TAILQ_HEAD(programs, program);

/* Something interested in every state change (waiting commands, UI). */
struct sv_listener {
	void		(*cb)(struct proc *, enum proc_state, void *);
	void		*arg;
	TAILQ_ENTRY(sv_listener) entry;
};

/* Processes to act on by priority, a level at a time (sv-order.c). */
struct sv_order {
	uint64_t	*ids;
	u_int		 n;
	u_int		 next;		/* the first not acted on */
	u_int		 level;		/* the first of the level acting */
};

/* Someone waiting for the end of a shutdown (the shutdown command). */
struct sv_waiter {
	void		(*cb)(void *);
	void		*arg;
	TAILQ_ENTRY(sv_waiter) entry;
};

/* The supervisor: every program, and the daemon-wide state. */
struct supervisor {
	struct event_base *base;
	struct cfg	*cf;
	char		*cfgpath;	/* as given, to reload */
	struct programs	 programs;	/* in config order */
	struct programs	 removing;	/* stopping, then freed */
	bool		 extras;	/* instances beyond numprocs exist */
	uint64_t	 next_id;
	uint64_t	 start_ms;
	time_t		 start_wall;

	struct hash	 byid;		/* processes of programs, by id */
	struct hash	 bypid;		/* processes with a pid */
	struct hash	 byname;	/* programs (not removing), by name */
	u_int		 mark;		/* sv_resolve: the list being made */
	u_int		 all_mark;	/* sv_resolve: "all" is in it */
	TAILQ_HEAD(, sv_listener) listeners;
	struct sv_notify_iter *notifying; /* sv_notify's, innermost first */
	struct lsn_sv	*lsn;		/* event listeners' pools */

	struct event	*gc_ev;		/* frees what settled, off the stack */
	struct event	*turn_ev;	/* marks the end of a loop turn */
	bool		 turn_armed;
	uint64_t	 turn_start;	/* first automatic spawn of the turn */
	struct event	*autostart_ev;	/* start-up, a slice a loop turn */
	struct sv_order	 autostart;	/* by priority */
	struct sv_order	 stopping;	/* shutdown, by priority */
	struct sv_listener order_listener; /* a level may have settled */
	int		 low_priority;	/* for work that must not delay I/O */
	bool		 shutting_down;
	int		 exit_code;	/* taskmasterd's: 1 after shutdown_on_fatal */
	struct event	*sweep_timer;
	int		 sweep_stage;
	pid_t		*swept;		/* named in the log this stage */
	u_int		 nswept;
	bool		 finished;
	TAILQ_HEAD(, sv_waiter) waiters;
	void		(*exit_cb)(struct supervisor *); /* all is stopped */
	void		*exit_arg;
	/* A reload was applied: the daemon's part (listeners, secrets). */
	void		(*reload_cb)(struct supervisor *);

	int		 orig_nofile;	/* RLIMIT_NOFILE soft limit to restore */
#define SPAWN_NSLOTS	4
	int		 spawn_slots[SPAWN_NSLOTS]; /* low fds for a clone */
	int		 spawn_null;	/* -1: children are not cloned */
	struct sv_stats	*stats;		/* proc-stats.c, once sampled */
};

/* daemon-limits.c */

/* Raise the limits to minfds and minprocs, or say why not. */
int	 daemon_limits(const struct cfg *, char **);
/* Give the socket to "user" or "user:group" (socket_owner). */
int	 daemon_socket_owner(const char *, const char *, char **);

/* sv-order.c */

/* What a process starts by: its [group:x]'s priority, then its own. */
uint64_t proc_priority(const struct proc *);
/*
 * Sort ids by priority (highest first if asked), stably; false if all
 * have one priority (then nothing moved).
 */
bool	 sv_order_sort(struct supervisor *, uint64_t *, u_int, bool);
/* Whether the next process of o may go now: its level has begun. */
bool	 sv_order_may(struct supervisor *, struct sv_order *,
	     bool (*)(struct proc *));

/* supervisor.c */

/* Create the supervisor for a loaded config (it takes cf). */
struct supervisor *sv_create(struct event_base *, struct cfg *, const char *);
/* Stop nothing, free everything (after shutdown). */
void	 sv_free(struct supervisor *);
/* Start every process whose program has autostart. */
void	 sv_autostart(struct supervisor *);
/* Apply a reload plan computed from sv->cf to ncf (takes ncf). */
void	 sv_apply(struct supervisor *, struct cfg *, const struct plan *);
/* Load the config again and plan a reload; dl gets the problems. */
struct cfg *sv_reload_load(struct supervisor *, struct diag_list *,
	     struct plan **);
/* Log a plan, then apply it (takes ncf). */
void	 sv_reload_apply(struct supervisor *, struct cfg *, struct plan *);
/* Stop everything; exit_cb runs once nothing of ours is left alive. */
void	 sv_shutdown(struct supervisor *);
/* Shutdown asked again: SIGKILL every process still stopping. */
void	 sv_kill(struct supervisor *);
/* Reopen the output files of every process (SIGUSR1, SIGUSR2). */
void	 sv_reopen(struct supervisor *);
/* Be told when the shutdown is over (before exit_cb). */
void	 sv_wait_shutdown(struct supervisor *, struct sv_waiter *);
/* Stop waiting for the shutdown. */
void	 sv_unwait_shutdown(struct supervisor *, struct sv_waiter *);
/* Look up a process by pid. */
struct proc *sv_find_pid(struct supervisor *, pid_t);
/* Look up a process by id (safe for callbacks that outlive it). */
struct proc *sv_find_id(struct supervisor *, uint64_t);
/* Look up a program by name. */
struct program *sv_find_program(struct supervisor *, const char *);
/*
 * Resolve a name (process, program, or "all") into processes, appended
 * to *list (*n entries). Fills cause and returns -1 for an unknown name.
 */
int	 sv_resolve(struct supervisor *, const char *, struct proc ***,
	     u_int *, char **);
/* Call f for every process, in config order. */
void	 sv_each(struct supervisor *, void (*)(struct proc *, void *), void *);
/* Count processes in each state (counts has PROC_NSTATES entries). */
u_int	 sv_count(struct supervisor *, u_int *);
/* Register a state change listener. */
void	 sv_listen(struct supervisor *, struct sv_listener *);
/* Remove a state change listener. */
void	 sv_unlisten(struct supervisor *, struct sv_listener *);
/* Tell every listener that p changed from old; p NULL: the set changed. */
void	 sv_notify(struct supervisor *, struct proc *, enum proc_state);
/* Track pid for p (or untrack when pid is 0). */
void	 sv_set_pid(struct supervisor *, struct proc *, pid_t);
/* Stop the next priority levels of a shutdown that may stop now. */
void	 sv_stop_step(struct supervisor *);
/* Called when a process settles while shutting down or removing. */
void	 sv_check_idle(struct supervisor *);
/* During the shutdown sweep: finish once no adopted child is left. */
void	 sv_sweep_check(struct supervisor *);
/* Every process has stopped: sweep what escaped, then finish. */
void	 sv_sweep(struct supervisor *);
/*
 * Whether an automatic start (a restart, a retry) may spawn in this loop
 * turn; if not, it is tried again on the next one.
 */
bool	 sv_spawn_slice(struct supervisor *);

/* proc.c */

/* Create instance index of a program, named for numprocs. */
struct proc *proc_create(struct program *, u_int);
/* Free a process that has no pid. */
void	 proc_free(struct proc *);
/* Set the name from the program name, index and numprocs. */
void	 proc_set_name(struct proc *);
/* Feed an event to the state machine and carry out its actions. */
int	 proc_event(struct proc *, enum proc_event, const char **);
/* Start (EV_START); refused gives the reason. */
int	 proc_start(struct proc *, const char **);
/* Stop (EV_STOP); refused gives the reason. */
int	 proc_stop(struct proc *, const char **);
/* Restart: stop if needed, then start. */
int	 proc_restart(struct proc *, const char **);
/* Send a signal to the process; fills cause on error. */
int	 proc_signal(struct proc *, int, char **);
/* The description column of status (caller frees). */
char	*proc_describe(struct proc *);
/*
 * The description of a process with a pid ("pid 12, uptime 0:01:02")
 * into buf, PROC_DESC_PID bytes, without allocating; 0 if it has none.
 */
size_t	 proc_describe_pid(struct proc *, char *);
#define PROC_DESC_PID	80
/* Uptime in seconds of a running process, 0 otherwise. */
uint64_t proc_uptime(struct proc *);
/* Describe a wait status: "exited with 1", "killed by SIGKILL". */
char	*proc_status_text(int);
/* Whether the proc has a pid (RUNNING, STARTING, STOPPING). */
bool	 proc_alive(struct proc *);

/* proc-stats.c: CPU and memory of process trees. */

/* Someone who wants the figures kept current (a console). */
struct proc_stats_watcher {
	void		(*cb)(void *);	/* after each sample */
	void		*arg;
	TAILQ_ENTRY(proc_stats_watcher) entry;
};

/* Read /proc once and update every process's figures. */
void	 proc_stats_sample(struct supervisor *);
/* Sample now unless a recent sample has all of procs (status -l). */
void	 proc_stats_fresh(struct supervisor *, struct proc **, u_int);
/* Whether p's figures are those of its current run. */
bool	 proc_stats_valid(struct proc *);
/* Sample once a second while watchers are registered. */
void	 proc_stats_watch(struct supervisor *, struct proc_stats_watcher *);
/* Stop watching; the timer stops with the last watcher. */
void	 proc_stats_unwatch(struct supervisor *,
	     struct proc_stats_watcher *);
/* Free what sampling keeps (sv_free). */
void	 proc_stats_free(struct supervisor *);

/* proc-spawn.c */

/*
 * Fork and exec p on a pty or pipes. Returns 0 when a child exists (its
 * exec result comes later through the spawn pipe), -1 with cause when
 * nothing was started; *fatal says whether retrying cannot help.
 */
int	 proc_spawn(struct proc *, char **, bool *);
/* Read what the child reported through the spawn pipe, if not yet. */
void	 proc_spawn_report(struct proc *);
/* Keep low descriptors for children to take theirs from (sv_create). */
void	 proc_spawn_setup(struct supervisor *);
/* Close them (sv_free). */
void	 proc_spawn_cleanup(struct supervisor *);

/* proc-reap.c */

/* SIGCHLD: reap every child that has exited, each an fsm event. */
void	 proc_reap_all(struct supervisor *);

/* proc-output.c */

/* Take what a process wrote: its file, then its screen. */
void	 proc_output_data(struct proc_stream *, const char *, size_t);
/* Start reading a stream into its file and the process's screen. */
void	 proc_output_open(struct proc *, struct proc_stream *, int, int,
	     int);
/* Read everything a stream holds now, then close it. */
void	 proc_output_close(struct proc_stream *);
/* Reopen the stdout/stderr files of a running process (SIGUSR1). */
void	 proc_output_reopen(struct proc *);
/* Empty a process's output files (taskmasterctl clear). */
void	 proc_output_clear(struct proc *);
/* Give the screen what went to the files alone so far (proc-splice.c). */
void	 proc_output_catchup(struct proc *);

/* proc-splice.c: a flood on a pipe moved to its file by the kernel. */

/* Like proc_output_read; -2: this stream must be read the usual way. */
ssize_t	 proc_splice_read(struct proc_stream *, size_t, u_int);
/* Give the screen the newest of what was spliced, the rest a gap. */
void	 proc_splice_feed(struct proc_stream *);
/* The stream closes: feed the screen, free what splicing held. */
void	 proc_splice_close(struct proc_stream *);

/* out-syslog.c: stdout_syslog, stderr_syslog. */
#define OUT_SYSLOG_LINE	2048	/* bytes a syslog line has at most */
/* Send each whole line of a stream's bytes to syslog, without blocking. */
void	 out_syslog_data(struct proc_stream *, const char *, size_t);
/* Send what is left of the last line, and forget it. */
void	 out_syslog_close(struct proc_stream *);
/* Open the file for an output mode: fd, -1 for none, -2 with cause. */
int	 proc_output_file(enum cfg_out, const char *, char **);

/* pane.c: a process's terminal screen, scrollback and viewers. */

/* Modes a viewer's terminal must share with the screen for keys. */
struct pane_modes {
	bool		 cursor_keys;	/* DECCKM: arrows send ESC O x */
	bool		 keypad;	/* DECKPAM: application keypad */
	bool		 paste;		/* bracketed paste */
	int		 mouse;		/* VTERM_PROP_MOUSE_* */
	bool		 cursor_visible;
	bool		 altscreen;
};

/* Someone watching a pane: an attached client, the console's preview. */
struct pane_view {
	struct pane	*pn;
	int		 flags;
#define PANE_VIEW_READONLY 0x1	/* never resizes, never types */
#define PANE_VIEW_REPAINT  0x2	/* fell behind: repaint when drained */
	u_int		 cols;		/* its terminal's size */
	u_int		 rows;
	struct pane_modes sent;		/* what its terminal was told */
	/* Send bytes of the terminal stream; backlog says how far behind. */
	void		(*write)(struct pane_view *, const void *, size_t);
	size_t		(*backlog)(struct pane_view *);
	void		(*gone)(struct pane_view *);	/* the pane is freed */
	void		(*resized)(struct pane_view *);	/* new pane size */
	void		*arg;
	TAILQ_ENTRY(pane_view) entry;
};

/* Someone following the raw output (tail -f). */
struct pane_follow {
	void		(*data)(struct pane_follow *, const char *, size_t);
	void		(*gone)(struct pane_follow *);	/* the pane is freed */
	void		*arg;
	TAILQ_ENTRY(pane_follow) entry;
};

struct pane {
	struct proc	*p;
	struct event_base *base;
	struct VTerm	*vt;		/* NULL until the first output */
	struct VTermScreen *vts;
	u_int		 cols;
	u_int		 rows;
	bool		 ran;		/* a run has started on it */
	bool		 altscreen;	/* its alternate screen exists */
	char		 alt_tail[32];	/* a DECSET cut by the end of a read */
	size_t		 alt_tail_len;

	/* Scrollback: a ring of lines, each with its SGR escapes. */
	char		**sb;
	u_int		 sb_max;
	u_int		 sb_first;
	u_int		 sb_count;

	/* Output read but not yet parsed (parsing is slower than a pty). */
	struct evbuffer	*pending;
	uint64_t	 skipped;	/* bytes dropped while catching up */
	bool		 resync;
	uint64_t	 win_start;	/* ms: input rate, to tell a flood */
	size_t		 win_bytes;
	size_t		 win_prev;
	uint64_t	 last_snap;	/* ms: the last flood snapshot */
	bool		 quiet;		/* parsing a snapshot: no scrollback */
	char		*gap;		/* this flood's marker line */
	bool		 escaped;	/* an escape was ever written */
	size_t		 trim_seen;	/* pending when pane_trim last looked */
	struct event	*parse_ev;

	/* Writing to the pty: terminal replies and attached keystrokes. */
	int		 ptyfd;
	struct evbuffer	*ptyout;	/* typed, not yet read by the child */
	struct event	*ptyout_ev;
	size_t		 input_dropped;	/* typed while the queue was full */

	/* Viewers, and what they have not been sent yet. */
	TAILQ_HEAD(, pane_view) views;
	TAILQ_HEAD(, pane_follow) follows;
	struct event	*frame_ev;
	int		 dirty_first;	/* rows to send; first > last: none */
	int		 dirty_last;
	bool		 dirty_cursor;
	struct pane_modes modes;	/* termprops seen so far */
	bool		 probing;	/* capture vterm output, not the pty */
	char		 probe[32];
	size_t		 probe_len;
};

/* Create the pane of a process (the screen itself comes with output). */
struct pane *pane_create(struct proc *);
/* Free a pane and tell its viewers nothing more comes. */
void	 pane_free(struct pane *);
/* A new run of the process starts on ptyfd (-1 for pipes). */
void	 pane_start(struct pane *, int);
/* The run is over: no more writes to its pty. */
void	 pane_stop(struct pane *);
/* Output to the screen and the followers; crlf: from a pipe. */
void	 pane_input(struct pane *, const char *, size_t, bool);
/* Count len bytes of output toward the input rate (a flood or not). */
void	 pane_count(struct pane *, size_t);
/* Whether output comes faster than a screen is worth parsing. */
bool	 pane_flooding(struct pane *);
/* len bytes of output that the screen will never see: say so. */
void	 pane_gap(struct pane *, uint64_t);
/* Skip pending lines that would only scroll away unseen (pane-trim.c). */
void	 pane_trim(struct pane *);
/* Make the alternate screen if these bytes ask for it (pane-alt.c). */
void	 pane_alt_scan(struct pane *, const char *, size_t);
/* After a burst of input: parse a share now, the rest when idle. */
void	 pane_kick(struct pane *);
/* Parse everything pending now (before a repaint or a dump). */
void	 pane_flush(struct pane *);
/* Resize the screen and the pty together (the child gets SIGWINCH). */
void	 pane_resize(struct pane *, u_int, u_int);
/* Put the size back to the configured tty_size if nobody types. */
void	 pane_reset_size(struct pane *);
/* Send keystrokes to the process through its pty. */
void	 pane_write(struct pane *, const char *, size_t);
/* Add a viewer: it is sent a full repaint at once, then frames. */
void	 pane_view_add(struct pane *, struct pane_view *);
/* Remove a viewer. */
void	 pane_view_remove(struct pane *, struct pane_view *);
/* Add a follower of the raw output. */
void	 pane_follow_add(struct pane *, struct pane_follow *);
/* Remove a follower. */
void	 pane_follow_remove(struct pane *, struct pane_follow *);
/* Read the modes of the screen that decide what keys send. */
void	 pane_get_modes(struct pane *, struct pane_modes *);

/* pane-sb.c: the scrollback ring. */

/* Append one line to the scrollback (escapes allowed). */
/* Forget the scrollback (taskmasterctl clear); the screen stays. */
void	 pane_sb_clear(struct pane *);
void	 pane_sb_push(struct pane *, char *);
/* Keep room for n lines, the newest that fit; 0 frees the ring. */
void	 pane_sb_resize(struct pane *, u_int);
/* Move every written row of the screen into the scrollback. */
void	 pane_sb_screen(struct pane *);
/* Mark (or update) the gap a flood leaves in the scrollback. */
void	 pane_sb_gap(struct pane *);

/* pane-text.c: screens as text (tail) or as escapes (attach). */

/* One row of cells as text; with escapes, SGR where the pen changes. */
char	*pane_text_cells(const void *, int, bool);
/* A stored scrollback line without its escapes (caller frees). */
char	*pane_text_strip(const char *);
/*
 * The last n lines of scrollback and screen as plain text, trailing
 * blanks trimmed, empty rows below the last written one left out.
 */
char	**pane_text_tail(struct pane *, u_int, u_int *);
/* Escapes that paint the whole screen, with modes m and the cursor. */
void	 pane_text_repaint(struct pane *, struct evbuffer *,
	     const struct pane_modes *);
/* Escapes that paint rows first..last and place the cursor. */
void	 pane_text_rows(struct pane *, struct evbuffer *, int, int);
/* Escapes that take a viewer's terminal from modes (NULL: reset) to m. */
void	 pane_text_modes(struct evbuffer *, const struct pane_modes *,
	     const struct pane_modes *);

/* cmd.c: running one command in the daemon (the table is cmd.h). */

struct cmd_ctx;

enum cmd_retval {
	CMD_DONE,		/* finished: ctx->status is the result */
	CMD_WAIT		/* will call cmd_ctx_done later */
};

/* One running command: where its output goes and how it ends. */
struct cmd_ctx {
	struct supervisor *sv;
	const struct cmd_entry *ce;
	uint32_t	 id;
	int		 status;	/* CMD_EXIT_* */
	bool		 running;	/* exec has not returned yet */
	bool		 done;

	/* Front end: NULL once it has gone (client hung up). */
	void		(*print)(struct cmd_ctx *, int, const char *);
	void		(*finish)(struct cmd_ctx *);
	void		(*send)(struct cmd_ctx *, int, const void *, size_t);
	size_t		(*backlog)(struct cmd_ctx *);
	void		*arg;

	/* Per command state, freed by cleanup. */
	void		*data;
	void		(*cleanup)(struct cmd_ctx *);
	/* Messages for a running command (attach keys, resize, detach). */
	void		(*input)(struct cmd_ctx *, int, const char *, size_t);
	/* The front end has gone: a command that streams ends here. */
	void		(*detached)(struct cmd_ctx *);
	/* Everything queued to the front end has been taken. */
	void		(*drained)(struct cmd_ctx *);
	TAILQ_ENTRY(cmd_ctx) entry;	/* the front end's list */
};

/* Create a context for a front end. */
struct cmd_ctx *cmd_ctx_create(struct supervisor *, uint32_t,
	     void (*)(struct cmd_ctx *, int, const char *),
	     void (*)(struct cmd_ctx *), void *);
/* Run argv in ctx; the ctx finishes (now or later) and frees itself. */
void	 cmd_run(struct cmd_ctx *, int, char **);
/* A waiting command is over: tell the front end and free the ctx. */
void	 cmd_ctx_done(struct cmd_ctx *);
/* The front end has gone: the command goes on but prints nowhere. */
void	 cmd_ctx_detach(struct cmd_ctx *);
/* Send a message of another type (MSG_DATA, MSG_EVENT) to the front end. */
void	 cmd_send(struct cmd_ctx *, int, const void *, size_t);
/* Bytes queued to the front end and not yet taken (0 if none). */
size_t	 cmd_backlog(struct cmd_ctx *);
/* Resolve exactly one process for a command; prints why not. */
struct proc *cmd_resolve_one(struct cmd_ctx *, const char *);
/* Print a line of output (stream 1) for the command. */
void	 cmd_print(struct cmd_ctx *, const char *, ...)
	     __attribute__((format(printf, 2, 3)));
/* Print a line of error (stream 2) and set status if it is still 0. */
void	 cmd_error(struct cmd_ctx *, int, const char *, ...)
	     __attribute__((format(printf, 3, 4)));
/*
 * Resolve NAME arguments into processes. Unknown names are reported as
 * "NAME: ERROR (no such process)" and set the status to 1. Returns the
 * number of processes found.
 */
u_int	 cmd_resolve(struct cmd_ctx *, int, char **, struct proc ***);

/* cmd-json.c: --json for scripts. */

struct json_t;

/* Whether argv holds --json; it is taken out of argv (argc adjusted). */
bool	 cmd_json_flag(int *, char **);
/* Print a JSON document as the command's output (and free it). */
void	 cmd_json_emit(struct cmd_ctx *, struct json_t *);
/* One process as a JSON object (the fields taskmasterctl(1) lists). */
struct json_t *cmd_json_proc(struct proc *);

/* cmd-*.c: the executor of each command (cmd.c calls them by id). */
enum cmd_retval cmd_status_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_start_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_signal_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_pid_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_reload_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_shutdown_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_version_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_help_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_quit_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_tail_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_attach_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_subscribe_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_wait_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_reread_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_update_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_add_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_remove_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_avail_exec(struct cmd_ctx *, int, char **);
/* cmd-logs.c: clear NAME..., maintail [-f] [-n N]. */
enum cmd_retval cmd_clear_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_maintail_exec(struct cmd_ctx *, int, char **);


/* daemon.c: what taskmasterd and taskmaster share around the loop. */

struct daemon {
	struct event_base *base;
	struct supervisor *sv;
	struct server	*srv;
	struct cfg	*cf;		/* until the supervisor takes it */
	char		*cfgpath;	/* absolute */
	char		*sockpath;
	char		*pidfile;	/* written by us */
	bool		 pidfile_ours;	/* a regular file: removed at exit */
	struct stat	 pidfile_made;	/* ... if it is still this one */
	struct event	*signals[8];
	const char	*progname;
	bool		 detached;	/* daemonized: write a pidfile */
	bool		 started;
};

/*
 * Find (when path is NULL) and load a config, printing every diagnostic
 * to stderr. Returns NULL if the config has an error.
 */
struct cfg *daemon_load(const char *, const char *, char **);
/*
 * Load the config for d->progname: -1 on errors (printed), 1 when check
 * only asked for a verdict (printed), 0 when the daemon may go on.
 */
int	 daemon_config(struct daemon *, const char *, bool);
/*
 * Set up the supervisor, the control socket, signals and the event log
 * around a new event base. logstderr: log to stderr unless the config
 * names a log file. Returns -1 with cause if the daemon cannot run.
 */
int	 daemon_start(struct daemon *, bool, char **);
/* Start the processes with autostart. */
void	 daemon_run(struct daemon *);
/* Free everything once the loop is over. */
void	 daemon_free(struct daemon *);
/* Detach from the terminal; the parent exits once ready says so. */
int	 daemon_detach(int *, char **);
/* Report readiness (cause NULL) or failure to the waiting parent. */
void	 daemon_ready(int, const char *);

/* util.c */

/* Monotonic clock in milliseconds. */
uint64_t util_now_ms(void);
/* Format seconds as H:MM:SS, or D days, H:MM:SS (caller frees). */
char	*util_duration(uint64_t);
/* The same into buf (UTIL_DURATION_MAX bytes); returns the length. */
size_t	 util_duration_buf(uint64_t, char *);
#define UTIL_DURATION_MAX	40
/* The decimal digits of a number at buf (20 at most, no NUL); length. */
size_t	 util_utoa(uint64_t, char *);
/* Make an fd non-blocking; -1 on error. */
int	 util_nonblock(int);
/* A description of its own of what fd is (/proc/self/fd), with flags. */
int	 util_reopen(int, int);
/* Call cb for every process with the fields of /proc/PID/stat after comm. */
void	 util_proc_each(void (*)(pid_t, const char *, void *), void *);
/* Read to end of file or size - 1 bytes, NUL-terminated; the length. */
size_t	 util_read_all(int, char *, size_t);
/* Write all of buf to a blocking or regular fd, retrying on EINTR. */
int	 util_write_all(int, const void *, size_t);
/* As util_write_all, but return how much was written (errno if short). */
size_t	 util_write_part(int, const void *, size_t);

#endif
