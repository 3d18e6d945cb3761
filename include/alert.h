/*
 * Alerts (SPEC section 10): messages about process and daemon events sent
 * by taskmasterd itself to a webhook, a mail server or syslog, filtered by
 * event and program, rate-limited with a digest, delivered in the event
 * loop so that no target can slow supervision down.
 *
 * The model (struct cfg_alert) is plain config data read with the rest of
 * the config (cfg-yaml-alert.c, alert-cfg.c); the rest is the daemon's:
 * the limiter (alert-limit.c), the messages (alert-msg.c), the engine and
 * its queues (alert.c) and the transports (alert-curl.c for HTTP and
 * SMTP, alert-syslog.c).
 */

#ifndef ALERT_H
#define ALERT_H

#include <sys/types.h>
#include <sys/queue.h>

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "taskmaster.h"

/* What an alert fires on; one bit each in struct cfg_alert's events. */
enum alert_event {
	ALERT_STARTED,		/* entered RUNNING */
	ALERT_EXITED,		/* an expected exit */
	ALERT_CRASHED,		/* an exit or a death nobody asked for */
	ALERT_BACKOFF,		/* a failed start, retried */
	ALERT_FATAL,		/* gave up */
	ALERT_SPAWN_ERROR,	/* could not be started: the cause */
	ALERT_STOPPED,		/* stopped as asked */
	ALERT_RELOADED,		/* the config was reloaded */
	ALERT_RELOAD_FAILED,	/* ... or refused */
	ALERT_DAEMON_START,
	ALERT_DAEMON_STOP,
	ALERT_NEVENTS,
	/* Messages that are no event of the config. */
	ALERT_TEST = ALERT_NEVENTS, /* alert test NAME */
	ALERT_DIGEST		/* what the limit held back */
};
#define ALERT_EVENT_BIT(ev)	(1U << (ev))
#define ALERT_ALL_EVENTS	((1U << ALERT_NEVENTS) - 1)
#define ALERT_DEFAULT_EVENTS	(ALERT_EVENT_BIT(ALERT_FATAL) | \
	ALERT_EVENT_BIT(ALERT_CRASHED) | ALERT_EVENT_BIT(ALERT_SPAWN_ERROR))

/* Where an alert goes. */
enum alert_kind {
	ALERT_EMAIL,
	ALERT_HTTP,
	ALERT_SYSLOG
};

/* The keys of an alert, for positions and for what a reload changed. */
enum alert_key {
	ALERT_KEY_TARGET,	/* email, http or syslog */
	ALERT_KEY_EVENTS,
	ALERT_KEY_PROGRAMS,
	ALERT_KEY_LIMIT,
	ALERT_KEY_TIMEOUT,
	ALERT_KEY_URL,
	ALERT_KEY_HEADERS,
	ALERT_KEY_HEADER_FILE,
	ALERT_KEY_TO,
	ALERT_KEY_FROM,
	ALERT_KEY_SERVER,
	ALERT_KEY_USERNAME,
	ALERT_KEY_PASSWORD_FILE,
	ALERT_KEY_FACILITY,
	ALERT_NKEYS
};

/* Defaults and bounds. */
#define ALERT_DEFAULT_LIMIT	20	/* messages ... */
#define ALERT_DEFAULT_PERIOD	3600	/* ... a period of seconds */
#define ALERT_MAX_PERIOD	(7 * 86400)
#define ALERT_MAX_LIMIT		100000
#define ALERT_DEFAULT_TIMEOUT	10000	/* ms */
#define ALERT_MAX_TIMEOUT	600	/* seconds */
#define ALERT_SYSLOG_PORT	514
#define ALERT_SECRET_MAX	65536	/* bytes of a password or header file */
#define ALERT_TAIL_LINES	20	/* of the process's screen */

/* One alert as the config declares it. */
struct cfg_alert {
	char		*name;
	char		*where;		/* "taskmaster.alerts.hook" */
	u_int		 line;		/* of its name */
	u_int		 col;
	struct cfg_pos	 pos[ALERT_NKEYS];

	enum alert_kind	 kind;
	u_int		 events;	/* ALERT_EVENT_BIT()s */
	char		**programs;	/* NULL: every program */
	struct cfg_pos	*program_pos;	/* where each was written */
	u_int		 limit;		/* messages a period, then a digest */
	u_int		 period;	/* seconds */
	u_int		 timeout;	/* ms, for each attempt */

