/*
 * The commands about what is written down, with supervisorctl's names:
 *
 *	clear NAME...		empty the processes' output files and forget
 *				their scrollback (the screen stays)
 *	maintail [-f] [-n N]	the event log's last lines (the daemon keeps
 *				the newest in memory), then with -f each new
 *				one as it is written, until the client goes
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-hold.h"
#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

#define MAINTAIL_DEFAULT	10

struct cmd_maintail {
	struct cmd_ctx		*ctx;
	struct eventlog_hook	 hook;
	char			**lines;	/* the newest, before -f */
	u_int			 n;
	struct cmd_hold		 hold;	/* lines the client could not take */
};

static void	cmd_maintail_keep(const char *, void *);
static void	cmd_maintail_line(const char *, void *);
static void	cmd_maintail_detached(struct cmd_ctx *);
static void	cmd_maintail_drained(struct cmd_ctx *);
static void	cmd_maintail_cleanup(struct cmd_ctx *);

enum cmd_retval
cmd_clear_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct proc	**procs, *p;
	u_int		  n, i;

	n = cmd_resolve(ctx, argc - 1, argv + 1, &procs);
	for (i = 0; i < n; i++) {
		p = procs[i];
		proc_output_clear(p);
		if (p->pn != NULL)
			pane_sb_clear(p->pn);
		eventlog(EVL_INFO, p->name, "output files and scrollback "
		    "cleared");
		cmd_print(ctx, "%s: cleared", p->name);
	}
	free(procs);
	return (CMD_DONE);
}

/* Keep every recent line; the last n are printed. */
static void
cmd_maintail_keep(const char *line, void *arg)
{
	struct cmd_maintail	*m = arg;

	m->lines = xreallocarray(m->lines, m->n + 1, sizeof *m->lines);
	m->lines[m->n++] = xstrdup(line);
}

/* A new event line, unless the client is too far behind. */
static void
cmd_maintail_line(const char *line, void *arg)
{
	struct cmd_maintail	*m = arg;

	cmd_hold_line(&m->hold, m->ctx, line);
}

/* The client took everything: it may have what was held. */
static void
cmd_maintail_drained(struct cmd_ctx *ctx)
{
	struct cmd_maintail	*m = ctx->data;

	cmd_hold_flush(&m->hold, ctx);
}

static void
cmd_maintail_detached(struct cmd_ctx *ctx)
{
	cmd_ctx_done(ctx);
}

static void
cmd_maintail_cleanup(struct cmd_ctx *ctx)
{
	struct cmd_maintail	*m = ctx->data;

	eventlog_hook_remove(&m->hook);
	cmd_hold_free(&m->hold);
	free(m);
}

enum cmd_retval
cmd_maintail_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_maintail	*m;
	long long		 want = MAINTAIL_DEFAULT;
	bool			 follow = false;
	char			*usage;
	u_int			 i;
	int			 a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-f") == 0)
			follow = true;
		else if (strcmp(argv[a], "-n") == 0 && a + 1 < argc) {
			want = strtoll(argv[++a], NULL, 10);
			if (!isdigit((u_char)*argv[a]) || want < 0 ||
			    want > 1000000) {
				cmd_error(ctx, CMD_EXIT_USAGE, "maintail: -n "
				    "wants a number of lines from 0 to "
				    "1000000, got \"%s\"", argv[a]);
				return (CMD_DONE);
			}
		} else {
			usage = cmd_usage(ctx->ce);
			cmd_error(ctx, CMD_EXIT_USAGE, "%s", usage);
			free(usage);
			return (CMD_DONE);
		}
	}
	m = xcalloc(1, sizeof *m);
	m->ctx = ctx;
	eventlog_recent(cmd_maintail_keep, m);
	for (i = 0; i < m->n; i++) {
		if ((long long)(m->n - i) <= want)
			cmd_print(ctx, "%s", m->lines[i]);
		free(m->lines[i]);
	}
	free(m->lines);
	m->lines = NULL;
	if (!follow) {
		free(m);
		return (CMD_DONE);
	}
	m->hook.cb = cmd_maintail_line;
	m->hook.arg = m;
	eventlog_hook_add(&m->hook);
	ctx->data = m;
	ctx->cleanup = cmd_maintail_cleanup;
	ctx->detached = cmd_maintail_detached;
	ctx->drained = cmd_maintail_drained;
	return (CMD_WAIT);
}
