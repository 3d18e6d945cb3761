/*
 * A program's user and group, resolved when the config is loaded or
 * reloaded: a name or a number (supervisord takes user=1000 too) becomes
 * the uid, gid, supplementary groups and home the program's processes run
 * with. A spawn then looks nothing up: the name service can be slow or
 * gone, and the answer cannot change between a check and a start.
 */

#include <sys/types.h>

#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "xmalloc.h"

/* The most groups a user may have; getgrouplist says how many first. */
#define CFG_USER_MAX_GROUPS	65536

static int	 cfg_user_number(const char *, u_int *);
static void	 cfg_user_unknown(const char *, const char *, const char *,
		     int, char **);
static struct passwd *cfg_user_passwd(const char *, char **);
static struct group *cfg_user_group(const char *, char **);
static int	 cfg_user_groups(struct cfg_program *, const char *, char **);

/* Whether s is a number (of a uid or gid), and which. */
static int
cfg_user_number(const char *s, u_int *n)
{
	char	*cause;

	if (*s < '0' || *s > '9')
		return (0);
	if (cfg_value_uint(s, 0, UINT_MAX - 1, n, &cause) != 0) {
		free(cause);
		return (0);
	}
	return (1);
}

/* Say that no user or group (kind) is called s, or has s as its id. */
static void
cfg_user_unknown(const char *kind, const char *id, const char *s,
    int number, char **cause)
{
	char	*shown;

	if (number) {
		*cause = xstrfmt("no %s with %s %s", kind, id, s);
		return;
	}
	shown = diag_quote(s);
	*cause = xstrfmt("no such %s %s", kind, shown);
	free(shown);
}

/* Look a user up by uid if a number, else (or then) by name. */
static struct passwd *
cfg_user_passwd(const char *user, char **cause)
{
	struct passwd	*pw = NULL;
	u_int		 uid;
	int		 number;

	if ((number = cfg_user_number(user, &uid)))
		pw = getpwuid(uid);
	if (pw == NULL && (pw = getpwnam(user)) == NULL)
		cfg_user_unknown("user", "uid", user, number, cause);
	return (pw);
}

/* Look a group up by gid if a number, else (or then) by name. */
static struct group *
cfg_user_group(const char *group, char **cause)
{
	struct group	*gr = NULL;
	u_int		 gid;
	int		 number;

	if ((number = cfg_user_number(group, &gid)))
		gr = getgrgid(gid);
	if (gr == NULL && (gr = getgrnam(group)) == NULL)
		cfg_user_unknown("group", "gid", group, number, cause);
	return (gr);
}

/*
 * The groups of a user (name) with its primary group p->gid. A failure is
 * an error, never a silently shorter list.
 */
static int
cfg_user_groups(struct cfg_program *p, const char *name, char **cause)
{
	gid_t	*groups;
	int	 n = 32, tries;

	groups = xreallocarray(NULL, n, sizeof *groups);
	for (tries = 0; tries < 2; tries++) {
		if (getgrouplist(name, p->gid, groups, &n) != -1) {
			p->groups = groups;
			p->ngroups = n;
			return (0);
		}
		if (n <= 0 || n > CFG_USER_MAX_GROUPS)
			break;
		groups = xreallocarray(groups, n, sizeof *groups);
	}
	free(groups);
	*cause = xstrfmt("cannot list the groups of user %s", name);
	return (-1);
}

/*
 * Resolve user and group into ids: the user's uid, gid, groups and home;
 * a group replaces the gid and the groups (it is then the only one).
 */
int
cfg_user_resolve(struct cfg_program *p, u_int *key, char **cause)
{
	struct passwd	*pw;
	struct group	*gr;
	char		*name = NULL;

	cfg_user_free(p);
	if (p->user == NULL && p->group == NULL)
		return (0);
	if (p->user != NULL) {
		*key = CFG_KEY_USER;
		if ((pw = cfg_user_passwd(p->user, cause)) == NULL)
			return (-1);
		p->uid = pw->pw_uid;
		p->gid = pw->pw_gid;
		if (pw->pw_dir != NULL && *pw->pw_dir == '/')
			p->home = xstrdup(pw->pw_dir);
		name = xstrdup(pw->pw_name);
	} else {
		p->uid = getuid();
		p->gid = getgid();
	}
	if (p->group != NULL) {
		*key = CFG_KEY_GROUP;
		if ((gr = cfg_user_group(p->group, cause)) == NULL)
			goto fail;
		p->gid = gr->gr_gid;
		p->groups = xmalloc(sizeof *p->groups);
		p->groups[0] = p->gid;
		p->ngroups = 1;
	} else if (cfg_user_groups(p, name, cause) != 0)
		goto fail;
	free(name);
	p->ids = true;
	return (0);

fail:
	free(name);
	cfg_user_free(p);
	return (-1);
}

/* Free what cfg_user_resolve kept. */
void
cfg_user_free(struct cfg_program *p)
{
	free(p->groups);
	p->groups = NULL;
	p->ngroups = 0;
	free(p->home);
	p->home = NULL;
	p->ids = false;
}
