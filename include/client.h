/*
 * The client side of the control protocol, shared by taskmasterctl and the
 * console: find the daemon's socket, connect, run one command, attach the
 * terminal to a screen. Nothing here runs the engine.
 */

#ifndef CLIENT_H
#define CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct bufferevent;
struct event_base;
struct evbuffer;
struct ssl_ctx_st;
struct ssl_st;

/* client-conn.c: a connection to a daemon, over any transport. */

/* How to reach a daemon over TCP: taskmasterctl's options. */
struct client_opts {
	const char	*password;	/* -p; NULL: password_file */
	const char	*password_file;	/* NULL: $TASKMASTER_PASSWORD, ask */
	const char	*ca;		/* NULL: the system's CAs */
	bool		 insecure;	/* TLS without checking the daemon */
};

struct client_conn {
	int		 fd;		/* -1 once a bufferevent owns it */
	struct ssl_ctx_st *ctx;
	struct ssl_st	*ssl;		/* NULL: no TLS */
	char		*where;		/* the path, or tcp://HOST:PORT */
	int		 role;		/* AUTH_FULL or AUTH_READONLY */
};

/*
 * Connect to a daemon: a socket path (or unix:///path), HOST:PORT,
 * tcp://HOST:PORT, tls://HOST:PORT or http://HOST:PORT, with the
 * handshake over TCP. Returns NULL with cause and the exit status to use
 * (4: nothing there or TLS refused, 1: authentication failed, 2: usage).
 */
struct client_conn *client_conn_open(const char *, const struct client_opts *,
	     int *, char **);
/* Read, blocking; as read(2). */
ssize_t	 client_conn_read(struct client_conn *, void *, size_t);
/* Write all of a buffer, blocking; 0, or -1 with errno. */
int	 client_conn_write(struct client_conn *, const void *, size_t);
/* Hand the connection to a bufferevent (non-blocking from then on). */
struct bufferevent *client_conn_bev(struct client_conn *,
	     struct event_base *);
/* Close a connection and free it. */
void	 client_conn_close(struct client_conn *);

/* client.c: finding the daemon, one-shot commands. */

/*
 * Send one command and print its output (stdout and stderr lines) until
 * the daemon says it is done. Returns the command's exit status.
 */
int	 client_command(struct client_conn *, int, char **);
/*
 * Find the daemon and connect, printing why not. Returns the connection,
 * or NULL with the exit status to use.
 */
struct client_conn *client_open(const char *, const char *,
	     const struct client_opts *, int *);
/* Which socket to use: -s, $TASKMASTER_SOCKET, the config's, default. */
char	*client_socket_path(const char *, const char *, char **);

/* client-attach.c: attach the local terminal to a process's screen. */
int	 client_attach(struct client_conn *, const char *, bool);
/* Queue the attach command for a process at a size. */
void	 client_attach_command(struct evbuffer *, uint32_t, const char *,
	     bool, u_int, u_int);

#endif
