/*
 * The alerts of a config as plain data: the words an alert is written
 * with (events, limits, facilities, addresses, URLs, headers), each
 * checked where it is read so a mistake gets its line and column; what a
 * reload changes in them; and the checks that ask the system, run with
 * the others of cfg_check: the programs named exist, the password and
 * header files can be read. Those files are read there, once, so a
 * delivery never reads a file and a secret never needs to be shown: the
 * config keeps the path to show and the content to use.
 *
 * This is config code, linked by the client too: no libcurl, no JSON,
 * no event loop here.
 */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

#include "alert.h"
#include "xmalloc.h"

static const char *const alert_cfg_events[] = {
	[ALERT_STARTED] = "started",
	[ALERT_EXITED] = "exited",
	[ALERT_CRASHED] = "crashed",
	[ALERT_BACKOFF] = "backoff",
	[ALERT_FATAL] = "fatal",
	[ALERT_SPAWN_ERROR] = "spawn_error",
	[ALERT_STOPPED] = "stopped",
	[ALERT_RELOADED] = "reloaded",
	[ALERT_RELOAD_FAILED] = "reload_failed",
	[ALERT_DAEMON_START] = "daemon_start",
	[ALERT_DAEMON_STOP] = "daemon_stop",
	NULL
};

static const char *const alert_cfg_keys[ALERT_NKEYS] = {
	[ALERT_KEY_TARGET] = "target",
	[ALERT_KEY_EVENTS] = "events",
	[ALERT_KEY_PROGRAMS] = "programs",
	[ALERT_KEY_LIMIT] = "limit",
	[ALERT_KEY_TIMEOUT] = "timeout",
	[ALERT_KEY_URL] = "url",
	[ALERT_KEY_HEADERS] = "headers",
	[ALERT_KEY_HEADER_FILE] = "header_file",
	[ALERT_KEY_TO] = "to",
	[ALERT_KEY_FROM] = "from",
	[ALERT_KEY_SERVER] = "server",
	[ALERT_KEY_USERNAME] = "username",
	[ALERT_KEY_PASSWORD_FILE] = "password_file",
	[ALERT_KEY_FACILITY] = "facility",
};

static const struct cfg_choice alert_cfg_facilities[] = {
	{ "kern", LOG_KERN }, { "user", LOG_USER }, { "mail", LOG_MAIL },
	{ "daemon", LOG_DAEMON }, { "auth", LOG_AUTH },
	{ "syslog", LOG_SYSLOG }, { "lpr", LOG_LPR }, { "news", LOG_NEWS },
	{ "uucp", LOG_UUCP }, { "cron", LOG_CRON },
	{ "authpriv", LOG_AUTHPRIV }, { "ftp", LOG_FTP },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
	{ NULL, 0 }
};

static int	 alert_cfg_str_differ(const char *, const char *);
static int	 alert_cfg_list_differ(char **, char **);
static char	*alert_cfg_join(char *, const char *, const char *);
static char	*alert_cfg_path(const struct cfg_alert *, enum alert_key);
static char	*alert_cfg_read(const char *, char **);
static void	 alert_cfg_check_one(struct cfg *, struct cfg_alert *,
		     struct diag_list *);
static void	 alert_cfg_diag(struct cfg *, struct diag_list *,
		     const struct cfg_alert *, enum alert_key,
		     const struct cfg_pos *, const char *, ...)
		     __attribute__((format(printf, 6, 7)));

/* The name of an event, or NULL. */
const char *
alert_event_name(enum alert_event ev)
{
	if (ev == ALERT_TEST)
		return ("test");
	if (ev == ALERT_DIGEST)
		return ("digest");
	if ((u_int)ev >= ALERT_NEVENTS)
		return (NULL);
	return (alert_cfg_events[ev]);
}

