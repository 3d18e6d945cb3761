/*
 * The alert engine: from events to deliveries.
 *
 * Process events come from a state listener (sv_listen), so the state
 * machine knows nothing of alerts; the daemon's events (start, stop,
 * reload) are told by daemon.c and cmd-reload.c. For each alert that
 * wants an event, the limit (alert-limit.c) decides first, so an event
 * held back costs a lookup and nothing else; only an event to send is
 * captured: its facts and the last lines of the process's screen, at
 * once, before the screen moves on.
 *
 * Each alert has its own queue, delivered one message at a time, in
 * order, by its transport (alert-curl.c, alert-syslog.c), which answers
 * through alert_attempt_done, now or later. Nothing is started inside
 * the listener: a zero-delay event per alert does that on its own loop
 * turn, so a restart is never delayed by a delivery. HTTP and mail have
 * three attempts, 1 s then 2 s apart. A queue holds at most
 * ALERT_QUEUE_MAX messages: a target that hangs loses messages (each
 * said in the event log), never memory. Test messages (alert test) skip
 * the queue and the limit and have one attempt, so their answer comes
 * within one timeout.
 *
 * A reload applies alert changes in place: an alert keeps its queue, its
 * counts and its limit's period under its name; a removed alert drops
 * what it had queued, saying so. At the daemon's stop, daemon_stop is
 * sent and the daemon waits for the queues, no longer than
 * ALERT_STOP_WAIT_MS and with no more retries.
 */

#include <sys/time.h>

#include <errno.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "alert.h"
#include "log.h"
#include "xmalloc.h"

/* Messages an alert keeps waiting for its target. */
#define ALERT_QUEUE_MAX		64
/* Attempts at delivering a message over HTTP, SMTP or TCP syslog. */
#define ALERT_ATTEMPTS		3
/* The longest the daemon waits for alerts when it stops. */
#define ALERT_STOP_WAIT_MS	5000

/* One message to deliver. */
struct alert_msg {
	struct alert		*a;
	struct alert_info	*ai;
	u_int			 seq;
	u_int			 attempts;	/* made so far */
	u_int			 max_attempts;
	bool			 busy;		/* an attempt is running */
	enum alert_kind		 kind;		/* ... by this transport */
	bool			 test;
	alert_test_cb		 cb;		/* tests: told the end */
	void			*cb_arg;
	void			*xfer;		/* the transport's */
	struct event		*retry_ev;
	TAILQ_ENTRY(alert_msg)	 entry;
};
TAILQ_HEAD(alert_msgs, alert_msg);

/* One alert of the running config. */
struct alert {
	char			*name;
	struct cfg_alert	*ca;		/* in the supervisor's config */
	struct alert_limit	 limit;
	struct event		*period_ev;	/* the limit's period ends */
	struct event		*kick_ev;	/* start the next delivery */
	struct alert_msgs	 queue;		/* the head is being sent */
	u_int			 nqueue;
	struct alert_msgs	 tests;
	struct alert_syslog	*syslog;
	u_int			 sent;
	u_int			 failed;
	u_int			 suppressed;
	char			*last_error;
	time_t			 last_error_at;
	TAILQ_ENTRY(alert)	 entry;
};

/* Everything, for the one daemon of this process. */
static struct {
	struct event_base	*base;
	struct supervisor	*sv;
	TAILQ_HEAD(, alert)	 list;
	struct sv_listener	 listener;
	char			*host;
	u_int			 seq;
	bool			 started;
	bool			 stopping;
	void			(*stop_cb)(void *);
	void			*stop_arg;
	struct event		*stop_ev;
} alerts = { .list = TAILQ_HEAD_INITIALIZER(alerts.list) };

static struct alert *alert_create(struct cfg_alert *);
static void	 alert_destroy(struct alert *, const char *);
static struct alert *alert_find(const char *);
static void	 alert_proc_cb(struct proc *, enum proc_state, void *);
static void	 alert_fire(struct proc *, enum proc_state, enum alert_event);
static bool	 alert_admit(struct alert *, const char *, enum alert_event,
		     uint64_t);
