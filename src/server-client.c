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
#include <event2/event.h>
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

struct client *
server_client_create(struct server *srv, int fd, uid_t uid, pid_t pid)
{
	struct client	*c;

	c = xcalloc(1, sizeof *c);
	c->srv = srv;
	c->id = ++srv->next_id;
	c->fd = fd;
	c->uid = uid;
	c->pid = pid;
	TAILQ_INIT(&c->cmds);
	c->bev = bufferevent_socket_new(srv->sv->base, fd,
	    BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(c->bev, server_client_read_cb,
	    server_client_write_cb, server_client_event_cb, c);
	bufferevent_enable(c->bev, EV_READ|EV_WRITE);
	TAILQ_INSERT_TAIL(&srv->clients, c, entry);
	log_debug("%s: client %llu fd %d", __func__,
	    (unsigned long long)c->id, fd);
	return (c);
}

void
server_client_free(struct client *c)
{
	struct cmd_ctx	*ctx;

	while ((ctx = TAILQ_FIRST(&c->cmds)) != NULL) {
		TAILQ_REMOVE(&c->cmds, ctx, entry);
		cmd_ctx_detach(ctx);
	}
	TAILQ_REMOVE(&c->srv->clients, c, entry);
	bufferevent_free(c->bev);
	log_debug("%s: client %llu", __func__, (unsigned long long)c->id);
	free(c);
}

/* Tell the peer why, then hang up once that is sent. */
static void
server_client_drop(struct client *c, const char *why)
{
	eventlog(EVL_WARN, NULL, "dropped control client (uid %ld, pid %ld): "
	    "%s", (long)c->uid, (long)c->pid, why);
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
	ctx = cmd_ctx_create(c->srv->sv, id, server_client_print,
	    server_client_finish, c);
	ctx->send = server_client_send;
	ctx->backlog = server_client_backlog;
	TAILQ_INSERT_TAIL(&c->cmds, ctx, entry);
	cmd_run(ctx, argc, argv);
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
}

static void
server_client_write_cb(struct bufferevent *bev, void *arg)
{
	struct client	*c = arg;

	if (c->flags & CLIENT_CLOSING)
		server_client_free(c);
}

static void
server_client_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct client	*c = arg;

	if (what & (BEV_EVENT_EOF|BEV_EVENT_ERROR))
		server_client_free(c);
}
