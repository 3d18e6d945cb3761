/*
 * The YAML config reader: a walk of the document cfg-yaml-load.c loaded,
 * whose nodes keep their marks, so every diagnostic can name the line and
 * column of the key or value it is about (libyaml counts from 0, we from
 * 1). Keys are looked up in the key table and set through their type, so
 * nothing here knows one key from another but by its type's shape (a
 * command or exit codes may be a list, an environment is a mapping). The
 * walk never stops at a bad value: it reports it and goes on, so one run
 * shows every problem of the file. Only YAML that cannot be read at all
 * stops it.
 *
 * Anchors and aliases are plain YAML and work as such. The merge key
 * ("<<: *defaults") is supported in a program's settings, so programs can
 * share values; top-level keys starting with "x-" are ignored, to give
 * such anchors a home.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cfg-yaml.h"
#include "xmalloc.h"

/* How deep "<<" merges may nest. */
#define CFG_YAML_MAX_MERGE	8

/* The settings of one program or of the global section being read. */
struct cfg_yaml_target {
	void		*base;		/* struct cfg_program or struct cfg */
	enum cfg_scope	 scope;
	struct cfg_pos	*pos;
	const char	*where;		/* key path of the section */
	const char	*prefix;	/* in a group ("tls"): its name */
	yaml_node_t	**seen;		/* the key node that set each key */
};

static const char *const cfg_yaml_top_keys[] = {
	"taskmaster", "programs", NULL
};

static void	 cfg_yaml_top(struct cfg_yaml *, yaml_node_t *);
static void	 cfg_yaml_global(struct cfg_yaml *, yaml_node_t *);
static void	 cfg_yaml_programs(struct cfg_yaml *, yaml_node_t *);
static void	 cfg_yaml_program(struct cfg_yaml *, const char *,
		     yaml_node_t *, yaml_node_t *);
static void	 cfg_yaml_settings(struct cfg_yaml *, struct cfg_yaml_target *,
		     yaml_node_t *, int);
static int	 cfg_yaml_group(struct cfg_yaml *, struct cfg_yaml_target *,
		     yaml_node_t *, yaml_node_t *);
static void	 cfg_yaml_group_unknown(struct cfg_yaml *,
		     struct cfg_yaml_target *, yaml_node_t *);
static void	 cfg_yaml_setting(struct cfg_yaml *, struct cfg_yaml_target *,
		     yaml_node_t *, yaml_node_t *, int);
static void	 cfg_yaml_merge(struct cfg_yaml *, struct cfg_yaml_target *,
		     yaml_node_t *, int);
static void	 cfg_yaml_value(struct cfg_yaml *, struct cfg_yaml_target *,
		     u_int, const char *, yaml_node_t *);
static void	 cfg_yaml_set(struct cfg_yaml *, struct cfg_yaml_target *,
		     u_int, const char *, yaml_node_t *);
static void	 cfg_yaml_cmd_list(struct cfg_yaml *, struct cfg_yaml_target *,
		     u_int, const char *, yaml_node_t *);
static void	 cfg_yaml_items(struct cfg_yaml *,
		     struct cfg_yaml_target *, u_int, const char *,
		     yaml_node_t *);
static void	 cfg_yaml_env(struct cfg_yaml *, struct cfg_yaml_target *,
		     u_int, const char *, yaml_node_t *);
static void	 cfg_yaml_set_list(struct cfg_yaml *,
		     struct cfg_yaml_target *, u_int, const char *,
		     yaml_node_t *, char **);

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

