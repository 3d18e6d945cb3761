/*
 * The rate limit of one alert and its digest, as pure functions of the
 * time they are given, so the tests can play a day in a millisecond.
 *
 * A period starts with the first event after a quiet spell and lasts
 * the limit's PERIOD. In it, the first N events are sent; those after
 * are held: counted per process and event, and listed in one digest
 * when the period ends (the caller asks alert_limit_close, from a timer
 * at alert_limit_due). An event of a process that was sent less than
 * ALERT_REPEAT_MS ago is a repeat: held too, whatever the limit, so a
 * burst of the same news is one message.
 *
 * The counts live in a sorted array (process, then event), bounded by
 * ALERT_LIMIT_MAX_COUNTS: past it, held events are counted in "lost",
 * which the digest shows as "others". A closed period keeps only the
 * counts a repeat still needs.
 */

#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "xmalloc.h"

static int	 alert_limit_find(struct alert_limit *, const char *, int,
		     u_int *);
static struct alert_count *alert_limit_count(struct alert_limit *,
		     const char *, int);
static int	 alert_limit_item_cmp(const void *, const void *);

/* Set up a limit. */
void
alert_limit_init(struct alert_limit *l, u_int max, u_int period)
{
	memset(l, 0, sizeof *l);
	alert_limit_set(l, max, period);
}

/* A new limit applies from now on; the running period keeps its start. */
void
alert_limit_set(struct alert_limit *l, u_int max, u_int period)
{
	l->max = max;
	l->period_ms = (uint64_t)period * 1000;
}

/* Free the counts. */
void
alert_limit_free(struct alert_limit *l)
{
	u_int	i;

	for (i = 0; i < l->ncounts; i++)
		free(l->counts[i].process);
	free(l->counts);
	l->counts = NULL;
	l->ncounts = 0;
}

/*
 * Binary search for (process, ev): 1 and its index if there, else 0 and
 * where it would go.
 */
static int
alert_limit_find(struct alert_limit *l, const char *process, int ev,
    u_int *where)
{
	u_int	lo = 0, hi = l->ncounts, mid;
	int	r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(l->counts[mid].process, process);
		if (r == 0)
			r = l->counts[mid].ev - ev;
		if (r == 0) {
			*where = mid;
			return (1);
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*where = lo;
	return (0);
}

/* The count of (process, ev), made if there is room; NULL if not. */
static struct alert_count *
alert_limit_count(struct alert_limit *l, const char *process, int ev)
{
	struct alert_count	*c;
	u_int			 i;

	if (alert_limit_find(l, process, ev, &i))
		return (&l->counts[i]);
	if (l->ncounts == ALERT_LIMIT_MAX_COUNTS)
		return (NULL);
	l->counts = xreallocarray(l->counts, l->ncounts + 1,
	    sizeof *l->counts);
	memmove(&l->counts[i + 1], &l->counts[i],
	    (l->ncounts - i) * sizeof *l->counts);
	l->ncounts++;
	c = &l->counts[i];
	memset(c, 0, sizeof *c);
	c->process = xstrdup(process);
	c->ev = ev;
	return (c);
}

/* Decide about one event at now. */
enum alert_verdict
alert_limit_admit(struct alert_limit *l, const char *process, int ev,
    uint64_t now)
{
	struct alert_count	*c;
	bool			 repeat;

	if (process == NULL)
		process = "";
	if (!l->open) {
		l->open = true;
		l->start_ms = now;
		l->sent = 0;
		l->held = 0;
		l->lost = 0;
	}
	c = alert_limit_count(l, process, ev);
	repeat = c != NULL && c->sent_ms != 0 &&
	    now - c->sent_ms < ALERT_REPEAT_MS;
	if (!repeat && l->sent < l->max) {
		l->sent++;
		if (c != NULL)
			c->sent_ms = now != 0 ? now : 1;
		return (ALERT_SEND);
	}
	l->held++;
	if (c != NULL)
		c->held++;
	else
		l->lost++;
	return (repeat ? ALERT_REPEAT : ALERT_HOLD);
}

/* When the running period ends, or 0. */
uint64_t
alert_limit_due(const struct alert_limit *l)
{
	if (!l->open)
		return (0);
	return (l->start_ms + l->period_ms);
}

/* Most first, then by process and event. */
static int
alert_limit_item_cmp(const void *a0, const void *b0)
{
	const struct alert_digest_item	*a = a0, *b = b0;
	int				 r;

	if (a->count != b->count)
		return (a->count > b->count ? -1 : 1);
	if ((r = strcmp(a->process, b->process)) != 0)
		return (r);
	return (a->ev - b->ev);
}

/* End the period if it is over: the digest of what it held, or NULL. */
struct alert_digest *
alert_limit_close(struct alert_limit *l, uint64_t now)
{
	struct alert_digest	*d = NULL;
	struct alert_count	*c;
	u_int			 i, kept = 0;

	if (!l->open || now < alert_limit_due(l))
		return (NULL);
	if (l->held > 0) {
		d = xcalloc(1, sizeof *d);
		d->total = l->held;
		d->period = l->period_ms / 1000;
		d->other = l->lost;
		d->items = xcalloc(l->ncounts + 1, sizeof *d->items);
		for (i = 0; i < l->ncounts; i++) {
			c = &l->counts[i];
			if (c->held == 0)
				continue;
			d->items[d->n].process = xstrdup(c->process);
			d->items[d->n].ev = c->ev;
			d->items[d->n].count = c->held;
			d->n++;
		}
		qsort(d->items, d->n, sizeof *d->items, alert_limit_item_cmp);
	}
	/* Keep only what a repeat still needs to know. */
	for (i = 0; i < l->ncounts; i++) {
		c = &l->counts[i];
		if (c->sent_ms != 0 && now - c->sent_ms < ALERT_REPEAT_MS) {
			c->held = 0;
			l->counts[kept++] = *c;
		} else
			free(c->process);
	}
	l->ncounts = kept;
	l->open = false;
	l->sent = l->held = l->lost = 0;
	return (d);
}

/* Free a digest. */
void
alert_digest_free(struct alert_digest *d)
{
	u_int	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		free(d->items[i].process);
	free(d->items);
	free(d);
}
