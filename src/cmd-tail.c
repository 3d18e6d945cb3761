/*
 * tail [-f] [-n LINES] NAME: what a process printed, as text: its
 * scrollback and screen without escapes, trailing blanks trimmed. With -f
 * the command then follows the output line by line until the client goes:
 * escape sequences are dropped, a carriage return starts the line over
 * (progress bars), and a client that cannot keep up is told how many
 * lines it missed rather than slowing the daemon, and gets the newest
 * lines it missed once it has caught up (cmd-hold.c).
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-hold.h"
#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

#define TAIL_DEFAULT	10
#define TAIL_LINE_MAX	(64 * 1024)

/* Where a follower is in an escape sequence. */
enum tail_esc {
	TAIL_TEXT,
	TAIL_ESC,	/* after ESC */
	TAIL_CSI,	/* after ESC [ */
	TAIL_STR,	/* OSC, DCS...: up to BEL or ESC \ */
	TAIL_STR_ESC	/* ESC inside a string */
};

struct cmd_tail {
	struct cmd_ctx		*ctx;
	struct pane_follow	 follow;
	struct pane		*pn;
	char			*name;
	char			*line;
	size_t			 len;
	bool			 cr;
	enum tail_esc		 esc;
	struct cmd_hold		 hold;	/* lines the client could not take */
};

static void		cmd_tail_data(struct pane_follow *, const char *,
			    size_t);
static void		cmd_tail_emit(struct cmd_tail *);
static void		cmd_tail_drained(struct cmd_ctx *);
static void		cmd_tail_gone(struct pane_follow *);
static void		cmd_tail_detached(struct cmd_ctx *);
static void		cmd_tail_cleanup(struct cmd_ctx *);

/* A whole line: send it, unless the client is too far behind. */
static void
cmd_tail_emit(struct cmd_tail *t)
{
	t->line[t->len] = '\0';
	cmd_hold_line(&t->hold, t->ctx, t->line);
	t->len = 0;
}

/* The client took everything: it may have what was held. */
static void
cmd_tail_drained(struct cmd_ctx *ctx)
{
	struct cmd_tail	*t = ctx->data;

	cmd_hold_flush(&t->hold, ctx);
}

static void
cmd_tail_data(struct pane_follow *f, const char *buf, size_t len)
{
	struct cmd_tail	*t = f->arg;
	u_char		 c;
	size_t		 i;

	for (i = 0; i < len; i++) {
		c = buf[i];
		switch (t->esc) {
		case TAIL_ESC:
			if (c == '[')
				t->esc = TAIL_CSI;
			else if (c == ']' || c == 'P' || c == '_' || c == '^')
				t->esc = TAIL_STR;
			else
				t->esc = TAIL_TEXT;
			continue;
		case TAIL_CSI:
			if (c >= 0x40 && c <= 0x7e)
				t->esc = TAIL_TEXT;
			continue;
		case TAIL_STR:
			if (c == 0x07)
				t->esc = TAIL_TEXT;
			else if (c == 0x1b)
				t->esc = TAIL_STR_ESC;
			continue;
		case TAIL_STR_ESC:
			t->esc = c == '\\' ? TAIL_TEXT : TAIL_STR;
			continue;
		case TAIL_TEXT:
			break;
		}
		if (c == 0x1b) {
			t->esc = TAIL_ESC;
			continue;
		}
		if (c == '\n') {
			t->cr = false;
			cmd_tail_emit(t);
			continue;
		}
		if (c == '\r') {
			t->cr = true;
			continue;
		}
		if (t->cr) {
			/* A lone CR: what follows overwrites the line. */
			t->cr = false;
			t->len = 0;
		}
		if (c < 0x20 && c != '\t')
			continue;
		if (t->len == TAIL_LINE_MAX)
			cmd_tail_emit(t);
		t->line[t->len++] = c;
	}
}

static void
cmd_tail_gone(struct pane_follow *f)
{
	struct cmd_tail	*t = f->arg;

	t->pn = NULL;
	cmd_hold_flush(&t->hold, t->ctx);
	cmd_print(t->ctx, "[%s was removed by a reload]", t->name);
	cmd_ctx_done(t->ctx);
}

static void
cmd_tail_detached(struct cmd_ctx *ctx)
{
	cmd_ctx_done(ctx);
}

static void
cmd_tail_cleanup(struct cmd_ctx *ctx)
{
	struct cmd_tail	*t = ctx->data;

	if (t->pn != NULL)
		pane_follow_remove(t->pn, &t->follow);
	cmd_hold_free(&t->hold);
	free(t->name);
	free(t->line);
	free(t);
}

enum cmd_retval
cmd_tail_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_tail	*t;
	struct proc	*p;
	const char	*name = NULL, *errstr;
	char		**lines, *usage;
	long long	 n = TAIL_DEFAULT;
	bool		 follow = false;
	u_int		 count, i;
	int		 a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-f") == 0)
			follow = true;
		else if (strcmp(argv[a], "-n") == 0 && a + 1 < argc) {
			errstr = NULL;
			n = strtoll(argv[++a], NULL, 10);
			if (!isdigit((u_char)*argv[a]) || n < 0 ||
			    n > 1000000)
				errstr = argv[a];
			if (errstr != NULL) {
				cmd_error(ctx, CMD_EXIT_USAGE, "tail: -n wants "
				    "a number of lines from 0 to 1000000, got "
				    "\"%s\"", errstr);
				return (CMD_DONE);
			}
		} else if (argv[a][0] != '-' && name == NULL)
			name = argv[a];
		else {
			usage = cmd_usage(ctx->ce);
			cmd_error(ctx, CMD_EXIT_USAGE, "%s", usage);
			free(usage);
			return (CMD_DONE);
		}
	}
	if (name == NULL) {
		usage = cmd_usage(ctx->ce);
		cmd_error(ctx, CMD_EXIT_USAGE, "%s", usage);
		free(usage);
		return (CMD_DONE);
	}
	if ((p = cmd_resolve_one(ctx, name)) == NULL)
		return (CMD_DONE);

	lines = pane_text_tail(p->pn, n, &count);
	for (i = 0; i < count; i++) {
		cmd_print(ctx, "%s", lines[i]);
		free(lines[i]);
	}
	free(lines);
	if (!follow)
		return (CMD_DONE);

	t = xcalloc(1, sizeof *t);
	t->ctx = ctx;
	t->pn = p->pn;
	t->name = xstrdup(p->name);
	t->line = xmalloc(TAIL_LINE_MAX + 1);
	t->follow.data = cmd_tail_data;
	t->follow.gone = cmd_tail_gone;
	t->follow.arg = t;
	ctx->data = t;
	ctx->cleanup = cmd_tail_cleanup;
	ctx->detached = cmd_tail_detached;
	ctx->drained = cmd_tail_drained;
	pane_follow_add(p->pn, &t->follow);
	return (CMD_WAIT);
}
