/*
 * One control connection: messages in, commands run, replies out.
 *
 * A client that sends something malformed (bad version, unknown type,
 * oversized or unterminated payload) gets one MSG_ERROR and is dropped;
 * nothing a peer sends can take the daemon down. Commands a client
 * started go on when it hangs up (a stop is not undone by Ctrl-C on
 * taskmasterctl), they just print nowhere.
 */

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

static void	server_client_read_cb(struct bufferevent *, void *);
static void	server_client_write_cb(struct bufferevent *, void *);
static void	server_client_event_cb(struct bufferevent *, short, void *);
static void	server_client_drop(struct client *, const char *);
static void	server_client_command(struct client *, struct proto_msg *);
static void	server_client_print(struct cmd_ctx *, int, const char *);
static void	server_client_finish(struct cmd_ctx *);
static void	server_client_send(struct cmd_ctx *, int, const void *, size_t);
static size_t	server_client_backlog(struct cmd_ctx *);
static void	server_client_input(struct client *, struct proto_msg *);
static struct client *server_client_new(struct server *, int,
		    struct bufferevent *);
static bool	server_client_readonly(int, char **);
static void	server_client_refuse(struct client *, uint32_t, int,
		    char **);

/* A client on a bufferevent: callbacks set, listed. */
static struct client *
server_client_new(struct server *srv, int fd, struct bufferevent *bev)
{
	struct client	*c;

	c = xcalloc(1, sizeof *c);
	c->srv = srv;
	c->id = ++srv->next_id;
	c->fd = fd;
	c->role = AUTH_FULL;
	TAILQ_INIT(&c->cmds);
	c->bev = bev;
	bufferevent_setcb(c->bev, server_client_read_cb,
	    server_client_write_cb, server_client_event_cb, c);
	bufferevent_enable(c->bev, EV_READ|EV_WRITE);
	TAILQ_INSERT_TAIL(&srv->clients, c, entry);
	log_debug("%s: client %llu fd %d", __func__,
	    (unsigned long long)c->id, fd);
	return (c);
}

struct client *
server_client_create(struct server *srv, int fd, uid_t uid, pid_t pid)
{
	struct client	*c;

	c = server_client_new(srv, fd, bufferevent_socket_new(srv->sv->base,
	    fd, BEV_OPT_CLOSE_ON_FREE));
	c->uid = uid;
	c->pid = pid;
	return (c);
}

struct client *
server_client_create_tcp(struct server *srv, int fd, const char *peer,
    struct ssl_ctx_st *ctx)
{
	struct bufferevent	*bev;
	struct client		*c;
	SSL			*ssl;

