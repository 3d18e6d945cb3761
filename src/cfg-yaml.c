/*
 * The YAML config reader. libyaml loads the file into a document tree
 * whose nodes keep their marks, so every diagnostic can name the line and
 * column of the key or value it is about (libyaml counts from 0, we from
 * 1). The walk never stops at a bad value: it reports it and goes on, so
 * one run shows every problem of the file. Only YAML that cannot be read
 * at all stops it.
 *
 * Anchors and aliases are plain YAML and work as such. The merge key
 * ("<<: *defaults") is supported in a program's settings, so programs can
 * share values; top-level keys starting with "x-" are ignored, to give
 * such anchors a home.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cfg.h"
#include "xmalloc.h"

/* Larger files are refused rather than read into memory. */
#define CFG_YAML_MAX_SIZE	(8 * 1024 * 1024)

/* How deep "<<" merges may nest. */
#define CFG_YAML_MAX_MERGE	8

/*
 * How many values a file may have, counting each use of an alias: aliases
 * can make a small file stand for a huge one, and this keeps it in check.
 */
#define CFG_YAML_MAX_VALUES	2000000

struct cfg_yaml {
	struct cfg		*cf;
	struct diag_list	*dl;
	yaml_document_t		*doc;
	const char		*data;
	size_t			 size;
	u_int			 values;	/* scalars read so far */
};

/* A key of a mapping, for finding duplicates by sorting. */
struct cfg_yaml_key {
	const char	*name;
	yaml_node_t	*node;
	size_t		 idx;
};

static const char *const cfg_yaml_top_keys[] = {
	"taskmaster", "programs", NULL
};
static const char *const cfg_yaml_global_keys[] = {
	"logfile", "socket", "socket_mode", "pidfile", NULL
};
static const char *const cfg_yaml_program_keys[] = {
	"cmd", "command", "env", "environment", "workingdir", "directory",
	"umask", "user", "group", "stdout", "stdout_logfile", "stderr",
	"stderr_logfile", "tty", "tty_size", "scrollback", "autostart",
	"autorestart", "exitcodes", "starttime", "startsecs", "startretries",
	"stopsignal", "stoptime", "stopwaitsecs", "numprocs", NULL
};

static void	 cfg_yaml_error(struct cfg_yaml *, const yaml_node_t *,
		     const char *, const char *, ...)
		     __attribute__((format(printf, 4, 5)));
static char	*cfg_yaml_read(struct cfg_yaml *, FILE *, size_t *);
static void	 cfg_yaml_syntax(struct cfg_yaml *, const yaml_parser_t *);
static int	 cfg_yaml_is_null(const yaml_node_t *);
static char	*cfg_yaml_kind(const yaml_node_t *);
static const char *cfg_yaml_scalar(struct cfg_yaml *, yaml_node_t *,
		     const char *, const char *);
static yaml_node_pair_t *cfg_yaml_pairs(const yaml_node_t *, size_t *);
static int	 cfg_yaml_key_cmp(const void *, const void *);
static char	*cfg_yaml_dups(struct cfg_yaml *, yaml_node_t *,
		     const char *, const char *);
static void	 cfg_yaml_unknown(struct cfg_yaml *, yaml_node_t *,
		     const char *, const char *, const char *const *, int);
static void	 cfg_yaml_top(struct cfg_yaml *, yaml_node_t *);
static void	 cfg_yaml_section(struct cfg_yaml *, yaml_node_t *,
		     const char *, const char *, const char *,
		     void (*)(struct cfg_yaml *, const char *, yaml_node_t *,
		     yaml_node_t *));
static void	 cfg_yaml_global(struct cfg_yaml *, yaml_node_t *);
static void	 cfg_yaml_global_set(struct cfg_yaml *, const char *,
		     yaml_node_t *, yaml_node_t *);
static void	 cfg_yaml_programs(struct cfg_yaml *, yaml_node_t *);
static void	 cfg_yaml_program(struct cfg_yaml *, const char *,
		     yaml_node_t *, yaml_node_t *);