/* The "taskmaster" section: the global settings. */
static void
cfg_yaml_global(struct cfg_yaml *y, yaml_node_t *n)
{
	struct cfg_yaml_target	 t;
	const char		**names;
	char			 *what, *tmp;
	u_int			  i;

	names = cfg_key_names(CFG_GLOBAL, 0, NULL);
	what = xstrdup("settings (");
	for (i = 0; names[i] != NULL; i++) {
		tmp = xstrfmt("%s%s%s", what, i == 0 ? "" : ", ", names[i]);
		free(what);
		what = tmp;
	}
	tmp = xstrfmt("%s)", what);
	free(what);
	free(names);
	if (cfg_yaml_mapping(y, n, y->cf->where, tmp)) {
		t.base = y->cf;
		t.scope = CFG_GLOBAL;
		t.pos = y->cf->pos;
		t.where = y->cf->where;
		t.prefix = NULL;
		t.seen = xcalloc(cfg_key_count(), sizeof *t.seen);
		cfg_yaml_settings(y, &t, n, 0);
		free(t.seen);
	}
	free(tmp);
}

/* The "programs" section: each program name, unless a duplicate. */
static void
cfg_yaml_programs(struct cfg_yaml *y, yaml_node_t *n)
{
	yaml_node_pair_t	*pairs;
	yaml_node_t		*k;
	size_t			 count, i;
	char			*skip;

	if (!cfg_yaml_mapping(y, n, "programs", "program names to their "
	    "settings"))
		return;
	skip = cfg_yaml_dups(y, n, "programs", "program");
	pairs = cfg_yaml_pairs(n, &count);
	for (i = 0; i < count; i++) {
		if (skip[i])
			continue;
		k = yaml_document_get_node(y->doc, pairs[i].key);
		cfg_yaml_program(y, (const char *)k->data.scalar.value, k,
		    yaml_document_get_node(y->doc, pairs[i].value));
	}
	free(skip);
}

/* One program: check its name, read its settings, add it. */
static void
cfg_yaml_program(struct cfg_yaml *y, const char *name, yaml_node_t *k,
    yaml_node_t *v)
{
	struct cfg_program		*p;
	struct cfg_yaml_target		 t;
	const struct cfg_key_entry	*e;
	char				*cause, *kind, *shown;
	u_int				 i;

	p = cfg_program_create(name);
	p->line = k->start_mark.line + 1;
	p->col = k->start_mark.column + 1;
	if (cfg_value_name(name, &cause) != 0) {
		cfg_yaml_error(y, k, "programs", "%s", cause);
		free(cause);
		shown = diag_quote(name);
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
		t.base = p;
		t.scope = CFG_PROGRAM;
		t.pos = p->pos;
		t.where = p->where;
		t.prefix = NULL;
		t.seen = xcalloc(cfg_key_count(), sizeof *t.seen);
		cfg_yaml_settings(y, &t, v, 0);
		for (i = 0; (e = cfg_key_entry(i)) != NULL; i++) {
			if (e->scope != CFG_PROGRAM || e->name == NULL ||
			    (~e->flags & CFG_KEY_REQUIRED) || t.seen[i] != NULL)
				continue;
			cfg_yaml_error(y, k, p->where, "missing required key "
			    "\"%s\"", e->name);
		}
		free(t.seen);
	}
	cfg_add_program(y->cf, p);
}

/*
 * The settings of a program or of the global section. t->seen holds the
 * key node that set each key, so a key given twice, under its name and
 * its alias, is reported, and a "<<" merge (in a program) only fills
 * keys not set yet.
 */
static void
cfg_yaml_settings(struct cfg_yaml *y, struct cfg_yaml_target *t,
    yaml_node_t *n, int depth)
{
	yaml_node_pair_t	*pairs;
	yaml_node_t		*k;
	size_t			 count, i;
	char			*skip;
	int			 merge;

	skip = cfg_yaml_dups(y, n, t->where, "key");
	pairs = cfg_yaml_pairs(n, &count);
	for (i = 0; i < count; i++) {
		if (skip[i])
			continue;
		k = yaml_document_get_node(y->doc, pairs[i].key);
		merge = (t->scope == CFG_PROGRAM &&
		    strcmp((const char *)k->data.scalar.value, "<<") == 0);
		if (!merge) {
			cfg_yaml_setting(y, t, k, yaml_document_get_node(y->doc,
			    pairs[i].value), depth);
		}
	}
	for (i = 0; i < count && t->scope == CFG_PROGRAM; i++) {
		k = yaml_document_get_node(y->doc, pairs[i].key);
		if (!skip[i] && strcmp((const char *)k->data.scalar.value,
		    "<<") == 0) {
			cfg_yaml_merge(y, t, yaml_document_get_node(y->doc,
			    pairs[i].value), depth + 1);
		}
	}
	free(skip);
}

