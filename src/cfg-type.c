/*
 * Values by type: how a key's value is set from text, given its default,
 * compared, shown and freed, whichever key it is. The key table
 * (cfg-key.c) says which type a key has and where in struct cfg_program
 * or struct cfg its value lives (off, and off2 for the types kept in two
 * fields); the functions here work on that place, so no reader and no
 * part of the reload plan needs to know one key from another.
 */

#include <sys/types.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "cfg.h"
#include "xmalloc.h"

#define FIELD(base, off, type)	((type *)(void *)((char *)(base) + (off)))
#define CFIELD(base, off, type) \
	((type const *)(const void *)((const char *)(base) + (off)))

static void	 cfg_type_init(const struct cfg_key_entry *, void *);
static void	 cfg_type_free(const struct cfg_key_entry *, void *);
static void	 cfg_type_cmd_path(char **, const char *);
static int	 cfg_type_set_cmd(const struct cfg_key_entry *, void *,
		     const char *, const char *, char **);
static void	 cfg_type_set_output(const struct cfg_key_entry *, void *,
		     const char *, const char *);
static int	 cfg_type_set_number(const struct cfg_key_entry *, void *,
		     const char *, char **);
static int	 cfg_type_env_differ(char **, char **);
static char	*cfg_type_format_duration(u_int);
static char	*cfg_type_format_exitcodes(const uint8_t *);
static char	*cfg_type_format_env(char **);
static char	*cfg_type_format_addrs(char **);

/* Give a value its unset state: what a key without a default has. */
static void
cfg_type_init(const struct cfg_key_entry *e, void *base)
{
	switch (e->type) {
	case CFG_T_UMASK:
		*FIELD(base, e->off, int) = -1;
		break;
	case CFG_T_ENV:
		*FIELD(base, e->off, char **) = xcalloc(1, sizeof (char *));
		break;
	case CFG_T_OUTPUT:
		*FIELD(base, e->off, enum cfg_out) = OUT_SCREEN;
		break;
	default:
		break;
	}
}

/* Free a value, leaving its fields empty. */
static void
cfg_type_free(const struct cfg_key_entry *e, void *base)
{
	switch (e->type) {
	case CFG_T_STRING:
	case CFG_T_PATH:
		free(*FIELD(base, e->off, char *));
		*FIELD(base, e->off, char *) = NULL;
		break;
	case CFG_T_CMD:
		free(*FIELD(base, e->off2, char *));
		*FIELD(base, e->off2, char *) = NULL;
		/* FALLTHROUGH */
	case CFG_T_ENV:
	case CFG_T_ADDRS:
		argv_free(*FIELD(base, e->off, char **));
		*FIELD(base, e->off, char **) = NULL;
		break;
	case CFG_T_OUTPUT:
		free(*FIELD(base, e->off2, char *));
		*FIELD(base, e->off2, char *) = NULL;
		break;
	case CFG_T_ALERTS:
		alert_cfg_free_all(*FIELD(base, e->off, struct cfg_alerts *));
		*FIELD(base, e->off, struct cfg_alerts *) = NULL;
		break;
	default:
		break;
	}
}

/* Give one key its default again. */
void
cfg_type_reset(void *base, u_int key)
{
	const struct cfg_key_entry	*e = cfg_key_entry(key);
	char				*cause;

	if (e == NULL || (e->flags & CFG_KEY_UNSUPPORTED))
		return;
	cfg_type_free(e, base);
	cfg_type_init(e, base);
	if (e->def != NULL && cfg_type_set(base, key, e->def, NULL,
	    &cause) != 0)
		free(cause);	/* the key table's test reads every default */
}

/* Give every key of scope its default. */
void
cfg_type_defaults(void *base, enum cfg_scope scope)
{
	const struct cfg_key_entry	*e;
	u_int				 i;

	for (i = 0; (e = cfg_key_entry(i)) != NULL; i++) {
		if (e->scope == scope)
			cfg_type_reset(base, i);
	}
}

/* Free the values of every key of scope. */
void
cfg_type_free_all(void *base, enum cfg_scope scope)
{
	const struct cfg_key_entry	*e;
	u_int				 i;

	for (i = 0; (e = cfg_key_entry(i)) != NULL; i++) {
		if (e->scope == scope)
			cfg_type_free(e, base);
	}
}

