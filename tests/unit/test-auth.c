/*
 * The TCP handshake: proofs made with the right secret pass, with the
 * wrong one, a replayed one (another server nonce), a proof for the
 * other role or a truncated message they do not; the read-only secret
 * gives the read-only role; the server's proof is checked by the client.
 * And the guard: waits that grow, a ban after ten failures in a minute,
 * forgiveness after a success, the window, a bounded table.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/buffer.h>

#include "auth.h"
#include "proto.h"

static struct auth_secrets secrets = {
	(char *)"s3cret-full", 11, (char *)"s3cret-ro", 9
};

static void
test_nonces_differ(void **state)
{
	uint8_t	 a[AUTH_NONCE_LEN], b[AUTH_NONCE_LEN];
	char	*cause = NULL;

	assert_int_equal(auth_nonce(a, &cause), 0);
	assert_int_equal(auth_nonce(b, &cause), 0);
	assert_memory_not_equal(a, b, AUTH_NONCE_LEN);
}

static void
test_good_secret(void **state)
{
	uint8_t		 sn[AUTH_NONCE_LEN], cn[AUTH_NONCE_LEN];
	uint8_t		 mac[AUTH_MAC_LEN], smac[AUTH_MAC_LEN];
	const char	*secret = NULL;
	size_t		 len = 0;
	char		*cause = NULL;

	auth_nonce(sn, &cause);
	auth_nonce(cn, &cause);
	auth_client_proof("s3cret-full", 11, sn, cn, mac);
	assert_int_equal(auth_verify(&secrets, sn, cn, mac, &secret, &len),
	    AUTH_FULL);
	assert_ptr_equal(secret, secrets.full);
	auth_server_proof(secret, len, sn, cn, AUTH_FULL, smac);
	assert_true(auth_check_server("s3cret-full", 11, sn, cn, AUTH_FULL,
	    smac));
	/* The server's proof is not the client's, and binds the role. */
	assert_memory_not_equal(mac, smac, AUTH_MAC_LEN);
	assert_false(auth_check_server("s3cret-full", 11, sn, cn,
	    AUTH_READONLY, smac));
	/* Nor does a server without the secret pass. */
	assert_false(auth_check_server("other", 5, sn, cn, AUTH_FULL, mac));
}

static void
test_readonly_secret(void **state)
{
	uint8_t		 sn[AUTH_NONCE_LEN] = { 1 }, cn[AUTH_NONCE_LEN] = { 2 };
	uint8_t		 mac[AUTH_MAC_LEN];
	const char	*secret = NULL;
	size_t		 len = 0;

	auth_client_proof("s3cret-ro", 9, sn, cn, mac);
	assert_int_equal(auth_verify(&secrets, sn, cn, mac, &secret, &len),
	    AUTH_READONLY);
	assert_ptr_equal(secret, secrets.readonly);
	assert_int_equal(len, 9);
}

static void
test_wrong_secret(void **state)
{
	uint8_t		 sn[AUTH_NONCE_LEN] = { 1 }, cn[AUTH_NONCE_LEN] = { 2 };
	uint8_t		 mac[AUTH_MAC_LEN];
	const char	*secret = NULL;
	size_t		 len = 0;
	struct auth_secrets only = { (char *)"s3cret-full", 11, NULL, 0 };

	auth_client_proof("s3cret-ful", 10, sn, cn, mac);
	assert_int_equal(auth_verify(&secrets, sn, cn, mac, &secret, &len),
	    AUTH_NONE);
	/* The read-only secret passes nothing where there is none. */
	auth_client_proof("s3cret-ro", 9, sn, cn, mac);
	assert_int_equal(auth_verify(&only, sn, cn, mac, &secret, &len),
	    AUTH_NONE);
	/* A flipped bit is a wrong proof. */
	auth_client_proof("s3cret-full", 11, sn, cn, mac);
	mac[AUTH_MAC_LEN - 1] ^= 1;
	assert_int_equal(auth_verify(&secrets, sn, cn, mac, &secret, &len),
	    AUTH_NONE);
}

static void
test_replayed(void **state)
{
	uint8_t		 sn1[AUTH_NONCE_LEN], sn2[AUTH_NONCE_LEN];
	uint8_t		 cn[AUTH_NONCE_LEN] = { 3 }, mac[AUTH_MAC_LEN];
	const char	*secret = NULL;
	size_t		 len = 0;
	char		*cause = NULL;

	auth_nonce(sn1, &cause);
	auth_nonce(sn2, &cause);
	/* A proof recorded on one connection fails on the next. */
	auth_client_proof("s3cret-full", 11, sn1, cn, mac);
	assert_int_equal(auth_verify(&secrets, sn2, cn, mac, &secret, &len),
	    AUTH_NONE);
	/* And the nonces cannot be swapped to pass a server proof off. */
	assert_int_equal(auth_verify(&secrets, cn, sn1, mac, &secret, &len),
	    AUTH_NONE);
}

