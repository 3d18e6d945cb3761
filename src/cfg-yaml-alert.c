/*
 * The "alerts" mapping of the global section: alert names, each with
 * exactly one target (email, http or syslog) and its keys, the events,
 * the programs and the limit. Like the rest of the reader it goes on
 * after a mistake, so one run shows every problem, each at its line and
 * column; the values are checked by alert-cfg.c, the files they name by
 * cfg_check.
 *
 *   alerts:
 *     hook:
 *       http: {url: https://example.com/hook, timeout: 5}
 *       events: [fatal, crashed]
 */

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "alert.h"
#include "cfg-yaml.h"
#include "xmalloc.h"

/* The keys of an alert, then those of each kind of target. */
static const char *const cfg_yaml_alert_keys[] = {
	"email", "http", "syslog", "events", "programs", "limit", NULL
};
static const char *const cfg_yaml_alert_http[] = {
	"url", "headers", "header_file", "timeout", NULL
};
static const char *const cfg_yaml_alert_email[] = {
	"to", "from", "server", "username", "password_file", "timeout", NULL
};
static const char *const cfg_yaml_alert_syslog[] = {
	"server", "facility", "timeout", NULL
};

/* One alert being read. */
struct cfg_yaml_alert {
	struct cfg_yaml		*y;
	struct cfg_alert	*ca;
	char			*path;	/* of the section being read */
	yaml_node_t		*target; /* the key node of the target */
};

static const char *const *cfg_yaml_alert_target_keys(enum alert_kind);
static void	 cfg_yaml_alert_one(struct cfg_yaml *, const char *,
		     yaml_node_t *, yaml_node_t *);
static void	 cfg_yaml_alert_key(struct cfg_yaml_alert *, yaml_node_t *,
		     yaml_node_t *);
static void	 cfg_yaml_alert_target(struct cfg_yaml_alert *, enum alert_kind,
		     yaml_node_t *, yaml_node_t *);
static void	 cfg_yaml_alert_target_key(struct cfg_yaml_alert *,
		     yaml_node_t *, yaml_node_t *);
static void	 cfg_yaml_alert_pos(struct cfg_yaml_alert *, enum alert_key,
		     yaml_node_t *);
static const char *cfg_yaml_alert_scalar(struct cfg_yaml_alert *,
		     yaml_node_t *, const char *, const char *);
static char	**cfg_yaml_alert_words(struct cfg_yaml_alert *, yaml_node_t *,
		     const char *, const char *, struct cfg_pos **);
static void	 cfg_yaml_alert_events(struct cfg_yaml_alert *, yaml_node_t *);
static void	 cfg_yaml_alert_headers(struct cfg_yaml_alert *,
		     yaml_node_t *);
static void	 cfg_yaml_alert_addresses(struct cfg_yaml_alert *,
		     yaml_node_t *);
static void	 cfg_yaml_alert_string(struct cfg_yaml_alert *, char **,
		     bool, yaml_node_t *, const char *);

/* The keys a target of this kind takes. */
static const char *const *
cfg_yaml_alert_target_keys(enum alert_kind kind)
{
	switch (kind) {
	case ALERT_EMAIL:
		return (cfg_yaml_alert_email);
	case ALERT_HTTP:
		return (cfg_yaml_alert_http);
	case ALERT_SYSLOG:
		return (cfg_yaml_alert_syslog);
	}
	return (cfg_yaml_alert_syslog);
}

/* The alerts mapping: each name and its settings. */
void
cfg_yaml_alerts(struct cfg_yaml *y, const char *path, yaml_node_t *n)
{
	yaml_node_pair_t	*pairs;
	yaml_node_t		*k;
	size_t			 count, i;
	char			*skip;

	if (!cfg_yaml_mapping(y, n, path, "alert names to their settings"))
		return;
	skip = cfg_yaml_dups(y, n, path, "alert");
	pairs = cfg_yaml_pairs(n, &count);
	for (i = 0; i < count; i++) {
		if (skip[i])
			continue;
		k = yaml_document_get_node(y->doc, pairs[i].key);
		cfg_yaml_alert_one(y, path, k, yaml_document_get_node(y->doc,
		    pairs[i].value));
	}
	free(skip);
}

