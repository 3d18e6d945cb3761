/*
 * The handshake of a TCP control client, on the daemon's side. The client
 * is sent a challenge as soon as it connects and may send nothing but its
 * answer until it has passed; then it is a client like any other, full or
 * read-only after the secret it proved it holds.
 *
 * A wrong answer is answered late (the guard says how late, growing with
 * each failure from that address), with one error, and the connection is
 * closed; an address that failed too often is refused for a while even
 * with the right secret; a handshake not done within SERVER_AUTH_TIMEOUT
 * is dropped. Every refusal is logged with the peer's address.
 */

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "log.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* How long a client has to pass the handshake, in seconds. */
#define SERVER_AUTH_TIMEOUT	10

static void	server_auth_timer_cb(evutil_socket_t, short, void *);
static void	server_auth_refuse(struct client *, const char *);

/* Send the challenge; the client is pending until it answers. */
void
server_auth_start(struct client *c)
{
	struct timeval	 tv = { SERVER_AUTH_TIMEOUT, 0 };
	char		*cause = NULL;

	c->auth_ev = evtimer_new(c->srv->sv->base, server_auth_timer_cb, c);
	evtimer_add(c->auth_ev, &tv);
	c->srv->pending++;
	c->flags |= CLIENT_PENDING;
	if (auth_nonce(c->snonce, &cause) != 0) {
		eventlog(EVL_ERROR, NULL, "TCP client %s: %s", c->peer, cause);
		free(cause);
		server_auth_refuse(c, "the daemon cannot make a challenge");
		return;
	}
	proto_put_challenge(bufferevent_get_output(c->bev), c->snonce);
}

/* No longer pending: passed, refused or gone. */
void
server_auth_done(struct client *c)
{
	if (c->auth_ev != NULL) {
		event_free(c->auth_ev);
		c->auth_ev = NULL;
	}
	if (c->flags & CLIENT_PENDING) {
		c->flags &= ~CLIENT_PENDING;
		c->srv->pending--;
	}
}

/* One error, then the connection closes once it is sent. */
static void
server_auth_refuse(struct client *c, const char *why)
{
	server_auth_done(c);
	proto_put(bufferevent_get_output(c->bev), MSG_ERROR, why,
	    strlen(why));
	bufferevent_disable(c->bev, EV_READ);
	c->flags |= CLIENT_CLOSING;
}

/*
 * The handshake timer: too slow, or the delay of a wrong answer is over
 * (then the refusal is sent now).
 */
static void
server_auth_timer_cb(evutil_socket_t fd, short events, void *arg)
{
	struct client	*c = arg;

	if (c->flags & CLIENT_FAILED) {
		server_auth_refuse(c, "authentication failed");
		return;
	}
	eventlog(EVL_WARN, NULL, "TCP client %s dropped: no handshake within "
	    "%d s", c->peer, SERVER_AUTH_TIMEOUT);
	server_auth_refuse(c, "authentication timed out");
}

/*
 * A message from a client that has not passed: only its answer counts.
 * Returns 0 if it passed, -1 if not (it is refused, now or later).
 */
int
server_auth_msg(struct client *c, struct proto_msg *msg)
{
	struct server	*srv = c->srv;
	uint8_t		 cnonce[AUTH_NONCE_LEN], mac[AUTH_MAC_LEN];
	uint8_t		 smac[AUTH_MAC_LEN];
	const char	*secret;
	char		*cause = NULL, *why;
	struct timeval	 tv;
	uint64_t	 now = util_now_ms(), wait;
	size_t		 len;
	bool		 banned;
	int		 role;

	if (c->flags & CLIENT_FAILED)
		return (-1);	/* answered when the delay is over */
	if (msg->type != MSG_AUTH) {
		eventlog(EVL_WARN, NULL, "TCP client %s refused: %s before "
		    "the handshake", c->peer, proto_type_name(msg->type));
		server_auth_refuse(c, "authentication required first");
		return (-1);
	}
	if (proto_get_auth(msg, cnonce, mac, &cause) != 0) {
		eventlog(EVL_WARN, NULL, "TCP client %s refused: %s", c->peer,
		    cause);
		server_auth_refuse(c, cause);
		free(cause);
		return (-1);
	}
	if (auth_guard_banned(&srv->guard, c->peer, now, &wait)) {
		eventlog(EVL_WARN, NULL, "TCP client %s refused: too many "
		    "failed attempts; refused for %llu s more", c->peer,
		    (unsigned long long)(wait + 999) / 1000);
		xasprintf(&why, "too many failed attempts from %s: refused for "
		    "%llu s", c->peer, (unsigned long long)(wait + 999) / 1000);
		server_auth_refuse(c, why);
		free(why);
		return (-1);
	}
	role = auth_verify(&srv->secrets, c->snonce, cnonce, mac, &secret,
	    &len);
	if (role == AUTH_NONE) {
		wait = auth_guard_fail(&srv->guard, c->peer, now, &banned);
		eventlog(EVL_WARN, NULL, "TCP client %s: authentication failed "
		    "(wrong password)%s", c->peer, banned ? "; too many "
		    "failures: the address is refused for a minute" : "");
		/* Answered late, so guessing is slow; nothing more is read. */
		c->flags |= CLIENT_FAILED;
		bufferevent_disable(c->bev, EV_READ);
		tv.tv_sec = wait / 1000;
		tv.tv_usec = (wait % 1000) * 1000;
		evtimer_add(c->auth_ev, &tv);
		return (-1);
	}
	auth_guard_ok(&srv->guard, c->peer);
	auth_server_proof(secret, len, c->snonce, cnonce, role, smac);
	proto_put_auth_ok(bufferevent_get_output(c->bev), role, smac);
	OPENSSL_cleanse(smac, sizeof smac);
	c->role = role;
	server_auth_done(c);
	eventlog(EVL_INFO, NULL, "control client connected (tcp %s%s, %s)",
	    c->peer, c->tls ? ", tls" : "", role == AUTH_READONLY ?
	    "read-only" : "full control");
	return (0);
}