/*
 * A command's program written as a relative path (with a '/') is relative
 * to the config's folder; a bare name is left for PATH.
 */
static void
cfg_type_cmd_path(char **argv, const char *dir)
{
	char	*abs;

	if (*argv[0] != '/' && strchr(argv[0], '/') != NULL) {
		abs = cfg_resolve_path(argv[0], dir);
		free(argv[0]);
		argv[0] = abs;
	}
}

/* Set a command: split the line into argv, keep the line as written. */
static int
cfg_type_set_cmd(const struct cfg_key_entry *e, void *base, const char *value,
    const char *dir, char **cause)
{
	char	**argv;

	if (argv_split(value, NULL, &argv, cause) != 0)
		return (-1);
	if (*argv[0] == '\0') {
		argv_free(argv);
		*cause = xstrdup("the program to run (the first word) is "
		    "empty");
		return (-1);
	}
	cfg_type_cmd_path(argv, dir);
	cfg_type_free(e, base);
	*FIELD(base, e->off, char **) = argv;
	*FIELD(base, e->off2, char *) = xstrdup(value);
	return (0);
}

/* Set an output: discard, stdout (if the key allows it) or a file. */
static void
cfg_type_set_output(const struct cfg_key_entry *e, void *base,
    const char *value, const char *dir)
{
	enum cfg_out	 mode;
	char		*path = NULL;

	if (strcmp(value, "discard") == 0 || strcmp(value, "/dev/null") == 0)
		mode = OUT_DISCARD;
	else if ((e->flags & CFG_KEY_TO_STDOUT) && strcmp(value, "stdout") == 0)
		mode = OUT_STDOUT;
	else {
		mode = OUT_FILE;
		path = cfg_resolve_path(value, dir);
	}
	cfg_type_free(e, base);
	*FIELD(base, e->off, enum cfg_out) = mode;
	*FIELD(base, e->off2, char *) = path;
}

/* Set one of the types whose value is a number. */
static int
cfg_type_set_number(const struct cfg_key_entry *e, void *base,
    const char *value, char **cause)
{
	switch (e->type) {
	case CFG_T_BOOL:
		return (cfg_value_bool(value, FIELD(base, e->off, bool),
		    cause));
	case CFG_T_UINT:
		return (cfg_value_uint(value, e->min, e->max,
		    FIELD(base, e->off, u_int), cause));
	case CFG_T_DURATION:
		return (cfg_value_duration(value, e->max,
		    FIELD(base, e->off, u_int), cause));
	case CFG_T_SIZE:
		return (cfg_value_size(value, e->max,
		    FIELD(base, e->off, uint64_t), cause));
	case CFG_T_UMASK:
		return (cfg_value_umask(value, FIELD(base, e->off, int),
		    cause));
	case CFG_T_MODE:
		return (cfg_value_mode(value, FIELD(base, e->off, mode_t),
		    cause));
	case CFG_T_SIGNAL:
		return (signame_parse(value, FIELD(base, e->off, int), cause));
	case CFG_T_ENUM:
		return (cfg_value_choice(value, e->choices, e->wanted,
		    FIELD(base, e->off, int), cause));
	case CFG_T_TTY_SIZE:
		return (cfg_value_tty_size(value, FIELD(base, e->off, u_int),
		    FIELD(base, e->off2, u_int), cause));
	default:
		*cause = xstrfmt("expected %s", e->wanted);
		return (-1);
	}
}

/*
 * Set key of a program or config from text, the same way for every config
 * format. A value that is not valid leaves base as it was.
 */