/* One alert: its name, its keys, exactly one target. */
static void
cfg_yaml_alert_one(struct cfg_yaml *y, const char *path, yaml_node_t *k,
    yaml_node_t *v)
{
	struct cfg_yaml_alert	 a;
	yaml_node_pair_t	*pairs;
	size_t			 count, i;
	char			*skip, *cause, *kind, *shown;
	const char		*name = (const char *)k->data.scalar.value;

	memset(&a, 0, sizeof a);
	a.y = y;
	a.ca = alert_cfg_create(name);
	a.ca->line = k->start_mark.line + 1;
	a.ca->col = k->start_mark.column + 1;
	free(a.ca->where);
	if (cfg_value_name_of(name, "alert", &cause) != 0) {
		cfg_yaml_error(y, k, path, "%s", cause);
		free(cause);
		shown = diag_quote(name);
		a.ca->where = xstrfmt("%s.%s", path, shown);
		free(shown);
	} else
		a.ca->where = xstrfmt("%s.%s", path, name);
	alert_cfg_add(&y->cf->alerts, a.ca);

	if (v->type != YAML_MAPPING_NODE) {
		kind = cfg_yaml_kind(v);
		cfg_yaml_error(y, v, a.ca->where, "expected a mapping with a "
		    "target (email, http or syslog), got %s", kind);
		free(kind);
		return;
	}
	skip = cfg_yaml_dups(y, v, a.ca->where, "key");
	pairs = cfg_yaml_pairs(v, &count);
	for (i = 0; i < count; i++) {
		if (!skip[i]) {
			cfg_yaml_alert_key(&a, yaml_document_get_node(y->doc,
			    pairs[i].key), yaml_document_get_node(y->doc,
			    pairs[i].value));
		}
	}
	free(skip);
	if (a.target == NULL) {
		cfg_yaml_error(y, k, a.ca->where, "missing a target: one of "
		    "\"email\", \"http\" or \"syslog\"");
	}
	free(a.path);
}

/* Note where a key's value is. */
static void
cfg_yaml_alert_pos(struct cfg_yaml_alert *a, enum alert_key key,
    yaml_node_t *v)
{
	a->ca->pos[key].line = v->start_mark.line + 1;
	a->ca->pos[key].col = v->start_mark.column + 1;
	a->ca->pos[key].key = alert_key_name(key);
}

/* One key of an alert. */
static void
cfg_yaml_alert_key(struct cfg_yaml_alert *a, yaml_node_t *k, yaml_node_t *v)
{
	struct cfg_yaml		*y = a->y;
	struct cfg_alert	*ca = a->ca;
	const char		*name = (const char *)k->data.scalar.value, *s;
	const char *const	*keys;
	char			*cause;
	enum alert_kind		 kind;
	bool			 all = false;
	u_int			 i;

	free(a->path);
	a->path = xstrfmt("%s.%s", ca->where, name);
	if (strcmp(name, "email") == 0 || strcmp(name, "http") == 0 ||
	    strcmp(name, "syslog") == 0) {
		kind = *name == 'e' ? ALERT_EMAIL : *name == 'h' ? ALERT_HTTP :
		    ALERT_SYSLOG;
		if (a->target != NULL) {
			cfg_yaml_error(y, k, ca->where, "a second target, "
			    "\"%s\" (\"%s\" is on line %zu): an alert has "
			    "one; declare another alert for another target",
			    name, (const char *)a->target->data.scalar.value,
			    a->target->start_mark.line + 1);
			return;
		}
		a->target = k;
		ca->kind = kind;
		cfg_yaml_alert_pos(a, ALERT_KEY_TARGET, k);
		cfg_yaml_alert_target(a, kind, k, v);
	} else if (strcmp(name, "events") == 0) {
		cfg_yaml_alert_pos(a, ALERT_KEY_EVENTS, v);
		cfg_yaml_alert_events(a, v);
	} else if (strcmp(name, "programs") == 0) {
		cfg_yaml_alert_pos(a, ALERT_KEY_PROGRAMS, v);
		argv_free(ca->programs);
		free(ca->program_pos);
		ca->program_pos = NULL;
		ca->programs = cfg_yaml_alert_words(a, v, "a program name",
		    "program", &ca->program_pos);
		for (i = 0; ca->programs != NULL && ca->programs[i] != NULL;
		    i++) {
			if (strcmp(ca->programs[i], "all") == 0)
				all = true;
		}
		if (all) {
			argv_free(ca->programs);
			ca->programs = NULL;
		}
	} else if (strcmp(name, "limit") == 0) {
		cfg_yaml_alert_pos(a, ALERT_KEY_LIMIT, v);
		s = cfg_yaml_alert_scalar(a, v, a->path, "N/PERIOD such as "
		    "10/1h");
		if (s != NULL && alert_cfg_limit(s, &ca->limit, &ca->period,
		    &cause) != 0) {
			cfg_yaml_error(y, v, a->path, "%s", cause);
			free(cause);
		}
	} else {
		/* A target's key one level too high: say where it goes. */
		for (kind = ALERT_EMAIL; kind <= ALERT_SYSLOG; kind++) {
			for (keys = cfg_yaml_alert_target_keys(kind);
			    *keys != NULL; keys++) {
				if (strcmp(*keys, name) == 0)
					break;
			}
			if (*keys != NULL)
				break;
		}
		if (kind <= ALERT_SYSLOG) {
			cfg_yaml_error(y, k, ca->where, "\"%s\" is a key of "
			    "the target: write it under \"%s\" (such as "
			    "%s: {%s: ...})", name, alert_kind_name(kind),
			    alert_kind_name(kind), name);
		} else {
			cfg_yaml_unknown(y, k, ca->where, name,
			    cfg_yaml_alert_keys, 0);
		}
	}
}

