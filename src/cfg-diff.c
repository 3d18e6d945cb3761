/*
 * The reload plan: what turns the running config into a new one. Each
 * program is removed, added, unchanged, or changed; a change is sorted by
 * the reload class the key table gives each key it touches. A spawn key
 * (how the process is started) means a restart, a watch key (how it is
 * looked after) is applied in place, and numprocs only starts or stops
 * the extra instances. Values are compared by their type (cfg-type.c).
 * Global values that only take effect on a restart of the daemon become
 * notes. Alerts are compared by name (alert-cfg.c) and always change in
 * place.
 */

#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "cfg.h"
#include "xmalloc.h"

static void	 cfg_diff_program(struct plan_entry *,
		     const struct cfg_program *, const struct cfg_program *);
static void	 cfg_diff_notes(struct plan *, const struct cfg *,
		     const struct cfg *);

/*
 * Compare two versions of a program and fill its entry: the kinds of
 * change and the keys, in the order of the key table. numprocs is not in
 * the keys: the entry shows it as old -> new.
 */
static void
cfg_diff_program(struct plan_entry *pe, const struct cfg_program *a,
    const struct cfg_program *b)
{
	const struct cfg_key_entry	*e;
	char				*keys = NULL, *tmp;
	u_int				 key;

	pe->kind = PLAN_UNCHANGED;
	pe->changes = 0;
	for (key = 0; key < CFG_NKEYS; key++) {
		e = cfg_key_entry(key);
		if (e->scope != CFG_PROGRAM || !cfg_type_differ(a, b, key))
			continue;
		switch (e->reload) {
		case CFG_RELOAD_SCALE:
			pe->changes |= PLAN_SCALE;
			continue;
		case CFG_RELOAD_SPAWN:
			pe->changes |= PLAN_SPAWN;
			break;
		case CFG_RELOAD_WATCH:
			pe->changes |= PLAN_WATCH;
			break;
		default:
			continue;
		}
		if (keys == NULL)
			keys = xstrdup(cfg_key_name(key));
		else {
			tmp = xstrfmt("%s, %s", keys, cfg_key_name(key));
			free(keys);
			keys = tmp;
		}
	}
	if (pe->changes != 0)
		pe->kind = PLAN_CHANGED;
	pe->keys = keys != NULL ? keys : xstrdup("");
}

/* Notes for the global values a reload cannot apply. */
static void
cfg_diff_notes(struct plan *pl, const struct cfg *a, const struct cfg *b)
{
	const struct cfg_key_entry	*e;
	char				*from, *to;
	u_int				 key;

	if (a == NULL || b == NULL)
		return;
	for (key = 0; key < CFG_NKEYS; key++) {
		e = cfg_key_entry(key);
		if (e->scope != CFG_GLOBAL || e->reload != CFG_RELOAD_DAEMON ||
		    !cfg_type_differ(a, b, key))
			continue;
		from = cfg_type_format(a, key);
		to = cfg_type_format(b, key);
		pl->notes = xreallocarray(pl->notes, pl->nnotes + 1,
		    sizeof *pl->notes);
		pl->notes[pl->nnotes++] = xstrfmt("%s: changed from %s to %s; "
		    "takes effect when taskmasterd restarts", e->name,
		    from != NULL ? from : "the default",
		    to != NULL ? to : "the default");
		free(from);
		free(to);
	}
}

/*
 * Compare two configs and return the plan that turns old into new:
 * removed programs first, in their old order, then every program of the
 * new config in its order. Either config may be NULL (empty).
 */
