/*
 * The client's connection to a daemon: a UNIX socket (the daemon must run
 * as root or as us), or TCP, in TLS or not, where the daemon must be
 * proved to hold the secret and we must prove we do (auth.c). Opening is
 * blocking, with deadlines: taskmasterctl has nothing else to do. Once
 * open, the connection is read and written the same way whatever it is,
 * blocking (one-shot commands) or through a bufferevent (attach, the
 * console), so everything works the same over every transport.
 */

#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "auth.h"
#include "client.h"
#include "proto.h"
#include "xmalloc.h"

/* How long connecting and the handshake may take. */
#define CLIENT_CONN_TIMEOUT	10

static int	 client_conn_parse(const char *, char **, char **, bool *);
static int	 client_conn_unix(struct client_conn *, const char *, char **);
static int	 client_conn_tcp(struct client_conn *, const char *,
		     const char *, char **);
static int	 client_conn_tls(struct client_conn *, const char *,
		     const struct client_opts *, char **);
static char	*client_conn_password(const struct client_opts *,
		     const char *, size_t *, char **);
static int	 client_conn_handshake(struct client_conn *,
		     const struct client_opts *, char **);
static int	 client_conn_msg(struct client_conn *, struct evbuffer *,
		     struct proto_msg *, char **);
static void	 client_conn_deadline(int, int);

/*
 * What -s names: "unix:///path" or a path (anything with a '/'), or
 * "tcp://HOST:PORT", "tls://HOST:PORT", "http://HOST:PORT" (as
 * supervisorctl writes it) or "HOST:PORT", with IPv6 in brackets.
 */
static int
client_conn_parse(const char *spec, char **host, char **port, bool *tls)
{
	const char	*s = spec, *colon;

	*tls = false;
	*host = *port = NULL;
	if (strncmp(s, "unix://", 7) == 0)
		return (0);
	if (strncmp(s, "tls://", 6) == 0) {
		*tls = true;
		s += 6;
	} else if (strncmp(s, "tcp://", 6) == 0)
		s += 6;
	else if (strncmp(s, "http://", 7) == 0)
		s += 7;
	else if (strchr(s, '/') != NULL || strchr(s, ':') == NULL)
		return (0);
	if (*s == '[') {
		if ((colon = strstr(s, "]:")) == NULL)
			return (-1);
		*host = xstrndup(s + 1, colon - s - 1);
		colon++;
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			return (-1);
		*host = xstrndup(s, colon - s);
	}
	*port = xstrdup(colon + 1);
	if (**host == '\0' || **port == '\0' ||
	    strcspn(*port, "/") != strlen(*port)) {
		free(*host);
		free(*port);
		return (-1);
	}
	return (1);
}

/* Send and receive deadlines on a blocking socket (0: none). */
static void
client_conn_deadline(int fd, int seconds)
{
	struct timeval	tv = { seconds, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

static int
client_conn_unix(struct client_conn *c, const char *path, char **cause)
{
	struct sockaddr_un	 sa;
	struct ucred		 uc;
	socklen_t		 len = sizeof uc;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		xasprintf(cause, "socket path too long: %s", path);
		return (-1);
	}
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if ((c->fd = socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0)) == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	while (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		if (errno == EINTR)
			continue;
		xasprintf(cause, "no taskmaster daemon at %s (%s)", path,
		    strerror(errno));
		return (-1);
	}
	/*
	 * The daemon must run as root or as us: anyone can create a
	 * socket in /tmp first, and what an impostor prints (or makes us
	 * type into) must never be taken for the daemon's. The kernel says
	 * who the peer is; the file's owner could change after we looked.
	 */
	if (getsockopt(c->fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) == -1) {
		xasprintf(cause, "%s: cannot tell who listens there (%s)",
		    path, strerror(errno));
		return (-1);
	}
	if (uc.uid != 0 && uc.uid != geteuid()) {
		xasprintf(cause, "refusing the daemon at %s: it runs as uid "
		    "%lu, neither root nor you (another user may have taken "
		    "the path first)", path, (u_long)uc.uid);
		return (-1);
	}
	return (0);
}

/* Connect to each address of host:port in turn, with a deadline. */
static int
client_conn_tcp(struct client_conn *c, const char *host, const char *port,
    char **cause)
{
	struct addrinfo	 hints, *res, *ai;
	struct pollfd	 pfd;
	socklen_t	 len;
	int		 error = 0, r, fd, one = 1;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((r = getaddrinfo(host, port, &hints, &res)) != 0) {
		xasprintf(cause, "no taskmaster daemon at %s (%s)", c->where,
		    gai_strerror(r));
		return (-1);
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype|SOCK_CLOEXEC|
		    SOCK_NONBLOCK, ai->ai_protocol);
		if (fd == -1) {
			error = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1 &&
		    errno != EINPROGRESS) {
			error = errno;
			close(fd);
			continue;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if ((r = poll(&pfd, 1, CLIENT_CONN_TIMEOUT * 1000)) <= 0) {
			error = r == 0 ? ETIMEDOUT : errno;
			close(fd);
			continue;
		}
		len = sizeof error;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == -1 ||
		    error != 0) {
			close(fd);
			continue;
		}
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		/* Small frames, answered at once: no Nagle delays. */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		c->fd = fd;
		break;
	}
	freeaddrinfo(res);
	if (c->fd == -1) {
		xasprintf(cause, "no taskmaster daemon at %s (%s)", c->where,
		    strerror(error != 0 ? error : ECONNREFUSED));
		return (-1);
	}
	client_conn_deadline(c->fd, CLIENT_CONN_TIMEOUT);
	return (0);
}