static void	 cfg_yaml_settings(struct cfg_yaml *, struct cfg_program *,
		     yaml_node_t *, yaml_node_t **, int);
static void	 cfg_yaml_merge(struct cfg_yaml *, struct cfg_program *,
		     yaml_node_t *, yaml_node_t **, int);
static void	 cfg_yaml_value(struct cfg_yaml *, struct cfg_program *,
		     enum cfg_key, const char *, yaml_node_t *);
static void	 cfg_yaml_cmd_list(struct cfg_yaml *, struct cfg_program *,
		     const char *, yaml_node_t *);
static void	 cfg_yaml_exitcodes(struct cfg_yaml *, struct cfg_program *,
		     const char *, yaml_node_t *);
static void	 cfg_yaml_env(struct cfg_yaml *, struct cfg_program *,
		     const char *, yaml_node_t *);

/* Record an error at a node's mark. */
static void
cfg_yaml_error(struct cfg_yaml *y, const yaml_node_t *n, const char *key,
    const char *fmt, ...)
{
	struct diag_pos	 pos = { y->cf->path, 0, 0 };
	va_list		 ap;
	char		*msg;

	if (n != NULL) {
		pos.line = n->start_mark.line + 1;
		pos.col = n->start_mark.column + 1;
	}
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	diag_add(y->dl, &pos, key, "%s", msg);
	free(msg);
}

/*
 * Read the whole file: libyaml reports some errors as a byte offset, and
 * with the text at hand that offset can become a line and column.
 */
static char *
cfg_yaml_read(struct cfg_yaml *y, FILE *f, size_t *sizep)
{
	struct diag_pos	 pos = { y->cf->path, 0, 0 };
	char		*buf;
	size_t		 size = 0, space = BUFSIZ, n;

	buf = xmalloc(space + 1);
	while ((n = fread(buf + size, 1, space - size, f)) > 0) {
		size += n;
		if (size > CFG_YAML_MAX_SIZE) {
			diag_add(y->dl, &pos, NULL, "file is too large (more "
			    "than %d MiB)", CFG_YAML_MAX_SIZE / 1024 / 1024);
			free(buf);
			return (NULL);
		}
		if (size == space) {
			space *= 2;
			buf = xreallocarray(buf, space + 1, 1);
		}
	}
	if (ferror(f)) {
		diag_add(y->dl, &pos, NULL, "cannot read: %s", strerror(errno));
		free(buf);
		return (NULL);
	}
	buf[size] = '\0';
	*sizep = size;
	return (buf);
}

/* Report the error that stopped libyaml, where it happened. */
static void
cfg_yaml_syntax(struct cfg_yaml *y, const yaml_parser_t *parser)
{
	struct diag_pos	 pos = { y->cf->path, 0, 0 };
	const char	*problem;
	size_t		 i;

	problem = parser->problem != NULL ? parser->problem : "cannot parse";
	if (parser->error == YAML_READER_ERROR) {
		pos.line = pos.col = 1;
		for (i = 0; i < parser->problem_offset && i < y->size; i++) {
			if (y->data[i] == '\n') {
				pos.line++;
				pos.col = 1;
			} else
				pos.col++;
		}
		if (parser->problem_value != -1) {
			diag_add(y->dl, &pos, NULL, "syntax error: %s (byte "
			    "0x%02x)", problem, parser->problem_value & 0xff);
		} else
			diag_add(y->dl, &pos, NULL, "syntax error: %s",
			    problem);
		return;
	}
	pos.line = parser->problem_mark.line + 1;
	pos.col = parser->problem_mark.column + 1;
	if (parser->context != NULL) {
		diag_add(y->dl, &pos, NULL, "syntax error: %s (%s at line %zu, "
		    "column %zu)", problem, parser->context,
		    parser->context_mark.line + 1,
		    parser->context_mark.column + 1);
	} else
		diag_add(y->dl, &pos, NULL, "syntax error: %s", problem);
}

