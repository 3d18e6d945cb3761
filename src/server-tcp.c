/*
 * TCP listeners for the control protocol, in TLS or not. A listening
 * address may stand for several sockets (a host name with an IPv4 and an
 * IPv6 address). What is accepted is a client like any other, except that
 * it must pass the handshake (server-auth.c) before anything else.
 *
 * Accepting is bounded: at most SERVER_TCP_PENDING connections may be in
 * their handshake at once, so thousands of idle TCP connections cost the
 * UNIX socket and the processes nothing; beyond that, new ones are closed
 * at once (and that is logged once a minute, not per connection).
 */

#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <openssl/ssl.h>

#include "auth.h"
#include "log.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* Handshakes under way at most, for all TCP listeners together. */
#define SERVER_TCP_PENDING	64

/* How often "too many handshakes" may be logged. */
#define SERVER_TCP_LOG_MS	60000

static void	 server_tcp_accept_cb(evutil_socket_t, short, void *);
static int	 server_tcp_split(const char *, char **, char **, char **);
static void	 server_tcp_peer(const struct sockaddr_storage *, socklen_t,
		     char *, size_t);
static bool	 server_tcp_wanted(struct server_tcp *, char **, bool);
static bool	 server_tcp_open_on(struct server *, const char *);
static int	 server_tcp_secrets(const struct cfg *, struct auth_secrets *,
		     char **);

/* "host:port" or "[v6]:port" into its parts; -1 with cause. */
static int
server_tcp_split(const char *spec, char **host, char **port, char **cause)
{
	const char	*colon;

	if (*spec == '[') {
		if ((colon = strstr(spec, "]:")) == NULL)
			goto bad;
		*host = xstrndup(spec + 1, colon - spec - 1);
		colon++;
	} else {
		if ((colon = strrchr(spec, ':')) == NULL)
			goto bad;
		*host = xstrndup(spec, colon - spec);
	}
	*port = xstrdup(colon + 1);
	if (**port == '\0' || strspn(*port, "0123456789") != strlen(*port)) {
		free(*host);
		free(*port);
		goto bad;
	}
	return (0);
bad:
	xasprintf(cause, "%s: expected HOST:PORT, such as 127.0.0.1:9001 or "
	    "[::1]:9001", spec);
	return (-1);
}

struct server_tcp *
server_tcp_open(struct server *srv, const char *spec, bool tls, char **cause)
{
	struct server_tcp	*st;
	struct addrinfo		 hints, *res, *ai;
	char			*host, *port;
	int			 fd, one = 1, r, error = 0;

	if (server_tcp_split(spec, &host, &port, cause) != 0)
		return (NULL);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	/* "*:PORT" and ":PORT" are every address, as in supervisord. */
	r = getaddrinfo(*host != '\0' && strcmp(host, "*") != 0 ? host : NULL,
	    port, &hints, &res);
	if (r != 0) {
		xasprintf(cause, "listen %s: %s", spec, gai_strerror(r));
		free(host);
		free(port);
		return (NULL);
	}
	st = xcalloc(1, sizeof *st);
	st->srv = srv;
	st->spec = xstrdup(spec);
	st->tls = tls;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype|SOCK_CLOEXEC|
		    SOCK_NONBLOCK, ai->ai_protocol);
		if (fd == -1) {
			error = errno;
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
			    sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 ||
		    listen(fd, 128) == -1) {
			error = errno;
			close(fd);
			continue;
		}
		st->fds = xreallocarray(st->fds, st->nfds + 1,
		    sizeof *st->fds);
		st->evs = xreallocarray(st->evs, st->nfds + 1,
		    sizeof *st->evs);
		st->fds[st->nfds] = fd;
		st->evs[st->nfds] = event_new(srv->sv->base, fd,
		    EV_READ|EV_PERSIST, server_tcp_accept_cb, st);
		event_add(st->evs[st->nfds], NULL);
		st->nfds++;
	}
	freeaddrinfo(res);
	free(host);
	free(port);
	if (st->nfds == 0) {
		if (error == EADDRINUSE)
			xasprintf(cause, "listen %s: the port is in use (another "
			    "program listens there)", spec);
		else
			xasprintf(cause, "listen %s: %s", spec,
			    strerror(error != 0 ? error : EADDRNOTAVAIL));
		server_tcp_close(st);
		return (NULL);
	}
	TAILQ_INSERT_TAIL(&srv->listeners, st, entry);
	st->listed = true;
	return (st);
}

void
server_tcp_close(struct server_tcp *st)
{
	u_int	i;

	for (i = 0; i < st->nfds; i++) {
		event_free(st->evs[i]);
		close(st->fds[i]);
	}
	if (st->listed)
		TAILQ_REMOVE(&st->srv->listeners, st, entry);
	free(st->fds);
	free(st->evs);
	free(st->spec);
	free(st);
}

/* The peer's numeric address, without the port. */
static void
server_tcp_peer(const struct sockaddr_storage *ss, socklen_t len, char *buf,
    size_t size)
{
	if (getnameinfo((const struct sockaddr *)ss, len, buf, size, NULL, 0,
	    NI_NUMERICHOST) != 0)
		snprintf(buf, size, "unknown");
}