	char		*url;		/* http: http:// or https:// */
	char		**headers;	/* http: "Name: value", NULL-ended */
	char		*header_file;	/* http: absolute path, or NULL */

	char		**to;		/* email: addresses, NULL-ended */
	char		*from;		/* email: NULL: taskmaster@host */
	char		*server;	/* email: smtp(s)://; syslog: */
					/* udp:// or tcp://, NULL: local */
	char		*username;	/* email: or NULL */
	char		*password_file;	/* email: absolute path, or NULL */

	int		 facility;	/* syslog: LOG_DAEMON, ... */

	/* Read from the files by the check; never shown or logged. */
	char		*password;
	char		**file_headers;	/* NULL-ended, or NULL */

	TAILQ_ENTRY(cfg_alert) entry;
};

/* The alerts of a config, in file order. */
struct cfg_alerts {
	TAILQ_HEAD(, cfg_alert) list;
	u_int		 n;
};

/* alert-cfg.c: the model, the values and the checks. */

/* The name of an event ("crashed"), or NULL. */
const char *alert_event_name(enum alert_event);
/* The event called name, or -1. */
int	 alert_event_parse(const char *);
/* Every event name, NULL-ended (for "did you mean"). */
const char *const *alert_event_names(void);
/* The name of a kind ("http"). */
const char *alert_kind_name(enum alert_kind);
/* The name of a key ("password_file"). */
const char *alert_key_name(enum alert_key);
/* The events as text: "fatal, crashed" or "all" (caller frees). */
char	*alert_events_text(u_int);
/* Append word to a list separated by sep (list may be NULL; frees it). */
char	*alert_cfg_join(char *, const char *, const char *);
/* Parse a limit "N/PERIOD" (10/1h, 5/10m, 1/d). */
int	 alert_cfg_limit(const char *, u_int *, u_int *, char **);
/* A limit as text: "10/1h" (caller frees). */
char	*alert_limit_text(u_int, u_int);
/* Parse a syslog facility name (daemon, local0...). */
int	 alert_cfg_facility(const char *, int *, char **);
/* The name of a facility. */
const char *alert_facility_name(int);
/* Check an e-mail address: something@domain, nothing to quote. */
int	 alert_cfg_address(const char *, char **);
/* Check a URL for a kind of target and its key; fills cause. */
int	 alert_cfg_url(enum alert_kind, const char *, char **);
/* Split a syslog server URL into TCP (or not), address and port. */
int	 alert_cfg_syslog_server(const char *, bool *, char **, char **,
	     char **);
/* Check one header: a name and a value that fit on one line. */
int	 alert_cfg_header(const char *, const char *, char **);
/*
 * Parse a header file: "Name: value" lines, blank lines and lines
 * starting with '#' ignored. Returns -1 with cause (naming the line).
 */
int	 alert_cfg_header_file(const char *, size_t, char ***, char **);
/* Create an alert with every default. */
struct cfg_alert *alert_cfg_create(const char *);
/* Free one alert. */
void	 alert_cfg_free(struct cfg_alert *);
/* Free every alert of a list and the list. */
void	 alert_cfg_free_all(struct cfg_alerts *);
/* Add an alert to a config's list (created on first use). */
void	 alert_cfg_add(struct cfg_alerts **, struct cfg_alert *);
/* Find an alert by name, or NULL. */
struct cfg_alert *alert_cfg_find(const struct cfg_alerts *, const char *);
/* The keys that differ between two alerts, "url, events", or NULL. */
char	*alert_cfg_changes(const struct cfg_alert *,
	     const struct cfg_alert *);
/* Whether two lists of alerts differ. */
int	 alert_cfg_differ(const struct cfg_alerts *,
	     const struct cfg_alerts *);
/* Add the alerts' part of a reload plan. */
void	 alert_cfg_diff(struct plan *, const struct cfg_alerts *,
	     const struct cfg_alerts *);
/*
 * Check what needs the system: the programs named exist, the password
 * and header files can be read (they are read now, once).
 */
