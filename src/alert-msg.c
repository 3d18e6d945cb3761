/*
 * The messages of alerts, from one struct alert_info: a summary line
 * (the subject of a mail, the message of a syslog line), a plain-text
 * body, the JSON object a webhook is posted (built with jansson), a whole
 * RFC 5322 mail and RFC 5424 syslog lines. Nothing here does I/O or reads
 * a clock: the info says when and where, so the tests can hold every
 * byte to what it should be.
 *
 * What comes from outside (a screen's lines, a spawn error naming a
 * path) may be anything: text is made valid UTF-8 first, and a line of a
 * header or of syslog gets no control character, so no message can be
 * cut, forged or refused for its content.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "alert.h"
#include "utf8.h"
#include "xmalloc.h"

/* A subject or a summary this long is cut. */
#define ALERT_MSG_SUMMARY_MAX	400
/* Digest lines in a summary; the body has them all. */
#define ALERT_MSG_DIGEST_SHOWN	5
/* The SD-ID of RFC 5424 structured data (the RFC's example number). */
#define ALERT_MSG_SDID		"taskmaster@32473"

static char	*alert_msg_clean(const char *, bool);
static char	*alert_msg_exit(const struct alert_info *);
static char	*alert_msg_digest_line(const struct alert_digest *, u_int);
static char	*alert_msg_short_host(const char *);
static char	*alert_msg_b64(const char *, size_t, bool);
static char	*alert_msg_header_word(const char *);
static char	*alert_msg_date(time_t);
static json_t	*alert_msg_jstr(const char *);
static void	 alert_msg_sd(char **, const char *, const char *);
static void	 alert_msg_add(char **, const char *, ...)
		     __attribute__((format(printf, 2, 3)));

/*
 * Text as valid UTF-8: an invalid byte becomes U+FFFD; control
 * characters become a space (line: everything but tab and newline).
 */
static char *
alert_msg_clean(const char *s, bool line)
{
	char		*out, *cp;
	uint32_t	 c;
	size_t		 len = strlen(s), n;

	out = cp = xmalloc(len * 3 + 1);
	while (len > 0) {
		n = utf8_decode(s, len, &c);
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
			*cp++ = (!line && (c == '\t' || c == '\n')) ? c : ' ';
		} else
			cp += utf8_encode(c, cp);
		s += n;
		len -= n;
	}
	*cp = '\0';
	return (out);
}

/* The host's name up to its first dot: "web1" of web1.example.com. */
static char *
alert_msg_short_host(const char *host)
{
	return (xstrndup(host, strcspn(host, ".")));
}