static void
server_tcp_accept_cb(evutil_socket_t lfd, short events, void *arg)
{
	struct server_tcp	*st = arg;
	struct server		*srv = st->srv;
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	char			 peer[64];
	uint64_t		 now;
	int			 fd, one = 1;

	for (;;) {
		len = sizeof ss;
		fd = accept4(lfd, (struct sockaddr *)&ss, &len,
		    SOCK_CLOEXEC|SOCK_NONBLOCK);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				server_accept_error(srv, errno);
			return;
		}
		srv->pause_said = false;
		/* Small frames, answered at once: no Nagle delays. */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		server_tcp_peer(&ss, len, peer, sizeof peer);
		if (srv->pending >= SERVER_TCP_PENDING) {
			now = util_now_ms();
			if (now - srv->pending_logged >= SERVER_TCP_LOG_MS) {
				srv->pending_logged = now;
				eventlog(EVL_WARN, NULL, "TCP client %s refused: "
				    "%u handshakes already under way (further "
				    "refusals are not logged for a minute)",
				    peer, srv->pending);
			}
			close(fd);
			continue;
		}
		server_client_create_tcp(srv, fd, peer, st->tls ? srv->tls :
		    NULL);
	}
}

struct ssl_ctx_st *
server_tls_load(const char *cert, const char *key, char **cause)
{
	SSL_CTX	*ctx;
	char	*why;

	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL) {
		why = auth_ssl_error("unknown error");
		xasprintf(cause, "TLS: %s", why);
		free(why);
		return (NULL);
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		why = auth_ssl_error("unknown error");
		xasprintf(cause, "TLS certificate %s: %s", cert, why);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		why = auth_ssl_error("unknown error");
		xasprintf(cause, "TLS key %s: %s", key, why);
		goto fail;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		why = auth_ssl_error("unknown error");
		xasprintf(cause, "TLS key %s does not match the certificate "
		    "%s: %s", key, cert, why);
		goto fail;
	}
	return (ctx);
fail:
	free(why);
	SSL_CTX_free(ctx);
	return (NULL);
}

/* Whether a listener is for an address of the list, TLS as wanted. */
static bool
server_tcp_wanted(struct server_tcp *st, char **list, bool tls)
{
	if (st->tls != tls)
		return (false);
	for (; list != NULL && *list != NULL; list++) {
		if (strcmp(st->spec, *list) == 0)
			return (true);
	}
	return (false);
}

/* Whether some listener is for spec already. */
static bool
server_tcp_open_on(struct server *srv, const char *spec)
{
	struct server_tcp	*st;

	TAILQ_FOREACH(st, &srv->listeners, entry) {
		if (strcmp(st->spec, spec) == 0)
			return (true);
	}
	return (false);
}

/*
 * The secrets of a config: password_file, or a supervisord file's inline
 * password; readonly_password_file. -1 with cause.
 */
static int
server_tcp_secrets(const struct cfg *cf, struct auth_secrets *as,
    char **cause)
{
	memset(as, 0, sizeof *as);
	if (cf->password_file != NULL) {
		as->full = auth_read_secret(cf->password_file, &as->full_len,
		    cause);
		if (as->full == NULL)
			return (-1);
	} else if (cf->password != NULL) {
		as->full = xstrdup(cf->password);
		as->full_len = strlen(as->full);
	}
	if (cf->readonly_password_file != NULL) {
		as->readonly = auth_read_secret(cf->readonly_password_file,
		    &as->readonly_len, cause);
		if (as->readonly == NULL) {
			auth_secrets_clear(as);
			return (-1);
		}
	}
	return (0);
}

int
server_tcp_apply(struct server *srv, const struct cfg *cf, char **cause)
{
	struct server_tcp	*st, *next;
	struct auth_secrets	 as;
	struct ssl_ctx_st	*ctx = NULL;
	char			**a, *why = NULL, *tmp;
	bool			 tls;

	if (cf->listen == NULL) {
		TAILQ_FOREACH_SAFE(st, &srv->listeners, entry, next) {
			eventlog(EVL_INFO, NULL, "no longer listening on %s",
			    st->spec);
			server_tcp_close(st);
		}
		auth_secrets_clear(&srv->secrets);
		return (0);
	}
	if (server_tcp_secrets(cf, &as, cause) != 0)
		return (-1);
	tls = cf->tls_cert != NULL && cf->tls_key != NULL;
	if (tls && (ctx = server_tls_load(cf->tls_cert, cf->tls_key,
	    cause)) == NULL) {
		auth_secrets_clear(&as);
		return (-1);
	}
	/* Clients already in keep their session; new ones get these. */
	auth_secrets_clear(&srv->secrets);
	srv->secrets = as;
	if (ctx != NULL) {
		if (srv->tls != NULL)
			SSL_CTX_free(srv->tls);
		srv->tls = ctx;
	}
	TAILQ_FOREACH_SAFE(st, &srv->listeners, entry, next) {
		if (server_tcp_wanted(st, cf->listen, tls))
			continue;
		eventlog(EVL_INFO, NULL, "no longer listening on %s%s",
		    st->spec, st->tls ? " (TLS)" : "");
		server_tcp_close(st);
	}
	for (a = cf->listen; *a != NULL; a++) {
		if (server_tcp_open_on(srv, *a))
			continue;
		if (server_tcp_open(srv, *a, tls, &tmp) == NULL) {
			if (why == NULL)
				why = tmp;
			else
				free(tmp);
			continue;
		}
		eventlog(EVL_INFO, NULL, "listening on %s (%s)", *a,
		    tls ? "TLS" : "plain TCP");
		if (!tls && !cfg_value_loopback(*a)) {
			eventlog(EVL_WARN, NULL, "%s is not loopback and has no "
			    "TLS (insecure): the password never crosses the "
			    "network, but commands and output do, in clear",
			    *a);
		}
	}
	if (why != NULL) {
		*cause = why;
		return (-1);
	}
	return (0);
}
