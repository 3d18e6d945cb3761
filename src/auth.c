/*
 * Authentication of TCP control clients. The server sends a fresh random
 * nonce; the client answers with its own nonce and the HMAC-SHA256, keyed
 * with the secret, of a label and both nonces; the server finds which of
 * its secrets (full or read-only) gives the same HMAC and answers with its
 * own HMAC over the nonces the other way round and the role. The secret
 * never crosses the wire; a fresh nonce on each side means neither proof
 * can be replayed to another connection, and the server's proof tells the
 * client it talks to a daemon that holds the secret too. The crypto is
 * OpenSSL's (HMAC, RAND_bytes, CRYPTO_memcmp).
 *
 * The guard keeps, per peer address, the failures of the last minute:
 * each one makes the peer wait twice as long before it is answered, and
 * the tenth refuses it for a minute whatever it sends. The table is
 * bounded: past AUTH_GUARD_PEERS addresses the oldest is forgotten.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "auth.h"
#include "xmalloc.h"

/* Labels that keep a client's proof from passing for a server's. */
#define AUTH_LABEL_CLIENT	"taskmaster auth v1 client"
#define AUTH_LABEL_SERVER	"taskmaster auth v1 server"

/* Longest secret file read. */
#define AUTH_SECRET_MAX		4096

/* How many peer addresses the guard remembers. */
#define AUTH_GUARD_PEERS	4096

/* Longest wait before a failure is answered. */
#define AUTH_GUARD_MAX_WAIT_MS	32000

static void	 auth_mac(const char *, size_t, const char *,
		     const uint8_t *, const uint8_t *, int, uint8_t *);
static struct auth_peer *auth_guard_find(struct auth_guard *, const char *,
		     bool);

int
auth_nonce(uint8_t *buf, char **cause)
{
	if (RAND_bytes(buf, AUTH_NONCE_LEN) != 1) {
		xasprintf(cause, "no random bytes: %s",
		    ERR_error_string(ERR_get_error(), NULL));
		return (-1);
	}
	return (0);
}

/* HMAC-SHA256(secret, label || a || b [|| role]). */
static void
auth_mac(const char *secret, size_t len, const char *label, const uint8_t *a,
    const uint8_t *b, int role, uint8_t *mac)
{
	uint8_t		 data[64 + 2 * AUTH_NONCE_LEN + 1];
	size_t		 n = strlen(label);
	unsigned int	 maclen = AUTH_MAC_LEN;

	memcpy(data, label, n);
	memcpy(data + n, a, AUTH_NONCE_LEN);
	memcpy(data + n + AUTH_NONCE_LEN, b, AUTH_NONCE_LEN);
	n += 2 * AUTH_NONCE_LEN;
	if (role >= 0)
		data[n++] = (uint8_t)role;
	HMAC(EVP_sha256(), secret, (int)len, data, n, mac, &maclen);
}

void
auth_client_proof(const char *secret, size_t len, const uint8_t *snonce,
    const uint8_t *cnonce, uint8_t *mac)
{
	auth_mac(secret, len, AUTH_LABEL_CLIENT, snonce, cnonce, -1, mac);
}

void
auth_server_proof(const char *secret, size_t len, const uint8_t *snonce,
    const uint8_t *cnonce, enum auth_role role, uint8_t *mac)
{
	auth_mac(secret, len, AUTH_LABEL_SERVER, cnonce, snonce, role, mac);
}

enum auth_role
auth_verify(const struct auth_secrets *as, const uint8_t *snonce,
    const uint8_t *cnonce, const uint8_t *mac, const char **secret,
    size_t *len)
{
	uint8_t		 want[AUTH_MAC_LEN];
	enum auth_role	 role = AUTH_NONE;

	/* Both are computed, so the time taken says nothing. */
	auth_client_proof(as->full, as->full_len, snonce, cnonce, want);
	if (CRYPTO_memcmp(want, mac, AUTH_MAC_LEN) == 0) {
		role = AUTH_FULL;
		*secret = as->full;
		*len = as->full_len;
	}
	if (as->readonly != NULL) {
		auth_client_proof(as->readonly, as->readonly_len, snonce,
		    cnonce, want);
		if (CRYPTO_memcmp(want, mac, AUTH_MAC_LEN) == 0 &&
		    role == AUTH_NONE) {
			role = AUTH_READONLY;
			*secret = as->readonly;
			*len = as->readonly_len;
		}
	}
	OPENSSL_cleanse(want, sizeof want);
	return (role);
}