/* RFC 3339 time in UTC with milliseconds. */
char *
alert_msg_time(time_t when, u_int ms)
{
	struct tm	 tm;
	char		 buf[32];

	gmtime_r(&when, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	return (xstrfmt("%s.%03uZ", buf, ms % 1000));
}

/* "exited with 3", "killed by SIGKILL", or NULL if there is none. */
static char *
alert_msg_exit(const struct alert_info *ai)
{
	if (ai->status == -1)
		return (NULL);
	return (proc_status_text(ai->status));
}

/* Digest item i as "web:0 crashed ×30". */
static char *
alert_msg_digest_line(const struct alert_digest *d, u_int i)
{
	const struct alert_digest_item	*it = &d->items[i];

	return (xstrfmt("%s %s \xc3\x97%u", *it->process != '\0' ?
	    it->process : "taskmaster", alert_event_name(it->ev), it->count));
}

/* The summary: what happened, in one line. */
char *
alert_msg_summary(const struct alert_info *ai)
{
	const char	*state, *name = ai->process;
	char		*exit, *s, *out, *tmp, *clean;
	u_int		 i;

	exit = alert_msg_exit(ai);
	state = ai->state != -1 ? proto_state_name(ai->state) : "";
	switch (ai->ev) {
	case ALERT_STARTED:
		s = xstrfmt("%s %s: started (pid %ld)", name, state, ai->pid);
		break;
	case ALERT_EXITED:
		s = xstrfmt("%s %s: %s, expected", name, state, exit);
		break;
	case ALERT_CRASHED:
		s = xstrfmt("%s %s: crashed, %s", name, state, exit);
		break;
	case ALERT_BACKOFF:
		if (ai->spawn_error != NULL)
			tmp = xstrfmt("spawn error: %s", ai->spawn_error);
		else
			tmp = xstrfmt("%s, too quickly", exit);
		s = xstrfmt("%s %s: %s; retry %u/%u", name, state, tmp,
		    ai->retries, ai->retries_max);
		free(tmp);
		break;
	case ALERT_FATAL:
		if (ai->spawn_error != NULL)
			s = xstrfmt("%s %s: spawn error: %s", name, state,
			    ai->spawn_error);
		else
			s = xstrfmt("%s %s: %s, too quickly", name, state,
			    exit != NULL ? exit : "exited");
		break;
	case ALERT_SPAWN_ERROR:
		s = xstrfmt("%s %s: spawn error: %s", name, state,
		    ai->spawn_error != NULL ? ai->spawn_error : "unknown");
		break;
	case ALERT_STOPPED:
		if (exit != NULL && ai->prev == PROC_STOPPING)
			s = xstrfmt("%s %s: stopped (%s)", name, state, exit);
		else
			s = xstrfmt("%s %s: stopped", name, state);
		break;
	case ALERT_DIGEST:
		s = xstrfmt("%u event%s suppressed:", ai->digest->total,
		    ai->digest->total == 1 ? "" : "s");
		for (i = 0; i < ai->digest->n && i < ALERT_MSG_DIGEST_SHOWN;
		    i++) {
			tmp = alert_msg_digest_line(ai->digest, i);
			out = xstrfmt("%s%s %s", s, i == 0 ? "" : ",", tmp);
			free(tmp);
			free(s);
			s = out;
		}
		if (ai->digest->n > ALERT_MSG_DIGEST_SHOWN ||
		    ai->digest->other > 0) {
			out = xstrfmt("%s%s ...", s, ai->digest->n > 0 ? "," :
			    "");
			free(s);
			s = out;
		}
		break;
	default:
		s = xstrdup(ai->text != NULL ? ai->text :
		    alert_event_name(ai->ev));
		break;
	}
	free(exit);
	clean = alert_msg_clean(s, true);
	free(s);
	if (strlen(clean) > ALERT_MSG_SUMMARY_MAX) {
		i = ALERT_MSG_SUMMARY_MAX;
		while (i > 0 && ((u_char)clean[i] & 0xc0) == 0x80)
			i--;
		strcpy(clean + i, "...");
	}
	return (clean);
}

/* "[taskmaster web1] " and the summary. */
char *
alert_msg_subject(const struct alert_info *ai)
{
	char	*host, *summary, *s;

	host = alert_msg_short_host(ai->host);
	summary = alert_msg_summary(ai);
	s = xstrfmt("[taskmaster %s] %s", host, summary);
	free(summary);
	free(host);
	return (s);
}

/* Append to a string. */
static void
alert_msg_add(char **s, const char *fmt, ...)
{
	va_list	 ap;
	char	*more, *out;

	va_start(ap, fmt);
	xvasprintf(&more, fmt, ap);
	va_end(ap);
	out = xstrfmt("%s%s", *s, more);
	free(more);
	free(*s);
	*s = out;
}

/* The body of a mail, and what a reader of a message wants to know. */
char *
alert_msg_text(const struct alert_info *ai)
{
	char	*summary, *when, *exit, *s, *tmp, *body;
	u_int	 i;

	summary = alert_msg_summary(ai);
	when = alert_msg_time(ai->when, ai->when_ms);
	s = xstrfmt("%s\n\nhost:        %s\ntime:        %s\nevent:       "
	    "%s\n", summary, ai->host, when, alert_event_name(ai->ev));
	free(when);
	free(summary);
	if (ai->process != NULL) {
		alert_msg_add(&s, "process:     %s (program %s)\n", ai->process,
		    ai->program);
		if (ai->pid != 0)
			alert_msg_add(&s, "pid:         %ld\n", ai->pid);
		if (ai->state != -1)
			alert_msg_add(&s, "state:       %s (was %s)\n",
			    proto_state_name(ai->state),
			    proto_state_name(ai->prev));
		if ((exit = alert_msg_exit(ai)) != NULL) {
			alert_msg_add(&s, "exit:        %s (%s)\n", exit, ai->expected ?
			    "expected" : "unexpected");
			free(exit);
		}
		alert_msg_add(&s, "retries:     %u/%u\n", ai->retries, ai->retries_max);
		if (ai->spawn_error != NULL)
			alert_msg_add(&s, "spawn error: %s\n", ai->spawn_error);
	} else if (ai->text != NULL)
		alert_msg_add(&s, "detail:      %s\n", ai->text);
	alert_msg_add(&s, "alert:       %s\n", ai->alert);
	if (ai->digest != NULL) {
		alert_msg_add(&s, "\nSuppressed in the last %u s (the limit of the alert):\n",
		    ai->digest->period);
		for (i = 0; i < ai->digest->n; i++) {
			tmp = alert_msg_digest_line(ai->digest, i);
			alert_msg_add(&s, "    %s\n", tmp);
			free(tmp);
		}
		if (ai->digest->other > 0)
			alert_msg_add(&s, "    others \xc3\x97%u\n", ai->digest->other);
	}
	if (ai->nlines > 0 && ai->process != NULL)
		alert_msg_add(&s, "\nThe last %u lines of %s's screen:\n", ai->nlines,
		    ai->process);
	else if (ai->nlines > 0)
		alert_msg_add(&s, "\n");
	for (i = 0; i < ai->nlines; i++)
		alert_msg_add(&s, "    %s\n", ai->lines[i]);
	body = alert_msg_clean(s, false);
	free(s);
	return (body);
}

/* A JSON string of any text, or null. */
static json_t *
alert_msg_jstr(const char *s)
{
	json_t	*j;
	char	*clean;

	if (s == NULL)
		return (json_null());
	clean = alert_msg_clean(s, false);
	j = json_string(clean);
	free(clean);
	return (j != NULL ? j : json_null());
}

/* The JSON object of an HTTP alert. */
char *
alert_msg_json(const struct alert_info *ai)
{
	json_t		*o, *a, *item;
	char		*s, *out;
	u_int		 i;
	bool		 sig;

	o = json_object();
	json_object_set_new(o, "alert", alert_msg_jstr(ai->alert));
	json_object_set_new(o, "host", alert_msg_jstr(ai->host));
	s = alert_msg_time(ai->when, ai->when_ms);
	json_object_set_new(o, "time", json_string(s));
	free(s);
	json_object_set_new(o, "event", json_string(alert_event_name(ai->ev)));
	s = alert_msg_summary(ai);
	json_object_set_new(o, "summary", alert_msg_jstr(s));
	free(s);
	json_object_set_new(o, "process", alert_msg_jstr(ai->process));
	json_object_set_new(o, "program", alert_msg_jstr(ai->program));
	json_object_set_new(o, "pid", ai->pid != 0 ? json_integer(ai->pid) :
	    json_null());
	json_object_set_new(o, "state", ai->state != -1 ?
	    json_string(proto_state_name(ai->state)) : json_null());
	json_object_set_new(o, "previous_state", ai->prev != -1 ?
	    json_string(proto_state_name(ai->prev)) : json_null());
	sig = ai->status != -1 && WIFSIGNALED(ai->status);
	json_object_set_new(o, "exit_code", ai->status != -1 &&
	    WIFEXITED(ai->status) ? json_integer(WEXITSTATUS(ai->status)) :
	    json_null());
	json_object_set_new(o, "signal", sig ? alert_msg_jstr(signame_name(
	    WTERMSIG(ai->status)) != NULL ? signame_name(WTERMSIG(
	    ai->status)) : "?") : json_null());
	json_object_set_new(o, "expected", ai->process != NULL &&
	    ai->status != -1 ? json_boolean(ai->expected) : json_null());
	json_object_set_new(o, "retries", ai->process != NULL ?
	    json_integer(ai->retries) : json_null());
	json_object_set_new(o, "retries_allowed", ai->process != NULL ?
	    json_integer(ai->retries_max) : json_null());
	json_object_set_new(o, "spawn_error", alert_msg_jstr(ai->spawn_error));
	json_object_set_new(o, "detail", alert_msg_jstr(ai->text));
	a = json_array();
	for (i = 0; i < ai->nlines; i++)
		json_array_append_new(a, alert_msg_jstr(ai->lines[i]));
	json_object_set_new(o, "output", a);
	json_object_set_new(o, "daemon_pid", json_integer(ai->daemon_pid));
	if (ai->digest != NULL) {
		json_object_set_new(o, "suppressed",
		    json_integer(ai->digest->total));
		json_object_set_new(o, "period", json_integer(ai->digest->period));
		a = json_array();
		for (i = 0; i < ai->digest->n; i++) {
			item = json_object();
			json_object_set_new(item, "process", alert_msg_jstr(
			    ai->digest->items[i].process));
			json_object_set_new(item, "event", json_string(
			    alert_event_name(ai->digest->items[i].ev)));
			json_object_set_new(item, "count", json_integer(
			    ai->digest->items[i].count));
			json_array_append_new(a, item);
		}
		json_object_set_new(o, "counts", a);
		json_object_set_new(o, "others",
		    json_integer(ai->digest->other));
	}
	s = json_dumps(o, JSON_COMPACT|JSON_PRESERVE_ORDER);
	json_decref(o);
	out = xstrdup(s != NULL ? s : "{}");
	free(s);
	return (out);
}

/* Base64 (OpenSSL's), in lines of 76 with CRLF if wrap. */
static char *
alert_msg_b64(const char *s, size_t len, bool wrap)
{
	char	*out, *cp;
	size_t	 chunk = wrap ? 57 : len, n;

	out = cp = xmalloc((len / 3 + 2) * 4 + (len / 57 + 2) * 2 + 1);
	*cp = '\0';
	while (len > 0) {
		n = len < chunk ? len : chunk;
		cp += EVP_EncodeBlock((u_char *)cp, (const u_char *)s, n);
		if (wrap) {
			*cp++ = '\r';
			*cp++ = '\n';
		}
		s += n;
		len -= n;
	}
	*cp = '\0';
	return (out);
}

/*
 * A header's text: as it is if ASCII, else RFC 2047 encoded words of
 * whole characters, folded.
 */
static char *
alert_msg_header_word(const char *s)
{
	const char	*cp;
	char		*out = NULL, *b64, *tmp;
	size_t		 len = strlen(s), n;

	for (cp = s; *cp != '\0' && (u_char)*cp < 0x80; cp++)
		/* nothing */;
	if (*cp == '\0')
		return (xstrdup(s));
	while (len > 0) {
		n = len < 45 ? len : 45;
		while (n < len && ((u_char)s[n] & 0xc0) == 0x80)
			n--;
		b64 = alert_msg_b64(s, n, false);
		tmp = xstrfmt("%s%s=?UTF-8?B?%s?=", out != NULL ? out : "",
		    out != NULL ? "\r\n " : "", b64);
		free(b64);
		free(out);
		out = tmp;
		s += n;
		len -= n;
	}
	return (out);
}

/* An RFC 5322 date, in English whatever the locale. */
static char *
alert_msg_date(time_t when)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	struct tm	 tm;
	char		 zone[8];

	localtime_r(&when, &tm);
	strftime(zone, sizeof zone, "%z", &tm);
	return (xstrfmt("%s, %02d %s %04d %02d:%02d:%02d %s", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, zone));
}