/* The event called name, or -1. */
int
alert_event_parse(const char *name)
{
	int	i;

	for (i = 0; i < ALERT_NEVENTS; i++) {
		if (strcmp(alert_cfg_events[i], name) == 0)
			return (i);
	}
	return (-1);
}

/* Every event name. */
const char *const *
alert_event_names(void)
{
	return (alert_cfg_events);
}

/* The name of a kind. */
const char *
alert_kind_name(enum alert_kind kind)
{
	switch (kind) {
	case ALERT_EMAIL:
		return ("email");
	case ALERT_HTTP:
		return ("http");
	case ALERT_SYSLOG:
		return ("syslog");
	}
	return ("?");
}

/* The name of a key. */
const char *
alert_key_name(enum alert_key key)
{
	if ((u_int)key >= ALERT_NKEYS)
		return ("?");
	return (alert_cfg_keys[key]);
}

/* Append word to a list separated by sep (list may be NULL). */
static char *
alert_cfg_join(char *list, const char *sep, const char *word)
{
	char	*out;

	if (list == NULL)
		return (xstrdup(word));
	out = xstrfmt("%s%s%s", list, sep, word);
	free(list);
	return (out);
}

/* The events of a mask as text, "all" for every one. */
char *
alert_events_text(u_int events)
{
	char	*s = NULL;
	int	 i;

	if ((events & ALERT_ALL_EVENTS) == ALERT_ALL_EVENTS)
		return (xstrdup("all"));
	for (i = 0; i < ALERT_NEVENTS; i++) {
		if (events & ALERT_EVENT_BIT(i))
			s = alert_cfg_join(s, ", ", alert_cfg_events[i]);
	}
	return (s != NULL ? s : xstrdup("none"));
}

/*
 * Parse "N/PERIOD": at most N messages a period, PERIOD a number (1 if
 * left out) and a unit, s, m, h or d.
 */
int
alert_cfg_limit(const char *s, u_int *n, u_int *period, char **cause)
{
	unsigned long long	 count, num = 1, unit;
	const char		*cp = s;
	char			*end, *shown;

	shown = diag_quote(s);
	if (!isdigit((u_char)*cp))
		goto bad;
	errno = 0;
	count = strtoull(cp, &end, 10);
	if (errno != 0 || *end != '/')
		goto bad;
	cp = end + 1;
	if (isdigit((u_char)*cp)) {
		errno = 0;
		num = strtoull(cp, &end, 10);
		if (errno != 0)
			goto bad;
		cp = end;
	}
	switch (*cp) {
	case 's':
		unit = 1;
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	default:
		goto bad;
	}
	if (cp[1] != '\0')
		goto bad;
	if (count == 0) {
		*cause = xstrfmt("expected at least 1 message a period, got "
		    "%s", shown);
		free(shown);
		return (-1);
	}
	if (count > ALERT_MAX_LIMIT) {
		*cause = xstrfmt("expected at most %u messages a period, got "
		    "%s", ALERT_MAX_LIMIT, shown);
		free(shown);
		return (-1);
	}
	if (num == 0 || num > ALERT_MAX_PERIOD || num * unit > ALERT_MAX_PERIOD) {
		*cause = xstrfmt("expected a period from 1s to 7d, got %s",
		    shown);
		free(shown);
		return (-1);
	}
	*n = count;
	*period = num * unit;
	free(shown);
	return (0);

bad:
	*cause = xstrfmt("expected N/PERIOD such as 10/1h or 5/10m (PERIOD "
	    "in s, m, h or d), got %s", shown);
	free(shown);
	return (-1);
}

/* A limit as it is written, in the largest unit that divides it. */
char *
alert_limit_text(u_int n, u_int period)
{
	if (period % 86400 == 0)
		return (xstrfmt("%u/%ud", n, period / 86400));
	if (period % 3600 == 0)
		return (xstrfmt("%u/%uh", n, period / 3600));
	if (period % 60 == 0)
		return (xstrfmt("%u/%um", n, period / 60));
	return (xstrfmt("%u/%us", n, period));
}

