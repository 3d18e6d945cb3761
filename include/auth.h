/*
 * Authentication of TCP control clients (auth.c): a challenge-response
 * in which the secret never crosses the wire, and a guard that makes
 * guessing it slow. Pure: nonces come from OpenSSL, time from the caller,
 * so every step is testable alone. doc/protocol.md describes the
 * handshake byte by byte.
 */

#ifndef AUTH_H
#define AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/types.h>

#define AUTH_VERSION		1
#define AUTH_NONCE_LEN		32
#define AUTH_MAC_LEN		32	/* HMAC-SHA256 */

/* What a client may do once it has proved which secret it holds. */
enum auth_role {
	AUTH_NONE,
	AUTH_FULL,		/* every command */
	AUTH_READONLY		/* only commands that change nothing */
};

/* The secrets a listener accepts (read-only one optional). */
struct auth_secrets {
	char		*full;
	size_t		 full_len;
	char		*readonly;	/* NULL: none */
	size_t		 readonly_len;
};

/* Fill buf with AUTH_NONCE_LEN random bytes; -1 with cause. */
int	 auth_nonce(uint8_t *, char **);
/* The client's proof: HMAC of the server's and the client's nonces. */
void	 auth_client_proof(const char *, size_t, const uint8_t *,
	     const uint8_t *, uint8_t *);
/* The server's proof for a role: HMAC of both nonces and the role. */
void	 auth_server_proof(const char *, size_t, const uint8_t *,
	     const uint8_t *, enum auth_role, uint8_t *);
/*
 * Server: which secret the client's proof was made with (compared in
 * constant time), or AUTH_NONE; the secret and its length say which.
 */
enum auth_role auth_verify(const struct auth_secrets *, const uint8_t *,
	     const uint8_t *, const uint8_t *, const char **, size_t *);
/* Client: whether the server's proof shows it holds our secret. */
bool	 auth_check_server(const char *, size_t, const uint8_t *,
	     const uint8_t *, enum auth_role, const uint8_t *);
/*
 * Read a secret from a file: its first line without the line end. Empty
 * is refused. Returns the secret (caller frees) or NULL with cause.
 */
char	*auth_read_secret(const char *, size_t *, char **);
/* OpenSSL's last error as one line, or none if it has none (caller frees). */
char	*auth_ssl_error(const char *);
/* Free the secrets of a listener (and zero them first). */
void	 auth_secrets_clear(struct auth_secrets *);

/*
 * The guard against guessing: per peer address, failures within a minute
 * make it wait longer before it is answered (1 s, 2 s, 4 s ... at most
 * 32 s); AUTH_GUARD_MAX failures within a minute refuse it for a minute,
 * even with the right secret.
 */
#define AUTH_GUARD_WINDOW_MS	60000
#define AUTH_GUARD_MAX		10
#define AUTH_GUARD_BAN_MS	60000

struct auth_peer {
	char		 addr[64];	/* numeric address, without the port */
	u_int		 failures;	/* within the window */
	uint64_t	 first_ms;	/* first failure of the window */
	uint64_t	 banned_until;
	TAILQ_ENTRY(auth_peer) entry;
};

struct auth_guard {
	TAILQ_HEAD(auth_peer_list, auth_peer) peers;
	u_int		 npeers;
};

/* Start with no peer known. */
void	 auth_guard_init(struct auth_guard *);
/* Forget every peer. */
void	 auth_guard_free(struct auth_guard *);
/* Whether addr is refused at now; *left says for how long (ms). */
bool	 auth_guard_banned(struct auth_guard *, const char *, uint64_t,
	     uint64_t *);
/*
 * A failure from addr at now: how long (ms) to wait before answering it;
 * *banned says whether that failure starts a ban.
 */
uint64_t auth_guard_fail(struct auth_guard *, const char *, uint64_t, bool *);
/* A success from addr: its failures are forgiven. */
void	 auth_guard_ok(struct auth_guard *, const char *);

#endif
