/*
 * Framing and payload checks for the control protocol. No I/O here: the
 * callers own the sockets, this only reads and writes evbuffers, so the
 * whole wire format is testable in memory. Every size is checked before
 * a byte of payload is used; strings must be NUL-terminated inside it.
 */

#include <arpa/inet.h>

#include <event2/buffer.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "proto.h"
#include "xmalloc.h"

static int	proto_known_type(uint16_t);
static void	proto_put_hdr(struct evbuffer *, uint16_t, size_t);

static int
proto_known_type(uint16_t type)
{
	return ((type >= MSG_COMMAND && type <= MSG_AUTH) ||
	    (type >= MSG_OUTPUT && type <= MSG_AUTH_OK));
}

const char *
proto_type_name(uint16_t type)
{
	switch (type) {
	case MSG_COMMAND:
		return ("COMMAND");
	case MSG_INPUT:
		return ("INPUT");
	case MSG_RESIZE:
		return ("RESIZE");
	case MSG_DETACH:
		return ("DETACH");
	case MSG_OUTPUT:
		return ("OUTPUT");
	case MSG_EXIT:
		return ("EXIT");
	case MSG_DATA:
		return ("DATA");
	case MSG_EVENT:
		return ("EVENT");
	case MSG_ERROR:
		return ("ERROR");
	case MSG_AUTH:
		return ("AUTH");
	case MSG_CHALLENGE:
		return ("CHALLENGE");
	case MSG_AUTH_OK:
		return ("AUTH_OK");
	}
	return ("UNKNOWN");
}

/* The header of a message with a payload of len bytes. */
static void
proto_put_hdr(struct evbuffer *out, uint16_t type, size_t len)
{
	unsigned char	 hdr[PROTO_HDR_SIZE];
	uint32_t	 l = htonl((uint32_t)len);
	uint16_t	 t = htons(type), v = htons(PROTOCOL_VERSION);

	memcpy(hdr, &l, 4);
	memcpy(hdr + 4, &t, 2);
	memcpy(hdr + 6, &v, 2);
	evbuffer_add(out, hdr, sizeof hdr);
}

int
proto_put(struct evbuffer *out, uint16_t type, const void *payload,
    size_t len)
{
	if (len > PROTO_MAX_PAYLOAD)
		return (-1);
	proto_put_hdr(out, type, len);
	if (len > 0)
		evbuffer_add(out, payload, len);
	return (0);
}

int
proto_put_id(struct evbuffer *out, uint16_t type, uint32_t id,
    const void *data, size_t len)
{
	uint32_t	 nid = htonl(id);

	if (len > PROTO_MAX_PAYLOAD - 4)
		return (-1);
	proto_put_hdr(out, type, len + 4);
	evbuffer_add(out, &nid, 4);
	if (len > 0)
		evbuffer_add(out, data, len);
	return (0);
}

int
proto_get(struct evbuffer *in, struct proto_msg *msg, char **cause)
{
	unsigned char	 hdr[PROTO_HDR_SIZE];
	uint32_t	 l;
	uint16_t	 t, v;

	memset(msg, 0, sizeof *msg);
	if (evbuffer_copyout(in, hdr, sizeof hdr) < (ev_ssize_t)sizeof hdr)
		return (0);
	memcpy(&l, hdr, 4);
	memcpy(&t, hdr + 4, 2);
	memcpy(&v, hdr + 6, 2);
	l = ntohl(l);
	t = ntohs(t);
	v = ntohs(v);
	if (v != PROTOCOL_VERSION) {
		xasprintf(cause, "protocol version %u, expected %u", v,
		    PROTOCOL_VERSION);
		return (-1);
	}
	if (!proto_known_type(t)) {
		xasprintf(cause, "unknown message type %u", t);
		return (-1);
	}
	if (l > PROTO_MAX_PAYLOAD) {
		xasprintf(cause, "message of %u bytes is over the limit of %u",
		    l, PROTO_MAX_PAYLOAD);
		return (-1);
	}
	if (evbuffer_get_length(in) < sizeof hdr + l)
		return (0);
	evbuffer_drain(in, sizeof hdr);
	msg->type = t;
	msg->version = v;
	msg->len = l;
	msg->payload = xmalloc(l + 1);
	evbuffer_remove(in, msg->payload, l);
	msg->payload[l] = '\0';
	return (1);
}