/* Parse a facility name. */
int
alert_cfg_facility(const char *s, int *facility, char **cause)
{
	return (cfg_value_choice(s, alert_cfg_facilities, "a syslog facility "
	    "(daemon, user, local0 to local7, ...)", facility, cause));
}

/* The name of a facility. */
const char *
alert_facility_name(int facility)
{
	const struct cfg_choice	*c;

	for (c = alert_cfg_facilities; c->name != NULL; c++) {
		if (c->value == facility)
			return (c->name);
	}
	return ("?");
}

/*
 * An address as SMTP and a To: header take it bare: local@domain with
 * nothing that would need quoting or could end a line.
 */
int
alert_cfg_address(const char *s, char **cause)
{
	const char	*at, *cp;
	char		*shown;

	at = strchr(s, '@');
	for (cp = s; *cp != '\0'; cp++) {
		if ((u_char)*cp <= ' ' || *cp == 0x7f ||
		    strchr("<>\"(),;:\\[]", *cp) != NULL)
			break;
	}
	if (at != NULL && at != s && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL && *cp == '\0' && strlen(s) <= 254)
		return (0);
	shown = diag_quote(s);
	*cause = xstrfmt("expected an e-mail address such as "
	    "ops@example.com, got %s", shown);
	free(shown);
	return (-1);
}

/* Check a URL of an HTTP or mail target: its scheme, a host, one line. */
int
alert_cfg_url(enum alert_kind kind, const char *s, char **cause)
{
	const char	*rest = NULL, *cp, *want;
	char		*shown;

	if (kind == ALERT_HTTP) {
		want = "an http:// or https:// URL";
		if (strncasecmp(s, "http://", 7) == 0)
			rest = s + 7;
		else if (strncasecmp(s, "https://", 8) == 0)
			rest = s + 8;
	} else {
		want = "an smtp:// or smtps:// URL such as "
		    "smtp://127.0.0.1:25";
		if (strncasecmp(s, "smtp://", 7) == 0)
			rest = s + 7;
		else if (strncasecmp(s, "smtps://", 8) == 0)
			rest = s + 8;
	}
	for (cp = s; *cp != '\0'; cp++) {
		if ((u_char)*cp <= ' ' || *cp == 0x7f)
			break;
	}
	if (rest != NULL && *rest != '\0' && *rest != '/' && *rest != ':' &&
	    *cp == '\0')
		return (0);
	shown = diag_quote(s);
	if (rest != NULL && *cp != '\0')
		*cause = xstrfmt("a URL cannot contain spaces or control "
		    "characters, got %s", shown);
	else if (rest != NULL)
		*cause = xstrfmt("expected a host after the scheme, got %s",
		    shown);
	else
		*cause = xstrfmt("expected %s, got %s", want, shown);
	free(shown);
	return (-1);
}

/*
 * Split a collector's URL, udp://ADDRESS[:PORT] or tcp://..., where an
 * IPv6 address is in brackets. Only addresses: a name would need a
 * lookup, and nothing in the daemon may wait on DNS.
 */
