/*
 * The manual against the key table: doc/taskmaster.yaml.5 documents every
 * key, its supervisord name and its default, in a form this test reads,
 * and nothing that is not a key. The keys are the .TP entries of GLOBAL
 * SETTINGS and PROGRAMS (".BR name " (" alias )", where a global alias is
 * "[section] name"), and of the subsections "Keys of supervisord files
 * only" and "What taskmaster ignores" (a section, then its keys in bold)
 * of SUPERVISORD INI FILES. An entry's default is a line "Default"
 * followed by the value in bold, or "Default: ..." in words for a key
 * without one.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cfg.h"
#include "xmalloc.h"

#define MAN_PAGE	TESTS_SRCDIR "/../doc/taskmaster.yaml.5"

/* Where in the manual a .TP entry is. */
enum man_place {
	MAN_OTHER,
	MAN_GLOBAL,		/* GLOBAL SETTINGS */
	MAN_PROGRAM,		/* PROGRAMS */
	MAN_INI_ONLY,		/* Keys of supervisord files only */
	MAN_IGNORED		/* What taskmaster ignores */
};

/* A key as the manual documents it. */
struct man_key {
	enum man_place	 place;
	char		*name;		/* or the alias of an INI-only key */
	char		*alias;		/* "command", "supervisord.logfile" */
	int		 has_default;	/* a "Default" line was seen */
	char		*def;		/* NULL: given in words */
	u_int		 line;
};

struct man {
	struct man_key	*keys;
	u_int		 n;
	char		*errors;	/* what the manual gets wrong */
};

static char	*man_text(const char *);
static char	**man_args(const char *);
static char	*man_line(char **, const char *);
static void	 man_error(struct man *, u_int, const char *, ...)
		     __attribute__((format(printf, 3, 4)));
static struct man_key *man_add(struct man *, enum man_place, u_int);
static void	 man_tag(struct man *, struct man_key *, const char *);
static void	 man_default(struct man *, struct man_key *, char **, u_int,
		     u_int);
static int	 same(const char *, const char *);
static void	 man_ignored(struct man *, const char *, char **, u_int *,
		     u_int);
static int	 man_ends(const char *);
static void	 man_parse(struct man *, char **, u_int);
static char	**man_read(u_int *);
static void	 man_check(struct man *);
static void	 man_free(struct man *);


/* Text without troff's escapes: \- \(dq \(aq \e \& and font changes. */
static char *
man_text(const char *s)
{
	char	*out, *cp;

	out = cp = xmalloc(strlen(s) + 1);
	while (*s != '\0') {
		if (strncmp(s, "\\-", 2) == 0) {
			*cp++ = '-';
			s += 2;
		} else if (strncmp(s, "\\(dq", 4) == 0) {
			*cp++ = '"';
			s += 4;
		} else if (strncmp(s, "\\(aq", 4) == 0) {
			*cp++ = '\'';
			s += 4;
		} else if (strncmp(s, "\\e", 2) == 0) {
			*cp++ = '\\';
			s += 2;
		} else if (strncmp(s, "\\&", 2) == 0)
			s += 2;
		else if (strncmp(s, "\\f", 2) == 0 && s[2] != '\0')
			s += 3;
		else
			*cp++ = *s++;
	}
	*cp = '\0';
	return (out);
}

/* The arguments of a macro line, quotes removed (NULL-terminated). */
static char **
man_args(const char *line)
{
	char		**args = NULL, *word;
	const char	 *s, *end;
	u_int		  n = 0;

	s = line + strcspn(line, " ");
	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		if (*s == '"') {
			end = strchr(s + 1, '"');
			if (end == NULL)
				end = s + strlen(s);
			word = xstrndup(s + 1, end - s - 1);
			s = *end == '"' ? end + 1 : end;
		} else {
			end = s + strcspn(s, " ");
			word = xstrndup(s, end - s);
			s = end;
		}
		args = xreallocarray(args, n + 2, sizeof *args);
		args[n++] = man_text(word);
		free(word);
	}
	if (args == NULL)
		args = xcalloc(1, sizeof *args);
	args[n] = NULL;
	return (args);
}

/*
 * The arguments of a macro line as they print, joined by sep: nothing
 * for the font macros (.BR alternates fonts), a space for a heading.
 */
