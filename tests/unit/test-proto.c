/*
 * The wire format: round trips of every message, partial reads, and
 * every kind of bad input a peer could send (wrong version, unknown
 * type, oversized length, unterminated strings, short payloads).
 */

#include <arpa/inet.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <event2/buffer.h>

#include "proto.h"

static void
put_raw(struct evbuffer *b, uint32_t len, uint16_t type, uint16_t version,
    const void *payload, size_t plen)
{
	uint32_t	 l = htonl(len);
	uint16_t	 t = htons(type), v = htons(version);

	evbuffer_add(b, &l, 4);
	evbuffer_add(b, &t, 2);
	evbuffer_add(b, &v, 2);
	if (plen > 0)
		evbuffer_add(b, payload, plen);
}

static void
test_command_roundtrip(void **state)
{
	struct evbuffer		*b = evbuffer_new();
	struct proto_msg	 msg;
	char			*argv[] = { "start", "web:0", "", "all", NULL };
	char			**out, *cause = NULL;
	uint32_t		 id;
	int			 argc, i;

	proto_put_command(b, 42, 4, argv);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(msg.type, MSG_COMMAND);
	assert_int_equal(proto_get_command(&msg, &id, &argc, &out, &cause), 0);
	assert_int_equal(id, 42);
	assert_int_equal(argc, 4);
	for (i = 0; i < 4; i++)
		assert_string_equal(out[i], argv[i]);
	assert_null(out[4]);
	for (i = 0; i < argc; i++)
		free(out[i]);
	free(out);
	proto_msg_clear(&msg);
	assert_int_equal(evbuffer_get_length(b), 0);
	evbuffer_free(b);
}

static void
test_output_exit_roundtrip(void **state)
{
	struct evbuffer		*b = evbuffer_new();
	struct proto_msg	 msg;
	const char		*text;
	char			*cause = NULL;
	uint32_t		 id;
	int			 stream, status;

	proto_put_output(b, 7, 2, "web: ERROR (not running)");
	proto_put_exit(b, 7, 3);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(proto_get_output(&msg, &id, &stream, &text, &cause),
	    0);
	assert_int_equal(id, 7);
	assert_int_equal(stream, 2);
	assert_string_equal(text, "web: ERROR (not running)");
	proto_msg_clear(&msg);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(proto_get_exit(&msg, &id, &status, &cause), 0);
	assert_int_equal(status, 3);
	proto_msg_clear(&msg);
	evbuffer_free(b);
}

/* A message arriving a byte at a time is taken only once complete. */
static void
test_partial(void **state)
{
	struct evbuffer		*full = evbuffer_new(), *b = evbuffer_new();
	struct proto_msg	 msg;
	char			*argv[] = { "status", NULL }, *cause = NULL;
	unsigned char		 c;
	size_t			 i, len;

	proto_put_command(full, 1, 1, argv);
	len = evbuffer_get_length(full);
	for (i = 0; i < len; i++) {
		evbuffer_remove(full, &c, 1);
		evbuffer_add(b, &c, 1);
		if (i + 1 < len)
			assert_int_equal(proto_get(b, &msg, &cause), 0);
	}
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	proto_msg_clear(&msg);
	evbuffer_free(full);
	evbuffer_free(b);
}

static void
expect_bad(struct evbuffer *b, const char *want)
{
	struct proto_msg	 msg;
	char			*cause = NULL;

	assert_int_equal(proto_get(b, &msg, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, want));
	free(cause);
}

static void
test_bad_headers(void **state)
{
	struct evbuffer	*b;

	b = evbuffer_new();
	put_raw(b, 0, MSG_COMMAND, PROTOCOL_VERSION + 1, NULL, 0);
	expect_bad(b, "protocol version");
	evbuffer_free(b);

	b = evbuffer_new();
	put_raw(b, 0, 999, PROTOCOL_VERSION, NULL, 0);
	expect_bad(b, "unknown message type 999");
	evbuffer_free(b);

	/* Refused from the header alone, before the payload arrives. */
	b = evbuffer_new();
	put_raw(b, PROTO_MAX_PAYLOAD + 1, MSG_COMMAND, PROTOCOL_VERSION,
	    NULL, 0);
	expect_bad(b, "over the limit");
	evbuffer_free(b);
}

