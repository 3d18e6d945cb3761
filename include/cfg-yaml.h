/*
 * The YAML reader's parts: cfg-yaml-load.c turns the file into a libyaml
 * document, refusing what is too large or too deep; cfg-yaml.c walks the
 * document into a struct cfg. Only these two files include this header.
 */

#ifndef CFG_YAML_H
#define CFG_YAML_H

#include <yaml.h>

#include "cfg.h"

struct cfg_yaml {
	struct cfg		*cf;
	struct diag_list	*dl;
	yaml_document_t		*doc;
	char			*data;		/* the file's text */
	size_t			 size;
	u_int			 values;	/* scalars read so far */
};

/* cfg-yaml-node.c: the walk's node helpers. */

/* Record an error at a node's mark (NULL: no position). */
void	 cfg_yaml_error(struct cfg_yaml *, const yaml_node_t *, const char *,
	     const char *, ...) __attribute__((format(printf, 4, 5)));
/* Whether a node is a null: nothing, "~" or "null", not in quotes. */
int	 cfg_yaml_is_null(const yaml_node_t *);
/* Describe what a node is, for "expected ..., got ..." (caller frees). */
char	*cfg_yaml_kind(const yaml_node_t *);
/*
 * The text of a scalar node, or NULL after reporting why it is not one
 * (wanted: what was expected instead; NULL: "a single value").
 */
const char *cfg_yaml_scalar(struct cfg_yaml *, yaml_node_t *, const char *,
	     const char *);
/* The pairs of a mapping node and how many there are. */
yaml_node_pair_t *cfg_yaml_pairs(const yaml_node_t *, size_t *);
/*
 * Report the keys of a mapping that are not scalars or repeat another;
 * returns a flag per pair, set for those to skip (caller frees).
 */
char	*cfg_yaml_dups(struct cfg_yaml *, yaml_node_t *, const char *,
	     const char *);
/* Report an unknown key, with a suggestion if one is close. */
void	 cfg_yaml_unknown(struct cfg_yaml *, yaml_node_t *, const char *,
	     const char *, const char *const *, int);
/* Whether n is a mapping to read (a null is an empty one: 0). */
int	 cfg_yaml_mapping(struct cfg_yaml *, yaml_node_t *, const char *,
	     const char *);

/* cfg-yaml-alert.c */

/* The "alerts" mapping of the global section, into y->cf->alerts. */
void	 cfg_yaml_alerts(struct cfg_yaml *, const char *, yaml_node_t *);

/* cfg-yaml-load.c */

/*
 * Read the file and load its one document into doc (the caller deletes
 * it). Returns -1 after reporting why there is none to walk.
 */
int	 cfg_yaml_load(struct cfg_yaml *, FILE *, yaml_document_t *);
/* Record an error at a libyaml mark. */
void	 cfg_yaml_load_error(struct cfg_yaml *, const yaml_mark_t *,
	     const char *, const char *, ...)
	     __attribute__((format(printf, 4, 5)));

#endif