/* The target's mapping; a syslog target may be empty (the local one). */
static void
cfg_yaml_alert_target(struct cfg_yaml_alert *a, enum alert_kind kind,
    yaml_node_t *k, yaml_node_t *v)
{
	struct cfg_yaml		*y = a->y;
	struct cfg_alert	*ca = a->ca;
	yaml_node_pair_t	*pairs;
	size_t			 count, i;
	char			*skip, *path, *kinds;
	bool			 empty = cfg_yaml_is_null(v);

	path = xstrdup(a->path);
	if (!empty && v->type != YAML_MAPPING_NODE) {
		kinds = cfg_yaml_kind(v);
		cfg_yaml_error(y, v, path, "expected a mapping of %s settings, "
		    "got %s", alert_kind_name(kind), kinds);
		free(kinds);
		free(path);
		return;
	}
	if (!empty) {
		skip = cfg_yaml_dups(y, v, path, "key");
		pairs = cfg_yaml_pairs(v, &count);
		for (i = 0; i < count; i++) {
			if (skip[i])
				continue;
			free(a->path);
			a->path = xstrdup(path);
			cfg_yaml_alert_target_key(a, yaml_document_get_node(
			    y->doc, pairs[i].key), yaml_document_get_node(
			    y->doc, pairs[i].value));
		}
		free(skip);
	}
	if (kind == ALERT_HTTP && ca->url == NULL)
		cfg_yaml_error(y, k, path, "missing required key \"url\"");
	if (kind == ALERT_EMAIL && ca->to == NULL)
		cfg_yaml_error(y, k, path, "missing required key \"to\"");
	if (kind == ALERT_EMAIL && (ca->username == NULL) !=
	    (ca->password_file == NULL)) {
		cfg_yaml_error(y, k, path, "\"username\" and \"password_file\" "
		    "go together: %s is missing", ca->username == NULL ?
		    "\"username\"" : "\"password_file\"");
	}
	free(path);
}

