/*
 * Syslog targets. Without a server, the local syslog through syslog(3),
 * ident "taskmasterd" and the alert's facility. With one, RFC 5424
 * messages to a collector: over UDP, one datagram each from a
 * non-blocking socket (a datagram the socket cannot take now is a
 * failure, not a wait); over TCP, framed by octet counting (RFC 6587)
 * on one connection per alert, opened without blocking and kept, its
 * writes buffered by a bufferevent with the alert's timeout. A TCP
 * message is delivered once its bytes have left for the socket; the
 * collector's address is numeric (alert-cfg.c), so nothing waits on a
 * lookup.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <event2/bufferevent.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "alert.h"
#include "log.h"
#include "xmalloc.h"

struct alert_syslog {
	char			*server;	/* as configured */
	bool			 tcp;
	struct sockaddr_storage	 sa;
	socklen_t		 salen;
	int			 fd;		/* UDP */
	struct bufferevent	*bev;		/* TCP */
	struct alert_msg	**pending;	/* TCP: written, not yet sent */
	u_int			 npending;
};

static bool	 alert_syslog_opened;

static struct alert_syslog *alert_syslog_create(const char *, char **);
static void	 alert_syslog_local(struct alert_msg *);
static void	 alert_syslog_udp(struct alert_syslog *, struct alert_msg *);
static void	 alert_syslog_tcp(struct alert_syslog *, struct event_base *,
		     struct alert_msg *);
static void	 alert_syslog_write_cb(struct bufferevent *, void *);
static void	 alert_syslog_read_cb(struct bufferevent *, void *);
static void	 alert_syslog_event_cb(struct bufferevent *, short, void *);
static void	 alert_syslog_fail(struct alert_syslog *, const char *);

/* A collector: its address, resolved without a lookup. */
static struct alert_syslog *
alert_syslog_create(const char *server, char **cause)
{
	struct alert_syslog	*s;
	struct addrinfo		 hints, *res;
	char			*host, *port;
	bool			 tcp;
	int			 error;

	if (alert_cfg_syslog_server(server, &tcp, &host, &port, cause) != 0)
		return (NULL);
	memset(&hints, 0, sizeof hints);
	hints.ai_flags = AI_NUMERICHOST|AI_NUMERICSERV;
	hints.ai_socktype = tcp ? SOCK_STREAM : SOCK_DGRAM;
	if ((error = getaddrinfo(host, port, &hints, &res)) != 0) {
		*cause = xstrfmt("%s: %s", server, gai_strerror(error));
		free(host);
		free(port);
		return (NULL);
	}
	s = xcalloc(1, sizeof *s);
	s->server = xstrdup(server);
	s->tcp = tcp;
	memcpy(&s->sa, res->ai_addr, res->ai_addrlen);
	s->salen = res->ai_addrlen;
	s->fd = -1;
	freeaddrinfo(res);
	free(host);
	free(port);
	return (s);
}

/* Close a collector, failing what it had not sent yet. */
void
alert_syslog_free(struct alert_syslog *s)
{
	if (s == NULL)
		return;
	alert_syslog_fail(s, "the connection to the collector was closed");
	if (s->fd != -1)
		close(s->fd);
	free(s->pending);
	free(s->server);
	free(s);
}

/* The local syslog: syslog(3) with the alert's facility. */
static void
alert_syslog_local(struct alert_msg *m)
{
	const struct cfg_alert	*ca = alert_msg_alert(m);
	const struct alert_info	*ai = alert_msg_info(m);
	char			*line;

	if (!alert_syslog_opened) {
		openlog("taskmasterd", LOG_PID|LOG_NDELAY, LOG_DAEMON);
		alert_syslog_opened = true;
	}
	line = alert_msg_syslog_local(ai);
	syslog(ca->facility | alert_msg_severity(ai->ev), "%s", line);
	free(line);
	alert_attempt_done(m, true, "local syslog");
}

/* One datagram; EAGAIN or a refusal is a failure, never a wait. */
static void
alert_syslog_udp(struct alert_syslog *s, struct alert_msg *m)
{
	const struct alert_info	*ai = alert_msg_info(m);
	char			*line, *cause;
	ssize_t			 n;

	if (s->fd == -1) {
		s->fd = socket(s->sa.ss_family, SOCK_DGRAM|SOCK_NONBLOCK|
		    SOCK_CLOEXEC, 0);
		if (s->fd == -1 || connect(s->fd, (struct sockaddr *)&s->sa,
		    s->salen) != 0) {
			cause = xstrfmt("%s: %s", s->server, strerror(errno));
			if (s->fd != -1)
				close(s->fd);
			s->fd = -1;
			alert_attempt_done(m, false, cause);
			free(cause);
			return;
		}
	}
	line = alert_msg_syslog(ai, alert_msg_alert(m)->facility);
	do
		n = send(s->fd, line, strlen(line), 0);
	while (n == -1 && errno == EINTR);
	free(line);
	if (n == -1) {
		cause = xstrfmt("send to %s: %s", s->server, strerror(errno));
		alert_attempt_done(m, false, cause);
		free(cause);
		return;
	}
	alert_attempt_done(m, true, s->server);
}

