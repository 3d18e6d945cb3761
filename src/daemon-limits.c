/*
 * What the daemon asks of the system before it starts anything, as
 * supervisord's [supervisord] minfds and minprocs and [unix_http_server]
 * chown: the limits raised (or a clear refusal to start, rather than
 * children failing later for want of descriptors), the socket given to
 * the user who is to use it.
 */

#include <sys/resource.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "taskmaster.h"
#include "xmalloc.h"

static int	daemon_limit(int, u_int, const char *, const char *, char **);
static int	daemon_id(const char *, bool, uid_t *, char **);

/* Raise one limit to at least want. */
static int
daemon_limit(int resource, u_int want, const char *key, const char *what,
    char **cause)
{
	struct rlimit	 rl;
	rlim_t		 was;

	if (getrlimit(resource, &rl) == -1 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= want)
		return (0);
	was = rl.rlim_cur;
	rl.rlim_cur = want;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want)
		rl.rlim_max = want;
	if (setrlimit(resource, &rl) == -1) {
		xasprintf(cause, "%s %u: cannot raise the limit of %s from %llu "
		    "(hard limit %llu): %s; raise the hard limit (ulimit -H, "
		    "LimitNOFILE=, limits.conf) or lower %s", key, want, what,
		    (unsigned long long)was, (unsigned long long)rl.rlim_max,
		    strerror(errno), key);
		return (-1);
	}
	return (0);
}

int
daemon_limits(const struct cfg *cf, char **cause)
{
	if (daemon_limit(RLIMIT_NOFILE, cf->minfds, "minfds", "open files",
	    cause) != 0)
		return (-1);
	return (daemon_limit(RLIMIT_NPROC, cf->minprocs, "minprocs",
	    "processes", cause));
}

/* A user or group by name or number. */
static int
daemon_id(const char *name, bool group, uid_t *id, char **cause)
{
	struct passwd	*pw;
	struct group	*gr;
	char		*end;
	u_long		 n;

	if (group && (gr = getgrnam(name)) != NULL) {
		*id = gr->gr_gid;
		return (0);
	}
	if (!group && (pw = getpwnam(name)) != NULL) {
		*id = pw->pw_uid;
		return (0);
	}
	errno = 0;
	n = strtoul(name, &end, 10);
	if (*name >= '0' && *name <= '9' && *end == '\0' && errno == 0 &&
	    n < (u_long)(uid_t)-1) {
		*id = n;
		return (0);
	}
	xasprintf(cause, "socket_owner: no such %s \"%s\"", group ? "group" :
	    "user", name);
	return (-1);
}

int
daemon_socket_owner(const char *path, const char *owner, char **cause)
{
	char	*user, *group;
	uid_t	 uid, gid = (gid_t)-1;
	int	 rc = -1;

	user = xstrdup(owner);
	if ((group = strchr(user, ':')) != NULL)
		*group++ = '\0';
	if (daemon_id(user, false, &uid, cause) != 0)
		goto out;
	if (group != NULL && *group != '\0' &&
	    daemon_id(group, true, &gid, cause) != 0)
		goto out;
	if (chown(path, uid, gid) == -1) {
		xasprintf(cause, "socket_owner %s: chown %s: %s", owner, path,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(user);
	return (rc);
}
