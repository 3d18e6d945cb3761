/*
 * The supervisord INI file as sections and NAME=VALUE entries. inih
 * splits the file; it reads through our line reader, which also counts
 * lines (the installed inih does not pass line numbers to the handler),
 * notes the sections and reports every line inih would refuse, since
 * inih itself only returns the first. To do so the reader decides what
 * each line is the way inih will. Lines longer than inih's buffer are
 * handed over in short form and their real value is kept here.
 *
 * The entries are only collected here; cfg-ini.c applies them per section
 * afterwards, since expansions such as %(numprocs)s need values from
 * elsewhere in the section, and duplicates need the whole section seen.
 */

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg-ini.h"
#include "xmalloc.h"

/* Larger files are refused. */
#define CFG_INI_MAX_SIZE	(8 * 1024 * 1024)

static char	*cfg_ini_read_rstrip(char *);
static char	*cfg_ini_read_lskip(char *);
static char	*cfg_ini_read_find(char *, const char *);
static enum cfg_ini_kind cfg_ini_read_classify(struct cfg_ini *, char *,
		     char **, char **);
static char	*cfg_ini_read_feed(struct cfg_ini *, char *, int, char *,
		     char *, size_t);
static char	*cfg_ini_read_line_cb(char *, int, void *);
static char	*cfg_ini_read_note(struct cfg_ini *, char *, int, size_t);
static void	*cfg_ini_read_grow(void *, u_int *, u_int, size_t);
static void	 cfg_ini_read_section(struct cfg_ini *, const char *);
static char	*cfg_ini_read_uncomment(const char *);
static int	 cfg_ini_read_pair_cb(void *, const char *, const char *,
		     const char *);
static int	 cfg_ini_read_section_cmp(const void *, const void *);
static void	 cfg_ini_read_dups(struct cfg_ini *);

/* Record an error or a warning at a line. */
void
cfg_ini_read_diag(struct cfg_ini *ini, u_int line, const char *key,
    int warning, const char *fmt, ...)
{
	struct diag_pos	 pos = { cfg_place_file(ini->cf, line),
	    CFG_PLACE_LINE(line), 0 };
	va_list		 ap;

	if (ini->quiet)
		return;
	va_start(ap, fmt);
	diag_addv(ini->dl, &pos, key, warning, fmt, ap);
	va_end(ap);
}

/* Strip trailing white space in place. */
static char *
cfg_ini_read_rstrip(char *s)
{
	char	*end = s + strlen(s);

	while (end > s && isspace((u_char)end[-1]))
		*--end = '\0';
	return (s);
}

/* Skip leading white space. */
static char *
cfg_ini_read_lskip(char *s)
{
	while (*s != '\0' && isspace((u_char)*s))
		s++;
	return (s);
}

/*
 * Return the first of chars in s, or the start of an inline comment (a
 * ';' after white space), or the end of s: what inih does.
 */
static char *
cfg_ini_read_find(char *s, const char *chars)
{
	int	was_space = 0;

	while (*s != '\0' && (chars == NULL || strchr(chars, *s) == NULL) &&
	    !(was_space && *s == ';')) {
		was_space = isspace((u_char)*s);
		s++;
	}
	return (s);
}

/*
 * Decide what a line is the way inih will, so that what we note (line
 * numbers, sections, errors) matches what inih hands the handler. The
 * line is cut up in place; name and value point into it.
 */
static enum cfg_ini_kind
cfg_ini_read_classify(struct cfg_ini *ini, char *line, char **name,
    char **value)
{
	char	*start, *end;

	*name = *value = NULL;
	start = cfg_ini_read_lskip(cfg_ini_read_rstrip(line));
	if (*start == '\0')
		return (INI_BLANK);
	if (*start == ';' || *start == '#')
		return (INI_COMMENT);
	if (ini->after_key && start > line) {
		end = cfg_ini_read_find(start, NULL);
		*end = '\0';
		*value = cfg_ini_read_rstrip(start);
		return (INI_CONTINUATION);
	}
	if (*start == '[') {
		end = cfg_ini_read_find(start + 1, "]");
		if (*end != ']')
			return (INI_BAD);
		*end = '\0';
		*name = start + 1;
		return (INI_SECTION);
	}
	end = cfg_ini_read_find(start, "=:");
	if (*end != '=' && *end != ':')
		return (INI_BAD);
	*end = '\0';
	*name = cfg_ini_read_rstrip(start);
	start = end + 1;
	end = cfg_ini_read_find(start, NULL);
	*end = '\0';
	*value = cfg_ini_read_rstrip(cfg_ini_read_lskip(start));
	return (INI_KEY);
}