static void	 alert_admitted(struct alert *, const struct alert_info *);
static void	 alert_period(struct alert *, uint64_t);
static void	 alert_period_cb(evutil_socket_t, short, void *);
static void	 alert_kick_cb(evutil_socket_t, short, void *);
static void	 alert_retry_cb(evutil_socket_t, short, void *);
static struct alert_msg *alert_msg_create(struct alert *,
		     const struct alert_info *);
static void	 alert_msg_free(struct alert_msg *);
static void	 alert_attempt(struct alert_msg *);
static void	 alert_cancel(struct alert_msg *);
static void	 alert_finish(struct alert_msg *, bool, const char *);
static void	 alert_error(struct alert *, const char *);
static char	*alert_what(const struct alert_msg *);
static void	 alert_stop_check(void);
static void	 alert_stop_cb(evutil_socket_t, short, void *);

/* The runtime of a configured alert. */
static struct alert *
alert_create(struct cfg_alert *ca)
{
	struct alert	*a;

	a = xcalloc(1, sizeof *a);
	a->name = xstrdup(ca->name);
	a->ca = ca;
	alert_limit_init(&a->limit, ca->limit, ca->period);
	a->period_ev = evtimer_new(alerts.base, alert_period_cb, a);
	a->kick_ev = event_new(alerts.base, -1, 0, alert_kick_cb, a);
	TAILQ_INIT(&a->queue);
	TAILQ_INIT(&a->tests);
	return (a);
}

/* Drop an alert and what it holds; why: for the log, NULL: nothing. */
static void
alert_destroy(struct alert *a, const char *why)
{
	struct alert_msg	*m;
	u_int			 n = a->nqueue;

	while ((m = TAILQ_FIRST(&a->tests)) != NULL) {
		alert_cancel(m);
		alert_finish(m, false, why != NULL ? why : "taskmasterd "
		    "stopped before it was delivered");
	}
	while ((m = TAILQ_FIRST(&a->queue)) != NULL) {
		alert_cancel(m);
		TAILQ_REMOVE(&a->queue, m, entry);
		alert_msg_free(m);
	}
	if (why != NULL && n > 0)
		eventlog(EVL_WARN, NULL, "alert %s: %s: %u message%s not "
		    "delivered, dropped", a->name, why, n, n == 1 ? "" : "s");
	alert_syslog_free(a->syslog);
	event_free(a->period_ev);
	event_free(a->kick_ev);
	alert_limit_free(&a->limit);
	free(a->last_error);
	free(a->name);
	free(a);
}

/* The alert called name. */
static struct alert *
alert_find(const char *name)
{
	struct alert	*a;

	TAILQ_FOREACH(a, &alerts.list, entry) {
		if (strcmp(a->name, name) == 0)
			return (a);
	}
	return (NULL);
}

/* Start: one runtime per alert of the config, and listen. */
void
alert_start(struct event_base *base, struct supervisor *sv)
{
	struct cfg_alert	*ca;
	struct alert		*a;
	char			 host[256];

	alerts.base = base;
	alerts.sv = sv;
	alert_curl_init(base);
	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	alerts.host = xstrdup(host);
	if (sv->cf->alerts != NULL) {
		TAILQ_FOREACH(ca, &sv->cf->alerts->list, entry) {
			a = alert_create(ca);
			TAILQ_INSERT_TAIL(&alerts.list, a, entry);
		}
	}
	alerts.listener.cb = alert_proc_cb;
	sv_listen(sv, &alerts.listener);
	alerts.started = true;
	alert_daemon_event(ALERT_DAEMON_START, NULL, NULL, 0);
}

/*
 * Send daemon_stop and the digests of the periods still running, then
 * wait for the queues, not for long.
 */
void
alert_stop(void (*cb)(void *), void *arg)
{
	struct timeval	 tv = { ALERT_STOP_WAIT_MS / 1000,
			     (ALERT_STOP_WAIT_MS % 1000) * 1000 };
	struct alert	*a;
	uint64_t	 due;

	alerts.stop_cb = cb;
	alerts.stop_arg = arg;
	if (!alerts.started) {
		cb(arg);
		return;
	}
	alert_daemon_event(ALERT_DAEMON_STOP, NULL, NULL, 0);
	/* What the limits held back is told now, or never. */
	TAILQ_FOREACH(a, &alerts.list, entry) {
		if ((due = alert_limit_due(&a->limit)) != 0)
			alert_period(a, due);
	}
	alerts.stopping = true;
	alerts.stop_ev = evtimer_new(alerts.base, alert_stop_cb, NULL);
	evtimer_add(alerts.stop_ev, &tv);
	alert_stop_check();
}

