/*
 * supervisord's event listener protocol. The processes of a program with
 * "events" form a pool (named by its [eventlistener:x] section); each
 * event of a type the pool wants is buffered in it (buffer_size events,
 * the oldest dropped and said when one more comes) and sent to a member
 * that is RUNNING and has written READY:
 *
 *	ver:3.0 server:supervisor serial:21 pool:x poolserial:10
 *	eventname:PROCESS_STATE_RUNNING len:64\n	(one line)
 *	<64 bytes of payload>
 *
 * The member is then BUSY until it answers "RESULT 2\nOK"; any other
 * result (FAIL) or its death puts the event back at the head of the
 * buffer. Anything else it writes breaks the protocol: it is UNKNOWN and
 * gets no more events until it is started again, as in supervisord.
 * Writes to a listener never block the loop: its standard input is a
 * non-blocking pipe with an evbuffer in front.
 */

#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>
#include <unistd.h>

#include "hash.h"
#include "listener.h"
#include "xmalloc.h"

#define LSN_LINE_MAX	64	/* a READY or RESULT line, at most */

struct lsn_event {
	uint64_t	 serial;
	uint64_t	 poolserial;
	enum lsn_type	 type;
	char		*payload;
};

struct lsn_pool {
	char		*name;
	uint32_t	 mask;
	u_int		 size;		/* buffer_size */
	struct lsn_event *buf;		/* a ring of size */
	u_int		 start;
	u_int		 count;
	uint64_t	 serial;	/* the last poolserial given */
	struct program	**members;
	u_int		 nmembers;
	bool		 seen;		/* lsn_sync: still configured */
	TAILQ_ENTRY(lsn_pool) entry;
};

struct lsn_sv {
	struct supervisor *sv;
	TAILQ_HEAD(, lsn_pool) pools;
	uint64_t	 serial;	/* the last serial given */
	uint32_t	 wants;		/* every pool's types */
	struct sv_listener listener;
	struct event	*tick_ev;
	time_t		 tick[3];	/* the last slice of 5, 60, 3600 s */
};

enum lsn_state { LSN_ACKNOWLEDGED, LSN_READY, LSN_BUSY, LSN_UNKNOWN };

struct lsn {
	struct proc	*p;
	enum lsn_state	 state;
	int		 fd;		/* its standard input */
	struct evbuffer	*out;
	struct event	*wev;
	char		*pool;		/* its pool's name */
	struct lsn_event held;		/* BUSY: the event sent */
	char		 line[LSN_LINE_MAX];
	size_t		 linelen;
	bool		 in_result;	/* reading the RESULT's bytes */
	unsigned long long want, got;	/* of the result */
	char		 result[4];	/* its first bytes */
};

static const time_t lsn_periods[3] = { 5, 60, 3600 };

static struct lsn_pool *lsn_pool_find(struct lsn_sv *, const char *);
static void	lsn_pool_free(struct lsn_pool *);
static void	lsn_accept(struct lsn_pool *, struct lsn_event *, bool);
static void	lsn_dispatch(struct supervisor *, struct lsn_pool *);
static void	lsn_send(struct lsn *, struct lsn_pool *, struct lsn_event *);
static void	lsn_flush(struct lsn *);
static void	lsn_write_cb(evutil_socket_t, short, void *);
static void	lsn_unknown(struct lsn *, const char *);
static void	lsn_rebuffer(struct lsn *);
static void	lsn_result(struct lsn *);
static void	lsn_changed(struct proc *, enum proc_state, void *);
static void	lsn_tick_arm(struct lsn_sv *);
static void	lsn_tick_cb(evutil_socket_t, short, void *);

void
lsn_init(struct supervisor *sv)
{
	struct lsn_sv	*ls;

	ls = xcalloc(1, sizeof *ls);
	ls->sv = sv;
	TAILQ_INIT(&ls->pools);
	ls->serial = (uint64_t)-1;
	ls->listener.cb = lsn_changed;
	ls->listener.arg = ls;
	sv_listen(sv, &ls->listener);
	ls->tick_ev = evtimer_new(sv->base, lsn_tick_cb, ls);
	sv->lsn = ls;
}