/*
 * Give inih the line it should see. A line that fits is passed as it is;
 * a longer one is passed in short form, its value kept in longvalue for
 * the handler; a bad line, already reported, is passed as an empty one.
 */
static char *
cfg_ini_read_feed(struct cfg_ini *ini, char *str, int num, char *name,
    char *value, size_t len)
{
	if (ini->kind == INI_BAD) {
		snprintf(str, num, "\n");
		return (str);
	}
	if (len + 1 < (size_t)num) {
		memcpy(str, ini->buf, len + 1);
		return (str);
	}
	switch (ini->kind) {
	case INI_CONTINUATION:
		ini->longvalue = xstrdup(value);
		snprintf(str, num, " -\n");
		break;
	case INI_KEY:
		if (strlen(name) + 4 >= (size_t)num) {
			cfg_ini_read_diag(ini, ini->line, NULL, 0, "line is "
			    "too long: the key name has more than %d "
			    "characters", num - 5);
			snprintf(str, num, "\n");
			break;
		}
		ini->longvalue = xstrdup(value);
		snprintf(str, num, "%s=-\n", name);
		break;
	case INI_SECTION:
		/* Our name is the one used; inih only needs a section. */
		snprintf(str, num, "[-]\n");
		break;
	default:
		snprintf(str, num, "\n");
		break;
	}
	return (str);
}

/* The line reader given to inih: count, check, note, then pass on. */
static char *
cfg_ini_read_line_cb(char *str, int num, void *arg)
{
	struct cfg_ini	*ini = arg;
	ssize_t		 len;
	char		*line;

	free(ini->longvalue);
	ini->longvalue = NULL;
	if (ini->toobig || (len = getline(&ini->buf, &ini->bufsize,
	    ini->f)) == -1)
		return (NULL);
	ini->line++;
	ini->read += len;
	if (ini->read > CFG_INI_MAX_SIZE) {
		cfg_ini_read_diag(ini, 0, NULL, 0, "file is too large (more "
		    "than %d MiB)", CFG_INI_MAX_SIZE / 1024 / 1024);
		ini->toobig = 1;
		return (NULL);
	}
	line = ini->buf;
	if (CFG_PLACE_LINE(ini->line) == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0) {
		memmove(line, line + 3, len - 2);
		len -= 3;
	}
	if (memchr(line, '\0', len) != NULL) {
		cfg_ini_read_diag(ini, ini->line, NULL, 0, "syntax error: the "
		    "line contains a NUL byte");
		ini->kind = INI_BAD;
		return (cfg_ini_read_feed(ini, str, num, NULL, NULL, 0));
	}
	return (cfg_ini_read_note(ini, str, num, len));
}

/*
 * Decide what the line just read is, note a section, report a bad line,
 * and give inih what it should see of it.
 */
static char *
cfg_ini_read_note(struct cfg_ini *ini, char *str, int num, size_t len)
{
	char	*copy, *name, *value, *out;

	copy = xstrdup(ini->buf);
	ini->kind = cfg_ini_read_classify(ini, copy, &name, &value);
	switch (ini->kind) {
	case INI_SECTION:
		cfg_ini_read_section(ini, name);
		ini->after_key = 0;
		break;
	case INI_KEY:
		/* inih continues only a key with a name: "=x" is not one. */
		ini->after_key = (*name != '\0');
		break;
	case INI_BAD:
		if (*cfg_ini_read_lskip(ini->buf) == '[') {
			cfg_ini_read_diag(ini, ini->line, NULL, 0, "syntax "
			    "error: expected \"]\" at the end of the section "
			    "name");
		} else {
			cfg_ini_read_diag(ini, ini->line, NULL, 0, "syntax "
			    "error: expected NAME = VALUE, [section] or a "
			    "comment");
		}
		break;
	default:
		break;
	}
	out = cfg_ini_read_feed(ini, str, num, name, value, len);
	free(copy);
	return (out);
}

