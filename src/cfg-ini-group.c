/*
 * supervisord's [group:x] sections: programs=a,b puts the processes of
 * those programs in group x, where supervisorctl shows them as x:a (or
 * x:a_00 with a process_name), and where commands find them as x:* and
 * x:a. A program in no group is a group of its own, of its name.
 */

#include <stdlib.h>
#include <string.h>

#include "cfg-ini.h"
#include "xmalloc.h"

static void	 cfg_ini_group(struct cfg_ini *, struct cfg_ini_section *,
		     const char *);
static void	 cfg_ini_group_add(struct cfg_ini *, const char *, char *,
		     u_int, const char *);
static int	 cfg_ini_group_program(struct cfg_ini *, const char *);
static void	 cfg_ini_group_set_priority(struct cfg_ini *,
		     struct cfg_ini_entry *, const char *, int *);

void
cfg_ini_groups(struct cfg_ini *ini)
{
	struct cfg_ini_section	*s;
	u_int			 i;

	for (i = 0; i < ini->nsections; i++) {
		s = &ini->sections[i];
		if (strncmp(s->name, "group:", 6) == 0)
			cfg_ini_group(ini, s, s->name + 6);
	}
}

/* Whether there is a [program:name] section. */
static int
cfg_ini_group_program(struct cfg_ini *ini, const char *name)
{
	u_int	 i;

	for (i = 0; i < ini->nsections; i++) {
		if (strncmp(ini->sections[i].name, "program:", 8) == 0 &&
		    strcmp(ini->sections[i].name + 8, name) == 0)
			return (1);
	}
	return (0);
}

/* One name of programs=, checked. */
static void
cfg_ini_group_add(struct cfg_ini *ini, const char *group, char *program,
    u_int line, const char *where)
{
	const char	*other;

	if (!cfg_ini_group_program(ini, program)) {
		cfg_ini_read_diag(ini, line, where, 0, "no [program:%s] section "
		    "for group %s", program, group);
		return;
	}
	if ((other = cfg_ini_group_of(ini, program)) != NULL) {
		cfg_ini_read_diag(ini, line, where, 1, "program %s is already "
		    "in group %s: it stays there", program, other);
		return;
	}
	ini->members = xreallocarray(ini->members, ini->nmembers + 1,
	    sizeof *ini->members);
	ini->members[ini->nmembers].group = xstrdup(group);
	ini->members[ini->nmembers].program = xstrdup(program);
	ini->members[ini->nmembers].line = line;
	ini->members[ini->nmembers].priority = -1;
	ini->nmembers++;
}

/* A [group:x] section (a repeated one adds its programs). */
static void
cfg_ini_group(struct cfg_ini *ini, struct cfg_ini_section *s,
    const char *group)
{
	struct cfg_ini_entry	*e;
	char			*where, *list, *name, *next, *cause;
	u_int			 i, first = ini->nmembers;
	int			 programs = 0, priority = -1;

	where = xstrfmt("group:%s", group);
	if (cfg_value_name(group, &cause) != 0) {
		cfg_ini_read_diag(ini, s->line, where, 0, "%s", cause);
		free(cause);
		free(where);
		return;
	}
	for (i = 0; i < s->n; i++) {
		e = &ini->entries[s->first + i];
		if (strcmp(e->name, "priority") == 0) {
			cfg_ini_group_set_priority(ini, e, where, &priority);
			continue;
		}
		if (strcmp(e->name, "programs") != 0) {
			cfg_ini_read_diag(ini, e->line, where, 1, "unknown key "
			    "\"%s\" (a group has programs and priority); "
			    "ignored", e->name);
			continue;
		}
		programs = 1;
		list = xstrdup(e->value.s);
		for (name = list; name != NULL; name = next) {
			if ((next = strchr(name, ',')) != NULL)
				*next++ = '\0';
			name += strspn(name, " \t\n");
			name[strcspn(name, " \t\n")] = '\0';
			if (*name != '\0')
				cfg_ini_group_add(ini, group, name, e->line,
				    where);
		}
		free(list);
	}
	if (!programs && !s->dup) {
		cfg_ini_read_diag(ini, s->line, where, 0, "missing required "
		    "key \"programs\"");
	}
	for (i = first; i < ini->nmembers; i++)
		ini->members[i].priority = priority;
	free(where);
}

/*
 * A group's priority, as supervisord's: groups start lowest first and
 * stop highest first, and within a group its programs go by their own.
 */
static void
cfg_ini_group_set_priority(struct cfg_ini *ini, struct cfg_ini_entry *e,
    const char *where, int *priority)
{
	char		*end;
	long		 v;

	v = strtol(e->value.s, &end, 10);
	if (end == e->value.s || *end != '\0' || v < 0 || v > 1000000) {
		cfg_ini_read_diag(ini, e->line, where, 0, "priority: expected "
		    "an integer from 0 to 1000000, got \"%s\"", e->value.s);
		return;
	}
	*priority = (int)v;
}

int
cfg_ini_group_priority(struct cfg_ini *ini, const char *program)
{
	u_int	 i;

	for (i = 0; i < ini->nmembers; i++) {
		if (strcmp(ini->members[i].program, program) == 0)
			return (ini->members[i].priority);
	}
	return (-1);
}

const char *
cfg_ini_group_of(struct cfg_ini *ini, const char *program)
{
	u_int	 i;

	for (i = 0; i < ini->nmembers; i++) {
		if (strcmp(ini->members[i].program, program) == 0)
			return (ini->members[i].group);
	}
	return (NULL);
}

void
cfg_ini_groups_free(struct cfg_ini *ini)
{
	u_int	 i;

	for (i = 0; i < ini->nmembers; i++) {
		free(ini->members[i].group);
		free(ini->members[i].program);
	}
	free(ini->members);
	ini->members = NULL;
	ini->nmembers = 0;
}