/* Whether a node is a null: nothing, "~" or "null", not in quotes. */
static int
cfg_yaml_is_null(const yaml_node_t *n)
{
	const char	*s;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return (0);
	s = (const char *)n->data.scalar.value;
	return (*s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0);
}

/* Describe what a node is, for "expected ..., got ..." (caller frees). */
static char *
cfg_yaml_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SEQUENCE_NODE:
		return (xstrdup("a list"));
	case YAML_MAPPING_NODE:
		return (xstrdup("a mapping"));
	case YAML_SCALAR_NODE:
		if (cfg_yaml_is_null(n))
			return (xstrdup("an empty value"));
		return (cfg_check_quote((const char *)n->data.scalar.value));
	default:
		return (xstrdup("nothing"));
	}
}

/*
 * Return the text of a scalar node, or NULL after reporting why it is not
 * one: a list or mapping where wanted (NULL: "a single value") goes, a NUL
 * inside, or one value too many.
 */
static const char *
cfg_yaml_scalar(struct cfg_yaml *y, yaml_node_t *n, const char *key,
    const char *wanted)
{
	const char	*s;
	char		*kind;

	if (y->values > CFG_YAML_MAX_VALUES)
		return (NULL);
	if (++y->values > CFG_YAML_MAX_VALUES) {
		cfg_yaml_error(y, n, NULL, "too many values (more than %d, "
		    "counting each use of an alias); stopped here",
		    CFG_YAML_MAX_VALUES);
		return (NULL);
	}
	if (n->type != YAML_SCALAR_NODE) {
		kind = cfg_yaml_kind(n);
		cfg_yaml_error(y, n, key, "expected %s, got %s",
		    wanted != NULL ? wanted : "a single value", kind);
		free(kind);
		return (NULL);
	}
	s = (const char *)n->data.scalar.value;
	if (strlen(s) != n->data.scalar.length) {
		cfg_yaml_error(y, n, key, "a value cannot contain a NUL "
		    "character");
		return (NULL);
	}
	return (s);
}

/* The pairs of a mapping node and how many there are. */
static yaml_node_pair_t *
cfg_yaml_pairs(const yaml_node_t *n, size_t *count)
{
	*count = n->data.mapping.pairs.top - n->data.mapping.pairs.start;
	return (n->data.mapping.pairs.start);
}

/* Order keys by name, then by place in the mapping. */
static int
cfg_yaml_key_cmp(const void *a0, const void *b0)
{
	const struct cfg_yaml_key	*a = a0, *b = b0;
	int				 r;

	if ((r = strcmp(a->name, b->name)) != 0)
		return (r);
	return (a->idx < b->idx ? -1 : a->idx > b->idx);
}

/*
 * Find the keys of a mapping that are not scalars or that repeat an
 * earlier one, report them, and return a flag per pair saying which to
 * skip (caller frees). Sorting keeps this fast on any file.
 */
static char *
cfg_yaml_dups(struct cfg_yaml *y, yaml_node_t *n, const char *key,
    const char *what)
{
	yaml_node_pair_t	*pairs;
	struct cfg_yaml_key	*keys;
	yaml_node_t		*k;
	size_t			 count, i, nkeys = 0;
	char			*skip, *shown;
	const char		*name;

	pairs = cfg_yaml_pairs(n, &count);
	skip = xcalloc(count + 1, 1);
	keys = xreallocarray(NULL, count + 1, sizeof *keys);
	for (i = 0; i < count; i++) {
		k = yaml_document_get_node(y->doc, pairs[i].key);
		if (k->type != YAML_SCALAR_NODE) {
			shown = cfg_yaml_kind(k);
			cfg_yaml_error(y, k, key, "expected a %s name, got %s",
			    what, shown);
			free(shown);
			skip[i] = 1;
			continue;
		}
		if ((name = cfg_yaml_scalar(y, k, key, NULL)) == NULL) {
			skip[i] = 1;
			continue;
		}
		keys[nkeys].name = name;
		keys[nkeys].node = k;
		keys[nkeys].idx = i;
		nkeys++;
	}
	if (nkeys > 1)
		qsort(keys, nkeys, sizeof *keys, cfg_yaml_key_cmp);
	for (i = 1; i < nkeys; i++) {
		if (strcmp(keys[i].name, keys[i - 1].name) != 0)
			continue;
		shown = cfg_check_quote(keys[i].name);
		cfg_yaml_error(y, keys[i].node, key, "duplicate %s %s (first "
		    "on line %zu)", what, shown,
		    keys[i - 1].node->start_mark.line + 1);
		free(shown);
		skip[keys[i].idx] = 1;
		keys[i].node = keys[i - 1].node;	/* the first one */
	}
	free(keys);
	return (skip);
}

