/*
 * taskmasterctl attach: the local terminal becomes a view of a process's
 * screen. The terminal goes into raw mode on its alternate screen (so the
 * shell's screen comes back intact), the daemon's repaint and row updates
 * are written to it as they come, and every key goes to the process.
 *
 * Ctrl-] is the detach key. Pressed twice within DETACH_MS it sends one
 * literal Ctrl-] instead; pressed once, the client detaches when that
 * window closes or at once when any other key follows. The terminal is
 * restored on every way out: detach, the process or the daemon going away,
 * SIGTERM, SIGHUP.
 */

#include <sys/ioctl.h>

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "client.h"
#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

#define DETACH_KEY	0x1d	/* Ctrl-] */
#define DETACH_MS	300
#define ATTACH_ID	1

struct attach {
	struct event_base	*base;
	struct bufferevent	*bev;
	struct event		*stdin_ev;
	struct event		*winch_ev;
	struct event		*term_ev;
	struct event		*hup_ev;
	struct event		*detach_timer;
	struct termios		 saved;
	bool			 raw;
	bool			 readonly;
	bool			 escape;	/* a Ctrl-] is waiting */
	bool			 detaching;
	int			 status;
	char			*name;
	char			*why;		/* printed once restored */
};

static void	attach_raw(struct attach *);
static void	attach_restore(struct attach *);
static void	attach_fail(void);
static void	attach_size(u_int *, u_int *);
static void	attach_send(struct attach *, int, const void *, size_t);
static void	attach_detach(struct attach *);
static void	attach_read_cb(struct bufferevent *, void *);
static void	attach_event_cb(struct bufferevent *, short, void *);
static void	attach_stdin_cb(evutil_socket_t, short, void *);
static void	attach_winch_cb(evutil_socket_t, short, void *);
static void	attach_signal_cb(evutil_socket_t, short, void *);
static void	attach_timer_cb(evutil_socket_t, short, void *);
static void	attach_finish(struct attach *, int, const char *);

static void
attach_size(u_int *cols, u_int *rows)
{
	struct winsize	 ws;

	*cols = 80;
	*rows = 24;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
	}
}

/* The attach whose terminal is raw, for attach_fail. */
static struct attach	*attach_current;

/* Out of memory: the terminal is given back before the abort. */
static void
attach_fail(void)
{
	if (attach_current != NULL)
		attach_restore(attach_current);
}

static void
attach_raw(struct attach *at)
{
	struct termios	 tio;
	const char	*enter = "\033[?1049h\033[H\033[2J";

	if (at->raw)
		return;
	tcgetattr(STDIN_FILENO, &at->saved);
	tio = at->saved;
	cfmakeraw(&tio);
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &tio);
	(void)util_write_all(STDOUT_FILENO, enter, strlen(enter));
	at->raw = true;
	attach_current = at;
	xmalloc_atfail(attach_fail);
}

/* Undo every mode the screen may have set, then leave the alt screen. */
static void
attach_restore(struct attach *at)
{
	const char	*leave = "\033[0m\033[?25h\033[?1l\033>\033[?2004l"
			    "\033[?1000l\033[?1002l\033[?1003l\033[?1006l"
			    "\033[?1049l";

	if (!at->raw)
		return;
	(void)util_write_all(STDOUT_FILENO, leave, strlen(leave));
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &at->saved);
	at->raw = false;
	attach_current = NULL;
	xmalloc_atfail(NULL);
}

static void
attach_send(struct attach *at, int type, const void *data, size_t len)
{
	proto_put_id(bufferevent_get_output(at->bev), type, ATTACH_ID, data,
	    len);
}

static void
attach_detach(struct attach *at)
{
	if (at->detaching)
		return;
	at->detaching = true;
	attach_send(at, MSG_DETACH, NULL, 0);
	/* The daemon answers with MSG_EXIT; the loop ends there. */
}

static void
attach_finish(struct attach *at, int status, const char *why)
{
	at->status = status;
	if (why != NULL && at->why == NULL)
		at->why = xstrdup(why);
	event_base_loopbreak(at->base);
}

static void
attach_read_cb(struct bufferevent *bev, void *arg)
{
	struct attach		*at = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct proto_msg	 msg;
	const char		*data, *text, *sp;
	char			*cause = NULL, *why;
	uint32_t		 id;
	size_t			 len;
	int			 rc, stream, status;

	while ((rc = proto_get(in, &msg, &cause)) == 1) {
		switch (msg.type) {
		case MSG_DATA:
			if (proto_get_id(&msg, &id, &data, &len, &cause) != 0)
				break;
			attach_raw(at);
			(void)util_write_all(STDOUT_FILENO, data, len);
			break;
		case MSG_EVENT:
			if (proto_get_id(&msg, &id, &data, &len, &cause) != 0)
				break;
			/* Only states matter here; SIZE is for consoles. */
			if (len < 6 || strncmp(data, "STATE ", 6) != 0)
				break;
			data += 6;
			len -= 6;
			/*
			 * Still alive, or coming back: stay attached. A
			 * read-only viewer stays anyway: it came to look.
			 */
			if (at->readonly ||
			    strncmp(data, "RUNNING", 7) == 0 ||
			    strncmp(data, "STARTING", 8) == 0 ||
			    strncmp(data, "BACKOFF", 7) == 0 ||
			    strncmp(data, "STOPPING", 8) == 0)
				break;
			sp = memchr(data, ' ', len);
			if (sp == NULL)
				sp = data + len;
			xasprintf(&why, "%s %.*s: %.*s; detached", at->name,
			    (int)(sp - data), data, (int)(len - (sp - data) -
			    (sp < data + len)), sp < data + len ? sp + 1 : "");
			free(at->why);
			at->why = why;
			attach_detach(at);
			break;
		case MSG_OUTPUT:
			if (proto_get_output(&msg, &id, &stream, &text,
			    &cause) != 0)
				break;
			if (at->raw) {
				free(at->why);
				at->why = xstrdup(text);
			} else
				fprintf(stream == 2 ? stderr : stdout, "%s\n",
				    text);
			break;
		case MSG_EXIT:
			if (proto_get_exit(&msg, &id, &status, &cause) == 0)
				attach_finish(at, status, NULL);
			break;
		case MSG_ERROR:
			attach_finish(at, CMD_EXIT_FAIL, msg.payload);
			break;
		}
		proto_msg_clear(&msg);
		if (cause != NULL)
			break;
	}
	if (cause != NULL) {
		attach_finish(at, CMD_EXIT_FAIL, cause);
		free(cause);
	}
}

