/*
 * A reload of some programs only (supervisorctl's update NAME, add,
 * remove): the new config is made to keep the running config's global
 * settings and every program not selected exactly as it runs, so that the
 * reload plan, and then sv_apply, touch the selected programs alone.
 *
 * Programs move between the two configs rather than being copied: an
 * unselected program's running entry goes into the new config (the
 * processes keep pointing at it), and the new config's own entry for it
 * is freed; what stays in the old config is freed with it, as after any
 * reload.
 */

#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "xmalloc.h"

static void	 cfg_merge_globals(struct cfg *, struct cfg *);
static void	 cfg_merge_count(struct plan *);

/*
 * Give the new config every global setting of the old one (whatever
 * they are, those of the key table and any other), each keeping its own
 * programs.
 */
static void
cfg_merge_globals(struct cfg *ocf, struct cfg *ncf)
{
	struct cfg_programs	 po, pn;
	struct cfg		 tmp;
	u_int			 no = ocf->nprograms, nn = ncf->nprograms;

	TAILQ_INIT(&po);
	TAILQ_CONCAT(&po, &ocf->programs, entry);
	TAILQ_INIT(&pn);
	TAILQ_CONCAT(&pn, &ncf->programs, entry);
	tmp = *ocf;
	*ocf = *ncf;
	*ncf = tmp;
	TAILQ_INIT(&ocf->programs);
	TAILQ_CONCAT(&ocf->programs, &po, entry);
	ocf->nprograms = no;
	TAILQ_INIT(&ncf->programs);
	TAILQ_CONCAT(&ncf->programs, &pn, entry);
	ncf->nprograms = nn;
}

/* The plan's totals again, after entries changed. */
static void
cfg_merge_count(struct plan *pl)
{
	const struct plan_entry	*pe;
	u_int			 i;

	pl->added = pl->removed = pl->restarted = pl->updated = 0;
	pl->scaled = pl->unchanged = 0;
	for (i = 0; i < pl->n; i++) {
		pe = &pl->entries[i];
		switch (pe->kind) {
		case PLAN_ADDED:
			pl->added++;
			break;
		case PLAN_REMOVED:
			pl->removed++;
			break;
		case PLAN_UNCHANGED:
			pl->unchanged++;
			break;
		case PLAN_CHANGED:
			if (pe->changes & PLAN_SPAWN)
				pl->restarted++;
			else {
				if (pe->changes & PLAN_SCALE)
					pl->scaled++;
				if (pe->changes & PLAN_WATCH)
					pl->updated++;
			}
			break;
		}
	}
}

void
cfg_merge(struct cfg *ocf, struct cfg *ncf, struct plan *pl,
    bool (*selected)(const struct plan_entry *, void *), void *arg)
{
	struct cfg_program	**olds, **news, *op, *np;
	struct cfg_programs	 dropped;
	struct plan_entry	*pe;
	u_int			 nold, nnew, i, j;

	TAILQ_INIT(&dropped);
	cfg_merge_globals(ocf, ncf);
	olds = cfg_sorted(ocf, &nold);
	news = cfg_sorted(ncf, &nnew);
	for (i = j = 0; i < pl->n; i++) {
		pe = &pl->entries[i];
		if (selected(pe, arg)) {
			pl->entries[j++] = *pe;
			continue;
		}
		op = cfg_sorted_find(olds, nold, pe->name);
		np = cfg_sorted_find(news, nnew, pe->name);
		if (op != NULL) {
			/* It runs on as it is: its entry moves over. */
			TAILQ_REMOVE(&ocf->programs, op, entry);
			ocf->nprograms--;
			if (np != NULL)
				TAILQ_INSERT_BEFORE(np, op, entry);
			else
				TAILQ_INSERT_TAIL(&ncf->programs, op, entry);
			ncf->nprograms++;
		}
		if (np != NULL) {
			/* Not wanted yet: drop its new entry, once the
			 * lookups are done (news still points at it). */
			TAILQ_REMOVE(&ncf->programs, np, entry);
			ncf->nprograms--;
			TAILQ_INSERT_TAIL(&dropped, np, entry);
		}
		if (pe->kind == PLAN_ADDED) {
			free(pe->name);
			free(pe->keys);
			continue;
		}
		pe->kind = PLAN_UNCHANGED;
		pe->changes = 0;
		pe->new_numprocs = pe->old_numprocs;
		pl->entries[j++] = *pe;
	}
	pl->n = j;
	for (i = 0; i < pl->nnotes; i++)
		free(pl->notes[i]);
	pl->nnotes = 0;
	/* The alerts are global settings too: they stay as they run. */
	for (i = 0; i < pl->nalerts; i++) {
		free(pl->alerts[i].name);
		free(pl->alerts[i].keys);
	}
	pl->nalerts = 0;
	cfg_merge_count(pl);
	while ((np = TAILQ_FIRST(&dropped)) != NULL) {
		TAILQ_REMOVE(&dropped, np, entry);
		cfg_program_free(np);
	}
	free(olds);
	free(news);
}