/* Make room for one more item in an array, doubling its size. */
static void *
cfg_ini_read_grow(void *array, u_int *size, u_int n, size_t item)
{
	if (n < *size)
		return (array);
	*size = *size == 0 ? 16 : *size * 2;
	return (xreallocarray(array, *size, item));
}

/* Note a new section; its entries follow. */
static void
cfg_ini_read_section(struct cfg_ini *ini, const char *name)
{
	struct cfg_ini_section	*s;
	char			*copy;

	ini->sections = cfg_ini_read_grow(ini->sections, &ini->ssections,
	    ini->nsections, sizeof *ini->sections);
	s = &ini->sections[ini->nsections++];
	copy = xstrdup(name);
	s->name = xstrdup(cfg_ini_read_lskip(cfg_ini_read_rstrip(copy)));
	free(copy);
	s->line = ini->line;
	s->first = ini->nentries;
	s->n = 0;
	s->dup = 0;
}

/*
 * Cut a " #" comment off a value (caller frees): supervisord, on Python 3,
 * takes '#' after white space as a comment too, where inih only knows ';'.
 */
static char *
cfg_ini_read_uncomment(const char *value)
{
	char	*copy, *cp;

	copy = xstrdup(value);
	for (cp = copy; *cp != '\0'; cp++) {
		if (*cp == '#' && cp > copy && isspace((u_char)cp[-1])) {
			*cp = '\0';
			break;
		}
	}
	return (cfg_ini_read_rstrip(copy));
}

/*
 * The handler given to inih: keep the pair in the current section, or
 * add a continuation line to the value it continues.
 */
static int
cfg_ini_read_pair_cb(void *arg, const char *section, const char *name,
    const char *value)
{
	struct cfg_ini		*ini = arg;
	struct cfg_ini_entry	*e, **list;
	u_int			*n, *size;
	char			*cp, *copy;

	if (ini->longvalue != NULL)
		value = ini->longvalue;
	value = copy = cfg_ini_read_uncomment(value);
	if (ini->nsections == ini->file_sections) {
		list = &ini->outside;
		n = &ini->noutside;
		size = &ini->soutside;
	} else {
		list = &ini->entries;
		n = &ini->nentries;
		size = &ini->sentries;
	}

	if (ini->kind == INI_CONTINUATION && *n > 0) {
		e = &(*list)[*n - 1];
		cfg_ini_expand_append(&e->value, "\n", 1);
		cfg_ini_expand_append(&e->value, value, strlen(value));
		free(copy);
		return (1);
	}

	*list = cfg_ini_read_grow(*list, size, *n, sizeof **list);
	e = &(*list)[(*n)++];
	e->name = xstrdup(name);
	for (cp = e->name; *cp != '\0'; cp++)
		*cp = tolower((u_char)*cp);
	memset(&e->value, 0, sizeof e->value);
	cfg_ini_expand_append(&e->value, value, strlen(value));
	e->line = ini->line;
	if (ini->nsections != 0)
		ini->sections[ini->nsections - 1].n++;
	free(copy);
	return (1);
}

/* Order sections by name, then by line. */
static int
cfg_ini_read_section_cmp(const void *a0, const void *b0)
{
	const struct cfg_ini_section	*a, *b;
	int				 r;

	a = *(struct cfg_ini_section *const *)a0;
	b = *(struct cfg_ini_section *const *)b0;
	if ((r = strcmp(a->name, b->name)) != 0)
		return (r);
	return (a->line < b->line ? -1 : a->line > b->line);
}

