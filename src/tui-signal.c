/*
 * The console and its terminal: resizes, job control, a terminal that
 * goes away, and the signals taskmaster is sent.
 *
 * The console is a process of its own: Ctrl-Z (or SIGTSTP) gives the
 * terminal back and stops the console alone, as any job; the supervisor
 * goes on. In taskmaster, the signals the supervisor answers (SIGHUP
 * reloads, SIGUSR1/SIGUSR2 reopen logs, SIGTERM/SIGINT stop everything)
 * are passed on to it, so taskmaster can be driven like taskmasterd. A
 * SIGHUP that means the terminal is gone ends the console instead; the
 * supervisor then sees its connection close and stops everything.
 */

#include <sys/ioctl.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "tui.h"

static void	tui_signal_winch_cb(evutil_socket_t, short, void *);
static void	tui_signal_tstp_cb(evutil_socket_t, short, void *);
static void	tui_signal_cont_cb(evutil_socket_t, short, void *);
static void	tui_signal_pass_cb(evutil_socket_t, short, void *);
static void	tui_signal_resize(struct tui *);

/* The signals the console acts on, and what it does. */
static const struct {
	int	  sig;
	void	(*cb)(evutil_socket_t, short, void *);
} tui_signals[TUI_NSIGNALS] = {
	{ SIGWINCH, tui_signal_winch_cb },
	{ SIGTSTP, tui_signal_tstp_cb },
	{ SIGCONT, tui_signal_cont_cb },
	{ SIGHUP, tui_signal_pass_cb },
	{ SIGTERM, tui_signal_pass_cb },
	{ SIGINT, tui_signal_pass_cb },
	{ SIGUSR1, tui_signal_pass_cb },
	{ SIGUSR2, tui_signal_pass_cb },
};

void
tui_signal_start(struct tui *t)
{
	u_int	i;

	for (i = 0; i < TUI_NSIGNALS; i++) {
		t->signals[i] = evsignal_new(t->base, tui_signals[i].sig,
		    tui_signals[i].cb, t);
		evsignal_add(t->signals[i], NULL);
	}
}

void
tui_signal_free(struct tui *t)
{
	u_int	i;

	for (i = 0; i < TUI_NSIGNALS; i++) {
		if (t->signals[i] != NULL)
			event_free(t->signals[i]);
		t->signals[i] = NULL;
	}
}

/*
 * Readable but no key: the terminal may be gone (its window closed). A
 * hung-up terminal reads as end of file or EIO, and would wake the loop
 * forever: the console ends there.
 */
bool
tui_signal_stdin_gone(struct tui *t)
{
	struct pollfd	 pfd = { STDIN_FILENO, POLLIN, 0 };
	unsigned char	 c;
	ssize_t		 n;

	if (poll(&pfd, 1, 0) <= 0)
		return (false);
	if (!(pfd.revents & (POLLIN|POLLHUP|POLLERR)))
		return (false);
	n = read(STDIN_FILENO, &c, 1);
	if (n == 1) {
		ungetch(c);
		return (false);
	}
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return (false);
	return (true);
}

/*
 * The terminal is gone: there is nothing to restore and nobody to ask.
 * The console leaves; taskmaster's supervisor sees the connection close
 * and stops everything by itself.
 */
void
tui_hangup(struct tui *t)
{
	if (t->stdin_ev != NULL)
		event_del(t->stdin_ev);
	t->flags &= ~TUI_STARTED;
	t->flags |= TUI_HUNGUP|TUI_QUITTING;
	t->exitcode = 1;
	event_base_loopbreak(t->base);
}

/* The terminal's size is known to curses: lay everything out again. */
void
tui_signal_relayout(struct tui *t)
{
	if (t->view->resize != NULL)
		t->view->resize(t);
	tui_table_preview(t);
	clearok(curscr, TRUE);
	tui_redraw(t);
}

/* SIGWINCH: tell curses the new size, then lay out. */
static void
tui_signal_resize(struct tui *t)
{
	struct winsize	 ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	tui_signal_relayout(t);
}

static void
tui_signal_winch_cb(evutil_socket_t sig, short events, void *arg)
{
	struct tui	*t = arg;

	if (t->flags & TUI_STARTED)
		tui_signal_resize(t);
}

/*
 * Ctrl-Z or SIGTSTP: give the terminal back and stop, as a job does, by
 * taking SIGTSTP with its default action (so the shell sees a job
 * stopped by it). The console's handler is put back once it continues.
 */
void
tui_suspend(struct tui *t)
{
	if (!(t->flags & TUI_STARTED) || (t->flags & TUI_SUSPENDED))
		return;
	t->flags |= TUI_SUSPENDED;
	curs_set(1);
	endwin();
	event_del(t->signals[TUI_SIGTSTP]);
	signal(SIGTSTP, SIG_DFL);
	kill(getpid(), SIGTSTP);
}

static void
tui_signal_tstp_cb(evutil_socket_t sig, short events, void *arg)
{
	tui_suspend(arg);
}

static void
tui_signal_cont_cb(evutil_socket_t sig, short events, void *arg)
{
	struct tui	*t = arg;

	if (!(t->flags & TUI_SUSPENDED))
		return;
	t->flags &= ~TUI_SUSPENDED;
	evsignal_add(t->signals[TUI_SIGTSTP], NULL);
	reset_prog_mode();
	tui_signal_resize(t);
}

/*
 * SIGHUP, SIGTERM, SIGINT, SIGUSR1, SIGUSR2. taskmasterctl's console
 * leaves on SIGTERM, SIGINT and SIGHUP (the daemon is not its own).
 * taskmaster passes them to its supervisor: SIGINT as SIGTERM (stop
 * everything, then both exit), the others as they are.
 */
static void
tui_signal_pass_cb(evutil_socket_t sig, short events, void *arg)
{
	struct tui	*t = arg;
	int		 fd;

	if (sig == SIGHUP) {
		fd = open("/dev/tty", O_RDWR|O_NOCTTY|O_CLOEXEC);
		if (fd == -1) {
			tui_hangup(t);
			return;
		}
		close(fd);
	}
	if (!(t->flags & TUI_EMBEDDED)) {
		if (sig == SIGUSR1 || sig == SIGUSR2)
			return;
		t->flags |= TUI_QUITTING;
		event_base_loopbreak(t->base);
		return;
	}
	if (sig == SIGTERM || sig == SIGINT) {
		t->flags |= TUI_QUITTING;
		tui_message(t, false, "Stopping every process...");
		sig = SIGTERM;
	}
	if (t->daemon > 0)
		kill(t->daemon, sig);
}
