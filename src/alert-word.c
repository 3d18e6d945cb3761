/*
 * The words an alert is written with: events, limits, syslog facilities,
 * mail addresses, URLs, syslog servers and headers, each parsed and
 * checked where it is read so a mistake gets its line and column, and
 * shown back as text.
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
char *
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