static char *
man_line(char **args, const char *sep)
{
	char	*out = xstrdup(""), *tmp;
	int	 first = 1;

	for (; *args != NULL; args++, first = 0) {
		tmp = xstrfmt("%s%s%s", out, first ? "" : sep, *args);
		free(out);
		out = tmp;
	}
	return (out);
}

/* Note a mistake of the manual at a line. */
static void
man_error(struct man *m, u_int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *tmp;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (line != 0) {
		tmp = xstrfmt("%staskmaster.yaml.5:%u: %s\n", m->errors, line,
		    msg);
	} else
		tmp = xstrfmt("%staskmaster.yaml.5: %s\n", m->errors, msg);
	free(m->errors);
	m->errors = tmp;
	free(msg);
}

/* Add a key documented at line. */
static struct man_key *
man_add(struct man *m, enum man_place place, u_int line)
{
	struct man_key	*mk;

	m->keys = xreallocarray(m->keys, m->n + 1, sizeof *m->keys);
	mk = &m->keys[m->n++];
	memset(mk, 0, sizeof *mk);
	mk->place = place;
	mk->line = line;
	return (mk);
}

/*
 * Read a key's tag, "name" or "name (alias)" where a global alias is
 * "[section] name".
 */
static void
man_tag(struct man *m, struct man_key *mk, const char *text)
{
	const char	*open, *close, *space;
	char		*alias;

	open = strstr(text, " (");
	if (open == NULL) {
		mk->name = xstrdup(text);
		return;
	}
	mk->name = xstrndup(text, open - text);
	close = strrchr(text, ')');
	if (close == NULL || close < open) {
		man_error(m, mk->line, "no ')' in \"%s\"", text);
		return;
	}
	alias = xstrndup(open + 2, close - open - 2);
	if (alias[0] == '[' && (space = strstr(alias, "] ")) != NULL) {
		mk->alias = xstrfmt("%.*s.%s", (int)(space - alias - 1),
		    alias + 1, space + 2);
		free(alias);
	} else
		mk->alias = alias;
}

/*
 * A section of "What taskmaster ignores": its tag names the section
 * ("[program:name]", "[supervisord]"), its bold words are keys.
 */
static void
man_ignored(struct man *m, const char *tag, char **lines, u_int *i, u_int n)
{
	struct man_key	 *mk;
	char		**args, *section;

	if (strncmp(tag, "[program:", 9) == 0)
		section = NULL;
	else if (tag[0] == '[' && tag[strlen(tag) - 1] == ']')
		section = xstrndup(tag + 1, strlen(tag) - 2);
	else {
		man_error(m, *i + 1, "not a section: \"%s\"", tag);
		return;
	}
	for (; *i + 1 < n && !man_ends(lines[*i + 1]); (*i)++) {
		if (strncmp(lines[*i + 1], ".B ", 3) != 0 &&
		    strncmp(lines[*i + 1], ".BR ", 4) != 0)
			continue;
		args = man_args(lines[*i + 1]);
		mk = man_add(m, MAN_IGNORED, *i + 2);
		if (section == NULL)
			mk->alias = xstrdup(args[0]);
		else
			mk->alias = xstrfmt("%s.%s", section, args[0]);
		mk->has_default = 1;	/* none wanted */
		argv_free(args);
	}
	free(section);
}

/* Whether a line ends the body of a .TP entry. */
static int
man_ends(const char *line)
{
	static const char *const ends[] = {
		".TP", ".PP", ".LP", ".P", ".SH", ".SS", ".RS", ".RE", ".IP",
		NULL
	};
	const char *const	*e;
	size_t			 len;

	for (e = ends; *e != NULL; e++) {
		len = strlen(*e);
		if (strncmp(line, *e, len) == 0 &&
		    (line[len] == '\0' || line[len] == ' '))
			return (1);
	}
	return (0);
}

/* The default of the entry whose body starts after line i. */
static void
man_default(struct man *m, struct man_key *mk, char **lines, u_int i,
    u_int n)
{
	char	**args;

	for (i++; i < n && !man_ends(lines[i]); i++) {
		if (strcmp(lines[i], "Default") == 0) {
			if (i + 1 >= n ||
			    (strncmp(lines[i + 1], ".B ", 3) != 0 &&
			    strncmp(lines[i + 1], ".BR ", 4) != 0)) {
				man_error(m, i + 1, "\"Default\" without a "
				    "bold value on the next line");
				return;
			}
			args = man_args(lines[i + 1]);
			mk->def = xstrdup(args[0]);
			argv_free(args);
			mk->has_default = 1;
			return;
		}
		if (strncmp(lines[i], "Default:", 8) == 0) {
			mk->has_default = 1;
			return;
		}
	}
}