/* Report sections given twice; the later ones are read with the first. */
static void
cfg_ini_read_dups(struct cfg_ini *ini)
{
	struct cfg_ini_section	**all;
	u_int			  i, first = 0;
	char			 *where;

	if (ini->nsections < 2)
		return;
	all = xreallocarray(NULL, ini->nsections, sizeof *all);
	for (i = 0; i < ini->nsections; i++)
		all[i] = &ini->sections[i];
	qsort(all, ini->nsections, sizeof *all, cfg_ini_read_section_cmp);
	for (i = 1; i < ini->nsections; i++) {
		if (strcmp(all[i]->name, all[first]->name) != 0) {
			first = i;
			continue;
		}
		/* Each file may have its own [include]. */
		if (strcmp(all[i]->name, "include") == 0)
			continue;
		/* supervisord merges them, the later keys winning. */
		all[i]->dup = 1;
		where = cfg_ini_read_where(ini, all[first]->line, all[i]->line);
		cfg_ini_read_diag(ini, all[i]->line, NULL, 1, "section [%s] "
		    "given again (first on %s): its keys are merged into it, "
		    "the later ones winning", all[i]->name, where);
		free(where);
	}
	free(all);
}


char *
cfg_ini_read_where(struct cfg_ini *ini, u_int place, u_int from)
{
	const char	*file, *base;

	if (CFG_PLACE_FILE(place) == CFG_PLACE_FILE(from))
		return (xstrfmt("line %u", CFG_PLACE_LINE(place)));
	file = cfg_place_file(ini->cf, place);
	base = strrchr(file, '/');
	return (xstrfmt("%s:%u", base != NULL ? base + 1 : file,
	    CFG_PLACE_LINE(place)));
}

/* Read the open file (ini->f) into sections and entries. */
static int
cfg_ini_read_file(struct cfg_ini *ini)
{
	struct diag_list	*dl = ini->dl;
	u_int			 nerrors = dl->nerrors, file;
	int			 r;

	file = CFG_PLACE_FILE(ini->line);
	ini->file_sections = ini->nsections;
	ini->after_key = 0;
	ini->read = 0;
	r = ini_parse_stream(cfg_ini_read_line_cb, ini, cfg_ini_read_pair_cb,
	    ini);
	if (ini->toobig || ferror(ini->f)) {
		if (!ini->toobig) {
			cfg_ini_read_diag(ini, CFG_PLACE(file, 0), NULL, 0,
			    "cannot read: %s", strerror(errno));
		}
		return (-1);
	}
	if (r > 0 && dl->nerrors == nerrors) {
		/* inih refused a line we took for good: still say so. */
		cfg_ini_read_diag(ini, CFG_PLACE(file, r), NULL, 0, "syntax "
		    "error: cannot read this line");
	} else if (r < 0) {
		cfg_ini_read_diag(ini, CFG_PLACE(file, 0), NULL, 0, "cannot "
		    "read the file");
	}
	return (0);
}

/*
 * One file an [include] names (at place): read it unless it was already
 * (a cycle, or two globs naming it); its [include]s are read in turn.
 */
