/*
 * The control socket: listen, accept, check who is calling.
 *
 * Only the daemon's own user and root may talk to it: the socket file
 * has a restrictive mode (0600 unless configured), and every peer's
 * credentials are read with SO_PEERCRED on accept, so a wider mode set
 * by mistake still lets no other user in. Refusals go to the event log.
 *
 * Out of file descriptors, accept() fails at once every time the loop
 * asks, while the connection waits in the backlog: the socket would be
 * ready forever and the loop would spin. As tmux does, accepting stops
 * for a second instead, and the event log says so once.
 */

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "proto.h"
#include "path.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* How long accepting stops when there is no fd for a connection. */
#define SERVER_PAUSE_MS	1000

static void	server_accept_cb(evutil_socket_t, short, void *);
static void	server_listen_enable(struct server *, bool);
static void	server_pause_cb(evutil_socket_t, short, void *);
static int	server_probe(int, const char *, const char *, bool, bool *,
		    char **);
static int	server_bind(int, int, const char *);

/*
 * Is a daemon alive on the socket base of the folder dfd (path as given)?
 * 0: no (a stale socket was removed, or there was none), -1 with cause:
 * yes, or the path cannot be used. In a sticky folder others can write
 * (shared), a socket of another user is neither used nor removed.
 */
static int
server_probe(int dfd, const char *base, const char *path, bool shared,
    bool *stale, char **cause)
{
	struct sockaddr_un	 sa;
	struct stat		 sb;
	int			 fd, rc;

	if (fstatat(dfd, base, &sb, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)
			return (0);
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (!S_ISSOCK(sb.st_mode)) {
		xasprintf(cause, "%s exists and is not a socket; remove it or "
		    "choose another socket path", path);
		return (-1);
	}
	if (shared && sb.st_uid != geteuid()) {
		xasprintf(cause, "%s belongs to uid %ld, in a folder other users "
		    "can write: taskmaster neither uses nor removes it; choose "
		    "another socket path", path, (long)sb.st_uid);
		return (-1);
	}
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0)) == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	rc = connect(fd, (struct sockaddr *)&sa, sizeof sa);
	close(fd);
	if (rc == 0) {
		xasprintf(cause, "another taskmaster daemon is already running "
		    "on %s", path);
		return (-1);
	}
	if (errno != ECONNREFUSED && errno != ENOENT) {
		xasprintf(cause, "connect %s: %s", path, strerror(errno));
		return (-1);
	}
	if (unlinkat(dfd, base, 0) == -1 && errno != ENOENT) {
		xasprintf(cause, "remove stale socket %s: %s", path,
		    strerror(errno));
		return (-1);
	}
	*stale = true;
	return (0);
}

/*
 * Bind fd to base in the folder dfd, the one path.c checked: from inside
 * it, so no folder on the way can be swapped in between. The umask keeps
 * the socket from existing with a wider mode, even briefly.
 */
static int
server_bind(int fd, int dfd, const char *base)
{
	struct sockaddr_un	 sa;
	mode_t			 mask;
	int			 cwd, rc, error;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", base);
	if ((cwd = open(".", O_PATH|O_DIRECTORY|O_CLOEXEC)) == -1)
		return (-1);
	if (fchdir(dfd) == -1) {
		error = errno;
		close(cwd);
		errno = error;
		return (-1);
	}
	mask = umask(S_IXUSR|S_IRWXG|S_IRWXO);
	rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	error = errno;
	umask(mask);
	(void)fchdir(cwd);
	close(cwd);
	errno = error;
	return (rc);
}

struct server *
server_open(struct supervisor *sv, const char *path, mode_t mode,
    bool *stale, char **cause)
{
	struct server		*srv;
	struct sockaddr_un	 sa;
	struct stat		 made;
	char			*base = NULL, *why;
	bool			 shared;
	int			 fd = -1, dfd;

	if (strlen(path) >= sizeof sa.sun_path) {
		xasprintf(cause, "socket path too long (%zu bytes, at most "
		    "%zu): %s", strlen(path), sizeof sa.sun_path - 1, path);
		return (NULL);
	}
	*stale = false;
	if ((dfd = path_folder(path, &base, &shared, &why)) == -1) {
		xasprintf(cause, "socket %s", why);
		free(why);
		return (NULL);
	}
	if (server_probe(dfd, base, path, shared, stale, cause) != 0)
		goto fail;

	fd = socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0);
	if (fd == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		goto fail;
	}
	if (server_bind(fd, dfd, base) == -1) {
		xasprintf(cause, "bind %s: %s", path, strerror(errno));
		goto fail;
	}
	if (fchmodat(dfd, base, mode, 0) == -1 || listen(fd, 128) == -1 ||
	    fstatat(dfd, base, &made, AT_SYMLINK_NOFOLLOW) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		unlinkat(dfd, base, 0);
		goto fail;
	}
	close(dfd);
	free(base);

	srv = xcalloc(1, sizeof *srv);
	srv->sv = sv;
	srv->path = xstrdup(path);
	srv->made = made;
	srv->fd = fd;
	TAILQ_INIT(&srv->clients);
	TAILQ_INIT(&srv->listeners);
	auth_guard_init(&srv->guard);
	srv->ev = event_new(sv->base, fd, EV_READ|EV_PERSIST,
	    server_accept_cb, srv);
	event_add(srv->ev, NULL);
	srv->pause_ev = evtimer_new(sv->base, server_pause_cb, srv);
	return (srv);