int
cfg_type_set(void *base, u_int key, const char *value, const char *dir,
    char **cause)
{
	const struct cfg_key_entry	*e = cfg_key_entry(key);
	uint8_t				 map[32];
	char				**env;

	if (*value == '\0' && e->type != CFG_T_ENV) {
		/* An empty environment is one without variables. */
		*cause = xstrfmt("expected %s, got an empty value", e->wanted);
		return (-1);
	}
	switch (e->type) {
	case CFG_T_NONE:
		return (0);
	case CFG_T_STRING:
	case CFG_T_PATH:
		cfg_type_free(e, base);
		*FIELD(base, e->off, char *) = e->type == CFG_T_PATH ?
		    cfg_resolve_path(value, dir) : xstrdup(value);
		return (0);
	case CFG_T_CMD:
		return (cfg_type_set_cmd(e, base, value, dir, cause));
	case CFG_T_ENV:
		if (cfg_value_env(value, &env, cause) != 0)
			return (-1);
		cfg_type_free(e, base);
		*FIELD(base, e->off, char **) = env;
		return (0);
	case CFG_T_EXITCODES:
		if (cfg_value_exitcodes(value, map, cause) != 0)
			return (-1);
		memcpy(FIELD(base, e->off, uint8_t), map, sizeof map);
		return (0);
	case CFG_T_OUTPUT:
		cfg_type_set_output(e, base, value, dir);
		return (0);
	case CFG_T_ADDRS:
		if (cfg_value_addrs(value, &env, cause) != 0)
			return (-1);
		cfg_type_free(e, base);
		*FIELD(base, e->off, char **) = env;
		return (0);
	default:
		return (cfg_type_set_number(e, base, value, cause));
	}
}

/*
 * Set a key from a list of items: the words of a command, "NAME=value"
 * variables, or exit codes, each already checked by the reader.
 */
int
cfg_type_set_list(void *base, u_int key, char **items, const char *dir,
    char **cause)
{
	const struct cfg_key_entry	*e = cfg_key_entry(key);
	uint8_t				 map[32];
	int				 code;
	u_int				 i;

	switch (e->type) {
	case CFG_T_CMD:
		if (items[0] == NULL || *items[0] == '\0') {
			*cause = xstrdup("the program to run (the first word) "
			    "is empty");
			return (-1);
		}
		cfg_type_free(e, base);
		*FIELD(base, e->off, char **) = argv_copy(items);
		*FIELD(base, e->off2, char *) = argv_join(items);
		cfg_type_cmd_path(*FIELD(base, e->off, char **), dir);
		return (0);
	case CFG_T_ENV:
		cfg_type_free(e, base);
		*FIELD(base, e->off, char **) = argv_copy(items);
		return (0);
	case CFG_T_EXITCODES:
		memset(map, 0, sizeof map);
		for (; *items != NULL; items++) {
			if (cfg_value_exitcode(*items, &code, cause) != 0)
				return (-1);
			map[code / 8] |= 1 << (code % 8);
		}
		memcpy(FIELD(base, e->off, uint8_t), map, sizeof map);
		return (0);
	case CFG_T_ADDRS:
		for (i = 0; items[i] != NULL; i++) {
			if (cfg_value_addr(items[i], cause) != 0)
				return (-1);
		}
		if (i == 0) {
			*cause = xstrdup("expected HOST:PORT such as "
			    "127.0.0.1:9001, got an empty list");
			return (-1);
		}
		cfg_type_free(e, base);
		*FIELD(base, e->off, char **) = argv_copy(items);
		return (0);
	default:
		*cause = xstrfmt("expected %s, got a list", e->wanted);
		return (-1);
	}
}

int
cfg_str_differ(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != b);
	return (strcmp(a, b) != 0);
}

int
cfg_list_differ(char **a, char **b)
{
	if (a == NULL || b == NULL)
		return (a != b);
	for (; *a != NULL && *b != NULL; a++, b++) {
		if (strcmp(*a, *b) != 0)
			return (1);
	}
	return (*a != *b);
}

/* Whether two environments differ, whatever order they are written in. */
static int
cfg_type_env_differ(char **a, char **b)
{
	char	**ap, **bp;
	size_t	  na = 0, nb = 0;

	for (ap = a; ap != NULL && *ap != NULL; ap++)
		na++;
	for (bp = b; bp != NULL && *bp != NULL; bp++)
		nb++;
	if (na != nb)
		return (1);
	for (ap = a; ap != NULL && *ap != NULL; ap++) {
		for (bp = b; *bp != NULL; bp++) {
			if (strcmp(*ap, *bp) == 0)
				break;
		}
		if (*bp == NULL)
			return (1);
	}
	return (0);
}

