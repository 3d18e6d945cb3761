/*
 * The client side of the control protocol, shared by taskmasterctl and the
 * console: find the daemon's socket, connect, run one command, attach the
 * terminal to a screen. Nothing here runs the engine.
 */

#ifndef CLIENT_H
#define CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct evbuffer;

/* client.c: the taskmasterctl side of the socket. */

/*
 * Connect to the daemon's socket. Returns the fd, or -1 with a cause
 * that names the path.
 */
int	 client_connect(const char *, char **);
/*
 * Send one command and print its output (stdout and stderr lines) until
 * the daemon says it is done. Returns the command's exit status.
 */
int	 client_command(int, int, char **);
/* client-attach.c: attach the local terminal to a process's screen. */
int	 client_attach(int, const char *, bool);
/* Queue the attach command for a process at a size. */
void	 client_attach_command(struct evbuffer *, uint32_t, const char *,
	     bool, u_int, u_int);
/*
 * Find the socket and connect, printing why not. Returns the fd, or the
 * negated exit status (usage error, no daemon).
 */
int	 client_open(const char *, const char *);
/* Which socket to use: -s, $TASKMASTER_SOCKET, the config's, default. */
char	*client_socket_path(const char *, const char *, char **);

#endif