/* A whole mail, headers and body, CRLF line ends. */
char *
alert_msg_email(const struct alert_info *ai, const char *from,
    char *const *to, u_int seq)
{
	char		*date, *subject, *word, *body, *enc, *rcpt = NULL, *tmp;
	char		*msg, *cp;
	const char	*cte = "7bit";
	size_t		 len, line = 0;
	u_int		 i;
	bool		 plain = true;

	for (i = 0; to[i] != NULL; i++) {
		tmp = xstrfmt("%s%s%s", rcpt != NULL ? rcpt : "", i == 0 ? "" :
		    ", ", to[i]);
		free(rcpt);
		rcpt = tmp;
	}
	date = alert_msg_date(ai->when);
	subject = alert_msg_subject(ai);
	word = alert_msg_header_word(subject);
	body = alert_msg_text(ai);
	for (cp = body; *cp != '\0'; cp++) {
		line = *cp == '\n' ? 0 : line + 1;
		if ((u_char)*cp >= 0x80 || line > 900)
			plain = false;
	}
	if (plain) {
		/* Bare newlines become CRLF. */
		len = strlen(body);
		enc = xmalloc(len * 2 + 1);
		for (cp = body, tmp = enc; *cp != '\0'; cp++) {
			if (*cp == '\n')
				*tmp++ = '\r';
			*tmp++ = *cp;
		}
		*tmp = '\0';
	} else {
		cte = "base64";
		enc = alert_msg_b64(body, strlen(body), true);
	}
	msg = xstrfmt("Date: %s\r\nMessage-ID: <%lld.%03u.%ld.%u@%s>\r\n"
	    "From: %s\r\nTo: %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: %s\r\nAuto-Submitted: auto-generated"
	    "\r\nX-Taskmaster-Event: %s\r\n\r\n%s", date, (long long)ai->when,
	    ai->when_ms, ai->daemon_pid, seq, ai->host, from, rcpt, word, cte,
	    alert_event_name(ai->ev), enc);
	free(enc);
	free(body);
	free(word);
	free(subject);
	free(date);
	free(rcpt);
	return (msg);
}

