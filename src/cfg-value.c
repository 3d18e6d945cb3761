/*
 * Values as text: numbers, durations, sizes, booleans, octal modes, exit
 * codes, names. Both readers hand every scalar through these, so the same
 * mistake gives the same message whichever format it is written in. Each
 * parser knows only its text; what a key wants and where its value lives
 * is the key table's business (cfg-key.c, cfg-type.c).
 */

#include <sys/types.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg.h"
#include "xmalloc.h"

/* Numbers above this are only ever "too large": stop counting there. */
#define CFG_VALUE_BIG	10000000000ULL

static int	 cfg_value_number(const char *, unsigned long long *, int *);
static char	*cfg_value_shown(const char *, int);
static int	 cfg_value_octal(const char *, const char *, const char *,
		     int *, char **);
static int	 cfg_value_env_cmp(const void *, const void *);
static int	 cfg_value_env_dups(char **, u_int, char **);
static int	 cfg_value_env_quoted(const char **, const char *, char **,
		     char **);
static void	 cfg_value_env_add(char ***, u_int *, char *, char *);

/*
 * A value as shown after "got": a number as it is written, anything else
 * quoted, so "-2" reads as a number and "abc" as a string.
 */
static char *
cfg_value_shown(const char *s, int number)
{
	if (number)
		return (xstrdup(s));
	return (diag_quote(s));
}

/*
 * Parse an optional minus sign and decimal digits. Returns -1 if s is not
 * that; large values stop at CFG_VALUE_BIG so they cannot overflow.
 */
static int
cfg_value_number(const char *s, unsigned long long *v, int *negative)
{
	*negative = (*s == '-');
	if (*s == '-')
		s++;
	if (*s == '\0')
		return (-1);
	*v = 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (-1);
		if (*v < CFG_VALUE_BIG)
			*v = *v * 10 + (*s - '0');
	}
	return (0);
}

/* Parse an unsigned integer within [min, max]. */
int
cfg_value_uint(const char *s, u_int min, u_int max, u_int *out, char **cause)
{
	unsigned long long	 v;
	int			 negative, number;
	char			*shown;

	number = (cfg_value_number(s, &v, &negative) == 0);
	if (number && negative && v == 0)
		negative = 0;
	if (number && !negative && v >= min && v <= max) {
		*out = v;
		return (0);
	}
	shown = cfg_value_shown(s, number);
	if (number && !negative && v > max)
		*cause = xstrfmt("expected an integer <= %u, got %s", max,
		    shown);
	else
		*cause = xstrfmt("expected an integer >= %u, got %s", min,
		    shown);
	free(shown);
	return (-1);
}

/* Parse one exit code, 0 to 255. */
int
cfg_value_exitcode(const char *s, int *code, char **cause)
{
	unsigned long long	 v;
	int			 negative, number;
	char			*shown;

	number = (cfg_value_number(s, &v, &negative) == 0);
	if (number && (!negative || v == 0) && v <= 255) {
		*code = v;
		return (0);
	}
	shown = cfg_value_shown(s, number);
	*cause = xstrfmt("expected an exit code from 0 to 255, got %s", shown);
	free(shown);
	return (-1);
}

/* Parse exit codes separated by commas into a bitmap. */
int
cfg_value_exitcodes(const char *s, uint8_t *map, char **cause)
{
	char	*copy, *next, *word, *end;
	int	 code, r = 0;

	memset(map, 0, 32);
	copy = next = xstrdup(s);
	while (r == 0 && (word = strsep(&next, ",")) != NULL) {
		word += strspn(word, " \t\n");
		end = word + strlen(word);
		while (end > word && strchr(" \t\n", end[-1]) != NULL)
			*--end = '\0';
		if (*word == '\0' && next == NULL && word != copy)
			break;	/* a trailing comma */
		r = cfg_value_exitcode(word, &code, cause);
		if (r == 0)
			map[code / 8] |= 1 << (code % 8);
	}
	free(copy);
	return (r);
}

/*
 * Parse an octal number up to 0777, with an optional "0o" prefix, for a
 * umask or a mode.
 */
static int
cfg_value_octal(const char *s, const char *what, const char *example,
    int *out, char **cause)
{
	const char	*cp = s;
	char		*shown;
	u_int		 v = 0;
	int		 digit89 = 0;

	if (cp[0] == '0' && (cp[1] == 'o' || cp[1] == 'O'))
		cp += 2;
	if (*cp == '\0')
		goto bad;
	for (; *cp != '\0'; cp++) {
		if (*cp == '8' || *cp == '9')
			digit89 = 1;
		else if (*cp < '0' || *cp > '7')
			goto bad;
		if (v <= 0777)
			v = v * 8 + (*cp - '0');
	}
	if (digit89)
		goto bad;
	if (v > 0777) {
		shown = diag_quote(s);
		*cause = xstrfmt("expected an octal %s from 000 to 777, got %s",
		    what, shown);
		free(shown);
		return (-1);
	}
	*out = v;
	return (0);

bad:
	shown = diag_quote(s);
	*cause = xstrfmt("expected an octal %s such as %s, got %s%s", what,
	    example, shown, digit89 ? " (8 and 9 are not octal digits)" : "");
	free(shown);
	return (-1);
}