void
proto_msg_clear(struct proto_msg *msg)
{
	free(msg->payload);
	msg->payload = NULL;
	msg->len = 0;
}

int
proto_get_id(const struct proto_msg *msg, uint32_t *id, const char **data,
    size_t *len, char **cause)
{
	uint32_t	 nid;

	if (msg->len < 4) {
		xasprintf(cause, "%s message too short (%u bytes)",
		    proto_type_name(msg->type), msg->len);
		return (-1);
	}
	memcpy(&nid, msg->payload, 4);
	*id = ntohl(nid);
	if (data != NULL)
		*data = msg->payload + 4;
	if (len != NULL)
		*len = msg->len - 4;
	return (0);
}

int
proto_put_command(struct evbuffer *out, uint32_t id, int argc, char **argv)
{
	struct evbuffer	*tmp;
	size_t		 len;
	int		 i, rc;

	tmp = evbuffer_new();
	for (i = 0; i < argc; i++)
		evbuffer_add(tmp, argv[i], strlen(argv[i]) + 1);
	len = evbuffer_get_length(tmp);
	rc = proto_put_id(out, MSG_COMMAND, id, evbuffer_pullup(tmp, -1), len);
	evbuffer_free(tmp);
	return (rc);
}

int
proto_get_command(const struct proto_msg *msg, uint32_t *id, int *argc,
    char ***argv, char **cause)
{
	const char	*data, *p, *end;
	size_t		 len;
	int		 n = 0, i;

	if (proto_get_id(msg, id, &data, &len, cause) != 0)
		return (-1);
	if (len == 0) {
		*cause = xstrdup("COMMAND message without a command");
		return (-1);
	}
	if (data[len - 1] != '\0') {
		*cause = xstrdup("COMMAND message: argument not terminated");
		return (-1);
	}
	end = data + len;
	for (p = data; p < end; p += strlen(p) + 1)
		n++;
	*argv = xcalloc(n + 1, sizeof **argv);
	for (p = data, i = 0; p < end; p += strlen(p) + 1)
		(*argv)[i++] = xstrdup(p);
	*argc = n;
	return (0);
}

int
proto_put_output(struct evbuffer *out, uint32_t id, int stream,
    const char *text)
{
	unsigned char	 s = (unsigned char)stream;
	uint32_t	 nid = htonl(id);
	size_t		 len = strlen(text);

	if (len + 1 > PROTO_MAX_PAYLOAD - 4)
		return (-1);
	proto_put_hdr(out, MSG_OUTPUT, len + 5);
	evbuffer_add(out, &nid, 4);
	evbuffer_add(out, &s, 1);
	evbuffer_add(out, text, len);
	return (0);
}

int
proto_get_output(const struct proto_msg *msg, uint32_t *id, int *stream,
    const char **text, char **cause)
{
	const char	*data;
	size_t		 len;

	if (proto_get_id(msg, id, &data, &len, cause) != 0)
		return (-1);
	if (len < 1 || (data[0] != 1 && data[0] != 2)) {
		*cause = xstrdup("OUTPUT message: bad stream");
		return (-1);
	}
	if (memchr(data + 1, '\0', len - 1) != NULL) {
		*cause = xstrdup("OUTPUT message: NUL in text");
		return (-1);
	}
	*stream = data[0];
	*text = data + 1;	/* the payload is NUL-terminated by proto_get */
	return (0);
}

void
proto_put_exit(struct evbuffer *out, uint32_t id, int status)
{
	uint32_t	 s = htonl((uint32_t)status);

	(void)proto_put_id(out, MSG_EXIT, id, &s, 4);
}