fail:
	if (fd != -1)
		close(fd);
	close(dfd);
	free(base);
	return (NULL);
}

/*
 * accept failed for another reason than "nothing to accept": EMFILE,
 * ENFILE, ENOBUFS, ENOMEM. Nothing can be done now: stop accepting for
 * a second.
 */
void
server_accept_error(struct server *srv, int error)
{
	struct timeval	 tv = { SERVER_PAUSE_MS / 1000,
			    (SERVER_PAUSE_MS % 1000) * 1000 };

	if (!srv->pause_said) {
		eventlog(EVL_ERROR, NULL, "accept: %s; not accepting "
		    "connections for %d ms at a time until one succeeds",
		    strerror(error), SERVER_PAUSE_MS);
		srv->pause_said = true;
	}
	server_listen_enable(srv, false);
	evtimer_add(srv->pause_ev, &tv);
}

/* Accept (or stop accepting) on the UNIX socket and every TCP listener. */
static void
server_listen_enable(struct server *srv, bool on)
{
	struct server_tcp	*st;
	u_int			 i;

	if (on)
		event_add(srv->ev, NULL);
	else
		event_del(srv->ev);
	TAILQ_FOREACH(st, &srv->listeners, entry) {
		for (i = 0; i < st->nfds; i++) {
			if (on)
				event_add(st->evs[i], NULL);
			else
				event_del(st->evs[i]);
		}
	}
}

/* The pause is over: accept again (and pause again if still out). */
static void
server_pause_cb(evutil_socket_t fd, short events, void *arg)
{
	struct server	*srv = arg;

	server_listen_enable(srv, true);
}

static void
server_accept_cb(evutil_socket_t lfd, short events, void *arg)
{
	struct server	*srv = arg;
	struct ucred	 cred;
	socklen_t	 len;
	struct evbuffer	*out;
	const char	*msg = "permission denied: this taskmaster belongs to "
			    "another user";
	int		 fd;

	for (;;) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC|SOCK_NONBLOCK);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				server_accept_error(srv, errno);
			return;
		}
		srv->pause_said = false;
		len = sizeof cred;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred,
		    &len) == -1) {
			eventlog(EVL_WARN, NULL, "control client refused: "
			    "cannot read its credentials: %s",
			    strerror(errno));
			close(fd);
			continue;
		}
		if (cred.uid != 0 && cred.uid != geteuid()) {
			eventlog(EVL_WARN, NULL, "control client refused: uid "
			    "%ld (pid %ld) is neither root nor uid %ld",
			    (long)cred.uid, (long)cred.pid, (long)geteuid());
			out = evbuffer_new();
			proto_put(out, MSG_ERROR, msg, strlen(msg));
			(void)evbuffer_write(out, fd);
			evbuffer_free(out);
			close(fd);
			continue;
		}
		eventlog(EVL_INFO, NULL, "control client connected (uid %ld, "
		    "pid %ld)", (long)cred.uid, (long)cred.pid);
		server_client_create(srv, fd, cred.uid, cred.pid);
	}
}

void
server_flush(struct server *srv)
{
	struct client	*c;
	struct evbuffer	*out;

	TAILQ_FOREACH(c, &srv->clients, entry) {
		/* TLS has its own framing: its bufferevent must write it. */
		if (c->tls)
			continue;
		/* The bufferevent owns draining its output: take it back. */
		out = bufferevent_get_output(c->bev);
		evbuffer_unfreeze(out, 1);
		while (evbuffer_get_length(out) > 0) {
			if (evbuffer_write(out, c->fd) <= 0)
				break;
		}
	}
}

void
server_close(struct server *srv)
{
	struct client		*c;
	struct server_tcp	*st;

	while ((c = TAILQ_FIRST(&srv->clients)) != NULL)
		server_client_free(c);
	while ((st = TAILQ_FIRST(&srv->listeners)) != NULL)
		server_tcp_close(st);
	if (srv->tls != NULL)
		SSL_CTX_free(srv->tls);
	auth_secrets_clear(&srv->secrets);
	auth_guard_free(&srv->guard);
	if (srv->ev != NULL)
		event_free(srv->ev);
	if (srv->pause_ev != NULL)
		event_free(srv->pause_ev);
	if (srv->fd != -1)
		close(srv->fd);
	/* Only the socket we made: another may have taken the path since. */
	if (srv->path != NULL && path_remove(srv->path, &srv->made) == -1 &&
	    errno != ENOENT && errno != EEXIST) {
		/* -u: a folder only root may write to. */
		eventlog(EVL_WARN, NULL, "control socket %s not removed: %s "
		    "(the next start replaces it)", srv->path, strerror(errno));
	}
	free(srv->path);
	free(srv);
}