/* One key and its value: look the key up, then set it unless seen. */
static void
cfg_yaml_setting(struct cfg_yaml *y, struct cfg_yaml_target *t,
    yaml_node_t *k, yaml_node_t *v, int depth)
{
	const struct cfg_key_entry	 *e;
	const char			 *name, *written, **names;
	char				 *msg, *full;
	int				  key;

	name = (const char *)k->data.scalar.value;
	if (t->prefix != NULL) {
		full = xstrfmt("%s.%s", t->prefix, name);
		key = cfg_key_find(t->scope, full, 0);
		free(full);
	} else
		key = cfg_key_find(t->scope, name, 0);
	if (key == -1 && t->prefix == NULL && cfg_yaml_group(y, t, k, v))
		return;
	if (key == -1 && t->prefix != NULL) {
		cfg_yaml_group_unknown(y, t, k);
		return;
	}
	if (key == -1) {
		names = cfg_key_names(t->scope, 0, NULL);
		cfg_yaml_unknown(y, k, t->where, name, names,
		    t->scope == CFG_PROGRAM);
		free(names);
		return;
	}
	e = cfg_key_entry(key);
	if (t->prefix != NULL)
		written = e->name;
	else
		written = strcmp(name, e->name) == 0 ? e->name : e->alias;
	if (t->seen[key] != NULL) {
		if (depth == 0) {
			cfg_yaml_error(y, k, t->where, "duplicate key \"%s\" "
			    "(same as \"%s\" on line %zu)", written,
			    (const char *)t->seen[key]->data.scalar.value,
			    t->seen[key]->start_mark.line + 1);
		}
		return;
	}
	t->seen[key] = k;
	if (e->flags & CFG_KEY_UNSUPPORTED) {
		msg = cfg_key_ignored(key);
		diag_warn(y->dl, &(struct diag_pos){ y->cf->path,
		    k->start_mark.line + 1, k->start_mark.column + 1 },
		    t->where, "%s", msg);
		free(msg);
		return;
	}
	cfg_yaml_value(y, t, key, written, v);
}

/*
 * A key that groups others, such as "tls" for tls.cert and tls.key: its
 * value is a mapping of those. Returns 0 if name groups no key.
 */
static int
cfg_yaml_group(struct cfg_yaml *y, struct cfg_yaml_target *t, yaml_node_t *k,
    yaml_node_t *v)
{
	struct cfg_yaml_target	 sub;
	const char		*name = (const char *)k->data.scalar.value;
	const char		**names;
	char			*prefix, *what, *where, *tmp;
	size_t			 len = strlen(name);
	u_int			 i;
	int			 found = 0;

	names = cfg_key_names(t->scope, 0, NULL);
	what = xstrdup("");
	for (i = 0; names[i] != NULL; i++) {
		if (strncmp(names[i], name, len) != 0 || names[i][len] != '.')
			continue;
		tmp = xstrfmt("%s%s%s", what, found ? ", " : "",
		    names[i] + len + 1);
		free(what);
		what = tmp;
		found = 1;
	}
	free(names);
	if (!found) {
		free(what);
		return (0);
	}
	where = xstrfmt("%s.%s", t->where, name);
	tmp = xstrfmt("settings (%s)", what);
	if (cfg_yaml_mapping(y, v, where, tmp)) {
		prefix = xstrdup(name);
		sub = *t;
		sub.prefix = prefix;
		cfg_yaml_settings(y, &sub, v, 0);
		free(prefix);
	}
	free(tmp);
	free(what);
	free(where);
	return (1);
}