int
proto_get_exit(const struct proto_msg *msg, uint32_t *id, int *status,
    char **cause)
{
	const char	*data;
	size_t		 len;
	uint32_t	 s;

	if (proto_get_id(msg, id, &data, &len, cause) != 0)
		return (-1);
	if (len != 4) {
		xasprintf(cause, "EXIT message of %zu bytes, expected 4", len);
		return (-1);
	}
	memcpy(&s, data, 4);
	*status = (int)ntohl(s);
	return (0);
}

static const char *const proto_state_names[PROC_NSTATES] = {
	"STOPPED", "STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED",
	"FATAL"
};

const char *
proto_state_name(enum proc_state state)
{
	if ((u_int)state >= PROC_NSTATES)
		return ("UNKNOWN");
	return (proto_state_names[state]);
}

int
proto_state_parse(const char *name)
{
	int	state;

	for (state = 0; state < PROC_NSTATES; state++) {
		if (strcmp(name, proto_state_names[state]) == 0)
			return (state);
	}
	return (-1);
}

void
proto_put_challenge(struct evbuffer *out, const uint8_t *snonce)
{
	uint8_t	 buf[1 + AUTH_NONCE_LEN];

	buf[0] = AUTH_VERSION;
	memcpy(buf + 1, snonce, AUTH_NONCE_LEN);
	proto_put(out, MSG_CHALLENGE, buf, sizeof buf);
}

int
proto_get_challenge(const struct proto_msg *msg, uint8_t *snonce,
    char **cause)
{
	if (msg->len != 1 + AUTH_NONCE_LEN) {
		xasprintf(cause, "CHALLENGE message of %u bytes, expected %u",
		    msg->len, 1 + AUTH_NONCE_LEN);
		return (-1);
	}
	if ((uint8_t)msg->payload[0] != AUTH_VERSION) {
		xasprintf(cause, "authentication version %u, expected %u",
		    (uint8_t)msg->payload[0], AUTH_VERSION);
		return (-1);
	}
	memcpy(snonce, msg->payload + 1, AUTH_NONCE_LEN);
	return (0);
}

void
proto_put_auth(struct evbuffer *out, const uint8_t *cnonce,
    const uint8_t *mac)
{
	uint8_t	 buf[AUTH_NONCE_LEN + AUTH_MAC_LEN];

	memcpy(buf, cnonce, AUTH_NONCE_LEN);
	memcpy(buf + AUTH_NONCE_LEN, mac, AUTH_MAC_LEN);
	proto_put(out, MSG_AUTH, buf, sizeof buf);
}

int
proto_get_auth(const struct proto_msg *msg, uint8_t *cnonce, uint8_t *mac,
    char **cause)
{
	if (msg->len != AUTH_NONCE_LEN + AUTH_MAC_LEN) {
		xasprintf(cause, "AUTH message of %u bytes, expected %u",
		    msg->len, AUTH_NONCE_LEN + AUTH_MAC_LEN);
		return (-1);
	}
	memcpy(cnonce, msg->payload, AUTH_NONCE_LEN);
	memcpy(mac, msg->payload + AUTH_NONCE_LEN, AUTH_MAC_LEN);
	return (0);
}

void
proto_put_auth_ok(struct evbuffer *out, int role, const uint8_t *mac)
{
	uint8_t	 buf[1 + AUTH_MAC_LEN];

	buf[0] = (uint8_t)role;
	memcpy(buf + 1, mac, AUTH_MAC_LEN);
	proto_put(out, MSG_AUTH_OK, buf, sizeof buf);
}

int
proto_get_auth_ok(const struct proto_msg *msg, int *role, uint8_t *mac,
    char **cause)
{
	if (msg->len != 1 + AUTH_MAC_LEN) {
		xasprintf(cause, "AUTH_OK message of %u bytes, expected %u",
		    msg->len, 1 + AUTH_MAC_LEN);
		return (-1);
	}
	*role = (uint8_t)msg->payload[0];
	if (*role != AUTH_FULL && *role != AUTH_READONLY) {
		xasprintf(cause, "AUTH_OK with an unknown role %d", *role);
		return (-1);
	}
	memcpy(mac, msg->payload + 1, AUTH_MAC_LEN);
	return (0);
}