/*
 * TLS over the connected socket, the daemon's certificate checked against
 * the system's CAs or --ca, and its name or address against host, unless
 * --insecure (which says so).
 */
static int
client_conn_tls(struct client_conn *c, const char *host,
    const struct client_opts *o, char **cause)
{
	X509_VERIFY_PARAM	*vp;
	long			 verify;
	char			*why;
	unsigned char		 buf[16];

	if ((c->ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		why = auth_ssl_error("the connection closed");
		xasprintf(cause, "TLS: %s", why);
		free(why);
		return (-1);
	}
	SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
	if (o->insecure) {
		fprintf(stderr, "taskmasterctl: warning: --insecure: the "
		    "daemon's certificate is not checked\n");
		SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
	} else {
		SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
		if ((o->ca != NULL && SSL_CTX_load_verify_locations(c->ctx,
		    o->ca, NULL) != 1) || (o->ca == NULL &&
		    SSL_CTX_set_default_verify_paths(c->ctx) != 1)) {
			why = auth_ssl_error("the connection closed");
			xasprintf(cause, "TLS: cannot load the CAs%s%s: %s",
			    o->ca != NULL ? " of " : "", o->ca != NULL ? o->ca :
			    "", why);
			free(why);
			return (-1);
		}
	}
	c->ssl = SSL_new(c->ctx);
	SSL_set_fd(c->ssl, c->fd);
	vp = SSL_get0_param(c->ssl);
	if (inet_pton(AF_INET, host, buf) == 1 ||
	    inet_pton(AF_INET6, host, buf) == 1)
		X509_VERIFY_PARAM_set1_ip_asc(vp, host);
	else {
		SSL_set_tlsext_host_name(c->ssl, host);
		X509_VERIFY_PARAM_set1_host(vp, host, 0);
	}
	if (SSL_connect(c->ssl) != 1) {
		verify = SSL_get_verify_result(c->ssl);
		if (verify != X509_V_OK) {
			xasprintf(cause, "TLS: the certificate of %s is not "
			    "trusted: %s%s", c->where,
			    X509_verify_cert_error_string(verify),
			    o->ca == NULL ? " (give its CA with --ca FILE)" :
			    "");
		} else {
			why = auth_ssl_error("the connection closed");
			xasprintf(cause, "TLS with %s failed: %s", c->where,
			    why);
			free(why);
		}
		return (-1);
	}
	return (0);
}

/*
 * The secret: -p, else --password-file, else $TASKMASTER_PASSWORD, else
 * asked on the terminal without echo. Caller frees.
 */
static char *
client_conn_password(const struct client_opts *o, const char *where,
    size_t *len, char **cause)
{
	struct termios	 tio, quiet;
	const char	*env;
	char		*line = NULL;
	size_t		 size = 0;
	ssize_t		 n;
	FILE		*tty;

	if (o->password != NULL) {
		*len = strlen(o->password);
		return (xstrdup(o->password));
	}
	if (o->password_file != NULL)
		return (auth_read_secret(o->password_file, len, cause));
	if ((env = getenv("TASKMASTER_PASSWORD")) != NULL && *env != '\0') {
		*len = strlen(env);
		return (xstrdup(env));
	}
	if ((tty = fopen("/dev/tty", "r+e")) == NULL) {
		xasprintf(cause, "%s needs a password: set TASKMASTER_PASSWORD "
		    "or give --password-file FILE", where);
		return (NULL);
	}
	fprintf(tty, "Password for %s: ", where);
	fflush(tty);
	tcgetattr(fileno(tty), &tio);
	quiet = tio;
	quiet.c_lflag &= ~(ECHO|ECHONL);
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	n = getline(&line, &size, tty);
	tcsetattr(fileno(tty), TCSAFLUSH, &tio);
	fprintf(tty, "\n");
	fclose(tty);
	if (n <= 0) {
		free(line);
		xasprintf(cause, "no password given for %s", where);
		return (NULL);
	}
	line[strcspn(line, "\r\n")] = '\0';
	*len = strlen(line);
	return (line);
}

/* Read one message, blocking (the deadline set on the socket applies). */
static int
client_conn_msg(struct client_conn *c, struct evbuffer *in,
    struct proto_msg *msg, char **cause)
{
	char	 buf[4096];
	ssize_t	 n;
	int	 rc;

	for (;;) {
		if ((rc = proto_get(in, msg, cause)) != 0)
			return (rc);
		n = client_conn_read(c, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			xasprintf(cause, "%s closed the connection during the "
			    "handshake%s", c->where, c->ssl == NULL ?
			    " (does it want TLS? then use tls://)" : "");
			return (-1);
		}
		evbuffer_add(in, buf, n);
	}
}

/*
 * The handshake: the daemon's challenge, our proof, its proof; or its
 * refusal. After it, the connection carries commands as a UNIX one does.
 */
static int
client_conn_handshake(struct client_conn *c, const struct client_opts *o,
    char **cause)
{
	struct evbuffer		*in, *out;
	struct proto_msg	 msg;
	uint8_t			 sn[AUTH_NONCE_LEN], cn[AUTH_NONCE_LEN];
	uint8_t			 mac[AUTH_MAC_LEN], smac[AUTH_MAC_LEN];
	char			*secret, *why = NULL;
	size_t			 len;
	int			 rc = -1, role;

	if ((secret = client_conn_password(o, c->where, &len, cause)) == NULL)
		return (-1);
	in = evbuffer_new();
	out = evbuffer_new();
	if (client_conn_msg(c, in, &msg, &why) != 1)
		goto out;
	if (msg.type == MSG_ERROR) {
		xasprintf(&why, "%s refused the connection: %s", c->where,
		    msg.payload);
		goto done;
	}
	if (msg.type != MSG_CHALLENGE ||
	    proto_get_challenge(&msg, sn, &why) != 0) {
		if (why == NULL)
			xasprintf(&why, "%s sent %s where a challenge was "
			    "due", c->where, proto_type_name(msg.type));
		goto done;
	}
	proto_msg_clear(&msg);
	if (auth_nonce(cn, &why) != 0)
		goto out;
	auth_client_proof(secret, len, sn, cn, mac);
	proto_put_auth(out, cn, mac);
	if (client_conn_write(c, evbuffer_pullup(out, -1),
	    evbuffer_get_length(out)) != 0) {
		xasprintf(&why, "send to %s: %s", c->where, strerror(errno));
		goto out;
	}
	if (client_conn_msg(c, in, &msg, &why) != 1)
		goto out;
	if (msg.type == MSG_ERROR) {
		xasprintf(&why, "%s: %s", c->where, msg.payload);
		goto done;
	}
	if (msg.type != MSG_AUTH_OK ||
	    proto_get_auth_ok(&msg, &role, smac, &why) != 0) {
		if (why == NULL)
			xasprintf(&why, "%s sent %s where the end of the "
			    "handshake was due", c->where,
			    proto_type_name(msg.type));
		goto done;
	}
	if (!auth_check_server(secret, len, sn, cn, role, smac)) {
		xasprintf(&why, "%s did not prove it knows the password: it "
		    "is not the daemon you meant", c->where);
		goto done;
	}
	c->role = role;
	rc = 0;
done:
	proto_msg_clear(&msg);
out:
	if (rc != 0)
		*cause = why;
	OPENSSL_cleanse(secret, len);
	free(secret);
	evbuffer_free(in);
	evbuffer_free(out);
	return (rc);
}

struct client_conn *
client_conn_open(const char *spec, const struct client_opts *o, int *status,
    char **cause)
{
	struct client_conn	*c;
	char			*host = NULL, *port = NULL;
	bool			 tls;
	int			 kind;

	c = xcalloc(1, sizeof *c);
	c->fd = -1;
	c->role = AUTH_FULL;
	*status = CMD_EXIT_NODAEMON;
	if ((kind = client_conn_parse(spec, &host, &port, &tls)) == -1) {
		xasprintf(cause, "%s: expected a socket path, HOST:PORT, "
		    "tcp://HOST:PORT or tls://HOST:PORT", spec);
		*status = CMD_EXIT_USAGE;
		goto fail;
	}
	if (kind == 0) {
		c->where = xstrdup(strncmp(spec, "unix://", 7) == 0 ?
		    spec + 7 : spec);
		if (client_conn_unix(c, c->where, cause) != 0)
			goto fail;
		return (c);
	}
	xasprintf(&c->where, "%s://%s%s%s:%s", tls ? "tls" : "tcp",
	    strchr(host, ':') != NULL ? "[" : "", host,
	    strchr(host, ':') != NULL ? "]" : "", port);
	if (client_conn_tcp(c, host, port, cause) != 0)
		goto fail;
	if (tls && client_conn_tls(c, host, o, cause) != 0)
		goto fail;
	if (client_conn_handshake(c, o, cause) != 0) {
		*status = CMD_EXIT_FAIL;
		goto fail;
	}
	client_conn_deadline(c->fd, 0);
	free(host);
	free(port);
	return (c);

fail:
	free(host);
	free(port);
	client_conn_close(c);
	return (NULL);
}

ssize_t
client_conn_read(struct client_conn *c, void *buf, size_t len)
{
	int	n;

	if (c->ssl == NULL)
		return (read(c->fd, buf, len));
	n = SSL_read(c->ssl, buf, len > INT_MAX ? INT_MAX : (int)len);
	if (n > 0)
		return (n);
	if (SSL_get_error(c->ssl, n) == SSL_ERROR_ZERO_RETURN)
		return (0);
	if (errno == 0)
		errno = EIO;
	return (-1);
}

int
client_conn_write(struct client_conn *c, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if (c->ssl != NULL) {
			n = SSL_write(c->ssl, p, len > INT_MAX ? INT_MAX :
			    (int)len);
			if (n <= 0) {
				if (errno == EINTR)
					continue;
				if (errno == 0)
					errno = EIO;
				return (-1);
			}
		} else if ((n = write(c->fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += n;
		len -= n;
	}
	return (0);
}

struct bufferevent *
client_conn_bev(struct client_conn *c, struct event_base *base)
{
	struct bufferevent	*bev;

	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	if (c->ssl != NULL) {
		bev = bufferevent_openssl_socket_new(base, c->fd, c->ssl,
		    BUFFEREVENT_SSL_OPEN, BEV_OPT_CLOSE_ON_FREE);
		/* The session is gone with the connection. */
		bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	} else
		bev = bufferevent_socket_new(base, c->fd,
		    BEV_OPT_CLOSE_ON_FREE);
	/* The bufferevent owns the socket (and the TLS session) now. */
	c->fd = -1;
	c->ssl = NULL;
	return (bev);
}

void
client_conn_close(struct client_conn *c)
{
	if (c == NULL)
		return;
	if (c->ssl != NULL) {
		SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
	}
	if (c->ctx != NULL)
		SSL_CTX_free(c->ctx);
	if (c->fd != -1)
		close(c->fd);
	free(c->where);
	free(c);
}
