/*
 * supervisorctl's config commands, with its names and output shapes, for
 * the scripts and the fingers used to them:
 *
 *	reread		what a reload would do: "x: available", "x: changed",
 *			"x: disappeared", or "No config updates to processes"
 *	update [NAME...]	apply it, all or for those programs only
 *	add NAME...	start using a program the config file has
 *	remove NAME...	stop using a stopped program
 *	avail		every program, in use or only in the file
 *
 * They ride on the reload plan: "update web" is the plan with every
 * other program kept as it runs (cfg-merge.c), so what is applied follows
 * SPEC section 6 (only what changed, in place where it can).
 */

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "proto.h"
#include "taskmaster.h"
#include "xmalloc.h"

/* The names a command was given, for cfg_merge to pick. */
struct cmd_update_names {
	char		**names;
	int		  n;
};

static struct cfg *cmd_update_load(struct cmd_ctx *, struct plan **);
static bool	 cmd_update_named(const struct plan_entry *, void *);
static int	 cmd_update_sort(const void *, const void *);
static void	 cmd_update_print(struct cmd_ctx *, const struct plan *);
static bool	 cmd_update_in_file(const struct plan *, const char *);
static bool	 cmd_update_alive(struct program *);
struct cmd_avail_row;
static void	 cmd_avail_add(struct cmd_avail_row **, u_int *,
		     const struct cfg_program *, bool);
static void	 cmd_avail_json(struct cmd_ctx *, const struct cmd_avail_row *,
		     u_int);
static int	 cmd_avail_sort(const void *, const void *);


/*
 * The config file again, and the plan from what runs. NULL after saying
 * why (supervisorctl's "ERROR: CANT_REREAD: ...", exit 1).
 */
static struct cfg *
cmd_update_load(struct cmd_ctx *ctx, struct plan **pl)
{
	struct diag_list	 dl;
	struct diag		*d;
	struct cfg		*ncf;
	char			*s;

	if (ctx->sv->shutting_down) {
		cmd_error(ctx, CMD_EXIT_FAIL, "ERROR: taskmaster is shutting "
		    "down");
		return (NULL);
	}
	diag_init(&dl);
	ncf = sv_reload_load(ctx->sv, &dl, pl);
	diag_sort(&dl);
	TAILQ_FOREACH(d, &dl.list, entry) {
		if (ncf != NULL && d->warning)
			continue;
		s = diag_format(d);
		cmd_error(ctx, CMD_EXIT_FAIL, "ERROR: CANT_REREAD: %s", s);
		free(s);
	}
	diag_clear(&dl);
	return (ncf);
}

static bool
cmd_update_named(const struct plan_entry *pe, void *arg)
{
	struct cmd_update_names	*un = arg;
	int			 i;

	for (i = 0; i < un->n; i++) {
		if (strcmp(un->names[i], pe->name) == 0)
			return (true);
	}
	return (false);
}

static int
cmd_update_sort(const void *a0, const void *b0)
{
	const struct plan_entry	*a = a0, *b = b0;

	return (strcmp(a->name, b->name));
}

/* What update did, by program, in supervisorctl's words. */
static void
cmd_update_print(struct cmd_ctx *ctx, const struct plan *pl)
{
	const struct plan_entry	*pe;
	u_int			 i;

	for (i = 0; i < pl->n; i++) {
		pe = &pl->entries[i];
		switch (pe->kind) {
		case PLAN_ADDED:
			cmd_print(ctx, "%s: added process group", pe->name);
			break;
		case PLAN_REMOVED:
			cmd_print(ctx, "%s: removed process group", pe->name);
			break;
		case PLAN_CHANGED:
			cmd_print(ctx, "%s: updated process group", pe->name);
			break;
		case PLAN_UNCHANGED:
			break;
		}
	}
}

/* Whether the file (the plan from it) has a program. */
static bool
cmd_update_in_file(const struct plan *pl, const char *name)
{
	u_int	i;

	for (i = 0; i < pl->n; i++) {
		if (strcmp(pl->entries[i].name, name) == 0)
			return (pl->entries[i].kind != PLAN_REMOVED);
	}
	return (false);
}

/* Whether a process of a program has a pid. */
static bool
cmd_update_alive(struct program *pg)
{
	u_int	i;

	for (i = 0; i < pg->nprocs; i++) {
		if (pg->procs[i] != NULL && proc_alive(pg->procs[i]))
			return (true);
	}
	return (false);
}

