/*
 * The client side of the control socket, for one-shot commands: connect,
 * send argv, print what comes back until MSG_EXIT. Blocking I/O is right
 * here: taskmasterctl has nothing else to do while it waits.
 */

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <event2/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

static int	client_trusted(int, const char *, char **);

int
client_connect(const char *path, char **cause)
{
	struct sockaddr_un	 sa;
	int			 fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		xasprintf(cause, "socket path too long: %s", path);
		return (-1);
	}
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0)) == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	while (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		if (errno == EINTR)
			continue;
		xasprintf(cause, "no taskmaster daemon at %s (%s)", path,
		    strerror(errno));
		close(fd);
		return (-1);
	}
	if (client_trusted(fd, path, cause) != 0) {
		close(fd);
		return (-1);
	}
	return (fd);
}

/*
 * Whether the daemon at the other end may be believed: it must run as
 * root or as us. Anyone can create a socket in /tmp first, and what an
 * impostor prints (or makes us type into) must never be taken for the
 * daemon's. The kernel says who the peer is; the file's owner could
 * change after we looked.
 */
static int
client_trusted(int fd, const char *path, char **cause)
{
	struct ucred	 uc;
	socklen_t	 len = sizeof uc;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) == -1) {
		xasprintf(cause, "%s: cannot tell who listens there (%s)",
		    path, strerror(errno));
		return (-1);
	}
	if (uc.uid != 0 && uc.uid != geteuid()) {
		xasprintf(cause, "refusing the daemon at %s: it runs as uid "
		    "%lu, neither root nor you (another user may have taken "
		    "the path first)", path, (u_long)uc.uid);
		return (-1);
	}
	return (0);
}

void
client_attach_command(struct evbuffer *out, uint32_t id, const char *name,
    bool readonly, u_int cols, u_int rows)
{
	char	 size[32], *argv[6];
	int	 argc = 0;

	snprintf(size, sizeof size, "%ux%u", cols, rows);
	argv[argc++] = (char *)"attach";
	if (readonly)
		argv[argc++] = (char *)"--read-only";
	argv[argc++] = (char *)"--size";
	argv[argc++] = size;
	argv[argc++] = (char *)name;
	argv[argc] = NULL;
	proto_put_command(out, id, argc, argv);
}

int
client_open(const char *sarg, const char *cfgarg)
{
	char	*sock, *cause = NULL;
	int	 fd;

	if (sarg != NULL && strchr(sarg, '/') == NULL &&
	    strchr(sarg, ':') != NULL) {
		fprintf(stderr, "taskmasterctl: %s: TCP control sockets are not "
		    "supported yet; give the path of a UNIX socket\n", sarg);
		return (-CMD_EXIT_USAGE);
	}
	if ((sock = client_socket_path(sarg, cfgarg, &cause)) == NULL) {
		fprintf(stderr, "taskmasterctl: %s\n", cause);
		free(cause);
		return (-CMD_EXIT_USAGE);
	}
	if ((fd = client_connect(sock, &cause)) == -1) {
		fprintf(stderr, "taskmasterctl: %s\n", cause);
		free(cause);
		free(sock);
		return (-CMD_EXIT_NODAEMON);
	}
	free(sock);
	return (fd);
}

char *
client_socket_path(const char *sarg, const char *cfgarg, char **cause)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	const char		*env;
	char			*path, *found = NULL, *sock;

	if (sarg != NULL)
		return (xstrdup(sarg));
	if (cfgarg == NULL && (env = getenv("TASKMASTER_SOCKET")) != NULL &&
	    *env != '\0')
		return (xstrdup(env));
	if (cfgarg != NULL)
		path = xstrdup(cfgarg);
	else if ((path = cfg_find(&found)) == NULL) {
		/* No config anywhere: the default socket may still answer. */
		free(found);
		cf = cfg_create("default");
		sock = cfg_socket_path(cf);
		cfg_free(cf);
		return (sock);
	}
	diag_init(&dl);
	if ((cf = cfg_load(path, &dl)) == NULL) {
		/*
		 * The daemon may still run an older, good config: reach it
		 * with the socket the file names (reload says what is wrong).
		 */
		diag_clear(&dl);
		if ((sock = cfg_peek_socket(path)) == NULL) {
			cf = cfg_create(path);
			sock = cfg_socket_path(cf);
			cfg_free(cf);
		}
		free(path);
		return (sock);
	}
	diag_clear(&dl);
	free(path);
	sock = cfg_socket_path(cf);
	cfg_free(cf);
	return (sock);
}

int
client_command(int fd, int argc, char **argv)
{
	struct evbuffer		*out, *in;
	struct proto_msg	 msg;
	const char		*text;
	char			*cause = NULL;
	uint32_t		 id;
	int			 rc, stream, status = CMD_EXIT_FAIL;
	int			 send_error = 0;
	bool			 done = false;

	out = evbuffer_new();
	in = evbuffer_new();
	proto_put_command(out, 1, argc, argv);
	while (evbuffer_get_length(out) > 0) {
		/* On error, a refusal may still be waiting to be read. */
		if (evbuffer_write(out, fd) == -1 && errno != EINTR) {
			send_error = errno;
			break;
		}
	}
	while (!done) {
		rc = proto_get(in, &msg, &cause);
		if (rc == -1) {
			fprintf(stderr, "taskmasterctl: bad reply from the "
			    "daemon: %s\n", cause);
			free(cause);
			goto out;
		}
		if (rc == 0) {
			rc = evbuffer_read(in, fd, 65536);
			if (rc == -1 && errno == EINTR)
				continue;
			if (rc <= 0) {
				if (send_error != 0)
					fprintf(stderr, "taskmasterctl: send: "
					    "%s\n", strerror(send_error));
				else
					fprintf(stderr, "taskmasterctl: the "
					    "daemon closed the connection\n");
				goto out;
			}
			continue;
		}
		switch (msg.type) {
		case MSG_OUTPUT:
			if (proto_get_output(&msg, &id, &stream, &text,
			    &cause) != 0)
				break;
			fprintf(stream == 2 ? stderr : stdout, "%s\n", text);
			break;
		case MSG_EXIT:
			if (proto_get_exit(&msg, &id, &status, &cause) == 0)
				done = true;
			break;
		case MSG_ERROR:
			fprintf(stderr, "taskmasterctl: %s\n", msg.payload);
			done = true;
			break;
		default:
			break;
		}
		proto_msg_clear(&msg);
		if (cause != NULL) {
			fprintf(stderr, "taskmasterctl: bad reply from the "
			    "daemon: %s\n", cause);
			free(cause);
			goto out;
		}
	}
out:
	fflush(stdout);
	evbuffer_free(out);
	evbuffer_free(in);
	return (status);
}