static void
attach_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct attach	*at = arg;

	if (what & (BEV_EVENT_EOF|BEV_EVENT_ERROR))
		attach_finish(at, CMD_EXIT_FAIL,
		    "the daemon closed the connection");
}

static void
attach_stdin_cb(evutil_socket_t fd, short events, void *arg)
{
	struct attach	*at = arg;
	struct timeval	 tv = { 0, DETACH_MS * 1000 };
	char		 buf[4096];
	const char	 key = DETACH_KEY;
	ssize_t		 n, i, start = 0;

	n = read(fd, buf, sizeof buf);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		attach_detach(at);
		event_del(at->stdin_ev);
		return;
	}
	for (i = 0; i < n; i++) {
		if (at->escape) {
			at->escape = false;
			evtimer_del(at->detach_timer);
			if (buf[i] != DETACH_KEY) {
				attach_detach(at);
				return;
			}
			if (!at->readonly)
				attach_send(at, MSG_INPUT, &key, 1);
			start = i + 1;
			continue;
		}
		if (buf[i] != DETACH_KEY)
			continue;
		if (i > start && !at->readonly)
			attach_send(at, MSG_INPUT, buf + start, i - start);
		at->escape = true;
		evtimer_add(at->detach_timer, &tv);
		start = i + 1;
	}
	if (n > start && !at->escape && !at->readonly)
		attach_send(at, MSG_INPUT, buf + start, n - start);
}

static void
attach_timer_cb(evutil_socket_t fd, short events, void *arg)
{
	struct attach	*at = arg;

	at->escape = false;
	attach_detach(at);
}

static void
attach_winch_cb(evutil_socket_t sig, short events, void *arg)
{
	struct attach	*at = arg;
	uint16_t	 sz[2];
	u_int		 cols, rows;

	if (at->readonly)
		return;
	attach_size(&cols, &rows);
	sz[0] = htons(cols);
	sz[1] = htons(rows);
	attach_send(at, MSG_RESIZE, sz, sizeof sz);
}

static void
attach_signal_cb(evutil_socket_t sig, short events, void *arg)
{
	struct attach	*at = arg;

	attach_finish(at, CMD_EXIT_FAIL, sig == SIGHUP ? "hangup" :
	    "terminated");
}

int
client_attach(struct client_conn *c, const char *name, bool readonly)
{
	struct attach	 at;
	u_int		 cols, rows;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "taskmasterctl: attach needs a terminal; use "
		    "\"tail -f %s\" to follow its output\n", name);
		return (CMD_EXIT_USAGE);
	}
	memset(&at, 0, sizeof at);
	at.readonly = readonly;
	at.name = xstrdup(name);
	at.status = CMD_EXIT_FAIL;
	at.base = event_base_new();
	at.bev = client_conn_bev(c, at.base);
	bufferevent_setcb(at.bev, attach_read_cb, NULL, attach_event_cb, &at);
	bufferevent_enable(at.bev, EV_READ|EV_WRITE);
	at.stdin_ev = event_new(at.base, STDIN_FILENO, EV_READ|EV_PERSIST,
	    attach_stdin_cb, &at);
	event_add(at.stdin_ev, NULL);
	at.winch_ev = evsignal_new(at.base, SIGWINCH, attach_winch_cb, &at);
	evsignal_add(at.winch_ev, NULL);
	at.term_ev = evsignal_new(at.base, SIGTERM, attach_signal_cb, &at);
	evsignal_add(at.term_ev, NULL);
	at.hup_ev = evsignal_new(at.base, SIGHUP, attach_signal_cb, &at);
	evsignal_add(at.hup_ev, NULL);
	at.detach_timer = evtimer_new(at.base, attach_timer_cb, &at);

	attach_size(&cols, &rows);
	client_attach_command(bufferevent_get_output(at.bev), ATTACH_ID, name,
	    readonly, cols, rows);

	event_base_dispatch(at.base);
	attach_restore(&at);
	if (at.why != NULL)
		fprintf(stderr, "taskmasterctl: %s\n", at.why);

	event_free(at.stdin_ev);
	event_free(at.winch_ev);
	event_free(at.term_ev);
	event_free(at.hup_ev);
	event_free(at.detach_timer);
	bufferevent_free(at.bev);
	event_base_free(at.base);
	free(at.why);
	free(at.name);
	return (at.status);
}