/* Parse a umask written in octal ("022", 22, "0o22"). */
int
cfg_value_umask(const char *s, int *out, char **cause)
{
	return (cfg_value_octal(s, "umask", "022", out, cause));
}

/* Parse a file mode written in octal ("0600"). */
int
cfg_value_mode(const char *s, mode_t *out, char **cause)
{
	int	mode;

	if (cfg_value_octal(s, "mode", "0600", &mode, cause) != 0)
		return (-1);
	*out = mode;
	return (0);
}

/*
 * Parse a duration in seconds, an integer or a decimal ("5", "0.5", ".5"),
 * into milliseconds; digits past the third decimal are dropped.
 */
int
cfg_value_duration(const char *s, u_int max, u_int *ms, char **cause)
{
	const char		*cp = s;
	unsigned long long	 whole = 0;
	u_int			 frac = 0, scale = 100, digits = 0;
	int			 negative;
	char			*shown;

	negative = (*cp == '-');
	if (negative)
		cp++;
	for (; *cp >= '0' && *cp <= '9'; cp++, digits++) {
		if (whole < CFG_VALUE_BIG)
			whole = whole * 10 + (*cp - '0');
	}
	if (*cp == '.') {
		for (cp++; *cp >= '0' && *cp <= '9'; cp++, digits++) {
			frac += (*cp - '0') * scale;
			scale /= 10;
		}
	}
	if (*cp != '\0' || digits == 0) {
		shown = diag_quote(s);
		*cause = xstrfmt("expected a number of seconds >= 0 such as 5 "
		    "or 0.5, got %s", shown);
		free(shown);
		return (-1);
	}
	if (negative && (whole != 0 || frac != 0)) {
		*cause = xstrfmt("expected a number of seconds >= 0, got %s",
		    s);
		return (-1);
	}
	if (whole > max || (whole == max && frac != 0)) {
		*cause = xstrfmt("expected a number of seconds <= %u, got %s",
		    max, s);
		return (-1);
	}
	*ms = whole * 1000 + frac;
	return (0);
}

/*
 * Parse a size as supervisord writes one: a number of bytes, or a number
 * followed by KB, MB or GB (any case, powers of 1024), up to max.
 */
int
cfg_value_size(const char *s, uint64_t max, uint64_t *out, char **cause)
{
	static const struct {
		const char	*suffix;
		uint64_t	 scale;
	} units[] = {
		{ "", 1 },
		{ "B", 1 },
		{ "KB", 1024 },
		{ "MB", 1024 * 1024 },
		{ "GB", 1024 * 1024 * 1024 },
	};
	const char		*cp = s;
	uint64_t		 v = 0;
	size_t			 i;
	int			 over = 0;
	char			*shown;

	for (; *cp >= '0' && *cp <= '9'; cp++) {
		if (v > (UINT64_MAX - 9) / 10)
			over = 1;
		else
			v = v * 10 + (*cp - '0');
	}
	for (i = 0; cp != s && i < sizeof units / sizeof units[0]; i++) {
		if (strcasecmp(cp, units[i].suffix) != 0)
			continue;
		if (over || v > max / units[i].scale) {
			shown = diag_quote(s);
			*cause = xstrfmt("expected a size <= %llu bytes, got "
			    "%s", (unsigned long long)max, shown);
			free(shown);
			return (-1);
		}
		*out = v * units[i].scale;
		return (0);
	}
	shown = diag_quote(s);
	*cause = xstrfmt("expected a size such as 50MB, 500KB, 1GB or a "
	    "number of bytes, got %s", shown);
	free(shown);
	return (-1);
}

/* Parse a boolean (true/false, yes/no, on/off, 1/0). */
int
cfg_value_bool(const char *s, bool *out, char **cause)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	char	*shown;
	size_t	 i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return (0);
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return (0);
		}
	}
	shown = diag_quote(s);
	*cause = xstrfmt("expected true or false (or yes/no, on/off), got %s",
	    shown);
	free(shown);
	return (-1);
}

/* Parse one of a list of words, in any case. */
int
cfg_value_choice(const char *s, const struct cfg_choice *choices,
    const char *wanted, int *out, char **cause)
{
	char	*shown;

	for (; choices->name != NULL; choices++) {
		if (strcasecmp(s, choices->name) == 0) {
			*out = choices->value;
			return (0);
		}
	}
	shown = diag_quote(s);
	*cause = xstrfmt("expected %s, got %s", wanted, shown);
	free(shown);
	return (-1);
}

