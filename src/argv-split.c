/*
 * Shell-like splitting of a command line into words, without a shell: no
 * variables, globs, redirections or command substitution, only quoting.
 * The rules are those of sh for quotes and backslashes, so a command
 * copied from a terminal means the same here, and argv_join writes words
 * back in a form argv_split reads as the same words.
 */

#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "xmalloc.h"

/* A word being built. */
struct argv_word {
	char	*buf;
	size_t	 len;
	size_t	 size;
};

static void	argv_split_add(struct argv_word *, char);
static int	argv_split_space(char);
static int	argv_join_plain(const char *);

/* Append a character to a word. */
static void
argv_split_add(struct argv_word *w, char c)
{
	if (w->len + 2 > w->size) {
		w->size = w->size == 0 ? 32 : w->size * 2;
		w->buf = xreallocarray(w->buf, w->size, 1);
	}
	w->buf[w->len++] = c;
	w->buf[w->len] = '\0';
}

/* Whether a character separates words. */
static int
argv_split_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r');
}

/*
 * Split a command line into a NULL-terminated argv. A word exists as soon
 * as it has a character or a quote, so '' is an empty word.
 */
int
argv_split(const char *s, int *argcp, char ***argvp, char **cause)
{
	struct argv_word	 w = { NULL, 0, 0 };
	char			**argv = NULL;
	int			 argc = 0, inword = 0;
	char			 quote = '\0';

	for (;; s++) {
		if (quote == '\'') {
			if (*s == '\0')
				goto unterminated;
			if (*s == '\'')
				quote = '\0';
			else
				argv_split_add(&w, *s);
			continue;
		}
		if (quote == '"') {
			if (*s == '\0')
				goto unterminated;
			if (*s == '"')
				quote = '\0';
			else if (*s == '\\' && s[1] == '\n')
				s++;
			else if (*s == '\\' && strchr("\"\\$`", s[1]) != NULL &&
			    s[1] != '\0')
				argv_split_add(&w, *++s);
			else
				argv_split_add(&w, *s);
			continue;
		}
		if (*s == '\0' || argv_split_space(*s)) {
			if (inword) {
				argv = xreallocarray(argv, argc + 2,
				    sizeof *argv);
				argv[argc++] = w.buf != NULL ? w.buf :
				    xstrdup("");
				argv[argc] = NULL;
				w.buf = NULL;
				w.len = w.size = 0;
				inword = 0;
			}
			if (*s == '\0')
				break;
			continue;
		}
		if (*s == '\\') {
			if (s[1] == '\0') {
				*cause = xstrdup("trailing backslash");
				goto fail;
			}
			s++;
			if (*s != '\n') {
				inword = 1;
				argv_split_add(&w, *s);
			}
			continue;
		}
		inword = 1;
		if (*s == '\'' || *s == '"')
			quote = *s;
		else
			argv_split_add(&w, *s);
	}

	if (argc == 0) {
		*cause = xstrdup("empty command");
		return (-1);
	}
	if (argcp != NULL)
		*argcp = argc;
	*argvp = argv;
	return (0);

unterminated:
	*cause = xstrfmt("unterminated %s quote",
	    quote == '"' ? "double" : "single");
fail:
	free(w.buf);
	argv_free(argv);
	return (-1);
}

/* Free an argv from argv_split or argv_copy. */
void
argv_free(char **argv)
{
	char	**ap;

	if (argv == NULL)
		return;
	for (ap = argv; *ap != NULL; ap++)
		free(*ap);
	free(argv);
}

/* Copy a NULL-terminated argv. */
char **
argv_copy(char **argv)
{
	char	**copy;
	size_t	  n, i;

	if (argv == NULL)
		return (NULL);
	for (n = 0; argv[n] != NULL; n++)
		/* nothing */;
	copy = xreallocarray(NULL, n + 1, sizeof *copy);
	for (i = 0; i < n; i++)
		copy[i] = xstrdup(argv[i]);
	copy[n] = NULL;
	return (copy);
}

/* Whether a word can be written as it is, without quotes. */
static int
argv_join_plain(const char *s)
{
	if (*s == '\0')
		return (0);
	for (; *s != '\0'; s++) {
		if (strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		    "_@%+=:,./-", *s) == NULL)
			return (0);
	}
	return (1);
}

/*
 * Join an argv into one string. A word that is empty or has anything but
 * plain characters goes in single quotes, and a quote inside becomes '\''.
 */
char *
argv_join(char **argv)
{
	struct argv_word	  w = { NULL, 0, 0 };
	char			**ap;
	const char		 *cp;

	if (argv == NULL)
		return (xstrdup(""));
	for (ap = argv; *ap != NULL; ap++) {
		if (ap != argv)
			argv_split_add(&w, ' ');
		if (argv_join_plain(*ap)) {
			for (cp = *ap; *cp != '\0'; cp++)
				argv_split_add(&w, *cp);
			continue;
		}
		argv_split_add(&w, '\'');
		for (cp = *ap; *cp != '\0'; cp++) {
			if (*cp != '\'') {
				argv_split_add(&w, *cp);
				continue;
			}
			argv_split_add(&w, '\'');
			argv_split_add(&w, '\\');
			argv_split_add(&w, '\'');
			argv_split_add(&w, '\'');
		}
		argv_split_add(&w, '\'');
	}
	return (w.buf != NULL ? w.buf : xstrdup(""));
}