void
lsn_free(struct supervisor *sv)
{
	struct lsn_sv	*ls = sv->lsn;
	struct lsn_pool	*pl;

	if (ls == NULL)
		return;
	sv_unlisten(sv, &ls->listener);
	while ((pl = TAILQ_FIRST(&ls->pools)) != NULL) {
		TAILQ_REMOVE(&ls->pools, pl, entry);
		lsn_pool_free(pl);
	}
	event_free(ls->tick_ev);
	free(ls);
	sv->lsn = NULL;
}

static struct lsn_pool *
lsn_pool_find(struct lsn_sv *ls, const char *name)
{
	struct lsn_pool	*pl;

	if (ls == NULL || name == NULL)
		return (NULL);
	TAILQ_FOREACH(pl, &ls->pools, entry) {
		if (strcmp(pl->name, name) == 0)
			return (pl);
	}
	return (NULL);
}

static void
lsn_pool_free(struct lsn_pool *pl)
{
	u_int	 i;

	for (i = 0; i < pl->count; i++)
		free(pl->buf[(pl->start + i) % pl->size].payload);
	free(pl->buf);
	free(pl->members);
	free(pl->name);
	free(pl);
}

/* A pool's buffer at a new size, keeping the newest events. */
static void
lsn_pool_resize(struct lsn_pool *pl, u_int size)
{
	struct lsn_event	*buf;
	u_int			 i, keep;

	if (size == pl->size)
		return;
	buf = xcalloc(size, sizeof *buf);
	keep = pl->count < size ? pl->count : size;
	for (i = 0; i < pl->count; i++) {
		if (i < pl->count - keep)
			free(pl->buf[(pl->start + i) % pl->size].payload);
		else
			buf[i - (pl->count - keep)] =
			    pl->buf[(pl->start + i) % pl->size];
	}
	free(pl->buf);
	pl->buf = buf;
	pl->size = size;
	pl->start = 0;
	pl->count = keep;
}

void
lsn_sync(struct supervisor *sv)
{
	struct lsn_sv		*ls = sv->lsn;
	struct lsn_pool		*pl, *pl1;
	struct program		*pg;
	struct cfg_program	*cp;
	const char		*name;
	uint32_t		 mask;
	char			*cause;

	if (ls == NULL)
		return;
	TAILQ_FOREACH(pl, &ls->pools, entry) {
		pl->seen = false;
		pl->nmembers = 0;
		pl->mask = 0;
	}
	TAILQ_FOREACH(pg, &sv->programs, entry) {
		cp = pg->cp;
		if (cp->events == NULL)
			continue;
		if (lsn_parse_events(cp->events, &mask, &cause) != 0) {
			free(cause);	/* said by cfg_check */
			continue;
		}
		name = cp->group_name != NULL ? cp->group_name : pg->name;
		if ((pl = lsn_pool_find(ls, name)) == NULL) {
			pl = xcalloc(1, sizeof *pl);
			pl->name = xstrdup(name);
			pl->serial = (uint64_t)-1;
			TAILQ_INSERT_TAIL(&ls->pools, pl, entry);
		}
		if (!pl->seen)
			lsn_pool_resize(pl, cp->buffer_size);
		pl->seen = true;
		pl->mask |= mask;
		pl->members = xreallocarray(pl->members, pl->nmembers + 1,
		    sizeof *pl->members);
		pl->members[pl->nmembers++] = pg;
	}
	ls->wants = 0;
	TAILQ_FOREACH_SAFE(pl, &ls->pools, entry, pl1) {
		if (!pl->seen) {
			TAILQ_REMOVE(&ls->pools, pl, entry);
			lsn_pool_free(pl);
		} else
			ls->wants |= pl->mask;
	}
	lsn_tick_arm(ls);
}