/* Report an unknown key, with a suggestion if one is close. */
static void
cfg_yaml_unknown(struct cfg_yaml *y, yaml_node_t *k, const char *key,
    const char *name, const char *const *candidates, int canonical)
{
	const char	*near;
	char		*shown;

	near = cfg_key_suggest(name, candidates);
	if (near != NULL && canonical && cfg_key_find(near) != -1)
		near = cfg_key_name(cfg_key_find(near));
	shown = cfg_check_quote(name);
	if (near != NULL) {
		cfg_yaml_error(y, k, key, "unknown key %s (did you mean "
		    "\"%s\"?)", shown, near);
	} else
		cfg_yaml_error(y, k, key, "unknown key %s", shown);
	free(shown);
}

/* The top level: a mapping with "taskmaster" and "programs". */
static void
cfg_yaml_top(struct cfg_yaml *y, yaml_node_t *n)
{
	yaml_node_pair_t	*pairs;
	yaml_node_t		*k, *v;
	size_t			 count, i;
	char			*skip, *kind;
	const char		*name;
	int			 programs = 0;

	if (n->type != YAML_MAPPING_NODE) {
		kind = cfg_yaml_kind(n);
		cfg_yaml_error(y, n, NULL, "expected a mapping with "
		    "\"taskmaster\" and \"programs\" keys, got %s", kind);
		free(kind);
		return;
	}
	skip = cfg_yaml_dups(y, n, NULL, "key");
	pairs = cfg_yaml_pairs(n, &count);
	for (i = 0; i < count; i++) {
		if (skip[i])
			continue;
		k = yaml_document_get_node(y->doc, pairs[i].key);
		v = yaml_document_get_node(y->doc, pairs[i].value);
		name = (const char *)k->data.scalar.value;
		if (strcmp(name, "taskmaster") == 0)
			cfg_yaml_global(y, v);
		else if (strcmp(name, "programs") == 0) {
			programs = 1;
			cfg_yaml_programs(y, v);
		} else if (strncmp(name, "x-", 2) != 0)
			cfg_yaml_unknown(y, k, NULL, name, cfg_yaml_top_keys,
			    0);
	}
	free(skip);
	if (!programs)
		cfg_yaml_error(y, n, NULL, "missing required key \"programs\"");
}