/* The syslog severity of an event. */
int
alert_msg_severity(enum alert_event ev)
{
	switch (ev) {
	case ALERT_CRASHED:
	case ALERT_FATAL:
	case ALERT_SPAWN_ERROR:
	case ALERT_RELOAD_FAILED:
		return (LOG_ERR);
	case ALERT_BACKOFF:
	case ALERT_DIGEST:
		return (LOG_WARNING);
	case ALERT_RELOADED:
	case ALERT_DAEMON_START:
	case ALERT_DAEMON_STOP:
		return (LOG_NOTICE);
	default:
		return (LOG_INFO);
	}
}

/* Add name="value" to structured data, escaping as RFC 5424 says. */
static void
alert_msg_sd(char **sd, const char *name, const char *value)
{
	char		*clean, *esc, *cp, *tmp;
	const char	*s;

	if (value == NULL)
		return;
	clean = alert_msg_clean(value, true);
	esc = cp = xmalloc(strlen(clean) * 2 + 1);
	for (s = clean; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\' || *s == ']')
			*cp++ = '\\';
		*cp++ = *s;
	}
	*cp = '\0';
	tmp = xstrfmt("%s %s=\"%s\"", *sd, name, esc);
	free(*sd);
	*sd = tmp;
	free(esc);
	free(clean);
}