/* Whether key differs between two programs or two configs. */
int
cfg_type_differ(const void *a, const void *b, u_int key)
{
	const struct cfg_key_entry	*e = cfg_key_entry(key);
	size_t				 o = e->off, o2 = e->off2;

	switch (e->type) {
	case CFG_T_NONE:
		return (0);
	case CFG_T_STRING:
	case CFG_T_PATH:
		return (cfg_str_differ(*CFIELD(a, o, char *),
		    *CFIELD(b, o, char *)));
	case CFG_T_BOOL:
		return (*CFIELD(a, o, bool) != *CFIELD(b, o, bool));
	case CFG_T_UINT:
	case CFG_T_DURATION:
		return (*CFIELD(a, o, u_int) != *CFIELD(b, o, u_int));
	case CFG_T_SIZE:
		return (*CFIELD(a, o, uint64_t) != *CFIELD(b, o, uint64_t));
	case CFG_T_UMASK:
	case CFG_T_SIGNAL:
	case CFG_T_ENUM:
		return (*CFIELD(a, o, int) != *CFIELD(b, o, int));
	case CFG_T_MODE:
		return (*CFIELD(a, o, mode_t) != *CFIELD(b, o, mode_t));
	case CFG_T_CMD:
	case CFG_T_ADDRS:
		return (cfg_list_differ(*CFIELD(a, o, char **),
		    *CFIELD(b, o, char **)));
	case CFG_T_ENV:
		return (cfg_type_env_differ(*CFIELD(a, o, char **),
		    *CFIELD(b, o, char **)));
	case CFG_T_EXITCODES:
		return (memcmp(CFIELD(a, o, uint8_t), CFIELD(b, o, uint8_t),
		    32) != 0);
	case CFG_T_OUTPUT:
		if (*CFIELD(a, o, enum cfg_out) != *CFIELD(b, o, enum cfg_out))
			return (1);
		return (*CFIELD(a, o, enum cfg_out) == OUT_FILE &&
		    cfg_str_differ(*CFIELD(a, o2, char *),
		    *CFIELD(b, o2, char *)));
	case CFG_T_TTY_SIZE:
		return (*CFIELD(a, o, u_int) != *CFIELD(b, o, u_int) ||
		    *CFIELD(a, o2, u_int) != *CFIELD(b, o2, u_int));
	case CFG_T_ALERTS:
		return (alert_cfg_differ(*CFIELD(a, o, struct cfg_alerts *),
		    *CFIELD(b, o, struct cfg_alerts *)));
	}
	return (0);
}

/* A duration in milliseconds as seconds: "10", "0.5". */
static char *
cfg_type_format_duration(u_int ms)
{
	char	*s, *end;

	if (ms % 1000 == 0)
		return (xstrfmt("%u", ms / 1000));
	s = xstrfmt("%u.%03u", ms / 1000, ms % 1000);
	end = s + strlen(s);
	while (end[-1] == '0')
		*--end = '\0';
	return (s);
}

/* Exit codes as a comma list: "0,2". */
static char *
cfg_type_format_exitcodes(const uint8_t *map)
{
	char	*s = xstrdup(""), *tmp;
	int	 code;

	for (code = 0; code < 256; code++) {
		if ((map[code / 8] & (1 << (code % 8))) == 0)
			continue;
		tmp = xstrfmt("%s%s%d", s, *s != '\0' ? "," : "", code);
		free(s);
		s = tmp;
	}
	return (s);
}

/*
 * An environment as supervisord writes it, A=1,B="x,y": a value is quoted
 * when it holds a comma or starts or ends with white space or a quote.
 */
static char *
cfg_type_format_env(char **env)
{
	char		*s = xstrdup(""), *tmp;
	const char	*eq, *v, *q;
	size_t		 len;

	for (; env != NULL && *env != NULL; env++) {
		eq = strchr(*env, '=');
		v = eq + 1;
		len = strlen(v);
		q = "";
		if (strchr(v, ',') != NULL || (len > 0 &&
		    (isspace((u_char)*v) || isspace((u_char)v[len - 1]) ||
		    *v == '"' || *v == '\'')))
			q = strchr(v, '"') == NULL ? "\"" : "'";
		tmp = xstrfmt("%s%s%.*s%s%s%s", s, *s != '\0' ? "," : "",
		    (int)(eq - *env + 1), *env, q, v, q);
		free(s);
		s = tmp;
	}
	return (s);
}