/* Set one global value from the "taskmaster" section. */
static void
cfg_yaml_global_set(struct cfg_yaml *y, const char *name, yaml_node_t *k,
    yaml_node_t *v)
{
	struct cfg	*cf = y->cf;
	struct cfg_pos	*pos;
	char		**strp = NULL, *cause;
	const char	*s, *wanted;

	if (strcmp(name, "logfile") == 0) {
		pos = &cf->logfile_pos;
		pos->key = "taskmaster.logfile";
		strp = &cf->logfile;
	} else if (strcmp(name, "socket") == 0) {
		pos = &cf->socket_pos;
		pos->key = "taskmaster.socket";
		strp = &cf->socket;
	} else if (strcmp(name, "pidfile") == 0) {
		pos = &cf->pidfile_pos;
		pos->key = "taskmaster.pidfile";
		strp = &cf->pidfile;
	} else if (strcmp(name, "socket_mode") == 0) {
		pos = &cf->socket_mode_pos;
		pos->key = "taskmaster.socket_mode";
	} else {
		cfg_yaml_unknown(y, k, "taskmaster", name, cfg_yaml_global_keys,
		    0);
		return;
	}
	pos->line = v->start_mark.line + 1;
	pos->col = v->start_mark.column + 1;

	wanted = strp == NULL ? "an octal mode such as 0600" : "a file path";
	if ((s = cfg_yaml_scalar(y, v, pos->key, wanted)) == NULL)
		return;
	if (cfg_yaml_is_null(v) || *s == '\0') {
		cfg_yaml_error(y, v, pos->key, "expected %s, got an empty "
		    "value", wanted);
		return;
	}
	if (strp == NULL) {
		if (cfg_check_mode(s, &cf->socket_mode, &cause) != 0) {
			cfg_yaml_error(y, v, pos->key, "%s", cause);
			free(cause);
		}
		return;
	}
	free(*strp);
	*strp = cfg_resolve_path(s, cf->dir);
}

/*
 * A section that maps names to values: each name, unless a duplicate
 * (reported), goes to f. what says what was wanted if it is no mapping.
 */
static void
cfg_yaml_section(struct cfg_yaml *y, yaml_node_t *n, const char *path,
    const char *item, const char *what, void (*f)(struct cfg_yaml *,
    const char *, yaml_node_t *, yaml_node_t *))
{
	yaml_node_pair_t	*pairs;
	yaml_node_t		*k;
	size_t			 count, i;
	char			*skip, *kind;

	if (cfg_yaml_is_null(n))
		return;
	if (n->type != YAML_MAPPING_NODE) {
		kind = cfg_yaml_kind(n);
		cfg_yaml_error(y, n, path, "expected a mapping of %s, got %s",
		    what, kind);
		free(kind);
		return;
	}
	skip = cfg_yaml_dups(y, n, path, item);
	pairs = cfg_yaml_pairs(n, &count);
	for (i = 0; i < count; i++) {
		if (skip[i])
			continue;
		k = yaml_document_get_node(y->doc, pairs[i].key);
		f(y, (const char *)k->data.scalar.value, k,
		    yaml_document_get_node(y->doc, pairs[i].value));
	}
	free(skip);
}

/* The "taskmaster" section: global settings. */
static void
cfg_yaml_global(struct cfg_yaml *y, yaml_node_t *n)
{
	cfg_yaml_section(y, n, "taskmaster", "key", "settings (logfile, "
	    "socket, socket_mode, pidfile)", cfg_yaml_global_set);
}

/* The "programs" section: program names to their settings. */
static void
cfg_yaml_programs(struct cfg_yaml *y, yaml_node_t *n)
{
	cfg_yaml_section(y, n, "programs", "program", "program names to "
	    "their settings", cfg_yaml_program);
}

/* One program: check its name, read its settings, add it. */
static void
cfg_yaml_program(struct cfg_yaml *y, const char *name, yaml_node_t *k,
    yaml_node_t *v)
{
	struct cfg_program	*p;
	yaml_node_t		*seen[CFG_NKEYS] = { NULL };
	char			*cause, *kind, *shown;

	p = cfg_program_create(name);
	p->line = k->start_mark.line + 1;
	p->col = k->start_mark.column + 1;
	if (cfg_check_name(name, &cause) != 0) {
		cfg_yaml_error(y, k, "programs", "%s", cause);
		free(cause);
		shown = cfg_check_quote(name);
		free(p->where);
		p->where = xstrfmt("programs.%s", shown);
		free(shown);
	}

	if (v->type != YAML_MAPPING_NODE) {
		kind = cfg_yaml_kind(v);
		cfg_yaml_error(y, v, p->where, "expected a mapping of settings "
		    "with at least \"cmd\", got %s", kind);
		free(kind);
	} else {
		cfg_yaml_settings(y, p, v, seen, 0);
		if (seen[CFG_KEY_CMD] == NULL) {
			cfg_yaml_error(y, k, p->where, "missing required key "
			    "\"cmd\"");
		}
	}
	cfg_add_program(y->cf, p);
}

