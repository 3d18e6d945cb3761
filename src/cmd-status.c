/*
 * status [-l] [--json] [NAME...]: one line per process in supervisorctl's
 * shape (the name padded to the longest name + 3, at least 33 columns;
 * the state in 10; the description). -l adds the CPU and memory of each
 * running process's tree; --json gives everything as one document. Exit
 * status 3 when a listed process is not
 * RUNNING, as supervisorctl since 4.0, so scripts can test it.
 *
 * With ten thousand processes, status is the command a script runs in a
 * loop: the lines are written into one buffer without printf for the
 * common case (a process with a pid) and sent CMD_STATUS_BLOCK bytes at
 * a time, several lines to a message, not one message and four
 * allocations a line.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* Bytes of lines sent in one message. */
#define CMD_STATUS_BLOCK	(64 * 1024)

struct cmd_status_out {
	struct cmd_ctx	*ctx;
	char		*buf;
	size_t		 len;
	size_t		 size;
};

static void	cmd_status_all(struct proc *, void *);
static char	*cmd_status_stats(struct proc *);
static void	cmd_status_flush(struct cmd_status_out *);
static char	*cmd_status_room(struct cmd_status_out *, size_t);
static void	cmd_status_line(struct cmd_status_out *, struct proc *,
		    size_t, bool);
static void	cmd_status_json(struct cmd_ctx *, struct proc **, u_int);

struct cmd_status_list {
	struct proc	**procs;
	u_int		  n;
	u_int		  size;
};

/* Send the lines written so far as one message. */
static void
cmd_status_flush(struct cmd_status_out *o)
{
	if (o->len == 0)
		return;
	o->buf[o->len] = '\0';
	o->ctx->print(o->ctx, 1, o->buf);
	o->len = 0;
}

/* Room for need more bytes (and a newline and a NUL) at the end. */
static char *
cmd_status_room(struct cmd_status_out *o, size_t need)
{
	if (o->len != 0 && o->len + need > CMD_STATUS_BLOCK)
		cmd_status_flush(o);
	if (o->len + need + 2 > o->size) {
		o->size = o->len + need + 2 > CMD_STATUS_BLOCK + 2 ?
		    o->len + need + 2 : CMD_STATUS_BLOCK + 2;
		o->buf = xreallocarray(o->buf, o->size, 1);
	}
	if (o->len != 0)
		o->buf[o->len++] = '\n';
	return (o->buf + o->len);
}

/* One line: name and state padded, then the description. */
static void
cmd_status_line(struct cmd_status_out *o, struct proc *p, size_t width,
    bool stats)
{
	const char	*state = proc_fsm_state_name(p->state);
	char		 pid[PROC_DESC_PID], *desc = NULL, *tmp, *s;
	size_t		 nlen = strlen(p->name), slen = strlen(state), dlen;

	if ((dlen = proc_describe_pid(p, pid)) == 0) {
		desc = proc_describe(p);
		dlen = strlen(desc);
	}
	if (stats && proc_stats_valid(p)) {
		tmp = cmd_status_stats(p);
		xasprintf(&s, "%s, %s", desc != NULL ? desc : pid, tmp);
		free(tmp);
		free(desc);
		desc = s;
		dlen = strlen(desc);
	}
	s = cmd_status_room(o, (nlen > width ? nlen : width) + 10 + dlen);
	memcpy(s, p->name, nlen);
	for (; nlen < width; nlen++)
		s[nlen] = ' ';
	s += nlen;
	memcpy(s, state, slen);
	for (; slen < 10; slen++)
		s[slen] = ' ';
	s += slen;
	memcpy(s, desc != NULL ? desc : pid, dlen);
	o->len = s + dlen - o->buf;
	free(desc);
}

/* "cpu 1.5%, mem 12.3M": the process tree's figures. */
static char *
cmd_status_stats(struct proc *p)
{
	uint64_t	 rss = p->stats.rss;
	char		 mem[32];

	if (rss >= 10ULL << 30)
		snprintf(mem, sizeof mem, "%.1fG", rss / 1073741824.0);
	else if (rss >= 1ULL << 20)
		snprintf(mem, sizeof mem, "%.1fM", rss / 1048576.0);
	else
		snprintf(mem, sizeof mem, "%lluK",
		    (unsigned long long)(rss >> 10));
	return (xstrfmt("cpu %u.%u%%, mem %s", p->stats.cpu / 10,
	    p->stats.cpu % 10, mem));
}

/* status --json: {"processes": [...]}, each with its figures. */
static void
cmd_status_json(struct cmd_ctx *ctx, struct proc **procs, u_int n)
{
	json_t	*list;
	u_int	 i;

	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, cmd_json_proc(procs[i]));
	cmd_json_emit(ctx, json_pack("{s:o}", "processes", list));
}

static void
cmd_status_all(struct proc *p, void *arg)
{
	struct cmd_status_list	*l = arg;

	if (l->n == l->size) {
		l->size = l->size == 0 ? 64 : l->size * 2;
		l->procs = xreallocarray(l->procs, l->size, sizeof *l->procs);
	}
	l->procs[l->n++] = p;
}

enum cmd_retval
cmd_status_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_status_list	 l = { NULL, 0, 0 };
	struct cmd_status_out	 o = { ctx, NULL, 0, 0 };
	size_t			 width = 30, len;
	u_int			 i;
	int			 first = 1;
	bool			 notrunning = false, stats = false, json;

	json = cmd_json_flag(&argc, argv);
	if (argc > 1 && (strcmp(argv[1], "-l") == 0 ||
	    strcmp(argv[1], "--long") == 0)) {
		stats = true;
		first = 2;
	}
	if (argc > first)
		l.n = cmd_resolve(ctx, argc - first, argv + first, &l.procs);
	else
		sv_each(ctx->sv, cmd_status_all, &l);
	if (stats || json)
		proc_stats_fresh(ctx->sv, l.procs, l.n);
	for (i = 0; i < l.n; i++) {
		if ((len = strlen(l.procs[i]->name)) > width)
			width = len;
		if (l.procs[i]->state != PROC_RUNNING)
			notrunning = true;
	}
	if (json)
		cmd_status_json(ctx, l.procs, l.n);
	else if (ctx->print != NULL) {
		for (i = 0; i < l.n; i++)
			cmd_status_line(&o, l.procs[i], width + 3, stats);
		cmd_status_flush(&o);
	}
	free(o.buf);
	free(l.procs);
	if (notrunning && ctx->status == 0)
		ctx->status = CMD_EXIT_NOTRUNNING;
	return (CMD_DONE);
}