int
alert_cfg_syslog_server(const char *s, bool *tcp, char **host, char **port,
    char **cause)
{
	struct in6_addr	 a6;
	struct in_addr	 a4;
	const char	*rest, *end, *colon;
	char		*h, *shown;
	u_long		 n;

	*host = *port = NULL;
	if (strncasecmp(s, "udp://", 6) == 0)
		*tcp = false;
	else if (strncasecmp(s, "tcp://", 6) == 0)
		*tcp = true;
	else {
		shown = diag_quote(s);
		*cause = xstrfmt("expected udp://ADDRESS:PORT or "
		    "tcp://ADDRESS:PORT, got %s", shown);
		free(shown);
		return (-1);
	}
	rest = s + 6;
	if (*rest == '[') {
		if ((end = strchr(rest, ']')) == NULL)
			goto bad;
		h = xstrndup(rest + 1, end - rest - 1);
		end++;
		colon = *end == ':' ? end : NULL;
	} else {
		colon = strchr(rest, ':');
		end = colon != NULL ? colon : rest + strcspn(rest, "/");
		h = xstrndup(rest, end - rest);
	}
	if (inet_pton(AF_INET, h, &a4) != 1 && inet_pton(AF_INET6, h,
	    &a6) != 1) {
		free(h);
		goto badhost;
	}
	if (colon != NULL) {
		errno = 0;
		n = strtoul(colon + 1, (char **)&end, 10);
		if (!isdigit((u_char)colon[1]) || errno != 0 || n == 0 ||
		    n > 65535 || (*end != '\0' && strcmp(end, "/") != 0)) {
			free(h);
			goto bad;
		}
		*port = xstrfmt("%lu", n);
	} else if (*end != '\0' && strcmp(end, "/") != 0) {
		free(h);
		goto bad;
	} else
		*port = xstrfmt("%u", ALERT_SYSLOG_PORT);
	*host = h;
	return (0);

badhost:
	shown = diag_quote(s);
	*cause = xstrfmt("expected an IP address as the host (names are not "
	    "looked up, so nothing waits on DNS), got %s", shown);
	free(shown);
	return (-1);
bad:
	shown = diag_quote(s);
	*cause = xstrfmt("expected udp://ADDRESS:PORT or tcp://ADDRESS:PORT "
	    "with a port from 1 to 65535, got %s", shown);
	free(shown);
	return (-1);
}

/* A header name is an HTTP token; a value fits on one line. */
int
alert_cfg_header(const char *name, const char *value, char **cause)
{
	const char	*cp;
	char		*shown;

	for (cp = name; *cp != '\0'; cp++) {
		if (!isalnum((u_char)*cp) &&
		    strchr("!#$%&'*+-.^_`|~", *cp) == NULL)
			break;
	}
	if (*name == '\0' || *cp != '\0') {
		shown = diag_quote(name);
		*cause = xstrfmt("expected a header name (letters, digits and "
		    "-), got %s", shown);
		free(shown);
		return (-1);
	}
	for (cp = value; *cp != '\0'; cp++) {
		if (((u_char)*cp < ' ' && *cp != '\t') || *cp == 0x7f) {
			*cause = xstrfmt("the value of header \"%s\" has a "
			    "control character (a header is one line)", name);
			return (-1);
		}
	}
	return (0);
}

/* Parse the lines of a header file. */
int
alert_cfg_header_file(const char *buf, size_t len, char ***out, char **cause)
{
	const char	*line, *nl, *end = buf + len, *colon;
	char		**headers, *name, *value, *why;
	size_t		 n = 0, vlen;
	u_int		 lineno = 0;

	headers = xcalloc(1, sizeof *headers);
	if (memchr(buf, '\0', len) != NULL) {
		*cause = xstrdup("a header file is text: it has a NUL byte");
		goto fail;
	}
	for (line = buf; line < end; line = nl + 1) {
		lineno++;
		if ((nl = memchr(line, '\n', end - line)) == NULL)
			nl = end;
		vlen = nl - line;
		if (vlen > 0 && line[vlen - 1] == '\r')
			vlen--;
		while (vlen > 0 && isspace((u_char)*line)) {
			line++;
			vlen--;
		}
		if (vlen == 0 || *line == '#')
			continue;
		if ((colon = memchr(line, ':', vlen)) == NULL) {
			*cause = xstrfmt("line %u: expected \"Name: value\"",
			    lineno);
			goto fail;
		}
		name = xstrndup(line, colon - line);
		colon++;
		while (colon < line + vlen && (*colon == ' ' || *colon == '\t'))
			colon++;
		value = xstrndup(colon, line + vlen - colon);
		while (*value != '\0' && isspace((u_char)value[strlen(value) -
		    1]))
			value[strlen(value) - 1] = '\0';
		if (alert_cfg_header(name, value, &why) != 0) {
			*cause = xstrfmt("line %u: %s", lineno, why);
			free(why);
			free(name);
			free(value);
			goto fail;
		}
		if (n == 100) {
			*cause = xstrdup("more than 100 headers");
			free(name);
			free(value);
			goto fail;
		}
		headers = xreallocarray(headers, n + 2, sizeof *headers);
		headers[n++] = xstrfmt("%s: %s", name, value);
		headers[n] = NULL;
		free(name);
		free(value);
	}
	*out = headers;
	return (0);

fail:
	argv_free(headers);
	return (-1);
}

