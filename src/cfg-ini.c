/*
 * The supervisord INI reader, so an existing supervisord.conf can be used
 * as it is. cfg-ini-read.c collects the sections and their entries; here
 * each section is applied: a [program:x] entry is a program key under its
 * supervisord name or taskmaster's, a [supervisord] or [unix_http_server]
 * entry a global key whose alias is "section.name". Both are looked up in
 * the key table and set through their type after the %(name)s expansions
 * (cfg-ini-expand.c). What supervisord has and taskmaster does not
 * implement is a warning, never an error, so the file still runs.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg-ini.h"
#include "xmalloc.h"

/* Sections taskmaster ignores, by name or by prefix before ':'. */
static const char *const cfg_ini_ignored_sections[] = {
	"supervisorctl", "rpcinterface", NULL
};
static const char *const cfg_ini_section_names[] = {
	"supervisord", "unix_http_server", "program", "supervisorctl",
	"inet_http_server", "include", "rpcinterface", "group",
	"eventlistener", "fcgi-program", NULL
};

static int	 cfg_ini_listed(const char *, const char *const *);
static void	 cfg_ini_unknown(struct cfg_ini *, struct cfg_ini_entry *,
		     const char *, enum cfg_scope, const char *);
static void	 cfg_ini_ignored(struct cfg_ini *, struct cfg_ini_entry *,
		     const char *, u_int);
static void	 cfg_ini_global(struct cfg_ini *, struct cfg_ini_section *);
static void	 cfg_ini_global_set(struct cfg_ini *, struct cfg_ini_entry *,
		     u_int);
static void	 cfg_ini_dup(struct cfg_ini *, struct cfg_program *,
		     struct cfg_ini_entry *, struct cfg_ini_entry *);
static void	 cfg_ini_program_sort(struct cfg_ini *, struct cfg_program *,
		     struct cfg_ini_section *, struct cfg_ini_entry **);
static void	 cfg_ini_program(struct cfg_ini *, struct cfg_ini_section *,
		     const char *);
static void	 cfg_ini_program_set(struct cfg_ini *, struct cfg_program *,
		     u_int, struct cfg_ini_entry *, const struct cfg_ini_names *);
static void	 cfg_ini_instance(struct cfg_ini *, struct cfg_ini_section *,
		     struct cfg_ini_entry **, const char *, const char *,
		     struct cfg_ini_names *, u_int);
static int	 cfg_ini_per_instance(struct cfg_ini_entry **);
static void	 cfg_ini_unique(struct cfg_ini *);
static void	 cfg_ini_redirect(struct cfg_ini *, struct cfg_program *,
		     struct cfg_ini_entry *);
static void	 cfg_ini_section(struct cfg_ini *, struct cfg_ini_section *);

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

/*
 * Report an unknown key of a section (where is its key path), with a
 * suggestion if a key of scope is close.
 */
static void
cfg_ini_unknown(struct cfg_ini *ini, struct cfg_ini_entry *e,
    const char *where, enum cfg_scope scope, const char *section)
{
	const char	**names;
	char		 *msg;

	names = cfg_key_names(scope, 1, section);
	msg = cfg_key_unknown(e->name, names, 0);
	/* supervisord reads only the keys it knows: so do we, saying so. */
	cfg_ini_read_diag(ini, e->line, where, 1, "%s; ignored", msg);
	free(msg);
	free(names);
}

/* Warn that a key supervisord has is ignored. */
static void
cfg_ini_ignored(struct cfg_ini *ini, struct cfg_ini_entry *e,
    const char *where, u_int key)
{
	char	*msg;

	msg = cfg_key_ignored(key);
	cfg_ini_read_diag(ini, e->line, where, 1, "%s", msg);
	free(msg);
}

/* Set a global key from an entry of [supervisord] or [unix_http_server]. */
static void
cfg_ini_global_set(struct cfg_ini *ini, struct cfg_ini_entry *e, u_int key)
{
	struct cfg		*cf = ini->cf;
	const char		*path = cfg_key_alias(key);
	char			*value, *cause;

	cf->pos[key].line = e->line;
	cf->pos[key].col = 0;
	cf->pos[key].key = path;
	value = cfg_ini_expand(e->value.s, cf->dir, NULL, &cause);
	if (value == NULL ||
	    cfg_type_set(cf, key, value, cf->dir, &cause) != 0) {
		cfg_ini_read_diag(ini, e->line, path, 0, "%s", cause);
		free(cause);
	}
	free(value);
}