/* Find every key the manual documents. */
static void
man_parse(struct man *m, char **lines, u_int n)
{
	struct man_key	 *mk;
	enum man_place	  place = MAN_OTHER;
	char		**args, *text, *sh = xstrdup("");
	u_int		  i;

	for (i = 0; i < n; i++) {
		if (strncmp(lines[i], ".SH ", 4) == 0 ||
		    strncmp(lines[i], ".SS ", 4) == 0) {
			args = man_args(lines[i]);
			text = man_line(args, " ");
			argv_free(args);
			if (lines[i][2] == 'H') {
				free(sh);
				sh = xstrdup(text);
			}
			place = MAN_OTHER;
			if (strcmp(text, "GLOBAL SETTINGS") == 0)
				place = MAN_GLOBAL;
			else if (strcmp(text, "PROGRAMS") == 0)
				place = MAN_PROGRAM;
			else if (strcmp(sh, "SUPERVISORD INI FILES") == 0 &&
			    strcmp(text, "Keys of supervisord files only") == 0)
				place = MAN_INI_ONLY;
			else if (strcmp(sh, "SUPERVISORD INI FILES") == 0 &&
			    strcmp(text, "What taskmaster ignores") == 0)
				place = MAN_IGNORED;
			free(text);
			continue;
		}
		if (strcmp(lines[i], ".TP") != 0 || place == MAN_OTHER ||
		    i + 1 >= n)
			continue;
		i++;
		args = man_args(lines[i]);
		text = man_line(args, "");
		argv_free(args);
		if (place == MAN_IGNORED)
			man_ignored(m, text, lines, &i, n);
		else {
			mk = man_add(m, place, i + 1);
			man_tag(m, mk, text);
			man_default(m, mk, lines, i, n);
		}
		free(text);
	}
	free(sh);
}