/*
 * The settings of a program. seen holds the key node that set each key,
 * so a key given twice, under its name and its alias, is reported, and a
 * "<<" merge only fills keys not set yet.
 */
static void
cfg_yaml_settings(struct cfg_yaml *y, struct cfg_program *p, yaml_node_t *n,
    yaml_node_t **seen, int depth)
{
	yaml_node_pair_t	*pairs;
	yaml_node_t		*k, *v;
	size_t			 count, i;
	char			*skip;
	const char		*name, *written;
	int			 key;

	skip = cfg_yaml_dups(y, n, p->where, "key");
	pairs = cfg_yaml_pairs(n, &count);
	for (i = 0; i < count; i++) {
		if (skip[i])
			continue;
		k = yaml_document_get_node(y->doc, pairs[i].key);
		v = yaml_document_get_node(y->doc, pairs[i].value);
		name = (const char *)k->data.scalar.value;
		if (strcmp(name, "<<") == 0)
			continue;
		if ((key = cfg_key_find(name)) == -1) {
			cfg_yaml_unknown(y, k, p->where, name,
			    cfg_yaml_program_keys, 1);
			continue;
		}
		written = cfg_key_name(key);
		if (strcmp(name, written) != 0)
			written = cfg_key_alias(key);
		if (seen[key] != NULL) {
			if (depth == 0) {
				cfg_yaml_error(y, k, p->where, "duplicate key "
				    "\"%s\" (same as \"%s\" on line %zu)",
				    written, (const char *)seen[key]->
				    data.scalar.value,
				    seen[key]->start_mark.line + 1);
			}
			continue;
		}
		seen[key] = k;
		cfg_yaml_value(y, p, key, written, v);
	}
	for (i = 0; i < count; i++) {
		k = yaml_document_get_node(y->doc, pairs[i].key);
		if (!skip[i] && strcmp((const char *)k->data.scalar.value,
		    "<<") == 0) {
			cfg_yaml_merge(y, p, yaml_document_get_node(y->doc,
			    pairs[i].value), seen, depth + 1);
		}
	}
	free(skip);
}

/* A "<<" merge: a mapping, or a list of them, filling keys not set. */
static void
cfg_yaml_merge(struct cfg_yaml *y, struct cfg_program *p, yaml_node_t *n,
    yaml_node_t **seen, int depth)
{
	yaml_node_item_t	*item;
	yaml_node_t		*m;
	char			*kind, *key;

	key = xstrfmt("%s.<<", p->where);
	if (depth > CFG_YAML_MAX_MERGE) {
		cfg_yaml_error(y, n, key, "merges are nested too deeply (at "
		    "most %d levels)", CFG_YAML_MAX_MERGE);
		free(key);
		return;
	}
	if (n->type == YAML_MAPPING_NODE) {
		cfg_yaml_settings(y, p, n, seen, depth);
		free(key);
		return;
	}
	if (n->type == YAML_SEQUENCE_NODE) {
		for (item = n->data.sequence.items.start;
		    item < n->data.sequence.items.top; item++) {
			m = yaml_document_get_node(y->doc, *item);
			if (m->type == YAML_MAPPING_NODE) {
				cfg_yaml_settings(y, p, m, seen, depth);
				continue;
			}
			kind = cfg_yaml_kind(m);
			cfg_yaml_error(y, m, key, "expected a mapping to "
			    "merge, got %s", kind);
			free(kind);
		}
		free(key);
		return;
	}
	kind = cfg_yaml_kind(n);
	cfg_yaml_error(y, n, key, "expected a mapping to merge (such as "
	    "*defaults) or a list of them, got %s", kind);
	free(kind);
	free(key);
}

