/*
 * Diagnostics: problems found in a config, each with the file, line and
 * column it comes from and the key it concerns. They are collected, never
 * fatal one by one, so a user sees every problem of a file at once, sorted
 * as they appear in it. Values quoted in their messages go through
 * diag_quote, so a control character or a huge value cannot garble them.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "xmalloc.h"

/* How much of a value a message quotes. */
#define DIAG_QUOTE_MAX	60

/* A diagnostic and its place in the list, for a stable sort. */
struct diag_sort_item {
	struct diag	*d;
	size_t		 idx;
};

static int	diag_cmp(const void *, const void *);

/* Append one diagnostic to the list. */
void
diag_addv(struct diag_list *dl, const struct diag_pos *pos, const char *key,
    int warning, const char *fmt, va_list ap)
{
	struct diag	*d;

	d = xcalloc(1, sizeof *d);
	if (pos != NULL) {
		if (pos->file != NULL)
			d->file = xstrdup(pos->file);
		d->line = pos->line;
		d->col = pos->col;
	}
	if (key != NULL)
		d->key = xstrdup(key);
	xvasprintf(&d->msg, fmt, ap);
	d->warning = warning;
	TAILQ_INSERT_TAIL(&dl->list, d, entry);
	if (warning)
		dl->nwarnings++;
	else
		dl->nerrors++;
}

/* Initialise an empty diagnostics list. */
void
diag_init(struct diag_list *dl)
{
	TAILQ_INIT(&dl->list);
	dl->nerrors = 0;
	dl->nwarnings = 0;
}

/* Free every diagnostic in the list, leaving it empty. */
void
diag_clear(struct diag_list *dl)
{
	struct diag	*d;

	while ((d = TAILQ_FIRST(&dl->list)) != NULL) {
		TAILQ_REMOVE(&dl->list, d, entry);
		free(d->file);
		free(d->key);
		free(d->msg);
		free(d);
	}
	dl->nerrors = 0;
	dl->nwarnings = 0;
}

/* Record an error. */
void
diag_add(struct diag_list *dl, const struct diag_pos *pos, const char *key,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_addv(dl, pos, key, 0, fmt, ap);
	va_end(ap);
}

/* Record a warning. */
void
diag_warn(struct diag_list *dl, const struct diag_pos *pos, const char *key,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_addv(dl, pos, key, 1, fmt, ap);
	va_end(ap);
}

/*
 * Order two diagnostics by file, line and column, then by the order they
 * were added, which makes qsort stable.
 */
static int
diag_cmp(const void *a0, const void *b0)
{
	const struct diag_sort_item	*a = a0, *b = b0;
	int				 r;

	r = strcmp(a->d->file != NULL ? a->d->file : "",
	    b->d->file != NULL ? b->d->file : "");
	if (r != 0)
		return (r);
	if (a->d->line != b->d->line)
		return (a->d->line < b->d->line ? -1 : 1);
	if (a->d->col != b->d->col)
		return (a->d->col < b->d->col ? -1 : 1);
	if (a->idx != b->idx)
		return (a->idx < b->idx ? -1 : 1);
	return (0);
}

/* Sort by file, line and column, keeping the order of equal ones. */
void
diag_sort(struct diag_list *dl)
{
	struct diag_sort_item	*all;
	struct diag		*d;
	size_t			 n, i;

	n = 0;
	TAILQ_FOREACH(d, &dl->list, entry)
		n++;
	if (n < 2)
		return;
	all = xreallocarray(NULL, n, sizeof *all);
	i = 0;
	TAILQ_FOREACH(d, &dl->list, entry) {
		all[i].d = d;
		all[i].idx = i;
		i++;
	}
	qsort(all, n, sizeof *all, diag_cmp);

	TAILQ_INIT(&dl->list);
	for (i = 0; i < n; i++)
		TAILQ_INSERT_TAIL(&dl->list, all[i].d, entry);
	free(all);
}

/* Format one diagnostic as "file:line:col: key: message". */
char *
diag_format(const struct diag *d)
{
	char	*where, *out;

	if (d->file == NULL)
		where = xstrdup("");
	else if (d->line == 0)
		where = xstrfmt("%s: ", d->file);
	else if (d->col == 0)
		where = xstrfmt("%s:%u: ", d->file, d->line);
	else
		where = xstrfmt("%s:%u:%u: ", d->file, d->line, d->col);
	out = xstrfmt("%s%s%s%s%s", where, d->key != NULL ? d->key : "",
	    d->key != NULL ? ": " : "", d->warning ? "warning: " : "", d->msg);
	free(where);
	return (out);
}

/* Sort, then print every diagnostic, one per line. */
void
diag_print(struct diag_list *dl, FILE *f)
{
	struct diag	*d;
	char		*s;

	diag_sort(dl);
	TAILQ_FOREACH(d, &dl->list, entry) {
		s = diag_format(d);
		fprintf(f, "%s\n", s);
		free(s);
	}
}

/* Quote a value for a message: escaped, and shortened if long. */
char *
diag_quote(const char *s)
{
	char		*out, *cp;
	size_t		 n = 0;
	const u_char	*u = (const u_char *)s;

	out = cp = xmalloc(DIAG_QUOTE_MAX * 4 + 8);
	*cp++ = '"';
	for (; *u != '\0' && n < DIAG_QUOTE_MAX; u++, n++) {
		if (*u == '"' || *u == '\\') {
			*cp++ = '\\';
			*cp++ = *u;
		} else if (*u == '\n') {
			*cp++ = '\\';
			*cp++ = 'n';
		} else if (*u == '\t') {
			*cp++ = '\\';
			*cp++ = 't';
		} else if (*u < 0x20 || *u == 0x7f) {
			cp += sprintf(cp, "\\x%02x", *u);
		} else
			*cp++ = *u;
	}
	if (*u != '\0') {
		/* Do not cut a UTF-8 character in two. */
		while (cp > out + 1 && (((u_char)cp[-1]) & 0xc0) == 0x80)
			cp--;
		if (cp > out + 1 && ((u_char)cp[-1]) >= 0xc0)
			cp--;
		memcpy(cp, "...", 3);
		cp += 3;
	}
	*cp++ = '"';
	*cp = '\0';
	return (out);
}
