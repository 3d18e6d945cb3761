/*
 * The client side for one-shot commands: find the daemon (-s, the
 * environment, the config), connect, send argv, print what comes back
 * until MSG_EXIT. Blocking I/O is right here: taskmasterctl has nothing
 * else to do while it waits.
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

struct client_conn *
client_open(const char *sarg, const char *cfgarg,
    const struct client_opts *o, int *status)
{
	struct client_conn	*c;
	char			*sock, *cause = NULL;

	if ((sock = client_socket_path(sarg, cfgarg, &cause)) == NULL) {
		fprintf(stderr, "taskmasterctl: %s\n", cause);
		free(cause);
		*status = CMD_EXIT_USAGE;
		return (NULL);
	}
	if ((c = client_conn_open(sock, o, status, &cause)) == NULL) {
		fprintf(stderr, "taskmasterctl: %s\n", cause);
		free(cause);
	}
	free(sock);
	return (c);
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
client_command(struct client_conn *c, int argc, char **argv)
{
	struct evbuffer		*out, *in;
	struct proto_msg	 msg;
	const char		*text;
	char			*cause = NULL, buf[65536];
	uint32_t		 id;
	int			 rc, stream, status = CMD_EXIT_FAIL;
	int			 send_error = 0;
	bool			 done = false;

	out = evbuffer_new();
	in = evbuffer_new();
	if (proto_put_command(out, 1, argc, argv) != 0) {
		fprintf(stderr, "taskmasterctl: the command is too long: over "
		    "the protocol's %u bytes\n", PROTO_MAX_PAYLOAD);
		status = CMD_EXIT_USAGE;
		goto out;
	}
	/* On error, a refusal may still be waiting to be read. */
	if (client_conn_write(c, evbuffer_pullup(out, -1),
	    evbuffer_get_length(out)) != 0)
		send_error = errno;
	while (!done) {
		rc = proto_get(in, &msg, &cause);
		if (rc == -1) {
			fflush(stdout);
			fprintf(stderr, "taskmasterctl: bad reply from the "
			    "daemon: %s\n", cause);
			free(cause);
			goto out;
		}
		if (rc == 0) {
			/* All that came is shown before waiting for more. */
			fflush(stdout);
			rc = client_conn_read(c, buf, sizeof buf);
			if (rc == -1 && errno == EINTR)
				continue;
			if (rc > 0)
				evbuffer_add(in, buf, rc);
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
			/* stderr is not buffered: stdout's lines go first. */
			if (stream == 2)
				fflush(stdout);
			fprintf(stream == 2 ? stderr : stdout, "%s\n", text);
			break;
		case MSG_EXIT:
			if (proto_get_exit(&msg, &id, &status, &cause) == 0)
				done = true;
			break;
		case MSG_ERROR:
			fflush(stdout);
			fprintf(stderr, "taskmasterctl: %s\n", msg.payload);
			done = true;
			break;
		default:
			break;
		}
		proto_msg_clear(&msg);
		if (cause != NULL) {
			fflush(stdout);
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