/* Whether every queue is empty: then the stop is over. */
static void
alert_stop_check(void)
{
	struct alert	*a;

	if (!alerts.stopping || alerts.stop_cb == NULL)
		return;
	TAILQ_FOREACH(a, &alerts.list, entry) {
		if (!TAILQ_EMPTY(&a->queue) || !TAILQ_EMPTY(&a->tests))
			return;
	}
	event_active(alerts.stop_ev, EV_TIMEOUT, 0);
}

/* The stop is over, or it took too long. */
static void
alert_stop_cb(evutil_socket_t fd, short events, void *arg)
{
	struct alert	*a;
	void		(*cb)(void *) = alerts.stop_cb;
	u_int		 n = 0;

	if (cb == NULL)
		return;
	TAILQ_FOREACH(a, &alerts.list, entry)
		n += a->nqueue;
	if (n > 0) {
		eventlog(EVL_WARN, NULL, "alerts: %u message%s not delivered "
		    "%u s after the stop", n, n == 1 ? "" : "s",
		    ALERT_STOP_WAIT_MS / 1000);
	}
	alerts.stop_cb = NULL;
	cb(alerts.stop_arg);
}

/* Free everything. */
void
alert_free(void)
{
	struct alert	*a;

	if (alerts.sv != NULL && alerts.started)
		sv_unlisten(alerts.sv, &alerts.listener);
	while ((a = TAILQ_FIRST(&alerts.list)) != NULL) {
		TAILQ_REMOVE(&alerts.list, a, entry);
		alert_destroy(a, NULL);
	}
	alert_curl_free();
	if (alerts.stop_ev != NULL)
		event_free(alerts.stop_ev);
	free(alerts.host);
	memset(&alerts, 0, sizeof alerts);
	TAILQ_INIT(&alerts.list);
}

/*
 * A reload: the new config's alerts replace the old ones by name, before
 * the old config is freed. What a kept alert has queued is sent with its
 * new settings.
 */
void
alert_reload(struct cfg *ncf, const struct plan *pl)
{
	struct alert		*a, *a1;
	struct cfg_alert	*ca;
	TAILQ_HEAD(, alert)	 order;
	char			*s;
	u_int			 i;

	if (!alerts.started)
		return;
	for (i = 0; i < pl->nalerts; i++) {
		if (pl->alerts[i].kind == PLAN_UNCHANGED)
			continue;
		s = plan_alert_format(&pl->alerts[i]);
		eventlog(EVL_INFO, NULL, "reload: %s", s);
		free(s);
	}
	TAILQ_FOREACH_SAFE(a, &alerts.list, entry, a1) {
		if (alert_cfg_find(ncf->alerts, a->name) != NULL)
			continue;
		TAILQ_REMOVE(&alerts.list, a, entry);
		alert_destroy(a, "removed by a reload");
	}
	TAILQ_INIT(&order);
	if (ncf->alerts != NULL) {
		TAILQ_FOREACH(ca, &ncf->alerts->list, entry) {
			if ((a = alert_find(ca->name)) != NULL) {
				TAILQ_REMOVE(&alerts.list, a, entry);
				a->ca = ca;
				alert_limit_set(&a->limit, ca->limit,
				    ca->period);
				if (a->limit.open)
					alert_period(a, util_now_ms());
			} else
				a = alert_create(ca);
			TAILQ_INSERT_TAIL(&order, a, entry);
		}
	}
	TAILQ_CONCAT(&alerts.list, &order, entry);
}

