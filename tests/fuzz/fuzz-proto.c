/*
 * Fuzz target: the protocol decoder, as the daemon and the clients run
 * it on what a peer sends: frames taken off a buffer until one is bad or
 * more bytes are needed, each payload decoded as its type says.
 */

#include <event2/buffer.h>
#include <stdlib.h>

#include "auth.h"
#include "fuzz.h"
#include "proto.h"

static void	fuzz_proto_msg(struct proto_msg *);

/* Decode one message the way its receiver would. */
static void
fuzz_proto_msg(struct proto_msg *msg)
{
	const char	*data;
	uint8_t		 nonce[AUTH_NONCE_LEN], mac[AUTH_MAC_LEN];
	char		**argv, *cause = NULL;
	uint32_t	 id;
	size_t		 len;
	int		 argc, i, stream, status;

	switch (msg->type) {
	case MSG_COMMAND:
		if (proto_get_command(msg, &id, &argc, &argv, &cause) == 0) {
			for (i = 0; i < argc; i++)
				free(argv[i]);
			free(argv);
		}
		break;
	case MSG_OUTPUT:
		(void)proto_get_output(msg, &id, &stream, &data, &cause);
		break;
	case MSG_EXIT:
		(void)proto_get_exit(msg, &id, &status, &cause);
		break;
	case MSG_CHALLENGE:
		(void)proto_get_challenge(msg, nonce, &cause);
		break;
	case MSG_AUTH:
		(void)proto_get_auth(msg, nonce, mac, &cause);
		break;
	case MSG_AUTH_OK:
		(void)proto_get_auth_ok(msg, &status, mac, &cause);
		break;
	default:
		(void)proto_get_id(msg, &id, &data, &len, &cause);
		break;
	}
	free(cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evbuffer		*in;
	struct proto_msg	 msg;
	char			*cause = NULL;

	in = evbuffer_new();
	evbuffer_add(in, data, size);
	while (proto_get(in, &msg, &cause) == 1) {
		fuzz_proto_msg(&msg);
		proto_msg_clear(&msg);
	}
	free(cause);
	evbuffer_free(in);
	return (0);
}