static void
cfg_ini_read_include(struct cfg_ini *ini, const char *path, u_int place)
{
	struct cfg	*cf = ini->cf;
	struct stat	 sb;
	FILE		*saved_f = ini->f;
	u_int		 saved_line = ini->line, i;
	char		*real, *other;
	int		 fd;

	if ((real = realpath(path, NULL)) == NULL) {
		cfg_ini_read_diag(ini, place, "include.files", 0, "%s: %s",
		    path, strerror(errno));
		return;
	}
	for (i = 0; i <= cf->nincluded; i++) {
		other = i == 0 ? realpath(cf->path, NULL) :
		    xstrdup(cf->included[i - 1]);
		if (other != NULL && strcmp(other, real) == 0) {
			cfg_ini_read_diag(ini, place, "include.files", 1,
			    "%s is already read (an include cycle?): not read "
			    "again", path);
			free(other);
			free(real);
			return;
		}
		free(other);
	}
	if (cf->nincluded + 1 >= CFG_MAX_FILES) {
		cfg_ini_read_diag(ini, place, "include.files", 0, "too many "
		    "included files (at most %d)", CFG_MAX_FILES - 1);
		free(real);
		return;
	}
	/* A regular file only: a FIFO would block the daemon's reload. */
	if ((fd = open(real, O_RDONLY|O_NONBLOCK|O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (ini->f = fdopen(fd, "r")) == NULL) {
		cfg_ini_read_diag(ini, place, "include.files", 0, "%s: %s", path,
		    fd == -1 ? strerror(errno) : "not a regular file");
		if (fd != -1)
			close(fd);
		ini->f = saved_f;
		free(real);
		return;
	}
	cf->included = xreallocarray(cf->included, cf->nincluded + 1,
	    sizeof *cf->included);
	cf->included[cf->nincluded++] = real;
	ini->line = CFG_PLACE(cf->nincluded, 0);
	(void)cfg_ini_read_file(ini);
	fclose(ini->f);
	ini->f = saved_f;
	ini->line = saved_line;
}

/*
 * The [include] sections, supervisord's way: files= is a list of globs
 * separated by white space, relative to the folder of the file that
 * has the section; matches are read in sorted order. Sections read from
 * included files are seen by this loop too.
 */
static void
cfg_ini_read_includes(struct cfg_ini *ini)
{
	struct cfg_ini_entry	*e, *files;
	glob_t			 g;
	char			*list, *next, *word, *dir, *pattern;
	const char		*from;
	u_int			 i, j, place;
	size_t			 k;

	for (i = 0; i < ini->nsections; i++) {
		if (strcmp(ini->sections[i].name, "include") != 0)
			continue;
		place = ini->sections[i].line;
		files = NULL;
		for (j = 0; j < ini->sections[i].n; j++) {
			e = &ini->entries[ini->sections[i].first + j];
			if (strcmp(e->name, "files") == 0)
				files = e;
		}
		if (files == NULL) {
			cfg_ini_read_diag(ini, place, NULL, 1, "[include] has "
			    "no files=: nothing is included");
			continue;
		}
		place = files->line;
		from = cfg_place_file(ini->cf, place);
		dir = xstrdup(from);
		if (strrchr(dir, '/') != NULL)
			*strrchr(dir, '/') = '\0';
		else {
			free(dir);
			dir = xstrdup(".");
		}
		list = next = xstrdup(files->value.s != NULL ?
		    files->value.s : "");
		while ((word = strsep(&next, " \t\n")) != NULL) {
			if (*word == '\0')
				continue;
			pattern = *word == '/' ? xstrdup(word) :
			    xstrfmt("%s/%s", dir, word);
			if (glob(pattern, 0, NULL, &g) != 0) {
				cfg_ini_read_diag(ini, place, "include.files", 1,
				    "no file matches \"%s\"", word);
			} else {
				for (k = 0; k < g.gl_pathc; k++)
					cfg_ini_read_include(ini,
					    g.gl_pathv[k], place);
			}
			globfree(&g);
			free(pattern);
		}
		free(list);
		free(dir);
	}
}

/* Read the file, and those it includes, into sections and entries. */
int
cfg_ini_read(struct cfg_ini *ini)
{
	u_int	i;

	ini->line = CFG_PLACE(0, 0);
	if (cfg_ini_read_file(ini) != 0)
		return (-1);
	if (!ini->cf->no_includes)
		cfg_ini_read_includes(ini);
	for (i = 0; i < ini->noutside; i++) {
		cfg_ini_read_diag(ini, ini->outside[i].line, NULL, 0, "\"%s\" "
		    "is outside any section (put it under [program:NAME])",
		    ini->outside[i].name);
	}
	cfg_ini_read_dups(ini);
	return (0);
}

/* Free what the reader collected. */
void
cfg_ini_read_free(struct cfg_ini *ini)
{
	u_int	i;

	for (i = 0; i < ini->nsections; i++)
		free(ini->sections[i].name);
	free(ini->sections);
	for (i = 0; i < ini->nentries; i++) {
		free(ini->entries[i].name);
		free(ini->entries[i].value.s);
	}
	free(ini->entries);
	for (i = 0; i < ini->noutside; i++) {
		free(ini->outside[i].name);
		free(ini->outside[i].value.s);
	}
	free(ini->outside);
	free(ini->longvalue);
	free(ini->buf);
}
