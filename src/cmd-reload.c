/*
 * reload [--dry-run]: read the config again and apply what changed,
 * program by program (SPEC section 6). A config with any error changes
 * nothing; --dry-run prints the plan and applies nothing. The same plan
 * is logged to the event log, so what a reload did can be read later,
 * and sent to the alerts that want "reloaded" (or "reload_failed", with
 * the errors). Alerts change in place, before the programs.
 */

#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

static void	 cmd_reload_free_lines(char **, u_int);

/* Free the lines kept for an alert. */
static void
cmd_reload_free_lines(char **lines, u_int n)
{
	u_int	i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

enum cmd_retval
cmd_reload_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct supervisor	*sv = ctx->sv;
	struct diag_list	 dl;
	struct diag		*d;
	struct cfg		*ncf;
	struct plan		*pl;
	char			*s, *summary, **lines = NULL;
	bool			 dry = false;
	u_int			 i, nlines = 0;

	if (argc == 2) {
		if (strcmp(argv[1], "--dry-run") != 0 &&
		    strcmp(argv[1], "-n") != 0) {
			s = cmd_usage(ctx->ce);
			cmd_error(ctx, CMD_EXIT_USAGE, "%s", s);
			free(s);
			return (CMD_DONE);
		}
		dry = true;
	}
	if (sv->shutting_down) {
		cmd_error(ctx, CMD_EXIT_FAIL, "taskmaster is shutting down");
		return (CMD_DONE);
	}

	diag_init(&dl);
	ncf = sv_reload_load(sv, &dl, &pl);
	diag_sort(&dl);
	TAILQ_FOREACH(d, &dl.list, entry) {
		s = diag_format(d);
		if (d->warning)
			cmd_print(ctx, "%s", s);
		else
			cmd_error(ctx, CMD_EXIT_FAIL, "%s", s);
		if (ncf == NULL && !dry) {
			eventlog(d->warning ? EVL_WARN : EVL_ERROR, NULL,
			    "reload: %s", s);
			lines = xreallocarray(lines, nlines + 1,
			    sizeof *lines);
			lines[nlines++] = s;
		} else
			free(s);
	}
	if (ncf == NULL) {
		cmd_error(ctx, CMD_EXIT_FAIL, "reload refused: %u error%s in "
		    "%s; nothing changed", dl.nerrors, dl.nerrors == 1 ? "" :
		    "s", sv->cfgpath);
		if (!dry) {
			xasprintf(&s, "reload refused: %u error%s in %s; "
			    "nothing changed", dl.nerrors, dl.nerrors == 1 ?
			    "" : "s", sv->cfgpath);
			eventlog(EVL_ERROR, NULL, "%s", s);
			alert_daemon_event(ALERT_RELOAD_FAILED, s, lines,
			    nlines);
			free(s);
		}
		cmd_reload_free_lines(lines, nlines);
		diag_clear(&dl);
		return (CMD_DONE);
	}
	diag_clear(&dl);

	for (i = 0; i < pl->n; i++) {
		if (!dry && pl->entries[i].kind == PLAN_UNCHANGED)
			continue;
		s = plan_entry_format(&pl->entries[i]);
		cmd_print(ctx, "%s", s);
		lines = xreallocarray(lines, nlines + 1, sizeof *lines);
		lines[nlines++] = s;
	}
	for (i = 0; i < pl->nalerts; i++) {
		if (!dry && pl->alerts[i].kind == PLAN_UNCHANGED)
			continue;
		s = plan_alert_format(&pl->alerts[i]);
		cmd_print(ctx, "%s", s);
		lines = xreallocarray(lines, nlines + 1, sizeof *lines);
		lines[nlines++] = s;
	}
	for (i = 0; i < pl->nnotes; i++)
		cmd_print(ctx, "note: %s", pl->notes[i]);
	summary = plan_summary(pl);
	cmd_print(ctx, "%s%s", dry ? "would apply: " : "applied: ", summary);
	if (dry)
		cfg_free(ncf);
	else {
		/* Before the old config, which the alerts point into, goes. */
		alert_reload(ncf, pl);
		sv_reload_apply(sv, ncf, pl);
		xasprintf(&s, "config reloaded from %s: %s", sv->cfgpath,
		    summary);
		alert_daemon_event(ALERT_RELOADED, s, lines, nlines);
		free(s);
	}
	free(summary);
	cmd_reload_free_lines(lines, nlines);
	plan_free(pl);
	return (CMD_DONE);
}