/*
 * A section of global keys: [supervisord], [unix_http_server] or
 * [inet_http_server].
 */
static void
cfg_ini_global(struct cfg_ini *ini, struct cfg_ini_section *s)
{
	struct cfg_ini_entry	*e;
	char			*full;
	u_int			 i;
	int			 key;

	if (strcmp(s->name, "inet_http_server") == 0) {
		cfg_ini_read_diag(ini, s->line, NULL, 1, "[inet_http_server] "
		    "is taskmaster's TCP listener: it speaks taskmaster's "
		    "protocol, so use taskmasterctl; supervisorctl and XML-RPC "
		    "clients will not work");
	}
	for (i = 0; i < s->n; i++) {
		e = &ini->entries[s->first + i];
		full = xstrfmt("%s.%s", s->name, e->name);
		key = cfg_key_find(CFG_GLOBAL, full, 1);
		free(full);
		if (key == -1)
			cfg_ini_unknown(ini, e, s->name, CFG_GLOBAL, s->name);
		else if (cfg_key_entry(key)->flags & CFG_KEY_UNSUPPORTED)
			cfg_ini_ignored(ini, e, s->name, key);
		else
			cfg_ini_global_set(ini, e, key);
	}
}

/*
 * Set one key of a program from an entry, after expanding it. An output
 * may be supervisord's AUTO (its own log file; here the default) or NONE.
 */
static void
cfg_ini_program_set(struct cfg_ini *ini, struct cfg_program *p, u_int key,
    struct cfg_ini_entry *e, const struct cfg_ini_names *names)
{
	const struct cfg_key_entry	*ke = cfg_key_entry(key);
	char				*value, *cause, *path;
	int				 r = 0;

	p->pos[key].line = e->line;
	p->pos[key].col = 0;
	p->pos[key].key = ke->name != NULL && strcmp(e->name, ke->name) == 0 ?
	    ke->name : ke->alias;
	path = xstrfmt("%s.%s", p->where, p->pos[key].key);

	value = cfg_ini_expand(e->value.s, ini->cf->dir, names, &cause);
	if (value == NULL)
		r = -1;
	else if (ke->type == CFG_T_OUTPUT && strcasecmp(value, "AUTO") == 0)
		cfg_type_reset(p, key);	/* childlogdir may say (cfg-inherit.c) */
	else if (ke->type == CFG_T_OUTPUT && strcasecmp(value, "NONE") == 0)
		r = cfg_type_set(p, key, "discard", NULL, &cause);
	else
		r = cfg_type_set(p, key, value, ini->cf->dir, &cause);
	/* Not AUTO: what was given, not childlogdir's. */
	if (value != NULL && ke->type == CFG_T_OUTPUT &&
	    strcasecmp(value, "AUTO") != 0)
		p->auto_out &= key == CFG_KEY_STDOUT ? ~1U : ~2U;
	if (r != 0) {
		cfg_ini_read_diag(ini, e->line, path, 0, "%s", cause);
		free(cause);
	}
	free(value);
	free(path);
}

/*
 * redirect_stderr: true sends stderr where stdout goes, whatever
 * stderr_logfile (given as entry) says.
 */
static void
cfg_ini_redirect(struct cfg_ini *ini, struct cfg_program *p,
    struct cfg_ini_entry *stderr_entry)
{
	if (!p->redirect_stderr)
		return;
	cfg_type_set(p, CFG_KEY_STDERR, "stdout", NULL, NULL);
	if (stderr_entry != NULL) {
		cfg_ini_read_diag(ini, stderr_entry->line, p->where, 1,
		    "\"%s\" is ignored because redirect_stderr is true",
		    stderr_entry->name);
	}
}

/*
 * Report a key given twice in a section, under the same name or under
 * its other name (command and cmd).
 */
static void
cfg_ini_dup(struct cfg_ini *ini, struct cfg_program *p,
    struct cfg_ini_entry *e, struct cfg_ini_entry *first)
{
	char	*where = cfg_ini_read_where(ini, first->line, e->line);

	/* supervisord keeps the last one: so do we, saying so. */
	if (strcmp(first->name, e->name) == 0) {
		cfg_ini_read_diag(ini, e->line, p->where, 1, "key \"%s\" given "
		    "again (first on %s): this one is used", e->name, where);
	} else {
		cfg_ini_read_diag(ini, e->line, p->where, 1, "key \"%s\" given "
		    "again (as \"%s\" on %s): this one is used", e->name,
		    first->name, where);
	}
	free(where);
}