enum cmd_retval
cmd_reread_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cfg		*ncf;
	struct plan		*pl;
	struct plan_entry	*sorted;
	u_int			 i, n = 0;

	if ((ncf = cmd_update_load(ctx, &pl)) == NULL)
		return (CMD_DONE);
	sorted = xreallocarray(NULL, pl->n + 1, sizeof *sorted);
	memcpy(sorted, pl->entries, pl->n * sizeof *sorted);
	qsort(sorted, pl->n, sizeof *sorted, cmd_update_sort);
	for (i = 0; i < pl->n; i++) {
		switch (sorted[i].kind) {
		case PLAN_ADDED:
			cmd_print(ctx, "%s: available", sorted[i].name);
			break;
		case PLAN_CHANGED:
			cmd_print(ctx, "%s: changed", sorted[i].name);
			break;
		case PLAN_REMOVED:
			cmd_print(ctx, "%s: disappeared", sorted[i].name);
			break;
		case PLAN_UNCHANGED:
			continue;
		}
		n++;
	}
	if (n == 0)
		cmd_print(ctx, "No config updates to processes");
	free(sorted);
	plan_free(pl);
	cfg_free(ncf);
	return (CMD_DONE);
}

/*
 * update [all | NAME...]: apply the reload for every program, or for the
 * named ones only (the others go on as they run, even if changed).
 */
enum cmd_retval
cmd_update_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_update_names	 un = { argv + 1, argc - 1 };
	struct cfg		*ncf;
	struct plan		*pl;
	int			 i;

	if ((ncf = cmd_update_load(ctx, &pl)) == NULL)
		return (CMD_DONE);
	if (argc == 2 && strcmp(argv[1], "all") == 0)
		un.n = 0;
	for (i = 0; i < un.n; i++) {
		if (sv_find_program(ctx->sv, un.names[i]) == NULL &&
		    !cmd_update_in_file(pl, un.names[i])) {
			cmd_error(ctx, CMD_EXIT_FAIL, "ERROR: no such group: %s",
			    un.names[i]);
		}
	}
	if (ctx->status != 0) {
		plan_free(pl);
		cfg_free(ncf);
		return (CMD_DONE);
	}
	if (un.n > 0)
		cfg_merge(ctx->sv->cf, ncf, pl, cmd_update_named, &un);
	cmd_update_print(ctx, pl);
	sv_reload_apply(ctx->sv, ncf, pl);
	plan_free(pl);
	return (CMD_DONE);
}

/* add NAME...: start using programs the file has and nothing runs. */
enum cmd_retval
cmd_add_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_update_names	 un = { NULL, 0 };
	struct cfg		*ncf;
	struct plan		*pl;
	int			 i;

	if ((ncf = cmd_update_load(ctx, &pl)) == NULL)
		return (CMD_DONE);
	un.names = xcalloc(argc, sizeof *un.names);
	for (i = 1; i < argc; i++) {
		if (sv_find_program(ctx->sv, argv[i]) != NULL)
			cmd_print(ctx, "ERROR: process group already active");
		else if (!cmd_update_in_file(pl, argv[i]))
			cmd_error(ctx, CMD_EXIT_FAIL, "ERROR: no such "
			    "process/group: %s", argv[i]);
		else
			un.names[un.n++] = argv[i];
	}
	if (un.n == 0) {
		plan_free(pl);
		cfg_free(ncf);
		free(un.names);
		return (CMD_DONE);
	}
	cfg_merge(ctx->sv->cf, ncf, pl, cmd_update_named, &un);
	cmd_update_print(ctx, pl);
	sv_reload_apply(ctx->sv, ncf, pl);
	plan_free(pl);
	free(un.names);
	return (CMD_DONE);
}

/*
 * remove NAME...: stop using stopped programs, whatever the file says
 * (add brings them back from it).
 */