/* Parse a tty_size written as COLSxROWS, each 2 to 1000. */
int
cfg_value_tty_size(const char *s, u_int *cols, u_int *rows, char **cause)
{
	const char		*x;
	char			*left, *shown;
	unsigned long long	 c, r;
	int			 neg, ok;

	x = strpbrk(s, "xX");
	if (x != NULL) {
		left = xstrndup(s, x - s);
		ok = (cfg_value_number(left, &c, &neg) == 0 && !neg &&
		    cfg_value_number(x + 1, &r, &neg) == 0 && !neg);
		free(left);
	} else
		ok = 0;
	shown = diag_quote(s);
	if (!ok) {
		*cause = xstrfmt("expected COLSxROWS such as 80x24, got %s",
		    shown);
		free(shown);
		return (-1);
	}
	if (c < CFG_MIN_TTY || c > CFG_MAX_TTY ||
	    r < CFG_MIN_TTY || r > CFG_MAX_TTY) {
		*cause = xstrfmt("expected COLSxROWS with each from %u to %u, "
		    "got %s", CFG_MIN_TTY, CFG_MAX_TTY, shown);
		free(shown);
		return (-1);
	}
	free(shown);
	*cols = c;
	*rows = r;
	return (0);
}

/*
 * Whether a program name is valid: letters, digits, '-', '_' and '.',
 * starting with a letter, a digit or '_' (so it never looks like an
 * option), and not "all", which commands use for every program.
 */
int
cfg_value_name(const char *name, char **cause)
{
	return (cfg_value_name_of(name, "program", cause));
}

/* Whether the name of a program or an alert (what) is valid. */
int
cfg_value_name_of(const char *name, const char *what, char **cause)
{
	const char	*cp;
	char		*shown;

	if (*name == '\0') {
		*cause = xstrfmt("a %s name cannot be empty", what);
		return (-1);
	}
	if (strlen(name) > CFG_MAX_NAME) {
		*cause = xstrfmt("%s name is too long (at most %u "
		    "characters)", what, CFG_MAX_NAME);
		return (-1);
	}
	if (strcmp(name, "all") == 0) {
		*cause = xstrfmt("\"all\" cannot be a %s name: commands "
		    "use it for every %s", what, what);
		return (-1);
	}
	for (cp = name; *cp != '\0'; cp++) {
		if ((*cp >= 'a' && *cp <= 'z') || (*cp >= 'A' && *cp <= 'Z') ||
		    (*cp >= '0' && *cp <= '9') || *cp == '_')
			continue;
		if ((*cp == '-' || *cp == '.') && cp != name)
			continue;
		shown = diag_quote(name);
		*cause = xstrfmt("invalid %s name %s: use letters, "
		    "digits, '-', '_' and '.', starting with a letter, a digit "
		    "or '_'", what, shown);
		free(shown);
		return (-1);
	}
	return (0);
}

/* Whether an environment variable name is valid. */
int
cfg_value_env_name(const char *name, char **cause)
{
	const char	*cp;
	char		*shown;

	for (cp = name; *cp != '\0'; cp++) {
		if ((*cp >= 'a' && *cp <= 'z') || (*cp >= 'A' && *cp <= 'Z') ||
		    *cp == '_')
			continue;
		if (*cp >= '0' && *cp <= '9' && cp != name)
			continue;
		break;
	}
	if (*name != '\0' && *cp == '\0')
		return (0);
	shown = diag_quote(name);
	*cause = xstrfmt("invalid variable name %s: use letters, digits and "
	    "'_', not starting with a digit", shown);
	free(shown);
	return (-1);
}

/* Order "NAME=value" strings by name. */
static int
cfg_value_env_cmp(const void *a0, const void *b0)
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
cfg_value_env_dups(char **env, u_int n, char **cause)
{
	char	**sorted;
	u_int	  i;
	int	  r = 0;

	if (n < 2)
		return (0);
	sorted = xreallocarray(NULL, n, sizeof *sorted);
	memcpy(sorted, env, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cfg_value_env_cmp);
	for (i = 1; i < n && r == 0; i++) {
		if (cfg_value_env_cmp(&sorted[i - 1], &sorted[i]) == 0) {
			*cause = xstrfmt("duplicate variable \"%.*s\"",
			    (int)strcspn(sorted[i], "="), sorted[i]);
			r = -1;
		}
	}
	free(sorted);
	return (r);
}

/*
 * Read a quoted value at *sp (on its quote) up to its closing quote and
 * the comma or end after it. Returns 1 if something else follows.
 */