/* Set one key of a program from its value node. */
static void
cfg_yaml_value(struct cfg_yaml *y, struct cfg_program *p, enum cfg_key key,
    const char *written, yaml_node_t *v)
{
	char		*path, *cause, *kind;
	const char	*s;

	p->pos[key].line = v->start_mark.line + 1;
	p->pos[key].col = v->start_mark.column + 1;
	p->pos[key].key = written;
	path = xstrfmt("%s.%s", p->where, written);

	if (key == CFG_KEY_CMD && v->type == YAML_SEQUENCE_NODE)
		cfg_yaml_cmd_list(y, p, path, v);
	else if (key == CFG_KEY_EXITCODES && v->type == YAML_SEQUENCE_NODE)
		cfg_yaml_exitcodes(y, p, path, v);
	else if (key == CFG_KEY_ENV && v->type == YAML_MAPPING_NODE)
		cfg_yaml_env(y, p, path, v);
	else if (key == CFG_KEY_ENV && cfg_yaml_is_null(v))
		;	/* "env:" with nothing: no variables */
	else if (v->type != YAML_SCALAR_NODE || key == CFG_KEY_ENV) {
		kind = cfg_yaml_kind(v);
		cfg_yaml_error(y, v, path, "expected %s, got %s",
		    cfg_key_wanted(key), kind);
		free(kind);
	} else if ((s = cfg_yaml_scalar(y, v, path, NULL)) == NULL)
		;	/* already reported */
	else if (cfg_yaml_is_null(v)) {
		cfg_yaml_error(y, v, path, "expected %s, got an empty value",
		    cfg_key_wanted(key));
	} else if (cfg_check_set(p, key, s, y->cf->dir, &cause) != 0) {
		cfg_yaml_error(y, v, path, "%s", cause);
		free(cause);
	}
	free(path);
}

/* cmd as a list: each item is one word, taken as it is. */
static void
cfg_yaml_cmd_list(struct cfg_yaml *y, struct cfg_program *p, const char *path,
    yaml_node_t *v)
{
	yaml_node_item_t	*item;
	yaml_node_t		*w;
	char			**argv, *line, *cause;
	const char		*s;
	size_t			 n = 0, total;
	int			 bad = 0;

	total = v->data.sequence.items.top - v->data.sequence.items.start;
	if (total == 0) {
		cfg_yaml_error(y, v, path, "expected a command, got an empty "
		    "list");
		return;
	}
	argv = xcalloc(total + 1, sizeof *argv);
	for (item = v->data.sequence.items.start;
	    item < v->data.sequence.items.top; item++) {
		w = yaml_document_get_node(y->doc, *item);
		if ((s = cfg_yaml_scalar(y, w, path, "a word")) == NULL)
			bad = 1;
		else if (cfg_yaml_is_null(w)) {
			cfg_yaml_error(y, w, path, "expected a word, got an "
			    "empty value (write \"\" for an empty argument)");
			bad = 1;
		} else
			argv[n++] = xstrdup(s);
	}
	if (!bad) {
		/* argv_split reads what argv_join writes as the same words. */
		line = argv_join(argv);
		if (cfg_check_set(p, CFG_KEY_CMD, line, y->cf->dir,
		    &cause) != 0) {
			cfg_yaml_error(y, v, path, "%s", cause);
			free(cause);
		}
		free(line);
	}
	argv_free(argv);
}