/*
 * Sort the entries of a [program:x] section: each key into seen (by its
 * place in the key table), and warnings or errors for the rest.
 */
static void
cfg_ini_program_sort(struct cfg_ini *ini, struct cfg_program *p,
    struct cfg_ini_section *s, struct cfg_ini_entry **seen)
{
	struct cfg_ini_entry	*e;
	u_int			 i;
	int			 key;

	for (i = 0; i < s->n; i++) {
		e = &ini->entries[s->first + i];
		key = cfg_key_find(CFG_PROGRAM, e->name, 1);
		if (key == -1)
			cfg_ini_unknown(ini, e, p->where, CFG_PROGRAM, NULL);
		else if (cfg_key_entry(key)->flags & CFG_KEY_UNSUPPORTED)
			cfg_ini_ignored(ini, e, p->where, key);
		else {
			if (seen[key] != NULL)
				cfg_ini_dup(ini, p, e, seen[key]);
			seen[key] = e;
		}
	}
}

/*
 * A [program:x] section: its instances, numprocs_start to numprocs_start
 * + numprocs - 1, each a program of its own named by process_name, its
 * values expanded for it (%(process_num)02d in a log file's name).
 */
static void
cfg_ini_program(struct cfg_ini *ini, struct cfg_ini_section *s,
    const char *name)
{
	struct cfg_program		 *p;
	struct cfg_ini_entry		**seen;
	struct cfg_ini_names		  names;
	const char			 *group, *pattern;
	const char			 *kind = ini->listener ? "eventlistener" :
					     "program";
	u_int				  i, numprocs, start;
	char				 *cause, *shown;

	p = cfg_program_create(name);
	p->line = s->line;
	free(p->where);
	p->where = xstrfmt("%s:%s", kind, name);
	if (cfg_value_name(name, &cause) != 0) {
		shown = diag_quote(name);
		free(p->where);
		p->where = xstrfmt("%s:%s", kind, shown);
		free(shown);
		cfg_ini_read_diag(ini, s->line, p->where, 0, "%s", cause);
		free(cause);
	}
	seen = xcalloc(cfg_key_count(), sizeof *seen);
	cfg_ini_program_sort(ini, p, s, seen);
	/* The same section again, later: its keys merged in, in order. */
	for (i = 0; i < ini->nsections; i++) {
		if (ini->sections[i].dup &&
		    ini->sections[i].line > s->line &&
		    strcmp(ini->sections[i].name, s->name) == 0)
			cfg_ini_program_sort(ini, p, &ini->sections[i], seen);
	}

	/* How many first: the other values may expand them. */
	if ((group = cfg_ini_group_of(ini, name)) == NULL)
		group = name;
	names.program = name;
	names.group = group;
	names.numprocs = names.process_num = -1;
	if (seen[CFG_KEY_NUMPROCS] != NULL)
		cfg_ini_program_set(ini, p, CFG_KEY_NUMPROCS,
		    seen[CFG_KEY_NUMPROCS], &names);
	if (seen[CFG_KEY_NUMPROCS_START] != NULL)
		cfg_ini_program_set(ini, p, CFG_KEY_NUMPROCS_START,
		    seen[CFG_KEY_NUMPROCS_START], &names);
	numprocs = p->numprocs;
	start = p->numprocs_start;
	/*
	 * Without process_name or %(process_num), one program makes its
	 * instances as in a YAML file (web:0, web:1) and a numprocs change
	 * only starts or stops the extra ones. Else each instance is a
	 * program of its own, named and valued for it.
	 */
	if (!cfg_ini_per_instance(seen)) {
		names.numprocs = numprocs;
		cfg_ini_instance(ini, s, seen, p->where, "%(program_name)s",
		    &names, numprocs);
		cfg_program_free(p);
		free(seen);
		return;
	}
	if (seen[CFG_KEY_PROCESS_NAME] != NULL)
		pattern = seen[CFG_KEY_PROCESS_NAME]->value.s;
	else if (numprocs == 1)
		pattern = "%(program_name)s";
	else if (strcmp(group, name) == 0)
		pattern = "%(process_num)d";
	else
		pattern = "%(program_name)s_%(process_num)d";
	if (numprocs > 1 && strstr(pattern, "%(process_num)") == NULL) {
		/* supervisord's rule: else the instances share one name. */
		cfg_ini_read_diag(ini, seen[CFG_KEY_PROCESS_NAME] != NULL ?
		    seen[CFG_KEY_PROCESS_NAME]->line : s->line, p->where, 0,
		    "%%(process_num) must be in process_name when numprocs is "
		    "more than 1, as in %%(program_name)s_%%(process_num)02d");
		numprocs = 1;
	}
	names.numprocs = numprocs;
	for (i = 0; i < numprocs; i++) {
		/* A value wrong for one instance is said once. */
		ini->quiet = i > 0;
		names.process_num = start + i;
		cfg_ini_instance(ini, s, seen, p->where, pattern, &names, 1);
	}
	ini->quiet = 0;
	cfg_program_free(p);
	free(seen);
}