static int
cfg_value_env_quoted(const char **sp, const char *name, char **value,
    char **cause)
{
	const char	*s = *sp, *end;
	char		 quote;

	quote = *s++;
	if ((end = strchr(s, quote)) == NULL) {
		*cause = xstrfmt("unterminated %s quote in the value of %s",
		    quote == '"' ? "double" : "single", name);
		return (-1);
	}
	*value = xstrndup(s, end - s);
	for (s = end + 1; isspace((u_char)*s); s++)
		/* nothing */;
	*sp = s;
	if (*s != '\0' && *s != ',') {
		free(*value);
		return (1);
	}
	return (0);
}

/* Add NAME=value to a NULL-terminated list; name and value are freed. */
static void
cfg_value_env_add(char ***envp, u_int *n, char *name, char *value)
{
	*envp = xreallocarray(*envp, *n + 2, sizeof **envp);
	(*envp)[(*n)++] = xstrfmt("%s=%s", name, value);
	(*envp)[*n] = NULL;
	free(value);
	free(name);
}

/*
 * Parse supervisord's environment: NAME=value pairs separated by commas,
 * where a value in quotes may hold commas ( A="1,2",B=x ).
 */
int
cfg_value_env(const char *s, char ***envp, char **cause)
{
	char		**env, *name = NULL, *value, *shown;
	const char	 *start = s, *end;
	u_int		  n = 0;
	int		  r;

	env = xcalloc(1, sizeof *env);
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
		if (cfg_value_env_name(name, cause) != 0)
			goto fail;
		for (s++; *s == ' ' || *s == '\t'; s++)
			/* nothing */;
		if (*s == '"' || *s == '\'') {
			r = cfg_value_env_quoted(&s, name, &value, cause);
			if (r == -1)
				goto fail;
			if (r == 1)
				goto syntax;
		} else {
			start = s;
			while (*s != '\0' && *s != ',')
				s++;
			end = s;
			while (end > start && isspace((u_char)end[-1]))
				end--;
			value = xstrndup(start, end - start);
		}
		cfg_value_env_add(&env, &n, name, value);
		name = NULL;
	}
	if (cfg_value_env_dups(env, n, cause) != 0)
		goto fail;
	*envp = env;
	return (0);

syntax:
	shown = diag_quote(start);
	*cause = xstrfmt("expected NAME=value pairs separated by commas, such "
	    "as A=\"1\",B=2, got %s", shown);
	free(shown);
fail:
	free(name);
	argv_free(env);
	return (-1);
}

/*
 * Whether s is an address to listen on: HOST:PORT, [IPV6]:PORT, or
 * *:PORT or :PORT (every address, as supervisord writes it), the port
 * from 1 to 65535. The host is not looked up here: the daemon does when it listens.
 */
int
cfg_value_addr(const char *s, char **cause)
{
	const char	*colon, *host_end;
	char		*shown;
	u_int		 port;

	if (*s == '[') {
		host_end = strchr(s, ']');
		if (host_end == NULL || host_end[1] != ':' || host_end == s + 1)
			goto bad;
		colon = host_end + 1;
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			goto bad;
		if (memchr(s, ':', colon - s) != NULL)
			goto bad;	/* IPv6 wants brackets */
	}
	if (cfg_value_uint(colon + 1, 1, 65535, &port, cause) != 0) {
		free(*cause);
		goto bad;
	}
	return (0);
bad:
	shown = diag_quote(s);
	*cause = xstrfmt("expected HOST:PORT such as 127.0.0.1:9001, "
	    "[::1]:9001 or *:9001, got %s", shown);
	free(shown);
	return (-1);
}

/* Split addresses written in one value (spaces or commas) into a list. */
int
cfg_value_addrs(const char *s, char ***list, char **cause)
{
	char	**out, *copy, *word, *next;
	u_int	  n = 0;

	copy = next = xstrdup(s);
	out = xcalloc(strlen(s) / 2 + 2, sizeof *out);
	while ((word = strsep(&next, " \t,")) != NULL) {
		if (*word == '\0')
			continue;
		if (cfg_value_addr(word, cause) != 0) {
			argv_free(out);
			free(copy);
			return (-1);
		}
		out[n++] = xstrdup(word);
	}
	free(copy);
	if (n == 0) {
		argv_free(out);
		*cause = xstrdup("expected HOST:PORT such as 127.0.0.1:9001, got "
		    "nothing");
		return (-1);
	}
	*list = out;
	return (0);
}

/* Whether an address only reaches this machine (loopback). */
bool
cfg_value_loopback(const char *s)
{
	return (strncmp(s, "127.", 4) == 0 || strncmp(s, "[::1]:", 6) == 0 ||
	    strncmp(s, "localhost:", 10) == 0);
}
