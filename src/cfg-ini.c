/*
 * The supervisord INI reader, so an existing supervisord.conf can be used
 * as it is. inih splits the file into sections and NAME=VALUE pairs; it
 * reads through our line reader, which also counts lines (the installed
 * inih does not pass line numbers to the handler), notes the sections
 * and reports every line inih would refuse, since inih itself only
 * returns the first. Lines longer than inih's buffer are handed over in
 * short form and their real value is kept here.
 *
 * The pairs are collected first and applied per section afterwards:
 * expansions such as %(numprocs)s need values from elsewhere in the
 * section, and duplicates need the whole section to be seen.
 */

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cfg.h"
#include "xmalloc.h"

/* Larger files are refused. */
#define CFG_INI_MAX_SIZE	(8 * 1024 * 1024)

/* What a line is, decided as inih decides it. */
enum cfg_ini_kind {
	INI_BLANK,
	INI_COMMENT,
	INI_CONTINUATION,	/* an indented line after a key */
	INI_SECTION,
	INI_KEY,
	INI_BAD
};

struct cfg_ini_section {
	char		*name;
	u_int		 line;
	u_int		 first;		/* first entry */
	u_int		 n;		/* number of entries */
	int		 dup;		/* repeats an earlier section */
};

struct cfg_ini_entry {
	char		*name;		/* lower case */
	char		*value;
	size_t		 len;		/* of value */
	size_t		 size;		/* allocated for value */
	u_int		 line;
};

/* A string that grows at its end. */
struct cfg_ini_buf {
	char		*s;
	size_t		 len;
	size_t		 size;
};

struct cfg_ini {
	struct cfg		*cf;
	struct diag_list	*dl;
	FILE			*f;
	char			*buf;
	size_t			 bufsize;
	size_t			 read;		/* bytes so far */
	int			 toobig;

	u_int			 line;
	enum cfg_ini_kind	 kind;		/* of the current line */
	int			 after_key;	/* indented lines continue */
	char			*longvalue;	/* the current line's value */

	struct cfg_ini_section	*sections;
	u_int			 nsections;
	u_int			 ssections;	/* allocated */
	struct cfg_ini_entry	*entries;
	u_int			 nentries;
	u_int			 sentries;
	struct cfg_ini_entry	*outside;	/* before any section */
	u_int			 noutside;
	u_int			 soutside;
};

/* Keys of [program:x] that supervisord has and taskmaster ignores. */
static const char *const cfg_ini_ignored_program[] = {
	"priority", "stopasgroup", "killasgroup", "process_name",
	"numprocs_start", "serverurl",
	"stdout_logfile_maxbytes", "stdout_logfile_backups",
	"stdout_capture_maxbytes", "stdout_events_enabled", "stdout_syslog",
	"stderr_logfile_maxbytes", "stderr_logfile_backups",
	"stderr_capture_maxbytes", "stderr_events_enabled", "stderr_syslog",
	NULL
};

/* Every key [program:x] may have, for "did you mean". */
static const char *const cfg_ini_program_names[] = {
	"command", "cmd", "numprocs", "autostart", "autorestart", "exitcodes",
	"startsecs", "starttime", "startretries", "stopsignal", "stopwaitsecs",
	"stoptime", "stdout_logfile", "stdout", "stderr_logfile", "stderr",
	"redirect_stderr", "environment", "env", "directory", "workingdir",
	"umask", "user", "group", "tty", "tty_size", "scrollback",
	"priority", "stopasgroup", "killasgroup", "process_name",
	"numprocs_start", "serverurl", NULL
};

/* Keys of [supervisord] that taskmaster ignores. */
static const char *const cfg_ini_ignored_supervisord[] = {
	"logfile_maxbytes", "logfile_backups", "loglevel", "nodaemon",
	"silent", "minfds", "minprocs", "umask", "user", "directory",
	"nocleanup", "childlogdir", "strip_ansi", "environment", "identifier",
	NULL
};
static const char *const cfg_ini_supervisord_keys[] = {
	"logfile", "pidfile", "logfile_maxbytes", "logfile_backups",
	"loglevel", "nodaemon", "silent", "minfds", "minprocs", "umask", "user",
	"directory", "nocleanup", "childlogdir", "strip_ansi", "environment",
	"identifier", NULL
};

/* Keys of [unix_http_server] that taskmaster ignores. */
static const char *const cfg_ini_ignored_server[] = {
	"chown", "username", "password", NULL
};
static const char *const cfg_ini_server_keys[] = {
	"file", "chmod", "chown", "username", "password", NULL
};

/* Sections taskmaster ignores, by name or by prefix before ':'. */
static const char *const cfg_ini_ignored_sections[] = {
	"supervisorctl", "inet_http_server", "include", "rpcinterface",
	"group", "eventlistener", "fcgi-program", NULL
};
static const char *const cfg_ini_section_names[] = {
	"supervisord", "unix_http_server", "program", "supervisorctl",
	"inet_http_server", "include", "rpcinterface", "group",
	"eventlistener", "fcgi-program", NULL
};

