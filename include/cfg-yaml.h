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