/* A process changed state: the events that makes, if any. */
static void
alert_proc_cb(struct proc *p, enum proc_state old, void *arg)
{
	if (p == NULL || old == p->state || TAILQ_EMPTY(&alerts.list) ||
	    !p->pg->cp->alerts)
		return;
	switch (p->state) {
	case PROC_RUNNING:
		alert_fire(p, old, ALERT_STARTED);
		break;
	case PROC_EXITED:
		alert_fire(p, old, p->exit_expected ? ALERT_EXITED :
		    ALERT_CRASHED);
		break;
	case PROC_BACKOFF:
	case PROC_FATAL:
		if (p->spawn_error != NULL)
			alert_fire(p, old, ALERT_SPAWN_ERROR);
		alert_fire(p, old, p->state == PROC_FATAL ? ALERT_FATAL :
		    ALERT_BACKOFF);
		break;
	case PROC_STOPPED:
		alert_fire(p, old, ALERT_STOPPED);
		break;
	default:
		break;
	}
}

/* An event of a process, to every alert that wants it and may send. */
static void
alert_fire(struct proc *p, enum proc_state old, enum alert_event ev)
{
	struct alert		*a;
	struct alert_info	*ai = NULL;
	uint64_t		 now = util_now_ms();

	TAILQ_FOREACH(a, &alerts.list, entry) {
		if ((a->ca->events & ALERT_EVENT_BIT(ev)) == 0 ||
		    !alert_cfg_wants(a->ca, p->pg->name) ||
		    !alert_admit(a, p->name, ev, now))
			continue;
		if (ai == NULL)
			ai = alert_info_proc(p, old, ev, alerts.host);
		alert_admitted(a, ai);
	}
	alert_info_free(ai);
}

/* An event of the daemon, to every alert that wants it. */
void
alert_daemon_event(enum alert_event ev, const char *text, char **lines,
    u_int nlines)
{
	struct alert		*a;
	struct alert_info	 ai;
	uint64_t		 now = util_now_ms();

	if (alerts.base == NULL)
		return;
	alert_info_now(&ai, ev, alerts.host);
	if (text != NULL)
		ai.text = xstrdup(text);
	else if (ev == ALERT_DAEMON_START)
		ai.text = xstrfmt("taskmasterd started (pid %ld, %u program%s)",
		    ai.daemon_pid, alerts.sv->cf->nprograms,
		    alerts.sv->cf->nprograms == 1 ? "" : "s");
	else
		ai.text = xstrfmt("taskmasterd stopped (pid %ld)",
		    ai.daemon_pid);
	ai.lines = lines;
	ai.nlines = nlines;
	TAILQ_FOREACH(a, &alerts.list, entry) {
		if ((a->ca->events & ALERT_EVENT_BIT(ev)) != 0 &&
		    alert_admit(a, NULL, ev, now))
			alert_admitted(a, &ai);
	}
	free(ai.host);
	free(ai.text);
}

/*
 * Ask the limit. A period that is over is closed first (its digest goes
 * before this event), and the one this event opens gets its timer.
 */
static bool
alert_admit(struct alert *a, const char *process, enum alert_event ev,
    uint64_t now)
{
	enum alert_verdict	 v;

	alert_period(a, now);
	v = alert_limit_admit(&a->limit, process, ev, now);
	alert_period(a, now);
	if (v == ALERT_SEND)
		return (true);
	a->suppressed++;
	return (false);
}

/* A message to queue, unless the queue is full. */
static void
alert_admitted(struct alert *a, const struct alert_info *ai)
{
	struct alert_msg	*m;
	char			*what, *why;

	m = alert_msg_create(a, ai);
	if (a->nqueue >= ALERT_QUEUE_MAX) {
		what = alert_what(m);
		why = xstrfmt("queue full (%u messages waiting for the "
		    "target): dropped %s", a->nqueue, what);
		eventlog(EVL_WARN, NULL, "alert %s: %s", a->name, why);
		alert_error(a, why);
		a->failed++;
		free(why);
		free(what);
		alert_msg_free(m);
		return;
	}
	TAILQ_INSERT_TAIL(&a->queue, m, entry);
	a->nqueue++;
	event_active(a->kick_ev, EV_TIMEOUT, 0);
}

/*
 * Close the limit's period if it is over (its digest is queued like any
 * message), and keep the timer on the end of the one running.
 */