static void	 cfg_ini_error(struct cfg_ini *, u_int, const char *,
		     const char *, ...) __attribute__((format(printf, 4, 5)));
static void	 cfg_ini_warn(struct cfg_ini *, u_int, const char *,
		     const char *, ...) __attribute__((format(printf, 4, 5)));
static int	 cfg_ini_listed(const char *, const char *const *);
static char	*cfg_ini_rstrip(char *);
static char	*cfg_ini_lskip(char *);
static char	*cfg_ini_find(char *, const char *);
static enum cfg_ini_kind cfg_ini_classify(struct cfg_ini *, char *, char **,
		     char **);
static char	*cfg_ini_read_cb(char *, int, void *);
static char	*cfg_ini_feed(struct cfg_ini *, char *, int, char *, char *,
		     size_t);
static char	*cfg_ini_uncomment(const char *);
static int	 cfg_ini_handler_cb(void *, const char *, const char *,
		     const char *);
static void	 cfg_ini_append(struct cfg_ini_buf *, const char *, size_t);
static void	*cfg_ini_grow(void *, u_int *, u_int, size_t);
static void	 cfg_ini_add_section(struct cfg_ini *, const char *);
static int	 cfg_ini_section_cmp(const void *, const void *);
static void	 cfg_ini_find_dups(struct cfg_ini *);
static int	 cfg_ini_expand_one(struct cfg_ini *, const char **,
		     const char *, int, struct cfg_ini_buf *, char **);
static char	*cfg_ini_expand(struct cfg_ini *, const char *, const char *,
		     int, char **);
static int	 cfg_ini_env_cmp(const void *, const void *);
static int	 cfg_ini_env_dups(char **, u_int, char **);
static int	 cfg_ini_env(const char *, char ***, char **);
static void	 cfg_ini_unknown(struct cfg_ini *, struct cfg_ini_entry *,
		     const char *, const char *const *);
static void	 cfg_ini_supervisord(struct cfg_ini *,
		     struct cfg_ini_section *);
static void	 cfg_ini_server(struct cfg_ini *, struct cfg_ini_section *);
static void	 cfg_ini_global(struct cfg_ini *, struct cfg_ini_entry *,
		     struct cfg_pos *, const char *, char **);
static void	 cfg_ini_dup(struct cfg_ini *, struct cfg_program *,
		     struct cfg_ini_entry *, struct cfg_ini_entry *);
static void	 cfg_ini_program_sort(struct cfg_ini *, struct cfg_program *,
		     struct cfg_ini_section *, struct cfg_ini_entry **,
		     struct cfg_ini_entry **);
static void	 cfg_ini_program(struct cfg_ini *, struct cfg_ini_section *,
		     const char *);
static void	 cfg_ini_program_set(struct cfg_ini *, struct cfg_program *,
		     enum cfg_key, struct cfg_ini_entry *);
static void	 cfg_ini_redirect(struct cfg_ini *, struct cfg_program *,
		     struct cfg_ini_entry *, struct cfg_ini_entry *);
static void	 cfg_ini_section(struct cfg_ini *, struct cfg_ini_section *);
static void	 cfg_ini_free(struct cfg_ini *);

