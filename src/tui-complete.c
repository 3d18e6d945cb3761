/*
 * Tab completion for the command line. The first word is a command, taken
 * from the command table so a new command completes without a change here;
 * what follows is what the table says the command's arguments are:
 * process and program names (and "all"), a signal name, a command name
 * for help, or one of its options.
 *
 * Words are separated by white space only: names cannot hold spaces, so
 * quoting is not worth understanding here. The word completed is the part
 * of a word before the cursor; what follows the cursor is left alone.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg.h"
#include "cmd.h"
#include "prompt.h"
#include "xmalloc.h"

/* A word of the line: where it is and how long. */
struct complete_word {
	size_t	 start;
	size_t	 len;
};

/* Candidates being gathered. */
struct complete_list {
	char		**v;
	size_t		  n;
	const char	 *word;		/* what they must start with */
	size_t		  wordlen;
	bool		  icase;	/* signals: "term" finds TERM */
};

static bool	complete_space(char);
static void	complete_add(struct complete_list *, const char *,
		    const char *);
static int	complete_cmp(const char *, const char *);
static int	complete_sort_cb(const void *, const void *);
static void	complete_commands(struct complete_list *);
static void	complete_signals(struct complete_list *);
static void	complete_names(struct complete_list *, const char *const *,
		    bool);
static bool	complete_used(const char *, const struct complete_word *,
		    size_t, const char *);
static void	complete_options(struct complete_list *,
		    const struct cmd_entry *, const char *,
		    const struct complete_word *, size_t);
static void	complete_arguments(struct complete_list *, const char *,
		    const struct complete_word *, size_t,
		    const char *const *);

/* Whether a byte separates words. */
static bool
complete_space(char c)
{
	return (c == ' ' || c == '\t');
}

/* Add prefix + s if it starts with the word being completed. */
static void
complete_add(struct complete_list *cl, const char *prefix, const char *s)
{
	char	*cand;
	int	 differ;

	cand = xstrfmt("%s%s", prefix, s);
	if (cl->icase)
		differ = strncasecmp(cand, cl->word, cl->wordlen);
	else
		differ = strncmp(cand, cl->word, cl->wordlen);
	if (differ != 0) {
		free(cand);
		return;
	}
	cl->v = xreallocarray(cl->v, cl->n + 1, sizeof *cl->v);
	cl->v[cl->n++] = cand;
}

/*
 * Compare so that numbers within names sort by value: web:2 before web:10.
 * Equal values written differently ("01", "1") fall back to strcmp, so the
 * order is total and duplicates end up next to each other.
 */
static int
complete_cmp(const char *a, const char *b)
{
	const char	*sa = a, *sb = b, *ea, *eb;
	size_t		 la, lb;
	int		 c;

	while (*a != '\0' && *b != '\0') {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			while (*a == '0' && a[1] >= '0' && a[1] <= '9')
				a++;
			while (*b == '0' && b[1] >= '0' && b[1] <= '9')
				b++;
			for (ea = a; *ea >= '0' && *ea <= '9'; ea++)
				/* nothing */;
			for (eb = b; *eb >= '0' && *eb <= '9'; eb++)
				/* nothing */;
			la = ea - a;
			lb = eb - b;
			if (la != lb)
				return (la < lb ? -1 : 1);
			if ((c = strncmp(a, b, la)) != 0)
				return (c);
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return ((unsigned char)*a < (unsigned char)*b ? -1 : 1);
		a++;
		b++;
	}
	if (*a != *b)
		return (*a == '\0' ? -1 : 1);
	return (strcmp(sa, sb));
}

/* qsort callback for complete_cmp. */
static int
complete_sort_cb(const void *a, const void *b)
{
	return (complete_cmp(*(char *const *)a, *(char *const *)b));
}

/* Every command name and alias. */
static void
complete_commands(struct complete_list *cl)
{
	const struct cmd_entry	*ce;
	const char *const	*alias;

	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (ce->flags & CMD_HIDDEN)
			continue;
		complete_add(cl, "", ce->name);
		for (alias = ce->aliases; *alias != NULL; alias++)
			complete_add(cl, "", *alias);
	}
}

/*
 * Every signal name the system has, from the table signame_parse reads,
 * with "SIG" in front once the word starts so.
 */
static void
complete_signals(struct complete_list *cl)
{
	const char	*name, *prefix = "";
	int		 sig;

	if (cl->wordlen >= 3 && strncasecmp(cl->word, "SIG", 3) == 0)
		prefix = "SIG";
	cl->icase = true;
	for (sig = 1; sig < 65; sig++) {
		if ((name = signame_name(sig)) != NULL)
			complete_add(cl, prefix, name);
	}
}

/* The caller's process and program names, and "all" if it may be. */
static void
complete_names(struct complete_list *cl, const char *const *names, bool all)
{
	if (all)
		complete_add(cl, "", "all");
	for (; names != NULL && *names != NULL; names++)
		complete_add(cl, "", *names);
}