/* Addresses as one value: "a:1, b:2". */
static char *
cfg_type_format_addrs(char **list)
{
	char	*s = xstrdup(""), *tmp;

	for (; *list != NULL; list++) {
		tmp = xstrfmt("%s%s%s", s, *s != '\0' ? ", " : "", *list);
		free(s);
		s = tmp;
	}
	return (s);
}

/* The value of key as it would be written, or NULL when unset. */
char *
cfg_type_format(const void *base, u_int key)
{
	const struct cfg_key_entry	*e = cfg_key_entry(key);
	const struct cfg_choice		*c;
	const char			*s;
	size_t				 o = e->off, o2 = e->off2;
	int				 v;

	switch (e->type) {
	case CFG_T_NONE:
		return (NULL);
	case CFG_T_STRING:
	case CFG_T_PATH:
		s = *CFIELD(base, o, char *);
		return (s != NULL ? xstrdup(s) : NULL);
	case CFG_T_BOOL:
		return (xstrdup(*CFIELD(base, o, bool) ? "true" : "false"));
	case CFG_T_UINT:
		return (xstrfmt("%u", *CFIELD(base, o, u_int)));
	case CFG_T_DURATION:
		return (cfg_type_format_duration(*CFIELD(base, o, u_int)));
	case CFG_T_SIZE:
		return (xstrfmt("%llu",
		    (unsigned long long)*CFIELD(base, o, uint64_t)));
	case CFG_T_UMASK:
		v = *CFIELD(base, o, int);
		return (v == -1 ? NULL : xstrfmt("%03o", (u_int)v));
	case CFG_T_MODE:
		return (xstrfmt("%04o", (u_int)*CFIELD(base, o, mode_t)));
	case CFG_T_SIGNAL:
		v = *CFIELD(base, o, int);
		if ((s = signame_name(v)) != NULL)
			return (xstrdup(s));
		return (xstrfmt("%d", v));
	case CFG_T_ENUM:
		v = *CFIELD(base, o, int);
		for (c = e->choices; c->name != NULL; c++) {
			if (c->value == v)
				return (xstrdup(c->name));
		}
		return (xstrfmt("%d", v));
	case CFG_T_CMD:
		s = *CFIELD(base, o2, char *);
		return (s != NULL ? xstrdup(s) : NULL);
	case CFG_T_ENV:
		return (cfg_type_format_env(*CFIELD(base, o, char **)));
	case CFG_T_EXITCODES:
		return (cfg_type_format_exitcodes(CFIELD(base, o, uint8_t)));
	case CFG_T_OUTPUT:
		switch (*CFIELD(base, o, enum cfg_out)) {
		case OUT_SCREEN:
			return (NULL);
		case OUT_DISCARD:
			return (xstrdup("discard"));
		case OUT_STDOUT:
			return (xstrdup("stdout"));
		case OUT_FILE:
			return (xstrdup(*CFIELD(base, o2, char *)));
		}
		return (NULL);
	case CFG_T_TTY_SIZE:
		return (xstrfmt("%ux%u", *CFIELD(base, o, u_int),
		    *CFIELD(base, o2, u_int)));
	case CFG_T_ADDRS:
		if (*CFIELD(base, o, char **) == NULL)
			return (NULL);
		return (cfg_type_format_addrs(*CFIELD(base, o, char **)));
	case CFG_T_ALERTS:
		return (NULL);	/* a mapping: the alerts command shows it */
	}
	return (NULL);
}

/* The file a key names: a path, or an output going to a file; or NULL. */
const char *
cfg_type_file(const void *base, u_int key)
{
	const struct cfg_key_entry	*e = cfg_key_entry(key);

	switch (e->type) {
	case CFG_T_PATH:
		return (*CFIELD(base, e->off, char *));
	case CFG_T_OUTPUT:
		if (*CFIELD(base, e->off, enum cfg_out) != OUT_FILE)
			return (NULL);
		return (*CFIELD(base, e->off2, char *));
	default:
		return (NULL);
	}
}
