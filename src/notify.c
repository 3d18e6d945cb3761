/*
 * sd_notify without libsystemd: the protocol is one datagram on a UNIX
 * socket, so a library would bring nothing but a dependency. The
 * address comes from $NOTIFY_SOCKET, read once and removed from the
 * environment so no child talks to the manager in our name; a leading
 * '@' is the Linux abstract namespace. Nothing here may block or fail
 * loudly: without a manager (or with a broken one) supervision goes on.
 */

#include <sys/socket.h>
#include <sys/un.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notify.h"
#include "xmalloc.h"

static struct sockaddr_un	notify_addr;
static socklen_t		notify_len;	/* 0: no manager */

int
notify_init(char **cause)
{
	const char	*path = getenv("NOTIFY_SOCKET");
	size_t		 len;
	int		 rc = 0;

	if (path == NULL)
		return (0);
	len = strlen(path);
	if ((path[0] == '/' || path[0] == '@') && len > 1 &&
	    len < sizeof notify_addr.sun_path) {
		memset(&notify_addr, 0, sizeof notify_addr);
		notify_addr.sun_family = AF_UNIX;
		memcpy(notify_addr.sun_path, path, len);
		if (path[0] == '@')
			notify_addr.sun_path[0] = '\0';
		notify_len = offsetof(struct sockaddr_un, sun_path) + len;
	} else {
		xasprintf(cause, "NOTIFY_SOCKET ignored: not a socket path: "
		    "%s", path);
		rc = -1;
	}
	unsetenv("NOTIFY_SOCKET");
	return (rc);
}

void
notify_send(const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[256];
	int	 fd, n;

	if (notify_len == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf)
		return;
	fd = socket(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0);
	if (fd == -1)
		return;
	(void)sendto(fd, buf, n, MSG_NOSIGNAL, (struct sockaddr *)&notify_addr,
	    notify_len);
	close(fd);
}