/* Buffer an event; a full buffer loses its oldest, saying so. */
static void
lsn_accept(struct lsn_pool *pl, struct lsn_event *ev, bool head)
{
	struct lsn_event	*old;

	if (pl->count == pl->size) {
		old = &pl->buf[pl->start];
		eventlog(EVL_ERROR, pl->name, "pool %s event buffer "
		    "overflowed, discarding event %llu", pl->name,
		    (unsigned long long)old->serial);
		free(old->payload);
		pl->start = (pl->start + 1) % pl->size;
		pl->count--;
	}
	if (head) {
		pl->start = (pl->start + pl->size - 1) % pl->size;
		pl->buf[pl->start] = *ev;
	} else
		pl->buf[(pl->start + pl->count) % pl->size] = *ev;
	pl->count++;
}

void
lsn_emit(struct supervisor *sv, enum lsn_type type, const char *payload)
{
	struct lsn_sv		*ls = sv->lsn;
	struct lsn_pool		*pl;
	struct lsn_event	 ev;

	if (ls == NULL || (ls->wants & LSN_BIT(type)) == 0)
		return;
	ev.serial = ++ls->serial;
	ev.type = type;
	TAILQ_FOREACH(pl, &ls->pools, entry) {
		if ((pl->mask & LSN_BIT(type)) == 0)
			continue;
		ev.poolserial = ++pl->serial;
		ev.payload = xstrdup(payload);
		lsn_accept(pl, &ev, false);
		lsn_dispatch(sv, pl);
	}
}

/* Send buffered events, oldest first, while a member is READY. */
static void
lsn_dispatch(struct supervisor *sv, struct lsn_pool *pl)
{
	struct lsn	*l;
	struct proc	*p;
	u_int		 i, j;

	while (pl->count > 0) {
		l = NULL;
		for (i = 0; i < pl->nmembers && l == NULL; i++) {
			for (j = 0; j < pl->members[i]->nprocs; j++) {
				p = pl->members[i]->procs[j];
				if (p != NULL && p->lsn != NULL &&
				    p->state == PROC_RUNNING &&
				    p->lsn->state == LSN_READY) {
					l = p->lsn;
					break;
				}
			}
		}
		if (l == NULL)
			return;
		lsn_send(l, pl, &pl->buf[pl->start]);
		pl->start = (pl->start + 1) % pl->size;
		pl->count--;
	}
}

/* The envelope and the payload, to a READY member: now it is BUSY. */
static void
lsn_send(struct lsn *l, struct lsn_pool *pl, struct lsn_event *ev)
{
	const char	*server = l->p->pg->sv->cf->identifier;

	evbuffer_add_printf(l->out, "ver:3.0 server:%s serial:%llu pool:%s "
	    "poolserial:%llu eventname:%s len:%zu\n%s",
	    server != NULL ? server : "supervisor",
	    (unsigned long long)ev->serial, pl->name,
	    (unsigned long long)ev->poolserial, lsn_type_name(ev->type),
	    strlen(ev->payload), ev->payload);
	l->held = *ev;
	l->state = LSN_BUSY;
	lsn_flush(l);
}

/* Write what the pipe takes; the rest when it is writable again. */
static void
lsn_flush(struct lsn *l)
{
	int	 n;

	while (evbuffer_get_length(l->out) > 0) {
		n = evbuffer_write(l->out, l->fd);
		if (n > 0)
			continue;
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			event_add(l->wev, NULL);
			return;
		}
		/* Its end is closed: it is dying, and lsn_stop rebuffers. */
		evbuffer_drain(l->out, evbuffer_get_length(l->out));
		return;
	}
}

static void
lsn_write_cb(evutil_socket_t fd, short events, void *arg)
{
	lsn_flush(arg);
}

void
lsn_start(struct proc *p, int fd)
{
	struct lsn		*l;
	struct cfg_program	*cp = p->pg->cp;

	if (p->lsn != NULL)
		lsn_stop(p);
	l = xcalloc(1, sizeof *l);
	l->p = p;
	l->state = LSN_ACKNOWLEDGED;
	l->fd = fd;
	util_nonblock(fd);
	l->out = evbuffer_new();
	l->wev = event_new(p->pg->sv->base, fd, EV_WRITE, lsn_write_cb, l);
	l->pool = xstrdup(cp->group_name != NULL ? cp->group_name :
	    p->pg->name);
	p->lsn = l;
}