static void
test_bad_payloads(void **state)
{
	struct evbuffer		*b = evbuffer_new();
	struct proto_msg	 msg;
	char			**argv, *cause = NULL;
	const char		*text;
	uint32_t		 id;
	int			 argc, stream, status;
	const char		 unterminated[] = { 0, 0, 0, 1, 's', 't' };
	const char		 idonly[] = { 0, 0, 0, 1 };
	const char		 badstream[] = { 0, 0, 0, 1, 9, 'x' };

	put_raw(b, sizeof unterminated, MSG_COMMAND, PROTOCOL_VERSION,
	    unterminated, sizeof unterminated);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(proto_get_command(&msg, &id, &argc, &argv, &cause),
	    -1);
	assert_non_null(strstr(cause, "not terminated"));
	free(cause);
	proto_msg_clear(&msg);

	put_raw(b, 2, MSG_COMMAND, PROTOCOL_VERSION, "ab", 2);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(proto_get_command(&msg, &id, &argc, &argv, &cause),
	    -1);
	assert_non_null(strstr(cause, "too short"));
	free(cause);
	proto_msg_clear(&msg);

	put_raw(b, 4, MSG_COMMAND, PROTOCOL_VERSION, idonly, 4);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(proto_get_command(&msg, &id, &argc, &argv, &cause),
	    -1);
	assert_non_null(strstr(cause, "without a command"));
	free(cause);
	proto_msg_clear(&msg);

	put_raw(b, sizeof badstream, MSG_OUTPUT, PROTOCOL_VERSION, badstream,
	    sizeof badstream);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(proto_get_output(&msg, &id, &stream, &text, &cause),
	    -1);
	free(cause);
	proto_msg_clear(&msg);

	put_raw(b, 6, MSG_EXIT, PROTOCOL_VERSION, "\0\0\0\1\0\0", 6);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(proto_get_exit(&msg, &id, &status, &cause), -1);
	free(cause);
	proto_msg_clear(&msg);
	evbuffer_free(b);
}

/* Nothing over the limit is ever built: the peer would refuse it. */
static void
test_put_limit(void **state)
{
	struct evbuffer	*b = evbuffer_new();
	char		*big, *argv[3];

	big = calloc(1, PROTO_MAX_PAYLOAD + 2);
	memset(big, 'x', PROTO_MAX_PAYLOAD + 1);
	assert_int_equal(proto_put(b, MSG_ERROR, big, PROTO_MAX_PAYLOAD), 0);
	assert_int_equal(evbuffer_get_length(b),
	    PROTO_HDR_SIZE + PROTO_MAX_PAYLOAD);
	evbuffer_drain(b, evbuffer_get_length(b));
	assert_int_equal(proto_put(b, MSG_ERROR, big, PROTO_MAX_PAYLOAD + 1),
	    -1);
	assert_int_equal(proto_put_id(b, MSG_DATA, 1, big,
	    PROTO_MAX_PAYLOAD - 4), 0);
	evbuffer_drain(b, evbuffer_get_length(b));
	assert_int_equal(proto_put_id(b, MSG_DATA, 1, big,
	    PROTO_MAX_PAYLOAD - 3), -1);
	big[PROTO_MAX_PAYLOAD - 5] = '\0';
	assert_int_equal(proto_put_output(b, 1, 1, big), 0);
	evbuffer_drain(b, evbuffer_get_length(b));
	big[PROTO_MAX_PAYLOAD - 5] = 'x';
	assert_int_equal(proto_put_output(b, 1, 1, big), -1);
	argv[0] = (char *)"status";
	argv[1] = big;
	argv[2] = NULL;
	assert_int_equal(proto_put_command(b, 1, 2, argv), -1);
	assert_int_equal(evbuffer_get_length(b), 0);
	free(big);
	evbuffer_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_roundtrip),
		cmocka_unit_test(test_output_exit_roundtrip),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_bad_payloads),
		cmocka_unit_test(test_put_limit),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