/* Whether option is one of the words already typed after the command. */
static bool
complete_used(const char *line, const struct complete_word *w, size_t nw,
    const char *option)
{
	size_t	i;

	for (i = 1; i < nw; i++) {
		if (w[i].len == strlen(option) &&
		    strncmp(line + w[i].start, option, w[i].len) == 0)
			return (true);
	}
	return (false);
}

/* Options of a command that are not on the line yet. */
static void
complete_options(struct complete_list *cl, const struct cmd_entry *ce,
    const char *line, const struct complete_word *w, size_t nw)
{
	const char *const	*o;

	for (o = ce->options; *o != NULL; o++) {
		if (!complete_used(line, w, nw, *o))
			complete_add(cl, "", *o);
	}
}

/* Candidates for an argument, w[0] being the command. */
static void
complete_arguments(struct complete_list *cl, const char *line,
    const struct complete_word *w, size_t nw, const char *const *names)
{
	const struct cmd_entry	*ce;
	enum cmd_arg		 kind;
	char			*command, *cause = NULL;
	size_t			 i, arg = 0;

	/* The same lookup as running it: "sig" and aliases count. */
	command = xstrndup(line + w[0].start, w[0].len);
	ce = cmd_find(command, &cause);
	free(command);
	free(cause);
	if (ce == NULL)
		return;

	/* Count the arguments before this one, skipping options. */
	for (i = 1; i < nw; i++) {
		if (ce->options[0] != NULL && line[w[i].start] == '-') {
			if (ce->takes_value != NULL &&
			    w[i].len == strlen(ce->takes_value) &&
			    strncmp(line + w[i].start, ce->takes_value,
			    w[i].len) == 0) {
				if (i == nw - 1)
					return;	/* the option's value */
				i++;
			}
			continue;
		}
		arg++;
	}

	/* Options come before the arguments, as getopt wants them. */
	kind = arg == 0 ? ce->first : ce->rest;
	if (ce->options[0] != NULL && arg == 0 &&
	    ((cl->wordlen > 0 && cl->word[0] == '-') || kind == CMD_ARG_NONE)) {
		complete_options(cl, ce, line, w, nw);
		return;
	}
	switch (kind) {
	case CMD_ARG_NONE:
		break;
	case CMD_ARG_COMMAND:
		complete_commands(cl);
		break;
	case CMD_ARG_SIGNAL:
		complete_signals(cl);
		break;
	case CMD_ARG_NAMES:
	case CMD_ARG_ONE:
		complete_names(cl, names, kind == CMD_ARG_NAMES);
		break;
	}
}

size_t
complete_line(const char *line, size_t cursor, const char *const *names,
    struct complete *cp)
{
	struct complete_list	 cl;
	struct complete_word	*w = NULL;
	size_t			 nw = 0, start, i, j, len;

	memset(cp, 0, sizeof *cp);
	memset(&cl, 0, sizeof cl);
	if (cursor > strlen(line))
		cursor = strlen(line);

	start = cursor;
	while (start > 0 && !complete_space(line[start - 1]))
		start--;
	cp->start = start;
	cp->end = cursor;
	cl.word = line + start;
	cl.wordlen = cursor - start;

	for (i = 0; i < start; i = j) {
		while (i < start && complete_space(line[i]))
			i++;
		for (j = i; j < start && !complete_space(line[j]); j++)
			/* nothing */;
		if (j == i)
			break;
		w = xreallocarray(w, nw + 1, sizeof *w);
		w[nw].start = i;
		w[nw].len = j - i;
		nw++;
	}

	if (nw == 0)
		complete_commands(&cl);
	else
		complete_arguments(&cl, line, w, nw, names);
	free(w);
	if (cl.n == 0)
		return (0);

	qsort(cl.v, cl.n, sizeof *cl.v, complete_sort_cb);
	for (i = j = 1; i < cl.n; i++) {
		if (strcmp(cl.v[i], cl.v[j - 1]) == 0)
			free(cl.v[i]);
		else
			cl.v[j++] = cl.v[i];
	}
	cl.n = j;

	/* The longest common prefix, never cutting a UTF-8 sequence. */
	len = strlen(cl.v[0]);
	for (i = 1; i < cl.n; i++) {
		for (j = 0; j < len && cl.v[i][j] == cl.v[0][j]; j++)
			/* nothing */;
		len = j;
	}
	while (len > 0 && (cl.v[0][len] & 0xc0) == 0x80)
		len--;

	cp->insert = xstrndup(cl.v[0], len);
	cp->cands = cl.v;
	cp->ncands = cl.n;
	return (cp->ncands);
}

void
complete_free(struct complete *cp)
{
	size_t	i;

	for (i = 0; i < cp->ncands; i++)
		free(cp->cands[i]);
	free(cp->cands);
	free(cp->insert);
	memset(cp, 0, sizeof *cp);
}