/* Create an alert with every default. */
struct cfg_alert *
alert_cfg_create(const char *name)
{
	struct cfg_alert	*ca;

	ca = xcalloc(1, sizeof *ca);
	ca->name = xstrdup(name);
	ca->where = xstrfmt("taskmaster.alerts.%s", name);
	ca->kind = ALERT_SYSLOG;
	ca->events = ALERT_DEFAULT_EVENTS;
	ca->limit = ALERT_DEFAULT_LIMIT;
	ca->period = ALERT_DEFAULT_PERIOD;
	ca->timeout = ALERT_DEFAULT_TIMEOUT;
	ca->facility = LOG_DAEMON;
	return (ca);
}

/* Free one alert; the password is wiped first. */
void
alert_cfg_free(struct cfg_alert *ca)
{
	if (ca == NULL)
		return;
	free(ca->name);
	free(ca->where);
	argv_free(ca->programs);
	free(ca->program_pos);
	free(ca->url);
	argv_free(ca->headers);
	free(ca->header_file);
	argv_free(ca->to);
	free(ca->from);
	free(ca->server);
	free(ca->username);
	free(ca->password_file);
	if (ca->password != NULL) {
		explicit_bzero(ca->password, strlen(ca->password));
		free(ca->password);
	}
	argv_free(ca->file_headers);
	free(ca);
}

/* Free every alert of a list. */
void
alert_cfg_free_all(struct cfg_alerts *list)
{
	struct cfg_alert	*ca;

	if (list == NULL)
		return;
	while ((ca = TAILQ_FIRST(&list->list)) != NULL) {
		TAILQ_REMOVE(&list->list, ca, entry);
		alert_cfg_free(ca);
	}
	free(list);
}

/* Add an alert at the end of a list, creating the list. */
void
alert_cfg_add(struct cfg_alerts **list, struct cfg_alert *ca)
{
	if (*list == NULL) {
		*list = xcalloc(1, sizeof **list);
		TAILQ_INIT(&(*list)->list);
	}
	TAILQ_INSERT_TAIL(&(*list)->list, ca, entry);
	(*list)->n++;
}

/* Find an alert by name. */
struct cfg_alert *
alert_cfg_find(const struct cfg_alerts *list, const char *name)
{
	struct cfg_alert	*ca;

	if (list == NULL)
		return (NULL);
	TAILQ_FOREACH(ca, &list->list, entry) {
		if (strcmp(ca->name, name) == 0)
			return (ca);
	}
	return (NULL);
}

/* Whether two strings, either of which may be NULL, differ. */
static int
alert_cfg_str_differ(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != b);
	return (strcmp(a, b) != 0);
}

/* Whether two NULL-ended lists, either of which may be NULL, differ. */
static int
alert_cfg_list_differ(char **a, char **b)
{
	if (a == NULL || b == NULL)
		return (a != b);
	for (; *a != NULL && *b != NULL; a++, b++) {
		if (strcmp(*a, *b) != 0)
			return (1);
	}
	return (*a != *b);
}

/*
 * The keys that differ, in the order of enum alert_key; a file's key
 * differs when its path or its content does.
 */