static void
alert_period(struct alert *a, uint64_t now)
{
	struct alert_digest	*d;
	struct alert_info	 ai;
	struct timeval		 tv;
	uint64_t		 due;

	if ((d = alert_limit_close(&a->limit, now)) != NULL) {
		alert_info_now(&ai, ALERT_DIGEST, alerts.host);
		ai.digest = d;
		alert_admitted(a, &ai);
		free(ai.host);
		alert_digest_free(d);
	}
	if ((due = alert_limit_due(&a->limit)) == 0) {
		evtimer_del(a->period_ev);
		return;
	}
	if (evtimer_pending(a->period_ev, NULL))
		return;
	due = due > now ? due - now : 0;
	tv.tv_sec = due / 1000;
	tv.tv_usec = (due % 1000) * 1000;
	evtimer_add(a->period_ev, &tv);
}

/* The end of a limit's period. */
static void
alert_period_cb(evutil_socket_t fd, short events, void *arg)
{
	alert_period(arg, util_now_ms());
}

/* On its own loop turn: start the head of the queue if it waits. */
static void
alert_kick_cb(evutil_socket_t fd, short events, void *arg)
{
	struct alert		*a = arg;
	struct alert_msg	*m;

	m = TAILQ_FIRST(&a->queue);
	if (m != NULL && !m->busy && !evtimer_pending(m->retry_ev, NULL))
		alert_attempt(m);
}

/* The backoff between two attempts is over. */
static void
alert_retry_cb(evutil_socket_t fd, short events, void *arg)
{
	alert_attempt(arg);
}

/* A message of an alert, with its own copy of the info. */
static struct alert_msg *
alert_msg_create(struct alert *a, const struct alert_info *ai)
{
	struct alert_msg	*m;

	m = xcalloc(1, sizeof *m);
	m->a = a;
	m->ai = alert_info_copy(ai);
	free(m->ai->alert);
	m->ai->alert = xstrdup(a->name);
	m->seq = ++alerts.seq;
	m->max_attempts = (a->ca->kind == ALERT_SYSLOG &&
	    (a->ca->server == NULL || strncasecmp(a->ca->server, "tcp:",
	    4) != 0)) ? 1 : ALERT_ATTEMPTS;
	m->retry_ev = evtimer_new(alerts.base, alert_retry_cb, m);
	return (m);
}

/* Free a message that is in no list and has no attempt running. */
static void
alert_msg_free(struct alert_msg *m)
{
	event_free(m->retry_ev);
	alert_info_free(m->ai);
	free(m);
}

/* "web:0 crashed", "a digest", "daemon_start": what a message is about. */
static char *
alert_what(const struct alert_msg *m)
{
	const struct alert_info	*ai = m->ai;

	if (ai->ev == ALERT_DIGEST)
		return (xstrfmt("a digest of %u events", ai->digest->total));
	if (ai->ev == ALERT_TEST)
		return (xstrdup("a test message"));
	if (ai->process != NULL)
		return (xstrfmt("%s %s", ai->process,
		    alert_event_name(ai->ev)));
	return (xstrdup(alert_event_name(ai->ev)));
}

/* One attempt by the alert's transport. */
static void
alert_attempt(struct alert_msg *m)
{
	m->attempts++;
	m->busy = true;
	m->kind = m->a->ca->kind;
	log_debug("%s: alert %s: message %u, attempt %u/%u", __func__,
	    m->a->name, m->seq, m->attempts, m->max_attempts);
	switch (m->a->ca->kind) {
	case ALERT_HTTP:
	case ALERT_EMAIL:
		alert_curl_start(m);
		break;
	case ALERT_SYSLOG:
		alert_syslog_start(&m->a->syslog, alerts.base, m);
		break;
	}
}

/* Stop the attempt of a message, if one runs, and its retry. */
static void
alert_cancel(struct alert_msg *m)
{
	evtimer_del(m->retry_ev);
	if (!m->busy)
		return;
	if (m->kind == ALERT_SYSLOG)
		alert_syslog_cancel(m->a->syslog, m);
	else
		alert_curl_cancel(m);
	m->busy = false;
	m->xfer = NULL;
}

