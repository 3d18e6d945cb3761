/*
 * The YAML walk's node helpers, shared by cfg-yaml.c and
 * cfg-yaml-alert.c: errors at a node's line and column, what a node is,
 * scalars, mappings and their duplicate or unknown keys.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cfg-yaml.h"
#include "xmalloc.h"

/*
 * How many values a file may have, counting each use of an alias: aliases
 * can make a small file stand for a huge one, and this keeps it in check.
 */
#define CFG_YAML_MAX_VALUES	2000000

/* A key of a mapping, for finding duplicates by sorting. */
struct cfg_yaml_key {
	const char	*name;
	yaml_node_t	*node;
	size_t		 idx;
};

static int	 cfg_yaml_key_cmp(const void *, const void *);

/* Record an error at a node's mark. */
void
cfg_yaml_error(struct cfg_yaml *y, const yaml_node_t *n, const char *key,
    const char *fmt, ...)
{
	struct diag_pos	 pos = { y->cf->path, 0, 0 };
	va_list		 ap;

	if (n != NULL) {
		pos.line = n->start_mark.line + 1;
		pos.col = n->start_mark.column + 1;
	}
	va_start(ap, fmt);
	diag_addv(y->dl, &pos, key, 0, fmt, ap);
	va_end(ap);
}

/* Whether a node is a null: nothing, "~" or "null", not in quotes. */
int
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
char *
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
		return (diag_quote((const char *)n->data.scalar.value));
	default:
		return (xstrdup("nothing"));
	}
}

/*
 * Return the text of a scalar node, or NULL after reporting why it is not
 * one: a list or mapping where wanted (NULL: "a single value") goes, a NUL
 * inside, or one value too many.
 */
const char *
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
yaml_node_pair_t *
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
char *
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
		shown = diag_quote(keys[i].name);
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
void
cfg_yaml_unknown(struct cfg_yaml *y, yaml_node_t *k, const char *key,
    const char *name, const char *const *candidates, int canonical)
{
	char	*msg;

	msg = cfg_key_unknown(name, candidates, canonical);
	cfg_yaml_error(y, k, key, "%s", msg);
	free(msg);
}

/*
 * Whether n is a mapping to read: a null is an empty one (nothing to
 * read); anything else but a mapping is reported, as not "a mapping of"
 * what.
 */
int
cfg_yaml_mapping(struct cfg_yaml *y, yaml_node_t *n, const char *path,
    const char *what)
{
	char	*kind;

	if (cfg_yaml_is_null(n))
		return (0);
	if (n->type != YAML_MAPPING_NODE) {
		kind = cfg_yaml_kind(n);
		cfg_yaml_error(y, n, path, "expected a mapping of %s, got %s",
		    what, kind);
		free(kind);
		return (0);
	}
	return (1);
}