/* The event a member held goes back to the head of its pool. */
static void
lsn_rebuffer(struct lsn *l)
{
	struct lsn_pool	*pl;

	if (l->held.payload == NULL)
		return;
	if ((pl = lsn_pool_find(l->p->pg->sv->lsn, l->pool)) != NULL)
		lsn_accept(pl, &l->held, true);
	else
		free(l->held.payload);
	l->held.payload = NULL;
}

void
lsn_stop(struct proc *p)
{
	struct lsn	*l = p->lsn;
	struct lsn_pool	*pl;

	if (l == NULL)
		return;
	p->lsn = NULL;
	lsn_rebuffer(l);
	event_free(l->wev);
	evbuffer_free(l->out);
	close(l->fd);
	/* Another member may take what this one held. */
	if ((pl = lsn_pool_find(p->pg->sv->lsn, l->pool)) != NULL)
		lsn_dispatch(p->pg->sv, pl);
	free(l->pool);
	free(l);
}

/* A protocol error: no more events for this run, as supervisord. */
static void
lsn_unknown(struct lsn *l, const char *why)
{
	eventlog(EVL_WARN, l->p->name, "%s: has entered the UNKNOWN state "
	    "and will no longer receive events, this usually indicates the "
	    "process violated the eventlistener protocol", why);
	l->state = LSN_UNKNOWN;
	l->in_result = false;
	l->linelen = 0;
	lsn_rebuffer(l);
}

/* A whole result: OK is done with, anything else is rejected. */
static void
lsn_result(struct lsn *l)
{
	l->in_result = false;
	l->state = LSN_ACKNOWLEDGED;
	if (l->want == 2 && memcmp(l->result, "OK", 2) == 0) {
		free(l->held.payload);
		l->held.payload = NULL;
		return;
	}
	eventlog(EVL_WARN, l->p->name, "event %llu was rejected",
	    (unsigned long long)l->held.serial);
	lsn_rebuffer(l);
}

/* The line after RESULT: how many bytes the result has. */
static void
lsn_result_line(struct lsn *l)
{
	char	*end;

	l->line[l->linelen - 1] = '\0';
	l->linelen = 0;
	if (strncmp(l->line, "RESULT ", 7) != 0 || l->line[7] < '0' ||
	    l->line[7] > '9') {
		lsn_unknown(l, "bad result line");
		return;
	}
	errno = 0;
	l->want = strtoull(l->line + 7, &end, 10);
	if (*end != '\0' || errno != 0) {
		lsn_unknown(l, "bad result line");
		return;
	}
	l->got = 0;
	l->in_result = true;
	if (l->want == 0)
		lsn_result(l);
}

void
lsn_data(struct proc *p, const char *buf, size_t len)
{
	struct lsn	*l = p->lsn;
	struct lsn_pool	*pl;
	size_t		 i = 0, take;
	bool		 ready = false;

	while (l != NULL && i < len && l->state != LSN_UNKNOWN) {
		switch (l->state) {
		case LSN_ACKNOWLEDGED:
			l->line[l->linelen++] = buf[i++];
			if (memcmp(l->line, "READY\n", l->linelen) != 0) {
				lsn_unknown(l, "not READY");
				break;
			}
			if (l->linelen == 6) {
				l->linelen = 0;
				l->state = LSN_READY;
				ready = true;
			}
			break;
		case LSN_READY:
			lsn_unknown(l, "output while READY");
			break;
		case LSN_BUSY:
			if (l->in_result) {
				take = len - i;
				if (take > l->want - l->got)
					take = l->want - l->got;
				if (l->got < sizeof l->result)
					memcpy(l->result + l->got, buf + i,
					    take < sizeof l->result - l->got ?
					    take : sizeof l->result - l->got);
				l->got += take;
				i += take;
				if (l->got == l->want)
					lsn_result(l);
				break;
			}
			l->line[l->linelen++] = buf[i++];
			if (l->line[l->linelen - 1] == '\n')
				lsn_result_line(l);
			else if (l->linelen == sizeof l->line)
				lsn_unknown(l, "bad result line");
			break;
		default:
			break;
		}
	}
	if (ready && p->state == PROC_RUNNING &&
	    (pl = lsn_pool_find(p->pg->sv->lsn, l->pool)) != NULL)
		lsn_dispatch(p->pg->sv, pl);
}

