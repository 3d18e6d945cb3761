/*
 * reload [--dry-run] [--json]: read the config again and apply what changed,
 * program by program (SPEC section 6). A config with any error changes
 * nothing; --dry-run prints the plan and applies nothing. The same plan
 * is logged to the event log, so what a reload did can be read later,
 * and sent to the alerts that want "reloaded" (or "reload_failed", with
 * the errors). Alerts change in place, before the programs.
 */

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alert.h"
#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

static json_t	*cmd_reload_json(const struct plan *, bool);
static json_t	*cmd_reload_keys(const char *);
static void	 cmd_reload_free_lines(char **, u_int);

/* "cmd, env" as ["cmd", "env"]. */
static json_t *
cmd_reload_keys(const char *keys)
{
	json_t	*list = json_array();
	char	*copy, *next, *word;

	copy = next = xstrdup(keys);
	while ((word = strsep(&next, ",")) != NULL) {
		while (*word == ' ')
			word++;
		if (*word != '\0')
			json_array_append_new(list, json_string(word));
	}
	free(copy);
	return (list);
}

/* The plan as a document: what each program would get, or got. */
static json_t *
cmd_reload_json(const struct plan *pl, bool dry)
{
	const struct plan_entry	*pe;
	json_t			*o, *added, *removed, *restarted, *updated;
	json_t			*scaled, *unchanged, *notes;
	u_int			 i;

	added = json_array();
	removed = json_array();
	restarted = json_array();
	updated = json_array();
	scaled = json_array();
	unchanged = json_array();
	notes = json_array();
	for (i = 0; i < pl->n; i++) {
		pe = &pl->entries[i];
		switch (pe->kind) {
		case PLAN_ADDED:
			json_array_append_new(added, json_string(pe->name));
			continue;
		case PLAN_REMOVED:
			json_array_append_new(removed, json_string(pe->name));
			continue;
		case PLAN_UNCHANGED:
			json_array_append_new(unchanged,
			    json_string(pe->name));
			continue;
		case PLAN_CHANGED:
			break;
		}
		o = json_pack("{s:s, s:o}", "name", pe->name, "keys",
		    cmd_reload_keys(pe->keys));
		if (pe->changes & PLAN_SPAWN)
			json_array_append_new(restarted, o);
		else if (pe->changes & PLAN_WATCH)
			json_array_append_new(updated, o);
		else
			json_decref(o);
		if (pe->changes & PLAN_SCALE) {
			json_array_append_new(scaled, json_pack("{s:s, s:i, "
			    "s:i}", "name", pe->name, "from",
			    (int)pe->old_numprocs, "to",
			    (int)pe->new_numprocs));
		}
	}
	for (i = 0; i < pl->nnotes; i++)
		json_array_append_new(notes, json_string(pl->notes[i]));
	return (json_pack("{s:b, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "dry_run", dry, "applied", !dry, "added", added, "removed",
	    removed, "restarted", restarted, "updated", updated, "scaled",
	    scaled, "unchanged", unchanged, "notes", notes));
}

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
	json_t			*doc = NULL, *errs = NULL, *warns = NULL;
	char			*s, *summary, **lines = NULL;
	bool			 dry = false, json;
	u_int			 i, nlines = 0;

	json = cmd_json_flag(&argc, argv);
	if (argc >= 2) {
		if (argc > 2 || (strcmp(argv[1], "--dry-run") != 0 &&
		    strcmp(argv[1], "-n") != 0)) {
			s = cmd_usage(ctx->ce);
			cmd_error(ctx, CMD_EXIT_USAGE, "%s", s);
			free(s);
			return (CMD_DONE);
		}
		dry = true;
	}
	if (json) {
		errs = json_array();
		warns = json_array();
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
		if (json) {
			json_array_append_new(d->warning ? warns : errs,
			    json_string(s));
			if (!d->warning && ctx->status == 0)
				ctx->status = CMD_EXIT_FAIL;
		} else if (d->warning)
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
	if (ncf == NULL && json) {
		ctx->status = CMD_EXIT_FAIL;
		cmd_json_emit(ctx, json_pack("{s:b, s:b, s:o, s:o}", "dry_run",
		    dry, "applied", false, "errors", errs, "warnings", warns));
	} else if (ncf == NULL) {
		cmd_error(ctx, CMD_EXIT_FAIL, "reload refused: %u error%s in "
		    "%s; nothing changed", dl.nerrors, dl.nerrors == 1 ? "" :
		    "s", sv->cfgpath);
	}
	if (ncf == NULL) {
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

	summary = plan_summary(pl);
	if (json) {
		doc = cmd_reload_json(pl, dry);
		json_object_set_new(doc, "errors", errs);
		json_object_set_new(doc, "warnings", warns);
		cmd_json_emit(ctx, doc);
	}
	for (i = 0; i < pl->n; i++) {
		if (!dry && pl->entries[i].kind == PLAN_UNCHANGED)
			continue;
		s = plan_entry_format(&pl->entries[i]);
		if (!json)
			cmd_print(ctx, "%s", s);
		lines = xreallocarray(lines, nlines + 1, sizeof *lines);
		lines[nlines++] = s;
	}
	for (i = 0; i < pl->nalerts; i++) {
		if (!dry && pl->alerts[i].kind == PLAN_UNCHANGED)
			continue;
		s = plan_alert_format(&pl->alerts[i]);
		if (!json)
			cmd_print(ctx, "%s", s);
		lines = xreallocarray(lines, nlines + 1, sizeof *lines);
		lines[nlines++] = s;
	}
	if (!json) {
		for (i = 0; i < pl->nnotes; i++)
			cmd_print(ctx, "note: %s", pl->notes[i]);
		cmd_print(ctx, "%s%s", dry ? "would apply: " : "applied: ",
		    summary);
	}
	if (dry)
		cfg_free(ncf);
	else {
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