/* Whether a section names or values its instances one by one. */
static int
cfg_ini_per_instance(struct cfg_ini_entry **seen)
{
	u_int	 key;

	if (seen[CFG_KEY_PROCESS_NAME] != NULL)
		return (1);
	for (key = 0; key < cfg_key_count(); key++) {
		if (seen[key] != NULL &&
		    strstr(seen[key]->value.s, "%(process_num)") != NULL)
			return (1);
	}
	return (0);
}

/*
 * One instance of a [program:x] section as a program of its own, or
 * (numprocs > 1) the program that makes them all.
 */
static void
cfg_ini_instance(struct cfg_ini *ini, struct cfg_ini_section *s,
    struct cfg_ini_entry **seen, const char *where, const char *pattern,
    struct cfg_ini_names *names, u_int numprocs)
{
	const struct cfg_key_entry	*e;
	struct cfg_program		*p;
	struct cfg_ini_entry		*pe = seen[CFG_KEY_PROCESS_NAME];
	char				*pname, *full, *cause;
	u_int				 key;
	int				 quiet;

	if ((pname = cfg_ini_expand(pattern, ini->cf->dir, names,
	    &cause)) == NULL || cfg_value_name(pname, &cause) != 0) {
		cfg_ini_read_diag(ini, pe != NULL ? pe->line : s->line, where,
		    0, "process_name: %s", cause);
		free(cause);
		free(pname);
		return;
	}
	/* supervisorctl's name: the group's, unless the two are one. */
	if (strcmp(names->group, pname) == 0)
		full = xstrdup(pname);
	else
		full = xstrfmt("%s:%s", names->group, pname);
	p = cfg_program_create(full);
	if (strcmp(names->group, pname) != 0)
		p->group_name = xstrdup(names->group);
	p->group_priority = cfg_ini_group_priority(ini, names->program);
	p->line = s->line;
	free(p->where);
	p->where = xstrdup(where);
	/* supervisord's defaults: a stop signals the main process only, */
	/* output files are AUTO. */
	p->stopasgroup = p->killasgroup = false;
	p->auto_out = 3;
	for (key = 0; (e = cfg_key_entry(key)) != NULL; key++) {
		/* How many was said of the section already. */
		quiet = ini->quiet;
		if (key == CFG_KEY_NUMPROCS || key == CFG_KEY_NUMPROCS_START)
			ini->quiet = 1;
		if (seen[key] != NULL && !ini->listener &&
		    (key == CFG_KEY_EVENTS || key == CFG_KEY_BUFFER_SIZE)) {
			/* supervisord reads them in listeners only. */
			cfg_ini_read_diag(ini, seen[key]->line, where, 1,
			    "\"%s\" is a key of [eventlistener:x]; ignored",
			    e->name);
		} else if (seen[key] != NULL)
			cfg_ini_program_set(ini, p, key, seen[key], names);
		ini->quiet = quiet;
		if (e->scope == CFG_PROGRAM && (e->flags & CFG_KEY_REQUIRED) &&
		    seen[key] == NULL) {
			cfg_ini_read_diag(ini, s->line, p->where, 0, "missing "
			    "required key \"%s\"", e->alias != NULL ?
			    e->alias : e->name);
		}
	}
	if (ini->listener && seen[CFG_KEY_EVENTS] == NULL) {
		cfg_ini_read_diag(ini, s->line, p->where, 0, "[%s] needs an "
		    "\"events\" line, as events=PROCESS_STATE_FATAL", s->name);
	}
	if (p->redirect_stderr)
		p->auto_out &= ~2U;
	/* As supervisord: stopasgroup implies killasgroup. */
	if (p->stopasgroup)
		p->killasgroup = true;
	p->numprocs = numprocs;
	if (names->process_num != -1)
		p->numprocs_start = names->process_num;
	cfg_ini_redirect(ini, p, seen[CFG_KEY_STDERR]);
	cfg_add_program(ini->cf, p);
	free(pname);
	free(full);
}

