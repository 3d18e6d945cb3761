/*
 * The control protocol between taskmasterctl (or the console) and the
 * daemon, over a UNIX stream socket. Every message is a header (payload
 * length, type, protocol version; all in network byte order) followed by
 * the payload. The version is checked on every message: a peer speaking
 * another version gets MSG_ERROR and is dropped.
 *
 * Any change to a message type or payload layout must bump
 * PROTOCOL_VERSION. doc/protocol.md describes every message.
 */

#ifndef PROTO_H
#define PROTO_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

struct evbuffer;

#define PROTOCOL_VERSION	2

#define PROTO_HDR_SIZE		8
#define PROTO_MAX_PAYLOAD	(1024 * 1024)

enum msgtype {
	/* Client to server. */
	MSG_COMMAND = 100,	/* u32 id, then argv: NUL-terminated strings */
	MSG_INPUT,		/* u32 id, bytes for the attached pty */
	MSG_RESIZE,		/* u32 id, u16 cols, u16 rows */
	MSG_DETACH,		/* u32 id */
	MSG_AUTH,		/* client nonce, proof (TCP handshake) */

	/* Server to client. */
	MSG_OUTPUT = 200,	/* u32 id, u8 stream (1 out, 2 err), text */
	MSG_EXIT,		/* u32 id, i32 exit status: the command is done */
	MSG_DATA,		/* u32 id, bytes of a stream (attach, tail -f) */
	MSG_EVENT,		/* u32 id, one event or state line */
	MSG_ERROR,		/* text: protocol error, the server hangs up */
	MSG_CHALLENGE,		/* u8 version, server nonce (TCP handshake) */
	MSG_AUTH_OK		/* u8 role, server proof (TCP handshake) */
};

/* One message taken off a buffer; payload is owned by the caller. */
struct proto_msg {
	uint16_t	 type;
	uint16_t	 version;
	uint32_t	 len;
	char		*payload;	/* NUL added after len bytes */
};

/* Command exit statuses (taskmasterctl's exit codes). */
#define CMD_EXIT_OK		0
#define CMD_EXIT_FAIL		1
#define CMD_EXIT_USAGE		2
#define CMD_EXIT_NOTRUNNING	3
#define CMD_EXIT_NODAEMON	4

/* Process states, as supervisord's; status and subscribe name them. */
enum proc_state {
	PROC_STOPPED,
	PROC_STARTING,
	PROC_RUNNING,
	PROC_BACKOFF,
	PROC_STOPPING,
	PROC_EXITED,
	PROC_FATAL
};
#define PROC_NSTATES	7

/* The upper-case name of a state ("RUNNING"); "UNKNOWN" if out of range. */
const char *proto_state_name(enum proc_state);
/* The state a name stands for, or -1. */
int	 proto_state_parse(const char *);

/*
 * Append one message to a buffer. A payload over PROTO_MAX_PAYLOAD, which
 * the peer would refuse, is never sent: -1 and nothing appended (so do
 * the proto_put_* below).
 */
int	 proto_put(struct evbuffer *, uint16_t, const void *, size_t);
/* Append a message whose payload starts with a u32 id. */
int	 proto_put_id(struct evbuffer *, uint16_t, uint32_t, const void *,
	     size_t);
/*
 * Take one message off a buffer: 1 when one was taken, 0 when more bytes
 * are needed, -1 with cause when the peer sent something invalid (bad
 * version, unknown type, oversized payload).
 */
int	 proto_get(struct evbuffer *, struct proto_msg *, char **);
/* Free a message's payload. */
void	 proto_msg_clear(struct proto_msg *);
/* Encode MSG_COMMAND with an id and argv. */
int	 proto_put_command(struct evbuffer *, uint32_t, int, char **);
/* Decode MSG_COMMAND: id and a new argv (NULL-terminated); -1 with cause. */
int	 proto_get_command(const struct proto_msg *, uint32_t *, int *,
	     char ***, char **);
/* Encode MSG_OUTPUT for one line (no newline). */
int	 proto_put_output(struct evbuffer *, uint32_t, int, const char *);
/* Decode MSG_OUTPUT: id, stream, and the text (borrowed from msg). */
int	 proto_get_output(const struct proto_msg *, uint32_t *, int *,
	     const char **, char **);
/* Encode MSG_EXIT. */
void	 proto_put_exit(struct evbuffer *, uint32_t, int);
/* Decode MSG_EXIT. */
int	 proto_get_exit(const struct proto_msg *, uint32_t *, int *, char **);
/* Decode the u32 id at the start of a payload and the bytes after it. */
int	 proto_get_id(const struct proto_msg *, uint32_t *, const char **,
	     size_t *, char **);
/* The TCP handshake (auth.h has the sizes): encoders and decoders. */
void	 proto_put_challenge(struct evbuffer *, const uint8_t *);
int	 proto_get_challenge(const struct proto_msg *, uint8_t *, char **);
void	 proto_put_auth(struct evbuffer *, const uint8_t *, const uint8_t *);
int	 proto_get_auth(const struct proto_msg *, uint8_t *, uint8_t *,
	     char **);
void	 proto_put_auth_ok(struct evbuffer *, int, const uint8_t *);
int	 proto_get_auth_ok(const struct proto_msg *, int *, uint8_t *,
	     char **);
/* Name of a message type, for the debug log. */
const char *proto_type_name(uint16_t);

#endif
