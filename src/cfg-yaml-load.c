/*
 * From the bytes of a YAML file to a libyaml document. The whole file is
 * read first (libyaml reports some errors as a byte offset, which the
 * text turns into a line and column). Its events are then walked once,
 * before any tree is built, to refuse values nested deeper than
 * CFG_YAML_MAX_DEPTH: libyaml builds a document in time that grows with
 * the square of its depth, so a small file nested 100,000 deep would
 * never load and would hang a check or a reload. Only then is the
 * document loaded, and a second document in the file is reported.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cfg-yaml.h"
#include "xmalloc.h"

/* Larger files are refused rather than read into memory. */
#define CFG_YAML_MAX_SIZE	(8 * 1024 * 1024)

/* How deep mappings and lists may nest in a file. */
#define CFG_YAML_MAX_DEPTH	64

static char	*cfg_yaml_load_read(struct cfg_yaml *, FILE *, size_t *);
static void	 cfg_yaml_load_syntax(struct cfg_yaml *,
		     const yaml_parser_t *);
static int	 cfg_yaml_load_depth(struct cfg_yaml *);
static void	 cfg_yaml_load_second(struct cfg_yaml *, yaml_parser_t *);

/* Record an error at a libyaml mark. */
void
cfg_yaml_load_error(struct cfg_yaml *y, const yaml_mark_t *mark,
    const char *key, const char *fmt, ...)
{
	struct diag_pos	 pos = { y->cf->path, 0, 0 };
	va_list		 ap;

	if (mark != NULL) {
		pos.line = mark->line + 1;
		pos.col = mark->column + 1;
	}
	va_start(ap, fmt);
	diag_addv(y->dl, &pos, key, 0, fmt, ap);
	va_end(ap);
}

/* Read the whole file, up to CFG_YAML_MAX_SIZE. */
static char *
cfg_yaml_load_read(struct cfg_yaml *y, FILE *f, size_t *sizep)
{
	char	*buf;
	size_t	 size = 0, space = BUFSIZ, n;

	buf = xmalloc(space + 1);
	while ((n = fread(buf + size, 1, space - size, f)) > 0) {
		size += n;
		if (size > CFG_YAML_MAX_SIZE) {
			cfg_yaml_load_error(y, NULL, NULL, "file is too large "
			    "(more than %d MiB)", CFG_YAML_MAX_SIZE / 1024 /
			    1024);
			free(buf);
			return (NULL);
		}
		if (size == space) {
			space *= 2;
			buf = xreallocarray(buf, space + 1, 1);
		}
	}
	if (ferror(f)) {
		cfg_yaml_load_error(y, NULL, NULL, "cannot read: %s",
		    strerror(errno));
		free(buf);
		return (NULL);
	}
	buf[size] = '\0';
	*sizep = size;
	return (buf);
}

/* Report the error that stopped libyaml, where it happened. */
static void
cfg_yaml_load_syntax(struct cfg_yaml *y, const yaml_parser_t *parser)
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

/*
 * Walk every event of the file and refuse it if mappings and lists nest
 * deeper than CFG_YAML_MAX_DEPTH. A syntax error ends the walk quietly:
 * loading stops at the same place and reports it with its context.
 */
static int
cfg_yaml_load_depth(struct cfg_yaml *y)
{
	yaml_parser_t	 parser;
	yaml_event_t	 event;
	int		 depth = 0, r = 0, done = 0;

	if (!yaml_parser_initialize(&parser))
		return (0);
	yaml_parser_set_input_string(&parser, (const u_char *)y->data,
	    y->size);
	while (!done && yaml_parser_parse(&parser, &event)) {
		switch (event.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++depth <= CFG_YAML_MAX_DEPTH)
				break;
			cfg_yaml_load_error(y, &event.start_mark, NULL,
			    "values are nested too deeply (more than %d "
			    "levels of mappings and lists)",
			    CFG_YAML_MAX_DEPTH);
			r = -1;
			done = 1;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	return (r);
}

/* A second document is a mistake: say so rather than ignore it. */
static void
cfg_yaml_load_second(struct cfg_yaml *y, yaml_parser_t *parser)
{
	yaml_document_t	 next;
	yaml_node_t	*root;

	if (!yaml_parser_load(parser, &next)) {
		cfg_yaml_load_syntax(y, parser);
		return;
	}
	root = yaml_document_get_root_node(&next);
	if (root != NULL) {
		cfg_yaml_load_error(y, &root->start_mark, NULL, "only one YAML "
		    "document is allowed (this is a second one)");
	}
	yaml_document_delete(&next);
}

/* Read the file and load its one document into doc. */
int
cfg_yaml_load(struct cfg_yaml *y, FILE *f, yaml_document_t *doc)
{
	yaml_parser_t	 parser;
	int		 r = -1;

	if ((y->data = cfg_yaml_load_read(y, f, &y->size)) == NULL)
		return (-1);
	if (cfg_yaml_load_depth(y) != 0)
		return (-1);
	if (!yaml_parser_initialize(&parser))
		return (-1);
	yaml_parser_set_input_string(&parser, (const u_char *)y->data,
	    y->size);
	if (!yaml_parser_load(&parser, doc)) {
		cfg_yaml_load_syntax(y, &parser);
		goto out;
	}
	if (yaml_document_get_root_node(doc) == NULL) {
		cfg_yaml_load_error(y, NULL, NULL, "the file is empty "
		    "(expected a mapping with a \"programs\" key)");
		yaml_document_delete(doc);
		goto out;
	}
	cfg_yaml_load_second(y, &parser);
	r = 0;
out:
	yaml_parser_delete(&parser);
	return (r);
}
