/*
 * Where the event log's lines go. A regular file takes whole lines with
 * O_APPEND. Anything else may have a reader that stops reading (a
 * container runtime, a journal, a terminal scrolled back, a FIFO nobody
 * drains): there a blocked write would stop the whole daemon, so such an
 * output gets a description of its own in non-blocking mode (reopened
 * through /proc/self/fd, so the descriptor the daemon inherited, shared
 * with its parent, keeps its flags; a socket is sent to with
 * MSG_DONTWAIT instead) and lines it cannot take at once wait in a queue,
 * written when it is writable. Past EVL_SINK_MAX queued, new lines are
 * dropped and counted; when the reader has caught up the output is told
 * how many.
 */

#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eventlog-int.h"
#include "taskmaster.h"

#define EVL_SINK_MAX		(1024 * 1024)
/* At exit, how long the last lines wait for a slow reader. */
#define EVL_SINK_LAST_MS	1000

static int	evl_sink_flush(struct evl_sink *);
static void	evl_sink_cb(evutil_socket_t, short, void *);

void
evl_sink_open(struct evl_sink *k, int fd, bool own)
{
	struct stat	 st;
	int		 nfd;

	memset(k, 0, sizeof *k);
	k->fd = fd;
	k->own = own;
	if (fd == -1 || fstat(fd, &st) != 0 || S_ISREG(st.st_mode))
		return;
	if (S_ISSOCK(st.st_mode))
		k->sock = true;
	else if (!own) {
		nfd = util_reopen(fd, O_WRONLY|O_APPEND|O_NOCTTY|O_CLOEXEC);
		if (nfd == -1)
			return;	/* as before: direct writes */
		k->fd = nfd;
		k->own = true;
	}
	if (!k->sock && fcntl(k->fd, F_SETFL, fcntl(k->fd, F_GETFL) |
	    O_NONBLOCK) == -1)
		return;
	k->queued = true;
	k->pending = evbuffer_new();
}

/* Write what is queued: 0 when all is written, -1 if some is left. */
static int
evl_sink_flush(struct evl_sink *k)
{
	struct evbuffer_iovec	 v;
	ssize_t			 n;
	char			 said[128];
	int			 len;

	while (evbuffer_peek(k->pending, -1, NULL, &v, 1) > 0) {
		if (k->sock)
			n = send(k->fd, v.iov_base, v.iov_len,
			    MSG_DONTWAIT|MSG_NOSIGNAL);
		else
			n = write(k->fd, v.iov_base, v.iov_len);
		if (n > 0) {
			evbuffer_drain(k->pending, n);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return (-1);
		/* The reader is gone: nothing more can be said there. */
		evbuffer_drain(k->pending, evbuffer_get_length(k->pending));
		return (0);
	}
	if (k->lost != 0) {
		len = snprintf(said, sizeof said, "taskmaster: the event log's "
		    "reader fell behind: %llu lines were dropped here (the "
		    "console and event hooks had them)\n",
		    (unsigned long long)k->lost);
		k->lost = 0;
		evbuffer_add(k->pending, said, len);
		return (evl_sink_flush(k));
	}
	return (0);
}

static void
evl_sink_cb(evutil_socket_t fd, short events, void *arg)
{
	struct evl_sink	*k = arg;

	if (evl_sink_flush(k) != 0)
		event_add(k->wev, NULL);
}

void
evl_sink_write(struct evl_sink *k, const char *line, size_t len)
{
	if (k->fd == -1)
		return;
	if (!k->queued) {
		(void)util_write_all(k->fd, line, len);
		return;
	}
	if (evbuffer_get_length(k->pending) + len > EVL_SINK_MAX) {
		k->lost++;
		return;
	}
	evbuffer_add(k->pending, line, len);
	if (evl_sink_flush(k) != 0 && k->wev != NULL)
		event_add(k->wev, NULL);
}

void
evl_sink_base(struct evl_sink *k, struct event_base *base)
{
	if (!k->queued)
		return;
	if (k->wev != NULL) {
		event_free(k->wev);
		k->wev = NULL;
	}
	if (base == NULL)
		return;
	k->wev = event_new(base, k->fd, EV_WRITE, evl_sink_cb, k);
	if (evbuffer_get_length(k->pending) != 0)
		event_add(k->wev, NULL);
}

void
evl_sink_close(struct evl_sink *k, bool last)
{
	struct pollfd	 pfd;
	uint64_t	 end;

	if (k->queued) {
		/* At exit, out of the loop: a moment for a slow reader. */
		end = util_now_ms() + (last ? EVL_SINK_LAST_MS : 0);
		pfd.fd = k->fd;
		pfd.events = POLLOUT;
		while (evl_sink_flush(k) != 0 && util_now_ms() < end)
			(void)poll(&pfd, 1, (int)(end - util_now_ms()));
		if (k->wev != NULL)
			event_free(k->wev);
		evbuffer_free(k->pending);
	}
	if (k->own && k->fd != -1)
		close(k->fd);
	memset(k, 0, sizeof *k);
	k->fd = -1;
}
