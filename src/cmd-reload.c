/*
 * reload [--dry-run]: read the config again and apply what changed,
 * program by program (SPEC section 6). A config with any error changes
 * nothing; --dry-run prints the plan and applies nothing. The same plan
 * is logged to the event log, so what a reload did can be read later.
 */

#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

enum cmd_retval
cmd_reload_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct supervisor	*sv = ctx->sv;
	struct diag_list	 dl;
	struct diag		*d;
	struct cfg		*ncf;
	struct plan		*pl;
	char			*s;
	bool			 dry = false;
	u_int			 i;

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
		if (ncf == NULL && !dry)
			eventlog(d->warning ? EVL_WARN : EVL_ERROR, NULL,
			    "reload: %s", s);
		free(s);
	}
	if (ncf == NULL) {
		cmd_error(ctx, CMD_EXIT_FAIL, "reload refused: %u error%s in "
		    "%s; nothing changed", dl.nerrors, dl.nerrors == 1 ? "" :
		    "s", sv->cfgpath);
		if (!dry)
			eventlog(EVL_ERROR, NULL, "reload refused: %u error%s "
			    "in %s; nothing changed", dl.nerrors,
			    dl.nerrors == 1 ? "" : "s", sv->cfgpath);
		diag_clear(&dl);
		return (CMD_DONE);
	}
	diag_clear(&dl);

	for (i = 0; i < pl->n; i++) {
		if (!dry && pl->entries[i].kind == PLAN_UNCHANGED)
			continue;
		s = plan_entry_format(&pl->entries[i]);
		cmd_print(ctx, "%s", s);
		free(s);
	}
	for (i = 0; i < pl->nnotes; i++)
		cmd_print(ctx, "note: %s", pl->notes[i]);
	s = plan_summary(pl);
	cmd_print(ctx, "%s%s", dry ? "would apply: " : "applied: ", s);
	free(s);
	if (dry)
		cfg_free(ncf);
	else
		sv_reload_apply(sv, ncf, pl);
	plan_free(pl);
	return (CMD_DONE);
}