struct plan *
cfg_diff(const struct cfg *old, const struct cfg *new)
{
	struct plan		 *pl;
	struct plan_entry	 *pe;
	struct cfg_program	**olds, **news, *p, *op;
	u_int			  nold, nnew;

	pl = xcalloc(1, sizeof *pl);
	olds = cfg_sorted(old, &nold);
	news = cfg_sorted(new, &nnew);
	pl->entries = xcalloc(nold + nnew + 1, sizeof *pl->entries);

	if (old != NULL) {
		TAILQ_FOREACH(p, &old->programs, entry) {
			if (cfg_sorted_find(news, nnew, p->name) != NULL)
				continue;
			pe = &pl->entries[pl->n++];
			pe->name = xstrdup(p->name);
			pe->kind = PLAN_REMOVED;
			pe->keys = xstrdup("");
			pe->old_numprocs = p->numprocs;
			pl->removed++;
		}
	}
	if (new != NULL) {
		TAILQ_FOREACH(p, &new->programs, entry) {
			pe = &pl->entries[pl->n++];
			pe->name = xstrdup(p->name);
			pe->new_numprocs = p->numprocs;
			if ((op = cfg_sorted_find(olds, nold, p->name)) == NULL) {
				pe->kind = PLAN_ADDED;
				pe->keys = xstrdup("");
				pl->added++;
				continue;
			}
			pe->old_numprocs = op->numprocs;
			cfg_diff_program(pe, op, p);
			if (pe->kind == PLAN_UNCHANGED)
				pl->unchanged++;
			else if (pe->changes & PLAN_SPAWN)
				pl->restarted++;
			else {
				if (pe->changes & PLAN_SCALE)
					pl->scaled++;
				if (pe->changes & PLAN_WATCH)
					pl->updated++;
			}
		}
	}
	cfg_diff_notes(pl, old, new);
	alert_cfg_diff(pl, old != NULL ? old->alerts : NULL,
	    new != NULL ? new->alerts : NULL);
	free(olds);
	free(news);
	return (pl);
}

/* Free a plan. */
void
plan_free(struct plan *pl)
{
	u_int	i;

	if (pl == NULL)
		return;
	for (i = 0; i < pl->n; i++) {
		free(pl->entries[i].name);
		free(pl->entries[i].keys);
	}
	free(pl->entries);
	for (i = 0; i < pl->nnotes; i++)
		free(pl->notes[i]);
	free(pl->notes);
	for (i = 0; i < pl->nalerts; i++) {
		free(pl->alerts[i].name);
		free(pl->alerts[i].keys);
	}
	free(pl->alerts);
	free(pl);
}

/* One line for an entry: "web: restarted (cmd changed)". */
char *
plan_entry_format(const struct plan_entry *pe)
{
	char	*scaled, *out;

	switch (pe->kind) {
	case PLAN_ADDED:
		return (xstrfmt("%s: added", pe->name));
	case PLAN_REMOVED:
		return (xstrfmt("%s: removed", pe->name));
	case PLAN_UNCHANGED:
		return (xstrfmt("%s: unchanged", pe->name));
	case PLAN_CHANGED:
		break;
	}

	if (pe->changes & PLAN_SCALE) {
		scaled = xstrfmt("scaled %u -> %u", pe->old_numprocs,
		    pe->new_numprocs);
	} else
		scaled = NULL;
	if (pe->changes & PLAN_SPAWN) {
		out = xstrfmt("%s: restarted (%s changed)%s%s", pe->name,
		    pe->keys, scaled != NULL ? ", " : "",
		    scaled != NULL ? scaled : "");
	} else if (pe->changes & PLAN_WATCH) {
		out = xstrfmt("%s: %s%supdated in place (%s changed)", pe->name,
		    scaled != NULL ? scaled : "", scaled != NULL ? ", " : "",
		    pe->keys);
	} else
		out = xstrfmt("%s: %s", pe->name, scaled != NULL ? scaled :
		    "changed");
	free(scaled);
	return (out);
}

/* One line for an alert: "alert hook: changed (url, events)". */
char *
plan_alert_format(const struct plan_alert *pa)
{
	switch (pa->kind) {
	case PLAN_ADDED:
		return (xstrfmt("alert %s: added", pa->name));
	case PLAN_REMOVED:
		return (xstrfmt("alert %s: removed", pa->name));
	case PLAN_CHANGED:
		return (xstrfmt("alert %s: changed in place (%s changed)",
		    pa->name, pa->keys));
	case PLAN_UNCHANGED:
		break;
	}
	return (xstrfmt("alert %s: unchanged", pa->name));
}

/* One summary line: "1 added, 1 removed, ...". */
char *
plan_summary(const struct plan *pl)
{
	return (xstrfmt("%u added, %u removed, %u restarted, %u updated in "
	    "place, %u scaled, %u unchanged", pl->added, pl->removed,
	    pl->restarted, pl->updated, pl->scaled, pl->unchanged));
}