void	 alert_cfg_check(struct cfg *, struct diag_list *);
/* Where an alert sends, with no secret in it (caller frees). */
char	*alert_cfg_target(const struct cfg_alert *);
/* Whether an alert wants events of this program. */
bool	 alert_cfg_wants(const struct cfg_alert *, const char *);

/* alert-limit.c: the rate limit and the digest (no clock, no I/O). */

/* What the limit says of an event. */
enum alert_verdict {
	ALERT_SEND,		/* send it */
	ALERT_REPEAT,		/* the same was sent less than 1 s ago */
	ALERT_HOLD		/* over the limit: counted for the digest */
};

/* What was held back for one process and event. */
struct alert_count {
	char		*process;	/* "" for the daemon's events */
	int		 ev;
	uint64_t	 sent_ms;	/* last sent; 0: never */
	u_int		 held;		/* held back this period */
};

struct alert_limit {
	u_int		 max;		/* messages a period */
	uint64_t	 period_ms;
	bool		 open;		/* a period is running */
	uint64_t	 start_ms;
	u_int		 sent;		/* this period */
	u_int		 held;		/* this period, all counts */
	u_int		 lost;		/* held with no count left for them */
	struct alert_count *counts;	/* by process then event */
	u_int		 ncounts;
};

/* One line of a digest. */
struct alert_digest_item {
	char		*process;
	int		 ev;
	u_int		 count;
};

/* What a period held back, most first. */
struct alert_digest {
	u_int		 total;
	u_int		 period;	/* seconds */
	struct alert_digest_item *items;
	u_int		 n;
	u_int		 other;		/* not counted by process */
};

/* How many process and event pairs a limit keeps counts for. */
#define ALERT_LIMIT_MAX_COUNTS	1024
/* The window in which the same event of a process is sent once. */
#define ALERT_REPEAT_MS		1000

/* Set up a limit of max messages a period of seconds. */
void	 alert_limit_init(struct alert_limit *, u_int, u_int);
/* Change the limit, keeping the period and the counts (reload). */
void	 alert_limit_set(struct alert_limit *, u_int, u_int);
/* Free what a limit keeps. */
void	 alert_limit_free(struct alert_limit *);
/* Decide about an event of a process (NULL: the daemon's) at now. */
enum alert_verdict alert_limit_admit(struct alert_limit *, const char *, int,
	     uint64_t);
/* When the running period ends (ms), or 0 if none runs. */
uint64_t alert_limit_due(const struct alert_limit *);
/*
 * End the period if it is over at now: returns what it held back (a
 * digest to send, caller frees) or NULL.
 */
struct alert_digest *alert_limit_close(struct alert_limit *, uint64_t);
/* Free a digest. */
void	 alert_digest_free(struct alert_digest *);

/* alert-msg.c: one event as JSON, mail, syslog line (no I/O). */

/* Everything a message says: what happened, where, when. */
struct alert_info {
	enum alert_event ev;
	char		*alert;		/* the alert's name */
	char		*host;
	time_t		 when;
	u_int		 when_ms;
	char		*process;	/* NULL for the daemon's events */
	char		*program;
	long		 pid;		/* 0: none */
	int		 state;		/* enum proc_state, or -1 */
	int		 prev;		/* the state it left, or -1 */
	int		 status;	/* wait status, or -1 */
	bool		 expected;
	u_int		 retries;	/* failed starts in a row */
	u_int		 retries_max;	/* startretries */
	char		*spawn_error;
	char		*text;		/* daemon events: what happened */
	char		**lines;	/* the screen's last lines, or a */
	u_int		 nlines;	/* refused reload's diagnostics */
	struct alert_digest *digest;	/* ALERT_DIGEST */
	long		 daemon_pid;
};

/* Copy an info. */
struct alert_info *alert_info_copy(const struct alert_info *);
/* Free an info and everything in it. */
void	 alert_info_free(struct alert_info *);
/* alert-info.c: the facts of any event: time, host, daemon pid. */
void	 alert_info_now(struct alert_info *, enum alert_event, const char *);
/* alert-info.c: the facts of a process's event (old: its previous state). */
struct alert_info *alert_info_proc(struct proc *, enum proc_state,
	     enum alert_event, const char *);