/* Every state change is an event; a listener now RUNNING may take one. */
static void
lsn_changed(struct proc *p, enum proc_state old, void *arg)
{
	static const enum lsn_type types[PROC_NSTATES] = {
		[PROC_STOPPED] = LSN_PROCESS_STATE_STOPPED,
		[PROC_STARTING] = LSN_PROCESS_STATE_STARTING,
		[PROC_RUNNING] = LSN_PROCESS_STATE_RUNNING,
		[PROC_BACKOFF] = LSN_PROCESS_STATE_BACKOFF,
		[PROC_STOPPING] = LSN_PROCESS_STATE_STOPPING,
		[PROC_EXITED] = LSN_PROCESS_STATE_EXITED,
		[PROC_FATAL] = LSN_PROCESS_STATE_FATAL
	};
	struct lsn_sv	*ls = arg;
	struct lsn_pool	*pl;
	enum lsn_type	 t;
	char		*payload;

	if (p == NULL || p->state == old || p->state >= PROC_NSTATES)
		return;
	t = types[p->state];
	if (ls->wants & LSN_BIT(t)) {
		payload = lsn_state_payload(p, old);
		lsn_emit(ls->sv, t, payload);
		free(payload);
	}
	if (p->lsn != NULL && p->state == PROC_RUNNING &&
	    (pl = lsn_pool_find(ls, p->lsn->pool)) != NULL)
		lsn_dispatch(ls->sv, pl);
}