/* exitcodes as a list of integers. */
static void
cfg_yaml_exitcodes(struct cfg_yaml *y, struct cfg_program *p,
    const char *path, yaml_node_t *v)
{
	yaml_node_item_t	*item;
	yaml_node_t		*c;
	uint8_t			 map[32];
	char			*cause;
	const char		*s;
	int			 code, bad = 0;

	memset(map, 0, sizeof map);
	for (item = v->data.sequence.items.start;
	    item < v->data.sequence.items.top; item++) {
		c = yaml_document_get_node(y->doc, *item);
		if ((s = cfg_yaml_scalar(y, c, path,
		    "an exit code from 0 to 255")) == NULL)
			bad = 1;
		else if (cfg_check_exitcode(s, &code, &cause) != 0) {
			cfg_yaml_error(y, c, path, "%s", cause);
			free(cause);
			bad = 1;
		} else
			map[code / 8] |= 1 << (code % 8);
	}
	if (!bad)
		memcpy(p->exitcodes, map, sizeof p->exitcodes);
}

/* env: a mapping of names to scalar values, kept as written. */
static void
cfg_yaml_env(struct cfg_yaml *y, struct cfg_program *p, const char *path,
    yaml_node_t *v)
{
	yaml_node_pair_t	*pairs;
	yaml_node_t		*k, *val;
	size_t			 count, i, n = 0;
	char			*skip, **env, *cause, *vpath;
	const char		*name, *s;

	skip = cfg_yaml_dups(y, v, path, "variable");
	pairs = cfg_yaml_pairs(v, &count);
	env = xcalloc(count + 1, sizeof *env);
	for (i = 0; i < count; i++) {
		if (skip[i])
			continue;
		k = yaml_document_get_node(y->doc, pairs[i].key);
		val = yaml_document_get_node(y->doc, pairs[i].value);
		name = (const char *)k->data.scalar.value;
		if (cfg_check_env_name(name, &cause) != 0) {
			cfg_yaml_error(y, k, path, "%s", cause);
			free(cause);
			continue;
		}
		vpath = xstrfmt("%s.%s", path, name);
		if ((s = cfg_yaml_scalar(y, val, vpath,
		    "a value (a string or a number)")) == NULL)
			;	/* already reported */
		else if (cfg_yaml_is_null(val)) {
			cfg_yaml_error(y, val, vpath, "expected a value, got "
			    "an empty value (write \"\" for an empty string)");
		} else
			env[n++] = xstrfmt("%s=%s", name, s);
		free(vpath);
	}
	free(skip);
	argv_free(p->env);
	p->env = env;
}

/* Parse a YAML config into cf. Returns -1 if the YAML is unreadable. */
int
cfg_yaml_parse(struct cfg *cf, FILE *f, struct diag_list *dl)
{
	struct cfg_yaml	 y = { cf, dl, NULL, NULL, 0, 0 };
	yaml_parser_t	 parser;
	yaml_document_t	 doc, next;
	yaml_node_t	*root;
	char		*data;
	int		 r = -1;

	if ((data = cfg_yaml_read(&y, f, &y.size)) == NULL)
		return (-1);
	y.data = data;
	if (!yaml_parser_initialize(&parser)) {
		free(data);
		return (-1);
	}
	yaml_parser_set_input_string(&parser, (const u_char *)data, y.size);
	if (!yaml_parser_load(&parser, &doc)) {
		cfg_yaml_syntax(&y, &parser);
		goto out;
	}
	y.doc = &doc;
	if ((root = yaml_document_get_root_node(&doc)) == NULL) {
		diag_add(dl, &(struct diag_pos){ cf->path, 0, 0 }, NULL,
		    "the file is empty (expected a mapping with a \"programs\" "
		    "key)");
		yaml_document_delete(&doc);
		goto out;
	}

	/* A second document is a mistake: say so rather than ignore it. */
	if (!yaml_parser_load(&parser, &next))
		cfg_yaml_syntax(&y, &parser);
	else {
		root = yaml_document_get_root_node(&next);
		if (root != NULL) {
			cfg_yaml_error(&y, root, NULL, "only one YAML document "
			    "is allowed (this is a second one)");
		}
		yaml_document_delete(&next);
	}

	cfg_yaml_top(&y, yaml_document_get_root_node(&doc));
	yaml_document_delete(&doc);
	r = 0;
out:
	yaml_parser_delete(&parser);
	free(data);
	return (r);
}