/* A key of a group that has no such key: say which it has. */
static void
cfg_yaml_group_unknown(struct cfg_yaml *y, struct cfg_yaml_target *t,
    yaml_node_t *k)
{
	const char	**names, **subs;
	char		 *where;
	size_t		  len = strlen(t->prefix);
	u_int		  i, n = 0;

	names = cfg_key_names(t->scope, 0, NULL);
	for (i = 0; names[i] != NULL; i++)
		/* nothing */;
	subs = xcalloc(i + 1, sizeof *subs);
	for (i = 0; names[i] != NULL; i++) {
		if (strncmp(names[i], t->prefix, len) == 0 &&
		    names[i][len] == '.')
			subs[n++] = names[i] + len + 1;
	}
	where = xstrfmt("%s.%s", t->where, t->prefix);
	cfg_yaml_unknown(y, k, where, (const char *)k->data.scalar.value,
	    subs, 0);
	free(where);
	free(subs);
	free(names);
}

/* A "<<" merge: a mapping, or a list of them, filling keys not set. */
static void
cfg_yaml_merge(struct cfg_yaml *y, struct cfg_yaml_target *t, yaml_node_t *n,
    int depth)
{
	yaml_node_item_t	*item;
	yaml_node_t		*m;
	char			*kind, *key;

	key = xstrfmt("%s.<<", t->where);
	if (depth > CFG_YAML_MAX_MERGE) {
		cfg_yaml_error(y, n, key, "merges are nested too deeply (at "
		    "most %d levels)", CFG_YAML_MAX_MERGE);
		free(key);
		return;
	}
	if (n->type == YAML_MAPPING_NODE) {
		cfg_yaml_settings(y, t, n, depth);
		free(key);
		return;
	}
	if (n->type == YAML_SEQUENCE_NODE) {
		for (item = n->data.sequence.items.start;
		    item < n->data.sequence.items.top; item++) {
			m = yaml_document_get_node(y->doc, *item);
			if (m->type == YAML_MAPPING_NODE) {
				cfg_yaml_settings(y, t, m, depth);
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

/* Note where a key's value is, then set it. */
static void
cfg_yaml_value(struct cfg_yaml *y, struct cfg_yaml_target *t, u_int key,
    const char *written, yaml_node_t *v)
{
	char	*path;

	if (key < CFG_NKEYS) {
		t->pos[key].line = v->start_mark.line + 1;
		t->pos[key].col = v->start_mark.column + 1;
		t->pos[key].key = written;
	}
	path = xstrfmt("%s.%s", t->where, written);
	cfg_yaml_set(y, t, key, path, v);
	free(path);
}

/* Set a key from its value node, by the shapes its type allows. */
static void
cfg_yaml_set(struct cfg_yaml *y, struct cfg_yaml_target *t, u_int key,
    const char *path, yaml_node_t *v)
{
	const struct cfg_key_entry	*e = cfg_key_entry(key);
	char				*cause, *kind;
	const char			*s;

	if (e->type == CFG_T_CMD && v->type == YAML_SEQUENCE_NODE)
		cfg_yaml_cmd_list(y, t, key, path, v);
	else if ((e->type == CFG_T_EXITCODES || e->type == CFG_T_ADDRS) &&
	    v->type == YAML_SEQUENCE_NODE)
		cfg_yaml_items(y, t, key, path, v);
	else if (e->type == CFG_T_ENV && v->type == YAML_MAPPING_NODE)
		cfg_yaml_env(y, t, key, path, v);
	else if (e->type == CFG_T_ENV && cfg_yaml_is_null(v))
		;	/* "env:" with nothing: no variables */
	else if (e->type == CFG_T_ALERTS)
		cfg_yaml_alerts(y, path, v);
	else if (v->type != YAML_SCALAR_NODE || e->type == CFG_T_ENV) {
		kind = cfg_yaml_kind(v);
		cfg_yaml_error(y, v, path, "expected %s, got %s", e->wanted,
		    kind);
		free(kind);
	} else if ((s = cfg_yaml_scalar(y, v, path, NULL)) == NULL)
		;	/* already reported */
	else if (cfg_yaml_is_null(v)) {
		cfg_yaml_error(y, v, path, "expected %s, got an empty value",
		    e->wanted);
	} else if (cfg_type_set(t->base, key, s, y->cf->dir, &cause) != 0) {
		cfg_yaml_error(y, v, path, "%s", cause);
		free(cause);
	}
}

/* Set a key from the items read from a list or mapping, if all were good. */
static void
cfg_yaml_set_list(struct cfg_yaml *y, struct cfg_yaml_target *t, u_int key,
    const char *path, yaml_node_t *v, char **items)
{
	char	*cause;

	if (cfg_type_set_list(t->base, key, items, y->cf->dir,
	    &cause) != 0) {
		cfg_yaml_error(y, v, path, "%s", cause);
		free(cause);
	}
}

/* A command as a list: each item is one word, taken as it is. */
static void
cfg_yaml_cmd_list(struct cfg_yaml *y, struct cfg_yaml_target *t, u_int key,
    const char *path, yaml_node_t *v)
{
	yaml_node_item_t	*item;
	yaml_node_t		*w;
	char			**argv;
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
	if (!bad)
		cfg_yaml_set_list(y, t, key, path, v, argv);
	argv_free(argv);
}

/*
 * A list of exit codes or of addresses: each item is checked where it is
 * written, then the whole list is set if every one was good.
 */
static void
cfg_yaml_items(struct cfg_yaml *y, struct cfg_yaml_target *t, u_int key,
    const char *path, yaml_node_t *v)
{
	const struct cfg_key_entry	*e = cfg_key_entry(key);
	yaml_node_item_t		*item;
	yaml_node_t			*c;
	char				**items, *cause;
	const char			*s, *wanted;
	size_t				 n = 0;
	int				 code, r, bad = 0;

	wanted = e->type == CFG_T_ADDRS ? "HOST:PORT" :
	    "an exit code from 0 to 255";
	items = xcalloc(v->data.sequence.items.top -
	    v->data.sequence.items.start + 1, sizeof *items);
	for (item = v->data.sequence.items.start;
	    item < v->data.sequence.items.top; item++) {
		c = yaml_document_get_node(y->doc, *item);
		if ((s = cfg_yaml_scalar(y, c, path, wanted)) == NULL) {
			bad = 1;
			continue;
		}
		if (e->type == CFG_T_ADDRS)
			r = cfg_value_addr(s, &cause);
		else
			r = cfg_value_exitcode(s, &code, &cause);
		if (r != 0) {
			cfg_yaml_error(y, c, path, "%s", cause);
			free(cause);
			bad = 1;
		} else
			items[n++] = xstrdup(s);
	}
	if (!bad)
		cfg_yaml_set_list(y, t, key, path, v, items);
	argv_free(items);
}

/* An environment: a mapping of names to scalar values, kept as written. */
static void
cfg_yaml_env(struct cfg_yaml *y, struct cfg_yaml_target *t, u_int key,
    const char *path, yaml_node_t *v)
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
		if (cfg_value_env_name(name, &cause) != 0) {
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
	cfg_yaml_set_list(y, t, key, path, v, env);
	argv_free(env);
}

/* Parse a YAML config into cf. Returns -1 if the YAML is unreadable. */
int
cfg_yaml_parse(struct cfg *cf, FILE *f, struct diag_list *dl)
{
	struct cfg_yaml	 y = { cf, dl, NULL, NULL, 0, 0 };
	yaml_document_t	 doc;
	int		 r = -1;

	cf->where = "taskmaster";
	if (cfg_yaml_load(&y, f, &doc) == 0) {
		y.doc = &doc;
		cfg_yaml_top(&y, yaml_document_get_root_node(&doc));
		yaml_document_delete(&doc);
		r = 0;
	}
	free(y.data);
	return (r);
}