static void
test_messages(void **state)
{
	struct evbuffer		*b = evbuffer_new();
	struct proto_msg	 msg;
	uint8_t			 sn[AUTH_NONCE_LEN], cn[AUTH_NONCE_LEN];
	uint8_t			 mac[AUTH_MAC_LEN], got[AUTH_NONCE_LEN];
	uint8_t			 gotmac[AUTH_MAC_LEN];
	char			*cause = NULL;
	int			 role;

	memset(sn, 0xa5, sizeof sn);
	memset(cn, 0x5a, sizeof cn);
	memset(mac, 0x33, sizeof mac);
	proto_put_challenge(b, sn);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(msg.type, MSG_CHALLENGE);
	assert_int_equal(proto_get_challenge(&msg, got, &cause), 0);
	assert_memory_equal(got, sn, AUTH_NONCE_LEN);
	proto_msg_clear(&msg);

	proto_put_auth(b, cn, mac);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(msg.type, MSG_AUTH);
	assert_int_equal(proto_get_auth(&msg, got, gotmac, &cause), 0);
	assert_memory_equal(got, cn, AUTH_NONCE_LEN);
	assert_memory_equal(gotmac, mac, AUTH_MAC_LEN);
	/* Truncated: refused with the sizes. */
	msg.len--;
	assert_int_equal(proto_get_auth(&msg, got, gotmac, &cause), -1);
	assert_string_equal(cause, "AUTH message of 63 bytes, expected 64");
	free(cause);
	cause = NULL;
	proto_msg_clear(&msg);

	proto_put_auth_ok(b, AUTH_READONLY, mac);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	assert_int_equal(proto_get_auth_ok(&msg, &role, gotmac, &cause), 0);
	assert_int_equal(role, AUTH_READONLY);
	msg.payload[0] = 7;
	assert_int_equal(proto_get_auth_ok(&msg, &role, gotmac, &cause), -1);
	free(cause);
	cause = NULL;
	proto_msg_clear(&msg);

	/* A challenge of another authentication version is refused. */
	proto_put_challenge(b, sn);
	assert_int_equal(proto_get(b, &msg, &cause), 1);
	msg.payload[0] = 9;
	assert_int_equal(proto_get_challenge(&msg, got, &cause), -1);
	assert_string_equal(cause, "authentication version 9, expected 1");
	free(cause);
	proto_msg_clear(&msg);
	evbuffer_free(b);
}

static void
test_guard(void **state)
{
	struct auth_guard	 g;
	uint64_t		 now = 1000000, left = 0;
	bool			 banned;
	int			 i;

	auth_guard_init(&g);
	assert_false(auth_guard_banned(&g, "10.0.0.1", now, &left));
	assert_int_equal(auth_guard_fail(&g, "10.0.0.1", now, &banned), 1000);
	assert_false(banned);
	assert_int_equal(auth_guard_fail(&g, "10.0.0.1", now, &banned), 2000);
	assert_int_equal(auth_guard_fail(&g, "10.0.0.1", now, &banned), 4000);
	/* Another address starts from the beginning. */
	assert_int_equal(auth_guard_fail(&g, "10.0.0.2", now, &banned), 1000);
	/* A success forgives. */
	auth_guard_ok(&g, "10.0.0.1");
	assert_int_equal(auth_guard_fail(&g, "10.0.0.1", now, &banned), 1000);
	/* Ten in a minute: refused for a minute, right secret or not. */
	for (i = 2; i <= 10; i++) {
		auth_guard_fail(&g, "10.0.0.1", now + i, &banned);
		assert_true(banned == (i == 10));
	}
	assert_true(auth_guard_banned(&g, "10.0.0.1", now + 20, &left));
	assert_int_equal(left, AUTH_GUARD_BAN_MS - 10);
	assert_false(auth_guard_banned(&g, "10.0.0.2", now + 20, &left));
	assert_false(auth_guard_banned(&g, "10.0.0.1",
	    now + 10 + AUTH_GUARD_BAN_MS, &left));
	/* Failures more than a minute apart never add up. */
	for (i = 0; i < 20; i++) {
		assert_int_equal(auth_guard_fail(&g, "10.0.0.3",
		    now + (uint64_t)i * AUTH_GUARD_WINDOW_MS, &banned), 1000);
		assert_false(banned);
	}
	/* The wait stops growing. */
	for (i = 0; i < 9; i++)
		auth_guard_fail(&g, "10.0.0.4", now, &banned);
	assert_true(auth_guard_fail(&g, "10.0.0.5", now, &banned) <= 32000);
	auth_guard_free(&g);
}

static void
test_guard_bounded(void **state)
{
	struct auth_guard	 g;
	char			 addr[32];
	bool			 banned;
	int			 i;

	auth_guard_init(&g);
	for (i = 0; i < 10000; i++) {
		snprintf(addr, sizeof addr, "10.%d.%d.%d", i >> 16,
		    (i >> 8) & 255, i & 255);
		auth_guard_fail(&g, addr, 5, &banned);
	}
	assert_true(g.npeers <= 4096);
	auth_guard_free(&g);
}

static void
test_read_secret(void **state)
{
	char	 path[] = "/tmp/test-auth.XXXXXX", *s, *cause = NULL;
	size_t	 len;
	int	 fd;

	fd = mkstemp(path);
	assert_true(fd != -1);
	assert_int_equal(write(fd, "hunter2\nsecond line\n", 20), 20);
	s = auth_read_secret(path, &len, &cause);
	assert_string_equal(s, "hunter2");
	assert_int_equal(len, 7);
	free(s);
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(pwrite(fd, "\n", 1, 0), 1);
	assert_null(auth_read_secret(path, &len, &cause));
	assert_non_null(strstr(cause, "the secret is empty"));
	free(cause);
	close(fd);
	unlink(path);
	assert_null(auth_read_secret(path, &len, &cause));
	assert_non_null(strstr(cause, "No such file or directory"));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nonces_differ),
		cmocka_unit_test(test_good_secret),
		cmocka_unit_test(test_readonly_secret),
		cmocka_unit_test(test_wrong_secret),
		cmocka_unit_test(test_replayed),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_guard),
		cmocka_unit_test(test_guard_bounded),
		cmocka_unit_test(test_read_secret),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