bool
auth_check_server(const char *secret, size_t len, const uint8_t *snonce,
    const uint8_t *cnonce, enum auth_role role, const uint8_t *mac)
{
	uint8_t	 want[AUTH_MAC_LEN];
	bool	 ok;

	auth_server_proof(secret, len, snonce, cnonce, role, want);
	ok = CRYPTO_memcmp(want, mac, AUTH_MAC_LEN) == 0;
	OPENSSL_cleanse(want, sizeof want);
	return (ok);
}

char *
auth_ssl_error(const char *none)
{
	unsigned long	 e;
	char		 buf[256];

	if ((e = ERR_get_error()) == 0)
		return (xstrdup(none));
	ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	return (xstrdup(buf));
}

char *
auth_read_secret(const char *path, size_t *lenp, char **cause)
{
	char	 buf[AUTH_SECRET_MAX + 1];
	ssize_t	 n;
	size_t	 len = 0;
	int	 fd;

	fd = open(path, O_RDONLY|O_CLOEXEC|O_NOCTTY|O_NONBLOCK);
	if (fd == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	while (len < sizeof buf - 1) {
		n = read(fd, buf + len, sizeof buf - 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			close(fd);
			OPENSSL_cleanse(buf, sizeof buf);
			return (NULL);
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	if (len == 0) {
		xasprintf(cause, "%s: the secret is empty (its first line is "
		    "the secret)", path);
		OPENSSL_cleanse(buf, sizeof buf);
		return (NULL);
	}
	*lenp = len;
	return (xstrdup(buf));
}

void
auth_secrets_clear(struct auth_secrets *as)
{
	if (as->full != NULL) {
		OPENSSL_cleanse(as->full, as->full_len);
		free(as->full);
	}
	if (as->readonly != NULL) {
		OPENSSL_cleanse(as->readonly, as->readonly_len);
		free(as->readonly);
	}
	memset(as, 0, sizeof *as);
}

void
auth_guard_init(struct auth_guard *g)
{
	TAILQ_INIT(&g->peers);
	g->npeers = 0;
}

void
auth_guard_free(struct auth_guard *g)
{
	struct auth_peer	*p;

	while ((p = TAILQ_FIRST(&g->peers)) != NULL) {
		TAILQ_REMOVE(&g->peers, p, entry);
		free(p);
	}
	g->npeers = 0;
}

/* The record of addr, made (and moved to the front) when create is set. */
static struct auth_peer *
auth_guard_find(struct auth_guard *g, const char *addr, bool create)
{
	struct auth_peer	*p;

	TAILQ_FOREACH(p, &g->peers, entry) {
		if (strcmp(p->addr, addr) == 0)
			break;
	}
	if (p == NULL && !create)
		return (NULL);
	if (p != NULL) {
		TAILQ_REMOVE(&g->peers, p, entry);
		g->npeers--;
	} else {
		if (g->npeers >= AUTH_GUARD_PEERS) {
			p = TAILQ_LAST(&g->peers, auth_peer_list);
			TAILQ_REMOVE(&g->peers, p, entry);
			g->npeers--;
			free(p);
		}
		p = xcalloc(1, sizeof *p);
		snprintf(p->addr, sizeof p->addr, "%s", addr);
	}
	TAILQ_INSERT_HEAD(&g->peers, p, entry);
	g->npeers++;
	return (p);
}

bool
auth_guard_banned(struct auth_guard *g, const char *addr, uint64_t now,
    uint64_t *left)
{
	struct auth_peer	*p;

	if ((p = auth_guard_find(g, addr, false)) == NULL ||
	    p->banned_until <= now)
		return (false);
	*left = p->banned_until - now;
	return (true);
}

uint64_t
auth_guard_fail(struct auth_guard *g, const char *addr, uint64_t now,
    bool *banned)
{
	struct auth_peer	*p;
	uint64_t		 wait;

	p = auth_guard_find(g, addr, true);
	if (p->failures == 0 || now - p->first_ms >= AUTH_GUARD_WINDOW_MS) {
		p->failures = 0;
		p->first_ms = now;
	}
	p->failures++;
	*banned = false;
	if (p->failures >= AUTH_GUARD_MAX) {
		p->banned_until = now + AUTH_GUARD_BAN_MS;
		p->failures = 0;
		*banned = true;
	}
	/* The first failure is answered after 1 s, then 2, 4, 8 ... */
	wait = 1000;
	if (p->failures > 1)
		wait <<= (p->failures - 1 > 5 ? 5 : p->failures - 1);
	if (wait > AUTH_GUARD_MAX_WAIT_MS)
		wait = AUTH_GUARD_MAX_WAIT_MS;
	return (wait);
}

void
auth_guard_ok(struct auth_guard *g, const char *addr)
{
	struct auth_peer	*p;

	if ((p = auth_guard_find(g, addr, false)) != NULL)
		p->failures = 0;
}
