/*
 * Lines for a following client (tail -f, maintail -f) that fell behind
 * (cmd-hold.c).
 */

#ifndef CMD_HOLD_H
#define CMD_HOLD_H

#include <stdint.h>
#include <sys/types.h>

struct cmd_ctx;

#define CMD_HOLD_KEEP	100
struct cmd_hold {
	char		*keep[CMD_HOLD_KEEP];	/* the newest held */
	u_int		 first;
	u_int		 n;
	uint64_t	 skipped;		/* dropped for good */
};
/* Send the line, or hold it while the client is over 1 MiB behind. */
void	 cmd_hold_line(struct cmd_hold *, struct cmd_ctx *, const char *);
/* Say what was dropped and send what was held (the client caught up). */
void	 cmd_hold_flush(struct cmd_hold *, struct cmd_ctx *);
/* Forget what is held (the command ends). */
void	 cmd_hold_free(struct cmd_hold *);

#endif /* CMD_HOLD_H */
