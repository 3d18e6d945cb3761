/*
 * The service manager's readiness protocol (systemd's sd_notify): one
 * datagram of "KEY=VALUE" lines to the socket named by $NOTIFY_SOCKET.
 */

#ifndef NOTIFY_H
#define NOTIFY_H

/* Take $NOTIFY_SOCKET out of the children's environment; -1: unusable. */
int	 notify_init(char **);
/* Tell the manager a state ("READY=1", "STOPPING=1"...); no-op without one. */
void	 notify_send(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