/* RFC 3339 time with milliseconds, UTC: 2025-03-01T12:00:03.123Z. */
char	*alert_msg_time(time_t, u_int);
/* One line: "web:0 FATAL: exited with 3, too quickly" (caller frees). */
char	*alert_msg_summary(const struct alert_info *);
/* The mail subject: "[taskmaster web1] " and the summary. */
char	*alert_msg_subject(const struct alert_info *);
/* The plain-text body of a mail: the summary, the facts, the screen. */
char	*alert_msg_text(const struct alert_info *);
/* The JSON object an HTTP target is posted (caller frees). */
char	*alert_msg_json(const struct alert_info *);
/*
 * A whole RFC 5322 message, CRLF line ends: Date, Message-ID (unique
 * with seq), From, To, Subject, MIME headers, the UTF-8 body.
 */
char	*alert_msg_email(const struct alert_info *, const char *,
	     char *const *, u_int);
/* The syslog priority (severity) of an event, LOG_ERR to LOG_INFO. */
int	 alert_msg_severity(enum alert_event);
/* One RFC 5424 line for a collector with facility (no framing). */
char	*alert_msg_syslog(const struct alert_info *, int);
/* One line for the local syslog(3): the summary and the facts. */
char	*alert_msg_syslog_local(const struct alert_info *);

/* alert.c: the engine. */

struct alert;
struct alert_msg;

/* A test message's end: ok, or the cause of the failure. */
typedef void (*alert_test_cb)(void *, bool, const char *);

/* Start: the alerts of the supervisor's config, events from it. */
void	 alert_start(struct event_base *, struct supervisor *);
/* Send daemon_stop, then call cb once everything is sent (or late). */
void	 alert_stop(void (*)(void *), void *);
/* Free everything; waiting tests fail. */
void	 alert_free(void);
/* Apply the alerts of a new config before it replaces the old one. */
void	 alert_reload(struct cfg *, const struct plan *);
/* An event of the daemon: reloaded, reload_failed (lines: why). */
void	 alert_daemon_event(enum alert_event, const char *, char **, u_int);
/*
 * Send a test message through an alert; cb is told once it is
 * delivered or failed. -1 with cause if there is no such alert.
 */
int	 alert_test(const char *, alert_test_cb, void *, char **);
/* One alert's figures, for the alerts command (pointers into the engine). */
struct alert_stat {
	const struct cfg_alert	*ca;
	u_int			 sent;
	u_int			 failed;
	u_int			 suppressed;
	u_int			 queued;
	const char		*last_error;	/* NULL: none yet */
	time_t			 last_error_at;
};
/* Every alert's figures, in the config's order (caller frees; NULL: none). */
struct alert_stat *alert_stats(u_int *);

/* The end of one attempt at delivering a message (the transports). */
void	 alert_attempt_done(struct alert_msg *, bool, const char *);
/* The alert a message is for. */
const struct cfg_alert *alert_msg_alert(struct alert_msg *);
/* The info of a message. */
const struct alert_info *alert_msg_info(struct alert_msg *);
/* The transport's state for a message. */
void	**alert_msg_xfer(struct alert_msg *);
/* A number for this message, unique in the daemon's life. */
u_int	 alert_msg_seq(struct alert_msg *);

/* alert-curl.c: HTTP and SMTP through libcurl, on the event loop. */

/* Set up libcurl's multi interface on base. */
void	 alert_curl_init(struct event_base *);
/* Free it; transfers still running are abandoned. */
void	 alert_curl_free(void);
/* Start an attempt: HTTP POST or SMTP; alert_attempt_done says how. */
void	 alert_curl_start(struct alert_msg *);
/* Abandon a message's attempt (its alert is gone). */
void	 alert_curl_cancel(struct alert_msg *);

/* alert-syslog.c: the local syslog and RFC 5424 collectors. */

/* A collector connection of one alert. */
struct alert_syslog;

/* Send one message; alert_attempt_done says how (maybe later). */
void	 alert_syslog_start(struct alert_syslog **, struct event_base *,
	     struct alert_msg *);
/* Abandon a message's attempt. */
void	 alert_syslog_cancel(struct alert_syslog *, struct alert_msg *);
/* Close a collector connection. */
void	 alert_syslog_free(struct alert_syslog *);

/* cmd-alerts.c */
enum cmd_retval cmd_alerts_exec(struct cmd_ctx *, int, char **);
enum cmd_retval cmd_alert_exec(struct cmd_ctx *, int, char **);

#endif