enum cmd_retval
cmd_remove_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct cmd_update_names	 un = { NULL, 0 };
	struct cfg_program	*cp;
	struct program		*pg;
	struct cfg		*ncf;
	struct plan		*pl;
	int			 i;

	un.names = xcalloc(argc, sizeof *un.names);
	for (i = 1; i < argc; i++) {
		if ((pg = sv_find_program(ctx->sv, argv[i])) == NULL)
			cmd_error(ctx, CMD_EXIT_FAIL, "ERROR: no such "
			    "process/group: %s", argv[i]);
		else if (cmd_update_alive(pg))
			cmd_error(ctx, CMD_EXIT_FAIL, "ERROR: process/group "
			    "still running: %s", argv[i]);
		else
			un.names[un.n++] = argv[i];
	}
	if (un.n == 0 || (ncf = cmd_update_load(ctx, &pl)) == NULL) {
		free(un.names);
		return (CMD_DONE);
	}
	/* Gone from the new config, so the plan says removed. */
	plan_free(pl);
	for (i = 0; i < un.n; i++) {
		if ((cp = cfg_find_program(ncf, un.names[i])) != NULL) {
			TAILQ_REMOVE(&ncf->programs, cp, entry);
			ncf->nprograms--;
			cfg_program_free(cp);
		}
	}
	pl = cfg_diff(ctx->sv->cf, ncf);
	cfg_merge(ctx->sv->cf, ncf, pl, cmd_update_named, &un);
	cmd_update_print(ctx, pl);
	sv_reload_apply(ctx->sv, ncf, pl);
	plan_free(pl);
	free(un.names);
	return (CMD_DONE);
}

/* One process as avail shows it. */
struct cmd_avail_row {
	char		*name;
	bool		 inuse;
	bool		 autostart;
	u_int		 priority;
};

/* The rows of a program's processes. */
static void
cmd_avail_add(struct cmd_avail_row **rows, u_int *n,
    const struct cfg_program *cp, bool inuse)
{
	struct cmd_avail_row	*r;
	u_int			 i;

	for (i = 0; i < cp->numprocs; i++) {
		*rows = xreallocarray(*rows, *n + 1, sizeof **rows);
		r = &(*rows)[(*n)++];
		r->name = cp->numprocs == 1 ? xstrdup(cp->name) :
		    xstrfmt("%s:%u", cp->name, i);
		r->inuse = inuse;
		r->autostart = cp->autostart;
		r->priority = cp->priority;
	}
}

static int
cmd_avail_sort(const void *a0, const void *b0)
{
	const struct cmd_avail_row	*a = a0, *b = b0;

	return (strcmp(a->name, b->name));
}

/* avail --json: {"processes": [{name, in_use, autostart, priority}]}. */
static void
cmd_avail_json(struct cmd_ctx *ctx, const struct cmd_avail_row *rows,
    u_int n)
{
	json_t	*list = json_array();
	u_int	 i;

	for (i = 0; i < n; i++) {
		json_array_append_new(list, json_pack("{s:s, s:b, s:b, s:i}",
		    "name", rows[i].name, "in_use", rows[i].inuse,
		    "autostart", rows[i].autostart, "priority",
		    (int)rows[i].priority));
	}
	cmd_json_emit(ctx, json_pack("{s:o}", "processes", list));
}

/*
 * avail [--json]: every process of the running config ("in use") and of
 * programs the file has and nothing runs yet ("avail"), sorted by name.
 */
enum cmd_retval
cmd_avail_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct diag_list	 dl;
	struct cfg_program	*cp;
	struct cfg		*ncf;
	struct cmd_avail_row	*rows = NULL, *r;
	u_int			 n = 0, i;
	bool			 json;

	json = cmd_json_flag(&argc, argv);
	TAILQ_FOREACH(cp, &ctx->sv->cf->programs, entry)
		cmd_avail_add(&rows, &n, cp, true);
	diag_init(&dl);
	if ((ncf = cfg_load(ctx->sv->cfgpath, &dl)) != NULL) {
		TAILQ_FOREACH(cp, &ncf->programs, entry) {
			if (sv_find_program(ctx->sv, cp->name) == NULL)
				cmd_avail_add(&rows, &n, cp, false);
		}
		cfg_free(ncf);
	}
	diag_clear(&dl);
	if (n > 0)
		qsort(rows, n, sizeof *rows, cmd_avail_sort);
	if (json)
		cmd_avail_json(ctx, rows, n);
	for (i = 0; i < n; i++) {
		r = &rows[i];
		if (!json) {
			cmd_print(ctx, "%-32s %-9s %-9s %u:%u", r->name,
			    r->inuse ? "in use" : "avail", r->autostart ?
			    "auto" : "manual", r->priority, r->priority);
		}
		free(r->name);
	}
	free(rows);
	return (CMD_DONE);
}