	if (ctx != NULL) {
		ssl = SSL_new(ctx);
		bev = bufferevent_openssl_socket_new(srv->sv->base, fd, ssl,
		    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	} else
		bev = bufferevent_socket_new(srv->sv->base, fd,
		    BEV_OPT_CLOSE_ON_FREE);
	c = server_client_new(srv, fd, bev);
	c->uid = (uid_t)-1;
	c->pid = 0;
	c->peer = xstrdup(peer);
	c->tls = ctx != NULL;
	c->role = AUTH_NONE;
	server_auth_start(c);
	return (c);
}

void
server_client_free(struct client *c)
{
	struct cmd_ctx	*ctx;

	while ((ctx = TAILQ_FIRST(&c->cmds)) != NULL) {
		TAILQ_REMOVE(&c->cmds, ctx, entry);
		c->ncmds--;
		cmd_ctx_detach(ctx);
	}
	server_auth_done(c);
	TAILQ_REMOVE(&c->srv->clients, c, entry);
	/* taskmaster's console is gone: quitting it stops everything. */
	if ((c->flags & CLIENT_OWNER) && !c->srv->sv->shutting_down) {
		eventlog(EVL_WARN, NULL, "the console is gone: stopping every "
		    "process");
		sv_shutdown(c->srv->sv);
	}
	bufferevent_free(c->bev);
	log_debug("%s: client %llu", __func__, (unsigned long long)c->id);
	free(c->peer);
	free(c);
}

/* Tell the peer why, then hang up once that is sent. */
static void
server_client_drop(struct client *c, const char *why)
{
	if (c->peer != NULL) {
		eventlog(EVL_WARN, NULL, "dropped control client (tcp %s): %s",
		    c->peer, why);
	} else {
		eventlog(EVL_WARN, NULL, "dropped control client (uid %ld, "
		    "pid %ld): %s", (long)c->uid, (long)c->pid, why);
	}
	proto_put(bufferevent_get_output(c->bev), MSG_ERROR, why,
	    strlen(why));
	bufferevent_disable(c->bev, EV_READ);
	c->flags |= CLIENT_CLOSING;
}

static void
server_client_read_cb(struct bufferevent *bev, void *arg)
{
	struct client		*c = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct proto_msg	 msg;
	char			*cause = NULL;
	int			 rc;

	while (!(c->flags & CLIENT_CLOSING)) {
		if (c->ncmds >= CLIENT_MAX_CMDS) {
			/*
			 * Enough running for one client: what it sends next
			 * waits in its socket until one ends, so a client
			 * cannot make us hold more than this many.
			 */
			log_debug("%s: client %llu: %u commands running, "
			    "paused", __func__, (unsigned long long)c->id,
			    c->ncmds);
			bufferevent_disable(bev, EV_READ);
			c->flags |= CLIENT_PAUSED;
			break;
		}
		rc = proto_get(in, &msg, &cause);
		if (rc == 0)
			break;
		if (rc == -1) {
			server_client_drop(c, cause);
			free(cause);
			break;
		}
		log_debug("%s: client %llu: %s (%u bytes)", __func__,
		    (unsigned long long)c->id, proto_type_name(msg.type),
		    msg.len);
		if (c->role == AUTH_NONE) {
			/* Nothing but the handshake until it has passed. */
			server_auth_msg(c, &msg);
			proto_msg_clear(&msg);
			continue;
		}
		switch (msg.type) {
		case MSG_COMMAND:
			server_client_command(c, &msg);
			break;
		case MSG_INPUT:
		case MSG_RESIZE:
		case MSG_DETACH:
			server_client_input(c, &msg);
			break;
		default:
			xasprintf(&cause, "unexpected %s message",
			    proto_type_name(msg.type));
			server_client_drop(c, cause);
			free(cause);
			break;
		}
		proto_msg_clear(&msg);
	}
}

static void
server_client_command(struct client *c, struct proto_msg *msg)
{
	struct cmd_ctx	*ctx;
	char		**argv, *cause = NULL;
	uint32_t	 id;
	int		 argc, i;

	if (proto_get_command(msg, &id, &argc, &argv, &cause) != 0) {
		server_client_drop(c, cause);
		free(cause);
		return;
	}
	if (c->role == AUTH_READONLY && !server_client_readonly(argc, argv)) {
		eventlog(EVL_WARN, NULL, "TCP client %s (read-only): refused "
		    "\"%s\"", c->peer, argc > 0 ? argv[0] : "");
		server_client_refuse(c, id, argc, argv);
		return;
	}
	ctx = cmd_ctx_create(c->srv->sv, id, server_client_print,
	    server_client_finish, c);
	ctx->send = server_client_send;
	ctx->backlog = server_client_backlog;
	TAILQ_INSERT_TAIL(&c->cmds, ctx, entry);
	c->ncmds++;
	cmd_run(ctx, argc, argv);
	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/*
 * Whether a read-only client may run argv: commands that change nothing,
 * attach only with --read-only, reload only with --dry-run.
 */
static bool
server_client_readonly(int argc, char **argv)
{
	const struct cmd_entry	*ce;
	char			*cause = NULL;
	int			 i;

	if (argc == 0 || (ce = cmd_find(argv[0], &cause)) == NULL) {
		free(cause);
		return (true);	/* refused as unknown anyway */
	}
	if (ce->flags & CMD_READONLY)
		return (true);
	for (i = 1; i < argc; i++) {
		if (ce->id == CMD_ATTACH && (strcmp(argv[i], "--read-only") ==
		    0 || strcmp(argv[i], "-r") == 0))
			return (true);
		if (ce->id == CMD_RELOAD && strcmp(argv[i], "--dry-run") == 0)
			return (true);
	}
	return (false);
}

/* Refuse a command to a read-only client: one error, exit status 1. */
static void
server_client_refuse(struct client *c, uint32_t id, int argc, char **argv)
{
	struct evbuffer	*out = bufferevent_get_output(c->bev);
	int		 i;

	proto_put_output(out, id, 2, "permission denied: read-only client");
	proto_put_exit(out, id, CMD_EXIT_FAIL);
	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* A message for a running command: find it by its request id. */
static void
server_client_input(struct client *c, struct proto_msg *msg)
{
	struct cmd_ctx	*ctx;
	const char	*data;
	char		*cause = NULL;
	size_t		 len;
	uint32_t	 id;

	if (proto_get_id(msg, &id, &data, &len, &cause) != 0) {
		server_client_drop(c, cause);
		free(cause);
		return;
	}
	TAILQ_FOREACH(ctx, &c->cmds, entry) {
		if (ctx->id == id)
			break;
	}
	/* The command may have ended meanwhile: nothing to do. */
	if (ctx != NULL && ctx->input != NULL)
		ctx->input(ctx, msg->type, data, len);
}

static void
server_client_send(struct cmd_ctx *ctx, int type, const void *data,
    size_t len)
{
	struct client	*c = ctx->arg;
	const char	*p = data;
	size_t		 n;

	/* Large data goes in several messages, each under the limit. */
	do {
		n = len > PROTO_MAX_PAYLOAD - 4 ? PROTO_MAX_PAYLOAD - 4 : len;
		proto_put_id(bufferevent_get_output(c->bev), type, ctx->id, p,
		    n);
		p += n;
		len -= n;
	} while (len > 0);
}

static size_t
server_client_backlog(struct cmd_ctx *ctx)
{
	struct client	*c = ctx->arg;

	return (evbuffer_get_length(bufferevent_get_output(c->bev)));
}

/*
 * One line of output. A line longer than a message may carry (a frame
 * over the limit would make the client hang up) is cut to fit, and the
 * event log says so.
 */
static void
server_client_print(struct cmd_ctx *ctx, int stream, const char *line)
{
	struct client	*c = ctx->arg;
	struct evbuffer	*out = bufferevent_get_output(c->bev);
	char		*cut;
	size_t		 max = PROTO_MAX_PAYLOAD - 5;

	if (proto_put_output(out, ctx->id, stream, line) == 0)
		return;
	eventlog(EVL_ERROR, NULL, "a line of %zu bytes for control client "
	    "(pid %ld) is over the protocol's limit: cut to %zu",
	    strlen(line), (long)c->pid, max);
	cut = xstrndup(line, max);
	(void)proto_put_output(out, ctx->id, stream, cut);
	free(cut);
}

static void
server_client_finish(struct cmd_ctx *ctx)
{
	struct client	*c = ctx->arg;

	proto_put_exit(bufferevent_get_output(c->bev), ctx->id, ctx->status);
	TAILQ_REMOVE(&c->cmds, ctx, entry);
	c->ncmds--;
	if ((c->flags & CLIENT_PAUSED) && !(c->flags & CLIENT_CLOSING)) {
		/* Read again; what is already buffered, on the next turn. */
		c->flags &= ~CLIENT_PAUSED;
		bufferevent_enable(c->bev, EV_READ);
		bufferevent_trigger(c->bev, EV_READ,
		    BEV_TRIG_IGNORE_WATERMARKS|BEV_TRIG_DEFER_CALLBACKS);
	}
}

/* All sent: hang up if closing, else tell commands that wait for it. */
static void
server_client_write_cb(struct bufferevent *bev, void *arg)
{
	struct client	*c = arg;
	struct cmd_ctx	*ctx, *next;

	if (c->flags & CLIENT_CLOSING) {
		server_client_free(c);
		return;
	}
	TAILQ_FOREACH_SAFE(ctx, &c->cmds, entry, next) {
		if (ctx->drained != NULL)
			ctx->drained(ctx);
	}
}

static void
server_client_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct client	*c = arg;

	if (what & (BEV_EVENT_EOF|BEV_EVENT_ERROR))
		server_client_free(c);
}
