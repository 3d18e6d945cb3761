/*
 * The alerts of a config as plain data (alert-word.c reads their words):
 * made, freed and found by name; what a reload changes in them; and the
 * checks that ask the system, run with
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

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "alert.h"
#include "xmalloc.h"

static char	*alert_cfg_path(const struct cfg_alert *, enum alert_key);
static char	*alert_cfg_read(const char *, char **);
static void	 alert_cfg_check_one(struct cfg *, struct cfg_alert *,
		     struct diag_list *);
static void	 alert_cfg_diag(struct cfg *, struct diag_list *,
		     const struct cfg_alert *, enum alert_key,
		     const struct cfg_pos *, const char *, ...)
		     __attribute__((format(printf, 6, 7)));

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
	differ[ALERT_KEY_PROGRAMS] = cfg_list_differ(a->programs,
	    b->programs);
	differ[ALERT_KEY_LIMIT] = a->limit != b->limit ||
	    a->period != b->period;
	differ[ALERT_KEY_TIMEOUT] = a->timeout != b->timeout;
	differ[ALERT_KEY_URL] = cfg_str_differ(a->url, b->url);
	differ[ALERT_KEY_HEADERS] = cfg_list_differ(a->headers,
	    b->headers);
	differ[ALERT_KEY_HEADER_FILE] = cfg_str_differ(a->header_file,
	    b->header_file) || cfg_list_differ(a->file_headers,
	    b->file_headers);
	differ[ALERT_KEY_TO] = cfg_list_differ(a->to, b->to);
	differ[ALERT_KEY_FROM] = cfg_str_differ(a->from, b->from);
	differ[ALERT_KEY_SERVER] = cfg_str_differ(a->server, b->server);
	differ[ALERT_KEY_USERNAME] = cfg_str_differ(a->username,
	    b->username);
	differ[ALERT_KEY_PASSWORD_FILE] = cfg_str_differ(
	    a->password_file, b->password_file) ||
	    cfg_str_differ(a->password, b->password);
	differ[ALERT_KEY_FACILITY] = a->facility != b->facility;
	for (key = 0; key < ALERT_NKEYS; key++) {
		if (!differ[key])
			continue;
		keys = alert_cfg_join(keys, ", ", key == ALERT_KEY_TARGET ?
		    alert_kind_name(b->kind) : alert_key_name(key));
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
		return (xstrfmt("%s.%s", ca->where, alert_key_name(key)));
	case ALERT_KEY_TARGET:
		return (xstrfmt("%s.%s", ca->where, alert_kind_name(ca->kind)));
	default:
		return (xstrfmt("%s.%s.%s", ca->where,
		    alert_kind_name(ca->kind), alert_key_name(key)));
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