/* Remember the last error of an alert. */
static void
alert_error(struct alert *a, const char *cause)
{
	free(a->last_error);
	a->last_error = xstrdup(cause);
	a->last_error_at = time(NULL);
}

/* The end of an attempt: done, or another attempt later, or failed. */
void
alert_attempt_done(struct alert_msg *m, bool ok, const char *text)
{
	struct alert	*a = m->a;
	struct timeval	 tv;
	char		*what;

	m->busy = false;
	m->xfer = NULL;
	what = alert_what(m);
	if (ok) {
		a->sent++;
		eventlog(EVL_INFO, NULL, "alert %s: sent %s (%s)", a->name,
		    what, text);
	} else if (m->attempts < m->max_attempts && !alerts.stopping) {
		log_debug("%s: alert %s: %s: attempt %u failed: %s", __func__,
		    a->name, what, m->attempts, text);
		tv.tv_sec = 1 << (m->attempts - 1);
		tv.tv_usec = 0;
		evtimer_add(m->retry_ev, &tv);
		free(what);
		return;
	} else {
		a->failed++;
		alert_error(a, text);
		eventlog(EVL_ERROR, NULL, "alert %s: %s not delivered: %s (%u "
		    "attempt%s)", a->name, what, text, m->attempts,
		    m->attempts == 1 ? "" : "s");
	}
	free(what);
	alert_finish(m, ok, text);
}

/* A message is over: off its list, its test told, the next one started. */
static void
alert_finish(struct alert_msg *m, bool ok, const char *text)
{
	struct alert	*a = m->a;

	if (m->test) {
		TAILQ_REMOVE(&a->tests, m, entry);
		if (m->cb != NULL)
			m->cb(m->cb_arg, ok, text);
	} else {
		TAILQ_REMOVE(&a->queue, m, entry);
		a->nqueue--;
		if (!TAILQ_EMPTY(&a->queue))
			event_active(a->kick_ev, EV_TIMEOUT, 0);
	}
	alert_msg_free(m);
	alert_stop_check();
}

/* Send a test message through an alert. */
int
alert_test(const char *name, alert_test_cb cb, void *arg, char **cause)
{
	struct alert		*a;
	struct alert_msg	*m;
	struct alert_info	 ai;

	if ((a = alert_find(name)) == NULL) {
		if (TAILQ_EMPTY(&alerts.list))
			*cause = xstrdup("no such alert (none is configured)");
		else
			*cause = xstrdup("no such alert (the alerts command "
			    "lists them)");
		return (-1);
	}
	alert_info_now(&ai, ALERT_TEST, alerts.host);
	ai.text = xstrfmt("test message of alert %s, sent by \"taskmasterctl "
	    "alert test\"", name);
	m = alert_msg_create(a, &ai);
	free(ai.host);
	free(ai.text);
	m->test = true;
	m->max_attempts = 1;
	m->cb = cb;
	m->cb_arg = arg;
	TAILQ_INSERT_TAIL(&a->tests, m, entry);
	alert_attempt(m);
	return (0);
}

/* Every alert's figures, in the config's order (caller frees). */
struct alert_stat *
alert_stats(u_int *n)
{
	struct alert		*a;
	struct alert_stat	*st = NULL;

	*n = 0;
	TAILQ_FOREACH(a, &alerts.list, entry) {
		st = xreallocarray(st, *n + 1, sizeof *st);
		st[*n].ca = a->ca;
		st[*n].sent = a->sent;
		st[*n].failed = a->failed;
		st[*n].suppressed = a->suppressed;
		st[*n].queued = a->nqueue;
		st[*n].last_error = a->last_error;
		st[*n].last_error_at = a->last_error_at;
		(*n)++;
	}
	return (st);
}

/* The alert a message is for. */
const struct cfg_alert *
alert_msg_alert(struct alert_msg *m)
{
	return (m->a->ca);
}

/* The info of a message. */
const struct alert_info *
alert_msg_info(struct alert_msg *m)
{
	return (m->ai);
}

/* Where a transport keeps its state for a message. */
void **
alert_msg_xfer(struct alert_msg *m)
{
	return (&m->xfer);
}

/* The message's number. */
u_int
alert_msg_seq(struct alert_msg *m)
{
	return (m->seq);
}
