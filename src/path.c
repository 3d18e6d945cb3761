/*
 * Configured paths (output files, the event log, the pidfile, the socket)
 * opened so that no other user can choose what taskmaster writes to or
 * removes. taskmaster often runs as root and writes where it is told: a
 * user who can write a folder on the way could plant a symbolic link
 * (append a child's output to /etc/shadow), a hard link, a FIFO (open
 * blocks), or swap a folder for a link elsewhere (create a file in
 * /etc/cron.d).
 *
 * The rule. A folder "others can write" belongs to a user other than root
 * and taskmaster's own, or is writable by a group other than theirs, or
 * by everyone.
 * - The path is walked from / one folder at a time, never following a
 *   symbolic link in a folder others can write; a link in a folder only
 *   root or taskmaster can change (/var/run -> /run) is followed.
 * - In a folder others can write, the file itself must not be a link and
 *   must be a regular file that taskmaster owns, with one link (or it is
 *   created by taskmaster). Elsewhere anything goes (/dev/null, a tty,
 *   /dev/stdout, which is /proc/self/fd/1).
 * - The socket and the pidfile stand for the daemon: clients and scripts
 *   trust them. In a folder others can write they are refused unless it
 *   is sticky (like /tmp), where no one else can remove or rename them.
 * A file is removed only if it is still the one the daemon made (same
 * device and inode).
 */

#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "path.h"
#include "taskmaster.h"
#include "xmalloc.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC	0x9fa0
#endif

/* Links followed at most on the way, as the kernel's 40. */
#define PATH_MAX_LINKS	40

/* A folder being walked: its fd, its path as walked, who can write it. */
struct path_dir {
	int		 fd;
	char		*name;
	struct stat	 sb;
};

static const char *path_others(const struct stat *, char *, size_t);
static int	path_walk(struct path_dir *, const char *, char **, int *,
		    char **);
static int	path_open_at(struct path_dir *, const char *, int, mode_t,
		    int, struct stat *, int *, char **);
static void	path_dir_set(struct path_dir *, int, char *);

/*
 * Who, other than root and us, can write a folder: NULL if no one, else
 * a few words in buf ("everyone", "uid 1000", "group 33").
 */
static const char *
path_others(const struct stat *sb, char *buf, size_t len)
{
	if (sb->st_mode & S_IWOTH)
		return ("everyone");
	if (sb->st_uid != 0 && sb->st_uid != geteuid()) {
		snprintf(buf, len, "uid %ld, its owner", (long)sb->st_uid);
		return (buf);
	}
	if ((sb->st_mode & S_IWGRP) && sb->st_gid != 0 &&
	    sb->st_gid != getegid()) {
		snprintf(buf, len, "group %ld", (long)sb->st_gid);
		return (buf);
	}
	return (NULL);
}

/* Make d the folder fd, named name (both taken). */
static void
path_dir_set(struct path_dir *d, int fd, char *name)
{
	if (d->fd != -1)
		close(d->fd);
	free(d->name);
	d->fd = fd;
	d->name = name;
	if (fstat(fd, &d->sb) == -1)
		memset(&d->sb, 0, sizeof d->sb);
}

/*
 * Walk path from the folder d down to the folder holding its last
 * component, which *base gets (a new string). d follows along. Returns 0,
 * or -1 with cause.
 */