/* One RFC 5424 message: <PRI>1 TIME HOST APP PROCID MSGID [SD] MSG. */
char *
alert_msg_syslog(const struct alert_info *ai, int facility)
{
	char	*sd, *when, *summary, *host, *exit, *num, *out, *cp;

	sd = xstrdup("[" ALERT_MSG_SDID);
	alert_msg_sd(&sd, "alert", ai->alert);
	alert_msg_sd(&sd, "process", ai->process);
	alert_msg_sd(&sd, "program", ai->program);
	if (ai->pid != 0) {
		num = xstrfmt("%ld", ai->pid);
		alert_msg_sd(&sd, "pid", num);
		free(num);
	}
	if (ai->state != -1) {
		alert_msg_sd(&sd, "state", proto_state_name(ai->state));
		alert_msg_sd(&sd, "previous_state", proto_state_name(ai->prev));
	}
	if ((exit = alert_msg_exit(ai)) != NULL) {
		alert_msg_sd(&sd, "exit", exit);
		alert_msg_sd(&sd, "expected", ai->expected ? "true" : "false");
		free(exit);
	}
	if (ai->process != NULL) {
		num = xstrfmt("%u/%u", ai->retries, ai->retries_max);
		alert_msg_sd(&sd, "retries", num);
		free(num);
	}
	alert_msg_sd(&sd, "spawn_error", ai->spawn_error);
	if (ai->digest != NULL) {
		num = xstrfmt("%u", ai->digest->total);
		alert_msg_sd(&sd, "suppressed", num);
		free(num);
	}
	when = alert_msg_time(ai->when, ai->when_ms);
	summary = alert_msg_summary(ai);
	/* HOSTNAME is printable ASCII without spaces. */
	host = xstrdup(*ai->host != '\0' ? ai->host : "-");
	for (cp = host; *cp != '\0'; cp++) {
		if ((u_char)*cp <= ' ' || (u_char)*cp >= 0x7f)
			*cp = '-';
	}
	out = xstrfmt("<%d>1 %s %.255s taskmasterd %ld %s %s] %s",
	    facility | alert_msg_severity(ai->ev), when, host, ai->daemon_pid,
	    alert_event_name(ai->ev), sd, summary);
	free(host);
	free(summary);
	free(when);
	free(sd);
	return (out);
}