/* Names sorted, to find two instances or programs of one name. */
static int
cfg_ini_unique_cmp(const void *a0, const void *b0)
{
	const struct cfg_program	*a = *(struct cfg_program *const *)a0;
	const struct cfg_program	*b = *(struct cfg_program *const *)b0;

	return (strcmp(a->name, b->name));
}

/* Every process name once. */
static void
cfg_ini_unique(struct cfg_ini *ini)
{
	struct cfg_program	**all, *p;
	u_int			  n = 0, i;

	all = xreallocarray(NULL, ini->cf->nprograms + 1, sizeof *all);
	TAILQ_FOREACH(p, &ini->cf->programs, entry)
		all[n++] = p;
	qsort(all, n, sizeof *all, cfg_ini_unique_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(all[i - 1]->name, all[i]->name) == 0) {
			cfg_ini_read_diag(ini, all[i]->line, all[i]->where, 0,
			    "process %s is also made by [%s] (line %u): each "
			    "process needs a name of its own (process_name)",
			    all[i]->name, all[i - 1]->where,
			    CFG_PLACE_LINE(all[i - 1]->line));
		}
	}
	free(all);
}

/* Apply one section. */
static void
cfg_ini_section(struct cfg_ini *ini, struct cfg_ini_section *s)
{
	const char	*colon, *near, **names;
	char		*prefix;
	int		 global;

	/* A program given again is merged by its first section. */
	if (s->dup && (strncmp(s->name, "program:", 8) == 0 ||
	    strncmp(s->name, "eventlistener:", 14) == 0))
		return;
	if (strncmp(s->name, "program:", 8) == 0) {
		cfg_ini_program(ini, s, s->name + 8);
		return;
	}
	if (strncmp(s->name, "eventlistener:", 14) == 0) {
		ini->listener = 1;
		cfg_ini_program(ini, s, s->name + 14);
		ini->listener = 0;
		return;
	}
	names = cfg_key_names(CFG_GLOBAL, 1, s->name);
	global = (names[0] != NULL);
	free(names);
	if (global) {
		cfg_ini_global(ini, s);
		return;
	}

	colon = strchr(s->name, ':');
	prefix = colon != NULL ? xstrndup(s->name, colon - s->name) :
	    xstrdup(s->name);
	if (strcmp(prefix, "include") == 0 || strcmp(prefix, "group") == 0) {
		;	/* read before (cfg-ini-read.c, cfg-ini-group.c) */
	} else if (strcmp(prefix, "fcgi-program") == 0) {
		/* Running it without its socket would only fail later. */
		cfg_ini_read_diag(ini, s->line, NULL, 0, "[%s] is not "
		    "supported: taskmaster does not create the socket a "
		    "FastCGI program inherits as its standard input; give the "
		    "program a socket of its own (most can listen themselves) "
		    "and make it a [program:x]", s->name);
	} else if (cfg_ini_listed(prefix, cfg_ini_ignored_sections)) {
		cfg_ini_read_diag(ini, s->line, NULL, 1, "ignored: taskmaster "
		    "does not implement [%s]", s->name);
	} else if ((near = cfg_key_suggest(prefix,
	    cfg_ini_section_names)) != NULL) {
		/* supervisord reads only the sections it knows. */
		cfg_ini_read_diag(ini, s->line, NULL, 1, "unknown section [%s] "
		    "(did you mean [%s%s]?); ignored", s->name, near,
		    colon != NULL ? colon : "");
	} else {
		cfg_ini_read_diag(ini, s->line, NULL, 1, "unknown section [%s]; "
		    "ignored", s->name);
	}
	free(prefix);
}

/* Parse a supervisord INI config into cf. */
int
cfg_ini_parse(struct cfg *cf, FILE *f, struct diag_list *dl)
{
	struct cfg_ini	 ini;
	u_int		 i;
	int		 r;

	memset(&ini, 0, sizeof ini);
	ini.cf = cf;
	ini.dl = dl;
	ini.f = f;

	if ((r = cfg_ini_read(&ini)) == 0) {
		cfg_ini_groups(&ini);
		for (i = 0; i < ini.nsections; i++)
			cfg_ini_section(&ini, &ini.sections[i]);
		cfg_ini_unique(&ini);
	}
	cfg_ini_groups_free(&ini);
	cfg_ini_read_free(&ini);
	return (r);
}