char *
alert_cfg_changes(const struct cfg_alert *a, const struct cfg_alert *b)
{
	char	*keys = NULL;
	int	 differ[ALERT_NKEYS];
	u_int	 key;

	differ[ALERT_KEY_TARGET] = a->kind != b->kind;
	differ[ALERT_KEY_EVENTS] = a->events != b->events;
	differ[ALERT_KEY_PROGRAMS] = alert_cfg_list_differ(a->programs,
	    b->programs);
	differ[ALERT_KEY_LIMIT] = a->limit != b->limit ||
	    a->period != b->period;
	differ[ALERT_KEY_TIMEOUT] = a->timeout != b->timeout;
	differ[ALERT_KEY_URL] = alert_cfg_str_differ(a->url, b->url);
	differ[ALERT_KEY_HEADERS] = alert_cfg_list_differ(a->headers,
	    b->headers);
	differ[ALERT_KEY_HEADER_FILE] = alert_cfg_str_differ(a->header_file,
	    b->header_file) || alert_cfg_list_differ(a->file_headers,
	    b->file_headers);
	differ[ALERT_KEY_TO] = alert_cfg_list_differ(a->to, b->to);
	differ[ALERT_KEY_FROM] = alert_cfg_str_differ(a->from, b->from);
	differ[ALERT_KEY_SERVER] = alert_cfg_str_differ(a->server, b->server);
	differ[ALERT_KEY_USERNAME] = alert_cfg_str_differ(a->username,
	    b->username);
	differ[ALERT_KEY_PASSWORD_FILE] = alert_cfg_str_differ(
	    a->password_file, b->password_file) ||
	    alert_cfg_str_differ(a->password, b->password);
	differ[ALERT_KEY_FACILITY] = a->facility != b->facility;
	for (key = 0; key < ALERT_NKEYS; key++) {
		if (!differ[key])
			continue;
		keys = alert_cfg_join(keys, ", ", key == ALERT_KEY_TARGET ?
		    alert_kind_name(b->kind) : alert_cfg_keys[key]);
	}
	return (keys);
}

/* Whether two lists of alerts differ in anything. */
int
alert_cfg_differ(const struct cfg_alerts *a, const struct cfg_alerts *b)
{
	const struct cfg_alert	*ca, *cb;
	char			*keys;

	if ((a != NULL ? a->n : 0) != (b != NULL ? b->n : 0))
		return (1);
	if (a == NULL || b == NULL)
		return (0);
	cb = TAILQ_FIRST(&b->list);
	TAILQ_FOREACH(ca, &a->list, entry) {
		if (cb == NULL || strcmp(ca->name, cb->name) != 0)
			return (1);
		if ((keys = alert_cfg_changes(ca, cb)) != NULL) {
			free(keys);
			return (1);
		}
		cb = TAILQ_NEXT(cb, entry);
	}
	return (0);
}

/* The alerts' part of a plan: removed ones first, then the new list. */
void
alert_cfg_diff(struct plan *pl, const struct cfg_alerts *old,
    const struct cfg_alerts *new)
{
	const struct cfg_alert	*ca, *oa;
	struct plan_alert	*pa;
	u_int			 n;

	n = (old != NULL ? old->n : 0) + (new != NULL ? new->n : 0);
	if (n == 0)
		return;
	pl->alerts = xcalloc(n, sizeof *pl->alerts);
	if (old != NULL) {
		TAILQ_FOREACH(ca, &old->list, entry) {
			if (alert_cfg_find(new, ca->name) != NULL)
				continue;
			pa = &pl->alerts[pl->nalerts++];
			pa->name = xstrdup(ca->name);
			pa->kind = PLAN_REMOVED;
		}
	}
	if (new == NULL)
		return;
	TAILQ_FOREACH(ca, &new->list, entry) {
		pa = &pl->alerts[pl->nalerts++];
		pa->name = xstrdup(ca->name);
		if ((oa = alert_cfg_find(old, ca->name)) == NULL)
			pa->kind = PLAN_ADDED;
		else if ((pa->keys = alert_cfg_changes(oa, ca)) != NULL)
			pa->kind = PLAN_CHANGED;
		else
			pa->kind = PLAN_UNCHANGED;
	}
}