/* One key of a target. */
static void
cfg_yaml_alert_target_key(struct cfg_yaml_alert *a, yaml_node_t *k,
    yaml_node_t *v)
{
	struct cfg_yaml		*y = a->y;
	struct cfg_alert	*ca = a->ca;
	const char		*name = (const char *)k->data.scalar.value, *s;
	const char *const	*keys = cfg_yaml_alert_target_keys(ca->kind);
	char			*path, *cause, *host, *port;
	bool			 tcp;
	int			 key;

	for (key = 0; keys[key] != NULL; key++) {
		if (strcmp(keys[key], name) == 0)
			break;
	}
	if (keys[key] == NULL) {
		cfg_yaml_unknown(y, k, a->path, name, keys, 0);
		return;
	}
	for (key = 0; key < ALERT_NKEYS; key++) {
		if (strcmp(alert_key_name(key), name) == 0)
			break;
	}
	path = xstrfmt("%s.%s", a->path, name);
	free(a->path);
	a->path = path;
	cfg_yaml_alert_pos(a, key, v);
	switch (key) {
	case ALERT_KEY_URL:
		cfg_yaml_alert_string(a, &ca->url, false, v, "a URL");
		if (ca->url != NULL && alert_cfg_url(ALERT_HTTP, ca->url,
		    &cause) != 0) {
			cfg_yaml_error(y, v, path, "%s", cause);
			free(cause);
		}
		break;
	case ALERT_KEY_HEADERS:
		cfg_yaml_alert_headers(a, v);
		break;
	case ALERT_KEY_HEADER_FILE:
		cfg_yaml_alert_string(a, &ca->header_file, true, v,
		    "a file path");
		break;
	case ALERT_KEY_TO:
		cfg_yaml_alert_addresses(a, v);
		break;
	case ALERT_KEY_FROM:
		cfg_yaml_alert_string(a, &ca->from, false, v,
		    "an e-mail address");
		if (ca->from != NULL && alert_cfg_address(ca->from,
		    &cause) != 0) {
			cfg_yaml_error(y, v, path, "%s", cause);
			free(cause);
		}
		break;
	case ALERT_KEY_SERVER:
		cfg_yaml_alert_string(a, &ca->server, false, v, "a URL");
		if (ca->server == NULL)
			break;
		if (ca->kind == ALERT_EMAIL) {
			if (alert_cfg_url(ALERT_EMAIL, ca->server,
			    &cause) != 0) {
				cfg_yaml_error(y, v, path, "%s", cause);
				free(cause);
			}
		} else if (alert_cfg_syslog_server(ca->server, &tcp, &host,
		    &port, &cause) != 0) {
			cfg_yaml_error(y, v, path, "%s", cause);
			free(cause);
		} else {
			free(host);
			free(port);
		}
		break;
	case ALERT_KEY_USERNAME:
		cfg_yaml_alert_string(a, &ca->username, false, v, "a user "
		    "name");
		break;
	case ALERT_KEY_PASSWORD_FILE:
		cfg_yaml_alert_string(a, &ca->password_file, true, v,
		    "a file path");
		break;
	case ALERT_KEY_TIMEOUT:
		s = cfg_yaml_alert_scalar(a, v, path, "a number of seconds");
		if (s == NULL)
			break;
		if (cfg_value_duration(s, ALERT_MAX_TIMEOUT, &ca->timeout,
		    &cause) != 0) {
			cfg_yaml_error(y, v, path, "%s", cause);
			free(cause);
		} else if (ca->timeout == 0) {
			cfg_yaml_error(y, v, path, "expected a number of "
			    "seconds > 0, got \"%s\"", s);
			ca->timeout = ALERT_DEFAULT_TIMEOUT;
		}
		break;
	case ALERT_KEY_FACILITY:
		s = cfg_yaml_alert_scalar(a, v, path, "a syslog facility");
		if (s != NULL && alert_cfg_facility(s, &ca->facility,
		    &cause) != 0) {
			cfg_yaml_error(y, v, path, "%s", cause);
			free(cause);
		}
		break;
	default:
		break;
	}
}

/*
 * A scalar that is not empty, or NULL after saying what was wanted.
 */
static const char *
cfg_yaml_alert_scalar(struct cfg_yaml_alert *a, yaml_node_t *v,
    const char *path, const char *wanted)
{
	const char	*s;

	if ((s = cfg_yaml_scalar(a->y, v, path, wanted)) == NULL)
		return (NULL);
	if (cfg_yaml_is_null(v) || *s == '\0') {
		cfg_yaml_error(a->y, v, path, "expected %s, got an empty "
		    "value", wanted);
		return (NULL);
	}
	return (s);
}

/* A string value, a path resolved against the config's folder. */
static void
cfg_yaml_alert_string(struct cfg_yaml_alert *a, char **field, bool path,
    yaml_node_t *v, const char *wanted)
{
	const char	*s;

	if ((s = cfg_yaml_alert_scalar(a, v, a->path, wanted)) == NULL)
		return;
	free(*field);
	*field = path ? cfg_resolve_path(s, a->y->cf->dir) : xstrdup(s);
}

/*
 * One word or a list of them (NULL-ended, NULL after an error), and
 * where each is (*pos, caller frees).
 */
static char **
cfg_yaml_alert_words(struct cfg_yaml_alert *a, yaml_node_t *v,
    const char *wanted, const char *what, struct cfg_pos **pos)
{
	yaml_node_t	 *w;
	char		**words;
	const char	 *s;
	size_t		  n = 0, total = 1, i;
	bool		  bad = false;

	if (v->type == YAML_SEQUENCE_NODE) {
		total = v->data.sequence.items.top -
		    v->data.sequence.items.start;
		if (total == 0) {
			cfg_yaml_error(a->y, v, a->path, "expected at least "
			    "one %s, got an empty list", what);
			return (NULL);
		}
	}
	words = xcalloc(total + 1, sizeof *words);
	*pos = xcalloc(total, sizeof **pos);
	for (i = 0; i < total; i++) {
		w = v;
		if (v->type == YAML_SEQUENCE_NODE) {
			w = yaml_document_get_node(a->y->doc,
			    v->data.sequence.items.start[i]);
		}
		if ((s = cfg_yaml_alert_scalar(a, w, a->path, wanted)) ==
		    NULL) {
			bad = true;
			continue;
		}
		(*pos)[n].line = w->start_mark.line + 1;
		(*pos)[n].col = w->start_mark.column + 1;
		words[n++] = xstrdup(s);
	}
	if (bad) {
		argv_free(words);
		free(*pos);
		*pos = NULL;
		return (NULL);
	}
	return (words);
}