/* One line for syslog(3): the summary, then the facts in brackets. */
char *
alert_msg_syslog_local(const struct alert_info *ai)
{
	char	*summary, *out;

	summary = alert_msg_summary(ai);
	if (ai->process != NULL && ai->pid != 0)
		out = xstrfmt("%s [alert %s, event %s, pid %ld, retries %u/%u]",
		    summary, ai->alert, alert_event_name(ai->ev), ai->pid,
		    ai->retries, ai->retries_max);
	else
		out = xstrfmt("%s [alert %s, event %s]", summary, ai->alert,
		    alert_event_name(ai->ev));
	free(summary);
	return (out);
}

/* Copy an info, deeply. */
struct alert_info *
alert_info_copy(const struct alert_info *ai)
{
	struct alert_info	*c;
	struct alert_digest	*d;
	u_int			 i;

	c = xmalloc(sizeof *c);
	*c = *ai;
#define DUP(f) c->f = ai->f != NULL ? xstrdup(ai->f) : NULL
	DUP(alert);
	DUP(host);
	DUP(process);
	DUP(program);
	DUP(spawn_error);
	DUP(text);
#undef DUP
	c->lines = NULL;
	if (ai->nlines > 0) {
		c->lines = xcalloc(ai->nlines + 1, sizeof *c->lines);
		for (i = 0; i < ai->nlines; i++)
			c->lines[i] = xstrdup(ai->lines[i]);
	}
	c->digest = NULL;
	if (ai->digest != NULL) {
		d = c->digest = xmalloc(sizeof *d);
		*d = *ai->digest;
		d->items = xcalloc(d->n + 1, sizeof *d->items);
		for (i = 0; i < d->n; i++) {
			d->items[i] = ai->digest->items[i];
			d->items[i].process = xstrdup(
			    ai->digest->items[i].process);
		}
	}
	return (c);
}

/* Free an info. */
void
alert_info_free(struct alert_info *ai)
{
	u_int	i;

	if (ai == NULL)
		return;
	free(ai->alert);
	free(ai->host);
	free(ai->process);
	free(ai->program);
	free(ai->spawn_error);
	free(ai->text);
	for (i = 0; i < ai->nlines; i++)
		free(ai->lines[i]);
	free(ai->lines);
	alert_digest_free(ai->digest);
	free(ai);
}