/* The key path of a key of an alert: the target's keys are in it. */
static char *
alert_cfg_path(const struct cfg_alert *ca, enum alert_key key)
{
	switch (key) {
	case ALERT_KEY_EVENTS:
	case ALERT_KEY_PROGRAMS:
	case ALERT_KEY_LIMIT:
		return (xstrfmt("%s.%s", ca->where, alert_cfg_keys[key]));
	case ALERT_KEY_TARGET:
		return (xstrfmt("%s.%s", ca->where, alert_kind_name(ca->kind)));
	default:
		return (xstrfmt("%s.%s.%s", ca->where,
		    alert_kind_name(ca->kind), alert_cfg_keys[key]));
	}
}

/* Record a problem with a key of an alert at pos (NULL: the key's). */
static void
alert_cfg_diag(struct cfg *cf, struct diag_list *dl,
    const struct cfg_alert *ca, enum alert_key key, const struct cfg_pos *pos,
    const char *fmt, ...)
{
	struct diag_pos	 dp = { cf->path, ca->line, ca->col };
	char		*path;
	va_list		 ap;

	if (pos == NULL)
		pos = &ca->pos[key];
	if (pos->line != 0) {
		dp.line = pos->line;
		dp.col = pos->col;
	}
	path = alert_cfg_path(ca, key);
	va_start(ap, fmt);
	diag_addv(dl, &dp, path, 0, fmt, ap);
	va_end(ap);
	free(path);
}

/*
 * Read a small secret file whole. Only a regular file is read, opened
 * without blocking (a FIFO would hold the daemon), and no bigger than
 * ALERT_SECRET_MAX.
 */