static int
path_walk(struct path_dir *d, const char *path, char **base, int *links,
    char **cause)
{
	struct stat	 sb;
	char		*rest, *c, *slash, *next, target[PATH_MAX], who[64];
	const char	*others;
	ssize_t		 n;
	int		 fd;

	*base = NULL;
	if (*path == '/')
		path_dir_set(d, open("/", O_PATH|O_DIRECTORY|O_CLOEXEC),
		    xstrdup("/"));
	if (d->fd == -1) {
		xasprintf(cause, "open /: %s", strerror(errno));
		return (-1);
	}
	rest = xstrdup(path);
	c = rest;
	for (;;) {
		while (*c == '/')
			c++;
		if ((slash = strchr(c, '/')) == NULL) {
			if (*c == '\0')
				break;
			*base = xstrdup(c);
			free(rest);
			return (0);
		}
		*slash = '\0';
		next = slash + 1;
		while (*next == '/')
			next++;
		if (*next == '\0') {
			/* "dir/": a folder where a file was wanted. */
			break;
		}
		if (strcmp(c, ".") == 0) {
			c = next;
			continue;
		}
		fd = openat(d->fd, c, O_PATH|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC);
		if (fd != -1) {
			path_dir_set(d, fd, xstrfmt("%s%s%s", d->name,
			    strcmp(d->name, "/") == 0 ? "" : "/", c));
			c = next;
			continue;
		}
		if ((errno != ENOTDIR && errno != ELOOP) ||
		    fstatat(d->fd, c, &sb, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISLNK(sb.st_mode)) {
			xasprintf(cause, "open %s: %s", path,
			    strerror(errno == ELOOP ? ENOTDIR : errno));
			free(rest);
			return (-1);
		}
		/* A link to a folder: followed only if it is trusted. */
		if ((others = path_others(&d->sb, who, sizeof who)) != NULL) {
			xasprintf(cause, "%s/%s is a symbolic link in a folder "
			    "%s can write: not followed", d->name, c, others);
			free(rest);
			return (-1);
		}
		n = readlinkat(d->fd, c, target, sizeof target - 1);
		if (n <= 0 || ++*links > PATH_MAX_LINKS) {
			xasprintf(cause, "%s/%s: %s", d->name, c, n <= 0 ?
			    strerror(errno) : strerror(ELOOP));
			free(rest);
			return (-1);
		}
		target[n] = '\0';
		next = xstrfmt("%s/%s", target, next);
		free(rest);
		rest = c = next;
		if (*target == '/')
			path_dir_set(d, open("/", O_PATH|O_DIRECTORY|O_CLOEXEC),
			    xstrdup("/"));
	}
	xasprintf(cause, "open %s: %s", path, strerror(EISDIR));
	free(rest);
	return (-1);
}

/*
 * Open path from the folder d (see path_open); links counts the links
 * followed so far.
 */
static int
path_open_at(struct path_dir *d, const char *path, int flags, mode_t mode,
    int strict, struct stat *out, int *links, char **cause)
{
	struct statfs	 fs;
	struct stat	 sb;
	char		*base, *name, target[PATH_MAX], who[64];
	const char	*others;
	ssize_t		 n;
	int		 fd;

	if (path_walk(d, path, &base, links, cause) != 0)
		return (-1);
	name = xstrfmt("%s%s%s", d->name, strcmp(d->name, "/") == 0 ? "" :
	    "/", base);
	others = path_others(&d->sb, who, sizeof who);
	if (others != NULL && strict && !(d->sb.st_mode & S_ISVTX)) {
		xasprintf(cause, "%s: the folder %s can be written by %s and "
		    "is not sticky: another user could replace the file",
		    name, d->name, others);
		goto fail;
	}
	/* Non-blocking: opening a FIFO must not wait for a reader. */
	fd = openat(d->fd, base, flags|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC, mode);
	if (fd == -1 && errno == ELOOP && others == NULL) {
		/* A link only root or we could have made. */
		if (fstatfs(d->fd, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC) {
			/* /proc/self/fd/1: the file itself, not a path. */
			fd = openat(d->fd, base, flags|O_NONBLOCK|O_CLOEXEC,
			    mode);
		} else {
			n = readlinkat(d->fd, base, target, sizeof target - 1);
			if (n <= 0 || ++*links > PATH_MAX_LINKS) {
				xasprintf(cause, "%s: %s", name, n <= 0 ?
				    strerror(errno) : strerror(ELOOP));
				goto fail;
			}
			target[n] = '\0';
			free(name);
			free(base);
			return (path_open_at(d, target, flags, mode, strict,
			    out, links, cause));
		}
	}
	if (fd == -1) {
		if (errno == ELOOP && others != NULL)
			xasprintf(cause, "%s is a symbolic link in a folder %s "
			    "can write: not followed", name, others);
		else if (errno == ENXIO)
			xasprintf(cause, "open %s: a FIFO nobody reads", name);
		else
			xasprintf(cause, "open %s: %s", name, strerror(errno));
		goto fail;
	}
	if (fstat(fd, &sb) == -1) {
		xasprintf(cause, "%s: %s", name, strerror(errno));
		close(fd);
		goto fail;
	}
	if (others != NULL) {
		if (!S_ISREG(sb.st_mode))
			xasprintf(cause, "%s is not a regular file, in a folder "
			    "%s can write: not used", name, others);
		else if (sb.st_uid != geteuid())
			xasprintf(cause, "%s belongs to uid %ld, in a folder %s "
			    "can write: only a file of taskmaster's own (uid "
			    "%ld) is used there", name, (long)sb.st_uid, others,
			    (long)geteuid());
		else if (sb.st_nlink != 1)
			xasprintf(cause, "%s has %ld hard links, in a folder %s "
			    "can write: not used", name, (long)sb.st_nlink,
			    others);
		if (*cause != NULL) {
			close(fd);
			goto fail;
		}
	}
	/* Writes to a tty or a pipe block as before: only open did not. */
	if (!(flags & O_NONBLOCK))
		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (out != NULL)
		*out = sb;
	free(name);
	free(base);
	return (fd);

fail:
	free(name);
	free(base);
	return (-1);
}

int
path_open(const char *path, int flags, mode_t mode, int strict,
    struct stat *sb, char **cause)
{
	struct path_dir	 d = { -1, NULL, { 0 } };
	int		 fd, links = 0;

	*cause = NULL;
	path_dir_set(&d, open(".", O_PATH|O_DIRECTORY|O_CLOEXEC),
	    xstrdup("."));
	fd = path_open_at(&d, path, flags, mode, strict, sb, &links, cause);
	if (d.fd != -1)
		close(d.fd);
	free(d.name);
	return (fd);
}

int
path_folder(const char *path, char **base, bool *shared, char **cause)
{
	struct path_dir	 d = { -1, NULL, { 0 } };
	char		 who[64];
	const char	*others;
	int		 links = 0;

	*cause = NULL;
	path_dir_set(&d, open(".", O_PATH|O_DIRECTORY|O_CLOEXEC),
	    xstrdup("."));
	if (path_walk(&d, path, base, &links, cause) != 0)
		goto fail;
	others = path_others(&d.sb, who, sizeof who);
	if (others != NULL && !(d.sb.st_mode & S_ISVTX)) {
		xasprintf(cause, "%s: the folder %s can be written by %s and "
		    "is not sticky: another user could replace the socket",
		    path, d.name, others);
		free(*base);
		*base = NULL;
		goto fail;
	}
	*shared = others != NULL;
	free(d.name);
	return (d.fd);

fail:
	if (d.fd != -1)
		close(d.fd);
	free(d.name);
	return (-1);
}

int
path_remove(const char *path, const struct stat *made)
{
	struct stat	 sb;

	if (lstat(path, &sb) == -1)
		return (-1);
	if (sb.st_dev != made->st_dev || sb.st_ino != made->st_ino ||
	    (sb.st_mode & S_IFMT) != (made->st_mode & S_IFMT)) {
		errno = EEXIST;
		return (-1);
	}
	return (unlink(path));
}