/* The manual, a line each. */
static char **
man_read(u_int *n)
{
	FILE	 *f;
	char	**lines = NULL, *line = NULL;
	size_t	  size = 0;
	ssize_t	  len;

	*n = 0;
	if ((f = fopen(MAN_PAGE, "r")) == NULL)
		fail_msg("cannot open %s", MAN_PAGE);
	while ((len = getline(&line, &size, f)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		lines = xreallocarray(lines, *n + 1, sizeof *lines);
		lines[(*n)++] = xstrdup(line);
	}
	free(line);
	fclose(f);
	return (lines);
}

/* Whether two strings, either of which may be NULL, are the same. */
static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/* Hold the manual's keys to the table, and the table to the manual. */
static void
man_check(struct man *m)
{
	const struct cfg_key_entry	*e;
	struct man_key			*mk;
	u_int				*seen, i, count = cfg_key_count();
	int				 key;
	const char			*sp;
	char				*full;

	seen = xcalloc(count, sizeof *seen);
	for (i = 0; i < m->n; i++) {
		mk = &m->keys[i];
		switch (mk->place) {
		case MAN_GLOBAL:
			key = cfg_key_find(CFG_GLOBAL, mk->name, 0);
			break;
		case MAN_PROGRAM:
			key = cfg_key_find(CFG_PROGRAM, mk->name, 0);
			break;
		case MAN_INI_ONLY:
			/* "[section] name" is a global key of that section. */
			if (mk->name[0] == '[' &&
			    (sp = strstr(mk->name, "] ")) != NULL) {
				full = xstrfmt("%.*s.%s", (int)(sp -
				    mk->name - 1), mk->name + 1, sp + 2);
				key = cfg_key_find(CFG_GLOBAL, full, 1);
				free(full);
			} else
				key = cfg_key_find(CFG_PROGRAM, mk->name, 1);
			if (key != -1 && cfg_key_entry(key)->name != NULL)
				key = -1;
			break;
		default:
			key = cfg_key_find(CFG_PROGRAM, mk->alias, 1);
			if (key == -1)
				key = cfg_key_find(CFG_GLOBAL, mk->alias, 1);
			if (key != -1 && (~cfg_key_entry(key)->flags &
			    CFG_KEY_UNSUPPORTED))
				key = -1;
			break;
		}
		if (key == -1) {
			man_error(m, mk->line, "\"%s\" is not a key of the "
			    "table, or not one of this section",
			    mk->name != NULL ? mk->name : mk->alias);
			continue;
		}
		e = cfg_key_entry(key);
		if (seen[key]++ != 0) {
			man_error(m, mk->line, "\"%s\" is documented twice",
			    cfg_key_name(key));
		}
		if (mk->place != MAN_INI_ONLY && mk->place != MAN_IGNORED &&
		    !same(mk->alias, e->alias)) {
			man_error(m, mk->line, "%s: alias \"%s\", the table "
			    "says \"%s\"", mk->name, mk->alias != NULL ?
			    mk->alias : "(none)", e->alias != NULL ? e->alias :
			    "(none)");
		}
		if (!mk->has_default)
			man_error(m, mk->line, "%s: no Default", mk->name);
		else if (mk->place != MAN_IGNORED && !same(mk->def, e->def)) {
			man_error(m, mk->line, "%s: default %s, the table says "
			    "%s", mk->name, mk->def != NULL ? mk->def :
			    "in words", e->def != NULL ? e->def : "none");
		}
	}
	for (i = 0; i < count; i++) {
		if (seen[i] == 0) {
			man_error(m, 0, "\"%s\" is not documented",
			    cfg_key_name(i));
		}
	}
	free(seen);
}

/* Free what man_parse found. */
static void
man_free(struct man *m)
{
	u_int	i;

	for (i = 0; i < m->n; i++) {
		free(m->keys[i].name);
		free(m->keys[i].alias);
		free(m->keys[i].def);
	}
	free(m->keys);
	free(m->errors);
}

/* The manual documents every key of the table, and only those. */
static void
test_man_page(void **state)
{
	struct man	  m;
	char		**lines;
	u_int		  n, i;

	memset(&m, 0, sizeof m);
	m.errors = xstrdup("");
	lines = man_read(&n);
	man_parse(&m, lines, n);
	assert_true(m.n >= CFG_NKEYS);
	man_check(&m);
	if (*m.errors != '\0') {
		print_error("the manual and the key table differ:\n%s",
		    m.errors);
		fail();
	}
	man_free(&m);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* The parser of the manual finds what it should, and what is wrong. */
static void
test_man_parser(void **state)
{
	static const char *const text[] = {
		".SH GLOBAL SETTINGS",
		".TP",
		".BR socket \" ([unix_http_server] \" file )",
		"Words.",
		"Default:",
		".I somewhere",
		".SH PROGRAMS",
		".TP",
		".BR stoptime \" (\" stopwaitsecs )",
		"Default",
		".BR 10 .",
		".TP",
		".B numprocs",
		"Default",
		".BR 2 .",
		".TP",
		".B colour",
		".SH SUPERVISORD INI FILES",
		".SS What taskmaster ignores",
		".TP",
		".BI [program: name ]",
		".BR priority ,",
		"and",
		".B cmd",
		NULL
	};
	struct man	  m;
	char		**lines;
	u_int		  n;

	for (n = 0; text[n] != NULL; n++)
		/* nothing */;
	lines = (char **)text;
	memset(&m, 0, sizeof m);
	m.errors = xstrdup("");
	man_parse(&m, lines, n);
	assert_int_equal(m.n, 6);
	assert_string_equal(m.keys[0].name, "socket");
	assert_string_equal(m.keys[0].alias, "unix_http_server.file");
	assert_true(m.keys[0].has_default);
	assert_null(m.keys[0].def);
	assert_string_equal(m.keys[1].alias, "stopwaitsecs");
	assert_string_equal(m.keys[1].def, "10");
	assert_string_equal(m.keys[4].alias, "priority");
	assert_string_equal(m.keys[5].alias, "cmd");
	man_check(&m);
	assert_non_null(strstr(m.errors, "numprocs: default 2, the table "
	    "says 1"));
	assert_non_null(strstr(m.errors, "\"colour\" is not a key"));
	assert_non_null(strstr(m.errors, "\"cmd\" is not a key of the table, "
	    "or not one of this section"));
	assert_non_null(strstr(m.errors, "\"umask\" is not documented"));
	man_free(&m);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_man_page),
		cmocka_unit_test(test_man_parser),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