/* Fail every message written to a connection that is gone. */
static void
alert_syslog_fail(struct alert_syslog *s, const char *cause)
{
	struct alert_msg	**pending = s->pending;
	u_int			  n = s->npending, i;

	if (s->bev != NULL) {
		bufferevent_free(s->bev);
		s->bev = NULL;
	}
	s->pending = NULL;
	s->npending = 0;
	for (i = 0; i < n; i++)
		alert_attempt_done(pending[i], false, cause);
	free(pending);
}

/* The output has left for the socket: the messages in it are sent. */
static void
alert_syslog_write_cb(struct bufferevent *bev, void *arg)
{
	struct alert_syslog	 *s = arg;
	struct alert_msg	**pending = s->pending;
	u_int			  n = s->npending, i;

	s->pending = NULL;
	s->npending = 0;
	for (i = 0; i < n; i++)
		alert_attempt_done(pending[i], true, s->server);
	free(pending);
}

/* A collector has nothing to say: what it sends is dropped. */
static void
alert_syslog_read_cb(struct bufferevent *bev, void *arg)
{
	struct evbuffer	*in = bufferevent_get_input(bev);

	evbuffer_drain(in, evbuffer_get_length(in));
}

/* Connected, or the connection failed, closed or timed out. */
static void
alert_syslog_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct alert_syslog	*s = arg;
	char			*cause;

	if (what & BEV_EVENT_CONNECTED)
		return;
	if (what & BEV_EVENT_TIMEOUT)
		cause = xstrfmt("%s: timed out", s->server);
	else if (what & BEV_EVENT_EOF)
		cause = xstrfmt("%s: the collector closed the connection",
		    s->server);
	else
		cause = xstrfmt("%s: %s", s->server,
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	alert_syslog_fail(s, cause);
	free(cause);
}

/* Frame a message onto the connection, connecting first if need be. */
static void
alert_syslog_tcp(struct alert_syslog *s, struct event_base *base,
    struct alert_msg *m)
{
	const struct cfg_alert	*ca = alert_msg_alert(m);
	struct timeval		 tv;
	char			*line, *cause;

	if (s->bev == NULL) {
		s->bev = bufferevent_socket_new(base, -1,
		    BEV_OPT_CLOSE_ON_FREE);
		if (s->bev == NULL) {
			alert_attempt_done(m, false, "cannot make a "
			    "bufferevent");
			return;
		}
		bufferevent_setcb(s->bev, alert_syslog_read_cb,
		    alert_syslog_write_cb, alert_syslog_event_cb, s);
		tv.tv_sec = ca->timeout / 1000;
		tv.tv_usec = (ca->timeout % 1000) * 1000;
		bufferevent_set_timeouts(s->bev, NULL, &tv);
		bufferevent_enable(s->bev, EV_READ|EV_WRITE);
		if (bufferevent_socket_connect(s->bev,
		    (struct sockaddr *)&s->sa, s->salen) != 0) {
			cause = xstrfmt("connect to %s: %s", s->server,
			    strerror(errno));
			bufferevent_free(s->bev);
			s->bev = NULL;
			alert_attempt_done(m, false, cause);
			free(cause);
			return;
		}
	}
	line = alert_msg_syslog(alert_msg_info(m), ca->facility);
	evbuffer_add_printf(bufferevent_get_output(s->bev), "%zu %s",
	    strlen(line), line);
	free(line);
	s->pending = xreallocarray(s->pending, s->npending + 1,
	    sizeof *s->pending);
	s->pending[s->npending++] = m;
}

/* Send one message the way the alert says. */
void
alert_syslog_start(struct alert_syslog **sp, struct event_base *base,
    struct alert_msg *m)
{
	const struct cfg_alert	*ca = alert_msg_alert(m);
	char			*cause;

	if (ca->server == NULL) {
		alert_syslog_local(m);
		return;
	}
	/* A reload gave the alert another collector. */
	if (*sp != NULL && strcmp((*sp)->server, ca->server) != 0) {
		alert_syslog_free(*sp);
		*sp = NULL;
	}
	if (*sp == NULL && (*sp = alert_syslog_create(ca->server,
	    &cause)) == NULL) {
		alert_attempt_done(m, false, cause);
		free(cause);
		return;
	}
	if ((*sp)->tcp)
		alert_syslog_tcp(*sp, base, m);
	else
		alert_syslog_udp(*sp, m);
}

/* Forget a message: it is no longer waited for. */
void
alert_syslog_cancel(struct alert_syslog *s, struct alert_msg *m)
{
	u_int	i;

	if (s == NULL)
		return;
	for (i = 0; i < s->npending; i++) {
		if (s->pending[i] != m)
			continue;
		memmove(&s->pending[i], &s->pending[i + 1],
		    (s->npending - i - 1) * sizeof *s->pending);
		s->npending--;
		return;
	}
}
