/*
 * supervisord's expansions in INI values: %(here)s, %(program_name)s,
 * %(group_name)s, %(numprocs)d, %(process_num)d, %(host_node_name)s and
 * %(ENV_NAME)s, with Python's flags and width (%(process_num)02d). Only
 * text in, text out: the caller says which program and instance (if any)
 * the value belongs to.
 */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg-ini.h"
#include "xmalloc.h"

static char	*cfg_ini_expand_value(const char *, char, const char *,
		     const struct cfg_ini_names *, char **);
static int	 cfg_ini_expand_one(const char **, const char *,
		     const struct cfg_ini_names *, struct cfg_ini_buf *,
		     char **);

/* Append n bytes of s to a growing string. */
void
cfg_ini_expand_append(struct cfg_ini_buf *b, const char *s, size_t n)
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

/*
 * The value of one name: names says what the program and the instance
 * are (NULL outside [program:x]); conv is the type, for messages.
 */
static char *
cfg_ini_expand_value(const char *name, char conv, const char *dir,
    const struct cfg_ini_names *names, char **cause)
{
	const char	*env;
	char		 host[256];
	int		 n;

	if (strcmp(name, "here") == 0)
		return (xstrdup(dir));
	if (strcmp(name, "host_node_name") == 0) {
		if (gethostname(host, sizeof host) != 0)
			host[0] = '\0';
		host[sizeof host - 1] = '\0';
		return (xstrdup(host));
	}
	if (strncmp(name, "ENV_", 4) == 0) {
		if ((env = getenv(name + 4)) == NULL) {
			*cause = xstrfmt("%%(%s)%c: %s is not set in the "
			    "environment", name, conv, name + 4);
			return (NULL);
		}
		return (xstrdup(env));
	}
	if (strcmp(name, "program_name") != 0 &&
	    strcmp(name, "group_name") != 0 && strcmp(name, "numprocs") != 0 &&
	    strcmp(name, "process_num") != 0) {
		*cause = xstrfmt("unknown expansion %%(%s)%c (known: here, "
		    "program_name, group_name, host_node_name, numprocs, "
		    "process_num, ENV_name)", name, conv);
		return (NULL);
	}
	if (names == NULL) {
		*cause = xstrfmt("%%(%s)%c can only be used in [program:x] "
		    "sections", name, conv);
		return (NULL);
	}
	if (strcmp(name, "program_name") == 0)
		return (xstrdup(names->program));
	if (strcmp(name, "group_name") == 0)
		return (xstrdup(names->group));
	n = strcmp(name, "numprocs") == 0 ? names->numprocs :
	    names->process_num;
	if (n == -1) {
		*cause = xstrfmt("%%(%s)%c cannot be used in numprocs or "
		    "numprocs_start", name, conv);
		return (NULL);
	}
	return (xstrfmt("%d", n));
}

/*
 * Expand one %(name)X at *sp (just after the '%('), with its flags and
 * width, and append the result to out.
 */
static int
cfg_ini_expand_one(const char **sp, const char *dir,
    const struct cfg_ini_names *names, struct cfg_ini_buf *out, char **cause)
{
	const char	*s = *sp, *close;
	char		*name, *value, conv, fill;
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
		free(name);
		return (-1);
	}
	*sp = s + 1;

	value = cfg_ini_expand_value(name, conv, dir, names, cause);
	if (value != NULL && conv != 's' && (*value == '\0' ||
	    strspn(value, "0123456789") != strlen(value))) {
		*cause = xstrfmt("%%(%s)%c: \"%s\" is not a number", name, conv,
		    value);
		free(value);
		value = NULL;
	}
	free(name);
	if (value == NULL)
		return (-1);

	pad = width - (int)strlen(value);
	fill = (zero && !left && conv != 's') ? '0' : ' ';
	for (; pad > 0 && !left; pad--)
		cfg_ini_expand_append(out, &fill, 1);
	cfg_ini_expand_append(out, value, strlen(value));
	for (; pad > 0; pad--)
		cfg_ini_expand_append(out, &fill, 1);
	free(value);
	return (0);
}

/*
 * Expand supervisord's %(name)s references in a value. "%%" is a '%'; a
 * '%' before anything else is kept as it is.
 */
char *
cfg_ini_expand(const char *value, const char *dir,
    const struct cfg_ini_names *names, char **cause)
{
	struct cfg_ini_buf	 out = { NULL, 0, 0 };
	const char		*s, *next;

	cfg_ini_expand_append(&out, "", 0);
	for (s = value; *s != '\0'; s = next) {
		next = strchr(s, '%');
		if (next == NULL)
			next = s + strlen(s);
		cfg_ini_expand_append(&out, s, next - s);
		if (*next == '\0')
			break;
		if (next[1] == '(') {
			next += 2;
			if (cfg_ini_expand_one(&next, dir, names, &out,
			    cause) != 0) {
				free(out.s);
				return (NULL);
			}
			continue;
		}
		cfg_ini_expand_append(&out, "%", 1);
		next += (next[1] == '%') ? 2 : 1;
	}
	return (out.s);
}