/* Record an error at a line. */
static void
cfg_ini_error(struct cfg_ini *ini, u_int line, const char *key,
    const char *fmt, ...)
{
	struct diag_pos	 pos = { ini->cf->path, line, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	diag_addv(ini->dl, &pos, key, 0, fmt, ap);
	va_end(ap);
}

/* Record a warning at a line. */
static void
cfg_ini_warn(struct cfg_ini *ini, u_int line, const char *key,
    const char *fmt, ...)
{
	struct diag_pos	 pos = { ini->cf->path, line, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	diag_addv(ini->dl, &pos, key, 1, fmt, ap);
	va_end(ap);
}

/* Whether name is in a NULL-terminated list. */
static int
cfg_ini_listed(const char *name, const char *const *list)
{
	for (; *list != NULL; list++) {
		if (strcmp(name, *list) == 0)
			return (1);
	}
	return (0);
}

/* Strip trailing white space in place. */
static char *
cfg_ini_rstrip(char *s)
{
	char	*end = s + strlen(s);

	while (end > s && isspace((u_char)end[-1]))
		*--end = '\0';
	return (s);
}

/* Skip leading white space. */
static char *
cfg_ini_lskip(char *s)
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
cfg_ini_find(char *s, const char *chars)
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
cfg_ini_classify(struct cfg_ini *ini, char *line, char **name, char **value)
{
	char	*start, *end;

	*name = *value = NULL;
	start = cfg_ini_lskip(cfg_ini_rstrip(line));
	if (*start == '\0')
		return (INI_BLANK);
	if (*start == ';' || *start == '#')
		return (INI_COMMENT);
	if (ini->after_key && start > line) {
		end = cfg_ini_find(start, NULL);
		*end = '\0';
		*value = cfg_ini_rstrip(start);
		return (INI_CONTINUATION);
	}
	if (*start == '[') {
		end = cfg_ini_find(start + 1, "]");
		if (*end != ']')
			return (INI_BAD);
		*end = '\0';
		*name = start + 1;
		return (INI_SECTION);
	}
	end = cfg_ini_find(start, "=:");
	if (*end != '=' && *end != ':')
		return (INI_BAD);
	*end = '\0';
	*name = cfg_ini_rstrip(start);
	start = end + 1;
	end = cfg_ini_find(start, NULL);
	*end = '\0';
	*value = cfg_ini_rstrip(cfg_ini_lskip(start));
	return (INI_KEY);
}

/*
 * Give inih the line it should see. A line that fits is passed as it is;
 * a longer one is passed in short form, its value kept in longvalue for
 * the handler; a bad line, already reported, is passed as an empty one.
 */
static char *
cfg_ini_feed(struct cfg_ini *ini, char *str, int num, char *name, char *value,
    size_t len)
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
			cfg_ini_error(ini, ini->line, NULL, "line is too long: "
			    "the key name has more than %d characters",
			    num - 5);
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

/* The line reader given to inih: count, classify, note, then pass on. */
static char *
cfg_ini_read_cb(char *str, int num, void *arg)
{
	struct cfg_ini	*ini = arg;
	ssize_t		 len;
	char		*copy, *line, *name, *value, *out;

	free(ini->longvalue);
	ini->longvalue = NULL;
	if (ini->toobig || (len = getline(&ini->buf, &ini->bufsize,
	    ini->f)) == -1)
		return (NULL);
	ini->line++;
	ini->read += len;
	if (ini->read > CFG_INI_MAX_SIZE) {
		cfg_ini_error(ini, 0, NULL, "file is too large (more than %d "
		    "MiB)", CFG_INI_MAX_SIZE / 1024 / 1024);
		ini->toobig = 1;
		return (NULL);
	}
	line = ini->buf;
	if (ini->line == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0) {
		memmove(line, line + 3, len - 2);
		len -= 3;
	}
	if (memchr(line, '\0', len) != NULL) {
		cfg_ini_error(ini, ini->line, NULL, "syntax error: the line "
		    "contains a NUL byte");
		ini->kind = INI_BAD;
		return (cfg_ini_feed(ini, str, num, NULL, NULL, 0));
	}

	copy = xstrdup(line);
	ini->kind = cfg_ini_classify(ini, copy, &name, &value);
	switch (ini->kind) {
	case INI_SECTION:
		cfg_ini_add_section(ini, name);
		ini->after_key = 0;
		break;
	case INI_KEY:
		/* inih continues only a key with a name: "=x" is not one. */
		ini->after_key = (*name != '\0');
		break;
	case INI_BAD:
		if (*cfg_ini_lskip(line) == '[') {
			cfg_ini_error(ini, ini->line, NULL, "syntax error: "
			    "expected \"]\" at the end of the section name");
		} else {
			cfg_ini_error(ini, ini->line, NULL, "syntax error: "
			    "expected NAME = VALUE, [section] or a comment");
		}
		break;
	default:
		break;
	}
	out = cfg_ini_feed(ini, str, num, name, value, len);
	free(copy);
	return (out);
}

/* Append n bytes of s to a growing string. */
static void
cfg_ini_append(struct cfg_ini_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->size) {
		b->size = b->size == 0 ? 64 : b->size;
		while (b->len + n + 1 > b->size)
			b->size *= 2;
		b->s = xreallocarray(b->s, b->size, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Make room for one more item in an array, doubling its size. */
static void *
cfg_ini_grow(void *array, u_int *size, u_int n, size_t item)
{
	if (n < *size)
		return (array);
	*size = *size == 0 ? 16 : *size * 2;
	return (xreallocarray(array, *size, item));
}

/* Note a new section; its entries follow. */
static void
cfg_ini_add_section(struct cfg_ini *ini, const char *name)
{
	struct cfg_ini_section	*s;
	char			*copy;

	ini->sections = cfg_ini_grow(ini->sections, &ini->ssections,
	    ini->nsections, sizeof *ini->sections);
	s = &ini->sections[ini->nsections++];
	copy = xstrdup(name);
	s->name = xstrdup(cfg_ini_lskip(cfg_ini_rstrip(copy)));
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
cfg_ini_uncomment(const char *value)
{
	char	*copy, *cp;

	copy = xstrdup(value);
	for (cp = copy; *cp != '\0'; cp++) {
		if (*cp == '#' && cp > copy && isspace((u_char)cp[-1])) {
			*cp = '\0';
			break;
		}
	}
	return (cfg_ini_rstrip(copy));
}

/*
 * The handler given to inih: keep the pair in the current section, or
 * add a continuation line to the value it continues.
 */
static int
cfg_ini_handler_cb(void *arg, const char *section, const char *name,
    const char *value)
{
	struct cfg_ini		*ini = arg;
	struct cfg_ini_entry	*e, **list;
	struct cfg_ini_buf	 b;
	u_int			*n, *size;
	char			*cp, *copy;

	if (ini->longvalue != NULL)
		value = ini->longvalue;
	value = copy = cfg_ini_uncomment(value);
	if (ini->nsections == 0) {
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
		b.s = e->value;
		b.len = e->len;
		b.size = e->size;
		cfg_ini_append(&b, "\n", 1);
		cfg_ini_append(&b, value, strlen(value));
		e->value = b.s;
		e->len = b.len;
		e->size = b.size;
		free(copy);
		return (1);
	}

	*list = cfg_ini_grow(*list, size, *n, sizeof **list);
	e = &(*list)[(*n)++];
	e->name = xstrdup(name);
	for (cp = e->name; *cp != '\0'; cp++)
		*cp = tolower((u_char)*cp);
	e->value = xstrdup(value);
	e->len = strlen(value);
	e->size = e->len + 1;
	e->line = ini->line;
	if (ini->nsections != 0)
		ini->sections[ini->nsections - 1].n++;
	free(copy);
	return (1);
}

/* Order sections by name, then by line. */
static int
cfg_ini_section_cmp(const void *a0, const void *b0)
{
	const struct cfg_ini_section	*a, *b;
	int				 r;

	a = *(struct cfg_ini_section *const *)a0;
	b = *(struct cfg_ini_section *const *)b0;
	if ((r = strcmp(a->name, b->name)) != 0)
		return (r);
	return (a->line < b->line ? -1 : a->line > b->line);
}

/* Report sections given twice; the later ones are then skipped. */
static void
cfg_ini_find_dups(struct cfg_ini *ini)
{
	struct cfg_ini_section	**all;
	u_int			  i, first = 0;

	if (ini->nsections < 2)
		return;
	all = xreallocarray(NULL, ini->nsections, sizeof *all);
	for (i = 0; i < ini->nsections; i++)
		all[i] = &ini->sections[i];
	qsort(all, ini->nsections, sizeof *all, cfg_ini_section_cmp);
	for (i = 1; i < ini->nsections; i++) {
		if (strcmp(all[i]->name, all[first]->name) != 0) {
			first = i;
			continue;
		}
		all[i]->dup = 1;
		cfg_ini_error(ini, all[i]->line, NULL, "duplicate section [%s] "
		    "(first on line %u)", all[i]->name, all[first]->line);
	}
	free(all);
}

/*
 * Expand one %(name)X at *sp (just after the '%('): program is the
 * program's name or NULL outside [program:x], numprocs -1 if unknown.
 * Appends the result to *out.
 */
static int
cfg_ini_expand_one(struct cfg_ini *ini, const char **sp, const char *program,
    int numprocs, struct cfg_ini_buf *out, char **cause)
{
	const char	*s = *sp, *close, *env;
	char		*name, *value = NULL, host[256], conv, fill;
	int		 left = 0, zero = 0, width = 0, pad;

	if ((close = strchr(s, ')')) == NULL) {
		*cause = xstrdup("incomplete expansion: no \")\" after \"%(\"");
		return (-1);
	}
	name = xstrndup(s, close - s);
	for (s = close + 1; *s == '-' || *s == '0' || *s == ' ' || *s == '+' ||
	    *s == '#'; s++) {
		left |= (*s == '-');
		zero |= (*s == '0');
	}
	for (; *s >= '0' && *s <= '9' && width < 1000; s++)
		width = width * 10 + (*s - '0');
	conv = *s;
	if (conv != 's' && conv != 'd' && conv != 'i') {
		*cause = xstrfmt("incomplete expansion %%(%s): add the type, "
		    "as in %%(%s)s", name, name);
		goto fail;
	}
	*sp = s + 1;

	if (strcmp(name, "here") == 0)
		value = xstrdup(ini->cf->dir);
	else if (strcmp(name, "program_name") == 0 ||
	    strcmp(name, "group_name") == 0) {
		if (program == NULL)
			goto only_program;
		value = xstrdup(program);
	} else if (strcmp(name, "numprocs") == 0) {
		if (program == NULL)
			goto only_program;
		if (numprocs == -1) {
			*cause = xstrdup("%(numprocs) cannot be used in "
			    "numprocs itself");
			goto fail;
		}
		value = xstrfmt("%d", numprocs);
	} else if (strcmp(name, "host_node_name") == 0) {
		if (gethostname(host, sizeof host) != 0)
			host[0] = '\0';
		host[sizeof host - 1] = '\0';
		value = xstrdup(host);
	} else if (strcmp(name, "process_num") == 0) {
		*cause = xstrfmt("%%(process_num)%c is not supported: the "
		    "instances of a program share one set of values", conv);
		goto fail;
	} else if (strncmp(name, "ENV_", 4) == 0) {
		if ((env = getenv(name + 4)) == NULL) {
			*cause = xstrfmt("%%(%s)%c: %s is not set in the "
			    "environment", name, conv, name + 4);
			goto fail;
		}
		value = xstrdup(env);
	} else {
		*cause = xstrfmt("unknown expansion %%(%s)%c (known: here, "
		    "program_name, group_name, host_node_name, numprocs, "
		    "ENV_name)", name, conv);
		goto fail;
	}
	if (conv != 's' && (*value == '\0' ||
	    strspn(value, "0123456789") != strlen(value))) {
		*cause = xstrfmt("%%(%s)%c: \"%s\" is not a number", name, conv,
		    value);
		goto fail;
	}

	pad = width - (int)strlen(value);
	fill = (zero && !left && conv != 's') ? '0' : ' ';
	for (; pad > 0 && !left; pad--)
		cfg_ini_append(out, &fill, 1);
	cfg_ini_append(out, value, strlen(value));
	for (; pad > 0; pad--)
		cfg_ini_append(out, &fill, 1);
	free(value);
	free(name);
	return (0);

only_program:
	*cause = xstrfmt("%%(%s)%c can only be used in [program:x] sections",
	    name, conv);
fail:
	free(value);
	free(name);
	return (-1);
}

/*
 * Expand supervisord's %(name)s references in a value. "%%" is a '%'; a
 * '%' before anything else is kept as it is.
 */
static char *
cfg_ini_expand(struct cfg_ini *ini, const char *value, const char *program,
    int numprocs, char **cause)
{
	struct cfg_ini_buf	 out = { NULL, 0, 0 };
	const char		*s, *next;

	cfg_ini_append(&out, "", 0);
	for (s = value; *s != '\0'; s = next) {
		next = strchr(s, '%');
		if (next == NULL)
			next = s + strlen(s);
		cfg_ini_append(&out, s, next - s);
		if (*next == '\0')
			break;
		if (next[1] == '(') {
			next += 2;
			if (cfg_ini_expand_one(ini, &next, program, numprocs,
			    &out, cause) != 0) {
				free(out.s);
				return (NULL);
			}
			continue;
		}
		cfg_ini_append(&out, "%", 1);
		next += (next[1] == '%') ? 2 : 1;
	}
	return (out.s);
}

/* Order "NAME=value" strings by name. */
static int
cfg_ini_env_cmp(const void *a0, const void *b0)
{
	const char	*a = *(char *const *)a0, *b = *(char *const *)b0;
	size_t		 la = strcspn(a, "="), lb = strcspn(b, "=");
	int		 r;

	if ((r = strncmp(a, b, la < lb ? la : lb)) != 0)
		return (r);
	return (la < lb ? -1 : la > lb);
}

/* Refuse a variable given twice, which supervisord would quietly drop. */
static int
cfg_ini_env_dups(char **env, u_int n, char **cause)
{
	char	**sorted;
	u_int	  i;
	int	  r = 0;

	if (n < 2)
		return (0);
	sorted = xreallocarray(NULL, n, sizeof *sorted);
	memcpy(sorted, env, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cfg_ini_env_cmp);
	for (i = 1; i < n && r == 0; i++) {
		if (cfg_ini_env_cmp(&sorted[i - 1], &sorted[i]) == 0) {
			*cause = xstrfmt("duplicate variable \"%.*s\"",
			    (int)strcspn(sorted[i], "="), sorted[i]);
			r = -1;
		}
	}
	free(sorted);
	return (r);
}

/*
 * Parse supervisord's environment: NAME=value pairs separated by commas,
 * where a value in quotes may hold commas ( A="1,2",B=x ).
 */
static int
cfg_ini_env(const char *s, char ***envp, char **cause)
{
	char		**env = NULL, *name = NULL, *value, *shown;
	const char	 *start = s, *end;
	u_int		  n = 0, size = 0;
	char		  quote;

	env = cfg_ini_grow(NULL, &size, 0, sizeof *env);
	env[0] = NULL;
	for (;;) {
		while (isspace((u_char)*s) || *s == ',')
			s++;
		if (*s == '\0')
			break;
		start = s;
		while (*s != '\0' && *s != '=' && *s != ',')
			s++;
		end = s;
		while (end > start && isspace((u_char)end[-1]))
			end--;
		if (*s != '=')
			goto syntax;
		name = xstrndup(start, end - start);
		if (cfg_check_env_name(name, cause) != 0)
			goto fail;
		for (s++; *s == ' ' || *s == '\t'; s++)
			/* nothing */;
		if (*s == '"' || *s == '\'') {
			quote = *s++;
			if ((end = strchr(s, quote)) == NULL) {
				*cause = xstrfmt("unterminated %s quote in the "
				    "value of %s", quote == '"' ? "double" :
				    "single", name);
				goto fail;
			}
			value = xstrndup(s, end - s);
			for (s = end + 1; isspace((u_char)*s); s++)
				/* nothing */;
			if (*s != '\0' && *s != ',') {
				free(value);
				goto syntax;
			}
		} else {
			start = s;
			while (*s != '\0' && *s != ',')
				s++;
			end = s;
			while (end > start && isspace((u_char)end[-1]))
				end--;
			value = xstrndup(start, end - start);
		}
		env = cfg_ini_grow(env, &size, n + 1, sizeof *env);
		env[n++] = xstrfmt("%s=%s", name, value);
		env[n] = NULL;
		free(value);
		free(name);
		name = NULL;
	}
	if (cfg_ini_env_dups(env, n, cause) != 0)
		goto fail;
	*envp = env;
	return (0);

syntax:
	shown = cfg_check_quote(start);
	*cause = xstrfmt("expected NAME=value pairs separated by commas, such "
	    "as A=\"1\",B=2, got %s", shown);
	free(shown);
fail:
	free(name);
	argv_free(env);
	return (-1);
}

/* Report an unknown key of a section, with a suggestion if one is close. */
static void
cfg_ini_unknown(struct cfg_ini *ini, struct cfg_ini_entry *e,
    const char *section, const char *const *candidates)
{
	const char	*near;
	char		*shown;

	near = cfg_key_suggest(e->name, candidates);
	shown = cfg_check_quote(e->name);
	if (near != NULL) {
		cfg_ini_error(ini, e->line, section, "unknown key %s (did you "
		    "mean \"%s\"?)", shown, near);
	} else
		cfg_ini_error(ini, e->line, section, "unknown key %s", shown);
	free(shown);
}

/* Set a global path or mode from [supervisord] or [unix_http_server]. */
static void
cfg_ini_global(struct cfg_ini *ini, struct cfg_ini_entry *e,
    struct cfg_pos *pos, const char *key, char **strp)
{
	char	*value, *cause;

	pos->line = e->line;
	pos->col = 0;
	pos->key = key;
	if ((value = cfg_ini_expand(ini, e->value, NULL, -1, &cause)) == NULL) {
		cfg_ini_error(ini, e->line, key, "%s", cause);
		free(cause);
		return;
	}
	if (*value == '\0') {
		cfg_ini_error(ini, e->line, key, "expected %s, got an empty "
		    "value", strp == NULL ? "an octal mode such as 0600" :
		    "a file path");
	} else if (strp == NULL) {
		if (cfg_check_mode(value, &ini->cf->socket_mode, &cause) != 0) {
			cfg_ini_error(ini, e->line, key, "%s", cause);
			free(cause);
		}
	} else {
		free(*strp);
		*strp = cfg_resolve_path(value, ini->cf->dir);
	}
	free(value);
}

/* [supervisord]: logfile and pidfile; the rest is ignored. */
static void
cfg_ini_supervisord(struct cfg_ini *ini, struct cfg_ini_section *s)
{
	struct cfg_ini_entry	*e;
	struct cfg		*cf = ini->cf;
	u_int			 i;

	for (i = 0; i < s->n; i++) {
		e = &ini->entries[s->first + i];
		if (strcmp(e->name, "logfile") == 0) {
			cfg_ini_global(ini, e, &cf->logfile_pos,
			    "supervisord.logfile", &cf->logfile);
		} else if (strcmp(e->name, "pidfile") == 0) {
			cfg_ini_global(ini, e, &cf->pidfile_pos,
			    "supervisord.pidfile", &cf->pidfile);
		} else if (cfg_ini_listed(e->name,
		    cfg_ini_ignored_supervisord)) {
			cfg_ini_warn(ini, e->line, "supervisord", "ignored: "
			    "taskmaster does not implement \"%s\"", e->name);
		} else {
			cfg_ini_unknown(ini, e, "supervisord",
			    cfg_ini_supervisord_keys);
		}
	}
}

/* [unix_http_server]: the control socket and its mode. */
static void
cfg_ini_server(struct cfg_ini *ini, struct cfg_ini_section *s)
{
	struct cfg_ini_entry	*e;
	struct cfg		*cf = ini->cf;
	u_int			 i;

	for (i = 0; i < s->n; i++) {
		e = &ini->entries[s->first + i];
		if (strcmp(e->name, "file") == 0) {
			cfg_ini_global(ini, e, &cf->socket_pos,
			    "unix_http_server.file", &cf->socket);
		} else if (strcmp(e->name, "chmod") == 0) {
			cfg_ini_global(ini, e, &cf->socket_mode_pos,
			    "unix_http_server.chmod", NULL);
		} else if (cfg_ini_listed(e->name, cfg_ini_ignored_server)) {
			cfg_ini_warn(ini, e->line, "unix_http_server",
			    "ignored: taskmaster does not implement \"%s\"",
			    e->name);
		} else {
			cfg_ini_unknown(ini, e, "unix_http_server",
			    cfg_ini_server_keys);
		}
	}
}

/* Set one key of a program from an entry, after expanding it. */
static void
cfg_ini_program_set(struct cfg_ini *ini, struct cfg_program *p,
    enum cfg_key key, struct cfg_ini_entry *e)
{
	char	*value, *cause, *path, **env;
	int	 numprocs;

	p->pos[key].line = e->line;
	p->pos[key].col = 0;
	p->pos[key].key = strcmp(e->name, cfg_key_name(key)) == 0 ?
	    cfg_key_name(key) : cfg_key_alias(key);
	path = xstrfmt("%s.%s", p->where, p->pos[key].key);

	numprocs = key == CFG_KEY_NUMPROCS ? -1 : (int)p->numprocs;
	value = cfg_ini_expand(ini, e->value, p->name, numprocs, &cause);
	if (value == NULL)
		goto error;

	if (key == CFG_KEY_ENV) {
		if (cfg_ini_env(value, &env, &cause) != 0)
			goto error;
		argv_free(p->env);
		p->env = env;
	} else if ((key == CFG_KEY_STDOUT || key == CFG_KEY_STDERR) &&
	    strcasecmp(value, "AUTO") == 0) {
		/* supervisord's own log file: here, the screen only. */
		if (key == CFG_KEY_STDOUT)
			p->stdout_mode = OUT_SCREEN;
		else
			p->stderr_mode = OUT_STDOUT;
	} else if ((key == CFG_KEY_STDOUT || key == CFG_KEY_STDERR) &&
	    strcasecmp(value, "NONE") == 0) {
		cfg_check_set(p, key, "discard", NULL, &cause);
	} else if (cfg_check_set(p, key, value, ini->cf->dir, &cause) != 0)
		goto error;
	free(value);
	free(path);
	return;

error:
	cfg_ini_error(ini, e->line, path, "%s", cause);
	free(cause);
	free(value);
	free(path);
}

/* redirect_stderr: true sends stderr where stdout goes. */
static void
cfg_ini_redirect(struct cfg_ini *ini, struct cfg_program *p,
    struct cfg_ini_entry *e, struct cfg_ini_entry *stderr_entry)
{
	char	*path, *cause;
	bool	 redirect;

	path = xstrfmt("%s.redirect_stderr", p->where);
	if (cfg_check_bool(e->value, &redirect, &cause) != 0) {
		cfg_ini_error(ini, e->line, path, "%s", cause);
		free(cause);
	} else if (redirect) {
		p->stderr_mode = OUT_STDOUT;
		free(p->stderr_path);
		p->stderr_path = NULL;
		if (stderr_entry != NULL) {
			cfg_ini_warn(ini, stderr_entry->line, p->where,
			    "\"%s\" is ignored because redirect_stderr is true",
			    stderr_entry->name);
		}
	}
	free(path);
}

/*
 * Report a key given twice in a section, under the same name or under
 * its other name (command and cmd).
 */
static void
cfg_ini_dup(struct cfg_ini *ini, struct cfg_program *p,
    struct cfg_ini_entry *e, struct cfg_ini_entry *first)
{
	if (strcmp(first->name, e->name) == 0) {
		cfg_ini_error(ini, e->line, p->where, "duplicate key \"%s\" "
		    "(first on line %u)", e->name, first->line);
	} else {
		cfg_ini_error(ini, e->line, p->where, "duplicate key \"%s\" "
		    "(same as \"%s\" on line %u)", e->name, first->name,
		    first->line);
	}
}

/*
 * Sort the entries of a [program:x] section: each known key into seen,
 * redirect_stderr aside, and warnings or errors for the rest.
 */
static void
cfg_ini_program_sort(struct cfg_ini *ini, struct cfg_program *p,
    struct cfg_ini_section *s, struct cfg_ini_entry **seen,
    struct cfg_ini_entry **redirect)
{
	struct cfg_ini_entry	*e;
	u_int			 i;
	int			 key;

	for (i = 0; i < s->n; i++) {
		e = &ini->entries[s->first + i];
		key = cfg_key_find(e->name);
		if (key != -1) {
			if (seen[key] != NULL)
				cfg_ini_dup(ini, p, e, seen[key]);
			else
				seen[key] = e;
		} else if (strcmp(e->name, "redirect_stderr") == 0) {
			if (*redirect != NULL)
				cfg_ini_dup(ini, p, e, *redirect);
			else
				*redirect = e;
		} else if (cfg_ini_listed(e->name, cfg_ini_ignored_program)) {
			cfg_ini_warn(ini, e->line, p->where, "ignored: "
			    "taskmaster does not implement \"%s\"", e->name);
		} else {
			cfg_ini_unknown(ini, e, p->where,
			    cfg_ini_program_names);
		}
	}
}

/* A [program:x] section. */
static void
cfg_ini_program(struct cfg_ini *ini, struct cfg_ini_section *s,
    const char *name)
{
	struct cfg_program	*p;
	struct cfg_ini_entry	*seen[CFG_NKEYS] = { NULL }, *redirect = NULL;
	int			 key;
	char			*cause, *shown;

	p = cfg_program_create(name);
	p->line = s->line;
	free(p->where);
	p->where = xstrfmt("program:%s", name);
	if (cfg_check_name(name, &cause) != 0) {
		shown = cfg_check_quote(name);
		free(p->where);
		p->where = xstrfmt("program:%s", shown);
		free(shown);
		cfg_ini_error(ini, s->line, p->where, "%s", cause);
		free(cause);
	}
	cfg_ini_program_sort(ini, p, s, seen, &redirect);

	/* numprocs first: the other values may expand %(numprocs)s. */
	if (seen[CFG_KEY_NUMPROCS] != NULL) {
		cfg_ini_program_set(ini, p, CFG_KEY_NUMPROCS,
		    seen[CFG_KEY_NUMPROCS]);
	}
	for (key = 0; key < CFG_NKEYS; key++) {
		if (seen[key] != NULL && key != CFG_KEY_NUMPROCS)
			cfg_ini_program_set(ini, p, key, seen[key]);
	}
	if (redirect != NULL)
		cfg_ini_redirect(ini, p, redirect, seen[CFG_KEY_STDERR]);
	if (seen[CFG_KEY_CMD] == NULL) {
		cfg_ini_error(ini, s->line, p->where, "missing required key "
		    "\"command\"");
	}
	cfg_add_program(ini->cf, p);
}

/* Apply one section. */
static void
cfg_ini_section(struct cfg_ini *ini, struct cfg_ini_section *s)
{
	const char	*colon, *near;
	char		*prefix;

	if (s->dup)
		return;
	if (strcmp(s->name, "supervisord") == 0) {
		cfg_ini_supervisord(ini, s);
		return;
	}
	if (strcmp(s->name, "unix_http_server") == 0) {
		cfg_ini_server(ini, s);
		return;
	}
	if (strncmp(s->name, "program:", 8) == 0) {
		cfg_ini_program(ini, s, s->name + 8);
		return;
	}

	colon = strchr(s->name, ':');
	prefix = colon != NULL ? xstrndup(s->name, colon - s->name) :
	    xstrdup(s->name);
	if (cfg_ini_listed(prefix, cfg_ini_ignored_sections)) {
		if (strcmp(prefix, "include") == 0) {
			cfg_ini_warn(ini, s->line, NULL, "ignored: taskmaster "
			    "does not implement [include]; the files it names "
			    "are not read");
		} else {
			cfg_ini_warn(ini, s->line, NULL, "ignored: taskmaster "
			    "does not implement [%s]", s->name);
		}
	} else {
		near = cfg_key_suggest(prefix, cfg_ini_section_names);
		if (near != NULL) {
			cfg_ini_error(ini, s->line, NULL, "unknown section "
			    "[%s] (did you mean [%s%s]?)", s->name, near,
			    colon != NULL ? colon : "");
		} else {
			cfg_ini_error(ini, s->line, NULL, "unknown section "
			    "[%s]", s->name);
		}
	}
	free(prefix);
}

/* Free what the reader collected. */
static void
cfg_ini_free(struct cfg_ini *ini)
{
	u_int	i;

	for (i = 0; i < ini->nsections; i++)
		free(ini->sections[i].name);
	free(ini->sections);
	for (i = 0; i < ini->nentries; i++) {
		free(ini->entries[i].name);
		free(ini->entries[i].value);
	}
	free(ini->entries);
	for (i = 0; i < ini->noutside; i++) {
		free(ini->outside[i].name);
		free(ini->outside[i].value);
	}
	free(ini->outside);
	free(ini->longvalue);
	free(ini->buf);
}

/* Parse a supervisord INI config into cf. */
int
cfg_ini_parse(struct cfg *cf, FILE *f, struct diag_list *dl)
{
	struct cfg_ini	 ini;
	u_int		 i, nerrors = dl->nerrors;
	int		 r;

	memset(&ini, 0, sizeof ini);
	ini.cf = cf;
	ini.dl = dl;
	ini.f = f;

	r = ini_parse_stream(cfg_ini_read_cb, &ini, cfg_ini_handler_cb, &ini);
	if (ini.toobig || ferror(f)) {
		if (!ini.toobig) {
			cfg_ini_error(&ini, 0, NULL, "cannot read: %s",
			    strerror(errno));
		}
		cfg_ini_free(&ini);
		return (-1);
	}
	if (r > 0 && dl->nerrors == nerrors) {
		/* inih refused a line we took for good: still say so. */
		cfg_ini_error(&ini, r, NULL, "syntax error: cannot read this "
		    "line");
	} else if (r < 0)
		cfg_ini_error(&ini, 0, NULL, "cannot read the file");

	for (i = 0; i < ini.noutside; i++) {
		cfg_ini_error(&ini, ini.outside[i].line, NULL, "\"%s\" is "
		    "outside any section (put it under [program:NAME])",
		    ini.outside[i].name);
	}
	cfg_ini_find_dups(&ini);
	for (i = 0; i < ini.nsections; i++)
		cfg_ini_section(&ini, &ini.sections[i]);
	cfg_ini_free(&ini);
	return (0);
}