static char *
alert_cfg_read(const char *path, char **cause)
{
	struct stat	 sb;
	char		*buf;
	ssize_t		 n;
	size_t		 len = 0;
	int		 fd;

	fd = open(path, O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_NOCTTY);
	if (fd == -1) {
		*cause = xstrfmt("cannot read %s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		*cause = xstrfmt("cannot read %s: %s", path,
		    S_ISDIR(sb.st_mode) ? strerror(EISDIR) :
		    "not a regular file");
		close(fd);
		return (NULL);
	}
	if (sb.st_size > ALERT_SECRET_MAX) {
		*cause = xstrfmt("cannot read %s: larger than %u bytes", path,
		    ALERT_SECRET_MAX);
		close(fd);
		return (NULL);
	}
	buf = xmalloc(sb.st_size + 1);
	while (len < (size_t)sb.st_size) {
		n = read(fd, buf + len, sb.st_size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xstrfmt("cannot read %s: %s", path,
			    strerror(errno));
			free(buf);
			close(fd);
			return (NULL);
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return (buf);
}

/* Check one alert against the system and the programs of the config. */
static void
alert_cfg_check_one(struct cfg *cf, struct cfg_alert *ca,
    struct diag_list *dl)
{
	struct cfg_program	 *p;
	const char		**names;
	const char		 *near;
	char			 *buf, *cause, *shown;
	u_int			  i, n;

	for (i = 0; ca->programs != NULL && ca->programs[i] != NULL; i++) {
		if (cfg_find_program(cf, ca->programs[i]) != NULL)
			continue;
		names = xcalloc(cf->nprograms + 1, sizeof *names);
		n = 0;
		TAILQ_FOREACH(p, &cf->programs, entry) {
			if (n < cf->nprograms)
				names[n++] = p->name;
		}
		near = cfg_key_suggest(ca->programs[i], names);
		shown = diag_quote(ca->programs[i]);
		alert_cfg_diag(cf, dl, ca, ALERT_KEY_PROGRAMS,
		    &ca->program_pos[i], "no program %s%s%s%s", shown,
		    near != NULL ? " (did you mean \"" : "",
		    near != NULL ? near : "", near != NULL ? "\"?)" : "");
		free(shown);
		free(names);
	}
	if (ca->password_file != NULL) {
		if ((buf = alert_cfg_read(ca->password_file, &cause)) == NULL) {
			alert_cfg_diag(cf, dl, ca, ALERT_KEY_PASSWORD_FILE,
			    NULL, "%s", cause);
			free(cause);
		} else {
			buf[strcspn(buf, "\r\n")] = '\0';
			if (*buf == '\0')
				alert_cfg_diag(cf, dl, ca,
				    ALERT_KEY_PASSWORD_FILE, NULL, "%s: the "
				    "password (its first line) is empty",
				    ca->password_file);
			free(ca->password);
			ca->password = buf;
		}
	}
	if (ca->header_file != NULL) {
		if ((buf = alert_cfg_read(ca->header_file, &cause)) == NULL) {
			alert_cfg_diag(cf, dl, ca, ALERT_KEY_HEADER_FILE, NULL,
			    "%s", cause);
			free(cause);
			return;
		}
		argv_free(ca->file_headers);
		ca->file_headers = NULL;
		if (alert_cfg_header_file(buf, strlen(buf), &ca->file_headers,
		    &cause) != 0) {
			alert_cfg_diag(cf, dl, ca, ALERT_KEY_HEADER_FILE, NULL,
			    "%s: %s", ca->header_file, cause);
			free(cause);
		}
		explicit_bzero(buf, strlen(buf));
		free(buf);
	}
}

/* Check every alert of a config. */
void
alert_cfg_check(struct cfg *cf, struct diag_list *dl)
{
	struct cfg_alert	*ca;

	if (cf->alerts == NULL)
		return;
	TAILQ_FOREACH(ca, &cf->alerts->list, entry)
		alert_cfg_check_one(cf, ca, dl);
}

/*
 * Where an alert sends, without what could be a secret: a webhook's
 * path often is one (Slack's), and a URL may carry user:password@.
 */
char *
alert_cfg_target(const struct cfg_alert *ca)
{
	const char	*url, *host, *end, *at;
	char		*to = NULL, *s, *where;
	u_int		 i;

	switch (ca->kind) {
	case ALERT_HTTP:
	case ALERT_EMAIL:
		url = ca->kind == ALERT_HTTP ? ca->url : ca->server;
		if (url == NULL)
			url = "smtp://localhost";
		host = strstr(url, "://") + 3;
		end = host + strcspn(host, "/?#");
		if ((at = memchr(host, '@', end - host)) != NULL)
			host = at + 1;
		where = xstrfmt("%.*s%.*s%s", (int)(strstr(url, "://") + 3 -
		    url), url, (int)(end - host), host, *end != '\0' &&
		    strcmp(end, "/") != 0 ? "/..." : "");
		if (ca->kind == ALERT_HTTP)
			return (where);
		for (i = 0; ca->to != NULL && ca->to[i] != NULL; i++)
			to = alert_cfg_join(to, ", ", ca->to[i]);
		s = xstrfmt("%s via %s", to != NULL ? to : "?", where);
		free(to);
		free(where);
		return (s);
	case ALERT_SYSLOG:
		return (xstrfmt("%s, facility %s", ca->server != NULL ?
		    ca->server : "local syslog",
		    alert_facility_name(ca->facility)));
	}
	return (xstrdup("?"));
}

/* Whether an alert is about this program (NULL: the daemon). */
bool
alert_cfg_wants(const struct cfg_alert *ca, const char *program)
{
	u_int	i;

	/* The daemon's events are no program's: every alert may have them. */
	if (ca->programs == NULL || program == NULL)
		return (true);
	for (i = 0; ca->programs[i] != NULL; i++) {
		if (strcmp(ca->programs[i], program) == 0)
			return (true);
	}
	return (false);
}
