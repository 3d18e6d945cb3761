/*
 * Fuzz target: the daemon's side of a TCP connection before it has passed
 * the handshake, as a peer on the network reaches it: what it sends goes
 * through a socket into the server's read path (frames, the answer to the
 * challenge, anything else), with the guard and the handshake's timers
 * running on a real event loop. Nothing a peer sends may crash the
 * daemon or get past the handshake without the secret.
 */

#include <sys/socket.h>

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "taskmaster.h"
#include "xmalloc.h"

static struct event_base	*fuzz_base;
static struct supervisor	 fuzz_sv;
static struct server		 fuzz_srv;

static void	fuzz_handshake_init(void);

/* One daemon for every input: a loop, a supervisor, a server. */
static void
fuzz_handshake_init(void)
{
	uint8_t	 secret[32];
	char	*cause = NULL;

	fuzz_base = event_base_new();
	fuzz_sv.base = fuzz_base;
	fuzz_srv.sv = &fuzz_sv;
	fuzz_srv.fd = -1;
	TAILQ_INIT(&fuzz_srv.clients);
	TAILQ_INIT(&fuzz_srv.listeners);
	auth_guard_init(&fuzz_srv.guard);
	/* Secrets nobody can guess, so no input gets past the handshake. */
	if (auth_nonce(secret, &cause) != 0)
		abort();
	fuzz_srv.secrets.full = xmalloc(sizeof secret);
	memcpy(fuzz_srv.secrets.full, secret, sizeof secret);
	fuzz_srv.secrets.full_len = sizeof secret;
	eventlog_level(EVL_ERROR);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct client	*c, *next;
	int		 fds[2], i;

	if (fuzz_base == NULL)
		fuzz_handshake_init();
	if (socketpair(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0,
	    fds) != 0)
		return (0);
	server_client_create_tcp(&fuzz_srv, fds[0], "192.0.2.1", NULL);
	if (size > 0)
		(void)write(fds[1], data, size);
	shutdown(fds[1], SHUT_WR);
	for (i = 0; i < 4; i++)
		event_base_loop(fuzz_base, EVLOOP_NONBLOCK);
	TAILQ_FOREACH_SAFE(c, &fuzz_srv.clients, entry, next)
		server_client_free(c);
	close(fds[1]);
	/* A new guard each time: a ban must not hide later inputs. */
	auth_guard_free(&fuzz_srv.guard);
	auth_guard_init(&fuzz_srv.guard);
	return (0);
}