/* events: a name, a list of names, or all. */
static void
cfg_yaml_alert_events(struct cfg_yaml_alert *a, yaml_node_t *v)
{
	struct cfg_pos	 *pos = NULL;
	const char	 *near;
	char		**words, *shown;
	u_int		  events = 0, i;
	int		  ev;

	if ((words = cfg_yaml_alert_words(a, v, "an event name", "event",
	    &pos)) == NULL)
		return;
	for (i = 0; words[i] != NULL; i++) {
		if (strcmp(words[i], "all") == 0) {
			events |= ALERT_ALL_EVENTS;
			continue;
		}
		if ((ev = alert_event_parse(words[i])) != -1) {
			events |= ALERT_EVENT_BIT(ev);
			continue;
		}
		shown = diag_quote(words[i]);
		near = cfg_key_suggest(words[i], alert_event_names());
		if (near != NULL) {
			diag_add(a->y->dl, &(struct diag_pos){ a->y->cf->path,
			    pos[i].line, pos[i].col }, a->path, "unknown event "
			    "%s (did you mean \"%s\"?)", shown, near);
		} else {
			diag_add(a->y->dl, &(struct diag_pos){ a->y->cf->path,
			    pos[i].line, pos[i].col }, a->path, "unknown event "
			    "%s (events: started, exited, crashed, backoff, "
			    "fatal, spawn_error, stopped, reloaded, "
			    "reload_failed, daemon_start, daemon_stop, or all)",
			    shown);
		}
		free(shown);
		events = 0;
		break;
	}
	if (events != 0)
		a->ca->events = events;
	argv_free(words);
	free(pos);
}

/* headers: a mapping of names to values, each one line. */
static void
cfg_yaml_alert_headers(struct cfg_yaml_alert *a, yaml_node_t *v)
{
	struct cfg_yaml		*y = a->y;
	yaml_node_pair_t	*pairs;
	yaml_node_t		*k, *val;
	size_t			 count, i, n = 0;
	char			*skip, **headers, *cause;
	const char		*name, *s;

	if (!cfg_yaml_mapping(y, v, a->path, "header names to values"))
		return;
	skip = cfg_yaml_dups(y, v, a->path, "header");
	pairs = cfg_yaml_pairs(v, &count);
	headers = xcalloc(count + 1, sizeof *headers);
	for (i = 0; i < count; i++) {
		if (skip[i])
			continue;
		k = yaml_document_get_node(y->doc, pairs[i].key);
		val = yaml_document_get_node(y->doc, pairs[i].value);
		name = (const char *)k->data.scalar.value;
		if ((s = cfg_yaml_scalar(y, val, a->path, "a header value")) ==
		    NULL)
			continue;
		if (alert_cfg_header(name, s, &cause) != 0) {
			cfg_yaml_error(y, k, a->path, "%s", cause);
			free(cause);
			continue;
		}
		headers[n++] = xstrfmt("%s: %s", name, s);
	}
	free(skip);
	argv_free(a->ca->headers);
	a->ca->headers = headers;
}

/* to: one address or a list of them. */
static void
cfg_yaml_alert_addresses(struct cfg_yaml_alert *a, yaml_node_t *v)
{
	struct cfg_pos	 *pos = NULL;
	char		**words, *cause;
	u_int		  i;
	bool		  bad = false;

	if ((words = cfg_yaml_alert_words(a, v, "an e-mail address",
	    "address", &pos)) == NULL)
		return;
	for (i = 0; words[i] != NULL; i++) {
		if (alert_cfg_address(words[i], &cause) == 0)
			continue;
		diag_add(a->y->dl, &(struct diag_pos){ a->y->cf->path,
		    pos[i].line, pos[i].col }, a->path, "%s", cause);
		free(cause);
		bad = true;
	}
	free(pos);
	if (bad) {
		argv_free(words);
		/* Known, so "missing required key" is not said as well. */
		words = xcalloc(1, sizeof *words);
	}
	argv_free(a->ca->to);
	a->ca->to = words;
}
