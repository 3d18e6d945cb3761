/*
 * What a following command (tail -f, maintail -f) does with a client
 * that cannot keep up: never buffer without bound, never slow the daemon,
 * and never leave the client on a stale end. Past the backlog limit,
 * lines are held (the newest CMD_HOLD_KEEP) and the older ones dropped,
 * counted; when the client has taken what was queued (or with the next
 * line it can take) it is told how many it missed, then gets the lines
 * held. A flood that ends while the client is behind still shows its end.
 */

#include <stdlib.h>

#include "cmd-hold.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* Bytes queued to a client past which its lines are held. */
#define CMD_HOLD_BACKLOG	(1024 * 1024)

void
cmd_hold_line(struct cmd_hold *h, struct cmd_ctx *ctx, const char *line)
{
	u_int	 i;

	if (cmd_backlog(ctx) <= CMD_HOLD_BACKLOG) {
		cmd_hold_flush(h, ctx);
		cmd_print(ctx, "%s", line);
		return;
	}
	if (h->n < CMD_HOLD_KEEP) {
		i = (h->first + h->n++) % CMD_HOLD_KEEP;
		h->keep[i] = xstrdup(line);
		return;
	}
	free(h->keep[h->first]);
	h->keep[h->first] = xstrdup(line);
	h->first = (h->first + 1) % CMD_HOLD_KEEP;
	h->skipped++;
}

void
cmd_hold_flush(struct cmd_hold *h, struct cmd_ctx *ctx)
{
	u_int	 i;

	if (h->skipped > 0) {
		cmd_print(ctx, "[... %llu lines skipped: the reader fell "
		    "behind ...]", (unsigned long long)h->skipped);
		h->skipped = 0;
	}
	for (i = 0; i < h->n; i++) {
		cmd_print(ctx, "%s", h->keep[(h->first + i) % CMD_HOLD_KEEP]);
		free(h->keep[(h->first + i) % CMD_HOLD_KEEP]);
	}
	h->first = h->n = 0;
}

void
cmd_hold_free(struct cmd_hold *h)
{
	u_int	 i;

	for (i = 0; i < h->n; i++)
		free(h->keep[(h->first + i) % CMD_HOLD_KEEP]);
	h->first = h->n = 0;
}
