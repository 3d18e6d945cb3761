/*
 * The daemon's side of the control protocol: the UNIX socket, TCP
 * listeners with their handshake, and one connection each (server*.c).
 * Included by taskmaster.h; the engine is what serves.
 */

#ifndef SERVER_H
#define SERVER_H

#include <sys/queue.h>
#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>

#include "auth.h"

struct bufferevent;
struct cfg;
struct cmd_ctx;
struct event;
struct proto_msg;
struct ssl_ctx_st;
struct supervisor;

/* server.c: the control socket. */

struct client;

/* A TCP listening address, maybe several sockets (IPv4 and IPv6). */
struct server_tcp {
	struct server	*srv;
	char		*spec;		/* as written: "127.0.0.1:9001" */
	bool		 tls;
	int		*fds;
	struct event	**evs;
	u_int		 nfds;
	bool		 listed;
	TAILQ_ENTRY(server_tcp) entry;
};

struct server {
	struct supervisor *sv;
	char		*path;		/* NULL: no socket (only socketpairs) */
	struct stat	 made;		/* the socket file: removed if still it */
	int		 fd;
	struct event	*ev;
	struct event	*pause_ev;	/* out of fds: accept again later */
	bool		 pause_said;	/* logged; quiet until an accept */
	uint64_t	 next_id;
	TAILQ_HEAD(, client) clients;

	/* TCP: listeners, what they accept, and the guard. */
	TAILQ_HEAD(, server_tcp) listeners;
	struct ssl_ctx_st *tls;
	struct auth_secrets secrets;
	struct auth_guard guard;
	u_int		 pending;	/* clients in their handshake */
	uint64_t	 pending_logged;	/* ms */
};

/* One connection: read messages, run commands, send replies. */
/*
 * Commands one client may have running at once; past it, the client is
 * not read until one ends (a console needs a handful).
 */
#define CLIENT_MAX_CMDS	256

struct client {
	struct server	*srv;
	uint64_t	 id;
	int		 fd;
	struct bufferevent *bev;
	uid_t		 uid;
	pid_t		 pid;
	int		 flags;
#define CLIENT_CLOSING	 0x1	/* hang up once the output is sent */
#define CLIENT_OWNER	 0x2	/* taskmaster's console: gone means stop */
#define CLIENT_PENDING	 0x4	/* TCP: in its handshake */
#define CLIENT_FAILED	 0x8	/* TCP: wrong answer, refused after a delay */
#define CLIENT_PAUSED	 0x10	/* too many commands running: not read */
	u_int		 ncmds;		/* commands running */
	int		 role;		/* AUTH_FULL or AUTH_READONLY once in */
	char		*peer;		/* TCP: the peer's address, or NULL */
	bool		 tls;
	uint8_t		 snonce[AUTH_NONCE_LEN];
	struct event	*auth_ev;
	TAILQ_HEAD(, cmd_ctx) cmds;
	TAILQ_ENTRY(client) entry;
};

/*
 * Listen on a UNIX socket at path with mode. A live daemon on the path
 * is an error; a stale socket file from a dead one is replaced (*stale
 * says so, for the caller to log).
 */
struct server *server_open(struct supervisor *, const char *, mode_t,
	     bool *, char **);
/* Close every client and the socket, and remove the socket file. */
void	 server_close(struct server *);
/* accept failed for another reason than "nothing to accept". */
void	 server_accept_error(struct server *, int);
/* Write out what clients are owed, without waiting (before exit). */
void	 server_flush(struct server *);

/* server-tcp.c: TCP listeners. */

/* Listen on HOST:PORT (every address it has); NULL with cause. */
struct server_tcp *server_tcp_open(struct server *, const char *, bool,
	     char **);
/* Stop listening there; clients it accepted stay. */
void	 server_tcp_close(struct server_tcp *);
/*
 * Make the TCP listeners, the secrets and TLS what a config says: open
 * what is new, close what went, keep what is unchanged with its clients.
 * -1 with cause if something could not be done (what failed is left as
 * it was, the rest is applied).
 */
int	 server_tcp_apply(struct server *, const struct cfg *, char **);
/* A TLS context from a certificate chain and its key; NULL with cause. */
struct ssl_ctx_st *server_tls_load(const char *, const char *, char **);

/* server-auth.c: the handshake of TCP clients. */

/* Send the challenge to a new TCP client. */
void	 server_auth_start(struct client *);
/* A message from a client in its handshake: 0 once it has passed. */
int	 server_auth_msg(struct client *, struct proto_msg *);
/* The client leaves its handshake (passed, refused or gone). */
void	 server_auth_done(struct client *);

/* server-client.c */

/* Serve a connected UNIX fd as a client (trusted: full control). */
struct client *server_client_create(struct server *, int, uid_t, pid_t);
/* Serve a TCP connection (in TLS if ctx): it must pass the handshake. */
struct client *server_client_create_tcp(struct server *, int, const char *,
	     struct ssl_ctx_st *);
/* Drop a client; its running commands go on without it. */
void	 server_client_free(struct client *);

#endif