/* The next 5 s boundary of the clock, if a pool wants TICK events. */
static void
lsn_tick_arm(struct lsn_sv *ls)
{
	struct timespec	 ts;
	struct timeval	 tv;
	uint64_t	 ms, wait;
	u_int		 i;

	if ((ls->wants & LSN_TICKS) == 0) {
		event_del(ls->tick_ev);
		return;
	}
	if (evtimer_pending(ls->tick_ev, NULL))
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	for (i = 0; i < 3; i++) {
		if (ls->tick[i] == 0)
			ls->tick[i] = ts.tv_sec - ts.tv_sec % lsn_periods[i];
	}
	ms = (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	wait = 5000 - ms % 5000;
	tv.tv_sec = wait / 1000;
	tv.tv_usec = (wait % 1000) * 1000;
	evtimer_add(ls->tick_ev, &tv);
}

/* As supervisord: TICK_N when the clock enters a new slice of N s. */
static void
lsn_tick_cb(evutil_socket_t fd, short events, void *arg)
{
	struct lsn_sv	*ls = arg;
	time_t		 now = time(NULL), slice;
	char		 payload[64];
	u_int		 i;

	for (i = 0; i < 3; i++) {
		slice = now - now % lsn_periods[i];
		if (slice == ls->tick[i])
			continue;
		ls->tick[i] = slice;
		snprintf(payload, sizeof payload, "when:%lld",
		    (long long)slice);
		lsn_emit(ls->sv, LSN_TICK_5 + i, payload);
	}
	lsn_tick_arm(ls);
}

/*
 * As supervisord writes it: "processname:web groupname:web
 * from_state:STARTING pid:123".
 */
char *
lsn_state_payload(struct proc *p, enum proc_state old)
{
	struct cfg_program	*cp = p->pg->cp;
	const char		*process = p->name, *group = p->pg->name;
	pid_t			 pid = p->pid != 0 ? p->pid : p->pgid;
	char			*s, *extra;

	/* supervisorctl's "group:process" is two fields here. */
	if (cp->group_name != NULL &&
	    strncmp(p->name, cp->group_name, strlen(cp->group_name)) == 0 &&
	    p->name[strlen(cp->group_name)] == ':') {
		group = cp->group_name;
		process = p->name + strlen(cp->group_name) + 1;
	}
	switch (p->state) {
	case PROC_STARTING:
	case PROC_BACKOFF:
		extra = xstrfmt(" tries:%u", p->backoff);
		break;
	case PROC_EXITED:
		extra = xstrfmt(" expected:%d pid:%ld", p->exit_expected ? 1 : 0,
		    (long)pid);
		break;
	case PROC_RUNNING:
	case PROC_STOPPING:
	case PROC_STOPPED:
		extra = xstrfmt(" pid:%ld", (long)pid);
		break;
	default:
		extra = xstrdup("");
		break;
	}
	s = xstrfmt("processname:%s groupname:%s from_state:%s%s", process,
	    group, proc_fsm_state_name(old), extra);
	free(extra);
	return (s);
}

/*
 * A group a reload touches, with its members in the old and the new
 * config and what was said of it. A group that loses or gains a member
 * while it exists is removed and added again, as supervisord rebuilds it.
 */
struct lsn_said {
	struct hash_node	 node;
	char			*name;
	u_int			 before;
	u_int			 after;
	bool			 removed;
	bool			 added;
};

static const char *
lsn_group_name(const struct cfg_program *cp)
{
	return (cp->group_name != NULL ? cp->group_name : cp->name);
}

static struct lsn_said *
lsn_said_get(struct hash *said, const char *group)
{
	uint64_t	 hv = hash_string(group);
	struct hash_node *n;
	struct lsn_said	*ls;

	for (n = hash_first(said, hv); n != NULL; n = hash_next(n)) {
		ls = HASH_ENTRY(n, struct lsn_said, node);
		if (strcmp(ls->name, group) == 0)
			return (ls);
	}
	ls = xcalloc(1, sizeof *ls);
	ls->name = xstrdup(group);
	hash_add(said, &ls->node, hv);
	return (ls);
}

static void
lsn_said_emit(struct supervisor *sv, struct lsn_said *ls, enum lsn_type t)
{
	bool	*done = t == LSN_PROCESS_GROUP_ADDED ? &ls->added :
		    &ls->removed;
	char	*payload;

	if (*done)
		return;
	*done = true;
	payload = xstrfmt("groupname:%s\n", ls->name);
	lsn_emit(sv, t, payload);
	free(payload);
}

void
lsn_group_plan(struct hash *said, const struct cfg *ocf,
    const struct cfg *ncf)
{
	struct cfg_program	*cp;

	/* Only [group:x] groups can outlive a member. */
	TAILQ_FOREACH(cp, &ocf->programs, entry) {
		if (cp->group_name != NULL)
			lsn_said_get(said, cp->group_name)->before++;
	}
	TAILQ_FOREACH(cp, &ncf->programs, entry) {
		if (cp->group_name != NULL)
			lsn_said_get(said, cp->group_name)->after++;
	}
}

void
lsn_group(struct supervisor *sv, struct cfg_program *cp, enum lsn_type t,
    struct hash *said)
{
	struct lsn_said	*ls = lsn_said_get(said, lsn_group_name(cp));

	if (cp->group_name == NULL) {
		/* A program of its own: its group comes and goes with it. */
		if (t == LSN_PROCESS_GROUP_REMOVED)
			ls->before = 1;
		else
			ls->after = 1;
	}
	if (t == LSN_PROCESS_GROUP_ADDED && ls->before > 0)
		lsn_said_emit(sv, ls, LSN_PROCESS_GROUP_REMOVED);
	lsn_said_emit(sv, ls, t);
}

void
lsn_group_rebuilt(struct supervisor *sv, struct hash *said)
{
	struct hash_node	*n;
	struct lsn_said		*ls;
	u_int			 i;

	for (i = 0; i < said->size; i++) {
		for (n = said->b[i]; n != NULL; n = n->next) {
			ls = HASH_ENTRY(n, struct lsn_said, node);
			if (ls->removed && ls->after > 0)
				lsn_said_emit(sv, ls, LSN_PROCESS_GROUP_ADDED);
		}
	}
}

void
lsn_group_done(struct hash *said)
{
	struct hash_node	*n, *next;
	struct lsn_said		*ls;
	u_int			 i;

	for (i = 0; i < said->size; i++) {
		for (n = said->b[i]; n != NULL; n = next) {
			next = n->next;
			ls = HASH_ENTRY(n, struct lsn_said, node);
			free(ls->name);
			free(ls);
		}
	}
	hash_free(said);
}
